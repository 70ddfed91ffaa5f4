// Commands on one case pipeline into one group commit on an ordered store (store.ts, `ordered`): each decides
// on the head the one before it will write, and is answered once its own commit is durable. Nothing changes
// for the case: one chain, in the order the commands took the case's lock, published once and in order. A
// commit the store refuses fails those asked on top of it, and they decide again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyCheckpoint } from '../../src/audit/chain.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import type { Actor, CommandResult, StreamEvent } from '../../src/runtime/types.ts';
import { ManualClock } from '../clock.ts';
import { flaggedTrawler } from '../http/helpers.ts';

const operator: Actor = { role: 'operator', subject: 'watch-1' };
const dirs: string[] = [];
const runtimes: CaseRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function opened(): Promise<{ rt: CaseRuntime; dir: string; id: string; seen: StreamEvent[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-pipelined-'));
  dirs.push(dir);
  const rt = await openRuntime({ dataDir: dir, clock: new ManualClock() });
  runtimes.push(rt);
  const open = await rt.openCase(flaggedTrawler(), operator);
  if (open.status !== 'applied') throw new Error('not opened');
  const seen: StreamEvent[] = [];
  rt.subscribe((e) => seen.push(e));
  return { rt, dir, id: open.view.id, seen };
}

const position = (i: number) => ({ type: 'POSITION_REPORTED' as const, lat: 34, lon: 13 + i / 1000 });
const seqOf = (r: CommandResult) => ('seq' in r ? r.seq : undefined);

describe('commands on one case share a group commit', () => {
  it('twenty commands at once: each answered with its own seq in the order asked, one valid chain, fewer transactions than commands', async () => {
    const { rt, dir, id, seen } = await opened();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rt.applyEvent(id, position(i), operator)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill('applied'));
    expect(results.map(seqOf)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    // the log holds the positions in the order the commands were asked
    const log = (await rt.audit(id, operator))!;
    expect(log.slice(1).map((e) => (e.event as { lon: number }).lon)).toEqual(
      Array.from({ length: 20 }, (_, i) => 13 + i / 1000),
    );
    expect(await rt.verify(id)).toMatchObject({ valid: true, entries: 21 });
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    // a case's checkpoint is signed once per transaction: fewer of them than commits means they shared
    const db = new Database(join(dir, 'desk.sqlite'), { readonly: true });
    const { n } = db.prepare('SELECT count(*) AS n FROM checkpoints WHERE case_id = ?').get(id) as {
      n: number;
    };
    db.close();
    expect(n).toBeLessThan(21);
    // and the last one signs the head, so a truncated tail is still caught
    const latest = (await rt.store.latestCheckpoint(id))!;
    expect(latest.seq).toBe(21);
    expect(verifyCheckpoint(latest, rt.auditPublicKey)).toBe(true);
    expect((await rt.getView(id, operator))!.version).toBe(21);
  });

  it('a commit the store refuses (the same idempotency key asked twice at once) makes the commands asked on top of it decide again, and none is lost', async () => {
    const { rt, id, seen } = await opened();
    const asked = [
      rt.applyEvent(id, position(1), operator, { idempotencyKey: 'k-1' }),
      rt.applyEvent(id, position(1), operator, { idempotencyKey: 'k-1' }),
      rt.applyEvent(id, position(2), operator),
      rt.applyEvent(id, position(3), operator),
    ];
    const [first, retry, second, third] = await Promise.all(asked);
    expect(first).toMatchObject({ status: 'applied', seq: 2 });
    // the retry is answered what was recorded, not recorded twice
    expect(seqOf(retry!)).toBe(2);
    expect([seqOf(second!), seqOf(third!)]).toEqual([3, 4]);
    const log = (await rt.audit(id, operator))!;
    expect(log.map((e) => e.type)).toEqual([
      'CASE_OPENED',
      'POSITION_REPORTED',
      'POSITION_REPORTED',
      'POSITION_REPORTED',
    ]);
    expect(log.slice(1).map((e) => (e.event as { lon: number }).lon)).toEqual([13.001, 13.002, 13.003]);
    expect(await rt.verify(id)).toMatchObject({ valid: true, entries: 4 });
    expect(seen.map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('a reader never sees a commit before it is durable', async () => {
    const { rt, id } = await opened();
    const pending = rt.applyEvent(id, position(1), operator);
    // asked, not yet written: the view is the case as the store holds it
    expect((await rt.getView(id, operator))!.version).toBe(1);
    await pending;
    expect((await rt.getView(id, operator))!.version).toBe(2);
  });
});
