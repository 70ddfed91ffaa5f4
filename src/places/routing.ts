// Sea distances for the place-of-safety ranking, computed in a worker thread so a slow search (a position
// far from every port, a landlocked sea) never holds the event loop: /health, the stream and every other
// request keep answering while it runs. One route at a time per thread; a search that outlasts its limit is
// stopped (the thread is replaced) and the request gets a clear 503 rather than waiting. Routes are kept by
// position (to 0.01 degrees, about half a mile) and port, so a case page that asks again is answered at once.
import { Worker } from 'node:worker_threads';
import type { LatLon } from '../geo/sea-distance.ts';
import type { RouteAnswer, RouteJob } from './routing-thread.ts';

export type Route = { distanceNm: number; path: LatLon[] } | null;

export class RoutingTimedOut extends Error {
  constructor(readonly seconds: number) {
    super(`the sea routes took longer than ${seconds} s`);
  }
}

const CACHE_SIZE = 5000;
const key = (from: LatLon, to: LatLon) =>
  `${from.lat.toFixed(2)},${from.lon.toFixed(2)}>${to.lat.toFixed(4)},${to.lon.toFixed(4)}`;

export class RoutingService {
  private worker: Worker | undefined;
  private serial = 0;
  private readonly waiting = new Map<number, (routes: Route[]) => void>();
  // insertion order is recency: a hit is moved to the end, the oldest leaves first
  private readonly cache = new Map<string, Route>();
  private queue: Promise<unknown> = Promise.resolve();

  // how long a search may take before it is stopped
  constructor(public limitMs = 15_000) {}

  // Routes from one position to each target, in order; null where the sea offers none.
  routes(from: LatLon, to: readonly LatLon[]): Promise<Route[]> {
    const missing = to.filter((t) => !this.cache.has(key(from, t)));
    if (missing.length === 0) return Promise.resolve(to.map((t) => this.hit(key(from, t))));
    // one search at a time: a second request waits its turn rather than sharing the thread's time
    const run = this.queue.then(() => this.compute(from, missing));
    this.queue = run.catch(() => {});
    return run.then(() => to.map((t) => this.hit(key(from, t))));
  }

  private hit(k: string): Route {
    const route = this.cache.get(k) ?? null;
    this.cache.delete(k);
    this.cache.set(k, route);
    return route;
  }

  private async compute(from: LatLon, to: LatLon[]): Promise<void> {
    const still = to.filter((t) => !this.cache.has(key(from, t)));
    if (still.length === 0) return;
    const worker = this.thread();
    const id = ++this.serial;
    const routes = await new Promise<Route[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        // the search cannot be interrupted inside the thread: the thread goes, a new one serves the next
        void worker.terminate();
        if (this.worker === worker) this.worker = undefined;
        reject(new RoutingTimedOut(this.limitMs / 1000));
      }, this.limitMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      worker.postMessage({ id, from, to: still } satisfies RouteJob);
    });
    still.forEach((t, i) => {
      this.cache.set(key(from, t), routes[i] ?? null);
    });
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./routing-worker.js', import.meta.url));
    worker.on('message', (answer: RouteAnswer) => {
      const done = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      done?.(answer.routes);
    });
    worker.on('error', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    // an idle thread does not keep the desk's process alive
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
