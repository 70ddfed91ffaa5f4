// The second review (December 2026) of domain.md: one test per new decision point (17-30) and one per changed
// rule, written from domain.md and contract.md, driven through the engine with contract.md events.
// Where the spec leaves a detail open (wording of a citation, the name of an internal deadline, a reason it
// does not name) the tests do not assert it.
import { describe, expect, it } from 'vitest';
import type {
  CaseEvent,
  OpeningReport,
  SecurityCouncilAuthorisation,
  Setting,
} from '../../machines/schemas.ts';
import { AT, assessment, Case, CaseAt, imminentDanger, opening, recordedFact, setting } from './harness.ts';

// ---------------------------------------------------------------------------------------------------------
// helpers (this file's own; harness.ts is shared and left as it is)

type Decision = ReturnType<Case['send']>;

const noDanger: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] };
const distress: CaseEvent = {
  type: 'DISTRESS_ASSESSED',
  phase: 'distress',
  factors: ['overcrowded', 'unseaworthy'],
};

const STATELESS = { name: 'rubber boat', flag: null };

function withoutGrounds(o: OpeningReport): OpeningReport {
  const { grounds: _grounds, ...rest } = o;
  return rest;
}

// A setup step the spec says is lawful: it must be applied.
function ok(c: Case, event: CaseEvent, minutes = 1): Decision {
  const d = c.send(event, minutes);
  expect(d, `${event.type} should be applied`).toMatchObject({ outcome: 'applied' });
  return d;
}

const basisOf = (d: Decision): string[] => (d as { basis?: string[] }).basis ?? [];
const overridesOf = (d: Decision): string[] => (d as { allowedOverrides?: string[] }).allowedOverrides ?? [];

// A legal refusal: the reason, and a basis (contract.md: "each refusal carries its basis").
function expectRefused(d: Decision, reason: string) {
  expect(d).toMatchObject({ outcome: 'refused', reason });
  if (reason !== 'not-expected-now' && reason !== 'override-not-available') {
    expect(basisOf(d).length, `refusal ${reason} carries its basis`).toBeGreaterThan(0);
  }
}

// `permits` is compared as a set (contract.md, Scenario files).
const sorted = (xs: readonly string[]) => [...xs].sort();
function expectPermits(c: Case, scopes: string[]) {
  expect(sorted(c.basis.permits)).toEqual(sorted(scopes));
}

const lifeWatch = (c: Case) =>
  c.view.requiredActions.find((a) => a.code === 'MONITOR_AT_DISTANCE' && a.priority === 'life');

const suspendedBy = (c: Case) => (c.view.legalBasis as { suspendedBy?: string }).suspendedBy;

// A stateless vessel on the high seas, boarded and searched with evidence: `permits` has every scope
// (domain.md row 6), so only the rule under test can refuse.
function boardedWithEvidence(s: Setting = setting(), over: Partial<OpeningReport> = {}) {
  const c = new Case(opening({ vessel: STATELESS, ...over }), s);
  ok(c, noDanger);
  ok(c, { type: 'BOARDING_STARTED' });
  ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
  return c;
}

// A search and rescue case: persons rescued from a stateless boat on the high seas.
function rescued(s: Setting = setting(), persons = 60) {
  const c = new Case(opening({ vessel: STATELESS, personsOnBoard: persons }), s);
  ok(c, distress);
  ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
  ok(c, { type: 'RESCUE_COMPLETED', rescued: persons }, 40);
  return c;
}

// A Togo-flagged vessel on the high seas, the whole flag-State procedure through to a grant.
function granted(scopes: Array<'board' | 'search' | 'measures'>, s: Setting = setting()) {
  const c = new Case(opening(), s);
  ok(c, noDanger);
  ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
  ok(c, { type: 'AUTHORISATION_REQUESTED', scopes });
  ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes, conditions: [] });
  return c;
}

// The high seas off Libya (res. 2240 (2015) para. 7); AT.highSeas (34.5N 15.5E) is inside.
const OFF_LIBYA: Array<[number, number]> = [
  [10, 31],
  [26, 31],
  [26, 35.8],
  [10, 35.8],
  [10, 31],
];
const SC_LINE: SecurityCouncilAuthorisation[] = [
  {
    resolution: '2240 (2015)',
    area: { type: 'Polygon', coordinates: [OFF_LIBYA] },
    from: '2015-10-09T00:00:00Z',
    until: '2016-10-09T00:00:00Z',
    scopes: ['board', 'search', 'measures'],
    measures: ['seize-vessel'],
  },
  {
    resolution: '2698 (2023)',
    area: { type: 'Polygon', coordinates: [OFF_LIBYA] },
    from: '2023-09-29T00:00:00Z',
    until: '2024-09-29T00:00:00Z',
    scopes: ['board', 'search', 'measures'],
    measures: ['seize-vessel'],
  },
];
const SC_SETTING = setting({ securityCouncilAuthorisations: SC_LINE });
const OUTSIDE_THE_AREA = { lat: 38.5, lon: 5.5 }; // western Mediterranean, high seas

// ---------------------------------------------------------------------------------------------------------

