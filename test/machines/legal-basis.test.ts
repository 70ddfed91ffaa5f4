import { describe, expect, it } from 'vitest';
import { AT, Case, opening } from './harness.ts';

const party = (over: object = {}) => ({ protocolParty: true, ...over });

describe('legal basis, domain.md table, rows tried top to bottom', () => {
  it('row 1: a government vessel is immune (SoM art. 3(d); UNCLOS arts 95-96), even in our territorial sea', () => {
    const c = new Case(
      opening({ vessel: { flag: 'TG', government: true }, position: AT.maltaTerritorialSea }),
    );
    expect(c.basis).toEqual({
      code: 'government-vessel',
      basis: ['SoM art. 3(d)', 'UNCLOS arts 95-96'],
      permits: [],
    });
  });

  it('row 2: our own territorial sea gives coastal jurisdiction (UNCLOS art. 2, 27), whatever the flag', () => {
    const c = new Case(opening({ position: AT.maltaTerritorialSea }));
    expect(c.basis.code).toBe('coastal-jurisdiction');
    expect(c.basis.permits).toEqual(['board', 'search', 'measures']);
    expect(c.basis.basis.join(' ')).toContain('UNCLOS arts 2, 19(2)(g), 21, 25, 27');
  });

  it('row 3: another State’s territorial sea permits nothing until it consents, then as it consents (UNCLOS art. 2)', () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }));
    expect(c.basis).toMatchObject({ code: 'foreign-coastal-state-consent', permits: [] });
    expect(c.actions).toContain('REQUEST_COASTAL_STATE_CONSENT');
    c.send({ type: 'COASTAL_STATE_CONSENTED', state: 'TN', scopes: ['board'] });
    expect(c.basis).toMatchObject({ code: 'foreign-coastal-state-consent', permits: ['board'] });
    expect(c.actions).not.toContain('REQUEST_COASTAL_STATE_CONSENT');
  });

  it('row 4: our contiguous zone allows control, measures only to prevent entry (UNCLOS art. 33)', () => {
    const setting = {
      states: { MT: party({ contiguousZoneNm: 24 }) },
      countryAssessments: { TN: { unsafe: false, source: 'demo', date: '2026-01-01' } },
    };
    const c = new Case(opening({ position: AT.maltaContiguousZone }), setting);
    expect(c.basis.code).toBe('contiguous-zone-control');
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
    c.send({ type: 'BOARDING_STARTED' });
    c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true });
    const seize = c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(seize).toMatchObject({ outcome: 'refused', reason: 'contiguous-zone-prevention-only' });
    // a diversion to a third country needs persons screened, told and heard first (second review)
    c.send({ type: 'PERSONS_SCREENED', total: 60 });
    c.send({
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
    });
    expect(
      c.send({ type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'TN' } }).outcome,
    ).toBe('applied');
  });

  it('row 4 needs a claimed contiguous zone: without one in the profile the point is beyond', () => {
    const c = new Case(opening({ position: AT.maltaContiguousZone }));
    expect(c.basis.code).toBe('flag-state-authorisation');
  });

  it('row 5: a vessel flying our own flag is under our jurisdiction (UNCLOS art. 94; SoM art. 8(1))', () => {
    const c = new Case(opening({ vessel: { flag: 'MT' } }));
    expect(c.basis).toMatchObject({ code: 'own-flag', permits: ['board', 'search', 'measures'] });
  });

  it('row 6: no flag and no claim is without nationality: board and search, measures after evidence (SoM art. 8(7))', () => {
    const c = new Case(opening({ vessel: { flag: null } }));
    expect(c.basis).toEqual({
      code: 'stateless',
      basis: ['SoM art. 8(7)', 'UNCLOS art. 110(1)(d)'],
      permits: ['board', 'search'],
    });
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
    c.send({ type: 'BOARDING_STARTED' });
    c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true });
    expect(c.basis.permits).toEqual(['board', 'search', 'measures']);
  });

  it('row 6 for a State not party to the Protocol rests on UNCLOS art. 110(1)(d) alone', () => {
    const setting = { states: { MT: { protocolParty: false } }, countryAssessments: {} };
    const c = new Case(opening({ vessel: { flag: null } }), setting);
    expect(c.basis.basis).toEqual(['UNCLOS art. 110(1)(d)']);
  });

  it('row 7: nationality undetermined permits only a boarding to verify nationality and asks to identify the vessel (SoM art. 8(2), 8(7); UNCLOS art. 110(2))', () => {
    const c = new Case(opening({ vessel: { name: 'UNKNOWN' } }));
    expect(c.basis).toMatchObject({ code: 'undetermined', permits: ['board'] });
    expect(c.actions).toContain('IDENTIFY_VESSEL');
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
    c.send({ type: 'BOARDING_STARTED' });
    expect(c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true })).toMatchObject({
      outcome: 'refused',
      reason: 'nationality-undetermined',
    });
    c.send({ type: 'VESSEL_IDENTIFIED', flag: 'TG' });
    expect(c.basis.code).toBe('flag-state-authorisation');
    expect(c.actions).not.toContain('IDENTIFY_VESSEL');
  });

  it('row 9: a standing authorisation under an agreement covering migrant smuggling gives its scopes (SoM arts 8(5), 17)', () => {
    const setting = {
      states: {
        TG: party({
          standingAuthorisation: {
            agreement: 'Demo agreement (fictional)',
            with: ['MT'],
            scopes: ['board', 'search'],
          },
        }),
      },
      countryAssessments: {},
    };
    const c = new Case(opening(), setting);
    expect(c.basis).toMatchObject({ code: 'agreement-authorisation', permits: ['board', 'search'] });
    expect(c.basis.basis).toContain('Demo agreement (fictional)');
  });

  it('row 9 binds only the States the agreement names', () => {
    const setting = {
      states: {
        TG: party({ standingAuthorisation: { agreement: 'Demo', with: ['IT'], scopes: ['board'] } }),
      },
      countryAssessments: {},
    };
    expect(new Case(opening(), setting).basis.code).toBe('flag-state-authorisation');
  });

  it('row 10: a foreign flag of a Protocol party needs its express authorisation (SoM art. 8(2))', () => {
    const c = new Case(opening());
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    c.send({ type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [] });
    expect(c.basis.permits).toEqual(['board', 'search']);
  });

  it('row 11: a flag State not party to the Protocol, or an intercepting State that is not, means consent under general law (UNCLOS art. 92(1))', () => {
    const flagNotParty = new Case(opening(), {
      states: { TG: { protocolParty: false } },
      countryAssessments: {},
    });
    expect(flagNotParty.basis).toMatchObject({
      code: 'consent-under-general-law',
      basis: ['UNCLOS art. 92(1)'],
      permits: [],
    });
    const weNotParty = new Case(opening(), {
      states: { MT: { protocolParty: false } },
      countryAssessments: {},
    });
    expect(weNotParty.basis.code).toBe('consent-under-general-law');
  });

  it('hot pursuit (UNCLOS art. 111) prevails over rows 4-7 while uninterrupted outside every territorial sea', () => {
    const c = new Case(opening({ vessel: { name: 'X' }, position: AT.maltaTerritorialSea }));
    c.send({ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
    expect(
      c.send({
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: true,
        violation: 'landing migrants',
      }).outcome,
    ).toBe('applied');
    c.send({ type: 'POSITION_REPORTED', ...AT.highSeas });
    expect(c.basis).toMatchObject({ code: 'hot-pursuit', permits: ['board', 'search', 'measures'] });
    c.send({ type: 'HOT_PURSUIT_ENDED', reason: 'lost contact' });
    expect(c.basis.code).toBe('undetermined');
  });

  it('a refuted registry makes the vessel stateless (SoM art. 8(7)) and a later flag recomputes the basis', () => {
    const c = new Case(opening());
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'REGISTRY_REFUTED' });
    expect(c.basis.code).toBe('stateless');
  });
});
