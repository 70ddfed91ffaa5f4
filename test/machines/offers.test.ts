// What the law offers now (machines/offers.ts), at the rule: each expectation is the article's, written from
// domain.md and contract.md, not read off the code. Then, on random paths, every offer agrees with what the
// engine does when the probed step is taken (the whole machine, not decide alone).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIFE_FIRST } from '../../machines/citations.ts';
import { type Offer, offerFor, offers } from '../../machines/offers.ts';
import { probesFor } from '../../machines/probes.ts';
import { CASE_EVENT_TYPES, CaseEvent, type CaseEventType } from '../../machines/schemas.ts';
import { AT, assessment, Case, engine, opening, recordedFact, setting } from './harness.ts';

const offer = (c: Case, type: CaseEventType, at?: string): Offer => offerFor(c.state.context, type, at);
const distress: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['taking-water'] };
const noDanger: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] };
const TG = setting({ states: { TG: { protocolParty: true, replyWithinHours: 4 } } });

describe('offers: the law asked before the form is filled', () => {
  it('SoM art. 8(2): boarding is refused before the flag State authorises, with its basis and the recorded-fact override', () => {
    const c = new Case(opening(), TG);
    c.send(noDanger);
    expect(offer(c, 'BOARDING_STARTED')).toMatchObject({
      status: 'refused',
      reason: 'flag-state-authorisation-required',
      allowedOverrides: ['recorded-fact'],
    });
    expect(offer(c, 'BOARDING_STARTED').basis).toContain('SoM art. 8(2)');
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    c.send({ type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search', 'measures'], conditions: [] });
    expect(offer(c, 'BOARDING_STARTED')).toEqual({ type: 'BOARDING_STARTED', status: 'allowed' });
  });

  it('SAR/SOLAS: enforcement steps refused while persons are in distress, with the life-first basis and the imminent-danger override', () => {
    const c = new Case(opening({ vessel: { description: 'rubber boat', flag: null } }));
    c.send(distress);
    for (const type of ['BOARDING_STARTED', 'PERSONS_TAKEN_ON_BOARD'] as const) {
      const o = offer(c, type);
      expect(o, type).toMatchObject({ status: 'refused', reason: 'distress-rescue-first' });
      expect(o.basis, type).toEqual(expect.arrayContaining([...LIFE_FIRST]));
      expect(o.allowedOverrides, type).toContain('imminent-danger');
    }
    // measures refused whichever are chosen: life first, whatever the destination's own rules add
    expect(offer(c, 'MEASURES_TAKEN')).toMatchObject({ status: 'refused' });
    expect(offer(c, 'HOT_PURSUIT_STARTED')).toMatchObject({
      status: 'refused',
      reason: 'distress-rescue-first',
    });
    // the life steps stay open
    expect(offer(c, 'RESCUE_COMPLETED').status).toBe('allowed');
    expect(offer(c, 'RCC_NOTIFIED').status).toBe('allowed');
    // after the rescue (stateless: the right of visit, SoM art. 8(7)) boarding is allowed again
    c.send({ type: 'RESCUE_COMPLETED', rescued: 60 });
    expect(offer(c, 'BOARDING_STARTED').status).toBe('allowed');
  });

  it('SoM art. 8(7), UNCLOS art. 110(1): a vessel without nationality may be boarded, but not before grounds are recorded', () => {
    const c = new Case(opening({ vessel: { description: 'rubber boat', flag: null }, grounds: [] }));
    c.send(noDanger);
    expect(offer(c, 'BOARDING_STARTED')).toMatchObject({
      status: 'refused',
      reason: 'no-grounds',
      allowedOverrides: ['recorded-fact'],
    });
    expect(offer(c, 'BOARDING_STARTED').basis).toEqual(expect.arrayContaining(['SoM art. 8(7)']));
    c.send({ type: 'SUSPICION_RECORDED', grounds: ['overcrowded, no lights'] });
    expect(offer(c, 'BOARDING_STARTED').status).toBe('allowed');
    // a search needs the boarding first
    expect(offer(c, 'SEARCH_COMPLETED').status).toBe('not-expected-now');
  });

  it('SoM art. 8(2): no authorisation is answered before it was asked; a refusal refuses only what is pending', () => {
    const c = new Case(opening(), TG);
    c.send(noDanger);
    expect(offer(c, 'AUTHORISATION_GRANTED')).toMatchObject({
      status: 'not-expected-now',
      reason: 'not-expected-now',
    });
    expect(offer(c, 'AUTHORISATION_REFUSED').status).toBe('not-expected-now');
    expect(offer(c, 'REGISTRY_CONFIRMED').status).toBe('not-expected-now');
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    // the registry reply is expected now; the authorisation reply is not pending yet, so no refusal of it
    expect(offer(c, 'REGISTRY_CONFIRMED').status).toBe('allowed');
    expect(offer(c, 'AUTHORISATION_REFUSED').status).toBe('not-expected-now');
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    expect(offer(c, 'AUTHORISATION_GRANTED').status).toBe('allowed');
    expect(offer(c, 'AUTHORISATION_REFUSED').status).toBe('allowed');
    // notifying the flag State of record again makes no sense; another State may still be asked (an inquiry)
    expect(offer(c, 'FLAG_STATE_NOTIFIED')).toMatchObject({ status: 'depends', dependsOn: ['state'] });
  });

  it('SoM art. 8(5): under a flag-officer-on-board condition, boarding depends on the officer; under self-defence only, on the force used', () => {
    const c = new Case(opening(), TG);
    c.send(noDanger);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    c.send({
      type: 'AUTHORISATION_GRANTED',
      scopes: ['board'],
      conditions: [{ kind: 'flag-officer-on-board' }, { kind: 'force-self-defence-only' }],
    });
    expect(offer(c, 'BOARDING_STARTED')).toMatchObject({
      status: 'depends',
      dependsOn: ['flagOfficerOnBoard'],
      reason: 'condition-breached',
    });
    expect(offer(c, 'BOARDING_STARTED').basis).toContain('SoM art. 8(5)');
  });

  it('SoM art. 19(1) and SOLAS V/33.1-1: where persons are landed depends on the country; an excluded place is the refusal named', () => {
    const c = new Case(
      opening({ vessel: { description: 'rubber boat', flag: null } }),
      setting({ countryAssessments: { LY: assessment(true) } }),
    );
    c.send(distress);
    c.send({ type: 'RESCUE_COMPLETED', rescued: 60 });
    c.send({ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'LY' });
    expect(offer(c, 'DISEMBARKATION_COMPLETED')).toMatchObject({
      status: 'depends',
      dependsOn: ['country'],
      reason: 'excluded-place',
    });
    expect(offer(c, 'DISEMBARKATION_COMPLETED').allowedOverrides).toEqual(['recorded-fact']);
    c.send({ type: 'DISEMBARKATION_COMPLETED', country: 'MT' });
    expect(offer(c, 'DISEMBARKATION_COMPLETED')).toMatchObject({ status: 'not-expected-now' });
  });

  it('UNCLOS art. 111(4): hot pursuit from the territorial sea depends on a signal to stop', () => {
    const c = new Case(
      opening({ position: AT.maltaTerritorialSea, vessel: { name: 'X', flag: 'TG' } }),
      setting({ states: { MT: { protocolParty: true, contiguousZoneNm: 24 } } }),
    );
    c.send(noDanger);
    expect(offer(c, 'HOT_PURSUIT_STARTED')).toMatchObject({
      status: 'depends',
      dependsOn: ['signalGiven'],
      reason: 'no-signal-to-stop',
    });
  });

  it('SoM art. 8(4): the answer to an incoming request waits for the register check, then must agree with it', () => {
    const c = Case.incoming({
      from: 'MT',
      vessel: { name: 'NOUR', flag: 'TG' },
      position: AT.highSeas,
      grounds: ['overcrowded'],
      asks: ['registry', 'board'],
    });
    expect(offer(c, 'REQUEST_ANSWERED')).toMatchObject({ status: 'not-expected-now' });
    expect(offer(c, 'BOARDING_STARTED')).toMatchObject({ status: 'not-expected-now' });
    c.send({ type: 'REGISTER_CHECKED', onRegister: false });
    expect(offer(c, 'REQUEST_ANSWERED')).toMatchObject({
      status: 'depends',
      reason: 'contradicts-register',
    });
    expect(offer(c, 'REQUEST_ANSWERED').dependsOn).toEqual(
      expect.arrayContaining(['registry', 'authorisation']),
    );
  });

  it('contract.md, CASE_CLOSED: a case closes only when no blocking action is open, and a closed case expects nothing', () => {
    const c = new Case(opening({ vessel: { description: 'rubber boat', flag: null } }));
    expect(offer(c, 'CASE_CLOSED')).toMatchObject({ status: 'refused', reason: 'blocking-actions-open' });
    c.send(noDanger);
    c.send({ type: 'CASE_CLOSED' });
    expect(offers(c.state.context).every((o) => o.status === 'not-expected-now')).toBe(true);
  });

  it('every probe is an event its own schema accepts, for every type on every case here', () => {
    const cases = [new Case(opening(), TG), new Case(opening({ vessel: { flag: null } }))];
    const c = cases[1] as Case;
    c.send(distress);
    c.send({ type: 'PROTECTION_CLAIMS_RECORDED', count: 2, countriesOfOrigin: ['ER'] });
    c.send({ type: 'PERSONS_INFORMED', language: 'ti', objections: [{ count: 1, reason: 'fear' }] });
    for (const k of cases) {
      for (const type of CASE_EVENT_TYPES) {
        for (const p of probesFor(k.state.context, type)) {
          const parsed = CaseEvent.safeParse(p.event);
          expect(parsed.success, `${type} ${JSON.stringify(p.event)}`).toBe(true);
        }
      }
    }
  });
});

// Random paths: the same steps as the guidance test, decided by the whole engine.
const ALPHABET: CaseEvent[] = [
  noDanger,
  { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] },
  distress,
  { type: 'ASSISTANCE_REFUSED' },
  { type: 'RESCUE_COMPLETED', rescued: 40 },
  { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] },
  { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
  { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] },
  { type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search', 'measures'], conditions: [] },
  {
    type: 'AUTHORISATION_GRANTED',
    scopes: ['board'],
    conditions: [{ kind: 'flag-officer-on-board' }, { kind: 'no-detention-without-consent' }],
  },
  { type: 'AUTHORISATION_REFUSED' },
  { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea },
  { type: 'BOARDING_STARTED' },
  { type: 'BOARDING_STARTED', override: recordedFact() },
  { type: 'SEARCH_COMPLETED', evidenceFound: true },
  { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'LY' },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'MT' },
  { type: 'DISEMBARKATION_COMPLETED', country: 'MT' },
];

