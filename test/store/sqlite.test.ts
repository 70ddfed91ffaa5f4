import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openSqliteStore } from '../../src/store/sqlite.ts';
import { storeContract } from './contract.ts';

storeContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-store-'));
  return { store: openSqliteStore(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
});

describe('the SQLite store on disk', () => {
  it('is readable by the desk’s account alone: its folder 0700, the database, -wal and -shm 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'desk-perm-'));
    const dir = join(parent, 'data');
    // a folder an operator made, readable by all
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    try {
      const store = openSqliteStore(dir);
      await store.setMeta('epoch', 'e1');
      const mode = (f: string) => (statSync(join(dir, f)).mode & 0o777).toString(8);
      expect(mode('.')).toBe('700');
      for (const f of ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm']) expect(mode(f), f).toBe('600');
      await store.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('a SQLite store from before the relay', () => {
  it('opens with its outbox rows kept: pending as before, never due for the relay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-old-'));
    try {
      // as the desk left it before the outbox had a schedule: the first two migrations, a row in it
      const old = new Database(join(dir, 'desk.sqlite'));
      for (const sql of MIGRATIONS.slice(0, 2)) old.exec(sql);
      old.pragma('user_version = 2');
      old
        .prepare('INSERT INTO outbox (key, case_id, seq, kind, payload) VALUES (?, ?, ?, ?, ?)')
        .run('c1:2:0', 'c1', 2, 'notify-flag-state', JSON.stringify({ caseId: 'c1' }));
      old.close();

      const store = openSqliteStore(dir);
      const row = {
        key: 'c1:2:0',
        caseId: 'c1',
        seq: 2,
        kind: 'notify-flag-state',
        payload: { caseId: 'c1' },
      };
      expect(await store.pendingOutbox(10)).toEqual([{ ...row, attempts: 0 }]);
      expect(await store.pendingOutbox(10, '9999')).toEqual([]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// the same store with its writes on a thread of their own (DESK_SQLITE_WRITES=thread, src/store/sqlite-writer.ts)
storeContract('sqlite (writes on the writer thread)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-store-'));
  return {
    store: openSqliteStore(dir, 'desk.sqlite', { writes: 'thread' }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
});
