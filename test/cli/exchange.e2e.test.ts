// Two States' desks talking (contract.md, "Desk-to-desk exchange"; SoM art. 8(2), 8(4), 8(6)): two real
// `desk serve` processes, two data folders, two home States. MT intercepts a TG-flagged vessel, notifies and
// requests; TG's desk shows the incoming request; TG answers with scopes and a condition; MT's case permits
// exactly those, recorded as TG's. A stranger's signature changes nothing; a report sent while TG's desk is
// down arrives once when it is back.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ephemeralExchangeKeys } from '../../src/exchange/keys.ts';
import { signMessage } from '../../src/exchange/protocol.ts';
import { incomingCaseId } from '../../src/runtime/exchange.ts';
import { flaggedTrawler } from '../http/helpers.ts';
import { until } from '../until.ts';
import { freePort } from './free-port.ts';

interface Desk {
  state: string;
  port: number;
  dataDir: string;
  url: string;
  process?: ChildProcess;
  output: string;
  authority: string;
  operator: string;
  jwks: unknown;
}

const desks: Desk[] = [];

// What another process does, waited for; the value it produced.
async function waitFor<T>(what: string, get: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  let got: T | undefined;
  await until(
    what,
    async () => {
      const value = await get();
      if (value) got = value;
      return !!value;
    },
    ms,
  );
  return got!;
}

const env = (desk: Pick<Desk, 'state' | 'port' | 'dataDir'>) => ({
  ...process.env,
  DESK_PORT: String(desk.port),
  DESK_HOST: '127.0.0.1',
  DESK_DATA: desk.dataDir,
  DESK_HOME_STATE: desk.state,
  DESK_LOG_LEVEL: 'warn',
  // quick retries, many of them: the desk that is down comes back within the test
  DESK_EXCHANGE_RETRY: '60,200,1000',
});

