// Places of safety for a case (domain.md, "Place of safety and disembarkation"): first every port where
// disembarkation would expose someone to refoulement is set aside with its reason, then the rest are ranked
// by sea distance, time to reach, medical facilities and reception capacity. Pure: the same inputs give the
// same answer; sea distance comes from an injectable router.
import { B } from '../../machines/citations.ts';
import { type ExclusionGround, exclusionOf } from '../../machines/exclusion.ts';
import type { Setting } from '../../machines/schemas.ts';
import { greatCircleNm, type LatLon, type SeaRoute, seaRouter } from '../geo/sea-distance.ts';
import { type MedicalFacilities, type Port, portKey } from './ports.ts';

export const EXCLUSION_BASIS: readonly string[] = [
  B.somNonRefoulement,
  B.msc167Refoulement,
  B.refugeeConvention,
];
export const PLACE_OF_SAFETY_BASIS: readonly string[] = [
  B.msc167PlaceOfSafety,
  B.solasPlaceOfSafety,
  B.sarPlaceOfSafety,
];

export type SeaDistance = (from: LatLon, to: LatLon) => Pick<SeaRoute, 'distanceNm' | 'path'> | undefined;

export interface RankInput {
  position: LatLon;
  setting: Pick<Setting, 'countryAssessments'>;
  // of persons on board who expressed fear of return
  countriesOfOrigin: readonly string[];
  // destinations whose objections the central authority upheld for this case
  upheldObjections?: readonly string[];
  ports: readonly Port[];
  speedKnots?: number;
  seaDistance?: SeaDistance;
  // What the law would still refuse today for a designation in a country, beyond exclusion (a third country
  // with no assessment on record, objections not yet assessed): machines/destinations.ts, given the case.
  pending?: (country: string) => ReadonlyArray<{ reason: string; message: string; basis: readonly string[] }>;
  // countries that declined disembarkation in this case (PLACE_OF_SAFETY_DECLINED)
  declined?: readonly string[];
  // ports farther than this (great circle) are not routed: no rescue takes people there (default REACH_NM)
  reachNm?: number;
}

export interface Candidate {
  port: Port;
  // null when no sea route was found (e.g. a position far inland); such ports rank last
  seaDistanceNm: number | null;
  hoursToReach: number | null;
  medicalFacilities: MedicalFacilities;
  receptionCapacity: number;
  basis: string[];
  // the route for the map: from the position to the port, legs clear of land
  path?: LatLon[];
  // an assessment that found the country safe may still carry conditions worth reading
  conditions?: string;
  // what must be done before the desk would accept this place: a designation now would be refused for it
  pending?: Array<{ reason: string; message: string; basis: string[] }>;
  // the State declined disembarkation here in this case
  declined?: true;
  // farther than the ranking's reach (great circle, nm): listed, not routed
  beyondReachNm?: number;
}

export interface Excluded {
  port: Port;
  reason: string;
  grounds: ExclusionGround[];
  basis: string[];
}

export interface Ranking {
  position: LatLon;
  speedKnots: number;
  // the great-circle distance beyond which ports are not routed
  reachNm: number;
  candidates: Candidate[];
  excluded: Excluded[];
  // said when no port is within reach by sea: the ranking then cannot name a place of safety
  note?: string;
}

export const DEFAULT_SPEED_KNOTS = 8;
// Five days at 8 knots: a port farther than this is no place to take people rescued here, and a route to it
// would search half an ocean (a position in the Indian Ocean against Mediterranean ports took 41 s).
export const REACH_NM = 1000;

const FACILITY_ORDER: Record<MedicalFacilities, number> = { hospital: 0, basic: 1 };

const round1 = (x: number) => Math.round(x * 10) / 10;

const defaultSeaDistance: SeaDistance = (from, to) => seaRouter().route(from, to);

