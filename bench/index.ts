// `npm run bench [-- durable|geo ...]`: each benchmark prints its figures beside a baseline measured in the
// same run, as ratios. Timings are never asserted in tests.
import { benchDurable } from './durable.ts';
import { benchExchange } from './exchange.ts';
import { benchGeo } from './geo.ts';
import { benchPlaces } from './places.ts';
import { benchStore } from './store.ts';
import { benchStream } from './stream.ts';

const BENCHES: Record<string, () => Promise<string[]>> = {
  durable: () => benchDurable(),
  exchange: () => benchExchange(),
  geo: () => benchGeo(),
  places: () => benchPlaces(),
  stream: () => benchStream(),
  store: () => benchStore(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const [name, run] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const started = performance.now();
  for (const line of await run()) console.log(line);
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
