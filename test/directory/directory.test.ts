import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Setting } from '../../machines/schemas.ts';
import { GENESIS } from '../../src/audit/chain.ts';
import { foldDirectory, hashDirectoryEntry, verifyDirectoryChain } from '../../src/directory/chain.ts';
import { DEMO_SETTING } from '../../src/directory/demo.ts';
import type { DirectoryEdit, EditResult } from '../../src/directory/directory.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { ManualClock } from '../clock.ts';

const AT = '2026-06-01T02:00:00.000Z';
const LATER = '2026-06-01T03:00:00.000Z';

const dirs: string[] = [];
const runtimes: CaseRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-directory-'));
  dirs.push(dir);
  return dir;
}

// A runtime on its own SQLite store; `clock.set` moves the time edits are recorded at.
async function desk(opts: { dir?: string; setting?: Setting } = {}) {
  const clock = new ManualClock(AT);
  const runtime = await openRuntime({ dataDir: opts.dir ?? tempDir(), clock, setting: opts.setting });
  runtimes.push(runtime);
  return { runtime, clock };
}

const authority = (subject: string) => ({ role: 'authority' as const, subject });
const profileOf = (state: string, value: unknown): DirectoryEdit => ({ kind: 'state-profile', state, value });
const assessmentOf = (country: string, value: unknown): DirectoryEdit => ({
  kind: 'country-assessment',
  country,
  value,
});
// What the SQLite file holds, folded: what a restarted desk starts from.
const storedFold = async (runtime: CaseRuntime) => foldDirectory(await runtime.directoryHistory());

