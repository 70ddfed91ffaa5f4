// GET /docs: the OpenAPI document, built from the routes' own zod schemas, and its UI.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { VERSION } from '../version.ts';
import { rootPlugin } from './root.ts';

export const docsPlugin = rootPlugin('desk-docs', async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Interception Desk',
        description:
          'Decision support for interceptions at sea under articles 7-9 of the UN Smuggling of Migrants Protocol.',
        version: VERSION,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
});
