// The shared store: PostgreSQL, for several desks serving the same cases (contract.md, "Several desks on one
// store"). The SQLite store's tables and contract (test/store/contract.ts); what several writers add:
// - a commit locks its case's row first (`FOR UPDATE`) and checks the head it was decided on, so a stale
//   decision is never written; the unique (case_id, seq) turns any race left into a HeadMovedError;
// - a deadline is claimed in the transaction that fires it, after its case's lock (`FOR UPDATE SKIP
//   LOCKED`): of several desks exactly one records it; a desk that dies mid-way rolls back and leaves it due;
// - every commit notifies `desk_entries` with `caseId:seq` (delivered at commit): a wake-up for the other
//   desks, which then read the log (src/runtime/follow.ts); the payload is never the entry.
// JSON columns are text: the bytes written are the bytes read back, which the audit chain's hashes rely on.
import pg from 'pg';
import type { Checkpoint } from '../audit/chain.ts';
import { jsonOf } from '../json.ts';
import {
  type CaseRecord,
  type DeadlineRecord,
  type EntryRecord,
  type OutboxRecord,
  outboxColumns,
  toCase,
  toDeadline,
  toDirectoryEntry,
  toEntry,
  toOutbox,
} from './rows.ts';
import {
  type Commit,
  DeadlineTakenError,
  DirectoryHeadMovedError,
  HeadMovedError,
  IdempotencyTakenError,
  OutboxSettledError,
  type Store,
  type StoreFollower,
} from './store.ts';

const ENTRIES_CHANNEL = 'desk_entries';
const DIRECTORY_CHANNEL = 'desk_directory';
const UNIQUE_VIOLATION = '23505';

