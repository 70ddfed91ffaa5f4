import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bboxClip, booleanPointInPolygon, lineIntersect, lineString, polygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSeaRouter,
  greatCircleNm,
  type LatLon,
  landRings,
  type SeaRoute,
  type SeaRouter,
  seaRouter,
} from '../../src/geo/sea-distance.ts';

// The land the router uses, checked here with turf rather than with the router's own predicates: clipped
// to the central Mediterranean so every polygon is small.
const REGION: [number, number, number, number] = [8, 31, 20, 41];
const VALLETTA: LatLon = { lat: 35.9, lon: 14.52 };
const LAMPEDUSA: LatLon = { lat: 35.4995, lon: 12.605 };

let router: SeaRouter;
let land: Array<Feature<Polygon | MultiPolygon>>;

beforeAll(() => {
  router = seaRouter();
  const file = createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
  const rings = landRings(JSON.parse(readFileSync(file, 'utf8')));
  land = [];
  for (const ring of rings) {
    const inRegion = ring.some(
      ([x = 0, y = 0]) => x >= REGION[0] && x <= REGION[2] && y >= REGION[1] && y <= REGION[3],
    );
    if (!inRegion) continue;
    const clipped = bboxClip(polygon([ring]), REGION);
    const g = clipped.geometry;
    if ((g.type === 'Polygon' || g.type === 'MultiPolygon') && g.coordinates.length > 0) {
      land.push({ ...clipped, geometry: g });
    }
  }
});

function onLandTurf(p: LatLon): boolean {
  return land.some((f) => booleanPointInPolygon([p.lon, p.lat], f));
}

// Points where a leg meets the coastline, leaving out those within `toleranceNm` of an end on land (a port
// whose harbour the 1:10m coastline fills in).
function coastCrossings(route: SeaRoute, toleranceNm = 1): LatLon[] {
  const first = route.path[0] as LatLon;
  const last = route.path[route.path.length - 1] as LatLon;
  const ends = [first, last].filter(onLandTurf);
  const out: LatLon[] = [];
  for (let k = 1; k < route.path.length; k++) {
    const a = route.path[k - 1] as LatLon;
    const b = route.path[k] as LatLon;
    const leg = lineString([
      [a.lon, a.lat],
      [b.lon, b.lat],
    ]);
    for (const f of land) {
      for (const hit of lineIntersect(leg, f).features) {
        const [lon = 0, lat = 0] = hit.geometry.coordinates;
        const p = { lat, lon };
        if (!ends.some((e) => greatCircleNm(e, p) <= toleranceNm)) out.push(p);
      }
    }
  }
  return out;
}

function expectSeaRoute(route: SeaRoute | undefined): asserts route is SeaRoute {
  expect(route).toBeDefined();
  if (!route) return;
  expect(coastCrossings(route)).toEqual([]);
  for (const cell of route.cells) expect(onLandTurf(cell), `cell ${cell.lat},${cell.lon}`).toBe(false);
  // the corridor is a chain of neighbouring cells
  for (let k = 1; k < route.cells.length; k++) {
    const a = route.cells[k - 1] as LatLon;
    const b = route.cells[k] as LatLon;
    const step = Math.max(Math.abs(a.lat - b.lat), Math.abs(a.lon - b.lon));
    expect(step).toBeCloseTo(router.cellDeg, 9);
  }
  let along = 0;
  for (let k = 1; k < route.path.length; k++) {
    along += greatCircleNm(route.path[k - 1] as LatLon, route.path[k] as LatLon);
  }
  expect(route.distanceNm).toBeCloseTo(along, 6);
  expect(route.distanceNm).toBeGreaterThanOrEqual(route.greatCircleNm - 1e-9);
}

