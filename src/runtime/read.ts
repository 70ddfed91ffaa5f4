// The read side: a case as an actor may see it (src/policy.ts), the list with what is due first, the audit
// trail and its verification, and the entries a stream client missed. Nothing here writes.

import type { KeyObject } from 'node:crypto';
import type { CaseView } from '../../machines/engine.ts';
import { type Checkpoint, type VerifyResult, verifyChain } from '../audit/chain.ts';
import { maySee } from '../policy.ts';
import type { CaseRow, LoggedEntry } from '../store/store.ts';
import type { RuntimeParts } from './parts.ts';
import { toStreamEvent } from './publish.ts';
import { servedAgainstLog } from './served.ts';
import type { Actor, AuditEntry, CaseSummary, StreamEvent } from './types.ts';

export async function getView(
  parts: RuntimeParts,
  caseId: string,
  actor: Actor,
): Promise<CaseView | undefined> {
  const row = await parts.cases.load(caseId);
  return row && maySee(actor, row) ? row.view : undefined;
}

export async function getContext(parts: RuntimeParts, caseId: string, actor: Actor) {
  const row = await parts.cases.load(caseId);
  return row && maySee(actor, row) ? row.state.context : undefined;
}

export async function isVisible(parts: RuntimeParts, caseId: string, actor: Actor): Promise<boolean> {
  const row = await parts.cases.load(caseId);
  return !!row && maySee(actor, row);
}

export async function headSeq(parts: RuntimeParts, caseId: string): Promise<number> {
  return (await parts.cases.load(caseId))?.headSeq ?? 0;
}

// The highest head among the cases an actor may see, read in one pass over the cases.
export async function visibleHeadSeq(parts: RuntimeParts, actor: Actor): Promise<number> {
  let head = 0;
  for (const r of await parts.cases.all()) if (maySee(actor, r)) head = Math.max(head, r.headSeq);
  return head;
}

// What places a case in the list.
export type CaseOrderKey = Pick<CaseSummary, 'status' | 'overdue' | 'nextDueAt' | 'openedAt' | 'id'>;

// Open before closed, overdue first, then by the next due time, then the newest, then by id: a total order,
// so a page of the list (GET /cases?after=) starts exactly after the key of the last one.
export function caseOrder(a: CaseOrderKey, b: CaseOrderKey): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.nextDueAt ?? '~';
  const db = b.nextDueAt ?? '~';
  if (da !== db) return da < db ? -1 : 1;
  if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export async function listCases(
  parts: RuntimeParts,
  actor: Actor,
  filter: { status?: 'open' | 'closed' } = {},
): Promise<CaseSummary[]> {
  const now = parts.now();
  const rows = (await parts.cases.all()).filter(
    (r) => maySee(actor, r) && (!filter.status || r.status === filter.status),
  );
  return rows.map((r) => summarise(r, now)).sort(caseOrder);
}

function summarise(r: CaseRow, now: string): CaseSummary {
  const v = r.view;
  const due = v.requiredActions
    .map((a) => a.dueAt)
    .filter((x): x is string => !!x)
    .sort()[0];
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    training: r.training,
    openedAt: r.openedAt,
    version: v.version,
    vesselName: v.vessel.name,
    legalBasis: v.legalBasis.code,
    nextDueAt: due,
    overdue:
      (due !== undefined && due <= now) || v.requiredActions.some((a) => a.code === 'ESCALATE_OVERDUE_REPLY'),
    topAction: v.requiredActions[0]?.code,
    topPriority: v.requiredActions[0]?.priority,
  };
}

export async function audit(
  parts: RuntimeParts,
  caseId: string,
  actor: Actor,
): Promise<AuditEntry[] | undefined> {
  const row = await parts.cases.load(caseId);
  if (!row || !maySee(actor, row)) return undefined;
  return (await parts.store.entries(caseId)).map(({ entry }) => entry);
}

// The log with the view each entry left, for an actor who may see the case: the case file's legal basis over
// time and the indicators' before and after of every step.
export async function caseLog(
  parts: RuntimeParts,
  caseId: string,
  actor: Actor,
): Promise<LoggedEntry[] | undefined> {
  const row = await parts.cases.load(caseId);
  if (!row || !maySee(actor, row)) return undefined;
  return parts.store.entries(caseId);
}

// Every case the actor may see with its log, one case at a time, so a report over many holds one log at once.
export async function* caseLogs(
  parts: RuntimeParts,
  actor: Actor,
): AsyncGenerator<{ id: string; kind: string; training: boolean; entries: LoggedEntry[] }> {
  for (const row of await parts.cases.all()) {
    if (!maySee(actor, row)) continue;
    yield { id: row.id, kind: row.kind, training: row.training, entries: await parts.store.entries(row.id) };
  }
}

// What proves the log without the store: the latest signed checkpoint, the entries it covers, and the key.
export async function signedLog(
  parts: RuntimeParts,
  caseId: string,
  actor: Actor,
): Promise<{ entries: AuditEntry[]; checkpoint?: Checkpoint; publicKey: KeyObject } | undefined> {
  const row = await parts.cases.load(caseId);
  if (!row || !maySee(actor, row)) return undefined;
  // the checkpoint first: the log only grows, so the entries read after it hold every entry it covers
  const checkpoint = await parts.store.latestCheckpoint(caseId);
  const entries = (await parts.store.entries(caseId)).map(({ entry }) => entry);
  return { entries, ...(checkpoint ? { checkpoint } : {}), publicKey: parts.keys.publicKey };
}

// The chain checked from the log itself, against the latest signed checkpoint; then what the desk serves from
// beside the log, its snapshot and the entries' views, against the log (served.ts).
export async function verify(parts: RuntimeParts, caseId: string): Promise<VerifyResult> {
  const logged = await parts.store.entries(caseId);
  const checkpoint = await parts.store.latestCheckpoint(caseId);
  const chain = verifyChain(
    caseId,
    logged.map((e) => e.entry),
    checkpoint,
    parts.keys.publicKey,
  );
  if (!chain.valid) return chain;
  const firstBad = await servedAgainstLog(parts, caseId, logged);
  return firstBad ? { ...chain, valid: false, firstBad } : chain;
}

// A stream client's catch-up: the entries after the last it saw, as they were published.
export async function entriesSince(
  parts: Pick<RuntimeParts, 'cases' | 'store'>,
  caseId: string,
  sinceSeq: number,
): Promise<StreamEvent[]> {
  const row = await parts.cases.load(caseId);
  if (!row) return [];
  return (await parts.store.entries(caseId, sinceSeq)).map(({ entry, view }) =>
    toStreamEvent(entry, view, row.training),
  );
}
