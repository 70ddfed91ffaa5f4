import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GENESIS,
  generateSigningKeys,
  hashEntry,
  loadSigningKeys,
  signCheckpoint,
  signedWhenRead,
  verifyChain,
  verifyCheckpoint,
} from '../../src/audit/chain.ts';
import type { CaseRuntime } from '../../src/runtime/case-runtime.ts';
import { authority, ManualClock, operator, REPORT, runtimeIn, tempDir } from '../runtime/fixtures.ts';

let rt: CaseRuntime | undefined;
afterEach(() => rt?.stop());

async function caseWithHistory() {
  const dir = tempDir();
  const clock = new ManualClock();
  rt = await runtimeIn(dir, clock);
  const opened = await rt.openCase(REPORT, operator);
  if (opened.status !== 'applied') throw new Error('not opened');
  const id = opened.view.id;
  await rt.applyEvent(id, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] }, operator);
  await rt.applyEvent(id, { type: 'BOARDING_STARTED' }, operator);
  await rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
  await rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator);
  return { dir, id };
}

// Tampering goes straight at the database file, as someone with disk access would.
async function tamper(dir: string, sql: string, ...params: unknown[]) {
  await rt!.stop();
  rt = undefined;
  const db = new Database(join(dir, 'desk.sqlite'));
  db.prepare(sql).run(...params);
  db.close();
}

async function reopen(dir: string) {
  rt = await runtimeIn(dir, new ManualClock());
  return rt;
}

