// Idempotency keys (contract.md, HTTP: `Idempotency-Key` makes retries safe). A retry, the same request again
// under the same key, gets the first answer and records nothing. The same key with another request is not a
// retry: answering it with the first request's result would drop the second silently, so it is refused
// (422), naming the key. The store keeps the request's fingerprint with the answer.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CommandResult } from './types.ts';

export interface Idempotency {
  // the caller's: a key is only ever compared with the same caller's (commands.ts)
  scope: string;
  key: string;
  // SHA-256 of the request's canonical JSON
  request: string;
}

interface Recorded {
  request: string;
  result: CommandResult;
}

export function idempotency(scope: string, key: string, request: unknown): Idempotency {
  const text = canonicalize(request) ?? '';
  return { scope, key, request: createHash('sha256').update(text).digest('hex') };
}

// What the store keeps beside the key.
export function recorded(idem: Idempotency, result: CommandResult): Recorded {
  return { request: idem.request, result };
}

// The answer to a request whose key the store already holds.
export function answerAgain(idem: Idempotency, stored: unknown): CommandResult {
  const r = stored as Partial<Recorded> | null;
  // stores from before fingerprints kept the bare answer: it stands, as it did
  if (!r || typeof r.request !== 'string' || r.result === undefined) return stored as CommandResult;
  if (r.request === idem.request) return r.result;
  return {
    status: 'idempotency-key-reused',
    key: idem.key,
    message: `the Idempotency-Key ${JSON.stringify(idem.key)} was used for another request: nothing was recorded; send this request under a new key`,
  };
}
