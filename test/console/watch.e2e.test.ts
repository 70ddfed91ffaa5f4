// The console at 3 a.m. (issue 16), in a real browser against a real desk: the case list ranked life first
// with what the watch needs on each row, a new case with persons in danger announced and marked, the UTC
// clock in the header, the time since distress on each life action, and the focus taken back to the
// required actions after recording. Its own desk, so the list holds only the cases made here.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../machines/schemas.ts';
import { flaggedTrawler, rubberBoat } from '../http/helpers.ts';
import { until } from '../until.ts';
import { ARTIFACTS, type Browser } from './browser.ts';
import { type ConsoleDesk, replyWithin } from './desk.ts';
import { actionCodes, openCasePage, signIn } from './pages.ts';
import { consoleTestbed } from './testbed.ts';

let desk: ConsoleDesk;
let browser: Browser;
const ids: Record<'life' | 'overdue' | 'later' | 'calm' | 'closed', string> = {
  life: '',
  overdue: '',
  later: '',
  calm: '',
  closed: '',
};

async function openCase(body: unknown): Promise<string> {
  const res = await desk.post('/cases', body);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

async function record(caseId: string, event: unknown, role: Role = 'operator'): Promise<void> {
  const res = await desk.post(`/cases/${caseId}/events`, event, role);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const noDanger = { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] };

async function openSummaries(): Promise<Array<{ id: string; overdue: boolean }>> {
  const res = await fetch(`${desk.base}/cases?status=open`, {
    headers: { authorization: `Bearer ${await desk.token('operator')}` },
  });
  return (await res.json()) as Array<{ id: string; overdue: boolean }>;
}

const listedCases = (page: Page) =>
  page.$$eval('table.cases tbody tr', (rows) => rows.map((r) => r.getAttribute('data-case')));

consoleTestbed(async (d, b) => {
  desk = d;
  browser = b;
  // TG is to answer within 7 seconds here, so one case has an overdue reply by the time the list is shown
  await replyWithin(desk, 'TG', 0.002);

  // opened oldest first in the reverse of the order expected, so the newest-first tie-break alone would
  // list them backwards
  ids.life = await openCase(
    rubberBoat({
      unit: { name: 'CP 940 Dattilo', governmentService: true, clearlyMarked: true, authorised: true },
      vessel: { description: 'white fishing boat, blue hull', flag: null },
      position: { lat: 35 + 12.345 / 60, lon: 14 + 3.21 / 60 },
      personsOnBoard: 45,
    }),
  );
  await record(ids.life, { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded'] });
  ids.overdue = await openCase({ ...flaggedTrawler(), vessel: { name: 'Overdue Star', flag: 'TG' } });
  await record(ids.overdue, noDanger);
  await record(ids.overdue, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, 'authority');
  ids.later = await openCase({ ...flaggedTrawler(), vessel: { name: 'Later Star', flag: 'GR' } });
  await record(ids.later, noDanger);
  await record(ids.later, { type: 'FLAG_STATE_NOTIFIED', state: 'GR' }, 'authority');
  ids.calm = await openCase(rubberBoat({ vessel: { description: 'black rubber boat', flag: null } }));
  await record(ids.calm, noDanger);
  ids.closed = await openCase(rubberBoat({ vessel: { description: 'green wooden boat', flag: null } }));
  await record(ids.closed, noDanger);
  await record(ids.closed, { type: 'CASE_CLOSED' }, 'authority');
  await until(
    "TG's reply overdue",
    async () => (await openSummaries()).some((c) => c.id === ids.overdue && c.overdue),
    30_000,
  );
}, 90_000);

describe('the console at 3 a.m.', () => {
  it('lists the cases life first, then overdue, then by the next due time, closed last, with what the watch needs', async () => {
    const page = await browser.page();
    await signIn(page, desk, 'operator');
    await expect.poll(() => listedCases(page)).toHaveLength(5);
    expect(await listedCases(page)).toEqual([ids.life, ids.overdue, ids.later, ids.calm, ids.closed]);

    const life = page.locator(`table.cases tr[data-case="${ids.life}"]`);
    // unnamed: what it looks like, not "Unnamed vessel"
    expect(await life.locator('td').nth(0).textContent()).toContain('white fishing boat, blue hull');
    expect(await life.locator('td.on-board').textContent()).toBe('45');
    expect(await life.locator('td.position').textContent()).toBe('35°12.345′N 014°03.210′E');
    expect(await life.locator('td.unit').textContent()).toBe('CP 940 Dattilo');
    await life.locator('.since').waitFor();
    expect(await life.locator('.since').textContent()).toMatch(/^distress \d+ (s|min) ago$/);
    expect(await life.getAttribute('class')).toContain('has-life');
    expect(await page.textContent(`tr[data-case="${ids.calm}"] td:first-child a`)).toBe('black rubber boat');
    expect(await page.textContent(`tr[data-case="${ids.overdue}"] td:first-child a`)).toBe('Overdue Star');
    // only a case in distress says since when
    expect(await page.$(`tr[data-case="${ids.calm}"] .since`)).toBeNull();
    expect(await page.textContent(`tr[data-case="${ids.overdue}"] .due`)).toContain('overdue by');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('announces a new case with a life action as it arrives, and marks it in the list', async () => {
    const page = await browser.page();
    await signIn(page, desk, 'operator');
    await expect.poll(() => listedCases(page)).toHaveLength(5);
    expect(await page.getAttribute('.arrivals', 'role')).toBe('alert');
    expect(await page.textContent('.arrivals')).toBe('');

    const arrived = await openCase(
      rubberBoat({ vessel: { description: 'red wooden boat', flag: null }, personsOnBoard: 80 }),
    );
    const row = page.locator(`table.cases tr.is-new[data-case="${arrived}"]`);
    await row.waitFor();
    expect(await row.locator('.tag.new').textContent()).toBe('new');
    // life first, the newest of the life cases first
    expect((await listedCases(page))[0]).toBe(arrived);
    const notice = page.locator(`.arrivals .arrival[data-case="${arrived}"]`);
    expect(await notice.textContent()).toBe(
      'New case with a life action: red wooden boat, 80 on board. Assess safety of life. Open the case',
    );

    // an entry on a case already listed moves its row, and is no arrival
    await record(ids.calm, { type: 'POSITION_REPORTED', lat: 35.5, lon: 12.5 });
    await expect
      .poll(() => page.textContent(`tr[data-case="${ids.calm}"] td.position`))
      .toBe('35°30.000′N 012°30.000′E');
    expect(await page.$$('.arrivals .arrival')).toHaveLength(1);
    expect(await page.$$('table.cases tr.is-new')).toHaveLength(1);
    await page.screenshot({ path: `${ARTIFACTS}cases-arrival.png` });

    await notice.locator('a').click();
    // the heading reads 'Loading the case…' until the case's first load
    await expect.poll(() => page.textContent('.case-head h1')).toBe('red wooden boat');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it("shows the UTC time in the header, from the desk's clock, every second", async () => {
    const page = await browser.page();
    // a laptop set to New Zealand time: the header must still say the time at sea, in UTC
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Pacific/Auckland' });
    expect(await page.evaluate(() => new Date().getTimezoneOffset())).not.toBe(0);
    await signIn(page, desk, 'operator');
    const clock = page.locator('header .clock time');
    const first = await clock.textContent();
    expect(first).toMatch(/^\d{2}:\d{2}:\d{2} Z$/);
    const [hh, mm, ss] = (first ?? '').slice(0, 8).split(':').map(Number) as [number, number, number];
    const now = new Date();
    const shown = hh * 3600 + mm * 60 + ss;
    const utcNow = now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds();
    // the desk and the test share this machine's clock; the difference is the time to read it, across midnight too
    const apart = Math.abs(shown - utcNow);
    expect(Math.min(apart, 86_400 - apart)).toBeLessThanOrEqual(5);
    await page.waitForFunction(
      (before) => document.querySelector('header .clock time')?.textContent !== before,
      first,
    );
    expect(await page.getAttribute('header .clock', 'data-source')).toBe('desk');
    expect(await page.getAttribute('header .clock', 'role')).toBe('timer');
    await page.close();
  });

  it('says on each open life action how long ago distress was recorded', async () => {
    const page = await browser.page();
    await signIn(page, desk, 'operator');
    await openCasePage(page, ids.life);
    const lifeCodes = await page.$$eval('ol.actions > li.action.priority-life', (items) =>
      items.map((li) => li.getAttribute('data-code')),
    );
    expect(lifeCodes).toEqual(expect.arrayContaining(['RENDER_ASSISTANCE', 'NOTIFY_RCC']));
    for (const code of lifeCodes) {
      const since = page.locator(`li.action[data-code="${code}"] .since`);
      await since.waitFor();
      expect(await since.textContent()).toMatch(/^distress \d+ (s|min) ago$/);
    }
    // only on life actions
    expect(await actionCodes(page)).toContain('RECORD_GROUNDS');
    expect(await page.$('li.action[data-code="RECORD_GROUNDS"] .since')).toBeNull();
    // counted from the assessment's own time in the audit trail, which the shell's clock counts on from
    const audit = (await fetch(`${desk.base}/cases/${ids.life}/audit`, {
      headers: { authorization: `Bearer ${await desk.token('operator')}` },
    }).then((r) => r.json())) as Array<{ type: string; at: string }>;
    const assessed = audit.find((e) => e.type === 'DISTRESS_ASSESSED');
    expect(await page.getAttribute('li.action[data-code="RENDER_ASSISTANCE"] .since', 'data-since')).toBe(
      assessed?.at,
    );
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('takes the focus back to the required actions after recording', async () => {
    const page = await browser.page();
    await signIn(page, desk, 'operator');
    await openCasePage(page, ids.later);
    await page.selectOption('.record select[name=type]', 'POSITION_REPORTED');
    // one position field (issue 16), decimal degrees as before
    await page.fill('[data-field="lat"] input', '34.1, 13.1');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const box = el?.getBoundingClientRect();
      return {
        id: el?.id,
        tag: el?.tagName,
        text: el?.textContent,
        tabindex: el?.getAttribute('tabindex'),
        inView: !!box && box.top >= 0 && box.bottom <= window.innerHeight,
      };
    });
    expect(focused).toEqual({
      id: 'actions-h',
      tag: 'H2',
      text: 'Required actions',
      tabindex: '-1',
      inView: true,
    });
    // and it stays there when the stream brings the same entry a moment later
    await page.waitForSelector('table.audit tr[data-seq="4"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('actions-h');
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
