/// <reference lib="dom" />
// The situation as a chart drawn from the desk's own data: no tiles, no network beyond the desk. An
// equirectangular projection scaled by cos(latitude) is true enough over the few degrees around a vessel.

import type { BBox } from '../geo.ts';
import { s } from './dom.ts';
import type { ConsoleGeo } from './types.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface TrackPoint extends LatLon {
  seq: number;
  at?: string;
}

export interface MapPort extends LatLon {
  name: string;
  excluded: boolean;
  rank?: number;
}

export const MAP_WIDTH = 640;
export const MAP_HEIGHT = 440;

// The box to ask the desk for: every point, a margin, and the map's own aspect so nothing is stretched.
export function boxAround(points: readonly LatLon[], minSpanDeg = 1.2): BBox {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  let minLat = Math.min(...lats);
  let maxLat = Math.max(...lats);
  let minLon = Math.min(...lons);
  let maxLon = Math.max(...lons);
  const midLat = (minLat + maxLat) / 2;
  const kx = Math.max(0.1, Math.cos((midLat * Math.PI) / 180));
  const pad = Math.max(0.15, 0.15 * Math.max(maxLat - minLat, maxLon - minLon));
  minLat -= pad;
  maxLat += pad;
  minLon -= pad / kx;
  maxLon += pad / kx;
  let spanLat = Math.max(minSpanDeg, maxLat - minLat);
  let spanLon = Math.max(minSpanDeg / kx, maxLon - minLon);
  // width / height on screen = spanLon * kx / spanLat must equal the map's
  const aspect = MAP_WIDTH / MAP_HEIGHT;
  if ((spanLon * kx) / spanLat < aspect) spanLon = (spanLat * aspect) / kx;
  else spanLat = (spanLon * kx) / aspect;
  const cLat = (minLat + maxLat) / 2;
  const cLon = (minLon + maxLon) / 2;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return [
    round(Math.max(-180, cLon - spanLon / 2)),
    round(Math.max(-90, cLat - spanLat / 2)),
    round(Math.min(180, cLon + spanLon / 2)),
    round(Math.min(90, cLat + spanLat / 2)),
  ];
}

export function projector(box: BBox): (lon: number, lat: number) => [number, number] {
  const [minLon, minLat, maxLon, maxLat] = box;
  return (lon, lat) => [
    ((lon - minLon) / (maxLon - minLon)) * MAP_WIDTH,
    ((maxLat - lat) / (maxLat - minLat)) * MAP_HEIGHT,
  ];
}

const f1 = (n: number) => n.toFixed(1);

function ringsPath(
  rings: ReadonlyArray<ReadonlyArray<ReadonlyArray<number>>>,
  p: ReturnType<typeof projector>,
): string {
  let d = '';
  for (const ring of rings) {
    ring.forEach(([lon = 0, lat = 0], i) => {
      const [x, y] = p(lon, lat);
      d += `${i === 0 ? 'M' : 'L'}${f1(x)} ${f1(y)}`;
    });
    d += 'Z';
  }
  return d;
}

// A round number of nautical miles near a fifth of the map's width.
function scaleBar(box: BBox) {
  const midLat = (box[1] + box[3]) / 2;
  const nmPerPx = ((box[2] - box[0]) * 60 * Math.cos((midLat * Math.PI) / 180)) / MAP_WIDTH;
  const target = nmPerPx * MAP_WIDTH * 0.2;
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];
  const nm = steps.reduce((best, x) => (Math.abs(x - target) < Math.abs(best - target) ? x : best), 1);
  return { nm, px: nm / nmPerPx };
}

export interface MapInput {
  geo: ConsoleGeo;
  track: readonly TrackPoint[];
  ports: readonly MapPort[];
  route?: readonly LatLon[];
  description: string;
}

