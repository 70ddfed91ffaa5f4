// Several desks, one truth: three real `desk serve` processes on one PostgreSQL database (contract.md,
// "Several desks on one store"). Entries posted through every desk reach a subscriber on each desk once and
// in order; an Idempotency-Key holds across desks; two writers with the same If-Match get one 200 and one
// 409; a desk killed with SIGKILL under load loses no acknowledged event, and the deadline it armed fires
// exactly once, on a survivor.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { flaggedTrawler, rubberBoat } from '../http/helpers.ts';
import { createTestDatabase, type TestDatabase } from '../store/pg.ts';
import { until } from '../until.ts';
import { freePort } from './free-port.ts';

const SECRET = 'several-desks-e2e-secret-0123456789abcdef';

interface Desk {
  name: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  output: string;
  url: string;
}

let db: TestDatabase;
const desks: Desk[] = [];
let operator = '';
let authority = '';

async function startDesk(name: string, auditKeyFrom?: string): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), `desk-${name}-`));
  // the desks sign checkpoints with one key (README, "Several desks"): the first desk's
  if (auditKeyFrom) copyFileSync(join(auditKeyFrom, 'audit-signing.pem'), join(dataDir, 'audit-signing.pem'));
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/desk.js', 'serve'], {
    env: {
      ...process.env,
      DESK_PORT: String(port),
      DESK_HOST: '127.0.0.1',
      DESK_DATA: dataDir,
      DESK_STORE: db.url,
      DESK_SECRET: SECRET,
      DESK_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const desk: Desk = { name, port, dataDir, process: child, output: '', url: `http://127.0.0.1:${port}` };
  child.stdout?.on('data', (d) => {
    desk.output += String(d);
  });
  child.stderr?.on('data', (d) => {
    desk.output += String(d);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${desk.url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`desk ${name} did not start:\n${desk.output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  desks.push(desk);
  return desk;
}

function token(role: string): string {
  const minted = spawnSync(process.execPath, ['bin/desk.js', 'token', '--role', role], {
    env: { ...process.env, DESK_SECRET: SECRET, DESK_DATA: desks[0]!.dataDir },
    encoding: 'utf8',
  });
  if (minted.status !== 0) throw new Error(minted.stderr);
  return minted.stdout.trimEnd().split('\n').at(-1) ?? '';
}

async function call(
  desk: Desk,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  as = operator,
) {
  const res = await fetch(`${desk.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${as}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { id?: string } };
}

type Message = { type: string; caseId?: string; seq?: number; [k: string]: unknown };

// A subscriber to every case on one desk, recording what it is sent.
async function subscriber(desk: Desk): Promise<{ events: Message[]; close: () => void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${desk.port}/stream?token=${operator}`);
  const events: Message[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Message;
      if (m.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', caseId: '*' }));
      if (m.type === 'subscribed') resolve();
      if (m.type === 'event') events.push(m);
    });
  });
  return { events, close: () => ws.close() };
}

// Subscribes to one case with `since` and collects what is replayed until `resumed`.
async function resume(
  desk: Desk,
  caseId: string,
  since: number,
): Promise<{ events: Message[]; done: Message }> {
  const ws = new WebSocket(`ws://127.0.0.1:${desk.port}/stream?token=${operator}`);
  const events: Message[] = [];
  const done = await new Promise<Message>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Message;
      if (m.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', caseId, since }));
      if (m.type === 'event') events.push(m);
      if (m.type === 'resumed') resolve(m);
    });
  });
  ws.close();
  return { events, done };
}

const position = (i: number) => ({ type: 'POSITION_REPORTED', lat: 34 + i / 1000, lon: 12.5 });

beforeAll(async () => {
  db = await createTestDatabase('desks');
  const first = await startDesk('a');
  await Promise.all([startDesk('b', first.dataDir), startDesk('c', first.dataDir)]);
  operator = token('operator');
  authority = token('authority');
}, 90_000);

afterAll(async () => {
  for (const d of desks) {
    if (process.env.DEBUG_DESKS) console.log(`--- ${d.name}\n${d.output}`);
    if (d.process.exitCode === null && d.process.signalCode === null) d.process.kill('SIGKILL');
    rmSync(d.dataDir, { recursive: true, force: true });
  }
  await db?.drop();
});

