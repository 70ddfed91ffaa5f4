// The SQLite stores' writer thread (sqlite-writer.ts starts it, one per process): for each store open in the
// process, a connection of its own that runs every write of that store. Batches that arrive while a
// transaction is being written wait in the port and are written together in the next one: one fsync for all
// of them (group commit).
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  failureOf,
  sqliteWrites,
  type WriteFailure,
  type WriteOp,
  type WriteOutcome,
} from './sqlite-writes.ts';

export type ToWriter =
  | { store: number; open: string }
  | { store: number; id: number; ops: WriteOp[] }
  | { store: number; close: true };

export type FromWriter =
  | { store: number; id: number; outcomes: WriteOutcome[] }
  | { store: number; id: number; failure: WriteFailure }
  | { store: number; closed: true };

interface Connection {
  db: Database.Database;
  write: (ops: WriteOp[]) => WriteOutcome[];
  queued: Array<{ id: number; ops: WriteOp[] }>;
  closing: boolean;
}

const connections = new Map<number, Connection | { failure: WriteFailure }>();
let scheduled = false;

function open(path: string): Connection | { failure: WriteFailure } {
  try {
    const db = new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return { db, write: sqliteWrites(db), queued: [], closing: false };
  } catch (err) {
    // every write to it fails with why (a store that cannot be opened for writing)
    return { failure: failureOf(err) };
  }
}

function flush(store: number, c: Connection): void {
  const batches = c.queued;
  c.queued = [];
  if (batches.length === 0) return;
  try {
    const outcomes = c.write(batches.flatMap((b) => b.ops));
    let at = 0;
    for (const b of batches) {
      const mine = outcomes.slice(at, at + b.ops.length);
      parentPort!.postMessage({ store, id: b.id, outcomes: mine } satisfies FromWriter);
      at += b.ops.length;
    }
  } catch (err) {
    // the transaction itself failed (a full or read-only disk): nothing of it was written
    const failure = failureOf(err);
    for (const b of batches) parentPort!.postMessage({ store, id: b.id, failure } satisfies FromWriter);
  }
}

function flushAll(): void {
  scheduled = false;
  for (const [store, c] of connections) {
    if ('failure' in c) continue;
    flush(store, c);
    if (c.closing) {
      c.db.close();
      connections.delete(store);
      parentPort!.postMessage({ store, closed: true } satisfies FromWriter);
    }
  }
}

parentPort!.on('message', (m: ToWriter) => {
  if ('open' in m) {
    connections.set(m.store, open(m.open));
    return;
  }
  const c = connections.get(m.store);
  if (!c || 'failure' in c) {
    if ('close' in m) {
      connections.delete(m.store);
      parentPort!.postMessage({ store: m.store, closed: true } satisfies FromWriter);
    } else {
      const failure = c?.failure ?? { name: 'Error', message: 'the store is not open for writing' };
      parentPort!.postMessage({ store: m.store, id: m.id, failure } satisfies FromWriter);
    }
    return;
  }
  if ('close' in m) c.closing = true;
  else c.queued.push(m);
  // after every message already in the port has been queued
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushAll);
  }
});
