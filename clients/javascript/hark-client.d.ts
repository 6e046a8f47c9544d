/** Types of Hark's browser client (hark-client.js). The wire contract is docs/protocol.md. */

export interface ResumePolicy {
  /** Reconnects per drop; 0 turns resuming off. Default 5. */
  maxAttempts: number;
  /** Wait before the first attempt, doubling per attempt. Default 200. */
  firstDelayMs: number;
  /** Cap of the doubling. Default 2000. The server's retry_after_ms wins when longer. */
  maxDelayMs: number;
}

export const DEFAULT_RESUME_POLICY: Readonly<ResumePolicy>;

export interface HarkClientOptions {
  /** ws(s)://host:port/v1/stream. Default: the page's own origin. */
  url?: string;
  /** Hz of the audio sent; the microphone is resampled to it. Default 16000. */
  sampleRate?: number;
  /** Ask for interim transcripts. Default true. */
  interimResults?: boolean;
  /** BCP-47 tag passed as `language`. Default: the server's (en). */
  language?: string;
  /**
   * Returns a short-lived browser token (your backend gets it from Hark's `POST /v1/auth/grant`
   * with its API key), fetched for every socket (connect and each resume) and sent as
   * `Sec-WebSocket-Protocol: bearer, TOKEN`. Without it no subprotocol is sent. A first socket
   * the server refused (the browser cannot say why: an expired token looks like a network
   * failure) is tried once more with a fresh token. Never put an API key in a page.
   */
  token?: () => Promise<string>;
  /** Microphone frame length, 20-100 ms. Default 20. */
  frameMs?: number;
  /** Audio kept for resending after a drop. Default 30 (seconds). */
  bufferSeconds?: number;
  resume?: Partial<ResumePolicy>;
  /**
   * On `server.draining`: 'finish' (default) closes the session at once, delivering every final
   * for the audio sent; 'resume' keeps streaming until the server's deadline. A session the
   * draining server finalizes ends with `closed` reason `server_draining` and cannot be resumed
   * (Hark cannot move sessions between instances yet; connect() again for a new one); audio in
   * flight at the deadline is refused, reported once as a non-fatal STREAM_CLOSING. A socket the
   * draining server drops without finalizing is resumed (through a load balancer, elsewhere).
   */
  onDraining?: 'finish' | 'resume';
  /** Bound on waiting for session.started / session.resumed. Default 10000. */
  startTimeoutMs?: number;
  /** Bound on waiting for session.closed after close(). Default 30000. */
  closeTimeoutMs?: number;
  /** Stop handing audio to the socket while more than this many bytes wait in it. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** A WebSocket implementation (Node: the `ws` package). Default: the global one. */
  WebSocket?: unknown;
  /** For tests: how to wait between resume attempts. */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: a monotonic clock in ms. Default performance.now. */
  now?: () => number;
}

export type ClientState =
  | { name: 'idle' }
  | { name: 'connecting' }
  | { name: 'open'; sessionId: string; generation: number }
  | { name: 'resuming'; sessionId: string; attempt: number; maxAttempts: number; reason: string }
  | { name: 'closing'; sessionId: string }
  | { name: 'closed'; reason: string }
  | { name: 'failed'; error: HarkError };

export interface Word {
  word: string;
  start: number;
  end: number;
  confidence: number;
}

export interface Transcript {
  /** Finals are numbered 1, 2, 3... per session; an interim carries the seq its final will get. */
  seq: number;
  isFinal: boolean;
  /** The speaker stopped after this final (end of utterance). */
  speechFinal: boolean;
  text: string;
  /** Seconds on the session's audio clock. */
  start: number;
  end: number;
  /** How far recognition was behind the audio the server had, in seconds. */
  lag: number;
  confidence?: number;
  words: Word[];
  /** Finals only: ms from the capture of the audio at `end` to the arrival of this final. */
  latencyMs?: number;
}

export interface StartedEvent {
  sessionId: string;
  generation: number;
}

export interface ResumedEvent {
  sessionId: string;
  generation: number;
  /** Audio the server had when it resumed (sample frames). */
  audioEndSamples: number;
  /** Audio the client resent from its buffer. */
  resendSamples: number;
}

/** `server.draining`: the server is stopping and finalizes the session at its deadline. */
export interface DrainingEvent {
  /** ms from the announcement to the deadline (the server's `remaining_ms`). */
  remainingMs?: number;
  /** The deadline on the server's clock, ISO-8601 (the server's `deadline`). */
  deadline?: string;
  /** What the client does about it: the `onDraining` option. */
  action: 'finish' | 'resume';
}

export interface ClientEvents {
  state: ClientState;
  started: StartedEvent;
  resumed: ResumedEvent;
  interim: Transcript;
  /** Each final exactly once, in order, across every resume. */
  final: Transcript;
  /** Non-fatal (`fatal: false`: the session goes on) and fatal errors (then state is 'failed'). */
  error: HarkError;
  draining: DrainingEvent;
  /** `reason`: the server's (`client_closed`, `server_draining`, ...). */
  closed: { reason: string };
}

export declare const ClientCodes: Readonly<{
  CONNECTION_FAILED: 'CONNECTION_FAILED';
  RESUME_FAILED: 'RESUME_FAILED';
  TIMEOUT: 'TIMEOUT';
  TOKEN_UNAVAILABLE: 'TOKEN_UNAVAILABLE';
  PROTOCOL: 'PROTOCOL';
  ABORTED: 'ABORTED';
  AUDIO_LOST: 'AUDIO_LOST';
  MICROPHONE_UNAVAILABLE: 'MICROPHONE_UNAVAILABLE';
}>;

export declare class HarkError extends Error {
  /** A server code (docs/protocol.md) or one of ClientCodes. */
  readonly code: string;
  /** Whether the session ended because of it. */
  readonly fatal: boolean;
  readonly retryAfterMs?: number;
}

export declare class HarkClient {
  constructor(options?: HarkClientOptions);
  on<K extends keyof ClientEvents>(type: K, listener: (value: ClientEvents[K]) => void): () => void;
  readonly state: ClientState;
  readonly sessionId: string | null;
  /** Idempotent while connecting or connected: one socket, one session. */
  connect(): Promise<StartedEvent>;
  startMicrophone(options?: { constraints?: MediaTrackConstraints }): Promise<void>;
  stopMicrophone(): void;
  /** Mono signed 16-bit PCM at `sampleRate`. */
  sendAudio(pcm: Int16Array): void;
  finalize(): void;
  close(): Promise<{ reason: string }>;
  abort(): void;
  dropConnection(): void;
}

export declare class StreamingResampler {
  constructor(inputRate: number, outputRate: number);
  readonly inputRate: number;
  readonly outputRate: number;
  process(input: Float32Array): Float32Array;
}

export declare function toInt16(samples: Float32Array): Int16Array;
export declare function toFloat32(samples: Int16Array): Float32Array;

/** Reads a 16-bit PCM WAV (any rate, any channels) into mono samples. Throws TypeError otherwise. */
export declare function decodeWav(buffer: ArrayBuffer): { sampleRate: number; samples: Int16Array };
