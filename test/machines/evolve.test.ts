// What an applied event records, seen where a user sees it: the case view (persons, places of safety, incidents,
// hot pursuit, the distress phase, required actions and warnings) and what the law then allows or refuses.
// Each test states a rule of domain.md or contract.md with its article; expected values are written from the
// test's own inputs.
import { describe, expect, it } from 'vitest';
import { createEngine, type PersistedCase } from '../../machines/engine.ts';
import type { CaseEvent, DeskEvent, OpeningReport, Setting } from '../../machines/schemas.ts';
import {
  AT,
  assessment,
  Case,
  classifyZone,
  EMPTY,
  engine,
  imminentDanger,
  opening,
  recordedFact,
  START,
  setting,
} from './harness.ts';

// ---------------------------------------------------------------------------------------------------------
// helpers

type Decision = ReturnType<Case['send']>;

const noDanger: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] };
const alert: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] };
const distress: CaseEvent = {
  type: 'DISTRESS_ASSESSED',
  phase: 'distress',
  factors: ['overcrowded', 'taking-water'],
};
const TN_SAFE = setting({ countryAssessments: { TN: assessment(false) } });

const STATELESS = { name: 'rubber boat', flag: null };

// A step the law allows: it must be applied.
function ok(c: Case, event: CaseEvent, minutes = 1): Decision {
  const d = c.send(event, minutes);
  expect(d, `${event.type} should be applied`).toMatchObject({ outcome: 'applied' });
  return d;
}

const lifeWatch = (c: Case) =>
  c.view.requiredActions.find((a) => a.code === 'MONITOR_AT_DISTANCE' && a.priority === 'life');
const safetyPhase = (c: Case) => (c.view.phases as Record<string, string>).safety;
const enforcementPhase = (c: Case) => (c.view.phases as Record<string, string>).enforcement;
const persons = (c: Case) => c.view.persons;

// A stateless vessel on the high seas, boarded and searched with evidence: every scope is permitted.
function boardedWithEvidence(over: Partial<OpeningReport> = {}, s: Setting = setting()) {
  const c = new Case(opening({ vessel: STATELESS, ...over }), s);
  ok(c, noDanger);
  ok(c, { type: 'BOARDING_STARTED' });
  ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
  return c;
}

// A search and rescue case: persons rescued from a stateless boat on the high seas (the last step at minute 42).
function rescued(s: Setting = setting(), onBoard = 60, saved = onBoard) {
  const c = new Case(opening({ vessel: STATELESS, personsOnBoard: onBoard }), s);
  ok(c, distress);
  ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
  ok(c, { type: 'RESCUE_COMPLETED', rescued: saved }, 40);
  return c;
}

// A Togo-flagged vessel on the high seas, the flag-State procedure through to a grant.
function granted(scopes: Array<'board' | 'search' | 'measures'>) {
  const c = new Case(opening());
  ok(c, noDanger);
  ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
  ok(c, { type: 'AUTHORISATION_REQUESTED', scopes });
  ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes, conditions: [] });
  return c;
}

// A Togo-flagged vessel whose registry Togo confirmed.
function confirmed() {
  const c = new Case(opening());
  ok(c, noDanger);
  ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
  ok(c, { type: 'REGISTRY_CONFIRMED', state: 'TG' }, 30);
  expect(c.view.flagState).toMatchObject({ registry: 'confirmed', confirmedBy: 'TG' });
  return c;
}

// A pursuit begun in the Maltese territorial sea: lawful with a signal to stop, else recorded as fact.
function pursuit(vessel: OpeningReport['vessel'], signalGiven: boolean) {
  const c = new Case(opening({ vessel, position: AT.maltaTerritorialSea }));
  ok(c, noDanger);
  const start: CaseEvent = {
    type: 'HOT_PURSUIT_STARTED',
    startedIn: 'territorial-sea',
    signalGiven,
    violation: 'landing migrants outside a port of entry',
  };
  if (signalGiven) ok(c, start);
  else {
    expect(c.send(start)).toMatchObject({ outcome: 'refused', reason: 'no-signal-to-stop' });
    ok(c, { ...start, override: recordedFact('signal given by loud hailer, not logged at the time') });
  }
  return c;
}

// ---------------------------------------------------------------------------------------------------------

