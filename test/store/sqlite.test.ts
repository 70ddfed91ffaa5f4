import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
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
