// Which store a desk runs on (src/store/open.ts): DESK_STORE's postgres:// URL, else SQLite in DESK_DATA.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { openSqliteStore, StoreMissingError } from '../../src/store/sqlite.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-open-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a desk without DESK_STORE', () => {
  it('runs on the embedded SQLite store in its data folder', async () => {
    for (const url of [undefined, '']) {
      const data = join(dir, `data-${url === undefined ? 'unset' : 'empty'}`);
      const store = await openStore(url, () => data);
      expect(store.kind).toBe('sqlite');
      await store.setMeta('epoch', 'e1');
      await store.close();
      expect(existsSync(join(data, 'desk.sqlite'))).toBe(true);
      const again = openSqliteStore(data);
      expect(await again.getMeta('epoch')).toBe('e1');
      await again.close();
    }
  });

  it('read-only (desk verify) makes nothing: a folder without a store is an error', async () => {
    const data = join(dir, 'none');
    await expect(openStore(undefined, () => data, { readOnly: true })).rejects.toThrow(StoreMissingError);
    expect(existsSync(data)).toBe(false);
    await (await openStore(undefined, () => data)).close();
    const ro = await openStore(undefined, () => data, { readOnly: true });
    await expect(ro.setMeta('epoch', 'e1')).rejects.toThrow();
    await ro.close();
  });
});

describe('a desk with DESK_STORE', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('open');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs on the shared PostgreSQL store it names, postgres:// or postgresql://, and never reads DESK_DATA', async () => {
    for (const url of [db.url, db.url.replace(/^postgres:/, 'postgresql:')]) {
      expect(url).toMatch(/^postgres(ql)?:\/\//);
      const store = await openStore(url, () => {
        throw new Error('DESK_DATA was read');
      });
      expect(store.kind).toBe('postgres');
      expect(store.shared).toBe(true);
      await store.close();
    }
  });

  it('refuses any other URL, naming what it must be', async () => {
    const data = join(dir, 'data');
    for (const url of [
      'mysql://root@127.0.0.1/desk',
      'file:///var/lib/desk',
      'xpostgres://postgres@127.0.0.1/desk',
      'postgres:/postgres@127.0.0.1/desk',
      'postgresq://postgres@127.0.0.1/desk',
      'desk.sqlite',
    ]) {
      await expect(
        openStore(url, () => data),
        url,
      ).rejects.toThrow(
        'DESK_STORE must be a postgres:// URL (leave it unset for the embedded SQLite store)',
      );
    }
    expect(existsSync(data)).toBe(false);
  });
});
