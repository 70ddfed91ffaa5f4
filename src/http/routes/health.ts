// GET /health: liveness, without a token.
import type { FastifyPluginAsync } from 'fastify';
import { VERSION } from '../version.ts';

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: { tags: ['desk'], summary: 'liveness', security: [] } }, async () => ({
    status: 'ok',
    version: VERSION,
    store: 'sqlite',
  }));
};
