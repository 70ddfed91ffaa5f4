// The SQLite store writes on a thread of its own (src/store/sqlite-writer.ts): the desk's event loop (its
// HTTP answers, /health, the stream) never waits for a transaction or its fsync.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseView, PersistedCase } from '../../machines/engine.ts';
import type { Checkpoint } from '../../src/audit/chain.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { type Commit, HeadMovedError, isStoreUnavailable, type Store } from '../../src/store/store.ts';
import { commitAfter, T0 } from './commits.ts';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-writer-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const AT = '2026-06-01T02:00:00.000Z';

// the first commit of a case: its CASE_OPENED entry and its row
function opening(caseId: string): Commit {
  const state = { machineVersion: 1, value: 'open', context: { id: caseId } } as unknown as PersistedCase;
  const view = { id: caseId, version: 1 } as unknown as CaseView;
  return {
    caseId,
    expectedHeadSeq: 0,
    entries: [
      {
        entry: {
          caseId,
          seq: 1,
          at: AT,
          actor: { role: 'operator', subject: 'watch-1' },
          type: 'CASE_OPENED',
          event: { type: 'CASE_OPENED' },
          outcome: 'applied',
          prev: 'genesis',
          hash: `hash-${caseId}-1`,
        },
        view,
      },
    ],
    caseRow: {
      id: caseId,
      kind: 'interception',
      training: false,
      status: 'open',
      openedAt: AT,
      version: 1,
      headSeq: 1,
      headHash: `hash-${caseId}-1`,
      state,
      view,
    },
  };
}

describe('the SQLite store’s writer thread', () => {
  it('leaves the desk’s thread free while a commit is written: a later turn of its event loop runs first', async () => {
    const store = openSqliteStore(fresh(), undefined, { writes: 'thread' });
    // the thread is started and its connection open before the commit is timed against the event loop
    await store.setMeta('warm', '1');
    const order: string[] = [];
    const committed = store.commit(opening('c-1')).then(() => order.push('committed'));
    await new Promise<void>((resolve) => setImmediate(resolve));
    order.push('next turn');
    await committed;
    expect(order).toEqual(['next turn', 'committed']);
    expect((await store.loadCase('c-1'))?.headSeq).toBe(1);
    await store.close();
  });

  it('answers every write asked before the close, then refuses writes, naming the store closed', async () => {
    const dir = fresh();
    const store = openSqliteStore(dir, undefined, { writes: 'thread' });
    const asked = Array.from({ length: 20 }, (_, i) => store.commit(opening(`c-${i}`)));
    await store.close();
    await Promise.all(asked);
    await expect(store.setMeta('late', '1')).rejects.toThrow(/closed/);
    const reopened = openSqliteStore(dir, undefined, { writes: 'thread' });
    expect(await reopened.caseIds()).toHaveLength(20);
    await reopened.close();
  });

  it('keeps the writes of two stores in one process apart', async () => {
    const [a, b] = [
      openSqliteStore(fresh(), undefined, { writes: 'thread' }),
      openSqliteStore(fresh(), undefined, { writes: 'thread' }),
    ];
    await Promise.all([a.commit(opening('only-a')), b.commit(opening('only-b')), a.setMeta('k', 'a')]);
    await b.setMeta('k', 'b');
    expect(await a.caseIds()).toEqual(['only-a']);
    expect(await b.caseIds()).toEqual(['only-b']);
    expect([await a.getMeta('k'), await b.getMeta('k')]).toEqual(['a', 'b']);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses writes to a store opened read-only as the store being unavailable, writing nothing', async () => {
    const dir = fresh();
    const writable = openSqliteStore(dir, undefined, { writes: 'thread' });
    await writable.setMeta('epoch', 'e1');
    await writable.close();
    const reader: Store = openSqliteStore(dir, 'desk.sqlite', { readOnly: true });
    const refused = await reader.commit(opening('c-1')).catch((err: unknown) => err);
    expect(isStoreUnavailable(refused)).toBe(true);
    expect(await reader.caseIds()).toEqual([]);
    await reader.close();
  });
});

// one turn of the event loop: a batch asked before it has been sent to the thread, and not yet answered
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

