// What the training routes answer (src/training/sessions.ts). For the OpenAPI document only (openapi.ts).
// Sessions grow as training does: the objects stay open here, so a field added there is no surprise.
import { z } from 'zod';
import { Refusal } from './audit.ts';
import { Instant } from './case.ts';

const Status = z.enum(['running', 'awaiting-decision', 'finished']);
const StepAt = z.string().describe("the step's scenario time, +HH:MM after the start");

export const TrainingScenario = z.object({
  id: z.string(),
  title: z.string().describe("neutral: the scenario's own title would tell the answer"),
  briefing: z.string(),
  decisions: z.number().int().describe('how many decisions the trainee takes'),
});

const Event = z.looseObject({ type: z.string() });
// a side that lacks the field has no value there
const Difference = z.object({
  field: z.string(),
  expected: z.unknown().optional(),
  chosen: z.unknown().optional(),
});

export const DecisionScore = z.looseObject({
  step: z.number().int(),
  at: StepAt,
  expected: Event,
  expectedOutcome: z.enum(['applied', 'refused']),
  chosen: Event,
  outcome: z.enum(['applied', 'refused', 'forbidden', 'invalid']),
  correct: z.boolean(),
  basis: z.array(z.string()),
  explanation: z.string(),
  decisive: z
    .array(Difference)
    .describe('what the law acts on that came out otherwise than the scenario (empty when correct)'),
  differences: z.array(Difference).describe("the event's fields that differ, free text aside"),
});

export const TrainingSession = z
  .looseObject({
    id: z.string(),
    scenarioId: z.string(),
    title: z.string(),
    briefing: z.string(),
    caseId: z.string().describe('the training case the session runs on'),
    pace: z.number().describe('scenario seconds per real second; 0 runs up to each decision at once'),
    status: Status,
    at: Instant.describe('the scenario time reached'),
    pendingDecision: z
      .looseObject({
        step: z.number().int(),
        at: StepAt,
        actor: z.string(),
        prompt: z.string(),
        situation: z.array(z.string()).describe('the case as the desk shows it at the decision'),
      })
      .optional(),
    decisions: z.array(DecisionScore),
    debrief: z.object({ title: z.string(), summary: z.string() }).optional(),
  })
  .meta({ id: 'TrainingSession' });

export const TrainingScore = z.looseObject({
  sessionId: z.string(),
  scenarioId: z.string(),
  status: Status,
  decisions: z.array(DecisionScore),
  correct: z.number().int(),
  total: z.number().int(),
});

export const TrainingDecision = z.object({
  outcome: z.string().describe("the law's answer to the trainee's event: applied, refused, ..."),
  refusal: Refusal.optional(),
  decision: DecisionScore,
});
