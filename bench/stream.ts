// The stream's round trip, `POST /cases/:id/events` to the entry arriving at a subscribed WebSocket client,
// against a bare Fastify + @fastify/websocket server whose POST handler broadcasts the same bytes, measured
// in the same run; then the fan-out of one event to 500 subscribers. Client and servers share this process,
// so the figures compare with each other, not with a deployment.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import WebSocket, { type RawData } from 'ws';
import type { OpeningReport } from '../machines/schemas.ts';
import { issueToken, loadSigningKey } from '../src/auth/tokens.ts';
import { buildApp } from '../src/http/app.ts';
import { silentLogger } from '../src/log.ts';
import { openRuntime, systemClock } from '../src/runtime/case-runtime.ts';
import { ms, percentile, ratio } from './stats.ts';

const REPORT: OpeningReport = {
  interceptingState: 'MT',
  unit: { name: 'P61', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { name: 'NOUR', flag: 'TG' },
  position: { lat: 34.5, lon: 15.5 },
};

// A rate is sustained while p99 stays within this and the sender keeps up.
const P99_BOUND_MS = 50;
const STEP_SECONDS = 2;
const RATES = [50, 100, 150, 200, 250, 300, 400, 600, 800, 1200, 1600, 2400, 3200, 4800, 6400];
const FAN_OUT = 500;
const FAN_OUT_EVENTS = 20;

const sleep = (msec: number) => new Promise<void>((resolve) => setTimeout(resolve, msec));
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(2);
  }
  return true;
}

// One server under test, seen from the client: where to post, and how to follow the stream.
interface Target {
  name: string;
  port: number;
  eventsPath: string;
  authorization: string;
  // opens a subscribed stream client; `onData` sees every message that follows the subscription
  follow(onData: (data: RawData) => void): Promise<WebSocket>;
  close(): Promise<void>;
}

