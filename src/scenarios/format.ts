// The scenario file format of contract.md ("Scenario files") as zod schemas. The case vocabulary (opening
// report, events, setting) is the engine's own, imported, so a scenario can never drift from what the desk
// accepts over HTTP; only the scenario's frame (timing, roles, expectations) is defined here.
import { z } from 'zod';
import { ACTION_CODES } from '../../machines/action-codes.ts';
import {
  Alpha2,
  CaseEvent,
  DistressPhase,
  IncomingRequest,
  LegalBasisCode,
  OpeningReport,
  Scope,
  Setting,
} from '../../machines/schemas.ts';
import { WARNING_CODES } from '../../machines/warnings.ts';

// Descriptions and $defs names for scenarios/schema.json. A private registry, not zod's global one: the HTTP
// layer's OpenAPI document collects the global registry's ids, and these names are the scenario format's.
export const scenarioMeta = z.registry<{ id?: string; description?: string }>();
function doc<T extends z.ZodType>(schema: T, description: string): T {
  scenarioMeta.add(schema as z.ZodType, { description });
  return schema;
}
function named<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  scenarioMeta.add(schema as z.ZodType, description ? { id, description } : { id });
  return schema;
}

export const ActionCode = z.enum(ACTION_CODES);
export const WarningCode = z.enum(WARNING_CODES);

// "+HH:MM" after `start`; hours may exceed 24 (a case can run for days).
export const AT_PATTERN = /^\+(\d{2,4}):([0-5]\d)$/;
export const At = z.string().regex(AT_PATTERN, 'a time "+HH:MM" after start, e.g. "+04:30"');

export function atToMinutes(at: string): number {
  const m = AT_PATTERN.exec(at);
  if (!m) throw new RangeError(`not a scenario time: ${at}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function minutesToAt(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = Math.floor(abs % 60);
  const s = Math.round((abs - Math.floor(abs)) * 60);
  const base = `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  // deadlines may fall between minutes (fractional reply targets); show the seconds rather than round them away
  return s === 0 ? base : `${base}:${String(s).padStart(2, '0')}`;
}

const Note = doc(z.string().min(1), 'why this step or expectation matters, for trainers').optional();

export const StepRole = z.enum(['operator', 'authority', 'trainer']);
export type StepRole = z.infer<typeof StepRole>;

export const Step = z.strictObject({
  at: At,
  as: StepRole,
  event: CaseEvent,
  decision: doc(
    z.boolean(),
    'a training session pauses here for the trainee; a plain replay applies the step',
  ).optional(),
  note: Note,
});
export type Step = z.infer<typeof Step>;

const Membership = <T extends z.ZodType>(code: T) =>
  z.strictObject({
    include: z.array(code).optional(),
    exclude: z.array(code).optional(),
  });

// The checks an expectation at a time (or at the end) may make; keys left out are not checked.
const checks = {
  requiredActions: Membership(ActionCode)
    .extend({
      first: doc(ActionCode.optional(), 'the code that must head the ordered list (e.g. RENDER_ASSISTANCE)'),
      due: doc(
        z.partialRecord(ActionCode, At),
        'the dueAt of each named open action, as a time after start',
      ).optional(),
    })
    .optional(),
  legalBasis: LegalBasisCode.optional(),
  permits: doc(z.array(Scope), 'compared as a set').optional(),
  warnings: Membership(WarningCode).optional(),
  distressPhase: DistressPhase.nullable().optional(),
  status: z.enum(['open', 'closed']).optional(),
  incidents: doc(z.number().int().nonnegative(), "the number of the case's incidents").optional(),
};

const CHECK_KEYS = Object.keys(checks);

const hasACheck = (e: Record<string, unknown>) => CHECK_KEYS.some((k) => e[k] !== undefined);
const NO_CHECK = { message: `an expectation checks at least one of ${CHECK_KEYS.join(', ')}` };

export const AtExpectation = z.strictObject({ at: At, ...checks, note: Note }).refine(hasACheck, NO_CHECK);
export const StepExpectation = z.strictObject({
  step: doc(z.number().int().min(1), 'steps are numbered from 1 in file order'),
  outcome: z.enum(['applied', 'refused']),
  reason: doc(z.string().min(1), "the refusal's reason, e.g. excluded-place").optional(),
  allowedOverrides: doc(
    z.array(z.enum(['imminent-danger', 'recorded-fact'])),
    "the refusal's allowedOverrides, compared as a set",
  ).optional(),
  note: Note,
});
export const EndExpectation = z
  .strictObject({ end: z.literal(true), ...checks, note: Note })
  .refine(hasACheck, NO_CHECK);

export const Expectation = z.union([AtExpectation, StepExpectation, EndExpectation]);
export type AtExpectation = z.infer<typeof AtExpectation>;
export type StepExpectation = z.infer<typeof StepExpectation>;
export type EndExpectation = z.infer<typeof EndExpectation>;
export type Expectation = z.infer<typeof Expectation>;

export const Scenario = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id, e.g. "03-no-reply-by-deadline"'),
    title: z.string().min(1),
    summary: z.string().min(1),
    decisionPoint: doc(
      z.number().int().min(1).max(30),
      'the decision point of domain.md ("Decision points to test") the scenario exercises',
    ).optional(),
    start: z.iso.datetime({ offset: true }),
    setting: named(Setting, 'Setting'),
    opening: named(
      OpeningReport,
      'OpeningReport',
      'an interception case; exactly one of opening and request',
    ).optional(),
    request: named(
      IncomingRequest,
      'IncomingRequest',
      "an incoming request to this State's central authority (with homeState); exactly one of opening and request",
    ).optional(),
    homeState: doc(Alpha2.optional(), 'the State whose central authority receives the request'),
    steps: z.array(named(Step, 'Step')).default([]),
    expect: z.array(named(Expectation, 'Expectation')).default([]),
  })
  .superRefine((s, ctx) => {
    if ((s.opening === undefined) === (s.request === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['opening'],
        message: 'give exactly one of "opening" and "request"',
      });
    }
    if (s.request !== undefined && s.homeState === undefined) {
      ctx.addIssue({ code: 'custom', path: ['homeState'], message: 'an incoming request needs "homeState"' });
    }
    if (s.opening !== undefined && s.homeState !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['homeState'],
        message: '"homeState" goes with "request", not "opening"',
      });
    }
    s.expect.forEach((e, i) => {
      if ('step' in e && e.step > s.steps.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['expect', i, 'step'],
          message: `no step ${e.step}: the scenario has ${s.steps.length} step(s)`,
        });
      }
      if (
        'step' in e &&
        e.outcome === 'applied' &&
        (e.reason !== undefined || e.allowedOverrides !== undefined)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['expect', i],
          message: 'reason and allowedOverrides describe a refusal; the outcome expected is "applied"',
        });
      }
    });
  });

export type ScenarioInput = z.input<typeof Scenario>;
export type Scenario = z.infer<typeof Scenario>;
