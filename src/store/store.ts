// The storage port. The runtime speaks only to this interface, so a PostgreSQL adapter can follow
// without touching it (engineering.md, "Durable cases").
import type { CaseView, PersistedCase } from '../../machines/engine.ts';
import type { ChainedEntry, Checkpoint } from '../audit/chain.ts';
import type { DirectoryEntry } from '../directory/chain.ts';

export interface CaseRow {
  id: string;
  kind: string;
  training: boolean;
  status: 'open' | 'closed';
  openedAt: string;
  // seq of the last applied entry: what If-Match compares against
  version: number;
  headSeq: number;
  headHash: string;
  state: PersistedCase;
  view: CaseView;
}

export interface LoggedEntry {
  entry: ChainedEntry;
  view: CaseView;
}

export interface DeadlineRow {
  caseId: string;
  id: string;
  dueAt: string;
  about: string;
}

export interface OutboxRow {
  // caseId:seq:n: an effect leaving the process runs at least once; its key makes it idempotent downstream
  key: string;
  caseId: string;
  seq: number;
  kind: string;
  payload: unknown;
}

export interface IdempotentResult {
  caseId: string;
  response: unknown;
}

// Everything one command writes, in one transaction.
export interface Commit {
  caseId: string;
  // the head the command was decided on: never blind-write a version
  expectedHeadSeq: number;
  entries: LoggedEntry[];
  caseRow: CaseRow;
  // the case's pending deadlines after the command (replaces the previous set)
  deadlines?: DeadlineRow[];
  outbox?: OutboxRow[];
  idempotency?: { scope: string; key: string; response: unknown };
  checkpoint?: Checkpoint;
}

export class HeadMovedError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} moved on while the command was decided`);
  }
}

// The directory's rule is the cases' rule: an entry is decided on a head, and is not written on another.
export class DirectoryHeadMovedError extends Error {
  constructor(
    readonly seq: number,
    readonly headSeq: number,
  ) {
    super(`the directory moved on: entry ${seq} does not follow its head, now ${headSeq}`);
  }
}

export interface Store {
  readonly kind: string;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  // The authorities directory's stream (src/directory/chain.ts). In one transaction, all or none; each entry
  // must have the seq after the head's (the entries before it included), or DirectoryHeadMovedError.
  appendDirectory(...entries: DirectoryEntry[]): void;
  // oldest first
  directoryEntries(afterSeq?: number): DirectoryEntry[];
  loadCase(id: string): CaseRow | undefined;
  caseIds(): string[];
  entries(caseId: string, afterSeq?: number): LoggedEntry[];
  commit(c: Commit): void;
  dueDeadlines(nowIso: string): DeadlineRow[];
  nextDeadline(): DeadlineRow | undefined;
  idempotent(scope: string, key: string): IdempotentResult | undefined;
  latestCheckpoint(caseId: string): Checkpoint | undefined;
  pendingOutbox(limit: number): OutboxRow[];
  close(): void;
}
