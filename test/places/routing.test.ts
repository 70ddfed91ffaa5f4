// The sea routes' thread (src/places/routing.ts): the same routes as the router in this thread, kept for the
// next ask; a search that outlasts its limit is stopped with RoutingTimedOut and the thread replaced.
import { afterEach, describe, expect, it } from 'vitest';
import { seaRouter } from '../../src/geo/sea-distance.ts';
import { RoutingService, RoutingTimedOut } from '../../src/places/routing.ts';

const services: RoutingService[] = [];
const service = (limitMs?: number) => {
  const s = new RoutingService(limitMs);
  services.push(s);
  return s;
};
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

const LAMPEDUSA_SOUTH = { lat: 34.9, lon: 12.6 };
const VALLETTA = { lat: 35.8989, lon: 14.5146 };
const CATANIA = { lat: 37.497, lon: 15.095 };
const BLACK_SEA = { lat: 43, lon: 34 };

describe('sea routes in a worker thread', () => {
  it('gives the routes this thread would, in the order asked, and answers a repeat from what it kept', async () => {
    const routing = service();
    const [toValletta, toCatania] = await routing.routes(LAMPEDUSA_SOUTH, [VALLETTA, CATANIA]);
    const here = seaRouter();
    expect(toValletta!.distanceNm).toBeCloseTo(here.route(LAMPEDUSA_SOUTH, VALLETTA)!.distanceNm, 6);
    expect(toCatania!.distanceNm).toBeCloseTo(here.route(LAMPEDUSA_SOUTH, CATANIA)!.distanceNm, 6);
    // kept: the thread is gone and the answer is the same
    await routing.close();
    expect(await routing.routes(LAMPEDUSA_SOUTH, [CATANIA])).toEqual([toCatania]);
  });

  it('stops a search that outlasts its limit with a clear error, and the next ask gets a fresh thread', async () => {
    const routing = service(50);
    await expect(routing.routes(BLACK_SEA, [CATANIA])).rejects.toBeInstanceOf(RoutingTimedOut);
    // the stopped thread answers nothing more: a route now comes from a new one
    routing.limitMs = 60_000;
    const [route] = await routing.routes(LAMPEDUSA_SOUTH, [VALLETTA]);
    expect(route!.distanceNm).toBeCloseTo(seaRouter().route(LAMPEDUSA_SOUTH, VALLETTA)!.distanceNm, 6);
  });
});
