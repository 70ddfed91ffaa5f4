// A case's audit trail (GET /cases/:id/audit) and the check of its chain (GET /cases/:id/audit/verify).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../policy.ts';
import { notFound } from '../answer.ts';
import { NEXT_PAGE } from '../openapi.ts';
import { page } from '../paging.ts';
import { actorOf, requireRole } from '../plugins/auth.ts';
import { AuditEntry, ChainCheck } from '../responses/audit.ts';
import type { DeskRuntime } from '../runtime-port.ts';
import { AuditQuery, IdParams } from '../schemas.ts';

export interface AuditRoutesOptions {
  runtime: DeskRuntime;
}

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (root, { runtime }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/cases/:id/audit',
    {
      schema: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        summary: "the case's audit entries in order, in pages",
        params: IdParams,
        querystring: AuditQuery,
        answers: {
          status: 200,
          description: 'a page of audit entries, by seq',
          body: z.array(AuditEntry),
          headers: NEXT_PAGE,
          errors: [400, 401, 404, 429, 503],
        },
      },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      const entries = await runtime.audit(request.params.id, actorOf(request));
      if (!entries) return notFound(reply);
      const { limit, after } = request.query;
      const rest = after === undefined ? entries : entries.filter((e) => e.seq > after);
      return page(request, reply, rest, limit, (e) => String(e.seq)).map(
        ({ seq, at, actor, type, event, outcome, refusal, hash, prev }) => ({
          seq,
          at,
          actor,
          type,
          event,
          outcome,
          ...(refusal ? { refusal } : {}),
          hash,
          prev,
        }),
      );
    },
  );

  app.get(
    '/cases/:id/audit/verify',
    {
      schema: {
        operationId: 'verifyAuditTrail',
        tags: ['audit'],
        summary: "check the case's audit chain",
        params: IdParams,
        answers: {
          status: 200,
          description: 'whether the chain holds, and where it breaks first',
          body: ChainCheck,
          errors: [400, 401, 404, 429, 503],
        },
      },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      // verify() knows no actor: check visibility first so it cannot reveal training or live cases
      if (!(await runtime.getView(request.params.id, actorOf(request)))) return notFound(reply);
      return runtime.verify(request.params.id);
    },
  );
};
