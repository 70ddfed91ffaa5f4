// A desk that died right after appending a directory edit, before its open cases recorded it: the next
// start carries the edit into every one of them before it serves anything.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CountryAssessment } from '../../machines/schemas.ts';
import { chainDirectory } from '../../src/directory/chain.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import {
  auditor,
  authority,
  ManualClock,
  operator,
  REPORT,
  runtimeIn,
  tempDir,
  trainer,
} from './fixtures.ts';

const TN_UNSAFE: CountryAssessment = {
  unsafe: true,
  source: 'demo assessment (fictional)',
  date: '2026-05-31',
};

const dirs: string[] = [];
const runtimes: CaseRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dir: string, clock: ManualClock): Promise<CaseRuntime> {
  const r = await runtimeIn(dir, clock);
  runtimes.push(r);
  return r;
}
async function stop(r: CaseRuntime) {
  await r.stop();
  runtimes.splice(runtimes.indexOf(r), 1);
}

// A desk with open live cases and a training case, stopped, and the edit then written to the chain alone.
async function deskDiedAfterAppend(clock: ManualClock) {
  const dir = tempDir();
  dirs.push(dir);
  const rt = await start(dir, clock);
  const live: string[] = [];
  for (let i = 0; i < 6; i++) {
    const opened = await rt.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error(opened.status);
    live.push(opened.view.id);
  }
  const training = await rt.openCase(REPORT, trainer);
  if (training.status !== 'applied') throw new Error(training.status);
  await stop(rt);

  const store = openSqliteStore(dir);
  try {
    const [seed] = await store.directoryEntries();
    expect(seed?.kind).toBe('seed');
    await store.appendDirectory(
      chainDirectory(seed, clock.now().toISOString(), 'mt-duty-officer', {
        kind: 'country-assessment',
        country: 'TN',
        before: null,
        after: TN_UNSAFE,
      }),
    );
  } finally {
    await store.close();
  }
  return { dir, live, training: training.view.id };
}

describe('catching up with the directory at start', () => {
  it('every open live case records the edit a crash kept from it; training cases keep their scenario', async () => {
    const clock = new ManualClock();
    const { dir, live, training } = await deskDiedAfterAppend(clock);
    clock.advanceMinutes(10);
    const rt = await start(dir, clock);

    expect((await rt.directory()).countryAssessments.TN).toEqual(TN_UNSAFE);
    for (const id of live) {
      expect((await rt.getContext(id, auditor))?.setting.countryAssessments.TN, id).toEqual(TN_UNSAFE);
      const last = (await rt.audit(id, auditor))?.at(-1);
      expect(last).toMatchObject({
        type: 'SETTING_CHANGED',
        outcome: 'applied',
        actor: { role: 'desk', subject: 'directory' },
        at: clock.now().toISOString(),
      });
      expect((await rt.verify(id)).valid).toBe(true);
    }
    expect((await rt.getContext(training, trainer))?.setting.countryAssessments.TN).toBeUndefined();
    expect((await rt.audit(training, trainer))?.map((e) => e.type)).toEqual(['CASE_OPENED']);
    // and the law refuses by it at once
    const proposal = await rt.applyEvent(
      live[0]!,
      { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN' },
      operator,
    );
    expect(proposal).toMatchObject({ status: 'refused', refusal: { reason: 'excluded-place' } });
  });

  it('records it once: a second start finds every case up to date', async () => {
    const clock = new ManualClock();
    const { dir, live } = await deskDiedAfterAppend(clock);
    await stop(await start(dir, clock));
    const lengths = async () => {
      const rt = await start(dir, clock);
      const out: Array<number | undefined> = [];
      for (const id of live) out.push((await rt.audit(id, auditor))?.length);
      await stop(rt);
      return out;
    };
    expect(await lengths()).toEqual(live.map(() => 2));
  });

  it('an edit through the runtime reaches every open live case and answers how many', async () => {
    const clock = new ManualClock();
    const dir = tempDir();
    dirs.push(dir);
    const rt = await start(dir, clock);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const opened = await rt.openCase(REPORT, operator);
      if (opened.status !== 'applied') throw new Error(opened.status);
      ids.push(opened.view.id);
    }
    const result = await rt.editDirectory(authority, {
      kind: 'country-assessment',
      country: 'TN',
      value: TN_UNSAFE,
    });
    expect(result).toMatchObject({ status: 'ok', changed: 3, entry: { seq: 2, actor: authority.subject } });
    for (const id of ids)
      expect((await rt.getContext(id, auditor))?.setting.countryAssessments.TN).toEqual(TN_UNSAFE);
  });

  it('cases opened while an edit is under way open on a directory that folds each entry once', async () => {
    const clock = new ManualClock();
    const dir = tempDir();
    dirs.push(dir);
    const rt = await start(dir, clock);
    // the edit's own read of the stream and the openings' reads run at once
    const [edited, ...opened] = await Promise.all([
      rt.editDirectory(authority, { kind: 'country-assessment', country: 'TN', value: TN_UNSAFE }),
      ...Array.from({ length: 6 }, () => rt.openCase(REPORT, operator)),
    ]);
    expect(edited).toMatchObject({ status: 'ok' });
    expect(opened.map((o) => o.status)).toEqual(Array(6).fill('applied'));
    expect((await rt.verifyDirectory()).valid).toBe(true);
    // an entry another process appended, read by several requests at the same moment
    const other = openSqliteStore(dir);
    const head = (await other.directoryEntries()).at(-1);
    await other.appendDirectory(
      chainDirectory(head, clock.now().toISOString(), 'mt-duty-officer', {
        kind: 'country-assessment',
        country: 'DZ',
        before: null,
        after: TN_UNSAFE,
      }),
    );
    await other.close();
    const folded = await Promise.all([rt.directory(), rt.directory(), rt.directory()]);
    for (const setting of folded) expect(setting.countryAssessments.DZ).toEqual(TN_UNSAFE);
    const after = await rt.openCase(REPORT, operator);
    if (after.status !== 'applied') throw new Error(after.status);
    expect((await rt.getContext(after.view.id, auditor))?.setting.countryAssessments.TN).toEqual(TN_UNSAFE);
  });
});

describe('a directory chain altered outside the desk', () => {
  it('stops the desk from starting, and still opens for desk verify, which names the entry', async () => {
    const clock = new ManualClock();
    const { dir } = await deskDiedAfterAppend(clock);
    const db = new Database(join(dir, 'desk.sqlite'));
    db.prepare(
      `UPDATE directory SET entry = json_set(entry, '$.after.unsafe', json('false')) WHERE seq = 2`,
    ).run();
    db.close();
    await expect(openRuntime({ dataDir: dir, clock })).rejects.toThrow(/directory chain is broken at seq 2/);
    const reader = await openRuntime({ dataDir: dir, clock, catchUp: false });
    runtimes.push(reader);
    expect(await reader.verifyDirectory()).toMatchObject({
      valid: false,
      entries: 2,
      firstBad: { seq: 2, problem: 'hash does not match the entry' },
    });
  });
});
