// The desk's OpenAPI document as a client reads it, and a check that an answer is one the document describes:
// its status listed for the operation, its media type, and its body valid against the schema (ajv, which
// Fastify already brings, imported here only). The schemas are checked closed: the document leaves answers
// open for fields added later, but a field the desk sends today and the document does not name is a gap.
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import type { Desk } from './helpers.ts';

type Json = Record<string, unknown>;
export interface Operation {
  method: string;
  path: string;
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses: Record<
    string,
    { description: string; headers?: Json; content?: Record<string, { schema: Json }> }
  >;
}
export interface OpenApi {
  openapi: string;
  servers?: Array<{ url: string }>;
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: { schemas: Record<string, Json> };
}

export async function documentOf(desk: Desk, host = '127.0.0.1:8080'): Promise<OpenApi> {
  const res = await desk.app.inject({ method: 'GET', url: '/docs/json', headers: { host } });
  expect(res.statusCode).toBe(200);
  return res.json() as OpenApi;
}

export const operationsOf = (doc: OpenApi): Operation[] =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
  );

// OpenAPI 3.0's schema dialect as the JSON Schema ajv reads (a boolean exclusiveMinimum bounds `minimum`),
// every object closed (above).
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closed(v)]));
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive]) out[exclusive] = out[bound];
    else delete out[exclusive];
    if (out[exclusive] !== undefined) delete out[bound];
  }
  return out;
}

export function answerChecker(doc: OpenApi) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const components = closed(doc.components);
  const compiled = new Map<string, ValidateFunction>();
  const byId = new Map(operationsOf(doc).map((op) => [op.operationId, op]));

  // The answer `res` to operation `operationId`, as the document describes it; returns the body.
  return function expectDocumented(
    operationId: string,
    res: { statusCode: number; headers: Record<string, unknown>; body: string },
  ): unknown {
    const op = byId.get(operationId);
    expect(op, `an operation ${operationId}`).toBeDefined();
    const where = `${operationId} ${res.statusCode} ${res.body.slice(0, 300)}`;
    const response = op?.responses[String(res.statusCode)];
    expect(response, `${where}: the status is documented`).toBeDefined();
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
    const content = response?.content?.[mediaType];
    expect(content, `${where}: documented as ${mediaType}`).toBeDefined();
    const key = `${operationId} ${res.statusCode} ${mediaType}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ ...(closed(content?.schema) as Json), components });
      compiled.set(key, validate);
    }
    // JSON is read as JSON; a PDF or a CSV is held to its schema as the text it is (a string)
    const isJson = mediaType === 'application/json' || mediaType.endsWith('+json');
    const body: unknown = isJson ? JSON.parse(res.body) : res.body;
    validate(body);
    expect(validate.errors ?? [], where).toEqual([]);
    return body;
  };
}
