// The land: Natural Earth 1:10m land (public domain) as redistributed by the `world-atlas` package (ISC), the
// same polygons for the whole world, read once per process and shared by the sea router and the console
// chart. The 12 nm polygons of @osm_borders/maritime_1000m include the territorial sea, so they are no land
// mask.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import { Coastline } from './coastline.ts';

// Overrides the bundled land with another GeoJSON or TopoJSON file.
export const LAND_FILE_ENV = 'DESK_LAND_FILE';

type Topology = Parameters<typeof feature>[0];

function geometryRings(g: Geometry | null | undefined, out: Position[][]): void {
  if (!g) return;
  if (g.type === 'Polygon') out.push(...g.coordinates);
  else if (g.type === 'MultiPolygon') for (const polygon of g.coordinates) out.push(...polygon);
  else if (g.type === 'GeometryCollection') for (const child of g.geometries) geometryRings(child, out);
}

function featureRings(value: unknown, out: Position[][]): void {
  const v = value as { type?: string; features?: Array<{ geometry: Geometry | null }>; geometry?: Geometry };
  if (v?.type === 'FeatureCollection') for (const f of v.features ?? []) geometryRings(f.geometry, out);
  else if (v?.type === 'Feature') geometryRings(v.geometry, out);
  else geometryRings(value as Geometry, out);
}

// Every ring of the land polygons, holes included: the parity test and the crossing test need edges only.
// Rings rather than topojson's mesh: mesh keeps an arc shared by two polygons once, which would flip the
// even-odd parity on either side of it.
export function landRings(input: unknown): Position[][] {
  const rings: Position[][] = [];
  if ((input as { type?: string })?.type === 'Topology') {
    const topology = input as Topology;
    for (const object of Object.values(topology.objects)) featureRings(feature(topology, object), rings);
  } else {
    featureRings(input, rings);
  }
  if (rings.length === 0) throw new Error('land: no polygons in the data');
  return rings;
}

function landFile(): string {
  return process.env[LAND_FILE_ENV] ?? createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
}

const loaded = new Map<string, { rings: Position[][]; coastline?: Coastline }>();

function load(file: string) {
  let land = loaded.get(file);
  if (!land) {
    land = { rings: landRings(JSON.parse(readFileSync(file, 'utf8')) as unknown) };
    loaded.set(file, land);
  }
  return land;
}

// The rings of the configured land, read and decoded on first use.
export function loadLandRings(): Position[][] {
  return load(landFile()).rings;
}

// The configured land's coastline, indexed on first use: a few hundred ms.
export function landCoastline(): Coastline {
  const land = load(landFile());
  land.coastline ??= new Coastline(land.rings);
  return land.coastline;
}
