import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamingResampler, toFloat32, toInt16 } from '../hark-client/resampler.js';

function sine(rate, hz, seconds, amplitude = 0.5) {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin(2 * Math.PI * hz * i / rate));
}

function rms(samples) {
  return Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
}

/** Correlation with a sine of `hz` at `rate`: the amplitude of that frequency in `samples`. */
function amplitudeAt(samples, rate, hz) {
  let re = 0;
  let im = 0;
  samples.forEach((s, i) => {
    re += s * Math.cos(2 * Math.PI * hz * i / rate);
    im += s * Math.sin(2 * Math.PI * hz * i / rate);
  });
  return 2 * Math.hypot(re, im) / samples.length;
}

function resampleInChunks(input, inRate, outRate, chunk) {
  const resampler = new StreamingResampler(inRate, outRate);
  const parts = [];
  for (let i = 0; i < input.length; i += chunk) {
    parts.push(resampler.process(input.subarray(i, i + chunk)));
  }
  return Float32Array.from(parts.flatMap((p) => [...p]));
}

for (const inRate of [48000, 44100, 8000]) {
  test(`${inRate} Hz -> 16 kHz keeps a 1 kHz tone at its amplitude and frequency`, () => {
    const out = resampleInChunks(sine(inRate, 1000, 1), inRate, 16000, 128);
    const steady = out.subarray(400, out.length - 400);
    assert.ok(Math.abs(amplitudeAt(steady, 16000, 1000) - 0.5) < 0.01, `amplitude ${amplitudeAt(steady, 16000, 1000)}`);
    assert.ok(Math.abs(rms(steady) - 0.5 / Math.SQRT2) < 0.01, `rms ${rms(steady)}`);
  });
}

test('downsampling removes what is above the new Nyquist frequency instead of folding it into speech', () => {
  const out = resampleInChunks(sine(48000, 12000, 1), 48000, 16000, 128); // would alias to 4 kHz
  assert.ok(rms(out.subarray(400, out.length - 400)) < 0.005, `rms ${rms(out)}`);
});

test('any chunking gives the same output as one call, and the length follows the rate ratio exactly', () => {
  const input = sine(44100, 440, 2);
  const whole = new StreamingResampler(44100, 16000).process(input);
  for (const chunk of [1, 7, 128, 1000]) {
    assert.deepEqual(resampleInChunks(input, 44100, 16000, chunk), whole, `chunk ${chunk}`);
  }
  const expected = Math.round(input.length * 16000 / 44100);
  assert.ok(Math.abs(whole.length - expected) <= 16, `${whole.length} vs ${expected}`); // minus the filter's look-ahead
});

test('over a long stream the output length never drifts from the ratio', () => {
  const resampler = new StreamingResampler(44100, 16000);
  const block = new Float32Array(128);
  let produced = 0;
  const blocks = 44100 * 60 / 128; // a minute of audio
  for (let i = 0; i < blocks; i++) {
    produced += resampler.process(block).length;
  }
  const expected = blocks * 128 * 16000 / 44100;
  assert.ok(Math.abs(produced - expected) <= 16, `${produced} vs ${expected}`);
});

test('equal rates pass samples through unchanged', () => {
  const input = sine(16000, 300, 0.1);
  assert.deepEqual(new StreamingResampler(16000, 16000).process(input), input);
});

test('int16 conversion clamps and round-trips', () => {
  assert.deepEqual(toInt16(Float32Array.from([0, 1, -1, 2, -2, 0.5])), Int16Array.from([0, 32767, -32768, 32767, -32768, 16384]));
  const pcm = Int16Array.from([0, 1000, -1000, 32767, -32768]);
  assert.deepEqual(toInt16(toFloat32(pcm)), Int16Array.from([0, 1000, -1000, 32767, -32768]));
});

test('rates must be positive integers', () => {
  assert.throws(() => new StreamingResampler(0, 16000), RangeError);
  assert.throws(() => new StreamingResampler(44100.5, 16000), RangeError);
});
