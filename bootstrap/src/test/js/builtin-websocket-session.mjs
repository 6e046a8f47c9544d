// Streams a WAV fixture to Hark's /v1/stream with the runtime's built-in WebSocket (on Node 22:
// undici's, which offers permessage-deflate and inflates asynchronously) several times in a row,
// and prints one JSON line per session with everything it saw. Used by Node22BuiltInWebSocketIT
// to prove the last finals, session.closed and the Close frame reach such a client (H28).
//
// Each session waits for session.started, sends all audio at once (faster than real time: flow
// control holds it back if needed), sends close_stream and waits for the server to close.
//
// usage: node builtin-websocket-session.mjs <streamUrl> <wavFile> <sessions> [timeoutMs per session]
// exit: 0 once every session ended (each line says how); 3 on bad usage or no built-in WebSocket.

import { readFileSync } from "node:fs";

const [url, wavFile, sessionsArg, timeoutArg] = process.argv.slice(2);
if (!url || !wavFile || !sessionsArg) {
  console.error("usage: node builtin-websocket-session.mjs <streamUrl> <wavFile> <sessions> [timeoutMs]");
  process.exit(3);
}
if (typeof globalThis.WebSocket !== "function") {
  console.error(`node ${process.version} has no built-in WebSocket`);
  process.exit(3);
}
const timeoutMs = Number(timeoutArg ?? 30000);
const FRAME_BYTES = 640; // 20 ms of 16 kHz mono s16le

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

function session(pcm) {
  return new Promise((resolve) => {
    const seen = { extensions: null, types: [], finals: [], errors: [], closeCode: null, wasClean: null,
      timedOut: false };
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      seen.timedOut = true;
      socket.close();
      resolve(seen);
    }, timeoutMs);
    socket.onopen = () => {
      seen.extensions = socket.extensions;
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      seen.types.push(message.type);
      if (message.type === "transcript" && message.is_final) {
        seen.finals.push(message.text);
      }
      if (message.type === "session.started") {
        for (let offset = 0; offset < pcm.length; offset += FRAME_BYTES) {
          socket.send(pcm.subarray(offset, Math.min(pcm.length, offset + FRAME_BYTES)));
        }
        socket.send(JSON.stringify({ type: "close_stream" }));
      }
    };
    socket.onerror = (event) => seen.errors.push(String(event?.message ?? event?.type));
    socket.onclose = (event) => {
      clearTimeout(timer);
      seen.closeCode = event.code;
      seen.wasClean = event.wasClean;
      resolve(seen);
    };
  });
}

const pcm = pcmOf(wavFile);
for (let run = 1; run <= Number(sessionsArg); run++) {
  const seen = await session(pcm);
  process.stdout.write(JSON.stringify({ run, node: process.version, ...seen }) + "\n");
}
process.exit(0);
