/// <reference lib="dom" />
// The signed-in officer: a bearer token pasted once per browser tab. sessionStorage, not localStorage, so a
// shared watch-floor machine forgets it when the tab closes.
import type { Role } from './types.ts';

const KEY = 'desk.token';

export interface Identity {
  token: string;
  role: Role;
  subject: string;
  // seconds since the epoch
  expiresAt?: number;
}

const ROLES: readonly Role[] = ['operator', 'authority', 'trainer', 'auditor'];

// Reads the claims to shape the page (which forms to offer); the desk checks the signature on every call.
export function identify(token: string): Identity | string {
  const trimmed = token.trim().replace(/^Bearer\s+/i, '');
  const part = trimmed.split('.')[1];
  if (!part) return 'That is not a desk token: it should look like xxxxx.yyyyy.zzzzz (from `desk token`).';
  let claims: { role?: unknown; sub?: unknown; exp?: unknown };
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    claims = JSON.parse(json) as typeof claims;
  } catch {
    return 'That token cannot be read. Copy the whole last line printed by `desk token`.';
  }
  if (typeof claims.role !== 'string' || !ROLES.includes(claims.role as Role)) {
    return 'That token carries no desk role.';
  }
  return {
    token: trimmed,
    role: claims.role as Role,
    subject: typeof claims.sub === 'string' ? claims.sub : claims.role,
    ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp } : {}),
  };
}

export function savedIdentity(): Identity | undefined {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  const id = identify(token);
  return typeof id === 'string' ? undefined : id;
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
