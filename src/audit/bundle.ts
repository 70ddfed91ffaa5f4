// A case's audit trail as a file that proves itself (GET /cases/:id/export, `desk verify --bundle`): the
// entries up to the latest signed checkpoint, the checkpoint, and the public key it verifies with, as a JWK
// (RFC 8037). A flag State, a court or an auditor checks it with no store and no desk: every entry's hash and
// link (chain.ts), the checkpoint's signature over the head, and that nothing follows the signed head, since
// an entry appended after it could be chained by anyone.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { type ChainedEntry, type Checkpoint, verifyChain } from './chain.ts';

export const BUNDLE_FORMAT = 'interception-desk/audit-bundle@1';

export interface AuditBundle {
  format: typeof BUNDLE_FORMAT;
  caseId: string;
  entries: ChainedEntry[];
  checkpoint: Checkpoint;
  publicKey: Ed25519Jwk;
}

export interface Ed25519Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

// The first thing wrong: an entry's `seq` where one is to blame, otherwise the bundle as a whole.
export type BundleCheck =
  | { valid: true; caseId: string; entries: number; head: string; signedAt: string; key: string }
  | { valid: false; caseId?: string; firstBad?: { seq: number; problem: string }; problem: string };

export function bundleOf(
  caseId: string,
  entries: ChainedEntry[],
  checkpoint: Checkpoint,
  publicKey: KeyObject,
): AuditBundle {
  return {
    format: BUNDLE_FORMAT,
    caseId,
    // only what the signature covers: the export is a snapshot as of the signed head
    entries: entries.slice(0, checkpoint.seq),
    // a plain copy: a checkpoint signed when first read (chain.ts, signedWhenRead) is signed here
    checkpoint: {
      caseId: checkpoint.caseId,
      seq: checkpoint.seq,
      head: checkpoint.head,
      at: checkpoint.at,
      signature: checkpoint.signature,
    },
    publicKey: publicJwk(publicKey),
  };
}

export function publicJwk(key: KeyObject): Ed25519Jwk {
  const { kty, crv, x } = key.export({ format: 'jwk' });
  if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string') throw new Error('not an Ed25519 key');
  return { kty, crv, x };
}

// RFC 7638: what a reader compares with the key the desk's authority publishes, since a bundle that brings
// its own key proves only that whoever holds that key signed it.
export function keyThumbprint(jwk: Ed25519Jwk): string {
  const text = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(text).digest('base64url');
}

// A decoder ignores the unused low bits of a final base64 character, so two spellings decode alike: only the
// canonical one is taken, or a changed character could leave the signature (or the key) verifying.
const canonical = (encoding: 'base64' | 'base64url') =>
  z
    .string()
    .min(1)
    .refine((s) => Buffer.from(s, encoding).toString(encoding) === s, `not canonical ${encoding}`);

// Entries are read as any JSON objects: the chain decides whether they are what was signed, and names the
// seq that is not. Everything else is held to its shape, so a changed name or value is refused by name.
const Shape = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  caseId: z.string().min(1),
  entries: z.array(z.record(z.string(), z.unknown())).min(1),
  checkpoint: z.strictObject({
    caseId: z.string(),
    seq: z.number().int().positive(),
    head: z.string(),
    at: z.string(),
    signature: canonical('base64'),
  }),
  publicKey: z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: canonical('base64url') }),
});

export function verifyBundle(text: string): BundleCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { valid: false, problem: `not JSON: ${(err as Error).message}` };
  }
  const parsed = Shape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.') || '(the bundle)';
    return { valid: false, problem: `${at}: ${issue.message}` };
  }
  const bundle = parsed.data;
  const { caseId, checkpoint } = bundle;
  const entries = bundle.entries as unknown as ChainedEntry[];
  let key: KeyObject;
  try {
    key = createPublicKey({ key: bundle.publicKey, format: 'jwk' });
  } catch {
    return { valid: false, caseId, problem: 'publicKey: not an Ed25519 public key' };
  }
  const chain = verifyChain(caseId, entries, checkpoint, key);
  if (!chain.valid) {
    const firstBad = chain.firstBad ?? { seq: 0, problem: 'chain invalid' };
    return { valid: false, caseId, firstBad, problem: `seq ${firstBad.seq}: ${firstBad.problem}` };
  }
  if (checkpoint.caseId !== caseId)
    return { valid: false, caseId, problem: `checkpoint: signed for case ${checkpoint.caseId}` };
  if (entries.length > checkpoint.seq) {
    const firstBad = {
      seq: checkpoint.seq + 1,
      problem: `after the signed checkpoint (seq ${checkpoint.seq}): not covered by its signature`,
    };
    return { valid: false, caseId, firstBad, problem: `seq ${firstBad.seq}: ${firstBad.problem}` };
  }
  return {
    valid: true,
    caseId,
    entries: entries.length,
    head: chain.head,
    signedAt: checkpoint.at,
    key: keyThumbprint(bundle.publicKey),
  };
}
