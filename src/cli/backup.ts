// `desk backup FILE` and `desk restore FILE` for the embedded store. A copy of desk.sqlite alone misses what
// its -wal file holds (acknowledged events not yet checkpointed into the main file): the backup is SQLite's
// online backup, consistent and complete while the desk serves. A restore checks the copy before it
// replaces anything, keeps the store it replaces, and refuses while a desk serves the folder.
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { lockDataDir } from '../data-dir.ts';
import { openSqliteStore } from '../store/sqlite.ts';

const STORE_FILE = 'desk.sqlite';

export interface Said {
  out(line: string): void;
}

// Throws with the line the operator should read.
export async function backupStore(dataDir: string, target: string, say: Said): Promise<void> {
  const to = resolve(target);
  if (existsSync(to)) throw new Error(`${to} exists: a backup never overwrites a file`);
  // read-only: beside a serving desk, the backup writes nothing to its store
  const store = openSqliteStore(dataDir, STORE_FILE, { readOnly: true });
  try {
    await store.backup!(to);
  } finally {
    await store.close();
  }
  const copy = openSqliteStore(dirname(to), basename(to), { readOnly: true });
  try {
    const damaged = await copy.integrity!();
    if (damaged.length > 0) throw new Error(`the backup ${to} does not read back: ${damaged[0]}`);
    say.out(
      `backup of ${join(dataDir, STORE_FILE)} written to ${to} (${(await copy.caseIds()).length} cases)`,
    );
  } finally {
    await copy.close();
  }
  say.out(
    'keep the keys with it, apart from it: audit-signing.pem (or DESK_SIGNING_KEY_FILE), desk.key and exchange-keys.json',
  );
}

// Replaces DESK_DATA's store with the copy in `source`; the caller then verifies it with the desk's key.
export async function restoreStore(dataDir: string, source: string, at: Date, say: Said): Promise<void> {
  const from = resolve(source);
  const copy = openSqliteStore(dirname(from), basename(from), { readOnly: true });
  try {
    const damaged = await copy.integrity!();
    if (damaged.length > 0) throw new Error(`${from} is damaged: ${damaged[0]}; nothing was restored`);
    if ((await copy.getMeta('epoch')) === undefined)
      throw new Error(`${from} is not a desk's store (it has no epoch); nothing was restored`);
  } finally {
    await copy.close();
  }
  // no desk may serve the folder while its store is replaced
  const lock = lockDataDir(dataDir);
  try {
    const path = join(dataDir, STORE_FILE);
    if (existsSync(path)) {
      const aside = `${path}.replaced-${at.toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
      say.out(`the store it replaces is kept as ${aside}`);
    }
    copyFileSync(from, path);
    say.out(`restored ${from} into ${path}`);
  } finally {
    lock.release();
  }
}
