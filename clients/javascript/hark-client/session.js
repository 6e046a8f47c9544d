import { AudioSender } from './audio-sender.js';
import { bearerProtocols, Connection } from './connection.js';
import { ClientCodes, HarkError } from './errors.js';
import { KEEPALIVE, openUrl, resumeUrl, toTranscript } from './protocol.js';
import { delayBefore, judgeAttempt } from './resume-policy.js';
import { ResumeState } from './resume-state.js';

/**
 * @typedef {object} SessionConfig
 * @property {string} endpoint ws(s)://host:port/v1/stream
 * @property {number} sampleRate Hz of the audio the app sends
 * @property {boolean} interimResults
 * @property {string | undefined} language
 * @property {(() => Promise<string>) | undefined} token short-lived browser token, fetched for every socket
 * @property {typeof WebSocket} WebSocket
 * @property {import('./resume-policy.js').ResumePolicy} resume
 * @property {(ms: number) => Promise<void>} sleep waits between resume attempts (injected by tests)
 * @property {() => number} now ms on a monotonic clock
 * @property {number} startTimeoutMs bound on waiting for session.started / session.resumed
 * @property {number} closeTimeoutMs bound on waiting for session.closed after close()
 * @property {number} bufferSeconds audio kept for resending after a drop
 * @property {number} maxBufferedBytes stop handing audio to the socket while more than this waits in it
 * @property {'finish' | 'resume'} onDraining what to do on server.draining
 */

/**
 * One server session as the app sees it, spanning every socket it needs (the JavaScript
 * counterpart of the Java client's ResumingStream).
 *
 * Its audio goes out through an {@link AudioSender}, which resends after a resume. A drop (any close without `session.closed` or an ending error) is resumed with the session id,
 * the newest token the server confirmed and `last_seq`; finals pass an exactly-once filter, so the
 * app sees each final once, in order, however many sockets carried them. Resume attempts follow
 * the resume policy and honour `retry_after_ms`; running out of attempts, or a refusal retrying
 * cannot fix, fails the session with a typed error.
 *
 * Every socket event is checked against the current connection, so an old socket's late events
 * change nothing.
 */
export class Session {
  /** @type {SessionConfig} */
  #config;
  /** @type {(type: string, value: unknown) => void} */
  #emit;
  /** @type {() => void} stops the microphone: no audio after close_stream */
  #stopCapture;
  /** @type {import('../hark-client.js').ClientState} */
  #state = { name: 'connecting' };
  #resume = new ResumeState();
  /** @type {AudioSender} */
  #audio;
  /** @type {Connection | null} the socket the session lives on (attached or being attached) */
  #conn = null;
  #closeRequested = false;
  /** the server announced a drain; in 'resume' mode its shutdown is a drop to resume from */
  #draining = false;
  /** a STREAM_CLOSING was reported: the frames after it that the server refused are the same news */
  #streamClosingReported = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #closeTimer;
  /** @type {Promise<{sessionId: string, generation: number}>} */
  started;
  /** @type {Promise<{reason: string}>} */
  closed;
  #resolveStarted = (/** @type {any} */ _) => {};
  #rejectStarted = (/** @type {any} */ _) => {};
  #resolveClosed = (/** @type {any} */ _) => {};
  #rejectClosed = (/** @type {any} */ _) => {};

