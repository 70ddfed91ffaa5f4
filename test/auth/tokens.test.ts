import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  issueToken,
  KEY_FILE,
  loadSigningKey,
  TokenError,
  tokenVerifier,
  verifyToken,
} from '../../src/auth/tokens.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-auth-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const at = new Date('2026-06-01T02:00:00Z');

describe('tokens', () => {
  it('round-trips role and subject, expiring after 12 hours by default', async () => {
    const key = loadSigningKey({ dataDir });
    const token = await issueToken('authority', { key, subject: 'duty-officer-mt', now: at });
    const claims = await verifyToken(token, { key, now: at });
    expect(claims).toMatchObject({ role: 'authority', sub: 'duty-officer-mt', iat: at.getTime() / 1000 });
    expect(claims.exp - claims.iat).toBe(12 * 3600);
    expect(decodeJwt(token)).toMatchObject({ role: 'authority' });
    await expect(
      verifyToken(token, { key, now: new Date(at.getTime() + 12 * 3600_000 + 1000) }),
    ).rejects.toThrow(/expired/);
  });

  it('gives each token made without a subject a subject of its own', async () => {
    const key = loadSigningKey({ dataDir });
    const suffixes = ['0a1b2c3d', '4e5f6a7b'];
    const made = await Promise.all(
      suffixes.map((s) => issueToken('operator', { key, now: at, randomSuffix: () => s })),
    );
    const subjects = await Promise.all(made.map(async (t) => (await verifyToken(t, { key, now: at })).sub));
    expect(subjects).toEqual(['operator-0a1b2c3d', 'operator-4e5f6a7b']);
    // and from the real random source, two tokens never share one
    const a = await issueToken('operator', { key, now: at });
    const b = await issueToken('operator', { key, now: at });
    expect(decodeJwt(a).sub).toMatch(/^operator-[0-9a-f]{8}$/);
    expect(decodeJwt(a).sub).not.toBe(decodeJwt(b).sub);
  });

  it('takes a shorter expiry', async () => {
    const key = loadSigningKey({ dataDir });
    const token = await issueToken('operator', { key, expiresInSeconds: 60, now: at });
    await expect(verifyToken(token, { key, now: new Date(at.getTime() + 61_000) })).rejects.toThrow(
      TokenError,
    );
  });

  it('rejects a token signed with another key, and garbage', async () => {
    const key = loadSigningKey({ dataDir });
    const other = loadSigningKey({ dataDir: join(dataDir, 'other') });
    const token = await issueToken('operator', { key: other, now: at });
    await expect(verifyToken(token, { key, now: at })).rejects.toThrow('token invalid');
    await expect(verifyToken('not.a.jwt', { key, now: at })).rejects.toThrow('token invalid');
  });

  it('refuses to issue a token for an unknown role', async () => {
    const key = loadSigningKey({ dataDir });
    await expect(issueToken('admiral', { key, now: at })).rejects.toThrow(/role must be one of operator/);
  });

  it('generates the key file once, readable by the owner only', () => {
    const a = loadSigningKey({ dataDir });
    const b = loadSigningKey({ dataDir });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a).toHaveLength(32);
    const file = join(dataDir, KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses DESK_SECRET when given, and writes no key file', async () => {
    const secret = 'a-long-shared-secret-for-this-desk-0123456789';
    const key = loadSigningKey({ dataDir, secret });
    const token = await issueToken('auditor', { key, now: at });
    await expect(
      verifyToken(token, { key: loadSigningKey({ dataDir, secret }), now: at }),
    ).resolves.toMatchObject({
      role: 'auditor',
    });
    expect(() => statSync(join(dataDir, KEY_FILE))).toThrow();
  });
});

describe('the verifier the app keeps (a token checked once per holder, not once per request)', () => {
  const key = new TextEncoder().encode('k'.repeat(40));
  const issuedAt = new Date('2026-06-01T02:00:00.000Z');

  it('answers a token again until the second it expires, then refuses it as expired', async () => {
    const verify = tokenVerifier(key);
    const token = await issueToken('operator', {
      key,
      now: issuedAt,
      subject: 'watch-1',
      expiresInSeconds: 60,
    });
    expect(await verify(token, issuedAt)).toMatchObject({ role: 'operator', sub: 'watch-1' });
    expect(await verify(token, new Date(issuedAt.getTime() + 59_999))).toMatchObject({ sub: 'watch-1' });
    await expect(verify(token, new Date(issuedAt.getTime() + 60_000))).rejects.toThrow('token expired');
  });

  it('keeps no token that failed, and a token signed with another key never passes', async () => {
    const verify = tokenVerifier(key);
    const other = await issueToken('authority', {
      key: new TextEncoder().encode('o'.repeat(40)),
      now: issuedAt,
    });
    await expect(verify(other, issuedAt)).rejects.toThrow(TokenError);
    await expect(verify(other, issuedAt)).rejects.toThrow(TokenError);
    await expect(verify(`${other}x`, issuedAt)).rejects.toThrow(TokenError);
  });
});
