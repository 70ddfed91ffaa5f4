// Zone lookup cost, indexed (flatbush) against naive (every State, every edge), on seeded random points.
import {
  type ClassifyOptions,
  createIndexedClassifier,
  createNaiveClassifier,
  loadZoneFeatures,
  preloadZones,
  type ZoneClassifier,
} from '../src/geo/zones.ts';
import { seededRandom } from '../src/random.ts';

type Point = readonly [lat: number, lon: number];

function randomPoints(seed: number, n: number, lat: [number, number], lon: [number, number]): Point[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => [
    lat[0] + (lat[1] - lat[0]) * random(),
    lon[0] + (lon[1] - lon[0]) * random(),
  ]);
}

// Contiguous zones a central-Mediterranean desk would configure, so the band search is part of the cost.
const OPTIONS: ClassifyOptions = { contiguousZones: { MT: 24, IT: 24, TN: 24, LY: 24, GR: 24 }, state: 'MT' };

function microsPerPoint(classifier: ZoneClassifier, points: readonly Point[]): number {
  const start = process.hrtime.bigint();
  for (const [lat, lon] of points) classifier.classify(lat, lon, OPTIONS);
  return Number(process.hrtime.bigint() - start) / 1000 / points.length;
}

function disagreements(a: ZoneClassifier, b: ZoneClassifier, points: readonly Point[]): number {
  return points.filter(
    ([lat, lon]) =>
      JSON.stringify(a.classify(lat, lon, OPTIONS)) !== JSON.stringify(b.classify(lat, lon, OPTIONS)),
  ).length;
}

const fmt = (n: number) => n.toFixed(n < 100 ? 1 : 0);

export async function benchGeo(): Promise<string[]> {
  const lines: string[] = [];
  let start = performance.now();
  loadZoneFeatures();
  const loadMs = performance.now() - start;
  start = performance.now();
  preloadZones();
  lines.push(
    `geo: load ${fmt(loadMs)} ms, flatten and index ${fmt(performance.now() - start)} ms (once per process)`,
  );

  const indexed = createIndexedClassifier();
  const naive = createNaiveClassifier();
  // Let the JIT settle so the first set does not pay for compilation.
  const warmup = randomPoints(99, 2000, [30, 40], [8, 25]);
  microsPerPoint(indexed, warmup);
  microsPerPoint(naive, warmup.slice(0, 200));

  const sets = [
    { name: 'central Med (lat 30..40, lon 8..25)', seed: 1, lat: [30, 40], lon: [8, 25], naiveCount: 10_000 },
    // The naive classifier scans ~100,000 edges a point; a subset keeps the bench under a minute.
    {
      name: 'world (lat -90..90, lon -180..180)',
      seed: 2,
      lat: [-90, 90],
      lon: [-180, 180],
      naiveCount: 2_000,
    },
  ] as const;
  for (const set of sets) {
    const points = randomPoints(set.seed, 10_000, [...set.lat], [...set.lon]);
    const naivePoints = points.slice(0, set.naiveCount);
    const indexedUs = microsPerPoint(indexed, points);
    const naiveUs = microsPerPoint(naive, naivePoints);
    const differ = disagreements(indexed, naive, naivePoints.slice(0, 1000));
    lines.push(
      `geo zone lookup, ${set.name}: indexed ${fmt(indexedUs)} µs/point (${points.length} points), ` +
        `naive ${fmt(naiveUs)} µs/point (${naivePoints.length} points), naive/indexed x${fmt(naiveUs / indexedUs)}, ` +
        `${differ} of 1000 answers differ`,
    );
  }
  return lines;
}
