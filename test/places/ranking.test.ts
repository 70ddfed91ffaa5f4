import { describe, expect, it } from 'vitest';
import type { CaseContext } from '../../machines/context.ts';
import { destinationFailures } from '../../machines/destinations.ts';
import { excludedReason } from '../../machines/rules.ts';
import type { Setting } from '../../machines/schemas.ts';
import { DEMO_SETTING } from '../../src/directory/demo.ts';
import { greatCircleNm, type LatLon } from '../../src/geo/sea-distance.ts';
import { DEMO_PORTS, type Port, PortList, portKey } from '../../src/places/ports.ts';
import { EXCLUSION_BASIS, rankPlacesOfSafety, type SeaDistance } from '../../src/places/ranking.ts';

const HIGH_SEAS_SOUTH_OF_LAMPEDUSA: LatLon = { lat: 34.5, lon: 12.8 };
const NON_REFOULEMENT_BASIS = ['SoM art. 19(1)', 'MSC.167(78) 6.17 (guidance)', 'Refugee Convention art. 33'];

const names = (ports: Array<{ port: Port }>) => ports.map((c) => c.port.name);

function port(over: Partial<Port> & Pick<Port, 'name'>): Port {
  return {
    country: 'IT',
    lat: 36,
    lon: 14,
    medicalFacilities: 'basic',
    receptionCapacity: 100,
    ...over,
  };
}

// Sea distance by port name, so tie-breaking is tested without geography.
function fixedDistances(byName: Record<string, number | undefined>): SeaDistance {
  return (_from, to) => {
    const p = [...Object.entries(byName)].find(([name]) => TEST_PORTS[name]?.lat === to.lat);
    const d = p?.[1];
    return d === undefined ? undefined : { distanceNm: d, path: [] };
  };
}
const TEST_PORTS: Record<string, Port> = {};
function testPorts(list: Port[]): Port[] {
  list.forEach((p, i) => {
    // distinct latitudes identify ports to the stub distance
    const placed = { ...p, lat: 36 + i / 100 };
    TEST_PORTS[p.name] = placed;
    list[i] = placed;
  });
  return list;
}

describe('demo ports', () => {
  it('are valid, marked as demo data, and cover MT, IT, LY and TN', () => {
    expect(PortList.safeParse(DEMO_PORTS).success).toBe(true);
    expect(DEMO_PORTS.every((p) => p.demo === true)).toBe(true);
    for (const p of DEMO_PORTS) expect(p.invented).toEqual(['medicalFacilities', 'receptionCapacity']);
    expect(new Set(DEMO_PORTS.map((p) => p.country))).toEqual(new Set(['MT', 'IT', 'LY', 'TN']));
    expect(DEMO_PORTS.find((p) => p.locode === 'MTMLA')?.name).toBe('Valletta');
  });

  it('name the field of a bad entry', () => {
    const badField = PortList.safeParse([{ ...DEMO_PORTS[1], medicalFacilities: 'clinic' }]);
    expect(badField.error?.issues.map((i) => i.path.join('.'))).toEqual(['0.medicalFacilities']);
    const foreignCode = PortList.safeParse([DEMO_PORTS[0], { ...DEMO_PORTS[1], locode: 'MTXYZ' }]);
    expect(foreignCode.error?.issues.map((i) => i.path.join('.'))).toEqual(['1.locode']);
  });
});

