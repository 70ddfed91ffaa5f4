// Every error the desk answers is an RFC 9457 problem (`application/problem+json`): `type`, `title`, `status`
// and `detail` for any client that reads problem details, beside the contract's own fields (`error`,
// `message`, `issues`, `reason`, `basis`, `allowedOverrides`, `currentVersion`, ...), which stay as they were.
// Routes and plugins send the contract's body; the errors plugin turns it into a problem on its way out.
import { STATUS_CODES } from 'node:http';

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
