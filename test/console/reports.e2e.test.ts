// The reports page in a real browser against a real desk: a central authority sees the plots of the flag
// States' reply times, the persons and the refusals, with tables holding the numbers the route gives, and
// downloads the CSV; an operator is never offered the page; axe finds nothing serious at laptop and tablet
// sizes. The README's picture is taken on demo data (reports-demo.ts).
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../machines/schemas.ts';
import type { IndicatorReport } from '../../src/reports/indicators.ts';
import { flaggedTrawler, rubberBoat } from '../http/helpers.ts';
import { ARTIFACTS, type Browser } from './browser.ts';
import type { ConsoleDesk } from './desk.ts';
import { signIn } from './pages.ts';
import { startDemoDesk } from './reports-demo.ts';
import { consoleTestbed, LAPTOP, TABLET } from './testbed.ts';

const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/console-reports.png', import.meta.url));
const DAY = 86_400_000;

let desk: ConsoleDesk;
let browser: Browser;

async function record(caseId: string, event: unknown, role: Role) {
  return desk.post(`/cases/${caseId}/events`, event, role);
}

async function opened(body: unknown): Promise<string> {
  const res = await desk.post('/cases', body, 'operator');
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

async function applied(caseId: string, event: unknown, role: Role): Promise<void> {
  expect((await record(caseId, event, role)).status).toBe(200);
}

// The report page open for `role`, and the indicators as the page asked for them.
async function reportsPage(page: Page, role: Role): Promise<string> {
  await signIn(page, desk, role);
  const asked = page.waitForResponse((r) => r.url().includes('/reports/indicators'));
  await page.click('nav a[href="#/reports"]');
  const url = (await asked).url();
  await page.waitForSelector('#plot-refusals-article');
  return url;
}

async function fromTheRoute(url: string, accept = 'application/json'): Promise<Response> {
  return fetch(url, { headers: { authorization: `Bearer ${await desk.token('auditor')}`, accept } });
}

// The table under a plot: each row's cells as shown.
const table = (page: Page, id: string) =>
  page.$$eval(`#${id} table tbody tr`, (rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')),
  );
const count = (page: Page, selector: string) => page.$$eval(selector, (els) => els.length);

consoleTestbed(async (d, b) => {
  desk = d;
  browser = b;
  // Togo answers the registry request, is asked for and grants its authorisation; boarding before it is refused
  const togo = await opened(flaggedTrawler());
  await applied(togo, { type: 'FLAG_STATE_NOTIFIED', state: 'TG', channel: 'phone' }, 'authority');
  await applied(togo, { type: 'REGISTRY_CONFIRMED' }, 'authority');
  expect((await record(togo, { type: 'BOARDING_STARTED' }, 'operator')).status).toBe(409);
  await applied(togo, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, 'authority');
  await applied(togo, { type: 'AUTHORISATION_GRANTED', scopes: ['board'] }, 'authority');
  // Liberia answers the registry request only
  const liberia = await opened({ ...flaggedTrawler(), vessel: { name: 'Ocean Pearl', flag: 'LR' } });
  await applied(liberia, { type: 'FLAG_STATE_NOTIFIED', state: 'LR' }, 'authority');
  await applied(liberia, { type: 'REGISTRY_CONFIRMED' }, 'authority');
  // a boat without nationality boarded without grounds (refused), then a rescue
  const boat = await opened(rubberBoat());
  expect((await record(boat, { type: 'BOARDING_STARTED' }, 'operator')).status).toBe(409);
  await applied(boat, { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded'] }, 'operator');
  await applied(boat, { type: 'RESCUE_COMPLETED', rescued: 57, deceased: 1, missing: 2 }, 'operator');
});

describe('reports page', () => {
  it('shows a central authority the last 30 days in plots, with the numbers of the route in tables', async () => {
    const page = await browser.page(LAPTOP);
    const url = await reportsPage(page, 'authority');
    const today = new Date(Date.now()).toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10);
    expect(await page.inputValue('#report-from')).toBe(monthAgo);
    expect(await page.inputValue('#report-to')).toBe(today);
    expect(new URL(url).search).toBe(`?from=${monthAgo}&to=${today}&by=week`);
    const r = (await (await fromTheRoute(url)).json()) as IndicatorReport;
    const v = r.indicators;
    expect(r.cases).toBe(3);

    // flag States: a bar and a tick for each reply that came, and the same figures in the table
    const replies = Object.entries(v.flagStateReplies.value).flatMap(([state, d]) =>
      (
        [
          ['registry reply', d.registryReply],
          ['authorisation', d.authorisation],
        ] as const
      )
        .filter(([, x]) => x.count > 0)
        .map(([measure, x]) => [
          state,
          measure,
          String(x.count),
          String(x.medianMinutes),
          String(x.p90Minutes),
        ]),
    );
    expect(replies.map((x) => `${x[0]} ${x[1]}`)).toEqual([
      'LR registry reply',
      'TG registry reply',
      'TG authorisation',
    ]);
    expect(await table(page, 'plot-replies')).toEqual(replies);
    expect(await count(page, '#plot-replies svg g.median rect')).toBe(3);
    expect(await count(page, '#plot-replies svg g.p90 line')).toBe(3);
    // over time: this week's point for each, with its week in the table
    expect(await count(page, '#plot-replies-over-time svg g.median circle')).toBe(3);
    const overTime = await table(page, 'plot-replies-over-time');
    expect(overTime.map((row) => row.slice(1))).toEqual(replies);
    const thisWeek = r.periods!.at(-1)!.indicators.flagStateReplies.value;
    expect(Object.keys(thisWeek)).toEqual(['LR', 'TG']);

    // persons: five bars, the route's numbers
    expect(await count(page, '#plot-persons svg g.count rect')).toBe(5);
    expect(await table(page, 'plot-persons')).toEqual([
      ['rescued', String(v.personsRescued.value.persons)],
      ['taken on board (not in a rescue)', String(v.personsTakenOnBoard.value.persons)],
      ['delivered to a place of safety', String(v.deliveredToPlaceOfSafety.value.persons)],
      ['deceased', String(v.deceasedAndMissing.value.deceased)],
      ['missing', String(v.deceasedAndMissing.value.missing)],
    ]);
    expect(v.personsRescued.value.persons).toBe(57);

    // refusals: one bar per reason, and per article cited
    const reasons = Object.entries(v.refusals.value.byReason);
    expect(reasons).toHaveLength(2);
    expect(await count(page, '#plot-refusals-reason svg g.count rect')).toBe(2);
    expect(Object.fromEntries(await table(page, 'plot-refusals-reason'))).toEqual(
      Object.fromEntries(reasons.map(([k, n]) => [k, String(n)])),
    );
    const articles = Object.entries(v.refusals.value.byArticle);
    expect(Object.fromEntries(await table(page, 'plot-refusals-article'))).toEqual(
      Object.fromEntries(articles.map(([k, n]) => [k, String(n)])),
    );
    expect(await count(page, '#plot-refusals-article svg g.count rect')).toBe(Math.min(12, articles.length));
    for (const reason of Object.keys(v.refusals.value.byReason))
      expect(await page.textContent('#plot-refusals-reason svg')).toContain(reason);

    // each plot an image named by its caption, the caption naming what the figure serves
    for (const id of ['plot-replies', 'plot-persons', 'plot-refusals-reason']) {
      expect(await page.getAttribute(`#${id} svg[role=img]`, 'aria-label')).toBeTruthy();
    }
    expect(await page.textContent('#plot-replies figcaption')).toContain('SoM art. 8(4)');
    expect(await page.textContent('#plot-persons figcaption')).toContain(
      'Framework for Action, protection 11',
    );
    expect(await page.textContent('#plot-refusals-reason figcaption')).toContain(v.refusals.serves[0]);
    await page.screenshot({ path: `${ARTIFACTS}reports-laptop.png`, fullPage: true });

    // opened straight from its address (the tab keeps the token): the desk's clock is asked for first
    await page.reload();
    await page.waitForSelector('#plot-refusals-article svg');
    expect(await page.inputValue('#report-from')).toBe(monthAgo);

    // another window: the same page asks again, by month past half a year
    const asked = page.waitForResponse((res) => res.url().includes('/reports/indicators'));
    await page.fill('#report-from', '2026-01-01');
    await page.fill('#report-to', today);
    await page.click('.report-window button[type=submit]');
    expect((await asked).url()).toContain('by=month');
    await page.waitForSelector('#plot-replies-over-time');
    expect(browser.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('downloads the same report as CSV', async () => {
    const page = await browser.page(LAPTOP);
    const url = await reportsPage(page, 'authority');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const from = await page.inputValue('#report-from');
    const to = await page.inputValue('#report-to');
    expect(download.suggestedFilename()).toBe(`indicators-${from}-to-${to}.csv`);
    const saved = readFileSync((await download.path())!, 'utf8');
    expect(saved).toBe(await (await fromTheRoute(url, 'text/csv')).text());
    expect(saved.split('\r\n')[0]).toBe('from,to,indicator,breakdown,value,serves');
    expect(saved).toContain(',personsRescued,persons,57,');
    expect(browser.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('is not offered to an operator, and says whose it is', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'operator');
    expect(await page.$$eval('nav a', (links) => links.map((a) => a.textContent))).not.toContain('Reports');
    await page.evaluate(() => {
      location.hash = '#/reports';
    });
    await page.waitForSelector('.reports-page .notice');
    expect(await page.textContent('.reports-page .notice')).toContain('for central authorities and auditors');
    expect(await page.$('#report-from')).toBeNull();
    await page.close();
  }, 60_000);

  for (const [name, viewport] of [
    ['laptop 1366x768', LAPTOP],
    ['tablet 768x1024', TABLET],
  ] as const) {
    it(`has no serious or critical accessibility violation (axe): ${name}`, async () => {
      const page = await browser.page(viewport);
      await reportsPage(page, 'auditor');
      // the tables too, as a screen reader or a keyboard opens them
      for (const details of await page.$$('details.numbers'))
        await details.evaluate((d) => d.setAttribute('open', ''));
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations
        .filter((x) => x.impact === 'serious' || x.impact === 'critical')
        .map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      expect(bad).toEqual([]);
      if (viewport === TABLET)
        await page.screenshot({ path: `${ARTIFACTS}reports-tablet.png`, fullPage: true });
      await page.close();
    }, 60_000);
  }
});

describe('reports page on demo data', () => {
  it('is pictured for the README', async () => {
    const demo = await startDemoDesk();
    try {
      const page = await browser.page(LAPTOP);
      await page.goto(`${demo.base}/`);
      await page.fill('#token', await demo.token('authority'));
      await page.click('form.signin button[type=submit]');
      await page.click('nav a[href="#/reports"]');
      await page.waitForSelector('#plot-replies-over-time svg');
      await page.waitForSelector('#plot-refusals-article svg');
      await page.screenshot({ path: `${ARTIFACTS}reports-docs.png` });
      await page.screenshot({ path: `${ARTIFACTS}reports-demo.png`, fullPage: true });
      expect(statSync(`${ARTIFACTS}reports-docs.png`).size).toBeGreaterThan(10_000);
      // the README's picture is refreshed on request only, so a test run leaves the working tree alone
      if (process.env.UPDATE_DOCS_SCREENSHOT) copyFileSync(`${ARTIFACTS}reports-docs.png`, DOCS_SCREENSHOT);
      expect(browser.errors).toEqual([]);
      await page.close();
    } finally {
      await demo.close();
    }
  }, 120_000);
});
