// Invariants 1-13 of domain.md on what the workflow really does: every opening kind, every event of the
// alphabets (refused ones included: a refusal must change nothing but the audit), through the statechart's
// real transitions (xstate/graph, bounded) and through the law's core on random sequences (fast-check).
// Invariant 9 on the runtime's real audit trail: test/runtime/audit-invariant.int.test.ts.

import { addMinutes } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { MACHINE_VERSION, type MachineEvent } from '../../machines/case-machine.ts';
import type { CaseContext } from '../../machines/context.ts';
import type { PersistedCase } from '../../machines/engine.ts';
import { evolve } from '../../machines/evolve.ts';
import { deriveRequiredActions } from '../../machines/required-actions.ts';
import { decide } from '../../machines/rules.ts';
import type { CaseEvent, DeskEvent } from '../../machines/schemas.ts';
import { checkActions, checkDecision } from './contract-shape.ts';
import { classifyZone, engine, START } from './harness.ts';
import {
  alphabetOf,
  checkState,
  checkStep,
  copyMemory,
  freshMemory,
  openStart,
  type PathMemory,
  reviewFirstIncident,
  STARTS,
  type Start,
} from './invariants.ts';

const minutesAfterStart = (m: number) => addMinutes(new Date(START), m).toISOString();
const label = (e: DeskEvent) => {
  const o = 'override' in e && e.override ? `[${e.override.kind}]` : '';
  const rest = JSON.stringify({ ...e, type: undefined, override: undefined });
  return `${e.type}${o}${rest === '{}' ? '' : rest}`;
};

// What the host adds to the alphabet in a given state: the deadlines it holds, the incident awaiting review.
function dynamicEvents(ctx: CaseContext): DeskEvent[] {
  const review = reviewFirstIncident(ctx);
  return [
    ...ctx.deadlines.map((d): DeskEvent => ({ type: 'DEADLINE_PASSED', deadlineId: d.id })),
    ...(review ? [review] : []),
  ];
}

// One event of each type and override, plus the variants the second review turns on, so the walk reaches
// deeper for the same bound; the random sequences below use every variant.
const GRAPH_VARIANTS = new Set<string>([
  'VESSEL_IDENTIFIED {"flag":"SL"}',
  'VESSEL_IDENTIFIED {"flagsUsed":["TG","SL"]}',
  'VESSEL_IDENTIFIED {"registryClaimed":"NL"}',
  'FLAG_STATE_NOTIFIED {"state":"SL"}',
  'AUTHORISATION_GRANTED {"scopes":["board","search","measures"],"conditions":[],"state":"SL"}',
  'DISTRESS_ASSESSED {"phase":"distress","factors":["taking-water"]}',
  'DISTRESS_ASSESSED {"phase":"alert","factors":["engine-failure"]}',
  'POSITION_REPORTED {"lat":34.5,"lon":15.5}',
  'MEASURES_TAKEN {"measures":["divert"],"destination":{"country":"IT"}}',
  'MEASURES_TAKEN {"measures":["escort-to-port"],"destination":{"country":"MT"}}',
  'PERSONS_INFORMED {"language":"ti","destination":{"country":"IT"},"objectionsHeard":true}',
  'PERSONS_HANDED_OVER {"to":{"country":"GR"}}',
  'DISEMBARKATION_COMPLETED {"country":"MT"}',
]);
const variantKey = (e: CaseEvent) => `${e.type} ${JSON.stringify({ ...e, type: undefined })}`;
const graphAlphabetOf = (start: Start): CaseEvent[] => {
  const all = alphabetOf(start);
  return all.filter(
    (e, i) =>
      GRAPH_VARIANTS.has(variantKey(e)) ||
      all.findIndex((x) => x.type === e.type && x.override?.kind === e.override?.kind) === i,
  );
};

// Bounded: two snapshots in the same phase of the safety, flag-State, enforcement and lifecycle regions count as
// one state, expanded once, from the first snapshot that reached it (breadth first, so by a shortest path). The
// walk closes over every opening kind well inside the bound; a machine whose graph outgrew it would still finish,
// its states beyond the bound checked as targets of the transitions that reach them, not expanded.
const GRAPH_STATES = 1500;
const GRAPH_REGIONS = ['safety', 'flagState', 'enforcement', 'lifecycle'];
const GRAPH_KEY = (v: Record<string, string>) => GRAPH_REGIONS.map((r) => v[r]).join('|');