describe('use of force (SoM art. 9(1)(a); ITLOS M/V Saiga (No. 2); ECHR art. 2)', () => {
  it('force used in a boarding warns FORCE_USED; a boarding with force "none" or none recorded does not (SoM art. 9(1)(a); ITLOS M/V Saiga (No. 2))', () => {
    const selfDefence = new Case(opening({ vessel: STATELESS }));
    ok(selfDefence, noDanger);
    ok(selfDefence, { type: 'BOARDING_STARTED', forceUsed: 'self-defence' });
    expect(selfDefence.warnings).toContain('FORCE_USED');
    // self-defence without firearms or casualties opens no review
    expect(selfDefence.view.incidents).toEqual([]);

    const none = new Case(opening({ vessel: STATELESS }));
    ok(none, noDanger);
    ok(none, { type: 'BOARDING_STARTED', forceUsed: 'none' });
    expect(none.warnings).not.toContain('FORCE_USED');

    const unsaid = new Case(opening({ vessel: STATELESS }));
    ok(unsaid, noDanger);
    ok(unsaid, { type: 'BOARDING_STARTED' });
    expect(unsaid.warnings).not.toContain('FORCE_USED');
  });

  it('firearms open a use-of-force review for the firearms, with no justification invented (ECHR art. 2, Alkhatib v Greece; ITLOS M/V Saiga (No. 2))', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED', forceUsed: 'firearms' });
    expect(c.view.incidents).toEqual([
      {
        id: expect.any(String),
        category: 'use-of-force',
        event: 'BOARDING_STARTED',
        reason: 'firearms-used',
        justification: '',
        reviewed: false,
      },
    ]);
    expect(c.warnings).toContain('FORCE_USED');
  });

  it('a death without firearms opens a use-of-force review for the casualties, with the note written for it (ECHR art. 2, Alkhatib v Greece)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, {
      type: 'FORCE_USED',
      forceUsed: 'other',
      casualties: { injured: 0, dead: 1 },
      note: 'a man fell between the hulls during the approach',
    });
    expect(c.view.incidents).toEqual([
      {
        id: expect.any(String),
        category: 'use-of-force',
        event: 'FORCE_USED',
        reason: 'casualties',
        justification: 'a man fell between the hulls during the approach',
        reviewed: false,
      },
    ]);
    expect(c.actions).toContain('REVIEW_LEGAL_INCIDENT');
  });

  it('the central authority reviews one incident: it shows reviewed with its finding, the other still awaits review (ECHR art. 2, Alkhatib v Greece)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED', forceUsed: 'firearms' });
    ok(c, { type: 'FORCE_USED', forceUsed: 'other', casualties: { injured: 2, dead: 0 } });
    const [first, second] = c.view.incidents;
    expect(first).toMatchObject({ event: 'BOARDING_STARTED', reviewed: false });
    expect(second).toMatchObject({ event: 'FORCE_USED', reviewed: false });
    ok(c, { type: 'INCIDENT_REVIEWED', incidentId: second!.id, finding: 'injuries from a fall, no fault' });
    expect(c.view.status).toBe('open');
    expect(c.view.incidents).toEqual([
      expect.objectContaining({ id: first!.id, reviewed: false }),
      expect.objectContaining({ id: second!.id, reviewed: true, finding: 'injuries from a fall, no fault' }),
    ]);
    expect(c.view.incidents[0]).not.toHaveProperty('finding');
    expect(c.actions).toContain('REVIEW_LEGAL_INCIDENT');
    ok(c, { type: 'INCIDENT_REVIEWED', incidentId: first!.id, finding: 'warning shots, proportionate' });
    expect(c.view.incidents.map((i) => i.reviewed)).toEqual([true, true]);
    expect(c.actions).not.toContain('REVIEW_LEGAL_INCIDENT');
  });
});

describe('safety of life: the danger episode (UNCLOS art. 98; SOLAS V/33; SAR Convention)', () => {
  it('an alert opens the danger: the unit keeps watch ready to assist, a blocking life action; nobody refused anything (SAR Convention Annex 1.3.11-13)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, alert);
    expect(safetyPhase(c)).toBe('alert');
    expect(c.view.distressPhase).toBe('alert');
    expect(lifeWatch(c)).toMatchObject({ blocking: true });
    expect(c.actions).not.toContain('RENDER_ASSISTANCE');
    expect(c.actions).toContain('NOTIFY_RCC');
  });

  it('an uncertainty phase opens no danger: the RCC is told, but there is no life watch and no imminent-danger override (SAR Convention Annex 1.3.11; SoM art. 8(5))', () => {
    const c = new Case(opening());
    ok(c, { type: 'DISTRESS_ASSESSED', phase: 'uncertainty', factors: ['no-navigation-or-communication'] });
    expect(c.actions).toContain('NOTIFY_RCC');
    expect(lifeWatch(c)).toBeUndefined();
    expect(c.send({ type: 'BOARDING_STARTED' })).toMatchObject({
      outcome: 'refused',
      reason: 'flag-state-authorisation-required',
      allowedOverrides: ['recorded-fact'],
    });
  });

  it('distress latches the life-first bar until the danger closes: a later alert keeps RENDER_ASSISTANCE first and boarding refused (UNCLOS art. 98; SOLAS V/33)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, alert, 20);
    expect(c.actions[0]).toBe('RENDER_ASSISTANCE');
    expect(c.send({ type: 'BOARDING_STARTED' })).toMatchObject({
      outcome: 'refused',
      reason: 'distress-rescue-first',
    });
  });

  it('the RCC hears every rise of the phase, not a repeated or a lower assessment (SAR Convention Annex 4.4-4.5; SOLAS V/33)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    expect(c.actions).toContain('NOTIFY_RCC');
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['persons-in-water'] }, 10);
    expect(c.actions).not.toContain('NOTIFY_RCC');
    ok(c, alert, 10);
    expect(c.actions).not.toContain('NOTIFY_RCC');
  });

  it('after a refusal the RCC was told of, distress again tells the RCC again (SOLAS V/33; SAR Convention Annex 4.5)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'ASSISTANCE_REFUSED' });
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    expect(c.actions).not.toContain('NOTIFY_RCC');
    ok(c, { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['persons-in-water'] }, 30);
    expect(c.actions[0]).toBe('RENDER_ASSISTANCE');
    expect(c.actions).toContain('NOTIFY_RCC');
  });

  it('an assessment of none after a refusal of assistance closes the danger: no watch, the safety phase is none (SAR Convention Annex 4.5)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'ASSISTANCE_REFUSED' });
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    expect(safetyPhase(c)).toBe('assistanceRefused');
    ok(c, noDanger, 60);
    expect(safetyPhase(c)).toBe('none');
    expect(lifeWatch(c)).toBeUndefined();
    expect(c.actions).not.toContain('RENDER_ASSISTANCE');
  });

  it('an assessment of none closes the danger an alert opened: the watch ends and the case may close (SAR Convention Annex 1.3.11-13)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, alert);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    expect(lifeWatch(c)).toBeDefined();
    ok(c, noDanger, 60);
    expect(lifeWatch(c)).toBeUndefined();
    expect(c.actions).toContain('CLOSE_CASE');
  });

  it('danger factors recorded with phase none ask for a reassessment: DANGER_FACTORS_WITH_PHASE_NONE (SAR Convention Annex 1.3.11-13; EU 656/2014 art. 9(2)(f) (practice))', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: ['overcrowded'] });
    expect(c.warnings).toContain('DANGER_FACTORS_WITH_PHASE_NONE');
    expect(c.actions).toContain('ASSESS_SAFETY_OF_LIFE');

    const plain = new Case(opening({ vessel: STATELESS }));
    ok(plain, noDanger);
    expect(plain.warnings).not.toContain('DANGER_FACTORS_WITH_PHASE_NONE');
    expect(plain.actions).not.toContain('ASSESS_SAFETY_OF_LIFE');
  });

  it('the RCC closing the SAR case of an alert leaves nothing to reassess (SAR Convention Annex 4.5)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, alert);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'SAR_CASE_CLOSED', by: 'RCC Malta', note: 'engine repaired, under way' }, 90);
    expect(lifeWatch(c)).toBeUndefined();
    expect(c.actions).not.toContain('ASSESS_SAFETY_OF_LIFE');
    expect(c.warnings).not.toContain('DANGER_FACTORS_WITH_PHASE_NONE');
  });

  it('the RCC that accepted coordination is the one the unit reports to; accepting it is no news owed (SAR Convention Annex 4.4-4.5)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, alert);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'RCC_COORDINATION_ACCEPTED', rcc: 'MRCC Rome' });
    expect(c.actions).not.toContain('NOTIFY_RCC');
    expect(lifeWatch(c)).toBeDefined();
    ok(c, distress, 20);
    expect(c.action('NOTIFY_RCC')!.title).toContain('MRCC Rome');
    expect(c.action('NOTIFY_RCC')!.title).not.toContain('RCC Malta');
  });

  it('a rescue that brought nobody aboard owes no place of safety; the missing are searched for (SOLAS V/33.1-1; SAR Convention Annex 4.4-4.5)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 0, missing: 12 }, 40);
    expect(persons(c)).toMatchObject({ takenOnBoard: false });
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    expect(c.actions).not.toContain('SCREEN_PERSONS');
    expect(c.actions).toContain('SEARCH_FOR_MISSING');
  });

  it('missing persons recorded by the rescue and again by the screening owe one search with the RCC (UNCLOS art. 98; SAR Convention Annex 4.4-4.5)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 58, missing: 2 }, 40);
    ok(c, { type: 'PERSONS_SCREENED', total: 58, missing: 2 });
    expect(persons(c).referralsOwed).toEqual(['missing-persons']);
    ok(c, { type: 'REFERRAL_MADE', about: 'missing-persons', to: 'RCC Malta' });
    expect(c.actions).not.toContain('SEARCH_FOR_MISSING');
  });
});

