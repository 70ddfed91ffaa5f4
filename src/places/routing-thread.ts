// Sea routes computed off the desk's event loop (src/places/routing.ts): a search around a landmass can take
// seconds, and the thread that answers /health and the stream must never wait for one.
import { parentPort } from 'node:worker_threads';
import { type LatLon, seaRouter } from '../geo/sea-distance.ts';

export interface RouteJob {
  id: number;
  from: LatLon;
  to: LatLon[];
}

export interface RouteAnswer {
  id: number;
  routes: Array<{ distanceNm: number; path: LatLon[] } | null>;
}

parentPort!.on('message', (job: RouteJob) => {
  const router = seaRouter();
  const routes = job.to.map((to) => {
    const r = router.route(job.from, to);
    return r ? { distanceNm: r.distanceNm, path: r.path } : null;
  });
  parentPort!.postMessage({ id: job.id, routes } satisfies RouteAnswer);
});
