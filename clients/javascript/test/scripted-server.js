import { WebSocketServer } from 'ws';

/** The bound on every wait of a test: a client that never does what was expected fails, it does not hang. */
export const WAIT_MS = 5000;

/**
 * `promise`, or a rejection naming `what` once WAIT_MS has passed without it.
 * @template T
 * @param {Promise<T>} promise
 * @param {string} what
 * @returns {Promise<T>}
 */
export function bounded(promise, what) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`nothing after ${WAIT_MS} ms waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * A WebSocket server on loopback whose every move the test makes: each accepted socket is handed
 * to the test (`nextSocket()`), which reads what the client sent and sends, closes or cuts as the
 * scenario needs. Waiting is on promises the client's own traffic settles, never on timers.
 */
export class ScriptedServer {
  /** @type {WebSocketServer} */
  #wss;
  /** @type {ScriptedSocket[]} */
  #ready = [];
  /** @type {((socket: ScriptedSocket) => void)[]} */
  #waiting = [];
  /** every socket ever accepted, in order */
  sockets = /** @type {ScriptedSocket[]} */ ([]);
  /** upgrades still to refuse, as Hark refuses a bad credential (401 and hark-error) */
  #toRefuse = 0;
  /** the Sec-WebSocket-Protocol header of every refused upgrade, in order */
  refusedUpgrades = /** @type {(string | undefined)[]} */ ([]);

  static async start() {
    const server = new ScriptedServer();
    await new Promise((resolve) => {
      server.#wss = new WebSocketServer({
        host: '127.0.0.1',
        port: 0,
        verifyClient: (info, answer) => {
          if (server.#toRefuse === 0) {
            answer(true);
            return;
          }
          server.#toRefuse--;
          server.refusedUpgrades.push(info.req.headers['sec-websocket-protocol']);
          answer(false, 401, 'Unauthorized', { 'hark-error': 'EXPIRED_TOKEN: scripted' });
        },
      }, () => resolve(undefined));
    });
    server.#wss.on('connection', (ws, request) => {
      const socket = new ScriptedSocket(ws, request);
      server.sockets.push(socket);
      const waiter = server.#waiting.shift();
      if (waiter) {
        waiter(socket);
      } else {
        server.#ready.push(socket);
      }
    });
    return server;
  }

  get url() {
    const { port } = /** @type {import('node:net').AddressInfo} */ (this.#wss.address());
    return `ws://127.0.0.1:${port}/v1/stream`;
  }

  /** The next `count` upgrades are answered 401, never becoming WebSockets. */
  refuseUpgrades(count) {
    this.#toRefuse = count;
  }

  /** @returns {Promise<ScriptedSocket>} the next socket a client opens */
  nextSocket() {
    const ready = this.#ready.shift();
    if (ready) {
      return Promise.resolve(ready);
    }
    return bounded(new Promise((resolve) => this.#waiting.push(resolve)), `socket ${this.sockets.length + 1} to open`);
  }

  async stop() {
    for (const socket of this.sockets) {
      socket.terminate();
    }
    await new Promise((resolve) => this.#wss.close(() => resolve(undefined)));
  }
}

export class ScriptedSocket {
  /** @type {import('ws').WebSocket} */
  #ws;
  /** @type {({kind: 'text', value: any} | {kind: 'binary', value: Int16Array})[]} */
  #inbox = [];
  /** @type {((m: any) => void)[]} */
  #waiting = [];
  /** @type {Promise<{code: number}>} */
  #closed;

  /**
   * @param {import('ws').WebSocket} ws
   * @param {import('node:http').IncomingMessage} request
   */
  constructor(ws, request) {
    this.#ws = ws;
    this.query = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    this.subprotocolHeader = request.headers['sec-websocket-protocol'];
    this.#closed = new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
    ws.on('message', (data, isBinary) => {
      const bytes = /** @type {Buffer} */ (data);
      const message = isBinary
        ? { kind: 'binary', value: new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) }
        : { kind: 'text', value: JSON.parse(bytes.toString('utf8')) };
      const waiter = this.#waiting.shift();
      if (waiter) {
        waiter(message);
      } else {
        this.#inbox.push(/** @type {any} */ (message));
      }
    });
  }

  /** @returns {Promise<{code: number}>} the close code, once the socket has closed */
  get closed() {
    return bounded(this.#closed, 'the socket to close');
  }

  get isResume() {
    return this.query.has('session_id');
  }

  /** @returns {Promise<{kind: 'text', value: any} | {kind: 'binary', value: Int16Array}>} */
  next() {
    const message = this.#inbox.shift();
    if (message) {
      return Promise.resolve(message);
    }
    return bounded(new Promise((resolve) => this.#waiting.push(resolve)), 'a message from the client');
  }

  /** Reads until a text message of `type` arrives; returns it and the audio read on the way. */
  async until(type) {
    const audio = [];
    for (;;) {
      const message = await this.next();
      if (message.kind === 'binary') {
        audio.push(...message.value);
      } else if (message.value.type === type) {
        return { message: message.value, audio: Int16Array.from(audio) };
      }
    }
  }

  /** Reads exactly `samples` samples of audio (text messages on the way are collected). */
  async audio(samples) {
    const audio = [];
    const texts = [];
    while (audio.length < samples) {
      const message = await this.next();
      if (message.kind === 'binary') {
        audio.push(...message.value);
      } else {
        texts.push(message.value);
      }
    }
    return { audio: Int16Array.from(audio), texts };
  }

  /** @param {object} message */
  send(message) {
    this.#ws.send(JSON.stringify(message));
  }

  started(sessionId = 's1', token = 't1') {
    this.send({ type: 'session.started', session_id: sessionId, resume_token: token, generation: 1 });
  }

  resumed({ sessionId = 's1', token, generation = 2, audioEndSamples }) {
    this.send({
      type: 'session.resumed', session_id: sessionId, generation, resume_token: token,
      audio_end: audioEndSamples / 16000, audio_end_samples: audioEndSamples,
    });
  }

  final(seq, text, end = 0.5) {
    this.send({ type: 'transcript', seq, is_final: true, speech_final: true, text, start: 0, end, lag: 0.1, words: [] });
  }

  interim(seq, text, end = 0.3) {
    this.send({ type: 'transcript', seq, is_final: false, speech_final: false, text, start: 0, end, lag: 0.1, words: [] });
  }

  error(code, closeCode, retryAfterMs) {
    this.send({ type: 'error', code, message: `scripted ${code}`, ...(retryAfterMs === undefined ? {} : { retry_after_ms: retryAfterMs }) });
    this.#ws.close(closeCode);
  }

  closeSession(reason = 'client_closed') {
    this.send({ type: 'session.closed', reason });
    this.#ws.close(1000);
  }

  /** @param {number} code */
  close(code) {
    this.#ws.close(code);
  }

  /** Cuts the TCP connection without a close frame (a network failure). */
  terminate() {
    this.#ws.terminate();
  }
}
