// The storage port's contract on PostgreSQL (a real server: DESK_TEST_PG, test/store/pg.ts).
import { afterAll, beforeAll } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { storeContract } from './contract.ts';
import { createTestDatabase, freshSchema, type TestDatabase } from './pg.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('contract');
});

afterAll(async () => {
  await db?.drop();
});

storeContract('postgres', async () => {
  const schema = await freshSchema(db);
  const store = await openPostgresStore(schema.url, { poolSize: 2 });
  return { store, dispose: schema.drop };
});