type Adjacency = Record<
  string,
  { state: AnyMachineSnapshot; transitions: Record<string, { event: unknown; state: AnyMachineSnapshot }> }
>;

const persisted = (s: AnyMachineSnapshot): PersistedCase => ({
  machineVersion: MACHINE_VERSION,
  value: s.value,
  context: s.context as CaseContext,
});

describe('invariants on every transition of the statechart from every reachable phase (xstate/graph)', () => {
  it('holds invariants 1-13 on every applied and every refused event, from every state of the bounded graph', () => {
    const at = minutesAfterStart(5);
    const starts = STARTS;
    let states = 0;
    let frontier = 0;
    let depth = 0;
    let applied = 0;
    let refused = 0;
    const violations = new Map<string, string>();
    for (const start of starts) {
      const alphabet = graphAlphabetOf(start);
      const eventsIn = (ctx: CaseContext): DeskEvent[] => [...alphabet, ...dynamicEvents(ctx)];
      const initial = openStart(start);
      const expanded = new Set<unknown>();
      const adjacency = getAdjacencyMap(engine.machine, {
        fromState: engine.restore(initial),
        events: (s) => {
          expanded.add(s);
          return eventsIn(s.context).map((e) => ({ ...e, at }) as MachineEvent);
        },
        toState: () => expanded.size >= GRAPH_STATES,
        serializeState: (s) => GRAPH_KEY(s.value as Record<string, string>),
        serializeEvent: (e) => JSON.stringify(e),
        // a refused event is a self-loop in the chart; it is checked below, on every state, all the same
        filterEvents: (s, e) => {
          const { at: _at, ...event } = e as MachineEvent;
          return decide(s.context, event as DeskEvent, at).outcome === 'applied';
        },
        limit: 1_000_000,
      }) as unknown as Adjacency;
      // Each state's snapshot is the one some earlier state's transition produced: that is the path to it.
      const keyOf = new Map<unknown, string>();
      for (const [key, node] of Object.entries(adjacency)) keyOf.set(node.state, key);
      const memory = new Map<string, PathMemory>();
      const trail = new Map<string, string[]>();
      const keys = Object.keys(adjacency);
      const first = freshMemory(start);
      for (const v of checkState(initial.context, first)) violations.set(v, `${start.name}, at the opening`);
      memory.set(keys[0]!, first);
      trail.set(keys[0]!, []);
      for (const key of keys) {
        const node = adjacency[key]!;
        if (!expanded.has(node.state)) {
          frontier++;
          continue;
        }
        const mem = memory.get(key);
        if (!mem) throw new Error(`no path to ${key}`);
        const path = trail.get(key)!;
        depth = Math.max(depth, path.length);
        const ctx = node.state.context as CaseContext;
        states++;
        for (const event of eventsIn(ctx)) {
          const report = (bad: string[]) => {
            for (const v of bad) {
              const where = `after ${[...path, label(event)].join(' > ')}`;
              const seen = violations.get(v);
              if (!seen || seen.length > where.length + start.name.length + 2)
                violations.set(v, `${start.name}, ${where}`);
            }
          };
          const decision = decide(ctx, event, at);
          checkDecision(decision, `${start.name}: ${event.type}`);
          if (decision.outcome === 'refused') {
            refused++;
            // the host's path for a refusal: the engine answers, and the case must be as it was
            const before = JSON.stringify(ctx);
            const result = engine.apply(persisted(node.state), event, at);
            if (result.decision.outcome !== 'refused')
              report([`the engine applied ${event.type}, the law refused it`]);
            if (JSON.stringify(result.state.context) !== before)
              report([`9: refused ${event.type} changed the case`]);
            mem.now = at;
            report(checkStep(ctx, event, result.decision, result.state.context, mem));
            continue;
          }
          applied++;
          const transition = node.transitions[JSON.stringify({ ...event, at })];
          if (!transition) {
            report([`no transition for applied ${event.type}`]);
            continue;
          }
          const next = copyMemory(mem);
          next.now = at;
          report(checkStep(ctx, event, decision, transition.state.context as CaseContext, next));
          const reached = keyOf.get(transition.state);
          if (reached !== undefined && !memory.has(reached)) {
            memory.set(reached, next);
            trail.set(reached, [...path, label(event)]);
          }
        }
      }
    }
    console.log(
      `xstate/graph: ${states} states expanded (one shortest path each) and ${frontier} reached beyond the bound, ` +
        `over ${starts.length} openings (paths up to ${depth} events); ` +
        `${applied} applied transitions and ${refused} refused events checked`,
    );
    // each distinct violation once, with the shortest path (and its opening) that shows it
    const found = [...violations].map(([v, where]) => `${v} (${where})`).sort();
    if (found.length > 0) console.log(`xstate/graph: ${found.length} distinct violations`);
    expect(found.slice(0, 12)).toEqual([]);
    expect(states).toBeGreaterThan(500);
  }, 180_000);
});

