// The engine as the host uses it (machines/engine.ts): opening cases, applying and refusing steps, rebuilding
// from the log, the deadlines to arm in due order, and what the case view shows of persons and conditions.
import { describe, expect, it } from 'vitest';
import { MACHINE_VERSION } from '../../machines/case-machine.ts';
import type { PersistedCase } from '../../machines/engine.ts';
import type { CaseEvent, Condition, DeskEvent } from '../../machines/schemas.ts';
import { AT, Case, EMPTY, engine, imminentDanger, opening, recordedFact, START } from './harness.ts';
import { grantedCase, noDanger, ok, STATELESS } from './refusals-kit.ts';

const REQUEST = {
  from: 'IT',
  vessel: { name: 'NOUR', flag: 'TG' },
  position: AT.highSeas,
  grounds: ['overcrowded'],
  asks: ['registry' as const, 'board' as const],
};

describe('opening a case (contract.md, POST /cases and POST /requests)', () => {
  it('a case is live unless opened for training, and a training case says so (contract.md, Roles: trainers)', () => {
    const live = engine.open({ id: 'live', at: START, setting: EMPTY, opening: opening() });
    expect(engine.view(live, 1).training).toBe(false);
    const drill = engine.open({ id: 'drill', at: START, training: true, setting: EMPTY, opening: opening() });
    expect(engine.view(drill, 1).training).toBe(true);
  });

  it('an incoming request is live unless opened for training (contract.md, POST /requests)', () => {
    const args = { at: START, setting: EMPTY, request: REQUEST, homeState: 'TG' };
    const live = engine.openIncoming({ id: 'req-live', ...args });
    expect(engine.view(live, 1).training).toBe(false);
    const drill = engine.openIncoming({ id: 'req-drill', training: true, ...args });
    expect(engine.view(drill, 1).training).toBe(true);
  });

  it('an incoming request’s unit is the requesting State’s, which answers for it: a marked, authorised government unit (SoM art. 9(4))', () => {
    const c = Case.incoming(REQUEST);
    expect(c.view.kind).toBe('incoming-request');
    expect(c.view.interceptingState).toBe('IT');
    expect(c.view.unit).toEqual({
      name: 'IT unit',
      governmentService: true,
      clearlyMarked: true,
      authorised: true,
    });
    // the desk's own State answers on its own reply target (4 hours by default)
    expect(c.view.deadlines.find((d) => d.about === 'answer-request')?.dueAt).toBe(
      '2026-06-01T06:00:00.000Z',
    );
  });
});

describe('a refused step changes nothing (contract.md, Refusal reasons; domain.md, Refusals and overrides)', () => {
  it('applying a step the law refuses gives back the very snapshot, its machine version untouched (SoM art. 8(2))', () => {
    const c = new Case();
    ok(c, noDanger);
    // a snapshot persisted by the previous machine version, awaiting its rebuild from the log
    const stored: PersistedCase = { ...c.state, machineVersion: MACHINE_VERSION - 1 };
    const r = engine.apply(stored, { type: 'BOARDING_STARTED' }, c.at(10));
    expect(r.decision).toMatchObject({ outcome: 'refused', reason: 'flag-state-authorisation-required' });
    expect(r.state).toBe(stored);
    expect(r.state.machineVersion).toBe(MACHINE_VERSION - 1);
  });

  it('an applied step is persisted under the present machine version', () => {
    const c = new Case();
    const stored: PersistedCase = { ...c.state, machineVersion: MACHINE_VERSION - 1 };
    const r = engine.apply(stored, noDanger, c.at(1));
    expect(r.decision.outcome).toBe('applied');
    expect(r.state.machineVersion).toBe(MACHINE_VERSION);
  });
});

describe('a snapshot rebuilt from the log (engine.ts replayRecorded)', () => {
  const noConsentYet = () => {
    const c = new Case();
    ok(c, noDanger);
    return c;
  };

  it('a step recorded as fact over a refusal is rebuilt exactly as applying it: the incident it opened included (domain.md, Refusals and overrides)', () => {
    const c = noConsentYet();
    const event: DeskEvent = { type: 'BOARDING_STARTED', override: recordedFact() };
    const at = c.at(10);
    const applied = engine.apply(c.state, event, at);
    expect(applied.decision).toMatchObject({ outcome: 'applied', mode: 'recorded-fact' });
    expect(applied.state.context.incidents).toHaveLength(1);
    const rebuilt = engine.replayRecorded(c.state, event, at);
    expect(rebuilt).toEqual(applied.state);
    expect(engine.view(rebuilt, 2).incidents).toEqual(engine.view(applied.state, 2).incidents);
  });

  it('a boarding recorded under imminent danger stays a rescue act when rebuilt, even where today’s law would not offer that override (SoM art. 8(5))', () => {
    const c = noConsentYet();
    const event: DeskEvent = { type: 'BOARDING_STARTED', override: imminentDanger() };
    const at = c.at(10);
    expect(engine.apply(c.state, event, at).decision).toMatchObject({
      outcome: 'refused',
      reason: 'override-not-available',
    });
    const rebuilt = engine.replayRecorded(c.state, event, at);
    expect(rebuilt.context.enforcement.rescueBoarding).toBe(true);
    expect(rebuilt.context.enforcement.boarded).toBe(false);
    const view = engine.view(rebuilt, 2);
    expect((view.phases as Record<string, string>).enforcement).toBe('watching');
    // nothing happened today: no incident is invented for it
    expect(view.incidents).toEqual([]);
  });

  it('a pursuit the desk applied without override is rebuilt as lawful, though today’s law would refuse it (UNCLOS art. 111(1))', () => {
    const c = noConsentYet();
    const event: DeskEvent = {
      type: 'HOT_PURSUIT_STARTED',
      startedIn: 'territorial-sea',
      signalGiven: true,
      violation: 'landing migrants outside a port of entry',
    };
    const at = c.at(10);
    expect(engine.apply(c.state, event, at).decision).toMatchObject({
      outcome: 'refused',
      reason: 'pursuit-not-begun-in-own-waters',
    });
    const rebuilt = engine.replayRecorded(c.state, event, at);
    expect(engine.view(rebuilt, 2).hotPursuit).toMatchObject({ active: true, lawful: true, startedAt: at });
    expect((engine.view(rebuilt, 2).phases as Record<string, string>).hotPursuit).toBe('pursuing');
    expect(rebuilt.machineVersion).toBe(MACHINE_VERSION);
  });
});

