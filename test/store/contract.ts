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
  DirectoryHeadMovedError,
  HeadMovedError,
  type LoggedEntry,
  type OutboxRow,
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

const outboxRow = (caseId: string, seq: number, n = 0): OutboxRow => ({
  key: `${caseId}:${seq}:${n}`,
  caseId,
  seq,
  kind: 'notify-flag-state',
  payload: { event: { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, caseId },
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
      store.close();
      await opened.dispose?.();
    });

    // Everything a test can read back about one case and the shared tables, for "nothing changed" checks;
    // copied here, so a store handing out its own objects cannot change the record too.
    const snapshot = (caseId: string) =>
      structuredClone({
        row: store.loadCase(caseId),
        entries: store.entries(caseId),
        due: store.dueDeadlines('9999'),
        outbox: store.pendingOutbox(100),
        checkpoint: store.latestCheckpoint(caseId),
        ids: store.caseIds(),
        idem: store.idempotent('s', 'k'),
        dir: store.directoryEntries(),
      });

    describe('meta', () => {
      it('is absent until set, then holds the last value set', () => {
        expect(store.getMeta('epoch')).toBeUndefined();
        store.setMeta('epoch', 'e1');
        store.setMeta('other', 'x');
        store.setMeta('epoch', 'e2');
        expect(store.getMeta('epoch')).toBe('e2');
        expect(store.getMeta('other')).toBe('x');
      });
    });

    describe('cases and entries', () => {
      it('opens a case with its first commit and loads it back', () => {
        expect(store.loadCase('c1')).toBeUndefined();
        store.commit(commitOf('c1', 0));
        expect(store.loadCase('c1')).toEqual(row('c1', 1));
        expect(store.entries('c1')).toEqual([entry('c1', 1)]);
      });

      it('gives entries oldest first, only those after afterSeq, and only the case asked for', () => {
        store.commit(commitOf('c1', 0));
        store.commit(commitOf('c2', 0));
        store.commit(
          commitOf('c1', 1, {
            entries: [entry('c1', 2), refusedEntry('c1', 3)],
            caseRow: row('c1', 3, { version: 2 }),
          }),
        );
        store.commit(commitOf('c1', 3));
        expect(store.entries('c1').map((e) => e.entry.seq)).toEqual([1, 2, 3, 4]);
        expect(store.entries('c1', 2)).toEqual([refusedEntry('c1', 3), entry('c1', 4)]);
        expect(store.entries('c1', 4)).toEqual([]);
        expect(store.entries('c2')).toEqual([entry('c2', 1)]);
        expect(store.entries('nobody')).toEqual([]);
      });

      it('moves the case row to the new head but keeps what the case was opened as', () => {
        store.commit(commitOf('c1', 0));
        store.commit(
          commitOf('c1', 1, {
            rowOver: { status: 'closed', kind: 'incoming-request', training: true, openedAt: at(99) },
          }),
        );
        expect(store.loadCase('c1')).toEqual(row('c1', 2, { status: 'closed' }));
      });

      it('lists case ids by opening time, then id', () => {
        store.commit(commitOf('b', 0, { rowOver: { openedAt: at(5) } }));
        store.commit(commitOf('c', 0, { rowOver: { openedAt: at(1) } }));
        store.commit(commitOf('a', 0, { rowOver: { openedAt: at(5) } }));
        expect(store.caseIds()).toEqual(['c', 'a', 'b']);
      });
    });

    describe('the expected head', () => {
      // A case with everything a commit writes, so a refused commit has something to leave alone.
      function busyCase() {
        store.commit(
          commitOf('c1', 0, {
            deadlines: [deadline('c1', 'reply', 240)],
            outbox: [outboxRow('c1', 1)],
            idempotency: { scope: 'open:watch-1', key: 'k1', response: { status: 'applied', seq: 1 } },
          }),
        );
        store.commit(commitOf('c1', 1));
      }

      it('refuses a commit decided on a stale head with HeadMovedError, and applies none of it', () => {
        busyCase();
        const before = snapshot('c1');
        const stale = commitOf('c1', 1, {
          deadlines: [deadline('c1', 'other', 5)],
          outbox: [outboxRow('c1', 2, 1)],
          idempotency: { scope: 'case:c1:watch-1', key: 'k2', response: { status: 'applied' } },
        });
        expect(() => store.commit(stale)).toThrow(HeadMovedError);
        try {
          store.commit(stale);
        } catch (err) {
          expect((err as HeadMovedError).caseId).toBe('c1');
        }
        expect(snapshot('c1')).toEqual(before);
        expect(store.idempotent('case:c1:watch-1', 'k2')).toBeUndefined();
        expect(store.idempotent('open:watch-1', 'k1')).toEqual({
          caseId: 'c1',
          response: { status: 'applied', seq: 1 },
        });
      });

      it('refuses a head from the future, and a case that does not exist yet unless the head is 0', () => {
        busyCase();
        const before = snapshot('c1');
        expect(() => store.commit(commitOf('c1', 5))).toThrow(HeadMovedError);
        expect(snapshot('c1')).toEqual(before);
        expect(() => store.commit(commitOf('new', 1))).toThrow(HeadMovedError);
        expect(store.loadCase('new')).toBeUndefined();
        expect(store.entries('new')).toEqual([]);
      });

      it('applies none of a commit that a key refuses: a repeated entry or idempotency key', () => {
        busyCase();
        const before = snapshot('c1');
        const repeatsEntry = commitOf('c1', 2, {
          entries: [entry('c1', 3), entry('c1', 2)],
          deadlines: [],
          outbox: [outboxRow('c1', 3)],
        });
        expect(() => store.commit(repeatsEntry)).toThrow();
        const repeatsKey = commitOf('c1', 2, {
          deadlines: [],
          idempotency: { scope: 'open:watch-1', key: 'k1', response: { other: true } },
        });
        expect(() => store.commit(repeatsKey)).toThrow();
        expect(snapshot('c1')).toEqual(before);
        expect(store.idempotent('open:watch-1', 'k1')?.response).toEqual({ status: 'applied', seq: 1 });
      });
    });

    describe('deadlines', () => {
      it('gives those due by a time, inclusive, by due time, then case, then id', () => {
        store.commit(commitOf('c2', 0, { deadlines: [deadline('c2', 'b', 30), deadline('c2', 'a', 30)] }));
        store.commit(commitOf('c1', 0, { deadlines: [deadline('c1', 'z', 30), deadline('c1', 'late', 90)] }));
        store.commit(commitOf('c3', 0, { deadlines: [deadline('c3', 'early', 10)] }));
        expect(store.dueDeadlines(at(9))).toEqual([]);
        expect(store.dueDeadlines(at(30))).toEqual([
          deadline('c3', 'early', 10),
          deadline('c1', 'z', 30),
          deadline('c2', 'a', 30),
          deadline('c2', 'b', 30),
        ]);
        expect(store.dueDeadlines(at(90)).map((d) => d.id)).toEqual(['early', 'z', 'a', 'b', 'late']);
      });

      it('gives the next deadline in the same order, due or not', () => {
        expect(store.nextDeadline()).toBeUndefined();
        store.commit(commitOf('c2', 0, { deadlines: [deadline('c2', 'a', 30)] }));
        store.commit(commitOf('c1', 0, { deadlines: [deadline('c1', 'z', 30), deadline('c1', 'y', 60)] }));
        expect(store.nextDeadline()).toEqual(deadline('c1', 'z', 30));
      });

      it("replaces a case's set when a commit gives one, keeps it when not, and leaves other cases alone", () => {
        store.commit(commitOf('c1', 0, { deadlines: [deadline('c1', 'a', 10), deadline('c1', 'b', 20)] }));
        store.commit(commitOf('c2', 0, { deadlines: [deadline('c2', 'a', 15)] }));
        store.commit(commitOf('c1', 1));
        expect(store.dueDeadlines(at(100)).map((d) => `${d.caseId}/${d.id}`)).toEqual([
          'c1/a',
          'c2/a',
          'c1/b',
        ]);
        store.commit(commitOf('c1', 2, { deadlines: [deadline('c1', 'b', 5), deadline('c1', 'c', 50)] }));
        expect(store.dueDeadlines(at(100))).toEqual([
          deadline('c1', 'b', 5),
          deadline('c2', 'a', 15),
          deadline('c1', 'c', 50),
        ]);
        store.commit(commitOf('c1', 3, { deadlines: [] }));
        expect(store.dueDeadlines(at(100))).toEqual([deadline('c2', 'a', 15)]);
      });
    });

    describe('idempotency, checkpoints and the outbox', () => {
      it('keeps a response under its scope and key, with the case it belongs to', () => {
        const response = { status: 'applied', view: viewAt(1), seq: 1 };
        store.commit(commitOf('c1', 0, { idempotency: { scope: 'open:watch-1', key: 'k', response } }));
        expect(store.idempotent('open:watch-1', 'k')).toEqual({ caseId: 'c1', response });
        expect(store.idempotent('open:watch-2', 'k')).toBeUndefined();
        expect(store.idempotent('open:watch-1', 'other')).toBeUndefined();
      });

      it("gives a case's checkpoint with the highest seq", () => {
        expect(store.latestCheckpoint('c1')).toBeUndefined();
        store.commit(commitOf('c1', 0, { checkpoint: checkpoint('c1', 5) }));
        store.commit(commitOf('c1', 1, { checkpoint: checkpoint('c1', 3) }));
        store.commit(commitOf('c2', 0, { checkpoint: checkpoint('c2', 9) }));
        expect(store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 5));
        store.commit(commitOf('c1', 2, { checkpoint: checkpoint('c1', 6) }));
        expect(store.latestCheckpoint('c1')).toEqual(checkpoint('c1', 6));
        expect(store.latestCheckpoint('c2')).toEqual(checkpoint('c2', 9));
      });

      it('gives pending effects in the order they were committed, up to the limit', () => {
        store.commit(commitOf('c2', 0, { outbox: [outboxRow('c2', 1, 1), outboxRow('c2', 1, 0)] }));
        store.commit(commitOf('c1', 0, { outbox: [outboxRow('c1', 1)] }));
        store.commit(commitOf('c2', 1, { outbox: [outboxRow('c2', 2)] }));
        expect(store.pendingOutbox(10).map((o) => o.key)).toEqual(['c2:1:1', 'c2:1:0', 'c1:1:0', 'c2:2:0']);
        expect(store.pendingOutbox(2)).toEqual([outboxRow('c2', 1, 1), outboxRow('c2', 1, 0)]);
      });
    });

    describe('the directory stream', () => {
      it('appends entries that follow the head and gives them oldest first, after a seq', () => {
        const chain = directoryChain(4);
        expect(store.directoryEntries()).toEqual([]);
        store.appendDirectory(chain[0]!, chain[1]!);
        store.appendDirectory(chain[2]!);
        store.appendDirectory(chain[3]!);
        expect(store.directoryEntries()).toEqual(chain);
        expect(store.directoryEntries(2)).toEqual(chain.slice(2));
        expect(store.directoryEntries(4)).toEqual([]);
      });

      it('refuses an entry that does not follow the head, and the whole append with it', () => {
        const chain = directoryChain(4);
        store.appendDirectory(chain[0]!);
        const refused = (...entries: DirectoryEntry[]) => {
          try {
            store.appendDirectory(...entries);
          } catch (err) {
            expect(err).toBeInstanceOf(DirectoryHeadMovedError);
            const { seq, headSeq } = err as DirectoryHeadMovedError;
            return { seq, headSeq };
          }
          throw new Error('the append was not refused');
        };
        expect(refused(chain[0]!)).toEqual({ seq: 1, headSeq: 1 });
        expect(refused(chain[2]!)).toEqual({ seq: 3, headSeq: 1 });
        // the first follows the head, the second not the first: neither is written
        expect(refused(chain[1]!, chain[3]!)).toEqual({ seq: 4, headSeq: 2 });
        expect(store.directoryEntries()).toEqual([chain[0]]);
        store.appendDirectory(chain[1]!, chain[2]!);
        expect(store.directoryEntries().map((e) => e.seq)).toEqual([1, 2, 3]);
      });
    });

    describe('copies', () => {
      it('never lets a caller change what is stored through what it passed in or got back', () => {
        const c = commitOf('c1', 0, {
          deadlines: [deadline('c1', 'a', 10)],
          outbox: [outboxRow('c1', 1)],
          idempotency: { scope: 's', key: 'k', response: { nested: { n: 1 } } },
        });
        store.commit(c);
        const chain = directoryChain(1);
        store.appendDirectory(...chain);
        const before = snapshot('c1');

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
          row: store.loadCase('c1')!,
          entries: store.entries('c1'),
          due: store.dueDeadlines('9999'),
          next: store.nextDeadline()!,
          outbox: store.pendingOutbox(10),
          checkpoint: store.latestCheckpoint('c1')!,
          idem: store.idempotent('s', 'k')!,
          dir: store.directoryEntries(),
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

        expect(snapshot('c1')).toEqual(before);
        expect(store.nextDeadline()).toEqual(deadline('c1', 'a', 10));
      });
    });
  });
}
