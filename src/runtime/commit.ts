// The commit, where opening a case, recording an event and firing a deadline all end: one transaction holds
// the entry (chained to the head the command was decided on), the snapshot, the live case's deadlines, the
// outbox, the idempotent answer and the signed checkpoint; then the entry is published.
import type { Engine, PersistedCase } from '../../machines/engine.ts';
import { type Outbound, outboundMessage } from '../../machines/exchange.ts';
import type { DeskEvent } from '../../machines/schemas.ts';
import { type ChainedEntry, GENESIS, hashEntry, signCheckpoint, signedWhenRead } from '../audit/chain.ts';
import type { CaseRow, Commit, OutboxRow } from '../store/store.ts';
import { type Idempotency, recorded as kept } from './idempotency.ts';
import type { RuntimeParts } from './parts.ts';
import type { Actor, CommandResult } from './types.ts';

// who records an entry: a token's holder, or the desk itself (its deadline worker, its directory catch-up)
export type Recorder = Actor | { role: 'desk'; subject: string };

// A new case's first entry, CASE_OPENED, at seq 1 after the genesis hash.
export async function commitOpening(
  parts: RuntimeParts,
  opened: {
    id: string;
    at: string;
    training: boolean;
    actor: Actor;
    state: PersistedCase;
    event: Record<string, unknown>;
    idem: Idempotency | undefined;
    // what the store keeps under a key other than a command's answer: the exchange's signed receipt
    keep?: Commit['idempotency'];
  },
): Promise<CommandResult> {
  const { id, at, training, state, idem, keep } = opened;
  const view = parts.engine.view(state, 1);
  const entry = entryFor(
    { id, headSeq: 0, headHash: GENESIS },
    at,
    opened.actor,
    'CASE_OPENED',
    opened.event,
    'applied',
  );
  const row: CaseRow = {
    id,
    kind: state.context.kind,
    training,
    status: 'open',
    openedAt: at,
    version: 1,
    headSeq: 1,
    headHash: entry.hash,
    state,
    view,
  };
  const result: CommandResult = { status: 'applied', view, seq: 1 };
  await commitStored(parts, {
    caseId: id,
    expectedHeadSeq: 0,
    entries: [{ entry, view }],
    caseRow: row,
    deadlines: training ? [] : liveDeadlines(parts.engine, id, state),
    idempotency:
      keep ?? (idem ? { scope: idem.scope, key: idem.key, response: kept(idem, result) } : undefined),
    checkpoint: signCheckpoint({ caseId: id, seq: 1, head: entry.hash, at: parts.now() }, parts.keys),
  });
  parts.cases.remember(row);
  parts.listeners.publish(entry, view, training);
  return result;
}

export interface EventCommit {
  // when it is recorded
  at: string;
  // when the law applies it, where that is not `at`: a training case's scenario time, a deadline's due time
  lawAt?: string;
  idem?: Idempotency;
  // the deadline from the store's index that this DEADLINE_PASSED fires (deadlines.ts)
  claim?: Commit['claim'];
}

// An event on an existing case, decided on `row`. Throws what the store throws (HeadMovedError,
// IdempotencyTakenError, DeadlineTakenError) with nothing written: the caller decides again or gives up.
export async function commitEvent(
  parts: RuntimeParts,
  row: CaseRow,
  event: DeskEvent,
  actor: Recorder,
  opts: EventCommit,
): Promise<CommandResult> {
  const decided = decideEvent(parts, row, event, actor, opts);
  await commitStored(parts, decided.commit);
  return published(parts, decided);
}

// An event on an existing case, decided on `row` and asked of an ordered store (store.ts, `ordered`):
// resolves once the store has it in order, with `durable`, which settles as commitEvent does. The caller may
// let the next command on the case decide before this one is durable (commands.ts).
export async function askEvent(
  parts: RuntimeParts,
  row: CaseRow,
  event: DeskEvent,
  actor: Recorder,
  opts: EventCommit,
): Promise<{ durable: Promise<CommandResult> }> {
  const decided = decideEvent(parts, row, event, actor, opts);
  const { durable } = await askStore(parts, decided.commit);
  return { durable: durable.then(() => published(parts, decided)) };
}

// A commit as the store keeps it: the case row refers to its setting, stored once (stored-rows.ts).
export async function commitStored(parts: RuntimeParts, c: Commit): Promise<void> {
  await (await askStore(parts, c)).durable;
}

// Resolves once the store has been asked for `c`, with the promise of its being durable. Until then the next
// writer of the case decides on the row `c` writes (snapshots.ts, head()).
async function askStore(parts: RuntimeParts, c: Commit): Promise<{ durable: Promise<void> }> {
  const stored = await parts.rows.stored(c);
  const durable = parts.store.commit(stored).catch((err: unknown) => {
    // whatever the store refused, our copy of the case may be stale: the next command reads it again
    parts.cases.forget(c.caseId);
    throw err;
  });
  parts.cases.askedFor(c.caseRow, durable);
  return { durable };
}

export interface Decided {
  commit: Commit;
  next: CaseRow;
  result: CommandResult;
}

// After its commit: the case as it now is, and its entries on the stream.
export function published(parts: RuntimeParts, { commit, next, result }: Decided): CommandResult {
  parts.cases.remember(next);
  for (const { entry, view } of commit.entries) parts.listeners.publish(entry, view, next.training);
  return result;
}

