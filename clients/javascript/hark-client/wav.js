/**
 * Reads a 16-bit PCM WAV file (RIFF/WAVE, any rate, any channel count) into mono samples, for
 * apps that stream recordings rather than the microphone (the demo's drop zone).
 */

/**
 * @param {ArrayBuffer} buffer the whole file
 * @returns {{sampleRate: number, samples: Int16Array}} mono (channels averaged)
 */
export function decodeWav(buffer) {
  const view = new DataView(buffer);
  const tag = (at) => String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
  if (buffer.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new TypeError('not a WAV file (no RIFF/WAVE header)');
  }
  /** @type {{format: number, channels: number, sampleRate: number, bits: number} | null} */
  let fmt = null;
  for (let at = 12; at + 8 <= buffer.byteLength;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (fmt === null) {
        throw new TypeError('WAV data before its fmt chunk');
      }
      const pcm = fmt.format === 1 || fmt.format === 0xfffe;
      if (!pcm || fmt.bits !== 16 || fmt.channels < 1) {
        throw new TypeError(`only 16-bit PCM WAV is supported (format ${fmt.format}, ${fmt.bits} bits, ${fmt.channels} channels)`);
      }
      const frames = Math.floor(Math.min(size, buffer.byteLength - body) / (2 * fmt.channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < fmt.channels; c++) {
          sum += view.getInt16(body + (i * fmt.channels + c) * 2, true);
        }
        samples[i] = Math.round(sum / fmt.channels);
      }
      return { sampleRate: fmt.sampleRate, samples };
    }
    at = body + size + (size % 2); // chunks are padded to even sizes
  }
  throw new TypeError('WAV file without a data chunk');
}