describe('land mask (Natural Earth 1:10m via world-atlas)', () => {
  it('holds the small islands of the central Mediterranean, and not the sea between them', () => {
    const islands: LatLon[] = [
      { lat: 35.88, lon: 14.45 }, // Malta
      { lat: 36.04, lon: 14.25 }, // Gozo
      { lat: 35.51, lon: 12.6 }, // Lampedusa
      { lat: 35.865, lon: 12.86 }, // Linosa
      { lat: 36.78, lon: 11.99 }, // Pantelleria
      { lat: 34.7, lon: 11.2 }, // Kerkennah
      { lat: 33.8, lon: 10.88 }, // Djerba
      { lat: 37.5, lon: 14.0 }, // Sicily
    ];
    for (const p of islands) expect(router.onLand(p), `${p.lat},${p.lon}`).toBe(true);
    for (const p of [
      { lat: 35.5, lon: 14.5 },
      { lat: 34.0, lon: 13.0 },
      { lat: 36.5, lon: 12.5 },
    ]) {
      expect(router.onLand(p)).toBe(false);
      expect(router.cellTouchesLand(p)).toBe(false);
    }
    // a coastal cell touches land though its centre may be at sea
    expect(router.cellTouchesLand({ lat: 35.5, lon: 12.6 })).toBe(true);
  });

  it('the checks below see a leg across Malta', () => {
    const across: SeaRoute = {
      distanceNm: 24,
      greatCircleNm: 24,
      path: [{ lat: 35.5, lon: 14.45 }, VALLETTA],
      cells: [],
      direct: true,
    };
    expect(coastCrossings(across).length).toBeGreaterThan(0);
    expect(router.crossesLand({ lat: 35.5, lon: 14.45 }, { lat: 36.2, lon: 14.45 })).toBe(true);
  });

  it('agrees with turf on points across the region', () => {
    let disagreements = 0;
    for (let lat = 33; lat <= 38; lat += 0.173) {
      for (let lon = 10; lon <= 16; lon += 0.191) {
        if (router.onLand({ lat, lon }) !== onLandTurf({ lat, lon })) disagreements++;
      }
    }
    expect(disagreements).toBe(0);
  });
});

describe('sea distance', () => {
  it('from 35.5N 14.5E to Valletta: about 24 nm, rounding Malta, well below the x1.32 of searoute', () => {
    const route = router.route({ lat: 35.5, lon: 14.5 }, VALLETTA);
    expectSeaRoute(route);
    expect(route.greatCircleNm).toBeCloseTo(24.0, 0);
    expect(route.distanceNm).toBeGreaterThan(24);
    expect(route.distanceNm).toBeLessThan(28);
    expect(route.distanceNm / route.greatCircleNm).toBeLessThan(1.15);
  });

  it('from Lampedusa to Valletta: a little over the great circle', () => {
    const route = router.route(LAMPEDUSA, VALLETTA);
    expectSeaRoute(route);
    expect(route.greatCircleNm).toBeGreaterThan(94);
    expect(route.greatCircleNm).toBeLessThan(98);
    expect(route.distanceNm / route.greatCircleNm).toBeLessThan(1.1);
    // the same both ways, give or take how the corridor was pulled tight
    const back = router.route(VALLETTA, LAMPEDUSA);
    expectSeaRoute(back);
    expect(Math.abs(back.distanceNm - route.distanceNm)).toBeLessThan(3);
  });

  it('is the great circle when the straight line is clear of land', () => {
    const a = { lat: 34.0, lon: 13.0 };
    const b = { lat: 34.6, lon: 14.2 };
    const route = router.route(a, b);
    expectSeaRoute(route);
    expect(route.direct).toBe(true);
    expect(route.distanceNm).toBe(greatCircleNm(a, b));
    expect(route.path).toEqual([a, b]);
  });

  it('goes around the toe of Italy from the Tyrrhenian to the Gulf of Taranto', () => {
    const route = router.route({ lat: 39.0, lon: 15.5 }, { lat: 39.5, lon: 17.5 });
    expectSeaRoute(route);
    expect(route.direct).toBe(false);
    expect(route.greatCircleNm).toBeLessThan(100);
    expect(route.distanceNm / route.greatCircleNm).toBeGreaterThan(1.8);
    // the route goes south of Calabria (Capo Spartivento, ~37.9N)
    expect(Math.min(...route.path.map((p) => p.lat))).toBeLessThan(38.2);
  });

  it('goes around Cap Bon from the Gulf of Tunis to the Gulf of Hammamet', () => {
    const route = router.route({ lat: 37.0, lon: 10.5 }, { lat: 36.3, lon: 10.8 });
    expectSeaRoute(route);
    expect(route.distanceNm / route.greatCircleNm).toBeGreaterThan(1.5);
    // around the cape's tip (~37.08N 11.05E), not across the peninsula
    expect(Math.max(...route.path.map((p) => p.lon))).toBeGreaterThan(11.0);
  });

  it('reaches every demo harbour from the high seas, ports on a filled-in harbour included', () => {
    const ports: LatLon[] = [
      { lat: 37.286, lon: 13.527 }, // Porto Empedocle
      { lat: 37.497, lon: 15.095 }, // Catania
      { lat: 36.814, lon: 10.308 }, // La Goulette
      { lat: 32.903, lon: 13.189 }, // Tripoli
    ];
    for (const port of ports) expectSeaRoute(router.route({ lat: 35.2, lon: 13.5 }, port));
  });

  it('answers nothing for a position far inland', () => {
    expect(router.route({ lat: 37.55, lon: 14.3 }, VALLETTA)).toBeUndefined();
  });

  it('refuses what is not a position', () => {
    expect(() => router.route({ lat: Number.NaN, lon: 14 }, VALLETTA)).toThrow(RangeError);
    expect(() => router.route({ lat: 89, lon: 14 }, VALLETTA)).toThrow(RangeError);
  });
});

