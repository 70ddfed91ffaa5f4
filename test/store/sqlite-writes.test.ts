// What the SQLite store writes (src/store/sqlite-writes.ts), run on a connection of its own as the writer thread
// runs it: batches of writes on a database migrated as the store leaves it, each batch one transaction, each
// write in it standing or refused on its own, and what a refusal travels back as.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../src/store/rows.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { type CommitRecord, failureOf, sqliteWrites, type WriteOp } from '../../src/store/sqlite-writes.ts';
import { T0 } from './commits.ts';

const open: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// a store's file as the desk leaves it (every migration run), empty
async function migrated(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-writes-'));
  dirs.push(dir);
  await openSqliteStore(dir).close();
  return join(dir, 'desk.sqlite');
}

function connect(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  open.push(db);
  return db;
}

const entryOf = (caseId: string, seq: number): EntryRecord => ({
  case_id: caseId,
  seq,
  at: T0,
  actor: '{"role":"operator","subject":"w"}',
  type: 'POSITION_REPORTED',
  event: '{"type":"POSITION_REPORTED"}',
  outcome: 'applied',
  refusal: null,
  prev: `h${seq - 1}`,
  hash: `h${seq}`,
  view: '{}',
});

// the commit of the entry after `head`, flattened to columns as sqlite.ts hands it over
function record(caseId: string, head: number, over: Partial<CommitRecord> = {}): CommitRecord {
  return {
    caseId,
    expectedHeadSeq: head,
    entries: [entryOf(caseId, head + 1)],
    caseRow: {
      id: caseId,
      kind: 'interception',
      training: 0,
      status: 'open',
      opened_at: T0,
      version: head + 1,
      head_seq: head + 1,
      head_hash: `h${head + 1}`,
      state: '{}',
      view: '{}',
    },
    outbox: [],
    ...over,
  };
}

const commit = (c: CommitRecord): WriteOp => ({ kind: 'commit', commit: c });

const headOf = (db: Database.Database, caseId: string) =>
  db.prepare<[string], { head_seq: number }>('SELECT head_seq FROM cases WHERE id = ?').get(caseId)?.head_seq;

const checkpoints = (db: Database.Database) =>
  db.prepare('SELECT case_id, seq, head, at, signature FROM checkpoints ORDER BY case_id, seq').all();

