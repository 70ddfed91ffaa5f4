// The command path: who may open or record what (src/policy.ts), the idempotent retry, the scenario clock of
// training cases, the deadlines due before the command, the expected version; then the commit (commit.ts).
// One command at a time per case in this process (locks.ts); where another desk moved the case on or
// recorded the same idempotency key first, the command is decided again from the top on what the store now
// holds, so a stale decision is never written and a retry answers what was recorded.

import { MACHINE_VERSION } from '../../machines/case-machine.ts';
import type { PersistedCase } from '../../machines/engine.ts';
import {
  type CaseEvent,
  EVENT_ROLES,
  type IncomingRequest,
  type OpeningReport,
  type Role,
  type Setting,
} from '../../machines/schemas.ts';
import { type CaseKind, mayOpen, mayRecord, maySee, whoMayOpen } from '../policy.ts';
import { HeadMovedError, IdempotencyTakenError } from '../store/store.ts';
import {
  askEvent,
  commitEvent,
  commitOpening,
  type Decided,
  decideEvent,
  type EventCommit,
  published,
} from './commit.ts';
import { fireDueOf, processTrainingDeadlines } from './deadlines.ts';
import { answerAgain, type Idempotency, idempotency } from './idempotency.ts';
import { backoff } from './locks.ts';
import type { RuntimeParts } from './parts.ts';
import type { Actor, CommandOptions, CommandResult } from './types.ts';

export interface OpenOptions {
  training?: boolean;
  idempotencyKey?: string;
  // training cases only: the scenario's setting and clock
  setting?: Setting;
  at?: string;
}

// Deciding again is cheap and other desks' writes are rare on one case: a few attempts always suffice unless
// the case is written without pause; then the caller gets the conflict and may retry.
const ATTEMPTS = 12;

async function decidedAgain(
  parts: RuntimeParts,
  caseId: string | undefined,
  once: (again: boolean) => Promise<CommandResult>,
): Promise<CommandResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(attempt > 1);
    } catch (err) {
      const again = err instanceof HeadMovedError || err instanceof IdempotencyTakenError;
      if (!again) throw err;
      if (attempt >= ATTEMPTS) {
        const row = caseId ? await parts.cases.load(caseId) : undefined;
        return { status: 'version-conflict', currentVersion: row?.version ?? 0 };
      }
      await backoff(attempt);
    }
  }
}

export function openCase(
  parts: RuntimeParts,
  opening: OpeningReport,
  actor: Actor,
  opts: OpenOptions = {},
): Promise<CommandResult> {
  return open(parts, 'interception', actor, opts, opening, (id, at, training, setting) => ({
    state: parts.engine.open({ id, at, training, setting, opening }),
    event: { type: 'CASE_OPENED', kind: 'interception', opening, training, setting },
  }));
}

export function openIncoming(
  parts: RuntimeParts,
  request: IncomingRequest,
  actor: Actor,
  opts: OpenOptions & { homeState?: string } = {},
): Promise<CommandResult> {
  const homeState = opts.training ? (opts.homeState ?? parts.homeState) : parts.homeState;
  // unlike an interception, a trainer's incoming request is not a training case unless it says so
  const asked = { ...opts, training: opts.training === true };
  return open(parts, 'incoming-request', actor, asked, request, (id, at, training, setting) => ({
    state: parts.engine.openIncoming({ id, at, training, setting, request, homeState }),
    event: { type: 'CASE_OPENED', kind: 'incoming-request', request, training, setting, homeState },
  }));
}

async function open(
  parts: RuntimeParts,
  kind: CaseKind,
  actor: Actor,
  opts: OpenOptions,
  // what is opened: with the options, what an idempotency key's request is
  subject: unknown,
  make: (
    id: string,
    at: string,
    training: boolean,
    setting: Setting,
  ) => { state: PersistedCase; event: Record<string, unknown> },
): Promise<CommandResult> {
  const training = opts.training ?? actor.role === 'trainer';
  if (!mayOpen(actor.role, kind, { training })) return openRefused(kind, actor.role, training);
  const idem = opts.idempotencyKey
    ? idempotency(`open:${actor.subject}`, opts.idempotencyKey, {
        kind,
        subject,
        training,
        at: opts.at ?? null,
        setting: opts.setting ?? null,
      })
    : undefined;
  return decidedAgain(parts, undefined, async () => {
    if (idem) {
      const hit = await parts.store.idempotent(idem.scope, idem.key);
      if (hit) return answerAgain(idem, hit.response);
    }
    return openOnce(parts, actor, opts, training, idem, make);
  });
}

async function openOnce(
  parts: RuntimeParts,
  actor: Actor,
  opts: OpenOptions,
  training: boolean,
  idem: Idempotency | undefined,
  make: Parameters<typeof open>[5],
): Promise<CommandResult> {
  if (!training && (opts.at || opts.setting)) {
    return {
      status: 'forbidden',
      message: 'Only training cases run on a scenario clock and setting.',
      rolesAllowed: ['trainer'],
    };
  }
  const id = parts.ids.caseId();
  const at = opts.at ?? parts.now();
  const { state, event } = make(id, at, training, opts.setting ?? (await parts.directory()));
  return commitOpening(parts, { id, at, training, actor, state, event, idem });
}

