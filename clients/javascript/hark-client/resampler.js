/**
 * Streaming sample-rate conversion for capture: a windowed-sinc interpolator whose low-pass
 * follows the lower of the two rates, so downsampling (48 kHz or 44.1 kHz microphones to the
 * 16 kHz the server wants) does not fold the band above 8 kHz back into speech. Positions are
 * kept as exact fractions of the input rate, so any chunking of the input yields the same output
 * as one call, and the output length never drifts over a long session.
 *
 * Runs in the AudioWorklet (capture-worklet.js) and on the main thread (WAV files), so it has no
 * dependencies and allocates only the output and a short history per call.
 */

/** Zero crossings of the sinc on each side: 8 keeps the pass band flat to ~0.9 of Nyquist. */
const ZERO_CROSSINGS = 8;
/** Table resolution per zero crossing; the kernel between entries is interpolated linearly. */
const TABLE_STEPS = 256;
/** Pass band as a fraction of the lower Nyquist frequency: leaves room for the transition band. */
const ROLLOFF = 0.92;

/** @param {number} a @param {number} b */
function gcd(a, b) {
  while (b !== 0) {
    [a, b] = [b, a % b];
  }
  return a;
}

/** sinc(x) * Blackman window over [-ZERO_CROSSINGS, ZERO_CROSSINGS], sampled for x >= 0. */
const KERNEL = (() => {
  const table = new Float64Array(ZERO_CROSSINGS * TABLE_STEPS + 2);
  for (let i = 0; i < table.length; i++) {
    const x = i / TABLE_STEPS;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const w = x >= ZERO_CROSSINGS ? 0 : 0.42 + 0.5 * Math.cos(Math.PI * x / ZERO_CROSSINGS)
      + 0.08 * Math.cos(2 * Math.PI * x / ZERO_CROSSINGS);
    table[i] = sinc * w;
  }
  return table;
})();

/** @param {number} x distance in zero crossings */
function kernel(x) {
  const at = Math.abs(x) * TABLE_STEPS;
  const i = Math.floor(at);
  if (i >= KERNEL.length - 1) {
    return 0;
  }
  const f = at - i;
  return KERNEL[i] * (1 - f) + KERNEL[i + 1] * f;
}

export class StreamingResampler {
  #in;
  #out;
  /** input samples per output sample = #stepNum / #den */
  #stepNum;
  #den;
  /** low-pass cutoff relative to the input rate's Nyquist */
  #cutoff;
  /** input samples either side of an output position that the kernel reaches */
  #reach;
  /** retained input; #history[0] is the oldest sample the next output can still need */
  #history;
  /** position of the next output sample in #history, times #den (exact) */
  #posNum;

  /**
   * @param {number} inputRate Hz, a positive integer
   * @param {number} outputRate Hz, a positive integer
   */
  constructor(inputRate, outputRate) {
    if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
      throw new RangeError(`sample rates must be positive integers: ${inputRate} -> ${outputRate}`);
    }
    this.#in = inputRate;
    this.#out = outputRate;
    const g = gcd(inputRate, outputRate);
    this.#stepNum = inputRate / g;
    this.#den = outputRate / g;
    this.#cutoff = Math.min(1, outputRate / inputRate) * ROLLOFF;
    this.#reach = Math.ceil(ZERO_CROSSINGS / this.#cutoff);
    // the first output sits on the first input sample, with silence before it
    this.#history = new Float32Array(this.#reach);
    this.#posNum = this.#reach * this.#den;
  }

  get inputRate() {
    return this.#in;
  }

  get outputRate() {
    return this.#out;
  }

  /**
   * Converts the next chunk of input; returns the output samples it completes (possibly none).
   * @param {Float32Array} input
   * @returns {Float32Array}
   */
  process(input) {
    if (this.#in === this.#out) {
      return Float32Array.from(input);
    }
    const buf = new Float32Array(this.#history.length + input.length);
    buf.set(this.#history);
    buf.set(input, this.#history.length);
    const den = this.#den;
    const reach = this.#reach;
    const cutoff = this.#cutoff;
    const count = Math.max(0, Math.floor(((buf.length - 1 - reach) * den - this.#posNum) / this.#stepNum) + 1);
    const out = new Float32Array(count);
    let posNum = this.#posNum;
    for (let n = 0; n < count; n++) {
      const pos = posNum / den;
      const first = Math.max(0, Math.ceil(pos - reach));
      const last = Math.min(buf.length - 1, Math.floor(pos + reach));
      let sum = 0;
      for (let i = first; i <= last; i++) {
        sum += buf[i] * kernel((i - pos) * cutoff);
      }
      out[n] = sum * cutoff;
      posNum += this.#stepNum;
    }
    const drop = Math.max(0, Math.min(buf.length, Math.floor(posNum / den) - reach));
    this.#history = buf.slice(drop);
    this.#posNum = posNum - drop * den;
    return out;
  }
}

/**
 * Float samples in [-1, 1] to signed 16-bit (clamped, rounded).
 * @param {Float32Array} samples
 * @returns {Int16Array}
 */
export function toInt16(samples) {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    out[i] = Math.round(s < 0 ? s * 32768 : s * 32767);
  }
  return out;
}

/**
 * Signed 16-bit samples to floats in [-1, 1] (the inverse of {@link toInt16}).
 * @param {Int16Array} samples
 * @returns {Float32Array}
 */
export function toFloat32(samples) {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    out[i] = samples[i] < 0 ? samples[i] / 32768 : samples[i] / 32767;
  }
  return out;
}
