// One process of `npm run bench -- store` (bench/store.ts): writes events durably, one at a time, and prints
// its timings as one JSON line. Modes: `desk-sqlite <dir>`, `desk-postgres <url>` (through the case runtime,
// as a desk commits them), `bare-sqlite <dir>`, `bare-pg <url>` (the same bytes in one plain transaction).
import pg from 'pg';
import type { OpeningReport } from '../machines/schemas.ts';
import { generateSigningKeys, loadSigningKeys } from '../src/audit/chain.ts';
import { openRuntime } from '../src/runtime/case-runtime.ts';
import { openMemoryStore } from '../src/store/memory.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import type { Store } from '../src/store/store.ts';
import { bareSqliteWriter } from './bare-sqlite.ts';

const [mode, where, countArg, casesArg, startAtArg, tag] = process.argv.slice(2);
const events = Number(countArg ?? 1000);
const cases = Number(casesArg ?? 50);
// both instances of a two-desk run start writing at the same moment
const startAt = Number(startAtArg ?? 0);

const REPORT: OpeningReport = {
  interceptingState: 'MT',
  unit: { name: 'P61', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { name: 'NOUR', flag: 'TG' },
  position: { lat: 34.5, lon: 15.5 },
};
const operator = { role: 'operator', subject: 'bench' } as const;
const event = (i: number) => ({ type: 'POSITION_REPORTED' as const, lat: 34.5 + (i % 10) / 100, lon: 15.5 });

// what one applied event writes, measured once on a throw-away desk: the bare baselines write these bytes
async function sampleBytes() {
  const rt = await openRuntime({
    store: openMemoryStore(),
    clock: { now: () => new Date('2026-06-01T02:00:00Z') },
    signingKeys: loadSigningKeys(generateSigningKeys().privatePem),
  });
  const one = await rt.openCase(REPORT, operator);
  if (one.status !== 'applied') throw new Error('bench case not opened');
  await rt.applyEvent(one.view.id, event(1), operator);
  const sample = (await rt.store.entries(one.view.id, 1))[0]!;
  const row = (await rt.store.loadCase(one.view.id))!;
  await rt.stop();
  return {
    entry: JSON.stringify(sample.entry),
    view: JSON.stringify(sample.view),
    state: JSON.stringify(row.state),
    // what the case row's view column holds (src/runtime/stored-rows.ts: none)
    rowView: JSON.stringify(row.view ?? null),
  };
}

async function waitForStart() {
  const wait = startAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

async function timeEach(
  n: number,
  fn: (i: number) => Promise<unknown> | unknown,
): Promise<{ samples: number[]; wallMs: number }> {
  await waitForStart();
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return { samples, wallMs: performance.now() - t0 };
}

async function desk(store: Store) {
  let t = Date.parse('2026-06-01T02:00:00Z');
  let n = 0;
  const rt = await openRuntime({
    store,
    clock: {
      now: () => {
        t += 1000;
        return new Date(t);
      },
    },
    ids: { caseId: () => `${tag ?? 'w'}-${++n}` },
    signingKeys: loadSigningKeys(generateSigningKeys().privatePem),
  });
  const ids: string[] = [];
  for (let i = 0; i < cases; i++) {
    const r = await rt.openCase(REPORT, operator);
    if (r.status === 'applied') ids.push(r.view.id);
  }
  const timed = await timeEach(events, async (i) => {
    const r = await rt.applyEvent(ids[i % ids.length]!, event(i), operator);
    if (r.status !== 'applied') throw new Error(`event not applied: ${r.status}`);
  });
  await rt.stop();
  return timed;
}

async function barePg(url: string) {
  const bytes = await sampleBytes();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const table = `bare_${tag ?? 'w'}`;
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${table}_e (k BIGSERIAL PRIMARY KEY, entry TEXT, view TEXT)`,
  );
  await client.query(`CREATE TABLE IF NOT EXISTS ${table}_c (id TEXT PRIMARY KEY, state TEXT, view TEXT)`);
  const timed = await timeEach(events, async (i) => {
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${table}_e (entry, view) VALUES ($1, $2)`, [bytes.entry, bytes.view]);
    await client.query(
      `INSERT INTO ${table}_c (id, state, view) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET state = excluded.state, view = excluded.view`,
      [`c${i % cases}`, bytes.state, bytes.rowView],
    );
    await client.query('COMMIT');
  });
  await client.end();
  return timed;
}

async function bareSqlite(dir: string) {
  const bare = bareSqliteWriter(dir, await sampleBytes(), cases);
  const timed = await timeEach(events, (i) => bare.write(i));
  bare.close();
  return timed;
}

const run = {
  'desk-sqlite': () => desk(openSqliteStore(where!)),
  'desk-postgres': async () => desk(await openPostgresStore(where!, { poolSize: 4 })),
  'bare-sqlite': () => bareSqlite(where!),
  'bare-pg': () => barePg(where!),
}[mode ?? ''];
if (!run) {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
const { samples, wallMs } = await run();
console.log(JSON.stringify({ samples, wallMs }));
