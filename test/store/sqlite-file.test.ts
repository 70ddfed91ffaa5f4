// The embedded store's file beyond the port's contract: what a restart, `desk verify` (read-only), `desk
// backup`, an integrity check and a failing disk see of it, and its group commit.
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openSqliteStore, StoreMissingError } from '../../src/store/sqlite.ts';
import type { Commit, Store } from '../../src/store/store.ts';
import { commitAfter, T0 } from './commits.ts';

// with its checkpoint, as the runtime signs one
const commit = (caseId: string, head: number, over: Partial<Commit> = {}) =>
  commitAfter(caseId, head, {
    checkpoint: {
      caseId,
      seq: head + 1,
      head: `h${head + 1}`,
      at: T0,
      signature: `sig-${caseId}-${head + 1}`,
    },
    ...over,
  });

// what a reader of the store can see, to compare one store with another (or with itself, later)
async function contents(store: Store, caseIds: string[]) {
  return {
    ids: await store.caseIds(),
    cases: await Promise.all(caseIds.map((id) => store.loadCase(id))),
    entries: await Promise.all(caseIds.map((id) => store.entries(id))),
    checkpoints: await Promise.all(caseIds.map((id) => store.latestCheckpoint(id))),
    deadlines: await store.dueDeadlines('9999'),
    outbox: await store.pendingOutbox(-1),
    idem: await store.idempotent('s', 'k'),
    epoch: await store.getMeta('epoch'),
  };
}

async function filled(store: Store) {
  await store.setMeta('epoch', 'e1');
  await store.commit(
    commit('c1', 0, {
      deadlines: [{ caseId: 'c1', id: 'reply', dueAt: T0, about: 'reply' }],
      outbox: [
        { key: 'c1:1:0', caseId: 'c1', seq: 1, kind: 'notify', payload: { n: 1 }, dueAt: T0, attempts: 0 },
      ],
      idempotency: { scope: 's', key: 'k', response: { ok: true } },
    }),
  );
  await store.commit(commit('c1', 1));
  await store.commit(commit('c2', 0));
}

