// The map's geography, cut to the box around a vessel: territorial-sea polygons (land plus the 12 nm belt, the
// same data the desk classifies positions with) and the land itself (the same Natural Earth land the sea
// router avoids), so what the officer sees is what the law engine decided on. Simplified to the screen's
// resolution: a box a few degrees wide needs a few hundred points, not the 100k of the source. The contiguous
// zones claimed are worked out in contiguous.ts, only when the caller names the claims.
import { bboxClip, simplify } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { loadLandRings } from '../geo/land.ts';
import { loadZoneFeatures } from '../geo/zone-data.ts';
import { type BBox, MAX_SPAN_DEG } from './geo-box.ts';

export interface ConsoleGeo {
  bbox: BBox;
  // one entry per State whose territorial sea (with its land) reaches into the box
  territorialSea: Array<{ state: string; polygons: Position[][][] }>;
  // rings of land, holes (lakes) included: drawn with the even-odd rule
  land: Position[][];
  // only when asked for with the claims (`contiguous=IT:24,MT:24`): each claimed zone out to its breadth,
  // territorial sea included, to be drawn beneath the territorial seas
  contiguousZone?: Array<{ state: string; breadthNm: number; polygons: Position[][][] }>;
}

export interface Part {
  box: BBox;
  rings: Position[][];
}

let zoneParts: Array<{ state: string; parts: Part[] }> | undefined;
let landParts: Part[] | undefined;
const answers = new Map<string, ConsoleGeo>();
const MAX_CACHED = 64;

function boxOf(rings: Position[][]): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const [x = 0, y = 0] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

export const overlaps = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

export function territorialSeaParts() {
  zoneParts ??= loadZoneFeatures().features.map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    return { state: f.properties.isoA2, parts: polygons.map((rings) => ({ box: boxOf(rings), rings })) };
  });
  return zoneParts;
}

function land() {
  landParts ??= loadLandRings().map((ring) => ({ box: boxOf([ring]), rings: [ring] }));
  return landParts;
}

// ~11 m: finer than any screen shows, and it keeps the answer small
const round = (n: number) => Math.round(n * 1e4) / 1e4;

// A clipped sliver can collapse to fewer than four distinct points, which turf refuses; at this scale it is
// invisible anyway, so it is dropped.
function simplifiedRing(ring: Position[], tolerance: number): Position[] | undefined {
  if (ring.length < 4) return undefined;
  try {
    const simple = simplify(
      {
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates: [ring] },
      } as Feature<Polygon>,
      { tolerance, highQuality: false },
    );
    const out = simple.geometry.coordinates[0]?.map(([x = 0, y = 0]) => [round(x), round(y)]);
    return out && out.length >= 4 ? out : undefined;
  } catch {
    return undefined;
  }
}

export function clipped(rings: Position[][], box: BBox, tolerance: number): Position[][][] {
  const feature: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: rings },
  };
  const cut = bboxClip(feature, box) as Feature<Polygon | MultiPolygon>;
  const polygons = cut.geometry.type === 'Polygon' ? [cut.geometry.coordinates] : cut.geometry.coordinates;
  const out: Position[][][] = [];
  for (const polygon of polygons) {
    const rs: Position[][] = [];
    for (const ring of polygon) {
      const simple = simplifiedRing(ring, tolerance);
      if (simple) rs.push(simple);
    }
    if (rs.length > 0) out.push(rs);
  }
  return out;
}

// about one pixel of an 800-pixel-wide map
export const toleranceFor = (box: BBox) => Math.max(box[2] - box[0], box[3] - box[1]) / 800;

export function parseBBox(text: string): BBox | string {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    return 'bbox must be four numbers: minLon,minLat,maxLon,maxLat';
  }
  const [minLon, minLat, maxLon, maxLat] = parts as BBox;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) return 'bbox is outside the globe';
  if (!(minLon < maxLon && minLat < maxLat)) return 'bbox must have minLon < maxLon and minLat < maxLat';
  if (maxLon - minLon > MAX_SPAN_DEG || maxLat - minLat > MAX_SPAN_DEG) {
    return `bbox may span at most ${MAX_SPAN_DEG} degrees each way`;
  }
  return [minLon, minLat, maxLon, maxLat];
}

export function geographyIn(box: BBox): ConsoleGeo {
  const key = box.map((n) => n.toFixed(3)).join(',');
  const cached = answers.get(key);
  if (cached) return cached;
  const tolerance = toleranceFor(box);
  const territorialSea: ConsoleGeo['territorialSea'] = [];
  for (const { state, parts } of territorialSeaParts()) {
    const polygons: Position[][][] = [];
    for (const part of parts)
      if (overlaps(part.box, box)) polygons.push(...clipped(part.rings, box, tolerance));
    if (polygons.length > 0) territorialSea.push({ state, polygons });
  }
  const landOut: Position[][] = [];
  for (const part of land()) {
    if (!overlaps(part.box, box)) continue;
    for (const polygon of clipped(part.rings, box, tolerance)) landOut.push(...polygon);
  }
  const answer: ConsoleGeo = { bbox: box, territorialSea, land: landOut };
  if (answers.size >= MAX_CACHED) answers.delete(answers.keys().next().value as string);
  answers.set(key, answer);
  return answer;
}
