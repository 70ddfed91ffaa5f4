// A store that stalls (a disk that does not answer, another writer holding the file's lock) holds up the
// commands waiting on it and nothing else, when the SQLite store writes on its own thread
// (DESK_SQLITE_WRITES=thread, src/store/sqlite-writer.ts): /health, reads and the stream still answer on the
// desk's thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { buildApp, type DeskApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { ManualClock } from '../clock.ts';
import { rubberBoat } from './helpers.ts';

let dataDir: string;
let runtime: CaseRuntime;
let app: DeskApp;
let auth: { authorization: string };
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-stall-'));
  const clock = new ManualClock();
  runtime = await openRuntime({ dataDir, clock, homeState: 'MT', sqliteWrites: 'thread' });
  const config = { dataDir, secret: undefined };
  app = await buildApp({ runtime, config, logger: silentLogger(), clock });
  await app.ready();
  auth = {
    authorization: `Bearer ${await issueToken('operator', { key: loadSigningKey(config), now: clock.now() })}`,
  };
});
afterEach(async () => {
  await app.close();
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a store whose writes stall', () => {
  it('answers /health and reads while a command waits on the store, and records the command once it can', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: auth,
      payload: rubberBoat(),
    });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;

    // another connection takes the store's write lock and keeps it until the end of the test's checks
    const blocker = new Database(join(dataDir, 'desk.sqlite'));
    blocker.exec('BEGIN IMMEDIATE');
    let settled = false;
    const waiting = app
      .inject({
        method: 'POST',
        url: `/cases/${id}/events`,
        headers: auth,
        payload: { type: 'POSITION_REPORTED', lat: 34.6, lon: 15.4 },
      })
      .finally(() => {
        settled = true;
      });
    try {
      // time for the command to reach the store: a store writing on the desk's thread would hold the thread
      // (and this timer) until its wait for the lock gave up
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(settled).toBe(false);
      const health = await app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      const read = await app.inject({ method: 'GET', url: `/cases/${id}`, headers: auth });
      expect(read.statusCode).toBe(200);
      expect(read.json().version).toBe(1);
      // the command is still waiting for the lock: nothing acknowledged it before it was written
      expect(settled).toBe(false);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    const recorded = await waiting;
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json().version).toBe(2);
  });
});
