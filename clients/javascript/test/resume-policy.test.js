import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HarkError } from '../hark-client/errors.js';
import { DEFAULT_RESUME_POLICY, delayBefore, judgeAttempt, resumePolicy } from '../hark-client/resume-policy.js';
import { ResumeState } from '../hark-client/resume-state.js';

test('backs off 200 ms doubling to 2 s, or longer when the server asks', () => {
  const delays = [1, 2, 3, 4, 5, 6].map((attempt) => delayBefore(DEFAULT_RESUME_POLICY, attempt, 0));
  assert.deepEqual(delays, [200, 400, 800, 1600, 2000, 2000]);
  assert.equal(delayBefore(DEFAULT_RESUME_POLICY, 1, 1500), 1500);
  assert.equal(delayBefore(DEFAULT_RESUME_POLICY, 5, 1500), 2000);
});

test('rejects a policy that cannot work', () => {
  assert.throws(() => resumePolicy({ maxAttempts: -1 }), RangeError);
  assert.throws(() => resumePolicy({ firstDelayMs: 500, maxDelayMs: 100 }), RangeError);
  assert.deepEqual(resumePolicy({ maxAttempts: 0 }), { ...DEFAULT_RESUME_POLICY, maxAttempts: 0 });
});

test('finals pass once, in order; replays and stale interims are dropped', () => {
  const state = new ResumeState();
  const passed = [
    { seq: 1, is_final: false }, { seq: 1, is_final: true }, { seq: 1, is_final: true },
    { seq: 1, is_final: false }, { seq: 2, is_final: false }, { seq: 2, is_final: true }, { seq: 1, is_final: true },
  ].map((t) => state.admit(t));
  assert.deepEqual(passed, [true, true, false, false, true, true, false]);
  assert.equal(state.lastSeq, 2);
});

test('the newest token is tried first, then the one its resume used (H25)', () => {
  const state = new ResumeState();
  state.attached({ type: 'session.started', session_id: 's', resume_token: 't1' });
  assert.equal(state.tokenToTry(new Set()), 't1');
  assert.equal(state.tokenToTry(new Set(['t1'])), null, 'a new session has no previous token');
  state.attached({ type: 'session.resumed', session_id: 's', resume_token: 't2' }, 't1');
  assert.equal(state.tokenToTry(new Set()), 't2');
  assert.equal(state.tokenToTry(new Set(['t2'])), 't1');
  assert.equal(state.tokenToTry(new Set(['t1', 't2'])), null);
});

test('a failed resume attempt is retried only when retrying can help', () => {
  const refused = (code, retryAfterMs) => ({ kind: 'refused', error: new HarkError(code, code, { retryAfterMs }) });
  assert.deepEqual(judgeAttempt(refused('SESSION_BUSY', 1000)), { kind: 'retry', retryAfterMs: 1000, why: 'SESSION_BUSY' });
  assert.equal(judgeAttempt(refused('RECONNECT_TOO_SOON', 250)).kind, 'retry');
  assert.equal(judgeAttempt(refused('RESUME_DENIED')).kind, 'denied');
  for (const code of ['SESSION_NOT_FOUND', 'INVALID_PARAMETER', 'PROVIDER_ERROR']) {
    assert.equal(judgeAttempt(refused(code)).kind, 'fail', code);
  }
  assert.equal(judgeAttempt({ kind: 'dropped', code: 1006, reason: 'reset' }).kind, 'retry');
  assert.equal(judgeAttempt({ kind: 'failed', error: new HarkError('TIMEOUT', 'slow') }).kind, 'retry');
  assert.equal(judgeAttempt({ kind: 'failed', error: new HarkError('PROTOCOL', 'bad') }).kind, 'fail');
  assert.equal(judgeAttempt({ kind: 'closed', message: { reason: 'client_closed' } }).kind, 'closed');
});