  /**
   * @param {SessionConfig} config
   * @param {(type: string, value: unknown) => void} emit
   * @param {() => void} stopCapture
   */
  constructor(config, emit, stopCapture) {
    this.#config = config;
    this.#emit = emit;
    this.#stopCapture = stopCapture;
    this.#audio = new AudioSender(config, (error) => this.#emit('error', error));
    this.started = new Promise((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    this.closed = new Promise((resolve, reject) => {
      this.#resolveClosed = resolve;
      this.#rejectClosed = reject;
    });
    // the app may never await these; a failure is also reported as an 'error' event
    this.started.catch(() => {});
    this.closed.catch(() => {});
  }

  get state() {
    return this.#state;
  }

  get sessionId() {
    return this.#resume.sessionId;
  }

  get isFinished() {
    return this.#state.name === 'closed' || this.#state.name === 'failed';
  }

  /** Opens the first socket. */
  open() {
    this.#emitState();
    this.#openFirst().catch((e) => this.#fail(asHarkError(e)));
  }

  /**
   * Queues audio (mono linear16 at the session's rate) and sends it as soon as a socket can take it.
   * @param {Int16Array} pcm
   * @param {number} [capturedAt] ms on the `now` clock when the last sample was captured
   */
  sendAudio(pcm, capturedAt = this.#config.now()) {
    if (this.isFinished || this.#closeRequested) {
      throw new HarkError('STREAM_CLOSING', 'the session is closing or closed: no more audio', { fatal: false });
    }
    if (pcm.length > 0) {
      this.#audio.append(pcm, capturedAt);
    }
  }

  /** Asks the server to flush what it heard so far as finals (after the audio queued before it). */
  finalize() {
    this.#audio.finalize();
  }

  /**
   * Sends the rest of the audio, then `close_stream`, and waits for `session.closed` (resuming on
   * the way if the socket drops).
   * @returns {Promise<{reason: string}>}
   */
  close() {
    if (this.isFinished || this.#closeRequested) {
      return this.closed;
    }
    this.#closeRequested = true;
    this.#stopCapture();
    this.#closeTimer = setTimeout(() => this.#fail(new HarkError(ClientCodes.TIMEOUT,
      `no session.closed within ${this.#config.closeTimeoutMs} ms of close()`)), this.#config.closeTimeoutMs);
    if (this.#state.name === 'open') {
      this.#setState({ name: 'closing', sessionId: this.#state.sessionId });
    }
    this.#audio.closeAfterAudio();
    return this.closed;
  }

  /** Ends the session here and now, without resume. */
  abort() {
    this.#fail(new HarkError(ClientCodes.ABORTED, 'aborted by the app'));
  }

  /** Closes the socket the way a network drop would, so the session resumes (for demos and tests). */
  dropConnection() {
    const attached = this.#state.name === 'open' || this.#state.name === 'closing';
    if (attached && this.#audio.isSendingTo(this.#conn)) {
      this.#conn.end({ kind: 'dropped', code: 4000, reason: 'connection dropped by the app', opened: true }, 4000);
    }
  }

