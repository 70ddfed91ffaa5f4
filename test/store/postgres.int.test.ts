// The storage port's contract on PostgreSQL (a real server: DESK_TEST_PG, test/store/pg.ts).
import { afterAll, beforeAll } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { storeContract } from './contract.ts';
import { createSchema, createTestDatabase, dropSchema, inSchema, type TestDatabase } from './pg.ts';

let db: TestDatabase;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase('contract');
});

afterAll(async () => {
  await db?.drop();
});

storeContract('postgres', async () => {
  const schema = `s${++n}`;
  await createSchema(db.url, schema);
  const store = await openPostgresStore(inSchema(db.url, schema), { poolSize: 2 });
  return { store, dispose: () => dropSchema(db.url, schema) };
});
