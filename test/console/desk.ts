// A real desk listening on a free port, as `desk serve` builds it (SQLite runtime on a temporary folder,
// training sessions, the wall clock so countdowns in the browser agree with the desk), for the browser tests.
// It can be stopped and started again on the same port and folder, as a desk process restarted by its host.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../machines/schemas.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { buildApp, type DeskApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { type CaseRuntime, openRuntime, systemClock } from '../../src/runtime/case-runtime.ts';
import { loadScenarioLibrary, TrainingDesk } from '../../src/training/sessions.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url));

export interface ConsoleDesk {
  readonly app: DeskApp;
  readonly runtime: CaseRuntime;
  base: string;
  token(role: Role, subject?: string): Promise<string>;
  post(
    path: string,
    body: unknown,
    role?: Role,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>;
  // what a dropped link looks like from the desk's side: every stream socket gone at once
  cutStreams(): number;
  // the desk down: nothing listens on its port until start(); its data stays
  stop(): Promise<void>;
  // up again on the same port, with the same data (and so the same tokens and stream epoch); with `secret`,
  // signing tokens with another key, so none issued before is accepted
  start(opts?: { secret?: string }): Promise<void>;
  close(): Promise<void>;
}

interface Running {
  app: DeskApp;
  runtime: CaseRuntime;
}

async function serve(dataDir: string, port: number, secret?: string): Promise<Running> {
  const runtime = await openRuntime({ dataDir, clock: systemClock, homeState: 'MT' });
  const library = loadScenarioLibrary(SCENARIOS);
  const training = new TrainingDesk({ runtime, scenarios: () => library, ids: () => randomUUID() });
  // as desk serve does: sessions a restart interrupted go on
  await training.restore();
  const app = await buildApp({
    runtime,
    config: { dataDir, secret },
    logger: silentLogger(),
    clock: systemClock,
    training,
    // the page and the test share a token per role: the rate limit is not under test here
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
  });
  await app.listen({ host: '127.0.0.1', port });
  runtime.startDeadlineWorker();
  return { app, runtime };
}

export async function startConsoleDesk(): Promise<ConsoleDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-console-'));
  const config = { dataDir, secret: undefined };
  let running: Running | undefined = await serve(dataDir, 0);
  const address = running.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the desk is not listening on TCP');
  const port = address.port;
  const base = `http://127.0.0.1:${port}`;
  const up = (): Running => {
    if (!running) throw new Error('the desk is stopped');
    return running;
  };
  const stop = async () => {
    const was = running;
    running = undefined;
    if (!was) return;
    await was.app.close();
    await was.runtime.stop();
  };
  const key = loadSigningKey(config);
  const tokens = new Map<string, string>();
  const token = async (role: Role, subject?: string) => {
    const k = `${role}:${subject ?? ''}`;
    let t = tokens.get(k);
    if (!t) {
      t = await issueToken(role, { key, ...(subject ? { subject } : {}) });
      tokens.set(k, t);
    }
    return t;
  };
  return {
    get app() {
      return up().app;
    },
    get runtime() {
      return up().runtime;
    },
    base,
    token,
    post: async (path, body, role = 'operator', headers = {}) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await token(role)}`,
          'content-type': 'application/json',
          ...headers,
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    cutStreams: () => {
      let n = 0;
      for (const client of up().app.websocketServer.clients) {
        client.terminate();
        n++;
      }
      return n;
    },
    stop,
    start: async (opts = {}) => {
      if (!running) running = await serve(dataDir, port, opts.secret);
    },
    close: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A flag State that must answer within `hours` (0.002: about 7 seconds), so a test's case falls overdue while
// the page is shown: the directory's profile, put back whole with that one field changed.
export async function replyWithin(desk: ConsoleDesk, state: string, hours: number): Promise<void> {
  const authority = { authorization: `Bearer ${await desk.token('authority')}` };
  const directory = (await fetch(`${desk.base}/directory`, { headers: authority }).then((r) => r.json())) as {
    states: Record<string, object>;
  };
  const put = await fetch(`${desk.base}/directory/states/${state}`, {
    method: 'PUT',
    headers: { ...authority, 'content-type': 'application/json' },
    body: JSON.stringify({ ...directory.states[state], replyWithinHours: hours }),
  });
  if (put.status !== 200) throw new Error(`the directory refused ${state}'s reply time: ${put.status}`);
}
