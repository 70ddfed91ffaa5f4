// Refusals and overrides (domain.md, "Refusals and overrides"; machines/README.md, "How a decision is made"):
// how several failing rules combine into one refusal, which overrides each refusal offers, what an override asked
// where it is not offered gets, and the events that make no sense now.
import { describe, expect, it } from 'vitest';
import type { CaseEvent, DeskEvent } from '../../machines/schemas.ts';
import { checkDecision } from './contract-shape.ts';
import { Case, engine, opening, PATROL } from './harness.ts';
import {
  alert,
  assessment,
  distress,
  heard,
  imminentDanger,
  LIFE_FIRST_BASIS,
  noDanger,
  notExpected,
  ok,
  recordedFact,
  refused,
  STATELESS,
  setting,
  uncertainty,
  withoutGrounds,
} from './refusals-kit.ts';

const SAFE_TN = setting({}, { countryAssessments: { TN: assessment(false) } });
const divertTo = (country: string, override?: ReturnType<typeof imminentDanger>): CaseEvent => ({
  type: 'MEASURES_TAKEN',
  measures: ['divert'],
  destination: { country },
  ...(override ? { override } : {}),
});

// A stateless boat on the high seas, boarded; persons screened and told of Tunisia (assessed safe) with the chance
// to object: a diversion there fails no destination rule.
function boardedReadyForTunisia(evidence: boolean) {
  const c = new Case(opening({ vessel: STATELESS }), SAFE_TN);
  ok(c, noDanger);
  ok(c, { type: 'BOARDING_STARTED' });
  if (evidence) ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
  ok(c, { type: 'PERSONS_SCREENED', total: 60 });
  ok(c, heard('TN'));
  return c;
}

describe('several rules failing at once: the first gives the reason, the others are listed (machines/README.md, checks in a fixed order)', () => {
  it('life first, then the acting unit, grounds and the basis: a boarding failing all four is refused for distress and lists the other three; imminent-danger sets them all aside (SoM art. 8(5); UNCLOS art. 98)', () => {
    const unmarked = { ...PATROL, clearlyMarked: false };
    const c = new Case(withoutGrounds(opening({ unit: unmarked })));
    ok(c, distress);
    const r = refused(c.send({ type: 'BOARDING_STARTED' }), 'distress-rescue-first');
    expect(r.alsoFailed).toEqual(['unit-not-authorised', 'no-grounds', 'flag-state-authorisation-required']);
    expect(r.basis).toEqual(LIFE_FIRST_BASIS);
    expect(r.allowedOverrides).toEqual(['imminent-danger', 'recorded-fact']);
    expect(r.message).toContain('imminent-danger override');
    expect(c.send({ type: 'BOARDING_STARTED', override: imminentDanger() })).toMatchObject({
      outcome: 'applied',
      mode: 'imminent-danger',
    });
    expect(c.view.incidents).toEqual([]);
  });

  it('a refusal for one rule lists no other', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    const r = refused(c.send({ type: 'BOARDING_STARTED' }), 'flag-state-authorisation-required');
    expect(r.alsoFailed).toBeUndefined();
  });
});

