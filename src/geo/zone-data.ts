// The territorial-sea data (@osm_borders/maritime_1000m: land, internal waters and the 12 nm belt merged, per
// State), read once per process and shared by the zone classifier and the console chart.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

export type ZoneFeature = Feature<Polygon | MultiPolygon, { isoA2: string }>;
export type ZoneFeatureCollection = FeatureCollection<Polygon | MultiPolygon, { isoA2: string }>;

// Overrides the bundled borders with another GeoJSON whose features carry properties.isoA2.
export const ZONES_FILE_ENV = 'DESK_ZONES_FILE';

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
