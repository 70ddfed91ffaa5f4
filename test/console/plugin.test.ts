// The console as the desk serves it, without a browser: the page and its assets load before sign-in and
// from the desk alone; the chart data needs a token; nothing else became public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, startDesk } from '../http/helpers.ts';

let desk: Desk;

beforeAll(async () => {
  desk = await startDesk();
});

afterAll(async () => {
  await desk.close();
});

describe('the page', () => {
  it('is served at / without a token, titled, with a CSP that allows nothing from elsewhere', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<title>Interception Desk</title>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    // every resource the page names is the desk's own
    const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(1);
    for (const ref of refs) expect(ref.startsWith('/') || ref.startsWith('data:')).toBe(true);
  });

  it('serves the bundle and the stylesheet without a token, cacheable by their hash', async () => {
    const page = (await desk.app.inject({ method: 'GET', url: '/' })).body;
    const js = /src="(\/console\/assets\/app\.js\?v=[0-9a-f]+)"/.exec(page)?.[1];
    const css = /href="(\/console\/assets\/app\.css\?v=[0-9a-f]+)"/.exec(page)?.[1];
    expect(js && css).toBeTruthy();
    const script = await desk.app.inject({ method: 'GET', url: js! });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.body).toContain('Interception Desk');
    // the law's tables went in at bundle time
    expect(script.body).toContain('RENDER_ASSISTANCE');
    // no address outside the desk (the SVG namespace and OpenLayers' names for its projections, the OGC's
    // URIs of EPSG:4326 and EPSG:3857, are names, not fetches)
    const urls = [...script.body.matchAll(/https?:\/\/[^\s'"`)]+/g)].map((m) => m[0]);
    const names = /^http:\/\/www\.(w3\.org\/|opengis\.net\/(def\/crs|gml\/srs)\/)/;
    expect(urls.filter((u) => !names.test(u))).toEqual([]);
    const style = await desk.app.inject({ method: 'GET', url: css! });
    expect(style.statusCode).toBe(200);
    expect(style.headers['content-type']).toContain('text/css');
    expect(style.body).not.toMatch(/@import|url\(\s*['"]?https?:/);
  });

  it('keeps everything else behind the token', async () => {
    for (const url of [
      '/cases',
      '/console/geo?bbox=12,34,13,35',
      '/console',
      '/consoleX',
      '/console/assets/../geo?bbox=12,34,13,35',
      '/console/assets/%2e%2e/geo?bbox=12,34,13,35',
    ]) {
      const res = await desk.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
  });
});

describe('GET /console/geo', () => {
  it('returns the territorial seas and the land inside the box, simplified', async () => {
    const res = await desk.app.inject({
      method: 'GET',
      url: '/console/geo?bbox=11.5,34.3,13.6,36.0',
      headers: await desk.auth('operator'),
    });
    expect(res.statusCode).toBe(200);
    const geo = res.json() as {
      bbox: number[];
      territorialSea: Array<{ state: string; polygons: number[][][][] }>;
      land: number[][][];
    };
    expect(geo.bbox).toEqual([11.5, 34.3, 13.6, 36]);
    // Lampedusa and Linosa (IT)
    expect(geo.territorialSea.map((t) => t.state)).toContain('IT');
    expect(geo.land.length).toBeGreaterThan(0);
    for (const t of geo.territorialSea) {
      for (const [lon = 0, lat = 0] of t.polygons.flat(2)) {
        expect(lon).toBeGreaterThanOrEqual(11.5);
        expect(lon).toBeLessThanOrEqual(13.6);
        expect(lat).toBeGreaterThanOrEqual(34.3);
        expect(lat).toBeLessThanOrEqual(36);
      }
    }
    // small enough to send to a tablet over a ship's link
    expect(res.body.length).toBeLessThan(50_000);
  });

  it('adds the contiguous zones claimed only when asked, and names a bad claim', async () => {
    const headers = await desk.auth('operator');
    const url = '/console/geo?bbox=11.5,34.3,13.6,36.0';
    const plain = (await desk.app.inject({ method: 'GET', url, headers })).json();
    expect(plain).not.toHaveProperty('contiguousZone');
    const res = await desk.app.inject({ method: 'GET', url: `${url}&contiguous=IT:24,MT:24`, headers });
    expect(res.statusCode).toBe(200);
    const geo = res.json() as { contiguousZone: Array<{ state: string; breadthNm: number }> };
    expect(geo.contiguousZone.map((z) => [z.state, z.breadthNm])).toEqual([['IT', 24]]);
    const bad = await desk.app.inject({ method: 'GET', url: `${url}&contiguous=IT:30`, headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid', issues: [{ path: 'contiguous' }] });
  });

  it('names a bad or oversized box', async () => {
    const headers = await desk.auth('auditor');
    for (const bbox of ['12,34,13', '13,34,12,35', '0,0,40,10', 'a,b,c,d']) {
      const res = await desk.app.inject({ method: 'GET', url: `/console/geo?bbox=${bbox}`, headers });
      expect(res.statusCode, bbox).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid', issues: [{ path: 'bbox' }] });
    }
  });
});
