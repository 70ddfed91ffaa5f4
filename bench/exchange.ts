// `npm run bench -- exchange`: two real desks (two `desk serve` processes, two data folders, MT and TG) and
// the time from MT's authority recording FLAG_STATE_NOTIFIED to TG's answer applied on MT's case, when TG's
// authority answers at once (a client on TG's stream records REGISTER_CHECKED and REQUEST_ANSWERED as soon as
// the incoming request appears). Beside it, in the same run: a plain signed HTTP round trip between two
// plain Node processes (bench/exchange-peer.ts), the same two Ed25519-signed hops with nothing else.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { OpeningReport } from '../machines/schemas.ts';
import { freePort, untilUp } from './processes.ts';
import { ms, ratio, summarise } from './stats.ts';

const SAMPLES = 60;
const WARMUP = 5;

const REPORT: OpeningReport = {
  interceptingState: 'MT',
  unit: { name: 'P61', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { name: 'NOUR', flag: 'TG' },
  position: { lat: 34.5, lon: 15.5 },
  grounds: ['overcrowded fishing vessel on a known smuggling route'],
};

interface Desk {
  state: string;
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  authority: string;
  operator: string;
  jwks: unknown;
}

async function desk(state: string): Promise<Desk> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `desk-bench-${state}-`));
  const env = {
    ...process.env,
    DESK_PORT: String(port),
    DESK_HOST: '127.0.0.1',
    DESK_DATA: dataDir,
    DESK_HOME_STATE: state,
    DESK_LOG_LEVEL: 'warn',
    DESK_RATE_LIMIT: '1000000',
  };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/desk.js', ...args], { env, encoding: 'utf8' }).stdout.trim();
  const jwks = JSON.parse(cli('exchange', 'jwks'));
  const authority = cli('token', '--role', 'authority', '--subject', `${state} bench authority`)
    .split('\n')
    .at(-1)!;
  const operator = cli('token', '--role', 'operator', '--subject', `${state} bench watch`)
    .split('\n')
    .at(-1)!;
  const child = spawn(process.execPath, ['bin/desk.js', 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await untilUp(`${url}/health`, child, `desk ${state}`);
  return { state, url, port, dataDir, child, authority, operator, jwks };
}

async function call(d: Desk, method: string, path: string, body: unknown, as = d.authority) {
  const res = await fetch(`${d.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id?: string };
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

type StreamMessage = { type: string; caseId?: string; event?: { type: string; kind?: string } };

async function follow(d: Desk, onEvent: (m: StreamMessage) => void): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${d.port}/stream?token=${d.authority}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as StreamMessage;
      if (m.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', caseId: '*' }));
      else if (m.type === 'subscribed') resolve();
      else if (m.type === 'event') onEvent(m);
    });
  });
  return ws;
}

async function desks(): Promise<number[]> {
  const mt = await desk('MT');
  const tg = await desk('TG');
  const sockets: WebSocket[] = [];
  try {
    for (const [a, b] of [
      [mt, tg],
      [tg, mt],
    ] as const)
      await call(a, 'PUT', `/directory/states/${b.state}`, {
        protocolParty: true,
        exchange: { url: b.url, jwks: b.jwks },
      });
    // TG's central authority answers every incoming request at once
    sockets.push(
      await follow(tg, (m) => {
        if (m.event?.type !== 'CASE_OPENED' || m.event.kind !== 'incoming-request') return;
        const path = `/cases/${m.caseId}/events`;
        void call(tg, 'POST', path, { type: 'REGISTER_CHECKED', onRegister: true }).then(() =>
          call(tg, 'POST', path, { type: 'REQUEST_ANSWERED', registry: 'confirmed' }),
        );
      }),
    );
    const answered = new Map<string, () => void>();
    sockets.push(
      await follow(mt, (m) => {
        if (m.event?.type === 'REGISTRY_CONFIRMED') answered.get(m.caseId!)?.();
      }),
    );
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const { id } = await call(mt, 'POST', '/cases', REPORT, mt.operator);
      const done = new Promise<void>((resolve) => answered.set(id!, resolve));
      const started = performance.now();
      await call(mt, 'POST', `/cases/${id}/events`, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
      await done;
      if (i >= WARMUP) samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    for (const s of sockets) s.close();
    for (const d of [mt, tg]) {
      d.child.kill('SIGTERM');
      await new Promise((r) => d.child.once('exit', r));
      rmSync(d.dataDir, { recursive: true, force: true });
    }
  }
}

async function peers(): Promise<number[]> {
  const [a, b] = [await freePort(), await freePort()];
  const start = (port: number, peer: number) =>
    new Promise<{ child: ChildProcess; jwk: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['bin/run-ts.js', 'bench/exchange-peer.ts', String(port), String(peer)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      child.stdout!.once('data', (d) => resolve({ child, jwk: String(d).trim() }));
    });
  const [pa, pb] = await Promise.all([start(a, b), start(b, a)]);
  try {
    await fetch(`http://127.0.0.1:${a}/key`, { method: 'POST', body: pb.jwk });
    await fetch(`http://127.0.0.1:${b}/key`, { method: 'POST', body: pa.jwk });
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const started = performance.now();
      await (await fetch(`http://127.0.0.1:${a}/ping`, { method: 'POST', body: '{}' })).text();
      if (i >= WARMUP) samples.push(performance.now() - started);
    }
    return samples;
  } finally {
    pa.child.kill();
    pb.child.kill();
  }
}

export async function benchExchange(): Promise<string[]> {
  const desk = summarise(await desks());
  const plain = summarise(await peers());
  return [
    `exchange: FLAG_STATE_NOTIFIED on MT to TG's answer applied on MT, TG answering at once (${SAMPLES} requests, one at a time)`,
    `  two desks (MT, TG)          p50 ${ms(desk.p50)}  p99 ${ms(desk.p99)}`,
    `  plain signed round trip     p50 ${ms(plain.p50)}  p99 ${ms(plain.p99)}  (two Node processes, two Ed25519 hops)`,
    `  desks / plain               p50 ${ratio(desk.p50, plain.p50)}  p99 ${ratio(desk.p99, plain.p99)}`,
  ];
}
