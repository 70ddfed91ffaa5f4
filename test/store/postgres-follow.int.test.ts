// What a desk following a shared PostgreSQL store relies on beyond the race tests (postgres-shared): its
// wake-ups (which case, which head; the directory; a dropped link), the lock order that turns another desk's
// concurrent write into HeadMovedError rather than a driver error, and migrations that several desks share.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chainDirectory } from '../../src/directory/chain.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import {
  type CaseRow,
  type Commit,
  DirectoryHeadMovedError,
  HeadMovedError,
  type Store,
  type StoreFollower,
} from '../../src/store/store.ts';
import { commitAfter, T0 } from './commits.ts';
import { createTestDatabase, freshSchema, type TestDatabase } from './pg.ts';

const commit = (caseId: string, head: number, over: Partial<Commit> = {}) => commitAfter(caseId, head, over);

const seed = () =>
  chainDirectory(undefined, T0, 'desk', {
    kind: 'seed',
    before: null,
    after: { states: {}, countryAssessments: {} },
  });

// A follower that records what it is told, and lets a test wait for the n-th wake-up of a kind.
function recorder() {
  const heard: string[] = [];
  const waiting: Array<{ until: () => boolean; resolve: () => void }> = [];
  const hear = (what: string) => {
    heard.push(what);
    for (const w of [...waiting])
      if (w.until()) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
  };
  const follower: StoreFollower = {
    onAppended: (caseId, seq) => hear(`appended ${caseId} ${seq}`),
    onDirectory: () => hear('directory'),
    onReconnected: () => hear('reconnected'),
  };
  const heardAll = (...what: string[]) =>
    new Promise<void>((resolve) => {
      const until = () => what.every((w) => heard.includes(w));
      if (until()) resolve();
      else waiting.push({ until, resolve });
    });
  return { heard, follower, heardAll };
}

let db: TestDatabase;
let schema: { url: string; drop(): Promise<void> };
let admin: pg.Client;
let store: Store;

// a session of "another desk" on the same schema
async function otherDesk(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: schema.url });
  await c.connect();
  return c;
}

// until the store's own session waits on a lock the other desk holds
async function blockedOnLock(): Promise<void> {
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  db = await createTestDatabase('follow');
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await db?.drop();
});
beforeEach(async () => {
  schema = await freshSchema(db);
  store = await openPostgresStore(schema.url, { poolSize: 2 });
});
afterEach(async () => {
  await store.close();
  await schema.drop();
});

describe("a desk following a shared store's wake-ups", () => {
  it('hears each commit with its case and new head, a case id with colons included', async () => {
    const { heard, follower, heardAll } = recorder();
    await store.follow!(follower);
    await store.commit(commit('c1', 0));
    await store.commit(commit('urn:case:7', 0));
    // two entries in one commit: the head is the last of them
    const two = commit('c1', 2);
    await store.commit({
      ...two,
      expectedHeadSeq: 1,
      entries: [commit('c1', 1).entries[0]!, two.entries[0]!],
    });
    await heardAll('appended c1 3');
    expect(heard).toEqual(['appended c1 1', 'appended urn:case:7 1', 'appended c1 3']);
  });

  it('hears a commit that adds no entry at the head it writes', async () => {
    const { heard, follower, heardAll } = recorder();
    await store.follow!(follower);
    await store.commit(commit('c1', 0));
    await store.commit({ ...commit('c1', 0), expectedHeadSeq: 1, entries: [] });
    await store.appendDirectory(seed());
    await heardAll('directory');
    expect(heard).toEqual(['appended c1 1', 'appended c1 1', 'directory']);
  });

  it('hears a directory append, once per append, and no wake-up that names no case', async () => {
    const { heard, follower, heardAll } = recorder();
    await store.follow!(follower);
    const other = await otherDesk();
    try {
      // what no desk sends: ignored, not taken for a case
      for (const payload of ['no-colon', ':5', ''])
        await other.query('SELECT pg_notify($1, $2)', ['desk_entries', payload]);
      const first = seed();
      await store.appendDirectory(first);
      await store.appendDirectory(
        chainDirectory(first, T0, 'authority-1', {
          kind: 'state-profile',
          state: 'MT',
          before: null,
          after: { protocolParty: true },
        } as Parameters<typeof chainDirectory>[3]),
      );
      await store.commit(commit('c1', 0));
      await heardAll('appended c1 1');
      expect(heard).toEqual(['directory', 'directory', 'appended c1 1']);
    } finally {
      await other.end();
    }
  });

  it('is told when its link dropped and came back, and hears the commits after', async () => {
    const { heard, follower, heardAll } = recorder();
    await store.follow!(follower);
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
    );
    expect(rows[0]!.n).toBe(1);
    await heardAll('reconnected');
    await store.commit(commit('c1', 0));
    await heardAll('appended c1 1');
    expect(heard).toEqual(['reconnected', 'appended c1 1']);
  });

  it('is followed once: a second follower is refused', async () => {
    const { follower } = recorder();
    await store.follow!(follower);
    await expect(store.follow!(recorder().follower)).rejects.toThrow('the store is already followed');
  });

  it('stops listening when the store is closed', async () => {
    const { follower } = recorder();
    await store.follow!(follower);
    const listening = async () =>
      (
        await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
        )
      ).rows[0]!.n;
    expect(await listening()).toBe(1);
    await store.close();
    // the server ends the session after the client's goodbye: wait for it, not a guessed time
    while ((await listening()) > 0) await new Promise((r) => setTimeout(r, 20));
    store = await openPostgresStore(schema.url, { poolSize: 2 });
  });
});

