// The warnings shown with a case (contract.md, "Warnings": {code, message, basis?}): when each appears, what it
// says and cites, and when it stays away. Facts that refuse nothing but that a duty officer must see.
import { describe, expect, it } from 'vitest';
import { createEngine, type EngineDeps, type PersistedCase } from '../../machines/engine.ts';
import type { CaseEvent, OpeningReport, Setting, Zone } from '../../machines/schemas.ts';
import type { VesselChecks } from '../../machines/warnings.ts';
import { isValidImo, parseMmsi } from '../../src/reference/vessel-identity.ts';
import { AT, Case, classifyZone, opening, START } from './harness.ts';
import {
  assessment,
  distress,
  grantedCase,
  noDanger,
  ok,
  party,
  STATELESS,
  setting,
} from './refusals-kit.ts';

const warning = (c: Case, code: string) => c.view.warnings.find((w) => w.code === code);

// A case on an engine with other vessel checks or another zone classifier than the harness's: the host brings
// both (machines/engine.ts, EngineDeps).
function hosted(deps: Partial<EngineDeps>, open: OpeningReport, s: Setting = setting()) {
  const engine = createEngine({ classifyZone, vesselChecks: { parseMmsi, isValidImo }, ...deps });
  let state: PersistedCase = engine.open({ id: 'case-1', at: START, setting: s, opening: open });
  let minute = 0;
  return {
    send(event: CaseEvent) {
      minute += 1;
      const r = engine.apply(state, event, new Date(Date.parse(START) + minute * 60_000).toISOString());
      expect(r.decision, `${event.type} should be applied`).toMatchObject({ outcome: 'applied' });
      state = r.state;
    },
    get warnings() {
      return engine.view(state, 1).warnings;
    },
  };
}

// The profiles of both States concerned, so NO_STATE_PROFILE stays out of the way.
const PROFILED = setting({ MT: party(), TG: party(), IT: party(), TN: party({ contiguousZoneNm: 24 }) });

describe('the vessel’s identifiers (SoM art. 8(2): the request names the vessel)', () => {
  it('SoM art. 8(2): an IMO number that fails its check digit warns INVALID_IMO_NUMBER, naming it; a corrected number clears it', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', imo: '9074728' } }), PROFILED);
    expect(c.view.warnings.filter((w) => w.code === 'INVALID_IMO_NUMBER')).toEqual([
      { code: 'INVALID_IMO_NUMBER', message: 'IMO number 9074728 fails its check digit.' },
    ]);
    ok(c, { type: 'VESSEL_IDENTIFIED', imo: '9074729' });
    expect(c.warnings).not.toContain('INVALID_IMO_NUMBER');
    expect(c.warnings).toEqual([]);
  });

  it('SoM art. 8(2): a valid IMO number raises no warning', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', imo: 'IMO 9074729' } }), PROFILED);
    expect(c.warnings).toEqual([]);
  });

  it('SoM art. 8(2): an MMSI that is not valid warns INVALID_MMSI with the reason, and no false flag is read from it', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', mmsi: '22981200' } }), PROFILED);
    expect(c.view.warnings).toEqual([
      { code: 'INVALID_MMSI', message: 'MMSI 22981200 is not valid: an MMSI is exactly 9 digits.' },
    ]);
    ok(c, { type: 'VESSEL_IDENTIFIED', mmsi: '671812000' });
    expect(c.warnings).toEqual([]);
  });

  it('SoM art. 8(2): an MMSI the vessel checks reject without a reason warns INVALID_MMSI in a sentence of its own', () => {
    const checks: VesselChecks = { parseMmsi: () => ({ valid: false }), isValidImo: () => true };
    const c = hosted(
      { vesselChecks: checks },
      opening({ vessel: { name: 'NOUR', flag: 'TG', mmsi: '671812000' } }),
      PROFILED,
    );
    expect(c.warnings).toEqual([{ code: 'INVALID_MMSI', message: 'MMSI 671812000 is not valid.' }]);
  });

  it('SoM art. 8(2): an MMSI whose MID names the flag shown raises no POSSIBLE_FALSE_FLAG', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', mmsi: '671812000' } }), PROFILED);
    expect(c.warnings).toEqual([]);
  });

  it('SoM art. 8(2): a MID that points elsewhere warns POSSIBLE_FALSE_FLAG, says where the request goes and cites art. 8(2)', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', mmsi: '229812000' } }), PROFILED);
    expect(c.view.warnings).toEqual([
      {
        code: 'POSSIBLE_FALSE_FLAG',
        message:
          "The MMSI's MID points to MT but the vessel shows or claims TG; the request still goes to TG. An MMSI is a hint, never proof of registry.",
        basis: ['SoM art. 8(2)'],
      },
    ]);
    // the MMSI corrected to Togo's MID: the warning goes
    ok(c, { type: 'VESSEL_IDENTIFIED', mmsi: '671812000' });
    expect(c.warnings).not.toContain('POSSIBLE_FALSE_FLAG');
  });

  it('SoM art. 8(7): a vessel without flag or claimed registry is not "falsely flagged" by its MMSI: nothing to contradict', () => {
    const c = new Case(opening({ vessel: { ...STATELESS, mmsi: '229812000' } }), PROFILED);
    expect(c.warnings).not.toContain('POSSIBLE_FALSE_FLAG');
    const unknown = new Case(opening({ vessel: { name: 'NOUR', mmsi: '229812000' } }), PROFILED);
    expect(unknown.warnings).not.toContain('POSSIBLE_FALSE_FLAG');
  });

  it('SoM art. 8(2): a valid MMSI that carries no MID (an AIS-SART) points nowhere: no POSSIBLE_FALSE_FLAG', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', mmsi: '970123456' } }), PROFILED);
    expect(c.warnings).toEqual([]);
  });

  it('UNCLOS art. 91: a flag shown and a registry claimed in the same State raise no POSSIBLE_FALSE_FLAG', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', registryClaimed: 'TG' } }), PROFILED);
    expect(c.warnings).toEqual([]);
  });

  it('UNCLOS art. 91: a flag that differs from the registry claimed warns POSSIBLE_FALSE_FLAG; the request goes to the registry', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'IT', registryClaimed: 'TG' } }), PROFILED);
    expect(c.view.warnings).toEqual([
      {
        code: 'POSSIBLE_FALSE_FLAG',
        message:
          'The vessel shows the flag of IT but its registry is claimed in TG; registration decides nationality, so the request goes to TG.',
        basis: ['UNCLOS art. 91', 'SoM art. 8(2)'],
      },
    ]);
  });

  it('UNCLOS art. 92(2): a vessel sailing under two flags warns MULTIPLE_FLAGS, naming both', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', flagsUsed: ['TG', 'IT'] } }), PROFILED);
    expect(warning(c, 'MULTIPLE_FLAGS')).toEqual({
      code: 'MULTIPLE_FLAGS',
      message: 'The vessel sails under TG and IT: assimilated to a ship without nationality.',
      basis: ['UNCLOS art. 92(2)', 'SoM art. 8(7)'],
    });
  });
});

