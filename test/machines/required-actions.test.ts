// Required actions (contract.md, "Required actions" and the RequiredAction order; domain.md, the flag-State
// procedure, Safety of life, invariants 3, 5-8, 12): which action is open, when it closes, its due time, its
// basis, whether it blocks closing, and where it stands in the desk's order. Driven through the engine with
// contract.md events; due times are computed here from the documented rule, citations written out literally.
import { describe, expect, it } from 'vitest';
import type { RequiredAction } from '../../machines/action-codes.ts';
import { createEngine, type PersistedCase } from '../../machines/engine.ts';
import { deriveRequiredActions } from '../../machines/required-actions.ts';
import type { CaseEvent, Condition, Setting, Zone } from '../../machines/schemas.ts';
import { isValidImo, parseMmsi } from '../../src/reference/vessel-identity.ts';
import { checkDecision, checkView } from './contract-shape.ts';
import { AT, Case, classifyZone, opening, START } from './harness.ts';
import {
  alert,
  assessment,
  distress,
  grantedCase,
  NON_REFOULEMENT_BASIS,
  noDanger,
  ok,
  party,
  recordedFact,
  refused,
  STATELESS,
  setting,
  withoutGrounds,
} from './refusals-kit.ts';

// ---------------------------------------------------------------------------------------------------------
// helpers

const plusHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
// the moment of the case's last event
const now = (c: Case) => c.at(c.minute);
const codes = (actions: RequiredAction[]) => actions.map((a) => a.code);
const open = (c: Case, code: string): RequiredAction => {
  const a = c.action(code);
  expect(a, `${code} is open`).toBeDefined();
  return a as RequiredAction;
};
const closeRefusedFor = (c: Case, code: string) => {
  const r = refused(c.send({ type: 'CASE_CLOSED' }), 'blocking-actions-open');
  expect(r.message).toContain(code);
};

const notify = (state: string): CaseEvent => ({ type: 'FLAG_STATE_NOTIFIED', state });
const requestAll: CaseEvent = { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] };
const withinHours = (hours: number): Condition => ({ kind: 'report-results-within', hours });

// A Togo-flagged vessel on the high seas, not in danger; Togo a party with the reply target given.
function togo(replyWithinHours = 3, over: Parameters<typeof opening>[0] = {}): Case {
  const c = new Case(opening(over), setting({ TG: party({ replyWithinHours }) }));
  ok(c, noDanger);
  return c;
}

// A vessel boarded in Malta's own territorial sea (coastal jurisdiction: everything permitted, no consent).
function boardedAtHome(): Case {
  const c = new Case(opening({ position: AT.maltaTerritorialSea }), setting({ MT: party() }));
  ok(c, noDanger);
  ok(c, { type: 'BOARDING_STARTED' });
  ok(c, { type: 'SAFEGUARDS_RECORDED' });
  return c;
}

// A stateless boat on the high seas, boarded (SoM art. 8(7)).
function statelessBoarded(): Case {
  const c = new Case(opening({ vessel: STATELESS }), setting());
  ok(c, noDanger);
  ok(c, { type: 'BOARDING_STARTED' });
  ok(c, { type: 'SAFEGUARDS_RECORDED' });
  return c;
}

// Persons rescued from a stateless boat: a search and rescue case with persons aboard the unit.
function rescued(s: Setting): Case {
  const c = new Case(opening({ vessel: STATELESS }), s);
  ok(c, distress);
  ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
  ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 30);
  return c;
}

// ---------------------------------------------------------------------------------------------------------

