// Issue 16, in a real browser against a real desk: positions typed as a GPS shows them, in degrees and decimal
// minutes, in one field: the case-opening form and the event forms read them (position.ts, parsePosition),
// name a problem at the field on leaving it and before sending, echo the reading back, and send the decimal
// degrees the desk takes.
import { describe, expect, it } from 'vitest';
import type { Browser } from './browser.ts';
import type { ConsoleDesk } from './desk.ts';
import { signIn } from './pages.ts';
import { consoleTestbed, LAPTOP } from './testbed.ts';

let desk: ConsoleDesk;
let browser: Browser;

consoleTestbed((d, b) => {
  desk = d;
  browser = b;
});

async function positionOf(caseId: string): Promise<{ lat: number; lon: number }> {
  const res = await fetch(`${desk.base}/cases/${encodeURIComponent(caseId)}`, {
    headers: { authorization: `Bearer ${await desk.token('operator')}` },
  });
  return ((await res.json()) as { position: { lat: number; lon: number } }).position;
}

describe('positions in degrees and decimal minutes (issue 16)', () => {
  it('opens a case and reports a position typed as a GPS shows it; the desk gets the decimal degrees', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'operator');
    await page.click('text=Open a case');
    await page.fill('#open-interceptingState', 'MT');
    await page.fill('#open-unitName', 'P61 Armed Forces of Malta');
    for (const box of ['governmentService', 'clearlyMarked', 'authorised', 'noflag'])
      await page.check(`#open-${box}`);
    await page.fill('#open-description', 'white fishing boat, blue hull');
    await page.fill('#open-persons', '45');

    // two latitudes: named at the field on leaving it, and again before sending; nothing is opened
    await page.fill('#open-position', '35°12.345′N 014°03.210′N');
    await page.press('#open-position', 'Tab');
    expect(await page.textContent('#open-position-err')).toBe(
      'Not a position: both coordinates are latitudes or both longitudes: one N or S, the other E or W',
    );
    expect(await page.getAttribute('#open-position', 'aria-invalid')).toBe('true');
    await page.click('form.open-form button[type=submit]');
    await page.waitForSelector('.open-form .notice.error');
    expect(await page.textContent('.open-form .notice.error')).toContain('Position: Not a position');
    expect(await page.evaluate(() => location.hash)).not.toContain('#/case/');

    // as the GPS shows it: read back in the same form, sent as decimal degrees
    await page.fill('#open-position', '35°12.345′N 014°03.210′E');
    await page.press('#open-position', 'Tab');
    expect(await page.textContent('#open-position-echo')).toBe('Reads as 35°12.345′N 014°03.210′E');
    expect(await page.textContent('#open-position-err')).toBe('');
    expect(await page.getAttribute('#open-position', 'aria-invalid')).toBeNull();
    await page.click('form.open-form button[type=submit]');
    await page.waitForFunction(() => location.hash.startsWith('#/case/'));
    await page.waitForSelector('.conn[data-status="live"]');
    const caseId = decodeURIComponent(await page.evaluate(() => location.hash.slice('#/case/'.length)));
    const opened = await positionOf(caseId);
    expect(opened.lat).toBeCloseTo(35 + 12.345 / 60, 9);
    expect(opened.lon).toBeCloseTo(14 + 3.21 / 60, 9);

    // POSITION_REPORTED the same way, with spaces for the symbols
    await page.selectOption('.record select[name=type]', 'POSITION_REPORTED');
    const field = page.locator('.record [data-field="lat"]');
    expect(await field.locator('label').textContent()).toBe('Position (required)');
    expect(await page.$$('.record [data-field="lon"]')).toHaveLength(0);
    const input = field.locator('input');
    // minutes past 60: named at the field before sending, nothing recorded
    await input.fill('35 62.5 N 14 3.5 E');
    await page.click('.record button[type=submit]');
    await expect
      .poll(() => field.locator('.field-error').textContent())
      .toBe("Not a position: the latitude's minutes must be under 60 (62.5)");
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.$('.record .notice.ok')).toBeNull();

    await input.fill('35 12.5 N 14 3.5 E');
    await input.press('Tab');
    expect(await field.locator('.position-echo').textContent()).toBe('Reads as 35°12.500′N 014°03.500′E');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    expect(await page.textContent('.record .notice.ok')).toContain('Recorded: Position reported');
    await expect.poll(async () => (await positionOf(caseId)).lat).toBeCloseTo(35 + 12.5 / 60, 9);
    expect((await positionOf(caseId)).lon).toBeCloseTo(14 + 3.5 / 60, 9);

    // decimal degrees still read, as before
    await page.selectOption('.record select[name=type]', 'POSITION_REPORTED');
    await page.locator('.record [data-field="lat"] input').fill('35.2058, 14.0535');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    await expect.poll(async () => (await positionOf(caseId)).lat).toBe(35.2058);
    expect((await positionOf(caseId)).lon).toBe(14.0535);
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
