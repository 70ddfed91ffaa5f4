// The embedded store: SQLite in WAL mode with synchronous=FULL, so an acknowledged command survives a crash.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Checkpoint } from '../audit/chain.ts';
import type { DirectoryEntry } from '../directory/chain.ts';
import {
  type CaseRecord,
  type DirectoryRecord,
  type EntryRecord,
  type OutboxRecord,
  outboxColumns,
  toCase,
  toDeadline,
  toDirectoryEntry,
  toEntry,
  toOutbox,
} from './rows.ts';
import {
  type Commit,
  DeadlineTakenError,
  DirectoryHeadMovedError,
  HeadMovedError,
  IdempotencyTakenError,
  type IdempotentResult,
  OutboxSettledError,
  type Store,
} from './store.ts';

// Numbered migrations: each runs once, in order, in its own transaction; user_version records the last.
// Exported for the tests that build a store as an earlier version left it.
export const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE cases (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, training INTEGER NOT NULL, status TEXT NOT NULL,
     opened_at TEXT NOT NULL, version INTEGER NOT NULL, head_seq INTEGER NOT NULL, head_hash TEXT NOT NULL,
     state TEXT NOT NULL, view TEXT NOT NULL);
   CREATE TABLE entries (
     case_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, type TEXT NOT NULL,
     event TEXT NOT NULL, outcome TEXT NOT NULL, refusal TEXT, prev TEXT NOT NULL, hash TEXT NOT NULL,
     view TEXT NOT NULL, PRIMARY KEY (case_id, seq)) WITHOUT ROWID;
   CREATE TABLE deadlines (
     case_id TEXT NOT NULL, id TEXT NOT NULL, due_at TEXT NOT NULL, about TEXT NOT NULL,
     PRIMARY KEY (case_id, id)) WITHOUT ROWID;
   CREATE INDEX deadlines_due ON deadlines (due_at);
   CREATE TABLE idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, case_id TEXT NOT NULL, response TEXT NOT NULL,
     PRIMARY KEY (scope, key)) WITHOUT ROWID;
   CREATE TABLE outbox (key TEXT PRIMARY KEY, case_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
     payload TEXT NOT NULL, delivered_at TEXT);
   CREATE TABLE checkpoints (case_id TEXT NOT NULL, seq INTEGER NOT NULL, head TEXT NOT NULL, at TEXT NOT NULL,
     signature TEXT NOT NULL, PRIMARY KEY (case_id, seq)) WITHOUT ROWID;`,
  // The authorities directory as a hash-chained stream; `entry` holds the fields other than seq, prev, hash.
  // Stores from before it keep their meta keys until the runtime builds the chain from them
  // (src/directory/migrate.ts).
  `CREATE TABLE directory (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);`,
  // The relay's schedule and its end of a row. Rows from before keep due_at NULL: never due, so the relay
  // leaves them alone. The index holds only unsettled rows, the relay's whole work list; an index on a
  // column orders by it and then rowid, the order pendingOutbox gives.
  `ALTER TABLE outbox ADD COLUMN due_at TEXT;
   ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN last_error TEXT;
   ALTER TABLE outbox ADD COLUMN failed_at TEXT;
   CREATE INDEX outbox_due ON outbox (due_at) WHERE delivered_at IS NULL AND failed_at IS NULL;`,
];

export class StoreMissingError extends Error {}

export function openSqliteStore(
  dataDir: string,
  file = 'desk.sqlite',
  // desk verify: nothing made, migrated or written; a store that is not there is an error, not a new store
  { readOnly = false }: { readOnly?: boolean } = {},
): Store {
  const path = join(dataDir, file);
  if (readOnly && !existsSync(path)) throw new StoreMissingError(`there is no store at ${path}`);
  const db = readOnly
    ? new Database(path, { readonly: true, fileMustExist: true })
    : openForWriting(dataDir, path);
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (readOnly && current < MIGRATIONS.length)
    throw new Error(
      `the store at ${path} is from an earlier version of the desk (schema ${current} of ${MIGRATIONS.length}): start the desk on it once, then verify`,
    );
  for (let i = current; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }

  const q = {
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    loadCase: db.prepare<[string], CaseRecord>('SELECT * FROM cases WHERE id = ?'),
    caseIds: db.prepare<[], { id: string }>('SELECT id FROM cases ORDER BY opened_at, id'),
    entries: db.prepare<[string, number], EntryRecord>(
      'SELECT * FROM entries WHERE case_id = ? AND seq > ? ORDER BY seq',
    ),
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
    dueDeadlines: db.prepare<
      [string, number],
      { case_id: string; id: string; due_at: string; about: string }
    >('SELECT * FROM deadlines WHERE due_at <= ? ORDER BY due_at, case_id, id LIMIT ?'),
    deadline: db.prepare<[string, string], { due_at: string }>(
      'SELECT due_at FROM deadlines WHERE case_id = ? AND id = ?',
    ),
    heads: db.prepare<[], { id: string; head_seq: number }>('SELECT id, head_seq FROM cases'),
    initMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    nextDeadline: db.prepare<[], { case_id: string; id: string; due_at: string; about: string }>(
      // the tie order is dueDeadlines': what a store without this index's order must also give
      'SELECT * FROM deadlines ORDER BY due_at, case_id, id LIMIT 1',
    ),
    idempotent: db.prepare<[string, string], { case_id: string; response: string }>(
      'SELECT case_id, response FROM idempotency WHERE scope = ? AND key = ?',
    ),
    insertIdempotency: db.prepare(
      'INSERT INTO idempotency (scope, key, case_id, response) VALUES (?, ?, ?, ?)',
    ),
    insertOutbox: db.prepare(
      'INSERT INTO outbox (key, case_id, seq, kind, payload, due_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    pendingOutbox: db.prepare<[number], OutboxRecord>(
      'SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY rowid LIMIT ?',
    ),
    dueOutbox: db.prepare<[string, number], OutboxRecord>(
      'SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND due_at <= ? ORDER BY due_at, rowid LIMIT ?',
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
      'INSERT OR REPLACE INTO checkpoints (case_id, seq, head, at, signature) VALUES (?, ?, ?, ?, ?)',
    ),
    latestCheckpoint: db.prepare<
      [string],
      { case_id: string; seq: number; head: string; at: string; signature: string }
    >('SELECT * FROM checkpoints WHERE case_id = ? ORDER BY seq DESC LIMIT 1'),
    directoryHead: db.prepare<[], { seq: number }>('SELECT seq FROM directory ORDER BY seq DESC LIMIT 1'),
    directoryEntries: db.prepare<[number], DirectoryRecord>(
      'SELECT * FROM directory WHERE seq > ? ORDER BY seq',
    ),
    insertDirectory: db.prepare('INSERT INTO directory (seq, entry, prev, hash) VALUES (?, ?, ?, ?)'),
  };

  const appendDirectory = db.transaction((entries: DirectoryEntry[]) => {
    let head = q.directoryHead.get()?.seq ?? 0;
    for (const e of entries) {
      if (e.seq !== head + 1) throw new DirectoryHeadMovedError(e.seq, head);
      const { seq, prev, hash, ...rest } = e;
      q.insertDirectory.run(seq, JSON.stringify(rest), prev, hash);
      head = seq;
    }
  });

  const commit = db.transaction((c: Commit) => {
    const head = q.headSeq.get(c.caseId)?.head_seq ?? 0;
    if (head !== c.expectedHeadSeq) throw new HeadMovedError(c.caseId);
    if (c.claim && q.deadline.get(c.caseId, c.claim.id)?.due_at !== c.claim.dueAt)
      throw new DeadlineTakenError(c.caseId, c.claim.id);
    // written at once, but the throw rolls the transaction back, so nothing of the commit stays
    if (c.settle && q.settleOutbox[c.settle.outcome].run(c.settle.at, c.settle.key).changes === 0)
      throw new OutboxSettledError(c.settle.key);
    if (c.idempotency && q.idempotent.get(c.idempotency.scope, c.idempotency.key))
      throw new IdempotencyTakenError(c.idempotency.scope, c.idempotency.key);
    for (const { entry, view } of c.entries) {
      q.insertEntry.run({
        case_id: entry.caseId,
        seq: entry.seq,
        at: entry.at,
        actor: JSON.stringify(entry.actor),
        type: entry.type,
        event: JSON.stringify(entry.event),
        outcome: entry.outcome,
        refusal: entry.refusal ? JSON.stringify(entry.refusal) : null,
        prev: entry.prev,
        hash: entry.hash,
        view: JSON.stringify(view),
      });
    }
    const r = c.caseRow;
    q.upsertCase.run({
      id: r.id,
      kind: r.kind,
      training: r.training ? 1 : 0,
      status: r.status,
      opened_at: r.openedAt,
      version: r.version,
      head_seq: r.headSeq,
      head_hash: r.headHash,
      state: JSON.stringify(r.state),
      view: JSON.stringify(r.view),
    });
    if (c.deadlines) {
      q.deleteDeadlines.run(c.caseId);
      for (const d of c.deadlines) q.insertDeadline.run(d.caseId, d.id, d.dueAt, d.about);
    }
    for (const o of c.outbox ?? []) q.insertOutbox.run(...outboxColumns(o));
    if (c.idempotency) {
      q.insertIdempotency.run(
        c.idempotency.scope,
        c.idempotency.key,
        c.caseId,
        JSON.stringify(c.idempotency.response),
      );
    }
  });
  const writeCheckpoint = (k: Checkpoint) =>
    q.insertCheckpoint.run(k.caseId, k.seq, k.head, k.at, k.signature);

  // Group commit: the commits asked for in one turn of the event loop are written in one transaction, so
  // one fsync makes them all durable; each runs in its own savepoint (a nested better-sqlite3 transaction),
  // so a commit that is refused (HeadMovedError and the like) leaves nothing and does not undo the others.
  // Each caller is answered once the transaction that holds its commit is durable, never before. Commits are
  // written in the order asked (`ordered`), so several commands on one case share a batch, each on the head
  // the one before it writes; a case's signed checkpoint is written once per batch, for the last of its
  // commits written (the verifier needs the latest head signed, not every one).
  type Pending = { c: Commit; resolve: () => void; reject: (err: unknown) => void };
  let batch: Pending[] | undefined;
  const writeBatch = db.transaction((items: Pending[]) => {
    const signed = new Map<string, Checkpoint>();
    const refused = items.map((item) => {
      try {
        commit(item.c);
        if (item.c.checkpoint) signed.set(item.c.caseId, item.c.checkpoint);
        return undefined;
      } catch (err) {
        return err;
      }
    });
    for (const k of signed.values()) writeCheckpoint(k);
    return refused;
  });
  const flush = () => {
    const items = batch;
    batch = undefined;
    if (!items) return;
    let refused: unknown[];
    try {
      refused = writeBatch.immediate(items);
    } catch (err) {
      // the transaction itself failed (a full or read-only disk): nothing of it was written
      for (const item of items) item.reject(err);
      return;
    }
    items.forEach((item, i) => {
      if (refused[i] === undefined) item.resolve();
      else item.reject(refused[i]);
    });
  };

  // better-sqlite3 answers synchronously; the port is asynchronous for the network stores
  return {
    kind: 'sqlite',
    shared: false,
    ordered: true,
    getMeta: async (key) => q.getMeta.get(key)?.value,
    setMeta: async (key, value) => void q.setMeta.run(key, value),
    initMeta: async (key, value) => {
      q.initMeta.run(key, value);
      return q.getMeta.get(key)!.value;
    },
    // immediate: another process's append between our read of the head and our write must wait, not race
    appendDirectory: async (...entries) => appendDirectory.immediate(entries),
    directoryEntries: async (afterSeq = 0) => q.directoryEntries.all(afterSeq).map(toDirectoryEntry),
    loadCase: async (id) => {
      const r = q.loadCase.get(id);
      return r ? toCase(r) : undefined;
    },
    caseIds: async () => q.caseIds.all().map((r) => r.id),
    heads: async () => new Map(q.heads.all().map((r) => [r.id, r.head_seq])),
    entries: async (caseId, afterSeq = 0) => q.entries.all(caseId, afterSeq).map(toEntry),
    commit: (c) =>
      new Promise<void>((resolve, reject) => {
        if (!batch) {
          batch = [];
          setImmediate(flush);
        }
        batch.push({ c, resolve, reject });
      }),
    // SQLite reads a negative LIMIT as none
    dueDeadlines: async (now, limit = -1) => q.dueDeadlines.all(now, limit).map(toDeadline),
    nextDeadline: async () => {
      const r = q.nextDeadline.get();
      return r ? toDeadline(r) : undefined;
    },
    idempotent: async (scope, key): Promise<IdempotentResult | undefined> => {
      const r = q.idempotent.get(scope, key);
      return r ? { caseId: r.case_id, response: JSON.parse(r.response) } : undefined;
    },
    latestCheckpoint: async (caseId): Promise<Checkpoint | undefined> => {
      const r = q.latestCheckpoint.get(caseId);
      return r
        ? { caseId: r.case_id, seq: r.seq, head: r.head, at: r.at, signature: r.signature }
        : undefined;
    },
    pendingOutbox: async (limit, dueBy) =>
      (dueBy === undefined ? q.pendingOutbox.all(limit) : q.dueOutbox.all(dueBy, limit)).map(toOutbox),
    outboxAttempted: async (key, next) =>
      void q.outboxAttempted.run(next.attempts, next.dueAt, next.error, key),
    // SQLite's own check of its pages and indexes: [] when sound, else what it found (at most 20 lines)
    integrity: async () => {
      const found = db.pragma('integrity_check(20)', { simple: false }) as Array<{ integrity_check: string }>;
      const lines = found.map((r) => r.integrity_check);
      return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
    },
    // SQLite's online backup: a consistent copy with what the -wal file holds, taken while the desk serves
    backup: async (target) => {
      await db.backup(target);
      chmodSync(target, 0o600);
    },
    close: async () => {
      // what was asked for before the close is written, then answered
      flush();
      db.close();
    },
  };
}

// The store holds data about persons on board: the desk's account alone may read it. A new folder is made
// 0700; the database is made 0600 before WAL starts, since SQLite gives its -wal and -shm files the database
// file's mode (and a store from before this is narrowed the same way).
function openForWriting(dataDir: string, path: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dataDir, 0o700);
  } catch {
    // a folder the desk's account does not own keeps its mode; the files in it are still the desk's alone
  }
  const db = new Database(path);
  for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}
