// What each route answers, as the OpenAPI document tells an integrator (issue 17): the success status and its
// body, every problem the route can answer, and the headers that come with them.
//
// Documentation only, by design. Fastify compiles a serializer for whatever a route gives as
// `schema.response`, and the zod one refuses an answer that strays from its schema with a 500: one stale
// schema would turn a recorded event into an error for the crew. So a route gives its answers as
// `schema.answers`, which Fastify never reads, and only the document is built from them (`transform` below,
// in plugins/docs.ts). What the desk sends stays byte for byte what the handler built; the tests hold the
// answers to the document instead (test/http/openapi.test.ts).
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { Problem } from './problems.ts';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

// What each status means wherever it is answered; a route may say more of its own (`[409, '...']`).
const PROBLEMS: Readonly<Record<ProblemStatus, string>> = {
  400: 'invalid: each bad field named in `issues`',
  401: 'unauthorized: no bearer token, or not one this desk accepts',
  403: 'forbidden: not for this role (`rolesAllowed`)',
  404: 'not-found',
  409: 'refused by the law now (`reason`, `basis`, `allowedOverrides`, the unchanged `view`), or version-conflict (`currentVersion`)',
  413: 'too-large: the body is over 256 KiB',
  415: 'unsupported-media-type: send the body as application/json',
  422: 'idempotency-key-reused: the key came with another request (`key`); nothing was recorded',
  429: 'rate-limited: too many requests from this token (or address); retry after `Retry-After` seconds',
  503: 'store-unavailable: nothing was recorded; retry after `Retry-After` seconds',
};

const RETRY_AFTER: Readonly<Record<string, string>> = { 'retry-after': 'seconds to wait before retrying' };
const WITH_RETRY_AFTER = new Set<number>([429, 503]);

export const ETAG = { etag: 'the case version, "<version>": send it back as If-Match' } as const;
export const LOCATION = { location: 'the new case, /cases/<id>' } as const;
export const NEXT_PAGE = {
  link: '`<...>; rel="next"` (RFC 8288) to the next page, kept only while there is one',
  'x-next-cursor': "the next page's `after`; absent on the last page",
} as const;

export interface Answers {
  // the desk's own status on success: 201 where a route creates, 200 otherwise
  status: 200 | 201;
  description: string;
  body: z.ZodType;
  // the success's media type where it is not JSON (the case file's application/pdf), and any other it may
  // be asked for instead (the indicators' text/csv)
  mediaType?: string;
  alternatives?: Readonly<Record<string, z.ZodType>>;
  headers?: Readonly<Record<string, string>>;
  errors: ReadonlyArray<ProblemStatus | readonly [ProblemStatus, string]>;
  // answers that are neither the success nor a problem: GET /health's 503 report
  others?: Readonly<Record<number, { description: string; body: z.ZodType }>>;
}

declare module 'fastify' {
  interface FastifySchema {
    // read by the docs transform only, never by Fastify (above)
    answers?: Answers;
  }
}

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

function responsesOf(answers: Answers) {
  const json = (body: z.ZodType) => ({ 'application/json': { schema: body } });
  const out: Record<string, { description: string; content: Record<string, { schema: z.ZodType }> }> = {
    [answers.status]: {
      description: answers.description,
      content: {
        [answers.mediaType ?? 'application/json']: { schema: answers.body },
        ...Object.fromEntries(
          Object.entries(answers.alternatives ?? {}).map(([type, schema]) => [type, { schema }]),
        ),
      },
    },
  };
  for (const [status, other] of Object.entries(answers.others ?? {}))
    out[status] = { description: other.description, content: json(other.body) };
  for (const e of answers.errors) {
    const [status, description] = typeof e === 'number' ? [e, PROBLEMS[e]] : e;
    out[status] = { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: Problem } } };
  }
  return out;
}

const headersOf = (named: Readonly<Record<string, string>>) =>
  Object.fromEntries(
    Object.entries(named).map(([name, description]) => [name, { type: 'string', description }]),
  );

// An answer's schema as a client should read it. Answers may grow (the contract adds fields freely), so its
// objects stay open: zod writes `additionalProperties: false` for what it would output, which would tell a
// client to refuse a field added later (request bodies stay closed: the desk refuses an unknown field there).
// And a nullable enum lists null, as OpenAPI 3.0.3 asks (`nullable` alone does not widen an `enum`).
function asAnswer<T>(node: T): T {
  if (Array.isArray(node)) return node.map(asAnswer) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = asAnswer(value);
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  return out as T;
}

type TransformInput = Parameters<SwaggerTransform>[0];

// Per route: the zod schemas of the request as fastify-type-provider-zod writes them, and `answers` as the
// responses, headers included (the zod transform keeps only a response's description and content).
export function transform(input: TransformInput): ReturnType<SwaggerTransform> {
  const { answers, ...schema } = input.schema ?? {};
  const documented = answers ? { ...schema, response: responsesOf(answers) } : schema;
  const out = jsonSchemaTransform({ ...input, schema: documented });
  if (!answers) return out;
  const responses = (out.schema as { response: Record<string, Record<string, unknown>> }).response;
  for (const [status, response] of Object.entries(responses)) {
    const named = {
      ...(Number(status) === answers.status ? answers.headers : {}),
      ...(WITH_RETRY_AFTER.has(Number(status)) ? RETRY_AFTER : {}),
    };
    responses[status] = {
      ...asAnswer(response),
      ...(Object.keys(named).length > 0 ? { headers: headersOf(named) } : {}),
    };
  }
  return out;
}

// Once for the document: the components the answers share (Problem, CaseView, ...), read as above. The zod
// transform also writes each one as a request schema (`<id>Input`) that no request uses: only the components
// the document refers to are kept.
export const transformObject: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as {
    paths?: unknown;
    components?: { schemas?: Record<string, unknown> };
  };
  const all = document.components?.schemas ?? {};
  const used = new Map<string, unknown>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const name = key === '$ref' && typeof value === 'string' ? value.split('/').pop() : undefined;
      if (name !== undefined && !used.has(name) && name in all) {
        used.set(name, asAnswer(all[name]));
        visit(all[name]);
      } else visit(value);
    }
  };
  visit(document.paths);
  const schemas = Object.fromEntries([...used].sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...document,
    components: { ...document.components, schemas },
  } as ReturnType<SwaggerTransformObject>;
};

// The document is built once and kept by @fastify/swagger, but where the desk is depends on who asks (behind
// a proxy, on a ship's network, on 127.0.0.1): it names this placeholder, and each answer the origin it was
// asked at.
export const THIS_DESK = 'https://this-desk.invalid';
const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export function originOf(request: FastifyRequest): string {
  // a Host header is the caller's to write: only a plain host[:port] goes into the document; else relative
  return HOST.test(request.host) ? `${request.protocol}://${request.host}` : '/';
}