export function rankPlacesOfSafety(input: RankInput): Ranking {
  const speedKnots = input.speedKnots ?? DEFAULT_SPEED_KNOTS;
  if (!(speedKnots > 0) || !Number.isFinite(speedKnots)) {
    throw new RangeError(`speedKnots must be a positive number, got ${speedKnots}`);
  }
  const seaDistance = input.seaDistance ?? defaultSeaDistance;
  const reachNm = input.reachNm ?? REACH_NM;
  const origins = new Set(input.countriesOfOrigin.map((c) => c.toUpperCase()));
  const assessments = input.setting.countryAssessments;

  const excluded: Excluded[] = [];
  const candidates: Candidate[] = [];
  for (const port of input.ports) {
    // an excluded port is never routed to: no distance is worth showing beside it
    const out = exclusionOf(port.country, origins, assessments, input.upheldObjections ?? []);
    if (out) {
      excluded.push({
        port,
        reason: out.reasons.join('; '),
        grounds: out.grounds,
        basis: [...EXCLUSION_BASIS],
      });
      continue;
    }
    const far = greatCircleNm(input.position, port);
    const route = far > reachNm ? undefined : seaDistance(input.position, { lat: port.lat, lon: port.lon });
    const seaDistanceNm = route ? round1(route.distanceNm) : null;
    const conditions = assessments[port.country]?.conditions;
    const pending = (input.pending?.(port.country) ?? [])
      .filter((f) => f.reason !== 'excluded-place')
      .map((f) => ({ reason: f.reason, message: f.message, basis: [...f.basis] }));
    const declined = input.declined?.includes(port.country) ?? false;
    candidates.push({
      port,
      seaDistanceNm,
      hoursToReach: seaDistanceNm === null ? null : round1(seaDistanceNm / speedKnots),
      medicalFacilities: port.medicalFacilities,
      receptionCapacity: port.receptionCapacity,
      basis: [...PLACE_OF_SAFETY_BASIS],
      ...(route?.path ? { path: route.path } : {}),
      ...(conditions ? { conditions } : {}),
      ...(pending.length > 0 ? { pending } : {}),
      ...(declined ? { declined: true as const } : {}),
      ...(far > reachNm ? { beyondReachNm: round1(far) } : {}),
    });
  }

  // A place the desk would accept now comes before one it would refuse today (declined, or still pending an
  // assessment); then distances, compared as shown (0.1 nm): finer differences are below what the grid can
  // tell apart.
  candidates.sort(
    (a, b) =>
      Number(!usable(a)) - Number(!usable(b)) ||
      compareKnownFirst(a.seaDistanceNm, b.seaDistanceNm) ||
      compareKnownFirst(a.hoursToReach, b.hoursToReach) ||
      FACILITY_ORDER[a.medicalFacilities] - FACILITY_ORDER[b.medicalFacilities] ||
      b.receptionCapacity - a.receptionCapacity ||
      compareText(portKey(a.port), portKey(b.port)),
  );
  excluded.sort(
    (a, b) => compareText(a.port.country, b.port.country) || compareText(a.port.name, b.port.name),
  );
  const reached = candidates.some((c) => c.seaDistanceNm !== null);
  return {
    position: input.position,
    speedKnots,
    reachNm,
    candidates,
    excluded,
    ...(reached ? {} : { note: noneWithinReach(candidates, reachNm) }),
  };
}

function noneWithinReach(candidates: Candidate[], reachNm: number): string {
  const nearest = candidates
    .filter((c) => c.beyondReachNm !== undefined)
    .sort((a, b) => a.beyondReachNm! - b.beyondReachNm!)[0];
  const beyond = nearest
    ? ` The nearest is ${nearest.port.name} (${nearest.port.country}), ${nearest.beyondReachNm} nm away in a straight line.`
    : '';
  return `No port in the desk's list can be reached by sea within ${reachNm} nm of this position: ask the responsible RCC for a place of safety.${beyond}`;
}

// The ranking with its sea routes from `routes` (a worker thread: src/places/routing.ts), asked only for the
// ports that are neither excluded nor beyond reach: the same answer as rankPlacesOfSafety, off the event loop.
export async function rankWithRoutes(
  input: Omit<RankInput, 'seaDistance'>,
  routes: (from: LatLon, to: LatLon[]) => Promise<Array<Pick<SeaRoute, 'distanceNm' | 'path'> | null>>,
): Promise<Ranking> {
  const origins = new Set(input.countriesOfOrigin.map((c) => c.toUpperCase()));
  const reachNm = input.reachNm ?? REACH_NM;
  const targets = input.ports
    .filter(
      (p) => !exclusionOf(p.country, origins, input.setting.countryAssessments, input.upheldObjections ?? []),
    )
    .filter((p) => greatCircleNm(input.position, p) <= reachNm)
    .map((p) => ({ lat: p.lat, lon: p.lon }));
  const found = await routes(input.position, targets);
  const byPlace = new Map(targets.map((t, i) => [`${t.lat},${t.lon}`, found[i] ?? undefined]));
  return rankPlacesOfSafety({ ...input, seaDistance: (_from, to) => byPlace.get(`${to.lat},${to.lon}`) });
}

const usable = (c: Candidate) => !c.declined && !c.pending;

// Code-unit order, not the locale's, so the ranking is the same on every machine.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKnownFirst(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a - b;
}