// Numbered migrations, each once, in order, in its own transaction, under an advisory lock so that desks
// starting together do not run one twice. Text that orders (times, ids) is compared bytewise (COLLATE "C"),
// as SQLite compares it, so both stores list and fire in the same order.
const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE cases (
     id TEXT COLLATE "C" PRIMARY KEY, kind TEXT NOT NULL, training BOOLEAN NOT NULL, status TEXT NOT NULL,
     opened_at TEXT COLLATE "C" NOT NULL, version INTEGER NOT NULL, head_seq INTEGER NOT NULL,
     head_hash TEXT NOT NULL, state TEXT NOT NULL, view TEXT NOT NULL);
   CREATE TABLE entries (
     case_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL,
     type TEXT NOT NULL, event TEXT NOT NULL, outcome TEXT NOT NULL, refusal TEXT, prev TEXT NOT NULL,
     hash TEXT NOT NULL, view TEXT NOT NULL, PRIMARY KEY (case_id, seq));
   CREATE TABLE deadlines (
     case_id TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, due_at TEXT COLLATE "C" NOT NULL,
     about TEXT NOT NULL, PRIMARY KEY (case_id, id));
   CREATE INDEX deadlines_due ON deadlines (due_at, case_id, id);
   CREATE TABLE idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, case_id TEXT NOT NULL,
     response TEXT NOT NULL, PRIMARY KEY (scope, key));
   CREATE TABLE outbox (n BIGSERIAL UNIQUE, key TEXT PRIMARY KEY, case_id TEXT NOT NULL, seq INTEGER NOT NULL,
     kind TEXT NOT NULL, payload TEXT NOT NULL, delivered_at TEXT);
   CREATE TABLE checkpoints (case_id TEXT NOT NULL, seq INTEGER NOT NULL, head TEXT NOT NULL, at TEXT NOT NULL,
     signature TEXT NOT NULL, PRIMARY KEY (case_id, seq));
   CREATE TABLE directory (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);`,
  // The relay's schedule and its end of a row, as in SQLite's third migration. Rows from before keep due_at
  // NULL: never due, so the relay leaves them alone. The index holds only unsettled rows, in the order the
  // relay takes them.
  `ALTER TABLE outbox ADD COLUMN due_at TEXT COLLATE "C", ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0,
     ADD COLUMN last_error TEXT, ADD COLUMN failed_at TEXT;
   CREATE INDEX outbox_due ON outbox (due_at, n) WHERE delivered_at IS NULL AND failed_at IS NULL;`,
];

// the relay's end of a row, only if it has none yet: two relays racing, the second finds the row settled
const SETTLE_OUTBOX = {
  delivered:
    'UPDATE outbox SET delivered_at = $1 WHERE key = $2 AND delivered_at IS NULL AND failed_at IS NULL',
  failed: 'UPDATE outbox SET failed_at = $1 WHERE key = $2 AND delivered_at IS NULL AND failed_at IS NULL',
} as const;

// any constant; the advisory lock that serialises migrations across desks
const MIGRATION_LOCK = 7_270_813;

const isUnique = (err: unknown, constraint?: string) =>
  err instanceof pg.DatabaseError &&
  err.code === UNIQUE_VIOLATION &&
  (constraint === undefined || err.constraint === constraint);

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS desk_migrations (version INTEGER PRIMARY KEY)');
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM desk_migrations',
    );
    for (let i = rows[0]?.v ?? 0; i < MIGRATIONS.length; i++) {
      await client.query(MIGRATIONS[i]!);
      await client.query('INSERT INTO desk_migrations (version) VALUES ($1)', [i + 1]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function writeCommit(client: pg.PoolClient, c: Commit): Promise<void> {
  // the case's lock first, then its deadlines': every writer takes them in this order, so none waits in a cycle
  const head = await client.query<{ head_seq: number }>(
    'SELECT head_seq FROM cases WHERE id = $1 FOR UPDATE',
    [c.caseId],
  );
  if ((head.rows[0]?.head_seq ?? 0) !== c.expectedHeadSeq) throw new HeadMovedError(c.caseId);
  if (c.claim) {
    const claimed = await client.query<{ due_at: string }>(
      'SELECT due_at FROM deadlines WHERE case_id = $1 AND id = $2 FOR UPDATE SKIP LOCKED',
      [c.caseId, c.claim.id],
    );
    if (claimed.rows[0]?.due_at !== c.claim.dueAt) throw new DeadlineTakenError(c.caseId, c.claim.id);
  }
  if (c.settle) {
    // written at once, but the throw rolls the transaction back, so nothing of the commit stays
    const settled = await client.query(SETTLE_OUTBOX[c.settle.outcome], [c.settle.at, c.settle.key]);
    if (settled.rowCount === 0) throw new OutboxSettledError(c.settle.key);
  }
  if (c.idempotency) {
    const { scope, key, response } = c.idempotency;
    const taken = await client.query(
      'INSERT INTO idempotency (scope, key, case_id, response) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [scope, key, c.caseId, JSON.stringify(response)],
    );
    if (taken.rowCount === 0) throw new IdempotencyTakenError(scope, key);
  }
  for (const { entry, view } of c.entries) {
    await client.query(
      `INSERT INTO entries (case_id, seq, at, actor, type, event, outcome, refusal, prev, hash, view)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        entry.caseId,
        entry.seq,
        entry.at,
        JSON.stringify(entry.actor),
        entry.type,
        JSON.stringify(entry.event),
        entry.outcome,
        entry.refusal ? JSON.stringify(entry.refusal) : null,
        entry.prev,
        entry.hash,
        jsonOf(view),
      ],
    );
  }
  const r = c.caseRow;
  await client.query(
    `INSERT INTO cases (id, kind, training, status, opened_at, version, head_seq, head_hash, state, view)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, version = excluded.version,
       head_seq = excluded.head_seq, head_hash = excluded.head_hash, state = excluded.state, view = excluded.view`,
    [
      r.id,
      r.kind,
      r.training,
      r.status,
      r.openedAt,
      r.version,
      r.headSeq,
      r.headHash,
      JSON.stringify(r.state),
      JSON.stringify(r.view),
    ],
  );
  if (c.deadlines) {
    await client.query('DELETE FROM deadlines WHERE case_id = $1', [c.caseId]);
    for (const d of c.deadlines)
      await client.query('INSERT INTO deadlines (case_id, id, due_at, about) VALUES ($1, $2, $3, $4)', [
        d.caseId,
        d.id,
        d.dueAt,
        d.about,
      ]);
  }
  for (const o of c.outbox ?? [])
    await client.query(
      `INSERT INTO outbox (key, case_id, seq, kind, payload, due_at, attempts, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [...outboxColumns(o)],
    );
  if (c.checkpoint) {
    const k = c.checkpoint;
    await client.query(
      `INSERT INTO checkpoints (case_id, seq, head, at, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, seq) DO UPDATE SET head = excluded.head, at = excluded.at,
         signature = excluded.signature`,
      [k.caseId, k.seq, k.head, k.at, k.signature],
    );
  }
  const last = c.entries.at(-1)?.entry.seq ?? c.caseRow.headSeq;
  await client.query('SELECT pg_notify($1, $2)', [ENTRIES_CHANNEL, `${c.caseId}:${last}`]);
}

// The listening connection: dedicated (a pooled one would lose its LISTEN when returned), reconnected with
// a growing pause after any failure; the follower is told, since notifications sent meanwhile are lost.
class Listener {
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = 100;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly follower: StoreFollower,
  ) {}

  async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (n) => {
      if (n.channel === DIRECTORY_CHANNEL) return this.follower.onDirectory();
      const at = n.payload?.lastIndexOf(':') ?? -1;
      if (at <= 0) return;
      this.follower.onAppended(n.payload!.slice(0, at), Number(n.payload!.slice(at + 1)));
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${ENTRIES_CHANNEL}; LISTEN ${DIRECTORY_CHANNEL}`);
    this.client = client;
    this.retryMs = 100;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    void client.end().catch(() => {});
    const again = () => {
      if (this.closed) return;
      this.connect().then(
        () => this.follower.onReconnected(),
        () => {
          this.retryMs = Math.min(this.retryMs * 2, 5_000);
          setTimeout(again, this.retryMs).unref();
        },
      );
    };
    setTimeout(again, this.retryMs).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}