describe('rankPlacesOfSafety over the demo ports and the real sea', () => {
  const ranking = rankPlacesOfSafety({
    position: HIGH_SEAS_SOUTH_OF_LAMPEDUSA,
    setting: DEMO_SETTING,
    countriesOfOrigin: [],
    ports: DEMO_PORTS,
  });

  it('excludes Libyan ports, assessed unsafe, with the source, the date and the basis', () => {
    expect(names(ranking.excluded)).toEqual(['Tripoli', 'Zuwara']);
    for (const e of ranking.excluded) {
      expect(e.reason).toContain('LY is assessed unsafe for disembarkation');
      expect(e.reason).toContain('2026-01-15');
      expect(e.reason).toContain(DEMO_SETTING.countryAssessments.LY?.source);
      expect(e.grounds).toEqual(['assessed-unsafe']);
      expect(e.basis).toEqual(NON_REFOULEMENT_BASIS);
    }
    expect(ranking.candidates.some((c) => c.port.country === 'LY')).toBe(false);
  });

  it('puts the nearest by sea first, Lampedusa here, and keeps the order by sea distance', () => {
    expect(ranking.candidates[0]?.port.name).toBe('Lampedusa');
    const distances = ranking.candidates.map((c) => c.seaDistanceNm ?? Infinity);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const c of ranking.candidates) {
      expect(c.seaDistanceNm).not.toBeNull();
      expect(c.hoursToReach).toBeCloseTo((c.seaDistanceNm ?? 0) / 8, 1);
      expect(c.basis).toContain('MSC.167(78) 6.12-6.14 (guidance)');
      expect(c.path?.[0]).toEqual(HIGH_SEAS_SOUTH_OF_LAMPEDUSA);
    }
    expect(ranking.candidates).toHaveLength(DEMO_PORTS.length - 2);
  });

  it('ranks by sea, not by the straight line: from the Gulf of Hammamet, Sfax before Tunis behind Cap Bon', () => {
    const position = { lat: 36.0, lon: 10.7 };
    const tunis = DEMO_PORTS.find((p) => p.locode === 'TNLGN') as Port;
    const sfax = DEMO_PORTS.find((p) => p.locode === 'TNSFA') as Port;
    expect(greatCircleNm(position, tunis)).toBeLessThan(greatCircleNm(position, sfax));
    const r = rankPlacesOfSafety({
      position,
      setting: DEMO_SETTING,
      countriesOfOrigin: [],
      ports: DEMO_PORTS,
    });
    const order = names(r.candidates);
    expect(order.indexOf('Sfax')).toBeLessThan(order.indexOf('Tunis (La Goulette)'));
    expect(order[0]).toBe('Sfax');
  });

  it('is deterministic', () => {
    const again = rankPlacesOfSafety({
      position: HIGH_SEAS_SOUTH_OF_LAMPEDUSA,
      setting: DEMO_SETTING,
      countriesOfOrigin: [],
      ports: DEMO_PORTS,
    });
    expect(again).toEqual(ranking);
  });
});

describe('exclusion', () => {
  it("excludes the protection claimants' country of origin, naming it", () => {
    const r = rankPlacesOfSafety({
      position: HIGH_SEAS_SOUTH_OF_LAMPEDUSA,
      setting: { countryAssessments: {} },
      countriesOfOrigin: ['TN'],
      ports: DEMO_PORTS,
    });
    expect(names(r.excluded)).toEqual(['Sfax', 'Tunis (La Goulette)', 'Zarzis']);
    for (const e of r.excluded) {
      expect(e.reason).toBe('TN is a country of origin of persons who expressed fear of return');
      expect(e.grounds).toEqual(['claimant-country-of-origin']);
      expect(e.basis).toEqual([...EXCLUSION_BASIS]);
    }
    // without an assessment, Libyan ports are candidates
    expect(r.candidates.some((c) => c.port.country === 'LY')).toBe(true);
  });

  it('gives both grounds when both apply, and the same wording as the law engine', () => {
    const setting: Setting = DEMO_SETTING;
    const r = rankPlacesOfSafety({
      position: HIGH_SEAS_SOUTH_OF_LAMPEDUSA,
      setting,
      countriesOfOrigin: ['LY'],
      ports: DEMO_PORTS.filter((p) => p.country === 'LY'),
      seaDistance: () => {
        throw new Error('an excluded port is never routed to');
      },
    });
    expect(r.candidates).toEqual([]);
    const ctx = {
      setting,
      persons: { claims: { count: 2, countriesOfOrigin: ['LY'] } },
    } as unknown as CaseContext;
    for (const e of r.excluded) {
      expect(e.grounds).toEqual(['claimant-country-of-origin', 'assessed-unsafe']);
      expect(e.reason.startsWith(excludedReason(ctx, 'LY') as string)).toBe(true);
      expect(e.reason).toContain('assessed unsafe');
    }
  });

  it('keeps a country assessed safe, with its conditions', () => {
    const r = rankPlacesOfSafety({
      position: HIGH_SEAS_SOUTH_OF_LAMPEDUSA,
      setting: {
        countryAssessments: {
          TN: { unsafe: false, conditions: 'not for persons from TN', source: 'demo', date: '2026-02-01' },
        },
      },
      countriesOfOrigin: [],
      ports: DEMO_PORTS.filter((p) => p.locode === 'TNSFA'),
      seaDistance: () => ({ distanceNm: 100, path: [] }),
    });
    expect(r.excluded).toEqual([]);
    expect(r.candidates[0]?.conditions).toBe('not for persons from TN');
  });
});