describe('the order of required actions (contract.md: RENDER_ASSISTANCE first; priority; due time, none last; table order)', () => {
  it('SoM art. 9(1)(a), ECHR art. 5(3): legal actions with no due time follow the table: screening, then judicial control, then consular rights', () => {
    const c = boardedAtHome();
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
    // the judicial-control rule is applied before the persons' rules, but the table lists screening first
    expect(c.actions).toEqual([
      'SCREEN_PERSONS',
      'BRING_BEFORE_JUDICIAL_AUTHORITY',
      'NOTIFY_CONSULAR_RIGHTS',
    ]);
    expect(open(c, 'BRING_BEFORE_JUDICIAL_AUTHORITY').dueAt).toBeUndefined();
  });

  it('ECHR art. 5(3) (Ali Samatar): once the detainees are landed, judicial control is due 48 h later and goes before the undated actions', () => {
    const c = boardedAtHome();
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
    ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' }, 90);
    const landed = now(c);
    expect(open(c, 'BRING_BEFORE_JUDICIAL_AUTHORITY').dueAt).toBe(plusHours(landed, 48));
    expect(c.actions).toEqual([
      'BRING_BEFORE_JUDICIAL_AUTHORITY',
      'SCREEN_PERSONS',
      'NOTIFY_CONSULAR_RIGHTS',
    ]);
  });

  it.each([
    { reportWithin: 72, first: 'BRING_BEFORE_JUDICIAL_AUTHORITY', second: 'REPORT_RESULTS_TO_FLAG_STATE' },
    { reportWithin: 1, first: 'REPORT_RESULTS_TO_FLAG_STATE', second: 'BRING_BEFORE_JUDICIAL_AUTHORITY' },
  ])(
    'SoM art. 8(3), ECHR art. 5(3): between two due actions the earlier due time comes first, whatever the table order (report within $reportWithin h)',
    ({ reportWithin, first, second }) => {
      const c = grantedCase(['board', 'search', 'measures'], [withinHours(reportWithin)]);
      ok(c, { type: 'BOARDING_STARTED' });
      const boarded = now(c);
      ok(c, { type: 'SAFEGUARDS_RECORDED' });
      ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
      ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
      ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'MT' }, 10);
      const landed = now(c);
      const reportDue = plusHours(boarded, reportWithin);
      const judgeDue = plusHours(landed, 48);
      expect(open(c, 'REPORT_RESULTS_TO_FLAG_STATE').dueAt).toBe(reportDue);
      expect(open(c, 'BRING_BEFORE_JUDICIAL_AUTHORITY').dueAt).toBe(judgeDue);
      expect(reportDue < judgeDue).toBe(first === 'REPORT_RESULTS_TO_FLAG_STATE');
      // the dated ones first (earlier first), then the undated in the table's order
      expect(c.actions).toEqual([
        first,
        second,
        'COMPLY_WITH_CONDITIONS',
        'SCREEN_PERSONS',
        'NOTIFY_CONSULAR_RIGHTS',
      ]);
    },
  );

  it('SoM art. 8(2), 8(4): the registry reply, which has a due time, goes before undated legal actions listed above it in the table', () => {
    const c = new Case(withoutGrounds(opening()), setting({ TG: party({ replyWithinHours: 3 }) }));
    ok(c, noDanger);
    ok(c, notify('TG'), 10);
    const notified = now(c);
    expect(open(c, 'AWAIT_REGISTRY_REPLY').dueAt).toBe(plusHours(notified, 3));
    // the consent watch is a legal action while consent is awaited (contract.md, MONITOR_AT_DISTANCE)
    expect(c.actions).toEqual([
      'AWAIT_REGISTRY_REPLY',
      'MONITOR_AT_DISTANCE',
      'RECORD_GROUNDS',
      'REQUEST_AUTHORISATION',
      'CLOSE_CASE',
    ]);
  });

  it('SoM art. 8(4): two reply deadlines are listed by due time, and at the same due time in the table order', () => {
    const later = togo(3);
    ok(later, notify('TG'), 10);
    const notified = now(later);
    ok(later, requestAll, 40);
    const requested = now(later);
    expect(open(later, 'AWAIT_REGISTRY_REPLY').dueAt).toBe(plusHours(notified, 3));
    expect(open(later, 'AWAIT_AUTHORISATION').dueAt).toBe(plusHours(requested, 3));
    expect(later.actions).toEqual([
      'AWAIT_REGISTRY_REPLY',
      'AWAIT_AUTHORISATION',
      'MONITOR_AT_DISTANCE',
      'CLOSE_CASE',
    ]);

    // notification and request in the same minute: the same due time, so the table's order
    const same = togo(3);
    ok(same, notify('TG'), 10);
    ok(same, requestAll, 0);
    const due = plusHours(now(same), 3);
    expect(open(same, 'AWAIT_REGISTRY_REPLY').dueAt).toBe(due);
    expect(open(same, 'AWAIT_AUTHORISATION').dueAt).toBe(due);
    expect(same.actions).toEqual([
      'AWAIT_REGISTRY_REPLY',
      'AWAIT_AUTHORISATION',
      'MONITOR_AT_DISTANCE',
      'CLOSE_CASE',
    ]);
  });

  it('SoM art. 8(4): on an incoming request the dated answer goes before the undated register check', () => {
    const c = Case.incoming(
      {
        from: 'MT',
        vessel: { name: 'NOUR', flag: 'TG' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks: ['registry'],
      },
      setting({ TG: party({ replyWithinHours: 6 }) }),
    );
    expect(c.actions).toEqual(['ANSWER_REQUEST', 'CHECK_NATIONAL_REGISTER']);
  });

  it('invariant 3 (UNCLOS art. 98): RENDER_ASSISTANCE stays first even where a reassessment is owed, which the table lists before it', () => {
    // No sequence of events leaves a reassessment owed while assistance is rendered today; the order must not
    // depend on that: the context of a real distress case, with a reassessment owed as well.
    const c = new Case(opening(), setting());
    ok(c, distress);
    const ctx = c.state.context;
    const actions = deriveRequiredActions({ ...ctx, distress: { ...ctx.distress, reassessNeeded: true } });
    expect(codes(actions).slice(0, 3)).toEqual(['RENDER_ASSISTANCE', 'ASSESS_SAFETY_OF_LIFE', 'NOTIFY_RCC']);
  });
});

