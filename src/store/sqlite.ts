// The embedded store: SQLite in WAL mode with synchronous=FULL, so an acknowledged command survives a crash.
// This thread's connection reads; the writes run in batches (group commit: those asked in one turn, or while a
// transaction is being written, share its fsync), on this thread or, with DESK_SQLITE_WRITES=thread, on the
// store's writer thread (sqlite-writer.ts), so a transaction and its fsync, or a disk that stalls, never hold
// up the desk's HTTP answers, /health or the stream.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Checkpoint } from '../audit/chain.ts';
import { jsonOf } from '../json.ts';
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
import { inlineWriter, threadWriter } from './sqlite-writer.ts';
import type { CommitRecord, OutboxColumns, WriteOp } from './sqlite-writes.ts';
import type { Commit, IdempotentResult, Store } from './store.ts';

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
  {
    readOnly = false,
    writes = 'inline',
  }: {
    // desk verify: nothing made, migrated or written; a store that is not there is an error, not a new store
    readOnly?: boolean;
    // where the writes run: the store's writer thread, or this thread (sqlite-writer.ts)
    writes?: 'thread' | 'inline';
  } = {},
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
    loadCase: db.prepare<[string], CaseRecord>('SELECT * FROM cases WHERE id = ?'),
    caseIds: db.prepare<[], { id: string }>('SELECT id FROM cases ORDER BY opened_at, id'),
    entries: db.prepare<[string, number], EntryRecord>(
      'SELECT * FROM entries WHERE case_id = ? AND seq > ? ORDER BY seq',
    ),
    dueDeadlines: db.prepare<
      [string, number],
      { case_id: string; id: string; due_at: string; about: string }
    >('SELECT * FROM deadlines WHERE due_at <= ? ORDER BY due_at, case_id, id LIMIT ?'),
    heads: db.prepare<[], { id: string; head_seq: number }>('SELECT id, head_seq FROM cases'),
    nextDeadline: db.prepare<[], { case_id: string; id: string; due_at: string; about: string }>(
      // the tie order is dueDeadlines': what a store without this index's order must also give
      'SELECT * FROM deadlines ORDER BY due_at, case_id, id LIMIT 1',
    ),
    idempotent: db.prepare<[string, string], { case_id: string; response: string }>(
      'SELECT case_id, response FROM idempotency WHERE scope = ? AND key = ?',
    ),
    pendingOutbox: db.prepare<[number], OutboxRecord>(
      'SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY rowid LIMIT ?',
    ),
    dueOutbox: db.prepare<[string, number], OutboxRecord>(
      'SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND due_at <= ? ORDER BY due_at, rowid LIMIT ?',
    ),
    latestCheckpoint: db.prepare<
      [string],
      { case_id: string; seq: number; head: string; at: string; signature: string }
    >('SELECT * FROM checkpoints WHERE case_id = ? ORDER BY seq DESC LIMIT 1'),
    directoryEntries: db.prepare<[number], DirectoryRecord>(
      'SELECT * FROM directory WHERE seq > ? ORDER BY seq',
    ),
  };

  // Inline, the writes run on this connection; on the writer thread, on the thread's own connection, and this
  // one reads what they made durable (WAL). Either way in batches (sqlite-writer.ts).
  const writer = readOnly ? undefined : writes === 'thread' ? threadWriter(path) : inlineWriter(db);
  const write = (op: WriteOp) =>
    writer
      ? writer.write(op)
      : Promise.reject(
          Object.assign(new Error(`the store at ${path} is open read-only`), { code: 'SQLITE_READONLY' }),
        );

  // better-sqlite3 answers synchronously; the port is asynchronous for the network stores
  return {
    kind: 'sqlite',
    shared: false,
    // the writer thread writes in the order asked (sqlite-writer.ts)
    ordered: true,
    getMeta: async (key) => q.getMeta.get(key)?.value,
    setMeta: async (key, value) => void (await write({ kind: 'setMeta', key, value })),
    initMeta: async (key, value) => (await write({ kind: 'initMeta', key, value }))!,
    appendDirectory: async (...entries) =>
      void (await write({
        kind: 'appendDirectory',
        entries: entries.map(({ seq, prev, hash, ...rest }) => ({
          seq,
          entry: JSON.stringify(rest),
          prev,
          hash,
        })),
      })),
    directoryEntries: async (afterSeq = 0) => q.directoryEntries.all(afterSeq).map(toDirectoryEntry),
    loadCase: async (id) => {
      const r = q.loadCase.get(id);
      return r ? toCase(r) : undefined;
    },
    caseIds: async () => q.caseIds.all().map((r) => r.id),
    heads: async () => new Map(q.heads.all().map((r) => [r.id, r.head_seq])),
    entries: async (caseId, afterSeq = 0) => q.entries.all(caseId, afterSeq).map(toEntry),
    commit: async (c) => void (await write({ kind: 'commit', commit: commitRecord(c) })),
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
      void (await write({
        kind: 'outboxAttempted',
        key,
        attempts: next.attempts,
        dueAt: next.dueAt,
        error: next.error,
      })),
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
      await writer?.close();
      db.close();
    },
  };
}

// A commit as the writer thread takes it: its rows' columns, the JSON written here, on the desk's thread.
// Reading the checkpoint's signature signs it (audit/chain.ts, signedWhenRead).
function commitRecord(c: Commit): CommitRecord {
  const r = c.caseRow;
  return {
    caseId: c.caseId,
    expectedHeadSeq: c.expectedHeadSeq,
    ...(c.claim ? { claim: { id: c.claim.id, dueAt: c.claim.dueAt } } : {}),
    ...(c.settle ? { settle: { key: c.settle.key, outcome: c.settle.outcome, at: c.settle.at } } : {}),
    ...(c.idempotency
      ? {
          idempotency: {
            scope: c.idempotency.scope,
            key: c.idempotency.key,
            response: JSON.stringify(c.idempotency.response),
          },
        }
      : {}),
    entries: c.entries.map(({ entry, view }) => ({
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
      view: jsonOf(view),
    })),
    caseRow: {
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
    },
    ...(c.deadlines
      ? {
          deadlines: c.deadlines.map((d): [string, string, string, string] => [
            d.caseId,
            d.id,
            d.dueAt,
            d.about,
          ]),
        }
      : {}),
    outbox: (c.outbox ?? []).map((o) => [...outboxColumns(o)] as OutboxColumns),
    // signed when the write reads it: inline, only the last commit of a case in a batch is (sqlite-writes.ts)
    ...(c.checkpoint ? { checkpoint: c.checkpoint } : {}),
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
