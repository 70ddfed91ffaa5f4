import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ClassifyOptions,
  createIndexedClassifier,
  createNaiveClassifier,
  loadZoneFeatures,
  normalizeZoneFeatures,
  preloadZones,
  type ZoneClassifier,
  zoneClassifier,
} from '../../src/geo/zones.ts';
import { seededRandom } from '../../src/random.ts';

// Every coordinate below was checked against @osm_borders/maritime_1000m, including a ring of
// neighbours 0.03 degrees (~1.8 nm) away that answer the same, so a data refresh that nudges a
// 1000 m-resolution edge does not flip them.

let indexed: ZoneClassifier;
let naive: ZoneClassifier;

beforeAll(() => {
  preloadZones();
  indexed = createIndexedClassifier();
  naive = createNaiveClassifier();
});

describe('loadZoneFeatures', () => {
  it('flattens the GeometryCollections into one Polygon/MultiPolygon per State, memoised', () => {
    const fc = loadZoneFeatures();
    expect(fc).toBe(loadZoneFeatures());
    expect(fc.features.length).toBeGreaterThan(240);
    for (const f of fc.features) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      expect(f.properties.isoA2).toMatch(/^[A-Z]{2}$/);
    }
    const codes = fc.features.map((f) => f.properties.isoA2);
    expect(new Set(codes).size).toBe(codes.length);
    // The three Dutch Caribbean territories have only isoA3 in the source.
    expect(codes).toEqual(expect.arrayContaining(['MT', 'IT', 'LY', 'TN', 'GR', 'BQ', 'CW', 'SX']));
  });
});

describe('territorial sea (real coordinates)', () => {
  it.each([
    ['MT', 35.85, 14.6, 'off Marsaskala, east of Valletta'],
    ['IT', 35.6, 12.6, 'about 4 nm north of Lampedusa'],
    ['TN', 36.85, 11.2, 'off Kelibia, Cap Bon'],
    ['GR', 35.42, 25.13, 'off Heraklion, Crete'],
    ['LY', 32.98, 13.18, 'off Tripoli'],
  ])('%s at %f N %f E (%s)', (state, lat, lon) => {
    for (const classifier of [indexed, naive]) {
      expect(classifier.classify(lat, lon)).toEqual({ zone: 'territorial-sea', state, states: [state] });
    }
  });

  it('contiguous-zone profiles do not change an answer inside a territorial sea', () => {
    expect(indexed.classify(35.85, 14.6, { contiguousZones: { MT: 24, IT: 24 }, state: 'IT' })).toEqual({
      zone: 'territorial-sea',
      state: 'MT',
      states: ['MT'],
    });
  });
});

