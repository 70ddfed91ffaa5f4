// The shared PostgreSQL store's pool and schema as a desk meets them: the connections it may hold, a schema
// it cannot migrate, what it tells the runtime about its commits' order, and a wake-up's head on a commit
// of several entries.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { commitAfter } from './commits.ts';
import { createTestDatabase, freshSchema, type TestDatabase } from './pg.ts';

const commit = (caseId: string, head: number, count = 1) => commitAfter(caseId, head, { count });

let db: TestDatabase;
let schema: { url: string; drop(): Promise<void> };
let admin: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase('pool');
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await db?.drop();
});
beforeEach(async () => {
  schema = await freshSchema(db);
});
afterEach(async () => {
  await schema.drop();
});

// the sessions on the test database other than the admin's own
const sessions = async () =>
  (
    await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    )
  ).rows[0]!.n;

describe('the shared store’s pool', () => {
  it('never holds more connections than the pool size it is given, however many commits are asked at once', async () => {
    const store = await openPostgresStore(schema.url, { poolSize: 1 });
    try {
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.commit(commit(`c${i}`, 0))));
      expect(await sessions()).toBe(1);
      expect((await store.caseIds()).length).toBe(8);
    } finally {
      await store.close();
    }
  });

  it('says it is shared and that its commits may overtake each other, so the runtime neither caches nor pipelines a case', async () => {
    const store = await openPostgresStore(schema.url, { poolSize: 2 });
    try {
      expect({ kind: store.kind, shared: store.shared, ordered: store.ordered }).toEqual({
        kind: 'postgres',
        shared: true,
        ordered: false,
      });
    } finally {
      await store.close();
    }
  });
});

describe('a schema the store cannot migrate', () => {
  it('is refused at open, and none of the migration stays', async () => {
    // a table of the same name, not the desk's: the first migration cannot make its own
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    try {
      await c.query('CREATE TABLE meta (k INTEGER)');
      await expect(openPostgresStore(schema.url, { poolSize: 1 })).rejects.toThrow(/meta/);
      const { rows } = await c.query<{ t: string | null }>(
        "SELECT to_regclass('desk_migrations')::text AS t",
      );
      expect(rows[0]!.t).toBeNull();
      const cases = await c.query<{ t: string | null }>("SELECT to_regclass('cases')::text AS t");
      expect(cases.rows[0]!.t).toBeNull();
    } finally {
      await c.end();
    }
  });
});

describe('a wake-up for a commit of several entries', () => {
  let store: Store;
  afterEach(async () => {
    await store.close();
  });

  it('names the last entry’s seq, the case’s new head', async () => {
    store = await openPostgresStore(schema.url, { poolSize: 2 });
    const heard: string[] = [];
    let done: () => void = () => {};
    const third = new Promise<void>((r) => {
      done = r;
    });
    await store.follow!({
      onAppended: (caseId, seq) => {
        heard.push(`${caseId}:${seq}`);
        if (heard.length === 2) done();
      },
      onDirectory: () => {},
      onReconnected: () => {},
    });
    await store.commit(commit('c1', 0, 3));
    await store.commit(commit('c1', 3, 4));
    await third;
    expect(heard).toEqual(['c1:3', 'c1:7']);
  });
});
