// Hark's demo page: the browser client (hark-client.js) wired to a few buttons. Everything a
// real app needs is in the client; this file only shows what it reports.
import { HarkClient, StreamingResampler, decodeWav, toFloat32, toInt16 } from './hark-client.js';

const $ = (id) => document.getElementById(id);
const SAMPLE_RATE = 16000;
const FRAME_MS = 20;

/** A browser token has three base64url parts; an API key has none of the dots. */
const TOKEN_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Everything the clients reported, for people with devtools open and for the browser tests. */
const events = [];
/** The pasted browser token the current client sends ('' for none: a server without keys). */
let clientToken = '';
let client = newClient(clientToken);
window.harkDemo = { client, events };
let streamingFile = false;
$('grant-url').textContent = `${location.origin}/v1/auth/grant`;

/**
 * The client for the next session: a new one when the pasted token changed (the token function is
 * fixed per client). Null, with the reason logged, when what was pasted is not a browser token.
 */
function clientForNextSession() {
  const token = $('token').value.trim();
  if (token !== '' && !TOKEN_SHAPE.test(token)) {
    log('error', 'that is not a browser token: never paste an API key into a page; mint a token with it instead');
    return null;
  }
  if (token !== clientToken) {
    clientToken = token;
    client = newClient(token);
    window.harkDemo.client = client;
  }
  return client;
}

/** @param {string} token the pasted browser token, '' for none */
function newClient(token) {
  const created = new HarkClient({
    sampleRate: SAMPLE_RATE,
    frameMs: FRAME_MS,
    ...(token === '' ? {} : { token: async () => token }),
  });
  wire(created);
  return created;
}

/** @param {HarkClient} c */
function wire(c) {
  for (const type of ['state', 'started', 'resumed', 'interim', 'final', 'error', 'draining', 'closed']) {
    c.on(type, (value) => events.push({ type, at: performance.now(), value: type === 'error' ? { code: value.code, fatal: value.fatal, message: value.message } : value }));
  }
  wireView(c);
}

/** @param {HarkClient} client */
function wireView(client) {
  client.on('state', (state) => {
    if (state.name === 'resuming' && state.attempt === 1) {
      log('error', `${state.reason}: resuming the session`);
    }
    $('state').textContent = state.name === 'resuming' ? `resuming (attempt ${state.attempt} of ${state.maxAttempts})` : state.name;
    $('state').dataset.state = state.name;
    $('session').textContent = state.sessionId ? `session ${state.sessionId}` : '';
    updateButtons();
  });
  client.on('interim', (t) => {
    $('interim').textContent = t.text;
  });
  client.on('final', (t) => {
    $('interim').textContent = '';
    if (t.text === '') {
      return;
    }
    const line = document.createElement('p');
    line.className = 'final';
    line.dataset.seq = String(t.seq);
    line.textContent = t.text;
    if (t.latencyMs !== undefined) {
      line.dataset.latencyMs = String(Math.round(t.latencyMs));
      const latency = document.createElement('span');
      latency.className = 'latency';
      latency.textContent = `${Math.round(t.latencyMs)} ms after the speech`;
      line.append(latency);
    }
    $('transcript').append(line);
  });
  client.on('started', (s) => log('', `session ${s.sessionId} started`));
  client.on('resumed', (r) => log('resumed', `resumed session ${r.sessionId} (attachment ${r.generation}): the server had ${(r.audioEndSamples / SAMPLE_RATE).toFixed(2)} s of audio, ${(r.resendSamples / SAMPLE_RATE).toFixed(2)} s resent`));
  client.on('error', (e) => {
    log('error', `${e.fatal ? 'error' : 'warning'} ${e.code}: ${e.message}`);
    if (e.code === 'CONNECTION_FAILED' && clientToken === '') {
      log('error', 'if this server has API keys, paste a browser token under "Server with API keys?"');
    }
  });
  client.on('draining', (d) => log('', `the server is stopping (deadline in ${d.remainingMs ?? '?'} ms): ${d.action === 'finish' ? 'finishing the session' : 'streaming until the deadline'}`));
  client.on('closed', (c) => log('', `session closed (${c.reason})`));
}

$('start').addEventListener('click', () => {
  const client = clientForNextSession();
  if (client === null) {
    return;
  }
  $('transcript').replaceChildren();
  client.startMicrophone().catch((e) => {
    log('error', `${e.code ?? 'error'}: ${e.message}`);
    client.abort();
  });
  updateButtons(true);
});
$('stop').addEventListener('click', () => {
  client.close().catch(() => {}); // failures are logged by the 'error' listener
});
$('drop').addEventListener('click', () => client.dropConnection());

const zone = $('drop-zone');
zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (event) => {
  event.preventDefault();
  zone.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file) {
    streamFile(file);
  }
});
$('file').addEventListener('change', (event) => {
  const file = event.target.files[0];
  event.target.value = '';
  if (file) {
    streamFile(file);
  }
});

/** Streams a WAV file at real-time pace, then closes the session to get its last finals. */
async function streamFile(file) {
  if (live() || streamingFile) {
    log('error', 'stop the current session before streaming a file');
    return;
  }
  let wav;
  try {
    wav = decodeWav(await file.arrayBuffer());
  } catch (e) {
    log('error', `${file.name}: ${e.message}`);
    return;
  }
  const client = clientForNextSession();
  if (client === null) {
    return;
  }
  const pcm = wav.sampleRate === SAMPLE_RATE
    ? wav.samples
    : toInt16(new StreamingResampler(wav.sampleRate, SAMPLE_RATE).process(toFloat32(wav.samples)));
  log('', `streaming ${file.name} (${(pcm.length / SAMPLE_RATE).toFixed(1)} s) at real time`);
  $('transcript').replaceChildren();
  streamingFile = true;
  updateButtons();
  try {
    client.connect().catch(() => {});
    const frame = SAMPLE_RATE * FRAME_MS / 1000;
    const started = performance.now();
    for (let sent = 0; sent < pcm.length && live();) {
      const due = Math.min(pcm.length, Math.floor((performance.now() - started) * SAMPLE_RATE / 1000) + frame);
      for (; sent < due; sent += frame) {
        client.sendAudio(pcm.subarray(sent, Math.min(sent + frame, pcm.length)));
      }
      await new Promise((resolve) => setTimeout(resolve, FRAME_MS));
    }
    if (live()) {
      await client.close();
    }
  } catch {
    // reported by the client's 'error' listener
  } finally {
    streamingFile = false;
    updateButtons();
  }
}

function live() {
  return ['connecting', 'open', 'resuming', 'closing'].includes(client.state.name);
}

function updateButtons(starting = false) {
  const name = client.state.name;
  $('start').disabled = starting || live() || streamingFile;
  $('stop').disabled = !live() || name === 'closing';
  $('drop').disabled = name !== 'open';
  $('file').disabled = live() || streamingFile;
}

function log(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('log').prepend(item);
}
