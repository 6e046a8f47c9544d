import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AudioRing } from '../hark-client/audio-ring.js';

const run = (from, count) => Int16Array.from({ length: count }, (_, i) => from + i);

test('reads back any range it still holds, across the wrap-around', () => {
  const ring = new AudioRing(1000, 16000);
  for (let at = 0; at < 2500; at += 320) {
    ring.append(run(at, Math.min(320, 2500 - at)), at);
  }
  assert.equal(ring.end, 2500);
  assert.equal(ring.start, 1500);
  assert.deepEqual(ring.read(1500, 1000), run(1500, 1000));
  assert.deepEqual(ring.read(1990, 20), run(1990, 20));
  assert.deepEqual(ring.read(2400, 500), run(2400, 100), 'clamped to the end');
  assert.deepEqual(ring.read(0, 10), run(1500, 10), 'clamped to the oldest sample held');
});

test('a frame larger than the ring keeps its newest samples', () => {
  const ring = new AudioRing(100, 16000);
  ring.append(run(0, 250), 5);
  assert.deepEqual([ring.start, ring.end], [150, 250]);
  assert.deepEqual(ring.read(150, 100), run(150, 100));
});

test('knows when each held sample was captured', () => {
  const ring = new AudioRing(16000, 16000);
  ring.append(new Int16Array(160), 1000); // samples 0-159, the last captured at 1000 ms
  ring.append(new Int16Array(160), 1010); // samples 160-319
  assert.equal(ring.capturedAt(159), 1000);
  assert.equal(ring.capturedAt(319), 1010);
  assert.equal(ring.capturedAt(160 + 79), 1010 - 80 * 1000 / 16000);
  assert.equal(ring.capturedAt(320), undefined, 'not captured yet');
});

test('forgets capture times of samples it no longer holds', () => {
  const ring = new AudioRing(100, 16000);
  ring.append(new Int16Array(100), 1);
  ring.append(new Int16Array(100), 2);
  assert.equal(ring.capturedAt(50), undefined);
  assert.equal(ring.capturedAt(199), 2);
});