describe('safety of life (SAR Convention Annex 1.3.11-13)', () => {
  it('SAR Convention Annex 1.3.11-13: danger factors with phase none warn DANGER_FACTORS_WITH_PHASE_NONE, listing every factor', () => {
    const c = new Case(opening(), PROFILED);
    ok(c, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: ['overcrowded', 'taking-water'] });
    expect(c.view.warnings).toEqual([
      {
        code: 'DANGER_FACTORS_WITH_PHASE_NONE',
        message: 'Danger factors were recorded (overcrowded, taking-water) with phase none: reassess.',
        basis: ['EU 656/2014 art. 9(2)(f) (practice)', 'SAR Convention Annex 1.3.11-13'],
      },
    ]);
  });
});

describe('a designated place of safety that lapses (SoM art. 19(1); MSC.167(78) 6.17)', () => {
  const rescued = (s: Setting) => {
    const c = new Case(opening({ vessel: STATELESS }), s);
    ok(c, distress);
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 40);
    return c;
  };

  it('SoM art. 19(1): a State that declines its designated port: DESIGNATION_LAPSED names the port and says the State declined', () => {
    const c = rescued(setting({ MT: party() }));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'MT', port: 'Valletta' });
    expect(c.warnings).toEqual([]);
    ok(c, { type: 'PLACE_OF_SAFETY_DECLINED', country: 'MT', by: 'Malta' });
    expect(c.view.warnings).toEqual([
      {
        code: 'DESIGNATION_LAPSED',
        message:
          'The designation of Valletta, MT lapsed: MT declined disembarkation; a new place of safety is sought.',
        basis: ['SoM art. 19(1)', 'MSC.167(78) 6.17 (guidance)'],
      },
    ]);
  });

  it('SoM art. 19(1): a designated country assessed unsafe since: DESIGNATION_LAPSED says it is now excluded (no port named)', () => {
    const c = rescued(setting({ MT: party() }, { countryAssessments: { TN: assessment(false) } }));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'TN' });
    expect(c.warnings).toEqual([]);
    ok(c, {
      type: 'COUNTRY_ASSESSED',
      country: 'TN',
      unsafe: true,
      source: 'central authority country file (test)',
      date: '2026-06-01',
    });
    expect(warning(c, 'DESIGNATION_LAPSED')).toEqual({
      code: 'DESIGNATION_LAPSED',
      message:
        'The designation of TN lapsed: TN is now excluded or unassessed for these persons; a new place of safety is sought.',
      basis: ['SoM art. 19(1)', 'MSC.167(78) 6.17 (guidance)'],
    });
  });
});

