// The case statechart. One root transition takes every event: its guard is the law (rules.ts: applied or
// refused), its action records the facts (evolve.ts). The parallel regions below are the workflow's phases,
// each derived from those facts by eventless transitions, so the chart can never disagree with the rules
// it displays. Time never enters here: deadlines are data in context, armed and fired by the host
// (engineering.md: XState's `after` timers do not survive a restart).
import { assign, setup } from 'xstate';
import type { CaseContext } from './context.ts';
import { type EvolveDeps, evolve } from './evolve.ts';
import { hiddenSlot } from './hidden-slot.ts';
import { deriveLegalBasis, nationalityOf, needsFlagStateConsent } from './legal-basis.ts';
import { type Applied, type Decision, decide } from './rules.ts';
import type { DeskEvent } from './schemas.ts';

// What the host sends: the event, the moment it is applied, and (optionally) the decision already taken
// for it on this very context, so the law is evaluated once per event.
export type MachineEvent = DeskEvent & { at: string };

interface Region {
  description: string;
  phases: Record<string, string>;
  // the usual order, drawn in the diagram; every phase can follow every other when the facts change
  flow: Array<[string, string]>;
  phaseOf: (ctx: CaseContext) => string;
}

export const REGIONS: Record<string, Region> = {
  safety: {
    description: 'Safety of life (SAR Convention Annex 1.3.11-13; UNCLOS art. 98; SOLAS V/33)',
    phases: {
      unassessed: 'no assessment yet',
      none: 'no danger',
      uncertainty: 'uncertainty phase',
      alert: 'alert phase',
      distress: 'distress: render assistance first',
      assistanceRefused: 'persons refused assistance: keep watch',
      rescued: 'rescue completed',
    },
    flow: [
      ['unassessed', 'none'],
      ['unassessed', 'uncertainty'],
      ['unassessed', 'alert'],
      ['unassessed', 'distress'],
      ['uncertainty', 'alert'],
      ['alert', 'distress'],
      ['distress', 'rescued'],
      ['distress', 'assistanceRefused'],
      ['assistanceRefused', 'rescued'],
    ],
    phaseOf: (c) => {
      const d = c.distress;
      if (d.rescued) return 'rescued';
      if (d.assistanceRefused) return 'assistanceRefused';
      return d.phase ?? 'unassessed';
    },
  },
  flagState: {
    description: 'The flag-State procedure (SoM art. 8(2)-(5))',
    phases: {
      notRequired: 'no flag-State consent needed on the present basis',
      toNotify: 'notify the flag State and request confirmation of registry',
      awaitingReply: 'awaiting registry or authorisation reply',
      overdue: 'reply deadline passed: escalate',
      authorised: 'authorised (express, standing or deemed)',
      refused: 'authorisation refused',
      flagStateActs: 'the flag State will act itself',
      withoutNationality: 'registry refuted: without nationality (art. 8(7))',
    },
    flow: [
      ['notRequired', 'toNotify'],
      ['toNotify', 'awaitingReply'],
      ['awaitingReply', 'overdue'],
      ['awaitingReply', 'authorised'],
      ['awaitingReply', 'refused'],
      ['awaitingReply', 'flagStateActs'],
      ['awaitingReply', 'withoutNationality'],
      ['overdue', 'authorised'],
      ['overdue', 'refused'],
    ],
    phaseOf: (c) => {
      const fs = c.flagState;
      if (fs.registry === 'refuted') return 'withoutNationality';
      if (fs.reply === 'refused') return 'refused';
      if (fs.reply === 'will-act') return 'flagStateActs';
      const code = deriveLegalBasis(c).code;
      if (fs.reply === 'granted' || code === 'agreement-authorisation') return 'authorised';
      if (fs.overdue.registry || fs.overdue.authorisation) return 'overdue';
      if (fs.notifiedAt || fs.authorisationPending) return 'awaitingReply';
      return needsFlagStateConsent(code) ? 'toNotify' : 'notRequired';
    },
  },
  enforcement: {
    description: 'Boarding, search and measures (SoM arts 8(2), 8(7), 9)',
    phases: {
      identifying: 'nationality undetermined (SoM art. 8(7))',
      watching: 'no basis permits boarding yet: keep watch',
      mayBoard: 'boarding permitted',
      boarded: 'boarded: safeguards (art. 9(1))',
      searched: 'searched',
      concluded: 'measures taken or vessel released',
    },
    flow: [
      ['identifying', 'watching'],
      ['identifying', 'mayBoard'],
      ['watching', 'mayBoard'],
      ['mayBoard', 'boarded'],
      ['boarded', 'searched'],
      ['searched', 'concluded'],
      ['watching', 'concluded'],
    ],
    phaseOf: (c) => {
      const e = c.enforcement;
      if (e.measuresTaken || e.released) return 'concluded';
      if (e.searched) return 'searched';
      if (e.boarded) return 'boarded';
      if (deriveLegalBasis(c).permits.includes('board')) return 'mayBoard';
      return nationalityOf(c).status === 'undetermined' ? 'identifying' : 'watching';
    },
  },
  hotPursuit: {
    description: 'Hot pursuit (UNCLOS art. 111)',
    phases: { none: 'no pursuit', pursuing: 'pursuit under way', ended: 'pursuit ended' },
    flow: [
      ['none', 'pursuing'],
      ['pursuing', 'ended'],
    ],
    phaseOf: (c) => (c.hotPursuit === null ? 'none' : c.hotPursuit.active ? 'pursuing' : 'ended'),
  },
  persons: {
    description: 'Persons on board (SoM art. 16; CRC art. 3)',
    phases: {
      notScreened: 'not yet counted and screened',
      screened: 'counted and screened',
      claimsToRefer: 'protection claims to refer',
    },
    flow: [
      ['notScreened', 'screened'],
      ['screened', 'claimsToRefer'],
      ['claimsToRefer', 'screened'],
    ],
    phaseOf: (c) => {
      if (c.persons.claims.count > 0 && !c.persons.referred) return 'claimsToRefer';
      return c.persons.screened ? 'screened' : 'notScreened';
    },
  },
  placeOfSafety: {
    description: 'Place of safety and disembarkation (SOLAS V/33.1-1; MSC.167(78) 6.12-6.17)',
    phases: {
      notNeeded: 'nobody taken on board',
      toIdentify: 'identify a place of safety',
      proposed: 'a place proposed',
      designated: 'designated: disembark swiftly',
      disembarked: 'disembarked',
    },
    flow: [
      ['notNeeded', 'toIdentify'],
      ['toIdentify', 'proposed'],
      ['toIdentify', 'designated'],
      ['proposed', 'designated'],
      ['designated', 'disembarked'],
    ],
    phaseOf: (c) => {
      const p = c.placeOfSafety;
      if (p.disembarked) return 'disembarked';
      if (p.designated) return 'designated';
      if (p.proposed) return 'proposed';
      return c.persons.takenOnBoard ? 'toIdentify' : 'notNeeded';
    },
  },
  incidents: {
    description: 'Legal incidents (recorded facts over a refusal)',
    phases: { clear: 'no incident awaiting review', underReview: 'an incident awaits review' },
    flow: [
      ['clear', 'underReview'],
      ['underReview', 'clear'],
    ],
    phaseOf: (c) => (c.incidents.some((i) => !i.reviewed) ? 'underReview' : 'clear'),
  },
  lifecycle: {
    description: 'The case',
    phases: { open: 'open', closed: 'closed' },
    flow: [['open', 'closed']],
    phaseOf: (c) => (c.closed ? 'closed' : 'open'),
  },
};