describe('coastal States (UNCLOS arts 2, 33)', () => {
  it('a coastal State’s consent naming no scopes covers boarding, search and measures (UNCLOS art. 2)', () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }));
    ok(c, noDanger);
    expect(c.basis).toMatchObject({ code: 'foreign-coastal-state-consent', permits: [] });
    ok(c, { type: 'COASTAL_STATE_CONSENTED', state: 'TN' });
    expect(c.basis).toMatchObject({
      code: 'foreign-coastal-state-consent',
      permits: ['board', 'search', 'measures'],
    });
    expect(c.actions).not.toContain('REQUEST_COASTAL_STATE_CONSENT');
  });

  it('a vessel in another State’s contiguous zone: that State is informed, and then no more is owed (UNCLOS arts 33, 58(2); SoM art. 9(3)(a))', () => {
    const s = setting({ states: { TN: { protocolParty: true, contiguousZoneNm: 24 } } });
    const c = new Case(opening({ position: AT.tunisiaContiguousZone }), s);
    ok(c, noDanger);
    expect(c.action('INFORM_COASTAL_STATE')!.title).toContain('TN');
    ok(c, { type: 'COASTAL_STATE_INFORMED', state: 'TN' });
    expect(c.actions).not.toContain('INFORM_COASTAL_STATE');
  });

  it('an infringement already committed lets the contiguous zone’s powers punish it; it starts no hot pursuit (UNCLOS arts 33(1)(b), 111)', () => {
    const s = setting({ states: { MT: { protocolParty: true, contiguousZoneNm: 24 } } });
    const c = new Case(opening({ position: AT.maltaContiguousZone }), s);
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, {
      type: 'INFRINGEMENT_COMMITTED',
      where: 'territorial-sea',
      note: '12 persons landed at Marsaxlokk',
    });
    expect(c.basis.code).toBe('contiguous-zone-control');
    expect(c.view.hotPursuit).toBeNull();
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(c.view.incidents).toEqual([]);
  });

  it('a directory edit that claims a contiguous zone puts the vessel in it: the zone’s powers follow (UNCLOS art. 33)', () => {
    const c = new Case(opening({ position: AT.maltaContiguousZone }));
    ok(c, noDanger);
    expect(c.view.zone.zone).toBe('beyond');
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    const edited: DeskEvent = {
      type: 'SETTING_CHANGED',
      setting: setting({ states: { MT: { protocolParty: true, contiguousZoneNm: 24 } } }),
    };
    const applied = engine.apply(c.state, edited, c.at(5));
    expect(applied.decision.outcome).toBe('applied');
    c.state = applied.state;
    expect(c.view.zone).toMatchObject({ zone: 'contiguous-zone', states: ['MT'] });
    expect(c.basis.code).toBe('contiguous-zone-control');
  });
});

