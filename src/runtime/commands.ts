// The command path: who may open or record what (src/policy.ts), the idempotent retry, the scenario clock of
// training cases, the deadlines due before the command, the expected version; then the commit (commit.ts).
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
import { commitEvent, commitOpening } from './commit.ts';
import { processDueDeadlines, processTrainingDeadlines } from './deadlines.ts';
import type { RuntimeParts } from './parts.ts';
import type { Actor, CommandOptions, CommandResult } from './types.ts';

export interface OpenOptions {
  training?: boolean;
  idempotencyKey?: string;
  // training cases only: the scenario's setting and clock
  setting?: Setting;
  at?: string;
}

export function openCase(
  parts: RuntimeParts,
  opening: OpeningReport,
  actor: Actor,
  opts: OpenOptions = {},
): CommandResult {
  return open(parts, 'interception', actor, opts, (id, at, training, setting) => ({
    state: parts.engine.open({ id, at, training, setting, opening }),
    event: { type: 'CASE_OPENED', kind: 'interception', opening, training, setting },
  }));
}

export function openIncoming(
  parts: RuntimeParts,
  request: IncomingRequest,
  actor: Actor,
  opts: OpenOptions & { homeState?: string } = {},
): CommandResult {
  const homeState = opts.training ? (opts.homeState ?? parts.homeState) : parts.homeState;
  // unlike an interception, a trainer's incoming request is not a training case unless it says so
  const asked = { ...opts, training: opts.training === true };
  return open(parts, 'incoming-request', actor, asked, (id, at, training, setting) => ({
    state: parts.engine.openIncoming({ id, at, training, setting, request, homeState }),
    event: { type: 'CASE_OPENED', kind: 'incoming-request', request, training, setting, homeState },
  }));
}

function open(
  parts: RuntimeParts,
  kind: CaseKind,
  actor: Actor,
  opts: OpenOptions,
  make: (
    id: string,
    at: string,
    training: boolean,
    setting: Setting,
  ) => { state: PersistedCase; event: Record<string, unknown> },
): CommandResult {
  const training = opts.training ?? actor.role === 'trainer';
  if (!mayOpen(actor.role, kind, { training })) return openRefused(kind, actor.role, training);
  const idem = opts.idempotencyKey ? { scope: `open:${actor.subject}`, key: opts.idempotencyKey } : undefined;
  if (idem) {
    const hit = parts.store.idempotent(idem.scope, idem.key);
    if (hit) return hit.response as CommandResult;
  }
  if (!training && (opts.at || opts.setting)) {
    return {
      status: 'forbidden',
      message: 'Only training cases run on a scenario clock and setting.',
      rolesAllowed: ['trainer'],
    };
  }
  const id = parts.ids.caseId();
  const at = opts.at ?? parts.now();
  const { state, event } = make(id, at, training, opts.setting ?? parts.directory());
  return commitOpening(parts, { id, at, training, actor, state, event, idem });
}

export function applyEvent(
  parts: RuntimeParts,
  caseId: string,
  event: CaseEvent,
  actor: Actor,
  opts: CommandOptions = {},
): CommandResult {
  const row = parts.cases.load(caseId);
  if (!row || !maySee(actor, row)) return { status: 'not-found' };
  // A retry is the same caller's: keys are scoped to the case and the token's subject.
  const idem = opts.idempotencyKey
    ? { scope: `case:${caseId}:${actor.subject}`, key: opts.idempotencyKey }
    : undefined;
  if (idem) {
    const hit = parts.store.idempotent(idem.scope, idem.key);
    if (hit) return hit.response as CommandResult;
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
  if (row.training && opts.at) processTrainingDeadlines(parts, caseId, opts.at);
  else processDueDeadlines(parts, caseId);
  const current = parts.cases.load(caseId)!;
  if (opts.ifMatch !== undefined && opts.ifMatch !== current.version) {
    return { status: 'version-conflict', currentVersion: current.version };
  }
  return commitEvent(parts, current, event, actor, parts.now(), idem, opts.at ?? parts.now());
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
