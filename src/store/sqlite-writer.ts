// Where a SQLite store's writes run (DESK_SQLITE_WRITES): on the desk's own thread (inlineWriter, the default),
// or on the writer thread (threadWriter, sqlite-writer-thread.ts: one per process, started with the first store
// that asks for it, serving every such store in the process). Either way the writes asked of a store in one
// turn of the event loop are one batch, written in one transaction; each is answered once the transaction that
// holds it is durable, or with the store's own error (HeadMovedError and the like, store.ts), in the order
// asked.
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { FromWriter, ToWriter } from './sqlite-writer-thread.ts';
import {
  failureOf,
  sqliteWrites,
  type WriteFailure,
  type WriteOp,
  type WriteOutcome,
} from './sqlite-writes.ts';
import {
  DeadlineTakenError,
  DirectoryHeadMovedError,
  HeadMovedError,
  IdempotencyTakenError,
  OutboxSettledError,
} from './store.ts';

export interface Writer {
  write(op: WriteOp): Promise<string | undefined>;
  // what was asked before the close is written and answered first
  close(): Promise<void>;
}

interface Settle {
  resolve(value: string | undefined): void;
  reject(err: unknown): void;
}

export function errorOf(f: WriteFailure): Error {
  switch (f.name) {
    case 'HeadMovedError':
      return new HeadMovedError(f.caseId);
    case 'DeadlineTakenError':
      return new DeadlineTakenError(f.caseId, f.deadlineId);
    case 'OutboxSettledError':
      return new OutboxSettledError(f.key);
    case 'IdempotencyTakenError':
      return new IdempotencyTakenError(f.scope, f.key);
    case 'DirectoryHeadMovedError':
      return new DirectoryHeadMovedError(f.seq, f.headSeq);
    default:
      // the driver's code travels with it, so a full disk is still told from a bug (isStoreUnavailable)
      return Object.assign(new Error(f.message), f.code ? { code: f.code } : {});
  }
}

// The thread, and the stores it serves in this process.
class WriterThread {
  private worker: Worker | undefined;
  private readonly stores = new Map<number, SqliteWriter>();
  // writes asked and not answered, and closes not done: while any, the thread keeps the process alive
  private busy = 0;

  attach(store: SqliteWriter): void {
    this.stores.set(store.number, store);
    this.post({ store: store.number, open: store.path });
  }

  post(m: ToWriter, busy = false): void {
    const worker = this.thread();
    if (busy && this.busy++ === 0) worker.ref();
    worker.postMessage(m);
  }

  private done(): void {
    if (--this.busy === 0) this.worker?.unref();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./sqlite-writer-worker.js', import.meta.url));
    worker.on('message', (m: FromWriter) => {
      const store = this.stores.get(m.store);
      if ('closed' in m) {
        this.stores.delete(m.store);
        store?.closedNow();
      } else store?.answered(m);
      this.done();
    });
    const stopped = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.busy = 0;
      for (const store of this.stores.values()) store.threadStopped(why);
      this.stores.clear();
    };
    worker.on('error', (err) => stopped(err.message));
    worker.on('exit', (code) => stopped(`exit code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

let thread: WriterThread | undefined;
let numbers = 0;

export function threadWriter(path: string): Writer {
  return new SqliteWriter(path);
}

class SqliteWriter implements Writer {
  readonly number = ++numbers;
  private batch: { ops: WriteOp[]; settle: Settle[] } | undefined;
  private readonly waiting = new Map<number, Settle[]>();
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private onClosed: (() => void) | undefined;
  private stoppedWhy: string | undefined;

  constructor(readonly path: string) {
    thread ??= new WriterThread();
    thread.attach(this);
  }

  write(op: WriteOp): Promise<string | undefined> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    if (this.stoppedWhy) return Promise.reject(stoppedError(this.stoppedWhy));
    return new Promise((resolve, reject) => {
      if (!this.batch) {
        this.batch = { ops: [], settle: [] };
        setImmediate(() => this.send());
      }
      this.batch.ops.push(op);
      this.batch.settle.push({ resolve, reject });
    });
  }

  private send(): void {
    const b = this.batch;
    this.batch = undefined;
    if (!b) return;
    const id = this.nextId++;
    this.waiting.set(id, b.settle);
    // a checkpoint signed when read (audit/chain.ts) is signed as postMessage copies it, on this thread: the
    // writer thread holds no key. Every one is, not only each case's last in the batch as the inline writer
    // signs: where a case's last commit is refused, the one that stood before it is the case's checkpoint,
    // and it must be written in the same transaction.
    thread!.post({ store: this.number, id, ops: b.ops }, true);
  }

  answered(m: Exclude<FromWriter, { closed: true }>): void {
    const settle = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    if (settle) answer(settle, 'failure' in m ? m.failure : m.outcomes);
  }

  // What was asked and not answered may or may not be written: the asker is told it failed, as after a lost
  // connection, and reads the case again (runtime/commit.ts). Every later write fails the same way.
  threadStopped(why: string): void {
    this.stoppedWhy = why;
    const err = stoppedError(why);
    for (const settle of this.waiting.values()) for (const s of settle) s.reject(err);
    this.waiting.clear();
    // asked and not yet sent: the thread it was for is gone, and sending it would start another that does
    // not know this store
    for (const s of this.batch?.settle ?? []) s.reject(err);
    this.batch = undefined;
    this.closedNow();
  }

  closedNow(): void {
    this.onClosed?.();
  }

  // What was asked before the close is written and answered; then the store's connection in the thread closes.
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.stoppedWhy) return resolve();
      this.onClosed = resolve;
      this.send();
      thread!.post({ store: this.number, close: true }, true);
    });
    return this.closing;
  }
}

const stoppedError = (why: string) =>
  Object.assign(new Error(`the store's writer thread stopped: ${why}`), { code: 'SQLITE_IOERR' });

function answer(settle: Settle[], outcomes: WriteOutcome[] | WriteFailure): void {
  settle.forEach((s, i) => {
    const outcome = Array.isArray(outcomes) ? outcomes[i]! : { ok: false as const, failure: outcomes };
    if (outcome.ok) s.resolve(outcome.value);
    else s.reject(errorOf(outcome.failure));
  });
}

// The same writes on the desk's own thread: those asked in one turn of the event loop in one transaction.
export function inlineWriter(db: Database.Database): Writer {
  const write = sqliteWrites(db);
  let batch: { ops: WriteOp[]; settle: Settle[] } | undefined;
  let closed = false;
  const flush = () => {
    const b = batch;
    batch = undefined;
    if (!b) return;
    let outcomes: WriteOutcome[] | WriteFailure;
    try {
      outcomes = write(b.ops);
    } catch (err) {
      // the transaction itself failed (a full or read-only disk): nothing of it was written
      outcomes = failureOf(err);
    }
    answer(b.settle, outcomes);
  };
  return {
    write: (op) => {
      if (closed) return Promise.reject(new Error('the store is closed'));
      return new Promise((resolve, reject) => {
        if (!batch) {
          batch = { ops: [], settle: [] };
          setImmediate(flush);
        }
        batch.ops.push(op);
        batch.settle.push({ resolve, reject });
      });
    },
    close: async () => {
      closed = true;
      flush();
    },
  };
}
