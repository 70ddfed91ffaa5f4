// The read side: a case as an actor may see it (src/policy.ts), the list with what is due first, the audit
// trail and its verification, and the entries a stream client missed. Nothing here writes.
import type { CaseView } from '../../machines/engine.ts';
import { type VerifyResult, verifyChain } from '../audit/chain.ts';
import { maySee } from '../policy.ts';
import type { CaseRow } from '../store/store.ts';
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

// Open before closed, overdue first, then by the next due time, then the newest.
export async function listCases(
  parts: RuntimeParts,
  actor: Actor,
  filter: { status?: 'open' | 'closed' } = {},
): Promise<CaseSummary[]> {
  const now = parts.now();
  const rows = (await parts.cases.all()).filter(
    (r) => maySee(actor, r) && (!filter.status || r.status === filter.status),
  );
  return rows
    .map((r) => summarise(r, now))
    .sort((a, b) => {
      if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
      if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
      const da = a.nextDueAt ?? '~';
      const db = b.nextDueAt ?? '~';
      return da < db ? -1 : da > db ? 1 : a.openedAt < b.openedAt ? 1 : -1;
    });
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
