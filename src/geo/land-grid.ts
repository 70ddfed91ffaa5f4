// The cells of the sea grid and what is known of each: whether a coastline passes through it, whether its
// centre is at sea, and whether the straight leg to a neighbour's centre stays off land.
import type { Coastline } from './coastline.ts';
import type { LatLon } from './great-circle.ts';

// Flags are worked out a square of TILE x TILE cells at a time: one ray per row of cells, one index query
// for the coastline edges through them.
const TILE = 64;

// A coastline edge passes through the cell, or the cell is all land.
const TOUCHES = 1;
// The cell's centre is at sea: a node of the search graph.
export const WET = 2;

// A box of cells: columns i0 .. i0 + w - 1, rows j0 .. j0 + h - 1.
export interface Box {
  i0: number;
  j0: number;
  w: number;
  h: number;
}

// Cells sit on one global lattice (cell i covers lon -180 + i*cellDeg ..), so what one lookup computed
// (tiles of cell flags, legs tested against the coastline) serves every later one.
export class LandGrid {
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

  touchesLand(p: LatLon): boolean {
    return (this.flags(this.col(p.lon), this.row(p.lat)) & TOUCHES) !== 0;
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
  fill(box: Box, out: Uint8Array): void {
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
      clear = !this.coast.legMeets(this.center(si, sj), this.center(si + sdi, sj + sdj));
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
    c.edgesIn(x0, y0, x0 + TILE * d, y0 + TILE * d, (ax, ay, bx, by) => {
      traverseCells(
        (ax + 180) / d - i0,
        (ay + 90) / d - j0,
        (bx + 180) / d - i0,
        (by + 90) / d - j0,
        (i, j) => {
          if (i >= 0 && i < TILE && j >= 0 && j < TILE) tile[j * TILE + i] = TOUCHES;
          return true;
        },
      );
    });
    for (let r = 0; r < TILE; r++) {
      const y = y0 + (r + 0.5) * d;
      const xs = c.crossingsEast(x0, y).sort((a, b) => a - b);
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