const userVersion = (file: string) => {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.pragma('user_version', { simple: true });
  } finally {
    raw.close();
  }
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite store across a restart', () => {
  it('opens again with everything it held, on the latest schema, migrating nothing twice', async () => {
    const first = openSqliteStore(dir);
    await filled(first);
    const held = await contents(first, ['c1', 'c2']);
    await first.close();
    expect(userVersion(join(dir, 'desk.sqlite'))).toBe(MIGRATIONS.length);

    const again = openSqliteStore(dir);
    expect(await contents(again, ['c1', 'c2'])).toEqual(held);
    expect(held.cases.map((c) => c?.headSeq)).toEqual([2, 1]);
    await again.commit(commit('c1', 2));
    await again.close();
    expect(userVersion(join(dir, 'desk.sqlite'))).toBe(MIGRATIONS.length);
  });

  it('makes a data folder that is not there yet, with the folders above it', async () => {
    const data = join(dir, 'a', 'b', 'data');
    const store = openSqliteStore(data);
    await store.setMeta('epoch', 'e1');
    await store.close();
    expect(statSync(data).isDirectory()).toBe(true);
    expect(existsSync(join(data, 'desk.sqlite'))).toBe(true);
  });

  it('keeps to the file name it is given', async () => {
    const store = openSqliteStore(dir, 'other.sqlite');
    await store.setMeta('epoch', 'e1');
    await store.close();
    expect(existsSync(join(dir, 'other.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'desk.sqlite'))).toBe(false);
  });
});

describe('the SQLite store from before its files were narrowed', () => {
  it('narrows a database, -wal and -shm readable by all to the desk’s account alone when it opens', async () => {
    const file = join(dir, 'desk.sqlite');
    // another connection holds the store open, so its -wal and -shm are there when the desk opens it
    const other = new Database(file);
    other.pragma('journal_mode = WAL');
    other.exec('CREATE TABLE t (x INTEGER)');
    const files = [file, `${file}-wal`, `${file}-shm`];
    for (const f of files) chmodSync(f, 0o644);
    const store = openSqliteStore(dir);
    try {
      for (const f of files) expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
    } finally {
      await store.close();
      other.close();
    }
  });
});

describe('the SQLite store read-only (desk verify)', () => {
  it('refuses every write, naming the store and why: nothing is written', async () => {
    const desk = openSqliteStore(dir);
    await filled(desk);
    await desk.close();
    const ro = openSqliteStore(dir, undefined, { readOnly: true });
    const held = await contents(ro, ['c1', 'c2']);
    for (const write of [
      () => ro.setMeta('epoch', 'e2'),
      () => ro.initMeta('other', 'x'),
      () => ro.commit(commit('c2', 1)),
      () => ro.outboxAttempted('c1:1:0', { attempts: 1, dueAt: T0, error: 'x' }),
    ]) {
      const err = await write().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toBe(`the store at ${join(dir, 'desk.sqlite')} is open read-only`);
    }
    expect(await contents(ro, ['c1', 'c2'])).toEqual(held);
    await ro.close();
  });

  it('reads what the desk wrote', async () => {
    const desk = openSqliteStore(dir);
    await filled(desk);
    const held = await contents(desk, ['c1', 'c2']);
    await desk.close();
    const ro = openSqliteStore(dir, undefined, { readOnly: true });
    expect(await contents(ro, ['c1', 'c2'])).toEqual(held);
    await ro.close();
  });

  it('refuses a folder with no store, naming where it looked, and makes none', () => {
    const data = join(dir, 'empty');
    expect(() => openSqliteStore(data, undefined, { readOnly: true })).toThrow(StoreMissingError);
    expect(() => openSqliteStore(data, undefined, { readOnly: true })).toThrow(
      `there is no store at ${join(data, 'desk.sqlite')}`,
    );
    expect(existsSync(data)).toBe(false);
  });

  it('refuses a store from an earlier version, saying how to bring it up, and leaves it as it is', () => {
    const file = join(dir, 'desk.sqlite');
    const old = new Database(file);
    for (const sql of MIGRATIONS.slice(0, 2)) old.exec(sql);
    old.pragma('user_version = 2');
    old.close();
    expect(() => openSqliteStore(dir, undefined, { readOnly: true })).toThrow(
      `the store at ${file} is from an earlier version of the desk (schema 2 of ${MIGRATIONS.length}): start the desk on it once, then verify`,
    );
    expect(userVersion(file)).toBe(2);
  });
});

describe("the SQLite store's own checks and copies", () => {
  it('finds nothing wrong with a sound file', async () => {
    const store = openSqliteStore(dir);
    await filled(store);
    expect(await store.integrity!()).toEqual([]);
    await store.close();
  });

  it('says what it found in a damaged file', async () => {
    const file = join(dir, 'desk.sqlite');
    await openSqliteStore(dir).close();
    // overwrite the deadlines index's root page with bytes that are no b-tree page
    const raw = new Database(file);
    const { rootpage } = raw
      .prepare<[], { rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE name = 'deadlines_due'")
      .get()!;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);

    const store = openSqliteStore(dir);
    const found = await store.integrity!();
    await store.close();
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toContain(`page ${rootpage}`);
    expect(found).not.toContain('ok');
  });

  it('backs up, while it serves, to a copy only the desk may read that holds everything', async () => {
    const store = openSqliteStore(dir);
    await filled(store);
    const target = join(dir, 'backup.sqlite');
    await store.backup!(target);
    const held = await contents(store, ['c1', 'c2']);
    await store.commit(commit('c2', 1));
    await store.close();
    expect((statSync(target).mode & 0o777).toString(8)).toBe('600');
    const copy = openSqliteStore(dir, 'backup.sqlite', { readOnly: true });
    expect(await contents(copy, ['c1', 'c2'])).toEqual(held);
    await copy.close();
  });
});

// on its writer thread (the desk's way) and inline (the same writes, where a mutation run sees them)
for (const writes of ['thread', 'inline'] as const)
  describe(`the SQLite store's group commit (writes on ${writes === 'thread' ? 'its thread' : 'the desk’s thread'})`, () => {
    it('writes, in the order asked, commits on one case asked without waiting; the last one signed is the checkpoint', async () => {
      const store = openSqliteStore(dir, undefined, { writes });
      const asked = [
        store.commit(commit('c1', 0)),
        store.commit(commit('c1', 1)),
        store.commit(commit('c1', 2, { checkpoint: undefined })),
        store.commit(commit('c1', 1)),
      ];
      const outcomes = await Promise.allSettled(asked);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
      expect((await store.entries('c1')).map((e) => e.entry.seq)).toEqual([1, 2, 3]);
      expect(await store.latestCheckpoint('c1')).toEqual(commit('c1', 1).checkpoint);
      await store.close();
    });

    it(
      writes === 'thread'
        ? 'answers a commit only after a later turn of the desk’s event loop: the write runs elsewhere'
        : 'answers a commit within the turn that writes it: the write runs on the desk’s own thread',
      async () => {
        const store = openSqliteStore(dir, undefined, { writes });
        await store.setMeta('warm', '1');
        const order: string[] = [];
        const committed = store.commit(commit('c1', 0)).then(() => order.push('committed'));
        await new Promise<void>((resolve) => setImmediate(resolve));
        order.push('next turn');
        await committed;
        expect(order).toEqual(writes === 'thread' ? ['next turn', 'committed'] : ['committed', 'next turn']);
        await store.close();
      },
    );

    it('writes and answers, on close, what was asked before it', async () => {
      const store = openSqliteStore(dir, undefined, { writes });
      const asked = [store.commit(commit('c1', 0)), store.commit(commit('c2', 0))];
      await store.close();
      await expect(Promise.all(asked)).resolves.toEqual([undefined, undefined]);
      const again = openSqliteStore(dir, undefined, { writes });
      expect(await again.caseIds()).toEqual(['c1', 'c2']);
      await again.close();
    });

    it('fails every commit of a batch the disk does not take, and writes none of them', async () => {
      const file = join(dir, 'desk.sqlite');
      const store = openSqliteStore(dir, undefined, { writes });
      await store.commit(commit('c0', 0));
      // the disk refusing the batch's last write: the checkpoints, written once for the whole batch
      const raw = new Database(file);
      raw.exec(
        "CREATE TRIGGER fail_disk BEFORE INSERT ON checkpoints BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
      );
      const outcomes = await Promise.allSettled([
        store.commit(commit('c1', 0)),
        store.commit(commit('c2', 0, { checkpoint: undefined })),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      const reasons = outcomes.map((o) => (o as PromiseRejectedResult).reason as Error);
      expect(reasons[0]!.message).toBe('disk I/O error');
      expect(reasons[1]!.message).toBe(reasons[0]!.message);
      expect(await store.caseIds()).toEqual(['c0']);
      expect(await store.entries('c2')).toEqual([]);

      // the disk back, the same commits go through
      raw.exec('DROP TRIGGER fail_disk');
      raw.close();
      await Promise.all([store.commit(commit('c1', 0)), store.commit(commit('c2', 0))]);
      expect(await store.caseIds()).toEqual(['c0', 'c1', 'c2']);
      await store.close();
    });
  });
