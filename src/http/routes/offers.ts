// GET /cases/:id/offers: what the law would answer now to each step the caller's role may record on the case
// (machines/offers.ts), so a console offers only what the desk would apply, and says why it would not.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaseContext } from '../../../machines/context.ts';
import { offers } from '../../../machines/offers.ts';
import { CASE_EVENT_TYPES, EVENT_ROLES, Override } from '../../../machines/schemas.ts';
import { mayRecord, ROLES } from '../../policy.ts';
import type { Actor, Clock } from '../../runtime/types.ts';
import { notFound } from '../answer.ts';
import { actorOf, requireRole } from '../plugins/auth.ts';
import { IdParams } from '../schemas.ts';

export interface OffersRuntime {
  getContext(caseId: string, actor: Actor): Promise<CaseContext | undefined>;
}

export interface OfferRoutesOptions {
  runtime: OffersRuntime;
  clock: Clock;
}

const EventType = z.enum(CASE_EVENT_TYPES as [string, ...string[]]);

export const OfferList = z
  .array(
    z.object({
      type: EventType,
      status: z
        .enum(['allowed', 'refused', 'not-expected-now', 'depends'])
        .describe(
          'allowed: the desk would apply the step; refused: the law refuses it however it is entered; not-expected-now: it makes no sense in this state; depends: applied or refused according to the fields in dependsOn',
        ),
      reason: z.string().optional().describe('the refusal the step meets (for depends: with some choices)'),
      message: z.string().optional(),
      basis: z.array(z.string()).optional(),
      allowedOverrides: z.array(Override.shape.kind).optional(),
      dependsOn: z.array(z.string()).optional().describe('the payload fields the answer turns on'),
    }),
  )
  .describe('one offer per event type the caller may record on this case, in the contract’s order');

export const offerRoutes: FastifyPluginAsync<OfferRoutesOptions> = async (root, { runtime, clock }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/cases/:id/offers',
    {
      schema: {
        operationId: 'listCaseOffers',
        tags: ['cases'],
        summary: 'what the law would answer now to each step the caller may record',
        params: IdParams,
        // documentation only (openapi.ts): a response schema Fastify compiled would turn an answer that
        // drifted from it into a 500
        answers: {
          status: 200,
          description: 'one offer per step the caller may record',
          body: OfferList,
          errors: [400, 401, 403, 404, 429],
        },
      },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const ctx = await runtime.getContext(request.params.id, actor);
      if (!ctx) return notFound(reply);
      // a live case is answered at the desk's time, as its next step would be; a training case on its own clock
      const at = ctx.training ? undefined : clock.now().toISOString();
      return offers(ctx, at).filter((o) => mayRecord(actor.role, o.type, ctx, EVENT_ROLES));
    },
  );
};
