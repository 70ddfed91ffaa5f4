// Every edge of the land rings in flat arrays under one Flatbush index, so that whether a point is on land,
// and where a straight leg meets the coast, cost a look at the few edges near them rather than a walk around
// a continent: the Afro-Eurasian ring alone has 81k points, and turf's point-in-polygon over it takes ~1 ms.
import Flatbush from 'flatbush';
import type { Position } from 'geojson';
import type { LatLon } from './great-circle.ts';

// Longest piece of a leg tested against one index query, so a long leg only fetches coastline near it.
const CHUNK_DEG = 0.2;

export class Coastline {
  private readonly ax: Float64Array;
  private readonly ay: Float64Array;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private readonly index: Flatbush;

  constructor(rings: Position[][]) {
    let n = 0;
    for (const ring of rings) n += Math.max(0, ring.length - 1);
    this.ax = new Float64Array(n);
    this.ay = new Float64Array(n);
    this.bx = new Float64Array(n);
    this.by = new Float64Array(n);
    this.index = new Flatbush(Math.max(1, n));
    let k = 0;
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const [x0 = 0, y0 = 0] = ring[i - 1] as Position;
        const [x1 = 0, y1 = 0] = ring[i] as Position;
        this.ax[k] = x0;
        this.ay[k] = y0;
        this.bx[k] = x1;
        this.by[k] = y1;
        this.index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
        k++;
      }
    }
    if (n === 0) this.index.add(Infinity, Infinity, Infinity, Infinity);
    this.index.finish();
  }

  // Even-odd ray cast to the east: every land ring lies within lon <= 180, so counting crossings up to 180
  // decides inside-ness; the half-open rule counts a vertex on the ray once. The crossings themselves, not
  // just their parity, let the grid classify a whole row of cells from one ray.
  crossingsEast(x: number, y: number): number[] {
    const xs: number[] = [];
    this.index.search(x, y, 180, y, (i) => {
      const ay = this.ay[i] as number;
      const by = this.by[i] as number;
      if (ay > y !== by > y) {
        const ax = this.ax[i] as number;
        const cx = ax + ((y - ay) * ((this.bx[i] as number) - ax)) / (by - ay);
        if (cx >= x) xs.push(cx);
      }
      return false;
    });
    return xs;
  }

  onLand(p: LatLon): boolean {
    return this.crossingsEast(p.lon, p.lat).length % 2 === 1;
  }

  // Calls visit(t) with the position along a->b (0..1) of every coastline edge the leg meets, until visit
  // returns true; answers whether it did. Parallel overlaps are grazes, not crossings.
  legMeets(a: LatLon, b: LatLon, visit: (t: number) => boolean = () => true): boolean {
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
      const hit = this.index.collides(
        Math.min(x0, x1),
        Math.min(y0, y1),
        Math.max(x0, x1),
        Math.max(y0, y1),
        (i) => {
          const ex = (this.ax[i] as number) - a.lon;
          const ey = (this.ay[i] as number) - a.lat;
          const sx = (this.bx[i] as number) - (this.ax[i] as number);
          const sy = (this.by[i] as number) - (this.ay[i] as number);
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

  // Every edge whose box meets the given one.
  edgesIn(
    minX: number,
    minY: number,
    maxX: number,
    maxY: number,
    visit: (ax: number, ay: number, bx: number, by: number) => void,
  ): void {
    this.index.search(minX, minY, maxX, maxY, (k) => {
      visit(this.ax[k] as number, this.ay[k] as number, this.bx[k] as number, this.by[k] as number);
      return false;
    });
  }
}
