// Deadline rows the cases do not know (a store edited by hand, a bug of an older desk) never make the worker
// loop or stop: a row for an unknown deadline is refused once, recorded, and leaves the index; a row for a case
// the store does not hold is logged once and passed over; the real deadlines beside them still fire.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRuntime } from '../../src/runtime/case-runtime.ts';
import { authority, ManualClock, operator, REPORT, runtimeIn, tempDir } from './fixtures.ts';

let dir: string;
let clock: ManualClock;
let rt: CaseRuntime;

beforeEach(async () => {
  dir = tempDir();
  clock = new ManualClock();
  rt = await runtimeIn(dir, clock);
});

afterEach(async () => {
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
});

function insertDeadline(caseId: string, id: string, dueAt: string) {
  const db = new Database(join(dir, 'desk.sqlite'));
  db.prepare('INSERT INTO deadlines (case_id, id, due_at, about) VALUES (?, ?, ?, ?)').run(
    caseId,
    id,
    dueAt,
    'x',
  );
  db.close();
}

describe('deadline rows the cases do not know', () => {
  it('an unknown deadline of a real case is refused once and leaves the index; the real one still fires', async () => {
    const opened = await rt.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error('not opened');
    const id = opened.view.id;
    await rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    insertDeadline(id, 'no-such-deadline', clock.now().toISOString());
    clock.advanceMinutes(5 * 60);
    await rt.processDueDeadlines();
    await rt.processDueDeadlines();
    const audit = (await rt.audit(id, operator))!.filter((e) => e.type === 'DEADLINE_PASSED');
    const unknown = audit.filter(
      (e) => (e.event as { deadlineId: string }).deadlineId === 'no-such-deadline',
    );
    expect(unknown.map((e) => e.outcome)).toEqual(['refused']);
    expect(audit.some((e) => e.outcome === 'applied')).toBe(true);
  });

  it('a row for a case the store does not hold is logged once and passed over', async () => {
    const lines: Array<{ msg: string; caseId?: string }> = [];
    const logger = pino({ level: 'error' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    await rt.stop();
    const { openRuntime } = await import('../../src/runtime/case-runtime.ts');
    rt = await openRuntime({ dataDir: dir, clock, logger });
    const opened = await rt.openCase(REPORT, operator);
    if (opened.status !== 'applied') throw new Error('not opened');
    await rt.applyEvent(opened.view.id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    insertDeadline('ghost-case', 'reply', clock.now().toISOString());
    clock.advanceMinutes(5 * 60);
    const fired = (await rt.processDueDeadlines()) + (await rt.processDueDeadlines());
    expect(fired).toBeGreaterThan(0);
    const ghost = lines.filter((l) => l.caseId === 'ghost-case');
    expect(ghost).toHaveLength(1);
    expect(ghost[0]!.msg).toContain('not in the store');
  });
});