describe('safety of life (SAR Convention Annex 1.3.11-13, 4.4-4.5; UNCLOS art. 98; SOLAS V/33)', () => {
  it('SAR Convention Annex 1.3.11-13: a new case asks for the assessment of the safety of life first; it blocks closing and closes on an assessment', () => {
    const c = new Case(opening(), setting({ TG: party() }));
    expect(c.actions[0]).toBe('ASSESS_SAFETY_OF_LIFE');
    expect(open(c, 'ASSESS_SAFETY_OF_LIFE')).toMatchObject({
      priority: 'life',
      role: 'operator',
      blocking: true,
      basis: ['SAR Convention Annex 1.3.11-13', 'UNCLOS art. 98', 'EU 656/2014 art. 9(2)(f) (practice)'],
    });
    closeRefusedFor(c, 'ASSESS_SAFETY_OF_LIFE');
    ok(c, noDanger);
    expect(c.actions).not.toContain('ASSESS_SAFETY_OF_LIFE');
  });

  it('UNCLOS art. 98: RENDER_ASSISTANCE on distress is a blocking life action, first among the actions', () => {
    const c = new Case(opening(), setting({ TG: party() }));
    ok(c, distress);
    expect(c.actions[0]).toBe('RENDER_ASSISTANCE');
    expect(open(c, 'RENDER_ASSISTANCE')).toMatchObject({ priority: 'life', blocking: true });
  });

  it('SAR Convention Annex 4.4-4.5: NOTIFY_RCC blocks closing and, with no RCC known yet, names the responsible RCC', () => {
    const c = new Case(opening(), setting({ TG: party() }));
    ok(c, alert);
    const a = open(c, 'NOTIFY_RCC');
    expect(a.blocking).toBe(true);
    expect(a.title).toContain('Transmit all information to the responsible RCC');
    expect(a.basis).toEqual([
      'SOLAS V/33',
      'SAR Convention Annex 1.3.11-13',
      'SAR Convention Annex 4.4-4.5',
      'EU 656/2014 art. 9(2)(f) (practice)',
    ]);
  });

  it('SAR Convention Annex 4.5: after a refusal of assistance the RCC is told of it; with no RCC known yet, the responsible RCC', () => {
    const c = new Case(opening(), setting({ TG: party() }));
    ok(c, distress);
    ok(c, { type: 'ASSISTANCE_REFUSED' });
    const a = open(c, 'NOTIFY_RCC');
    expect(a.title).toContain('Tell the responsible RCC that assistance was refused');
    expect(a.blocking).toBe(true);
  });
});

