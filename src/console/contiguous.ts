// The contiguous zones on the console's chart, as the desk classifies positions (src/geo/zones.ts): the data
// holds no baselines, so a State's claimed zone is every point within `breadth - 12` nm of its territorial-sea
// polygons. Only States whose profile claims one have a contiguous zone, and the route does not know the
// directory, so the page names the claims it read there (the same claims POST /geo/classify uses).
import { buffer } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import { type ConsoleGeo, clipped, overlaps, territorialSeaParts, toleranceFor } from './geo.ts';
import type { BBox } from './geo-box.ts';

// alpha-2 -> breadth claimed, nm from the baselines
export type Claims = Record<string, number>;

const TERRITORIAL_SEA_NM = 12;
// UNCLOS art. 33(2), as in machines/schemas.ts: more than 12, at most 24
const MAX_CONTIGUOUS_NM = 24;
// more States than any one chart shows, few enough that no query makes the desk buffer the world
const MAX_CLAIMS = 50;
const RAD = Math.PI / 180;

// "IT:24,MT:24" -> { IT: 24, MT: 24 }; "" -> no claims (the zones asked for, none claimed)
export function parseClaims(text: string): Claims | string {
  const claims: Claims = {};
  const items = text.split(',').filter((item) => item.trim() !== '');
  if (items.length > MAX_CLAIMS) return `at most ${MAX_CLAIMS} claims`;
  for (const item of items) {
    const m = /^\s*([A-Za-z]{2})\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(item);
    if (!m) return `"${item.trim()}" is not a claim: STATE:breadth, e.g. IT:24`;
    const breadth = Number(m[2]);
    if (!(breadth > TERRITORIAL_SEA_NM && breadth <= MAX_CONTIGUOUS_NM)) {
      return `${m[1]?.toUpperCase()}: a contiguous zone is more than ${TERRITORIAL_SEA_NM} and at most ${MAX_CONTIGUOUS_NM} nm`;
    }
    claims[(m[1] ?? '').toUpperCase()] = breadth;
  }
  return claims;
}

// The box grown by `nm` each way: territorial sea outside the box still reaches into it by the band.
function grown(box: BBox, nm: number): BBox {
  const widest = Math.min(89, Math.max(Math.abs(box[1]), Math.abs(box[3])));
  const dLat = nm / 60;
  const dLon = nm / (60 * Math.max(0.05, Math.cos(widest * RAD)));
  return [
    Math.max(-180, box[0] - dLon),
    Math.max(-90, box[1] - dLat),
    Math.min(180, box[2] + dLon),
    Math.min(90, box[3] + dLat),
  ];
}

const answers = new Map<string, NonNullable<ConsoleGeo['contiguousZone']>>();
const MAX_CACHED = 64;

export function contiguousIn(box: BBox, claims: Claims): NonNullable<ConsoleGeo['contiguousZone']> {
  const states = Object.keys(claims).sort();
  const key = `${box.map((n) => n.toFixed(3)).join(',')}|${states.map((s) => `${s}:${claims[s]}`).join(',')}`;
  const cached = answers.get(key);
  if (cached) return cached;
  const tolerance = toleranceFor(box);
  const out: NonNullable<ConsoleGeo['contiguousZone']> = [];
  for (const state of states) {
    const breadthNm = claims[state] ?? 0;
    const band = Math.min(breadthNm, MAX_CONTIGUOUS_NM) - TERRITORIAL_SEA_NM;
    const parts = territorialSeaParts().find((t) => t.state === state)?.parts ?? [];
    const around = grown(box, band);
    const sea: Position[][][] = [];
    for (const part of parts)
      if (overlaps(part.box, around)) sea.push(...clipped(part.rings, around, tolerance));
    if (band <= 0 || sea.length === 0) continue;
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: sea };
    const zone = buffer(geometry, band, { units: 'nauticalmiles', steps: 8 });
    const g = zone && 'geometry' in zone ? zone.geometry : undefined;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const inBox = polygons.flatMap((rings) => clipped(rings, box, tolerance));
    if (inBox.length > 0) out.push({ state, breadthNm, polygons: inBox });
  }
  if (answers.size >= MAX_CACHED) answers.delete(answers.keys().next().value as string);
  answers.set(key, out);
  return out;
}