function cli(desk: Pick<Desk, 'state' | 'port' | 'dataDir'>, ...args: string[]): string {
  const run = spawnSync(process.execPath, ['bin/desk.js', ...args], { env: env(desk), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

async function prepare(state: string): Promise<Desk> {
  const base = { state, port: await freePort(), dataDir: mkdtempSync(join(tmpdir(), `desk-${state}-`)) };
  const desk: Desk = {
    ...base,
    url: `http://127.0.0.1:${base.port}`,
    output: '',
    jwks: JSON.parse(cli(base, 'exchange', 'jwks')),
    authority: cli(base, 'token', '--role', 'authority', '--subject', `${state} duty officer`)
      .trim()
      .split('\n')
      .at(-1)!,
    operator: cli(base, 'token', '--role', 'operator', '--subject', `${state} watch`)
      .trim()
      .split('\n')
      .at(-1)!,
  };
  desks.push(desk);
  return desk;
}

async function start(desk: Desk): Promise<void> {
  const child = spawn(process.execPath, ['bin/desk.js', 'serve'], {
    env: env(desk),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  desk.process = child;
  child.stdout?.on('data', (d) => {
    desk.output += String(d);
  });
  child.stderr?.on('data', (d) => {
    desk.output += String(d);
  });
  await waitFor(
    `desk ${desk.state} listening`,
    async () => {
      if (child.exitCode !== null) throw new Error(`desk ${desk.state} exited:\n${desk.output}`);
      return fetch(`${desk.url}/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    30_000,
  );
}

async function call(desk: Desk, method: string, path: string, body?: unknown, as = desk.authority) {
  const res = await fetch(`${desk.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${as}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer read by the test
  return { status: res.status, body: (await res.json()) as any };
}

const record = async (desk: Desk, id: string, event: Record<string, unknown>, as?: string) => {
  const res = await call(desk, 'POST', `/cases/${id}/events`, event, as);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status ?? 'applied').not.toBe('refused');
  return res.body;
};

let mt: Desk;
let tg: Desk;
let caseId: string;
let flagCase: string;

beforeAll(async () => {
  mt = await prepare('MT');
  tg = await prepare('TG');
  await Promise.all([start(mt), start(tg)]);
  // each central authority enters the other's desk: its URL and its public keys (README, "Desk to desk")
  for (const [desk, other] of [
    [mt, tg],
    [tg, mt],
  ] as const) {
    const res = await call(desk, 'PUT', `/directory/states/${other.state}`, {
      protocolParty: true,
      replyWithinHours: 4,
      exchange: { url: other.url, jwks: other.jwks },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}, 90_000);

afterAll(() => {
  for (const d of desks) {
    d.process?.kill('SIGKILL');
    rmSync(d.dataDir, { recursive: true, force: true });
  }
});

describe('two desks, one request (SoM art. 8(2), 8(4), 8(6))', () => {
  it('MT notifies and requests; TG sees the incoming request; TG answers; MT permits exactly what TG granted, as TG', async () => {
    const opened = await call(
      mt,
      'POST',
      '/cases',
      { ...flaggedTrawler(), interceptingState: 'MT' },
      mt.operator,
    );
    expect(opened.status).toBe(201);
    caseId = opened.body.id;
    await record(mt, caseId, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    await record(mt, caseId, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });

    flagCase = incomingCaseId('MT', caseId);
    const incoming = await waitFor(
      "TG's incoming request",
      async () => {
        const v = await call(tg, 'GET', `/cases/${flagCase}`);
        return v.status === 200 && v.body.incoming.asks.length === 4 ? v.body : undefined;
      },
      15_000,
    );
    expect(incoming).toMatchObject({ kind: 'incoming-request', incoming: { from: 'MT' } });
    const listed = await call(tg, 'GET', '/cases');
    expect(listed.body.map((c: { id: string }) => c.id)).toContain(flagCase);

    await record(tg, flagCase, { type: 'REQUEST_ACKNOWLEDGED' });
    await record(tg, flagCase, { type: 'REGISTER_CHECKED', onRegister: true });
    await record(tg, flagCase, {
      type: 'REQUEST_ANSWERED',
      registry: 'confirmed',
      authorisation: {
        scopes: ['board', 'search'],
        conditions: [{ kind: 'report-results-within', hours: 24 }],
      },
    });

    const answered = await waitFor(
      "TG's answer on MT's case",
      async () => {
        const v = await call(mt, 'GET', `/cases/${caseId}`);
        return v.body.flagState.reply === 'granted' ? v.body : undefined;
      },
      15_000,
    );
    expect(answered.legalBasis.permits).toEqual(['board', 'search']);
    expect(answered.conditions).toEqual([{ kind: 'report-results-within', hours: 24 }]);
    expect(answered.flagState).toMatchObject({ registry: 'confirmed', consentFrom: 'TG' });

    const trail = (await call(mt, 'GET', `/cases/${caseId}/audit`)).body as Array<{
      type: string;
      actor: { role: string; subject: string };
      event: { message?: { sha256: string }; sha256?: string };
    }>;
    const byTG = trail.filter((e) => e.actor.subject === 'TG central authority (exchange)');
    expect(byTG.map((e) => e.type)).toEqual([
      'FLAG_STATE_ACKNOWLEDGED',
      'REGISTRY_CONFIRMED',
      'AUTHORISATION_GRANTED',
    ]);
    expect(byTG.every((e) => e.actor.role === 'authority')).toBe(true);
    // the receipts were recorded as delivery; the acknowledgement came from TG's authority, not from them
    expect(trail.filter((e) => e.type === 'MESSAGE_DELIVERED')).toHaveLength(2);
    const tgTrail = (await call(tg, 'GET', `/cases/${flagCase}/audit`)).body as typeof trail;
    const answerDelivered = await waitFor(
      "TG's receipts",
      async () => {
        const t = (await call(tg, 'GET', `/cases/${flagCase}/audit`)).body as typeof trail;
        return t.filter((e) => e.type === 'MESSAGE_DELIVERED').length === 2 ? t : undefined;
      },
      15_000,
    );
    expect(tgTrail.length).toBeGreaterThan(0);
    expect(answerDelivered.at(-1)!.event.sha256).toBe(byTG.at(-1)!.event.message!.sha256);
  }, 60_000);

  it("a message signed with a stranger's key is refused with 401 and changes nothing", async () => {
    const before = (await call(mt, 'GET', `/cases/${caseId}`)).body.version;
    const forged = await signMessage(
      {
        id: 'TG:forged',
        from: 'TG',
        to: 'MT',
        conversation: caseId,
        kind: 'withdraw-authorisation',
        sentAt: new Date().toISOString(),
        body: {},
      },
      await ephemeralExchangeKeys(),
    );
    const res = await fetch(`${mt.url}/exchange/inbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: forged,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('bad-signature');
    expect((await call(mt, 'GET', `/cases/${caseId}`)).body.version).toBe(before);
  });

  it("TG's desk killed while MT reports the results receives the report exactly once after it restarts (SoM art. 8(3))", async () => {
    tg.process!.kill('SIGKILL');
    await new Promise((resolve) => tg.process!.once('exit', resolve));
    await record(mt, caseId, { type: 'RESULTS_REPORTED', to: 'TG' });
    // the relay tries and fails while TG is down
    await waitFor(
      'the report pending',
      async () => {
        const trail = (await call(mt, 'GET', `/cases/${caseId}`)).body.messages as Array<{
          kind: string;
          status: string;
        }>;
        return trail.some((m) => m.kind === 'report-results' && m.status === 'pending') ? true : undefined;
      },
      5_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    await start(tg);
    const delivered = await waitFor(
      'the report delivered',
      async () => {
        const v = (await call(mt, 'GET', `/cases/${caseId}`)).body;
        return v.messages.some(
          (m: { kind: string; status: string }) => m.kind === 'report-results' && m.status === 'delivered',
        )
          ? v
          : undefined;
      },
      20_000,
    );
    expect(delivered.warnings.map((w: { code: string }) => w.code)).not.toContain('MESSAGE_NOT_DELIVERED');
    const flagSide = (await call(tg, 'GET', `/cases/${flagCase}`)).body;
    expect(flagSide.incoming.results).toHaveLength(1);
    const reports = (
      (await call(tg, 'GET', `/cases/${flagCase}/audit`)).body as Array<{
        type: string;
        event: { message?: { kind: string } };
      }>
    ).filter((e) => e.event.message?.kind === 'report-results');
    expect(reports).toHaveLength(1);
  }, 60_000);
});