describe('hot pursuit (UNCLOS art. 111)', () => {
  it('the pursuit ends on entering a third State’s territorial sea, and the view says which (UNCLOS art. 111(3))', () => {
    const c = pursuit({ name: 'FAST ONE', flag: 'TG' }, true);
    ok(c, { type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
    expect(c.view.hotPursuit).toMatchObject({ active: true, lawful: true });
    ok(c, { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea }, 90);
    expect(c.view.hotPursuit).toMatchObject({
      active: false,
      lawful: true,
      startedIn: 'territorial-sea',
      violation: 'landing migrants outside a port of entry',
      endedReason: 'entered the territorial sea of TN',
    });
  });

  it('where claims to the territorial sea overlap, the pursuit’s end names every claimant (UNCLOS art. 111(3))', () => {
    // waters claimed by both Italy and Tunisia
    const DISPUTED = { lat: 36.1, lon: 12.1 };
    const desk = createEngine({
      classifyZone: (p, s) =>
        p.lat === DISPUTED.lat && p.lon === DISPUTED.lon
          ? { zone: 'territorial-sea', states: ['IT', 'TN'] }
          : classifyZone(p, s),
    });
    const at = (minute: number) => new Date(Date.parse(START) + minute * 60_000).toISOString();
    let state: PersistedCase = desk.open({
      id: 'case-2',
      at: START,
      setting: EMPTY,
      opening: opening({ position: AT.maltaTerritorialSea }),
    });
    const steps: DeskEvent[] = [
      noDanger,
      {
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: true,
        violation: 'landing migrants',
      },
      { type: 'POSITION_REPORTED', ...AT.highSeas },
      { type: 'POSITION_REPORTED', ...DISPUTED },
    ];
    steps.forEach((event, i) => {
      const r = desk.apply(state, event, at(10 * (i + 1)));
      expect(r.decision.outcome, event.type).toBe('applied');
      state = r.state;
    });
    expect(desk.view(state, 5).hotPursuit).toMatchObject({
      active: false,
      endedReason: 'entered the territorial sea of IT, TN',
    });
  });

  it('a pursuit ended by the unit keeps where it began and says why it ended; the basis falls back to the flag State’s consent (UNCLOS art. 111)', () => {
    const c = pursuit({ name: 'FAST ONE', flag: 'TG' }, true);
    ok(c, { type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
    expect(c.basis.code).toBe('hot-pursuit');
    ok(c, { type: 'HOT_PURSUIT_ENDED', reason: 'contact lost in fog' }, 30);
    expect(c.view.hotPursuit).toMatchObject({
      active: false,
      lawful: true,
      startedIn: 'territorial-sea',
      violation: 'landing migrants outside a port of entry',
      endedReason: 'contact lost in fog',
    });
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });

    // ended with no reason given, the view still says that it ended
    const unexplained = pursuit({ name: 'FAST ONE', flag: 'TG' }, true);
    ok(unexplained, { type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
    ok(unexplained, { type: 'HOT_PURSUIT_ENDED' }, 30);
    expect(unexplained.view.hotPursuit).toMatchObject({
      active: false,
      startedIn: 'territorial-sea',
      endedReason: expect.stringMatching(/\S/),
    });
  });

  it('a pursuit recorded as fact over a refusal gives no basis: beyond the territorial sea the flag State’s consent governs; the incident keeps the justification (UNCLOS art. 111(4))', () => {
    const c = pursuit({ name: 'FAST ONE', flag: 'TG' }, false);
    expect(c.view.incidents).toMatchObject([
      {
        category: 'legal',
        event: 'HOT_PURSUIT_STARTED',
        reason: 'no-signal-to-stop',
        justification: 'signal given by loud hailer, not logged at the time',
      },
    ]);
    ok(c, { type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
    expect(c.view.hotPursuit).toMatchObject({ active: true, lawful: false });
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
  });

  it('a boarding after a pursuit recorded as fact owes a compensation assessment; after a lawful pursuit it does not (UNCLOS art. 111(8))', () => {
    const unlawful = pursuit(STATELESS, false);
    ok(unlawful, { type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
    expect(unlawful.basis.code).toBe('stateless');
    ok(unlawful, { type: 'BOARDING_STARTED' });
    expect(unlawful.action('ASSESS_COMPENSATION')).toMatchObject({
      blocking: true,
      basis: ['UNCLOS art. 111(8)'],
    });

    const lawful = pursuit(STATELESS, true);
    ok(lawful, { type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
    expect(lawful.basis.code).toBe('hot-pursuit');
    ok(lawful, { type: 'BOARDING_STARTED' });
    expect(lawful.actions).not.toContain('ASSESS_COMPENSATION');
  });

  it('measures after a pursuit recorded as fact owe a compensation assessment, even without a boarding (UNCLOS art. 111(8))', () => {
    const c = pursuit({ name: 'FAST ONE', flag: 'TG' }, false);
    expect(c.basis.code).toBe('coastal-jurisdiction');
    ok(c, {
      type: 'MEASURES_TAKEN',
      measures: ['escort-to-port'],
      destination: { country: 'MT', port: 'Valletta' },
    });
    expect(c.action('ASSESS_COMPENSATION')).toMatchObject({
      blocking: true,
      basis: ['UNCLOS art. 111(8)'],
    });
  });
});

describe('boarding, search and measures (SoM arts 8, 9)', () => {
  it('a search under the imminent-danger override is a rescue act: what it found does not open measures (SoM art. 8(5))', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    const why = imminentDanger('hull breached, looking for persons trapped below deck');
    ok(c, { type: 'BOARDING_STARTED', override: why });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true, override: why });
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 30);
    expect(c.basis).toMatchObject({ code: 'stateless', permits: ['board', 'search'] });
    expect(c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'] })).toMatchObject({
      outcome: 'refused',
      reason: 'no-evidence-found',
    });
  });

  it('measures taken conclude the enforcement: TAKE_AUTHORISED_MEASURES closes, and with evidence found no compensation is owed (SoM arts 8(2)(c), 9(2))', () => {
    const c = boardedWithEvidence();
    expect(c.actions).toContain('TAKE_AUTHORISED_MEASURES');
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(enforcementPhase(c)).toBe('concluded');
    expect(c.actions).not.toContain('TAKE_AUTHORISED_MEASURES');
    expect(c.actions).not.toContain('ASSESS_COMPENSATION');
  });

  it('an escort gives the persons a destination to be told of, port included (EU 656/2014 art. 4(3) (practice); Hirsi)', () => {
    const c = boardedWithEvidence();
    expect(c.actions).not.toContain('INFORM_PERSONS');
    ok(c, {
      type: 'MEASURES_TAKEN',
      measures: ['escort-to-port'],
      destination: { country: 'MT', port: 'Valletta' },
    });
    expect(c.action('INFORM_PERSONS')!.title).toContain('Valletta, MT');
  });

  it('a detention, whatever measure records it, opens consular notification and judicial control; a seizure alone does not (SoM art. 16(5); VCCR art. 36(1)(b); ECHR art. 5(3))', () => {
    const detainSuspects = boardedWithEvidence();
    ok(detainSuspects, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'] });
    expect(persons(detainSuspects)).toMatchObject({ detained: true });
    expect(detainSuspects.actions).toEqual(
      expect.arrayContaining(['NOTIFY_CONSULAR_RIGHTS', 'BRING_BEFORE_JUDICIAL_AUTHORITY']),
    );

    const detainedOnSeizure = boardedWithEvidence();
    ok(detainedOnSeizure, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'], detained: 2 });
    expect(persons(detainedOnSeizure)).toMatchObject({ detained: true });
    expect(detainedOnSeizure.actions).toEqual(
      expect.arrayContaining(['NOTIFY_CONSULAR_RIGHTS', 'BRING_BEFORE_JUDICIAL_AUTHORITY']),
    );

    const seizureOnly = boardedWithEvidence();
    ok(seizureOnly, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(persons(seizureOnly)).toMatchObject({ detained: false });
    expect(seizureOnly.actions).not.toContain('NOTIFY_CONSULAR_RIGHTS');
    expect(seizureOnly.actions).not.toContain('BRING_BEFORE_JUDICIAL_AUTHORITY');
  });

  it('consular rights notified close that duty; judicial control stays owed (VCCR art. 36(1)(b); ECHR art. 5(3))', () => {
    const c = boardedWithEvidence();
    ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
    ok(c, { type: 'CONSULAR_RIGHTS_NOTIFIED' });
    expect(c.actions).not.toContain('NOTIFY_CONSULAR_RIGHTS');
    expect(c.actions).toContain('BRING_BEFORE_JUDICIAL_AUTHORITY');
    expect(persons(c)).toMatchObject({ consularRightsNotified: true, detentionReviewed: false });
  });

  it('persons left aboard a vessel seized or escorted are under the unit’s control: a place of safety is owed; not after detaining suspects alone, nor for an empty vessel (Hirsi §81; SOLAS V/33.1-1)', () => {
    const seized = boardedWithEvidence();
    ok(seized, { type: 'MEASURES_TAKEN', measures: ['seize-vessel', 'detain-suspects'], detained: 2 });
    expect(persons(seized)).toMatchObject({ underControl: true });
    expect(seized.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');

    const suspectsOnly = boardedWithEvidence();
    ok(suspectsOnly, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
    expect(persons(suspectsOnly)).toMatchObject({ underControl: false });
    expect(suspectsOnly.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');

    const empty = boardedWithEvidence({ personsOnBoard: 0 });
    ok(empty, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(persons(empty)).toMatchObject({ underControl: false });
    expect(empty.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('under the imminent-danger override a seizure or a detention opens a rescue-measure review; an escort home does not (SoM art. 8(5))', () => {
    const rescueBoarded = () => {
      const c = new Case(opening({ vessel: STATELESS }));
      ok(c, distress);
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      ok(c, { type: 'BOARDING_STARTED', override: imminentDanger('hull breached') });
      return c;
    };
    const seized = rescueBoarded();
    ok(seized, {
      type: 'MEASURES_TAKEN',
      measures: ['seize-vessel'],
      override: imminentDanger('the boat was sinking under tow'),
    });
    expect(seized.view.incidents).toEqual([
      expect.objectContaining({
        category: 'rescue-measure-review',
        event: 'MEASURES_TAKEN',
        reason: 'seizure-under-imminent-danger',
        justification: 'the boat was sinking under tow',
      }),
    ]);

    const detained = rescueBoarded();
    ok(detained, {
      type: 'MEASURES_TAKEN',
      measures: ['detain-suspects'],
      detained: 1,
      override: imminentDanger('the skipper was threatening the passengers with a knife'),
    });
    expect(detained.view.incidents).toEqual([
      expect.objectContaining({
        category: 'rescue-measure-review',
        reason: 'detention-under-imminent-danger',
        justification: 'the skipper was threatening the passengers with a knife',
      }),
    ]);

    const escorted = rescueBoarded();
    ok(escorted, {
      type: 'MEASURES_TAKEN',
      measures: ['escort-to-port'],
      destination: { country: 'MT', port: 'Valletta' },
      override: imminentDanger('no other way to keep the boat afloat'),
    });
    expect(escorted.view.incidents).toEqual([]);
  });
});

describe('reporting results to the flag State (SoM art. 8(3))', () => {
  it('a measure after the last report opens the report again (SoM art. 8(3))', () => {
    const c = granted(['board', 'search', 'measures']);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'RESULTS_REPORTED', to: 'TG' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'RESULTS_REPORTED', to: 'TG' });
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });

  it('taking persons aboard under the flag State’s consent is a measure reported to it (SoM art. 8(2)(c), 8(3))', () => {
    const c = granted(['board', 'search', 'measures']);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'RESULTS_REPORTED', to: 'TG' });
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
    ok(c, { type: 'PERSONS_TAKEN_ON_BOARD', count: 60 });
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });

  it('taking persons aboard under the imminent-danger override is a rescue, not a measure reported to the flag State (SoM art. 8(5), 8(3))', () => {
    const c = granted(['board', 'search', 'measures']);
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, {
      type: 'PERSONS_TAKEN_ON_BOARD',
      count: 60,
      override: imminentDanger('the boat capsized alongside'),
    });
    expect(persons(c)).toMatchObject({ takenOnBoard: true });
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });
});

describe('the vessel’s identification (UNCLOS arts 91, 92; SoM art. 8(2), 8(7))', () => {
  it('one flag used is a claim; a second makes the vessel one without nationality: MULTIPLE_FLAGS, stateless (UNCLOS art. 92(2); SoM art. 8(7))', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    ok(c, { type: 'VESSEL_IDENTIFIED', flagsUsed: ['TG'] });
    expect(c.basis.code).toBe('flag-state-authorisation');
    expect(c.warnings).not.toContain('MULTIPLE_FLAGS');
    ok(c, { type: 'VESSEL_IDENTIFIED', flagsUsed: ['SL'] });
    expect(c.view.vessel.flagsUsed).toEqual(['TG', 'SL']);
    expect(c.warnings).toContain('MULTIPLE_FLAGS');
    expect(c.basis).toMatchObject({ code: 'stateless', permits: ['board', 'search'] });
  });

  it('a corrected flag after a confirmation of registry: the confirmation lapses and the procedure starts again towards the new flag State (UNCLOS art. 91; SoM art. 8(2))', () => {
    const c = confirmed();
    ok(c, { type: 'VESSEL_IDENTIFIED', flag: 'SL' });
    expect(c.view.flagState.confirmedBy).toBeUndefined();
    expect(c.view.flagState.registry).toBeNull();
    expect(c.action('NOTIFY_FLAG_STATE')!.title).toContain('SL');
  });

  it('a corrected claim of registry after a confirmation by the flag’s State: the claimed registry becomes the flag State of record (UNCLOS art. 91; SoM art. 8(2))', () => {
    const c = confirmed();
    ok(c, { type: 'VESSEL_IDENTIFIED', registryClaimed: 'SL' });
    expect(c.view.flagState.confirmedBy).toBeUndefined();
    expect(c.action('NOTIFY_FLAG_STATE')!.title).toContain('SL');
    expect(c.warnings).toContain('POSSIBLE_FALSE_FLAG');
  });

  it('an identification that leaves the flag State of record unchanged keeps its confirmation of registry (UNCLOS art. 91; SoM art. 8(2))', () => {
    const c = confirmed();
    ok(c, { type: 'VESSEL_IDENTIFIED', name: 'NOUR II' });
    expect(c.view.flagState).toMatchObject({ registry: 'confirmed', confirmedBy: 'TG' });
    // the papers now name Togo's registry, the State that already confirmed it
    ok(c, { type: 'VESSEL_IDENTIFIED', registryClaimed: 'TG' });
    expect(c.view.flagState).toMatchObject({ registry: 'confirmed', confirmedBy: 'TG' });
    expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
  });
});

describe('persons: handovers, information, claims (SoM arts 9(1)(a), 16, 19; Hirsi)', () => {
  it('a handover of only some of the persons, before any screening, leaves a place of safety owed and the destination to be told (SOLAS V/33.1-1; EU 656/2014 art. 4(3) (practice))', () => {
    const c = rescued(setting(), 60);
    ok(c, { type: 'PERSONS_HANDED_OVER', to: { country: 'MT', authority: 'Malta Police Force' }, count: 20 });
    expect(persons(c).handedOver).toEqual({ country: 'MT', all: false, lawful: true });
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
    expect(c.action('INFORM_PERSONS')!.title).toContain('MT');
  });

  it('a lawful handover of everyone the screening counted, or with no count given, ends the search for a place of safety (Hirsi; SOLAS V/33.1-1)', () => {
    // the opening report estimated 60; the screening counted 52
    const counted = rescued(TN_SAFE, 60, 52);
    ok(counted, { type: 'PERSONS_SCREENED', total: 52 });
    ok(counted, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    ok(counted, {
      type: 'PERSONS_HANDED_OVER',
      to: { country: 'TN', authority: 'Tunisian coast guard' },
      count: 52,
    });
    expect(persons(counted).handedOver).toEqual({ country: 'TN', all: true, lawful: true });
    expect(counted.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');

    const uncounted = rescued(TN_SAFE, 40);
    ok(uncounted, { type: 'PERSONS_SCREENED', total: 40 });
    ok(uncounted, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    ok(uncounted, { type: 'PERSONS_HANDED_OVER', to: { country: 'TN', authority: 'Tunisian coast guard' } });
    expect(persons(uncounted).handedOver).toEqual({ country: 'TN', all: true, lawful: true });
    expect(uncounted.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('a handover is measured against the persons the rescue brought aboard when no screening counted them (SOLAS V/33.1-1; MSC.167(78) 6.12)', () => {
    // no estimate at the opening: the 58 rescued are who the unit must land or hand over
    const unknown = new Case(opening({ vessel: STATELESS, personsOnBoard: undefined }));
    ok(unknown, distress);
    ok(unknown, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(unknown, { type: 'RESCUE_COMPLETED', rescued: 58 }, 40);
    ok(unknown, {
      type: 'PERSONS_HANDED_OVER',
      to: { country: 'MT', authority: 'Malta Police Force' },
      count: 20,
    });
    expect(persons(unknown).handedOver).toEqual({ country: 'MT', all: false, lawful: true });
    expect(unknown.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
    // 60 reported, 58 rescued and 2 missing: handing over the 58 hands over everyone aboard the unit
    const missing = new Case(opening({ vessel: STATELESS, personsOnBoard: 60 }));
    ok(missing, distress);
    ok(missing, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(missing, { type: 'RESCUE_COMPLETED', rescued: 58, missing: 2 }, 40);
    ok(missing, {
      type: 'PERSONS_HANDED_OVER',
      to: { country: 'MT', authority: 'Malta Police Force' },
      count: 58,
    });
    expect(persons(missing).handedOver).toEqual({ country: 'MT', all: true, lawful: true });
    expect(missing.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('a handover of everyone recorded as fact does not end the search for a place of safety (domain.md, a handover is its own act; SoM art. 19(1))', () => {
    const c = rescued(setting(), 40);
    const handover: CaseEvent = {
      type: 'PERSONS_HANDED_OVER',
      to: { country: 'TN', authority: 'Tunisian coast guard' },
    };
    expect(c.send(handover).outcome).toBe('refused');
    ok(c, { ...handover, override: recordedFact('handed over on the on-scene commander’s order') });
    expect(persons(c).handedOver).toEqual({ country: 'TN', all: true, lawful: false });
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
    expect(c.view.incidents).toMatchObject([{ category: 'legal', event: 'PERSONS_HANDED_OVER' }]);
  });

  it('persons told in their language with no destination pending: recorded, nothing owed (EU 656/2014 art. 4(3) (practice))', () => {
    const c = rescued();
    ok(c, { type: 'PERSONS_INFORMED', language: 'ti' });
    expect(persons(c).informedLanguage).toBe('ti');
    expect(c.actions).not.toContain('INFORM_PERSONS');
  });

  it('telling persons of another destination does not discharge the pending one; telling them of it does (ECHR art. 13; Hirsi)', () => {
    const c = rescued();
    ok(c, { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'MT', port: 'Valletta' });
    expect(c.actions).toContain('INFORM_PERSONS');
    ok(c, { type: 'PERSONS_INFORMED', language: 'ar', destination: { country: 'IT' } });
    expect(c.action('INFORM_PERSONS')!.title).toContain('MT');
    ok(c, { type: 'PERSONS_INFORMED', language: 'ar', destination: { country: 'MT' } });
    expect(c.actions).not.toContain('INFORM_PERSONS');
  });

  it('a destination the persons were already told of and heard on is not owed again; a new destination is (ECHR art. 13; Hirsi; EU 656/2014 art. 4(3) (practice))', () => {
    const told = rescued(TN_SAFE);
    ok(told, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    ok(told, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
    expect(told.actions).not.toContain('INFORM_PERSONS');
    expect(told.action('DISEMBARK')).toBeDefined();
    expect(told.action('DISEMBARK')).not.toHaveProperty('waitsFor');

    const another = rescued(TN_SAFE);
    ok(another, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    ok(another, { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'MT' });
    expect(another.action('INFORM_PERSONS')!.title).toContain('MT');
  });

  it('objections assessed and dismissed show as dismissed; the place may then be designated (ECHR art. 13; SoM art. 19(1))', () => {
    const c = rescued(TN_SAFE);
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
      objections: [{ count: 3, reason: 'fear of onward return' }],
    });
    expect(persons(c).objections).toEqual({ TN: 'unresolved' });
    ok(c, { type: 'OBJECTIONS_ASSESSED', country: 'TN', upheld: false, note: 'individual interviews' });
    expect(persons(c).objections).toEqual({ TN: 'dismissed' });
    expect(c.actions).not.toContain('ASSESS_OBJECTIONS');
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'TN', port: 'Sfax' });
  });

  it('new protection claims after a referral are referred again; a record of no further claims reopens nothing (SoM art. 19(1); UNHCR ExCom Conclusion 97)', () => {
    const more = rescued();
    ok(more, { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['SD'] });
    ok(more, { type: 'PROTECTION_CLAIMS_REFERRED' });
    expect(more.actions).not.toContain('REFER_PROTECTION_CLAIMS');
    ok(more, { type: 'PROTECTION_CLAIMS_RECORDED', count: 2, countriesOfOrigin: ['ER'] });
    expect(more.actions).toContain('REFER_PROTECTION_CLAIMS');

    const none = rescued();
    ok(none, { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['SD'] });
    ok(none, { type: 'PROTECTION_CLAIMS_REFERRED' });
    ok(none, { type: 'PROTECTION_CLAIMS_RECORDED', count: 0, countriesOfOrigin: [] });
    expect(none.actions).not.toContain('REFER_PROTECTION_CLAIMS');
  });
});

describe('places of safety (SOLAS V/33.1-1; SAR Annex 3.1.9; MSC.167(78) 6.12-6.17)', () => {
  it('a proposal shows as proposed, not designated, and persons are told of it, port included (MSC.167(78) 6.12-6.14; EU 656/2014 art. 4(3) (practice))', () => {
    const c = rescued();
    ok(c, { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'MT', port: 'Valletta' });
    expect(c.view.placeOfSafety.proposed).toEqual({ country: 'MT', port: 'Valletta' });
    expect(c.view.placeOfSafety.designated).toBeUndefined();
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
    expect(c.actions).not.toContain('DISEMBARK');
    expect(c.action('INFORM_PERSONS')!.title).toContain('Valletta, MT');
  });

  it('a designation shows with its port, and the persons are told of it (SOLAS V/33.1-1; MSC.167(78) 6.12-6.14)', () => {
    const c = rescued();
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'MT', port: 'Valletta' });
    expect(c.view.placeOfSafety.designated).toEqual({
      by: 'RCC',
      country: 'MT',
      port: 'Valletta',
      usableWhenDesignated: true,
    });
    expect(c.action('DISEMBARK')!.title).toContain('Valletta, MT');
    expect(c.action('INFORM_PERSONS')!.title).toContain('Valletta, MT');
  });

  it('a State that declined and is then designated: the new designation stands, the other refusals remain, each listed once (SOLAS V/33.1-1; SAR Annex 3.1.9)', () => {
    const c = rescued(setting({ countryAssessments: { TN: assessment(false), IT: assessment(false) } }));
    ok(c, { type: 'PLACE_OF_SAFETY_DECLINED', country: 'TN', by: 'Tunisia' });
    ok(c, { type: 'PLACE_OF_SAFETY_DECLINED', country: 'TN', by: 'Tunisian MRCC' });
    ok(c, { type: 'PLACE_OF_SAFETY_DECLINED', country: 'IT', by: 'MRCC Rome' });
    expect(c.view.placeOfSafety.declined).toEqual(['TN', 'IT']);
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
    expect(c.view.placeOfSafety.declined).toEqual(['IT']);
    expect(c.warnings).not.toContain('DESIGNATION_LAPSED');
    expect(c.actions).toContain('DISEMBARK');
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('a disembarkation shows where and when; landing at home ends the search for a place (SOLAS V/33.1-1; SAR Annex 3.1.9)', () => {
    const c = rescued();
    ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' }, 5);
    // the rescue was recorded at +00:42
    expect(c.view.placeOfSafety.disembarked).toEqual({
      country: 'MT',
      port: 'Valletta',
      at: '2026-06-01T02:47:00.000Z',
    });
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    expect(c.actions).not.toContain('DISEMBARK');
  });
});

describe('closing a case and incoming requests (SoM art. 8(4), 8(6))', () => {
  it('a closed case shows closed with its outcome, no deadline left to fire, and takes no further step (contract.md, CLOSE_CASE)', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expect(c.view.deadlines.length).toBeGreaterThan(0);
    ok(c, { type: 'CASE_CLOSED', outcome: 'vessel left the area before any reply' });
    expect(c.view).toMatchObject({
      status: 'closed',
      outcome: 'vessel left the area before any reply',
      deadlines: [],
      requiredActions: [],
    });
    expect(c.send({ type: 'SUSPICION_RECORDED', grounds: ['late report'] })).toMatchObject({
      outcome: 'refused',
      reason: 'not-expected-now',
    });
  });

  it('an incoming request acknowledged is still to be answered (SoM art. 8(4))', () => {
    const c = Case.incoming({
      from: 'IT',
      vessel: { name: 'LOME STAR', flag: 'TG' },
      position: AT.highSeas,
      grounds: ['overcrowded'],
      asks: ['registry', 'board'],
    });
    ok(c, { type: 'REQUEST_ACKNOWLEDGED' }, 15);
    expect(c.view.incoming).toMatchObject({ acknowledgedAt: '2026-06-01T02:15:00.000Z', answered: false });
    expect(c.actions).toContain('ANSWER_REQUEST');
  });

  it('an answer is shown as given, conditions and will-act included, and its response deadline ends (SoM art. 8(4), 8(5))', () => {
    const request = {
      from: 'IT',
      vessel: { name: 'LOME STAR', flag: 'TG' },
      position: AT.highSeas,
      grounds: ['overcrowded'],
      asks: ['registry' as const, 'board' as const],
    };
    const grant = Case.incoming(request);
    ok(grant, { type: 'REGISTER_CHECKED', onRegister: true }, 20);
    ok(grant, {
      type: 'REQUEST_ANSWERED',
      registry: 'confirmed',
      authorisation: { scopes: ['board'], conditions: [{ kind: 'report-results-within', hours: 24 }] },
    });
    expect(grant.view.incoming!.answer).toEqual({
      registry: 'confirmed',
      scopes: ['board'],
      conditions: [{ kind: 'report-results-within', hours: 24 }],
      willAct: false,
    });
    expect(grant.view.deadlines).toEqual([]);
    grant.advanceTo(200);
    expect(grant.warnings).not.toContain('REPLY_DEADLINE_NEAR');

    const acts = Case.incoming(request);
    ok(acts, { type: 'REGISTER_CHECKED', onRegister: true }, 20);
    ok(acts, { type: 'REQUEST_ANSWERED', registry: 'confirmed', authorisation: null, willAct: true });
    expect(acts.view.incoming!.answer).toEqual({
      registry: 'confirmed',
      scopes: [],
      conditions: [],
      willAct: true,
    });
  });
});

describe('a case rebuilt from its log (machines/README.md; the log is the truth)', () => {
  it('a proposal the law of its day recorded as fact is kept on rebuild, though today’s law takes no override on a proposal; no incident is invented (domain.md, Refusals and overrides)', () => {
    const c = rescued();
    const proposal: CaseEvent = {
      type: 'PLACE_OF_SAFETY_PROPOSED',
      country: 'TN',
      port: 'Sfax',
      override: recordedFact('proposed by the on-scene commander'),
    };
    expect(c.send(proposal)).toMatchObject({
      outcome: 'refused',
      reason: 'override-not-available',
    });
    const rebuilt = engine.replayRecorded(c.state, proposal, c.at(50));
    const view = engine.view(rebuilt, 2);
    expect(view.placeOfSafety.proposed).toEqual({ country: 'TN', port: 'Sfax' });
    expect(view.incidents).toEqual([]);
  });
});
