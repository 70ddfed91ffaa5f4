// Which store a desk runs on: DESK_STORE's postgres:// URL for a store several desks share, or else the
// embedded SQLite store in DESK_DATA (contract.md, "Several desks on one store").
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export async function openStore(
  url: string | undefined,
  dataDir: () => string,
  opts: { readOnly?: boolean; sqliteWrites?: 'inline' | 'thread' } = {},
): Promise<Store> {
  if (!url)
    return openSqliteStore(dataDir(), undefined, {
      ...(opts.readOnly !== undefined ? { readOnly: opts.readOnly } : {}),
      ...(opts.sqliteWrites ? { writes: opts.sqliteWrites } : {}),
    });
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error('DESK_STORE must be a postgres:// URL (leave it unset for the embedded SQLite store)');
  // loaded only when asked for: a desk on SQLite never loads the driver
  const { openPostgresStore } = await import('./postgres.ts');
  return openPostgresStore(url);
}
