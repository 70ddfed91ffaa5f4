// The exchange's wire format (contract.md, "Desk-to-desk exchange"): a message is a JWS, Ed25519, whose
// payload is {id, from, to, conversation, inReplyTo?, kind, sentAt, body}; a receipt is a JWS over
// {messageId, sha256, receivedAt}, where sha256 is the hash of the message's compact serialization as
// received. Both desks compute that hash the same way, so both audit trails name the same message.
import { createHash } from 'node:crypto';
import {
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  type JSONWebKeySet,
} from 'jose';
import { z } from 'zod';
import {
  Alpha2,
  AnswerBody,
  FreeText,
  IdText,
  IncomingRequest,
  leniently,
  list,
  MessageKind,
  Position,
  Scope,
  Vessel,
} from '../../machines/schemas.ts';
import type { ExchangeKeys } from './keys.ts';

const Id = IdText.min(1);

export const Message = z.strictObject({
  id: Id,
  from: Alpha2,
  to: Alpha2,
  conversation: Id,
  inReplyTo: Id.optional(),
  kind: MessageKind,
  sentAt: z.iso.datetime({ offset: true }),
  body: z.record(z.string(), z.unknown()),
});
export type Message = z.infer<typeof Message>;

// What each kind's body must hold for the receiving desk to act on it. A request names the vessel and its
// position when it opens the case (src/runtime/exchange.ts); what it asks is `asks`, or for an authorisation
// request its `scopes` (contract.md), the registry otherwise. A body carries more than the receiver acts on
// (domain.md, flag-State step 2: the requesting authority, the unit, ...), kept as received; read with
// `bodyOf`, what a body's vessel or answer holds beyond the vocabulary is dropped, not refused: the two desks
// may be of different versions. The limits are the vocabulary's, so whatever a desk took over HTTP it can
// deliver.
type Asked = IncomingRequest['asks'];
const request = (fallback: (body: { scopes?: Asked }) => Asked) =>
  z
    .looseObject({
      vessel: Vessel.optional(),
      position: Position.optional(),
      grounds: list(FreeText.min(1)).optional(),
      asks: IncomingRequest.shape.asks.optional(),
      scopes: list(Scope).min(1).optional(),
    })
    .transform((b) => ({ ...b, asks: b.asks ?? fallback(b) }));
const BODIES: Record<MessageKind, z.ZodType> = {
  'notify-flag-state': request(() => ['registry']),
  'request-authorisation': request((b) => b.scopes ?? ['registry']),
  acknowledge: z.looseObject({ note: FreeText.optional() }),
  answer: AnswerBody,
  'withdraw-authorisation': z.looseObject({
    scopes: list(Scope).min(1).optional(),
    reason: FreeText.optional(),
  }),
  'report-results': z.record(z.string(), z.unknown()),
};
export const bodyOf = (kind: MessageKind, body: unknown) => leniently(BODIES[kind], body);

export const Receipt = z.object({ messageId: Id, sha256: z.string(), receivedAt: z.string() });
export type Receipt = z.infer<typeof Receipt>;

const ALGORITHMS = ['EdDSA', 'Ed25519'];

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function sign(payload: unknown, keys: ExchangeKeys, typ: string): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ })
    .sign(keys.privateKey);
}

export const signMessage = (message: Message, keys: ExchangeKeys) => sign(message, keys, 'desk-message+jws');
export const signReceipt = (receipt: Receipt, keys: ExchangeKeys) => sign(receipt, keys, 'desk-receipt+jws');

// The compact serialization of what was posted: a compact string, or the flattened JSON serialization
// (protected, payload, signature; an unprotected header has no place in a message).
export function compactOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(text) ? text : undefined;
  }
  if (body && typeof body === 'object') {
    const { protected: p, payload, signature, ...rest } = body as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return undefined;
    if ([p, payload, signature].every((s) => typeof s === 'string' && /^[\w-]*$/.test(s)))
      return `${p}.${payload}.${signature}`;
  }
  return undefined;
}

// The payload before the signature is checked: only to find whose keys to check it with.
export function unverifiedPayload(compact: string): unknown {
  try {
    decodeProtectedHeader(compact);
    const payload = compact.split('.')[1]!;
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

// The payload, if one of the keys signed it; undefined for a wrong key, a tampered message, a bad set.
export async function verified(compact: string, jwks: unknown): Promise<unknown> {
  try {
    const keys = createLocalJWKSet(jwks as JSONWebKeySet);
    const { payload } = await compactVerify(compact, keys, { algorithms: ALGORITHMS });
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return undefined;
  }
}
