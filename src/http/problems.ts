// Every error the desk answers is an RFC 9457 problem (`application/problem+json`): `type`, `title`, `status`
// and `detail` for any client that reads problem details, beside the contract's own fields (`error`,
// `message`, `issues`, `reason`, `basis`, `allowedOverrides`, `currentVersion`, ...), which stay as they were.
// Routes and plugins send the contract's body; the errors plugin turns it into a problem on its way out.
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { CaseView } from './responses/case.ts';

// `type` is this prefix and the contract's `error`: an identifier to compare, not a page to fetch (the
// `.invalid` top-level domain never resolves, RFC 6761), as the scenario schema's `$id` is.
export const PROBLEM_TYPE_PREFIX = 'https://interception-desk.invalid/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ErrorBody {
  error: string;
  message: string;
  [field: string]: unknown;
}

// RFC 9457, 3.1.3: the same title for every occurrence of a type; what happened this time is `detail`.
const TITLES: Readonly<Record<string, string>> = {
  invalid: 'The request is not valid',
  unauthorized: 'A valid bearer token is needed',
  'bad-signature': 'The message is not signed by its sender',
  forbidden: 'Not for this role',
  'not-found': 'Not found',
  refused: 'The law does not allow this step now',
  'version-conflict': 'The case has moved on',
  'wrong-addressee': 'The message is addressed to another State',
  'not-in-conversation': 'The case did not write to this State',
  'unknown-conversation': 'No case is this conversation',
  'idempotency-key-reused': 'The idempotency key was used for another request',
  'too-large': 'The request body is too large',
  'unsupported-media-type': 'The body is not JSON',
  'rate-limited': 'Too many requests',
  'upgrade-required': 'A WebSocket endpoint',
  timeout: 'The request did not arrive in time',
  'headers-too-large': 'The request headers are too large',
  'store-unavailable': 'The desk cannot reach its store',
  'ranking-timed-out': 'The places of safety could not be ranked in time',
  internal: 'Internal error',
};

export const isErrorBody = (payload: unknown): payload is ErrorBody =>
  typeof payload === 'object' &&
  payload !== null &&
  !Array.isArray(payload) &&
  typeof (payload as { error?: unknown }).error === 'string';

export function problem(status: number, body: ErrorBody) {
  return {
    type: `${PROBLEM_TYPE_PREFIX}${encodeURIComponent(body.error)}`,
    title: TITLES[body.error] ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail: body.message,
    ...body,
  };
}

// The problem as the OpenAPI document describes every error answer (openapi.ts): RFC 9457's members, then the
// contract's. Open: a problem type may carry members of its own (RFC 9457, 3.2).
export const Problem = z
  .object({
    type: z.string().describe(`${PROBLEM_TYPE_PREFIX}<error>: an identifier to compare, never fetched`),
    title: z.string().describe('the same for every occurrence of a type'),
    status: z.number().int().describe('the HTTP status'),
    detail: z.string().describe('the same as message'),
    error: z
      .string()
      .describe("the contract's name: invalid, unauthorized, forbidden, not-found, refused, ..."),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('invalid: each bad field, by its dot path into the body, the query, a parameter or a header'),
    reason: z.string().optional().describe("refused: the law's reason (contract.md, Refusal reasons)"),
    basis: z.array(z.string()).optional().describe('refused: the articles behind the refusal'),
    allowedOverrides: z
      .array(z.enum(['imminent-danger', 'recorded-fact']))
      .optional()
      .describe('refused: the overrides the law offers'),
    seq: z.number().int().optional().describe("refused: the refusal's entry in the audit trail"),
    view: CaseView.optional().describe('refused: the case view, unchanged'),
    currentVersion: z.number().int().optional().describe('version-conflict: the case version now'),
    rolesAllowed: z.array(z.string()).optional().describe('forbidden: the roles that may'),
    key: z.string().optional().describe('idempotency-key-reused: the key'),
  })
  .meta({ id: 'Problem', description: "an RFC 9457 problem, with the contract's fields beside its own" });