  /**
   * Opens the session's first socket. A browser cannot tell an upgrade the server refused from an
   * unreachable server (both are a close before open, code 1006), and the refusal an app can fix by
   * itself is a token that expired between its backend minting it and this socket using it; so when
   * the app gives a token function, a first socket that never opened is tried once more with a
   * fresh token. Anything else (origin not allowed, a revoked key, the server down) fails again,
   * and then `connect()` fails with CONNECTION_FAILED. Resumes need no such rule: every attempt
   * fetches a fresh token.
   */
  async #openFirst() {
    let attempt = await this.#attachFirst();
    if (attempt !== null && this.#config.token !== undefined && neverOpened(attempt.outcome)) {
      attempt = await this.#attachFirst();
    }
    if (attempt === null) {
      return;
    }
    if (attempt.outcome !== true) {
      this.#fail(firstSocketFailure(attempt.outcome, this.#config.token !== undefined));
      return;
    }
    this.#watch(attempt.conn);
  }

  /**
   * Dials a socket for a new session and waits until it attaches or ends.
   * @returns {Promise<{conn: Connection, outcome: true | import('./connection.js').Ending} | null>}
   *   null if the session finished meanwhile
   */
  async #attachFirst() {
    const conn = await this.#dial(openUrl(this.#config.endpoint, this.#config), null);
    return conn === null ? null : { conn, outcome: await Promise.race([conn.attached, conn.ended]) };
  }

  /**
   * Opens a socket for a new session (`token` null) or a resume, wired to this session.
   * @param {string} url
   * @param {string | null} token the resume token in `url`, if resuming
   * @returns {Promise<Connection | null>} null if the session finished meanwhile
   */
  async #dial(url, token) {
    const protocols = await bearerProtocols(this.#config.token);
    if (this.isFinished) {
      return null;
    }
    const conn = new Connection({
      WebSocket: this.#config.WebSocket,
      url,
      protocols,
      attachTimeoutMs: this.#config.startTimeoutMs,
      waitingFor: token === null ? 'session.started' : 'session.resumed',
      onOpen: () => {
        if (token === null && conn === this.#conn) {
          this.#audio.startOn(conn); // a new session takes audio before session.started (protocol, H18)
        }
      },
      onMessage: (message) => {
        if (conn === this.#conn && this.#onMessage(conn, token, message)) {
          conn.markAttached();
        }
      },
    });
    this.#conn = conn;
    return conn;
  }

  /**
   * Acts on one message of the current socket.
   * @param {Connection} conn
   * @param {string | null} token the resume token this socket used, null for a new session
   * @param {any} message
   * @returns {boolean} whether this message attached the socket to the session
   */
  #onMessage(conn, token, message) {
    switch (message.type) {
      case 'session.started':
        if (token !== null) {
          conn.end({ kind: 'failed', error: new HarkError(ClientCodes.PROTOCOL, 'session.started on a resume socket') });
          return false;
        }
        this.#resume.attached(message);
        this.#setAttachedState(message);
        this.#resolveStarted({ sessionId: message.session_id, generation: message.generation });
        this.#emit('started', { sessionId: message.session_id, generation: message.generation });
        return true;
      case 'session.resumed':
        if (token === null) {
          conn.end({ kind: 'failed', error: new HarkError(ClientCodes.PROTOCOL, 'session.resumed on a new session') });
          return false;
        }
        return this.#onResumed(conn, token, message);
      case 'transcript':
        this.#onTranscript(message);
        return false;
      case 'error':
        this.#onServerError(message);
        return false;
      case 'server.draining':
        this.#onDraining(message);
        return false;
      default:
        return false; // session.closed settles the connection; unknown types are ignored
    }
  }

  /**
   * A server error that does not end the stream. STREAM_CLOSING is reported once per session: the
   * client itself sends no audio after `close_stream`, so the server refuses audio only when it
   * finalizes the session itself (a drain's deadline), and then refuses every frame in flight.
   * @param {any} message
   */
  #onServerError(message) {
    if (message.code === 'STREAM_CLOSING') {
      if (this.#streamClosingReported) {
        return;
      }
      this.#streamClosingReported = true;
    }
    this.#emit('error', HarkError.fromServer(message));
  }

  /**
   * @param {Connection} conn
   * @param {string} token
   * @param {any} message
   */
  #onResumed(conn, token, message) {
    this.#resume.attached(message, token);
    // the first message of the new attachment commits the token rotation on the server (H25)
    conn.send(KEEPALIVE);
    const serverEnd = Number.isInteger(message.audio_end_samples)
      ? message.audio_end_samples
      : Math.round((message.audio_end ?? 0) * this.#config.sampleRate);
    const resent = this.#audio.resumeOn(conn, serverEnd);
    if (resent instanceof HarkError) {
      conn.end({ kind: 'failed', error: resent });
      return false;
    }
    this.#draining = false;
    this.#setAttachedState(message);
    this.#emit('resumed', {
      sessionId: message.session_id,
      generation: message.generation,
      audioEndSamples: serverEnd,
      resendSamples: resent,
    });
    return true;
  }

  /** @param {{session_id: string, generation: number}} message */
  #setAttachedState(message) {
    this.#setState(this.#closeRequested
      ? { name: 'closing', sessionId: message.session_id }
      : { name: 'open', sessionId: message.session_id, generation: message.generation });
  }

  /** @param {any} message */
  #onTranscript(message) {
    if (typeof message.seq !== 'number' || !this.#resume.admit(message)) {
      return;
    }
    if (message.is_final !== true) {
      this.#emit('interim', toTranscript(message, undefined));
      return;
    }
    this.#emit('final', toTranscript(message, this.#audio.latencyOf(message.end)));
  }

  /**
   * `server.draining` (docs/protocol.md): the server stops taking sessions and finalizes this one
   * `remaining_ms` from now. 'finish' closes at once (every final for the audio sent, then
   * `session.closed`); 'resume' keeps streaming until the server finalizes the session. A session
   * finalized that way ends with reason `server_draining` and cannot be resumed (Hark cannot hand
   * a session to another instance yet); only a socket the draining server drops without
   * `session.closed` is resumed, through the load balancer.
   * @param {any} message
   */
  #onDraining(message) {
    this.#draining = true;
    this.#emit('draining', {
      remainingMs: typeof message.remaining_ms === 'number' ? message.remaining_ms : undefined,
      deadline: typeof message.deadline === 'string' ? message.deadline : undefined,
      action: this.#config.onDraining,
    });
    if (this.#config.onDraining === 'finish') {
      this.close();
    }
  }

  /**
   * Follows an attached socket until it ends, then closes, fails or resumes the session.
   * @param {Connection} conn
   */
  #watch(conn) {
    conn.ended.then((ending) => {
      if (conn !== this.#conn || this.isFinished) {
        return;
      }
      this.#audio.detach();
      switch (ending.kind) {
        case 'closed':
          this.#finish(ending.message);
          return;
        case 'refused':
          if (this.#draining && this.#config.onDraining === 'resume' && ending.error.code === 'SERVER_SHUTTING_DOWN') {
            this.#startResume(`the server drained (${ending.error.code})`);
          } else {
            this.#fail(ending.error);
          }
          return;
        case 'dropped':
          this.#startResume(`connection dropped (${ending.reason})`);
          return;
        case 'failed':
          this.#fail(ending.error);
          return;
        default:
          this.#fail(new HarkError(ClientCodes.PROTOCOL, `unknown ending ${JSON.stringify(ending)}`));
      }
    });
  }

  /** @param {string} reason */
  #startResume(reason) {
    if (this.#config.resume.maxAttempts === 0) {
      this.#fail(new HarkError(ClientCodes.RESUME_FAILED, `${reason}; resuming is turned off`));
      return;
    }
    this.#resumeLoop(reason).catch((e) => this.#fail(asHarkError(e)));
  }

  /**
   * Reconnects until the server resumes the session, refuses in a way retrying cannot fix, or the
   * attempts run out. Tokens refused with RESUME_DENIED are not tried again in this loop.
   * @param {string} reason
   */
  async #resumeLoop(reason) {
    const policy = this.#config.resume;
    /** @type {Set<string>} */
    const denied = new Set();
    let retryAfterMs = 0;
    let last = reason;
    for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
      this.#setState({ name: 'resuming', sessionId: this.#resume.sessionId ?? '', attempt, maxAttempts: policy.maxAttempts, reason });
      await this.#config.sleep(delayBefore(policy, attempt, retryAfterMs));
      retryAfterMs = 0;
      if (this.isFinished) {
        return;
      }
      const token = /** @type {string} */ (this.#resume.tokenToTry(denied));
      let conn;
      try {
        conn = await this.#dial(resumeUrl(this.#config.endpoint, this.#resume.sessionId ?? '', token, this.#resume.lastSeq), token);
      } catch (e) {
        last = describe(e); // the token function failed: a later attempt may get one
        continue;
      }
      if (conn === null) {
        return;
      }
      const outcome = await Promise.race([conn.attached, conn.ended]);
      if (outcome === true) {
        this.#watch(conn);
        return;
      }
      const next = judgeAttempt(outcome);
      switch (next.kind) {
        case 'denied':
          denied.add(token); // the rotation it answered may never have committed (H25): the previous token may work
          if (this.#resume.tokenToTry(denied) === null) {
            this.#fail(new HarkError('RESUME_DENIED', `${reason}; the server refused every resume token it issued: ${next.why}`));
            return;
          }
          attempt--; // not a failed attempt: the next token gets its own
          last = next.why;
          break;
        case 'retry':
          retryAfterMs = next.retryAfterMs;
          last = next.why;
          break;
        case 'fail':
          this.#fail(new HarkError(next.error.code, `${reason}; resuming session ${this.#resume.sessionId} failed: ${next.error.message}`,
            { retryAfterMs: next.error.retryAfterMs, cause: next.error }));
          return;
        case 'closed':
          this.#finish(next.message);
          return;
      }
    }
    this.#fail(new HarkError(ClientCodes.RESUME_FAILED, `${reason}; session ${this.#resume.sessionId} could not be resumed after ${policy.maxAttempts} attempts; last: ${last}`));
  }

  /** @param {{reason?: string}} message */
  #finish(message) {
    if (this.isFinished) {
      return;
    }
    this.#clearTimers();
    this.#stopCapture();
    const info = { reason: message.reason ?? 'closed' };
    this.#setState({ name: 'closed', reason: info.reason });
    this.#resolveClosed(info);
    this.#emit('closed', info);
  }

  /** @param {HarkError} error */
  #fail(error) {
    if (this.isFinished) {
      return;
    }
    this.#clearTimers();
    this.#stopCapture();
    this.#conn?.end({ kind: 'failed', error });
    this.#setState({ name: 'failed', error });
    this.#rejectStarted(error);
    this.#rejectClosed(error);
    this.#emit('error', error);
  }

  #clearTimers() {
    clearTimeout(this.#closeTimer);
    this.#audio.stop();
  }

  /** @param {import('../hark-client.js').ClientState} state */
  #setState(state) {
    this.#state = state;
    this.#emitState();
  }

  #emitState() {
    this.#emit('state', this.#state);
  }
}

