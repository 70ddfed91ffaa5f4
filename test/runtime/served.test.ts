// What `desk verify` holds beside the chain (src/runtime/served.ts): the case snapshot every answer starts
// from and the view each entry keeps for the stream's replay. The chain's hashes cover neither, so each is
// changed here where the store hands it out (a store whose reads someone has edited, as disk access would),
// and verify must name the first thing the log does not say, at the seq it names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MACHINE_VERSION } from '../../machines/case-machine.ts';
import { generateSigningKeys, loadSigningKeys } from '../../src/audit/chain.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { openMemoryStore } from '../../src/store/memory.ts';
import type { CaseRow, LoggedEntry, Store } from '../../src/store/store.ts';
import { authority, ManualClock, operator, REPORT } from './fixtures.ts';

const KEYS = loadSigningKeys(generateSigningKeys().privatePem);

// A memory store whose reads of a case row and of a log can be edited after the fact.
function editableStore() {
  const store = openMemoryStore();
  const edits: {
    row?: (row: CaseRow) => CaseRow | undefined;
    log?: (log: LoggedEntry[]) => LoggedEntry[];
  } = {};
  const wrapped: Store = {
    ...store,
    loadCase: async (id) => {
      const row = await store.loadCase(id);
      return row && edits.row ? edits.row(row) : row;
    },
    entries: async (caseId, afterSeq) => {
      const log = await store.entries(caseId, afterSeq);
      return edits.log ? edits.log(log) : log;
    },
  };
  return { store: wrapped, edits };
}

let rt: CaseRuntime;
let store: Store;
let edits: ReturnType<typeof editableStore>['edits'];

async function runtimeOn(store: Store, reader = false): Promise<CaseRuntime> {
  let n = 0;
  return openRuntime({
    store,
    // desk verify's reader writes nothing, so it carries no directory edit into the cases on opening
    ...(reader ? { catchUp: false } : {}),
    clock: new ManualClock(),
    signingKeys: KEYS,
    ids: { caseId: () => `case-${++n}` },
    setting: {
      states: { TG: { protocolParty: true, replyWithinHours: 4 }, MT: { protocolParty: true } },
      countryAssessments: {},
    },
  });
}

beforeEach(async () => {
  const editable = editableStore();
  edits = editable.edits;
  store = editable.store;
  rt = await runtimeOn(store);
});
afterEach(async () => {
  await rt.stop();
});

// five entries, the third refused (a refusal is in the log but does not move the case's version, the seq of
// its last applied entry)
async function caseWithHistory(): Promise<string> {
  const opened = await rt.openCase(REPORT, operator);
  if (opened.status !== 'applied') throw new Error('not opened');
  const id = opened.view.id;
  await rt.applyEvent(id, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] }, operator);
  await rt.applyEvent(id, { type: 'BOARDING_STARTED' }, operator);
  await rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
  await rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator);
  return id;
}

// the log with the view kept at seq changed by `edit`
const viewAt = (seq: number, edit: (view: Record<string, unknown>) => Record<string, unknown>) => {
  edits.log = (log) =>
    log.map((l) =>
      l.entry.seq === seq ? { ...l, view: edit({ ...l.view }) as unknown as LoggedEntry['view'] } : l,
    );
};

