/** URLs and messages of Hark's /v1/stream protocol (docs/protocol.md). */

export const KEEPALIVE = JSON.stringify({ type: 'keepalive' });
export const FINALIZE = JSON.stringify({ type: 'finalize' });
export const CLOSE_STREAM = JSON.stringify({ type: 'close_stream' });

/**
 * The URL that opens a new session.
 * @param {string} endpoint ws(s)://host:port/v1/stream
 * @param {{sampleRate: number, interimResults: boolean, language?: string}} format
 */
export function openUrl(endpoint, format) {
  const url = new URL(endpoint);
  url.searchParams.set('encoding', 'linear16');
  url.searchParams.set('sample_rate', String(format.sampleRate));
  url.searchParams.set('channels', '1');
  url.searchParams.set('interim_results', String(format.interimResults));
  if (format.language) {
    url.searchParams.set('language', format.language);
  }
  return url.toString();
}

/**
 * The URL that resumes a session (format parameters are the session's own and not repeated).
 * @param {string} endpoint
 * @param {string} sessionId
 * @param {string} token
 * @param {number} lastSeq
 */
export function resumeUrl(endpoint, sessionId, token, lastSeq) {
  const url = new URL(endpoint);
  url.searchParams.set('session_id', sessionId);
  url.searchParams.set('resume_token', token);
  url.searchParams.set('last_seq', String(lastSeq));
  return url.toString();
}

/**
 * The default endpoint: the page's own origin, as ws:// or wss://.
 * @returns {string}
 */
export function defaultEndpoint() {
  const here = globalThis.location;
  if (here === undefined) {
    throw new TypeError('no url given and no page location to derive one from');
  }
  return `${here.protocol === 'https:' ? 'wss:' : 'ws:'}//${here.host}/v1/stream`;
}

/**
 * A server `transcript` message as the app sees it.
 * @param {any} m
 * @param {number | undefined} latencyMs
 */
export function toTranscript(m, latencyMs) {
  return {
    seq: m.seq,
    isFinal: m.is_final === true,
    speechFinal: m.speech_final === true,
    text: typeof m.text === 'string' ? m.text : '',
    start: m.start,
    end: m.end,
    lag: m.lag,
    confidence: m.confidence,
    words: Array.isArray(m.words) ? m.words : [],
    latencyMs,
  };
}