// A checkpoint signed when its signature is first read, as the runtime's are (audit/chain.ts signedWhenRead):
// `signed` names those the store had signed.
function signedWhenRead(signed: Set<string>, caseId: string, seq: number, tag = ''): Checkpoint {
  const name = `${caseId}/${seq}${tag}`;
  return {
    caseId,
    seq,
    head: `h${seq}`,
    at: T0,
    get signature() {
      signed.add(name);
      return `sig-${name}`;
    },
  };
}

// every checkpoint row in the store's file, read after the store is closed
function checkpointRows(dir: string) {
  const db = new Database(join(dir, 'desk.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT case_id, seq, signature FROM checkpoints ORDER BY case_id, seq').all();
  } finally {
    db.close();
  }
}

// what a write was refused with; a write that stands fails the test
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('not refused');
    },
    (err: unknown) => err as Error,
  );

const statuses = (outcomes: PromiseSettledResult<unknown>[]) => outcomes.map((o) => o.status);
const reasons = (outcomes: PromiseSettledResult<unknown>[]) =>
  outcomes.map((o) => (o.status === 'rejected' ? o.reason : undefined));

for (const writes of ['inline', 'thread'] as const)
  describe(`the SQLite store’s batches (writes ${writes === 'thread' ? 'on its thread' : 'on the desk’s thread'})`, () => {
    it('answers every write asked before the close, then refuses writes, naming the store closed', async () => {
      const dir = fresh();
      const store = openSqliteStore(dir, undefined, { writes });
      const asked = [
        store.setMeta('epoch', 'e1'),
        ...[0, 1, 2].map((head) => store.commit(commitAfter('c1', head))),
      ];
      await store.close();
      await expect(Promise.all(asked)).resolves.toEqual([undefined, undefined, undefined, undefined]);
      await expect(store.commit(commitAfter('c1', 3))).rejects.toThrow('the store is closed');
      const reopened = openSqliteStore(dir, undefined, { writes });
      expect((await reopened.loadCase('c1'))?.headSeq).toBe(3);
      expect(await reopened.getMeta('epoch')).toBe('e1');
      await reopened.close();
    });

    it(
      writes === 'inline'
        ? 'signs and writes only each case’s last checkpoint of a batch when all its commits stand'
        : 'writes only each case’s last checkpoint of a batch when all its commits stand, signed before it leaves for the thread',
      async () => {
        const dir = fresh();
        const store = openSqliteStore(dir, undefined, { writes });
        const signed = new Set<string>();
        await Promise.all([
          store.commit(commitAfter('c1', 0, { checkpoint: signedWhenRead(signed, 'c1', 1) })),
          store.commit(commitAfter('c1', 1, { checkpoint: signedWhenRead(signed, 'c1', 2) })),
          store.commit(commitAfter('c2', 0, { checkpoint: signedWhenRead(signed, 'c2', 1) })),
          store.commit(commitAfter('c1', 2, { checkpoint: signedWhenRead(signed, 'c1', 3) })),
        ]);
        // a signature costs a private-key operation: inline, the batch's others are never made; the thread holds
        // no key, so each is signed before the batch leaves (sqlite-writer.ts)
        expect([...signed].sort()).toEqual(
          writes === 'inline' ? ['c1/3', 'c2/1'] : ['c1/1', 'c1/2', 'c1/3', 'c2/1'],
        );
        await store.close();
        expect(checkpointRows(dir)).toEqual([
          { case_id: 'c1', seq: 3, signature: 'sig-c1/3' },
          { case_id: 'c2', seq: 1, signature: 'sig-c2/1' },
        ]);
      },
    );

    it('keeps, for a case whose last commits in a batch were refused, the checkpoint of the last that stood, and no other', async () => {
      const dir = fresh();
      const store = openSqliteStore(dir, undefined, { writes });
      const signed = new Set<string>();
      const k = (caseId: string, seq: number, tag = '') => signedWhenRead(signed, caseId, seq, tag);
      // the one that stood is the batch's first
      const first = await Promise.allSettled([
        store.commit(commitAfter('c3', 0, { checkpoint: k('c3', 1) })),
        store.commit(commitAfter('c3', 0, { checkpoint: k('c3', 1, ' again') })),
      ]);
      expect(statuses(first)).toEqual(['fulfilled', 'rejected']);
      const second = await Promise.allSettled([
        store.commit(commitAfter('c1', 0, { checkpoint: k('c1', 1) })),
        store.commit(commitAfter('c1', 1, { checkpoint: k('c1', 2) })),
        store.setMeta('epoch', 'e1'),
        store.commit(commitAfter('c2', 0, { checkpoint: k('c2', 1) })),
        // stands, signing nothing: c1's checkpoint stays the one before
        store.commit(commitAfter('c1', 2)),
        store.commit(commitAfter('c1', 9, { checkpoint: k('c1', 10) })),
        store.commit(commitAfter('c1', 0, { checkpoint: k('c1', 1, ' again') })),
      ]);
      expect(statuses(second)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        'rejected',
      ]);
      expect(reasons(second).slice(5)).toEqual([expect.any(HeadMovedError), expect.any(HeadMovedError)]);
      await store.close();
      expect(checkpointRows(dir)).toEqual([
        { case_id: 'c1', seq: 2, signature: 'sig-c1/2' },
        { case_id: 'c2', seq: 1, signature: 'sig-c2/1' },
        { case_id: 'c3', seq: 1, signature: 'sig-c3/1' },
      ]);
      expect(signed).toContain('c1/2');
      if (writes === 'inline') {
        expect(signed).not.toContain('c1/1');
        expect(signed).not.toContain('c1/10');
      }
      const reopened = openSqliteStore(dir, undefined, { writes });
      expect((await reopened.loadCase('c1'))?.headSeq).toBe(3);
      expect((await reopened.loadCase('c3'))?.headSeq).toBe(1);
      await reopened.close();
    });

    it('refuses a write the database refuses with the driver’s message and code: a fault, not the store being unavailable', async () => {
      const store = openSqliteStore(fresh(), undefined, { writes });
      const outbox = [
        { key: 'c1:1:0', caseId: 'c1', seq: 1, kind: 'notify', payload: { n: 1 }, dueAt: T0, attempts: 0 },
      ];
      await store.commit(commitAfter('c1', 0, { outbox }));
      const [refused, stood] = await Promise.allSettled([
        store.commit(commitAfter('c1', 1, { outbox })),
        store.setMeta('epoch', 'e1'),
      ]);
      expect(stood.status).toBe('fulfilled');
      const err = (refused as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({
        message: 'UNIQUE constraint failed: outbox.key',
        code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
      });
      expect(isStoreUnavailable(err)).toBe(false);
      expect((await store.loadCase('c1'))?.headSeq).toBe(1);
      await store.close();
    });

    it('fails every write of a batch the disk does not take with the driver’s error, writes none of it, and writes again after', async () => {
      const dir = fresh();
      const store = openSqliteStore(dir, undefined, { writes });
      await store.commit(commitAfter('c0', 0));
      // the disk refusing the batch's last writes: the case rows, written once for the whole batch
      const raw = new Database(join(dir, 'desk.sqlite'));
      raw.exec(
        "CREATE TRIGGER fail_disk BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
      );
      const signed = new Set<string>();
      const outcomes = await Promise.allSettled([
        store.setMeta('epoch', 'e1'),
        store.commit(commitAfter('c1', 0, { checkpoint: signedWhenRead(signed, 'c1', 1) })),
        store.commit(commitAfter('c1', 1, { checkpoint: signedWhenRead(signed, 'c1', 2) })),
      ]);
      expect(statuses(outcomes)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const reason of reasons(outcomes))
        expect(reason).toMatchObject({ message: 'disk I/O error', code: 'SQLITE_CONSTRAINT_TRIGGER' });
      expect(await store.getMeta('epoch')).toBeUndefined();
      expect(await store.caseIds()).toEqual(['c0']);
      expect(await store.latestCheckpoint('c1')).toBeUndefined();

      raw.exec('DROP TRIGGER fail_disk');
      raw.close();
      await store.commit(commitAfter('c1', 0));
      expect(await store.caseIds()).toEqual(['c0', 'c1']);
      await store.close();
    });
  });

