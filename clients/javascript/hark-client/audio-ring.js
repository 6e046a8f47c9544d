/**
 * The audio a session may have to send again: a bounded ring of the newest samples, addressed by
 * absolute sample index since the session started, with the time each frame was captured.
 *
 * After a drop the server says how much audio it has (`audio_end_samples`); the client resends
 * from there, including what was captured while it was reconnecting. The bound keeps memory
 * fixed however long the outage: what falls out of it cannot be resent (reported as
 * `AUDIO_LOST`). The capture times let the client tell how long after the end of the speech a
 * final arrived.
 */
export class AudioRing {
  #buffer;
  #sampleRate;
  /** absolute index of the oldest sample still held */
  #start = 0;
  /** absolute index one past the newest sample */
  #end = 0;
  /** @type {{end: number, capturedAt: number}[]} one entry per appended frame, oldest first */
  #frames = [];

  /**
   * @param {number} capacitySamples how many of the newest samples are kept
   * @param {number} sampleRate Hz, for capture times within a frame
   */
  constructor(capacitySamples, sampleRate) {
    if (!Number.isInteger(capacitySamples) || capacitySamples <= 0) {
      throw new RangeError(`ring capacity must be a positive integer: ${capacitySamples}`);
    }
    this.#buffer = new Int16Array(capacitySamples);
    this.#sampleRate = sampleRate;
  }

  /** Absolute index of the oldest sample held. */
  get start() {
    return this.#start;
  }

  /** Absolute index one past the newest sample: how many samples were ever appended. */
  get end() {
    return this.#end;
  }

  /**
   * Appends a copy of `samples`, captured (fully available) at `capturedAt` ms.
   * @param {Int16Array} samples
   * @param {number} capturedAt
   */
  append(samples, capturedAt) {
    const capacity = this.#buffer.length;
    const tail = samples.length > capacity ? samples.subarray(samples.length - capacity) : samples;
    let at = (this.#end + samples.length - tail.length) % capacity;
    const firstPart = Math.min(tail.length, capacity - at);
    this.#buffer.set(tail.subarray(0, firstPart), at);
    this.#buffer.set(tail.subarray(firstPart), 0);
    this.#end += samples.length;
    this.#start = Math.max(this.#start, this.#end - capacity);
    this.#frames.push({ end: this.#end, capturedAt });
    while (this.#frames.length > 0 && this.#frames[0].end <= this.#start) {
      this.#frames.shift();
    }
  }

  /**
   * A copy of up to `max` samples from absolute index `from` (clamped to what is held).
   * @param {number} from
   * @param {number} max
   * @returns {Int16Array}
   */
  read(from, max) {
    const begin = Math.max(from, this.#start);
    const stop = Math.min(this.#end, begin + max);
    const out = new Int16Array(Math.max(0, stop - begin));
    const capacity = this.#buffer.length;
    const at = begin % capacity;
    const firstPart = Math.min(out.length, capacity - at);
    out.set(this.#buffer.subarray(at, at + firstPart));
    out.set(this.#buffer.subarray(0, out.length - firstPart), firstPart);
    return out;
  }

  /**
   * When the sample at absolute index `sample` was captured (ms), or undefined if no longer held.
   * @param {number} sample
   */
  capturedAt(sample) {
    const frame = this.#frames.find((f) => f.end > sample);
    if (frame === undefined || sample < this.#start) {
      return undefined;
    }
    return frame.capturedAt - ((frame.end - 1 - sample) * 1000) / this.#sampleRate;
  }
}
