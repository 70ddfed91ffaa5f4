// Files the desk keeps in DESK_DATA that must exist once and only once: its keys.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

// Created atomically (`wx`), so two processes started together on a fresh DESK_DATA (`desk token` beside
// `desk serve`, or two desks) agree on one key; readable by the desk alone.
export function readOrCreateKeyFile(file: string, make: () => string): string {
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFileSync(file, 'utf8');
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `another desk is serving ${dataDir}: one desk per data folder (two on one SQLite store would answer 500s and miss each other's events). Stop the other desk, or give this one its own DESK_DATA; several desks share a store through PostgreSQL (DESK_STORE).`,
    );
  }
}

// One desk per DESK_DATA: an exclusive lock on DESK_DATA/desk.lock, held until release() or the process ends
// (the operating system drops it when the process dies, even by SIGKILL, so a crash never leaves the folder
// locked). SQLite takes the lock: it is an fcntl lock every platform the desk runs on honours, also between
// connections of one process. `desk verify` reads without it, beside a serving desk.
export function lockDataDir(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'desk.lock');
  const db = new Database(file, { timeout: 0 });
  try {
    chmodSync(file, 0o600);
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirLockedError(dataDir);
    throw err;
  }
  return { release: () => db.close() };
}