// 2: the second legal review (December 2026) changed the context: snapshots of version 1 are rebuilt from the log.
export const MACHINE_VERSION = 2;

// Every region's phase for a context, computed once per context: the eventless transitions ask often.
const phaseCache = hiddenSlot<Record<string, string>>('phases');
export function phasesOf(ctx: CaseContext): Record<string, string> {
  let phases = phaseCache.get(ctx);
  if (!phases) {
    phases = Object.fromEntries(Object.entries(REGIONS).map(([k, r]) => [k, r.phaseOf(ctx)]));
    phaseCache.set(ctx, phases);
  }
  return phases;
}

// The decision taken on (context, event) is kept for the action that follows the guard.
const decisions = hiddenSlot<{ ctx: CaseContext; decision: Decision }>('decision');

// A rebuild from the log replays what the law of its day applied: the entry is the fact, whatever the law says
// of it now (engine.ts, replayRecorded).
export function presetDecision(ctx: CaseContext, event: MachineEvent, decision: Applied): void {
  decisions.set(event, { ctx, decision });
}

export function decideOnce(ctx: CaseContext, event: MachineEvent): Decision {
  const hit = decisions.get(event);
  if (hit && hit.ctx === ctx) return hit.decision;
  const decision = decide(ctx, event, event.at);
  decisions.set(event, { ctx, decision });
  return decision;
}

function regionStates(name: string, region: Region) {
  const states: Record<string, object> = {};
  const keys = Object.keys(region.phases);
  for (const key of keys) {
    states[key] = {
      description: region.phases[key],
      always: keys
        .filter((k) => k !== key)
        .map((target) => ({ target, guard: { type: 'inPhase', params: { region: name, phase: target } } })),
    };
  }
  return { description: region.description, initial: keys[0]!, states };
}

export function createCaseMachine(deps: EvolveDeps) {
  return setup({
    types: {
      context: {} as CaseContext,
      events: {} as MachineEvent,
      input: {} as CaseContext,
    },
    guards: {
      lawful: ({ context, event }) => decideOnce(context, event).outcome === 'applied',
      inPhase: ({ context }, params: { region: string; phase: string }) =>
        phasesOf(context)[params.region] === params.phase,
    },
    actions: {
      record: assign(({ context, event }) => {
        const { at, ...deskEvent } = event;
        return evolve(context, deskEvent as DeskEvent, at, decideOnce(context, event) as Applied, deps);
      }),
    },
  }).createMachine({
    id: 'interceptionCase',
    type: 'parallel',
    context: ({ input }) => input,
    on: { '*': { guard: 'lawful', actions: 'record' } },
    // biome-ignore lint/suspicious/noExplicitAny: the regions are generated from REGIONS
    states: Object.fromEntries(Object.entries(REGIONS).map(([k, r]) => [k, regionStates(k, r)])) as any,
  });
}

export type CaseMachine = ReturnType<typeof createCaseMachine>;