describe('another desk writing while this one does', () => {
  it('a case another desk opens while ours is written: HeadMovedError, and nothing of ours written', async () => {
    const other = await otherDesk();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO entries (case_id, seq, at, actor, type, event, outcome, refusal, prev, hash, view)
         VALUES ('c1', 1, $1, '{}', 'CASE_OPENED', '{}', 'applied', NULL, 'h0', 'theirs', '{}')`,
        [T0],
      );
      const ours = store.commit(commit('c1', 0, { outbox: [] })).catch((e: unknown) => e);
      await blockedOnLock();
      await other.query('COMMIT');
      const err = await ours;
      expect(err).toBeInstanceOf(HeadMovedError);
      expect((err as HeadMovedError).caseId).toBe('c1');
      expect((await store.entries('c1')).map((e) => e.entry.hash)).toEqual(['theirs']);
      expect(await store.loadCase('c1')).toBeUndefined();
    } finally {
      await other.end();
    }
  });

  it('the same, for a writer deciding under the case lock (commitOnHead)', async () => {
    const other = await otherDesk();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO entries (case_id, seq, at, actor, type, event, outcome, refusal, prev, hash, view)
         VALUES ('c1', 1, $1, '{}', 'CASE_OPENED', '{}', 'applied', NULL, 'h0', 'theirs', '{}')`,
        [T0],
      );
      const decided: Array<CaseRow | undefined> = [];
      const ours = store.commitOnHead!('c1', (row) => {
        decided.push(row);
        return commit('c1', row?.headSeq ?? 0);
      }).catch((e: unknown) => e);
      await blockedOnLock();
      await other.query('COMMIT');
      const err = await ours;
      expect(err).toBeInstanceOf(HeadMovedError);
      expect((err as HeadMovedError).caseId).toBe('c1');
      expect(decided).toEqual([undefined]);
      expect((await store.entries('c1')).map((e) => e.entry.hash)).toEqual(['theirs']);
    } finally {
      await other.end();
    }
  });

  it('a directory seq another desk appends while ours is written: DirectoryHeadMovedError at that seq', async () => {
    const other = await otherDesk();
    try {
      await other.query('BEGIN');
      await other.query(`INSERT INTO directory (seq, entry, prev, hash) VALUES (1, '{}', 'p', 'theirs')`);
      const ours = store.appendDirectory(seed()).catch((e: unknown) => e);
      await blockedOnLock();
      await other.query('COMMIT');
      const err = await ours;
      expect(err).toBeInstanceOf(DirectoryHeadMovedError);
      expect({ ...(err as DirectoryHeadMovedError) }).toMatchObject({ seq: 1, headSeq: 1 });
      expect((await store.directoryEntries()).map((e) => e.hash)).toEqual(['theirs']);
    } finally {
      await other.end();
    }
  });

  it('a write the database refuses for another reason is that error, not HeadMovedError', async () => {
    const other = await otherDesk();
    try {
      await other.query(
        `CREATE FUNCTION no_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '23514'; END $$`,
      );
      for (const table of ['outbox', 'directory'])
        await other.query(
          `CREATE TRIGGER no_${table} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION no_outbox()`,
        );
    } finally {
      await other.end();
    }
    const outbox = [{ key: 'c1:1:0', caseId: 'c1', seq: 1, kind: 'k', payload: {}, attempts: 0 }];
    const err = await store.commit(commit('c1', 0, { outbox })).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(HeadMovedError);
    expect((err as { code?: string }).code).toBe('23514');
    expect(await store.loadCase('c1')).toBeUndefined();
    const onHead = await store.commitOnHead!('c1', () => commit('c1', 0, { outbox })).catch(
      (e: unknown) => e,
    );
    expect(onHead).not.toBeInstanceOf(HeadMovedError);
    expect((onHead as { code?: string }).code).toBe('23514');
    const dir = await store.appendDirectory(seed()).catch((e: unknown) => e);
    expect(dir).not.toBeInstanceOf(DirectoryHeadMovedError);
    expect((dir as { code?: string }).code).toBe('23514');
  });

  it('an outbox key written before is the unique key it breaks, not HeadMovedError', async () => {
    const outbox = [{ key: 'c1:1:0', caseId: 'c1', seq: 1, kind: 'k', payload: {}, attempts: 0 }];
    await store.commit(commit('c1', 0, { outbox }));
    const err = await store.commit(commit('c1', 1, { outbox })).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(HeadMovedError);
    expect(err).toMatchObject({ code: '23505', constraint: 'outbox_pkey' });
    const onHead = await store.commitOnHead!('c1', (row) => commit('c1', row!.headSeq, { outbox })).catch(
      (e: unknown) => e,
    );
    expect(onHead).toMatchObject({ code: '23505', constraint: 'outbox_pkey' });
    expect((await store.loadCase('c1'))?.headSeq).toBe(1);
  });
});

describe('migrations shared by several desks', () => {
  it('desks starting together on an empty schema each open it, and find what the others wrote', async () => {
    const fresh = await freshSchema(db);
    try {
      const desks = await Promise.all([1, 2, 3].map(() => openPostgresStore(fresh.url, { poolSize: 1 })));
      await desks[0]!.commit(commit('c1', 0));
      expect(await desks[2]!.caseIds()).toEqual(['c1']);
      for (const d of desks) await d.close();
      const c = new pg.Client({ connectionString: fresh.url });
      await c.connect();
      const { rows } = await c.query<{ version: number }>(
        'SELECT version FROM desk_migrations ORDER BY version',
      );
      await c.end();
      expect(rows.map((r) => r.version)).toEqual([1, 2]);
      // a restart migrates nothing again and keeps the data
      const again = await openPostgresStore(fresh.url);
      expect((await again.loadCase('c1'))?.headSeq).toBe(1);
      await again.close();
    } finally {
      await fresh.drop();
    }
  });
});
