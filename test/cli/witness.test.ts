// A witness outside DESK_DATA (src/cli/witness.ts): someone who can write DESK_DATA rewrites a case's log,
// recomputes every hash after the change and signs the new head with the key beside the store. The chain,
// its checkpoint and the snapshot then all verify; the heads exported earlier do not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChainedEntry, hashEntry, loadSigningKeys, signCheckpoint } from '../../src/audit/chain.ts';
import { openRuntime } from '../../src/runtime/case-runtime.ts';
import { rubberBoat } from '../http/helpers.ts';

let dataDir: string;
let elsewhere: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-witness-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'desk-witness-kept-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const desk = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/desk.js', ...args], {
    env: { ...process.env, DESK_DATA: dataDir, DESK_SECRET: '' },
    encoding: 'utf8',
    timeout: 20_000,
  });

async function seed(): Promise<string> {
  const runtime = await openRuntime({ dataDir, clock: { now: () => new Date() } });
  const actor = { role: 'operator' as const, subject: 'watch-1' };
  const opened = await runtime.openCase(rubberBoat(), actor);
  if (opened.status !== 'applied') throw new Error('not opened');
  for (const phase of ['uncertainty', 'alert'] as const)
    await runtime.applyEvent(opened.view.id, { type: 'DISTRESS_ASSESSED', phase, factors: [] }, actor);
  await runtime.stop();
  return opened.view.id;
}

// Who recorded seq 2 is changed, every hash from there on recomputed, the head re-signed with the key in
// DESK_DATA, the snapshot's head moved to match: nothing the desk holds disagrees any more.
function forge(caseId: string): void {
  const keys = loadSigningKeys(readFileSync(join(dataDir, 'audit-signing.pem'), 'utf8'));
  const db = new Database(join(dataDir, 'desk.sqlite'));
  const rows = db.prepare('SELECT * FROM entries WHERE case_id = ? ORDER BY seq').all(caseId) as Array<
    Record<string, string | number | null>
  >;
  let prev = String(rows[0]!.hash);
  let last: ChainedEntry | undefined;
  for (const r of rows.slice(1)) {
    const entry: Omit<ChainedEntry, 'hash'> = {
      caseId,
      seq: Number(r.seq),
      at: String(r.at),
      actor:
        Number(r.seq) === 2 ? { role: 'operator', subject: 'someone-else' } : JSON.parse(String(r.actor)),
      type: String(r.type),
      event: JSON.parse(String(r.event)),
      outcome: r.outcome as 'applied',
      ...(r.refusal ? { refusal: JSON.parse(String(r.refusal)) } : {}),
      prev,
    };
    last = { ...entry, hash: hashEntry(entry) };
    db.prepare('UPDATE entries SET actor = ?, prev = ?, hash = ? WHERE case_id = ? AND seq = ?').run(
      JSON.stringify(last.actor),
      last.prev,
      last.hash,
      caseId,
      last.seq,
    );
    prev = last.hash;
  }
  const k = signCheckpoint({ caseId, seq: last!.seq, head: last!.hash, at: last!.at }, keys);
  db.prepare('DELETE FROM checkpoints WHERE case_id = ?').run(caseId);
  db.prepare('INSERT INTO checkpoints (case_id, seq, head, at, signature) VALUES (?, ?, ?, ?, ?)').run(
    caseId,
    k.seq,
    k.head,
    k.at,
    k.signature,
  );
  db.prepare('UPDATE cases SET head_hash = ? WHERE id = ?').run(last!.hash, caseId);
  db.close();
}

describe('desk checkpoints export and desk verify --witness (issue 17)', () => {
  it('a chain rewritten and signed again inside DESK_DATA verifies on its own, and is caught against the witness', async () => {
    const id = await seed();
    const witness = join(elsewhere, 'heads.jsonl');
    expect(desk('checkpoints', 'export', witness).status).toBe(0);
    const lines = readFileSync(witness, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ caseId: id, seq: 3 })]);
    const clean = desk('verify', '--witness', witness);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('witness: every head it saw is in the log');

    forge(id);
    // the forgery holds up against everything inside DESK_DATA
    const alone = desk('verify');
    expect(alone.status, alone.stdout).toBe(0);
    const caught = desk('verify', '--witness', witness);
    expect(caught.status).toBe(1);
    expect(caught.stdout).toContain(`WITNESS ${id}  seq 3: the entry differs from the head the witness saw`);
    expect(caught.stderr).toContain(`first at case ${id} seq 3`);
  });

  it('a log cut short after the export is caught, and a witness signed with another key says so', async () => {
    const id = await seed();
    const witness = join(elsewhere, 'heads.jsonl');
    expect(desk('checkpoints', 'export', witness).status).toBe(0);
    const db = new Database(join(dataDir, 'desk.sqlite'));
    db.prepare('DELETE FROM entries WHERE case_id = ? AND seq = 3').run(id);
    db.close();
    const cut = desk('verify', '--witness', witness);
    expect(cut.status).toBe(1);
    expect(cut.stdout).toContain('the log no longer reaches seq 3');

    const other = join(elsewhere, 'other.jsonl');
    const line = JSON.parse(readFileSync(witness, 'utf8').trim()) as { signature: string };
    line.signature = Buffer.alloc(64, 7).toString('base64');
    writeFileSync(other, `${JSON.stringify(line)}\n`);
    const foreign = desk('verify', '--witness', other);
    expect(foreign.status).toBe(1);
    expect(foreign.stdout).toContain("not signed by this desk's audit key");
  });
});
