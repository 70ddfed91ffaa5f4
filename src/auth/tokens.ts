// Bearer tokens: JWT HS256 signed with DESK_SECRET or with a key the desk generates on first start. The
// desk is one process with one key, so a symmetric signature is enough; there is no issuer to trust.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { Role } from '../../machines/schemas.ts';
import { readOrCreateKeyFile } from '../data-dir.ts';

export const KEY_FILE = 'desk.key';
export const DEFAULT_EXPIRY_SECONDS = 12 * 60 * 60;
const ALG = 'HS256';
const AUDIENCE = 'interception-desk';

export interface TokenClaims {
  role: Role;
  sub: string;
  iat: number;
  exp: number;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

// DESK_SECRET, else the key file in DESK_DATA, made once for every process on it (data-dir.ts).
export function loadSigningKey(config: { dataDir: string; secret?: string | undefined }): Uint8Array {
  if (config.secret !== undefined) return new TextEncoder().encode(config.secret);
  const file = join(config.dataDir, KEY_FILE);
  const hex = readOrCreateKeyFile(file, () => `${randomBytes(32).toString('hex')}\n`).trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new Error(`${file} is not a desk key (64 hex digits); remove it to generate a new one`);
  }
  return Buffer.from(hex, 'hex');
}

export interface IssueOptions {
  key: Uint8Array;
  // who holds the token; without one, a subject of its own (`<role>-<8 hex>`): idempotency keys and the
  // audit's actors are scoped by subject, so two holders must never share one by default
  subject?: string;
  // the random source of that subject's suffix (tests inject a fixed one)
  randomSuffix?: () => string;
  expiresInSeconds?: number;
  now?: Date;
}

const defaultSuffix = () => randomBytes(4).toString('hex');

export async function issueToken(role: string, opts: IssueOptions): Promise<string> {
  const parsed = Role.safeParse(role);
  if (!parsed.success)
    throw new TokenError(`role must be one of ${Role.options.join(', ')} (got ${JSON.stringify(role)})`);
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const expiry = opts.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS;
  if (!Number.isFinite(expiry) || expiry <= 0)
    throw new TokenError('expiry must be a positive number of seconds');
  return new SignJWT({ role: parsed.data })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(opts.subject ?? `${parsed.data}-${(opts.randomSuffix ?? defaultSuffix)()}`)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.floor(expiry))
    .sign(opts.key);
}

export interface VerifyOptions {
  key: Uint8Array;
  // the injected clock's now; tokens are checked against desk time, not the host's
  now?: Date;
}

// Throws TokenError with a message safe to send to the client.
export async function verifyToken(token: string, opts: VerifyOptions): Promise<TokenClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, opts.key, {
      algorithms: [ALG],
      audience: AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp'],
      ...(opts.now ? { currentDate: opts.now } : {}),
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new TokenError('token expired');
    throw new TokenError('token invalid');
  }
  const role = Role.safeParse(payload.role);
  if (!role.success || typeof payload.sub !== 'string') throw new TokenError('token invalid');
  return { role: role.data, sub: payload.sub, iat: payload.iat as number, exp: payload.exp as number };
}

// A token comes with every request of its holder, and checking it (an HMAC key import and a MAC) is a good
// share of a command's cost: a token that verified is kept, by its exact text, and answers again until it
// expires, by the same rule as jwtVerify's (expired once `exp` <= now, in whole seconds). Only tokens that
// verified are kept, so a stream of bad tokens costs what it did; the oldest leave first beyond `size`.
export function tokenVerifier(key: Uint8Array, size = 10_000) {
  const kept = new Map<string, TokenClaims>();
  return async (token: string, now: Date): Promise<TokenClaims> => {
    const hit = kept.get(token);
    if (hit) {
      if (hit.exp > Math.floor(now.getTime() / 1000)) return hit;
      kept.delete(token);
    }
    const claims = await verifyToken(token, { key, now });
    kept.set(token, claims);
    if (kept.size > size) kept.delete(kept.keys().next().value!);
    return claims;
  };
}
export type TokenVerifier = ReturnType<typeof tokenVerifier>;
