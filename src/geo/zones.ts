// Maritime zone of a position: inside some State's territorial sea (the data merges land, internal waters
// and the 12 nm belt), inside a claimed contiguous zone, or beyond (EEZ or high seas, alike for interception).
// The data holds no EEZs and no baselines, so a contiguous zone is derived as the band of `breadth - 12` nm
// around the territorial-sea polygons.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

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

export type ZoneFeature = Feature<Polygon | MultiPolygon, { isoA2: string }>;
export type ZoneFeatureCollection = FeatureCollection<Polygon | MultiPolygon, { isoA2: string }>;

// Overrides the bundled borders with another GeoJSON whose features carry properties.isoA2.
export const ZONES_FILE_ENV = 'DESK_ZONES_FILE';

// Turf's mean Earth radius, so our distances agree with turf's haversine.
const EARTH_RADIUS_NM = 6371008.8 / 1852;
const RAD = Math.PI / 180;
const TERRITORIAL_SEA_NM = 12;
// UNCLOS art. 33(2): a contiguous zone may not extend beyond 24 nm from the baselines.
const MAX_CONTIGUOUS_NM = 24;
// Slack for floating-point rounding, so a prefilter never drops a segment the exact scan would keep.
const SLACK_NM = 1e-6;
const SLACK_DEG = 1e-9;

// osm_borders leaves isoA2 out for three Dutch Caribbean territories that have their own ISO code.
const ALPHA3_FALLBACK: Readonly<Record<string, string>> = { BES: 'BQ', CUW: 'CW', SXM: 'SX' };

function defaultZonesFile(): string {
  return createRequire(import.meta.url).resolve('@osm_borders/maritime_1000m/borders.geo.json');
}

const loaded = new Map<string, ZoneFeatureCollection>();

// Parsing and flattening the 2.5 MB file takes ~100 ms, so each file is read once per process.
export function loadZoneFeatures(file?: string): ZoneFeatureCollection {
  const path = file ?? process.env[ZONES_FILE_ENV] ?? defaultZonesFile();
  let collection = loaded.get(path);
  if (!collection) {
    collection = normalizeZoneFeatures(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
    loaded.set(path, collection);
  }
  return collection;
}

function stateCode(properties: unknown, where: string): string {
  const props = (properties ?? {}) as { isoA2?: unknown; isoA3?: unknown };
  const code =
    typeof props.isoA2 === 'string'
      ? props.isoA2.toUpperCase()
      : typeof props.isoA3 === 'string'
        ? ALPHA3_FALLBACK[props.isoA3.toUpperCase()]
        : undefined;
  if (!code || !/^[A-Z]{2}$/.test(code)) throw new Error(`${where}: no ISO alpha-2 code in properties.isoA2`);
  return code;
}

function collectPolygons(geometry: Geometry | null, out: Position[][][]): void {
  if (!geometry) return;
  switch (geometry.type) {
    case 'Polygon':
      out.push(geometry.coordinates);
      return;
    case 'MultiPolygon':
      out.push(...geometry.coordinates);
      return;
    case 'GeometryCollection':
      for (const g of geometry.geometries) collectPolygons(g, out);
      return;
    default:
      // Points and lines enclose no water; they can neither contain a position nor bound a zone.
      return;
  }
}

// One Polygon/MultiPolygon feature per State: turf cannot test GeometryCollections, and a State split over
// several features (as a configured file may do) is still one claimant.
export function normalizeZoneFeatures(input: unknown, where = 'zones'): ZoneFeatureCollection {
  const fc = input as Partial<FeatureCollection> | null;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new Error(`${where}: not a GeoJSON FeatureCollection`);
  }
  const byState = new Map<string, Position[][][]>();
  fc.features.forEach((feature, i) => {
    const code = stateCode(feature.properties, `${where} feature ${i}`);
    const polygons = byState.get(code) ?? [];
    collectPolygons(feature.geometry, polygons);
    byState.set(code, polygons);
  });
  const features: ZoneFeature[] = [];
  for (const code of [...byState.keys()].sort()) {
    const polygons = byState.get(code) ?? [];
    for (const [j, polygon] of polygons.entries()) {
      for (const ring of polygon) {
        const first = ring[0];
        const last = ring[ring.length - 1];
        if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) {
          throw new Error(`${where}: ${code} polygon ${j} has an unclosed or degenerate ring`);
        }
      }
    }
    if (polygons.length === 0) continue;
    const geometry: Polygon | MultiPolygon =
      polygons.length === 1 && polygons[0]
        ? { type: 'Polygon', coordinates: polygons[0] }
        : { type: 'MultiPolygon', coordinates: polygons };
    features.push({ type: 'Feature', properties: { isoA2: code }, geometry });
  }
  return { type: 'FeatureCollection', features };
}