// One walk through a case as the host drives it: it fires every deadline due before each event, at its due
// time, as the runtime does; refused events go through the engine (they must change nothing); applied ones
// through the law's core (decide, then evolve), the statechart around it being walked above.
function walk(start: Start) {
  let state = openStart(start);
  const mem = freshMemory(start);
  const trace: string[] = [];
  const bad = checkState(state.context, mem).map((v) => `${v} at the opening`);
  const step = (event: DeskEvent, at: string) => {
    mem.now = at;
    // the case as it was, before the law looked at it: a refusal must leave it so
    const before = JSON.stringify(state.context);
    const decision = decide(state.context, event, at);
    checkDecision(decision, event.type);
    let next = state;
    if (decision.outcome === 'refused') {
      const result = engine.apply(state, event, at);
      if (result.decision.outcome !== 'refused')
        bad.push(`the engine applied ${event.type}, the law refused it`);
      if (JSON.stringify(result.state.context) !== before)
        bad.push(`9: refused ${event.type} changed the case`);
      next = result.state;
    } else {
      next = { ...state, context: evolve(state.context, event, at, decision, { classifyZone }) };
    }
    trace.push(
      `${label(event)} ${decision.outcome === 'refused' ? `refused (${decision.reason})` : decision.mode}`,
    );
    for (const v of checkStep(state.context, event, decision, next.context, mem)) bad.push(v);
    checkActions(deriveRequiredActions(next.context), `after ${event.type}`);
    state = next;
  };
  const fireDue = (now: string) => {
    for (;;) {
      const due = engine.pendingDeadlines(state).find((d) => d.dueAt <= now);
      if (!due || bad.length > 0) break;
      step({ type: 'DEADLINE_PASSED', deadlineId: due.id }, due.dueAt);
    }
  };
  return { step, fireDue, trace, bad, context: () => state.context };
}

function runSequence(start: Start, moves: Array<[number, number]>): { trace: string[]; bad: string[] } {
  const alphabet = alphabetOf(start);
  const w = walk(start);
  let minute = 0;
  for (const [pick, wait] of moves) {
    if (w.bad.length > 0) break;
    minute += wait;
    const now = minutesAfterStart(minute);
    w.fireDue(now);
    if (w.bad.length > 0) break;
    // A sixth of the picks take the event as drawn, whatever the law answers; the others draw again (from the
    // same number, deterministically) until the law would apply the event, mostly without overrides, so that
    // sequences get past the opening into boarding, persons, places and closing.
    const review = reviewFirstIncident(w.context());
    const candidates = review ? [...alphabet, review] : alphabet;
    let event = candidates[pick % candidates.length]!;
    const how = pick % 6;
    let x = pick;
    for (let i = 0; how !== 0 && i < 60; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const e = candidates[x % candidates.length]!;
      if (how > 1 && 'override' in e && e.override) continue;
      if (decide(w.context(), e, now).outcome === 'applied') {
        event = e;
        break;
      }
    }
    w.step(event, now);
  }
  return { trace: w.trace, bad: w.bad };
}

