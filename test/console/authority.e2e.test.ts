// The central authority's own tools in a real browser against a real desk: it records an incoming request
// in a structured form (each bad field named before anything is sent) and lands on the new case; it edits
// the directory's State profiles and country assessments and reads who changed what in the history, every
// page of it; other roles read the directory and are told who may edit it; axe finds nothing serious on the
// case list, the training page, the directory and the incoming-request form at laptop and tablet sizes.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role, Setting } from '../../machines/schemas.ts';
import type { DirectoryEntry } from '../../src/directory/chain.ts';
import { ARTIFACTS, type Browser } from './browser.ts';
import type { ConsoleDesk } from './desk.ts';
import { signIn } from './pages.ts';
import { consoleTestbed, LAPTOP, TABLET } from './testbed.ts';

let desk: ConsoleDesk;
let browser: Browser;

consoleTestbed(async (d, b) => {
  desk = d;
  browser = b;
});

async function asDesk<T>(path: string, role: Role = 'authority'): Promise<T> {
  const res = await fetch(`${desk.base}${path}`, {
    headers: { authorization: `Bearer ${await desk.token(role)}` },
  });
  return (await res.json()) as T;
}

async function go(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.waitForSelector(ready);
}

const navLinks = (page: Page) => page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')));
const errorAt = (page: Page, name: string) =>
  page.textContent(`[data-field="${name}"] > .field-error`).then((t) => t?.trim() ?? '');
const cells = (page: Page, row: string) =>
  page.$$eval(`${row} th, ${row} td`, (cs) => cs.map((c) => c.textContent?.trim() ?? ''));

describe('incoming request page', () => {
  it('is offered to the central authority alone', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'operator');
    expect(await navLinks(page)).not.toContain('#/incoming');
    expect(await navLinks(page)).toContain('#/directory');
    // typed by hand, the address shows the case list, not the form
    await go(page, '#/incoming', 'h1');
    expect(await page.$('form.incoming-form')).toBeNull();
    await page.close();
  });

  it('names each bad field before sending, then records the request and opens its case', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'authority');
    await page.click('nav a[href="#/incoming"]');
    await page.waitForSelector('form.incoming-form');
    expect(await page.$('form.incoming-form textarea.mono')).toBeNull();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/requests')) sent.push(r.method());
    });

    await page.fill('[data-field="from"] input', 'I1');
    await page.fill('[data-field="position.lat"] input', '95');
    await page.click('form.incoming-form button[type=submit]');
    await page.waitForSelector('.record-result .notice.error');
    expect(await errorAt(page, 'from')).toMatch(/two-letter/);
    expect(await errorAt(page, 'position.lat')).toMatch(/latitude/);
    expect(await errorAt(page, 'position.lon')).toBe('required');
    expect(await errorAt(page, 'asks')).toBe('required');
    expect(sent).toEqual([]);

    await page.fill('[data-field="from"] input', 'it');
    await page.fill('[data-field="vessel.name"] input', 'Amira');
    await page.fill('[data-field="vessel.imo"] input', '9074729');
    await page.fill('[data-field="position.lat"] input', '34.5');
    await page.fill('[data-field="position.lon"] input', '13.2');
    await page.fill('[data-field="grounds.0"] input', '120 persons on a 20 m fishing vessel');
    await page.click('button:has-text("Add a ground")');
    await page.fill('[data-field="grounds.1"] input', 'no safety equipment');
    await page.check('[data-field="asks"] input[value="registry"]');
    await page.check('[data-field="asks"] input[value="board"]');
    const created = page.waitForResponse((r) => r.url().endsWith('/requests'));
    await page.click('form.incoming-form button[type=submit]');
    const answer = await created;
    expect(answer.status()).toBe(201);
    const view = (await answer.json()) as { id: string; kind: string };
    expect(view.kind).toBe('incoming-request');
    await page.waitForFunction((id) => location.hash === `#/case/${encodeURIComponent(id)}`, view.id);
    await page.waitForSelector('ol.actions');
    expect(JSON.parse(answer.request().postData() ?? '{}')).toEqual({
      from: 'IT',
      vessel: { name: 'Amira', imo: '9074729' },
      position: { lat: 34.5, lon: 13.2 },
      grounds: ['120 persons on a 20 m fishing vessel', 'no safety equipment'],
      asks: ['registry', 'board'],
    });
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});

