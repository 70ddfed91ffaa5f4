// A* over the sea cells of a box around two points, with great-circle costs: the corridor that sea-distance.ts
// then pulls tight. A step to one of the 8 neighbours is allowed when the leg between the two centres stays
// off land (LandGrid.legClear); an end point joins the grid through the sea cells near it that a clear
// straight leg reaches.
import FlatQueue from 'flatqueue';
import type { Coastline } from './coastline.ts';
import { greatCircleNm, type LatLon } from './great-circle.ts';
import { type Box, LandGrid, WET } from './land-grid.ts';

// Approach radii (in cells) tried in turn to link a point to the all-sea grid.
const APPROACH_RINGS = [1, 3, 8];

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

export class SeaGrid {
  readonly cells: LandGrid;
  private readonly queue = new FlatQueue<number>();

  constructor(coast: Coastline, cellDeg: number) {
    this.cells = new LandGrid(coast, cellDeg);
  }

  // Search buffers reused from one lookup to the next: a ranking routes to a dozen ports, and fresh
  // arrays of ~20k cells each time would keep the garbage collector busy.
  private buffers = {
    flags: new Uint8Array(0),
    gScore: new Float64Array(0),
    hScore: new Float64Array(0),
    parent: new Int32Array(0),
    closed: new Uint8Array(0),
  };

  private scratch(size: number) {
    if (this.buffers.gScore.length < size) {
      const capacity = Math.max(size, this.buffers.gScore.length * 2);
      this.buffers = {
        flags: new Uint8Array(capacity),
        gScore: new Float64Array(capacity),
        hScore: new Float64Array(capacity),
        parent: new Int32Array(capacity),
        closed: new Uint8Array(capacity),
      };
    }
    const { flags, gScore, hScore, parent, closed } = this.buffers;
    gScore.fill(Infinity, 0, size);
    hScore.fill(-1, 0, size);
    parent.fill(-1, 0, size);
    closed.fill(0, 0, size);
    return { flags, gScore, hScore, parent, closed };
  }

  private boxAround(from: LatLon, to: LatLon, marginDeg: number): Box {
    const g = this.cells;
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
  private approaches(
    p: LatLon,
    reaches: (cell: LatLon) => boolean,
    box: Box,
    flags: Uint8Array,
  ): Map<number, number> {
    const g = this.cells;
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
          if (reaches(c)) found.set(id, greatCircleNm(p, c));
        }
      }
      if (found.size > 0) return found;
    }
    return found;
  }

  // The centres of the cells of the shortest corridor from `from` to `to` within `marginDeg` of both, or
  // undefined when there is none; reachesFrom and reachesTo say whether a straight leg from that end to a
  // cell centre is clear.
  corridor(
    from: LatLon,
    to: LatLon,
    marginDeg: number,
    reachesFrom: (cell: LatLon) => boolean,
    reachesTo: (cell: LatLon) => boolean,
  ): LatLon[] | undefined {
    const g = this.cells;
    const box = this.boxAround(from, to, marginDeg);
    const n = box.w * box.h;
    const { flags, gScore, hScore, parent, closed } = this.scratch(n + 1);
    g.fill(box, flags);
    const starts = this.approaches(from, reachesFrom, box, flags);
    const goals = this.approaches(to, reachesTo, box, flags);
    if (starts.size === 0 || goals.size === 0) return undefined;

    // A cell's neighbours lie at the same distances all along a row: one pass per row, not per step.
    const stepE = new Float64Array(box.h);
    const stepN = new Float64Array(box.h);
    const stepNE = new Float64Array(box.h);
    for (let lj = 0; lj < box.h; lj++) {
      const a = g.center(box.i0, box.j0 + lj);
      stepE[lj] = greatCircleNm(a, g.center(box.i0 + 1, box.j0 + lj));
      stepN[lj] = greatCircleNm(a, g.center(box.i0, box.j0 + lj + 1));
      stepNE[lj] = greatCircleNm(a, g.center(box.i0 + 1, box.j0 + lj + 1));
    }
    // a cell is pushed again each time its cost improves; its distance to the goal is worked out once
    const h = (id: number, li: number, lj: number): number => {
      let d = hScore[id] as number;
      if (d < 0) {
        d = greatCircleNm(g.center(box.i0 + li, box.j0 + lj), to);
        hScore[id] = d;
      }
      return d;
    };
    const GOAL = n;
    const queue = this.queue;
    queue.clear();
    for (const [id, d] of starts) {
      gScore[id] = d;
      queue.push(id, d + h(id, id % box.w, Math.floor(id / box.w)));
    }
    while (queue.length > 0) {
      const u = queue.pop() as number;
      if (closed[u]) continue;
      closed[u] = 1;
      if (u === GOAL) break;
      const gu = gScore[u] as number;
      const toGoal = goals.get(u);
      if (toGoal !== undefined && gu + toGoal < (gScore[GOAL] as number)) {
        gScore[GOAL] = gu + toGoal;
        parent[GOAL] = u;
        queue.push(GOAL, gu + toGoal);
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
        queue.push(v, gv + h(v, vi, vj));
      }
    }
    if (!closed[GOAL]) return undefined;

    const cellIds: number[] = [];
    for (let id = parent[GOAL] as number; id !== -1; id = parent[id] as number) cellIds.push(id);
    cellIds.reverse();
    return cellIds.map((id) => g.center(box.i0 + (id % box.w), box.j0 + Math.floor(id / box.w)));
  }
}
