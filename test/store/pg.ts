// A throw-away PostgreSQL database for a test file: the tests that need PostgreSQL say so when it is not there
// (they fail naming DESK_TEST_PG) instead of skipping quietly. `.ci/run` makes sure it is running.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

// the server's maintenance database, where throw-away databases are created and dropped
export const ADMIN_URL = process.env.DESK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is needed by this test and does not answer at ${ADMIN_URL} (${(err as Error).message}). ` +
        'Start it (.ci/run does), or point DESK_TEST_PG at one.',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `desk_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

// A fresh schema in the test database for each test: as empty as a new database, and cheaper. `url` reaches
// it (the schema first on the search path); `drop` removes it with everything in it.
let schemas = 0;
export async function freshSchema(db: TestDatabase): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `s${++schemas}_${randomBytes(3).toString('hex')}`;
  const onDb = async (sql: string) => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await onDb(`CREATE SCHEMA ${schema}`);
  const url = new URL(db.url);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => onDb(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}