describe('tie-breaking', () => {
  it('breaks equal distances by facilities (hospital first), then by capacity (larger first)', () => {
    const ports = testPorts([
      port({ name: 'Basic big', medicalFacilities: 'basic', receptionCapacity: 900 }),
      port({ name: 'Hospital small', medicalFacilities: 'hospital', receptionCapacity: 50 }),
      port({ name: 'Hospital big', medicalFacilities: 'hospital', receptionCapacity: 500 }),
      port({ name: 'Near basic', medicalFacilities: 'basic', receptionCapacity: 10 }),
      port({ name: 'Unreachable', medicalFacilities: 'hospital', receptionCapacity: 1000 }),
    ]);
    const r = rankPlacesOfSafety({
      position: { lat: 35, lon: 14 },
      setting: { countryAssessments: {} },
      countriesOfOrigin: [],
      ports,
      speedKnots: 10,
      seaDistance: fixedDistances({
        'Basic big': 40,
        'Hospital small': 40,
        'Hospital big': 40.04,
        'Near basic': 12.5,
        Unreachable: undefined,
      }),
    });
    expect(names(r.candidates)).toEqual([
      'Near basic',
      'Hospital big',
      'Hospital small',
      'Basic big',
      'Unreachable',
    ]);
    expect(r.candidates[0]).toMatchObject({ seaDistanceNm: 12.5, hoursToReach: 1.3 });
    expect(r.candidates[4]).toMatchObject({ seaDistanceNm: null, hoursToReach: null });
  });

  it('orders full ties by port key, so the answer never depends on input order', () => {
    const ports = testPorts([port({ name: 'B', locode: 'ITBBB' }), port({ name: 'A', locode: 'ITAAA' })]);
    const seaDistance = fixedDistances({ A: 10, B: 10 });
    const one = rankPlacesOfSafety({
      position: { lat: 35, lon: 14 },
      setting: { countryAssessments: {} },
      countriesOfOrigin: [],
      ports,
      seaDistance,
    });
    const other = rankPlacesOfSafety({
      position: { lat: 35, lon: 14 },
      setting: { countryAssessments: {} },
      countriesOfOrigin: [],
      ports: [...ports].reverse(),
      seaDistance,
    });
    expect(one.candidates.map((c) => portKey(c.port))).toEqual(['ITAAA', 'ITBBB']);
    expect(other).toEqual(one);
  });

  it('refuses a speed that is not positive', () => {
    expect(() =>
      rankPlacesOfSafety({
        position: { lat: 35, lon: 14 },
        setting: { countryAssessments: {} },
        countriesOfOrigin: [],
        ports: [],
        speedKnots: 0,
      }),
    ).toThrow(RangeError);
  });
});