describe('the SQLite store’s writes, run on a connection of their own', () => {
  it('answers each write of a batch in the order given: its value, or the refusal as data that names it', async () => {
    const write = sqliteWrites(connect(await migrated()));
    const outcomes = write([
      { kind: 'initMeta', key: 'epoch', value: 'e1' },
      { kind: 'initMeta', key: 'epoch', value: 'e2' },
      commit(record('c1', 0)),
      commit(record('c1', 0)),
      { kind: 'setMeta', key: 'k', value: 'v' },
      commit(record('c2', 0, { claim: { id: 'reply', dueAt: T0 } })),
      commit(record('c3', 0, { settle: { key: 'c9:1:0', outcome: 'failed', at: T0 } })),
      commit(record('c4', 0, { idempotency: { scope: 's', key: 'k', response: '1' } })),
      commit(record('c5', 0, { idempotency: { scope: 's', key: 'k', response: '2' } })),
      { kind: 'appendDirectory', entries: [{ seq: 2, entry: '{}', prev: 'x', hash: 'y' }] },
    ]);
    expect(outcomes).toEqual([
      { ok: true, value: 'e1' },
      { ok: true, value: 'e1' },
      { ok: true },
      { ok: false, failure: { name: 'HeadMovedError', caseId: 'c1' } },
      { ok: true },
      { ok: false, failure: { name: 'DeadlineTakenError', caseId: 'c2', deadlineId: 'reply' } },
      { ok: false, failure: { name: 'OutboxSettledError', key: 'c9:1:0' } },
      { ok: true },
      { ok: false, failure: { name: 'IdempotencyTakenError', scope: 's', key: 'k' } },
      { ok: false, failure: { name: 'DirectoryHeadMovedError', seq: 2, headSeq: 0 } },
    ]);
  });

  it('decides each batch on the heads in the file: another connection’s commit is seen, and never written over', async () => {
    const file = await migrated();
    const [a, b] = [connect(file), connect(file)];
    const [writeA, writeB] = [sqliteWrites(a), sqliteWrites(b)];
    expect(writeA([commit(record('c1', 0))])).toEqual([{ ok: true }]);
    // another writer on the file (a second desk process, by mistake or during a handover) moves c1 on
    expect(writeB([commit(record('c1', 1))])).toEqual([{ ok: true }]);
    // this connection's next batch touches another case only: c1's row stays at the head the other wrote
    expect(writeA([commit(record('c2', 0))])).toEqual([{ ok: true }]);
    expect(headOf(a, 'c1')).toBe(2);
    // and a commit on c1 is decided on that head, not on the one this connection wrote last
    expect(writeA([commit(record('c1', 1)), commit(record('c1', 2))])).toEqual([
      { ok: false, failure: { name: 'HeadMovedError', caseId: 'c1' } },
      { ok: true },
    ]);
    expect(headOf(b, 'c1')).toBe(3);
  });

  it('leaves nothing of a refused commit, not even the outbox row its settle had marked, and keeps the others', async () => {
    const db = connect(await migrated());
    const write = sqliteWrites(db);
    const row: CommitRecord['outbox'][number] = ['c1:1:0', 'c1', 1, 'notify', '{}', T0, 0, null];
    write([
      commit(record('c1', 0, { outbox: [row] })),
      commit(record('c2', 0, { idempotency: { scope: 's', key: 'k', response: '2' } })),
    ]);
    const outcomes = write([
      // settles c1:1:0 (its row is marked at once), then finds the key taken: the savepoint is rolled back
      commit(
        record('c1', 1, {
          settle: { key: 'c1:1:0', outcome: 'delivered', at: T0 },
          idempotency: { scope: 's', key: 'k', response: '3' },
          checkpoint: { caseId: 'c1', seq: 2, head: 'h2', at: T0, signature: 'refused' },
        }),
      ),
      commit(record('c3', 0)),
    ]);
    expect(outcomes).toEqual([
      { ok: false, failure: { name: 'IdempotencyTakenError', scope: 's', key: 'k' } },
      { ok: true },
    ]);
    expect(db.prepare('SELECT key, delivered_at, failed_at FROM outbox').all()).toEqual([
      { key: 'c1:1:0', delivered_at: null, failed_at: null },
    ]);
    expect(headOf(db, 'c1')).toBe(1);
    expect(db.prepare('SELECT seq FROM entries WHERE case_id = ?').all('c1')).toEqual([{ seq: 1 }]);
    expect(checkpoints(db)).toEqual([]);
    expect(headOf(db, 'c3')).toBe(1);
  });

  it('fails a batch the disk does not take as a whole, with the driver’s code, and leaves nothing of it', async () => {
    const db = connect(await migrated());
    const write = sqliteWrites(db);
    // the disk refusing the batch's last writes: the case rows, written once for the whole batch
    db.exec(
      "CREATE TRIGGER fail_disk BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    let thrown: unknown;
    try {
      write([{ kind: 'setMeta', key: 'epoch', value: 'e1' }, commit(record('c1', 0))]);
    } catch (err) {
      thrown = err;
    }
    expect(failureOf(thrown)).toEqual({
      name: 'Error',
      message: 'disk I/O error',
      code: 'SQLITE_CONSTRAINT_TRIGGER',
    });
    expect(db.prepare('SELECT * FROM meta').all()).toEqual([]);
    expect(db.prepare('SELECT * FROM entries').all()).toEqual([]);
  });
});

describe('a write’s failure as it travels from the writer thread', () => {
  it('is the driver’s message and code, or whatever was thrown as text, without a code that is not one', () => {
    expect(failureOf(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toEqual({
      name: 'Error',
      message: 'database or disk is full',
      code: 'SQLITE_FULL',
    });
    expect(failureOf(new Error('no such table: x'))).toEqual({ name: 'Error', message: 'no such table: x' });
    expect(failureOf({ message: 'odd', code: 5 })).toEqual({ name: 'Error', message: 'odd' });
    expect(failureOf('the disk went away')).toEqual({ name: 'Error', message: 'the disk went away' });
    expect(failureOf({ message: 42 })).toEqual({ name: 'Error', message: '[object Object]' });
    expect(failureOf(null)).toEqual({ name: 'Error', message: 'null' });
    expect(failureOf(undefined)).toEqual({ name: 'Error', message: 'undefined' });
  });
});
