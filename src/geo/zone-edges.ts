// The zone data as flat arrays of ring edges with their Flatbush indexes, and the distance arithmetic over
// them that both classifiers share.
import Flatbush from 'flatbush';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { EARTH_RADIUS_NM, greatCircleNm, RAD } from './great-circle.ts';
import { normalizeZoneFeatures } from './zone-data.ts';

// Slack for floating-point rounding, so a prefilter never drops a segment the exact scan would keep.
const SLACK_NM = 1e-6;
const SLACK_DEG = 1e-9;

// Flat arrays of every ring edge, grouped by State, shared by both classifiers so that their distances
// come from the same arithmetic and agree to the last bit.
export interface Prepared {
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

export interface Indexes {
  polygons: Flatbush;
  segments: Flatbush;
}

const preparedCache = new WeakMap<object, Prepared>();
const indexCache = new WeakMap<Prepared, Indexes>();

export function prepare(collection: FeatureCollection): Prepared {
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

export function buildIndexes(prepared: Prepared): Indexes {
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
export interface Probe {
  lon: number;
  lat: number;
  cosLat: number;
}

// Great-circle distance from the probe to one boundary edge. The edge is straight in lon/lat (as the
// point-in-polygon test treats it); its nearest point is found in a local equirectangular frame and then
// measured along the great circle. That is a true distance to a point of the edge, exact where it matters
// (a few nm off a coast) and never more than the edge's length too long far from land.
export function segmentDistanceNm(p: Prepared, i: number, q: Probe): number {
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
  return greatCircleNm(q, { lon: ax + t * ex, lat: ay + t * ey });
}

// The latitude gap alone bounds a great-circle distance from below; it spares most haversines.
export function latitudeBoundNm(p: Prepared, i: number, q: Probe): number {
  const ay = p.segAy[i] as number;
  const by = p.segBy[i] as number;
  const gap = Math.max(0, Math.min(ay, by) - q.lat, q.lat - Math.max(ay, by));
  return gap * RAD * EARTH_RADIUS_NM - SLACK_NM;
}

// Lon/lat boxes covering every point within `radiusNm` of the probe (a spherical cap), split at the
// antimeridian.
export function capBoxes(q: Probe, radiusNm: number): Array<[number, number, number, number]> {
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