export async function openPostgresStore(url: string, opts: { poolSize?: number } = {}): Promise<Store> {
  const config: pg.PoolConfig = { connectionString: url, max: opts.poolSize ?? 10 };
  const pool = new pg.Pool(config);
  // an idle connection the server dropped must not take the desk down; the next query gets a fresh one
  pool.on('error', () => {});
  await migrate(pool);
  let listener: Listener | undefined;

  const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    (await pool.query<R>(text, values)).rows;

  return {
    kind: 'postgres',
    shared: true,
    ordered: false,
    getMeta: async (key) =>
      (await query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]))[0]?.value,
    setMeta: async (key, value) =>
      void (await query(
        'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      )),
    initMeta: async (key, value) => {
      await query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      return (await query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]))[0]!.value;
    },
    appendDirectory: async (...entries) => {
      try {
        await inTransaction(pool, async (client) => {
          const top = await client.query<{ seq: number }>('SELECT max(seq) AS seq FROM directory');
          let head = top.rows[0]?.seq ?? 0;
          for (const e of entries) {
            if (e.seq !== head + 1) throw new DirectoryHeadMovedError(e.seq, head);
            const { seq, prev, hash, ...rest } = e;
            await client.query('INSERT INTO directory (seq, entry, prev, hash) VALUES ($1, $2, $3, $4)', [
              seq,
              JSON.stringify(rest),
              prev,
              hash,
            ]);
            head = seq;
          }
          await client.query('SELECT pg_notify($1, $2)', [DIRECTORY_CHANNEL, String(head)]);
        });
      } catch (err) {
        // another desk appended the same seq between our read of the head and our write
        if (isUnique(err, 'directory_pkey')) {
          const first = entries[0]!;
          throw new DirectoryHeadMovedError(first.seq, first.seq);
        }
        throw err;
      }
    },
    directoryEntries: async (afterSeq = 0) =>
      (
        await query<{ seq: number; entry: string; prev: string; hash: string }>(
          'SELECT * FROM directory WHERE seq > $1 ORDER BY seq',
          [afterSeq],
        )
      ).map(toDirectoryEntry),
    loadCase: async (id) => {
      const r = (await query<CaseRecord>('SELECT * FROM cases WHERE id = $1', [id]))[0];
      return r ? toCase(r) : undefined;
    },
    caseIds: async () =>
      (await query<{ id: string }>('SELECT id FROM cases ORDER BY opened_at, id')).map((r) => r.id),
    heads: async () =>
      new Map(
        (await query<{ id: string; head_seq: number }>('SELECT id, head_seq FROM cases')).map((r) => [
          r.id,
          r.head_seq,
        ]),
      ),
    entries: async (caseId, afterSeq = 0) =>
      (
        await query<EntryRecord>('SELECT * FROM entries WHERE case_id = $1 AND seq > $2 ORDER BY seq', [
          caseId,
          afterSeq,
        ])
      ).map(toEntry),
    commit: async (c) => {
      try {
        await inTransaction(pool, (client) => writeCommit(client, c));
      } catch (err) {
        if (isUnique(err, 'entries_pkey') || isUnique(err, 'cases_pkey')) throw new HeadMovedError(c.caseId);
        throw err;
      }
    },
    commitOnHead: async (caseId, decide) => {
      try {
        await inTransaction(pool, async (client) => {
          const locked = await client.query<CaseRecord>('SELECT * FROM cases WHERE id = $1 FOR UPDATE', [
            caseId,
          ]);
          const c = decide(locked.rows[0] ? toCase(locked.rows[0]) : undefined);
          if (c) await writeCommit(client, c);
        });
      } catch (err) {
        if (isUnique(err, 'entries_pkey') || isUnique(err, 'cases_pkey')) throw new HeadMovedError(caseId);
        throw err;
      }
    },
    dueDeadlines: async (now, limit) =>
      (
        await query<DeadlineRecord>(
          'SELECT * FROM deadlines WHERE due_at <= $1 ORDER BY due_at, case_id, id LIMIT $2',
          [now, limit ?? null],
        )
      ).map(toDeadline),
    nextDeadline: async () => {
      const r = (
        await query<DeadlineRecord>('SELECT * FROM deadlines ORDER BY due_at, case_id, id LIMIT 1')
      )[0];
      return r ? toDeadline(r) : undefined;
    },
    idempotent: async (scope, key) => {
      const r = (
        await query<{ case_id: string; response: string }>(
          'SELECT case_id, response FROM idempotency WHERE scope = $1 AND key = $2',
          [scope, key],
        )
      )[0];
      return r ? { caseId: r.case_id, response: JSON.parse(r.response) } : undefined;
    },
    latestCheckpoint: async (caseId): Promise<Checkpoint | undefined> => {
      const r = (
        await query<{ case_id: string; seq: number; head: string; at: string; signature: string }>(
          'SELECT * FROM checkpoints WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
          [caseId],
        )
      )[0];
      return r
        ? { caseId: r.case_id, seq: r.seq, head: r.head, at: r.at, signature: r.signature }
        : undefined;
    },
    pendingOutbox: async (limit, dueBy) => {
      // SQLite reads a negative LIMIT as none; PostgreSQL reads NULL so
      const max = limit < 0 ? null : limit;
      const rows =
        dueBy === undefined
          ? await query<OutboxRecord>(
              'SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY n LIMIT $1',
              [max],
            )
          : await query<OutboxRecord>(
              `SELECT * FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND due_at <= $1
               ORDER BY due_at, n LIMIT $2`,
              [dueBy, max],
            );
      return rows.map(toOutbox);
    },
    outboxAttempted: async (key, next) =>
      void (await query(
        `UPDATE outbox SET attempts = $1, due_at = $2, last_error = $3
         WHERE key = $4 AND delivered_at IS NULL AND failed_at IS NULL`,
        [next.attempts, next.dueAt, next.error, key],
      )),
    follow: async (follower) => {
      if (listener) throw new Error('the store is already followed');
      listener = new Listener({ connectionString: url }, follower);
      await listener.connect();
    },
    close: async () => {
      await listener?.close();
      await pool.end();
    },
  };
}
