// Where persons are taken or left (domain.md, "Place of safety and disembarkation" and its second review;
// invariants 4 and 11): proposals, designations, handovers, disembarkations and releases, refused with the
// reason and articles the rule fixes, and applied where it does not bite.
import { describe, expect, it } from 'vitest';
import { createEngine, type PersistedCase } from '../../machines/engine.ts';
import type { CaseEvent, Setting, Zone } from '../../machines/schemas.ts';
import { isValidImo, parseMmsi } from '../../src/reference/vessel-identity.ts';
import { checkDecision } from './contract-shape.ts';
import { AT, Case, classifyZone, opening, START } from './harness.ts';
import {
  ASSESSED_BASIS,
  assessment,
  distress,
  heard,
  NON_REFOULEMENT_BASIS,
  noDanger,
  notExpected,
  ok,
  party,
  recordedFact,
  refused,
  STATELESS,
  setting,
  TOLD_AND_HEARD_BASIS,
} from './refusals-kit.ts';

// The harness's classifier, plus a stretch of sea both Tunisia and Libya claim as territorial sea.
const DISPUTED = { lat: 33.2, lon: 11.6 };
const overlapping = (p: { lat: number; lon: number }, s: Setting): Zone =>
  p.lat === DISPUTED.lat && p.lon === DISPUTED.lon
    ? { zone: 'territorial-sea', state: 'TN', states: ['TN', 'LY'] }
    : classifyZone(p, s);
const eng = createEngine({ classifyZone: overlapping, vesselChecks: { parseMmsi, isValidImo } });

const released: CaseEvent = { type: 'VESSEL_RELEASED' };

// Persons rescued from a stateless boat on the high seas: a search and rescue case.
function rescued(s: Setting = setting()) {
  const c = new Case(opening({ vessel: STATELESS }), s);
  ok(c, distress);
  ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
  ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 40);
  return c;
}

describe('places of safety, handovers and disembarkation (SoM art. 19(1); MSC.167(78) 6.12-6.20)', () => {
  it('persons are disembarked once: after the landing, another landing or a proposal is not expected', () => {
    const c = rescued();
    ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' });
    notExpected(c.send({ type: 'DISEMBARKATION_COMPLETED', country: 'MT' }));
    notExpected(c.send({ type: 'PLACE_OF_SAFETY_PROPOSED', country: 'MT' }));
  });

  it('DP22 persons lawfully handed over, all of them, are not handed over or landed again', () => {
    const c = rescued(setting({}, { countryAssessments: { TN: assessment(false) } }));
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, heard('TN'));
    ok(c, { type: 'PERSONS_HANDED_OVER', to: { country: 'TN', authority: 'Garde nationale' } });
    notExpected(c.send({ type: 'PERSONS_HANDED_OVER', to: { country: 'TN' } }));
    notExpected(c.send({ type: 'DISEMBARKATION_COMPLETED', country: 'TN' }));
  });

  it('a proposal needs an assessment on record, not the persons told and heard; it takes no override (Hirsi §§131-133, 156-157)', () => {
    const c = rescued(setting({}, { countryAssessments: { TN: assessment(false) } }));
    const unassessed = refused(
      c.send({ type: 'PLACE_OF_SAFETY_PROPOSED', country: 'IT' }),
      'destination-not-assessed',
    );
    expect(unassessed.basis).toEqual(ASSESSED_BASIS);
    expect(unassessed.allowedOverrides).toEqual([]);
    expect(unassessed.message).toContain('IT');
    ok(c, { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN', port: 'Zarzis' });
  });

  it('an RCC’s designation of an unassessed place is recorded; the same designation by the authority is refused, with no override', () => {
    const c = rescued();
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT' });
    const own = refused(
      c.send({ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'IT' }),
      'destination-not-assessed',
    );
    expect(own.allowedOverrides).toEqual([]);
  });

  it('DP22 a handover to a third country after a rescue still needs the persons screened; a disembarkation there after a rescue needs only the notice and the chance to object (ECHR art. 3, Protocol 4 art. 4; MSC.167(78) 6.20)', () => {
    const c = rescued(setting({}, { countryAssessments: { TN: assessment(false) } }));
    ok(c, heard('TN'));
    const handover = refused(
      c.send({ type: 'PERSONS_HANDED_OVER', to: { country: 'TN' } }),
      'safeguards-first',
    );
    expect(handover.basis).toEqual(TOLD_AND_HEARD_BASIS);
    expect(handover.allowedOverrides).toEqual(['recorded-fact']);
    expect(handover.message).toContain('PERSONS_SCREENED');
    ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'TN', port: 'Zarzis' });
  });

  it('objections that a destination is unsafe exclude it until assessed: a handover there recorded as fact opens a possible-fundamental-rights-violation, one to an unassessed country a legal incident (SoM art. 19(1); Hirsi)', () => {
    const s = setting({}, { countryAssessments: { TN: assessment(false) } });
    const c = rescued(s);
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
      objections: [{ count: 4, reason: 'fear of detention and return' }],
    });
    const objected = refused(
      c.send({ type: 'PERSONS_HANDED_OVER', to: { country: 'TN' } }),
      'objection-unresolved',
    );
    expect(objected.basis).toEqual([...TOLD_AND_HEARD_BASIS, 'SoM art. 19(1)']);
    expect(objected.allowedOverrides).toEqual(['recorded-fact']);
    expect(
      c.send({ type: 'PERSONS_HANDED_OVER', to: { country: 'TN' }, count: 20, override: recordedFact() }),
    ).toMatchObject({
      outcome: 'applied',
      mode: 'recorded-fact',
      incident: { category: 'possible-fundamental-rights-violation', reason: 'objection-unresolved' },
    });

    const other = rescued(s);
    ok(other, { type: 'PERSONS_SCREENED', total: 60 });
    ok(other, heard('IT'));
    expect(
      other.send({ type: 'PERSONS_HANDED_OVER', to: { country: 'IT' }, override: recordedFact() }),
    ).toMatchObject({
      outcome: 'applied',
      mode: 'recorded-fact',
      incident: { category: 'legal', reason: 'destination-not-assessed' },
    });
  });
});

