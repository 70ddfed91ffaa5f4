// The storage port. The runtime speaks only to this interface: the memory store (replays, tests), SQLite (one
// desk, embedded) and PostgreSQL (several desks on one store) keep the same contract (test/store/contract.ts).
// Every method is asynchronous because a network database is; the embedded ones answer at once.
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
  // the snapshot: the runtime stores its setting by reference (runtime/stored-rows.ts)
  state: PersistedCase;
  // what the runtime serves; null as stored since the runtime derives it from `state` (rows written before
  // hold theirs)
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
  // The relay's schedule. A row written before the relay existed has no due time: the relay never picks it
  // up (pendingOutbox with dueBy), so the desk does not send, late and unasked, what it never meant to send.
  dueAt?: string;
  // failed attempts so far (0 when written, and for rows from before the relay), and the last one's reason:
  // the backoff is computed from them, and an operator reads why a row is stuck
  attempts: number;
  lastError?: string;
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
  // a deadline this commit fires: it must still be due and not being fired by another desk, or
  // DeadlineTakenError, and nothing is written
  claim?: { id: string; dueAt: string };
  // the relay's end of an outbox row, recorded with the entries that say so: the row must be neither
  // delivered nor failed yet, or OutboxSettledError, and nothing is written (of two relays, one records it)
  settle?: { key: string; outcome: 'delivered' | 'failed'; at: string };
}

export class HeadMovedError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} moved on while the command was decided`);
  }
}

// The deadline a commit claims was fired (or is being fired) by another writer.
export class DeadlineTakenError extends Error {
  constructor(
    readonly caseId: string,
    readonly deadlineId: string,
  ) {
    super(`deadline ${deadlineId} of case ${caseId} is no longer due here`);
  }
}

// The outbox row a commit settles is settled already (by another relay, or an earlier try) or does not exist.
export class OutboxSettledError extends Error {
  constructor(readonly key: string) {
    super(`outbox row ${key} is already delivered or failed, or does not exist`);
  }
}

// Another request with the same idempotency key committed first: its answer is the answer.
export class IdempotencyTakenError extends Error {
  constructor(
    readonly scope: string,
    readonly key: string,
  ) {
    super(`idempotency key ${key} was recorded by another request`);
  }
}

// A store that cannot take or give data now (a full or read-only disk, a database that does not answer or
// refuses connections): the command was not recorded and may be retried. Driver errors are recognised by
// their codes, so each adapter keeps its driver's own errors.
const UNAVAILABLE_CODES = new Set([
  // SQLite (better-sqlite3's `code`)
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  // the network to PostgreSQL
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  // PostgreSQL: connection exceptions (08...), insufficient resources (53...), operator intervention (57...)
  '08000',
  '08001',
  '08003',
  '08006',
  '53100',
  '53200',
  '53300',
  '57P01',
  '57P02',
  '57P03',
  // PostgreSQL: a read-only transaction (a standby)
  '25006',
]);

export function isStoreUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('SQLITE_IOERR')))
    return true;
  // pg's pool and client say so in words when the connection is gone
  const message = (err as { message?: unknown } | null)?.message;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      message,
    )
  );
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

// What a shared store tells the desks following it: a case's log has grown to `seq` (a wake-up, not the
// entry: the follower reads the log), or the link dropped and came back, so anything may have been missed.
export interface StoreFollower {
  onAppended(caseId: string, seq: number): void;
  onDirectory(): void;
  onReconnected(): void;
}

export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  // true where other processes write to the same store: the runtime then reads cases from the store rather
  // than from its own cache, and follows the others' commits (src/runtime/follow.ts)
  readonly shared: boolean;
  // true where commits asked one after another are written in that order: a commit may then be asked on a
  // head that an earlier commit, asked but not yet durable, will write, so the commands of one case pipeline
  // into one group commit (runtime/commands.ts). A store whose commits may overtake each other (a pool of
  // connections) says false, and each command on a case waits for the one before to be durable.
  readonly ordered: boolean;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  // sets the key unless it is set; answers the value that holds (the first writer's)
  initMeta(key: string, value: string): Promise<string>;
  // The authorities directory's stream (src/directory/chain.ts). In one transaction, all or none; each entry
  // must have the seq after the head's (the entries before it included), or DirectoryHeadMovedError.
  appendDirectory(...entries: DirectoryEntry[]): Promise<void>;
  // oldest first
  directoryEntries(afterSeq?: number): Promise<DirectoryEntry[]>;
  loadCase(id: string): Promise<CaseRow | undefined>;
  caseIds(): Promise<string[]>;
  // every case's head seq: what a follower compares with what it has published
  heads(): Promise<Map<string, number>>;
  entries(caseId: string, afterSeq?: number): Promise<LoggedEntry[]>;
  // HeadMovedError when the case's head is not expectedHeadSeq, IdempotencyTakenError when the key is
  // recorded, DeadlineTakenError when the claim fails, OutboxSettledError when the row to settle is settled
  // or unknown; in each case nothing is written
  commit(c: Commit): Promise<void>;
  // due by nowIso, in due order (then case, then id)
  dueDeadlines(nowIso: string, limit?: number): Promise<DeadlineRow[]>;
  nextDeadline(): Promise<DeadlineRow | undefined>;
  idempotent(scope: string, key: string): Promise<IdempotentResult | undefined>;
  latestCheckpoint(caseId: string): Promise<Checkpoint | undefined>;
  // Rows neither delivered nor failed, up to limit (negative: all). With dueBy, only those due by then (never
  // a row without a due time), by due time, then the order written; without, all of them in the order written.
  pendingOutbox(limit: number, dueBy?: string): Promise<OutboxRow[]>;
  // A failed attempt at an unsettled row: its attempts, next due time and last error. A settled or unknown
  // row is left as it is, without an error: a relay that lost the race to settle it has nothing to record.
  outboxAttempted(key: string, next: { attempts: number; dueAt: string; error: string }): Promise<void>;
  // A shared store's wake-ups (absent where no other process writes); resolves once listening.
  follow?(follower: StoreFollower): Promise<void>;
  // A shared store's second chance for a writer that lost the race for a case's head: `decide` runs on the
  // case as it is, while the case is locked, and what it returns is written in the same transaction, so the
  // writer cannot lose again (nothing is written when it returns undefined).
  commitOnHead?(caseId: string, decide: (row: CaseRow | undefined) => Commit | undefined): Promise<void>;
  // An embedded store's own check of its file: [] when sound, else what it found.
  integrity?(): Promise<string[]>;
  // An embedded store's consistent copy into `file`, taken while it serves (desk backup).
  backup?(file: string): Promise<void>;
  close(): Promise<void>;
}
