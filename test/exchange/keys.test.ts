// The exchange key ring (README, "Desk to desk"): made once in DESK_DATA, readable by the desk alone; a
// rotation publishes the new key beside the old, so messages signed before it still verify at the other desk.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EXCHANGE_KEY_FILE,
  loadExchangeKeys,
  retireExchangeKeys,
  rotateExchangeKey,
} from '../../src/exchange/keys.ts';
import { signMessage, verified } from '../../src/exchange/protocol.ts';

const dirs: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-keys-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const message = {
  id: 'MT:c1:2',
  from: 'MT',
  to: 'TG',
  conversation: 'c1',
  kind: 'notify-flag-state' as const,
  sentAt: '2026-06-01T02:00:00.000Z',
  body: {},
};

describe('the exchange key ring', () => {
  it('is made once, 0600, and read back the same by a second start', async () => {
    const dir = folder();
    const first = await loadExchangeKeys(dir);
    expect(statSync(join(dir, EXCHANGE_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = await loadExchangeKeys(dir);
    expect(again.jwks).toEqual(first.jwks);
    // only public parts are published
    expect(first.jwks.keys).toHaveLength(1);
    expect(Object.keys(first.jwks.keys[0]!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });

  it('rotates: the new key signs, both are published, a message signed with the old one still verifies; retiring keeps the newest', async () => {
    const dir = folder();
    const old = await loadExchangeKeys(dir);
    const signedBefore = await signMessage(message, old);
    const rotated = await rotateExchangeKey(dir);
    expect(rotated.kid).not.toBe(old.kid);
    expect(rotated.jwks.keys.map((k) => k.kid)).toEqual([old.kid, rotated.kid]);
    expect(await verified(signedBefore, rotated.jwks)).toEqual(message);
    expect(await verified(await signMessage(message, rotated), rotated.jwks)).toEqual(message);
    const retired = await retireExchangeKeys(dir);
    expect(retired.jwks.keys.map((k) => k.kid)).toEqual([rotated.kid]);
    expect(await verified(signedBefore, retired.jwks)).toBeUndefined();
    expect((await loadExchangeKeys(dir)).kid).toBe(rotated.kid);
  });
});
