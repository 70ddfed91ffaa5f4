// The SQLite store writes on a thread of its own (src/store/sqlite-writer.ts): the desk's event loop (its
// HTTP answers, /health, the stream) never waits for a transaction or its fsync.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseView, PersistedCase } from '../../machines/engine.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { type Commit, isStoreUnavailable, type Store } from '../../src/store/store.ts';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-writer-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
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
