// verifyChain and the signed checkpoints on logs built by hand (log.ts), each hash computed from the
// definition: what `desk verify`, GET /cases/:id/audit/verify and a bundle's reader answer for each way a log
// can be broken, and the seq they name.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type Checkpoint,
  GENESIS,
  generateSigningKeys,
  hashEntry,
  loadSigningKeys,
  signCheckpoint,
  verifyChain,
  verifyCheckpoint,
} from '../../src/audit/chain.ts';
import { caseLog, edited, rewritten, sha256OfEntry, ZEROS } from './log.ts';

const KEYS = loadSigningKeys(generateSigningKeys().privatePem);
const OTHER_KEYS = loadSigningKeys(generateSigningKeys().privatePem);
const ID = 'case-7';
const AT = '2026-06-01T03:00:00.000Z';

const checkpointOf = (caseId: string, seq: number, head: string, keys = KEYS): Checkpoint =>
  signCheckpoint({ caseId, seq, head, at: AT }, keys);

describe('the hash of an entry', () => {
  it('is SHA-256 over the canonical JSON of the entry without its hash field', () => {
    const [entry] = caseLog(ID, 1);
    expect(hashEntry(entry!)).toBe(sha256OfEntry(entry!));
    // a stale hash in the entry is not part of what is hashed
    expect(hashEntry({ ...entry!, hash: 'f'.repeat(64) } as never)).toBe(entry!.hash);
    expect(GENESIS).toBe(ZEROS);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched log and answers its length and last hash', () => {
    const log = caseLog(ID, 5);
    expect(verifyChain(ID, log)).toEqual({ valid: true, entries: 5, head: log[4]!.hash });
  });

  it('accepts an empty log, whose head is the 64 zeros the first entry links to', () => {
    expect(verifyChain(ID, [])).toEqual({ valid: true, entries: 0, head: ZEROS });
  });

  it('names an entry of another case, with the head of the entries before it', () => {
    const log = caseLog(ID, 4);
    const mixed = [...log.slice(0, 2), caseLog('case-8', 3)[2]!, log[3]!];
    expect(verifyChain(ID, mixed)).toEqual({
      valid: false,
      entries: 4,
      head: log[1]!.hash,
      firstBad: { seq: 3, problem: 'entry belongs to case case-8' },
    });
  });

  it('names a gap in the sequence: an entry removed from the middle', () => {
    const log = caseLog(ID, 5);
    const gap = [log[0]!, log[1]!, log[3]!, log[4]!];
    expect(verifyChain(ID, gap)).toEqual({
      valid: false,
      entries: 4,
      head: log[1]!.hash,
      firstBad: { seq: 4, problem: 'expected seq 3, found 4' },
    });
  });

  it('names an entry whose prev does not link the one before, even with its own hash right', () => {
    const log = caseLog(ID, 4);
    // seq 3 relinked to the start and rehashed: on its own it is a well-formed entry
    const { hash: _h, ...body } = log[2]!;
    const relinked = { ...body, prev: ZEROS };
    const moved = [log[0]!, log[1]!, { ...relinked, hash: sha256OfEntry(relinked) }, log[3]!];
    expect(verifyChain(ID, moved)).toEqual({
      valid: false,
      entries: 4,
      head: log[1]!.hash,
      firstBad: { seq: 3, problem: 'prev does not link to the previous entry' },
    });
  });

  it('names the first entry changed without its hash recomputed', () => {
    const log = caseLog(ID, 5);
    const changed = edited(log, 4, (e) => ({ ...e, actor: { role: 'operator', subject: 'someone-else' } }));
    expect(verifyChain(ID, changed)).toEqual({
      valid: false,
      entries: 5,
      head: log[2]!.hash,
      firstBad: { seq: 4, problem: 'hash does not match the entry' },
    });
    // the first entry too, whose prev is the zeros
    expect(
      verifyChain(
        ID,
        edited(log, 1, (e) => ({ ...e, at: AT })),
      ).firstBad,
    ).toEqual({
      seq: 1,
      problem: 'hash does not match the entry',
    });
  });

  it('accepts a log that ends at its signed checkpoint, and one that has grown past it', () => {
    const log = caseLog(ID, 5);
    expect(verifyChain(ID, log, checkpointOf(ID, 5, log[4]!.hash), KEYS.publicKey)).toEqual({
      valid: true,
      entries: 5,
      head: log[4]!.hash,
    });
    expect(verifyChain(ID, log, checkpointOf(ID, 3, log[2]!.hash), KEYS.publicKey)).toEqual({
      valid: true,
      entries: 5,
      head: log[4]!.hash,
    });
    expect(verifyChain(ID, log, checkpointOf(ID, 1, log[0]!.hash), KEYS.publicKey).valid).toBe(true);
  });

  it('names a truncated tail: the signed checkpoint covers more than the log holds', () => {
    const log = caseLog(ID, 5);
    const checkpoint = checkpointOf(ID, 5, log[4]!.hash);
    expect(verifyChain(ID, log.slice(0, 3), checkpoint, KEYS.publicKey)).toEqual({
      valid: false,
      entries: 3,
      head: log[2]!.hash,
      firstBad: { seq: 4, problem: 'log truncated: signed checkpoint covers seq 5, log ends at 3' },
    });
  });

  it('a log whose hashes were recomputed after an edit fails at the signed checkpoint', () => {
    const log = caseLog(ID, 5);
    const checkpoint = checkpointOf(ID, 4, log[3]!.hash);
    const forged = rewritten(log, 2, (e) => ({ ...e, event: { ...e.event, note: 'nothing seen' } }));
    // every link holds: only the signature over the old head shows the change
    expect(verifyChain(ID, forged).valid).toBe(true);
    expect(verifyChain(ID, forged, checkpoint, KEYS.publicKey)).toEqual({
      valid: false,
      entries: 5,
      head: forged[4]!.hash,
      firstBad: { seq: 4, problem: 'entry differs from the signed checkpoint' },
    });
  });

  it('a checkpoint re-signed with another key over a forged head fails at its signature', () => {
    const log = caseLog(ID, 5);
    const forged = rewritten(log, 2, (e) => ({ ...e, event: { ...e.event, note: 'nothing seen' } }));
    const resigned = checkpointOf(ID, 5, forged[4]!.hash, OTHER_KEYS);
    expect(verifyChain(ID, forged, resigned, KEYS.publicKey)).toEqual({
      valid: false,
      entries: 5,
      head: forged[4]!.hash,
      firstBad: { seq: 5, problem: 'checkpoint signature does not verify' },
    });
    // with the key it was signed with, the same checkpoint holds
    expect(verifyChain(ID, forged, resigned, OTHER_KEYS.publicKey).valid).toBe(true);
  });

  it('without a public key, a checkpoint still holds the head it names, though its signature is not read', () => {
    const log = caseLog(ID, 3);
    const unsigned = { caseId: ID, seq: 3, head: log[2]!.hash, at: AT, signature: '' };
    expect(verifyChain(ID, log, unsigned)).toEqual({ valid: true, entries: 3, head: log[2]!.hash });
    expect(verifyChain(ID, log, { ...unsigned, head: log[1]!.hash })).toMatchObject({
      valid: false,
      firstBad: { seq: 3, problem: 'entry differs from the signed checkpoint' },
    });
  });
});