describe('directory page', () => {
  it('lets the authority edit a State profile, keeping what the form does not show', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'authority');
    await page.click('nav a[href="#/directory"]');
    await page.waitForSelector('table.directory tr[data-state="MT"]');
    expect(await page.textContent('.who-edits')).toMatch(/You may edit it/);
    const before = (await asDesk<Setting>('/directory')).states.MT;

    await page.click('tr[data-state="MT"] button');
    await page.waitForSelector('.directory-editor form');
    expect(await page.inputValue('[data-field="replyWithinHours"] input')).toBe('4');
    expect(await page.inputValue('[data-field="timeZone"] input')).toBe('Europe/Malta');
    // a bad value is named before anything is sent
    await page.fill('[data-field="contiguousZoneNm"] input', '30');
    await page.click('.directory-editor button[type=submit]');
    expect(await errorAt(page, 'contiguousZoneNm')).toMatch(/at most 24/);

    await page.fill('[data-field="contiguousZoneNm"] input', '24');
    await page.fill('[data-field="replyWithinHours"] input', '6');
    await page.fill('[data-field="officeHours.to"] input', '18:00');
    const put = page.waitForResponse((r) => r.url().endsWith('/directory/states/MT'));
    await page.click('.directory-editor button[type=submit]');
    expect((await put).status()).toBe(200);
    await page.waitForSelector('.directory-body .notice.ok');
    expect(await cells(page, 'tr[data-state="MT"]')).toEqual(
      expect.arrayContaining(['MT', 'yes', '6', '24', '08:00–18:00 (Europe/Malta)']),
    );
    const after = (await asDesk<Setting>('/directory')).states.MT;
    expect(after).toEqual({ ...before, replyWithinHours: 6, officeHours: { from: '08:00', to: '18:00' } });

    // the history: newest first, who, and what changed from what
    const history = await asDesk<DirectoryEntry[]>('/directory/history');
    const last = history.at(-1) as DirectoryEntry;
    const top = await cells(page, 'table.directory-history tbody tr:first-child');
    expect(top[0]).toBe(String(last.seq));
    expect(top[2]).toBe(last.actor);
    expect(top[3]).toBe('profile of MT');
    expect(top[4]).toContain('Reply within hours: 4 → 6');
    expect(top[4]).toContain('Office hours');
    await page.close();
  });

  it('adds a country assessment and shows its source in the history', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'authority');
    await go(page, '#/directory', 'table.directory tr[data-country="LY"]');
    await page.click('button:has-text("Add a country assessment")');
    await page.click('.directory-editor button[type=submit]');
    expect(await errorAt(page, 'code')).toMatch(/two-letter/);
    expect(await errorAt(page, 'unsafe')).toBe('required');
    expect(await errorAt(page, 'source')).toBe('required');

    await page.fill('[data-field="code"] input', 'tn');
    await page.check('[data-field="unsafe"] input[value="yes"]');
    await page.fill('[data-field="source"] input', 'UNHCR note of 1 November');
    await page.fill('[data-field="date"] input', '2026-11-01');
    await page.fill('[data-field="conditions"] textarea', 'no asylum procedure at the port');
    await page.click('.directory-editor button[type=submit]');
    await page.waitForSelector('tr[data-country="TN"]');
    expect(await cells(page, 'tr[data-country="TN"]')).toEqual([
      'TN',
      'unsafe',
      'UNHCR note of 1 November',
      '2026-11-01',
      'no asylum procedure at the port',
      'Edit the assessment of TN',
    ]);
    const top = await cells(page, 'table.directory-history tbody tr:first-child');
    expect(top[3]).toBe('new assessment of TN');
    expect(top[5]).toBe('UNHCR note of 1 November (2026-11-01)');
    await page.close();
  });

  it('follows the history page after page (Link: rel="next")', async () => {
    const token = await desk.token('authority');
    for (let i = 1; i <= 105; i++) {
      const res = await fetch(`${desk.base}/directory/assessments/EG`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ unsafe: i % 2 === 0, source: `review ${i}`, date: '2026-11-02' }),
      });
      expect(res.status).toBe(200);
    }
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'auditor');
    const pages: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/directory/history')) pages.push(new URL(r.url()).search);
    });
    await go(page, '#/directory', 'table.directory-history');
    const all = await asDesk<DirectoryEntry[]>('/directory/history');
    expect(all.length).toBeGreaterThan(100);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[1]).toContain('after=');
    expect(await page.$$eval('table.directory-history tbody tr', (r) => r.length)).toBe(all.length);
    await page.close();
  });

  it('is read-only for the other roles, and says who may edit', async () => {
    const page = await browser.page(TABLET);
    await signIn(page, desk, 'operator');
    await go(page, '#/directory', 'table.directory tr[data-state="MT"]');
    expect(await page.textContent('.who-edits')).toMatch(/read-only: only the authority may edit it/);
    expect(await page.$$('.directory-page button')).toHaveLength(0);
    expect(await page.$$('table.directory-history tbody tr')).not.toHaveLength(0);
    await page.close();
  });
});

describe('accessibility (axe) of the case list, training, directory and incoming-request pages', () => {
  const pages: Array<[string, Role, string, string]> = [
    ['case list', 'authority', '#/', 'table.cases, .list-page'],
    ['training', 'trainer', '#/training', '.training-page .sessions'],
    ['directory', 'authority', '#/directory', 'table.directory-history'],
    ['incoming request', 'authority', '#/incoming', 'form.incoming-form'],
  ];
  for (const [size, viewport] of [
    ['1366x768', LAPTOP],
    ['768x1024', TABLET],
  ] as const) {
    for (const [name, role, hash, ready] of pages) {
      it(`${name} at ${size}: no serious or critical violation`, async () => {
        const page = await browser.page(viewport);
        await signIn(page, desk, role);
        await go(page, hash, ready);
        if (hash === '#/directory') {
          await page.click('tr[data-state="MT"] button');
          await page.waitForSelector('.directory-editor form');
        }
        const results = await new AxeBuilder({ page }).analyze();
        const bad = results.violations
          .filter((x) => x.impact === 'serious' || x.impact === 'critical')
          .map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => n.target.join(' ')).join('; ')}`);
        expect(bad).toEqual([]);
        const file = `authority-${name.replace(/ /g, '-')}-${size}.png`;
        await page.screenshot({ path: `${ARTIFACTS}${file}`, fullPage: true });
        await page.close();
      }, 60_000);
    }
  }
});