/**
 * Whether a socket ended before its WebSocket ever opened: refused at the upgrade, or never reached.
 * @param {true | import('./connection.js').Ending} outcome
 */
function neverOpened(outcome) {
  return outcome !== true && outcome.kind === 'dropped' && !outcome.opened;
}

/**
 * Why a session could not start, from how its first socket ended.
 * @param {import('./connection.js').Ending} ending
 * @param {boolean} withToken whether the socket carried a browser token
 */
function firstSocketFailure(ending, withToken) {
  switch (ending.kind) {
    case 'refused':
    case 'failed':
      return ending.error;
    case 'dropped':
      if (!ending.opened) {
        return new HarkError(ClientCodes.CONNECTION_FAILED, 'the server refused the connection or could not be reached'
          + (withToken ? ', also with a fresh token' : '')
          + ` (${ending.reason}; a page cannot see which: the browser's console shows the HTTP status, and the`
          + " developer tools' network tab the upgrade's hark-error header, e.g. EXPIRED_TOKEN, ORIGIN_NOT_ALLOWED)");
      }
      return new HarkError(ClientCodes.CONNECTION_FAILED, `the connection closed before the session started (${ending.reason})`);
    case 'closed':
      return new HarkError(ClientCodes.PROTOCOL, 'session.closed before session.started');
  }
}

/** @param {unknown} e */
function asHarkError(e) {
  return e instanceof HarkError ? e : new HarkError(ClientCodes.PROTOCOL, `client bug: ${describe(e)}`, { cause: e });
}

/** @param {unknown} e */
function describe(e) {
  return e instanceof Error ? e.message : String(e);
}
