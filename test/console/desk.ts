// A real desk listening on a free port, as `desk serve` builds it (SQLite runtime on a temporary folder,
// training sessions, the wall clock so countdowns in the browser agree with the desk), for the browser tests.
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
  app: DeskApp;
  runtime: CaseRuntime;
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
  close(): Promise<void>;
}

export async function startConsoleDesk(): Promise<ConsoleDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-console-'));
  const runtime = await openRuntime({ dataDir, clock: systemClock, homeState: 'MT' });
  const library = loadScenarioLibrary(SCENARIOS);
  const training = new TrainingDesk({ runtime, scenarios: () => library, ids: () => randomUUID() });
  const config = { dataDir, secret: undefined };
  const app = await buildApp({
    runtime,
    config,
    logger: silentLogger(),
    clock: systemClock,
    training,
    // the page and the test share a token per role: the rate limit is not under test here
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  runtime.startDeadlineWorker();
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the desk is not listening on TCP');
  const base = `http://127.0.0.1:${address.port}`;
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
    app,
    runtime,
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
      for (const client of app.websocketServer.clients) {
        client.terminate();
        n++;
      }
      return n;
    },
    close: async () => {
      await app.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
