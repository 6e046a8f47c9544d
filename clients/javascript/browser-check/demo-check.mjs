// Drives Hark's demo page in a real Chromium (Debian's /usr/bin/chromium through playwright-core)
// for BrowserDemoIT: one scenario per run, the result as one JSON line on stdout.
//
//   node browser-check/demo-check.mjs --base http://127.0.0.1:PORT --scenario NAME [options]
//
// scenarios:
//   microphone     the fake microphone plays --wav once; waits for --finals finals, stops, reports
//                  every final (text, seq, latency) and the client's events
//   drop           as microphone, but cuts the network (a TCP proxy between page and Hark) once an
//                  interim of utterance --drop-at-seq shows, then lets the client resume
//   connect-twice  imports /hark-client.js in the page and calls connect() and startMicrophone()
//                  concurrently, then closes
//   tokens         against a server with API keys: a client whose token function returns
//                  --expired-token fails to connect; one that gets --expired-token then --fresh-token
//                  connects (the retry after a refused upgrade); then the demo page with
//                  --fresh-token pasted streams its microphone until a final shows
//   drain          two clients (onDraining 'finish' and 'resume', token --fresh-token) stream
//                  generated audio at real time; once both have a final, the server (--pid) gets
//                  SIGTERM; reports what each client received until it ended
// options: --screenshot FILE.png, --timeout-ms N (default 60000), --chromium PATH
import net from 'node:net';
import { chromium } from 'playwright-core';

const options = parseArgs(process.argv.slice(2));
const timeout = Number(options['timeout-ms'] ?? 60000);

/** Chromium as the issue asks: headless, no sandbox (root in CI), nothing that talks to the network. */
const flags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
  ...(options.wav ? [`--use-file-for-fake-audio-capture=${options.wav}%noloop`] : []),
];

async function microphone(page, base = options.base) {
  await page.goto(base);
  await page.click('#start');
  return finish(page);
}

async function drop(page) {
  const proxy = await TcpProxy.start(new URL(options.base));
  try {
    await page.goto(`http://127.0.0.1:${proxy.port}/`);
    await page.click('#start');
    const seq = Number(options['drop-at-seq'] ?? 2);
    await page.waitForFunction((s) => window.harkDemo.events.some((e) => e.type === 'interim' && e.value.seq >= s), seq);
    const cut = proxy.cut();
    await page.waitForFunction(() => window.harkDemo.events.some((e) => e.type === 'resumed'));
    return { cutConnections: cut, ...(await finish(page)) };
  } finally {
    proxy.close();
  }
}

/** Waits for the finals, takes the screenshot, stops, and collects what the page saw. */
async function finish(page) {
  const finals = Number(options.finals ?? 1);
  await page.waitForFunction((n) => document.querySelectorAll('#transcript .final').length >= n, finals);
  if (options.screenshot) {
    await page.screenshot({ path: options.screenshot, fullPage: true });
  }
  await page.click('#stop');
  await page.waitForFunction(() => ['closed', 'failed'].includes(window.harkDemo.client.state.name));
  return page.evaluate(() => ({
    state: window.harkDemo.client.state.name,
    transcript: [...document.querySelectorAll('#transcript .final')].map((el) => ({
      seq: Number(el.dataset.seq),
      text: el.firstChild.textContent,
    })),
    finals: window.harkDemo.events.filter((e) => e.type === 'final')
      .map((e) => ({ seq: e.value.seq, text: e.value.text, end: e.value.end, latencyMs: e.value.latencyMs ?? null })),
    events: window.harkDemo.events.filter((e) => e.type !== 'interim' && e.type !== 'final')
      .map((e) => ({ type: e.type, value: e.value })),
    interims: window.harkDemo.events.filter((e) => e.type === 'interim').length,
  }));
}

async function connectTwice(page) {
  await page.goto(options.base);
  return page.evaluate(async () => {
    const { HarkClient } = await import('/hark-client.js');
    const client = new HarkClient();
    const sockets = [];
    const started = await Promise.all([client.connect(), client.connect(), client.startMicrophone(), client.startMicrophone()]);
    const again = await client.connect();
    client.on('state', (s) => sockets.push(s.name));
    const closed = await client.close();
    return { sessionIds: [started[0].sessionId, started[1].sessionId, again.sessionId], closed, state: client.state.name };
  });
}