describe('sea distance over other land', () => {
  // A 1-degree square island on the equator between the two points.
  const island: FeatureCollection<Polygon> = {
    type: 'FeatureCollection',
    features: [
      polygon([
        [
          [0, -0.5],
          [1, -0.5],
          [1, 0.5],
          [0, 0.5],
          [0, -0.5],
        ],
      ]),
    ],
  };

  it('goes around an island by the shorter side and close to the taut string', () => {
    const r = createSeaRouter({ land: island, cellDeg: 0.05 });
    const route = r.route({ lat: 0.1, lon: -0.5 }, { lat: 0.1, lon: 1.5 });
    expect(route).toBeDefined();
    if (!route) return;
    for (let k = 1; k < route.path.length; k++) {
      expect(r.crossesLand(route.path[k - 1] as LatLon, route.path[k] as LatLon)).toBe(false);
    }
    // over the north side: 0.5 across to the corner (0, 0.5), 1 along, 0.5 back, in degrees at the equator
    const taut = (Math.hypot(0.5, 0.4) * 2 + 1) * 60;
    expect(route.distanceNm).toBeGreaterThan(taut - 0.5);
    expect(route.distanceNm).toBeLessThan(taut * 1.05);
    expect(Math.max(...route.path.map((p) => p.lat))).toBeGreaterThan(0.5);
  });

  it('takes GeoJSON and TopoJSON alike', () => {
    const topology = {
      type: 'Topology',
      transform: { scale: [0.5, 0.5], translate: [0, -0.5] },
      objects: { land: { type: 'Polygon', arcs: [[0]] } },
      arcs: [
        [
          [0, 0],
          [2, 0],
          [0, 2],
          [-2, 0],
          [0, -2],
        ],
      ],
    };
    const fromTopo = createSeaRouter({ land: topology });
    const fromGeo = createSeaRouter({ land: island });
    const a = { lat: 0.1, lon: -0.5 };
    const b = { lat: 0.1, lon: 1.5 };
    expect(fromTopo.onLand({ lat: 0, lon: 0.5 })).toBe(true);
    expect(fromTopo.route(a, b)?.distanceNm).toBeCloseTo(fromGeo.route(a, b)?.distanceNm ?? 0, 9);
  });
});
