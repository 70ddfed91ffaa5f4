// One test per decision point of domain.md, driven with contract.md events.
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../machines/schemas.ts';
import { AT, Case, opening, recordedFact } from './harness.ts';

const noDanger: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] };

describe('decision points (domain.md)', () => {
  it('DP1 flag State not a party to the Protocol: consent under general law (UNCLOS art. 92(1)); nothing permitted until it consents', () => {
    const c = new Case(opening({ vessel: { name: 'SEA STAR', flag: 'SL' } }), {
      states: { SL: { protocolParty: false } },
      countryAssessments: {},
    });
    c.send(noDanger);
    expect(c.basis).toMatchObject({ code: 'consent-under-general-law', permits: [] });
    expect(c.actions).toEqual(expect.arrayContaining(['NOTIFY_FLAG_STATE', 'MONITOR_AT_DISTANCE']));
    const boarding = c.send({ type: 'BOARDING_STARTED' });
    expect(boarding).toMatchObject({
      outcome: 'refused',
      reason: 'flag-state-consent-required',
      basis: ['UNCLOS art. 92(1)'],
    });
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'SL' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    c.send({ type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [] });
    expect(c.basis.permits).toEqual(['board', 'search']);
    expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('applied');
  });

  it('DP2 flag claimed but the MMSI’s MID points elsewhere: POSSIBLE_FALSE_FLAG; the request still goes to the claimed State (SoM art. 8(2))', () => {
    // MID 229 is Malta; the vessel flies Togo's flag.
    const c = new Case(opening({ vessel: { name: 'AMIRA', flag: 'TG', mmsi: '229812000' } }));
    expect(c.warnings).toContain('POSSIBLE_FALSE_FLAG');
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation' });
    expect(c.action('NOTIFY_FLAG_STATE')!.title).toContain('TG');
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expect(c.view.flagState.state).toBe('TG');
  });

  it('DP3 no reply by the deadline: ESCALATE_OVERDUE_REPLY; boarding still refused without an agreement deeming consent (SoM art. 8(4))', () => {
    const c = new Case(opening(), {
      states: { TG: { protocolParty: true, replyWithinHours: 4 } },
      countryAssessments: {},
    });
    c.send(noDanger);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, 9);
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    expect(c.action('AWAIT_REGISTRY_REPLY')!.dueAt).toBe('2026-06-01T06:10:00.000Z');
    c.advanceTo(10 + 4 * 60 - 30);
    expect(c.warnings).toContain('REPLY_DEADLINE_NEAR');
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    c.advanceTo(10 + 4 * 60 + 5);
    expect(c.actions).toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.action('ESCALATE_OVERDUE_REPLY')!.basis).toContain('SoM art. 8(4)');
    expect(c.basis.permits).toEqual([]);
    expect(c.send({ type: 'BOARDING_STARTED' })).toMatchObject({
      outcome: 'refused',
      reason: 'flag-state-authorisation-required',
    });
    c.send({ type: 'AUTHORISATION_GRANTED', scopes: ['board'], conditions: [] });
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
  });

  it('DP4 agreement deeming consent four hours after acknowledgement: exactly the agreement’s scopes (SoM arts 8(5), 17)', () => {
    const setting = {
      states: {
        TG: {
          protocolParty: true,
          deemedConsent: {
            agreement: 'Demo agreement (fictional)',
            with: ['MT'],
            afterHours: 4,
            scopes: ['board' as const],
          },
        },
      },
      countryAssessments: {},
    };
    const c = new Case(opening(), setting);
    c.send(noDanger);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    c.send({ type: 'FLAG_STATE_ACKNOWLEDGED' }, 10);
    expect(c.view.deadlines.find((d) => d.about === 'deemed-consent')?.dueAt).toBe(
      '2026-06-01T06:13:00.000Z',
    );
    c.advanceTo(13 + 4 * 60 - 1);
    expect(c.basis.code).toBe('flag-state-authorisation');
    c.advanceTo(13 + 4 * 60);
    expect(c.basis).toMatchObject({ code: 'agreement-authorisation', permits: ['board'] });
    expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('applied');
    expect(c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true })).toMatchObject({
      outcome: 'refused',
      reason: 'outside-authorised-scope',
    });
    expect(c.actions).toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });

  it('DP4 counter-case: any answer before maturity cancels deemed consent', () => {
    const setting = {
      states: {
        TG: {
          protocolParty: true,
          deemedConsent: { agreement: 'Demo', with: ['MT'], afterHours: 4, scopes: ['board' as const] },
        },
      },
      countryAssessments: {},
    };
    const c = new Case(opening(), setting);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'FLAG_STATE_ACKNOWLEDGED' });
    c.send({ type: 'REGISTRY_CONFIRMED' }, 60);
    c.advanceTo(6 * 60);
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
  });

  it('DP5 registry refuted, or two flags used: without nationality; board and search under SoM art. 8(7)', () => {
    const refuted = new Case(opening());
    refuted.send(noDanger);
    refuted.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    refuted.send({ type: 'REGISTRY_REFUTED' }, 90);
    expect(refuted.basis).toMatchObject({ code: 'stateless', permits: ['board', 'search'] });
    expect(refuted.basis.basis).toContain('SoM art. 8(7)');
    expect(refuted.send({ type: 'BOARDING_STARTED' }).outcome).toBe('applied');

    const twoFlags = new Case(opening({ vessel: { flagsUsed: ['TG', 'SL'] } }));
    expect(twoFlags.basis.code).toBe('stateless');
    expect(twoFlags.warnings).toContain('MULTIPLE_FLAGS');
  });

  it('DP6 distress while awaiting authorisation: rescue first, boarding only under imminent-danger (SoM art. 8(5)); the procedure resumes after rescue', () => {
    const c = new Case(opening());
    c.send(noDanger);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['taking-water', 'overcrowded'] }, 30);
    expect(c.actions[0]).toBe('RENDER_ASSISTANCE');
    expect(c.actions).toContain('NOTIFY_RCC');
    const plain = c.send({ type: 'BOARDING_STARTED' });
    expect(plain).toMatchObject({
      outcome: 'refused',
      reason: 'distress-rescue-first',
      allowedOverrides: ['imminent-danger', 'recorded-fact'],
    });
    expect((plain as { basis: string[] }).basis).toContain('UNCLOS art. 98');
    const rescueBoarding = c.send({
      type: 'BOARDING_STARTED',
      override: { kind: 'imminent-danger', justification: 'hull breached, persons in water' },
    });
    expect(rescueBoarding).toMatchObject({ outcome: 'applied', mode: 'imminent-danger' });
    expect(c.view.incidents).toHaveLength(0);
    expect(c.view.phases).toMatchObject({ enforcement: 'watching' });
    // Flag-State correspondence goes on being recorded during distress.
    expect(
      c.send({ type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [] }).outcome,
    ).toBe('applied');
    expect(c.send({ type: 'RCC_NOTIFIED', rcc: 'RCC Malta' }).outcome).toBe('applied');
    c.send({ type: 'RESCUE_COMPLETED', rescued: 58, deceased: 1, missing: 1 }, 60);
    expect(c.actions).not.toContain('RENDER_ASSISTANCE');
    expect(c.actions).toEqual(
      expect.arrayContaining(['IDENTIFY_PLACE_OF_SAFETY', 'SCREEN_PERSONS', 'BOARD_VESSEL']),
    );
    expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('applied');
    expect(c.view.phases).toMatchObject({ enforcement: 'boarded', safety: 'rescued' });
  });

  it('DP7 authorisation with conditions: a breaching step is refused (SoM art. 8(5)); recorded as fact it opens a legal incident', () => {
    const c = new Case(opening());
    c.send(noDanger);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    c.send({
      type: 'AUTHORISATION_GRANTED',
      scopes: ['board', 'search', 'measures'],
      conditions: [{ kind: 'no-detention-without-consent' }, { kind: 'report-results-within', hours: 24 }],
    });
    expect(c.actions).toContain('COMPLY_WITH_CONDITIONS');
    c.send({ type: 'BOARDING_STARTED' });
    c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true });
    const detain: CaseEvent = { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 };
    expect(c.send(detain)).toMatchObject({
      outcome: 'refused',
      reason: 'condition-breached',
      basis: ['SoM art. 8(5)'],
      allowedOverrides: ['recorded-fact'],
    });
    expect(
      c.send({
        ...detain,
        override: recordedFact('two suspects were detained before the conditions reached the unit'),
      }),
    ).toMatchObject({
      outcome: 'applied',
      mode: 'recorded-fact',
    });
    expect(c.view.incidents).toMatchObject([{ category: 'legal', event: 'MEASURES_TAKEN', reviewed: false }]);
    expect(c.actions).toEqual(expect.arrayContaining(['REVIEW_LEGAL_INCIDENT', 'NOTIFY_CONSULAR_RIGHTS']));
    // boarded at +00:05; the condition sets the report 24 hours after the first boarding
    expect(c.action('REPORT_RESULTS_TO_FLAG_STATE')!.dueAt).toBe('2026-06-02T02:05:00.000Z');
  });

  it('DP8 acting unit not marked as on government service: boarding refused (SoM art. 9(4))', () => {
    const c = new Case(
      opening({
        unit: { name: 'chartered tug', governmentService: false, clearlyMarked: false, authorised: false },
        vessel: { flag: 'MT' },
      }),
    );
    c.send(noDanger);
    expect(c.send({ type: 'BOARDING_STARTED' })).toMatchObject({
      outcome: 'refused',
      reason: 'unit-not-authorised',
      basis: ['SoM art. 9(4)'],
    });
  });

  it('DP9 boarded under authorisation: report to the flag State due (SoM art. 8(3)); the case cannot close before it', () => {
    const c = new Case(opening());
    c.send(noDanger);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    c.send({ type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [] });
    c.send({ type: 'BOARDING_STARTED' });
    c.send({ type: 'SAFEGUARDS_RECORDED' });
    c.send({ type: 'PERSONS_SCREENED', total: 60 });
    c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true });
    expect(c.action('REPORT_RESULTS_TO_FLAG_STATE')).toMatchObject({
      blocking: true,
      basis: ['SoM art. 8(3)'],
      role: 'authority',
    });
    const close = c.send({ type: 'CASE_CLOSED' });
    expect(close).toMatchObject({ outcome: 'refused', reason: 'blocking-actions-open' });
    expect((close as { basis: string[] }).basis).toContain('SoM art. 8(3)');
    c.send({ type: 'RESULTS_REPORTED', to: 'TG' });
    expect(c.send({ type: 'CASE_CLOSED' }).outcome).toBe('applied');
  });

  it('DP10 search finds nothing: compensation assessment required before closing (SoM art. 9(2))', () => {
    const c = new Case(opening({ vessel: { flag: null } }));
    c.send(noDanger);
    c.send({ type: 'BOARDING_STARTED' });
    c.send({ type: 'SAFEGUARDS_RECORDED' });
    c.send({ type: 'SEARCH_COMPLETED', evidenceFound: false });
    expect(c.action('ASSESS_COMPENSATION')).toMatchObject({
      blocking: true,
      basis: ['SoM art. 9(2)', 'UNCLOS art. 110(3)'],
    });
    expect(c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'] })).toMatchObject({
      outcome: 'refused',
      reason: 'no-evidence-found',
    });
    expect(c.send({ type: 'CASE_CLOSED' }).outcome).toBe('refused');
    c.send({ type: 'COMPENSATION_ASSESSED', lossOrDamage: false });
    c.send({ type: 'VESSEL_RELEASED' });
    expect(c.send({ type: 'CASE_CLOSED' }).outcome).toBe('applied');
  });

  it('DP11 a place of safety in the claimants’ country of origin or a country assessed unsafe is refused with no override (SoM art. 19(1); MSC.167(78) 6.17)', () => {
    const setting = {
      states: {},
      countryAssessments: { LY: { unsafe: true, source: 'demo', date: '2026-01-01' } },
    };
    const c = new Case(opening({ vessel: { flag: 'MT' } }), setting);
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['unseaworthy'] });
    c.send({ type: 'RESCUE_COMPLETED', rescued: 40 });
    c.send({ type: 'PROTECTION_CLAIMS_RECORDED', count: 12, countriesOfOrigin: ['ER', 'SD'] });
    const toLibya = c.send({ type: 'PLACE_OF_SAFETY_PROPOSED', country: 'LY', port: 'Tripoli' });
    expect(toLibya).toMatchObject({ outcome: 'refused', reason: 'excluded-place', allowedOverrides: [] });
    expect((toLibya as { basis: string[] }).basis).toEqual(
      expect.arrayContaining(['SoM art. 19(1)', 'MSC.167(78) 6.17 (guidance)']),
    );
    expect(c.send({ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'ER' })).toMatchObject({
      reason: 'excluded-place',
    });
    const forced = c.send({
      type: 'PLACE_OF_SAFETY_DESIGNATED',
      by: 'authority',
      country: 'LY',
      override: recordedFact('ordered'),
    });
    expect(forced).toMatchObject({ outcome: 'refused', reason: 'override-not-available' });
    // Even life-saving measures may not take anyone to an excluded place.
    expect(
      c.send({ type: 'MEASURES_TAKEN', measures: ['escort-to-port'], destination: { country: 'LY' } }),
    ).toMatchObject({
      reason: 'excluded-place',
      allowedOverrides: ['recorded-fact'],
    });
    // A disembarkation that happened there is recorded as fact with a fundamental-rights incident.
    c.send({
      type: 'DISEMBARKATION_COMPLETED',
      country: 'LY',
      override: recordedFact('master of the rescuing merchant ship landed them'),
    });
    expect(c.view.incidents).toMatchObject([
      { category: 'possible-fundamental-rights-violation', event: 'DISEMBARKATION_COMPLETED' },
    ]);
  });

  it('DP12 search and rescue case: the RCC designates the place of safety; numbers, vulnerabilities and fear of return recorded on board; claims referred after landing', () => {
    const c = new Case(opening({ vessel: { name: 'rubber boat', flag: null } }));
    c.send({
      type: 'DISTRESS_ASSESSED',
      phase: 'distress',
      factors: ['overcrowded', 'pregnant-women-or-children'],
    });
    c.send({ type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    c.send({ type: 'RESCUE_COMPLETED', rescued: 62 }, 50);
    expect(c.actions.slice(0, 1)).toEqual(['IDENTIFY_PLACE_OF_SAFETY']);
    c.send({
      type: 'PERSONS_SCREENED',
      total: 62,
      children: 9,
      unaccompaniedChildren: 3,
      pregnant: 2,
      medicalUrgent: 1,
    });
    // what screening finds opens its own duties (second review)
    expect(c.actions).toEqual(
      expect.arrayContaining(['REFER_UNACCOMPANIED_CHILDREN', 'ARRANGE_MEDICAL_CARE']),
    );
    c.send({ type: 'REFERRAL_MADE', about: 'medical', to: 'helicopter evacuation' });
    c.send({ type: 'REFERRAL_MADE', about: 'unaccompanied-children', to: 'child protection' });
    c.send({ type: 'PROTECTION_CLAIMS_RECORDED', count: 20, countriesOfOrigin: ['SD'] });
    c.send({ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'MT', port: 'Valletta' });
    expect(c.actions).toEqual(
      expect.arrayContaining(['DISEMBARK', 'INFORM_PERSONS', 'REFER_PROTECTION_CLAIMS']),
    );
    c.send({ type: 'PERSONS_INFORMED', language: 'ar' });
    c.send({ type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' }, 300);
    expect(c.actions).toContain('REFER_PROTECTION_CLAIMS');
    c.send({ type: 'PROTECTION_CLAIMS_REFERRED' });
    expect(c.view.requiredActions.filter((a) => a.blocking)).toEqual([]);
    expect(c.actions).toContain('CLOSE_CASE');
  });

  it('DP13 hot pursuit from the territorial sea continues on the high seas, ends at a third State’s territorial sea, and is refused without a signal (UNCLOS art. 111)', () => {
    const c = new Case(
      opening({ vessel: { name: 'FAST ONE', flag: 'TG' }, position: AT.maltaTerritorialSea }),
    );
    c.send(noDanger);
    expect(
      c.send({
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: false,
        violation: 'landing migrants',
      }),
    ).toMatchObject({
      outcome: 'refused',
      reason: 'no-signal-to-stop',
      basis: ['UNCLOS art. 111(4)'],
      allowedOverrides: ['recorded-fact'],
    });
    c.send({
      type: 'HOT_PURSUIT_STARTED',
      startedIn: 'territorial-sea',
      signalGiven: true,
      violation: 'landing migrants',
    });
    c.send({ type: 'POSITION_REPORTED', ...AT.highSeas }, 40);
    expect(c.basis.code).toBe('hot-pursuit');
    c.send({ type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea }, 90);
    expect(c.basis).toMatchObject({ code: 'foreign-coastal-state-consent', permits: [] });
    expect(c.view.hotPursuit).toMatchObject({ active: false });
    c.send({ type: 'POSITION_REPORTED', ...AT.highSeas }, 30);
    expect(c.basis.code).toBe('flag-state-authorisation');
  });

  it('DP13 hot pursuit cannot begin on the high seas (UNCLOS art. 111(1))', () => {
    const c = new Case(opening());
    expect(
      c.send({
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: true,
        violation: 'x',
      }),
    ).toMatchObject({
      reason: 'pursuit-not-begun-in-own-waters',
    });
  });

  it('DP14 vessel inside the intercepting State’s territorial sea: coastal jurisdiction, no flag-State request needed (UNCLOS art. 2)', () => {
    const c = new Case(opening({ position: AT.maltaTerritorialSea }));
    c.send(noDanger);
    expect(c.basis.code).toBe('coastal-jurisdiction');
    expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
    expect(c.actions).toContain('BOARD_VESSEL');
    expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('applied');
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
  });

  it('DP15 vessel in another State’s territorial sea: nothing but rescue until that State consents (UNCLOS art. 2)', () => {
    const c = new Case(opening({ position: AT.libyaTerritorialSea }));
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] });
    expect(c.basis).toMatchObject({ code: 'foreign-coastal-state-consent', permits: [] });
    const boarding = c.send({ type: 'BOARDING_STARTED' });
    expect(boarding).toMatchObject({
      outcome: 'refused',
      reason: 'coastal-state-consent-required',
      allowedOverrides: ['imminent-danger', 'recorded-fact'],
    });
    expect(
      c.send({
        type: 'BOARDING_STARTED',
        override: { kind: 'imminent-danger', justification: 'engine fire' },
      }).outcome,
    ).toBe('applied');
    expect(c.actions).toContain('REQUEST_COASTAL_STATE_CONSENT');
  });

  it('DP16 incoming request to a central authority: register checked, answer with scopes and conditions within its own response target (SoM art. 8(4), 8(5))', () => {
    const c = Case.incoming(
      {
        from: 'IT',
        vessel: { name: 'LOME STAR', flag: 'TG' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks: ['registry', 'board', 'search'],
      },
      { states: { TG: { protocolParty: true, replyWithinHours: 3 } }, countryAssessments: {} },
    );
    expect(c.view.kind).toBe('incoming-request');
    expect(c.actions).toEqual(expect.arrayContaining(['CHECK_NATIONAL_REGISTER', 'ANSWER_REQUEST']));
    expect(c.action('ANSWER_REQUEST')).toMatchObject({
      dueAt: '2026-06-01T05:00:00.000Z',
      basis: ['SoM art. 8(4)', 'SoM art. 8(5)'],
    });
    expect(c.send({ type: 'REQUEST_ANSWERED', registry: 'confirmed', authorisation: null })).toMatchObject({
      outcome: 'refused',
      reason: 'not-expected-now',
    });
    c.send({ type: 'REGISTER_CHECKED', onRegister: true }, 20);
    c.advanceTo(150);
    expect(c.warnings).toContain('REPLY_DEADLINE_NEAR');
    c.send({
      type: 'REQUEST_ANSWERED',
      registry: 'confirmed',
      authorisation: {
        scopes: ['board', 'search'],
        conditions: [{ kind: 'report-results-within', hours: 12 }],
      },
    });
    expect(c.actions).toEqual(['CLOSE_CASE']);
    expect(c.send({ type: 'CASE_CLOSED' }).outcome).toBe('applied');
  });
});