describe('the deadlines the host arms, in due order (contract.md, deadlines; engine.ts pendingDeadlines)', () => {
  it('reply deadlines come in the order they fall due, whatever the order they were armed in (SoM art. 8(4))', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    expect(c.state.context.deadlines.map((d) => d.id)).toEqual([
      'reply-deadline-near-2',
      'registry-reply-1',
      'reply-deadline-near-4',
      'authorisation-reply-3',
    ]);
    expect(c.view.deadlines).toEqual([
      { id: 'reply-deadline-near-2', dueAt: '2026-06-01T05:02:00.000Z', about: 'reply-deadline-near' },
      { id: 'reply-deadline-near-4', dueAt: '2026-06-01T05:03:00.000Z', about: 'reply-deadline-near' },
      { id: 'registry-reply-1', dueAt: '2026-06-01T06:02:00.000Z', about: 'registry-reply' },
      { id: 'authorisation-reply-3', dueAt: '2026-06-01T06:03:00.000Z', about: 'authorisation-reply' },
    ]);
  });

  it('deadlines due at the same moment keep the order they were armed in: the registry reply before the authorisation reply (SoM art. 8(4))', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    // the authorisation is requested in the same minute as the notification
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, 0);
    expect(engine.pendingDeadlines(c.state).map((d) => [d.id, d.dueAt])).toEqual([
      ['reply-deadline-near-2', '2026-06-01T05:02:00.000Z'],
      ['reply-deadline-near-4', '2026-06-01T05:02:00.000Z'],
      ['registry-reply-1', '2026-06-01T06:02:00.000Z'],
      ['authorisation-reply-3', '2026-06-01T06:02:00.000Z'],
    ]);
    expect(c.view.deadlines.map((d) => d.id)).toEqual([
      'reply-deadline-near-2',
      'reply-deadline-near-4',
      'registry-reply-1',
      'authorisation-reply-3',
    ]);
  });

  it('an incoming request’s answer deadline comes after the warning that it is near (contract.md, ANSWER_REQUEST)', () => {
    const c = Case.incoming(REQUEST);
    expect(c.view.deadlines.map((d) => d.about)).toEqual(['reply-deadline-near', 'answer-request']);
  });
});

describe('what the view shows of the persons (contract.md, the case view: persons)', () => {
  it('the persons informed of a destination: the country and whether their objections were heard (ECHR Protocol 4 art. 4; Hirsi Jamaa §§185-186)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    const informed: CaseEvent = {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'MT', port: 'Valletta' },
      objectionsHeard: true,
    };
    ok(c, informed);
    expect(c.view.persons.informed).toEqual([{ country: 'MT', objectionsHeard: true }]);
  });

  const jurisdiction: Condition = { kind: 'flag-state-jurisdiction-over-persons' };
  const report: Condition = { kind: 'report-results-within', hours: 24 };

  it('the flag State’s jurisdiction over the persons is shown with them when the grant reserves it, among other conditions (contract.md, Conditions)', () => {
    const c = grantedCase(['board'], [jurisdiction, report]);
    expect(c.view.conditions).toHaveLength(2);
    expect(c.view.persons.flagStateJurisdiction).toBe(true);
  });

  it('no such jurisdiction is shown when the grant reserves none, or only other conditions (contract.md, Conditions)', () => {
    expect(grantedCase(['board']).view.persons.flagStateJurisdiction).toBe(false);
    expect(grantedCase(['board'], [report]).view.persons.flagStateJurisdiction).toBe(false);
  });

  it('the jurisdiction reserved alone is shown (contract.md, Conditions)', () => {
    expect(grantedCase(['board'], [jurisdiction]).view.persons.flagStateJurisdiction).toBe(true);
  });
});
