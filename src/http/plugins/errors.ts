// Every error leaves as JSON `{error, message, ...}` (contract.md, Errors), as an RFC 9457 problem
// (problems.ts), and never a 5xx for bad input: a route's, a plugin's, and Fastify's own before any route.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { issuesOf } from '../../../machines/schemas.ts';
import { isStoreUnavailable } from '../../store/store.ts';
import { type Issue, invalid, invalidBody } from '../errors.ts';
import { type ErrorBody, isErrorBody, PROBLEM_CONTENT_TYPE, problem } from '../problems.ts';
import { pathOf } from './auth.ts';
import { rootPlugin } from './root.ts';

export interface ErrorsOptions {
  bodyLimit: number;
}

interface ValidationItem {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function issuesFrom(item: ValidationItem, body: unknown): Issue[] {
  const at = (item.instancePath ?? '').replace(/^\//, '');
  const path = at === '' ? [] : at.split('/');
  let message = item.message ?? 'invalid';
  const options = item.params?.options;
  if (item.keyword === 'invalid_union' && at === 'type' && Array.isArray(options)) {
    const got = (body as { type?: unknown } | null)?.type;
    const shown = typeof got === 'string' ? ` (got ${JSON.stringify(got.slice(0, 60))})` : '';
    message = `unknown event type${shown}; expected one of ${options.join(', ')}`;
  }
  return issuesOf([
    { path, message, keys: item.params?.keys, ...(item.keyword ? { code: item.keyword } : {}) },
  ]);
}

const sendProblem = (reply: FastifyReply, status: number, body: ErrorBody) =>
  reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem(status, body));

// Fastify's router refuses a path segment that is not valid percent-encoding (FST_ERR_BAD_URL), or longer than
// it takes (FST_ERR_MAX_PARAM_LENGTH), before any route, hook or handler of the app: answered here, given
// to Fastify as its `frameworkErrors`, in the contract's shape. No route is known, so the issue names `url`.
export function frameworkErrors(maxParamLength: number) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const message =
      err.code === 'FST_ERR_BAD_URL'
        ? 'the path is not valid percent-encoding'
        : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? `a path segment is longer than ${maxParamLength.toLocaleString('en')} characters`
          : undefined;
    if (message === undefined) {
      request.log.error({ err }, 'request failed');
      return sendProblem(reply, 500, { error: 'internal', message: 'internal error' });
    }
    return sendProblem(reply, 400, invalidBody([{ path: 'url', message }]));
  };
}

// Bytes that are not HTTP, headers over Node's limit or a request too slow to arrive: Node's parser refuses
// them before Fastify has a request, so the answer is written on the socket (as Fastify's own handler does).
export function clientErrorHandler(err: Error & { code?: string }, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body]: [number, ErrorBody] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, { error: 'timeout', message: 'the request did not arrive in time' }]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, { error: 'headers-too-large', message: 'the request headers are too large' }]
        : [400, invalidBody([{ path: '', message: 'the request is not well-formed HTTP' }])];
  const text = JSON.stringify(problem(status, body));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}

export const errorsPlugin = rootPlugin<ErrorsOptions>('desk-errors', async (app, { bodyLimit }) => {
  app.setErrorHandler((err, request: FastifyRequest, reply) => {
    const e = err as Partial<{ statusCode: number; code: string; message: string; validation: unknown[] }>;
    if (hasZodFastifySchemaValidationErrors(err) || Array.isArray(e.validation)) {
      return invalid(
        reply,
        (e.validation as ValidationItem[]).flatMap((item) => issuesFrom(item, request.body)),
      );
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) {
      return reply
        .code(413)
        .send({ error: 'too-large', message: `the request body exceeds ${bodyLimit / 1024} KiB` });
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
    if (status === 400) return invalid(reply, [{ path: '', message: e.message ?? 'bad request' }]);
    if (status > 400 && status < 500) {
      // the contract's names where it has one; otherwise the status's own, e.g. `length-required`
      const error =
        status === 401
          ? 'unauthorized'
          : status === 403
            ? 'forbidden'
            : status === 404
              ? 'not-found'
              : (STATUS_CODES[status] ?? 'client-error').toLowerCase().replace(/[^a-z]+/g, '-');
      return reply.code(status).send({ error, message: e.message ?? 'bad request' });
    }
    // the store could not record: nothing was written, and the client may retry; /health says degraded
    if (isStoreUnavailable(err)) {
      request.log.error({ err }, 'the store is unavailable');
      return reply.code(503).header('retry-after', '5').send({
        error: 'store-unavailable',
        message: 'the desk cannot reach its store now: nothing was recorded; retry',
      });
    }
    // a 5xx is ours, not the client's: log it, and never send its message (it may quote case data)
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  // A string that is not well-formed Unicode (a lone surrogate, which JSON's \ud800 escapes can carry) has no
  // canonical form: the audit chain could not hash it and every later reader would fail on it. Refused at
  // the door, naming where it is, before any route sees it.
  app.addHook('preValidation', async (request, reply) => {
    const where =
      illFormedAt(request.body, '') ??
      illFormedAt(request.query, 'query') ??
      illFormedAt(request.params, 'params');
    if (where !== undefined)
      return invalid(reply, [{ path: where, message: 'not well-formed Unicode (a lone surrogate)' }]);
  });

  // Whatever a route or plugin answers with an error status and the contract's `{error, message}` leaves as a
  // problem (the auth's 401 and 403, the rate limit's 429, a refusal's 409, the store's 503 ...). The health
  // check's 503 `{status: "degraded"}` is a report for load balancers, not an error body, and stays as it is.
  app.addHook('preSerialization', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || !isErrorBody(payload)) return payload;
    reply.type(PROBLEM_CONTENT_TYPE);
    return problem(reply.statusCode, payload);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not-found', message: `no route ${request.method} ${pathOf(request)}` }),
  );
});

// With the u flag a surrogate pair is one code point, so only a surrogate standing alone matches.
const LONE_SURROGATE = /\p{Cs}/u;

// The path of the first string (or key) in `value` that is not well-formed Unicode.
export function illFormedAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  // JSON nests only so deep under the body limit; the bound keeps a hostile body from recursing without end
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return at;
    const found = illFormedAt(item, at, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
