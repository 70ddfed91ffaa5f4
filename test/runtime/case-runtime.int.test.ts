import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRuntime } from '../../src/runtime/case-runtime.ts';
import {
  auditor,
  authority,
  ManualClock,
  operator,
  REPORT,
  runtimeIn,
  tempDir,
  trainer,
} from './fixtures.ts';

let open: CaseRuntime[] = [];
afterEach(() => {
  for (const r of open) r.stop();
  open = [];
});
function start(dir: string, clock: ManualClock) {
  const r = runtimeIn(dir, clock);
  open.push(r);
  return r;
}
function stop(r: CaseRuntime) {
  r.stop();
  open = open.filter((x) => x !== r);
}
function opened(r: CaseRuntime) {
  const res = r.openCase(REPORT, operator);
  if (res.status !== 'applied') throw new Error(res.status);
  return res.view.id;
}

describe('case runtime on SQLite', () => {
  it('a retried command with the same Idempotency-Key returns the first result and writes nothing', () => {
    const rt = start(tempDir(), new ManualClock());
    const id = opened(rt);
    const first = rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator, {
      idempotencyKey: 'k-1',
    });
    const again = rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator, {
      idempotencyKey: 'k-1',
    });
    expect(again).toEqual(first);
    expect(rt.audit(id, authority)).toHaveLength(2);
  });

  it('a stale If-Match answers version-conflict and writes nothing', () => {
    const rt = start(tempDir(), new ManualClock());
    const id = opened(rt);
    rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator, { ifMatch: 1 });
    const stale = rt.applyEvent(id, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] }, operator, {
      ifMatch: 1,
    });
    expect(stale).toEqual({ status: 'version-conflict', currentVersion: 2 });
    expect(rt.audit(id, authority)).toHaveLength(2);
  });

  it('a refusal enters the log and the audit trail but leaves the case as it was', () => {
    const rt = start(tempDir(), new ManualClock());
    const id = opened(rt);
    const before = rt.getView(id, operator)!;
    const res = rt.applyEvent(id, { type: 'BOARDING_STARTED' }, operator);
    expect(res).toMatchObject({
      status: 'refused',
      seq: 2,
      refusal: { reason: 'flag-state-authorisation-required' },
    });
    expect(rt.getView(id, operator)).toEqual(before);
    expect(rt.headSeq(id)).toBe(2);
  });

  it('roles: an event is recorded only by the roles contract.md names; auditors record none', () => {
    const rt = start(tempDir(), new ManualClock());
    const id = opened(rt);
    expect(rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, operator)).toMatchObject({
      status: 'forbidden',
      rolesAllowed: ['authority'],
    });
    expect(rt.applyEvent(id, { type: 'BOARDING_STARTED' }, auditor)).toMatchObject({ status: 'forbidden' });
    expect(rt.openCase(REPORT, auditor)).toMatchObject({ status: 'forbidden' });
  });

  it('training cases never mix with live ones', () => {
    const rt = start(tempDir(), new ManualClock());
    const live = opened(rt);
    const training = rt.openCase(REPORT, trainer);
    if (training.status !== 'applied') throw new Error('training case not opened');
    expect(rt.getView(training.view.id, operator)).toBeUndefined();
    expect(rt.getView(live, trainer)).toBeUndefined();
    expect(rt.applyEvent(live, { type: 'SUSPICION_RECORDED', grounds: ['x'] }, trainer)).toEqual({
      status: 'not-found',
    });
    expect(
      rt.applyEvent(training.view.id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, trainer).status,
    ).toBe('applied');
    expect(rt.listCases(operator).map((c) => c.id)).toEqual([live]);
    expect(rt.listCases(trainer).map((c) => c.id)).toEqual([training.view.id]);
  });

  it('a reply deadline that passed while the desk was down fires once, at start: ESCALATE_OVERDUE_REPLY (SoM art. 8(4))', () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const first = start(dir, clock);
    const id = opened(first);
    first.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    expect(first.getView(id, authority)!.requiredActions.map((a) => a.code)).not.toContain(
      'ESCALATE_OVERDUE_REPLY',
    );
    stop(first);

    clock.advanceMinutes(5 * 60);
    const second = start(dir, clock);
    second.startDeadlineWorker();
    const actions = second.getView(id, authority)!.requiredActions.map((a) => a.code);
    expect(actions.filter((c) => c === 'ESCALATE_OVERDUE_REPLY')).toHaveLength(1);
    const fired = second.audit(id, authority)!.filter((e) => e.type === 'DEADLINE_PASSED');
    expect(fired).toHaveLength(2); // the warning before the deadline, then the deadline
    expect(new Set(fired.map((e) => e.event.deadlineId)).size).toBe(2);
    stop(second);

    const third = start(dir, clock);
    third.startDeadlineWorker();
    expect(third.audit(id, authority)!.filter((e) => e.type === 'DEADLINE_PASSED')).toHaveLength(2);
  });

  it('deadlines due before a command are processed before it, as the law sees them', () => {
    const clock = new ManualClock();
    const rt = start(tempDir(), clock);
    const id = opened(rt);
    rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    clock.advanceMinutes(4 * 60 + 1);
    const res = rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator);
    expect(res.status).toBe('applied');
    const types = rt.audit(id, authority)!.map((e) => e.type);
    expect(types.slice(-3)).toEqual(['DEADLINE_PASSED', 'DEADLINE_PASSED', 'SUSPICION_RECORDED']);
  });

  it('outbound effects go to the outbox with the entry, keyed caseId:seq:n', () => {
    const rt = start(tempDir(), new ManualClock());
    const id = opened(rt);
    rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    expect(rt.store.pendingOutbox(10)).toMatchObject([{ key: `${id}:2:0`, kind: 'notify-flag-state' }]);
  });

  it('the stream publishes every entry once, in order, after it is committed', () => {
    const rt = start(tempDir(), new ManualClock());
    const seen: string[] = [];
    rt.subscribe((e) => seen.push(`${e.seq}:${e.event.type}:${e.outcome}`));
    const id = opened(rt);
    rt.applyEvent(id, { type: 'BOARDING_STARTED' }, operator);
    expect(seen).toEqual(['1:CASE_OPENED:applied', '2:BOARDING_STARTED:refused']);
    expect(rt.entriesSince(id, 1).map((e) => e.seq)).toEqual([2]);
  });

  it('a snapshot from another machine version is rebuilt from the log into the same case', () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const rt = start(dir, clock);
    const id = opened(rt);
    rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    clock.advanceMinutes(5 * 60);
    rt.processDueDeadlines();
    rt.applyEvent(id, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, authority);
    const before = rt.getView(id, authority);
    stop(rt);
    const db = new Database(join(dir, 'desk.sqlite'));
    db.prepare(
      `UPDATE cases SET state = json_set(state, '$.machineVersion', 0, '$.context.flagState', json('{}'))`,
    ).run();
    db.close();
    const again = start(dir, clock);
    expect(again.getView(id, authority)!.requiredActions).toEqual(before!.requiredActions);
    expect(
      again.applyEvent(id, { type: 'AUTHORISATION_GRANTED', scopes: ['board'], conditions: [] }, authority)
        .status,
    ).toBe('applied');
  });
});
