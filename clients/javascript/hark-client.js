/**
 * Hark's browser client: streams microphone (or any linear16) audio to Hark's /v1/stream and
 * reports interim and final transcripts, resuming the session by itself after a network drop.
 * An ES module with no dependencies and no build step; Hark serves it at /hark-client.js.
 * The contract it implements is docs/protocol.md; hark-client.d.ts has the types.
 *
 *   const hark = new HarkClient({ url: 'wss://hark.example/v1/stream', token: fetchHarkToken });
 *   hark.on('final', (t) => console.log(t.text));
 *   await hark.startMicrophone();   // connects (once, however often it is called)
 *   ...
 *   await hark.close();             // the last finals, then session.closed
 */
import { ClientCodes, HarkError } from './hark-client/errors.js';
import { Emitter } from './hark-client/emitter.js';
import { openMicrophone } from './hark-client/microphone.js';
import { defaultEndpoint } from './hark-client/protocol.js';
import { resumePolicy } from './hark-client/resume-policy.js';
import { Session } from './hark-client/session.js';

export { ClientCodes, HarkError } from './hark-client/errors.js';
export { DEFAULT_RESUME_POLICY } from './hark-client/resume-policy.js';
export { StreamingResampler, toFloat32, toInt16 } from './hark-client/resampler.js';
export { decodeWav } from './hark-client/wav.js';

/** @typedef {import('./hark-client.d.ts').HarkClientOptions} HarkClientOptions */
/** @typedef {import('./hark-client.d.ts').ClientState} ClientState */

const DEFAULTS = Object.freeze({
  sampleRate: 16000,
  interimResults: true,
  frameMs: 20,
  bufferSeconds: 30,
  onDraining: /** @type {'finish'} */ ('finish'),
  startTimeoutMs: 10_000,
  closeTimeoutMs: 30_000,
  maxBufferedBytes: 1 << 20,
});

export class HarkClient {
  #emitter = new Emitter();
  /** @type {import('./hark-client/session.js').SessionConfig} */
  #config;
  #frameMs;
  /** @type {Session | null} */
  #session = null;
  /** @type {Promise<{stop: () => void, deviceRate: number}> | null} the open (or opening) microphone */
  #microphone = null;

  /** @param {HarkClientOptions} [options] */
  constructor(options = {}) {
    const o = { ...DEFAULTS, ...options };
    if (!(o.frameMs >= 20 && o.frameMs <= 100)) {
      throw new RangeError(`frameMs must be 20-100: ${o.frameMs}`);
    }
    if (o.onDraining !== 'finish' && o.onDraining !== 'resume') {
      throw new RangeError(`onDraining must be 'finish' or 'resume': ${o.onDraining}`);
    }
    const Socket = /** @type {typeof WebSocket} */ (o.WebSocket ?? globalThis.WebSocket);
    if (Socket === undefined) {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket');
    }
    this.#frameMs = o.frameMs;
    this.#config = {
      endpoint: o.url ?? defaultEndpoint(),
      sampleRate: o.sampleRate,
      interimResults: o.interimResults,
      language: o.language,
      token: o.token,
      WebSocket: Socket,
      resume: resumePolicy(o.resume),
      sleep: o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: o.now ?? (() => performance.now()),
      startTimeoutMs: o.startTimeoutMs,
      closeTimeoutMs: o.closeTimeoutMs,
      bufferSeconds: o.bufferSeconds,
      maxBufferedBytes: o.maxBufferedBytes,
      onDraining: o.onDraining,
    };
  }

  /**
   * Subscribes to an event; returns the function that unsubscribes.
   * @param {string} type
   * @param {(value: any) => void} listener
   */
  on(type, listener) {
    return this.#emitter.on(type, listener);
  }

  /** @returns {ClientState} */
  get state() {
    return this.#session?.state ?? { name: 'idle' };
  }

  /** The current session's id, once the server has named it. */
  get sessionId() {
    return this.#session?.sessionId ?? null;
  }

  /**
   * Opens a session, or joins the one connecting or connected (H10: a double click or an effect
   * that runs twice opens one socket). Resolves on `session.started`; a new session is opened
   * only once the previous one has closed or failed.
   */
  connect() {
    return this.#live().started;
  }

  /**
   * Connects if needed and streams the microphone until `stopMicrophone()` or `close()`.
   * Calling it again while the microphone is open (or opening) returns the same promise.
   * @param {{constraints?: MediaTrackConstraints}} [options] extra getUserMedia audio constraints
   * @returns {Promise<void>}
   */
  startMicrophone(options = {}) {
    if (this.#microphone === null) {
      const session = this.#live();
      const opening = openMicrophone({
        targetRate: this.#config.sampleRate,
        frameMs: this.#frameMs,
        constraints: options.constraints ?? {},
        onFrame: (pcm) => {
          if (this.#session === session && this.#microphone === opening && !session.isFinished) {
            session.sendAudio(pcm);
          }
        },
      });
      this.#microphone = opening;
      opening.catch(() => {
        if (this.#microphone === opening) {
          this.#microphone = null;
        }
      });
    }
    return this.#microphone.then(() => {});
  }

  /** Stops capturing; the session stays open (call close() to end it). */
  stopMicrophone() {
    const microphone = this.#microphone;
    this.#microphone = null;
    microphone?.then((m) => m.stop(), () => {});
  }

  /**
   * Queues audio the app captured itself: mono signed 16-bit at the client's `sampleRate`.
   * Needs a session (connect() first); audio is buffered while the socket is connecting or resuming.
   * @param {Int16Array} pcm
   */
  sendAudio(pcm) {
    const session = this.#session;
    if (session === null || session.isFinished) {
      throw new HarkError('STREAM_CLOSING', 'no open session: call connect() first', { fatal: false });
    }
    session.sendAudio(pcm);
  }

  /** Asks the server to turn what it heard so far into finals; the stream stays open. */
  finalize() {
    this.#session?.finalize();
  }

  /**
   * Stops the microphone, sends the rest of the audio and `close_stream`, and resolves with
   * `session.closed` once the last finals have arrived (resuming on the way if needed).
   * @returns {Promise<{reason: string}>}
   */
  close() {
    this.stopMicrophone();
    const session = this.#session;
    return session === null ? Promise.resolve({ reason: 'not_connected' }) : session.close();
  }

  /** Drops the session at once (no resume, no last finals): for page unload and errors. */
  abort() {
    this.stopMicrophone();
    this.#session?.abort();
  }

  /** Closes the socket as a network failure would, so the session resumes (the demo's button). */
  dropConnection() {
    this.#session?.dropConnection();
  }

  #live() {
    if (this.#session === null || this.#session.isFinished) {
      const session = new Session(this.#config, (type, value) => this.#emitter.emit(type, value),
        () => {
          if (this.#session === session) {
            this.stopMicrophone();
          }
        });
      this.#session = session;
      session.open();
    }
    return this.#session;
  }
}