describe('desk verify holds the snapshot and the kept views against the log', () => {
  it('an untouched case verifies, its refusal included', async () => {
    const id = await caseWithHistory();
    const audit = (await rt.audit(id, authority))!;
    expect(audit.map((e) => e.outcome)).toEqual(['applied', 'applied', 'refused', 'applied', 'applied']);
    expect(await rt.verify(id)).toEqual({ valid: true, entries: 5, head: audit[4]!.hash });
  });

  it('a case with neither a log nor a snapshot has nothing to disagree with', async () => {
    expect(await rt.verify('case-unknown')).toEqual({ valid: true, entries: 0, head: '0'.repeat(64) });
  });

  it('a log with no snapshot beside it is named at its last seq', async () => {
    const id = await caseWithHistory();
    edits.row = () => undefined;
    expect(await rt.verify(id)).toMatchObject({
      valid: false,
      entries: 5,
      firstBad: { seq: 5, problem: 'the log has no snapshot beside it' },
    });
  });

  it('a snapshot at the right seq but another head hash (a write that reached one and not the other)', async () => {
    const id = await caseWithHistory();
    edits.row = (row) => ({ ...row, headHash: 'f'.repeat(64) });
    expect((await rt.verify(id)).firstBad).toEqual({
      seq: 5,
      problem: "the snapshot's head hash is not the last entry's",
    });
  });

  it('a snapshot behind the log names both heads', async () => {
    const id = await caseWithHistory();
    const audit = (await rt.audit(id, authority))!;
    edits.row = (row) => ({ ...row, headSeq: 4, headHash: audit[3]!.hash });
    expect((await rt.verify(id)).firstBad).toEqual({
      seq: 5,
      problem: "the snapshot's head is seq 4, the log ends at 5",
    });
  });

  it('a snapshot whose setting is not in the store says which', async () => {
    const id = await caseWithHistory();
    edits.row = (row) => ({
      ...row,
      state: {
        ...row.state,
        context: { ...row.state.context, setting: { $setting: 'ab'.repeat(32) } as never },
      },
    });
    // a fresh reader on the same store, as desk verify is: it has read no setting, so it looks it up
    const fresh = await runtimeOn(store, true);
    try {
      expect((await fresh.verify(id)).firstBad).toEqual({
        seq: 5,
        problem: `case ${id} refers to setting ${'ab'.repeat(32)}, not in the store`,
      });
    } finally {
      await fresh.stop();
    }
  });

  it.each([
    ['status', (v: Record<string, unknown>) => ({ ...v, status: 'closed' })],
    ['version', (v: Record<string, unknown>) => ({ ...v, version: 7 })],
    ['interceptingState', (v: Record<string, unknown>) => ({ ...v, interceptingState: 'IT' })],
    ['position', (v: Record<string, unknown>) => ({ ...v, position: { lat: 35.5, lon: 15.5 } })],
  ])("an entry's kept view changed in %s is named at that entry", async (field, edit) => {
    const id = await caseWithHistory();
    viewAt(2, edit);
    expect((await rt.verify(id)).firstBad).toEqual({
      seq: 2,
      problem: `the view this entry keeps differs from the log's in ${field}`,
    });
  });

  it('the first changed view is the one named', async () => {
    const id = await caseWithHistory();
    edits.log = (log) =>
      log.map((l) =>
        l.entry.seq >= 4 ? { ...l, view: { ...l.view, training: true } as LoggedEntry['view'] } : l,
      );
    expect((await rt.verify(id)).firstBad).toEqual({
      seq: 4,
      problem: "the view this entry keeps differs from the log's in training",
    });
  });

  it('what the law derives in a view (required actions) is not held against the log: a later law derives it again', async () => {
    const id = await caseWithHistory();
    viewAt(3, (v) => ({ ...v, requiredActions: [] }));
    expect((await rt.verify(id)).valid).toBe(true);
  });

  it('a view with its keys in another order is the same view', async () => {
    const id = await caseWithHistory();
    viewAt(5, (v) => Object.fromEntries(Object.entries(v).reverse()));
    expect((await rt.verify(id)).valid).toBe(true);
  });

  it('a snapshot whose version is not the log’s says both', async () => {
    const id = await caseWithHistory();
    edits.row = (row) => ({ ...row, version: 4 });
    expect((await rt.verify(id)).firstBad).toEqual({
      seq: 5,
      problem: 'the snapshot says version 4, the log 5',
    });
  });

  it('a snapshot changed beside a valid chain names the field of the case that differs', async () => {
    const id = await caseWithHistory();
    edits.row = (row) => ({
      ...row,
      state: { ...row.state, context: { ...row.state.context, personsOnBoard: 93 } as never },
    });
    expect((await rt.verify(id)).firstBad).toEqual({
      seq: 5,
      problem: "the snapshot differs from the log's in personsOnBoard",
    });
  });

  it('a snapshot whose state differs outside its context still differs', async () => {
    const id = await caseWithHistory();
    edits.row = (row) => ({ ...row, state: { ...row.state, value: 'closed' as never } });
    expect((await rt.verify(id)).firstBad).toEqual({
      seq: 5,
      problem: "the snapshot differs from the log's",
    });
  });

  it('a snapshot of another version of the law is rebuilt from the log before it is served, so it is not compared', async () => {
    const id = await caseWithHistory();
    edits.row = (row) => ({
      ...row,
      state: {
        ...row.state,
        machineVersion: MACHINE_VERSION - 1,
        context: { ...row.state.context, personsOnBoard: 93 } as never,
      },
    });
    expect(await rt.verify(id)).toMatchObject({ valid: true, entries: 5 });
  });
});
