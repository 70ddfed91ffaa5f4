// The chart's decisions, in Node: which box of land and seas it asks the desk for as the officer pans and
// zooms, which sea route it draws and what it says in words; and the desk's contiguous zones, drawn where
// the classifier puts them.
import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { boxToLoad, claimsParam } from '../../src/console/browser/chart/geography.ts';
import { routeTarget, situationOf } from '../../src/console/browser/pages/case/chart-situation.ts';
import { CaseStore, type Row } from '../../src/console/browser/pages/case/store.ts';
import type { CaseView, Ranking } from '../../src/console/browser/types.ts';
import { contiguousIn, parseClaims } from '../../src/console/contiguous.ts';
import type { BBox } from '../../src/console/geo-box.ts';
import { DEMO_SETTING } from '../../src/directory/demo.ts';
import { contiguousZonesOf } from '../../src/geo/law-zones.ts';
import { zoneClassifier } from '../../src/geo/zones.ts';

const port = (name: string, country: string, lat: number, lon: number) =>
  ({
    name,
    country,
    lat,
    lon,
    medicalFacilities: 'basic',
    receptionCapacity: 10,
  }) as Ranking['candidates'][number]['port'];

const candidate = (p: ReturnType<typeof port>, nm: number): Ranking['candidates'][number] => ({
  port: p,
  seaDistanceNm: nm,
  hoursToReach: nm / 8,
  medicalFacilities: 'basic',
  receptionCapacity: 10,
  basis: [],
  path: [
    { lat: 35.2, lon: 12.58 },
    { lat: p.lat, lon: p.lon },
  ],
});

const LAMPEDUSA = port('Lampedusa', 'IT', 35.5, 12.6);
const VALLETTA = port('Valletta', 'MT', 35.9, 14.52);
const POZZALLO = port('Pozzallo', 'IT', 36.72, 14.84);
const ranking = (): Ranking => ({
  position: { lat: 35.2, lon: 12.58 },
  speedKnots: 8,
  reachNm: 1000,
  candidates: [candidate(LAMPEDUSA, 18), candidate(VALLETTA, 105), candidate(POZZALLO, 120)],
  excluded: [{ port: port('Tripoli', 'LY', 32.9, 13.18), reason: 'unsafe', grounds: [], basis: [] }],
});

const area = (b: BBox) => (b[2] - b[0]) * (b[3] - b[1]);

describe('the land and seas the chart asks for', () => {
  const view: BBox = [12, 34.6, 13.2, 35.6];

  it('asks for the view and half of it again on each side, then nothing while the view stays inside', () => {
    const box = boxToLoad(view, undefined);
    expect(box).toEqual([11.4, 34.1, 13.8, 36.1]);
    expect(boxToLoad(view, box)).toBeUndefined();
    // a small pan stays inside
    expect(boxToLoad([12.3, 34.8, 13.5, 35.8], box)).toBeUndefined();
    // a little closer is still fine; a zoom step in (half the view) is finer than the answer was simplified
    // for, and asks for a smaller box
    expect(boxToLoad([12.15, 34.7, 13.05, 35.5], box)).toBeUndefined();
    const fine = boxToLoad([12.3, 34.85, 12.9, 35.35], box);
    expect(fine).toEqual([12, 34.6, 13.2, 35.6]);
    expect(area(fine as BBox)).toBeLessThan(area(box as BBox) / 3);
    // a pan out of it asks again
    expect(boxToLoad([13.5, 34.6, 14.7, 35.6], box)).toBeDefined();
  });

  it('never asks for more than the desk allows, nor for anything off the globe', () => {
    const wide = boxToLoad([-40, -20, 60, 50], undefined) as BBox;
    expect(wide[2] - wide[0]).toBeLessThanOrEqual(30);
    expect(wide[3] - wide[1]).toBeLessThanOrEqual(30);
    // the middle of what is seen, and no asking again for the same wide view
    expect((wide[0] + wide[2]) / 2).toBeCloseTo(10, 1);
    expect(boxToLoad([-40, -20, 60, 50], wide)).toBeUndefined();
    const corner = boxToLoad([170, 80, 180, 90], undefined) as BBox;
    expect(corner[2]).toBeLessThanOrEqual(180);
    expect(corner[3]).toBeLessThanOrEqual(90);
    expect(corner[2] - corner[0]).toBeCloseTo(20, 1);
  });

  it('names the contiguous zones the directory claims, as the desk takes them', () => {
    expect(claimsParam(DEMO_SETTING)).toBe('IT:24,MT:24');
    expect(claimsParam({ states: { GR: {} } })).toBe('');
    expect(parseClaims(claimsParam(DEMO_SETTING))).toEqual(contiguousZonesOf(DEMO_SETTING));
  });
});

