// A store in process memory, with the SQLite store's semantics (test/store/contract.ts holds both to them):
// for replays and tests that want the runtime without a disk. Nothing survives the process. Everything is
// cloned on the way in and out, as a database would, so a caller mutating what it got back, or what it
// passed in, never changes what is stored.
import type { Checkpoint } from '../audit/chain.ts';
import type { DirectoryEntry } from '../directory/chain.ts';
import {
  type CaseRow,
  type Commit,
  type DeadlineRow,
  DeadlineTakenError,
  DirectoryHeadMovedError,
  HeadMovedError,
  IdempotencyTakenError,
  type IdempotentResult,
  type LoggedEntry,
  type OutboxRow,
  OutboxSettledError,
  type Store,
} from './store.ts';

// The composite primary keys of the SQLite tables; JSON, so no separator can make two keys collide.
const keyOf = (...parts: Array<string | number>) => JSON.stringify(parts);

// SQLite compares TEXT bytewise; for the ISO times and ids stored here that is code-unit order.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const byDue = (a: DeadlineRow, b: DeadlineRow) =>
  byText(a.dueAt, b.dueAt) || byText(a.caseId, b.caseId) || byText(a.id, b.id);

function inner<V>(outer: Map<string, Map<number, V>>, key: string): Map<number, V> {
  const found = outer.get(key);
  if (found) return found;
  const made = new Map<number, V>();
  outer.set(key, made);
  return made;
}

// What a primary key refuses in SQLite (a constraint error, the transaction rolled back).
class DuplicateKeyError extends Error {
  constructor(table: string, key: string) {
    super(`${table}: a row with key ${key} already exists`);
  }
}

