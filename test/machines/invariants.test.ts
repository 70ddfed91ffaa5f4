// Invariants of domain.md on every path xstate/graph generates (bounded), and on random event sequences.

import { addMinutes } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import type { MachineEvent } from '../../machines/case-machine.ts';
import type { CaseContext } from '../../machines/context.ts';
import { evolve } from '../../machines/evolve.ts';
import { decide } from '../../machines/rules.ts';
import type { DeskEvent, OpeningReport } from '../../machines/schemas.ts';
import { classifyZone, engine, START } from './harness.ts';
import { ALPHABET, checkStep, freshMemory, OPENINGS, WORLD_SETTING } from './invariants.ts';

function open(o: OpeningReport) {
  return engine.open({ id: 'inv', at: START, setting: WORLD_SETTING, opening: o });
}

function deadlineEvents(ctx: CaseContext): DeskEvent[] {
  return ctx.deadlines.map((d) => ({ type: 'DEADLINE_PASSED', deadlineId: d.id }));
}

// One event of each kind and each override, so the bounded graph stays small enough to walk in seconds;
// the random sequences below use every variant.
const GRAPH_ALPHABET = ALPHABET.filter(
  (e, i) => ALPHABET.findIndex((x) => x.type === e.type && x.override?.kind === e.override?.kind) === i,
);

describe('invariants on every path of the statechart (xstate/graph)', () => {
  it('holds the 9 invariants of domain.md on every shortest path to every reachable state (bounded)', () => {
    let paths = 0;
    let steps = 0;
    const violations: string[] = [];
    for (const [name, o] of OPENINGS.slice(0, 2)) {
      const initial = open(o);
      const at = addMinutes(new Date(START), 5).toISOString();
      const found = getShortestPaths(engine.machine, {
        fromState: engine.restore(initial),
        events: (s) =>
          [...GRAPH_ALPHABET, ...deadlineEvents(s.context)].map((e) => ({ ...e, at }) as MachineEvent),
        // Bounded: two snapshots in the same phase of every region, with the same distress phase and flag-State
        // answer, count as one state; the random sequences below explore the rest of the context.
        serializeState: (s) => JSON.stringify(s.value),
        serializeEvent: (e) => JSON.stringify(e),
        // refused events are self-loops: they add no path (the random sequences check that they change nothing)
        filterEvents: (s, e) => {
          const { at: _a, ...event } = e as MachineEvent;
          return decide(s.context, event as DeskEvent).outcome === 'applied';
        },
        limit: 50_000,
      });
      for (const path of found) {
        paths++;
        const mem = freshMemory();
        // Replay the path step by step through the engine to check each transition.
        let state = initial;
        for (const step of path.steps.slice(1)) {
          const { at: _at, ...event } = step.event as MachineEvent;
          const decision = decide(state.context, event as DeskEvent);
          const next = engine.apply(state, event as DeskEvent, at).state;
          steps++;
          for (const v of checkStep(state.context, event as DeskEvent, decision, next.context, mem))
            violations.push(`${name}: ${v} after ${path.steps.map((s) => s.event.type).join(' > ')}`);
          state = next;
        }
      }
    }
    console.log(`xstate/graph: checked ${paths} paths (${steps} transitions) over 2 openings`);
    expect(violations.slice(0, 5)).toEqual([]);
    expect(paths).toBeGreaterThan(500);
  }, 180_000);
});

describe('invariants on random event sequences (fast-check)', () => {
  it('holds the 9 invariants of domain.md over 10,000 random sequences of contract.md events', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...OPENINGS.map(([, o]) => o)),
        fc.array(fc.tuple(fc.nat({ max: ALPHABET.length + 1 }), fc.integer({ min: 0, max: 180 })), {
          minLength: 1,
          maxLength: 24,
        }),
        (o, moves) => {
          let ctx = open(o).context;
          let minute = 0;
          const mem = freshMemory();
          for (const [pick, wait] of moves) {
            minute += wait;
            const now = addMinutes(new Date(START), minute).toISOString();
            const pending = ctx.deadlines;
            // Indices past the alphabet fire the earliest deadline, as the host would.
            const event: DeskEvent =
              pick >= ALPHABET.length && pending.length > 0
                ? { type: 'DEADLINE_PASSED', deadlineId: pending[0]!.id }
                : ALPHABET[pick % ALPHABET.length]!;
            // The law's core without the statechart around it: the graph test above covers the chart.
            const decision = decide(ctx, event);
            const next =
              decision.outcome === 'applied' ? evolve(ctx, event, now, decision, { classifyZone }) : ctx;
            const bad = checkStep(ctx, event, decision, next, mem);
            if (bad.length > 0) throw new Error(bad.join('; '));
            ctx = next;
          }
          checked++;
        },
      ),
      { numRuns: 10_000, seed: 20261124 },
    );
    console.log(`fast-check: ${checked} random sequences checked`);
    expect(checked).toBeGreaterThanOrEqual(10_000);
  });
});
