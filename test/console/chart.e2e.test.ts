// The case page's chart in a real browser (Debian's chromium through playwright-core) against a real desk:
// the chart draws from the desk's own geography with nothing fetched elsewhere, zooms with its buttons, the
// wheel and the keyboard, measures in nautical miles, reads the pointer's position as a GPS does and names
// land, territorial sea and contiguous zone in its legend. Every wait is for a condition, never for time.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rubberBoat } from '../http/helpers.ts';
import { ARTIFACTS, type Browser } from './browser.ts';
import type { ConsoleDesk } from './desk.ts';
import { openCasePage, signIn } from './pages.ts';
import { consoleTestbed, LAPTOP } from './testbed.ts';

// degrees and decimal minutes as the console writes them: 35°12.345′N 014°03.210′E
const DDM = /^\d{2}°\d{2}\.\d{3}′[NS] \d{3}°\d{2}\.\d{3}′[EW]$/;
const MAP = '#map .chart-map';

let desk: ConsoleDesk;
let browser: Browser;
let caseId: string;

consoleTestbed(async (d, b) => {
  desk = d;
  browser = b;
  // south of Lampedusa, heading north into Italy's contiguous zone
  const opened = await desk.post('/cases', rubberBoat({ position: { lat: 34.9, lon: 12.6 } }));
  expect(opened.status).toBe(201);
  caseId = (opened.body as { id: string }).id;
  for (const [lat, lon] of [
    [35.05, 12.62],
    [35.2, 12.58],
  ]) {
    expect((await desk.post(`/cases/${caseId}/events`, { type: 'POSITION_REPORTED', lat, lon })).status).toBe(
      200,
    );
  }
});

const resolution = (page: Page) => page.getAttribute(MAP, 'data-resolution').then(Number);

// OpenLayers animates a zoom: the view's resolution on the page settles on moveend
async function resolutionChangedFrom(page: Page, before: number): Promise<number> {
  await page.waitForFunction(
    ([selector, r]) =>
      Number(document.querySelector(selector as string)?.getAttribute('data-resolution')) !== r,
    [MAP, before] as const,
  );
  return resolution(page);
}