describe('audit chain (SHA-256 over RFC 8785 canonical JSON, signed checkpoints)', () => {
  it('verifies an untouched history, refusals included', async () => {
    const { id } = await caseWithHistory();
    const audit = (await rt!.audit(id, authority))!;
    expect(audit.map((e) => `${e.type}:${e.outcome}`)).toEqual([
      'CASE_OPENED:applied',
      'DISTRESS_ASSESSED:applied',
      'BOARDING_STARTED:refused',
      'FLAG_STATE_NOTIFIED:applied',
      'SUSPICION_RECORDED:applied',
    ]);
    expect(audit[0]!.prev).toBe(GENESIS);
    expect(audit[2]!.refusal).toMatchObject({
      reason: 'flag-state-authorisation-required',
      basis: ['SoM art. 8(2)', 'UNCLOS art. 92(1)'],
    });
    expect(await rt!.verify(id)).toMatchObject({ valid: true, entries: 5, head: audit[4]!.hash });
  });

  it('detects a changed byte in an entry', async () => {
    const { dir, id } = await caseWithHistory();
    await tamper(
      dir,
      `UPDATE entries SET event = replace(event, 'overcrowded', 'overcrowdeD') WHERE case_id = ? AND seq = 5`,
      id,
    );
    expect(await (await reopen(dir)).verify(id)).toMatchObject({
      valid: false,
      firstBad: { seq: 5, problem: 'hash does not match the entry' },
    });
  });

  it('detects a snapshot changed beside a valid chain (persons on board 60 to 93): the snapshot is served, so it is held against the log', async () => {
    const { dir, id } = await caseWithHistory();
    await tamper(
      dir,
      `UPDATE cases SET state = replace(state, '"personsOnBoard":60', '"personsOnBoard":93') WHERE id = ?`,
      id,
    );
    const r = await (await reopen(dir)).verify(id);
    expect(r).toMatchObject({ valid: false, firstBad: { seq: 5 } });
    expect(r.firstBad!.problem).toBe("the snapshot differs from the log's in personsOnBoard");
  });

  it("detects an entry's kept view changed (what the stream replays after a drop)", async () => {
    const { dir, id } = await caseWithHistory();
    await tamper(
      dir,
      `UPDATE entries SET view = replace(view, '"onBoard":60', '"onBoard":93') WHERE case_id = ? AND seq = 3`,
      id,
    );
    expect(await (await reopen(dir)).verify(id)).toMatchObject({
      valid: false,
      firstBad: { seq: 3, problem: "the view this entry keeps differs from the log's in persons" },
    });
  });

  it("detects a snapshot whose head is not the log's (a write that reached one and not the other)", async () => {
    const { dir, id } = await caseWithHistory();
    await tamper(dir, 'UPDATE cases SET head_seq = 4, version = 4 WHERE id = ?', id);
    expect(await (await reopen(dir)).verify(id)).toMatchObject({
      valid: false,
      firstBad: { seq: 5, problem: "the snapshot's head is seq 4, the log ends at 5" },
    });
  });

  it('detects a removed entry', async () => {
    const { dir, id } = await caseWithHistory();
    await tamper(dir, 'DELETE FROM entries WHERE case_id = ? AND seq = 3', id);
    expect(await (await reopen(dir)).verify(id)).toMatchObject({ valid: false, firstBad: { seq: 4 } });
  });

  it('detects a reordering even when the hashes are recomputed', async () => {
    const { dir, id } = await caseWithHistory();
    await rt!.stop();
    rt = undefined;
    const db = new Database(join(dir, 'desk.sqlite'));
    // Swap the outcomes' order by swapping seq 2 and 3 and rewriting both hashes: prev no longer links.
    db.prepare('UPDATE entries SET seq = 99 WHERE case_id = ? AND seq = 2').run(id);
    db.prepare('UPDATE entries SET seq = 2 WHERE case_id = ? AND seq = 3').run(id);
    db.prepare('UPDATE entries SET seq = 3 WHERE case_id = ? AND seq = 99').run(id);
    db.close();
    expect(await (await reopen(dir)).verify(id)).toMatchObject({ valid: false, firstBad: { seq: 2 } });
  });

  it('detects a truncated tail against the last signed checkpoint, which a chain alone cannot show', async () => {
    const { dir, id } = await caseWithHistory();
    await tamper(dir, 'DELETE FROM entries WHERE case_id = ? AND seq >= 4', id);
    const entries = (await (await reopen(dir)).audit(id, authority))!;
    expect(verifyChain(id, entries).valid).toBe(true);
    expect(await rt!.verify(id)).toMatchObject({
      valid: false,
      firstBad: { problem: expect.stringContaining('truncated') },
    });
  });

  it('detects a forged checkpoint signature', async () => {
    const { dir, id } = await caseWithHistory();
    await tamper(dir, `UPDATE checkpoints SET head = ? WHERE case_id = ?`, 'f'.repeat(64), id);
    expect(await (await reopen(dir)).verify(id)).toMatchObject({
      valid: false,
      firstBad: { problem: 'checkpoint signature does not verify' },
    });
  });

  it('hashes canonical JSON: key order does not change the hash', () => {
    const a = {
      caseId: 'c',
      seq: 1,
      at: 't',
      actor: { role: 'operator', subject: 's' },
      type: 'X',
      event: { b: 1, a: 2 },
      outcome: 'applied' as const,
      prev: GENESIS,
    };
    const b = {
      prev: GENESIS,
      outcome: 'applied' as const,
      event: { a: 2, b: 1 },
      type: 'X',
      actor: { subject: 's', role: 'operator' },
      at: 't',
      seq: 1,
      caseId: 'c',
    };
    expect(hashEntry(a)).toBe(hashEntry(b));
  });
});

describe('a checkpoint signed when read (one signature per group commit)', () => {
  it('is signed once, on first read, with the signature signCheckpoint gives', () => {
    const keys = loadSigningKeys(generateSigningKeys().privatePem);
    const claim = { caseId: 'c1', seq: 7, head: 'ab'.repeat(32), at: '2026-06-01T02:00:00.000Z' };
    const lazy = signedWhenRead(claim, keys);
    const first = lazy.signature;
    expect(lazy.signature).toBe(first);
    // Ed25519 is deterministic: the same claim, the same signature
    expect(first).toBe(signCheckpoint(claim, keys).signature);
    expect(verifyCheckpoint(lazy, keys.publicKey)).toBe(true);
    expect(verifyCheckpoint({ ...lazy, seq: 8 }, keys.publicKey)).toBe(false);
  });
});