export function openMemoryStore(): Store {
  const meta = new Map<string, string>();
  const cases = new Map<string, CaseRow>();
  const entries = new Map<string, Map<number, LoggedEntry>>();
  const deadlines = new Map<string, DeadlineRow>();
  const idempotency = new Map<string, IdempotentResult>();
  // insertion order is SQLite's rowid order, which is what pendingOutbox promises; a settled row stays (as
  // in SQLite) so that settling it again is refused
  const outbox = new Map<string, { row: OutboxRow; deliveredAt?: string; failedAt?: string }>();
  const unsettled = () => [...outbox.values()].filter((o) => !o.deliveredAt && !o.failedAt);
  const checkpoints = new Map<string, Map<number, Checkpoint>>();
  const directory: DirectoryEntry[] = [];
  let closed = false;

  const open = () => {
    if (closed) throw new Error('the memory store is closed');
  };

  // Everything is checked before anything is written, so a refused commit leaves no trace.
  function commit(given: Commit): void {
    open();
    const c = structuredClone(given);
    if ((cases.get(c.caseId)?.headSeq ?? 0) !== c.expectedHeadSeq) throw new HeadMovedError(c.caseId);
    if (c.claim && deadlines.get(keyOf(c.caseId, c.claim.id))?.dueAt !== c.claim.dueAt)
      throw new DeadlineTakenError(c.caseId, c.claim.id);
    const settling = c.settle && outbox.get(c.settle.key);
    if (c.settle && (!settling || settling.deliveredAt || settling.failedAt))
      throw new OutboxSettledError(c.settle.key);

    const newEntries = new Set<string>();
    for (const { entry } of c.entries) {
      const k = keyOf(entry.caseId, entry.seq);
      if (entries.get(entry.caseId)?.has(entry.seq) || newEntries.has(k))
        throw new DuplicateKeyError('entries', k);
      newEntries.add(k);
    }
    if (c.deadlines) {
      // the case's own rows go first, so only another case's row (or a repeat in the list) can collide
      const taken = new Set([...deadlines].filter(([, d]) => d.caseId !== c.caseId).map(([k]) => k));
      for (const d of c.deadlines) {
        const k = keyOf(d.caseId, d.id);
        if (taken.has(k)) throw new DuplicateKeyError('deadlines', k);
        taken.add(k);
      }
    }
    const newOutbox = new Set<string>();
    for (const o of c.outbox ?? []) {
      if (outbox.has(o.key) || newOutbox.has(o.key)) throw new DuplicateKeyError('outbox', o.key);
      newOutbox.add(o.key);
    }
    const idemKey = c.idempotency && keyOf(c.idempotency.scope, c.idempotency.key);
    if (c.idempotency && idemKey && idempotency.has(idemKey))
      throw new IdempotencyTakenError(c.idempotency.scope, c.idempotency.key);

    for (const logged of c.entries) inner(entries, logged.entry.caseId).set(logged.entry.seq, logged);
    const before = cases.get(c.caseRow.id);
    // an existing case keeps what it was opened as, as the SQLite upsert does
    cases.set(
      c.caseRow.id,
      before
        ? { ...c.caseRow, kind: before.kind, training: before.training, openedAt: before.openedAt }
        : c.caseRow,
    );
    if (c.deadlines) {
      for (const [k, d] of deadlines) if (d.caseId === c.caseId) deadlines.delete(k);
      for (const d of c.deadlines) deadlines.set(keyOf(d.caseId, d.id), d);
    }
    for (const o of c.outbox ?? []) outbox.set(o.key, { row: o });
    if (c.settle && settling) {
      if (c.settle.outcome === 'delivered') settling.deliveredAt = c.settle.at;
      else settling.failedAt = c.settle.at;
    }
    if (c.idempotency && idemKey)
      idempotency.set(idemKey, { caseId: c.caseId, response: c.idempotency.response });
    if (c.checkpoint) inner(checkpoints, c.checkpoint.caseId).set(c.checkpoint.seq, c.checkpoint);
  }

  function appendDirectory(...given: DirectoryEntry[]): void {
    open();
    const added = structuredClone(given);
    let head = directory.at(-1)?.seq ?? 0;
    for (const e of added) {
      if (e.seq !== head + 1) throw new DirectoryHeadMovedError(e.seq, head);
      head = e.seq;
    }
    directory.push(...added);
  }

  return {
    kind: 'memory',
    shared: false,
    ordered: true,
    getMeta: async (key) => {
      open();
      return meta.get(key);
    },
    setMeta: async (key, value) => {
      open();
      meta.set(key, value);
    },
    initMeta: async (key, value) => {
      open();
      if (!meta.has(key)) meta.set(key, value);
      return meta.get(key)!;
    },
    appendDirectory: async (...entries) => appendDirectory(...entries),
    directoryEntries: async (afterSeq = 0) => {
      open();
      return structuredClone(directory.filter((e) => e.seq > afterSeq));
    },
    loadCase: async (id) => {
      open();
      const row = cases.get(id);
      return row && structuredClone(row);
    },
    caseIds: async () => {
      open();
      return [...cases.values()]
        .sort((a, b) => byText(a.openedAt, b.openedAt) || byText(a.id, b.id))
        .map((r) => r.id);
    },
    heads: async () => {
      open();
      return new Map([...cases.values()].map((r) => [r.id, r.headSeq]));
    },
    entries: async (caseId, afterSeq = 0) => {
      open();
      const log = [...(entries.get(caseId)?.values() ?? [])];
      return structuredClone(
        log.filter((e) => e.entry.seq > afterSeq).sort((a, b) => a.entry.seq - b.entry.seq),
      );
    },
    // written when asked, so in the order asked
    commit: async (c) => commit(c),
    dueDeadlines: async (nowIso, limit) => {
      open();
      const due = [...deadlines.values()].filter((d) => d.dueAt <= nowIso).sort(byDue);
      return structuredClone(limit === undefined ? due : due.slice(0, limit));
    },
    nextDeadline: async () => {
      open();
      const next = [...deadlines.values()].sort(byDue)[0];
      return next && structuredClone(next);
    },
    idempotent: async (scope, key) => {
      open();
      const hit = idempotency.get(keyOf(scope, key));
      return hit && structuredClone(hit);
    },
    latestCheckpoint: async (caseId) => {
      open();
      const byCase = [...(checkpoints.get(caseId)?.values() ?? [])];
      const latest = byCase.sort((a, b) => b.seq - a.seq)[0];
      return latest && structuredClone(latest);
    },
    pendingOutbox: async (limit, dueBy) => {
      open();
      const rows = unsettled().map((o) => o.row);
      // the sort is stable: rows due together stay in the order written
      const picked =
        dueBy === undefined
          ? rows
          : rows
              .filter((r) => r.dueAt !== undefined && r.dueAt <= dueBy)
              .sort((a, b) => byText(a.dueAt!, b.dueAt!));
      // SQLite reads a negative LIMIT as none
      return structuredClone(limit < 0 ? picked : picked.slice(0, limit));
    },
    outboxAttempted: async (key, next) => {
      open();
      const o = outbox.get(key);
      if (!o || o.deliveredAt || o.failedAt) return;
      o.row = { ...o.row, attempts: next.attempts, dueAt: next.dueAt, lastError: next.error };
    },
    close: async () => {
      closed = true;
    },
  };
}
