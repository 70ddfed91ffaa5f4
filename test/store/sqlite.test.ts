import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { storeContract } from './contract.ts';

storeContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-store-'));
  return { store: openSqliteStore(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
});
