import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Setting } from '../../machines/schemas.ts';
import { DEMO_SETTING } from '../../src/directory/demo.ts';
import {
  DIRECTORY_KEY,
  getDirectory,
  HISTORY_KEY,
  history,
  type MetaStore,
  putCountryAssessment,
  putStateProfile,
} from '../../src/directory/directory.ts';
import { openRuntime } from '../../src/runtime/case-runtime.ts';

function memoryStore(seed: Record<string, string> = {}): MetaStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(seed));
  return {
    data,
    getMeta: (k) => data.get(k),
    setMetas: (entries) => {
      for (const [k, v] of entries) data.set(k, v);
    },
  };
}

const AT = '2026-06-01T02:00:00.000Z';
const LATER = '2026-06-01T03:00:00.000Z';

describe('the directory in the meta table', () => {
  it('reads the stored Setting, or the fallback before anything is stored', () => {
    expect(getDirectory(memoryStore())).toEqual(DEMO_SETTING);
    const stored: Setting = { states: { MT: { protocolParty: true } }, countryAssessments: {} };
    expect(getDirectory(memoryStore({ [DIRECTORY_KEY]: JSON.stringify(stored) }))).toEqual(stored);
    expect(history(memoryStore())).toEqual([]);
  });

  it('replaces a State profile and records who changed what, before and after', () => {
    const store = memoryStore({ [DIRECTORY_KEY]: JSON.stringify(DEMO_SETTING) });
    const profile = {
      protocolParty: true,
      contiguousZoneNm: 24,
      replyWithinHours: 2,
      timeZone: 'Europe/Malta',
    };
    const result = putStateProfile(store, 'MT', profile, 'authority-mt-1', AT);
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.entry).toEqual(profile);
    expect(getDirectory(store).states.MT).toEqual(profile);
    // the other entries are untouched
    expect(getDirectory(store).states.IT).toEqual(DEMO_SETTING.states.IT);
    expect(getDirectory(store).countryAssessments).toEqual(DEMO_SETTING.countryAssessments);
    expect(history(store)).toEqual([
      {
        seq: 1,
        at: AT,
        actor: 'authority-mt-1',
        state: 'MT',
        before: DEMO_SETTING.states.MT,
        after: profile,
      },
    ]);
    // what is stored is a Setting the runtime can read
    expect(Setting.parse(JSON.parse(store.data.get(DIRECTORY_KEY) ?? '{}'))).toEqual(getDirectory(store));
  });

  it('adds a new State with before null, and appends: earlier history is never rewritten', () => {
    const store = memoryStore({ [DIRECTORY_KEY]: JSON.stringify(DEMO_SETTING) });
    putStateProfile(store, 'TN', { protocolParty: true, languages: ['ar', 'fr'] }, 'a1', AT);
    const first = history(store);
    putCountryAssessment(
      store,
      'TN',
      { unsafe: true, source: 'demo assessment (fictional)', date: '2026-05-30' },
      'a2',
      LATER,
    );
    const both = history(store);
    expect(both.slice(0, 1)).toEqual(first);
    expect(both[0]).toMatchObject({ seq: 1, state: 'TN', before: null, actor: 'a1' });
    expect(both[1]).toMatchObject({ seq: 2, country: 'TN', before: null, actor: 'a2', at: LATER });
    expect(getDirectory(store).countryAssessments.TN?.unsafe).toBe(true);
    expect(getDirectory(store).countryAssessments.LY).toEqual(DEMO_SETTING.countryAssessments.LY);
  });

  it('edits an assessment with the previous one kept in the history', () => {
    const store = memoryStore({ [DIRECTORY_KEY]: JSON.stringify(DEMO_SETTING) });
    const after = {
      unsafe: true,
      conditions: 'no returns',
      source: 'demo review (fictional)',
      date: '2026-06-01',
    };
    const result = putCountryAssessment(store, 'LY', after, 'a1', AT);
    expect(result).toMatchObject({ status: 'ok', entry: after });
    expect(history(store)[0]).toMatchObject({
      country: 'LY',
      before: DEMO_SETTING.countryAssessments.LY,
      after,
    });
  });

  it('starts from the fallback when nothing was stored yet', () => {
    const store = memoryStore();
    const fallback: Setting = { states: { IT: { protocolParty: true } }, countryAssessments: {} };
    putStateProfile(store, 'MT', { protocolParty: true }, 'a1', AT, fallback);
    expect(getDirectory(store)).toEqual({
      states: { IT: { protocolParty: true }, MT: { protocolParty: true } },
      countryAssessments: {},
    });
  });
});

