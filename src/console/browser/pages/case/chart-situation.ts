// What the chart shows of the case, worked out from the page's state without drawing anything: the vessel's
// track, the ports with their labels, the sea route and the words that stand for the chart for anyone who
// cannot see it. Pure, tested in Node (test/console/chart.test.ts).
import type { BBox } from '../../../geo-box.ts';
import type { ChartPort } from '../../chart/sea-chart.ts';
import { position, utc } from '../../format.ts';
import type { LatLon, TrackPoint } from '../../map.ts';
import type { CaseView, Ranking } from '../../types.ts';
import { zoneText } from './parts.ts';
import { type CaseState, chartFrame } from './store.ts';

type Candidate = Ranking['candidates'][number];

export interface RouteTarget {
  // designated or proposed in the case, else the desk's nearest candidate by sea
  why: 'designated' | 'proposed' | 'nearest';
  name: string;
  country: string;
  // absent when the place decided is not among the candidates: no route to draw
  candidate?: Candidate;
}

export interface Situation {
  track: TrackPoint[];
  last: TrackPoint;
  // what the chart opens on, and goes back to with "Centre on the vessel"
  box: BBox;
  ports: ChartPort[];
  target?: RouteTarget;
  route?: LatLon[];
  summary: string;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

// The place the persons are to be brought to, as the case says: designated first, then proposed (a port
// not named is the nearest candidate in that country), else the desk's first candidate.
export function routeTarget(
  view: Pick<CaseView, 'placeOfSafety'>,
  ranking: Ranking | undefined,
): RouteTarget | undefined {
  const candidates = ranking?.candidates ?? [];
  const decided = view.placeOfSafety ?? { declined: [] };
  for (const why of ['designated', 'proposed'] as const) {
    const place = decided[why];
    if (!place) continue;
    const candidate = candidates.find(
      (c) => same(c.port.country, place.country) && (!place.port || same(c.port.name, place.port)),
    );
    return {
      why,
      name: candidate?.port.name ?? place.port ?? place.country,
      country: place.country,
      ...(candidate ? { candidate } : {}),
    };
  }
  const first = candidates[0];
  return first
    ? { why: 'nearest', name: first.port.name, country: first.port.country, candidate: first }
    : undefined;
}

const WHY: Record<RouteTarget['why'], string> = {
  designated: 'the place of safety designated',
  proposed: 'the place of safety proposed',
  nearest: 'the nearest candidate by sea',
};

function routeWords(target: RouteTarget | undefined): string {
  if (!target) return '';
  const where = `${target.name} (${target.country}), ${WHY[target.why]}`;
  const c = target.candidate;
  if (!c) return ` No sea route drawn to ${where}: not among the desk's candidates.`;
  if (c.seaDistanceNm === null || !c.path) return ` No sea route found to ${where}.`;
  return ` Sea route to ${where}: ${c.seaDistanceNm} nm, about ${c.hoursToReach} h.`;
}

// "in the territorial sea of MT", "beyond any territorial sea (14 nm from the nearest)"
function whereIn(zone: CaseView['zone']): string {
  const words = zoneText(zone);
  if (words === 'unknown') return 'zone unknown';
  return words.startsWith('beyond') ? words : `in the ${words}`;
}

export function situationOf(state: CaseState): Situation | undefined {
  const frame = chartFrame(state);
  const view = state.view;
  if (!frame || !view) return undefined;
  const { track, last } = frame;
  const target = routeTarget(view, state.places);
  const isTarget = (c: Candidate) => target?.candidate === c;
  // in the order they matter, since a label drawn first keeps its place
  const candidates = [...(state.places?.candidates ?? [])].sort(
    (a, b) => Number(isTarget(b)) - Number(isTarget(a)),
  );
  const ports: ChartPort[] = [
    ...candidates.map((c) => {
      const rank = (state.places?.candidates ?? []).indexOf(c) + 1;
      const label = `${rank}. ${c.port.name}${isTarget(c) && target?.why !== 'nearest' ? ` (${target?.why})` : ''}`;
      return {
        lat: c.port.lat,
        lon: c.port.lon,
        label,
        kind: isTarget(c) ? ('target' as const) : ('candidate' as const),
      };
    }),
    ...(state.places?.excluded ?? []).map((x) => ({
      lat: x.port.lat,
      lon: x.port.lon,
      label: `${x.port.name} (excluded)`,
      kind: 'excluded' as const,
    })),
  ];
  const n = track.length;
  const summary =
    `Vessel last reported at ${position(last)}${last.at ? ` (${utc(last.at)})` : ''}, ${whereIn(view.zone)}.` +
    ` ${n} reported position${n === 1 ? '' : 's'}${n > 1 ? `, the first at ${position(track[0])}` : ''}.` +
    routeWords(target);
  const route = target?.candidate?.path;
  return {
    track,
    last,
    box: frame.key.split(',').map(Number) as BBox,
    ports,
    ...(target ? { target } : {}),
    ...(route && route.length > 1 ? { route } : {}),
    summary,
  };
}
