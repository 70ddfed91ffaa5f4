// Who is asking: every route but the public ones needs a bearer token, checked before anything else
// (contract.md, HTTP). What each role may then do is src/policy.ts's; `requireRole` turns it into a route's
// preValidation, so a caller without the role learns nothing about the body's schema.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../machines/schemas.ts';
import { TokenError, type TokenVerifier, tokenVerifier } from '../../auth/tokens.ts';
import { isConsoleAsset } from '../../console/plugin.ts';
import type { Actor, Clock } from '../../runtime/types.ts';
import { rootPlugin } from './root.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export interface AuthOptions {
  key: Uint8Array;
  // the app's one verifier, shared with the rate limit (tokens.ts, tokenVerifier)
  verify?: TokenVerifier;
  clock: Clock;
}

export const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '';

export const isPublic = (path: string) =>
  path === '/health' ||
  path === '/docs' ||
  path.startsWith('/docs/') ||
  // the exchange's messages are their own credential (routes/exchange.ts)
  path === '/exchange/jwks' ||
  path === '/exchange/inbox' ||
  isConsoleAsset(path);

export function bearerToken(request: FastifyRequest, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m?.[1];
  }
  if (allowQuery) {
    const q = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof q === 'string' && q.length > 0) return q;
  }
  return undefined;
}

export function deny(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 401 | 403,
  body: Record<string, unknown>,
  reason: string,
) {
  // who was refused what, never the token or the body
  request.log.warn(
    {
      route: request.routeOptions.url ?? pathOf(request),
      method: request.method,
      role: request.actor?.role,
      status,
      reason,
    },
    'access denied',
  );
  return reply.code(status).send(body);
}

export const requireRole =
  (...allowed: Role[]) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    const role = request.actor?.role;
    if (role && allowed.includes(role)) return;
    return deny(
      request,
      reply,
      403,
      {
        error: 'forbidden',
        message: `this needs the role ${allowed.join(' or ')}`,
        rolesAllowed: allowed,
      },
      'role not allowed',
    );
  };

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('route reached without an actor');
  return request.actor;
}

// On the whole app, not per route prefix: an unknown path without a token answers 401, not 404, so the
// router reveals nothing to a caller who has not signed in.
export const authPlugin = rootPlugin<AuthOptions>('desk-auth', async (app, { key, clock, verify }) => {
  const check = verify ?? tokenVerifier(key);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (isPublic(path)) return;
    // browsers cannot set headers on a WebSocket, so the stream alone also takes `?token=`
    const token = bearerToken(request, path === '/stream');
    if (!token) {
      return deny(
        request,
        reply,
        401,
        { error: 'unauthorized', message: 'a bearer token is required' },
        'no token',
      );
    }
    try {
      const claims = await check(token, clock.now());
      request.actor = { role: claims.role, subject: claims.sub };
      // what needs a token is case data for that token's holder: no cache on the way may keep a copy
      reply.header('cache-control', 'no-store');
    } catch (err) {
      const message = err instanceof TokenError ? err.message : 'token invalid';
      return deny(request, reply, 401, { error: 'unauthorized', message }, message);
    }
  });
});
