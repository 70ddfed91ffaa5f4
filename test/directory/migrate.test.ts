// A store written before the directory became a stream: the directory and its history in two meta keys.
// The first start builds the chain from them, once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type CountryAssessment, Setting, type StateProfile } from '../../machines/schemas.ts';
import { foldDirectory, verifyDirectoryChain } from '../../src/directory/chain.ts';
import { DEMO_SETTING } from '../../src/directory/demo.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { MIGRATIONS } from '../../src/store/sqlite.ts';
import { operator, REPORT } from '../runtime/fixtures.ts';

const AT = '2026-06-01T02:00:00.000Z';
const clock = { now: () => new Date(AT) };

const dirs: string[] = [];
const runtimes: CaseRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Legacy {
  directory?: Setting;
  history?: Array<{
    seq: number;
    at: string;
    actor: string;
    state?: string;
    country?: string;
    before: StateProfile | CountryAssessment | null;
    after: StateProfile | CountryAssessment;
  }>;
}

// A schema-1 store (before the `directory` table) holding the legacy keys.
async function legacyStore(
  legacy: Legacy,
  dir = mkdtempSync(join(tmpdir(), 'desk-migrate-')),
): Promise<string> {
  dirs.push(dir);
  const db = new Database(join(dir, 'desk.sqlite'));
  // the first migration alone, as the desk of that time wrote it; a store of today taken back to it
  if ((db.pragma('user_version', { simple: true }) as number) === 0) db.exec(MIGRATIONS[0]!);
  else
    db.exec(`DROP TABLE directory; DROP INDEX outbox_due;
      ALTER TABLE outbox DROP COLUMN due_at; ALTER TABLE outbox DROP COLUMN attempts;
      ALTER TABLE outbox DROP COLUMN last_error; ALTER TABLE outbox DROP COLUMN failed_at;`);
  db.pragma('user_version = 1');
  const set = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  if (legacy.directory) set.run('directory', JSON.stringify(legacy.directory));
  if (legacy.history) set.run('directory-history', JSON.stringify(legacy.history));
  db.close();
  return dir;
}

async function start(dir: string, setting?: Setting): Promise<CaseRuntime> {
  const runtime = await openRuntime({ dataDir: dir, clock, ...(setting ? { setting } : {}) });
  runtimes.push(runtime);
  return runtime;
}

const MT_PROFILE: StateProfile = { protocolParty: true, replyWithinHours: 2, timeZone: 'Europe/Malta' };
const TN_UNSAFE: CountryAssessment = {
  unsafe: true,
  source: 'demo assessment (fictional)',
  date: '2026-05-30',
};
const TN_SAFE: CountryAssessment = { unsafe: false, source: 'demo review (fictional)', date: '2026-05-31' };
const DEMO = Setting.parse(DEMO_SETTING);

