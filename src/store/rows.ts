// The SQL stores' rows (sqlite.ts, postgres.ts): the same tables and columns in both, so one reading of each
// row into what the port returns. JSON columns are text, parsed here.
import type { ChainedEntry } from '../audit/chain.ts';
import type { DirectoryEntry } from '../directory/chain.ts';
import type { CaseRow, DeadlineRow, LoggedEntry, OutboxRow } from './store.ts';

export interface EntryRecord {
  case_id: string;
  seq: number;
  at: string;
  actor: string;
  type: string;
  event: string;
  outcome: string;
  refusal: string | null;
  prev: string;
  hash: string;
  view: string;
}

export interface CaseRecord {
  id: string;
  kind: string;
  // SQLite has no boolean: 0 or 1
  training: boolean | number;
  status: string;
  opened_at: string;
  version: number;
  head_seq: number;
  head_hash: string;
  state: string;
  view: string;
}

export interface DeadlineRecord {
  case_id: string;
  id: string;
  due_at: string;
  about: string;
}

export interface OutboxRecord {
  key: string;
  case_id: string;
  seq: number;
  kind: string;
  payload: string;
  // NULL on rows from before the relay
  due_at: string | null;
  attempts: number;
  last_error: string | null;
}

export interface DirectoryRecord {
  seq: number;
  entry: string;
  prev: string;
  hash: string;
}

export function toEntry(r: EntryRecord): LoggedEntry {
  const entry: ChainedEntry = {
    caseId: r.case_id,
    seq: r.seq,
    at: r.at,
    actor: JSON.parse(r.actor),
    type: r.type,
    event: JSON.parse(r.event),
    outcome: r.outcome as ChainedEntry['outcome'],
    ...(r.refusal ? { refusal: JSON.parse(r.refusal) } : {}),
    prev: r.prev,
    hash: r.hash,
  };
  return { entry, view: JSON.parse(r.view) };
}

export function toCase(r: CaseRecord): CaseRow {
  return {
    id: r.id,
    kind: r.kind,
    training: r.training === true || r.training === 1,
    status: r.status as CaseRow['status'],
    openedAt: r.opened_at,
    version: r.version,
    headSeq: r.head_seq,
    headHash: r.head_hash,
    state: JSON.parse(r.state),
    view: JSON.parse(r.view),
  };
}

export const toDeadline = (r: DeadlineRecord): DeadlineRow => ({
  caseId: r.case_id,
  id: r.id,
  dueAt: r.due_at,
  about: r.about,
});

export const toOutbox = (r: OutboxRecord): OutboxRow => ({
  key: r.key,
  caseId: r.case_id,
  seq: r.seq,
  kind: r.kind,
  payload: JSON.parse(r.payload),
  // absent rather than undefined where NULL, so a row reads back equal to the one written
  ...(r.due_at === null ? {} : { dueAt: r.due_at }),
  attempts: r.attempts,
  ...(r.last_error === null ? {} : { lastError: r.last_error }),
});

// The columns are the entry's position in the chain; the JSON cannot move it.
export function toDirectoryEntry(r: DirectoryRecord): DirectoryEntry {
  const { seq: _s, prev: _p, hash: _h, ...fields } = JSON.parse(r.entry) as Record<string, unknown>;
  return { seq: r.seq, ...fields, prev: r.prev, hash: r.hash } as DirectoryEntry;
}

// An outbox row's columns in the order both SQL stores insert them (key, case_id, seq, kind, payload, due_at,
// attempts, last_error).
export const outboxColumns = (o: OutboxRow) =>
  [
    o.key,
    o.caseId,
    o.seq,
    o.kind,
    JSON.stringify(o.payload),
    o.dueAt ?? null,
    o.attempts,
    o.lastError ?? null,
  ] as const;
