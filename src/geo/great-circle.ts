// The desk's one great-circle distance: the haversine on turf's mean Earth radius (6371008.8 m), so zones,
// sea routes, rankings and anything measured with turf agree. Not turf's own `distance`: at ~3x the cost
// per call it slowed the A* heuristic (one call per cell reached) and the naive zone scan by a fifth to a
// third. Nor turf's `factors` for the radius: importing turf costs the sea router half a second.

export interface LatLon {
  lat: number;
  lon: number;
}

export const EARTH_RADIUS_NM = 6371008.8 / 1852;
export const RAD = Math.PI / 180;

// `a` may carry the cosine of its latitude, worked out once by a caller that measures from it to many points.
export function greatCircleNm(a: LatLon & { cosLat?: number }, b: LatLon): number {
  const sinDLat = Math.sin(((b.lat - a.lat) * RAD) / 2);
  const sinDLon = Math.sin(((b.lon - a.lon) * RAD) / 2);
  const cosA = a.cosLat ?? Math.cos(a.lat * RAD);
  const h = sinDLat * sinDLat + cosA * Math.cos(b.lat * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_NM * Math.asin(Math.min(1, Math.sqrt(h)));
}
