/**
 * How hard the client tries to resume a dropped session (the same schedule as the Java client's
 * ResumePolicy): at most `maxAttempts` reconnects per drop, each after a delay that starts at
 * `firstDelayMs` and doubles up to `maxDelayMs`, but never shorter than the `retry_after_ms` the
 * server asked for on the previous refusal. The first attempt waits too: right after a drop the
 * server has often not yet noticed the old socket is gone and would answer `SESSION_BUSY`.
 */

import { ClientCodes } from './errors.js';

/** Refusals after which trying again later can work (docs/protocol.md, resume refusals). */
export const RETRYABLE_REFUSALS = new Set(['SESSION_BUSY', 'RECONNECT_TOO_SOON']);

/** @typedef {{maxAttempts: number, firstDelayMs: number, maxDelayMs: number}} ResumePolicy */

/** @type {Readonly<ResumePolicy>} five attempts, 200 ms doubling to 2 s */
export const DEFAULT_RESUME_POLICY = Object.freeze({ maxAttempts: 5, firstDelayMs: 200, maxDelayMs: 2000 });

/**
 * @param {Partial<ResumePolicy> | undefined} overrides
 * @returns {ResumePolicy}
 */
export function resumePolicy(overrides) {
  const policy = { ...DEFAULT_RESUME_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 0) {
    throw new RangeError(`resume.maxAttempts must be an integer >= 0: ${policy.maxAttempts}`);
  }
  if (!(policy.firstDelayMs >= 0 && policy.maxDelayMs >= policy.firstDelayMs)) {
    throw new RangeError(`need 0 <= resume.firstDelayMs <= resume.maxDelayMs: ${policy.firstDelayMs}, ${policy.maxDelayMs}`);
  }
  return policy;
}

/**
 * The wait before attempt `attempt` (1-based), given the server's last `retry_after_ms` (0 if none).
 * @param {ResumePolicy} policy
 * @param {number} attempt
 * @param {number} retryAfterMs
 */
export function delayBefore(policy, attempt, retryAfterMs) {
  if (attempt < 1) {
    throw new RangeError(`attempts count from 1: ${attempt}`);
  }
  const backoff = Math.min(policy.firstDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.max(backoff, retryAfterMs);
}

/**
 * What to do after a resume attempt's socket ended without attaching.
 * - `retry`: try again after the policy's delay (or `retryAfterMs`, if the server asked for more).
 * - `denied`: the token was refused; another token the server issued may still work (H25).
 * - `fail`: retrying cannot help.
 * - `closed`: the session ended in order meanwhile.
 * @param {import('./connection.js').Ending} ending
 * @returns {{kind: 'retry', retryAfterMs: number, why: string} | {kind: 'denied', why: string}
 *   | {kind: 'fail', error: import('./errors.js').HarkError} | {kind: 'closed', message: {reason?: string}}}
 */
export function judgeAttempt(ending) {
  switch (ending.kind) {
    case 'refused':
      if (ending.error.code === 'RESUME_DENIED') {
        return { kind: 'denied', why: ending.error.message };
      }
      return RETRYABLE_REFUSALS.has(ending.error.code)
        ? { kind: 'retry', retryAfterMs: ending.error.retryAfterMs ?? 0, why: ending.error.message }
        : { kind: 'fail', error: ending.error };
    case 'dropped':
      return { kind: 'retry', retryAfterMs: 0, why: `resume connection dropped (${ending.reason})` };
    case 'failed':
      return ending.error.code === ClientCodes.TIMEOUT
        ? { kind: 'retry', retryAfterMs: 0, why: ending.error.message }
        : { kind: 'fail', error: ending.error };
    case 'closed':
      return { kind: 'closed', message: ending.message };
  }
}
