// How a trainee's choice at a decision is judged: on what the law and the scenario make decisive, not on the
// letter of the scenario's payload. Three danger factors of six with the right distress phase leave the case
// exactly where the scenario's six do (the same phases, basis, required actions); the wrong phase, the wrong
// flag State or the wrong port does not. The trainee sees both: what differed in the event, field by field,
// and what of it the law acts on.
import type { CaseView } from '../../machines/engine.ts';
import type { CaseEvent } from '../../machines/schemas.ts';

// Free text in an event changes nothing the law acts on.
const FREE_TEXT = new Set([
  'note',
  'notes',
  'summary',
  'justification',
  'reason',
  'channel',
  'rcc',
  'finding',
  'language',
  'to',
]);

function normalise(value: unknown): unknown {
  if (Array.isArray(value))
    return [...value].map(normalise).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => !FREE_TEXT.has(k) && v !== undefined)
        .map(([k, v]) => [k, normalise(v)])
        .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
    );
  }
  return value;
}

// Two choices are the same decision when they are the same kind of event with the same payload, free text
// aside.
export function sameDecision(a: CaseEvent, b: CaseEvent): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

export interface Difference {
  field: string;
  expected: unknown;
  chosen: unknown;
}

// The event's fields that differ, free text aside, as dot paths (a list compared whole).
export function differences(expected: CaseEvent, chosen: CaseEvent): Difference[] {
  const out: Difference[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    const plain = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (plain(a) && plain(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const k of [...keys].sort())
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: path, expected: a, chosen: b });
  };
  walk(normalise(expected), normalise(chosen), '');
  return out;
}

// What the law acts on after a step: the statechart's phases, the legal basis and what it permits, the
// required actions open, the flag State asked and its answer, where persons may be taken, the case's status.
export function decisiveOf(view: CaseView): Record<string, unknown> {
  const pos = view.placeOfSafety;
  return {
    phases: view.phases,
    'legal basis': { code: view.legalBasis.code, permits: [...view.legalBasis.permits].sort() },
    'required actions': view.requiredActions.map((a) => a.code).sort(),
    'flag State': {
      state: view.flagState.state,
      registry: view.flagState.registry,
      reply: view.flagState.reply,
      grantedScopes: [...view.flagState.grantedScopes].sort(),
    },
    'place of safety': {
      proposed: pos.proposed ?? null,
      // who designates is part of it: the RCC's designation is what MSC.167(78) 6.12 relies on
      designated: pos.designated
        ? { by: pos.designated.by, country: pos.designated.country, port: pos.designated.port }
        : null,
      disembarked: pos.disembarked ? { country: pos.disembarked.country, port: pos.disembarked.port } : null,
    },
    status: view.status,
  };
}

export interface Judged {
  correct: boolean;
  // what the law acts on that differs between the two outcomes (empty when the choice is as good)
  decisive: Difference[];
  differences: Difference[];
}

export interface Outcome {
  outcome: 'applied' | 'refused' | 'forbidden' | 'invalid';
  // the view the step leaves, where the law applied it
  view?: CaseView;
  reason?: string;
}

// `expected` and `chosen` are both decided on the case as it stood at the decision.
export function judge(
  expectedEvent: CaseEvent,
  expected: Outcome,
  chosenEvent: CaseEvent,
  chosen: Outcome,
): Judged {
  const diff = differences(expectedEvent, chosenEvent);
  // A step the law refuses is in the scenario as the mistake to avoid: any lawful step other than it scores.
  if (expected.outcome === 'refused') {
    const correct = chosen.outcome === 'applied' && !sameDecision(chosenEvent, expectedEvent);
    const decisive = correct
      ? []
      : [
          {
            field: 'outcome',
            expected: 'a lawful step other than the refused one',
            chosen: describe(chosen),
          },
        ];
    return { correct, decisive, differences: diff };
  }
  if (chosenEvent.type !== expectedEvent.type)
    return {
      correct: false,
      decisive: [{ field: 'event', expected: expectedEvent.type, chosen: chosenEvent.type }],
      differences: diff,
    };
  if (chosen.outcome !== 'applied' || !chosen.view || !expected.view)
    return {
      correct: false,
      decisive: [{ field: 'outcome', expected: 'applied', chosen: describe(chosen) }],
      differences: diff,
    };
  const a = decisiveOf(expected.view);
  const b = decisiveOf(chosen.view);
  const decisive = Object.keys(a)
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => ({ field: k, expected: a[k], chosen: b[k] }));
  return { correct: decisive.length === 0, decisive, differences: diff };
}

const describe = (o: Outcome) => (o.reason ? `${o.outcome} (${o.reason})` : o.outcome);
