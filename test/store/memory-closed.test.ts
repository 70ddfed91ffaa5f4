// The memory store after close: as a closed database, it answers nothing and takes nothing, so a runtime that
// kept using it after shutdown fails loudly instead of writing into a store nobody will read.
import { describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../src/store/memory.ts';
import type { Commit, Store } from '../../src/store/store.ts';

const T0 = '2026-06-01T02:00:00.000Z';

const commit: Commit = {
  caseId: 'c1',
  expectedHeadSeq: 0,
  entries: [],
  caseRow: {
    id: 'c1',
    kind: 'interception',
    training: false,
    status: 'open',
    openedAt: T0,
    version: 1,
    headSeq: 1,
    headHash: 'h1',
    state: {} as Commit['caseRow']['state'],
    view: {} as Commit['caseRow']['view'],
  },
};

const calls: Array<[string, (s: Store) => Promise<unknown>]> = [
  ['getMeta', (s) => s.getMeta('epoch')],
  ['setMeta', (s) => s.setMeta('epoch', 'e2')],
  ['initMeta', (s) => s.initMeta('fresh', 'x')],
  ['appendDirectory', (s) => s.appendDirectory()],
  ['directoryEntries', (s) => s.directoryEntries()],
  ['loadCase', (s) => s.loadCase('c1')],
  ['caseIds', (s) => s.caseIds()],
  ['heads', (s) => s.heads()],
  ['entries', (s) => s.entries('c1')],
  ['commit', (s) => s.commit({ ...commit, caseId: 'c2', caseRow: { ...commit.caseRow, id: 'c2' } })],
  ['dueDeadlines', (s) => s.dueDeadlines('9999')],
  ['nextDeadline', (s) => s.nextDeadline()],
  ['idempotent', (s) => s.idempotent('s', 'k')],
  ['latestCheckpoint', (s) => s.latestCheckpoint('c1')],
  ['pendingOutbox', (s) => s.pendingOutbox(10)],
  ['outboxAttempted', (s) => s.outboxAttempted('c1:1:0', { attempts: 1, dueAt: T0, error: 'x' })],
];

describe('the memory store, closed', () => {
  it('answers every read and write with an error', async () => {
    const store = openMemoryStore();
    await store.setMeta('epoch', 'e1');
    await store.commit(commit);
    // open, each call answers
    for (const [name, call] of calls) await expect(call(store), name).resolves.not.toThrow();
    await store.close();
    for (const [name, call] of calls)
      await expect(call(store), name).rejects.toThrow('the memory store is closed');
  });
});
