// A case's audit trail (GET /cases/:id/audit) and the check of its chain (GET /cases/:id/audit/verify).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ROLES } from '../../policy.ts';
import { notFound } from '../answer.ts';
import { actorOf, requireRole } from '../plugins/auth.ts';
import type { DeskRuntime } from '../runtime-port.ts';
import { IdParams } from '../schemas.ts';

export interface AuditRoutesOptions {
  runtime: DeskRuntime;
}

export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (root, { runtime }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/cases/:id/audit',
    {
      schema: { tags: ['audit'], summary: "the case's audit entries in order", params: IdParams },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      const entries = await runtime.audit(request.params.id, actorOf(request));
      if (!entries) return notFound(reply);
      return entries.map(({ seq, at, actor, type, event, outcome, refusal, hash, prev }) => ({
        seq,
        at,
        actor,
        type,
        event,
        outcome,
        ...(refusal ? { refusal } : {}),
        hash,
        prev,
      }));
    },
  );

  app.get(
    '/cases/:id/audit/verify',
    {
      schema: { tags: ['audit'], summary: "check the case's audit chain", params: IdParams },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      // verify() knows no actor: check visibility first so it cannot reveal training or live cases
      if (!(await runtime.getView(request.params.id, actorOf(request)))) return notFound(reply);
      return runtime.verify(request.params.id);
    },
  );
};
