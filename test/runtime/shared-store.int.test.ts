// Two desks' runtimes in one test on one PostgreSQL database (test/store/pg.ts): what one commits reaches the
// other's stream once and in order; a deadline both could fire fires once; a directory edit whose desk died
// before carrying it into the open cases is carried by the other desk.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKeys, loadSigningKeys } from '../../src/audit/chain.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { DirectoryStream } from '../../src/runtime/directory.ts';
import type { StreamEvent } from '../../src/runtime/types.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { createTestDatabase, freshSchema, type TestDatabase } from '../store/pg.ts';
import { until } from '../until.ts';
import { authority, ManualClock, operator, REPORT } from './fixtures.ts';

const KEYS = loadSigningKeys(generateSigningKeys().privatePem);
const SETTING = {
  states: { TG: { protocolParty: true, replyWithinHours: 4 }, MT: { protocolParty: true } },
  countryAssessments: {},
};

let db: TestDatabase;
let url: string;
let schema: { url: string; drop(): Promise<void> };
let clock: ManualClock;
let a: CaseRuntime;
let b: CaseRuntime;

async function desk(name: string): Promise<CaseRuntime> {
  let ids = 0;
  return openRuntime({
    store: await openPostgresStore(url, { poolSize: 3 }),
    clock,
    signingKeys: KEYS,
    ids: { caseId: () => `${name}-${++ids}` },
    setting: SETTING,
    deadlinePollMs: 50,
  });
}

beforeAll(async () => {
  db = await createTestDatabase('runtime');
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  schema = await freshSchema(db);
  url = schema.url;
  clock = new ManualClock();
  a = await desk('a');
  b = await desk('b');
});
afterEach(async () => {
  await a.stop();
  await b.stop();
  await schema.drop();
});

describe('two desks on one PostgreSQL store', () => {
  it("what one desk commits reaches the other desk's listeners once and in order", async () => {
    await b.followStore(200);
    const seen: StreamEvent[] = [];
    b.subscribe((e) => seen.push(e));
    const opened = await a.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error('not opened');
    const id = opened.view.id;
    // both desks write to the case at once: each decides on the head it finds
    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).applyEvent(id, { type: 'POSITION_REPORTED', lat: 34 + i / 100, lon: 15 }, operator),
      ),
    );
    expect(writes.every((w) => w.status === 'applied')).toBe(true);
    await until('21 entries on the other desk', () => seen.filter((e) => e.caseId === id).length >= 21);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.filter((e) => e.caseId === id).map((e) => e.seq)).toEqual(
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
    // and what the stream sent is what the log holds
    const logged = (await b.audit(id, operator))!.map((e) => e.hash);
    expect(seen.filter((e) => e.caseId === id).map((e) => e.audit.hash)).toEqual(logged);
  });

  it('after its listening connection is cut, a desk reconnects and publishes what it missed, once', async () => {
    // no poll within the test: only the reconnect can bring the missed entries
    await b.followStore(600_000);
    const seen: StreamEvent[] = [];
    b.subscribe((e) => seen.push(e));
    const opened = await a.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error('not opened');
    const id = opened.view.id;
    await until('the opening on the other desk', () => seen.some((e) => e.caseId === id));
    const cut = new pg.Client({ connectionString: url });
    await cut.connect();
    const killed = await cut.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    );
    await cut.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    // written while the other desk cannot hear: its wake-ups are lost
    for (let i = 0; i < 5; i++)
      await a.applyEvent(id, { type: 'POSITION_REPORTED', lat: 34 + i / 100, lon: 15 }, operator);
    await until(
      'the missed entries after the reconnect',
      () => seen.filter((e) => e.caseId === id).length >= 6,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.filter((e) => e.caseId === id).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a deadline due on both desks fires once (SoM art. 8(2): the registry reply watched once)', async () => {
    const opened = await a.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error('not opened');
    const id = opened.view.id;
    expect((await a.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority)).status).toBe(
      'applied',
    );
    const due = (await a.getView(id, operator))!.deadlines;
    expect(due.length).toBeGreaterThan(0);
    clock.advanceMinutes(24 * 60);
    const [x, y] = await Promise.all([a.processDueDeadlines(), b.processDueDeadlines()]);
    const fired = (await a.audit(id, operator))!.filter((e) => e.type === 'DEADLINE_PASSED');
    expect(x + y).toBe(fired.length);
    const ids = fired.map((e) => (e.event as { deadlineId: string }).deadlineId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of due) expect(ids).toContain(d.id);
    expect(fired.every((e) => e.outcome === 'applied')).toBe(true);
  });

  it('a directory edit whose desk died before carrying it is carried into the open cases by the other desk', async () => {
    await b.followStore(100);
    const opened = await a.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error('not opened');
    // the edit appended to the stream, as a desk does before it carries it into the cases, then nothing
    const store = await openPostgresStore(url, { poolSize: 1 });
    const stream = await DirectoryStream.open(store, SETTING, clock.now().toISOString());
    const appended = await stream.edit(
      authority,
      {
        kind: 'country-assessment',
        country: 'TN',
        value: { unsafe: true, source: 'UNHCR', date: '2026-05-30' },
      },
      clock.now().toISOString(),
    );
    await store.close();
    expect(appended.status).toBe('ok');
    await until('the case to record the edit', async () => {
      const audit = await a.audit(opened.view.id, operator);
      return audit!.some((e) => e.type === 'SETTING_CHANGED');
    });
    const context = await a.getContext(opened.view.id, operator);
    expect(context?.setting.countryAssessments.TN).toMatchObject({ unsafe: true });
  });
});