describe('second review: decision points 17-30 (domain.md)', () => {
  it('DP17 authorisation from a State that is not the flag State of record is refused: not-the-flag-state (SoM art. 8(2); UNCLOS art. 92(1))', () => {
    // MID 247 is Italy; the vessel flies Togo's flag: Togo is the flag State of record.
    const c = new Case(opening({ vessel: { name: 'AMIRA', flag: 'TG', mmsi: '247812000' } }));
    ok(c, noDanger);
    expect(c.warnings).toContain('POSSIBLE_FALSE_FLAG');
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' });
    expectRefused(
      c.send({ type: 'AUTHORISATION_GRANTED', state: 'IT', scopes: ['board', 'search'], conditions: [] }),
      'not-the-flag-state',
    );
    expectRefused(c.send({ type: 'REGISTRY_CONFIRMED', state: 'IT' }), 'not-the-flag-state');
    expectRefused(c.send({ type: 'REGISTRY_REFUTED', state: 'IT' }), 'not-the-flag-state');
    expect(c.basis.code).toBe('flag-state-authorisation');
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    // A reply naming no State is the flag State of record's only if that State was notified: Togo was not.
    c.send({ type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [] });
    expect(c.basis.permits).toEqual([]);
    expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('refused');
    // The flag State of record's own grant counts.
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    expectRefused(c.send({ type: 'AUTHORISATION_REFUSED', state: 'IT' }), 'not-the-flag-state');
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board', 'search'], conditions: [] });
    expectPermits(c, ['board', 'search']);
    ok(c, { type: 'BOARDING_STARTED' });
  });

  it('DP18 identification corrected to another flag after a grant: the grant lapses, permits fall, NOTIFY_FLAG_STATE opens for the new State, results still owed to the first (UNCLOS arts 91, 92(1); SoM art. 8(2), 8(3))', () => {
    const c = granted(['board', 'search', 'measures']);
    expectPermits(c, ['board', 'search', 'measures']);
    ok(c, { type: 'BOARDING_STARTED' });
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
    ok(c, { type: 'VESSEL_IDENTIFIED', flag: 'SL', registryClaimed: 'SL' });
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    expect(c.actions).toContain('NOTIFY_FLAG_STATE');
    // what was done under Togo's consent is still owed to Togo
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
    expect(c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true }).outcome).toBe('refused');
    ok(c, { type: 'RESULTS_REPORTED', to: 'TG' });
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
    // the procedure starts again towards Sierra Leone
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'SL' });
    expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['search'] });
    // Togo's consent belongs to Togo: with a request pending towards Sierra Leone, Togo's answer counts for nothing
    expectRefused(
      c.send({ type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['search'], conditions: [] }),
      'not-the-flag-state',
    );
    expect(c.basis.permits).toEqual([]);
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'SL', scopes: ['search'], conditions: [] });
    expect(c.basis.permits).toContain('search');
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: false });
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });

  it('DP18 a VESSEL_IDENTIFIED that repeats the same flag corrects nothing: the grant stands (UNCLOS art. 91; SoM art. 8(2))', () => {
    const c = granted(['board', 'search']);
    ok(c, { type: 'VESSEL_IDENTIFIED', flag: 'TG', name: 'AMIRA II', imo: '9074729' });
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation' });
    expectPermits(c, ['board', 'search']);
    expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
  });

  it('DP18 a correction cancels the earlier State’s pending reply and deemed-consent deadlines: no escalation, no deemed consent from it (SoM art. 8(2); UNCLOS art. 92(1))', () => {
    const s = setting({
      states: {
        TG: {
          protocolParty: true,
          replyWithinHours: 4,
          deemedConsent: {
            agreement: 'Demo MT-TG agreement (fictional)',
            with: ['MT'],
            afterHours: 2,
            scopes: ['board'],
          },
        },
      },
    });
    const c = new Case(opening(), s);
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(c, { type: 'FLAG_STATE_ACKNOWLEDGED' });
    expect(c.view.deadlines.length).toBeGreaterThan(0);
    ok(c, { type: 'VESSEL_IDENTIFIED', flag: 'SL', registryClaimed: 'SL' }, 10);
    expect(c.view.deadlines).toEqual([]);
    c.advanceTo(8 * 60);
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.actions).toContain('NOTIFY_FLAG_STATE');
  });

  it('DP18 after the correction, results of what was done under the first consent are owed to the State that gave it: a report to the new State does not discharge them (SoM art. 8(3))', () => {
    const c = granted(['board', 'search']);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'VESSEL_IDENTIFIED', flag: 'SL', registryClaimed: 'SL' });
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
    c.send({ type: 'RESULTS_REPORTED', to: 'SL' });
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
    ok(c, { type: 'RESULTS_REPORTED', to: 'TG' });
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });

  it('DP19 the flag State narrows its authorisation before the boarding: the withdrawn scopes are refused from then on (SoM art. 8(2), 8(5))', () => {
    const c = granted(['board', 'search', 'measures']);
    ok(c, { type: 'AUTHORISATION_WITHDRAWN', scopes: ['search', 'measures'], reason: 'narrowed' });
    expectPermits(c, ['board']);
    ok(c, { type: 'BOARDING_STARTED' });
    const search = c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true });
    expect(search.outcome).toBe('refused');
    expect(overridesOf(search)).toContain('recorded-fact');
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
    // invariant 10: on a withdrawn consent only as a recorded fact with an incident
    expect(
      c.send({
        type: 'SEARCH_COMPLETED',
        evidenceFound: true,
        override: recordedFact('searched before the withdrawal reached the unit'),
      }),
    ).toMatchObject({ outcome: 'applied', mode: 'recorded-fact' });
    expect(c.view.incidents).toHaveLength(1);
  });

  it('DP19 AUTHORISATION_WITHDRAWN without scopes withdraws all; what was done stays lawful and reportable (SoM art. 8(2), 8(3))', () => {
    const c = granted(['board', 'search', 'measures']);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'AUTHORISATION_WITHDRAWN', reason: 'withdrawn by the flag State' });
    expect(c.basis.permits).toEqual([]);
    expect(c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'] }).outcome).toBe('refused');
    expect(c.view.incidents).toEqual([]);
    expect(c.action('REPORT_RESULTS_TO_FLAG_STATE')).toMatchObject({ blocking: true });
    ok(c, { type: 'RESULTS_REPORTED', to: 'TG' });
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });

  it('DP20 boarding with no grounds recorded on the high seas is refused: no-grounds, recorded-fact offered; BOARD_VESSEL not listed until grounds exist (SoM art. 8(2), 8(7); UNCLOS art. 110(1))', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })));
    ok(c, noDanger);
    expect(c.basis.permits).toContain('board');
    expect(c.actions).toContain('RECORD_GROUNDS');
    expect(c.actions).not.toContain('BOARD_VESSEL');
    const d = c.send({ type: 'BOARDING_STARTED' });
    expectRefused(d, 'no-grounds');
    expect(overridesOf(d)).toEqual(['recorded-fact']);
    expect(basisOf(d).join(' ')).toMatch(/SoM art\. 8\(2\)/);
    ok(c, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded', 'no flag or name'] });
    expect(c.actions).toContain('BOARD_VESSEL');
    ok(c, { type: 'BOARDING_STARTED' });
  });

  it('DP20 without grounds, a boarding under the imminent-danger override is applied as a rescue act, with no incident (SoM art. 8(5); invariant 13)', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })));
    ok(c, distress);
    expect(
      c.send({ type: 'BOARDING_STARTED', override: imminentDanger('taking water fast; pumps needed') }),
    ).toMatchObject({ outcome: 'applied', mode: 'imminent-danger' });
    expect(c.view.incidents).toEqual([]);
  });

  it('DP20 boarding with no grounds in the own territorial sea is refused alike; as a recorded fact it opens an incident (UNCLOS arts 19(2)(g), 24, 27(1))', () => {
    const c = new Case(withoutGrounds(opening({ position: AT.maltaTerritorialSea })));
    ok(c, noDanger);
    expect(c.basis.code).toBe('coastal-jurisdiction');
    expect(c.actions).not.toContain('BOARD_VESSEL');
    const d = c.send({ type: 'BOARDING_STARTED' });
    expectRefused(d, 'no-grounds');
    expect(overridesOf(d)).toContain('recorded-fact');
    expect(basisOf(d).join(' ')).toMatch(/27\(1\)/);
    expect(
      c.send({ type: 'BOARDING_STARTED', override: recordedFact('boarded before the grounds were logged') }),
    ).toMatchObject({ outcome: 'applied', mode: 'recorded-fact' });
    expect(c.view.incidents).toHaveLength(1);
    expect(c.actions).toContain('REVIEW_LEGAL_INCIDENT');
  });

  it('DP21 a diversion to a third country with no assessment on record is refused (destination-not-assessed), then before the persons were screened, told and heard (safeguards-first) (SoM art. 19(1); ECHR art. 3, Protocol 4 art. 4, Hirsi)', () => {
    const c = boardedWithEvidence();
    const divert: CaseEvent = {
      type: 'MEASURES_TAKEN',
      measures: ['divert'],
      destination: { country: 'TN' },
    };
    const noAssessment = c.send(divert);
    expectRefused(noAssessment, 'destination-not-assessed');
    expect(overridesOf(noAssessment)).toContain('recorded-fact');
    // a proposal is a decision: no override
    const proposal = c.send({ type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN', port: 'Sfax' });
    expectRefused(proposal, 'destination-not-assessed');
    expect(overridesOf(proposal)).toEqual([]);
    expectRefused(
      c.send({
        type: 'PLACE_OF_SAFETY_PROPOSED',
        country: 'TN',
        override: recordedFact('proposed by the master'),
      }),
      'override-not-available',
    );
    ok(c, { type: 'COUNTRY_ASSESSED', country: 'TN', ...assessment(false) });
    const unheard = c.send(divert);
    expectRefused(unheard, 'safeguards-first');
    expect(overridesOf(unheard)).toContain('recorded-fact');
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    expectRefused(c.send(divert), 'safeguards-first');
    // told of another destination: not of this one
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'IT' },
      objectionsHeard: true,
    });
    expectRefused(c.send(divert), 'safeguards-first');
    // told, but not heard
    ok(c, { type: 'PERSONS_INFORMED', language: 'ar', destination: { country: 'TN' } });
    expectRefused(c.send(divert), 'safeguards-first');
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    ok(c, divert);
    expect(c.view.incidents).toEqual([]);
  });

  it('DP21 an escort to a third country needs the persons screened as well as told and heard; as a recorded fact to an unassessed country it opens an incident (ECHR art. 3; EU 656/2014 art. 4(3))', () => {
    const c = boardedWithEvidence(setting({ countryAssessments: { TN: assessment(false) } }));
    const escort: CaseEvent = {
      type: 'MEASURES_TAKEN',
      measures: ['escort-to-port'],
      destination: { country: 'TN', port: 'Sfax' },
    };
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'fr',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    expectRefused(c.send(escort), 'safeguards-first');
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, escort);

    const unassessed = boardedWithEvidence();
    const d = unassessed.send({
      type: 'MEASURES_TAKEN',
      measures: ['escort-to-port'],
      destination: { country: 'DZ' },
      override: recordedFact('escorted on the orders of the on-scene commander'),
    });
    expect(d).toMatchObject({ outcome: 'applied', mode: 'recorded-fact' });
    expect(unassessed.view.incidents).toHaveLength(1);
  });

  it('DP22 persons handed over to another State’s patrol boat face the non-refoulement check: excluded-place; as a recorded fact a possible-fundamental-rights-violation (SoM art. 19(1); Refugee Convention art. 33)', () => {
    const c = rescued(setting({ countryAssessments: { LY: assessment(true) } }), 40);
    const handover: CaseEvent = {
      type: 'PERSONS_HANDED_OVER',
      to: { country: 'LY', authority: 'Libyan coast guard' },
      count: 40,
    };
    const d = c.send(handover);
    expectRefused(d, 'excluded-place');
    expect(overridesOf(d)).toEqual(['recorded-fact']);
    expect(basisOf(d)).toContain('SoM art. 19(1)');
    expect(c.send({ ...handover, override: recordedFact('handed over under orders') })).toMatchObject({
      outcome: 'applied',
      mode: 'recorded-fact',
    });
    expect(c.view.incidents).toMatchObject([
      { category: 'possible-fundamental-rights-violation', event: 'PERSONS_HANDED_OVER' },
    ]);
  });

  it('DP22 a handover to a third country faces the assessment and safeguards checks; a lawful handover of everyone closes IDENTIFY_PLACE_OF_SAFETY and DISEMBARK (Hirsi; EU 656/2014 art. 4(3))', () => {
    const c = rescued(setting(), 40);
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
    const handover: CaseEvent = {
      type: 'PERSONS_HANDED_OVER',
      to: { country: 'TN', authority: 'Tunisian coast guard' },
      count: 40,
    };
    expectRefused(c.send(handover), 'destination-not-assessed');
    ok(c, { type: 'COUNTRY_ASSESSED', country: 'TN', ...assessment(false) });
    expectRefused(c.send(handover), 'safeguards-first');
    ok(c, { type: 'PERSONS_SCREENED', total: 40 });
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    ok(c, handover);
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    expect(c.actions).not.toContain('DISEMBARK');
    expect(c.view.incidents).toEqual([]);
  });

  it('DP22 a handover of only some of the persons does not end the search for a place of safety (SoM art. 9(1)(a); SOLAS V/33.1-1)', () => {
    const c = rescued(setting({ countryAssessments: { TN: assessment(false) } }), 40);
    ok(c, { type: 'PERSONS_SCREENED', total: 40 });
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    ok(c, {
      type: 'PERSONS_HANDED_OVER',
      to: { country: 'TN', authority: 'Tunisian coast guard' },
      count: 10,
    });
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('DP23 persons in distress refuse assistance, then the boat capsizes: the RCC is told, the watch is a blocking life action, RENDER_ASSISTANCE returns first (UNCLOS art. 98; SAR Annex 4.5)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    expect(c.actions[0]).toBe('RENDER_ASSISTANCE');
    ok(c, { type: 'ASSISTANCE_REFUSED' });
    expect(c.actions).not.toContain('RENDER_ASSISTANCE');
    expect(c.actions).toContain('NOTIFY_RCC');
    expect(lifeWatch(c)).toMatchObject({ blocking: true, priority: 'life' });
    expect(c.send({ type: 'CASE_CLOSED' }).outcome).toBe('refused');
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    expect(lifeWatch(c)).toMatchObject({ blocking: true });
    // the danger is still open: boarding stays barred
    expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('refused');
    ok(c, { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['persons-in-water', 'overcrowded'] }, 30);
    expect(c.actions[0]).toBe('RENDER_ASSISTANCE');
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 58, missing: 2 }, 30);
    expect(c.actions).not.toContain('RENDER_ASSISTANCE');
    expect(lifeWatch(c)).toBeUndefined();
  });

  it('DP24 a designated place of safety becomes excluded by claims recorded afterwards: DESIGNATION_LAPSED, DISEMBARK closes, IDENTIFY_PLACE_OF_SAFETY reopens (SoM art. 19(1); MSC.167(78) 6.17)', () => {
    const c = rescued(setting({ countryAssessments: { TN: assessment(false) } }));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
    expect.soft(c.actions, 'a usable designation opens DISEMBARK').toContain('DISEMBARK');
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 4, countriesOfOrigin: ['TN'] });
    expect(c.warnings).toContain('DESIGNATION_LAPSED');
    expect(c.actions).not.toContain('DISEMBARK');
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('DP24 a designation lapses too when the place is assessed unsafe afterwards (SoM art. 19(1); MSC.167(78) 6.17)', () => {
    const c = rescued(setting({ countryAssessments: { TN: assessment(false) } }));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
    expect.soft(c.actions, 'a usable designation opens DISEMBARK').toContain('DISEMBARK');
    ok(c, { type: 'COUNTRY_ASSESSED', country: 'TN', ...assessment(true) });
    expect(c.warnings).toContain('DESIGNATION_LAPSED');
    expect(c.actions).not.toContain('DISEMBARK');
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('DP24 a designation lapses too when the persons object to that place afterwards (excluded for the case until assessed) (SoM art. 19(1); ECHR art. 13)', () => {
    const c = rescued(setting({ countryAssessments: { TN: assessment(false) } }));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
    expect.soft(c.actions, 'a usable designation opens DISEMBARK').toContain('DISEMBARK');
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
      objections: [{ count: 5, reason: 'fear of onward return to Sudan' }],
    });
    expect(c.warnings).toContain('DESIGNATION_LAPSED');
    expect(c.actions).not.toContain('DISEMBARK');
    expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('DP25 a vessel seized with persons aboard: place of safety and disembarkation are owed (SoM art. 9(1)(a); Hirsi §81; Medvedyev §67)', () => {
    const c = boardedWithEvidence();
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(c.action('IDENTIFY_PLACE_OF_SAFETY')).toMatchObject({ priority: 'life', blocking: true });
    expect(c.actions).toContain('SCREEN_PERSONS');
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'MT', port: 'Valletta' });
    expect(c.actions).toContain('DISEMBARK');
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');

    // the same for a vessel escorted with persons aboard
    const escorted = boardedWithEvidence();
    ok(escorted, {
      type: 'MEASURES_TAKEN',
      measures: ['escort-to-port'],
      destination: { country: 'MT', port: 'Valletta' },
    });
    expect(escorted.actions).toEqual(expect.arrayContaining(['IDENTIFY_PLACE_OF_SAFETY', 'SCREEN_PERSONS']));
  });

  it('DP26 an own-flag vessel in the own contiguous zone keeps the own-flag basis, not the contiguous-zone limits (UNCLOS arts 33, 92(1), 94)', () => {
    const s = setting({ states: { MT: { protocolParty: true, contiguousZoneNm: 24 } } });
    const c = new Case(
      opening({ vessel: { name: 'GOZO LADY', flag: 'MT' }, position: AT.maltaContiguousZone }),
      s,
    );
    expect(c.view.zone.zone).toBe('contiguous-zone');
    expect(c.basis.code).toBe('own-flag');
    expect(c.basis.permits).toEqual(expect.arrayContaining(['board', 'search', 'measures']));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    // seizure is not a measure to prevent entry: only the own-flag basis allows it here
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
  });

  it('DP26 a stateless vessel in the own contiguous zone keeps the stateless basis: measures once a search found evidence (SoM art. 8(7); UNCLOS arts 33, 110(1)(d))', () => {
    const s = setting({ states: { MT: { protocolParty: true, contiguousZoneNm: 24 } } });
    const c = new Case(opening({ vessel: STATELESS, position: AT.maltaContiguousZone }), s);
    expect(c.basis.code).toBe('stateless');
    expect(c.basis.permits).toEqual(expect.arrayContaining(['board', 'search']));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    expect(c.basis.code).toBe('stateless');
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
  });

  it('DP27 boarded on a basis of rows 6-11 and released with nothing found, without a search: ASSESS_COMPENSATION, blocking (SoM art. 9(2); UNCLOS art. 110(3))', () => {
    const stateless = new Case(opening({ vessel: STATELESS }));
    ok(stateless, noDanger);
    ok(stateless, { type: 'BOARDING_STARTED' });
    ok(stateless, { type: 'VESSEL_RELEASED' });
    expect(stateless.action('ASSESS_COMPENSATION')).toMatchObject({ blocking: true, role: 'authority' });
    expect(stateless.send({ type: 'CASE_CLOSED' }).outcome).toBe('refused');
    ok(stateless, { type: 'COMPENSATION_ASSESSED', lossOrDamage: false, conductJustified: false });
    expect(stateless.actions).not.toContain('ASSESS_COMPENSATION');

    const authorised = granted(['board']);
    ok(authorised, { type: 'BOARDING_STARTED' });
    ok(authorised, { type: 'VESSEL_RELEASED' });
    expect(authorised.action('ASSESS_COMPENSATION')).toMatchObject({ blocking: true });

    // row 8b: an inspection under a Security Council authorisation (a 2016 replay)
    const inspected = new CaseAt('2016-06-01T02:00:00.000Z', opening(), SC_SETTING);
    ok(inspected, noDanger);
    ok(inspected, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(inspected, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(inspected, { type: 'AUTHORISATION_REFUSED', state: 'TG' }, 30);
    expect(inspected.basis.code).toBe('security-council-authorisation');
    ok(inspected, { type: 'BOARDING_STARTED' });
    ok(inspected, { type: 'VESSEL_RELEASED' });
    expect(inspected.action('ASSESS_COMPENSATION')).toMatchObject({ blocking: true });
  });

  it('DP28 a Security Council authorisation in force (a 2016 replay): after a good-faith attempt at consent the flagged vessel may be inspected: security-council-authorisation (res. 2240 (2015) para. 7; UN Charter ch. VII)', () => {
    const c = new CaseAt('2016-06-01T02:00:00.000Z', opening(), SC_SETTING);
    ok(c, noDanger);
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    // the attempt is not over while the request is pending
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG', reason: 'declined' }, 30);
    expect(c.basis.code).toBe('security-council-authorisation');
    expect(c.basis.permits).toEqual(expect.arrayContaining(['board', 'search']));
    expect(c.basis.basis.join(' ')).toContain('2240');
    expect(c.basis.basis.join(' ')).toMatch(/UN Charter/);
    ok(c, { type: 'BOARDING_STARTED' });
    // seize-vessel once a search found evidence; no other measure
    expect(c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'] }).outcome).toBe('refused');
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(c.send({ type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 }).outcome).toBe(
      'refused',
    );
  });

  it('DP28 in force, the good-faith attempt may also end with the authorisation deadline passing unanswered (res. 2240 (2015) para. 7)', () => {
    const c = new CaseAt('2016-06-01T02:00:00.000Z', opening(), SC_SETTING);
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    c.advanceTo(3 * 60);
    expect(c.basis.code).toBe('flag-state-authorisation');
    c.advanceTo(5 * 60);
    expect(c.actions).toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.basis.code).toBe('security-council-authorisation');
  });

  it('DP28 no good-faith attempt, no Security Council basis: notified without a request, or the flag State will act (res. 2240 (2015) para. 7)', () => {
    const notRequested = new CaseAt('2016-06-01T02:00:00.000Z', opening(), SC_SETTING);
    ok(notRequested, noDanger);
    ok(notRequested, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    notRequested.advanceTo(6 * 60);
    expect(notRequested.basis.code).not.toBe('security-council-authorisation');

    const willAct = new CaseAt('2016-06-01T02:00:00.000Z', opening(), SC_SETTING);
    ok(willAct, noDanger);
    ok(willAct, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(willAct, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(willAct, { type: 'FLAG_STATE_WILL_ACT' }, 30);
    willAct.advanceTo(6 * 60);
    expect(willAct.basis.code).not.toBe('security-council-authorisation');
    expect(willAct.send({ type: 'BOARDING_STARTED' }).outcome).toBe('refused');
  });

  it('DP28 lapsed (a case today) or outside its area, the authorisation gives nothing (res. 2240 (2015) para. 7; lapsed 29 September 2024)', () => {
    const today = new Case(opening(), SC_SETTING);
    ok(today, noDanger);
    ok(today, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(today, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    ok(today, { type: 'AUTHORISATION_REFUSED', state: 'TG' }, 30);
    expect(today.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    expect(today.send({ type: 'BOARDING_STARTED' }).outcome).toBe('refused');

    const outside = new CaseAt(
      '2016-06-01T02:00:00.000Z',
      opening({ position: OUTSIDE_THE_AREA }),
      SC_SETTING,
    );
    ok(outside, noDanger);
    ok(outside, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(outside, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    ok(outside, { type: 'AUTHORISATION_REFUSED', state: 'TG' }, 30);
    expect(outside.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
  });

  it('DP28 the authorisation counts at the moment of the step: `until` is exclusive (res. 2698 (2023), lapsed 29 September 2024)', () => {
    const c = new CaseAt('2024-09-28T20:00:00.000Z', opening(), SC_SETTING);
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' }, 30);
    expect(c.basis.code).toBe('security-council-authorisation');
    // 2024-09-29T00:00Z and after: lapsed
    const late = c.send({ type: 'BOARDING_STARTED' }, 4 * 60);
    expect(late.outcome).toBe('refused');
    expect(c.basis.code).not.toBe('security-council-authorisation');
  });

  it('DP28 a grant since the refusal ends the Security Council basis: the flag State’s consent governs again (res. 2240 (2015) para. 7)', () => {
    const c = new CaseAt('2016-06-01T02:00:00.000Z', opening(), SC_SETTING);
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' }, 30);
    expect(c.basis.code).toBe('security-council-authorisation');
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, 30);
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] });
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: ['board'] });
  });

  it('DP29 screening finds unaccompanied children, trafficking indicators, urgent medical cases, missing and deceased persons: each opens its duty, closed by REFERRAL_MADE (CRC arts 3, 20, 22; Trafficking Protocol art. 6; UNCLOS art. 98; ICCPR art. 6)', () => {
    const c = rescued();
    ok(c, {
      type: 'PERSONS_SCREENED',
      total: 60,
      children: 9,
      unaccompaniedChildren: 3,
      medicalUrgent: 2,
      missing: 4,
      deceased: 1,
      traffickingIndicators: true,
    });
    expect(c.action('REFER_UNACCOMPANIED_CHILDREN')).toMatchObject({
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
    const children = c.action('REFER_UNACCOMPANIED_CHILDREN')!.basis.join(' | ');
    expect(children).toMatch(/CRC[^|]*\b3\b/);
    expect(children).toMatch(/CRC[^|]*\b20\b/);
    expect(children).toMatch(/CRC[^|]*\b22\b/);
    expect(c.action('REFER_TRAFFICKING_INDICATORS')).toMatchObject({
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
    expect(c.action('REFER_TRAFFICKING_INDICATORS')!.basis.join(' ')).toMatch(/Trafficking.*art\. 6/);
    expect(c.action('ARRANGE_MEDICAL_CARE')).toMatchObject({
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
    expect(c.action('SEARCH_FOR_MISSING')).toMatchObject({
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
    expect(c.action('RECORD_DECEASED')).toMatchObject({
      role: 'authority',
      priority: 'admin',
      blocking: true,
    });
    // order: life, then legal, then admin (contract.md, The case view)
    const at = (code: string) => c.actions.indexOf(code);
    expect(at('ARRANGE_MEDICAL_CARE')).toBeLessThan(at('REFER_UNACCOMPANIED_CHILDREN'));
    expect(at('SEARCH_FOR_MISSING')).toBeLessThan(at('REFER_TRAFFICKING_INDICATORS'));
    expect(at('REFER_TRAFFICKING_INDICATORS')).toBeLessThan(at('RECORD_DECEASED'));
    const closes = [
      ['unaccompanied-children', 'REFER_UNACCOMPANIED_CHILDREN'],
      ['trafficking', 'REFER_TRAFFICKING_INDICATORS'],
      ['medical', 'ARRANGE_MEDICAL_CARE'],
      ['missing-persons', 'SEARCH_FOR_MISSING'],
      ['deceased', 'RECORD_DECEASED'],
    ] as const;
    for (const [about, code] of closes) {
      expect(c.actions).toContain(code);
      ok(c, { type: 'REFERRAL_MADE', about, to: 'competent service' });
      expect(c.actions, `REFERRAL_MADE {about: ${about}} closes ${code}`).not.toContain(code);
    }
  });

  it('DP29 a rescue that records missing and deceased persons opens SEARCH_FOR_MISSING and RECORD_DECEASED; SAR_CASE_CLOSED ends the search (ICCPR art. 6; SAR Convention)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 51, missing: 6, deceased: 3 }, 60);
    expect(c.actions).toEqual(expect.arrayContaining(['SEARCH_FOR_MISSING', 'RECORD_DECEASED']));
    ok(c, { type: 'SAR_CASE_CLOSED', by: 'RCC Malta', note: 'search suspended' });
    expect(c.actions).not.toContain('SEARCH_FOR_MISSING');
    expect(c.actions).toContain('RECORD_DECEASED');
  });

  it('DP30 a step with firearms or casualties, or FORCE_USED, opens a use-of-force review (ITLOS M/V Saiga (No. 2); ECHR art. 2, Alkhatib v Greece)', () => {
    const firearms = new Case(opening({ position: AT.maltaTerritorialSea }));
    ok(firearms, noDanger);
    ok(firearms, { type: 'BOARDING_STARTED', forceUsed: 'firearms' });
    expect(firearms.view.incidents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'use-of-force', event: 'BOARDING_STARTED' }),
      ]),
    );
    expect(firearms.actions).toContain('REVIEW_LEGAL_INCIDENT');

    const casualties = new Case(opening({ position: AT.maltaTerritorialSea }));
    ok(casualties, noDanger);
    ok(casualties, { type: 'BOARDING_STARTED' });
    ok(casualties, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(casualties, {
      type: 'MEASURES_TAKEN',
      measures: ['seize-vessel'],
      forceUsed: 'self-defence',
      casualties: { injured: 1, dead: 0 },
    });
    expect(casualties.view.incidents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'use-of-force', event: 'MEASURES_TAKEN' }),
      ]),
    );

    const shots = new Case(opening({ position: AT.maltaTerritorialSea }));
    ok(shots, noDanger);
    ok(shots, { type: 'FORCE_USED', forceUsed: 'firearms', note: 'warning shots during the chase' });
    expect(shots.view.incidents).toEqual(
      expect.arrayContaining([expect.objectContaining({ category: 'use-of-force', event: 'FORCE_USED' })]),
    );

    const injured = new Case(opening({ position: AT.maltaTerritorialSea }));
    ok(injured, noDanger);
    ok(injured, { type: 'FORCE_USED', forceUsed: 'other', casualties: { injured: 2, dead: 0 } });
    expect(injured.view.incidents.map((i) => i.category)).toContain('use-of-force');
  });
});

describe('second review: changed rules (domain.md)', () => {
  describe('flag State of record and consent', () => {
    it('Flag State of record: a FLAG_STATE_NOTIFIED to the MMSI’s MID State is a registry inquiry only: NOTIFY_FLAG_STATE stays open, no reply or deemed-consent clock (SoM art. 8(2), 8(4))', () => {
      const s = setting({
        states: {
          IT: {
            protocolParty: true,
            replyWithinHours: 2,
            deemedConsent: {
              agreement: 'Demo IT-MT agreement (fictional)',
              with: ['MT'],
              afterHours: 1,
              scopes: ['board'],
            },
          },
        },
      });
      const c = new Case(opening({ vessel: { name: 'AMIRA', flag: 'TG', mmsi: '247812000' } }), s);
      ok(c, noDanger);
      ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' });
      expect(c.actions).toContain('NOTIFY_FLAG_STATE');
      expect(c.view.deadlines).toEqual([]);
      expect(c.action('AWAIT_REGISTRY_REPLY')?.dueAt).toBeUndefined();
      c.send({ type: 'FLAG_STATE_ACKNOWLEDGED' });
      c.advanceTo(6 * 60);
      expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
      expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
      ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
      expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
      expect(c.view.deadlines.length).toBeGreaterThan(0);
    });

    it('Flag State of record: where flag and claimed registry differ the procedure goes to the claimed registry; the flag’s consent or agreement counts for nothing (UNCLOS arts 91, 92(1); SoM art. 8(2))', () => {
      const s = setting({
        states: {
          TG: {
            protocolParty: true,
            standingAuthorisation: {
              agreement: 'Demo MT-TG agreement (fictional)',
              with: ['MT'],
              scopes: ['board'],
            },
          },
        },
      });
      const c = new Case(opening({ vessel: { name: 'AMIRA', flag: 'TG', registryClaimed: 'SL' } }), s);
      ok(c, noDanger);
      expect(c.warnings).toContain('POSSIBLE_FALSE_FLAG');
      expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
      ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'SL' });
      expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
      expectRefused(
        c.send({ type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] }),
        'not-the-flag-state',
      );
      expect(c.basis.permits).toEqual([]);
    });

    it('Flag State of record: after a refutation, a new claim of another registry makes that State the flag State of record, not stateless (UNCLOS art. 91; SoM art. 8(2))', () => {
      const c = new Case(opening());
      ok(c, noDanger);
      ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
      ok(c, { type: 'REGISTRY_REFUTED', state: 'TG' }, 60);
      expect(c.basis.code).toBe('stateless');
      ok(c, { type: 'VESSEL_IDENTIFIED', registryClaimed: 'SL' });
      expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
      expect(c.actions).toContain('NOTIFY_FLAG_STATE');
    });

    it('Flag State of record: a standing authorisation from the earlier State lapses when the identification is corrected to another State (SoM arts 8(2), 17; UNCLOS art. 92(1))', () => {
      const s = setting({
        states: {
          TG: {
            protocolParty: true,
            standingAuthorisation: {
              agreement: 'Demo MT-TG agreement (fictional)',
              with: ['MT'],
              scopes: ['board'],
            },
          },
        },
      });
      const c = new Case(opening(), s);
      ok(c, noDanger);
      expect(c.basis).toMatchObject({ code: 'agreement-authorisation', permits: ['board'] });
      ok(c, { type: 'VESSEL_IDENTIFIED', flag: 'SL', registryClaimed: 'SL' });
      expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
      expect(c.actions).toContain('NOTIFY_FLAG_STATE');
      expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('refused');
    });

    it('AUTHORISATION_REFUSED refuses only what is pending: with nothing pending it is not-expected-now and changes nothing (SoM art. 8(5))', () => {
      const early = new Case(opening());
      ok(early, noDanger);
      expectRefused(early.send({ type: 'AUTHORISATION_REFUSED' }), 'not-expected-now');

      const c = granted(['board', 'search', 'measures']);
      const d = c.send({ type: 'AUTHORISATION_REFUSED', state: 'TG' });
      expectRefused(d, 'not-expected-now');
      expect(overridesOf(d)).toEqual([]);
      expectPermits(c, ['board', 'search', 'measures']);
    });

    it('REPORT_RESULTS_TO_FLAG_STATE opens again for a boarding, search or measure after the last report (SoM art. 8(3))', () => {
      const c = granted(['board', 'search']);
      ok(c, { type: 'BOARDING_STARTED' });
      expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
      ok(c, { type: 'RESULTS_REPORTED', to: 'TG' });
      expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
      ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: false });
      expect(c.action('REPORT_RESULTS_TO_FLAG_STATE')).toMatchObject({ blocking: true });
      expect(c.send({ type: 'CASE_CLOSED' }).outcome).toBe('refused');
    });
  });

  describe('grounds, zones and bases', () => {
    it('Grounds: a hot pursuit’s recorded violation counts as grounds (SoM art. 8(2); UNCLOS art. 111)', () => {
      const c = new Case(withoutGrounds(opening({ position: AT.maltaTerritorialSea })));
      ok(c, noDanger);
      expect(c.actions).not.toContain('BOARD_VESSEL');
      ok(c, {
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: true,
        violation: 'landing migrants outside a port of entry',
      });
      ok(c, { type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
      expect(c.basis.code).toBe('hot-pursuit');
      expect(c.actions).toContain('BOARD_VESSEL');
      ok(c, { type: 'BOARDING_STARTED' });
    });

    it('Row 4: INFRINGEMENT_COMMITTED lets contiguous-zone measures punish an infringement already committed (UNCLOS art. 33(1)(b))', () => {
      const s = setting({ states: { MT: { protocolParty: true, contiguousZoneNm: 24 } } });
      const c = new Case(opening({ position: AT.maltaContiguousZone }), s);
      expect(c.basis.code).toBe('contiguous-zone-control');
      ok(c, noDanger);
      ok(c, { type: 'BOARDING_STARTED' });
      ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
      const seize: CaseEvent = { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] };
      const before = c.send(seize);
      expect(before.outcome).toBe('refused');
      expect(overridesOf(before)).toContain('recorded-fact');
      ok(c, {
        type: 'INFRINGEMENT_COMMITTED',
        where: 'territorial-sea',
        note: '12 persons landed at Marsaxlokk',
      });
      ok(c, seize);
      expect(c.view.incidents).toEqual([]);
    });

    it('Row 4: in the own contiguous zone a grant adds to the zone’s powers: the granting row’s code, permits the union of both (UNCLOS art. 33; SoM art. 8(2))', () => {
      const s = setting({ states: { MT: { protocolParty: true, contiguousZoneNm: 24 } } });
      const c = new Case(opening({ position: AT.maltaContiguousZone }), s);
      ok(c, noDanger);
      expect(c.basis.code).toBe('contiguous-zone-control');
      const zonePermits = [...c.basis.permits];
      expect(zonePermits).toEqual(expect.arrayContaining(['board', 'search']));
      ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
      ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
      ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] });
      expect(c.basis.code).toBe('flag-state-authorisation');
      expect(sorted(c.basis.permits)).toEqual(sorted([...new Set([...zonePermits, 'board'])]));
    });

    it('Row 7: nationality undetermined permits a visit limited to nationality: board only, no search, no measures (UNCLOS art. 110(1)(d), 110(2); SoM art. 8(7))', () => {
      const c = new Case(opening({ vessel: { name: 'UNKNOWN' } }));
      ok(c, noDanger);
      expect(c.basis.code).toBe('undetermined');
      expectPermits(c, ['board']);
      expect(c.actions).toContain('IDENTIFY_VESSEL');
      ok(c, { type: 'BOARDING_STARTED' });
      expect(c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true }).outcome).toBe('refused');
      expect(c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'] }).outcome).toBe('refused');
    });

    it('Row 3: a standing coastal-State consent in its profile permits its scopes to the States it names (UNCLOS art. 2)', () => {
      const consent = (withStates: string[]) =>
        setting({
          states: {
            TN: {
              protocolParty: true,
              standingCoastalConsent: {
                agreement: 'MT-TN joint patrol arrangement (fictional)',
                with: withStates,
                scopes: ['board', 'search'],
              },
            },
          },
        });
      const c = new Case(opening({ position: AT.tunisiaTerritorialSea }), consent(['MT']));
      expect(c.basis.code).toBe('foreign-coastal-state-consent');
      expectPermits(c, ['board', 'search']);
      ok(c, noDanger);
      ok(c, { type: 'BOARDING_STARTED' });

      const other = new Case(opening({ position: AT.tunisiaTerritorialSea }), consent(['IT']));
      expect(other.basis).toMatchObject({ code: 'foreign-coastal-state-consent', permits: [] });
    });
  });

  describe('safety of life', () => {
    it('NOTIFY_RCC opens again whenever the phase rises and when assistance is refused (SAR Annex 4.4-4.5; SOLAS V/33)', () => {
      const c = new Case(opening({ vessel: STATELESS }));
      ok(c, { type: 'DISTRESS_ASSESSED', phase: 'uncertainty', factors: ['no-navigation-or-communication'] });
      expect(c.actions).toContain('NOTIFY_RCC');
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      expect(c.actions).not.toContain('NOTIFY_RCC');
      ok(c, { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] });
      expect(c.actions).toContain('NOTIFY_RCC');
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      ok(c, { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['engine-failure', 'taking-water'] });
      expect(c.actions).toContain('NOTIFY_RCC');
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      expect(c.actions).not.toContain('NOTIFY_RCC');
      ok(c, { type: 'ASSISTANCE_REFUSED' });
      expect(c.actions).toContain('NOTIFY_RCC');
    });

    it('The danger is open in the alert phase: MONITOR_AT_DISTANCE is a blocking life action until SAR_CASE_CLOSED (SAR Convention Annex 1.3.11-13)', () => {
      const c = new Case(opening({ vessel: STATELESS }));
      ok(c, { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] });
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      expect(lifeWatch(c)).toMatchObject({ blocking: true, priority: 'life' });
      expect(c.send({ type: 'CASE_CLOSED' }).outcome).toBe('refused');
      ok(c, { type: 'SAR_CASE_CLOSED', by: 'RCC Malta', note: 'engine repaired, under way' }, 120);
      expect(lifeWatch(c)).toBeUndefined();
    });

    it('SAR_CASE_CLOSED closes the danger after a refusal: no RENDER_ASSISTANCE, no watch; with the unit’s last assessment distress it reopens ASSESS_SAFETY_OF_LIFE (SAR Annex 4.5)', () => {
      const c = new Case(opening({ vessel: STATELESS }));
      ok(c, distress);
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      ok(c, { type: 'ASSISTANCE_REFUSED' });
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      expect(lifeWatch(c)).toBeDefined();
      expect(suspendedBy(c)).toBe('distress');
      ok(c, { type: 'SAR_CASE_CLOSED', by: 'RCC Malta' }, 90);
      expect(c.actions).not.toContain('RENDER_ASSISTANCE');
      expect(lifeWatch(c)).toBeUndefined();
      expect(c.actions).toContain('ASSESS_SAFETY_OF_LIFE');
      expect(suspendedBy(c)).toBeUndefined();
    });

    it('The danger-open test governs the imminent-danger override: still offered after a refusal of assistance, no longer once the RCC closed the SAR case (SoM art. 8(5); SAR Annex 4.5)', () => {
      const c = new Case(opening());
      ok(c, distress);
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      ok(c, { type: 'ASSISTANCE_REFUSED' });
      expect(overridesOf(c.send({ type: 'BOARDING_STARTED' }))).toContain('imminent-danger');
      ok(c, { type: 'SAR_CASE_CLOSED', by: 'RCC Malta' }, 120);
      const after = c.send({ type: 'BOARDING_STARTED' });
      expect(after.outcome).toBe('refused');
      expect(overridesOf(after)).not.toContain('imminent-danger');
    });

    it('While boarding is refused for distress, BOARD_VESSEL is not listed, permits keep the scopes and legalBasis says suspendedBy: "distress" (UNCLOS art. 98; SoM art. 8(5))', () => {
      const c = new Case(opening({ vessel: STATELESS }));
      ok(c, noDanger);
      expect(c.actions).toContain('BOARD_VESSEL');
      expect(suspendedBy(c)).toBeUndefined();
      ok(c, distress);
      expect(c.actions).not.toContain('BOARD_VESSEL');
      expect(suspendedBy(c)).toBe('distress');
      expectPermits(c, ['board', 'search']);
      expect(sorted(overridesOf(c.send({ type: 'BOARDING_STARTED' })))).toEqual([
        'imminent-danger',
        'recorded-fact',
      ]);
      ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
      ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 45);
      expect(suspendedBy(c)).toBeUndefined();
      expect(c.actions).toContain('BOARD_VESSEL');
    });

    it('The imminent-danger override never moves people to a third country: override-not-available, even where the move would be lawful; towards the intercepting State it applies (SoM art. 8(5); SOLAS V/33.1-1; SAR Annex 3.1.9)', () => {
      const s = setting({ countryAssessments: { TN: assessment(false) } });
      const c = new Case(opening(), s);
      ok(c, distress);
      // the safeguards a move would need otherwise (whether the desk takes them now is not the point here)
      c.send({ type: 'PERSONS_SCREENED', total: 60 });
      c.send({
        type: 'PERSONS_INFORMED',
        language: 'ar',
        destination: { country: 'TN' },
        objectionsHeard: true,
      });
      const why = imminentDanger('sinking; nearest port');
      expectRefused(
        c.send({
          type: 'MEASURES_TAKEN',
          measures: ['divert'],
          destination: { country: 'TN' },
          override: why,
        }),
        'override-not-available',
      );
      expectRefused(
        c.send({
          type: 'MEASURES_TAKEN',
          measures: ['escort-to-port'],
          destination: { country: 'TN', port: 'Sfax' },
          override: why,
        }),
        'override-not-available',
      );
      expectRefused(
        c.send({ type: 'PERSONS_HANDED_OVER', to: { country: 'TN' }, override: why }),
        'override-not-available',
      );
      expectRefused(
        c.send({ type: 'DISEMBARKATION_COMPLETED', country: 'TN', override: why }),
        'override-not-available',
      );
      expectRefused(
        c.send({ type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN', override: why }),
        'override-not-available',
      );
      // towards a port of the intercepting State the override covers the escort
      const home: CaseEvent = {
        type: 'MEASURES_TAKEN',
        measures: ['escort-to-port'],
        destination: { country: 'MT', port: 'Valletta' },
      };
      expect(overridesOf(c.send(home))).toContain('imminent-danger');
      expect(c.send({ ...home, override: why })).toMatchObject({
        outcome: 'applied',
        mode: 'imminent-danger',
      });
    });

    it('A MEASURES_TAKEN under imminent-danger that detains anyone opens a rescue-measure-review incident; detention duties follow (SoM art. 8(5); ECHR art. 5(3))', () => {
      const c = new Case(opening());
      ok(c, distress);
      const why = imminentDanger('fight on board endangering the boat');
      expect(c.send({ type: 'BOARDING_STARTED', override: why })).toMatchObject({
        outcome: 'applied',
        mode: 'imminent-danger',
      });
      expect(
        c.send({ type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2, override: why }),
      ).toMatchObject({ outcome: 'applied', mode: 'imminent-danger' });
      expect(c.view.incidents).toMatchObject([
        { category: 'rescue-measure-review', event: 'MEASURES_TAKEN' },
      ]);
      expect(c.actions).toEqual(
        expect.arrayContaining(['BRING_BEFORE_JUDICIAL_AUTHORITY', 'NOTIFY_CONSULAR_RIGHTS']),
      );
    });
  });

  describe('third countries and places of safety', () => {
    it('Refusal order: excluded-place before objection-unresolved before destination-not-assessed before safeguards-first (SoM art. 19(1); Hirsi)', () => {
      const c = boardedWithEvidence(setting({ countryAssessments: { LY: assessment(true) } }));
      const divertTo = (country: string): CaseEvent => ({
        type: 'MEASURES_TAKEN',
        measures: ['divert'],
        destination: { country },
      });
      // LY: excluded, also objected, not screened
      ok(c, {
        type: 'PERSONS_INFORMED',
        language: 'ar',
        destination: { country: 'LY' },
        objectionsHeard: true,
        objections: [{ count: 20, reason: 'detention and torture in Libya' }],
      });
      const ly = c.send(divertTo('LY'));
      expectRefused(ly, 'excluded-place');
      expect(basisOf(ly)).toContain('SoM art. 19(1)');
      // TN: objected, not assessed, not screened
      ok(c, {
        type: 'PERSONS_INFORMED',
        language: 'ar',
        destination: { country: 'TN' },
        objectionsHeard: true,
        objections: [{ count: 3, reason: 'fear of onward return' }],
      });
      expectRefused(c.send(divertTo('TN')), 'objection-unresolved');
      // DZ: not assessed, not told, not screened
      expectRefused(c.send(divertTo('DZ')), 'destination-not-assessed');
    });

    it('Objections in PERSONS_INFORMED exclude the destination (objection-unresolved) until OBJECTIONS_ASSESSED; upheld keeps it excluded (SoM art. 19(1); ECHR art. 13)', () => {
      const s = setting({ countryAssessments: { TN: assessment(false), IT: assessment(false) } });
      const c = boardedWithEvidence(s);
      ok(c, { type: 'PERSONS_SCREENED', total: 60 });
      ok(c, {
        type: 'PERSONS_INFORMED',
        language: 'ar',
        destination: { country: 'TN' },
        objectionsHeard: true,
        objections: [{ count: 3, reason: 'fear of onward return' }],
      });
      const divertTN: CaseEvent = {
        type: 'MEASURES_TAKEN',
        measures: ['divert'],
        destination: { country: 'TN' },
      };
      const d = c.send(divertTN);
      expectRefused(d, 'objection-unresolved');
      expect(overridesOf(d)).toContain('recorded-fact');
      expectRefused(c.send({ type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN' }), 'objection-unresolved');
      ok(c, { type: 'OBJECTIONS_ASSESSED', country: 'TN', upheld: false, note: 'individual assessment' });
      ok(c, divertTN);

      const upheld = boardedWithEvidence(s);
      ok(upheld, { type: 'PERSONS_SCREENED', total: 60 });
      ok(upheld, {
        type: 'PERSONS_INFORMED',
        language: 'ar',
        destination: { country: 'IT' },
        objectionsHeard: true,
        objections: [{ count: 1, reason: 'family threat' }],
      });
      ok(upheld, { type: 'OBJECTIONS_ASSESSED', country: 'IT', upheld: true });
      expect(
        upheld.send({ type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'IT' } }).outcome,
      ).toBe('refused');
    });

    it('An RCC designation of an unassessed or excluded place is recorded with DESIGNATION_NOT_USABLE: DISEMBARK does not open, IDENTIFY_PLACE_OF_SAFETY stays; the authority’s is refused (SOLAS V/33.1-1; SoM art. 19(1))', () => {
      const c = rescued(setting({ countryAssessments: { LY: assessment(true) } }));
      expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
      ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
      expect(c.warnings).toContain('DESIGNATION_NOT_USABLE');
      expect(c.actions).not.toContain('DISEMBARK');
      expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
      const byAuthority = c.send({ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'TN' });
      expectRefused(byAuthority, 'destination-not-assessed');
      expect(overridesOf(byAuthority)).toEqual([]);

      const excluded = rescued(setting({ countryAssessments: { LY: assessment(true) } }));
      ok(excluded, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'LY', port: 'Tripoli' });
      expect(excluded.warnings).toContain('DESIGNATION_NOT_USABLE');
      expect(excluded.actions).not.toContain('DISEMBARK');
      expect(excluded.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
      expectRefused(
        excluded.send({ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'LY' }),
        'excluded-place',
      );
      // a place the persons objected to is excluded for the case: not usable either
      const objected = rescued(setting({ countryAssessments: { TN: assessment(false) } }));
      ok(objected, {
        type: 'PERSONS_INFORMED',
        language: 'ar',
        destination: { country: 'TN' },
        objectionsHeard: true,
        objections: [{ count: 2, reason: 'fear of onward return' }],
      });
      ok(objected, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
      expect(objected.warnings).toContain('DESIGNATION_NOT_USABLE');
      expect(objected.actions).not.toContain('DISEMBARK');
      expect(objected.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');

      // a usable designation: the intercepting State's own port
      ok(excluded, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'MT', port: 'Valletta' });
      expect(excluded.actions).toContain('DISEMBARK');
      expect(excluded.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    });

    it('A disembarkation in a third country after a rescue needs the notice and the chance to object, not the screening (MSC.167(78) 6.20; EU 656/2014 art. 4(3))', () => {
      const c = rescued(setting({ countryAssessments: { TN: assessment(false) } }));
      ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'TN', port: 'Sfax' });
      expect.soft(c.actions, 'a usable designation opens DISEMBARK').toContain('DISEMBARK');
      const land: CaseEvent = { type: 'DISEMBARKATION_COMPLETED', country: 'TN', port: 'Sfax' };
      const d = c.send(land);
      expectRefused(d, 'safeguards-first');
      expect(overridesOf(d)).toContain('recorded-fact');
      ok(c, {
        type: 'PERSONS_INFORMED',
        language: 'ar',
        destination: { country: 'TN' },
        objectionsHeard: true,
      });
      ok(c, land);
      expect(c.actions).not.toContain('DISEMBARK');
    });

    it('PLACE_OF_SAFETY_DECLINED lapses the designation of that State’s place: DISEMBARK closes, IDENTIFY_PLACE_OF_SAFETY reopens, DESIGNATION_LAPSED (SOLAS V/33.1-1; SAR Annex 3.1.9)', () => {
      const c = rescued(setting({ countryAssessments: { IT: assessment(false) } }));
      ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT', port: 'Lampedusa' });
      expect.soft(c.actions, 'a usable designation opens DISEMBARK').toContain('DISEMBARK');
      ok(c, { type: 'PLACE_OF_SAFETY_DECLINED', country: 'IT', by: 'Italian authorities' });
      expect(c.actions).not.toContain('DISEMBARK');
      expect(c.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
      expect(c.warnings).toContain('DESIGNATION_LAPSED');
    });

    it('Landing in the intercepting State closes IDENTIFY_PLACE_OF_SAFETY and DISEMBARK, designated or not (SOLAS V/33.1-1; SAR Annex 3.1.9)', () => {
      const undesignated = rescued();
      expect(undesignated.actions).toContain('IDENTIFY_PLACE_OF_SAFETY');
      ok(undesignated, { type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' }, 300);
      expect(undesignated.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
      expect(undesignated.actions).not.toContain('DISEMBARK');

      const designatedElsewhere = rescued(setting({ countryAssessments: { IT: assessment(false) } }));
      ok(designatedElsewhere, {
        type: 'PLACE_OF_SAFETY_DESIGNATED',
        by: 'RCC',
        country: 'IT',
        port: 'Pozzallo',
      });
      expect.soft(designatedElsewhere.actions, 'a usable designation opens DISEMBARK').toContain('DISEMBARK');
      ok(designatedElsewhere, { type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' }, 300);
      expect(designatedElsewhere.actions).not.toContain('DISEMBARK');
      expect(designatedElsewhere.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    });

    it('A VESSEL_RELEASED with persons aboard in the territorial sea of an excluded or unassessed third State is a move to that State (SoM art. 19(1); invariant 4)', () => {
      const toLibya = boardedWithEvidence(setting({ countryAssessments: { LY: assessment(true) } }));
      ok(toLibya, { type: 'POSITION_REPORTED', ...AT.libyaTerritorialSea }, 120);
      const ly = toLibya.send({ type: 'VESSEL_RELEASED' });
      expectRefused(ly, 'excluded-place');
      expect(overridesOf(ly)).toContain('recorded-fact');

      const toTunisia = boardedWithEvidence();
      ok(toTunisia, { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea }, 120);
      const tn = toTunisia.send({ type: 'VESSEL_RELEASED' });
      expectRefused(tn, 'destination-not-assessed');
      expect(overridesOf(tn)).toContain('recorded-fact');
    });
  });

  describe('persons on board', () => {
    it('PERSONS_TAKEN_ON_BOARD is a measure: refused without measures permitted (after evidence where the basis requires it); then screening and a place of safety are owed (SoM art. 8(2)(c); Hirsi §81)', () => {
      const noConsent = new Case(opening());
      ok(noConsent, noDanger);
      const d = noConsent.send({ type: 'PERSONS_TAKEN_ON_BOARD', count: 12 });
      expect(d.outcome).toBe('refused');
      expect(overridesOf(d)).toContain('recorded-fact');

      const c = new Case(opening({ vessel: STATELESS }));
      ok(c, noDanger);
      ok(c, { type: 'BOARDING_STARTED' });
      expect(c.send({ type: 'PERSONS_TAKEN_ON_BOARD', count: 12 }).outcome).toBe('refused');
      ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
      ok(c, { type: 'PERSONS_TAKEN_ON_BOARD', count: 12 });
      expect(c.actions).toEqual(expect.arrayContaining(['SCREEN_PERSONS', 'IDENTIFY_PLACE_OF_SAFETY']));
    });

    it('Detention opens BRING_BEFORE_JUDICIAL_AUTHORITY, due 48 hours after the detainees are landed, closed by DETENTION_REVIEWED (ECHR art. 5(3); ICCPR art. 9(3); Medvedyev; Ali Samatar)', () => {
      const c = new Case(opening({ position: AT.maltaTerritorialSea }));
      ok(c, noDanger);
      ok(c, { type: 'BOARDING_STARTED' });
      ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
      ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel', 'detain-suspects'], detained: 2 });
      expect(c.action('BRING_BEFORE_JUDICIAL_AUTHORITY')).toMatchObject({
        role: 'authority',
        priority: 'legal',
        blocking: true,
      });
      ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' }, 120);
      const landedAt = c.minute;
      expect(c.action('BRING_BEFORE_JUDICIAL_AUTHORITY')?.dueAt).toBe(c.at(landedAt + 48 * 60));
      ok(c, { type: 'DETENTION_REVIEWED', by: 'duty magistrate, Valletta' }, 600);
      expect(c.actions).not.toContain('BRING_BEFORE_JUDICIAL_AUTHORITY');
    });

    it('Condition no-detention-without-consent also refuses detained > 0 under another measure (SoM art. 8(5))', () => {
      const c = new Case(opening());
      ok(c, noDanger);
      ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
      ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
      ok(c, {
        type: 'AUTHORISATION_GRANTED',
        state: 'TG',
        scopes: ['board', 'search', 'measures'],
        conditions: [{ kind: 'no-detention-without-consent' }],
      });
      ok(c, { type: 'BOARDING_STARTED' });
      ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
      const d = c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'], detained: 2 });
      expect(d.outcome).toBe('refused');
      expect(overridesOf(d)).toContain('recorded-fact');
      ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    });

    it('CONSULATE_CONTACTED with a claimant’s country of origin is refused with no override unless that person, informed, asked for it (SoM art. 19(1); VCCR art. 36(1)(b))', () => {
      const c = new Case(opening({ position: AT.maltaTerritorialSea }));
      ok(c, noDanger);
      ok(c, { type: 'BOARDING_STARTED' });
      ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
      ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
      ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 6, countriesOfOrigin: ['ER'] });
      const uninformed = c.send({ type: 'CONSULATE_CONTACTED', country: 'ER', atRequestOf: 'person' });
      expect(uninformed.outcome).toBe('refused');
      expect(overridesOf(uninformed)).toEqual([]);
      expect(
        c.send({ type: 'CONSULATE_CONTACTED', country: 'ER', atRequestOf: 'person', informed: false })
          .outcome,
      ).toBe('refused');
      expectRefused(
        c.send({
          type: 'CONSULATE_CONTACTED',
          country: 'ER',
          atRequestOf: 'person',
          override: recordedFact('the consulate was called'),
        }),
        'override-not-available',
      );
      ok(c, { type: 'CONSULATE_CONTACTED', country: 'ER', atRequestOf: 'person', informed: true });
      ok(c, { type: 'CONSULATE_CONTACTED', country: 'NG', atRequestOf: 'person' });
    });
  });

  describe('incoming requests (the flag State’s side)', () => {
    it('Incoming request: refuting a vessel the register check found on the register is refused: contradicts-register (SoM art. 8(4); UNCLOS art. 91)', () => {
      const c = Case.incoming({
        from: 'IT',
        vessel: { name: 'LOME STAR', flag: 'TG' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks: ['registry', 'board'],
      });
      ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
      expectRefused(
        c.send({ type: 'REQUEST_ANSWERED', registry: 'refuted', authorisation: null }),
        'contradicts-register',
      );
      ok(c, { type: 'REQUEST_ANSWERED', registry: 'confirmed', authorisation: null });

      const notOnRegister = Case.incoming({
        from: 'IT',
        vessel: { name: 'GHOST', flag: 'TG' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks: ['registry'],
      });
      ok(notOnRegister, { type: 'REGISTER_CHECKED', onRegister: false });
      expect(notOnRegister.send({ type: 'REQUEST_ANSWERED', registry: 'confirmed' }).outcome).toBe('refused');
    });

    it('Incoming request: a grant while the vessel is in a third State’s territorial sea warns COASTAL_STATE_CONSENT_ALSO_NEEDED (UNCLOS art. 2; SoM art. 8(2), 9(3)(a))', () => {
      const answer: CaseEvent = {
        type: 'REQUEST_ANSWERED',
        registry: 'confirmed',
        authorisation: { scopes: ['board', 'search'], conditions: [] },
      };
      const inTunisia = Case.incoming({
        from: 'IT',
        vessel: { name: 'LOME STAR', flag: 'TG' },
        position: AT.tunisiaTerritorialSea,
        grounds: ['overcrowded'],
        asks: ['registry', 'board', 'search'],
      });
      ok(inTunisia, { type: 'REGISTER_CHECKED', onRegister: true });
      ok(inTunisia, answer);
      expect(inTunisia.warnings).toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');

      const onHighSeas = Case.incoming({
        from: 'IT',
        vessel: { name: 'LOME STAR', flag: 'TG' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks: ['registry', 'board', 'search'],
      });
      ok(onHighSeas, { type: 'REGISTER_CHECKED', onRegister: true });
      ok(onHighSeas, answer);
      expect(onHighSeas.warnings).not.toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');

      // only an answer that grants scopes
      const refusedThere = Case.incoming({
        from: 'IT',
        vessel: { name: 'LOME STAR', flag: 'TG' },
        position: AT.tunisiaTerritorialSea,
        grounds: ['overcrowded'],
        asks: ['registry', 'board'],
      });
      ok(refusedThere, { type: 'REGISTER_CHECKED', onRegister: true });
      ok(refusedThere, { type: 'REQUEST_ANSWERED', registry: 'confirmed', authorisation: null });
      expect(refusedThere.warnings).not.toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');
    });
  });

  describe('citations: cite what binds the States concerned', () => {
    it('Citations: RENDER_ASSISTANCE rests on UNCLOS art. 98, SOLAS V/33 and the SAR Convention; no life duty cites SoM art. 8(5)', () => {
      const c = new Case(opening({ vessel: STATELESS }));
      ok(c, distress);
      const basis = c.action('RENDER_ASSISTANCE')!.basis;
      expect(basis).toContain('UNCLOS art. 98');
      expect(basis.join(' ')).toContain('SOLAS V/33');
      expect(basis).not.toContain('SoM art. 8(5)');
      expect(c.action('NOTIFY_RCC')!.basis).not.toContain('SoM art. 8(5)');
      ok(c, { type: 'ASSISTANCE_REFUSED' });
      expect(lifeWatch(c)!.basis).not.toContain('SoM art. 8(5)');
    });

    it('Citations: own-flag jurisdiction cites UNCLOS arts 92(1) and 94', () => {
      const c = new Case(opening({ vessel: { name: 'GOZO LADY', flag: 'MT' } }));
      expect(c.basis.code).toBe('own-flag');
      const cited = c.basis.basis.join(' | ');
      expect(cited).toMatch(/UNCLOS[^|]*\b92\(1\)/);
      expect(cited).toMatch(/UNCLOS[^|]*\b94\b/);
    });

    it('Citations: with a flag State not party to the Protocol, the flag-State steps cite UNCLOS art. 92(1), not SoM articles', () => {
      const c = new Case(opening({ vessel: { name: 'SEA STAR', flag: 'SL' } }), {
        states: { SL: { protocolParty: false, replyWithinHours: 2 } },
        countryAssessments: {},
      });
      ok(c, noDanger);
      const somFree = (code: string) => {
        const a = c.action(code);
        expect(a, `${code} is listed`).toBeDefined();
        expect(a!.basis, `${code} cites UNCLOS art. 92(1)`).toContain('UNCLOS art. 92(1)');
        expect(
          a!.basis.filter((b) => b.startsWith('SoM')),
          `${code} cites no SoM article`,
        ).toEqual([]);
      };
      somFree('NOTIFY_FLAG_STATE');
      ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'SL' });
      somFree('REQUEST_AUTHORISATION');
      ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
      somFree('AWAIT_AUTHORISATION');
      c.advanceTo(3 * 60);
      somFree('ESCALATE_OVERDUE_REPLY');
    });
  });
});
