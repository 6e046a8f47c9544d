/**
 * What the client must remember to resume its session, and the exactly-once filter (H15).
 *
 * - The session id and the resume tokens. The newest token is adopted only when the server's
 *   answer carrying it arrives (`session.started` / `session.resumed`), so a resume whose answer is
 *   lost is retried with the token the client knows (H25: the server keeps the previous token
 *   valid until the new attachment sends its first message). The token a resume used is kept as
 *   the fallback: if the answer did arrive but the socket dropped before the client's first
 *   message reached the server, the rotation never committed, the newest token is refused with
 *   `RESUME_DENIED`, and the previous one still works.
 * - `lastSeq`, the `seq` of the last final delivered: a transcript whose `seq` is not above it is
 *   a replay (or an interim of an utterance already final) and is dropped.
 */
export class ResumeState {
  /** @type {string | null} */
  sessionId = null;
  /** @type {string | null} the newest token the server gave */
  #token = null;
  /** @type {string | null} the token the newest one replaced, while the rotation may be uncommitted */
  #previousToken = null;
  /** @type {number} */
  lastSeq = 0;

  /**
   * Records `session.started`, or `session.resumed` answering a resume that used `usedToken`.
   * @param {{type: string, session_id: string, resume_token: string}} message
   * @param {string | null} [usedToken]
   */
  attached(message, usedToken = null) {
    this.#previousToken = message.type === 'session.resumed' ? usedToken : null;
    this.sessionId = message.session_id;
    this.#token = message.resume_token;
  }

  get canResume() {
    return this.sessionId !== null && this.#token !== null;
  }

  /**
   * The tokens to try for one resume, newest first; a token refused with `RESUME_DENIED` is
   * passed in `denied` and skipped.
   * @param {ReadonlySet<string>} denied
   * @returns {string | null} null when every token was refused
   */
  tokenToTry(denied) {
    for (const token of [this.#token, this.#previousToken]) {
      if (token !== null && !denied.has(token)) {
        return token;
      }
    }
    return null;
  }

  /**
   * Whether a transcript is new to the app; remembers the `seq` of a new final.
   * @param {{seq: number, is_final: boolean}} transcript
   */
  admit(transcript) {
    if (transcript.seq <= this.lastSeq) {
      return false;
    }
    if (transcript.is_final) {
      this.lastSeq = transcript.seq;
    }
    return true;
  }
}