describe('several desks on one PostgreSQL store', () => {
  it('each desk says it runs on postgres', async () => {
    for (const d of desks) {
      const health = await (await fetch(`${d.url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', store: 'postgres' });
    }
  });

  it("entries posted through every desk reach a subscriber on each desk, each once, in the case's order", async () => {
    const subs = await Promise.all(desks.map((d) => subscriber(d)));
    const opened = await call(desks[0]!, 'POST', '/cases', rubberBoat());
    expect(opened.status).toBe(201);
    const id = opened.body.id!;
    // 30 writers at once, spread over the three desks: each decides on the head it finds; a desk that finds
    // the head moved decides again under the case's lock (store.ts, commitOnHead), so no writer starves
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(desks[i % 3]!, 'POST', `/cases/${id}/events`, position(i))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
    const applied = answers;
    const audit = await call(desks[1]!, 'GET', `/cases/${id}/audit`);
    const seqs = (audit.body as unknown as Array<{ seq: number }>).map((e) => e.seq);
    const head = 1 + applied.length;
    expect(seqs).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(applied.map((a) => (a.body as { version: number }).version).sort((x, y) => x - y)).toEqual(
      seqs.slice(1),
    );
    for (const sub of subs) {
      await until(
        `${head} entries on a desk's stream`,
        () => sub.events.filter((e) => e.caseId === id).length >= head,
      );
      // a moment more, so a duplicate would have arrived too
      await new Promise((r) => setTimeout(r, 300));
      expect(sub.events.filter((e) => e.caseId === id).map((e) => e.seq)).toEqual(seqs);
      sub.close();
    }
    // a client that followed the case on one desk resumes on another with `since`
    const resumed = await resume(desks[2]!, id, 10);
    expect(resumed.events.map((e) => e.seq)).toEqual(seqs.slice(10));
    expect(resumed.done).toMatchObject({ type: 'resumed', caseId: id, from: 11, to: head });
  });

  it('the same Idempotency-Key on two desks records once, and both answer the same', async () => {
    const id = (await call(desks[0]!, 'POST', '/cases', rubberBoat())).body.id!;
    const key = { 'idempotency-key': 'retry-42' };
    const [x, y] = await Promise.all([
      call(desks[1]!, 'POST', `/cases/${id}/events`, position(1), key),
      call(desks[2]!, 'POST', `/cases/${id}/events`, position(1), key),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.body).toEqual(y.body);
    const audit = (await call(desks[0]!, 'GET', `/cases/${id}/audit`)).body as unknown as unknown[];
    expect(audit).toHaveLength(2);
  });

  it('two writers with the same If-Match on two desks: one 200, one 409 version-conflict', async () => {
    const opened = await call(desks[0]!, 'POST', '/cases', rubberBoat());
    const id = opened.body.id!;
    const version = String((opened.body as { version: number }).version);
    const [x, y] = await Promise.all([
      call(desks[1]!, 'POST', `/cases/${id}/events`, position(1), { 'if-match': version }),
      call(desks[2]!, 'POST', `/cases/${id}/events`, position(2), { 'if-match': version }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect([x, y].find((r) => r.status === 409)?.body).toMatchObject({ error: 'version-conflict' });
  });

  it('a desk killed with SIGKILL under load loses no acknowledged event; the deadline it armed fires once on a survivor', async () => {
    const [a, b, c] = desks as [Desk, Desk, Desk];
    // a reply due 7.2 s after the notification, so the test sees it fire
    const profile = await call(
      a,
      'PUT',
      '/directory/states/TG',
      { protocolParty: true, replyWithinHours: 0.002 },
      {},
      authority,
    );
    expect(profile.status).toBe(200);
    const id = (await call(c, 'POST', '/cases', flaggedTrawler())).body.id!;
    const notified = await call(
      c,
      'POST',
      `/cases/${id}/events`,
      { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
      {},
      authority,
    );
    expect(notified.status).toBe(200);
    const armed = (notified.body as { deadlines: Array<{ id: string; dueAt: string }> }).deadlines;
    expect(armed.length).toBeGreaterThan(0);

    // load on the desk about to die: every 200 it gives is an acknowledgement
    const acknowledged: number[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await call(c, 'POST', `/cases/${id}/events`, position(w * 1000 + i));
          if (r.status === 200) acknowledged.push((r.body as { version: number }).version);
        } catch {
          return; // the desk is gone
        }
      }
    });
    await until('some acknowledged writes', () => acknowledged.length >= 20);
    c.process.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const audit = async () =>
      (await call(a, 'GET', `/cases/${id}/audit`)).body as unknown as Array<{
        seq: number;
        type: string;
        event: { deadlineId?: string };
      }>;
    const logged = new Set((await audit()).map((e) => e.seq));
    for (const seq of acknowledged)
      expect(logged.has(seq), `acknowledged seq ${seq} is in the log`).toBe(true);

    // the survivors' workers race for the deadline c armed; it fires once
    const firstDue = armed.map((d) => d.id);
    await until(
      'the deadline to fire on a survivor',
      async () => (await audit()).some((e) => e.type === 'DEADLINE_PASSED'),
      30_000,
    );
    // two more polls of both survivors' workers: a second firing would show now
    await new Promise((r) => setTimeout(r, 2_500));
    const fired = (await audit()).filter((e) => e.type === 'DEADLINE_PASSED');
    for (const deadlineId of firstDue) {
      const times = fired.filter((e) => e.event.deadlineId === deadlineId).length;
      expect(times, `deadline ${deadlineId}`).toBeLessThanOrEqual(1);
    }
    expect(fired.filter((e) => firstDue.includes(e.event.deadlineId ?? '')).length).toBeGreaterThanOrEqual(1);
    expect(b.process.exitCode).toBeNull();
  }, 90_000);
});