describe('contiguous zone', () => {
  // ~18 nm east of Malta's coast: 5.7 nm beyond the 12 nm belt.
  const offMalta = [35.9, 14.93] as const;

  it('is the band within the claimed breadth beyond the territorial sea', () => {
    const answer = indexed.classify(...offMalta, { contiguousZones: { MT: 24 } });
    expect(answer).toEqual({
      zone: 'contiguous-zone',
      state: 'MT',
      states: ['MT'],
      distanceToTerritorialSeaNm: 5.7,
    });
  });

  it('does not exist without a profile claiming it', () => {
    expect(indexed.classify(...offMalta)).toEqual({
      zone: 'beyond',
      states: [],
      distanceToTerritorialSeaNm: 5.7,
    });
    expect(indexed.classify(...offMalta, { contiguousZones: { IT: 24 } }).zone).toBe('beyond');
    expect(indexed.classify(...offMalta, { contiguousZones: { MT: 12 } }).zone).toBe('beyond');
  });

  it('ends at the claimed breadth', () => {
    expect(indexed.classify(...offMalta, { contiguousZones: { MT: 17.5 } }).zone).toBe('beyond');
    expect(indexed.classify(...offMalta, { contiguousZones: { MT: 18 } }).zone).toBe('contiguous-zone');
  });

  it('caps a claim at 24 nm (UNCLOS art. 33(2))', () => {
    // 18.6 nm beyond Malta's belt: inside a 40 nm claim, outside the lawful 24 nm.
    expect(indexed.classify(35.9, 15.2, { contiguousZones: { MT: 40 } })).toEqual({
      zone: 'beyond',
      states: [],
      distanceToTerritorialSeaNm: 18.6,
    });
  });

  it('names every State whose band covers the point, preferring options.state', () => {
    // Between Malta and Sicily: 9.9 nm from the nearest belt, within 12 nm of both.
    const both = { contiguousZones: { MT: 24, IT: 24 } };
    expect(indexed.classify(36.42, 14.4, both)).toEqual({
      zone: 'contiguous-zone',
      state: 'IT',
      states: ['IT', 'MT'],
      distanceToTerritorialSeaNm: 9.9,
    });
    expect(indexed.classify(36.42, 14.4, { ...both, state: 'MT' }).state).toBe('MT');
    expect(indexed.classify(36.42, 14.4, { ...both, state: 'FR' }).state).toBe('IT');
    expect(indexed.classify(36.42, 14.4, { contiguousZones: { MT: 24 } }).states).toEqual(['MT']);
  });

  it('accepts lower-case codes', () => {
    expect(indexed.classify(...offMalta, { contiguousZones: { mt: 24 }, state: 'mt' })).toMatchObject({
      zone: 'contiguous-zone',
      state: 'MT',
    });
  });
});

describe('beyond', () => {
  it('is the high seas south-east of Malta, with the distance to the nearest belt', () => {
    const answer = indexed.classify(34.5, 15.5, { contiguousZones: { MT: 24, IT: 24, LY: 24 } });
    expect(answer.zone).toBe('beyond');
    expect(answer.states).toEqual([]);
    expect(answer.state).toBeUndefined();
    // Malta's coast is ~90 nm away, so its belt ~78 nm.
    expect(answer.distanceToTerritorialSeaNm).toBeGreaterThan(70);
    expect(answer.distanceToTerritorialSeaNm).toBeLessThan(90);
  });
});

describe('overlapping claims', () => {
  it('returns both Croatia and Slovenia in the northern Adriatic off Savudrija', () => {
    expect(indexed.classify(45.56, 13.44)).toEqual({
      zone: 'territorial-sea',
      state: 'HR',
      states: ['HR', 'SI'],
    });
    expect(indexed.classify(45.56, 13.44, { state: 'SI' }).state).toBe('SI');
  });

  it('returns both Russia and Ukraine off Sevastopol (the data holds both claims to Crimea)', () => {
    expect(indexed.classify(44.55, 33.3)).toEqual({
      zone: 'territorial-sea',
      state: 'RU',
      states: ['RU', 'UA'],
    });
    expect(indexed.classify(44.55, 33.3, { state: 'UA' }).state).toBe('UA');
  });
});

describe('positions', () => {
  it('wraps longitudes outside -180..180', () => {
    expect(indexed.classify(35.85, 14.6 + 360)).toEqual(indexed.classify(35.85, 14.6));
  });

  it.each([
    [Number.NaN, 14],
    [35, Number.POSITIVE_INFINITY],
    [91, 14],
    [-90.5, 14],
  ])('rejects lat %f lon %f', (lat, lon) => {
    expect(() => indexed.classify(lat, lon)).toThrow(RangeError);
  });

  it('handles the antimeridian (Fiji straddles it)', () => {
    for (const lon of [179.99, -179.99]) {
      expect(indexed.classify(-16.5, lon).states).toEqual(['FJ']);
    }
    const west = indexed.classify(-14.5, 179.99).distanceToTerritorialSeaNm ?? Number.NaN;
    const east = indexed.classify(-14.5, -179.99).distanceToTerritorialSeaNm ?? Number.NaN;
    expect(Math.abs(west - east)).toBeLessThan(1);
  });

  it('zoneClassifier() is one shared indexed classifier', () => {
    expect(zoneClassifier()).toBe(zoneClassifier());
    expect(zoneClassifier().classify(35.85, 14.6).state).toBe('MT');
  });
});

