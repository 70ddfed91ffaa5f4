// The machine as the host uses it: open a case, apply an event at a moment, read the case view, and the
// deadlines the host must arm. Pure: the host brings time, ids, the zone classifier and the vessel checks.
import { createActor, initialTransition, type StateValue } from 'xstate';
import type { RequiredAction } from './action-codes.ts';
import {
  createCaseMachine,
  decideOnce,
  MACHINE_VERSION,
  type MachineEvent,
  presetDecision,
} from './case-machine.ts';
import type { CaseContext, Deadline, ExchangeMessage } from './context.ts';
import { initialContext } from './context.ts';
import type { ClassifyZone } from './evolve.ts';
import { armReplyDeadline } from './flag-state.ts';
import { hiddenSlot } from './hidden-slot.ts';
import { deriveLegalBasis } from './legal-basis.ts';
import { deriveRequiredActions } from './required-actions.ts';
import { type Decision, decide } from './rules.ts';
import type { DeskEvent, IncomingRequest, MessageRef, OpeningReport, Scope, Setting } from './schemas.ts';
import { deriveWarnings, type VesselChecks, type Warning } from './warnings.ts';

export interface EngineDeps {
  classifyZone: ClassifyZone;
  vesselChecks?: VesselChecks;
}

export interface PersistedCase {
  machineVersion: number;
  value: StateValue;
  context: CaseContext;
}

export interface CaseView {
  id: string;
  kind: CaseContext['kind'];
  training: boolean;
  version: number;
  status: 'open' | 'closed';
  openedAt: string;
  interceptingState: string;
  unit: CaseContext['unit'];
  vessel: CaseContext['vessel'];
  position: CaseContext['position'];
  zone: CaseContext['zone'];
  legalBasis: { code: string; basis: string[]; permits: Scope[]; suspendedBy?: 'distress' };
  distressPhase: CaseContext['distress']['phase'];
  phases: StateValue;
  requiredActions: RequiredAction[];
  deadlines: Array<{ id: string; dueAt: string; about: string }>;
  conditions: CaseContext['flagState']['conditions'];
  flagState: {
    state?: string;
    registry: CaseContext['flagState']['registry'];
    reply: CaseContext['flagState']['reply'];
    grantedScopes: Scope[];
    notifiedAt?: string;
    acknowledgedAt?: string;
    confirmedBy?: string;
    consentFrom?: string;
    withdrawnScopes: Scope[];
    inquiries: string[];
    lapsed: CaseContext['flagState']['lapsed'];
    // when the central authority last escalated an overdue reply (REPLY_ESCALATED)
    escalatedAt?: string;
  };
  persons: Record<string, unknown>;
  incidents: Array<{
    id: string;
    category: string;
    event: string;
    reason: string;
    justification: string;
    reviewed: boolean;
    finding?: string;
  }>;
  placeOfSafety: CaseContext['placeOfSafety'];
  hotPursuit: CaseContext['hotPursuit'];
  incoming?: CaseContext['incoming'];
  messages: ExchangeMessage[];
  outcome?: string;
  warnings: Warning[];
}

export type ApplyResult =
  | { decision: Extract<Decision, { outcome: 'applied' }>; state: PersistedCase }
  | { decision: Extract<Decision, { outcome: 'refused' }>; state: PersistedCase };

// The deadlines due by `at`, in the order given (pendingDeadlines gives due order): the one answer to "what
// fires now", for every host that fires deadlines. A host fires the first and asks again, since firing one
// can arm or drop others. Instants are compared, not text, so an `at` written without milliseconds or with
// an offset is read for the moment it names.
export function deadlinesDueBy<D extends { dueAt: string }>(pending: readonly D[], at: string): D[] {
  const limit = Date.parse(at);
  return pending.filter((d) => Date.parse(d.dueAt) <= limit);
}

