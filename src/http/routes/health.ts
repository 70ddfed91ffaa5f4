// GET /health: liveness, without a token. It reads the store, so a desk whose store does not answer says so
// (503 `degraded`) to whatever is in front of it, rather than taking commands it cannot record.
import type { FastifyPluginAsync } from 'fastify';
import { Degraded, Health } from '../responses/desk.ts';
import type { DeskRuntime } from '../runtime-port.ts';
import { VERSION } from '../version.ts';

export const healthRoutes: FastifyPluginAsync<{ runtime: Pick<DeskRuntime, 'storeHealth'> }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['desk'],
        summary: 'liveness, and whether the store answers',
        security: [],
        answers: {
          status: 200,
          description: 'the desk and its store answer',
          body: Health,
          errors: [429],
          others: { 503: { description: 'degraded: the store does not answer', body: Degraded } },
        },
      },
    },
    async (_req, reply) => {
      const store = await runtime.storeHealth();
      if (store.ok) return { status: 'ok', version: VERSION, store: store.kind };
      app.log.error({ problem: store.problem }, 'health: the store does not answer');
      return reply.code(503).send({
        status: 'degraded',
        version: VERSION,
        store: store.kind,
        problem: 'the store does not answer',
      });
    },
  );
};
