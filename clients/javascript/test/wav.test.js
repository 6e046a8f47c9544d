import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWav } from '../hark-client/wav.js';

function wav({ sampleRate, channels, frames, extraChunk = false, bits = 16 }) {
  const data = new Int16Array(frames.flat());
  const extra = extraChunk ? 8 + 3 + 1 : 0; // an odd-sized LIST chunk, padded
  const buffer = new ArrayBuffer(44 + extra + data.byteLength);
  const view = new DataView(buffer);
  const put = (at, text) => [...text].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  put(0, 'RIFF');
  view.setUint32(4, buffer.byteLength - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, bits, true);
  let at = 36;
  if (extraChunk) {
    put(at, 'LIST');
    view.setUint32(at + 4, 3, true);
    at += 12;
  }
  put(at, 'data');
  view.setUint32(at + 4, data.byteLength, true);
  new Int16Array(buffer, at + 8, data.length).set(data);
  return buffer;
}

test('reads mono 16-bit PCM', () => {
  const decoded = decodeWav(wav({ sampleRate: 16000, channels: 1, frames: [[1], [-2], [3]] }));
  assert.equal(decoded.sampleRate, 16000);
  assert.deepEqual(decoded.samples, Int16Array.from([1, -2, 3]));
});

test('averages stereo to mono and skips unknown (odd-sized) chunks', () => {
  const decoded = decodeWav(wav({ sampleRate: 44100, channels: 2, frames: [[100, 300], [-10, -30]], extraChunk: true }));
  assert.equal(decoded.sampleRate, 44100);
  assert.deepEqual(decoded.samples, Int16Array.from([200, -20]));
});

test('refuses what it cannot read, with a reason', () => {
  assert.throws(() => decodeWav(new ArrayBuffer(4)), /not a WAV file/);
  assert.throws(() => decodeWav(wav({ sampleRate: 16000, channels: 1, frames: [[1]], bits: 8 })), /only 16-bit PCM/);
});