describe('a release inside a third State’s territorial sea with persons aboard leaves them in its waters (invariant 4; machines/README.md 11)', () => {
  it('the vessel is released once', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, released);
    notExpected(c.send(released));
  });

  it('in the waters of an unassessed third State the release is refused (destination-not-assessed, recorded-fact); assessed safe, it is applied without the persons told and heard', () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }));
    ok(c, noDanger);
    const r = refused(c.send(released), 'destination-not-assessed');
    expect(r.basis).toEqual(ASSESSED_BASIS);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
    expect(r.alsoFailed).toBeUndefined();
    ok(c, {
      type: 'COUNTRY_ASSESSED',
      country: 'TN',
      unsafe: false,
      source: 'country file',
      date: '2026-05-20',
    });
    ok(c, released);
  });

  it('in the waters of an excluded State the release is refused as an excluded place; as a recorded fact it opens a possible-fundamental-rights-violation (SoM art. 19(1))', () => {
    const c = new Case(
      opening({ position: AT.libyaTerritorialSea }),
      setting({}, { countryAssessments: { LY: assessment(true) } }),
    );
    ok(c, noDanger);
    const r = refused(c.send(released), 'excluded-place');
    expect(r.basis).toEqual(NON_REFOULEMENT_BASIS);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
    expect(c.send({ type: 'VESSEL_RELEASED', override: recordedFact() })).toMatchObject({
      outcome: 'applied',
      incident: { category: 'possible-fundamental-rights-violation', reason: 'excluded-place' },
    });
  });

  it('with nobody aboard, or everyone taken aboard or handed over, the release leaves no one in those waters: applied', () => {
    const empty = new Case(opening({ position: AT.tunisiaTerritorialSea, personsOnBoard: 0 }));
    ok(empty, noDanger);
    ok(empty, released);

    const rescuedThere = new Case(opening({ vessel: STATELESS, position: AT.tunisiaTerritorialSea }));
    ok(rescuedThere, distress);
    ok(rescuedThere, { type: 'RESCUE_COMPLETED', rescued: 60 }, 30);
    ok(rescuedThere, released);

    const handed = new Case(opening({ vessel: STATELESS, position: AT.tunisiaTerritorialSea }));
    ok(handed, noDanger);
    ok(handed, { type: 'PERSONS_HANDED_OVER', to: { country: 'MT', authority: 'Armed Forces of Malta' } });
    ok(handed, released);
  });

  it('another State’s contiguous zone is high seas for this purpose: a release there with persons aboard is applied (UNCLOS arts 33, 58(2), 86)', () => {
    const c = new Case(
      opening({ position: AT.tunisiaContiguousZone }),
      setting({ TN: party({ contiguousZoneNm: 24 }) }),
    );
    ok(c, noDanger);
    ok(c, released);
  });

  it('in waters two States claim, each is a State the persons would be left with; one rule failing for both is one reason', () => {
    let state: PersistedCase = eng.open({
      id: 'case-disputed',
      at: START,
      setting: setting(),
      opening: opening({ position: DISPUTED }),
    });
    const send = (event: CaseEvent, minute: number) => {
      const r = eng.apply(state, event, new Date(Date.parse(START) + minute * 60_000).toISOString());
      state = r.state;
      checkDecision(r.decision, event.type);
      return r.decision;
    };
    expect(send(noDanger, 1)).toMatchObject({ outcome: 'applied' });
    const r = refused(send(released, 2), 'destination-not-assessed');
    expect(r.alsoFailed ?? []).toEqual([]);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('in waters two States claim, an excluded place comes first whichever State is named first (SoM art. 19(1); domain.md, which refusal comes first)', () => {
    // Tunisia has no assessment on record; Libya is assessed unsafe
    const opened = eng.open({
      id: 'case-disputed',
      at: START,
      setting: setting({}, { countryAssessments: { LY: assessment(true) } }),
      opening: opening({ position: DISPUTED }),
    });
    const quiet = eng.apply(opened, noDanger, new Date(Date.parse(START) + 60_000).toISOString()).state;
    const d = eng.apply(quiet, released, new Date(Date.parse(START) + 120_000).toISOString()).decision;
    checkDecision(d, 'VESSEL_RELEASED');
    const r = refused(d, 'excluded-place');
    expect(r.alsoFailed).toEqual(['destination-not-assessed']);
    expect(r.basis).toContain('SoM art. 19(1)');
    expect(r.basis).toContain('Refugee Convention art. 33');
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
  });
});