describe('places the law would still refuse today (domain.md, third countries; second review)', () => {
  // The case: a Maltese unit, persons not yet heard on any destination; the law's own destination check.
  const ctx = (over: Partial<Pick<CaseContext, 'persons' | 'placeOfSafety'>> = {}) =>
    ({
      interceptingState: 'MT',
      setting: {
        states: {},
        countryAssessments: { IT: { unsafe: false, source: 'review', date: '2026-01-01' } },
      },
      assessments: {},
      persons: {
        claims: { count: 0, countriesOfOrigin: [] },
        objections: {},
        informed: [],
        screened: undefined,
        rescued: true,
      },
      placeOfSafety: { declined: [] },
      ...over,
    }) as unknown as CaseContext;

  const rank = (c: CaseContext) => {
    const ports = testPorts([
      port({ name: 'Near Tunisian', country: 'TN' }),
      port({ name: 'Italian', country: 'IT' }),
      port({ name: 'Maltese', country: 'MT' }),
    ]);
    return rankPlacesOfSafety({
      position: { lat: 35, lon: 14 },
      setting: { countryAssessments: c.setting.countryAssessments },
      countriesOfOrigin: [],
      ports,
      seaDistance: fixedDistances({ 'Near Tunisian': 10, Italian: 30, Maltese: 60 }),
      pending: (country) => destinationFailures(c, country, 'designation'),
      declined: c.placeOfSafety.declined,
    });
  };

  it('marks a third country with no assessment on record and ranks it after places the desk would accept (SoM art. 19(1); Hirsi §§156-157)', () => {
    const r = rank(ctx());
    expect(names(r.candidates)).toEqual(['Italian', 'Maltese', 'Near Tunisian']);
    const tunisian = r.candidates.find((c) => c.port.country === 'TN')!;
    expect(tunisian.pending?.map((p) => p.reason)).toEqual(['destination-not-assessed']);
    expect(tunisian.pending?.[0]?.basis.length).toBeGreaterThan(0);
    // the intercepting State's own port needs no assessment; an assessed third country has nothing pending
    expect(r.candidates.find((c) => c.port.country === 'MT')?.pending).toBeUndefined();
    expect(r.candidates.find((c) => c.port.country === 'IT')?.pending).toBeUndefined();
  });

  it('marks a place whose State declined disembarkation in this case and ranks it after the others (SOLAS V/33.1-1)', () => {
    const r = rank(ctx({ placeOfSafety: { declined: ['IT'] } as unknown as CaseContext['placeOfSafety'] }));
    expect(r.candidates.find((c) => c.port.country === 'IT')?.declined).toBe(true);
    expect(names(r.candidates)[0]).toBe('Maltese');
  });
});

describe('reach (SOLAS V/33.1-1: a place of safety the rescued can be taken to)', () => {
  const FAR = port({ name: 'Far', lat: 36, lon: 40 });
  const NEAR = port({ name: 'Near', lat: 36, lon: 14 });
  const position = { lat: 35, lon: 14 };

  it('does not route a port farther than the reach in a straight line; it stays listed, last, with that distance', () => {
    const asked: LatLon[] = [];
    const r = rankPlacesOfSafety({
      position,
      setting: { countryAssessments: {} },
      countriesOfOrigin: [],
      ports: [FAR, NEAR],
      reachNm: 500,
      seaDistance: (_from, to) => {
        asked.push(to);
        return { distanceNm: 61, path: [] };
      },
    });
    expect(asked).toEqual([{ lat: NEAR.lat, lon: NEAR.lon }]);
    expect(names(r.candidates)).toEqual(['Near', 'Far']);
    expect(r.candidates[1]).toMatchObject({ seaDistanceNm: null, hoursToReach: null });
    expect(r.candidates[1]!.beyondReachNm).toBeCloseTo(greatCircleNm(position, FAR), 0);
    expect(r.candidates[0]!.beyondReachNm).toBeUndefined();
    expect(r.note).toBeUndefined();
  });

  it('says so when no port can be reached by sea, naming the nearest in a straight line', () => {
    const r = rankPlacesOfSafety({
      position,
      setting: { countryAssessments: {} },
      countriesOfOrigin: [],
      ports: [FAR],
      reachNm: 500,
      seaDistance: () => ({ distanceNm: 1, path: [] }),
    });
    const straight = Math.round(greatCircleNm(position, FAR) * 10) / 10;
    expect(r.note).toBe(
      `No port in the desk's list can be reached by sea within 500 nm of this position: ask the responsible RCC for a place of safety. The nearest is Far (IT), ${straight} nm away in a straight line.`,
    );
  });
});