describe('the imminent-danger override never takes persons to a third country (domain.md, Safety of life, second review)', () => {
  it('in distress a diversion to a third country is refused with recorded-fact only, and the refusal does not speak of the override (SOLAS V/33.1-1; SAR Convention Annex 3.1.9)', () => {
    const c = boardedReadyForTunisia(true);
    ok(c, distress);
    const r = refused(c.send(divertTo('TN')), 'distress-rescue-first');
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
    expect(r.basis).toEqual(LIFE_FIRST_BASIS);
    expect(r.message).toBe('Refused: persons are in distress; render assistance first.');
    expect(r.alsoFailed).toBeUndefined();
  });

  it('in distress a diversion towards the intercepting State is offered imminent-danger, and the refusal says so (SoM art. 8(5))', () => {
    const c = boardedReadyForTunisia(true);
    ok(c, distress);
    const r = refused(c.send(divertTo('MT')), 'distress-rescue-first');
    expect(r.allowedOverrides).toEqual(['imminent-danger', 'recorded-fact']);
    expect(r.message).toContain('under the imminent-danger override');
    expect(c.send(divertTo('MT', imminentDanger()))).toMatchObject({
      outcome: 'applied',
      mode: 'imminent-danger',
    });
  });

  it('in the alert phase a diversion to a third country that the basis does not permit is offered recorded-fact only; towards the intercepting State imminent-danger too (SoM art. 8(5), 8(7))', () => {
    const c = boardedReadyForTunisia(false);
    ok(c, alert);
    expect(refused(c.send(divertTo('TN')), 'no-evidence-found').allowedOverrides).toEqual(['recorded-fact']);
    expect(refused(c.send(divertTo('MT')), 'no-evidence-found').allowedOverrides).toEqual([
      'imminent-danger',
      'recorded-fact',
    ]);
  });

  it('imminent-danger asked for a diversion to a third country is not available even where the diversion is lawful without it (SOLAS V/33.1-1; SAR Convention Annex 3.1.9; SoM art. 8(5))', () => {
    const c = boardedReadyForTunisia(true);
    ok(c, alert);
    const r = refused(c.send(divertTo('TN', imminentDanger())), 'override-not-available');
    expect(r.basis).toEqual(['SOLAS V/33.1-1', 'SAR Convention Annex 3.1.9', 'SoM art. 8(5)']);
    expect(r.allowedOverrides).toEqual([]);
    expect(r.refused).toBeUndefined();
    ok(c, divertTo('TN'));
  });

  it('imminent-danger asked for a refused diversion to a third country: not available; the refusal it was asked against is named, and recorded-fact stays offered', () => {
    const c = boardedReadyForTunisia(true);
    ok(c, distress);
    const r = refused(c.send(divertTo('TN', imminentDanger())), 'override-not-available');
    expect(r.basis).toEqual(['SOLAS V/33.1-1', 'SAR Convention Annex 3.1.9', 'SoM art. 8(5)']);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
    expect(r.refused).toEqual({ reason: 'distress-rescue-first', basis: LIFE_FIRST_BASIS });
  });

  it('imminent-danger asked for the authority’s designation of a place in a third country is not available; where a rescue ends is for the RCC (SOLAS V/33.1-1; SAR Convention Annex 3.1.9)', () => {
    const c = new Case(opening({ vessel: STATELESS }), SAFE_TN);
    ok(c, alert);
    const r = refused(
      c.send({
        type: 'PLACE_OF_SAFETY_DESIGNATED',
        by: 'authority',
        country: 'TN',
        override: imminentDanger(),
      }),
      'override-not-available',
    );
    expect(r.basis).toEqual(['SOLAS V/33.1-1', 'SAR Convention Annex 3.1.9', 'SoM art. 8(5)']);
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'TN' });
  });

  it('a handover within the intercepting State is no move to a third country: an imminent-danger override on it is recorded and changes nothing', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, alert);
    expect(
      c.send({
        type: 'PERSONS_HANDED_OVER',
        to: { country: 'MT', authority: 'Armed Forces of Malta' },
        override: imminentDanger(),
      }),
    ).toMatchObject({ outcome: 'applied', mode: 'normal', overrideUnneeded: true });
  });
});

describe('an override where none is needed, or where it is not offered (domain.md, Refusals and overrides)', () => {
  it('an override on a step that is permitted anyway is recorded and changes nothing: no incident', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    expect(c.send({ type: 'BOARDING_STARTED', override: recordedFact() })).toEqual({
      outcome: 'applied',
      mode: 'normal',
      overrideUnneeded: true,
    });
    expect(c.view.incidents).toEqual([]);
  });

  it('imminent-danger with no danger open is not available: the refusal it was asked against is named, with what is offered', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    const r = refused(
      c.send({ type: 'BOARDING_STARTED', override: imminentDanger() }),
      'override-not-available',
    );
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
    expect(r.refused).toEqual({
      reason: 'flag-state-authorisation-required',
      basis: ['SoM art. 8(2)', 'UNCLOS art. 92(1)'],
    });
  });
});

