// `npm run bench -- store`: events written durably, one at a time per desk, by the case runtime on SQLite and
// on PostgreSQL with one and with two desks on the same database, beside a bare write of the same bytes in one
// plain transaction (better-sqlite3 with the same durability; a plain `pg` client), each configuration in its
// own processes, in this one run. Two desks start writing at the same moment; their events/s add up.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ms, ratio, summarise } from './stats.ts';

const ADMIN_URL =
  process.env.DESK_BENCH_PG ?? process.env.DESK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Timed {
  samples: number[];
  wallMs: number;
}

function worker(args: string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/store-worker.ts', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Timed)
        : reject(new Error(`${args[0]} exited ${code}`)),
    );
  });
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `desk_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

// n processes started together; their samples pooled, their throughput the events over the longest wall time
async function together(
  n: number,
  args: (i: number) => string[],
): Promise<{ p50: number; p99: number; perSecond: number }> {
  const startAt = String(Date.now() + 4000);
  const runs = await Promise.all(
    Array.from({ length: n }, (_, i) => worker([...args(i).slice(0, 4), startAt, `w${i}`])),
  );
  const samples = runs.flatMap((r) => r.samples);
  const wall = Math.max(...runs.map((r) => r.wallMs));
  const s = summarise(samples);
  return { ...s, perSecond: (samples.length / wall) * 1000 };
}

export async function benchStore(events = 1000, cases = 50): Promise<string[]> {
  const e = String(events);
  const c = String(cases);
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-store-'));
  try {
    const sqlite = await together(1, () => ['desk-sqlite', join(dir, 'desk'), e, c]);
    const bareSqlite = await together(1, () => ['bare-sqlite', dir, e, c]);
    const [pg1, pg2, barePg1, barePg2] = await withDatabase(async (url) => [
      await together(1, () => ['desk-postgres', url, e, c]),
      await together(2, () => ['desk-postgres', url, e, c]),
      await together(1, () => ['bare-pg', url, e, c]),
      await together(2, () => ['bare-pg', url, e, c]),
    ]);
    const line = (name: string, s: { p50: number; p99: number; perSecond: number }) =>
      `${name.padEnd(40)} ${s.perSecond.toFixed(0).padStart(6)}/s  p50 ${ms(s.p50)}  p99 ${ms(s.p99)}`;
    return [
      `durable events, ${events} per desk over ${cases} cases, one at a time per desk:`,
      line('desk, SQLite (one desk)', sqlite),
      line('bare better-sqlite3, same bytes', bareSqlite),
      line('desk, PostgreSQL, one desk', pg1!),
      line('desk, PostgreSQL, two desks', pg2!),
      line('bare pg insert, same bytes, one client', barePg1!),
      line('bare pg insert, same bytes, two clients', barePg2!),
      'SQLite serves one desk (one DESK_DATA); several desks share PostgreSQL.',
      `ratio desk/bare p50: SQLite ${ratio(sqlite.p50, bareSqlite.p50)}, PostgreSQL one desk ${ratio(pg1!.p50, barePg1!.p50)}, two desks ${ratio(pg2!.p50, barePg2!.p50)}`,
      `events/s two desks / one desk on PostgreSQL: ${ratio(pg2!.perSecond, pg1!.perSecond)} (bare: ${ratio(barePg2!.perSecond, barePg1!.perSecond)})`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