export function createEngine(deps: EngineDeps) {
  const machine = createCaseMachine({ classifyZone: deps.classifyZone });
  // XState's transition() builds a throw-away actor, and the machine's initial snapshot with it, on every
  // call: a fifth of the law's cost per event. The case machine spawns nothing and defers no action (its one
  // action is an assign), so one inert scope serves every step, as transition() would build it.
  type Scope = Parameters<typeof machine.transition>[2];
  let scope: Scope | undefined;
  // made on the first step, from that case's context: a valid input, so the actor's eager first snapshot
  // is an ordinary one
  const scopeFor = (context: CaseContext): Scope => {
    if (scope) return scope;
    const self = createActor(machine, { input: context });
    scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: () => {},
    } as unknown as Scope;
    return scope;
  };
  const step = (state: PersistedCase, event: MachineEvent) =>
    machine.transition(restore(state), event, scopeFor(state.context));

  // The snapshot each persisted case was made from: the next step on that case starts from it, where
  // resolving the persisted value again walks the whole machine (a twentieth of the law's cost per event). A
  // case read from the store is another object and is resolved as before.
  type Snapshot = ReturnType<typeof machine.resolveState>;
  const madeFrom = hiddenSlot<Snapshot>('snapshot');
  const persist = (s: Snapshot): PersistedCase => {
    const p = { machineVersion: MACHINE_VERSION, value: s.value, context: s.context };
    madeFrom.set(p, s);
    return p;
  };

  const start = (context: CaseContext): PersistedCase => {
    const [snapshot] = initialTransition(machine, context);
    return persist(snapshot);
  };

  function open(args: {
    id: string;
    at: string;
    training?: boolean;
    setting: Setting;
    opening: OpeningReport;
  }): PersistedCase {
    const zone = deps.classifyZone(args.opening.position, args.setting, args.opening.interceptingState);
    return start(initialContext({ ...args, training: args.training ?? false, zone }));
  }

  function openIncoming(args: {
    id: string;
    at: string;
    training?: boolean;
    setting: Setting;
    request: IncomingRequest;
    homeState: string;
    // a request that came by the exchange: its conversation, and the message that opened the case
    exchange?: { conversation: string; message: MessageRef };
  }): PersistedCase {
    const { request } = args;
    // The request is answered by this desk's own State, on its own response target (domain.md).
    const ownState = args.homeState;
    const opening: OpeningReport = {
      interceptingState: request.from,
      // the requesting State's unit is not ours to qualify; the requesting State answers for it
      unit: { name: `${request.from} unit`, governmentService: true, clearlyMarked: true, authorised: true },
      vessel: request.vessel,
      position: request.position,
      grounds: request.grounds,
    };
    const zone = deps.classifyZone(request.position, args.setting, request.from);
    const ctx = initialContext({
      id: args.id,
      at: args.at,
      training: args.training ?? false,
      setting: args.setting,
      zone,
      opening,
    });
    ctx.kind = 'incoming-request';
    ctx.incoming = {
      from: request.from,
      asks: request.asks,
      ownState,
      receivedAt: args.at,
      registerChecked: false,
      answered: false,
      overdue: false,
    };
    if (args.exchange) {
      const { conversation, message } = args.exchange;
      ctx.incoming.conversation = conversation;
      ctx.incoming.lastMessageId = message.id;
      const { id, from, kind, sha256 } = message;
      ctx.messages = [{ id, direction: 'in', kind, state: from, at: args.at, status: 'received', sha256 }];
    }
    armReplyDeadline(ctx, 'answer-request', args.at, args.setting.states[ownState]?.replyWithinHours ?? 4);
    return start(ctx);
  }

  function restore(p: PersistedCase): Snapshot {
    const made = madeFrom.get(p);
    // the same value and context as when it was made (a holder that replaced either gets them resolved)
    if (made && made.value === p.value && made.context === p.context) return made;
    return machine.resolveState({ value: p.value, context: p.context });
  }

  function apply(state: PersistedCase, event: DeskEvent, at: string): ApplyResult {
    // The machine's guard and action reuse this decision: the law is evaluated once per event.
    const machineEvent = { ...event, at } as MachineEvent;
    const decision = decideOnce(state.context, machineEvent);
    if (decision.outcome === 'refused') return { decision, state };
    return { decision, state: persist(step(state, machineEvent)) };
  }

  // A snapshot rebuilt from the log (a new machine version) replays each applied entry as what it is: a step
  // the desk applied under the law of its day. Re-deciding it under today's law would drop it and leave the
  // view disagreeing with the log it was built from; where today's law refuses it, it is kept in the mode it
  // was recorded in, and the refusal it would meet now is not a new incident: nothing happened today.
  function replayRecorded(state: PersistedCase, event: DeskEvent, at: string): PersistedCase {
    const machineEvent = { ...event, at } as MachineEvent;
    const today = decideOnce(state.context, machineEvent);
    if (today.outcome === 'refused') {
      const override = 'override' in event ? event.override : undefined;
      presetDecision(state.context, machineEvent, { outcome: 'applied', mode: override?.kind ?? 'normal' });
    }
    return persist(step(state, machineEvent));
  }

  function pendingDeadlines(state: PersistedCase): Deadline[] {
    return [...state.context.deadlines].sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  }

  function view(state: PersistedCase, version: number): CaseView {
    const c = state.context;
    const lb = deriveLegalBasis(c);
    return {
      id: c.id,
      kind: c.kind,
      training: c.training,
      version,
      status: c.closed ? 'closed' : 'open',
      openedAt: c.openedAt,
      interceptingState: c.interceptingState,
      unit: c.unit,
      vessel: c.vessel,
      position: c.position,
      zone: c.zone,
      legalBasis: {
        code: lb.code,
        basis: lb.basis,
        permits: lb.permits,
        ...(lb.suspendedBy ? { suspendedBy: lb.suspendedBy } : {}),
      },
      distressPhase: c.distress.phase,
      phases: state.value,
      requiredActions: deriveRequiredActions(c),
      deadlines: pendingDeadlines(state).map(({ id, dueAt, about }) => ({ id, dueAt, about })),
      conditions: c.flagState.conditions,
      flagState: {
        state: c.flagState.notifiedState,
        registry: c.flagState.registry,
        reply: c.flagState.reply,
        grantedScopes: c.flagState.grantedScopes,
        notifiedAt: c.flagState.notifiedAt,
        acknowledgedAt: c.flagState.acknowledgedAt,
        confirmedBy: c.flagState.confirmedBy,
        consentFrom: c.flagState.consentFrom,
        withdrawnScopes: c.flagState.withdrawnScopes,
        inquiries: c.flagState.inquiries,
        lapsed: c.flagState.lapsed,
        ...(c.flagState.escalatedAt ? { escalatedAt: c.flagState.escalatedAt } : {}),
      },
      persons: {
        onBoard: c.personsOnBoard,
        takenOnBoard: c.persons.takenOnBoard,
        underControl: c.persons.underControl,
        handedOver: c.persons.handedOver,
        informed: c.persons.informed.map(({ country, objectionsHeard }) => ({ country, objectionsHeard })),
        objections: c.persons.objections,
        referralsOwed: c.persons.referralsOwed,
        detentionReviewed: c.enforcement.detentionReviewed,
        screened: c.persons.screened,
        protectionClaims: c.persons.claims,
        claimsReferred: c.persons.referred,
        informedLanguage: c.persons.informedLanguage,
        detained: c.enforcement.detained,
        consularRightsNotified: c.persons.consularNotified,
        flagStateJurisdiction: c.flagState.conditions.some(
          (x) => x.kind === 'flag-state-jurisdiction-over-persons',
        ),
      },
      incidents: c.incidents.map(({ id, category, event, reason, justification, reviewed, finding }) => ({
        id,
        category,
        event,
        reason,
        justification,
        reviewed,
        ...(finding ? { finding } : {}),
      })),
      placeOfSafety: c.placeOfSafety,
      hotPursuit: c.hotPursuit,
      ...(c.incoming ? { incoming: c.incoming } : {}),
      messages: c.messages ?? [],
      ...(c.outcome ? { outcome: c.outcome } : {}),
      warnings: deriveWarnings(c, deps.vesselChecks),
    };
  }

  return { machine, open, openIncoming, apply, replayRecorded, view, restore, pendingDeadlines, decide };
}

export type Engine = ReturnType<typeof createEngine>;
