// What the SQLite store writes, as its writer thread runs it (sqlite-writer-thread.ts): every write of the
// store in the thread's connection, so the desk's event loop never waits for a transaction or its fsync.
// Commits arrive flattened to columns (sqlite.ts serialises them on the desk's thread); refusals travel back
// as data and become the store's errors again on the other side (sqlite-writer.ts).
import type Database from 'better-sqlite3';
import type { CaseRecord, DirectoryRecord, EntryRecord } from './rows.ts';

export type OutboxColumns = [string, string, number, string, string, string | null, number, string | null];

export interface CommitRecord {
  caseId: string;
  expectedHeadSeq: number;
  claim?: { id: string; dueAt: string };
  settle?: { key: string; outcome: 'delivered' | 'failed'; at: string };
  idempotency?: { scope: string; key: string; response: string };
  entries: EntryRecord[];
  caseRow: Omit<CaseRecord, 'training'> & { training: number };
  // the case's pending deadlines (replacing the set); absent: left as they are
  deadlines?: Array<[string, string, string, string]>;
  outbox: OutboxColumns[];
  checkpoint?: { caseId: string; seq: number; head: string; at: string; signature: string };
}

export type WriteOp =
  | { kind: 'commit'; commit: CommitRecord }
  | { kind: 'setMeta'; key: string; value: string }
  | { kind: 'initMeta'; key: string; value: string }
  | { kind: 'appendDirectory'; entries: DirectoryRecord[] }
  | { kind: 'outboxAttempted'; key: string; attempts: number; dueAt: string; error: string };

// A refusal of the store's contract (store.ts), or a failure of the database with its driver's code.
export type WriteFailure =
  | { name: 'HeadMovedError'; caseId: string }
  | { name: 'DeadlineTakenError'; caseId: string; deadlineId: string }
  | { name: 'OutboxSettledError'; key: string }
  | { name: 'IdempotencyTakenError'; scope: string; key: string }
  | { name: 'DirectoryHeadMovedError'; seq: number; headSeq: number }
  | { name: 'Error'; message: string; code?: string };

export type WriteOutcome = { ok: true; value?: string } | { ok: false; failure: WriteFailure };

class Refused extends Error {
  constructor(readonly failure: WriteFailure) {
    super(failure.name);
  }
}

