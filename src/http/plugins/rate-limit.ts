// 429 `rate-limited` past `max` requests in the window (contract.md, Errors).
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { bearerToken, isPublic, pathOf } from './auth.ts';
import { rootPlugin } from './root.ts';

export interface RateLimitOptions {
  max?: number;
  timeWindowMs?: number;
  // whether a bearer token is one the desk signed (auth.ts checks it again, and decides)
  isGenuine?: (token: string) => Promise<boolean>;
}

// A token's key, hashed once for the many requests that carry it. The verifier keeps the same tokens until
// they expire (auth/tokens.ts), so this holds no credential the process does not hold already.
const tokenKeys = new Map<string, string>();
function tokenKey(token: string): string {
  let key = tokenKeys.get(token);
  if (key === undefined) {
    key = `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
    tokenKeys.set(token, key);
    if (tokenKeys.size > 10_000) tokenKeys.delete(tokenKeys.keys().next().value!);
  }
  return key;
}

export const rateLimitPlugin = rootPlugin<RateLimitOptions>('desk-rate-limit', async (app, opts) => {
  await app.register(rateLimit, {
    max: opts.max ?? 600,
    timeWindow: opts.timeWindowMs ?? 60_000,
    // per token, so a watch floor behind one NAT address is not throttled as one client; hashed so the
    // limiter's memory never holds a usable credential. Only a genuine token counts as a client of its own:
    // a caller sending a new made-up token with each request is limited by its address like one without.
    keyGenerator: async (request) => {
      const token = bearerToken(request, true);
      const genuine = token !== undefined && (await (opts.isGenuine?.(token) ?? Promise.resolve(true)));
      return genuine ? tokenKey(token) : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate-limited',
      message: `too many requests; retry in ${context.after}`,
    }),
  });

  // A request without a genuine token is refused (401) by the app-wide auth hook before any route's limiter
  // counts it; so it is counted here, by address, before that hook runs. Public paths keep their routes'
  // own limiter, and a genuine token its own count on its route.
  const byAddress = app.rateLimit({ keyGenerator: (request) => `ip:${request.ip}` });
  app.addHook('onRequest', async (request, reply) => {
    if (isPublic(pathOf(request))) return;
    const token = bearerToken(request, true);
    if (token !== undefined && (await (opts.isGenuine?.(token) ?? Promise.resolve(true)))) return;
    return byAddress.call(app, request, reply);
  });
});
