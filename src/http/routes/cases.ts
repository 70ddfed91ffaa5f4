// Opening cases (POST /cases, POST /requests) and reading them (GET /cases, GET /cases/:id).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type CaseKind, mayOpen, ROLES, whoMayOpen } from '../../policy.ts';
import { answer, notFound } from '../answer.ts';
import { actorOf, deny, requireRole } from '../plugins/auth.ts';
import type { DeskRuntime } from '../runtime-port.ts';
import { CommandHeaders, IdParams, ListQuery, OpenCaseBody, OpenRequestBody } from '../schemas.ts';

export interface CaseRoutesOptions {
  runtime: DeskRuntime;
}

// Past requireRole, a role refused here may open this kind only in the other mode: name the one it may.
function mayNotOpen(request: FastifyRequest, reply: FastifyReply, kind: CaseKind, training: boolean) {
  if (training) {
    return deny(
      request,
      reply,
      403,
      {
        error: 'forbidden',
        message: 'only trainers may open training cases',
        rolesAllowed: whoMayOpen(kind, { training: true }),
      },
      'training case by non-trainer',
    );
  }
  const live = whoMayOpen(kind, { training: false });
  return deny(
    request,
    reply,
    403,
    {
      error: 'forbidden',
      message: `trainers may open training cases only: set "training": true; a live one needs the role ${live.join(' or ')}`,
      rolesAllowed: live,
    },
    'live case by trainer',
  );
}

export const caseRoutes: FastifyPluginAsync<CaseRoutesOptions> = async (root, { runtime }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'open an interception case from an opening report',
        body: OpenCaseBody,
        headers: CommandHeaders,
      },
      preValidation: requireRole(...whoMayOpen('interception')),
    },
    async (request, reply) => {
      const { training, ...opening } = request.body;
      const actor = actorOf(request);
      if (!mayOpen(actor.role, 'interception', { training: training === true })) {
        return mayNotOpen(request, reply, 'interception', training === true);
      }
      const key = request.headers['idempotency-key'];
      const result = await runtime.openCase(opening, actor, {
        training: training === true,
        ...(key ? { idempotencyKey: key } : {}),
      });
      return answer(request, reply, result, 201);
    },
  );

  app.post(
    '/requests',
    {
      schema: {
        tags: ['cases'],
        summary: 'record an incoming request from another State about a vessel of our flag',
        body: OpenRequestBody,
        headers: CommandHeaders,
      },
      preValidation: requireRole(...whoMayOpen('incoming-request')),
    },
    async (request, reply) => {
      const { training, ...incoming } = request.body;
      const actor = actorOf(request);
      if (!mayOpen(actor.role, 'incoming-request', { training: training === true })) {
        return mayNotOpen(request, reply, 'incoming-request', training === true);
      }
      const key = request.headers['idempotency-key'];
      const result = await runtime.openIncoming(incoming, actor, {
        training: training === true,
        ...(key ? { idempotencyKey: key } : {}),
      });
      return answer(request, reply, result, 201);
    },
  );

  app.get(
    '/cases',
    {
      schema: { tags: ['cases'], summary: 'case summaries', querystring: ListQuery },
      preValidation: requireRole(...ROLES),
    },
    async (request) => {
      const { status } = request.query;
      return runtime.listCases(actorOf(request), status ? { status } : {});
    },
  );

  app.get(
    '/cases/:id',
    {
      schema: { tags: ['cases'], summary: 'the case view', params: IdParams },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      const view = await runtime.getView(request.params.id, actorOf(request));
      if (!view) return notFound(reply);
      reply.header('etag', `"${view.version}"`);
      return view;
    },
  );
};