describe('the directory stream', () => {
  it('starts a new store with a seed of the demo Setting, or of the Setting given', async () => {
    const demo = (await desk()).runtime;
    expect(await demo.directory()).toEqual(DEMO_SETTING);
    const [seed, ...rest] = await demo.directoryHistory();
    expect(rest).toEqual([]);
    expect(seed).toMatchObject({ seq: 1, kind: 'seed', actor: 'desk', before: null, after: DEMO_SETTING });
    expect(seed?.prev).toBe(GENESIS);
    expect(seed && hashDirectoryEntry(seed)).toBe(seed?.hash);

    const given: Setting = { states: { MT: { protocolParty: true } }, countryAssessments: {} };
    expect(await (await desk({ setting: given })).runtime.directory()).toEqual(given);
  });

  it('keeps its own directory when a later start is given another Setting', async () => {
    const dir = tempDir();
    const first = (await desk({ dir })).runtime;
    await first.stop();
    runtimes.splice(runtimes.indexOf(first), 1);
    const other: Setting = { states: {}, countryAssessments: {} };
    const again = (await desk({ dir, setting: other })).runtime;
    expect(await again.directory()).toEqual(DEMO_SETTING);
    expect(await again.directoryHistory()).toHaveLength(1);
  });

  it('replaces a State profile and records who changed what, before and after', async () => {
    const { runtime } = await desk();
    const profile = {
      protocolParty: true,
      contiguousZoneNm: 24,
      replyWithinHours: 2,
      timeZone: 'Europe/Malta',
    };
    const result = await runtime.editDirectory(authority('authority-mt-1'), profileOf('MT', profile));
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.entry.after).toEqual(profile);
    expect(result.directory.states.MT).toEqual(profile);
    expect((await runtime.directory()).states.MT).toEqual(profile);
    // the other entries are untouched
    expect((await runtime.directory()).states.IT).toEqual(DEMO_SETTING.states.IT);
    expect((await runtime.directory()).countryAssessments).toEqual(DEMO_SETTING.countryAssessments);
    const [seed, edit, ...rest] = await runtime.directoryHistory();
    expect(rest).toEqual([]);
    expect(edit).toEqual({
      seq: 2,
      at: AT,
      actor: 'authority-mt-1',
      kind: 'state-profile',
      state: 'MT',
      before: DEMO_SETTING.states.MT,
      after: profile,
      prev: seed?.hash,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(edit && hashDirectoryEntry(edit)).toBe(edit?.hash);
    expect(result.entry).toEqual(edit);
    // what is stored is a Setting the runtime can read, and it is the directory
    expect(Setting.parse(await storedFold(runtime))).toEqual(await runtime.directory());
    expect(verifyDirectoryChain(await runtime.directoryHistory())).toMatchObject({ valid: true, entries: 2 });
  });

  it('adds a new State with before null, and appends: earlier entries are never rewritten', async () => {
    const { runtime, clock } = await desk();
    await runtime.editDirectory(
      authority('a1'),
      profileOf('TN', { protocolParty: true, languages: ['ar', 'fr'] }),
    );
    const first = await runtime.directoryHistory();
    clock.set(LATER);
    await runtime.editDirectory(
      authority('a2'),
      assessmentOf('TN', { unsafe: true, source: 'demo assessment (fictional)', date: '2026-05-30' }),
    );
    const all = await runtime.directoryHistory();
    expect(all.slice(0, 2)).toEqual(first);
    expect(all[1]).toMatchObject({ seq: 2, kind: 'state-profile', state: 'TN', before: null, actor: 'a1' });
    expect(all[2]).toMatchObject({
      seq: 3,
      kind: 'country-assessment',
      country: 'TN',
      before: null,
      actor: 'a2',
      at: LATER,
      prev: all[1]?.hash,
    });
    expect((await runtime.directory()).countryAssessments.TN?.unsafe).toBe(true);
    expect((await runtime.directory()).countryAssessments.LY).toEqual(DEMO_SETTING.countryAssessments.LY);
  });

  it('edits an assessment with the previous one kept in the entry', async () => {
    const { runtime } = await desk();
    const after = {
      unsafe: true,
      conditions: 'no returns',
      source: 'demo review (fictional)',
      date: '2026-06-01',
    };
    const result = await runtime.editDirectory(authority('a1'), assessmentOf('LY', after));
    expect(result).toMatchObject({ status: 'ok', entry: { after } });
    expect((await runtime.directoryHistory())[1]).toMatchObject({
      kind: 'country-assessment',
      country: 'LY',
      before: DEMO_SETTING.countryAssessments.LY,
      after,
    });
  });

  it('edits the Setting a new store was seeded with', async () => {
    const seeded: Setting = { states: { IT: { protocolParty: true } }, countryAssessments: {} };
    const { runtime } = await desk({ setting: seeded });
    await runtime.editDirectory(authority('a1'), profileOf('MT', { protocolParty: true }));
    expect(await runtime.directory()).toEqual({
      states: { IT: { protocolParty: true }, MT: { protocolParty: true } },
      countryAssessments: {},
    });
  });

  it('is edited by the central authority only', async () => {
    const { runtime } = await desk();
    const result = await runtime.editDirectory(
      { role: 'operator', subject: 'o1' },
      profileOf('MT', { protocolParty: true }),
    );
    expect(result).toMatchObject({ status: 'forbidden', rolesAllowed: ['authority'] });
    expect(await runtime.directoryHistory()).toHaveLength(1);
  });
});

describe('validation', () => {
  let runtime: CaseRuntime;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'desk-directory-'));
    runtime = await openRuntime({ dataDir: dir, clock: { now: () => new Date(AT) } });
  });
  afterAll(async () => {
    await runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rejected = (result: EditResult) => {
    expect(result.status).toBe('invalid');
    return result.status === 'invalid' ? result.issues : [];
  };
  const edit = (e: DirectoryEdit) => runtime.editDirectory(authority('a1'), e);
  // nothing but the seed: a rejected edit writes nothing
  const unchanged = async () => {
    expect((await runtime.directoryHistory()).map((e) => e.kind)).toEqual(['seed']);
    expect(await runtime.directory()).toEqual(DEMO_SETTING);
  };

  it('names each bad field of a profile, and writes nothing', async () => {
    const issues = rejected(
      await edit(
        profileOf('MT', {
          protocolParty: 'yes',
          contiguousZoneNm: 30,
          officeHours: { from: '8:00', to: '17:00' },
          timeZone: 'Mars/Base',
        }),
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['contiguousZoneNm', 'officeHours.from', 'protocolParty', 'timeZone'].sort(),
    );
    expect(issues.find((i) => i.path === 'timeZone')?.message).toContain('IANA');
    await unchanged();
  });

  it('names an unknown field rather than dropping it', async () => {
    const issues = rejected(await edit(profileOf('MT', { protocolParty: true, contigousZoneNm: 24 })));
    expect(issues).toEqual([{ path: 'contigousZoneNm', message: 'unknown field' }]);
    await unchanged();
  });

  it('names a bad State or country code', async () => {
    expect(rejected(await edit(profileOf('mt', { protocolParty: true }))).map((i) => i.path)).toEqual([
      'state',
    ]);
    expect(
      rejected(await edit(assessmentOf('LBY', { unsafe: true, source: 's', date: '2026-01-01' }))).map(
        (i) => i.path,
      ),
    ).toEqual(['country']);
    await unchanged();
  });

  it('names the missing source and a date that is not a date', async () => {
    const issues = rejected(await edit(assessmentOf('TN', { unsafe: true, date: 'last week' })));
    expect(issues.map((i) => i.path).sort()).toEqual(['date', 'source']);
    await unchanged();
  });
});

describe('with the runtime and its SQLite store', () => {
  it('reads the demo Setting the runtime seeded, and new cases open with an edit after a restart', async () => {
    const dir = tempDir();
    const first = (await desk({ dir })).runtime;
    expect(await first.directory()).toEqual(DEMO_SETTING);
    const assessment = { unsafe: true, source: 'demo assessment (fictional)', date: '2026-05-30' };
    expect((await first.editDirectory(authority('a1'), assessmentOf('TN', assessment))).status).toBe('ok');
    // the running runtime opens cases with the edit at once: the chain is the directory
    expect((await first.directory()).countryAssessments.TN).toEqual(assessment);
    await first.stop();
    runtimes.splice(runtimes.indexOf(first), 1);

    const second = (await desk({ dir })).runtime;
    expect((await second.directory()).countryAssessments.TN).toEqual(assessment);
    expect(await second.directoryHistory()).toHaveLength(2);
    const opened = await second.openCase(
      {
        interceptingState: 'MT',
        unit: { name: 'P61', governmentService: true, clearlyMarked: true, authorised: true },
        vessel: { name: 'NOUR', flag: 'TG' },
        position: { lat: 34.5, lon: 15.5 },
        personsOnBoard: 60,
      },
      { role: 'operator', subject: 'o1' },
    );
    if (opened.status !== 'applied') throw new Error(opened.status);
    const ctx = await second.getContext(opened.view.id, { role: 'auditor', subject: 'x' });
    expect(ctx?.setting.countryAssessments.TN).toEqual(assessment);
  });

  it('the store refuses an entry that does not follow its head, and a batch as a whole', async () => {
    const dir = tempDir();
    const { runtime } = await desk({ dir });
    await runtime.editDirectory(authority('a1'), profileOf('TN', { protocolParty: true }));
    const [seed, edit] = await runtime.directoryHistory();
    const store = openSqliteStore(dir);
    try {
      await expect(store.appendDirectory({ ...edit!, seq: 2 })).rejects.toThrow(/moved on/);
      await expect(store.appendDirectory({ ...edit!, seq: 4 })).rejects.toThrow(/moved on/);
      const next = { ...edit!, seq: 3 };
      await expect(store.appendDirectory(next, { ...next, seq: 5 })).rejects.toThrow(/moved on/);
      expect((await store.directoryEntries()).map((e) => e.seq)).toEqual([1, 2]);
      expect(await store.directoryEntries(1)).toEqual([edit]);
      expect((await store.directoryEntries(0))[0]).toEqual(seed);
    } finally {
      await store.close();
    }
  });
});