describe('building the chain from the legacy meta keys', () => {
  it('seeds the directory before the history, then replays each change as an edit with its actor and time', async () => {
    const directory: Setting = {
      ...DEMO,
      states: { ...DEMO.states, MT: MT_PROFILE },
      countryAssessments: { ...DEMO.countryAssessments, TN: TN_UNSAFE },
    };
    const history: Legacy['history'] = [
      {
        seq: 1,
        at: '2026-05-01T10:00:00.000Z',
        actor: 'a1',
        state: 'MT',
        before: DEMO.states.MT!,
        after: MT_PROFILE,
      },
      { seq: 2, at: '2026-05-02T10:00:00.000Z', actor: 'a2', country: 'TN', before: null, after: TN_UNSAFE },
    ];
    const dir = await legacyStore({ directory, history });
    const runtime = await start(dir);
    const entries = await runtime.directoryHistory();
    expect(entries.map((e) => e.kind)).toEqual(['seed', 'state-profile', 'country-assessment']);
    expect(entries[0]).toMatchObject({ seq: 1, actor: 'desk-migration', before: null, after: DEMO });
    expect(entries[1]).toMatchObject({ ...history[0], seq: 2, kind: 'state-profile' });
    expect(entries[2]).toMatchObject({ ...history[1], seq: 3, kind: 'country-assessment' });
    expect(await runtime.directory()).toEqual(directory);
    expect(verifyDirectoryChain(entries)).toMatchObject({ valid: true, entries: 3 });
  });

  it('reads the meta keys once: later starts fold the chain alone', async () => {
    const dir = await legacyStore({ directory: { ...DEMO, countryAssessments: { TN: TN_UNSAFE } } });
    const first = await start(dir);
    const entries = await first.directoryHistory();
    await first.stop();
    runtimes.splice(0);
    const db = new Database(join(dir, 'desk.sqlite'));
    db.prepare("UPDATE meta SET value = ? WHERE key = 'directory'").run(JSON.stringify(DEMO));
    db.close();
    const again = await start(dir);
    expect(await again.directoryHistory()).toEqual(entries);
    expect((await again.directory()).countryAssessments).toEqual({ TN: TN_UNSAFE });
  });

  it('a stored directory holding fields this desk does not know is read without them, not refused', async () => {
    // written by a desk of another version: the vocabulary is strict for new input only
    const stored = {
      ...DEMO,
      retiredSetting: true,
      states: {
        ...DEMO.states,
        MT: { ...MT_PROFILE, fax: '+356 0000', officeHours: { from: '08:00', to: '17:00', days: 'Mon-Fri' } },
      },
    };
    const runtime = await start(await legacyStore({ directory: stored as unknown as Setting }));
    expect((await runtime.directory()).states.MT).toEqual({
      ...MT_PROFILE,
      officeHours: { from: '08:00', to: '17:00' },
    });
    expect(await runtime.directory()).not.toHaveProperty('retiredSetting');
  });

  it('a change recorded but never written: a closing seed restates the stored directory', async () => {
    // older desks wrote the history first; the directory write after it did not land
    const history: Legacy['history'] = [
      { seq: 1, at: '2026-05-01T10:00:00.000Z', actor: 'a1', country: 'TN', before: null, after: TN_UNSAFE },
    ];
    const runtime = await start(await legacyStore({ directory: DEMO, history }));
    const entries = await runtime.directoryHistory();
    expect(entries.map((e) => e.kind)).toEqual(['seed', 'country-assessment', 'seed']);
    expect(entries[2]).toMatchObject({ actor: 'desk-migration', after: DEMO });
    expect(await runtime.directory()).toEqual(DEMO);
    expect(verifyDirectoryChain(entries).valid).toBe(true);
  });

  it('a change whose successor does not start from it: a seed in between, so every before is the fold', async () => {
    const history: Legacy['history'] = [
      { seq: 1, at: '2026-05-01T10:00:00.000Z', actor: 'a1', country: 'TN', before: null, after: TN_UNSAFE },
      { seq: 2, at: '2026-05-02T10:00:00.000Z', actor: 'a2', country: 'TN', before: null, after: TN_SAFE },
    ];
    const directory = { ...DEMO, countryAssessments: { ...DEMO.countryAssessments, TN: TN_SAFE } };
    const runtime = await start(await legacyStore({ directory, history }));
    const entries = await runtime.directoryHistory();
    expect(entries.map((e) => e.kind)).toEqual(['seed', 'country-assessment', 'seed', 'country-assessment']);
    expect(entries[2]?.after).toEqual(DEMO);
    expect(foldDirectory(entries)).toEqual(directory);
    expect(verifyDirectoryChain(entries).valid).toBe(true);
  });

  it('history without a stored directory starts from the Setting the desk was given, as the old desk read it', async () => {
    const given: Setting = { states: { MT: { protocolParty: true } }, countryAssessments: {} };
    const history: Legacy['history'] = [
      { seq: 1, at: '2026-05-01T10:00:00.000Z', actor: 'a1', country: 'TN', before: null, after: TN_UNSAFE },
    ];
    const runtime = await start(await legacyStore({ history }), given);
    expect(await runtime.directory()).toEqual(given);
    expect((await runtime.directoryHistory()).map((e) => e.kind)).toEqual([
      'seed',
      'country-assessment',
      'seed',
    ]);
  });

  it('cases opened with the stored directory record nothing when the chain is built', async () => {
    const directory: Setting = { ...DEMO, countryAssessments: { ...DEMO.countryAssessments, TN: TN_UNSAFE } };
    // a desk whose cases copied `directory`, then the schema as it was before the stream
    const dir = mkdtempSync(join(tmpdir(), 'desk-migrate-'));
    const before = await start(dir, directory);
    const opened = await before.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error(opened.status);
    await before.stop();
    runtimes.splice(0);
    await legacyStore({ directory, history: [] }, dir);
    const after = await start(dir);
    expect((await after.directoryHistory()).map((e) => e.actor)).toEqual(['desk-migration']);
    expect(await after.directory()).toEqual(directory);
    expect((await after.audit(opened.view.id, operator))?.map((e) => e.type)).toEqual(['CASE_OPENED']);
  });
});