// Counterexamples the walks found in machines/ (December 2026), replayed on every run whatever the seed.
const fact = { kind: 'recorded-fact' as const, justification: 'it happened' };
const danger = { kind: 'imminent-danger' as const, justification: 'to save life' };
const FOUND: Array<{ name: string; start: string; events: Array<CaseEvent | 'review'> }> = [
  {
    name: '5: persons taken aboard under a standing authorisation, after the last report, are never reported',
    start: 'foreign flag on the high seas',
    events: [
      { type: 'VESSEL_IDENTIFIED', registryClaimed: 'NL' },
      { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] },
      { type: 'BOARDING_STARTED' },
      { type: 'SAFEGUARDS_RECORDED' },
      { type: 'SEARCH_COMPLETED', evidenceFound: true },
      { type: 'RESULTS_REPORTED', to: 'NL' },
      { type: 'PERSONS_TAKEN_ON_BOARD', count: 60 },
      { type: 'PERSONS_SCREENED', total: 60 },
      { type: 'DISEMBARKATION_COMPLETED', country: 'MT' },
      { type: 'CASE_CLOSED' },
    ],
  },
  {
    name: '4: a handover recorded as fact to a destination excluded by an unresolved objection is only a legal incident',
    start: 'own flag',
    events: [
      {
        type: 'COUNTRY_ASSESSED',
        country: 'TN',
        unsafe: false,
        source: 'central authority',
        date: '2026-05-01',
      },
      { type: 'PERSONS_SCREENED', total: 60 },
      {
        type: 'PERSONS_INFORMED',
        language: 'ti',
        destination: { country: 'TN' },
        objectionsHeard: true,
        objections: [{ count: 5, reason: 'detained on return before' }],
      },
      { type: 'PERSONS_HANDED_OVER', to: { country: 'TN' }, override: fact },
    ],
  },
  {
    name: 'overrides: a third-country diversion refused for want of consent offers imminent-danger, then refuses it',
    start: 'foreign flag on the high seas',
    events: [
      { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] },
      { type: 'PERSONS_SCREENED', total: 60 },
      { type: 'PERSONS_INFORMED', language: 'ti', destination: { country: 'IT' }, objectionsHeard: true },
      { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'IT' } },
      { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'IT' }, override: danger },
    ],
  },
  {
    name: '6: compensation owed after a pursuit recorded as fact vanishes when a lawful pursuit follows',
    start: 'in our territorial sea',
    events: [
      { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] },
      {
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: false,
        violation: 'failed to stop',
        override: fact,
      },
      { type: 'BOARDING_STARTED' },
      { type: 'HOT_PURSUIT_ENDED' },
      {
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: true,
        violation: 'failed to stop',
      },
      { type: 'SAFEGUARDS_RECORDED' },
      { type: 'PERSONS_SCREENED', total: 60 },
      'review',
      { type: 'CASE_CLOSED' },
    ],
  },
];

describe('counterexamples found in machines/, replayed', () => {
  it.each(FOUND)('$name', ({ start: name, events }) => {
    const w = walk(STARTS.find((s) => s.name === name)!);
    events.forEach((e, i) => {
      const event = e === 'review' ? reviewFirstIncident(w.context()) : e;
      if (event) w.step(event, minutesAfterStart(i + 1));
    });
    expect(w.bad, w.trace.join('\n')).toEqual([]);
  });
});

describe('invariants on random event sequences (fast-check)', () => {
  it('holds invariants 1-13 over 10,000 random sequences from every opening kind, refusals included', () => {
    let sequences = 0;
    let events = 0;
    try {
      fc.assert(
        fc.property(
          fc.nat({ max: STARTS.length - 1 }),
          fc.array(fc.tuple(fc.nat({ max: 1_000_000 }), fc.integer({ min: 0, max: 300 })), {
            minLength: 1,
            maxLength: 20,
            size: 'max',
          }),
          (which, moves) => {
            const start = STARTS[which]!;
            const { trace, bad } = runSequence(start, moves);
            if (bad.length > 0)
              throw new Error(
                `${start.name}: ${bad.join('; ')}\n  after: ${trace.map((t) => `\n    ${t}`).join('')}`,
              );
            sequences++;
            events += trace.length;
          },
        ),
        { numRuns: 10_000, seed: 20261124 },
      );
    } finally {
      console.log(`fast-check: ${sequences} random sequences (${events} events, deadlines included) passed`);
    }
    expect(sequences).toBeGreaterThanOrEqual(10_000);
  }, 180_000);
});
