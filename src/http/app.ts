// The desk's HTTP API (contract.md, HTTP). Plugins first, then auth, then routes, as in fastify/demo. The
// app never listens by itself: the CLI and the tests decide where it runs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { WebSocketServer } from 'ws';
import { z } from 'zod';
import { CaseEvent, IncomingRequest, OpeningReport, type Role } from '../../machines/schemas.ts';
import { loadSigningKey, TokenError, verifyToken } from '../auth/tokens.ts';
import type { DeskConfig } from '../config.ts';
import { consolePlugin, isConsoleAsset } from '../console/plugin.ts';
import type { Logger } from '../log.ts';
import type { Actor, Clock, CommandResult } from '../runtime/types.ts';
import type { TrainingDesk } from '../training/sessions.ts';
import { type Issue, invalid } from './errors.ts';
import { referenceRoutes } from './routes/reference.ts';
import type { DeskRuntime } from './runtime-port.ts';
import { type StreamOptions, streamPlugin } from './stream.ts';

export const BODY_LIMIT = 256 * 1024;
const WS_CLOSE_GRACE_MS = 2000;
const ALL_ROLES: Role[] = ['operator', 'authority', 'trainer', 'auditor'];

export interface AppOptions {
  runtime: DeskRuntime;
  config: Pick<DeskConfig, 'dataDir' | 'secret'>;
  logger: Logger;
  clock: Clock;
  // tests pass the key they sign with; otherwise it comes from DESK_SECRET or DESK_DATA/desk.key
  signingKey?: Uint8Array;
  rateLimit?: { max: number; timeWindowMs: number };
  stream?: StreamOptions;
  // training sessions (trainers only); absent, the /training routes are not served
  training?: TrainingDesk;
  // load land and zone data at start rather than on the first request (desk serve does)
  warmGeography?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

// ---- request schemas (machines/schemas.ts is the one source; these only add the HTTP envelope) ----

const Training = z.boolean().optional().describe('open a training case (trainers only)');
const OpenCaseBody = OpeningReport.extend({ training: Training });
const OpenRequestBody = IncomingRequest.extend({ training: Training });

// contract.md: `destination` is required for `divert` and `escort-to-port`; the shared schema says so.
const EventBody = CaseEvent;

const IdParams = z.object({ id: z.string().min(1).max(200) });

const CommandHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('retries with the same key return the first result'),
});
const EventHeaders = CommandHeaders.extend({
  // accepts `3`, `"3"` and `W/"3"`: the version as sent, or as echoed back in the ETag
  'if-match': z
    .string()
    .regex(/^\s*(?:W\/)?"?\d{1,15}"?\s*$/, 'must be a case version number, e.g. 3')
    .transform((s) => Number(s.replace(/\D/g, '')))
    .optional()
    .describe('the case version the event was decided on'),
});

const ListQuery = z.object({ status: z.enum(['open', 'closed']).optional() });

