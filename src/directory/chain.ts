// The authorities directory (SoM art. 8(6)) as an append-only, hash-chained stream. The current directory is
// the fold of the chain, so an edit and the record of it are one write: there is no second copy to fall
// behind. Entries are chained as the case audit entries are (src/audit/chain.ts): SHA-256 over the RFC 8785
// canonical JSON of the entry without its hash, `prev` linking to the hash before, the first to GENESIS.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type {
  CountryAssessment,
  SecurityCouncilAuthorisation,
  Setting,
  StateProfile,
} from '../../machines/schemas.ts';
import { GENESIS } from '../audit/chain.ts';

export type DirectoryChange =
  // the whole directory: the first entry, and wherever a migration had to say what the directory was
  | { kind: 'seed'; before: Setting | null; after: Setting }
  | { kind: 'state-profile'; state: string; before: StateProfile | null; after: StateProfile }
  | {
      kind: 'country-assessment';
      country: string;
      before: CountryAssessment | null;
      after: CountryAssessment;
    }
  // one line of Security Council authorisations (domain.md, row 8b), keyed by its resolution
  | {
      kind: 'security-council-authorisation';
      resolution: string;
      before: SecurityCouncilAuthorisation | null;
      after: SecurityCouncilAuthorisation;
    };

export type DirectoryKind = DirectoryChange['kind'];

export type DirectoryEntry = {
  seq: number;
  at: string;
  // the subject of the token that made the change, or the desk's own name for a seed
  actor: string;
} & DirectoryChange & { prev: string; hash: string };

export interface DirectoryVerifyResult {
  valid: boolean;
  entries: number;
  head: string;
  firstBad?: { seq: number; problem: string };
}

const canonical = (value: unknown): string => canonicalize(value) ?? 'undefined';

export function hashDirectoryEntry(entry: Omit<DirectoryEntry, 'hash'>): string {
  const { hash: _h, ...rest } = entry as DirectoryEntry;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('directory entry cannot be canonicalised');
  return createHash('sha256').update(text).digest('hex');
}

// The next entry after `head`. The change goes through JSON first, so what is hashed and folded now is
// exactly what the store gives back after a restart (no undefined fields, no shared objects).
export function chainDirectory(
  head: Pick<DirectoryEntry, 'seq' | 'hash'> | undefined,
  at: string,
  actor: string,
  change: DirectoryChange,
): DirectoryEntry {
  const plain = JSON.parse(JSON.stringify(change)) as DirectoryChange;
  const { kind, before, after } = plain;
  const key =
    plain.kind === 'state-profile'
      ? { state: plain.state }
      : plain.kind === 'country-assessment'
        ? { country: plain.country }
        : plain.kind === 'security-council-authorisation'
          ? { resolution: plain.resolution }
          : {};
  const base = {
    seq: (head?.seq ?? 0) + 1,
    at,
    actor,
    kind,
    ...key,
    before,
    after,
    prev: head?.hash ?? GENESIS,
  } as Omit<DirectoryEntry, 'hash'>;
  return { ...base, hash: hashDirectoryEntry(base) } as DirectoryEntry;
}

// What the change replaces in `current`: the value an entry's `before` must equal.
export function valueBefore(current: Setting | undefined, change: DirectoryChange): unknown {
  switch (change.kind) {
    case 'seed':
      return current ?? null;
    case 'state-profile':
      return current?.states[change.state] ?? null;
    case 'country-assessment':
      return current?.countryAssessments[change.country] ?? null;
    case 'security-council-authorisation':
      return current?.securityCouncilAuthorisations?.find((a) => a.resolution === change.resolution) ?? null;
  }
}

export function applyChange(current: Setting | undefined, change: DirectoryChange): Setting {
  if (change.kind === 'seed') return change.after;
  const base: Setting = current ?? { states: {}, countryAssessments: {} };
  switch (change.kind) {
    case 'state-profile':
      return { ...base, states: { ...base.states, [change.state]: change.after } };
    case 'country-assessment':
      return { ...base, countryAssessments: { ...base.countryAssessments, [change.country]: change.after } };
    case 'security-council-authorisation': {
      // a renewal or correction replaces its own line, in place; a new resolution is added at the end
      const lines = base.securityCouncilAuthorisations ?? [];
      const at = lines.findIndex((a) => a.resolution === change.resolution);
      return {
        ...base,
        securityCouncilAuthorisations:
          at < 0 ? [...lines, change.after] : lines.map((a, i) => (i === at ? change.after : a)),
      };
    }
  }
}

export const sameDirectoryValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

// Why `entry` cannot follow `previous` in a chain whose fold so far is `current`; undefined if it can.
export function entryProblem(
  previous: Pick<DirectoryEntry, 'seq' | 'hash'> | undefined,
  current: Setting | undefined,
  entry: DirectoryEntry,
): string | undefined {
  const seq = (previous?.seq ?? 0) + 1;
  if (entry.seq !== seq) return `expected seq ${seq}, found ${entry.seq}`;
  if (entry.prev !== (previous?.hash ?? GENESIS)) return 'prev does not link to the previous entry';
  if (hashDirectoryEntry(entry) !== entry.hash) return 'hash does not match the entry';
  if (!previous && entry.kind !== 'seed') return 'the chain does not start with a seed';
  if (!sameDirectoryValue(entry.before, valueBefore(current, entry)))
    return '`before` differs from the directory at that point';
  return undefined;
}

export function verifyDirectoryChain(entries: readonly DirectoryEntry[]): DirectoryVerifyResult {
  let previous: DirectoryEntry | undefined;
  let current: Setting | undefined;
  for (const entry of entries) {
    const problem = entryProblem(previous, current, entry);
    if (problem) {
      return {
        valid: false,
        entries: entries.length,
        head: previous?.hash ?? GENESIS,
        firstBad: { seq: entry.seq, problem },
      };
    }
    current = applyChange(current, entry);
    previous = entry;
  }
  return { valid: true, entries: entries.length, head: previous?.hash ?? GENESIS };
}

export function foldDirectory(entries: readonly DirectoryEntry[]): Setting | undefined {
  return entries.reduce<Setting | undefined>(applyChange, undefined);
}