export function applyEvent(
  parts: RuntimeParts,
  caseId: string,
  event: CaseEvent,
  actor: Actor,
  opts: CommandOptions = {},
): Promise<CommandResult> {
  // On an ordered store the case's lock is held while the command decides and asks the store, not while
  // the commit becomes durable: the next command decides on the head this one will write, and both join one
  // group commit. The answer still waits for durability, and a refused commit fails those asked on top of it
  // (their head never comes), so they decide again.
  return decidedAgain(parts, caseId, async (again) => {
    const asked = await parts.locks.run(caseId, () => applyOnce(parts, caseId, event, actor, opts, again));
    return 'durable' in asked ? asked.durable : asked;
  });
}

async function applyOnce(
  parts: RuntimeParts,
  caseId: string,
  event: CaseEvent,
  actor: Actor,
  opts: CommandOptions,
  // another desk moved the case on since this command first decided: decide under the case's lock
  again: boolean,
): Promise<CommandResult | { durable: Promise<CommandResult> }> {
  const row = await parts.cases.head(caseId);
  if (!row || !maySee(actor, row)) return { status: 'not-found' };
  // A retry is the same caller's: keys are scoped to the case and the token's subject.
  const idem = opts.idempotencyKey
    ? // the event and its moment are the request; If-Match is not: a client retrying after a lost answer may
      // have seen its own entry arrive and moved its version on
      idempotency(`case:${caseId}:${actor.subject}`, opts.idempotencyKey, { event, at: opts.at ?? null })
    : undefined;
  if (idem) {
    const hit = await parts.store.idempotent(idem.scope, idem.key);
    if (hit) return answerAgain(idem, hit.response);
  }
  if (!mayRecord(actor.role, event.type, row, EVENT_ROLES)) {
    const allowed = EVENT_ROLES[event.type];
    return {
      status: 'forbidden',
      message: `${event.type} is recorded by ${allowed.join(' or ')}.`,
      rolesAllowed: [...allowed],
    };
  }
  if (opts.at && !row.training) {
    return {
      status: 'forbidden',
      message: 'Only training cases run on a scenario clock.',
      rolesAllowed: ['trainer'],
    };
  }
  // The law sees deadlines that fell due before this command first (contract.md, replay timing).
  // the case is read again only where a deadline moved it on
  let fired = 0;
  if (row.training && opts.at) fired = await processTrainingDeadlines(parts, caseId, opts.at);
  else if (!row.training) fired = await fireDueOf(parts, caseId, row);
  const current = fired > 0 ? (await parts.cases.head(caseId))! : row;
  if (opts.ifMatch !== undefined && opts.ifMatch !== current.version) {
    return { status: 'version-conflict', currentVersion: current.version };
  }
  const now = parts.now();
  const decision = { at: now, lawAt: opts.at ?? now, idem };
  if (again && parts.store.commitOnHead) {
    const onHead = await decideOnHead(parts, caseId, event, actor, decision, opts.ifMatch);
    if (onHead) return onHead;
  }
  return parts.store.ordered
    ? askEvent(parts, current, event, actor, decision)
    : commitEvent(parts, current, event, actor, decision);
}

// The second chance (store.ts, commitOnHead): decided on the case as the store holds it, under its lock. A
// snapshot of another machine version needs the log to rebuild it: that one goes the usual way (undefined).
async function decideOnHead(
  parts: RuntimeParts,
  caseId: string,
  event: CaseEvent,
  actor: Actor,
  decision: EventCommit,
  ifMatch: number | undefined,
): Promise<CommandResult | undefined> {
  let outcome: Decided | CommandResult | undefined;
  await parts.store.commitOnHead!(caseId, (stored) => {
    // decided at once: a setting this process has not read yet goes the usual way too (stored-rows.ts)
    const hydrated = stored && parts.rows.loadedNow(stored);
    if (!hydrated || hydrated.state.machineVersion !== MACHINE_VERSION) return undefined;
    const row = parts.rows.withView(hydrated);
    if (ifMatch !== undefined && ifMatch !== row.version) {
      outcome = { status: 'version-conflict', currentVersion: row.version };
      return undefined;
    }
    const decided = decideEvent(parts, row, event, actor, decision);
    const kept = parts.rows.storedNow(decided.commit);
    if (kept) outcome = decided;
    return kept;
  });
  if (!outcome) return undefined;
  return 'commit' in outcome ? published(parts, outcome) : outcome;
}

// Why a role may not open this case, in the words of the rule it meets first.
function openRefused(kind: CaseKind, role: Role, training: boolean): CommandResult {
  if (training && mayOpen(role, kind, { training: false }))
    return {
      status: 'forbidden',
      message: 'Training cases are opened by trainers.',
      rolesAllowed: whoMayOpen(kind, { training: true }),
    };
  const live = whoMayOpen(kind, { training: false });
  if (kind === 'incoming-request')
    return {
      status: 'forbidden',
      message: 'Only a central authority records an incoming request.',
      rolesAllowed: live,
    };
  return role === 'auditor'
    ? { status: 'forbidden', message: 'Auditors record nothing.', rolesAllowed: live }
    : { status: 'forbidden', message: 'Trainers open training cases only.', rolesAllowed: live };
}