// Flat arrays of every ring edge, grouped by State, shared by both classifiers so that their distances
// come from the same arithmetic and agree to the last bit.
interface Prepared {
  states: string[];
  stateOf: Map<string, number>;
  stateGeometries: Array<Polygon | MultiPolygon>;
  polygons: Position[][][];
  polygonState: Uint16Array;
  segAx: Float64Array;
  segAy: Float64Array;
  segBx: Float64Array;
  segBy: Float64Array;
  segState: Uint16Array;
  stateSegStart: Uint32Array;
  stateSegEnd: Uint32Array;
}

interface Indexes {
  polygons: Flatbush;
  segments: Flatbush;
}

const preparedCache = new WeakMap<object, Prepared>();
const indexCache = new WeakMap<Prepared, Indexes>();

function prepare(collection: FeatureCollection): Prepared {
  const cached = preparedCache.get(collection);
  if (cached) return cached;
  const normalized = normalizeZoneFeatures(collection);
  const states: string[] = [];
  const stateGeometries: Array<Polygon | MultiPolygon> = [];
  const polygons: Position[][][] = [];
  const polygonStates: number[] = [];
  let segmentCount = 0;
  for (const feature of normalized.features) {
    const s = states.length;
    states.push(feature.properties.isoA2);
    stateGeometries.push(feature.geometry);
    const own =
      feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const polygon of own) {
      polygons.push(polygon);
      polygonStates.push(s);
      for (const ring of polygon) segmentCount += ring.length - 1;
    }
  }
  const segAx = new Float64Array(segmentCount);
  const segAy = new Float64Array(segmentCount);
  const segBx = new Float64Array(segmentCount);
  const segBy = new Float64Array(segmentCount);
  const segState = new Uint16Array(segmentCount);
  const stateSegStart = new Uint32Array(states.length);
  const stateSegEnd = new Uint32Array(states.length);
  let n = 0;
  let previousState = -1;
  polygons.forEach((polygon, p) => {
    const s = polygonStates[p] ?? 0;
    if (s !== previousState) {
      stateSegStart[s] = n;
      previousState = s;
    }
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1] as Position;
        const b = ring[i] as Position;
        segAx[n] = a[0] as number;
        segAy[n] = a[1] as number;
        segBx[n] = b[0] as number;
        segBy[n] = b[1] as number;
        segState[n] = s;
        n++;
      }
    }
    stateSegEnd[s] = n;
  });
  const prepared: Prepared = {
    states,
    stateOf: new Map(states.map((code, i) => [code, i])),
    stateGeometries,
    polygons,
    polygonState: Uint16Array.from(polygonStates),
    segAx,
    segAy,
    segBx,
    segBy,
    segState,
    stateSegStart,
    stateSegEnd,
  };
  preparedCache.set(collection, prepared);
  return prepared;
}

function buildIndexes(prepared: Prepared): Indexes {
  const cached = indexCache.get(prepared);
  if (cached) return cached;
  // Per polygon rather than per State: Russia, the US and France span the globe, so a State's box would
  // match almost everywhere.
  const polygonIndex = new Flatbush(Math.max(1, prepared.polygons.length));
  for (const polygon of prepared.polygons) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x = 0, y = 0] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    polygonIndex.add(minX, minY, maxX, maxY);
  }
  if (prepared.polygons.length === 0) polygonIndex.add(Infinity, Infinity, Infinity, Infinity);
  polygonIndex.finish();
  const { segAx, segAy, segBx, segBy } = prepared;
  const segmentIndex = new Flatbush(Math.max(1, segAx.length));
  for (let i = 0; i < segAx.length; i++) {
    const ax = segAx[i] as number;
    const ay = segAy[i] as number;
    const bx = segBx[i] as number;
    const by = segBy[i] as number;
    segmentIndex.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  if (segAx.length === 0) segmentIndex.add(Infinity, Infinity, Infinity, Infinity);
  segmentIndex.finish();
  const indexes = { polygons: polygonIndex, segments: segmentIndex };
  indexCache.set(prepared, indexes);
  return indexes;
}

// A query point with the trigonometry both distance routines need, computed once per classify.
interface Probe {
  lon: number;
  lat: number;
  cosLat: number;
}

// Great-circle distance from the probe to one boundary edge. The edge is straight in lon/lat (as the
// point-in-polygon test treats it); its nearest point is found in a local equirectangular frame and then
// measured by haversine. That is a true distance to a point of the edge, exact where it matters (a few nm
// off a coast) and never more than the edge's length too long far from land.
function segmentDistanceNm(p: Prepared, i: number, q: Probe): number {
  const ax = p.segAx[i] as number;
  const ay = p.segAy[i] as number;
  const ex = (p.segBx[i] as number) - ax;
  const ey = (p.segBy[i] as number) - ay;
  let dx = ax - q.lon;
  if (dx > 180) dx -= 360;
  else if (dx < -180) dx += 360;
  const exk = ex * q.cosLat;
  const len2 = exk * exk + ey * ey;
  let t = len2 > 0 ? (-dx * q.cosLat * exk + (q.lat - ay) * ey) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const lon = ax + t * ex;
  const lat = ay + t * ey;
  const sinDLat = Math.sin(((lat - q.lat) * RAD) / 2);
  const sinDLon = Math.sin(((lon - q.lon) * RAD) / 2);
  const h = sinDLat * sinDLat + q.cosLat * Math.cos(lat * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(h)));
}

