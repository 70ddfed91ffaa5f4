// The 400 every route answers for bad input (contract.md, Errors): each bad field named by its path.
import type { FastifyReply } from 'fastify';
import type { Issue } from '../../machines/schemas.ts';

export type { Issue };

export function invalidBody(issues: Issue[]) {
  const named = issues.map((i) => i.path || '(body)').join(', ');
  return { error: 'invalid', message: `invalid request: ${named}`, issues };
}

export function invalid(reply: FastifyReply, issues: Issue[]) {
  return reply.code(400).send(invalidBody(issues));
}
