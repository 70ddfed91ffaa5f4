// The bare SQLite write the durable benchmarks compare the desk against: the bytes one applied event writes
// (its entry with the view, and the case row), in one transaction, with the desk's durability (WAL,
// synchronous=FULL). Returns the write and a close.
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function bareSqliteWriter(
  dir: string,
  // rowView: what the case row holds in its view column (the desk now stores none there: "null")
  bytes: { entry: string; view: string; state: string; rowView?: string },
  cases = 1,
): { write: (i: number) => void; close: () => void } {
  const db = new Database(join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE e (k INTEGER PRIMARY KEY, entry TEXT, view TEXT); CREATE TABLE c (id TEXT PRIMARY KEY, state TEXT, view TEXT)',
  );
  const ins = db.prepare('INSERT INTO e (entry, view) VALUES (?, ?)');
  const up = db.prepare(
    'INSERT INTO c (id, state, view) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, view = excluded.view',
  );
  const write = db.transaction((i: number) => {
    ins.run(bytes.entry, bytes.view);
    up.run(`c${i % cases}`, bytes.state, bytes.rowView ?? bytes.view);
  });
  return { write: (i) => write(i), close: () => db.close() };
}
