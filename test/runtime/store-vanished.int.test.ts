// A store lost, truncated to nothing or replaced by an empty one beside the audit key of the desk that ran on
// it: the desk refuses to start, and says what to restore, instead of serving an empty desk as if nothing
// had happened (and `desk verify` says so too: it opens the store the same way).
import { existsSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRuntime, StoreVanishedError } from '../../src/runtime/case-runtime.ts';
import { ManualClock, operator, REPORT, runtimeIn, tempDir } from './fixtures.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function deskThatRan(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const rt = await runtimeIn(dir, new ManualClock());
  expect((await rt.openCase(REPORT, operator)).status).toBe('applied');
  await rt.stop();
  return dir;
}

const start = (dir: string) => openRuntime({ dataDir: dir, clock: new ManualClock() });

describe('a store that vanished beside its desk’s audit key', () => {
  it('deleted: the desk refuses to start, naming what to restore', async () => {
    const dir = await deskThatRan();
    for (const f of ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm'])
      rmSync(join(dir, f), { force: true });
    await expect(start(dir)).rejects.toBeInstanceOf(StoreVanishedError);
    await expect(start(dir)).rejects.toThrow(/Restore desk\.sqlite with its -wal file/);
  });

  it('truncated to 0 bytes: refused the same way', async () => {
    const dir = await deskThatRan();
    truncateSync(join(dir, 'desk.sqlite'), 0);
    for (const f of ['desk.sqlite-wal', 'desk.sqlite-shm']) rmSync(join(dir, f), { force: true });
    await expect(start(dir)).rejects.toBeInstanceOf(StoreVanishedError);
  });

  it('a new desk on purpose: with the old key moved away, it starts empty; an intact store starts as before', async () => {
    const intact = await deskThatRan();
    const rt = await start(intact);
    expect(await rt.caseIds()).toHaveLength(1);
    await rt.stop();

    const dir = await deskThatRan();
    rmSync(join(dir, 'desk.sqlite'), { force: true });
    renameSync(join(dir, 'audit-signing.pem'), join(dir, 'audit-signing.pem.old'));
    const fresh = await start(dir);
    expect(await fresh.caseIds()).toEqual([]);
    await fresh.stop();
    expect(existsSync(join(dir, 'audit-signing.pem'))).toBe(true);
  });
});