describe('two SQLite stores on the writer thread', () => {
  it('closing one leaves the other writing', async () => {
    const [a, b] = [
      openSqliteStore(fresh(), undefined, { writes: 'thread' }),
      openSqliteStore(fresh(), undefined, { writes: 'thread' }),
    ];
    await Promise.all([a.setMeta('k', 'a'), b.setMeta('k', 'b')]);
    await a.close();
    await b.commit(commitAfter('c1', 0));
    await b.setMeta('k', 'b2');
    expect(await b.getMeta('k')).toBe('b2');
    expect((await b.loadCase('c1'))?.headSeq).toBe(1);
    await b.close();
  });
});

// The writer thread as the process sees it, through node:worker_threads' own Worker (no seam in src): which
// thread the stores post to, whether it holds the process open (ref/unref; a new Worker does until unref'd),
// and a thread that stops as one does when its code throws: a message it cannot read, posted just before one
// of the store's batches (or its close), which the thread then never reads.
function watchThreads() {
  const { postMessage, ref, unref } = Worker.prototype;
  const threads: Worker[] = [];
  const holding = new Map<Worker, boolean>();
  let stopBefore: ((m: unknown) => boolean) | undefined;
  vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker, m: unknown, ...rest) {
    if (!threads.includes(this)) threads.push(this);
    if (stopBefore?.(m)) {
      stopBefore = undefined;
      postMessage.call(this, null);
    }
    postMessage.call(this, m, ...rest);
  });
  vi.spyOn(Worker.prototype, 'ref').mockImplementation(function (this: Worker) {
    holding.set(this, true);
    ref.call(this);
  });
  vi.spyOn(Worker.prototype, 'unref').mockImplementation(function (this: Worker) {
    holding.set(this, false);
    unref.call(this);
  });
  return {
    current: () => threads.at(-1)!,
    holds: (w: Worker) => holding.get(w) ?? true,
    stopBefore: (what: 'ops' | 'close') => {
      stopBefore = (m) => typeof m === 'object' && m !== null && what in m;
    },
  };
}

