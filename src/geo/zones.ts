// Maritime zone of a position: inside some State's territorial sea (the data merges land, internal waters
// and the 12 nm belt), inside a claimed contiguous zone, or beyond (EEZ or high seas, alike for interception).
// The data holds no EEZs and no baselines, so a contiguous zone is derived as the band of `breadth - 12` nm
// around the territorial-sea polygons.
import { booleanPointInPolygon } from '@turf/turf';
import type { FeatureCollection, Position } from 'geojson';
import { RAD } from './great-circle.ts';
import { loadZoneFeatures } from './zone-data.ts';
import {
  buildIndexes,
  capBoxes,
  latitudeBoundNm,
  type Prepared,
  type Probe,
  prepare,
  segmentDistanceNm,
} from './zone-edges.ts';

export {
  loadZoneFeatures,
  normalizeZoneFeatures,
  ZONES_FILE_ENV,
  type ZoneFeature,
  type ZoneFeatureCollection,
} from './zone-data.ts';

export type ZoneName = 'territorial-sea' | 'contiguous-zone' | 'beyond';

export interface ZoneAnswer {
  zone: ZoneName;
  state?: string;
  states: string[];
  distanceToTerritorialSeaNm?: number;
}

export interface ClassifyOptions {
  // alpha-2 -> claimed contiguous-zone breadth in nautical miles measured from baselines (at most 24).
  // Only States listed here have a contiguous zone.
  contiguousZones?: Record<string, number>;
  // the State whose contiguous zone/claim the caller cares about; when it is among several claimants,
  // answer.state is it
  state?: string;
}

export interface ZoneClassifier {
  classify(lat: number, lon: number, options?: ClassifyOptions): ZoneAnswer;
}

const TERRITORIAL_SEA_NM = 12;
// UNCLOS art. 33(2): a contiguous zone may not extend beyond 24 nm from the baselines.
const MAX_CONTIGUOUS_NM = 24;

interface ZoneIndex {
  prepared: Prepared;
  claimants(lon: number, lat: number): number[];
  nearestNm(q: Probe): number;
  withinNm(q: Probe, state: number, radiusNm: number): boolean;
}

function naiveZones(prepared: Prepared): ZoneIndex {
  const scan = (q: Probe, from: number, to: number, best: number): number => {
    for (let i = from; i < to; i++) {
      if (latitudeBoundNm(prepared, i, q) > best) continue;
      const d = segmentDistanceNm(prepared, i, q);
      if (d < best) best = d;
    }
    return best;
  };
  return {
    prepared,
    claimants(lon, lat) {
      const found: number[] = [];
      prepared.stateGeometries.forEach((geometry, s) => {
        if (booleanPointInPolygon([lon, lat], geometry)) found.push(s);
      });
      return found;
    },
    nearestNm: (q) => scan(q, 0, prepared.segAx.length, Infinity),
    withinNm: (q, s, radiusNm) =>
      scan(q, prepared.stateSegStart[s] ?? 0, prepared.stateSegEnd[s] ?? 0, Infinity) <= radiusNm,
  };
}

function indexedZones(prepared: Prepared): ZoneIndex {
  const indexes = buildIndexes(prepared);
  return {
    prepared,
    claimants(lon, lat) {
      const found = new Set<number>();
      for (const k of indexes.polygons.search(lon, lat, lon, lat)) {
        const s = prepared.polygonState[k] as number;
        if (found.has(s)) continue;
        const polygon = prepared.polygons[k] as Position[][];
        if (booleanPointInPolygon([lon, lat], { type: 'Polygon', coordinates: polygon })) found.add(s);
      }
      return [...found];
    },
    nearestNm(q) {
      if (prepared.segAx.length === 0) return Infinity;
      // The nearest boxes in degrees give an upper bound; the cap of that radius then holds the true
      // nearest edge, however lon/lat distorts distance.
      let best = Infinity;
      for (const i of indexes.segments.neighbors(q.lon, q.lat, 4)) {
        const d = segmentDistanceNm(prepared, i, q);
        if (d < best) best = d;
      }
      for (const [minX, minY, maxX, maxY] of capBoxes(q, best)) {
        indexes.segments.search(minX, minY, maxX, maxY, (i) => {
          if (latitudeBoundNm(prepared, i, q) <= best) {
            const d = segmentDistanceNm(prepared, i, q);
            if (d < best) best = d;
          }
          return false;
        });
      }
      return best;
    },
    withinNm(q, s, radiusNm) {
      return capBoxes(q, radiusNm).some(([minX, minY, maxX, maxY]) =>
        indexes.segments.collides(
          minX,
          minY,
          maxX,
          maxY,
          (i) => prepared.segState[i] === s && segmentDistanceNm(prepared, i, q) <= radiusNm,
        ),
      );
    },
  };
}

