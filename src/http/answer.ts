// How a command's result leaves (contract.md, Errors): the view with its version as the ETag, or 404, or
// 409 `refused` / `version-conflict`, or 422 for an idempotency key reused with another request, or 403.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonOf } from '../json.ts';
import type { CommandResult } from '../runtime/types.ts';
import { deny } from './plugins/auth.ts';

export const notFound = (reply: FastifyReply) =>
  reply.code(404).send({ error: 'not-found', message: 'no such case' });

export function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  result: CommandResult,
  okStatus: 200 | 201,
) {
  switch (result.status) {
    case 'applied':
      reply.header('etag', `"${result.view.version}"`);
      if (okStatus === 201) reply.header('location', `/cases/${encodeURIComponent(result.view.id)}`);
      // the view's text as the store and the stream have it (json.ts)
      return reply.code(okStatus).type('application/json; charset=utf-8').send(jsonOf(result.view));
    case 'refused':
      reply.header('etag', `"${result.view.version}"`);
      return reply.code(409).send({
        error: 'refused',
        reason: result.refusal.reason,
        message: result.refusal.message,
        basis: result.refusal.basis,
        allowedOverrides: result.refusal.allowedOverrides,
        seq: result.seq,
        view: result.view,
      });
    case 'not-found':
      return notFound(reply);
    case 'version-conflict':
      return reply.code(409).send({
        error: 'version-conflict',
        message: `the case is at version ${result.currentVersion}; reload it and decide again`,
        currentVersion: result.currentVersion,
      });
    case 'idempotency-key-reused':
      return reply
        .code(422)
        .send({ error: 'idempotency-key-reused', message: result.message, key: result.key });
    case 'forbidden':
      return deny(
        request,
        reply,
        403,
        { error: 'forbidden', message: result.message, rolesAllowed: result.rolesAllowed },
        'runtime refused the role',
      );
  }
}
