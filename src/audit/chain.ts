// The per-case audit chain (engineering.md, "Audit trail"): each entry's hash is SHA-256 over the RFC 8785
// canonical JSON of the entry without its hash; `prev` links to the previous hash; the first links to zeros.
// Signed checkpoints of the heads let a verifier notice a truncated tail, which a chain alone cannot show.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Refusal } from '../../machines/rules.ts';

export const GENESIS = '0'.repeat(64);

// A refusal as the log keeps it and the API answers it: the law's own refusal (machines/rules.ts) without
// its outcome tag.
export type RefusalRecord = Pick<Refusal, 'reason' | 'message' | 'basis' | 'allowedOverrides'>;

export interface ChainedEntry {
  caseId: string;
  seq: number;
  at: string;
  actor: { role: string; subject: string };
  type: string;
  event: Record<string, unknown>;
  outcome: 'applied' | 'refused';
  refusal?: RefusalRecord;
  prev: string;
  hash: string;
}

export function hashEntry(entry: Omit<ChainedEntry, 'hash'>): string {
  const { hash: _h, ...rest } = entry as ChainedEntry;
  const text = canonicalize(rest);
  if (text === undefined) throw new Error('audit entry cannot be canonicalised');
  return createHash('sha256').update(text).digest('hex');
}

export interface Checkpoint {
  caseId: string;
  seq: number;
  head: string;
  at: string;
  signature: string;
}

export interface VerifyResult {
  valid: boolean;
  entries: number;
  head: string;
  firstBad?: { seq: number; problem: string };
}

export function verifyChain(
  caseId: string,
  entries: ChainedEntry[],
  checkpoint?: Checkpoint,
  publicKey?: KeyObject,
): VerifyResult {
  let prev = GENESIS;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const bad = (problem: string): VerifyResult => ({
      valid: false,
      entries: entries.length,
      head: prev,
      firstBad: { seq: e.seq, problem },
    });
    if (e.caseId !== caseId) return bad(`entry belongs to case ${e.caseId}`);
    if (e.seq !== i + 1) return bad(`expected seq ${i + 1}, found ${e.seq}`);
    if (e.prev !== prev) return bad('prev does not link to the previous entry');
    if (hashEntry(e) !== e.hash) return bad('hash does not match the entry');
    prev = e.hash;
  }
  if (checkpoint) {
    if (publicKey && !verifyCheckpoint(checkpoint, publicKey)) {
      return {
        valid: false,
        entries: entries.length,
        head: prev,
        firstBad: { seq: checkpoint.seq, problem: 'checkpoint signature does not verify' },
      };
    }
    const at = entries[checkpoint.seq - 1];
    if (!at) {
      return {
        valid: false,
        entries: entries.length,
        head: prev,
        firstBad: {
          seq: entries.length + 1,
          problem: `log truncated: signed checkpoint covers seq ${checkpoint.seq}, log ends at ${entries.length}`,
        },
      };
    }
    if (at.hash !== checkpoint.head) {
      return {
        valid: false,
        entries: entries.length,
        head: prev,
        firstBad: { seq: checkpoint.seq, problem: 'entry differs from the signed checkpoint' },
      };
    }
  }
  return { valid: true, entries: entries.length, head: prev };
}

function checkpointMessage(c: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(canonicalize({ caseId: c.caseId, seq: c.seq, head: c.head, at: c.at }) ?? '');
}

export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateSigningKeys(): { privatePem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function loadSigningKeys(privatePem: string): SigningKeys {
  const privateKey = createPrivateKey(privatePem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function signCheckpoint(c: Omit<Checkpoint, 'signature'>, keys: SigningKeys): Checkpoint {
  return { ...c, signature: sign(null, checkpointMessage(c), keys.privateKey).toString('base64') };
}

// The same, signed when its signature is first read: a store that writes only the last of a case's
// checkpoints in a group commit (store/sqlite.ts) signs one per batch, not one per event.
export function signedWhenRead(c: Omit<Checkpoint, 'signature'>, keys: SigningKeys): Checkpoint {
  let signature: string | undefined;
  return {
    ...c,
    get signature() {
      signature ??= signCheckpoint(c, keys).signature;
      return signature;
    },
  };
}

export function verifyCheckpoint(c: Checkpoint, publicKey: KeyObject): boolean {
  return verify(null, checkpointMessage(c), publicKey, Buffer.from(c.signature, 'base64'));
}