describe('events that make no sense now are refused as not-expected-now, with no article and no override', () => {
  it('nothing is recorded on a closed case', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, { type: 'CASE_CLOSED', outcome: 'no action needed' });
    notExpected(c.send({ type: 'POSITION_REPORTED', lat: 34.6, lon: 15.6 }));
  });

  it('a deadline that is not pending does not pass', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expect(c.view.deadlines.length).toBeGreaterThan(0);
    const event: DeskEvent = { type: 'DEADLINE_PASSED', deadlineId: 'no-such-deadline' };
    const d = engine.apply(c.state, event, c.at(10)).decision;
    checkDecision(d, event.type);
    notExpected(d);
  });

  it('a refusal of assistance is expected while assistance is offered: in uncertainty, alert or distress, not when no danger was assessed (SAR Convention Annex 4.5)', () => {
    const calm = new Case(opening({ vessel: STATELESS }));
    ok(calm, noDanger);
    notExpected(calm.send({ type: 'ASSISTANCE_REFUSED' }));
    const unsure = new Case(opening({ vessel: STATELESS }));
    ok(unsure, uncertainty);
    ok(unsure, { type: 'ASSISTANCE_REFUSED' });
    const alarmed = new Case(opening({ vessel: STATELESS }));
    ok(alarmed, alert);
    ok(alarmed, { type: 'ASSISTANCE_REFUSED' });
  });

  it('a rescue is recorded once', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 });
    notExpected(c.send({ type: 'RESCUE_COMPLETED', rescued: 60 }));
  });

  it('an interception case takes no event of an incoming request, and no message awaits sending by other means', () => {
    const c = new Case(opening());
    ok(c, alert);
    notExpected(c.send({ type: 'REGISTER_CHECKED', onRegister: true }));
    notExpected(c.send({ type: 'REQUEST_ANSWERED', registry: 'confirmed' }));
    notExpected(c.send({ type: 'REQUEST_ACKNOWLEDGED' }));
    notExpected(c.send({ type: 'SENT_BY_OTHER_MEANS', channel: 'telephone' }));
  });

  it('safeguards are recorded for a boarding: not before one, and after a boarding under the imminent-danger override too (SoM art. 9(1))', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    notExpected(c.send({ type: 'SAFEGUARDS_RECORDED' }));
    ok(c, { type: 'BOARDING_STARTED', override: imminentDanger() });
    ok(c, { type: 'SAFEGUARDS_RECORDED', note: 'life jackets distributed' });
  });

  it('claims are referred, objections assessed and detentions reviewed only where there are some', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    notExpected(c.send({ type: 'PROTECTION_CLAIMS_REFERRED' }));
    notExpected(c.send({ type: 'OBJECTIONS_ASSESSED', country: 'TN', upheld: false }));
    notExpected(c.send({ type: 'DETENTION_REVIEWED', by: 'Magistrate' }));
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] });
    ok(c, { type: 'PROTECTION_CLAIMS_REFERRED' });
  });

  it('an incident is reviewed once, by its id', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })));
    ok(c, noDanger);
    notExpected(c.send({ type: 'INCIDENT_REVIEWED', incidentId: 'INC-1', finding: 'none' }));
    ok(c, { type: 'BOARDING_STARTED', override: recordedFact() });
    const [incident] = c.view.incidents;
    expect(incident).toBeDefined();
    notExpected(c.send({ type: 'INCIDENT_REVIEWED', incidentId: `${incident!.id}-other`, finding: 'none' }));
    ok(c, { type: 'INCIDENT_REVIEWED', incidentId: incident!.id, finding: 'grounds were reported by radio' });
    notExpected(c.send({ type: 'INCIDENT_REVIEWED', incidentId: incident!.id, finding: 'again' }));
  });
});

describe('consulates and closing (SoM art. 19(1); VCCR art. 36(1)(b); contract.md, Required actions)', () => {
  it('the consulate of a protection claimant’s country of origin is contacted only at the request of a person told of the risk; no override (SoM art. 19(1); VCCR art. 36(1)(b))', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] });
    const r = refused(
      c.send({ type: 'CONSULATE_CONTACTED', country: 'ER', atRequestOf: 'person' }),
      'consulate-of-country-fled',
    );
    expect(r.basis).toEqual(['SoM art. 19(1)', 'VCCR art. 36(1)(b)', 'Refugee Convention art. 33']);
    expect(r.allowedOverrides).toEqual([]);
    expect(r.message).toContain('ER');
    ok(c, { type: 'CONSULATE_CONTACTED', country: 'ER', atRequestOf: 'person', informed: true });
    ok(c, { type: 'CONSULATE_CONTACTED', country: 'EG', atRequestOf: 'person' });
  });

  it('the case cannot close while a blocking action is open, naming the actions, with no override (contract.md: blocking)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    const r = refused(c.send({ type: 'CASE_CLOSED' }), 'blocking-actions-open');
    expect(r.allowedOverrides).toEqual([]);
    expect(r.message).toContain('RENDER_ASSISTANCE');
    expect(r.message).toContain('NOTIFY_RCC');
  });
});
