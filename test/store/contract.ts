// The storage port's contract (src/store/store.ts): what the runtime relies on from any store. Each adapter
// runs it from its own file with a factory for a fresh, empty store; a PostgreSQL store is one more such file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseView, PersistedCase } from '../../machines/engine.ts';
import type { ChainedEntry, Checkpoint } from '../../src/audit/chain.ts';
import { chainDirectory, type DirectoryEntry } from '../../src/directory/chain.ts';
import {
  type CaseRow,
  type Commit,
  type DeadlineRow,
  DeadlineTakenError,
  DirectoryHeadMovedError,
  HeadMovedError,
  IdempotencyTakenError,
  type LoggedEntry,
  type OutboxRow,
  OutboxSettledError,
  type Store,
} from '../../src/store/store.ts';

export interface OpenedStore {
  store: Store;
  // after the store is closed: remove what the test left behind (a temp directory, a schema)
  dispose?: () => void | Promise<void>;
}

const T0 = '2026-06-01T02:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

// The store keeps state and view as opaque JSON; nested values make the copy checks mean something.
function stateAt(seq: number): PersistedCase {
  return {
    machineVersion: 2,
    value: { phase: `p${seq}` },
    context: { seq, notes: [`n${seq}`] },
  } as unknown as PersistedCase;
}

function viewAt(seq: number): CaseView {
  return { version: seq, requiredActions: [{ code: `A${seq}` }] } as unknown as CaseView;
}

function entry(caseId: string, seq: number): LoggedEntry {
  const e: ChainedEntry = {
    caseId,
    seq,
    at: at(seq),
    actor: { role: 'operator', subject: 'watch-1' },
    type: seq === 1 ? 'CASE_OPENED' : 'POSITION_REPORTED',
    event: { type: 'POSITION_REPORTED', lat: 34 + seq / 100, lon: 15.5 },
    outcome: 'applied',
    prev: `prev-${seq}`,
    hash: `hash-${caseId}-${seq}`,
  };
  return { entry: e, view: viewAt(seq) };
}

function refusedEntry(caseId: string, seq: number): LoggedEntry {
  const { entry: e, view } = entry(caseId, seq);
  const refusal = { reason: 'not-expected-now', message: 'no', basis: ['SoM 8(2)'], allowedOverrides: [] };
  return { entry: { ...e, outcome: 'refused', refusal }, view };
}

function row(id: string, headSeq: number, over: Partial<CaseRow> = {}): CaseRow {
  return {
    id,
    kind: 'interception',
    training: false,
    status: 'open',
    openedAt: T0,
    version: headSeq,
    headSeq,
    headHash: `hash-${id}-${headSeq}`,
    state: stateAt(headSeq),
    view: viewAt(headSeq),
    ...over,
  };
}

const deadline = (caseId: string, id: string, minutes: number): DeadlineRow => ({
  caseId,
  id,
  dueAt: at(minutes),
  about: `about ${id}`,
});

const checkpoint = (caseId: string, seq: number): Checkpoint => ({
  caseId,
  seq,
  head: `hash-${caseId}-${seq}`,
  at: at(seq),
  signature: `sig-${seq}`,
});

