// Security headers on every answer, the API's and the pages' alike. helmet works them out; they depend on
// nothing in the request, so they are worked out once at start and set as they are on each answer (through
// @fastify/helmet, helmet parsed its directives again for every request: a tenth of a millisecond an event).
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import { rootPlugin } from './root.ts';

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    // Swagger UI (/docs) needs inline styles and its bundled scripts; nothing else is served as HTML
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      // the desk is often reached over plain HTTP on a ship's or an office LAN: do not push browsers to https
      upgradeInsecureRequests: null,
    },
  },
};

// The headers helmet sets with these options, read off one pass of its middleware.
export function securityHeaders(options: HelmetOptions = OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: () => {},
  } as unknown as ServerResponse;
  let failed: unknown;
  helmet(options)({} as IncomingMessage, response, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return headers;
}

export const helmetPlugin = rootPlugin('desk-helmet', async (app) => {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
});