describe('the watch while consent is awaited (SoM art. 8(5); EU 656/2014 art. 7, practice)', () => {
  it('SoM art. 8(5): awaiting the flag State, MONITOR_AT_DISTANCE is a legal, non-blocking action citing art. 8(5), and closes on consent', () => {
    const c = togo();
    expect(open(c, 'MONITOR_AT_DISTANCE')).toMatchObject({
      priority: 'legal',
      blocking: false,
      basis: ['SoM art. 8(5)', 'EU 656/2014 art. 7 (practice)'],
    });
    ok(c, notify('TG'));
    ok(c, requestAll);
    ok(c, { type: 'AUTHORISATION_GRANTED', scopes: ['board'], conditions: [] });
    expect(c.basis.permits).toEqual(['board']);
    expect(c.actions).not.toContain('MONITOR_AT_DISTANCE');
  });

  it('UNCLOS art. 92(1): awaiting a flag State outside the Protocol, the watch cites general law', () => {
    const c = new Case(
      opening({ vessel: { name: 'NOUR', flag: 'SL' } }),
      setting({ SL: party({ protocolParty: false }) }),
    );
    ok(c, noDanger);
    expect(c.basis.code).toBe('consent-under-general-law');
    expect(open(c, 'MONITOR_AT_DISTANCE').basis).toEqual([
      'UNCLOS art. 92(1)',
      'EU 656/2014 art. 7 (practice)',
    ]);
  });

  it("UNCLOS art. 2: in another State's territorial sea the unit keeps watch until that State consents", () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }), setting({ TN: party() }));
    ok(c, noDanger);
    expect(c.basis).toMatchObject({ code: 'foreign-coastal-state-consent', permits: [] });
    expect(open(c, 'MONITOR_AT_DISTANCE')).toMatchObject({ priority: 'legal', blocking: false });
    ok(c, { type: 'COASTAL_STATE_CONSENTED', state: 'TN', scopes: ['board'] });
    expect(c.actions).not.toContain('MONITOR_AT_DISTANCE');
  });

  it.each([
    { what: 'in the own territorial sea (coastal jurisdiction)', over: { position: AT.maltaTerritorialSea } },
    { what: 'for a stateless boat (SoM art. 8(7))', over: { vessel: STATELESS } },
    {
      what: 'for a government ship, where no consent is awaited (SoM art. 3(d))',
      over: { vessel: { name: 'TGS 1', flag: 'TG', government: true } },
    },
  ])('SoM art. 8(5): no watch is asked $what', ({ over }) => {
    const c = new Case(opening(over), setting({ TG: party(), MT: party() }));
    ok(c, noDanger);
    expect(c.actions).not.toContain('MONITOR_AT_DISTANCE');
  });
});