describe('offers agree with the engine on random paths', () => {
  it('allowed: every probe applied; refused and not-expected-now: every probe refused, the first legal refusal named; depends: both', () => {
    const S = setting({
      states: { TG: { protocolParty: true }, MT: { protocolParty: true, contiguousZoneNm: 24 } },
      countryAssessments: { LY: assessment(true) },
    });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 12 }), (path) => {
        const c = new Case(opening(), S);
        for (const e of path) c.send(e);
        const ctx = c.state.context;
        for (const o of offers(ctx)) {
          const answers = probesFor(ctx, o.type).map((p) => engineAnswer(c, p.event));
          const applied = answers.filter((a) => a.outcome === 'applied').length;
          if (o.status === 'allowed') expect(applied, o.type).toBe(answers.length);
          else if (o.status === 'depends') {
            expect(applied, o.type).toBeGreaterThan(0);
            expect(applied, o.type).toBeLessThan(answers.length);
            expect(o.dependsOn?.length, o.type).toBeGreaterThan(0);
          } else {
            expect(applied, o.type).toBe(0);
            const named = answers.find((a) => a.reason !== 'not-expected-now') ?? answers[0];
            expect(o.reason, o.type).toBe(named?.reason);
            expect(o.status, o.type).toBe(
              named?.reason === 'not-expected-now' ? 'not-expected-now' : 'refused',
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

function engineAnswer(c: Case, event: CaseEvent): { outcome: string; reason?: string } {
  const { decision } = engine.apply(c.state, event, c.at(c.minute));
  return decision.outcome === 'refused'
    ? { outcome: 'refused', reason: decision.reason }
    : { outcome: 'applied' };
}
