// POST /cases/:id/events: one event on a case, retried safely with `Idempotency-Key`, decided on the
// version named by `If-Match`.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { EVENT_ROLES } from '../../../machines/schemas.ts';
import { whoMayRecordAny } from '../../policy.ts';
import { answer } from '../answer.ts';
import { ETAG } from '../openapi.ts';
import { actorOf, requireRole } from '../plugins/auth.ts';
import { CaseView } from '../responses/case.ts';
import type { DeskRuntime } from '../runtime-port.ts';
import { EventBody, EventHeaders, IdParams } from '../schemas.ts';

export interface EventRoutesOptions {
  runtime: DeskRuntime;
}

export const eventRoutes: FastifyPluginAsync<EventRoutesOptions> = async (root, { runtime }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/cases/:id/events',
    {
      schema: {
        operationId: 'recordEvent',
        tags: ['cases'],
        summary: 'apply one event to a case',
        params: IdParams,
        headers: EventHeaders,
        body: EventBody,
        answers: {
          status: 200,
          description: 'the event was applied: the new case view',
          body: CaseView,
          headers: ETAG,
          errors: [400, 401, 403, 404, 409, 413, 415, 422, 429, 503],
        },
      },
      // which role records which event, on which case, is the runtime's to check: it knows the case
      preValidation: requireRole(...whoMayRecordAny(EVENT_ROLES)),
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const ifMatch = request.headers['if-match'];
      const result = await runtime.applyEvent(request.params.id, request.body, actorOf(request), {
        ...(key ? { idempotencyKey: key } : {}),
        ...(ifMatch !== undefined ? { ifMatch } : {}),
      });
      return answer(request, reply, result, 200);
    },
  );
};
