import { AudioRing } from './audio-ring.js';
import { ClientCodes, HarkError } from './errors.js';
import { CLOSE_STREAM, FINALIZE } from './protocol.js';

/** Largest binary frame sent: resending a backlog goes out in pieces this long. */
const MAX_FRAME_MS = 100;
/** How soon to try again when the socket's own buffer is too full to take more audio. */
const BACKPRESSURE_RETRY_MS = 20;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A session's outgoing audio, across its sockets. Audio goes into a bounded ring first and is
 * sent from there to whichever socket may carry it, so after a resume it is resent from the
 * server's `audio_end_samples`, including what was captured while reconnecting. Once the session
 * is closing, `close_stream` follows the last audio on every socket that carries the session
 * (a second one is harmless, a lost one would hang the close).
 *
 * Sample indices are the client's own, counted from the session's first sample; the server's
 * clock is behind by `gap` when audio fell out of the ring before the server had it.
 */
export class AudioSender {
  #ring;
  #sampleRate;
  #maxBufferedBytes;
  #bufferSeconds;
  #now;
  /** @type {(error: HarkError) => void} */
  #report;
  /** @type {import('./connection.js').Connection | null} the socket audio may go to */
  #sendTo = null;
  /** @type {import('./connection.js').Connection | null} the socket close_stream went out on */
  #closeSentOn = null;
  #closing = false;
  /** client sample index up to which audio was handed to #sendTo */
  #sentUpTo = 0;
  /** samples the server never got because they fell out of the ring */
  #gap = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #retryTimer;

  /**
   * @param {{sampleRate: number, bufferSeconds: number, maxBufferedBytes: number, now: () => number}} config
   * @param {(error: HarkError) => void} report non-fatal problems (AUDIO_LOST)
   */
  constructor({ sampleRate, bufferSeconds, maxBufferedBytes, now }, report) {
    this.#ring = new AudioRing(Math.round(bufferSeconds * sampleRate), sampleRate);
    this.#sampleRate = sampleRate;
    this.#bufferSeconds = bufferSeconds;
    this.#maxBufferedBytes = maxBufferedBytes;
    this.#now = now;
    this.#report = report;
  }

  /**
   * @param {Int16Array} pcm
   * @param {number} capturedAt ms on the `now` clock
   */
  append(pcm, capturedAt) {
    this.#ring.append(pcm, capturedAt);
    this.flush();
  }

  /** Sends everything from the start on `conn` (a new session's socket). */
  startOn(conn) {
    this.#sendTo = conn;
    this.flush();
  }

  /**
   * Sends on `conn` from where the server's audio ends (a resumed socket).
   * @param {import('./connection.js').Connection} conn
   * @param {number} serverEnd `audio_end_samples`
   * @returns {number | HarkError} the samples resent, or the protocol error if the server claims more than was sent
   */
  resumeOn(conn, serverEnd) {
    let from = serverEnd + this.#gap;
    if (from > this.#ring.end) {
      return new HarkError(ClientCodes.PROTOCOL,
        `the server resumed at sample ${serverEnd} but only ${this.#ring.end - this.#gap} were sent`);
    }
    if (from < this.#ring.start) {
      this.#lose(this.#ring.start - from);
      from = this.#ring.start;
    }
    this.#sentUpTo = from;
    this.#sendTo = conn;
    const resent = this.#ring.end - from;
    this.flush();
    return resent;
  }

  /** The socket went away: nothing more goes out until the next one. */
  detach() {
    this.#sendTo = null;
  }

  /** @param {import('./connection.js').Connection | null} conn */
  isSendingTo(conn) {
    return conn !== null && this.#sendTo === conn;
  }

  /** From now on, `close_stream` follows the last audio on every socket. */
  closeAfterAudio() {
    this.#closing = true;
    this.flush();
  }

  /** `finalize` after the audio queued before it. */
  finalize() {
    this.flush();
    this.#sendTo?.send(FINALIZE);
  }

  /**
   * ms from the capture of the sample at `endSeconds` (server clock) to now, if still known.
   * @param {number} endSeconds
   */
  latencyOf(endSeconds) {
    const endSample = Math.round(endSeconds * this.#sampleRate) + this.#gap;
    const capturedAt = endSample > 0 ? this.#ring.capturedAt(endSample - 1) : undefined;
    return capturedAt === undefined ? undefined : Math.max(0, this.#now() - capturedAt);
  }

  stop() {
    clearTimeout(this.#retryTimer);
    this.#sendTo = null;
  }

  /** Hands queued audio to the socket, then close_stream once everything is out, if closing. */
  flush() {
    const conn = this.#sendTo;
    if (conn === null) {
      return;
    }
    const maxFrame = Math.round(this.#sampleRate * MAX_FRAME_MS / 1000);
    while (this.#sentUpTo < this.#ring.end) {
      if (conn.bufferedAmount > this.#maxBufferedBytes) {
        this.#retryLater();
        return;
      }
      if (this.#sentUpTo < this.#ring.start) {
        this.#lose(this.#ring.start - this.#sentUpTo);
        this.#sentUpTo = this.#ring.start;
      }
      const frame = this.#ring.read(this.#sentUpTo, maxFrame);
      if (!conn.send(LITTLE_ENDIAN ? frame : swapBytes(frame))) {
        return;
      }
      this.#sentUpTo += frame.length;
    }
    if (this.#closing && this.#closeSentOn !== conn && conn.send(CLOSE_STREAM)) {
      this.#closeSentOn = conn;
    }
  }

  #retryLater() {
    if (this.#retryTimer === undefined) {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.flush();
      }, BACKPRESSURE_RETRY_MS);
    }
  }

  /** @param {number} samples */
  #lose(samples) {
    this.#gap += samples;
    this.#report(new HarkError(ClientCodes.AUDIO_LOST,
      `${samples} samples fell out of the ${this.#bufferSeconds} s resend buffer before the server received them`,
      { fatal: false }));
  }
}

/** @param {Int16Array} frame big-endian host: the protocol wants little-endian */
function swapBytes(frame) {
  const out = new Int16Array(frame.length);
  const view = new DataView(out.buffer);
  frame.forEach((s, i) => view.setInt16(i * 2, s, true));
  return out;
}
