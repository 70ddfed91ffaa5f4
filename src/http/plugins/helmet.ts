// Security headers on every answer, the API's and the pages' alike.
import helmet from '@fastify/helmet';
import { rootPlugin } from './root.ts';

export const helmetPlugin = rootPlugin('desk-helmet', async (app) => {
  await app.register(helmet, {
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
  });
});
