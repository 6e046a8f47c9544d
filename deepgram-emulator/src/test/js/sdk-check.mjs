// Streams a WAV fixture through the official Deepgram JS SDK (v5) to a Deepgram-compatible
// server and prints one JSON line summarising everything the SDK saw. Used by
// DeepgramSdkCompatibilityIT to check the emulator's wire format against a real client.
//
// usage: node sdk-check.mjs <baseUrl> <apiKey> <wavFile> [timeoutMs]
// exit: 0 after the server closed the socket; 1 on an SDK error; 2 on timeout; 3 on bad usage.

import { readFileSync } from "node:fs";
import { DeepgramClient } from "@deepgram/sdk";

const [baseUrl, apiKey, wavFile, timeoutArg] = process.argv.slice(2);
if (!baseUrl || !apiKey || !wavFile) {
  console.error("usage: node sdk-check.mjs <baseUrl> <apiKey> <wavFile> [timeoutMs]");
  process.exit(3);
}
const timeoutMs = Number(timeoutArg ?? 60000);
const CHUNK_BYTES = 3200; // 100 ms of 16 kHz mono s16le

/** The PCM bytes of a RIFF/WAVE file's "data" chunk. */
function pcmOf(path) {
  const wav = readFileSync(path);
  if (wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") {
    throw new Error(`${path} is not a RIFF/WAVE file`);
  }
  for (let offset = 12; offset + 8 <= wav.length;) {
    const id = wav.toString("ascii", offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === "data") {
      return wav.subarray(offset + 8, offset + 8 + size);
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk`);
}

const summary = { opened: false, closeCode: null, closeReason: null, errors: [], messages: [] };

function finish(exitCode) {
  summary.exitReason = exitCode === 0 ? "closed" : exitCode === 2 ? "timeout" : "error";
  process.stdout.write(JSON.stringify(summary) + "\n", () => process.exit(exitCode));
}

const timer = setTimeout(() => finish(2), timeoutMs);

try {
  const pcm = pcmOf(wavFile);
  const deepgram = new DeepgramClient({ apiKey, baseUrl });
  const conn = await deepgram.listen.v1.connect({
    model: "nova-3",
    encoding: "linear16",
    sample_rate: 16000,
    interim_results: "true",
    keyterm: ["park", "weather"],
    reconnectAttempts: 0,
    connectionTimeoutInSeconds: 10,
  });
  conn.on("message", (message) => summary.messages.push(message));
  conn.on("error", (error) => summary.errors.push(String(error?.message ?? error)));
  conn.on("close", (event) => {
    summary.closeCode = event.code;
    summary.closeReason = event.reason;
    clearTimeout(timer);
    finish(summary.errors.length === 0 ? 0 : 1);
  });
  conn.connect();
  await conn.waitForOpen();
  summary.opened = true;

  for (let offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
    conn.sendMedia(pcm.subarray(offset, Math.min(pcm.length, offset + CHUNK_BYTES)));
  }
  conn.sendKeepAlive({ type: "KeepAlive" });
  conn.sendFinalize({ type: "Finalize" });
  conn.sendCloseStream({ type: "CloseStream" });
} catch (error) {
  clearTimeout(timer);
  summary.errors.push(String(error?.stack ?? error));
  finish(1);
}
