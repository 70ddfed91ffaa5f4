import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
afterEach(async () => {
  for (const r of open) await r.stop();
  open = [];
});
async function start(dir: string, clock: ManualClock) {
  const r = await runtimeIn(dir, clock);
  open.push(r);
  return r;
}
async function stop(r: CaseRuntime) {
  await r.stop();
  open = open.filter((x) => x !== r);
}
// the deadline worker fires what is due at once when it starts: this resolves when that first pass has ended
async function startDeadlineWorker(r: CaseRuntime) {
  const pass = vi.spyOn(r, 'processDueDeadlines');
  r.startDeadlineWorker();
  const first = pass.mock.results[0];
  expect(first, 'the worker runs a pass as it starts').toBeDefined();
  await first?.value;
  pass.mockRestore();
}
async function opened(r: CaseRuntime) {
  const res = await r.openCase(REPORT, operator);
  if (res.status !== 'applied') throw new Error(res.status);
  return res.view.id;
}

describe('case runtime on SQLite', () => {
  it('a retried command with the same Idempotency-Key returns the first result and writes nothing', async () => {
    const rt = await start(tempDir(), new ManualClock());
    const id = await opened(rt);
    const first = await rt.applyEvent(
      id,
      { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] },
      operator,
      {
        idempotencyKey: 'k-1',
      },
    );
    const again = await rt.applyEvent(
      id,
      { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] },
      operator,
      {
        idempotencyKey: 'k-1',
      },
    );
    expect(again).toEqual(first);
    expect(await rt.audit(id, authority)).toHaveLength(2);
  });

  it('a stale If-Match answers version-conflict and writes nothing', async () => {
    const rt = await start(tempDir(), new ManualClock());
    const id = await opened(rt);
    await rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator, {
      ifMatch: 1,
    });
    const stale = await rt.applyEvent(
      id,
      { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] },
      operator,
      {
        ifMatch: 1,
      },
    );
    expect(stale).toEqual({ status: 'version-conflict', currentVersion: 2 });
    expect(await rt.audit(id, authority)).toHaveLength(2);
  });

  it('a refusal enters the log and the audit trail but leaves the case as it was', async () => {
    const rt = await start(tempDir(), new ManualClock());
    const id = await opened(rt);
    const before = (await rt.getView(id, operator))!;
    const res = await rt.applyEvent(id, { type: 'BOARDING_STARTED' }, operator);
    expect(res).toMatchObject({
      status: 'refused',
      seq: 2,
      refusal: { reason: 'flag-state-authorisation-required' },
    });
    expect(await rt.getView(id, operator)).toEqual(before);
    expect(await rt.headSeq(id)).toBe(2);
  });

  it('roles: an event is recorded only by the roles contract.md names; auditors record none', async () => {
    const rt = await start(tempDir(), new ManualClock());
    const id = await opened(rt);
    expect(await rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, operator)).toMatchObject({
      status: 'forbidden',
      rolesAllowed: ['authority'],
    });
    expect(await rt.applyEvent(id, { type: 'BOARDING_STARTED' }, auditor)).toMatchObject({
      status: 'forbidden',
    });
    expect(await rt.openCase(REPORT, auditor)).toMatchObject({ status: 'forbidden' });
  });

  it('training cases never mix with live ones', async () => {
    const rt = await start(tempDir(), new ManualClock());
    const live = await opened(rt);
    const training = await rt.openCase(REPORT, trainer);
    if (training.status !== 'applied') throw new Error('training case not opened');
    expect(await rt.getView(training.view.id, operator)).toBeUndefined();
    expect(await rt.getView(live, trainer)).toBeUndefined();
    expect(await rt.applyEvent(live, { type: 'SUSPICION_RECORDED', grounds: ['x'] }, trainer)).toEqual({
      status: 'not-found',
    });
    expect(
      (await rt.applyEvent(training.view.id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, trainer)).status,
    ).toBe('applied');
    expect((await rt.listCases(operator)).map((c) => c.id)).toEqual([live]);
    expect((await rt.listCases(trainer)).map((c) => c.id)).toEqual([training.view.id]);
  });

  it('a reply deadline that passed while the desk was down fires once, at start: ESCALATE_OVERDUE_REPLY (SoM art. 8(4))', async () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const first = await start(dir, clock);
    const id = await opened(first);
    await first.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    expect((await first.getView(id, authority))!.requiredActions.map((a) => a.code)).not.toContain(
      'ESCALATE_OVERDUE_REPLY',
    );
    await stop(first);

    clock.advanceMinutes(5 * 60);
    const second = await start(dir, clock);
    await startDeadlineWorker(second);
    const actions = (await second.getView(id, authority))!.requiredActions.map((a) => a.code);
    expect(actions.filter((c) => c === 'ESCALATE_OVERDUE_REPLY')).toHaveLength(1);
    const fired = (await second.audit(id, authority))!.filter((e) => e.type === 'DEADLINE_PASSED');
    expect(fired).toHaveLength(2); // the warning before the deadline, then the deadline
    expect(new Set(fired.map((e) => e.event.deadlineId)).size).toBe(2);
    await stop(second);

    const third = await start(dir, clock);
    await startDeadlineWorker(third);
    expect((await third.audit(id, authority))!.filter((e) => e.type === 'DEADLINE_PASSED')).toHaveLength(2);
  });

  it('deadlines due before a command are processed before it, as the law sees them', async () => {
    const clock = new ManualClock();
    const rt = await start(tempDir(), clock);
    const id = await opened(rt);
    await rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    clock.advanceMinutes(4 * 60 + 1);
    const res = await rt.applyEvent(id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }, operator);
    expect(res.status).toBe('applied');
    const types = (await rt.audit(id, authority))!.map((e) => e.type);
    expect(types.slice(-3)).toEqual(['DEADLINE_PASSED', 'DEADLINE_PASSED', 'SUSPICION_RECORDED']);
  });

  it("a message to another State's desk goes to the outbox with its step, keyed caseId:seq:n and due at once; a State without a desk gets none", async () => {
    const clock = new ManualClock();
    const rt = await start(tempDir(), clock);
    const id = await opened(rt);
    await rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    expect(await rt.store.pendingOutbox(10)).toEqual([]);
    const jwks = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }] };
    const edit = { protocolParty: true, exchange: { url: 'https://tg.example/desk', jwks } };
    await rt.editDirectory(authority, { kind: 'state-profile', state: 'TG', value: edit });
    clock.advanceMinutes(1);
    await rt.applyEvent(id, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, authority);
    const seq = await rt.headSeq(id);
    expect(await rt.pendingMessages(10)).toMatchObject([
      {
        key: `${id}:${seq}:0`,
        kind: 'request-authorisation',
        dueAt: clock.now().toISOString(),
        attempts: 0,
        payload: { message: { to: 'TG', conversation: id, kind: 'request-authorisation' } },
      },
    ]);
  });

  it('the stream publishes every entry once, in order, after it is committed', async () => {
    const rt = await start(tempDir(), new ManualClock());
    const seen: string[] = [];
    rt.subscribe((e) => seen.push(`${e.seq}:${e.event.type}:${e.outcome}`));
    const id = await opened(rt);
    await rt.applyEvent(id, { type: 'BOARDING_STARTED' }, operator);
    expect(seen).toEqual(['1:CASE_OPENED:applied', '2:BOARDING_STARTED:refused']);
    expect((await rt.entriesSince(id, 1)).map((e) => e.seq)).toEqual([2]);
  });

  it('a snapshot from another machine version is rebuilt from the log into the same case', async () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const rt = await start(dir, clock);
    const id = await opened(rt);
    await rt.applyEvent(id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, authority);
    clock.advanceMinutes(5 * 60);
    await rt.processDueDeadlines();
    await rt.applyEvent(id, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, authority);
    const before = await rt.getView(id, authority);
    await stop(rt);
    const db = new Database(join(dir, 'desk.sqlite'));
    db.prepare(
      `UPDATE cases SET state = json_set(state, '$.machineVersion', 0, '$.context.flagState', json('{}'))`,
    ).run();
    db.close();
    const again = await start(dir, clock);
    expect((await again.getView(id, authority))!.requiredActions).toEqual(before!.requiredActions);
    expect(
      (
        await again.applyEvent(
          id,
          { type: 'AUTHORISATION_GRANTED', scopes: ['board'], conditions: [] },
          authority,
        )
      ).status,
    ).toBe('applied');
  });
});