export function failureOf(err: unknown): WriteFailure {
  if (err instanceof Refused) return err.failure;
  const e = err as { message?: unknown; code?: unknown };
  return {
    name: 'Error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

// Runs batches of writes on `db`: each batch in one transaction, so one fsync makes all of it durable; each
// write in its own savepoint, so one that is refused leaves nothing and does not undo the others. A case's
// row and its signed checkpoint are written once per batch, for the last of its commits written.
export function sqliteWrites(db: Database.Database): (ops: WriteOp[]) => WriteOutcome[] {
  const q = {
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    initMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    headSeq: db.prepare<[string], { head_seq: number }>('SELECT head_seq FROM cases WHERE id = ?'),
    insertEntry: db.prepare(
      'INSERT INTO entries (case_id, seq, at, actor, type, event, outcome, refusal, prev, hash, view) VALUES (@case_id, @seq, @at, @actor, @type, @event, @outcome, @refusal, @prev, @hash, @view)',
    ),
    upsertCase: db.prepare(
      `INSERT INTO cases (id, kind, training, status, opened_at, version, head_seq, head_hash, state, view)
       VALUES (@id, @kind, @training, @status, @opened_at, @version, @head_seq, @head_hash, @state, @view)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version, head_seq = excluded.head_seq,
         head_hash = excluded.head_hash, state = excluded.state, view = excluded.view`,
    ),
    deleteDeadlines: db.prepare('DELETE FROM deadlines WHERE case_id = ?'),
    insertDeadline: db.prepare('INSERT INTO deadlines (case_id, id, due_at, about) VALUES (?, ?, ?, ?)'),
    deadline: db.prepare<[string, string], { due_at: string }>(
      'SELECT due_at FROM deadlines WHERE case_id = ? AND id = ?',
    ),
    idempotent: db.prepare<[string, string], { case_id: string }>(
      'SELECT case_id FROM idempotency WHERE scope = ? AND key = ?',
    ),
    insertIdempotency: db.prepare(
      'INSERT INTO idempotency (scope, key, case_id, response) VALUES (?, ?, ?, ?)',
    ),
    insertOutbox: db.prepare(
      'INSERT INTO outbox (key, case_id, seq, kind, payload, due_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    outboxAttempted: db.prepare(
      'UPDATE outbox SET attempts = ?, due_at = ?, last_error = ? WHERE key = ? AND delivered_at IS NULL AND failed_at IS NULL',
    ),
    settleOutbox: {
      delivered: db.prepare(
        'UPDATE outbox SET delivered_at = ? WHERE key = ? AND delivered_at IS NULL AND failed_at IS NULL',
      ),
      failed: db.prepare(
        'UPDATE outbox SET failed_at = ? WHERE key = ? AND delivered_at IS NULL AND failed_at IS NULL',
      ),
    },
    insertCheckpoint: db.prepare(
      'INSERT OR REPLACE INTO checkpoints (case_id, seq, head, at, signature) VALUES (@caseId, @seq, @head, @at, @signature)',
    ),
    directoryHead: db.prepare<[], { seq: number }>('SELECT seq FROM directory ORDER BY seq DESC LIMIT 1'),
    insertDirectory: db.prepare('INSERT INTO directory (seq, entry, prev, hash) VALUES (?, ?, ?, ?)'),
  };

  // A case's row as the batch leaves it: written once, at the end of the batch, for the last of its commits
  // that stood (the row is most of what a commit writes, and only the last one counts).
  let rows = new Map<string, CommitRecord['caseRow']>();
  const headOf = (caseId: string) => rows.get(caseId)?.head_seq ?? q.headSeq.get(caseId)?.head_seq ?? 0;

  const commit = (c: CommitRecord) => {
    const head = headOf(c.caseId);
    if (head !== c.expectedHeadSeq) throw new Refused({ name: 'HeadMovedError', caseId: c.caseId });
    if (c.claim && q.deadline.get(c.caseId, c.claim.id)?.due_at !== c.claim.dueAt)
      throw new Refused({ name: 'DeadlineTakenError', caseId: c.caseId, deadlineId: c.claim.id });
    // written at once, but the throw rolls the savepoint back, so nothing of the commit stays
    if (c.settle && q.settleOutbox[c.settle.outcome].run(c.settle.at, c.settle.key).changes === 0)
      throw new Refused({ name: 'OutboxSettledError', key: c.settle.key });
    if (c.idempotency && q.idempotent.get(c.idempotency.scope, c.idempotency.key))
      throw new Refused({
        name: 'IdempotencyTakenError',
        scope: c.idempotency.scope,
        key: c.idempotency.key,
      });
    for (const e of c.entries) q.insertEntry.run(e);
    if (c.deadlines) {
      q.deleteDeadlines.run(c.caseId);
      for (const d of c.deadlines) q.insertDeadline.run(...d);
    }
    for (const o of c.outbox) q.insertOutbox.run(...o);
    if (c.idempotency)
      q.insertIdempotency.run(c.idempotency.scope, c.idempotency.key, c.caseId, c.idempotency.response);
  };

  const appendDirectory = (entries: DirectoryRecord[]) => {
    let head = q.directoryHead.get()?.seq ?? 0;
    for (const e of entries) {
      if (e.seq !== head + 1)
        throw new Refused({ name: 'DirectoryHeadMovedError', seq: e.seq, headSeq: head });
      q.insertDirectory.run(e.seq, e.entry, e.prev, e.hash);
      head = e.seq;
    }
  };

  const one = db.transaction((op: WriteOp): string | undefined => {
    switch (op.kind) {
      case 'commit':
        commit(op.commit);
        return undefined;
      case 'setMeta':
        q.setMeta.run(op.key, op.value);
        return undefined;
      case 'initMeta':
        q.initMeta.run(op.key, op.value);
        return q.getMeta.get(op.key)!.value;
      case 'appendDirectory':
        appendDirectory(op.entries);
        return undefined;
      case 'outboxAttempted':
        q.outboxAttempted.run(op.attempts, op.dueAt, op.error, op.key);
        return undefined;
    }
  });

  const batch = db.transaction((ops: WriteOp[]): WriteOutcome[] => {
    const signed = new Map<string, NonNullable<CommitRecord['checkpoint']>>();
    rows = new Map();
    const outcomes = ops.map((op): WriteOutcome => {
      try {
        const value = one(op);
        if (op.kind === 'commit') {
          rows.set(op.commit.caseId, op.commit.caseRow);
          if (op.commit.checkpoint) signed.set(op.commit.caseId, op.commit.checkpoint);
        }
        return value === undefined ? { ok: true } : { ok: true, value };
      } catch (err) {
        // its savepoint is rolled back: the others stand (a disk that is full fails them all at COMMIT)
        return { ok: false, failure: failureOf(err) };
      }
    });
    for (const row of rows.values()) q.upsertCase.run(row);
    for (const k of signed.values()) q.insertCheckpoint.run(k);
    return outcomes;
  });

  // BEGIN IMMEDIATE: another process's write between our reads and our writes must wait, not race
  return (ops) => batch.immediate(ops);
}
