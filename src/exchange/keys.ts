// The desk's exchange keys (contract.md, "Desk-to-desk exchange"): Ed25519, kept in DESK_DATA beside the
// desk's other keys and readable by the desk alone. Messages and receipts are signed with the newest key;
// GET /exchange/jwks publishes every key in the ring, so a key can rotate while messages signed with the
// previous one are still in flight or being verified by the other State's desk.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { readOrCreateKeyFile } from '../data-dir.ts';

export const EXCHANGE_KEY_FILE = 'exchange-keys.json';

export interface ExchangeKeys {
  // the key messages and receipts are signed with now
  kid: string;
  privateKey: CryptoKey | KeyObject | Uint8Array;
  // every public key in the ring, newest last: what the other desks verify against
  jwks: { keys: JWK[] };
}

interface KeyRing {
  keys: JWK[];
}

function newPrivateJwk(): JWK {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ format: 'jwk' }) as JWK;
}

async function fromRing(ring: KeyRing): Promise<ExchangeKeys> {
  const publics: JWK[] = [];
  for (const jwk of ring.keys) {
    const { kty, crv, x } = jwk;
    const kid = await calculateJwkThumbprint({ kty, crv, x });
    publics.push({ kty, crv, x, kid, alg: 'EdDSA', use: 'sig' });
  }
  const current = ring.keys.at(-1)!;
  return {
    kid: publics.at(-1)!.kid!,
    privateKey: await importJWK({ ...current, alg: 'EdDSA' }, 'EdDSA'),
    jwks: { keys: publics },
  };
}

// A desk without a folder (a replay, a test): keys for this process only.
export function ephemeralExchangeKeys(): Promise<ExchangeKeys> {
  return fromRing({ keys: [newPrivateJwk()] });
}

// The ring in DESK_DATA, made on first use (atomically: two processes started together agree on one ring).
export function loadExchangeKeys(dataDir: string): Promise<ExchangeKeys> {
  const file = join(dataDir, EXCHANGE_KEY_FILE);
  const text = readOrCreateKeyFile(file, () => JSON.stringify({ keys: [newPrivateJwk()] }));
  return fromRing(JSON.parse(text) as KeyRing);
}

// A new key for messages from now on; the previous keys stay published until retired. Written to a new file
// and renamed over the ring, so a crash leaves the old ring or the new one, never half of one.
export async function rotateExchangeKey(dataDir: string): Promise<ExchangeKeys> {
  const file = join(dataDir, EXCHANGE_KEY_FILE);
  const ring: KeyRing = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { keys: [] };
  ring.keys.push(newPrivateJwk());
  writeFileSync(`${file}.new`, JSON.stringify(ring), { mode: 0o600 });
  renameSync(`${file}.new`, file);
  return fromRing(ring);
}

// Keys older than the newest `keep` leave the ring (after the other desks have the new key).
export async function retireExchangeKeys(dataDir: string, keep = 1): Promise<ExchangeKeys> {
  const file = join(dataDir, EXCHANGE_KEY_FILE);
  if (!existsSync(file)) return loadExchangeKeys(dataDir);
  const ring = JSON.parse(readFileSync(file, 'utf8')) as KeyRing;
  ring.keys = ring.keys.slice(-Math.max(1, keep));
  writeFileSync(`${file}.new`, JSON.stringify(ring), { mode: 0o600 });
  renameSync(`${file}.new`, file);
  return fromRing(ring);
}