describe('the case chart', () => {
  it('zooms, pans, measures in nautical miles and reads the pointer as a GPS does', async () => {
    const page = await browser.page(LAPTOP);
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(desk.base) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    await signIn(page, desk, 'operator');
    await openCasePage(page, caseId);
    // the ranking brings the ports and the route, and may widen the box the chart opens on: wait for it
    await page.waitForSelector('#places ol.places', { timeout: 30_000 });
    await page.waitForSelector(`${MAP}[data-geography="loaded"]`);

    // named, described in words and reachable from the keyboard
    const map = page.locator(MAP);
    expect(await map.getAttribute('aria-label')).toBe('Chart around the vessel');
    expect(await map.getAttribute('tabindex')).toBe('0');
    const summary = await page.textContent('#chart-summary');
    expect(summary).toContain('Vessel last reported at 35°12.000′N 012°34.800′E');
    expect(summary).toContain('in the contiguous zone of IT');
    expect(summary).toContain('3 reported positions, the first at 34°54.000′N 012°36.000′E');
    // Italy claims a contiguous zone in the desk's directory, and Lampedusa is in view
    await expect
      .poll(() => page.textContent('#chart-zones'))
      .toContain('Contiguous zones claimed: IT (24 nm)');
    expect(await page.textContent('#chart-zones')).toMatch(/Territorial seas on the chart: .*IT/);

    const legend = await page.$$eval('#map ul.legend li', (items) => items.map((li) => li.textContent ?? ''));
    for (const name of [
      'Land',
      'Territorial sea (12 nm)',
      'Contiguous zone claimed',
      'Vessel, last position',
      'Sea route to the nearest candidate',
    ]) {
      expect(
        legend.some((l) => l.startsWith(name)),
        name,
      ).toBe(true);
    }

    // the scale line in nautical miles
    await expect.poll(() => page.textContent(`${MAP} .ol-scale-line-inner`)).toMatch(/^\d+(\.\d+)? nm$/);

    // zoom in with the button: the view's resolution halves
    const r0 = await resolution(page);
    expect(r0).toBeGreaterThan(0);
    await page.click(`${MAP} .ol-zoom-in`);
    const r1 = await resolutionChangedFrom(page, r0);
    expect(r1 / r0).toBeCloseTo(0.5, 1);

    // and with the wheel, over the chart
    const box = await map.boundingBox();
    if (!box) throw new Error('the chart has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    const r2 = await resolutionChangedFrom(page, r1);
    expect(r2).toBeLessThan(r1);

    // and from the keyboard, once the chart has the focus: "-" zooms out, an arrow pans
    await map.focus();
    await page.keyboard.press('-');
    const r3 = await resolutionChangedFrom(page, r2);
    expect(r3).toBeGreaterThan(r2);
    const centre = await map.getAttribute('data-centre');
    expect(centre).toMatch(DDM);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      ([selector, c]) => document.querySelector(selector as string)?.getAttribute('data-centre') !== c,
      [MAP, centre] as const,
    );
    // the view moved east: the same latitude, a longitude further on
    const [lat0, lon0] = (centre ?? '').split(' ');
    const [lat1, lon1] = ((await map.getAttribute('data-centre')) ?? '').split(' ');
    expect(lat1).toBe(lat0);
    expect((lon1 ?? '') > (lon0 ?? '')).toBe(true);

    // the pointer's position, as a GPS shows it, moving with the pointer
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await expect.poll(() => page.textContent('.chart-cursor-value')).toMatch(DDM);
    const first = await page.textContent('.chart-cursor-value');
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.7);
    await expect.poll(() => page.textContent('.chart-cursor-value')).not.toBe(first);
    expect(await page.textContent('.chart-cursor-value')).toMatch(DDM);
    // south-east of the first point: a smaller latitude, a larger longitude
    const [pLat1, pLon1] = (first ?? '').split(' ');
    const [pLat2, pLon2] = ((await page.textContent('.chart-cursor-value')) ?? '').split(' ');
    expect((pLat2 ?? '') < (pLat1 ?? '')).toBe(true);
    expect((pLon2 ?? '') > (pLon1 ?? '')).toBe(true);

    // back to the vessel after all that
    await page.click('#map button:has-text("Centre on the vessel")');
    // where it opened, give or take a pixel of the page's layout settling meanwhile
    await expect.poll(async () => Math.abs((await resolution(page)) / r0 - 1)).toBeLessThan(0.01);

    await page.screenshot({
      path: `${ARTIFACTS}chart.png`,
      clip: (await page.locator('#map').boundingBox()) ?? undefined,
    });
    expect(elsewhere).toEqual([]);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('follows the vessel until the officer moves the chart, then leaves it where they put it', async () => {
    const opened = await desk.post('/cases', rubberBoat({ position: { lat: 34.9, lon: 12.6 } }));
    const id = (opened.body as { id: string }).id;
    const page = await browser.page(LAPTOP);
    const centre = () => page.getAttribute(MAP, 'data-centre');
    const report = async (lat: number, lon: number, shown: string) => {
      expect((await desk.post(`/cases/${id}/events`, { type: 'POSITION_REPORTED', lat, lon })).status).toBe(
        200,
      );
      await expect.poll(() => page.textContent('#chart-summary')).toContain(shown);
    };
    await signIn(page, desk, 'operator');
    await openCasePage(page, id);
    await page.waitForSelector(`${MAP}[data-geography="loaded"]`);
    const first = await centre();

    // untouched, the chart goes with the vessel
    await report(34.3, 13.4, 'Vessel last reported at 34°18.000′N 013°24.000′E');
    await expect.poll(centre).not.toBe(first);

    // once the officer zooms, a new position no longer moves the chart
    const before = await resolution(page);
    await page.click(`${MAP} .ol-zoom-in`);
    const zoomed = await resolutionChangedFrom(page, before);
    const mine = await centre();
    await report(33.9, 13.9, 'Vessel last reported at 33°54.000′N 013°54.000′E');
    // two frames drawn: a view the chart had moved would have said so by then
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    expect(await centre()).toBe(mine);
    expect(await resolution(page)).toBe(zoomed);

    // until they ask for the vessel again
    await page.click('#map button:has-text("Centre on the vessel")');
    await expect.poll(centre).not.toBe(mine);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it("keeps the chart accessible (axe) and serves OpenLayers' stylesheet from the desk", async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'operator');
    await openCasePage(page, caseId);
    await page.waitForSelector(`${MAP}[data-geography="loaded"]`);
    const results = await new AxeBuilder({ page }).include('#map').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    // ol.css is in the console's own stylesheet: the zoom buttons are laid out by it
    expect(await page.$eval(`${MAP} .ol-zoom`, (el) => getComputedStyle(el).position)).toBe('absolute');
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
