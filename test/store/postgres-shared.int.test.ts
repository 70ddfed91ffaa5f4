// What several desks on one PostgreSQL store rely on beyond the contract: two stores (two desks' pools) on
// the same database race for the same head, deadline, idempotency key and directory seq, and exactly one
// wins each race; a commit wakes the other desk's follower with the case and its new head.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chainDirectory } from '../../src/directory/chain.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import {
  type Commit,
  DeadlineTakenError,
  DirectoryHeadMovedError,
  HeadMovedError,
  IdempotencyTakenError,
  type Store,
} from '../../src/store/store.ts';
import { commitAfter, T0 } from './commits.ts';
import { createTestDatabase, freshSchema, type TestDatabase } from './pg.ts';

const commit = (caseId: string, head: number, over: Partial<Commit> = {}) => commitAfter(caseId, head, over);

// the outcome of each racer: 'ok' or the error's class name
async function race(...attempts: Array<Promise<unknown>>): Promise<string[]> {
  const settled = await Promise.allSettled(attempts);
  return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as Error).constructor.name)).sort();
}

let db: TestDatabase;
let url: string;
let schema: { url: string; drop(): Promise<void> };
let a: Store;
let b: Store;

beforeAll(async () => {
  db = await createTestDatabase('shared');
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  schema = await freshSchema(db);
  url = schema.url;
  [a, b] = [await openPostgresStore(url, { poolSize: 4 }), await openPostgresStore(url, { poolSize: 4 })];
});
afterEach(async () => {
  await a.close();
  await b.close();
  await schema.drop();
});

describe('two desks on one PostgreSQL store', () => {
  it('two commits decided on the same head: one is written, the other is HeadMovedError', async () => {
    await a.commit(commit('c1', 0));
    for (let head = 1; head <= 10; head++) {
      const outcome = await race(a.commit(commit('c1', head)), b.commit(commit('c1', head)));
      expect(outcome).toEqual(['HeadMovedError', 'ok']);
    }
    expect((await b.loadCase('c1'))?.headSeq).toBe(11);
    expect((await a.entries('c1')).map((e) => e.entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('writers that decide under the case lock (commitOnHead) never lose: 20 at once from two desks, all written in turn', async () => {
    await a.commit(commit('c1', 0));
    const onHead = (store: Store) =>
      store.commitOnHead!('c1', (row) => (row ? commit('c1', row.headSeq) : undefined));
    const outcome = await race(...Array.from({ length: 20 }, (_, i) => onHead(i % 2 ? a : b)));
    expect(outcome).toEqual(Array(20).fill('ok'));
    expect((await b.entries('c1')).map((e) => e.entry.seq)).toEqual(
      Array.from({ length: 21 }, (_, i) => i + 1),
    );
    // nothing is written where the decision is to write nothing
    await a.commitOnHead!('c1', () => undefined);
    expect((await a.loadCase('c1'))?.headSeq).toBe(21);
  });

  it('a due deadline claimed by both: fired once, the other claim is DeadlineTakenError or HeadMovedError', async () => {
    const dl = { caseId: 'c1', id: 'reply', dueAt: T0, about: 'reply' };
    await a.commit(commit('c1', 0, { deadlines: [dl] }));
    const claim = { id: 'reply', dueAt: T0 };
    const outcome = await race(
      a.commit(commit('c1', 1, { claim, deadlines: [] })),
      b.commit(commit('c1', 1, { claim, deadlines: [] })),
    );
    expect(outcome[1]).toBe('ok');
    expect([DeadlineTakenError.name, HeadMovedError.name]).toContain(outcome[0]);
    // decided again on the new head, the loser finds it gone
    await expect(b.commit(commit('c1', 2, { claim, deadlines: [] }))).rejects.toThrow(DeadlineTakenError);
    expect(await a.dueDeadlines('9999')).toEqual([]);
    expect((await a.entries('c1')).length).toBe(2);
  });

  it('the same idempotency key on two desks at once: recorded once', async () => {
    const idempotency = { scope: 'open:w', key: 'k1', response: { status: 'applied' } };
    const outcome = await race(
      a.commit(commit('c1', 0, { idempotency })),
      b.commit(commit('c2', 0, { idempotency })),
    );
    expect(outcome).toEqual([IdempotencyTakenError.name, 'ok']);
    const ids = await a.caseIds();
    expect(ids).toHaveLength(1);
    expect((await b.idempotent('open:w', 'k1'))?.caseId).toBe(ids[0]);
  });

  it('the same directory seq appended by two desks: one DirectoryHeadMovedError', async () => {
    const seed = chainDirectory(undefined, T0, 'desk', {
      kind: 'seed',
      before: null,
      after: { states: {}, countryAssessments: {} },
    });
    const outcome = await race(a.appendDirectory(seed), b.appendDirectory(seed));
    expect(outcome).toEqual([DirectoryHeadMovedError.name, 'ok']);
    expect(await b.directoryEntries()).toEqual([seed]);
  });

  it("a commit wakes the other desk's follower with the case and its head, at commit", async () => {
    const woken: string[] = [];
    let resolve: () => void = () => {};
    const twoWakeUps = new Promise<void>((r) => {
      resolve = r;
    });
    await b.follow!({
      onAppended: (caseId, seq) => {
        woken.push(`${caseId}:${seq}`);
        if (woken.length === 2) resolve();
      },
      onDirectory: () => {},
      onReconnected: () => {},
    });
    await a.commit(commit('c1', 0));
    await a.commit(commit('c1', 1));
    await twoWakeUps;
    expect(woken).toEqual(['c1:1', 'c1:2']);
  });

  it('both desks give the same first epoch, whichever asks first', async () => {
    const [x, y] = await Promise.all([a.initMeta('epoch', 'from-a'), b.initMeta('epoch', 'from-b')]);
    expect(x).toBe(y);
  });
});
