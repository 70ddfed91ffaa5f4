import { describe, expect, it } from 'vitest';
import type { PersistedCase } from '../../machines/engine.ts';
import type { DeskEvent } from '../../machines/schemas.ts';
import { Case, engine, opening } from './harness.ts';

describe('a snapshot persisted mid-case', () => {
  it('restores awaiting authorisation with the same required actions and deadlines (SoM art. 8(4) reply deadline)', () => {
    const c = new Case(opening(), {
      states: { TG: { protocolParty: true, replyWithinHours: 6 } },
      countryAssessments: {},
    });
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, 10);
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] }, 5);
    const before = engine.view(c.state, 7);
    expect(before.requiredActions.map((a) => a.code)).toContain('AWAIT_AUTHORISATION');
    expect(before.deadlines.length).toBeGreaterThan(0);

    const stored: PersistedCase = JSON.parse(JSON.stringify(c.state));
    const after = engine.view(stored, 7);
    expect(after.requiredActions).toEqual(before.requiredActions);
    expect(after.deadlines).toEqual(before.deadlines);
    expect(engine.restore(stored).value).toEqual(engine.restore(c.state).value);

    // And it goes on as the original would: the deadline fires from data, not from a lost timer.
    const deadline = engine.pendingDeadlines(stored).find((d) => d.about === 'authorisation-reply')!;
    const fired = engine.apply(stored, { type: 'DEADLINE_PASSED', deadlineId: deadline.id }, deadline.dueAt);
    expect(engine.view(fired.state, 8).requiredActions.map((a) => a.code)).toContain(
      'ESCALATE_OVERDUE_REPLY',
    );
  });
});

describe('a snapshot rebuilt from the log (a new machine version)', () => {
  it('keeps a step the law of its day applied, even where today’s law would refuse it: the log is the truth', () => {
    const open = engine.open({
      id: 'old-case',
      at: '2026-06-01T02:00:00.000Z',
      setting: { states: {}, countryAssessments: {} },
      opening: opening({ grounds: [] }),
    });
    const boarding: DeskEvent = { type: 'BOARDING_STARTED' };
    const at = '2026-06-01T02:10:00.000Z';
    // today: no grounds and no flag-State consent, so the law refuses the boarding
    expect(engine.apply(open, boarding, at).decision.outcome).toBe('refused');
    const rebuilt = engine.replayRecorded(open, boarding, at);
    expect(rebuilt.context.enforcement.boarded).toBe(true);
    expect(rebuilt.context.enforcement.boardedAt).toBe(at);
    // nothing happened today: no incident is invented for it
    expect(rebuilt.context.incidents).toEqual([]);
    expect(engine.view(rebuilt, 2).requiredActions.map((a) => a.code)).toContain('APPLY_SAFEGUARDS');
  });

  it('replays a step today’s law applies exactly as applying it would', () => {
    const c = new Case();
    const event: DeskEvent = { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded'] };
    const at = c.at(5);
    expect(engine.replayRecorded(c.state, event, at)).toEqual(engine.apply(c.state, event, at).state);
  });
});

describe('a step from the case in memory and from the same case read back from the store', () => {
  it('ends in the same state at every step of a path (the engine keeps the snapshot a case was made from)', () => {
    const c = new Case(opening(), {
      states: { TG: { protocolParty: true, replyWithinHours: 6 } },
      countryAssessments: {},
    });
    const path: Array<[DeskEvent, number]> = [
      [{ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] }, 1],
      [{ type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, 10],
      [{ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] }, 5],
      [{ type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded'] }, 3],
      [{ type: 'POSITION_REPORTED', lat: 34.6, lon: 15.4 }, 2],
    ];
    for (const [event, minutes] of path) {
      const at = c.at(c.minute + minutes);
      const stored: PersistedCase = JSON.parse(JSON.stringify(c.state));
      const fromMemory = engine.apply(c.state, event, at);
      const fromStore = engine.apply(stored, event, at);
      expect(fromStore.decision, event.type).toEqual(fromMemory.decision);
      expect(JSON.parse(JSON.stringify(fromStore.state)), event.type).toEqual(
        JSON.parse(JSON.stringify(fromMemory.state)),
      );
      expect(engine.restore(fromStore.state).value).toEqual(engine.restore(fromMemory.state).value);
      c.send(event, minutes);
    }
  });
});
