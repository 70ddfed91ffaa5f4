// Where the vessel is and has been, and the box around it that the chart opens on (chart/ draws it). An
// equirectangular projection scaled by cos(latitude) is true enough over the few degrees around a vessel.
import type { BBox } from '../geo-box.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface TrackPoint extends LatLon {
  seq: number;
  at?: string;
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
