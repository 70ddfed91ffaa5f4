// Place-of-safety ranking per case: sea distance (grid A* around land, pulled tight) against a straight-line
// ranking of the same ports in the same run, on seeded random high-seas positions in the central
// Mediterranean. Also how often the straight line would have put another port first.
import { DEMO_SETTING } from '../src/directory/demo.ts';
import { greatCircleNm, type LatLon, seaRouter } from '../src/geo/sea-distance.ts';
import { zoneClassifier } from '../src/geo/zones.ts';
import { DEMO_PORTS } from '../src/places/ports.ts';
import { type Ranking, rankPlacesOfSafety, type SeaDistance } from '../src/places/ranking.ts';
import { seededRandom } from '../src/random.ts';
import { ms, ratio, summarise } from './stats.ts';

// Outside every territorial sea, between Tunisia, Libya, Malta and Sicily.
function highSeasPositions(seed: number, n: number): LatLon[] {
  const random = seededRandom(seed);
  const zones = zoneClassifier();
  const out: LatLon[] = [];
  while (out.length < n) {
    const p = { lat: 33.3 + 3 * random(), lon: 11.3 + 4.2 * random() };
    if (zones.classify(p.lat, p.lon).zone === 'beyond') out.push(p);
  }
  return out;
}

const straightLine: SeaDistance = (from, to) => ({ distanceNm: greatCircleNm(from, to), path: [from, to] });

function rank(position: LatLon, seaDistance?: SeaDistance): Ranking {
  return rankPlacesOfSafety({
    position,
    setting: DEMO_SETTING,
    countriesOfOrigin: [],
    ports: DEMO_PORTS,
    ...(seaDistance ? { seaDistance } : {}),
  });
}

function timeEach(
  positions: LatLon[],
  run: (p: LatLon) => Ranking,
): { samples: number[]; rankings: Ranking[] } {
  const samples: number[] = [];
  const rankings: Ranking[] = [];
  for (const p of positions) {
    const start = performance.now();
    rankings.push(run(p));
    samples.push(performance.now() - start);
  }
  return { samples, rankings };
}

export async function benchPlaces(): Promise<string[]> {
  const lines: string[] = [];
  let start = performance.now();
  const router = seaRouter();
  router.onLand({ lat: 0, lon: 0 });
  lines.push(
    `places: land (Natural Earth 10m) read and indexed in ${ms(performance.now() - start)} (once per process)`,
  );

  const positions = highSeasPositions(7, 50);
  start = performance.now();
  rank(positions[0] as LatLon);
  lines.push(
    `places: first ranking, grid tiles computed, ${ms(performance.now() - start)} (once per region)`,
  );
  // let the JIT settle on positions other than the measured ones
  for (const p of highSeasPositions(8, 20)) {
    rank(p);
    rank(p, straightLine);
  }

  const sea = timeEach(positions, (p) => rank(p));
  const line = timeEach(positions, (p) => rank(p, straightLine));
  const s = summarise(sea.samples);
  const g = summarise(line.samples);
  const routed = sea.rankings[0]?.candidates.length ?? 0;
  lines.push(
    `places ranking, ${positions.length} high-seas positions x ${routed} ports (LY excluded): ` +
      `sea p50 ${ms(s.p50)} p99 ${ms(s.p99)}; straight line p50 ${ms(g.p50)} p99 ${ms(g.p99)}; ` +
      `sea/straight ${ratio(s.p50, g.p50)} at p50`,
  );

  let firstDiffers = 0;
  let orderDiffers = 0;
  const stretch: number[] = [];
  sea.rankings.forEach((r, i) => {
    const other = line.rankings[i] as Ranking;
    const names = (x: Ranking) => x.candidates.map((c) => c.port.name).join('|');
    if (r.candidates[0]?.port.name !== other.candidates[0]?.port.name) firstDiffers++;
    if (names(r) !== names(other)) orderDiffers++;
    for (const c of r.candidates) {
      const gc = other.candidates.find((o) => o.port.name === c.port.name)?.seaDistanceNm;
      if (c.seaDistanceNm !== null && gc) stretch.push(c.seaDistanceNm / gc);
    }
  });
  stretch.sort((a, b) => a - b);
  const mean = stretch.reduce((a, b) => a + b, 0) / Math.max(1, stretch.length);
  lines.push(
    `places: sea distance / great circle over ${stretch.length} routes: mean x${mean.toFixed(3)}, ` +
      `max x${(stretch[stretch.length - 1] ?? Number.NaN).toFixed(3)}; the straight line ranks another port first ` +
      `in ${firstDiffers} of ${positions.length} cases and orders the list differently in ${orderDiffers}`,
  );
  return lines;
}
