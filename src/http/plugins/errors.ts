// Every error leaves as JSON `{error, message, ...}` (contract.md, Errors), and never a 5xx for bad input.
import type { FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isStoreUnavailable } from '../../store/store.ts';
import { type Issue, invalid } from '../errors.ts';
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

export const errorsPlugin = rootPlugin<ErrorsOptions>('desk-errors', async (app, { bodyLimit }) => {
  app.setErrorHandler((err, request: FastifyRequest, reply) => {
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
