// What a store's refusal tells the desk and its operator: the class the runtime decides on, the fields it
// reads (which case, deadline, key or seq), and a message that names them for the log. Held on the memory
// and SQLite stores, each refusing for real.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainDirectory } from '../../src/directory/chain.ts';
import { openMemoryStore } from '../../src/store/memory.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import {
  type Commit,
  DeadlineTakenError,
  DirectoryHeadMovedError,
  HeadMovedError,
  IdempotencyTakenError,
  OutboxSettledError,
  type Store,
} from '../../src/store/store.ts';
import { commitAfter, T0 } from './commits.ts';

const commit = (caseId: string, head: number, over: Partial<Commit> = {}) => commitAfter(caseId, head, over);

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('not refused');
    },
    (err: unknown) => err as Error,
  );

for (const [name, open] of [
  ['memory', () => ({ store: openMemoryStore(), dispose: () => {} })],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'desk-refusals-'));
      return { store: openSqliteStore(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
] as const) {
  describe(`the ${name} store's refusals`, () => {
    let store: Store;
    let dispose: () => void;
    beforeEach(() => {
      ({ store, dispose } = open());
    });
    afterEach(async () => {
      await store.close();
      dispose();
    });

    it('a stale head names the case that moved on', async () => {
      await store.commit(commit('case-17', 0));
      const err = await refusal(store.commit(commit('case-17', 0)));
      expect(err).toBeInstanceOf(HeadMovedError);
      expect((err as HeadMovedError).caseId).toBe('case-17');
      expect(err.message).toContain('case case-17 moved on');
    });

    it('a deadline no longer due names it and its case', async () => {
      const err = await refusal(store.commit(commit('case-17', 0, { claim: { id: 'reply-4h', dueAt: T0 } })));
      expect(err).toBeInstanceOf(DeadlineTakenError);
      expect({ ...(err as DeadlineTakenError) }).toEqual({ caseId: 'case-17', deadlineId: 'reply-4h' });
      expect(err.message).toContain('deadline reply-4h of case case-17');
    });

    it('a settled or unknown outbox row names its key', async () => {
      const err = await refusal(
        store.commit(commit('case-17', 0, { settle: { key: 'case-9:3:0', outcome: 'delivered', at: T0 } })),
      );
      expect(err).toBeInstanceOf(OutboxSettledError);
      expect((err as OutboxSettledError).key).toBe('case-9:3:0');
      expect(err.message).toContain('outbox row case-9:3:0');
    });

    it('an idempotency key recorded before names the key and its scope', async () => {
      const idempotency = { scope: 'open:watch-1', key: 'req-5', response: 1 };
      await store.commit(commit('case-1', 0, { idempotency }));
      const err = await refusal(store.commit(commit('case-2', 0, { idempotency })));
      expect(err).toBeInstanceOf(IdempotencyTakenError);
      expect({ ...(err as IdempotencyTakenError) }).toEqual({ scope: 'open:watch-1', key: 'req-5' });
      expect(err.message).toContain('idempotency key req-5');
    });

    it('a directory entry off the head names its seq and the head', async () => {
      const seed = chainDirectory(undefined, T0, 'desk', {
        kind: 'seed',
        before: null,
        after: { states: {}, countryAssessments: {} },
      });
      await store.appendDirectory(seed);
      const err = await refusal(store.appendDirectory(seed));
      expect(err).toBeInstanceOf(DirectoryHeadMovedError);
      expect(err.message).toContain('entry 1 does not follow its head, now 1');
    });

    it('a key written before, or twice in one commit, names the table it is in', async () => {
      const outbox = [{ key: 'case-1:1:0', caseId: 'case-1', seq: 1, kind: 'k', payload: {}, attempts: 0 }];
      await store.commit(commit('case-1', 0, { outbox }));
      const err = await refusal(store.commit(commit('case-1', 1, { outbox })));
      expect(err.message).toMatch(/outbox/);
      const again = commit('case-1', 1);
      const entryTwice = await refusal(
        store.commit({ ...again, entries: [again.entries[0]!, again.entries[0]!] }),
      );
      expect(entryTwice.message).toMatch(/entries/);
      const dl = { caseId: 'case-1', id: 'reply', dueAt: T0, about: 'reply' };
      const deadlineTwice = await refusal(store.commit(commit('case-1', 1, { deadlines: [dl, dl] })));
      expect(deadlineTwice.message).toMatch(/deadlines/);
    });
  });
}