// The latitude gap alone bounds a great-circle distance from below; it spares most haversines.
function latitudeBoundNm(p: Prepared, i: number, q: Probe): number {
  const ay = p.segAy[i] as number;
  const by = p.segBy[i] as number;
  const gap = Math.max(0, Math.min(ay, by) - q.lat, q.lat - Math.max(ay, by));
  return gap * RAD * EARTH_RADIUS_NM - SLACK_NM;
}

// Lon/lat boxes covering every point within `radiusNm` of the probe (a spherical cap), split at the
// antimeridian.
function capBoxes(q: Probe, radiusNm: number): Array<[number, number, number, number]> {
  const theta = (radiusNm + SLACK_NM) / EARTH_RADIUS_NM;
  const dLat = theta / RAD + SLACK_DEG;
  const minY = Math.max(-90, q.lat - dLat);
  const maxY = Math.min(90, q.lat + dLat);
  if (theta >= Math.PI / 2 || q.lat - dLat <= -90 || q.lat + dLat >= 90) return [[-180, minY, 180, maxY]];
  const s = Math.sin(theta) / q.cosLat;
  if (s >= 1) return [[-180, minY, 180, maxY]];
  const dLon = Math.asin(s) / RAD + SLACK_DEG;
  const minX = q.lon - dLon;
  const maxX = q.lon + dLon;
  if (minX < -180) {
    return [
      [minX + 360, minY, 180, maxY],
      [-180, minY, maxX, maxY],
    ];
  }
  if (maxX > 180) {
    return [
      [minX, minY, 180, maxY],
      [-180, minY, maxX - 360, maxY],
    ];
  }
  return [[minX, minY, maxX, maxY]];
}

interface Engine {
  prepared: Prepared;
  claimants(lon: number, lat: number): number[];
  nearestNm(q: Probe): number;
  withinNm(q: Probe, state: number, radiusNm: number): boolean;
}

function naiveEngine(prepared: Prepared): Engine {
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

function indexedEngine(prepared: Prepared): Engine {
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

function classifyWith(engine: Engine, lat: number, lon: number, options: ClassifyOptions = {}): ZoneAnswer {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90) {
    throw new RangeError(`not a position: lat ${lat}, lon ${lon}`);
  }
  if (lon < -180 || lon > 180) lon = ((((lon + 180) % 360) + 360) % 360) - 180;
  const { prepared } = engine;
  const preferred = options.state?.toUpperCase();

  const inside = engine
    .claimants(lon, lat)
    .map((s) => prepared.states[s] as string)
    .sort();
  if (inside.length > 0) return { zone: 'territorial-sea', state: pick(inside, preferred), states: inside };

  const q: Probe = { lon, lat, cosLat: Math.cos(lat * RAD) };
  const nearest = engine.nearestNm(q);
  const distanceToTerritorialSeaNm = Number.isFinite(nearest) ? Math.round(nearest * 10) / 10 : undefined;

  const contiguous: string[] = [];
  for (const [code, claimed] of Object.entries(options.contiguousZones ?? {})) {
    if (!Number.isFinite(claimed)) continue;
    const band = Math.min(claimed, MAX_CONTIGUOUS_NM) - TERRITORIAL_SEA_NM;
    const s = prepared.stateOf.get(code.toUpperCase());
    // No State's belt is nearer than the nearest belt, which spares the per-State search out at sea.
    if (band <= 0 || s === undefined || nearest > band) continue;
    if (engine.withinNm(q, s, band)) contiguous.push(prepared.states[s] as string);
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
  make: (p: Prepared) => Engine,
): ZoneClassifier {
  let engine: Engine | undefined;
  return {
    classify(lat, lon, options) {
      engine ??= make(prepare(collection ?? loadZoneFeatures()));
      return classifyWith(engine, lat, lon, options);
    },
  };
}

// Flatbush prefilters polygons by bounding box and edges by a spherical cap: ~150x cheaper than naive
// (bench/geo.ts), with identical answers because both share the same predicates and distance arithmetic.
export function createIndexedClassifier(collection?: FeatureCollection): ZoneClassifier {
  return lazyClassifier(collection, indexedEngine);
}

// The reference the indexed classifier is tested against: every State's geometry, every edge.
export function createNaiveClassifier(collection?: FeatureCollection): ZoneClassifier {
  return lazyClassifier(collection, naiveEngine);
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