// what the thread throws on the message it cannot read
const unreadable = (() => {
  try {
    return String('open' in (null as unknown as object));
  } catch (err) {
    return (err as Error).message;
  }
})();

// a store writing on its thread, the thread up (a first write answered), and the watch over that thread
async function warmThreadStore() {
  const watch = watchThreads();
  const store = openSqliteStore(fresh(), undefined, { writes: 'thread' });
  await store.setMeta('warm', '1');
  return { watch, store };
}

const exitOf = (w: Worker) => new Promise<number>((resolve) => w.once('exit', resolve));

describe('the SQLite store’s writer thread, as the process sees it', () => {
  it('holds the process open only while a write or a close is unanswered', async () => {
    const watch = watchThreads();
    // a thread started while watched
    const before = openSqliteStore(fresh(), undefined, { writes: 'thread' });
    await before.setMeta('warm', '1');
    await watch.current().terminate();
    await before.close();

    const [a, b] = [
      openSqliteStore(fresh(), undefined, { writes: 'thread' }),
      openSqliteStore(fresh(), undefined, { writes: 'thread' }),
    ];
    const thread = watch.current();
    expect(watch.holds(thread)).toBe(false);
    const asked = a.setMeta('k', 'v');
    await turn();
    expect(watch.holds(thread)).toBe(true);
    await asked;
    expect(watch.holds(thread)).toBe(false);
    // two batches out: the first answered, the other still holds it
    const [first, second] = [a.setMeta('k', 'w'), b.setMeta('k', 'w')];
    await first;
    expect(watch.holds(thread)).toBe(true);
    await second;
    expect(watch.holds(thread)).toBe(false);
    const closing = a.close();
    expect(watch.holds(thread)).toBe(true);
    await closing;
    expect(watch.holds(thread)).toBe(false);
    await b.close();
    expect(watch.holds(thread)).toBe(false);
  });

  it('fails what a thread that stops had not answered, and every later write, as the store being unavailable; a store opened after gets a thread of its own', async () => {
    const { watch, store: a } = await warmThreadStore();
    const stopped = watch.current();
    const exited = exitOf(stopped);
    watch.stopBefore('ops');
    const err = await refusal(a.commit(commitAfter('c1', 0)));
    expect(err.message).toBe(`the store's writer thread stopped: ${unreadable}`);
    expect(isStoreUnavailable(err)).toBe(true);
    await exited;
    const later = await refusal(a.setMeta('late', '1'));
    expect(later.message).toBe(err.message);
    expect(isStoreUnavailable(later)).toBe(true);
    expect(await a.getMeta('late')).toBeUndefined();
    // nothing left to close in the thread
    await expect(a.close()).resolves.toBeUndefined();

    const b = openSqliteStore(fresh(), undefined, { writes: 'thread' });
    const next = watch.current();
    expect(next).not.toBe(stopped);
    const asked = b.commit(commitAfter('c1', 0));
    await turn();
    expect(watch.holds(next)).toBe(true);
    await asked;
    expect(watch.holds(next)).toBe(false);
    expect(await b.caseIds()).toEqual(['c1']);
    await b.close();
  });

  it('fails a write asked as the thread stops, before it was sent, as the store being unavailable; no other thread is started for it', async () => {
    const { watch, store: a } = await warmThreadStore();
    const old = watch.current();
    let asked: Promise<Error> | undefined;
    // asked in the turn the thread's end is heard, just before the store hears of it
    old.prependOnceListener('exit', () => {
      asked = refusal(a.setMeta('k', 'v'));
    });
    await old.terminate();
    const err = await asked!;
    expect(err.message).toBe("the store's writer thread stopped: exit code 1");
    expect(isStoreUnavailable(err)).toBe(true);
    await turn();
    expect(watch.current()).toBe(old);
    expect(await a.getMeta('k')).toBeUndefined();
    await expect(a.close()).resolves.toBeUndefined();
  });

  it('names the exit of a thread that ends, and closes at once after it', async () => {
    const { watch, store: a } = await warmThreadStore();
    await watch.current().terminate();
    const err = await refusal(a.setMeta('late', '1'));
    expect(err.message).toBe("the store's writer thread stopped: exit code 1");
    expect(isStoreUnavailable(err)).toBe(true);
    await expect(a.close()).resolves.toBeUndefined();
  });

  it('finishes a close the thread stopped before answering, failing the writes it had not answered', async () => {
    const { watch, store: a } = await warmThreadStore();
    const asked = refusal(a.setMeta('k', 'v'));
    watch.stopBefore('ops');
    await expect(a.close()).resolves.toBeUndefined();
    expect((await asked).message).toBe(`the store's writer thread stopped: ${unreadable}`);
  });

  it('closes a store whose thread stops as its close is sent', async () => {
    const { watch, store: a } = await warmThreadStore();
    watch.stopBefore('close');
    await expect(a.close()).resolves.toBeUndefined();
  });

  it('serves a store opened as the old thread fails from the new thread, whatever the old one does as it ends', async () => {
    const { watch, store: a } = await warmThreadStore();
    const old = watch.current();
    const exited = exitOf(old);
    let b: Store | undefined;
    // after the store has heard of the failure, before the old thread's exit
    old.once('error', () => {
      b = openSqliteStore(fresh(), undefined, { writes: 'thread' });
    });
    watch.stopBefore('ops');
    await expect(a.setMeta('k', 'v')).rejects.toThrow(/writer thread stopped/);
    await exited;
    await b!.commit(commitAfter('c1', 0));
    await b!.setMeta('k', 'b');
    expect(await b!.caseIds()).toEqual(['c1']);
    // the new thread ending as well: a store of the old one still says why its thread stopped
    await watch.current().terminate();
    expect((await refusal(b!.setMeta('k', 'c'))).message).toBe(
      "the store's writer thread stopped: exit code 1",
    );
    expect((await refusal(a.setMeta('k', 'c'))).message).toBe(
      `the store's writer thread stopped: ${unreadable}`,
    );
    await Promise.all([a.close(), b!.close()]);
  });
});