describe('the flag-State procedure (SoM art. 8(2)-(4); UNCLOS art. 92(1))', () => {
  it('SoM art. 8(2): RECORD_GROUNDS is open only while no grounds are recorded, and closes on SUSPICION_RECORDED', () => {
    expect(togo().actions).not.toContain('RECORD_GROUNDS');
    const c = new Case(withoutGrounds(opening()), setting({ TG: party() }));
    ok(c, noDanger);
    expect(open(c, 'RECORD_GROUNDS')).toMatchObject({
      priority: 'legal',
      blocking: false,
      basis: ['SoM art. 8(2)', 'SoM art. 8(7)', 'UNCLOS art. 110(1)'],
    });
    ok(c, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] });
    expect(c.actions).not.toContain('RECORD_GROUNDS');
  });

  it('SoM art. 8(2): NOTIFY_FLAG_STATE names the flag State of record and cites art. 8(2) between parties', () => {
    const a = open(togo(), 'NOTIFY_FLAG_STATE');
    expect(a.title).toBe('Notify TG and request confirmation of registry');
    expect(a.basis).toEqual(['SoM art. 8(2)']);
  });

  it('UNCLOS art. 92(1): with a flag State outside the Protocol, NOTIFY_FLAG_STATE cites general law', () => {
    const c = new Case(
      opening({ vessel: { name: 'NOUR', flag: 'SL' } }),
      setting({ SL: party({ protocolParty: false }) }),
    );
    ok(c, noDanger);
    expect(open(c, 'NOTIFY_FLAG_STATE').basis).toEqual(['UNCLOS art. 92(1)']);
  });

  it('SoM art. 8(4): States asked only about the registry are named, and NOTIFY_FLAG_STATE stays open for the flag State', () => {
    const c = togo();
    ok(c, notify('IT'));
    ok(c, notify('LY'));
    const a = open(c, 'NOTIFY_FLAG_STATE');
    expect(a.title).toBe(
      'Notify TG and request confirmation of registry (IT, LY was asked only about the registry)',
    );
  });

  it('SoM art. 8(2): a grant answering a request sent before the notification implies confirmation; nothing is left to notify', () => {
    const c = togo();
    ok(c, requestAll);
    expect(c.actions).toContain('NOTIFY_FLAG_STATE');
    ok(c, { type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [] });
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: ['board', 'search'] });
    expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
  });

  it("SoM art. 8(4): a request sent before the notification is due on the flag State's own reply target and names it", () => {
    const c = togo(2);
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] }, 5);
    const requested = now(c);
    const a = open(c, 'AWAIT_AUTHORISATION');
    expect(a.dueAt).toBe(plusHours(requested, 2));
    expect(a.title).toBe("Await TG's reply on authorisation (board, search)");
  });

  it('SoM art. 8(2), 8(4): the notified flag State is named in the registry, request and escalation actions', () => {
    const c = togo(2);
    ok(c, notify('TG'));
    expect(open(c, 'AWAIT_REGISTRY_REPLY').title).toBe("Await TG's reply on registry");
    expect(open(c, 'REQUEST_AUTHORISATION').title).toBe(
      'Request authorisation from TG to board, search and take measures',
    );
    c.advanceTo(c.minute + 2 * 60);
    const e = open(c, 'ESCALATE_OVERDUE_REPLY');
    expect(e.title).toBe('TG has not answered by the deadline: escalate to its central authority');
    expect(e.basis).toEqual(['SoM art. 8(4)', 'SoM art. 8(6)']);
  });

  it.each([
    { reply: { type: 'AUTHORISATION_REFUSED' } as CaseEvent },
    { reply: { type: 'FLAG_STATE_WILL_ACT' } as CaseEvent },
  ])(
    'SoM art. 8(4): AWAIT_REGISTRY_REPLY closes on an authorisation reply too ($reply.type)',
    ({ reply }) => {
      const c = togo();
      ok(c, notify('TG'));
      ok(c, requestAll);
      ok(c, reply);
      expect(c.actions).not.toContain('AWAIT_REGISTRY_REPLY');
      expect(c.actions).not.toContain('AWAIT_AUTHORISATION');
    },
  );

  it('SoM art. 8(4): once the flag State said it will act itself, no authorisation request is asked for', () => {
    const c = togo();
    ok(c, notify('TG'));
    expect(c.actions).toContain('REQUEST_AUTHORISATION');
    ok(c, { type: 'FLAG_STATE_WILL_ACT' });
    expect(c.actions).not.toContain('REQUEST_AUTHORISATION');
  });

  it('SoM art. 8(7): once the registry is refuted, the vessel is without nationality and no authorisation is asked for', () => {
    const c = togo();
    ok(c, notify('TG'));
    ok(c, { type: 'REGISTRY_REFUTED' });
    expect(c.basis.code).toBe('stateless');
    expect(c.actions).not.toContain('REQUEST_AUTHORISATION');
    expect(c.actions).not.toContain('AWAIT_REGISTRY_REPLY');
  });

  it('UNCLOS art. 2: REQUEST_COASTAL_STATE_CONSENT names the coastal State and closes on its consent; never on the high seas', () => {
    expect(togo().actions).not.toContain('REQUEST_COASTAL_STATE_CONSENT');
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }), setting({ TN: party() }));
    ok(c, noDanger);
    const a = open(c, 'REQUEST_COASTAL_STATE_CONSENT');
    expect(a.title).toBe('Request the consent of TN: the vessel is in its territorial sea');
    expect(a.basis).toEqual(['UNCLOS art. 2', 'SoM art. 9(3)']);
    ok(c, { type: 'COASTAL_STATE_CONSENTED', state: 'TN' });
    expect(c.actions).not.toContain('REQUEST_COASTAL_STATE_CONSENT');
  });

  it('UNCLOS art. 33: in waters two States claim as contiguous zone, both are to be informed, each until informed', () => {
    const SHARED = { lat: 37.5, lon: 11.9 };
    const overlapping = (p: { lat: number; lon: number }, s: Setting): Zone =>
      p.lat === SHARED.lat && p.lon === SHARED.lon
        ? { zone: 'contiguous-zone', state: 'TN', states: ['TN', 'IT'] }
        : classifyZone(p, s);
    const eng = createEngine({ classifyZone: overlapping, vesselChecks: { parseMmsi, isValidImo } });
    let state: PersistedCase = eng.open({
      id: 'case-shared',
      at: START,
      setting: setting({ TG: party() }),
      opening: opening({ position: SHARED }),
    });
    let minute = 0;
    const send = (event: CaseEvent) => {
      minute += 1;
      const r = eng.apply(state, event, new Date(Date.parse(START) + minute * 60_000).toISOString());
      checkDecision(r.decision, event.type);
      expect(r.decision.outcome).toBe('applied');
      state = r.state;
      const v = eng.view(state, 1);
      checkView(v, event.type);
      return v.requiredActions.find((a) => a.code === 'INFORM_COASTAL_STATE');
    };
    expect(send(noDanger)?.title).toBe('Inform TN, IT: the vessel is in its contiguous zone');
    expect(send({ type: 'COASTAL_STATE_INFORMED', state: 'TN' })?.title).toBe(
      'Inform IT: the vessel is in its contiguous zone',
    );
    expect(send({ type: 'COASTAL_STATE_INFORMED', state: 'IT' })).toBeUndefined();
  });

  it('SoM art. 8(5): COMPLY_WITH_CONDITIONS is listed while a grant with conditions is in force, not once every scope is withdrawn', () => {
    const c = grantedCase(['board', 'search'], [{ kind: 'flag-officer-on-board' }]);
    expect(open(c, 'COMPLY_WITH_CONDITIONS').title).toContain('flag-officer-on-board');
    ok(c, { type: 'AUTHORISATION_WITHDRAWN' });
    expect(c.basis.permits).toEqual([]);
    expect(c.actions).not.toContain('COMPLY_WITH_CONDITIONS');
  });

  it('SoM art. 8(2), 8(5): conditions keep binding what was done under the grant after a withdrawal, until the case closes', () => {
    const c = grantedCase(['board', 'search'], [{ kind: 'no-detention-without-consent' }]);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'AUTHORISATION_WITHDRAWN' });
    expect(c.basis.permits).toEqual([]);
    expect(open(c, 'COMPLY_WITH_CONDITIONS').title).toContain('no-detention-without-consent');
  });
});

