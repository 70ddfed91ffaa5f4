// A case's audit trail as a file that proves itself (GET /cases/:id/export, `desk verify --bundle`): what the
// export holds, and what a reader with nothing but the file is told for each way the file can be wrong. The
// logs are built and hashed by hand (log.ts); the key is RFC 8037's example key (appendix A), whose public
// half and RFC 7638 thumbprint the RFC prints.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type AuditBundle,
  bundleOf,
  keyThumbprint,
  publicJwk,
  verifyBundle,
} from '../../src/audit/bundle.ts';
import { type Checkpoint, loadSigningKeys, signCheckpoint, signedWhenRead } from '../../src/audit/chain.ts';
import { caseLog, edited } from './log.ts';

// RFC 8037 appendix A.1 and A.2
const RFC_D = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';
const RFC_X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
// RFC 8037 appendix A.3: the key's RFC 7638 thumbprint
const RFC_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';

const privateKey = createPrivateKey({
  key: { kty: 'OKP', crv: 'Ed25519', d: RFC_D, x: RFC_X },
  format: 'jwk',
});
const KEYS = loadSigningKeys(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const other = generateKeyPairSync('ed25519');
const OTHER_KEYS = { privateKey: other.privateKey, publicKey: other.publicKey };

const ID = 'case-7';
const AT = '2026-06-01T03:00:00.000Z';
const FORMAT = 'interception-desk/audit-bundle@1';

// the file GET /cases/:id/export writes for a log of `n` entries signed at `signedSeq`
function exported(n = 5, signedSeq = n, keys = KEYS) {
  const log = caseLog(ID, n);
  const checkpoint = signCheckpoint(
    { caseId: ID, seq: signedSeq, head: log[signedSeq - 1]!.hash, at: AT },
    keys,
  );
  return { log, checkpoint, bundle: bundleOf(ID, log, checkpoint, keys.publicKey) };
}

const text = (b: unknown) => JSON.stringify(b, null, 2);

// a bundle changed by hand, as someone editing the file would
function changed(edit: (b: AuditBundle) => unknown): string {
  const { bundle } = exported();
  return text(edit(structuredClone(bundle)));
}

// the last base64 character before the padding spelled with other unused low bits: it decodes alike
function respelled(b64: string, alphabet: string): string {
  const body = b64.replace(/=+$/, '');
  const pad = b64.slice(body.length);
  const last = body.at(-1)!;
  const i = alphabet.indexOf(last);
  const j = i % 2 === 0 ? i + 1 : i - 1;
  return `${body.slice(0, -1)}${alphabet[j]}${pad}`;
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('the audit public key as a JWK (RFC 8037)', () => {
  it('is the Ed25519 key as RFC 8037 spells it, with its RFC 7638 thumbprint', () => {
    expect(publicJwk(KEYS.publicKey)).toEqual({ kty: 'OKP', crv: 'Ed25519', x: RFC_X });
    expect(keyThumbprint({ kty: 'OKP', crv: 'Ed25519', x: RFC_X })).toBe(RFC_THUMBPRINT);
  });

  it('the thumbprint is over the required members in lexical order, whatever order the JWK has', () => {
    const jwk = publicJwk(OTHER_KEYS.publicKey);
    const expected = createHash('sha256')
      .update(`{"crv":"Ed25519","kty":"OKP","x":"${jwk.x}"}`)
      .digest('base64url');
    expect(keyThumbprint({ x: jwk.x, crv: 'Ed25519', kty: 'OKP' })).toBe(expected);
    expect(expected).not.toBe(RFC_THUMBPRINT);
  });

  it.each([
    ['an X25519 key (OKP, another curve)', () => generateKeyPairSync('x25519').publicKey],
    ['an EC key', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
    ['an Ed448 key', () => generateKeyPairSync('ed448').publicKey],
  ])('refuses %s', (_what, key) => {
    expect(() => publicJwk(key())).toThrow('not an Ed25519 key');
  });
});

describe('bundleOf: what GET /cases/:id/export writes', () => {
  it('holds the entries up to the signed checkpoint, a plain copy of it, and the public key', () => {
    const log = caseLog(ID, 5);
    const claim = { caseId: ID, seq: 3, head: log[2]!.hash, at: AT };
    // a checkpoint signed when first read (one signature per group commit) is written signed
    const bundle = bundleOf(ID, log, signedWhenRead(claim, KEYS), KEYS.publicKey);
    expect(JSON.parse(JSON.stringify(bundle))).toEqual({
      format: FORMAT,
      caseId: ID,
      entries: log.slice(0, 3),
      checkpoint: { ...claim, signature: signCheckpoint(claim, KEYS).signature },
      publicKey: { kty: 'OKP', crv: 'Ed25519', x: RFC_X },
    });
    expect(Object.keys(bundle.checkpoint).sort()).toEqual(['at', 'caseId', 'head', 'seq', 'signature']);
  });

  it('verifies with nothing but its text, naming the entries, head, signing time and key thumbprint', () => {
    const { log, bundle } = exported(5);
    expect(verifyBundle(text(bundle))).toEqual({
      valid: true,
      caseId: ID,
      entries: 5,
      head: log[4]!.hash,
      signedAt: AT,
      key: RFC_THUMBPRINT,
    });
  });

  it('a log that grew past its checkpoint is exported as of the signed head, and verifies', () => {
    const { log, bundle } = exported(5, 3);
    expect(bundle.entries).toHaveLength(3);
    expect(verifyBundle(text(bundle))).toMatchObject({ valid: true, entries: 3, head: log[2]!.hash });
  });
});

describe('verifyBundle: what a reader of a changed file is told', () => {
  it('a file that is not JSON', () => {
    const r = verifyBundle('{"format": ');
    expect(r.valid).toBe(false);
    expect(r).not.toHaveProperty('caseId');
    expect((r as { problem: string }).problem).toMatch(/^not JSON: \S/);
  });

  it('JSON that is not a bundle at all is named as the bundle', () => {
    for (const t of ['[]', 'null', '"bundle"']) {
      const r = verifyBundle(t);
      expect(r.valid).toBe(false);
      expect((r as { problem: string }).problem).toMatch(/^\(the bundle\): \S/);
    }
  });

  it.each([
    ['format', (b: AuditBundle) => ({ ...b, format: 'interception-desk/audit-bundle@2' })],
    ['caseId', (b: AuditBundle) => ({ ...b, caseId: '' })],
    ['entries', (b: AuditBundle) => ({ ...b, entries: [] })],
    ['checkpoint.seq', (b: AuditBundle) => ({ ...b, checkpoint: { ...b.checkpoint, seq: 0 } })],
    ['checkpoint.signature', (b: AuditBundle) => ({ ...b, checkpoint: { ...b.checkpoint, signature: '' } })],
    ['publicKey.crv', (b: AuditBundle) => ({ ...b, publicKey: { ...b.publicKey, crv: 'X25519' } })],
    ['publicKey.x', (b: AuditBundle) => ({ ...b, publicKey: { ...b.publicKey, x: '' } })],
  ])('a changed %s is refused by name before any entry is read', (path, edit) => {
    const r = verifyBundle(changed(edit));
    expect(r).toMatchObject({ valid: false });
    expect(r).not.toHaveProperty('firstBad');
    expect((r as { problem: string }).problem.startsWith(`${path}: `)).toBe(true);
  });

  it('a field the format does not have is refused, not ignored', () => {
    const r = verifyBundle(changed((b) => ({ ...b, note: 'checked by me' })));
    expect(r).toMatchObject({ valid: false });
    expect((r as { problem: string }).problem).toMatch(/^\(the bundle\): .*note/);
    const inner = verifyBundle(changed((b) => ({ ...b, checkpoint: { ...b.checkpoint, by: 'me' } })));
    expect((inner as { problem: string }).problem).toMatch(/^checkpoint: .*by/);
  });

  it('a signature respelled in its unused low bits is refused, though it decodes to the same bytes', () => {
    const { bundle } = exported();
    const sig = bundle.checkpoint.signature;
    const other = respelled(sig, B64);
    expect(other).not.toBe(sig);
    expect(Buffer.from(other, 'base64').equals(Buffer.from(sig, 'base64'))).toBe(true);
    const r = verifyBundle(text({ ...bundle, checkpoint: { ...bundle.checkpoint, signature: other } }));
    expect(r).toEqual({ valid: false, problem: 'checkpoint.signature: not canonical base64' });
  });

  it('a key respelled in its unused low bits is refused, though it decodes to the same key', () => {
    const { bundle } = exported();
    const x = respelled(RFC_X, B64URL);
    expect(Buffer.from(x, 'base64url').equals(Buffer.from(RFC_X, 'base64url'))).toBe(true);
    const r = verifyBundle(text({ ...bundle, publicKey: { ...bundle.publicKey, x } }));
    expect(r).toEqual({ valid: false, problem: 'publicKey.x: not canonical base64url' });
  });

  it('a key of the wrong length is no Ed25519 public key', () => {
    const r = verifyBundle(changed((b) => ({ ...b, publicKey: { ...b.publicKey, x: 'AAAA' } })));
    expect(r).toEqual({ valid: false, caseId: ID, problem: 'publicKey: not an Ed25519 public key' });
  });

  it("names the first changed entry's seq (one byte of the event)", () => {
    const r = verifyBundle(
      changed((b) => ({
        ...b,
        entries: edited(b.entries, 2, (e) => ({ ...e, event: { ...e.event, note: 'step 3' } })),
      })),
    );
    expect(r).toEqual({
      valid: false,
      caseId: ID,
      firstBad: { seq: 2, problem: 'hash does not match the entry' },
      problem: 'seq 2: hash does not match the entry',
    });
  });

  it('a signature that is canonical but not over this head does not verify', () => {
    const { log, bundle } = exported(5);
    const otherHead = signCheckpoint({ caseId: ID, seq: 5, head: log[3]!.hash, at: AT }, KEYS).signature;
    const r = verifyBundle(text({ ...bundle, checkpoint: { ...bundle.checkpoint, signature: otherHead } }));
    expect(r).toEqual({
      valid: false,
      caseId: ID,
      firstBad: { seq: 5, problem: 'checkpoint signature does not verify' },
      problem: 'seq 5: checkpoint signature does not verify',
    });
  });

  it("a bundle that brings another key than the signer's does not verify", () => {
    const { bundle } = exported();
    const r = verifyBundle(text({ ...bundle, publicKey: publicJwk(OTHER_KEYS.publicKey) }));
    expect(r).toMatchObject({ valid: false, firstBad: { problem: 'checkpoint signature does not verify' } });
  });

  it('a truncated tail: the checkpoint covers entries the file no longer holds', () => {
    const r = verifyBundle(changed((b) => ({ ...b, entries: b.entries.slice(0, 4) })));
    expect(r).toEqual({
      valid: false,
      caseId: ID,
      firstBad: { seq: 5, problem: 'log truncated: signed checkpoint covers seq 5, log ends at 4' },
      problem: 'seq 5: log truncated: signed checkpoint covers seq 5, log ends at 4',
    });
  });

  it('an entry appended after the signed head is not covered by the signature, however well it links', () => {
    const { log, bundle } = exported(5, 4);
    // the fifth entry links and hashes correctly: anyone could have chained it
    const r = verifyBundle(text({ ...bundle, entries: log }));
    expect(r).toEqual({
      valid: false,
      caseId: ID,
      firstBad: { seq: 5, problem: 'after the signed checkpoint (seq 4): not covered by its signature' },
      problem: 'seq 5: after the signed checkpoint (seq 4): not covered by its signature',
    });
  });

  it("a checkpoint signed for another case does not vouch for this one's entries", () => {
    const log = caseLog(ID, 3);
    // a genuine signature, over this log's head, but for case-8
    const foreign: Checkpoint = signCheckpoint(
      { caseId: 'case-8', seq: 3, head: log[2]!.hash, at: AT },
      KEYS,
    );
    const r = verifyBundle(text(bundleOf(ID, log, foreign, KEYS.publicKey)));
    expect(r).toEqual({ valid: false, caseId: ID, problem: 'checkpoint: signed for case case-8' });
  });

  it("entries of another case under this case's id are named", () => {
    const r = verifyBundle(changed((b) => ({ ...b, caseId: 'case-8' })));
    expect(r).toMatchObject({
      valid: false,
      caseId: 'case-8',
      firstBad: { seq: 1, problem: 'entry belongs to case case-7' },
    });
  });

  it('the public key read from the file is the one the thumbprint names', () => {
    const { bundle } = exported(3, 3, OTHER_KEYS);
    const r = verifyBundle(text(bundle));
    expect(r).toMatchObject({ valid: true, key: keyThumbprint(publicJwk(OTHER_KEYS.publicKey)) });
    expect(publicJwk(createPublicKey(other.privateKey))).toEqual(bundle.publicKey);
  });
});
