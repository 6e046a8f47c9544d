// Hark's demo page: the browser client (hark-client.js) wired to a few buttons. Everything a
// real app needs is in the client; this file only shows what it reports.
import { HarkClient, StreamingResampler, decodeWav, toFloat32, toInt16 } from './hark-client.js';

const $ = (id) => document.getElementById(id);
const SAMPLE_RATE = 16000;
const FRAME_MS = 20;

const client = new HarkClient({ sampleRate: SAMPLE_RATE, frameMs: FRAME_MS });
/** Everything the client reported, for people with devtools open and for the browser tests. */
const events = [];
window.harkDemo = { client, events };
let streamingFile = false;

for (const type of ['state', 'started', 'resumed', 'interim', 'final', 'error', 'draining', 'closed']) {
  client.on(type, (value) => events.push({ type, at: performance.now(), value: type === 'error' ? { code: value.code, fatal: value.fatal, message: value.message } : value }));
}

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
client.on('error', (e) => log('error', `${e.fatal ? 'error' : 'warning'} ${e.code}: ${e.message}`));
client.on('draining', (d) => log('', `the server is draining; ${d.action === 'finish' ? 'finishing the session' : 'will resume elsewhere'}`));
client.on('closed', (c) => log('', `session closed (${c.reason})`));

$('start').addEventListener('click', () => {
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
