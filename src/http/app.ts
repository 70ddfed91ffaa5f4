// The desk's HTTP API (contract.md, HTTP), composed as in fastify/demo: plugins first (errors, security
// headers, rate limit, docs, WebSocket, then auth), then a route file per resource. The app never listens by
// itself: the CLI and the tests decide where it runs.
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { loadSigningKey, tokenVerifier } from '../auth/tokens.ts';
import type { DeskConfig } from '../config.ts';
import { consolePlugin } from '../console/plugin.ts';
import { type ExchangeKeys, ephemeralExchangeKeys } from '../exchange/keys.ts';
import { type Logger, lazyChild } from '../log.ts';
import type { Clock } from '../runtime/types.ts';
import type { TrainingDesk } from '../training/sessions.ts';
import { authPlugin } from './plugins/auth.ts';
import { docsPlugin } from './plugins/docs.ts';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors.ts';
import { helmetPlugin } from './plugins/helmet.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { websocketPlugin } from './plugins/websocket.ts';
import { auditRoutes } from './routes/audit.ts';
import { caseRoutes } from './routes/cases.ts';
import { eventRoutes } from './routes/events.ts';
import { exchangeRoutes } from './routes/exchange.ts';
import { healthRoutes } from './routes/health.ts';
import { offerRoutes } from './routes/offers.ts';
import { referenceRoutes } from './routes/reference.ts';
import { reportRoutes } from './routes/reports.ts';
import { type StreamOptions, streamPlugin } from './routes/stream.ts';
import { trainingRoutes } from './routes/training.ts';
import type { DeskRuntime } from './runtime-port.ts';

export const BODY_LIMIT = 256 * 1024;
// The router's own bound on a path segment. Ids are held to MAX_ID_LENGTH by the routes' schemas (a 400 naming
// `id`); this is only the far bound past which the router refuses by itself (a 400 naming `url`).
export const MAX_PATH_SEGMENT = 2_048;

export interface AppOptions {
  runtime: DeskRuntime;
  config: Pick<DeskConfig, 'dataDir' | 'secret'> & Partial<Pick<DeskConfig, 'rateLimit'>>;
  logger: Logger;
  clock: Clock;
  // tests pass the key they sign with; otherwise it comes from DESK_SECRET or DESK_DATA/desk.key
  signingKey?: Uint8Array;
  rateLimit?: { max: number; timeWindowMs: number };
  stream?: StreamOptions;
  // training sessions (trainers only); absent, the /training routes are not served
  training?: TrainingDesk;
  // the desk's exchange keys (DESK_DATA/exchange-keys.json); absent, keys for this process only
  exchangeKeys?: ExchangeKeys;
  // load land and zone data at start rather than on the first request (desk serve does)
  warmGeography?: boolean;
}

export async function buildApp(opts: AppOptions) {
  const { runtime, clock, training } = opts;
  const key = opts.signingKey ?? loadSigningKey(opts.config);
  // one verifier for the rate limit and the auth: a token is checked once, then kept until it expires
  const verify = tokenVerifier(key);

  const app = Fastify({
    loggerInstance: opts.logger,
    childLoggerFactory: (logger, bindings, options) => lazyChild(logger as Logger, bindings, options),
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    // what Fastify and Node refuse before any route still answers in the contract's shape
    frameworkErrors: frameworkErrors(MAX_PATH_SEGMENT),
    clientErrorHandler,
    // in-flight requests finish on close; idle keep-alive sockets must not hold shutdown open
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin, { bodyLimit: BODY_LIMIT });
  await app.register(helmetPlugin);
  await app.register(rateLimitPlugin, {
    ...(opts.config.rateLimit !== undefined ? { max: opts.config.rateLimit } : {}),
    ...opts.rateLimit,
    isGenuine: (token) =>
      verify(token, clock.now()).then(
        () => true,
        () => false,
      ),
  });
  await app.register(docsPlugin);
  await app.register(websocketPlugin);
  // after the plugins above, so their hooks run first (helmet's headers reach a 401 too)
  await app.register(authPlugin, { key, clock, verify });

  // in this order, which is the order of the paths in the OpenAPI document
  await app.register(healthRoutes, { runtime });
  await app.register(caseRoutes, { runtime });
  await app.register(eventRoutes, { runtime });
  await app.register(auditRoutes, { runtime });
  await app.register(offerRoutes, { runtime, clock });
  await app.register(referenceRoutes, { runtime, clock, warm: opts.warmGeography ?? false });
  await app.register(reportRoutes, { runtime, clock });
  await app.register(exchangeRoutes, {
    runtime,
    clock,
    keys: opts.exchangeKeys ?? (await ephemeralExchangeKeys()),
  });
  await app.register(consolePlugin);
  if (training) await app.register(trainingRoutes, { training });
  await app.register(streamPlugin, {
    runtime,
    ...opts.stream,
    ...(training ? { trainingUpdates: (l: (s: unknown) => void) => training.onChange(l) } : {}),
  });

  return app;
}

export type DeskApp = Awaited<ReturnType<typeof buildApp>>;
