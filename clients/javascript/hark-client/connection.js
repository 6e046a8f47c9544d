import { ClientCodes, HarkError, NON_ENDING_CODES } from './errors.js';

/**
 * How one socket's part of the session ended:
 * - `closed`: `session.closed` arrived; the session ended in order.
 * - `dropped`: the transport went away without the session ending; the session can be resumed.
 *   `opened` says whether the WebSocket ever opened: a browser reports an upgrade the server refused
 *   (an expired token, an origin not allowed) exactly like an unreachable server, a close before open.
 * - `refused`: the server sent an `error` that ends the stream (a resume refusal, or the session failed).
 * - `failed`: the client gave up on this socket (a timeout, a protocol violation, `abort()`).
 * @typedef {{kind: 'closed', message: {reason?: string}}
 *   | {kind: 'dropped', code: number, reason: string, opened: boolean}
 *   | {kind: 'refused', error: HarkError}
 *   | {kind: 'failed', error: HarkError}} Ending
 */

/**
 * One WebSocket to the server, i.e. one attachment of a session. It decodes the server's JSON
 * messages, hands each to `onMessage`, and settles `ended` exactly once with how its part of the
 * session ended; after that it reports nothing more, so a late event of an old socket cannot touch
 * the session (the client-side H1). `session.closed` and stream-ending errors settle it at once
 * (they are the server's last word) rather than waiting for the close frame.
 */
export class Connection {
  /** @type {WebSocket} */
  #ws;
  /** @type {(ending: Ending) => void} */
  #settle = () => {};
  #ended = false;
  #opened = false;
  /** @type {Promise<Ending>} */
  ended;
  /** @type {Promise<true>} resolves when the session's first message (started/resumed) arrived on it */
  attached;
  #markAttached = (/** @type {true} */ _) => {};
  /** @type {ReturnType<typeof setTimeout>} */
  #attachTimer;

  /**
   * @param {{
   *   WebSocket: typeof WebSocket,
   *   url: string,
   *   protocols: string[] | undefined,
   *   attachTimeoutMs: number,
   *   waitingFor: string,
   *   onOpen: () => void,
   *   onMessage: (message: any) => void,
   * }} options
   */
  constructor({ WebSocket: Socket, url, protocols, attachTimeoutMs, waitingFor, onOpen, onMessage }) {
    this.ended = new Promise((resolve) => {
      this.#settle = resolve;
    });
    this.attached = new Promise((resolve) => {
      this.#markAttached = resolve;
    });
    this.#attachTimer = setTimeout(() => this.end({
      kind: 'failed',
      error: new HarkError(ClientCodes.TIMEOUT, `no ${waitingFor} within ${attachTimeoutMs} ms`),
    }), attachTimeoutMs);
    this.#ws = protocols === undefined ? new Socket(url) : new Socket(url, protocols);
    this.#ws.binaryType = 'arraybuffer';
    this.#ws.onopen = () => {
      this.#opened = true;
      if (!this.#ended) {
        onOpen();
      }
    };
    this.#ws.onmessage = (event) => {
      if (this.#ended || typeof event.data !== 'string') {
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        this.end({ kind: 'failed', error: new HarkError('PROTOCOL', 'the server sent a text frame that is not JSON', { cause: e }) });
        return;
      }
      if (message === null || typeof message !== 'object' || typeof message.type !== 'string') {
        return; // not a message this version understands: ignored, as the protocol asks
      }
      if (message.type === 'error' && !NON_ENDING_CODES.has(message.code)) {
        this.end({ kind: 'refused', error: HarkError.fromServer(message) }, 1000);
        return;
      }
      onMessage(message);
      if (message.type === 'session.closed') {
        this.end({ kind: 'closed', message }, 1000);
      }
    };
    this.#ws.onerror = () => {}; // a close event follows and says how it ended
    this.#ws.onclose = (event) => {
      this.end({ kind: 'dropped', code: event.code, reason: event.reason || `close code ${event.code}`, opened: this.#opened });
    };
  }

  /** The session attached to this socket: the attach timeout no longer applies. */
  markAttached() {
    clearTimeout(this.#attachTimer);
    this.#markAttached(true);
  }

  get isOpen() {
    return !this.#ended && this.#ws.readyState === 1;
  }

  /** Bytes queued in the socket but not yet sent (the transport's backpressure). */
  get bufferedAmount() {
    return this.#ws.bufferedAmount;
  }

  /**
   * Sends a text or binary frame if the socket is open.
   * @param {string | ArrayBufferView} data
   * @returns {boolean} whether it was handed to the socket
   */
  send(data) {
    if (!this.isOpen) {
      return false;
    }
    this.#ws.send(data);
    return true;
  }

  /**
   * Settles `ended` (first call wins) and closes the socket.
   * @param {Ending} ending
   * @param {number} [code] close code to send; 1000 for an orderly end, 4000 for a simulated drop
   */
  end(ending, code = 1000) {
    if (this.#ended) {
      return;
    }
    this.#ended = true;
    clearTimeout(this.#attachTimer);
    this.#settle(ending);
    try {
      if (this.#ws.readyState === 0 || this.#ws.readyState === 1) {
        this.#ws.close(code);
      }
    } catch {
      // closing a socket that is already going away is not an error worth reporting
    }
  }
}

/**
 * The subprotocols that carry a fresh short-lived browser token (`bearer, TOKEN`), or undefined
 * when the app gave no token function (then no subprotocol is sent).
 * @param {(() => Promise<string>) | undefined} tokenFunction
 * @returns {Promise<string[] | undefined>}
 */
export async function bearerProtocols(tokenFunction) {
  if (tokenFunction === undefined) {
    return undefined;
  }
  let token;
  try {
    token = await tokenFunction();
  } catch (e) {
    throw new HarkError(ClientCodes.TOKEN_UNAVAILABLE, `the token function failed: ${e instanceof Error ? e.message : e}`, { cause: e });
  }
  if (typeof token !== 'string' || token.length === 0) {
    throw new HarkError(ClientCodes.TOKEN_UNAVAILABLE, 'the token function returned no token');
  }
  return ['bearer', token];
}