// ---- errors ----

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function issueFrom(item: ValidationItem, body: unknown): Issue {
  const path = (item.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  let message = item.message ?? 'invalid';
  const options = item.params?.options;
  if (item.keyword === 'invalid_union' && path === 'type' && Array.isArray(options)) {
    const got = (body as { type?: unknown } | null)?.type;
    const shown = typeof got === 'string' ? ` (got ${JSON.stringify(got.slice(0, 60))})` : '';
    message = `unknown event type${shown}; expected one of ${options.join(', ')}`;
  }
  return { path, message };
}

function bearerToken(request: FastifyRequest, allowQuery: boolean): string | undefined {
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

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '';
const isPublic = (path: string) =>
  path === '/health' || path === '/docs' || path.startsWith('/docs/') || isConsoleAsset(path);

export async function buildApp(opts: AppOptions) {
  const { runtime, clock } = opts;
  const key = opts.signingKey ?? loadSigningKey(opts.config);

  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: BODY_LIMIT,
    // case ids and tokens are long; the default 100 characters would 414 a legitimate WebSocket URL
    routerOptions: { maxParamLength: 200 },
    // in-flight requests finish on close; idle keep-alive sockets must not hold shutdown open
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);

  app.setErrorHandler((err, request, reply) => {
    const e = err as Partial<{ statusCode: number; code: string; message: string; validation: unknown[] }>;
    if (hasZodFastifySchemaValidationErrors(err) || Array.isArray(e.validation)) {
      return invalid(
        reply,
        (e.validation as ValidationItem[]).map((item) => issueFrom(item, request.body)),
      );
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) {
      return reply
        .code(413)
        .send({ error: 'too-large', message: `the request body exceeds ${BODY_LIMIT / 1024} KiB` });
    }
    if (e.statusCode === 429) {
      return reply.code(429).send({ error: 'rate-limited', message: e.message ?? 'too many requests' });
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .code(415)
        .send({ error: 'unsupported-media-type', message: 'send the body as application/json' });
    }
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return invalid(reply, [{ path: '', message: 'the body is not valid JSON' }]);
    }
    const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      const error =
        status === 401
          ? 'unauthorized'
          : status === 403
            ? 'forbidden'
            : status === 404
              ? 'not-found'
              : 'invalid';
      return reply
        .code(status)
        .send({ error, message: e.message ?? 'bad request', ...(error === 'invalid' ? { issues: [] } : {}) });
    }
    // a 5xx is ours, not the client's: log it, and never send its message (it may quote case data)
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not-found', message: `no route ${request.method} ${pathOf(request)}` }),
  );

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

  await app.register(rateLimit, {
    max: opts.rateLimit?.max ?? 600,
    timeWindow: opts.rateLimit?.timeWindowMs ?? 60_000,
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
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // 1001 "going away" tells a client the desk is stopping, not failing: it reconnects and resumes with since
    preClose: async function (this: { websocketServer: WebSocketServer }) {
      const server = this.websocketServer;
      for (const client of server.clients) client.close(1001, 'desk shutting down');
      // a peer that never answers the close frame would hold shutdown for ws's 30 s close timeout
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const grace = new Promise<void>((resolve) => setTimeout(resolve, WS_CLOSE_GRACE_MS).unref());
      await Promise.race([closed, grace]);
      for (const client of server.clients) client.terminate();
    },
  });

  const deny = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: 401 | 403,
    body: Record<string, unknown>,
    reason: string,
  ) => {
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
  };

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
      const claims = await verifyToken(token, { key, now: clock.now() });
      request.actor = { role: claims.role, subject: claims.sub };
    } catch (err) {
      const message = err instanceof TokenError ? err.message : 'token invalid';
      return deny(request, reply, 401, { error: 'unauthorized', message }, message);
    }
  });

  // A preValidation hook, so a caller without the role learns nothing about the body's schema.
  const roles =
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

  const actorOf = (request: FastifyRequest): Actor => {
    if (!request.actor) throw new Error('route reached without an actor');
    return request.actor;
  };

  // Training cases are for trainers alone, and trainers work on training cases alone.
  const trainingDenied = (
    request: FastifyRequest,
    reply: FastifyReply,
    training: boolean | undefined,
    liveRoles: Role[],
  ) => {
    const role = actorOf(request).role;
    if (training === true && role !== 'trainer') {
      return deny(
        request,
        reply,
        403,
        { error: 'forbidden', message: 'only trainers may open training cases', rolesAllowed: ['trainer'] },
        'training case by non-trainer',
      );
    }
    if (training !== true && role === 'trainer') {
      return deny(
        request,
        reply,
        403,
        {
          error: 'forbidden',
          message: `trainers may open training cases only: set "training": true; a live one needs the role ${liveRoles.join(' or ')}`,
          rolesAllowed: liveRoles,
        },
        'live case by trainer',
      );
    }
    return undefined;
  };

  const answer = (
    request: FastifyRequest,
    reply: FastifyReply,
    result: CommandResult,
    okStatus: 200 | 201,
  ) => {
    switch (result.status) {
      case 'applied':
        reply.header('etag', `"${result.view.version}"`);
        if (okStatus === 201) reply.header('location', `/cases/${encodeURIComponent(result.view.id)}`);
        return reply.code(okStatus).send(result.view);
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
        return reply.code(404).send({ error: 'not-found', message: 'no such case' });
      case 'version-conflict':
        return reply.code(409).send({
          error: 'version-conflict',
          message: `the case is at version ${result.currentVersion}; reload it and decide again`,
          currentVersion: result.currentVersion,
        });
      case 'forbidden':
        return deny(
          request,
          reply,
          403,
          { error: 'forbidden', message: result.message, rolesAllowed: result.rolesAllowed },
          'runtime refused the role',
        );
    }
  };

  const notFound = (reply: FastifyReply) =>
    reply.code(404).send({ error: 'not-found', message: 'no such case' });

  app.get('/health', { schema: { tags: ['desk'], summary: 'liveness', security: [] } }, async () => ({
    status: 'ok',
    version: VERSION,
    store: 'sqlite',
  }));

  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'open an interception case from an opening report',
        body: OpenCaseBody,
        headers: CommandHeaders,
      },
      preValidation: roles('operator', 'authority', 'trainer'),
    },
    async (request, reply) => {
      const { training, ...opening } = request.body;
      if (trainingDenied(request, reply, training, ['operator', 'authority'])) return reply;
      const key = request.headers['idempotency-key'];
      const result = runtime.openCase(opening, actorOf(request), {
        training: training === true,
        ...(key ? { idempotencyKey: key } : {}),
      });
      return answer(request, reply, result, 201);
    },
  );

  app.post(
    '/requests',
    {
      schema: {
        tags: ['cases'],
        summary: 'record an incoming request from another State about a vessel of our flag',
        body: OpenRequestBody,
        headers: CommandHeaders,
      },
      preValidation: roles('authority', 'trainer'),
    },
    async (request, reply) => {
      const { training, ...incoming } = request.body;
      if (trainingDenied(request, reply, training, ['authority'])) return reply;
      const key = request.headers['idempotency-key'];
      const result = runtime.openIncoming(incoming, actorOf(request), {
        training: training === true,
        ...(key ? { idempotencyKey: key } : {}),
      });
      return answer(request, reply, result, 201);
    },
  );

  app.get(
    '/cases',
    {
      schema: { tags: ['cases'], summary: 'case summaries', querystring: ListQuery },
      preValidation: roles(...ALL_ROLES),
    },
    async (request) => {
      const { status } = request.query;
      return runtime.listCases(actorOf(request), status ? { status } : {});
    },
  );

  app.get(
    '/cases/:id',
    {
      schema: { tags: ['cases'], summary: 'the case view', params: IdParams },
      preValidation: roles(...ALL_ROLES),
    },
    async (request, reply) => {
      const view = runtime.getView(request.params.id, actorOf(request));
      if (!view) return notFound(reply);
      reply.header('etag', `"${view.version}"`);
      return view;
    },
  );

  app.post(
    '/cases/:id/events',
    {
      schema: {
        tags: ['cases'],
        summary: 'apply one event to a case',
        params: IdParams,
        headers: EventHeaders,
        body: EventBody,
      },
      preValidation: roles('operator', 'authority', 'trainer'),
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const ifMatch = request.headers['if-match'];
      const result = runtime.applyEvent(request.params.id, request.body, actorOf(request), {
        ...(key ? { idempotencyKey: key } : {}),
        ...(ifMatch !== undefined ? { ifMatch } : {}),
      });
      return answer(request, reply, result, 200);
    },
  );

  app.get(
    '/cases/:id/audit',
    {
      schema: { tags: ['audit'], summary: "the case's audit entries in order", params: IdParams },
      preValidation: roles(...ALL_ROLES),
    },
    async (request, reply) => {
      const entries = runtime.audit(request.params.id, actorOf(request));
      if (!entries) return notFound(reply);
      return entries.map(({ seq, at, actor, type, event, outcome, refusal, hash, prev }) => ({
        seq,
        at,
        actor,
        type,
        event,
        outcome,
        ...(refusal ? { refusal } : {}),
        hash,
        prev,
      }));
    },
  );

  app.get(
    '/cases/:id/audit/verify',
    {
      schema: { tags: ['audit'], summary: "check the case's audit chain", params: IdParams },
      preValidation: roles(...ALL_ROLES),
    },
    async (request, reply) => {
      // verify() knows no actor: check visibility first so it cannot reveal training or live cases
      if (!runtime.getView(request.params.id, actorOf(request))) return notFound(reply);
      return runtime.verify(request.params.id);
    },
  );

  await app.register(referenceRoutes, { runtime, clock, warm: opts.warmGeography ?? false });
  await app.register(consolePlugin);

  if (opts.training) {
    const training = opts.training;
    const SessionParams = z.object({ id: z.string().min(1).max(200) });
    const StartSession = z.object({
      scenarioId: z.string().min(1).max(200),
      // scenario seconds per real second; 0 runs without waiting up to each decision
      pace: z.number().min(0).max(100_000).default(0),
    });
    const noSession = (reply: FastifyReply) =>
      reply.code(404).send({ error: 'not-found', message: 'no such training session' });

    app.get(
      '/training/scenarios',
      {
        schema: { tags: ['training'], summary: 'scenarios a trainer can run' },
        preValidation: roles('trainer'),
      },
      async () => training.scenarios(),
    );
    app.post(
      '/training/sessions',
      {
        schema: { tags: ['training'], summary: 'run a scenario on a sandbox case', body: StartSession },
        preValidation: roles('trainer'),
      },
      async (request, reply) => {
        const { scenarioId, pace } = request.body as z.infer<typeof StartSession>;
        const started = training.start(scenarioId, pace, actorOf(request));
        if (started.status === 'not-found') {
          return invalid(reply, [{ path: 'scenarioId', message: `no scenario "${scenarioId}"` }]);
        }
        if (started.status === 'failed')
          return reply.code(409).send({
            error: 'refused',
            reason: 'not-expected-now',
            message: started.message,
            basis: [],
            allowedOverrides: [],
          });
        return reply.code(201).send(started.session);
      },
    );
    app.get(
      '/training/sessions/:id',
      { schema: { tags: ['training'], params: SessionParams }, preValidation: roles('trainer') },
      async (request, reply) => training.get((request.params as { id: string }).id) ?? noSession(reply),
    );
    app.get(
      '/training/sessions/:id/score',
      {
        schema: {
          tags: ['training'],
          summary: 'each decision, the choice, the expected one and the basis',
          params: SessionParams,
        },
        preValidation: roles('trainer'),
      },
      async (request, reply) => training.score((request.params as { id: string }).id) ?? noSession(reply),
    );
    app.post(
      '/training/sessions/:id/decisions',
      {
        schema: {
          tags: ['training'],
          summary: "the trainee's event at a paused decision",
          params: SessionParams,
          body: EventBody,
        },
        preValidation: roles('trainer'),
      },
      async (request, reply) => {
        const answered = training.decide(
          (request.params as { id: string }).id,
          request.body as CaseEvent,
          actorOf(request),
        );
        if (answered.status === 'not-found') return noSession(reply);
        if (answered.status === 'not-awaiting') {
          return reply.code(409).send({
            error: 'refused',
            reason: 'not-expected-now',
            message: answered.message,
            basis: [],
            allowedOverrides: [],
          });
        }
        const r = answered.result;
        return reply.code(200).send({
          outcome: r.status,
          ...(r.status === 'refused' ? { refusal: r.refusal } : {}),
          decision: answered.score,
        });
      },
    );
  }

  await app.register(streamPlugin, {
    runtime,
    ...opts.stream,
    ...(opts.training ? { trainingUpdates: (l: (s: unknown) => void) => opts.training!.onChange(l) } : {}),
  });

  return app;
}

export type DeskApp = Awaited<ReturnType<typeof buildApp>>;