describe('boarding, search and measures (SoM art. 8(2), 8(7), 9(1); UNCLOS art. 110)', () => {
  it('UNCLOS art. 110(1)(d), 110(2): with nationality undetermined, BOARD_VESSEL offers a visit confined to nationality, and no search follows', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR' } }), setting());
    ok(c, noDanger);
    expect(c.basis).toMatchObject({ code: 'undetermined', permits: ['board'] });
    expect(open(c, 'BOARD_VESSEL').title).toContain('Board to verify nationality only');
    ok(c, { type: 'BOARDING_STARTED' });
    expect(c.actions).not.toContain('SEARCH_VESSEL');
  });

  it('SoM art. 8(2): under a grant, BOARD_VESSEL offers the boarding itself', () => {
    const c = grantedCase(['board']);
    expect(open(c, 'BOARD_VESSEL').title).toBe('Board the vessel (permitted now)');
  });

  it('SoM art. 9(1): a boarding opens APPLY_SAFEGUARDS, which blocks closing until recorded', () => {
    const c = new Case(opening({ vessel: STATELESS }), setting());
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    expect(open(c, 'APPLY_SAFEGUARDS')).toMatchObject({
      blocking: true,
      basis: ['SoM art. 9(1)', 'ITLOS M/V Saiga (No. 2) (1999)'],
    });
    closeRefusedFor(c, 'APPLY_SAFEGUARDS');
    ok(c, { type: 'SAFEGUARDS_RECORDED' });
    expect(c.actions).not.toContain('APPLY_SAFEGUARDS');
  });

  it('SoM art. 8(7): a stateless boat once boarded may be searched: SEARCH_VESSEL cites the basis and closes on the search', () => {
    const c = statelessBoarded();
    expect(open(c, 'SEARCH_VESSEL')).toMatchObject({
      role: 'operator',
      priority: 'legal',
      basis: ['SoM art. 8(7)', 'UNCLOS art. 110(1)(d)'],
    });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    expect(c.actions).not.toContain('SEARCH_VESSEL');
  });

  it('SoM art. 8(2)(c): TAKE_AUTHORISED_MEASURES opens on evidence found, not before, and closes once measures are taken', () => {
    const c = boardedAtHome();
    expect(c.basis.permits).toContain('measures');
    expect(c.actions).not.toContain('TAKE_AUTHORISED_MEASURES');
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    expect(c.actions).toContain('TAKE_AUTHORISED_MEASURES');
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(c.actions).not.toContain('TAKE_AUTHORISED_MEASURES');
  });

  it('SoM art. 8(2)(c): a search that found nothing opens no measures', () => {
    const c = boardedAtHome();
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: false });
    expect(c.actions).not.toContain('TAKE_AUTHORISED_MEASURES');
  });
});

