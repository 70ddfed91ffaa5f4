// Stores written before the directory became a stream kept it in the meta table: the current Setting under
// 'directory' and a JSON array of changes under 'directory-history', rewritten whole on every edit. This
// reads them, once, into the entries of a chain; the runtime appends them in one transaction and never reads
// the two keys again (a non-empty chain is the only thing it looks at).
import { leniently, Setting } from '../../machines/schemas.ts';
import {
  applyChange,
  chainDirectory,
  type DirectoryEntry,
  sameDirectoryValue,
  valueBefore,
} from './chain.ts';
import type { DirectoryEdited } from './directory.ts';

export const LEGACY_DIRECTORY_KEY = 'directory';
export const LEGACY_HISTORY_KEY = 'directory-history';

// the actor of the seeds the migration writes: no one edited anything, the desk restated what it held
export const MIGRATION_ACTOR = 'desk-migration';

interface LegacyEntry {
  seq: number;
  at: string;
  actor: string;
  state?: string;
  country?: string;
  before: unknown;
  after: unknown;
}

// the legacy history knew only profiles and assessments
type LegacyChange = Extract<DirectoryEdited, { kind: 'state-profile' | 'country-assessment' }>;

function asChange(h: LegacyEntry): LegacyChange {
  return h.state !== undefined
    ? ({ kind: 'state-profile', state: h.state, before: h.before, after: h.after } as LegacyChange)
    : ({
        kind: 'country-assessment',
        country: h.country ?? '',
        before: h.before,
        after: h.after,
      } as LegacyChange);
}

// `setting` with the key the change names set to `value`, or removed where `value` is null.
function put(setting: Setting, change: LegacyChange, value: unknown): Setting {
  const [field, key] =
    change.kind === 'state-profile'
      ? (['states', change.state] as const)
      : (['countryAssessments', change.country] as const);
  const { [key]: _old, ...others } = setting[field] as Record<string, unknown>;
  return { ...setting, [field]: value === null ? others : { ...others, [key]: value } } as Setting;
}

// The chain the legacy keys describe, or undefined if the store has neither (a new store).
export function chainFromMeta(
  getMeta: (key: string) => string | undefined,
  fallback: Setting,
  at: string,
): DirectoryEntry[] | undefined {
  const stored = getMeta(LEGACY_DIRECTORY_KEY);
  const past = getMeta(LEGACY_HISTORY_KEY);
  if (stored === undefined && past === undefined) return undefined;
  // the runtime read the key the same way (keys it did not know dropped), so this is the Setting its cases
  // were opened with
  const read = leniently(Setting, stored === undefined ? fallback : JSON.parse(stored));
  if (!read.success) throw read.error;
  const directory = read.data;
  const history = (past === undefined ? [] : JSON.parse(past)) as LegacyEntry[];

  // The directory before the first recorded change: every change undone, newest first.
  let current = directory;
  for (const h of [...history].reverse()) current = put(current, asChange(h), h.before);

  const entries: DirectoryEntry[] = [];
  const append = (when: string, actor: string, change: Parameters<typeof chainDirectory>[3]) => {
    entries.push(chainDirectory(entries.at(-1), when, actor, change));
    current = applyChange(current, change);
  };
  append(at, MIGRATION_ACTOR, { kind: 'seed', before: null, after: current });
  for (const h of history) {
    const change = asChange(h);
    // Older desks wrote the two keys one after the other, history first: a change recorded whose write did
    // not land leaves the next change's `before` disagreeing with it. A seed states the directory as that
    // change found it, so each edit's `before` is the fold at its point, as verify checks.
    if (!sameDirectoryValue(change.before, valueBefore(current, change))) {
      append(at, MIGRATION_ACTOR, {
        kind: 'seed',
        before: current,
        after: put(current, change, change.before),
      });
    }
    append(h.at, h.actor, change);
  }
  // The stored directory is what the desk served and what its cases copied; the history is only an account
  // of it. Where the two still disagree (a last change recorded but never written, or an edit made outside
  // the desk), the stored directory wins, and a seed keeps the disagreement visible in the chain.
  if (!sameDirectoryValue(current, directory)) {
    append(at, MIGRATION_ACTOR, { kind: 'seed', before: current, after: directory });
  }
  return entries;
}