describe('a flag State’s authorisation in another State’s territorial sea (UNCLOS art. 2; SoM art. 9(3)(a))', () => {
  const COASTAL = {
    code: 'COASTAL_STATE_CONSENT_ALSO_NEEDED',
    message:
      "The vessel is in the territorial sea of IT: the flag State's authorisation does not reach there without that State's consent.",
    basis: ['UNCLOS art. 2', 'SoM art. 8(2)', 'SoM art. 9(3)(a)'],
  };

  it('UNCLOS art. 2: an interception in a third State’s territorial sea warns COASTAL_STATE_CONSENT_ALSO_NEEDED once the flag State grants, not before', () => {
    const c = new Case(opening({ position: AT.italyTerritorialSea }), PROFILED);
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    expect(c.warnings).not.toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board', 'search'], conditions: [] });
    expect(c.view.warnings).toEqual([COASTAL]);
    // the grant withdrawn: nothing reaches into Italy's waters any more
    ok(c, { type: 'AUTHORISATION_WITHDRAWN' });
    expect(c.warnings).not.toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');
  });

  it('UNCLOS art. 2: in the intercepting State’s own territorial sea a grant needs no other coastal consent', () => {
    const c = grantedCase(['board'], [], PROFILED, { position: AT.maltaTerritorialSea });
    expect(c.warnings).not.toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');
  });

  it('UNCLOS art. 2: in the flag State’s own territorial sea its authorisation reaches: no COASTAL_STATE_CONSENT_ALSO_NEEDED', () => {
    const c = grantedCase(['board'], [], PROFILED, {
      vessel: { name: 'NOUR', flag: 'IT' },
      position: AT.italyTerritorialSea,
    });
    expect(c.view.flagState.grantedScopes).toEqual(['board']);
    expect(c.warnings).not.toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');
  });

  it('UNCLOS art. 33: a grant in a third State’s contiguous zone needs no coastal consent (sovereignty ends at the territorial sea)', () => {
    const c = grantedCase(['board'], [], PROFILED, { position: AT.tunisiaContiguousZone });
    expect(c.view.zone).toMatchObject({ zone: 'contiguous-zone', states: ['TN'] });
    expect(c.warnings).not.toContain('COASTAL_STATE_CONSENT_ALSO_NEEDED');
  });

  it('UNCLOS art. 2: where territorial seas overlap, the warning names every third State', () => {
    const overlap = { lat: 36.5, lon: 11.9 };
    const zones = (p: { lat: number; lon: number }, s: Setting): Zone =>
      p.lat === overlap.lat && p.lon === overlap.lon
        ? { zone: 'territorial-sea', state: 'TN', states: ['TN', 'IT'] }
        : classifyZone(p, s);
    const c = hosted({ classifyZone: zones }, opening({ position: overlap }), PROFILED);
    c.send(noDanger);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    c.send({ type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] });
    expect(c.warnings.find((w) => w.code === 'COASTAL_STATE_CONSENT_ALSO_NEEDED')?.message).toBe(
      "The vessel is in the territorial sea of TN, IT: the flag State's authorisation does not reach there without that State's consent.",
    );
  });
});

describe('States without a profile in the directory (SoM art. 8(6); contract.md, StateProfile)', () => {
  it('SoM art. 8(6): with a profile for every State consulted, no NO_STATE_PROFILE', () => {
    const c = new Case(opening(), setting({ MT: party(), TG: party() }));
    expect(c.warnings).toEqual([]);
  });

  it('SoM art. 8(6): NO_STATE_PROFILE names only the States without a profile, says what is assumed and cites art. 8(6)', () => {
    const c = new Case(opening(), setting({ MT: party() }));
    expect(c.view.warnings).toEqual([
      {
        code: 'NO_STATE_PROFILE',
        message:
          'No profile for TG: treated as a Protocol party with a 4-hour reply target, no contiguous zone and no agreements.',
        basis: ['SoM art. 8(6)'],
      },
    ]);
  });

  it('SoM art. 8(6): the States without a profile are named in alphabetical order', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'LY' } }));
    expect(warning(c, 'NO_STATE_PROFILE')?.message).toBe(
      'No profile for LY, MT: treated as a Protocol party with a 4-hour reply target, no contiguous zone and no agreements.',
    );
  });

  it('SoM art. 8(7): a vessel without nationality has no flag State to look up: only the intercepting State is consulted', () => {
    const c = new Case(opening({ vessel: STATELESS }), setting({ MT: party() }));
    expect(c.warnings).toEqual([]);
  });

  it('SoM art. 8(6): answering an incoming request consults our own profile only, not the requesting State’s', () => {
    const c = Case.incoming(
      {
        from: 'MT',
        vessel: { name: 'NOUR', flag: 'TG' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks: ['registry', 'board'],
      },
      setting({ TG: party() }),
      'TG',
    );
    expect(c.warnings).not.toContain('NO_STATE_PROFILE');
  });

  it('SoM art. 8(6): answering an incoming request without a profile of our own warns NO_STATE_PROFILE for it', () => {
    // the requesting State saw no flag; the MMSI's MID (Togo) is why it asks us
    const c = Case.incoming(
      {
        from: 'MT',
        vessel: { name: 'NOUR', mmsi: '671812000' },
        position: AT.highSeas,
        grounds: ['overcrowded'],
        asks: ['registry'],
      },
      setting({ MT: party() }),
      'TG',
    );
    expect(warning(c, 'NO_STATE_PROFILE')?.message).toBe(
      'No profile for TG: treated as a Protocol party with a 4-hour reply target, no contiguous zone and no agreements.',
    );
  });
});
