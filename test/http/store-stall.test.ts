// A store that stalls (a disk that does not answer, another writer holding the file's lock) holds up the
// commands waiting on it and nothing else, when the SQLite store writes on its own thread
// (DESK_SQLITE_WRITES=thread, src/store/sqlite-writer.ts): /health, reads and the stream still answer on the
// desk's thread.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

let desk: Desk;
let auth: { authorization: string };
beforeEach(async () => {
  desk = await startDesk({ sqliteWrites: 'thread' });
  auth = await desk.auth('operator');
});
afterEach(async () => {
  await desk.close();
});

describe('a store whose writes stall', () => {
  it('answers /health and reads while a command waits on the store, and records the command once it can', async () => {
    const opened = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: auth,
      payload: rubberBoat(),
    });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;

    // another connection takes the store's write lock and keeps it until the end of the test's checks
    const blocker = new Database(join(desk.dataDir, 'desk.sqlite'));
    blocker.exec('BEGIN IMMEDIATE');
    let settled = false;
    const waiting = desk.app
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
      const health = await desk.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      const read = await desk.app.inject({ method: 'GET', url: `/cases/${id}`, headers: auth });
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
