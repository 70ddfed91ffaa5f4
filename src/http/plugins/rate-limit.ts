// 429 `rate-limited` past `max` requests in the window (contract.md, Errors).
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { bearerToken } from './auth.ts';
import { rootPlugin } from './root.ts';

export interface RateLimitOptions {
  max?: number;
  timeWindowMs?: number;
}

export const rateLimitPlugin = rootPlugin<RateLimitOptions>('desk-rate-limit', async (app, opts) => {
  await app.register(rateLimit, {
    max: opts.max ?? 600,
    timeWindow: opts.timeWindowMs ?? 60_000,
    // per token, so a watch floor behind one NAT address is not throttled as one client; hashed so the
    // limiter's memory never holds a usable credential
    keyGenerator: (request) => {
      const token = bearerToken(request, true);
      return token
        ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`
        : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate-limited',
      message: `too many requests; retry in ${context.after}`,
    }),
  });
});
