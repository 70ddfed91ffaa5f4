// Files the desk keeps in DESK_DATA that must exist once and only once: its keys.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

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
