// The box the console's chart asks for, shared by the desk (geo.ts) and the page, which must not pull in
// the desk's geography to know the limit.
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

// A box wider than this is no longer "near the vessel" and would ship most of a continent.
export const MAX_SPAN_DEG = 30;