// Several events decided in turn on one case and written in one transaction (a message from another desk
// that is several steps of the case): all are recorded, or none.
export function decideEvents(
  parts: RuntimeParts,
  row: CaseRow,
  events: DeskEvent[],
  actor: Recorder,
  opts: EventCommit,
): Decided {
  const all: Decided[] = [];
  let current = row;
  for (const event of events) {
    const decided = decideEvent(parts, current, event, actor, { ...opts, idem: undefined });
    all.push(decided);
    current = decided.next;
  }
  const last = all.at(-1)!;
  return {
    next: last.next,
    result: last.result,
    commit: {
      ...last.commit,
      expectedHeadSeq: row.headSeq,
      entries: all.flatMap((d) => d.commit.entries),
      outbox: all.flatMap((d) => d.commit.outbox ?? []),
      deadlines: all.findLast((d) => d.commit.deadlines !== undefined)?.commit.deadlines,
    },
  };
}

// What an event on `row` writes, decided by the law: nothing is written here.
export function decideEvent(
  parts: RuntimeParts,
  row: CaseRow,
  event: DeskEvent,
  actor: Recorder,
  { at, lawAt = at, idem, claim }: EventCommit,
): Decided {
  const { engine } = parts;
  const seq = row.headSeq + 1;
  // A step that sends a message to another State's desk names it before the law applies it, so the case
  // knows the message is under way (machines/exchange.ts); it leaves by the outbox (src/exchange/relay.ts).
  const outbound = row.training ? undefined : outboundMessage(row.state.context, event);
  // The desk signs as its own State (DESK_HOME_STATE): those are the keys the other desk holds for it, whatever
  // State the case's unit serves.
  const messageId = outbound ? `${parts.homeState}:${row.id}:${seq}` : undefined;
  if (outbound)
    event = Object.assign({}, event, { sends: { id: messageId!, to: outbound.to, kind: outbound.kind } });
  const { decision, state } = engine.apply(row.state, event, lawAt);
  const applied = decision.outcome === 'applied';
  const version = applied ? seq : row.version;
  const view = applied ? engine.view(state, version) : row.view;
  const refusal =
    decision.outcome === 'refused'
      ? {
          reason: decision.reason,
          message: decision.message,
          basis: decision.basis,
          allowedOverrides: decision.allowedOverrides,
        }
      : undefined;
  // The log keeps the moment the law applied the event where it is not the moment of recording, so a
  // rebuild from the log reaches the same state.
  const recorded =
    event.type === 'DEADLINE_PASSED'
      ? { ...event, dueAt: lawAt }
      : lawAt !== at
        ? { ...event, effectiveAt: lawAt }
        : event;
  const entry = entryFor(
    row,
    at,
    actor,
    event.type,
    recorded as Record<string, unknown>,
    decision.outcome,
    refusal,
  );
  const next: CaseRow = {
    ...row,
    status: state.context.closed ? 'closed' : 'open',
    version,
    headSeq: seq,
    headHash: entry.hash,
    state,
    view,
  };
  const result: CommandResult = refusal
    ? { status: 'refused', view, seq, refusal }
    : { status: 'applied', view, seq };
  const outbox: OutboxRow[] =
    applied && outbound
      ? [
          {
            key: `${row.id}:${seq}:0`,
            caseId: row.id,
            seq,
            kind: outbound.kind,
            payload: { message: messageOf({ ...outbound, from: parts.homeState }, messageId!, at) },
            dueAt: at,
            attempts: 0,
          },
        ]
      : [];
  const commit: Commit = {
    caseId: row.id,
    expectedHeadSeq: row.headSeq,
    entries: [{ entry, view }],
    caseRow: next,
    deadlines: row.training ? undefined : nextDeadlines(engine, row, state, applied, claim),
    outbox,
    idempotency: idem ? { scope: idem.scope, key: idem.key, response: kept(idem, result) } : undefined,
    checkpoint: signedWhenRead({ caseId: row.id, seq, head: entry.hash, at }, parts.keys),
    claim,
  };
  return { commit, next, result };
}

// A live case's deadlines after the command: the law's pending ones once it applied; unchanged after a
// refusal, except the deadline the refusal was about: the law would refuse it again at every tick, so it
// leaves the index, recorded refused once (the next applied event indexes again what the law holds pending).
function nextDeadlines(
  engine: Engine,
  row: CaseRow,
  state: PersistedCase,
  applied: boolean,
  claim: Commit['claim'],
) {
  if (applied) return liveDeadlines(engine, row.id, state);
  if (!claim) return undefined;
  return liveDeadlines(engine, row.id, row.state).filter((d) => d.id !== claim.id);
}

// Live cases' deadlines are indexed in the store for the worker; a training case runs on its scenario's
// clock, so its session fires them (deadlines.ts, processTrainingDeadlines).
function liveDeadlines(engine: Engine, caseId: string, state: PersistedCase) {
  return engine.pendingDeadlines(state).map((d) => ({ caseId, id: d.id, dueAt: d.dueAt, about: d.about }));
}

// The message as it travels (contract.md, "Desk-to-desk exchange"), unsigned: the relay signs it.
function messageOf({ from, to, conversation, inReplyTo, kind, body }: Outbound, id: string, sentAt: string) {
  return { id, from, to, conversation, ...(inReplyTo ? { inReplyTo } : {}), kind, sentAt, body };
}

function entryFor(
  row: { id: string; headSeq: number; headHash: string },
  at: string,
  actor: Recorder,
  type: string,
  event: Record<string, unknown>,
  outcome: 'applied' | 'refused',
  refusal?: ChainedEntry['refusal'],
): ChainedEntry {
  const base = {
    caseId: row.id,
    seq: row.headSeq + 1,
    at,
    actor: { role: actor.role, subject: actor.subject },
    type,
    event,
    outcome,
    ...(refusal ? { refusal } : {}),
    prev: row.headHash,
  };
  return { ...base, hash: hashEntry(base) };
}
