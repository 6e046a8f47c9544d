/**
 * Typed errors. `code` is stable and is what apps branch on; `message` is for people.
 * Server codes (docs/protocol.md, "Errors") pass through unchanged; the client adds its own
 * codes for what only it can see (listed in {@link ClientCodes}).
 */

/** Codes the client itself raises. */
export const ClientCodes = Object.freeze({
  /**
   * The first socket failed or closed before `session.started`: there is no session to resume. A
   * socket that never opened was refused at the upgrade (credential, origin) or never reached the server.
   */
  CONNECTION_FAILED: 'CONNECTION_FAILED',
  /** A dropped session could not be resumed within the resume policy's attempts. */
  RESUME_FAILED: 'RESUME_FAILED',
  /** No `session.started`/`session.resumed` within `startTimeoutMs`, or no `session.closed` within `closeTimeoutMs`. */
  TIMEOUT: 'TIMEOUT',
  /** The app's token function threw or returned something that is not a non-empty string. */
  TOKEN_UNAVAILABLE: 'TOKEN_UNAVAILABLE',
  /** The server sent something the protocol does not allow here (a bug on one side). */
  PROTOCOL: 'PROTOCOL',
  /** `abort()` was called. */
  ABORTED: 'ABORTED',
  /** Audio the server never received had already left the client's bounded buffer (not fatal). */
  AUDIO_LOST: 'AUDIO_LOST',
  /** The microphone could not be opened (permission denied, no device, no AudioWorklet). */
  MICROPHONE_UNAVAILABLE: 'MICROPHONE_UNAVAILABLE',
});

/** Server codes that do not end the stream (docs/protocol.md): reported, and the session goes on. */
export const NON_ENDING_CODES = new Set([
  'MALFORMED_MESSAGE', 'UNKNOWN_MESSAGE_TYPE', 'INVALID_AUDIO_FRAME', 'FRAME_TOO_LARGE',
  'AUDIO_BUFFER_FULL', 'STREAM_CLOSING', 'FINALS_EXPIRED', 'AUDIO_NOT_REPLAYABLE',
]);

export class HarkError extends Error {
  /**
   * @param {string} code stable code: a server code or one of {@link ClientCodes}
   * @param {string} message for people; never contains a token
   * @param {{fatal?: boolean, retryAfterMs?: number, cause?: unknown}} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HarkError';
    /** @type {string} */
    this.code = code;
    /** Whether the session ended because of it. @type {boolean} */
    this.fatal = details.fatal ?? true;
    /** The server's `retry_after_ms`, when it sent one. @type {number | undefined} */
    this.retryAfterMs = details.retryAfterMs;
  }

  /** @param {{code: string, message?: string, retry_after_ms?: number}} error a server `error` message */
  static fromServer(error) {
    return new HarkError(error.code, `server error ${error.code}: ${error.message ?? ''}`.trim(), {
      fatal: !NON_ENDING_CODES.has(error.code),
      retryAfterMs: typeof error.retry_after_ms === 'number' ? error.retry_after_ms : undefined,
    });
  }
}
