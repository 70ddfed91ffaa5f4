// What the desk answers 503 (retry later) for rather than 500: a store that cannot take or give data now
// (isStoreUnavailable, src/store/store.ts). Real driver faults where a test can cause them, and each family
// of code the drivers give.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { isStoreUnavailable } from '../../src/store/store.ts';
import { ADMIN_URL } from './pg.ts';

const withCode = (code: unknown) => Object.assign(new Error('x'), { code });

// a port where nothing listens: one the system gave us, then closed
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('a store that cannot take or give data now', () => {
  it('is recognised from every code the drivers give for it', () => {
    for (const code of [
      'SQLITE_FULL',
      'SQLITE_READONLY',
      'SQLITE_IOERR',
      'SQLITE_BUSY',
      'SQLITE_CANTOPEN',
      'SQLITE_NOTADB',
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '08000',
      '08001',
      '08003',
      '08006',
      '53100',
      '53200',
      '53300',
      '57P01',
      '57P02',
      '57P03',
      '25006',
    ])
      expect(isStoreUnavailable(withCode(code)), code).toBe(true);
  });

  it('is recognised from any of SQLite’s extended I/O error codes, whatever follows SQLITE_IOERR', () => {
    for (const code of ['SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHORT_READ'])
      expect(isStoreUnavailable(withCode(code)), code).toBe(true);
  });

  it("is recognised from pg's own words when the connection is gone", () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ])
      expect(isStoreUnavailable(new Error(message)), message).toBe(true);
  });

  it('is not what the desk’s own errors, a refused key or a bad statement are', () => {
    for (const code of [
      '23505',
      '42P01',
      'SQLITE_CONSTRAINT',
      'SQLITE_CONSTRAINT_PRIMARYKEY',
      'SQLITE_ERROR',
      'IOERR',
      'X_SQLITE_IOERR',
      '',
      undefined,
      null,
      53300,
    ])
      expect(isStoreUnavailable(withCode(code)), String(code)).toBe(false);
    expect(isStoreUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isStoreUnavailable(new Error('duplicate key value violates unique constraint'))).toBe(false);
    expect(isStoreUnavailable(new Error('connection'))).toBe(false);
    expect(isStoreUnavailable({ message: 42 })).toBe(false);
    expect(isStoreUnavailable('Connection terminated')).toBe(false);
    expect(isStoreUnavailable(null)).toBe(false);
    expect(isStoreUnavailable(undefined)).toBe(false);
  });

  it('is what a commit on a read-only SQLite store fails with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-ro-'));
    try {
      await openSqliteStore(dir).close();
      const ro = openSqliteStore(dir, undefined, { readOnly: true });
      const err = await ro.setMeta('epoch', 'e1').catch((e: unknown) => e);
      await ro.close();
      expect((err as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
      expect(isStoreUnavailable(err)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what pg fails with when nothing listens where PostgreSQL should be', async () => {
    const url = new URL(ADMIN_URL);
    url.port = String(await closedPort());
    const client = new pg.Client({ connectionString: url.toString() });
    const err = await client.connect().catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isStoreUnavailable(err)).toBe(true);
  });

  it('is what a query fails with when PostgreSQL ends the session (an operator, a restart)', async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    client.on('error', () => {});
    await client.connect();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const err = await Promise.all([
        client.query('SELECT pg_sleep(30)'),
        admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]),
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(isStoreUnavailable(err)).toBe(true);
    } finally {
      await admin.end();
      await client.end().catch(() => {});
    }
  });
});