describe('compensation (SoM art. 9(2); UNCLOS art. 110(3))', () => {
  it('SoM art. 9(2): a boarded boat not yet searched or released owes no compensation assessment', () => {
    expect(statelessBoarded().actions).not.toContain('ASSESS_COMPENSATION');
  });

  it('SoM art. 9(2): a boat released after a search found evidence owes no compensation assessment', () => {
    const c = statelessBoarded();
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'VESSEL_RELEASED' });
    expect(c.actions).not.toContain('ASSESS_COMPENSATION');
  });

  it('SoM art. 9(2): a boat boarded on row 6 and released without a search owes one, blocking closing', () => {
    const c = statelessBoarded();
    ok(c, { type: 'VESSEL_RELEASED' });
    expect(open(c, 'ASSESS_COMPENSATION')).toMatchObject({
      blocking: true,
      basis: ['SoM art. 9(2)', 'UNCLOS art. 110(3)'],
    });
  });

  it('SoM art. 9(2): a boarding in the own territorial sea (row 2) that found nothing owes no assessment', () => {
    const c = boardedAtHome();
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: false });
    ok(c, { type: 'VESSEL_RELEASED' });
    expect(c.actions).not.toContain('ASSESS_COMPENSATION');
  });
});

describe('incoming requests (SoM art. 8(4), 8(5))', () => {
  const incoming = (asks: Array<'registry' | 'board' | 'search' | 'measures'>) =>
    Case.incoming(
      {
        from: 'MT',
        vessel: { name: 'NOUR', flag: 'TG' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks,
      },
      setting({ TG: party({ replyWithinHours: 6 }) }),
    );

  it('SoM art. 8(4), 8(5): a request for boarding and search is answered within the own target, citing art. 8(5) for the conditions', () => {
    const c = incoming(['registry', 'board', 'search']);
    const a = open(c, 'ANSWER_REQUEST');
    expect(a.title).toBe("Answer MT's request expeditiously (registry, board, search)");
    expect(a.basis).toEqual(['SoM art. 8(4)', 'SoM art. 8(5)']);
    expect(a.dueAt).toBe(plusHours(START, 6));
    expect(a.blocking).toBe(true);
    expect(open(c, 'CHECK_NATIONAL_REGISTER').blocking).toBe(true);
  });

  it('SoM art. 8(4): a request about the registry only cites art. 8(4)', () => {
    expect(open(incoming(['registry']), 'ANSWER_REQUEST').basis).toEqual(['SoM art. 8(4)']);
  });

  it('SoM art. 8(4): each step blocks closing on its own: the register check, then the answer', () => {
    const c = incoming(['registry']);
    closeRefusedFor(c, 'CHECK_NATIONAL_REGISTER');
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    expect(c.actions).toEqual(['ANSWER_REQUEST']);
    closeRefusedFor(c, 'ANSWER_REQUEST');
    ok(c, { type: 'REQUEST_ANSWERED', registry: 'confirmed' });
    expect(c.actions).toEqual(['CLOSE_CASE']);
  });
});

describe('legal incidents (domain.md, Refusals and overrides)', () => {
  it('SoM art. 8(2): a boarding without grounds recorded as fact opens a blocking review citing the rule it broke', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })), setting());
    ok(c, noDanger);
    const r = refused(c.send({ type: 'BOARDING_STARTED' }), 'no-grounds');
    ok(c, { type: 'BOARDING_STARTED', override: recordedFact() });
    expect(c.view.incidents).toMatchObject([{ category: 'legal', reviewed: false }]);
    const a = open(c, 'REVIEW_LEGAL_INCIDENT');
    expect(a.basis).toEqual(r.basis);
    expect(a.basis).not.toContain('Refugee Convention art. 33');
    expect(a.blocking).toBe(true);
    ok(c, { type: 'SAFEGUARDS_RECORDED' });
    ok(c, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] });
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'MT' });
    // the review alone keeps the case open
    expect(c.actions).toEqual(['REVIEW_LEGAL_INCIDENT']);
    closeRefusedFor(c, 'REVIEW_LEGAL_INCIDENT');
  });

  it('SoM art. 19(1): a handover recorded as fact over an unresolved objection is reviewed as a possible refoulement, on the non-refoulement basis', () => {
    const c = rescued(setting({}, { countryAssessments: { TN: assessment(false) } }));
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
      objections: [{ count: 3, reason: 'fear of onward return' }],
    });
    const handover: CaseEvent = { type: 'PERSONS_HANDED_OVER', to: { country: 'TN' } };
    const r = refused(c.send(handover), 'objection-unresolved');
    expect(r.alsoFailed ?? []).toEqual([]);
    ok(c, { ...handover, override: recordedFact() });
    expect(c.view.incidents).toMatchObject([{ category: 'possible-fundamental-rights-violation' }]);
    expect(open(c, 'REVIEW_LEGAL_INCIDENT').basis).toEqual(NON_REFOULEMENT_BASIS);
  });
});
