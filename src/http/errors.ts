// The 400 every route answers for bad input (contract.md, Errors): each bad field named by its path.
import type { FastifyReply } from 'fastify';

export interface Issue {
  // a dot path into the body, the query or a header; empty for the body as a whole
  path: string;
  message: string;
}

export function invalid(reply: FastifyReply, issues: Issue[]) {
  const named = issues.map((i) => i.path || '(body)').join(', ');
  return reply.code(400).send({ error: 'invalid', message: `invalid request: ${named}`, issues });
}
