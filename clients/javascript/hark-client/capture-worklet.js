import { StreamingResampler, toInt16 } from './resampler.js';

/**
 * Runs on the audio rendering thread: takes the microphone's 128-sample blocks at the context's
 * rate, mixes them to mono, resamples to the session's rate and posts whole linear16 frames
 * (`frameSamples` long, 20-100 ms) to the main thread, transferring each buffer. It never blocks
 * and allocates only the frames it posts.
 */
class HarkCaptureProcessor extends AudioWorkletProcessor {
  /** @param {{processorOptions: {targetRate: number, frameSamples: number}}} options */
  constructor(options) {
    super();
    const { targetRate, frameSamples } = options.processorOptions;
    // `sampleRate` is the AudioWorkletGlobalScope's: the context's rate
    this.resampler = new StreamingResampler(sampleRate, targetRate);
    this.frameSamples = frameSamples;
    this.frame = new Int16Array(frameSamples);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') {
        this.running = false;
      }
    };
  }

  /** @param {Float32Array[][]} inputs */
  process(inputs) {
    const channels = inputs[0];
    if (!this.running) {
      return false;
    }
    if (channels === undefined || channels.length === 0) {
      return true;
    }
    let mono = channels[0];
    if (channels.length > 1) {
      mono = new Float32Array(mono.length);
      for (const channel of channels) {
        for (let i = 0; i < channel.length; i++) {
          mono[i] += channel[i] / channels.length;
        }
      }
    }
    const pcm = toInt16(this.resampler.process(mono));
    let offset = 0;
    while (offset < pcm.length) {
      const take = Math.min(pcm.length - offset, this.frame.length - this.filled);
      this.frame.set(pcm.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frame.length) {
        this.port.postMessage(this.frame, [this.frame.buffer]); // detaches this.frame: its length is now 0
        this.frame = new Int16Array(this.frameSamples);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('hark-capture', HarkCaptureProcessor);
