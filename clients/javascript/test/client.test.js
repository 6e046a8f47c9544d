import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { HarkClient } from '../hark-client.js';
import { bounded, ScriptedServer } from './scripted-server.js';

/** Distinct, recognisable samples: sample i of the session has value i (mod 30000). */
function pcm(from, count) {
  return Int16Array.from({ length: count }, (_, i) => (from + i) % 30000);
}

/** Resolves with the next `type` event of `client` that satisfies `predicate`. */
function nextEvent(client, type, predicate = () => true) {
  return bounded(new Promise((resolve) => {
    const off = client.on(type, (value) => {
      if (predicate(value)) {
        off();
        resolve(value);
      }
    });
  }), `a '${type}' event`);
}

/** A `ws` WebSocket that counts how many sockets the client opened. */
function countingWebSocket() {
  const counter = { opened: 0 };
  counter.WebSocket = class extends WebSocket {
    constructor(...args) {
      super(...args);
      counter.opened++;
    }
  };
  return counter;
}

describe('HarkClient against a scripted server', () => {
  /** @type {ScriptedServer} */
  let server;
  let sockets;
  let sleeps;
  let record;
  let clients;

  beforeEach(async () => {
    server = await ScriptedServer.start();
    sockets = countingWebSocket();
    sleeps = [];
    clients = [];
  });

  afterEach(async () => {
    clients.forEach((client) => client.abort());
    await server.stop();
  });

  function newClient(options = {}) {
    const delays = sleeps;
    const client = new HarkClient({
      url: server.url,
      WebSocket: sockets.WebSocket,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      ...options,
    });
    clients.push(client);
    record = { finals: [], interims: [], states: [], errors: [], resumed: [], draining: [] };
    client.on('final', (t) => record.finals.push(t));
    client.on('interim', (t) => record.interims.push(t));
    client.on('state', (s) => record.states.push(s.name));
    client.on('error', (e) => record.errors.push(e));
    client.on('resumed', (r) => record.resumed.push(r));
    client.on('draining', (d) => record.draining.push(d));
    return client;
  }

  test('connect() called again while connecting or connected opens one socket and one session (H10)', async () => {
    const client = newClient();
    const first = client.connect();
    const second = client.connect();
    const socket = await server.nextSocket();
    socket.started('s1', 't1');
    const [a, b] = await bounded(Promise.all([first, second]), 'both connect() calls');
    const c = await bounded(client.connect(), 'connect()');

    assert.equal(a.sessionId, 's1');
    assert.deepEqual([b.sessionId, c.sessionId], ['s1', 's1']);
    const closing = client.close();
    await socket.until('close_stream');
    socket.closeSession();
    await bounded(closing, 'close()');
    assert.equal(sockets.opened, 1);
    assert.equal(server.sockets.length, 1);
  });

  test('a new session is opened only after the previous one ended', async () => {
    const client = newClient();
    client.connect();
    const first = await server.nextSocket();
    first.started('s1', 't1');
    const closing = client.close();
    await first.until('close_stream');
    first.closeSession();
    await bounded(closing, 'close()');

    const again = client.connect();
    const second = await server.nextSocket();
    assert.equal(second.isResume, false);
    second.started('s2', 'u1');
    assert.equal((await bounded(again, 'connect()')).sessionId, 's2');
    assert.equal(sockets.opened, 2);
  });

  test('audio sent before session.started goes out once the socket is open (H18)', async () => {
    const client = newClient();
    client.connect();
    client.sendAudio(pcm(0, 320));
    const socket = await server.nextSocket();
    const { audio } = await socket.audio(320);
    assert.deepEqual(audio, pcm(0, 320));
    assert.equal(socket.query.get('sample_rate'), '16000');
    assert.equal(socket.query.get('encoding'), 'linear16');
  });

  test('after a drop it resumes with id, token and last_seq, resends from audio_end_samples, and delivers every final once, in order (H15)', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    client.sendAudio(pcm(0, 3200));
    await s1.audio(3200);
    s1.final(1, 'one');
    s1.interim(2, 'tw');
    await nextEvent(client, 'interim');

    s1.terminate(); // the client keeps capturing while it reconnects
    await nextEvent(client, 'state', (s) => s.name === 'resuming');
    client.sendAudio(pcm(3200, 800));
    const s2 = await server.nextSocket();
    assert.deepEqual([s2.query.get('session_id'), s2.query.get('resume_token'), s2.query.get('last_seq')], ['s1', 't1', '1']);
    const secondFinal = nextEvent(client, 'final', (t) => t.seq === 2);
    s2.resumed({ token: 't2', audioEndSamples: 2400 }); // the last 800 samples before the drop never arrived
    s2.final(1, 'one'); // a replay the client already has
    s2.interim(1, 'one'); // a stale interim of an utterance already final
    s2.final(2, 'two');
    const { audio, texts } = await s2.audio(1600);
    assert.deepEqual(texts.map((t) => t.type), ['keepalive']);
    assert.deepEqual(audio, pcm(2400, 1600));
    await secondFinal;

    assert.deepEqual(record.finals.map((t) => [t.seq, t.text]), [[1, 'one'], [2, 'two']]);
    assert.deepEqual(record.interims.map((t) => t.text), ['tw']);
    assert.deepEqual(record.resumed.map((r) => [r.audioEndSamples, r.resendSamples]), [[2400, 1600]]);
    assert.deepEqual(record.states, ['connecting', 'open', 'resuming', 'open']);

    s2.terminate();
    const s3 = await server.nextSocket();
    assert.deepEqual([s3.query.get('resume_token'), s3.query.get('last_seq')], ['t2', '2'], 'the newest token and seq');
  });

  test('retries SESSION_BUSY after the retry_after_ms the server asked for', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    s1.terminate();
    const s2 = await server.nextSocket();
    s2.error('SESSION_BUSY', 1013, 1500);
    const s3 = await server.nextSocket();
    assert.equal(s3.query.get('resume_token'), 't1');
    s3.resumed({ token: 't2', audioEndSamples: 0 });
    await nextEvent(client, 'state', (s) => s.name === 'open');
    assert.deepEqual(sleeps, [200, 1500]);
  });

  test('gives up with RESUME_FAILED after the policy\'s attempts, backing off 200 ms doubling', async () => {
    const client = newClient({ resume: { maxAttempts: 3 } });
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    const failed = nextEvent(client, 'state', (s) => s.name === 'failed');
    s1.terminate();
    for (let i = 0; i < 3; i++) {
      (await server.nextSocket()).terminate();
    }
    const state = await failed;
    assert.equal(state.error.code, 'RESUME_FAILED');
    assert.equal(state.error.fatal, true);
    assert.deepEqual(sleeps, [200, 400, 800]);
    assert.equal(sockets.opened, 4);
  });

  test('a refusal retrying cannot fix ends the session at once with the server\'s code', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    const failed = nextEvent(client, 'state', (s) => s.name === 'failed');
    s1.terminate();
    (await server.nextSocket()).error('SESSION_NOT_FOUND', 1008);
    assert.equal((await failed).error.code, 'SESSION_NOT_FOUND');
    assert.equal(sockets.opened, 2);
  });

  test('a resume whose answer is lost is retried with the token the client knows (H25)', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    s1.terminate();
    const s2 = await server.nextSocket();
    assert.equal(s2.query.get('resume_token'), 't1');
    s2.terminate(); // the server rotated to t2, but the answer never reached the client
    const s3 = await server.nextSocket();
    assert.equal(s3.query.get('resume_token'), 't1');
    s3.resumed({ token: 't3', generation: 3, audioEndSamples: 0 });
    s3.final(1, 'kept');
    await nextEvent(client, 'final');
    assert.deepEqual(record.finals.map((t) => t.text), ['kept']);
  });

  test('when the newest token is refused because its rotation never committed, the previous one resumes (H25)', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    s1.terminate();
    const s2 = await server.nextSocket();
    s2.resumed({ token: 't2', audioEndSamples: 0 });
    s2.terminate(); // before the client's first message reached the server: t2 never committed
    const s3 = await server.nextSocket();
    assert.equal(s3.query.get('resume_token'), 't2');
    s3.error('RESUME_DENIED', 1008);
    const s4 = await server.nextSocket();
    assert.equal(s4.query.get('resume_token'), 't1');
    s4.resumed({ token: 't3', generation: 3, audioEndSamples: 0 });
    await nextEvent(client, 'state', (s) => s.name === 'open');
    assert.equal(client.state.generation, 3);
  });

  test('RESUME_DENIED for every token the server issued ends the session', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    const failed = nextEvent(client, 'state', (s) => s.name === 'failed');
    s1.terminate();
    (await server.nextSocket()).error('RESUME_DENIED', 1008);
    assert.equal((await failed).error.code, 'RESUME_DENIED');
    assert.equal(sockets.opened, 2);
  });

  test('close() sends the rest of the audio, then close_stream, and resolves on session.closed', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    client.sendAudio(pcm(0, 800));
    const closing = client.close();
    const { audio } = await s1.until('close_stream');
    assert.deepEqual(audio, pcm(0, 800));
    s1.final(1, 'last words');
    s1.closeSession();
    assert.deepEqual(await bounded(closing, 'close()'), { reason: 'client_closed' });
    assert.deepEqual(record.finals.map((t) => t.text), ['last words']);
    assert.deepEqual(record.states, ['connecting', 'open', 'closing', 'closed']);
    assert.throws(() => client.sendAudio(pcm(0, 10)), { code: 'STREAM_CLOSING' });
  });

  test('a drop after close_stream resumes, sends close_stream again and still gets the last finals', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    client.sendAudio(pcm(0, 800));
    const closing = client.close();
    await s1.until('close_stream');
    s1.terminate();
    const s2 = await server.nextSocket();
    s2.resumed({ token: 't2', audioEndSamples: 800 });
    const { audio } = await s2.until('close_stream');
    assert.equal(audio.length, 0);
    s2.final(1, 'after the drop');
    s2.closeSession();
    await bounded(closing, 'close()');
    assert.deepEqual(record.finals.map((t) => t.text), ['after the drop']);
  });

  test('server.draining with onDraining "finish": closes the session and delivers its last finals', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    client.sendAudio(pcm(0, 800));
    await s1.audio(800);
    s1.send({ type: 'server.draining', deadline: '2026-05-04T10:15:30Z', remaining_ms: 30000 });
    const { audio } = await s1.until('close_stream');
    assert.equal(audio.length, 0, 'every sample went out before close_stream');
    s1.final(1, 'drained');
    s1.closeSession('client_closed');
    assert.deepEqual(await nextEvent(client, 'closed'), { reason: 'client_closed' });
    assert.deepEqual(record.draining, [{ remainingMs: 30000, deadline: '2026-05-04T10:15:30Z', action: 'finish' }]);
    assert.deepEqual(record.finals.map((t) => t.text), ['drained']);
    assert.equal(client.state.name, 'closed');
    assert.throws(() => client.sendAudio(pcm(800, 10)), { code: 'STREAM_CLOSING' });
  });

  test('server.draining with onDraining "resume": the draining server\'s shutdown is resumed, elsewhere', async () => {
    const client = newClient({ onDraining: 'resume' });
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    s1.send({ type: 'server.draining', deadline: '2026-05-04T10:15:30Z', remaining_ms: 5000 });
    await nextEvent(client, 'draining');
    client.sendAudio(pcm(0, 800));
    await s1.audio(800);
    s1.error('SERVER_SHUTTING_DOWN', 1001);
    const s2 = await server.nextSocket();
    assert.equal(s2.query.get('session_id'), 's1');
    s2.resumed({ token: 't2', audioEndSamples: 800 });
    s2.final(1, 'continued');
    await nextEvent(client, 'final');
    assert.equal(client.state.name, 'open');
    assert.deepEqual(record.draining, [{ remainingMs: 5000, deadline: '2026-05-04T10:15:30Z', action: 'resume' }]);
  });

  test('server.draining with onDraining "resume": a session the server finalized at its deadline ends with server_draining, unresumed; refused audio reported once', async () => {
    const client = newClient({ onDraining: 'resume' });
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    s1.send({ type: 'server.draining', deadline: '2026-05-04T10:15:30Z', remaining_ms: 1000 });
    await nextEvent(client, 'draining');
    client.sendAudio(pcm(0, 800)); // still streaming during the drain
    await s1.audio(800);
    s1.final(1, 'until the deadline');
    // the deadline: the server finalizes and refuses the frames still in flight, each
    for (let i = 0; i < 3; i++) {
      s1.send({ type: 'error', code: 'STREAM_CLOSING', message: 'the stream is closing' });
    }
    s1.send({ type: 'session.closed', reason: 'server_draining' });
    s1.close(1001);
    assert.deepEqual(await nextEvent(client, 'closed'), { reason: 'server_draining' });
    assert.equal(client.state.name, 'closed');
    assert.deepEqual(record.finals.map((t) => t.text), ['until the deadline']);
    assert.equal(sockets.opened, 1, 'no resume of a finalized session');
    assert.deepEqual(record.errors.map((e) => [e.code, e.fatal]), [['STREAM_CLOSING', false]], 'reported once');
  });

  test('SERVER_SHUTTING_DOWN without a drain announcement ends the session', async () => {
    const client = newClient({ onDraining: 'resume' });
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    const failed = nextEvent(client, 'state', (s) => s.name === 'failed');
    s1.error('SERVER_SHUTTING_DOWN', 1001);
    assert.equal((await failed).error.code, 'SERVER_SHUTTING_DOWN');
    assert.equal(sockets.opened, 1);
  });

  test('a token function sends a fresh token in Sec-WebSocket-Protocol for every socket', async () => {
    let issued = 0;
    const client = newClient({ token: async () => `tok-${++issued}` });
    client.connect();
    const s1 = await server.nextSocket();
    assert.deepEqual(s1.subprotocolHeader.split(/,\s*/), ['bearer', 'tok-1']);
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    s1.terminate();
    const s2 = await server.nextSocket();
    assert.deepEqual(s2.subprotocolHeader.split(/,\s*/), ['bearer', 'tok-2']);
    assert.equal(s2.query.get('resume_token'), 't1');
  });

  test('a first socket refused at the upgrade is tried once more with a fresh token', async () => {
    let issued = 0;
    const client = newClient({ token: async () => `tok-${++issued}` });
    server.refuseUpgrades(1); // as Hark refuses an expired token: 401, which a browser sees only as 1006
    const connecting = client.connect();
    const s1 = await server.nextSocket();
    assert.deepEqual(s1.subprotocolHeader.split(/,\s*/), ['bearer', 'tok-2']);
    s1.started('s1', 't1');
    assert.equal((await bounded(connecting, 'connect()')).sessionId, 's1');
    assert.deepEqual(server.refusedUpgrades.map((h) => h.split(/,\s*/)), [['bearer', 'tok-1']]);
    assert.deepEqual(record.errors, []);
  });

  test('a first socket refused twice fails connect() with CONNECTION_FAILED after one retry', async () => {
    let issued = 0;
    const client = newClient({ token: async () => `tok-${++issued}` });
    server.refuseUpgrades(3);
    await assert.rejects(bounded(client.connect(), 'connect()'),
      (e) => e.code === 'CONNECTION_FAILED' && /refused the connection or could not be reached, also with a fresh token/.test(e.message));
    assert.equal(issued, 2);
    assert.equal(server.refusedUpgrades.length, 2);
    assert.equal(client.state.name, 'failed');
  });

  test('without a token function a refused first socket is not retried', async () => {
    const client = newClient();
    server.refuseUpgrades(2);
    await assert.rejects(bounded(client.connect(), 'connect()'), { code: 'CONNECTION_FAILED' });
    assert.equal(server.refusedUpgrades.length, 1);
  });

  test('without a token function no subprotocol is sent', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    assert.equal(s1.subprotocolHeader, undefined);
  });

  test('a failing token function fails connect() with TOKEN_UNAVAILABLE and opens no socket', async () => {
    const client = newClient({ token: async () => { throw new Error('auth backend down'); } });
    await assert.rejects(bounded(client.connect(), 'connect()'), { code: 'TOKEN_UNAVAILABLE' });
    assert.equal(sockets.opened, 0);
  });

  test('a refused first socket fails connect() with the server\'s code and retry hint', async () => {
    const client = newClient();
    const connecting = client.connect();
    (await server.nextSocket()).error('CAPACITY_EXHAUSTED', 1013, 2000);
    await assert.rejects(bounded(connecting, 'connect()'), { code: 'CAPACITY_EXHAUSTED', retryAfterMs: 2000 });
    assert.equal(client.state.name, 'failed');
  });

  test('no session.started within startTimeoutMs fails connect() with TIMEOUT', async () => {
    const client = newClient({ startTimeoutMs: 50 });
    const connecting = client.connect();
    await server.nextSocket(); // accepts and says nothing
    await assert.rejects(bounded(connecting, 'connect()'), { code: 'TIMEOUT' });
  });

  test('audio that fell out of the resend buffer is reported as AUDIO_LOST and the rest is resent', async () => {
    const client = newClient({ bufferSeconds: 0.1 }); // 1600 samples
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    client.sendAudio(pcm(0, 800));
    await s1.audio(800);
    s1.terminate();
    await nextEvent(client, 'state', (s) => s.name === 'resuming');
    client.sendAudio(pcm(800, 3200)); // a long outage: only [2400, 4000) stays buffered
    const s2 = await server.nextSocket();
    s2.resumed({ token: 't2', audioEndSamples: 800 });
    const { audio } = await s2.audio(1600);
    assert.deepEqual(audio, pcm(2400, 1600));
    assert.deepEqual(record.errors.map((e) => [e.code, e.fatal]), [['AUDIO_LOST', false]]);
    assert.equal(client.state.name, 'open');
  });

  test('dropConnection() closes the socket like a network failure and the session resumes', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    await nextEvent(client, 'state', (s) => s.name === 'open');
    client.dropConnection();
    assert.equal((await s1.closed).code, 4000);
    const s2 = await server.nextSocket();
    assert.equal(s2.query.get('session_id'), 's1');
  });

  test('non-ending server errors are reported and the session goes on', async () => {
    const client = newClient();
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    s1.send({ type: 'error', code: 'FINALS_EXPIRED', message: '3 finals expired' });
    s1.final(5, 'after the gap');
    await nextEvent(client, 'final');
    assert.deepEqual(record.errors.map((e) => [e.code, e.fatal]), [['FINALS_EXPIRED', false]]);
    assert.equal(client.state.name, 'open');
  });

  test('finals carry the latency from the capture of their last audio to their arrival', async () => {
    let now = 1000;
    const client = newClient({ now: () => now });
    client.connect();
    const s1 = await server.nextSocket();
    s1.started('s1', 't1');
    client.sendAudio(pcm(0, 8000)); // captured at t = 1000 ms; sample 7999 is the frame's last
    await s1.audio(8000);
    now = 1750;
    s1.final(1, 'half a second', 0.5);
    const final = await nextEvent(client, 'final');
    assert.equal(final.latencyMs, 750);
  });
});
