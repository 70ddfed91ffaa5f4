// Training sessions: a trainer runs a scenario on a training case and is scored at each decision.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdText } from '../../../machines/schemas.ts';
import { mayTrain, rolesThat } from '../../policy.ts';
import type { TrainingDesk } from '../../training/sessions.ts';
import { invalid } from '../errors.ts';
import { actorOf, requireRole } from '../plugins/auth.ts';
import { TrainingDecision, TrainingScenario, TrainingScore, TrainingSession } from '../responses/training.ts';
import { EventBody } from '../schemas.ts';

export interface TrainingRoutesOptions {
  training: TrainingDesk;
}

const SessionParams = z.strictObject({ id: IdText.min(1) });
const StartSession = z.strictObject({
  scenarioId: IdText.min(1),
  // scenario seconds per real second; 0 runs without waiting up to each decision
  pace: z.number().min(0).max(100_000).default(0),
});

const noSession = (reply: FastifyReply) =>
  reply.code(404).send({ error: 'not-found', message: 'no such training session' });

const notExpectedNow = (reply: FastifyReply, message: string) =>
  reply.code(409).send({
    error: 'refused',
    reason: 'not-expected-now',
    message,
    basis: [],
    allowedOverrides: [],
  });

export const trainingRoutes: FastifyPluginAsync<TrainingRoutesOptions> = async (root, { training }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const trainers = requireRole(...rolesThat(mayTrain));

  app.get(
    '/training/scenarios',
    {
      schema: {
        operationId: 'listTrainingScenarios',
        tags: ['training'],
        summary: 'scenarios a trainer can run',
        answers: {
          status: 200,
          description: 'the scenarios, under neutral titles',
          body: z.array(TrainingScenario),
          errors: [401, 403, 429],
        },
      },
      preValidation: trainers,
    },
    async () => training.scenarios(),
  );
  app.post(
    '/training/sessions',
    {
      schema: {
        operationId: 'startTrainingSession',
        tags: ['training'],
        summary: 'run a scenario on a sandbox case',
        body: StartSession,
        answers: {
          status: 201,
          description: 'the session, started',
          body: TrainingSession,
          errors: [
            [400, 'invalid, or no such scenario (`scenarioId`)'],
            401,
            403,
            [409, 'refused (not-expected-now): the training case could not be opened'],
            413,
            415,
            429,
            503,
          ],
        },
      },
      preValidation: trainers,
    },
    async (request, reply) => {
      const { scenarioId, pace } = request.body;
      const started = await training.start(scenarioId, pace, actorOf(request));
      if (started.status === 'not-found') {
        return invalid(reply, [{ path: 'scenarioId', message: `no scenario "${scenarioId}"` }]);
      }
      if (started.status === 'failed') return notExpectedNow(reply, started.message);
      return reply.code(201).send(started.session);
    },
  );
  app.get(
    '/training/sessions',
    {
      schema: {
        operationId: 'listTrainingSessions',
        tags: ['training'],
        summary: 'every session the desk keeps, finished or not, so any tab can take one up',
        answers: {
          status: 200,
          description: 'the sessions, oldest first',
          body: z.array(TrainingSession),
          errors: [401, 403, 429],
        },
      },
      preValidation: trainers,
    },
    async () => training.list(),
  );
  app.get(
    '/training/sessions/:id',
    {
      schema: {
        operationId: 'getTrainingSession',
        tags: ['training'],
        summary: 'a session: where it stands, the decision it waits for, the decisions taken',
        params: SessionParams,
        answers: {
          status: 200,
          description: 'the session',
          body: TrainingSession,
          errors: [400, 401, 403, 404, 429],
        },
      },
      preValidation: trainers,
    },
    async (request, reply) => training.get(request.params.id) ?? noSession(reply),
  );
  app.get(
    '/training/sessions/:id/score',
    {
      schema: {
        operationId: 'getTrainingScore',
        tags: ['training'],
        summary: 'each decision, the choice, the expected one and the basis',
        params: SessionParams,
        answers: {
          status: 200,
          description: 'the score so far',
          body: TrainingScore,
          errors: [400, 401, 403, 404, 429],
        },
      },
      preValidation: trainers,
    },
    async (request, reply) => training.score(request.params.id) ?? noSession(reply),
  );
  app.post(
    '/training/sessions/:id/decisions',
    {
      schema: {
        operationId: 'recordTrainingDecision',
        tags: ['training'],
        summary: "the trainee's event at a paused decision",
        params: SessionParams,
        body: EventBody,
        answers: {
          status: 200,
          description: "the law's answer to the event, and how it is scored",
          body: TrainingDecision,
          errors: [
            400,
            401,
            403,
            404,
            [409, 'refused (not-expected-now): the session is not waiting for a decision'],
            413,
            415,
            429,
            503,
          ],
        },
      },
      preValidation: trainers,
    },
    async (request, reply) => {
      const answered = await training.decide(request.params.id, request.body, actorOf(request));
      if (answered.status === 'not-found') return noSession(reply);
      if (answered.status === 'not-awaiting') return notExpectedNow(reply, answered.message);
      const r = answered.result;
      return reply.code(200).send({
        outcome: r.status,
        ...(r.status === 'refused' ? { refusal: r.refusal } : {}),
        decision: answered.score,
      });
    },
  );
};