function post(agent: Agent, target: Target, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.eventsPath,
        method: 'POST',
        agent,
        headers: {
          authorization: target.authorization,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

// Resolves once the server has sent `ready`'s message; every later message goes to `onData`.
function openSocket(
  url: string,
  authorization: string | undefined,
  ready: (data: RawData, ws: WebSocket) => boolean,
  onData: (data: RawData) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, authorization ? { headers: { authorization } } : {});
    let following = false;
    // listening from the start: a first message can arrive in the same read as the upgrade
    ws.on('message', (data) => {
      if (following) return onData(data);
      if (!ready(data, ws)) return;
      following = true;
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

async function startDesk(): Promise<Target & { sample(): Promise<string> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-bench-stream-'));
  const config = { dataDir, secret: undefined };
  const runtime = await openRuntime({ dataDir, clock: systemClock });
  const app = await buildApp({
    runtime,
    config,
    logger: silentLogger(),
    clock: systemClock,
    // the bench posts thousands of events on one token
    rateLimit: { max: 100_000_000, timeWindowMs: 60_000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('desk not listening');
  const token = await issueToken('operator', { key: loadSigningKey(config), subject: 'bench' });
  const opened = await runtime.openCase(REPORT, { role: 'operator', subject: 'bench' });
  if (opened.status !== 'applied') throw new Error('bench case not opened');
  const caseId = opened.view.id;
  const target = {
    name: 'desk',
    port: address.port,
    eventsPath: `/cases/${caseId}/events`,
    authorization: `Bearer ${token}`,
    follow(onData: (data: RawData) => void) {
      return openSocket(
        `ws://127.0.0.1:${address.port}/stream`,
        `Bearer ${token}`,
        (data, ws) => {
          const text = String(data);
          if (text.includes('"hello"')) ws.send(JSON.stringify({ type: 'subscribe', caseId }));
          return text.includes('"subscribed"');
        },
        onData,
      );
    },
    // one stream message as the desk sends it, for the bare server to copy the size of
    async sample() {
      let message = '';
      const ws = await target.follow((data) => {
        message = String(data);
      });
      const agent = new Agent({ keepAlive: true });
      await post(agent, target, JSON.stringify({ type: 'POSITION_REPORTED', lat: 34.5, lon: 15.49 }));
      await until(() => message !== '', 5000);
      agent.destroy();
      ws.terminate();
      return message;
    },
    async close() {
      await app.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return target;
}

// The floor: parse the body, build a message of the desk's size around it, send it to every client.
async function startBare(sample: string): Promise<Target> {
  const template = JSON.parse(sample) as { event: unknown; view: unknown };
  const app = Fastify({ logger: false });
  await app.register(websocket);
  const clients = new Set<WebSocket>();
  app.get('/stream', { websocket: true }, (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.send(JSON.stringify({ type: 'subscribed' }));
  });
  app.post('/events', async (req) => {
    const message = JSON.stringify({ ...template, event: req.body });
    for (const client of clients) client.send(message);
    return template.view;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('bare server not listening');
  return {
    name: 'bare',
    port: address.port,
    eventsPath: '/events',
    authorization: 'Bearer none',
    follow: (onData) =>
      openSocket(
        `ws://127.0.0.1:${address.port}/stream`,
        undefined,
        (data) => String(data).includes('subscribed'),
        onData,
      ),
    close: () => app.close(),
  };
}

interface Step {
  rate: number;
  sent: number;
  p50: number;
  p99: number;
  sustained: boolean;
  why?: string;
}

let lonSeq = 0;

// Open loop: events go out on schedule whatever the answers do, and each latency counts from the moment
// the event was due, so a stalled server or sender shows in the figures instead of hiding in fewer sends.
async function step(target: Target, rate: number, seconds = STEP_SECONDS): Promise<Step> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const due = new Map<number, number>();
  const latencies: number[] = [];
  const ws = await target.follow((data) => {
    const at = performance.now();
    const m = JSON.parse(String(data)) as { event?: { lon?: number } };
    const lon = m.event?.lon;
    const t = lon === undefined ? undefined : due.get(lon);
    if (t === undefined || lon === undefined) return;
    due.delete(lon);
    latencies.push(at - t);
  });
  const n = Math.round(rate * seconds);
  let inFlight = 0;
  let failed = 0;
  let why: string | undefined;
  const start = performance.now() + 10;
  let sent = 0;
  for (; sent < n; sent++) {
    const at = start + (sent * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    else if (sent % 16 === 0) await yieldNow();
    // a quarter of a second of unanswered requests: the server is not keeping up with this rate
    if (inFlight > Math.max(25, rate / 4)) {
      why = `${inFlight} requests unanswered`;
      break;
    }
    lonSeq++;
    const lon = 15.5 + lonSeq * 1e-7;
    due.set(lon, at);
    inFlight++;
    void post(agent, target, JSON.stringify({ type: 'POSITION_REPORTED', lat: 34.5, lon })).then((status) => {
      inFlight--;
      if (status !== 200) failed++;
    });
  }
  const drained = await until(() => inFlight === 0 && due.size === 0, 15_000);
  ws.terminate();
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  if (!why && failed > 0) why = `${failed} requests failed`;
  if (!why && !drained) why = `${due.size} events never arrived`;
  if (!why && p99 > P99_BOUND_MS) why = `p99 ${ms(p99)}`;
  return { rate, sent, p50, p99, sustained: why === undefined, ...(why ? { why } : {}) };
}

// Time from posting one event to its receipt by the last of `count` subscribers.
async function fanOut(target: Target, count: number, events: number): Promise<number[]> {
  let received = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 50) {
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, () =>
          target.follow(() => {
            received++;
          }),
        ),
      )),
    );
  }
  const agent = new Agent({ keepAlive: true });
  const times: number[] = [];
  for (let i = 0; i < events; i++) {
    received = 0;
    lonSeq++;
    const t0 = performance.now();
    await post(
      agent,
      target,
      JSON.stringify({ type: 'POSITION_REPORTED', lat: 34.5, lon: 15.5 + lonSeq * 1e-7 }),
    );
    if (!(await until(() => received >= count, 15_000)))
      throw new Error(`${target.name}: fan-out incomplete`);
    times.push(performance.now() - t0);
  }
  agent.destroy();
  for (const ws of sockets) ws.terminate();
  return times.sort((a, b) => a - b);
}

const show = (s: Step) =>
  `${s.rate}/s: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}${s.sustained ? '' : ` (not sustained: ${s.why})`}`;

export async function benchStream(): Promise<string[]> {
  const desk = await startDesk();
  const sample = await desk.sample();
  const bare = await startBare(sample);
  const lines: string[] = [];
  try {
    // warm both up: JIT, keep-alive sockets, SQLite pages
    await step(desk, 200, 1);
    await step(bare, 200, 1);

    // Up the ladder; a rung that fails is tried once more, so one stall of the disk does not end the climb.
    // The climb goes on to 200/s whatever happens below it, for the comparison at that rate.
    const climb = async (target: Target) => {
      const steps: Step[] = [];
      for (const rate of RATES) {
        let s = await step(target, rate);
        if (!s.sustained) s = await step(target, rate);
        steps.push(s);
        if (!s.sustained && rate >= 200) break;
      }
      return steps;
    };
    const deskSteps = await climb(desk);
    const bareSteps = await climb(bare);
    const at = (steps: Step[], rate: number) => steps.find((s) => s.rate === rate);
    // the highest rung below the first one that failed
    const best = (steps: Step[]) => {
      const failed = steps.findIndex((s) => !s.sustained);
      return (failed === -1 ? steps : steps.slice(0, failed)).at(-1);
    };
    const d200 = at(deskSteps, 200)!;
    const b200 = at(bareSteps, 200)!;
    const dMax = best(deskSteps);
    const bMax = best(bareSteps);
    const bAtDeskMax = dMax ? at(bareSteps, dMax.rate) : undefined;

    lines.push(
      `stream round trip, POST to WebSocket receipt, one subscriber (${sample.length} B per message):`,
    );
    lines.push(
      `  at 200/s (${d200.sent} events): desk p50 ${ms(d200.p50)}, p99 ${ms(d200.p99)}; bare p50 ${ms(b200.p50)}, p99 ${ms(b200.p99)}`,
    );
    lines.push(
      `  ratio desk/bare at 200/s: p50 ${ratio(d200.p50, b200.p50)}, p99 ${ratio(d200.p99, b200.p99)}`,
    );
    if (!d200.sustained) lines.push(`  the desk does not sustain 200/s: ${d200.why}`);
    lines.push(
      `  highest sustained rate (p99 <= ${P99_BOUND_MS} ms, sender keeping up; steps of ${STEP_SECONDS} s): ` +
        `desk ${dMax ? show(dMax) : 'none'}; bare ${bMax ? show(bMax) : 'none'}${bMax?.rate === RATES.at(-1) ? ' (the top of the ladder)' : ''}`,
    );
    if (dMax && bAtDeskMax) {
      lines.push(
        `  ratio desk/bare at ${dMax.rate}/s: p50 ${ratio(dMax.p50, bAtDeskMax.p50)}, p99 ${ratio(dMax.p99, bAtDeskMax.p99)}; ` +
          `sustained rate bare/desk ${ratio(bMax?.rate ?? Number.NaN, dMax.rate)}`,
      );
    }
    lines.push(`  desk steps: ${deskSteps.map(show).join(' | ')}`);
    lines.push(`  bare steps: ${bareSteps.map(show).join(' | ')}`);

    const dFan = await fanOut(desk, FAN_OUT, FAN_OUT_EVENTS);
    const bFan = await fanOut(bare, FAN_OUT, FAN_OUT_EVENTS);
    lines.push(
      `fan-out of one event to ${FAN_OUT} subscribers, time to the last receipt (${FAN_OUT_EVENTS} events): ` +
        `desk p50 ${ms(percentile(dFan, 50))}, max ${ms(dFan.at(-1)!)}; ` +
        `bare p50 ${ms(percentile(bFan, 50))}, max ${ms(bFan.at(-1)!)}; ` +
        `ratio desk/bare p50 ${ratio(percentile(dFan, 50), percentile(bFan, 50))}`,
    );
    lines.push('(client and servers share one process; latency counts from when each event was due)');
  } finally {
    await bare.close();
    await desk.close();
  }
  return lines;
}
