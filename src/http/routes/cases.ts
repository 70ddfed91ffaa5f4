// Opening cases (POST /cases, POST /requests) and reading them (GET /cases, GET /cases/:id).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CaseKind, mayOpen, ROLES, whoMayOpen } from '../../policy.ts';
import { caseOrder } from '../../runtime/read.ts';
import { answer, notFound } from '../answer.ts';
import { ETAG, LOCATION, NEXT_PAGE } from '../openapi.ts';
import { caseCursor, page } from '../paging.ts';
import { actorOf, deny, requireRole } from '../plugins/auth.ts';
import { CaseSummary, CaseView } from '../responses/case.ts';
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

// Opening a case: 409 only when other desks on the store kept moving it (version-conflict after retries).
const OPENED = {
  status: 201,
  description: 'the case view of the new case',
  body: CaseView,
  headers: { ...ETAG, ...LOCATION },
  errors: [
    400,
    401,
    403,
    [409, 'version-conflict: other desks kept writing; retry'],
    413,
    415,
    422,
    429,
    503,
  ],
} as const;

export const caseRoutes: FastifyPluginAsync<CaseRoutesOptions> = async (root, { runtime }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/cases',
    {
      schema: {
        operationId: 'openCase',
        tags: ['cases'],
        summary: 'open an interception case from an opening report',
        body: OpenCaseBody,
        headers: CommandHeaders,
        answers: OPENED,
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
        operationId: 'recordIncomingRequest',
        tags: ['cases'],
        summary: 'record an incoming request from another State about a vessel of our flag',
        body: OpenRequestBody,
        headers: CommandHeaders,
        answers: { ...OPENED, description: 'the case view of the new case, kind incoming-request' },
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
      schema: {
        operationId: 'listCases',
        tags: ['cases'],
        summary: 'case summaries, most urgent first, in pages',
        querystring: ListQuery,
        answers: {
          status: 200,
          description:
            'a page of case summaries: open before closed, overdue first, then by the next due time',
          body: z.array(CaseSummary),
          headers: NEXT_PAGE,
          errors: [400, 401, 429, 503],
        },
      },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      const { status, limit, after } = request.query;
      const all = await runtime.listCases(actorOf(request), status ? { status } : {});
      const rest = after ? all.filter((c) => caseOrder(c, after) > 0) : all;
      return page(request, reply, rest, limit, caseCursor);
    },
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        operationId: 'getCase',
        tags: ['cases'],
        summary: 'the case view',
        params: IdParams,
        answers: {
          status: 200,
          description: 'the case view',
          body: CaseView,
          headers: ETAG,
          errors: [400, 401, 404, 429, 503],
        },
      },
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