describe('a signed checkpoint', () => {
  const claim = { caseId: ID, seq: 4, head: 'ab'.repeat(32), at: AT };

  it('verifies with the public key of the private key that signed it, and with no other', () => {
    const c = signCheckpoint(claim, KEYS);
    expect(c).toMatchObject(claim);
    expect(verifyCheckpoint(c, KEYS.publicKey)).toBe(true);
    expect(verifyCheckpoint(c, OTHER_KEYS.publicKey)).toBe(false);
  });

  it.each([
    ['caseId', { caseId: 'case-8' }],
    ['seq', { seq: 5 }],
    ['head', { head: 'cd'.repeat(32) }],
    ['at', { at: '2026-06-01T03:00:00.001Z' }],
  ])('covers its %s: the signature does not verify once it is changed', (_field, change) => {
    const c = signCheckpoint(claim, KEYS);
    expect(verifyCheckpoint({ ...c, ...change }, KEYS.publicKey)).toBe(false);
  });

  it('keys are Ed25519, the private one as PKCS#8 PEM, the public one derived from it', () => {
    const { privatePem } = generateSigningKeys();
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(createPrivateKey(privatePem).asymmetricKeyType).toBe('ed25519');
    const keys = loadSigningKeys(privatePem);
    expect(keys.publicKey.type).toBe('public');
    expect(keys.publicKey.export({ format: 'jwk' })).toEqual(
      createPublicKey(createPrivateKey(privatePem)).export({ format: 'jwk' }),
    );
    // what one signs, the other verifies
    expect(verifyCheckpoint(signCheckpoint(claim, keys), keys.publicKey)).toBe(true);
  });

  it('a key made elsewhere in PKCS#8 PEM is loaded as it is', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keys = loadSigningKeys(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(verifyCheckpoint(signCheckpoint(claim, keys), publicKey)).toBe(true);
  });
});