function pick(states: string[], preferred: string | undefined): string | undefined {
  return preferred !== undefined && states.includes(preferred) ? preferred : states[0];
}

function classifyWith(index: ZoneIndex, lat: number, lon: number, options: ClassifyOptions = {}): ZoneAnswer {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90) {
    throw new RangeError(`not a position: lat ${lat}, lon ${lon}`);
  }
  if (lon < -180 || lon > 180) lon = ((((lon + 180) % 360) + 360) % 360) - 180;
  const { prepared } = index;
  const preferred = options.state?.toUpperCase();

  const inside = index
    .claimants(lon, lat)
    .map((s) => prepared.states[s] as string)
    .sort();
  if (inside.length > 0) return { zone: 'territorial-sea', state: pick(inside, preferred), states: inside };

  const q: Probe = { lon, lat, cosLat: Math.cos(lat * RAD) };
  const nearest = index.nearestNm(q);
  const distanceToTerritorialSeaNm = Number.isFinite(nearest) ? Math.round(nearest * 10) / 10 : undefined;

  const contiguous: string[] = [];
  for (const [code, claimed] of Object.entries(options.contiguousZones ?? {})) {
    if (!Number.isFinite(claimed)) continue;
    const band = Math.min(claimed, MAX_CONTIGUOUS_NM) - TERRITORIAL_SEA_NM;
    const s = prepared.stateOf.get(code.toUpperCase());
    // No State's belt is nearer than the nearest belt, which spares the per-State search out at sea.
    if (band <= 0 || s === undefined || nearest > band) continue;
    if (index.withinNm(q, s, band)) contiguous.push(prepared.states[s] as string);
  }
  const answer: ZoneAnswer =
    contiguous.length > 0
      ? { zone: 'contiguous-zone', state: pick(contiguous.sort(), preferred), states: contiguous }
      : { zone: 'beyond', states: [] };
  if (distanceToTerritorialSeaNm !== undefined)
    answer.distanceToTerritorialSeaNm = distanceToTerritorialSeaNm;
  return answer;
}

function lazyClassifier(
  collection: FeatureCollection | undefined,
  make: (p: Prepared) => ZoneIndex,
): ZoneClassifier {
  let index: ZoneIndex | undefined;
  return {
    classify(lat, lon, options) {
      index ??= make(prepare(collection ?? loadZoneFeatures()));
      return classifyWith(index, lat, lon, options);
    },
  };
}

// Flatbush prefilters polygons by bounding box and edges by a spherical cap: ~150x cheaper than naive
// (bench/geo.ts), with identical answers because both share the same predicates and distance arithmetic.
export function createIndexedClassifier(collection?: FeatureCollection): ZoneClassifier {
  return lazyClassifier(collection, indexedZones);
}

// The reference the indexed classifier is tested against: every State's geometry, every edge.
export function createNaiveClassifier(collection?: FeatureCollection): ZoneClassifier {
  return lazyClassifier(collection, naiveZones);
}

// Reads, flattens and indexes the data now (e.g. at server start) rather than on the first request.
export function preloadZones(collection?: FeatureCollection): void {
  buildIndexes(prepare(collection ?? loadZoneFeatures()));
}

let defaultClassifier: ZoneClassifier | undefined;

// The process-wide classifier over the configured data; the data is read on its first use.
export function zoneClassifier(): ZoneClassifier {
  defaultClassifier ??= createIndexedClassifier();
  return defaultClassifier;
}
