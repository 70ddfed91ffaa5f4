// GET /docs: the OpenAPI document, built from the routes' own zod schemas and their documented answers
// (openapi.ts), and its UI. The WebSocket /stream is described apart, in AsyncAPI (docs/asyncapi.yaml).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { originOf, THIS_DESK, transform, transformObject } from '../openapi.ts';
import { VERSION } from '../version.ts';
import { rootPlugin } from './root.ts';

const DOCUMENTS = new Set(['/docs/json', '/docs/yaml']);

export const docsPlugin = rootPlugin('desk-docs', async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Interception Desk',
        description:
          'Decision support for interceptions at sea under articles 7-9 of the UN Smuggling of Migrants Protocol. ' +
          'Every error is an RFC 9457 problem (application/problem+json). The live stream (WebSocket /stream) is ' +
          'described in AsyncAPI: docs/asyncapi.yaml.',
        version: VERSION,
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: THIS_DESK, description: 'this desk, as it was asked for the document' }],
      tags: [
        { name: 'desk', description: 'the desk itself' },
        {
          name: 'cases',
          description: 'interception cases and incoming requests, and the events recorded on them',
        },
        { name: 'audit', description: "each case's tamper-evident audit trail" },
        { name: 'reference', description: 'maritime zones' },
        { name: 'directory', description: 'the authorities directory (SoM art. 8(6)) and its history' },
        { name: 'exchange', description: "signed messages between the States' desks" },
        { name: 'training', description: 'scenarios run on training cases (trainers only)' },
        { name: 'reports', description: "reports over the desk's cases, and a case's file" },
        { name: 'console', description: "what the desk's own console draws" },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform,
    transformObject,
  });

  // on every answer, so not async: a promise per answer for the two documents' sake
  app.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' || !DOCUMENTS.has(request.routeOptions.url ?? ''))
      return done(null, payload);
    reply.header('vary', 'host');
    done(null, payload.replaceAll(THIS_DESK, originOf(request)));
  });

  await app.register(swaggerUi, { routePrefix: '/docs' });
});
