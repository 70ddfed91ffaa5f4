// Training as a trainee meets it in Chromium (issue 16): neutral titles and briefings, the situation at the
// decision, a fair score with the differences field by field, and a session that survives a restart of the
// desk and is taken up from another tab.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Browser } from './browser.ts';
import type { ConsoleDesk } from './desk.ts';
import { signIn } from './pages.ts';
import { consoleTestbed } from './testbed.ts';

let desk: ConsoleDesk;
let browser: Browser;

consoleTestbed((d, b) => {
  desk = d;
  browser = b;
});

const SAR = '12-search-and-rescue';

describe('a training session', () => {
  it('shows no spoiler, survives a restart, resumes in another tab and scores three danger factors of six as correct', async () => {
    const page = await browser.page();
    await signIn(page, desk, 'trainer');
    await page.click('nav >> text=Training sessions');
    const item = page.locator(`li[data-scenario="${SAR}"]`);
    await item.waitFor();
    // a neutral title and a briefing; the scenario's own title is kept for the debrief
    expect(await item.locator('strong').textContent()).toMatch(/^Exercise \d\d: /);
    const own = JSON.parse(readFileSync(new URL(`../../scenarios/${SAR}.json`, import.meta.url), 'utf8')) as {
      title: string;
      summary: string;
    };
    const listed = await page.locator('.scenarios').textContent();
    expect(listed).not.toContain(own.title);
    expect(listed).not.toContain(own.summary);
    await page.selectOption('#pace', '0');
    await item.locator('button').click();
    const session = page.locator('article.session').first();
    await session.locator('.tag[data-status="awaiting-decision"]').waitFor();
    expect(await session.locator('ul.situation').textContent()).toContain('Persons on board');

    // the desk restarts while the trainee thinks
    await desk.stop();
    await desk.start();
    await page.close();

    const other = await browser.page();
    await signIn(other, desk, 'trainer');
    await other.click('nav >> text=Training sessions');
    const resumed = other.locator('article.session').first();
    await resumed.locator('.tag[data-status="awaiting-decision"]').waitFor();
    await resumed.locator('select[name=type]').selectOption('DISTRESS_ASSESSED');
    await resumed.locator('[data-field="phase"] select').selectOption('distress');
    for (const f of ['overcrowded', 'unseaworthy', 'taking-water'])
      await resumed.locator(`input[name="factors"][value="${f}"]`).check();
    await resumed.locator('.record button[type=submit]').click();
    await resumed.locator('.record-result .notice.ok').waitFor();
    expect(await resumed.locator('.record-result').textContent()).toContain('Correct.');

    await resumed.locator('button:has-text("Show the score")').click();
    const row = resumed.locator('table.differences tr[data-field="factors"]');
    await row.waitFor();
    expect(await row.locator('td').last().textContent()).toBe('no');
    expect(await resumed.locator('.score h3').textContent()).toBe('Score: 1 of 2');
    expect(browser.errors).toEqual([]);
    await other.close();
  });
});
