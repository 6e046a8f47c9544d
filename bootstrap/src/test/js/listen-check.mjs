// Streams a WAV fixture to a Deepgram-compatible /v1/listen through the official Deepgram JS SDK,
// v5 (DeepgramClient, baseUrl) or v4 (createClient, global.websocket.options.url, on the `ws`
// package), exactly as an app switching to Hark would, and prints one JSON line with everything
// the SDK saw. Used by DeepgramSdkThroughHarkIT.
//
// usage: node listen-check.mjs <v4|v5> <baseUrl> <apiKey> <wavFile> [timeoutMs]
// exit: 0 after the server closed the socket; 1 on an SDK error; 2 on timeout; 3 on bad usage.

import { readFileSync } from "node:fs";

const [sdk, baseUrl, apiKey, wavFile, timeoutArg] = process.argv.slice(2);
if (!["v4", "v5"].includes(sdk) || !baseUrl || !apiKey || !wavFile) {
  console.error("usage: node listen-check.mjs <v4|v5> <baseUrl> <apiKey> <wavFile> [timeoutMs]");
  process.exit(3);
}
const timeoutMs = Number(timeoutArg ?? 60000);
const CHUNK_BYTES = 3200; // 100 ms of 16 kHz mono s16le
const OPTIONS = { model: "nova-3", encoding: "linear16", sample_rate: 16000, channels: 1 };

/** The PCM bytes of a RIFF/WAVE file's "data" chunk. */
function pcmOf(path) {
  const wav = readFileSync(path);
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

const summary = { sdk, transport: null, opened: false, closeCode: null, closeReason: null, errors: [], messages: [] };

function finish(exitCode) {
  summary.exitReason = exitCode === 0 ? "closed" : exitCode === 2 ? "timeout" : "error";
  process.stdout.write(JSON.stringify(summary) + "\n", () => process.exit(exitCode));
}

const timer = setTimeout(() => finish(2), timeoutMs);

function closed(code, reason) {
  summary.closeCode = code;
  summary.closeReason = reason;
  clearTimeout(timer);
  finish(summary.errors.length === 0 ? 0 : 1);
}

async function viaV5(pcm) {
  const { DeepgramClient } = await import("@deepgram/sdk");
  summary.transport = "v5";
  const deepgram = new DeepgramClient({ apiKey, baseUrl });
  const conn = await deepgram.listen.v1.connect({
    ...OPTIONS,
    interim_results: "true",
    vad_events: "true",
    utterance_end_ms: "1000",
    keyterm: ["park", "weather"],
    reconnectAttempts: 0,
    connectionTimeoutInSeconds: 10,
  });
  conn.on("message", (message) => summary.messages.push(message));
  conn.on("error", (error) => summary.errors.push(String(error?.message ?? error)));
  conn.on("close", (event) => closed(event.code, event.reason));
  conn.connect();
  await conn.waitForOpen();
  summary.opened = true;
  for (let offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
    conn.sendMedia(pcm.subarray(offset, Math.min(pcm.length, offset + CHUNK_BYTES)));
  }
  conn.sendKeepAlive({ type: "KeepAlive" });
  conn.sendFinalize({ type: "Finalize" });
  conn.sendCloseStream({ type: "CloseStream" });
}

async function viaV4(pcm) {
  // v4 picks a global WebSocket when one exists (Node >= 22); the `ws` package is the path under test
  delete globalThis.WebSocket;
  const { createClient, LiveTranscriptionEvents } = await import("deepgram-sdk-v4");
  summary.transport = "v4-ws";
  const deepgram = createClient(apiKey, { global: { websocket: { options: { url: baseUrl } } } });
  const conn = deepgram.listen.live({ ...OPTIONS, interim_results: true, vad_events: true, utterance_end_ms: 1000 });
  for (const event of [LiveTranscriptionEvents.Transcript, LiveTranscriptionEvents.Metadata,
      LiveTranscriptionEvents.SpeechStarted, LiveTranscriptionEvents.UtteranceEnd, LiveTranscriptionEvents.Unhandled]) {
    conn.on(event, (message) => summary.messages.push(message));
  }
  conn.on(LiveTranscriptionEvents.Error, (error) => summary.errors.push(String(error?.message ?? error)));
  conn.on(LiveTranscriptionEvents.Close, (event) => closed(event.code, event.reason));
  conn.on(LiveTranscriptionEvents.Open, () => {
    summary.opened = true;
    for (let offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
      conn.send(pcm.subarray(offset, Math.min(pcm.length, offset + CHUNK_BYTES)));
    }
    conn.keepAlive();
    conn.finalize();
    conn.requestClose();
  });
}

try {
  const pcm = pcmOf(wavFile);
  await (sdk === "v5" ? viaV5(pcm) : viaV4(pcm));
} catch (error) {
  clearTimeout(timer);
  summary.errors.push(String(error?.stack ?? error));
  finish(1);
}
