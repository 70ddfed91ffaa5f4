// Nothing heavy on the event loop (issue 15): the place-of-safety ranking routes in a worker thread, so
// rankings for positions far from every port (a landlocked sea, where every search fails the long way) run
// while /health keeps answering at once; a position with no port within reach gets a clear answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ranking } from '../../src/places/ranking.ts';
import { type Desk, rubberBoat, startDesk } from '../http/helpers.ts';

let desk: Desk;
let base: string;

beforeAll(async () => {
  desk = await startDesk();
  base = await desk.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => desk.close());

async function caseAt(lat: number, lon: number): Promise<string> {
  const res = await fetch(`${base}/cases`, {
    method: 'POST',
    headers: { ...(await desk.auth('operator')), 'content-type': 'application/json' },
    body: JSON.stringify(rubberBoat({ position: { lat, lon } })),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function ranking(id: string): Promise<{ status: number; body: Ranking }> {
  const res = await fetch(`${base}/cases/${id}/places-of-safety`, { headers: await desk.auth('authority') });
  return { status: res.status, body: (await res.json()) as Ranking };
}

describe('the place-of-safety ranking never holds the desk (SOLAS V/33.1-1; MSC.167(78) 6.12)', () => {
  it('four rankings from the Black Sea run while /health answers within 250 ms each time', async () => {
    // within reach of the central Mediterranean ports in a straight line, but through the Bosporus, a strait
    // narrower than the routing grid: each route searches a wide box (about a second of routing per position
    // on this machine), which used to hold every other request
    const ids = await Promise.all([
      caseAt(43.0, 34.0),
      caseAt(43.2, 33.6),
      caseAt(42.8, 34.4),
      caseAt(43.4, 33.2),
    ]);
    let done = false;
    const rankings = Promise.all(ids.map(ranking)).finally(() => {
      done = true;
    });
    const healthTimes: number[] = [];
    while (!done) {
      const started = performance.now();
      const health = await fetch(`${base}/health`);
      healthTimes.push(performance.now() - started);
      expect(health.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
    }
    const answers = await rankings;
    // the rankings took long enough for /health to be asked while they ran
    expect(healthTimes.length).toBeGreaterThan(3);
    expect(Math.max(...healthTimes)).toBeLessThan(250);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      // the ports within reach were routed; the rest are listed beyond it
      expect(body.candidates.some((c) => c.beyondReachNm === undefined)).toBe(true);
      expect(body.candidates.some((c) => c.beyondReachNm !== undefined)).toBe(true);
    }
  }, 120_000);

  it('a position with no port within reach is answered at once, each port listed with its straight-line distance', async () => {
    const id = await caseAt(0, 80);
    const { status, body } = await ranking(id);
    expect(status).toBe(200);
    expect(body.reachNm).toBe(1000);
    expect(body.candidates.length).toBeGreaterThan(0);
    for (const c of body.candidates) {
      expect(c.seaDistanceNm).toBeNull();
      expect(c.beyondReachNm).toBeGreaterThan(1000);
    }
    const nearest = [...body.candidates].sort((a, b) => a.beyondReachNm! - b.beyondReachNm!)[0]!;
    expect(body.note).toContain(`The nearest is ${nearest.port.name} (${nearest.port.country})`);
  });
});
