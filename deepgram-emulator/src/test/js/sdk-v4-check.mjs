// Streams a WAV fixture through the official Deepgram JS SDK v4 (installed as "deepgram-sdk-v4")
// several times in a row and prints one JSON line per session. SDK v4 uses the runtime's own
// WebSocket when there is one: on Node 22 that is the built-in, undici-based WebSocket, which
// offers permessage-deflate and inflates asynchronously (SDK v5 always uses the "ws" package).
// Used by DeepgramSdkCompatibilityIT to prove the close handshake reaches such clients (H28).
//
// usage: node sdk-v4-check.mjs <baseUrl> <apiKey> <wavFile> <sessions> [timeoutMs per session]
// exit: 0 once every session ended (each line says how); 3 on bad usage.

import { readFileSync } from "node:fs";
import { createClient, LiveTranscriptionEvents } from "deepgram-sdk-v4";

const [baseUrl, apiKey, wavFile, sessionsArg, timeoutArg] = process.argv.slice(2);
if (!baseUrl || !apiKey || !wavFile || !sessionsArg) {
  console.error("usage: node sdk-v4-check.mjs <baseUrl> <apiKey> <wavFile> <sessions> [timeoutMs]");
  process.exit(3);
}
const timeoutMs = Number(timeoutArg ?? 30000);
const CHUNK_BYTES = 3200; // 100 ms of 16 kHz mono s16le

/** The PCM bytes of a RIFF/WAVE file's "data" chunk. */
function pcmOf(path) {
  const wav = readFileSync(path);
  for (let offset = 12; offset + 8 <= wav.length;) {
    const size = wav.readUInt32LE(offset + 4);
    if (wav.toString("ascii", offset, offset + 4) === "data") {
      return wav.subarray(offset + 8, offset + 8 + size);
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk`);
}

/** One live session, faster than real time: audio, Finalize, CloseStream, then wait for the close. */
function session(pcm) {
  return new Promise((resolve) => {
    const seen = { builtInWebSocket: false, extensions: null, types: [], finals: [], errors: [],
      closeCode: null, wasClean: null, timedOut: false };
    const deepgram = createClient(apiKey, { global: { websocket: { options: { url: baseUrl } } } });
    const live = deepgram.listen.live({ model: "nova-3", encoding: "linear16", sample_rate: 16000,
      interim_results: true });
    const timer = setTimeout(() => {
      seen.timedOut = true;
      live.disconnect();
      resolve(seen);
    }, timeoutMs);
    live.on(LiveTranscriptionEvents.Open, () => {
      seen.builtInWebSocket = live.conn instanceof globalThis.WebSocket;
      seen.extensions = live.conn?.extensions ?? null;
      for (let offset = 0; offset < pcm.length; offset += CHUNK_BYTES) {
        live.send(pcm.subarray(offset, Math.min(pcm.length, offset + CHUNK_BYTES)));
      }
      live.finalize();
      live.requestClose();
    });
    live.on(LiveTranscriptionEvents.Transcript, (message) => {
      seen.types.push(message.type);
      if (message.is_final) {
        seen.finals.push(message.channel?.alternatives?.[0]?.transcript ?? "");
      }
    });
    live.on(LiveTranscriptionEvents.Metadata, (message) => seen.types.push(message.type));
    live.on(LiveTranscriptionEvents.Error, (error) => seen.errors.push(String(error?.message ?? error)));
    live.on(LiveTranscriptionEvents.Close, (event) => {
      clearTimeout(timer);
      seen.closeCode = event?.code ?? null;
      seen.wasClean = event?.wasClean ?? null;
      resolve(seen);
    });
  });
}

const pcm = pcmOf(wavFile);
for (let run = 1; run <= Number(sessionsArg); run++) {
  const seen = await session(pcm);
  process.stdout.write(JSON.stringify({ run, node: process.version, ...seen }) + "\n");
}
process.exit(0);