async function tokens(page) {
  await page.goto(options.base);
  const expired = options['expired-token'];
  const fresh = options['fresh-token'];
  const refused = await page.evaluate(async (token) => {
    const { HarkClient } = await import('/hark-client.js');
    let asked = 0;
    const client = new HarkClient({ token: async () => { asked++; return token; } });
    try {
      await client.connect();
      return { asked, state: client.state.name };
    } catch (e) {
      return { asked, state: client.state.name, code: e.code, message: e.message };
    }
  }, expired);
  const retried = await page.evaluate(async (handed) => {
    const { HarkClient } = await import('/hark-client.js');
    let asked = 0;
    const client = new HarkClient({ token: async () => handed[Math.min(asked++, handed.length - 1)] });
    const started = await client.connect();
    const closed = await client.close();
    return { asked, sessionId: started.sessionId, closed, state: client.state.name };
  }, [expired, fresh]);
  await page.click('#auth summary'); // as a person does: open "Server with API keys?", paste
  await page.fill('#token', fresh);
  await page.click('#start');
  return { refused, retried, ...(await finish(page)) };
}

async function drain(page) {
  await page.goto(options.base);
  await page.evaluate(async (token) => {
    const { HarkClient } = await import('/hark-client.js');
    window.drainRuns = {};
    window.drainClients = [];
    for (const onDraining of ['finish', 'resume']) {
      const run = { onDraining, finals: [], errors: [], sent: 0, sentAtDraining: null, draining: null, closed: null };
      window.drainRuns[onDraining] = run;
      const client = new HarkClient({ token: async () => token, onDraining });
      window.drainClients.push(client);
      client.on('final', (t) => run.finals.push(t.text));
      client.on('draining', (d) => {
        run.draining = { ...d, at: performance.now() };
        run.sentAtDraining = run.sent;
      });
      client.on('closed', (c) => {
        run.closed = { ...c, at: performance.now() };
      });
      client.on('error', (e) => run.errors.push(`${e.code}: ${e.message}`));
      await client.connect();
      // 20 ms of audio every 20 ms until the session takes no more (closing or closed)
      const timer = setInterval(() => {
        try {
          client.sendAudio(new Int16Array(320).fill(1000));
          run.sent += 320;
        } catch {
          clearInterval(timer);
        }
      }, 20);
    }
  }, options['fresh-token']);
  await page.waitForFunction(() => Object.values(window.drainRuns).every((run) => run.finals.length > 0));
  const sigtermAt = await page.evaluate(() => performance.now());
  process.kill(Number(options.pid), 'SIGTERM');
  await page.waitForFunction(() => window.drainClients.every((c) => ['closed', 'failed'].includes(c.state.name)));
  return page.evaluate((at) => ({
    sigtermAt: at,
    states: window.drainClients.map((c) => c.state.name),
    runs: window.drainRuns,
  }), sigtermAt);
}

/** A loopback TCP proxy to Hark whose open connections can be cut at once, as a network failure would. */
class TcpProxy {
  #server;
  #open = new Set();

  static start(target) {
    const proxy = new TcpProxy();
    proxy.#server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const [from, to] of [[client, upstream], [upstream, client]]) {
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => to.destroy());
      }
      const pair = { client, upstream };
      proxy.#open.add(pair);
      client.on('close', () => proxy.#open.delete(pair));
    });
    return new Promise((resolve) => proxy.#server.listen(0, '127.0.0.1', () => resolve(proxy)));
  }

  get port() {
    return this.#server.address().port;
  }

  /** Resets every open connection; new ones are still accepted. Returns how many were cut. */
  cut() {
    const count = this.#open.size;
    for (const { client, upstream } of this.#open) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.#open.clear();
    return count;
  }

  close() {
    this.cut();
    this.#server.close();
  }
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      fail(`bad arguments near ${argv[i]}`);
    }
    parsed[argv[i].slice(2)] = argv[i + 1];
  }
  return parsed;
}

function fail(message) {
  process.stderr.write(`demo-check: ${message}\n`);
  process.exit(2);
}

async function main() {
  const scenarios = { microphone, drop, 'connect-twice': connectTwice, tokens, drain };
  const run = scenarios[options.scenario];
  if (!run) {
    fail(`unknown --scenario ${options.scenario}; one of ${Object.keys(scenarios).join(', ')}`);
  }

  const launchedAt = performance.now();
  // playwright-core starts it with a fresh temporary profile (--user-data-dir) and --headless
  const browser = await chromium.launch({
    executablePath: options.chromium ?? '/usr/bin/chromium',
    headless: true,
    args: flags,
    timeout,
  });
  const launchMs = Math.round(performance.now() - launchedAt);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeout);
    const console = [];
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
    try {
      const result = await run(page);
      process.stdout.write(`${JSON.stringify({ chromium: browser.version(), launchMs, ...result, console })}\n`);
    } catch (e) {
      // what the page saw, so a failure in the suite can be understood from its log
      const seen = await page.evaluate(() => ({
        state: window.harkDemo?.client.state,
        events: window.harkDemo?.events.slice(-60),
        transcript: document.querySelector('#transcript')?.textContent,
        log: document.querySelector('#log')?.textContent,
      })).catch((inner) => ({ unavailable: String(inner) }));
      process.stdout.write(`${JSON.stringify({ error: String(e), seen, console })}\n`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
  }
}

await main();
