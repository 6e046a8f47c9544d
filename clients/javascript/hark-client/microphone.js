import { ClientCodes, HarkError } from './errors.js';

/**
 * Audio processing the browser applies unless the app asks otherwise. Recognizers are trained on
 * unprocessed speech: automatic gain control pumps levels (Chromium's fake device came out about
 * twice as loud as the file, near clipping) and noise suppression removes parts of words, so both
 * are off; echo cancellation stays on so a page that plays audio does not transcribe itself.
 */
export const DEFAULT_CONSTRAINTS = Object.freeze({ echoCancellation: true, noiseSuppression: false, autoGainControl: false });

/**
 * Opens the microphone and delivers linear16 mono frames at `targetRate`, resampled in an
 * AudioWorklet (capture-worklet.js) off the main thread. The AudioContext runs at the device's
 * own rate, so no browser-side resampling of the stream is relied on (Firefox refuses to connect
 * a stream to a context at another rate).
 *
 * @param {{
 *   targetRate: number,
 *   frameMs: number,
 *   constraints: MediaTrackConstraints,
 *   onFrame: (pcm: Int16Array) => void,
 * }} options
 * @returns {Promise<{stop: () => void, deviceRate: number}>}
 */
export async function openMicrophone({ targetRate, frameMs, constraints, onFrame }) {
  const media = globalThis.navigator?.mediaDevices;
  if (media?.getUserMedia === undefined || globalThis.AudioContext === undefined || globalThis.AudioWorkletNode === undefined) {
    throw new HarkError(ClientCodes.MICROPHONE_UNAVAILABLE,
      'this browser has no getUserMedia, AudioContext or AudioWorklet (a secure context, https or localhost, is needed)');
  }
  /** @type {MediaStream} */
  let stream;
  try {
    stream = await media.getUserMedia({ audio: { channelCount: 1, ...DEFAULT_CONSTRAINTS, ...constraints }, video: false });
  } catch (e) {
    throw new HarkError(ClientCodes.MICROPHONE_UNAVAILABLE, `the microphone could not be opened: ${e instanceof Error ? e.message : e}`, { cause: e });
  }
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(new URL('./capture-worklet.js', import.meta.url));
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'hark-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { targetRate, frameSamples: Math.round(targetRate * frameMs / 1000) },
    });
    let stopped = false;
    node.port.onmessage = (event) => {
      if (!stopped) {
        onFrame(event.data);
      }
    };
    source.connect(node);
    node.connect(context.destination); // pulls the graph; the processor writes silence
    if (context.state === 'suspended') {
      await context.resume();
    }
    return {
      deviceRate: context.sampleRate,
      stop() {
        if (stopped) {
          return;
        }
        stopped = true;
        node.port.postMessage('stop');
        source.disconnect();
        node.disconnect();
        stream.getTracks().forEach((track) => track.stop());
        context.close().catch(() => {});
      },
    };
  } catch (e) {
    stream.getTracks().forEach((track) => track.stop());
    context.close().catch(() => {});
    throw new HarkError(ClientCodes.MICROPHONE_UNAVAILABLE, `audio capture could not start: ${e instanceof Error ? e.message : e}`, { cause: e });
  }
}