describe('indexed and naive classifiers agree', () => {
  const profiles: Array<ClassifyOptions | undefined> = [
    undefined,
    { contiguousZones: { MT: 24, IT: 24, TN: 24, LY: 24, GR: 24 }, state: 'MT' },
    { contiguousZones: { MT: 18, IT: 20 }, state: 'IT' },
  ];

  it('over 2,000 random points in the central Mediterranean', () => {
    const random = seededRandom(20_260_101);
    const zones = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const lat = 31 + 8 * random();
      const lon = 8 + 17 * random();
      const options = profiles[i % profiles.length];
      const a = indexed.classify(lat, lon, options);
      expect(a, `${lat},${lon}`).toEqual(naive.classify(lat, lon, options));
      zones.set(a.zone, (zones.get(a.zone) ?? 0) + 1);
    }
    // The sample must exercise every branch, or agreement proves little.
    expect(zones.get('territorial-sea')).toBeGreaterThan(100);
    expect(zones.get('contiguous-zone')).toBeGreaterThan(20);
    expect(zones.get('beyond')).toBeGreaterThan(100);
  });

  it('over 300 random points worldwide and along the antimeridian', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const lat = -85 + 170 * random();
      const lon = i % 3 === 0 ? 179.5 + random() * 1 - (random() < 0.5 ? 0 : 360) : -180 + 360 * random();
      const options = { contiguousZones: { FJ: 24, RU: 24, US: 24, NZ: 24 } };
      expect(indexed.classify(lat, lon, options), `${lat},${lon}`).toEqual(naive.classify(lat, lon, options));
    }
  });
});

describe('custom data', () => {
  const square = (x0: number, y0: number, x1: number, y1: number) => [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ];
  const custom: FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { isoA2: 'XA' },
        geometry: {
          type: 'GeometryCollection',
          geometries: [{ type: 'Polygon', coordinates: square(0, 0, 2, 2) }],
        },
      },
      {
        type: 'Feature',
        properties: { isoA2: 'XB' },
        geometry: { type: 'Polygon', coordinates: square(1, 0, 3, 2) },
      },
      {
        type: 'Feature',
        properties: { isoA3: 'CUW' },
        geometry: { type: 'MultiPolygon', coordinates: [square(10, 0, 11, 1)] },
      },
    ],
  };

  it('classifies against a caller-supplied collection', () => {
    const classifier = createIndexedClassifier(custom);
    expect(classifier.classify(1, 1.5)).toEqual({
      zone: 'territorial-sea',
      state: 'XA',
      states: ['XA', 'XB'],
    });
    expect(classifier.classify(0.5, 10.5).states).toEqual(['CW']);
    // One degree of latitude is 60.04 nm on turf's sphere.
    expect(classifier.classify(3, 1)).toEqual({ zone: 'beyond', states: [], distanceToTerritorialSeaNm: 60 });
    expect(classifier.classify(2.1, 1, { contiguousZones: { XA: 24 } })).toMatchObject({
      zone: 'contiguous-zone',
      states: ['XA'],
    });
    expect(createNaiveClassifier(custom).classify(3, 1)).toEqual(classifier.classify(3, 1));
  });

  it('loads a configured GeoJSON file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zones-'));
    const file = join(dir, 'zones.geojson');
    writeFileSync(file, JSON.stringify(custom));
    const fc = loadZoneFeatures(file);
    expect(fc.features.map((f) => f.properties.isoA2)).toEqual(['CW', 'XA', 'XB']);
    expect(createIndexedClassifier(fc).classify(1, 0.5).states).toEqual(['XA']);
  });

  it('rejects features without a State code and files that are not FeatureCollections', () => {
    expect(() =>
      normalizeZoneFeatures({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square(0, 0, 1, 1) } },
        ],
      }),
    ).toThrow(/isoA2/);
    expect(() => normalizeZoneFeatures({ type: 'Feature' })).toThrow(/FeatureCollection/);
  });
});