describe('validation', () => {
  const store = memoryStore({ [DIRECTORY_KEY]: JSON.stringify(DEMO_SETTING) });

  const rejected = (result: ReturnType<typeof putStateProfile> | ReturnType<typeof putCountryAssessment>) => {
    expect(result.status).toBe('invalid');
    return result.status === 'invalid' ? result.issues : [];
  };

  it('names each bad field of a profile, and writes nothing', () => {
    const issues = rejected(
      putStateProfile(
        store,
        'MT',
        {
          protocolParty: 'yes',
          contiguousZoneNm: 30,
          officeHours: { from: '8:00', to: '17:00' },
          timeZone: 'Mars/Base',
        },
        'a1',
        AT,
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['contiguousZoneNm', 'officeHours.from', 'protocolParty', 'timeZone'].sort(),
    );
    expect(issues.find((i) => i.path === 'timeZone')?.message).toContain('IANA');
    expect(history(store)).toEqual([]);
    expect(getDirectory(store)).toEqual(DEMO_SETTING);
  });

  it('names an unknown field rather than dropping it', () => {
    const issues = rejected(
      putStateProfile(store, 'MT', { protocolParty: true, contigousZoneNm: 24 }, 'a1', AT),
    );
    expect(issues).toEqual([{ path: 'contigousZoneNm', message: 'unknown field' }]);
  });

  it('names a bad State or country code', () => {
    expect(
      rejected(putStateProfile(store, 'mt', { protocolParty: true }, 'a1', AT)).map((i) => i.path),
    ).toEqual(['state']);
    expect(
      rejected(
        putCountryAssessment(store, 'LBY', { unsafe: true, source: 's', date: '2026-01-01' }, 'a1', AT),
      ).map((i) => i.path),
    ).toEqual(['country']);
  });

  it('names the missing source and a date that is not a date', () => {
    const issues = rejected(putCountryAssessment(store, 'TN', { unsafe: true, date: 'last week' }, 'a1', AT));
    expect(issues.map((i) => i.path).sort()).toEqual(['date', 'source']);
    expect(history(store)).toEqual([]);
  });
});

describe('with the runtime and its SQLite store', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads the demo Setting the runtime seeded, and new cases open with an edit after a restart', () => {
    dir = mkdtempSync(join(tmpdir(), 'desk-directory-'));
    const clock = { now: () => new Date(AT) };
    const first = openRuntime({ dataDir: dir, clock });
    expect(getDirectory(first.store)).toEqual(DEMO_SETTING);
    const assessment = { unsafe: true, source: 'demo assessment (fictional)', date: '2026-05-30' };
    expect(putCountryAssessment(first.store, 'TN', assessment, 'a1', AT).status).toBe('ok');
    // the running runtime still opens cases with what it read at start
    expect(first.directory().countryAssessments.TN).toBeUndefined();
    first.stop();

    const second = openRuntime({ dataDir: dir, clock });
    expect(second.directory().countryAssessments.TN).toEqual(assessment);
    expect(history(second.store)).toHaveLength(1);
    expect(JSON.parse(second.store.getMeta(HISTORY_KEY) ?? '[]')).toHaveLength(1);
    second.stop();
  });
});
