// The authorities directory (SoM art. 8(6)) and the country assessments the central authority keeps, in the
// store's meta table: the current Setting under 'directory' (what the runtime reads at start and copies into
// each case it opens) and an append-only history under 'directory-history'.
//
// The two keys are written one after the other, history first: the store offers no transaction over meta,
// and a change recorded in the history that did not land is visible (its `after` differs from the current
// entry), while a change that landed without a history entry would be unaccountable.
import { z } from 'zod';
import { Alpha2, CountryAssessment, Setting, StateProfile } from '../../machines/schemas.ts';
import type { Store } from '../store/store.ts';
import { DEMO_SETTING } from './demo.ts';

export type MetaStore = Pick<Store, 'getMeta' | 'setMetas'>;

export const DIRECTORY_KEY = 'directory';
export const HISTORY_KEY = 'directory-history';

export interface HistoryEntry {
  seq: number;
  at: string;
  // the subject of the token that made the change
  actor: string;
  state?: string;
  country?: string;
  before: StateProfile | CountryAssessment | null;
  after: StateProfile | CountryAssessment;
}

export interface Issue {
  path: string;
  message: string;
}

export type PutResult<T> =
  | { status: 'ok'; entry: T; history: HistoryEntry; directory: Setting }
  | { status: 'invalid'; issues: Issue[] };

// A typo in a field name would otherwise be dropped without a word, and the profile saved without it.
export const StateProfileInput = z.strictObject(StateProfile.shape);
export const CountryAssessmentInput = z.strictObject({
  ...CountryAssessment.shape,
  date: z.iso.date('a date "YYYY-MM-DD"'),
});

// Paths as the HTTP layer names fields: dotted, relative to the body; unknown keys named one by one.
export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key].join('.'), message: 'unknown field' });
    } else {
      out.push({ path: path.join('.'), message: issue.message });
    }
  }
  return out;
}

export function getDirectory(store: MetaStore, fallback: Setting = DEMO_SETTING): Setting {
  const stored = store.getMeta(DIRECTORY_KEY);
  return stored === undefined ? fallback : Setting.parse(JSON.parse(stored));
}

export function history(store: MetaStore): HistoryEntry[] {
  const stored = store.getMeta(HISTORY_KEY);
  return stored === undefined ? [] : (JSON.parse(stored) as HistoryEntry[]);
}

function codeIssues(field: string, code: string): Issue[] {
  const parsed = Alpha2.safeParse(code);
  return parsed.success ? [] : zodIssues(parsed.error, [field]);
}

function commit(store: MetaStore, directory: Setting, entry: Omit<HistoryEntry, 'seq'>): HistoryEntry {
  const past = history(store);
  const recorded: HistoryEntry = { seq: past.length + 1, ...entry };
  // the change and its history, together or not at all
  store.setMetas([
    [HISTORY_KEY, JSON.stringify([...past, recorded])],
    [DIRECTORY_KEY, JSON.stringify(directory)],
  ]);
  return recorded;
}

// Replaces the State's whole profile (PUT semantics: a field left out is removed).
export function putStateProfile(
  store: MetaStore,
  state: string,
  profile: unknown,
  actor: string,
  at: string,
  fallback: Setting = DEMO_SETTING,
): PutResult<StateProfile> {
  const parsed = StateProfileInput.safeParse(profile);
  const issues = [...codeIssues('state', state), ...(parsed.success ? [] : zodIssues(parsed.error))];
  if (!parsed.success || issues.length > 0) return { status: 'invalid', issues };
  const current = getDirectory(store, fallback);
  const after = parsed.data;
  const directory: Setting = { ...current, states: { ...current.states, [state]: after } };
  const recorded = commit(store, directory, {
    at,
    actor,
    state,
    before: current.states[state] ?? null,
    after,
  });
  return { status: 'ok', entry: after, history: recorded, directory };
}

export function putCountryAssessment(
  store: MetaStore,
  country: string,
  assessment: unknown,
  actor: string,
  at: string,
  fallback: Setting = DEMO_SETTING,
): PutResult<CountryAssessment> {
  const parsed = CountryAssessmentInput.safeParse(assessment);
  const issues = [...codeIssues('country', country), ...(parsed.success ? [] : zodIssues(parsed.error))];
  if (!parsed.success || issues.length > 0) return { status: 'invalid', issues };
  const current = getDirectory(store, fallback);
  const after = parsed.data;
  const directory: Setting = {
    ...current,
    countryAssessments: { ...current.countryAssessments, [country]: after },
  };
  const recorded = commit(store, directory, {
    at,
    actor,
    country,
    before: current.countryAssessments[country] ?? null,
    after,
  });
  return { status: 'ok', entry: after, history: recorded, directory };
}
