// Cursor paging (issue 17) on GET /cases, GET /cases/:id/audit and GET /directory/history: the body stays the
// contract's array; `Link: <...>; rel="next"` and `X-Next-Cursor` say where the next page starts, and the
// last page has neither. Followed to the end, the pages hold every item exactly once, in the list's order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, flaggedTrawler, rubberBoat, startDesk } from './helpers.ts';

let desk: Desk;
let headers: { authorization: string };

beforeAll(async () => {
  desk = await startDesk();
  headers = await desk.auth('authority');
});
afterAll(() => desk.close());

const get = (url: string) => desk.app.inject({ method: 'GET', url, headers });

// Follows `Link: rel="next"` from `first`, checking that X-Next-Cursor names the same page.
async function everyPage<T>(first: string): Promise<{ pages: T[][]; links: string[] }> {
  const pages: T[][] = [];
  const links: string[] = [];
  let url: string | undefined = first;
  while (url) {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    pages.push(res.json() as T[]);
    const link = res.headers.link as string | undefined;
    const cursor = res.headers['x-next-cursor'] as string | undefined;
    if (link === undefined) {
      expect(cursor).toBeUndefined();
      url = undefined;
    } else {
      links.push(link);
      const m = /^<([^>]+)>; rel="next"$/.exec(link);
      expect(m, link).not.toBeNull();
      url = m?.[1];
      expect(new URL(url ?? '', 'http://desk').searchParams.get('after')).toBe(cursor);
    }
    expect(pages.length).toBeLessThan(50);
  }
  return { pages, links };
}

describe('GET /cases in pages', () => {
  it('covers every case exactly once, in the order of the whole list, and the last page has no next link', async () => {
    // opened at one instant: the order falls back to the id, so pages must cut ties consistently
    for (let i = 0; i < 4; i++)
      await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() });
    for (let i = 0; i < 3; i++)
      await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: flaggedTrawler() });
    const whole = (await get('/cases')).json() as Array<{ id: string }>;
    expect(whole).toHaveLength(7);
    expect((await get('/cases')).headers.link).toBeUndefined();

    const { pages, links } = await everyPage<{ id: string }>('/cases?status=open&limit=3');
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((c) => c.id)).toEqual(whole.map((c) => c.id));
    // the next link keeps the filter
    expect(links.every((l) => l.includes('status=open') && l.includes('limit=3'))).toBe(true);
  });

  it('a case opened while paging shows at most once, and none that was there is skipped', async () => {
    const before = ((await get('/cases')).json() as Array<{ id: string }>).map((c) => c.id);
    const first = await get('/cases?limit=2');
    await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() });
    const next = /^<([^>]+)>/.exec(String(first.headers.link))?.[1];
    expect(next).toBeDefined();
    const { pages } = await everyPage<{ id: string }>(next ?? '');
    const seen = [...(first.json() as Array<{ id: string }>), ...pages.flat()].map((c) => c.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(before));
  });
});

describe("a case's audit trail in pages", () => {
  it('by seq, exactly once each, `after` the last seq seen', async () => {
    const opened = await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() });
    const id = opened.json().id as string;
    for (const lat of [34.91, 34.92, 34.93, 34.94])
      await desk.app.inject({
        method: 'POST',
        url: `/cases/${id}/events`,
        headers,
        payload: { type: 'POSITION_REPORTED', lat, lon: 12.6 },
      });
    const { pages } = await everyPage<{ seq: number }>(`/cases/${id}/audit?limit=2`);
    expect(pages.map((p) => p.map((e) => e.seq))).toEqual([[1, 2], [3, 4], [5]]);
    const tail = await get(`/cases/${id}/audit?after=3`);
    expect((tail.json() as Array<{ seq: number }>).map((e) => e.seq)).toEqual([4, 5]);
    expect(tail.headers.link).toBeUndefined();
    expect((await get(`/cases/${id}/audit?after=5`)).json()).toEqual([]);
    expect((await get(`/cases/${id}/audit`)).json()).toHaveLength(5);
  });
});

describe("the directory's history in pages", () => {
  it('by seq, exactly once each', async () => {
    for (const country of ['LY', 'TN', 'EG'])
      await desk.app.inject({
        method: 'PUT',
        url: `/directory/assessments/${country}`,
        headers,
        payload: { unsafe: country === 'LY', source: 'the central authority', date: '2026-01-01' },
      });
    const whole = (await get('/directory/history')).json() as Array<{ seq: number }>;
    expect(whole.length).toBeGreaterThanOrEqual(4);
    const { pages } = await everyPage<{ seq: number }>('/directory/history?limit=2');
    expect(pages.flat().map((e) => e.seq)).toEqual(whole.map((e) => e.seq));
    expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
  });
});

describe('bad paging answers 400 naming the field', () => {
  const cases = [
    ['/cases?limit=0', 'limit'],
    ['/cases?limit=1001', 'limit'],
    ['/cases?limit=ten', 'limit'],
    ['/cases?limit=2.5', 'limit'],
    ['/cases?after=not-a-cursor', 'after'],
    [`/cases?after=${Buffer.from('["open"]').toString('base64url')}`, 'after'],
    ['/cases/any/audit?limit=-1', 'limit'],
    ['/cases/any/audit?after=x', 'after'],
    ['/cases/any/audit?after=-1', 'after'],
    ['/directory/history?limit=100000', 'limit'],
    ['/directory/history?after=1.5', 'after'],
  ] as const;
  it.each(cases)('%s', async (url, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ error: 'invalid', issues: [{ path: field }] });
  });
});
