// Events applied durably through the case runtime, against a bare SQLite insert of the same bytes with the
// same durability (WAL, synchronous=FULL, one transaction per write), measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersistedCase } from '../machines/engine.ts';
import type { OpeningReport } from '../machines/schemas.ts';
import { type CaseRuntime, openRuntime } from '../src/runtime/case-runtime.ts';
import type { Actor } from '../src/runtime/types.ts';
import { wiredLaw } from '../src/wired-law.ts';
import { bareSqliteWriter } from './bare-sqlite.ts';
import { ms, ratio, summarise } from './stats.ts';

const operator: Actor = { role: 'operator', subject: 'bench' };
const REPORT: OpeningReport = {
  interceptingState: 'MT',
  unit: { name: 'P61', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { name: 'NOUR', flag: 'TG' },
  position: { lat: 34.5, lon: 15.5 },
};

// each call awaited before the next starts: the runtime answers once its commit is durable
async function timeEach(n: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

export async function benchDurable(events = 2000, cases = 1000): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-'));
  let t = Date.parse('2026-06-01T02:00:00Z');
  let n = 0;
  const rt = await openRuntime({
    dataDir: dir,
    clock: {
      now: () => {
        t += 1000;
        return new Date(t);
      },
    },
    ids: { caseId: () => `b-${++n}` },
  });
  const one = await rt.openCase(REPORT, operator);
  if (one.status !== 'applied') throw new Error('bench case not opened');
  const event = (i: number) => ({
    type: 'POSITION_REPORTED' as const,
    lat: 34.5 + (i % 10) / 100,
    lon: 15.5,
  });
  const single = await timeEach(events, (i) => rt.applyEvent(one.view.id, event(i), operator));

  const ids: string[] = [];
  for (let i = 0; i < cases; i++) {
    const r = await rt.openCase(REPORT, operator);
    if (r.status === 'applied') ids.push(r.view.id);
  }
  const spread = await timeEach(events, (i) => rt.applyEvent(ids[i % ids.length]!, event(i), operator));

  // The same bytes one applied event writes: its entry (with the view) and the case row.
  const sample = (await rt.store.entries(one.view.id, 1))[0]!;
  const entryBytes = JSON.stringify(sample.entry);
  const viewBytes = JSON.stringify(sample.view);
  // The law alone on the same events (issue 15: its cost per event, measured): the decision, the step and the
  // view the desk serves, in memory, nothing written.
  const engine = wiredLaw();
  let state = (await loadedState(rt, one.view.id))!;
  const law = await timeEach(events, (i) => {
    const at = new Date(Date.parse('2026-06-02T02:00:00Z') + i * 1000).toISOString();
    const applied = engine.apply(state, event(i + 1), at);
    state = applied.state;
    engine.view(state, i + 2);
  });

  const stored = (await rt.store.loadCase(one.view.id))!;
  const stateBytes = JSON.stringify(stored.state);
  const rowViewBytes = JSON.stringify(stored.view ?? null);
  await rt.stop();

  const bare = bareSqliteWriter(dir, {
    entry: entryBytes,
    view: viewBytes,
    state: stateBytes,
    rowView: rowViewBytes,
  });
  const bareTimes = await timeEach(events, (i) => bare.write(i));
  bare.close();
  rmSync(dir, { recursive: true, force: true });

  const a = summarise(single);
  const b = summarise(spread);
  const c = summarise(bareTimes);
  const bytes = entryBytes.length + viewBytes.length + stateBytes.length + rowViewBytes.length;
  return [
    `durable events, one case (${events}): ${a.perSecond.toFixed(0)}/s, p50 ${ms(a.p50)}, p99 ${ms(a.p99)}`,
    `durable events, spread over ${cases} cases (${events}): ${b.perSecond.toFixed(0)}/s, p50 ${ms(b.p50)}, p99 ${ms(b.p99)}`,
    `bare SQLite insert of the same ${bytes} bytes, WAL + synchronous=FULL (${events}): ${c.perSecond.toFixed(0)}/s, p50 ${ms(c.p50)}, p99 ${ms(c.p99)}`,
    `ratio desk/bare p50: one case ${ratio(a.p50, c.p50)}, spread ${ratio(b.p50, c.p50)}; throughput bare/desk ${ratio(c.perSecond, a.perSecond)}`,
    `the law alone per event (decision, step, view; in memory): p50 ${ms(summarise(law).p50)}, p99 ${ms(summarise(law).p99)}; share of a durable event's p50 ${((summarise(law).p50 / a.p50) * 100).toFixed(0)}%`,
  ];
}

// the case's snapshot as the desk holds it (its setting in place)
async function loadedState(rt: CaseRuntime, id: string): Promise<PersistedCase | undefined> {
  const row = await rt.store.loadCase(id);
  const setting = await rt.directory();
  return row && { ...row.state, context: { ...row.state.context, setting } };
}