// due when its entry was recorded, as the runtime writes it
const outboxRow = (caseId: string, seq: number, n = 0, over: Partial<OutboxRow> = {}): OutboxRow => ({
  key: `${caseId}:${seq}:${n}`,
  caseId,
  seq,
  kind: 'notify-flag-state',
  payload: { event: { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, caseId },
  dueAt: at(seq),
  attempts: 0,
  ...over,
});

// The runtime's commit for the entries after `head`: one entry per step, the case row at the new head.
function commitOf(caseId: string, head: number, over: Partial<Commit> & { rowOver?: Partial<CaseRow> } = {}) {
  const { rowOver, ...rest } = over;
  const next = head + 1;
  return {
    caseId,
    expectedHeadSeq: head,
    entries: [entry(caseId, next)],
    caseRow: row(caseId, next, rowOver),
    checkpoint: checkpoint(caseId, next),
    ...rest,
  } satisfies Commit;
}

const SEED = { states: { MT: { protocolParty: true } }, countryAssessments: {} };

function directoryChain(n: number): DirectoryEntry[] {
  const out: DirectoryEntry[] = [];
  for (let i = 0; i < n; i++) {
    const change =
      i === 0
        ? ({ kind: 'seed', before: null, after: SEED } as const)
        : ({
            kind: 'state-profile',
            state: 'MT',
            before: { protocolParty: true },
            after: { protocolParty: true, replyWithinHours: i },
          } as const);
    out.push(chainDirectory(out.at(-1), at(i), i === 0 ? 'desk' : 'authority-1', change));
  }
  return out;
}

export function storeContract(name: string, open: () => OpenedStore | Promise<OpenedStore>): void {
  describe(`${name} store: the storage port's contract`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await store.close();
      await opened.dispose?.();
    });

    // Everything a test can read back about one case and the shared tables, for "nothing changed" checks;
    // copied here, so a store handing out its own objects cannot change the record too.
    const snapshot = async (caseId: string) =>
      structuredClone({
        row: await store.loadCase(caseId),
        entries: await store.entries(caseId),
        due: await store.dueDeadlines('9999'),
        outbox: await store.pendingOutbox(100),
        checkpoint: await store.latestCheckpoint(caseId),
        ids: await store.caseIds(),
        idem: await store.idempotent('s', 'k'),
        dir: await store.directoryEntries(),
      });

    describe('meta', () => {
      it('is absent until set, then holds the last value set', async () => {
        expect(await store.getMeta('epoch')).toBeUndefined();
        await store.setMeta('epoch', 'e1');
        await store.setMeta('other', 'x');
        await store.setMeta('epoch', 'e2');
        expect(await store.getMeta('epoch')).toBe('e2');
        expect(await store.getMeta('other')).toBe('x');
      });

      it('initMeta sets a key only once: every later caller gets the first value', async () => {
        expect(await store.initMeta('epoch', 'first')).toBe('first');
        expect(await store.initMeta('epoch', 'second')).toBe('first');
        expect(await store.getMeta('epoch')).toBe('first');
      });
    });

    describe('cases and entries', () => {
      it('opens a case with its first commit and loads it back', async () => {
        expect(await store.loadCase('c1')).toBeUndefined();
        await store.commit(commitOf('c1', 0));
        expect(await store.loadCase('c1')).toEqual(row('c1', 1));
        expect(await store.entries('c1')).toEqual([entry('c1', 1)]);
      });

      it('gives entries oldest first, only those after afterSeq, and only the case asked for', async () => {
        await store.commit(commitOf('c1', 0));
        await store.commit(commitOf('c2', 0));
        await store.commit(
          commitOf('c1', 1, {
            entries: [entry('c1', 2), refusedEntry('c1', 3)],
            caseRow: row('c1', 3, { version: 2 }),
          }),
        );
        await store.commit(commitOf('c1', 3));
        expect((await store.entries('c1')).map((e) => e.entry.seq)).toEqual([1, 2, 3, 4]);
        expect(await store.entries('c1', 2)).toEqual([refusedEntry('c1', 3), entry('c1', 4)]);
        expect(await store.entries('c1', 4)).toEqual([]);
        expect(await store.entries('c2')).toEqual([entry('c2', 1)]);
        expect(await store.entries('nobody')).toEqual([]);
      });

      it('moves the case row to the new head but keeps what the case was opened as', async () => {
        await store.commit(commitOf('c1', 0));
        await store.commit(
          commitOf('c1', 1, {
            rowOver: { status: 'closed', kind: 'incoming-request', training: true, openedAt: at(99) },
          }),
        );
        expect(await store.loadCase('c1')).toEqual(row('c1', 2, { status: 'closed' }));
      });

      it('lists case ids by opening time, then id', async () => {
        await store.commit(commitOf('b', 0, { rowOver: { openedAt: at(5) } }));
        await store.commit(commitOf('c', 0, { rowOver: { openedAt: at(1) } }));
        await store.commit(commitOf('a', 0, { rowOver: { openedAt: at(5) } }));
        expect(await store.caseIds()).toEqual(['c', 'a', 'b']);
      });

      it("gives every case's head seq", async () => {
        expect(await store.heads()).toEqual(new Map());
        await store.commit(commitOf('c1', 0));
        await store.commit(commitOf('c2', 0));
        await store.commit(commitOf('c1', 1));
        expect(await store.heads()).toEqual(
          new Map([
            ['c1', 2],
            ['c2', 1],
          ]),
        );
      });
    });

    describe('the expected head', () => {
      // A case with everything a commit writes, so a refused commit has something to leave alone.
      async function busyCase() {
        await store.commit(
          commitOf('c1', 0, {
            deadlines: [deadline('c1', 'reply', 240)],
            outbox: [outboxRow('c1', 1)],
            idempotency: { scope: 'open:watch-1', key: 'k1', response: { status: 'applied', seq: 1 } },
          }),
        );
        await store.commit(commitOf('c1', 1));
      }

      it('commits asked for together (one group, where the store groups them) are each applied or refused on their own', async () => {
        await busyCase();
        const before = await snapshot('c1');
        const outcomes = await Promise.allSettled([
          store.commit(commitOf('c2', 0)),
          store.commit(commitOf('c1', 1, { outbox: [outboxRow('c1', 2, 1)] })),
          store.commit(commitOf('c3', 0, { idempotency: { scope: 'open:w', key: 'k3', response: 3 } })),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(HeadMovedError);
        const { ids, ...c1 } = await snapshot('c1');
        expect({ ...c1, ids: before.ids }).toEqual(before);
        expect([...ids].sort()).toEqual(['c1', 'c2', 'c3']);
        expect((await store.loadCase('c2'))?.headSeq).toBe(1);
        expect((await store.loadCase('c3'))?.headSeq).toBe(1);
        expect(await store.idempotent('open:w', 'k3')).toEqual({ caseId: 'c3', response: 3 });
      });

      it('refuses a commit decided on a stale head with HeadMovedError, and applies none of it', async () => {
        await busyCase();
        const before = await snapshot('c1');
        const stale = commitOf('c1', 1, {
          deadlines: [deadline('c1', 'other', 5)],
          outbox: [outboxRow('c1', 2, 1)],
          idempotency: { scope: 'case:c1:watch-1', key: 'k2', response: { status: 'applied' } },
        });
        await expect(store.commit(stale)).rejects.toThrow(HeadMovedError);
        try {
          await store.commit(stale);
        } catch (err) {
          expect((err as HeadMovedError).caseId).toBe('c1');
        }
        expect(await snapshot('c1')).toEqual(before);
        expect(await store.idempotent('case:c1:watch-1', 'k2')).toBeUndefined();
        expect(await store.idempotent('open:watch-1', 'k1')).toEqual({
          caseId: 'c1',
          response: { status: 'applied', seq: 1 },
        });
      });

      it('refuses a head from the future, and a case that does not exist yet unless the head is 0', async () => {
        await busyCase();
        const before = await snapshot('c1');
        await expect(store.commit(commitOf('c1', 5))).rejects.toThrow(HeadMovedError);
        expect(await snapshot('c1')).toEqual(before);
        await expect(store.commit(commitOf('new', 1))).rejects.toThrow(HeadMovedError);
        expect(await store.loadCase('new')).toBeUndefined();
        expect(await store.entries('new')).toEqual([]);
      });

      it('applies none of a commit that a key refuses: a repeated entry or idempotency key', async () => {
        await busyCase();
        const before = await snapshot('c1');
        const repeatsEntry = commitOf('c1', 2, {
          entries: [entry('c1', 3), entry('c1', 2)],
          deadlines: [],
          outbox: [outboxRow('c1', 3)],
        });
        await expect(store.commit(repeatsEntry)).rejects.toThrow();
        const repeatsKey = commitOf('c1', 2, {
          deadlines: [],
          idempotency: { scope: 'open:watch-1', key: 'k1', response: { other: true } },
        });
        await expect(store.commit(repeatsKey)).rejects.toThrow();
        expect(await snapshot('c1')).toEqual(before);
        expect((await store.idempotent('open:watch-1', 'k1'))?.response).toEqual({
          status: 'applied',
          seq: 1,
        });
      });

      it('refuses a key already recorded with IdempotencyTakenError: the first answer stands', async () => {
        await busyCase();
        const before = await snapshot('c1');
        const again = commitOf('other', 0, {
          idempotency: { scope: 'open:watch-1', key: 'k1', response: { status: 'applied', seq: 9 } },
        });
        await expect(store.commit(again)).rejects.toThrow(IdempotencyTakenError);
        expect(await snapshot('c1')).toEqual(before);
        expect(await store.loadCase('other')).toBeUndefined();
      });
    });

    describe('deadlines', () => {
      it('gives those due by a time, inclusive, by due time, then case, then id', async () => {
        await store.commit(
          commitOf('c2', 0, { deadlines: [deadline('c2', 'b', 30), deadline('c2', 'a', 30)] }),
        );
        await store.commit(
          commitOf('c1', 0, { deadlines: [deadline('c1', 'z', 30), deadline('c1', 'late', 90)] }),
        );
        await store.commit(commitOf('c3', 0, { deadlines: [deadline('c3', 'early', 10)] }));
        expect(await store.dueDeadlines(at(9))).toEqual([]);
        expect(await store.dueDeadlines(at(30))).toEqual([
          deadline('c3', 'early', 10),
          deadline('c1', 'z', 30),
          deadline('c2', 'a', 30),
          deadline('c2', 'b', 30),
        ]);
        expect((await store.dueDeadlines(at(90))).map((d) => d.id)).toEqual(['early', 'z', 'a', 'b', 'late']);
      });

      it('gives the next deadline in the same order, due or not', async () => {
        expect(await store.nextDeadline()).toBeUndefined();
        await store.commit(commitOf('c2', 0, { deadlines: [deadline('c2', 'a', 30)] }));
        await store.commit(
          commitOf('c1', 0, { deadlines: [deadline('c1', 'z', 30), deadline('c1', 'y', 60)] }),
        );
        expect(await store.nextDeadline()).toEqual(deadline('c1', 'z', 30));
      });

      it("replaces a case's set when a commit gives one, keeps it when not, and leaves other cases alone", async () => {
        await store.commit(
          commitOf('c1', 0, { deadlines: [deadline('c1', 'a', 10), deadline('c1', 'b', 20)] }),
        );
        await store.commit(commitOf('c2', 0, { deadlines: [deadline('c2', 'a', 15)] }));
        await store.commit(commitOf('c1', 1));
        expect((await store.dueDeadlines(at(100))).map((d) => `${d.caseId}/${d.id}`)).toEqual([
          'c1/a',
          'c2/a',
          'c1/b',
        ]);
        await store.commit(
          commitOf('c1', 2, { deadlines: [deadline('c1', 'b', 5), deadline('c1', 'c', 50)] }),
        );
        expect(await store.dueDeadlines(at(100))).toEqual([
          deadline('c1', 'b', 5),
          deadline('c2', 'a', 15),
          deadline('c1', 'c', 50),
        ]);
        await store.commit(commitOf('c1', 3, { deadlines: [] }));
        expect(await store.dueDeadlines(at(100))).toEqual([deadline('c2', 'a', 15)]);
      });
    });

    describe('claiming a deadline', () => {
      async function armed() {
        await store.commit(
          commitOf('c1', 0, { deadlines: [deadline('c1', 'reply', 30), deadline('c1', 'b', 60)] }),
        );
      }

      it('a commit that claims a due deadline writes, and its deadline set replaces the claimed one', async () => {
        await armed();
        await store.commit(
          commitOf('c1', 1, { claim: { id: 'reply', dueAt: at(30) }, deadlines: [deadline('c1', 'b', 60)] }),
        );
        expect(await store.dueDeadlines(at(100))).toEqual([deadline('c1', 'b', 60)]);
        expect((await store.loadCase('c1'))?.headSeq).toBe(2);
      });

      it('refuses a claim of a deadline that is gone or moved with DeadlineTakenError, writing nothing', async () => {
        await armed();
        const before = await snapshot('c1');
        for (const claim of [
          { id: 'gone', dueAt: at(30) },
          { id: 'reply', dueAt: at(31) },
        ]) {
          await expect(store.commit(commitOf('c1', 1, { claim, deadlines: [] }))).rejects.toThrow(
            DeadlineTakenError,
          );
        }
        expect(await snapshot('c1')).toEqual(before);
        // claimed once, it cannot be claimed again
        await store.commit(commitOf('c1', 1, { claim: { id: 'reply', dueAt: at(30) }, deadlines: [] }));
        await expect(
          store.commit(commitOf('c1', 2, { claim: { id: 'reply', dueAt: at(30) }, deadlines: [] })),
        ).rejects.toThrow(DeadlineTakenError);
      });

      it('gives no more due deadlines than the limit asks for, the earliest first', async () => {
        await armed();
        await store.commit(commitOf('c2', 0, { deadlines: [deadline('c2', 'a', 10)] }));
        expect(await store.dueDeadlines(at(100), 2)).toEqual([
          deadline('c2', 'a', 10),
          deadline('c1', 'reply', 30),
        ]);
      });
    });

    describe('idempotency, checkpoints and the outbox', () => {
      it('keeps a response under its scope and key, with the case it belongs to', async () => {
        const response = { status: 'applied', view: viewAt(1), seq: 1 };
        await store.commit(commitOf('c1', 0, { idempotency: { scope: 'open:watch-1', key: 'k', response } }));
        expect(await store.idempotent('open:watch-1', 'k')).toEqual({ caseId: 'c1', response });
        expect(await store.idempotent('open:watch-2', 'k')).toBeUndefined();
        expect(await store.idempotent('open:watch-1', 'other')).toBeUndefined();
      });

      it("gives a case's checkpoint with the highest seq", async () => {
        expect(await store.latestCheckpoint('c1')).toBeUndefined();
        await store.commit(commitOf('c1', 0, { checkpoint: checkpoint('c1', 5) }));
        await store.commit(commitOf('c1', 1, { checkpoint: checkpoint('c1', 3) }));
        await store.commit(commitOf('c2', 0, { checkpoint: checkpoint('c2', 9) }));
        expect(await store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 5));
        await store.commit(commitOf('c1', 2, { checkpoint: checkpoint('c1', 6) }));
        expect(await store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 6));
        expect(await store.latestCheckpoint('c2')).toEqual(checkpoint('c2', 9));
      });

      it('gives pending effects in the order they were committed, up to the limit', async () => {
        await store.commit(commitOf('c2', 0, { outbox: [outboxRow('c2', 1, 1), outboxRow('c2', 1, 0)] }));
        await store.commit(commitOf('c1', 0, { outbox: [outboxRow('c1', 1)] }));
        await store.commit(commitOf('c2', 1, { outbox: [outboxRow('c2', 2)] }));
        expect((await store.pendingOutbox(10)).map((o) => o.key)).toEqual([
          'c2:1:1',
          'c2:1:0',
          'c1:1:0',
          'c2:2:0',
        ]);
        expect(await store.pendingOutbox(2)).toEqual([outboxRow('c2', 1, 1), outboxRow('c2', 1, 0)]);
      });
    });

    describe("the relay's outbox", () => {
      const keys = (rows: OutboxRow[]) => rows.map((o) => o.key);

      it('gives the rows due by a time, inclusive, by due time, then the order written, up to the limit', async () => {
        await store.commit(
          commitOf('c1', 0, {
            outbox: [outboxRow('c1', 1, 0, { dueAt: at(30) }), outboxRow('c1', 1, 1, { dueAt: at(10) })],
          }),
        );
        await store.commit(
          commitOf('c2', 0, {
            outbox: [outboxRow('c2', 1, 0, { dueAt: at(31) }), outboxRow('c2', 1, 1, { dueAt: at(30) })],
          }),
        );
        await store.commit(commitOf('c1', 1, { outbox: [outboxRow('c1', 2, 0, { dueAt: at(10) })] }));
        expect(await store.pendingOutbox(10, at(9))).toEqual([]);
        expect(await store.pendingOutbox(10, at(30))).toEqual([
          outboxRow('c1', 1, 1, { dueAt: at(10) }),
          outboxRow('c1', 2, 0, { dueAt: at(10) }),
          outboxRow('c1', 1, 0, { dueAt: at(30) }),
          outboxRow('c2', 1, 1, { dueAt: at(30) }),
        ]);
        expect(keys(await store.pendingOutbox(3, at(99)))).toEqual(['c1:1:1', 'c1:2:0', 'c1:1:0']);
        expect(keys(await store.pendingOutbox(-1, at(99)))).toEqual([
          'c1:1:1',
          'c1:2:0',
          'c1:1:0',
          'c2:1:1',
          'c2:1:0',
        ]);
        // without a time, every unsettled row in the order written
        expect(keys(await store.pendingOutbox(10))).toEqual([
          'c1:1:0',
          'c1:1:1',
          'c2:1:0',
          'c2:1:1',
          'c1:2:0',
        ]);
      });

      it('never gives a row without a due time when asked by a time, and gives it when not', async () => {
        const { dueAt: _, ...undated } = outboxRow('c1', 1, 0);
        await store.commit(commitOf('c1', 0, { outbox: [undated, outboxRow('c1', 1, 1)] }));
        expect(await store.pendingOutbox(10, '9999')).toEqual([outboxRow('c1', 1, 1)]);
        expect(await store.pendingOutbox(10)).toEqual([undated, outboxRow('c1', 1, 1)]);
      });

      it('records a failed attempt: its attempts, last error and next due time, which moves the row', async () => {
        await store.commit(commitOf('c1', 0, { outbox: [outboxRow('c1', 1, 0), outboxRow('c1', 1, 1)] }));
        await store.outboxAttempted('c1:1:0', { attempts: 1, dueAt: at(40), error: 'connection refused' });
        const retried = outboxRow('c1', 1, 0, {
          attempts: 1,
          dueAt: at(40),
          lastError: 'connection refused',
        });
        expect(await store.pendingOutbox(10, at(39))).toEqual([outboxRow('c1', 1, 1)]);
        expect(await store.pendingOutbox(10, at(40))).toEqual([outboxRow('c1', 1, 1), retried]);
        await store.outboxAttempted('c1:1:0', { attempts: 2, dueAt: at(20), error: '503' });
        expect(await store.pendingOutbox(10, at(40))).toEqual([
          outboxRow('c1', 1, 1),
          outboxRow('c1', 1, 0, { attempts: 2, dueAt: at(20), lastError: '503' }),
        ]);
        // the order written does not move
        expect(keys(await store.pendingOutbox(10))).toEqual(['c1:1:0', 'c1:1:1']);
        // an unknown row: nothing to record, and no error
        await store.outboxAttempted('nobody:1:0', { attempts: 1, dueAt: at(0), error: 'x' });
        expect(keys(await store.pendingOutbox(10, '9999'))).toEqual(['c1:1:1', 'c1:1:0']);
      });

      it('a commit that settles a row, delivered or failed, takes it off the list for good', async () => {
        await store.commit(commitOf('c1', 0, { outbox: [outboxRow('c1', 1, 0), outboxRow('c1', 1, 1)] }));
        await store.commit(commitOf('c1', 1, { settle: { key: 'c1:1:0', outcome: 'delivered', at: at(5) } }));
        expect(await store.pendingOutbox(10)).toEqual([outboxRow('c1', 1, 1)]);
        await store.commit(commitOf('c1', 2, { settle: { key: 'c1:1:1', outcome: 'failed', at: at(6) } }));
        expect(await store.pendingOutbox(10)).toEqual([]);
        expect(await store.pendingOutbox(10, '9999')).toEqual([]);
        expect((await store.loadCase('c1'))?.headSeq).toBe(3);
        // a late attempt from a relay that lost the race leaves the settled row settled
        await store.outboxAttempted('c1:1:1', { attempts: 1, dueAt: at(0), error: 'late' });
        expect(await store.pendingOutbox(10)).toEqual([]);
      });

      it('refuses to settle a settled or unknown row with OutboxSettledError, writing nothing', async () => {
        await store.commit(commitOf('c1', 0, { outbox: [outboxRow('c1', 1, 0), outboxRow('c1', 1, 1)] }));
        await store.commit(commitOf('c1', 1, { settle: { key: 'c1:1:0', outcome: 'delivered', at: at(5) } }));
        await store.commit(commitOf('c1', 2, { settle: { key: 'c1:1:1', outcome: 'failed', at: at(6) } }));
        await store.commit(commitOf('c1', 3, { outbox: [outboxRow('c1', 4)] }));
        const before = await snapshot('c1');
        for (const [key, outcome] of [
          ['c1:1:0', 'delivered'],
          ['c1:1:0', 'failed'],
          ['c1:1:1', 'delivered'],
          ['c1:1:1', 'failed'],
          ['nobody:1:0', 'delivered'],
        ] as const) {
          const again = commitOf('c1', 4, {
            settle: { key, outcome, at: at(7) },
            deadlines: [deadline('c1', 'other', 5)],
            outbox: [outboxRow('c1', 5)],
            idempotency: { scope: 's', key: 'k', response: { status: 'applied' } },
          });
          const err = await store.commit(again).catch((e: unknown) => e);
          expect(err, `${key} ${outcome}`).toBeInstanceOf(OutboxSettledError);
          expect((err as OutboxSettledError).key).toBe(key);
        }
        expect(await snapshot('c1')).toEqual(before);
        expect((await store.loadCase('c1'))?.headSeq).toBe(4);
        expect(await store.idempotent('s', 'k')).toBeUndefined();
        expect(await store.pendingOutbox(10)).toEqual([outboxRow('c1', 4)]);
      });
    });

    describe('the directory stream', () => {
      it('appends entries that follow the head and gives them oldest first, after a seq', async () => {
        const chain = directoryChain(4);
        expect(await store.directoryEntries()).toEqual([]);
        await store.appendDirectory(chain[0]!, chain[1]!);
        await store.appendDirectory(chain[2]!);
        await store.appendDirectory(chain[3]!);
        expect(await store.directoryEntries()).toEqual(chain);
        expect(await store.directoryEntries(2)).toEqual(chain.slice(2));
        expect(await store.directoryEntries(4)).toEqual([]);
      });

      it('refuses an entry that does not follow the head, and the whole append with it', async () => {
        const chain = directoryChain(4);
        await store.appendDirectory(chain[0]!);
        const refused = async (...entries: DirectoryEntry[]) => {
          try {
            await store.appendDirectory(...entries);
          } catch (err) {
            expect(err).toBeInstanceOf(DirectoryHeadMovedError);
            const { seq, headSeq } = err as DirectoryHeadMovedError;
            return { seq, headSeq };
          }
          throw new Error('the append was not refused');
        };
        expect(await refused(chain[0]!)).toEqual({ seq: 1, headSeq: 1 });
        expect(await refused(chain[2]!)).toEqual({ seq: 3, headSeq: 1 });
        // the first follows the head, the second not the first: neither is written
        expect(await refused(chain[1]!, chain[3]!)).toEqual({ seq: 4, headSeq: 2 });
        expect(await store.directoryEntries()).toEqual([chain[0]]);
        await store.appendDirectory(chain[1]!, chain[2]!);
        expect((await store.directoryEntries()).map((e) => e.seq)).toEqual([1, 2, 3]);
      });
    });

    describe('copies', () => {
      it('never lets a caller change what is stored through what it passed in or got back', async () => {
        const c = commitOf('c1', 0, {
          deadlines: [deadline('c1', 'a', 10)],
          outbox: [outboxRow('c1', 1)],
          idempotency: { scope: 's', key: 'k', response: { nested: { n: 1 } } },
        });
        await store.commit(c);
        const chain = directoryChain(1);
        await store.appendDirectory(...chain);
        const before = await snapshot('c1');

        // what was passed in
        (c.caseRow.state.context as unknown as { notes: string[] }).notes.push('changed');
        c.entries[0]!.entry.event.lat = 0;
        c.deadlines![0]!.dueAt = at(0);
        (c.outbox![0]!.payload as { caseId: string }).caseId = 'changed';
        (c.idempotency!.response as { nested: { n: number } }).nested.n = 2;
        c.checkpoint!.signature = 'changed';
        (chain[0] as { actor: string }).actor = 'changed';

        // what came back
        const got = {
          row: (await store.loadCase('c1'))!,
          entries: await store.entries('c1'),
          due: await store.dueDeadlines('9999'),
          next: (await store.nextDeadline())!,
          outbox: await store.pendingOutbox(10),
          checkpoint: (await store.latestCheckpoint('c1'))!,
          idem: (await store.idempotent('s', 'k'))!,
          dir: await store.directoryEntries(),
        };
        (got.row.view as unknown as { requiredActions: unknown[] }).requiredActions.length = 0;
        got.row.headSeq = 99;
        got.entries[0]!.entry.actor.subject = 'changed';
        got.entries.pop();
        got.due[0]!.about = 'changed';
        got.next.id = 'changed';
        (got.outbox[0]!.payload as { caseId: string }).caseId = 'changed';
        got.checkpoint.seq = 99;
        (got.idem.response as { nested: { n: number } }).nested.n = 3;
        got.dir[0]!.hash = 'changed';

        expect(await snapshot('c1')).toEqual(before);
        expect(await store.nextDeadline()).toEqual(deadline('c1', 'a', 10));
      });
    });

    describe('what a commit may not write over', () => {
      it('keeps a training case a training case, as it was opened', async () => {
        await store.commit(commitOf('t1', 0, { rowOver: { training: true } }));
        await store.commit(commitOf('t1', 1, { rowOver: { training: false } }));
        await store.commit(commitOf('c1', 0));
        expect((await store.loadCase('t1'))?.training).toBe(true);
        expect(await store.loadCase('t1')).toEqual(row('t1', 2, { training: true }));
        expect((await store.loadCase('c1'))?.training).toBe(false);
      });

      it('refuses an outbox key already written, or given twice in one commit, and writes none of it', async () => {
        await store.commit(commitOf('c1', 0, { outbox: [outboxRow('c1', 1)] }));
        await store.commit(commitOf('c1', 1, { settle: { key: 'c1:1:0', outcome: 'delivered', at: at(2) } }));
        const before = await snapshot('c1');
        // an effect's key is what makes it idempotent downstream: never two rows under one key, even once the
        // first is delivered
        for (const outbox of [[outboxRow('c1', 1)], [outboxRow('c1', 3), outboxRow('c1', 3)]]) {
          const c = commitOf('c1', 2, {
            outbox,
            deadlines: [deadline('c1', 'other', 5)],
            idempotency: { scope: 's', key: 'k', response: 1 },
          });
          await expect(store.commit(c)).rejects.toThrow();
        }
        expect(await snapshot('c1')).toEqual(before);
        await store.commit(commitOf('c1', 2, { outbox: [outboxRow('c1', 3)] }));
        expect(await store.pendingOutbox(10)).toEqual([outboxRow('c1', 3)]);
      });

      it("refuses a deadline set that repeats an id or takes another case's deadline, and writes none of it", async () => {
        await store.commit(commitOf('c1', 0, { deadlines: [deadline('c1', 'a', 10)] }));
        await store.commit(commitOf('c2', 0, { deadlines: [deadline('c2', 'a', 20)] }));
        const before = await snapshot('c1');
        for (const deadlines of [
          [deadline('c1', 'b', 30), deadline('c1', 'b', 40)],
          [deadline('c1', 'b', 30), deadline('c2', 'a', 5)],
        ]) {
          await expect(store.commit(commitOf('c1', 1, { deadlines }))).rejects.toThrow();
        }
        expect(await snapshot('c1')).toEqual(before);
        expect(await store.dueDeadlines('9999')).toEqual([deadline('c1', 'a', 10), deadline('c2', 'a', 20)]);
        // its own deadline, given again, is no collision: the set replaces the case's own
        await store.commit(commitOf('c1', 1, { deadlines: [deadline('c1', 'a', 15)] }));
        expect(await store.dueDeadlines('9999')).toEqual([deadline('c1', 'a', 15), deadline('c2', 'a', 20)]);
      });

      it('refuses a commit that repeats an entry within itself, and writes none of it', async () => {
        await store.commit(commitOf('c1', 0));
        const before = await snapshot('c1');
        const twice = commitOf('c1', 1, {
          entries: [entry('c1', 2), entry('c1', 2)],
          caseRow: row('c1', 2),
          outbox: [outboxRow('c1', 2)],
        });
        await expect(store.commit(twice)).rejects.toThrow();
        expect(await snapshot('c1')).toEqual(before);
      });
    });

    describe('checkpoints and the outbox, at the edges', () => {
      it('keeps the latest checkpoint through a commit that signs none, and never writes a refused one', async () => {
        await store.commit(commitOf('c1', 0));
        const { checkpoint: _none, ...unsigned } = commitOf('c1', 1);
        await store.commit(unsigned);
        expect((await store.loadCase('c1'))?.headSeq).toBe(2);
        expect(await store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 1));
        // refused on a stale head: the checkpoint it carried is not the case's
        await expect(store.commit(commitOf('c1', 1, { checkpoint: checkpoint('c1', 9) }))).rejects.toThrow(
          HeadMovedError,
        );
        expect(await store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 1));
        // a checkpoint for a seq signed before is replaced by the later signature
        await store.commit(commitOf('c1', 2, { checkpoint: { ...checkpoint('c1', 1), signature: 'again' } }));
        expect(await store.latestCheckpoint('c1')).toEqual({ ...checkpoint('c1', 1), signature: 'again' });
      });

      it('gives no pending rows for a limit of 0, and all of them for a negative limit', async () => {
        await store.commit(commitOf('c1', 0, { outbox: [outboxRow('c1', 1, 0), outboxRow('c1', 1, 1)] }));
        await store.commit(commitOf('c2', 0, { outbox: [outboxRow('c2', 1)] }));
        expect(await store.pendingOutbox(0)).toEqual([]);
        expect(await store.pendingOutbox(0, '9999')).toEqual([]);
        expect(await store.pendingOutbox(-1)).toEqual([
          outboxRow('c1', 1, 0),
          outboxRow('c1', 1, 1),
          outboxRow('c2', 1),
        ]);
        expect(await store.dueDeadlines('9999', 0)).toEqual([]);
      });
    });

    describe('what the store says of itself, and the order of a log', () => {
      it('names its kind, and is shared only where other desks write to it (PostgreSQL)', () => {
        // the name each adapter's file runs the contract under begins with the store's kind
        expect(name.split(' ')[0]).toBe(store.kind);
        expect(store.shared).toBe(name === 'postgres');
        expect(store.ordered).toBe(!store.shared);
      });

      // an ordered store (all but PostgreSQL, which other desks write to as well: store.ts) takes commits in the
      // order they were asked, without waiting for the one before
      if (name !== 'postgres') {
        it('an ordered store writes commits asked one after another without waiting, each on the head the one before writes', async () => {
          expect(store.ordered).toBe(true);
          const asked = [0, 1, 2, 3].map((head) => store.commit(commitOf('c1', head)));
          await Promise.all(asked);
          expect((await store.entries('c1')).map((e) => e.entry.seq)).toEqual([1, 2, 3, 4]);
          expect((await store.loadCase('c1'))?.headSeq).toBe(4);
          expect(await store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 4));
        });

        it('keeps the checkpoint and the row of the last commit that stood when a later one asked in the same turn is refused', async () => {
          expect(store.ordered).toBe(true);
          const [first, second, stale] = await Promise.allSettled([
            store.commit(commitOf('c1', 0)),
            store.commit(commitOf('c1', 1)),
            store.commit(commitOf('c1', 1, { checkpoint: checkpoint('c1', 9) })),
          ]);
          expect([first.status, second.status, stale.status]).toEqual(['fulfilled', 'fulfilled', 'rejected']);
          expect((stale as PromiseRejectedResult).reason).toBeInstanceOf(HeadMovedError);
          expect((await store.loadCase('c1'))?.headSeq).toBe(2);
          expect(await store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 2));
        });
      }

      it('gives a commit’s entries oldest first, in whatever order the commit listed them', async () => {
        await store.commit(
          commitOf('c1', 0, {
            entries: [entry('c1', 3), entry('c1', 1), entry('c1', 2)],
            caseRow: row('c1', 3),
          }),
        );
        expect(await store.entries('c1')).toEqual([entry('c1', 1), entry('c1', 2), entry('c1', 3)]);
        expect(await store.entries('c1', 1)).toEqual([entry('c1', 2), entry('c1', 3)]);
      });
    });
  });
}