describe('the sea route and the words beside the chart', () => {
  const decided = (placeOfSafety: Partial<CaseView['placeOfSafety']>) => ({
    placeOfSafety: { declined: [], ...placeOfSafety },
  });

  it('routes to the place designated, else proposed, else the nearest candidate', () => {
    expect(routeTarget(decided({}), ranking())).toMatchObject({ why: 'nearest', name: 'Lampedusa' });
    expect(routeTarget(decided({ proposed: { country: 'MT', port: 'Valletta' } }), ranking())).toMatchObject({
      why: 'proposed',
      candidate: { port: { name: 'Valletta' } },
    });
    const both = decided({
      proposed: { country: 'MT', port: 'Valletta' },
      designated: { by: 'RCC', country: 'IT', port: 'pozzallo', usableWhenDesignated: true },
    });
    expect(routeTarget(both, ranking())).toMatchObject({ why: 'designated', name: 'Pozzallo' });
    // a country without a port: its nearest candidate
    const country = decided({ designated: { by: 'RCC', country: 'IT', usableWhenDesignated: true } });
    expect(routeTarget(country, ranking())?.candidate?.port.name).toBe('Lampedusa');
    // a place the desk does not rank: named, with no route
    const elsewhere = decided({
      designated: { by: 'authority', country: 'GR', port: 'Souda', usableWhenDesignated: true },
    });
    expect(routeTarget(elsewhere, ranking())).toEqual({ why: 'designated', name: 'Souda', country: 'GR' });
    expect(routeTarget(decided({}), undefined)).toBeUndefined();
  });

  it('says where the vessel is, how it got there and where it goes, and lists the ports by importance', () => {
    const store = new CaseStore();
    const view = {
      version: 3,
      position: { lat: 35.2, lon: 12.58 },
      zone: { zone: 'contiguous-zone', state: 'IT', states: ['IT'] },
      persons: {},
      placeOfSafety: { declined: [], proposed: { country: 'MT', port: 'Valletta' } },
    } as unknown as CaseView;
    const row = (
      seq: number,
      type: string,
      event: Record<string, unknown>,
      at: string,
    ): Row & { at: string } => ({
      seq,
      type,
      event: { type, ...event },
      outcome: 'applied',
      hash: `h${seq}`,
      prev: `h${seq - 1}`,
      at,
    });
    store.update({
      view,
      rows: new Map([
        [
          1,
          row(1, 'CASE_OPENED', { opening: { position: { lat: 34.9, lon: 12.6 } } }, '2026-05-03T02:10:00Z'),
        ],
        [2, row(2, 'POSITION_REPORTED', { lat: 35.2, lon: 12.58 }, '2026-05-03T03:05:00Z')],
      ]),
      places: ranking(),
    });
    const s = situationOf(store.get());
    expect(s?.summary).toBe(
      'Vessel last reported at 35°12.000′N 012°34.800′E (3 May 03:05 UTC), in the contiguous zone of IT.' +
        ' 2 reported positions, the first at 34°54.000′N 012°36.000′E.' +
        ' Sea route to Valletta (MT), the place of safety proposed: 105 nm, about 13.125 h.',
    );
    // the place the route goes to first, so its label keeps its place when labels crowd
    expect(s?.ports.map((p) => [p.label, p.kind])).toEqual([
      ['2. Valletta (proposed)', 'target'],
      ['1. Lampedusa', 'candidate'],
      ['3. Pozzallo', 'candidate'],
      ['Tripoli (excluded)', 'excluded'],
    ]);
    expect(s?.route).toEqual(candidate(VALLETTA, 105).path);
    expect(s?.track.map((p) => p.seq)).toEqual([1, 2]);
  });
});

describe('the contiguous zones on the chart', () => {
  const box: BBox = [11.5, 34.3, 13.6, 36.0];

  it('reads the claims as the directory states them and names what is wrong', () => {
    expect(parseClaims('IT:24, mt:18.5')).toEqual({ IT: 24, MT: 18.5 });
    expect(parseClaims('')).toEqual({});
    expect(parseClaims('IT:12')).toMatch(/more than 12 and at most 24 nm/);
    expect(parseClaims('IT:25')).toMatch(/more than 12 and at most 24 nm/);
    expect(parseClaims('Italy:24')).toMatch(/not a claim/);
  });

  it('draws the zone where the desk classifies a position as in it, and only for States that claim one', () => {
    const zones = contiguousIn(box, { IT: 24, MT: 24 });
    // Malta's zone does not reach this box; Italy's (around Lampedusa and Linosa) does
    expect(zones.map((z) => z.state)).toEqual(['IT']);
    const inZone = (lat: number, lon: number) =>
      zones.some((z) =>
        z.polygons.some((rings) =>
          booleanPointInPolygon([lon, lat], { type: 'Polygon', coordinates: rings }),
        ),
      );
    const classify = (lat: number, lon: number) =>
      zoneClassifier().classify(lat, lon, { contiguousZones: { IT: 24, MT: 24 } }).zone;
    // a fix in the band, one far beyond it, one inside the territorial sea (drawn above the zone)
    for (const [lat, lon] of [
      [35.2, 12.58],
      [34.9, 12.6],
      [35.45, 12.6],
    ] as const) {
      const zone = classify(lat, lon);
      expect(inZone(lat, lon), `${lat}, ${lon}: ${zone}`).toBe(zone !== 'beyond');
    }
    for (const [lon, lat] of zones.flatMap((z) => z.polygons.flat(2))) {
      expect(lon).toBeGreaterThanOrEqual(box[0]);
      expect(lat).toBeLessThanOrEqual(box[3]);
    }
    expect(contiguousIn(box, {})).toEqual([]);
    expect(contiguousIn(box, { GR: 24 })).toEqual([]);
  });
});