export function drawMap(input: MapInput): SVGSVGElement {
  const { geo, track, ports } = input;
  const p = projector(geo.bbox);
  const inside = (q: LatLon) =>
    q.lon >= geo.bbox[0] && q.lon <= geo.bbox[2] && q.lat >= geo.bbox[1] && q.lat <= geo.bbox[3];

  const seas = geo.territorialSea.map((t) =>
    s('path', { class: 'map-ts', d: ringsPath(t.polygons.flat(), p), 'fill-rule': 'evenodd' }),
  );
  const land = s('path', { class: 'map-land', d: ringsPath(geo.land, p), 'fill-rule': 'evenodd' });
  const labels = geo.territorialSea.map((t) => {
    // label the State at the middle of its largest piece in view
    let best: { area: number; x: number; y: number } | undefined;
    for (const polygon of t.polygons) {
      const outer = polygon[0] ?? [];
      const xs = outer.map(([lon = 0, lat = 0]) => p(lon, lat));
      const minX = Math.min(...xs.map((q) => q[0]));
      const maxX = Math.max(...xs.map((q) => q[0]));
      const minY = Math.min(...xs.map((q) => q[1]));
      const maxY = Math.max(...xs.map((q) => q[1]));
      const area = (maxX - minX) * (maxY - minY);
      if (!best || area > best.area) best = { area, x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
    }
    return best && best.area > 400
      ? s('text', { class: 'map-state', x: f1(best.x), y: f1(best.y), 'text-anchor': 'middle' }, t.state)
      : null;
  });

  const route =
    input.route && input.route.length > 1
      ? s('polyline', {
          class: 'map-route',
          points: input.route.map((q) => p(q.lon, q.lat).map(f1).join(',')).join(' '),
        })
      : null;

  const portMarks = ports.filter(inside).map((port) => {
    const [x, y] = p(port.lon, port.lat);
    return s(
      'g',
      { class: port.excluded ? 'map-port map-port-excluded' : 'map-port' },
      port.excluded
        ? s('path', {
            d: `M${f1(x - 5)} ${f1(y - 5)}L${f1(x + 5)} ${f1(y + 5)}M${f1(x + 5)} ${f1(y - 5)}L${f1(x - 5)} ${f1(y + 5)}`,
          })
        : s('rect', { x: f1(x - 4), y: f1(y - 4), width: 8, height: 8 }),
      s(
        'text',
        { x: f1(x + 8), y: f1(y + 4) },
        `${port.rank !== undefined ? `${port.rank}. ` : ''}${port.name}${port.excluded ? ' (excluded)' : ''}`,
      ),
    );
  });

  const points = track.map((q) => p(q.lon, q.lat));
  const last = points[points.length - 1];
  const trackLine =
    points.length > 1
      ? s('polyline', { class: 'map-track', points: points.map((q) => q.map(f1).join(',')).join(' ') })
      : null;
  const fixes = points
    .slice(0, -1)
    .map(([x, y]) => s('circle', { class: 'map-fix', cx: f1(x), cy: f1(y), r: 3 }));
  const vessel = last
    ? s(
        'g',
        { class: 'map-vessel' },
        s('circle', { cx: f1(last[0]), cy: f1(last[1]), r: 12, class: 'map-vessel-halo' }),
        s('circle', { cx: f1(last[0]), cy: f1(last[1]), r: 6, class: 'map-vessel-dot' }),
        s('text', { x: f1(last[0] + 14), y: f1(last[1] - 10) }, 'Vessel'),
      )
    : null;

  const bar = scaleBar(geo.bbox);
  const scale = s(
    'g',
    { class: 'map-scale', transform: `translate(16 ${MAP_HEIGHT - 18})` },
    s('rect', { x: -6, y: -20, width: f1(bar.px + 12), height: 30, class: 'map-bg' }),
    s('path', { d: `M0 0H${f1(bar.px)}M0 -5V5M${f1(bar.px)} -5V5` }),
    s('text', { x: f1(bar.px / 2), y: -7, 'text-anchor': 'middle' }, `${bar.nm} nm`),
  );
  const north = s(
    'g',
    { class: 'map-north', transform: `translate(${MAP_WIDTH - 24} ${MAP_HEIGHT - 40})` },
    s('rect', { x: -12, y: -20, width: 24, height: 44, class: 'map-bg' }),
    s('path', { d: 'M0 -14L6 4L0 0L-6 4Z' }),
    s('text', { x: 0, y: 18, 'text-anchor': 'middle' }, 'N'),
  );

  return s(
    'svg',
    {
      class: 'map',
      viewBox: `0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`,
      role: 'img',
      'aria-label': input.description,
      preserveAspectRatio: 'xMidYMid meet',
    },
    s('title', null, input.description),
    s('rect', { class: 'map-sea', x: 0, y: 0, width: MAP_WIDTH, height: MAP_HEIGHT }),
    seas,
    land,
    labels,
    route,
    portMarks,
    trackLine,
    fixes,
    vessel,
    scale,
    north,
  );
}
