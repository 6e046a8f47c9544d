import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RESUME_POLICY, delayBefore, resumePolicy } from '../hark-client/resume-policy.js';
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
