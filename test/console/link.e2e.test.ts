// The console's link to the desk when the desk itself goes away (issue 16): a case page left open while the
// desk process is down for 10 s keeps trying, says so with the wait and a Retry button, and comes back live by
// itself with what was recorded meanwhile, without a reload. Only the desk refusing the token sends the
// officer back to sign in. Its own desk, since it stops it.
import { describe, expect, it } from 'vitest';
import { rubberBoat } from '../http/helpers.ts';
import { until } from '../until.ts';
import { ARTIFACTS, type Browser } from './browser.ts';
import type { ConsoleDesk } from './desk.ts';
import { actionCodes, auditSeqs, openCasePage, signIn } from './pages.ts';
import { consoleTestbed } from './testbed.ts';

let desk: ConsoleDesk;
let browser: Browser;

consoleTestbed((d, b) => {
  desk = d;
  browser = b;
});

describe('the link to a desk that goes down', () => {
  it('keeps trying while the desk is down for 10 s and comes back live by itself, caught up', async () => {
    const opened = await desk.post('/cases', rubberBoat());
    expect(opened.status).toBe(201);
    const caseId = (opened.body as { id: string }).id;
    const page = await browser.page();
    await signIn(page, desk, 'operator');
    await openCasePage(page, caseId);
    expect(await auditSeqs(page)).toEqual([1]);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });

    await desk.stop();
    const downAt = Date.now();
    await page.waitForSelector('.conn[data-status="reconnecting"]');
    // past the three tries after which the page used to decide the token was refused and stop for good
    await until(
      'a fifth try',
      async () => Number(await page.getAttribute('.conn', 'data-attempt')) >= 5,
      30_000,
    );
    // the rest of the 10 s the desk is down: a condition of the test, not a guess at how long the page takes
    await new Promise((r) => setTimeout(r, Math.max(0, downAt + 10_000 - Date.now())));
    expect(await page.getAttribute('.conn', 'data-status')).toBe('reconnecting');
    expect(await page.textContent('.conn')).toContain('Reconnecting…');
    expect(await page.isVisible('header button:has-text("Retry now")')).toBe(true);
    expect(await page.textContent('header .conn-retry')).toMatch(/^(retry in \d+ s|trying now…)$/);
    expect(await page.$('form.signin')).toBeNull();
    await page.locator('header').screenshot({ path: `${ARTIFACTS}header-reconnecting.png` });

    await desk.start();
    // recorded while the page is still away (or just back: either way it must show them, once)
    const record = (event: unknown) => desk.post(`/cases/${caseId}/events`, event);
    expect((await record({ type: 'POSITION_REPORTED', lat: 35.0, lon: 12.65 })).status).toBe(200);
    expect((await record({ type: 'SUSPICION_RECORDED', grounds: ['overcrowded', 'no lights'] })).status).toBe(
      200,
    );
    // nobody clicks Retry: the page's own next try, at most the longest backoff away
    await page.waitForSelector('.conn[data-status="live"]', { timeout: 40_000 });
    await expect.poll(() => auditSeqs(page)).toEqual([3, 2, 1]);
    await expect.poll(() => actionCodes(page)).not.toContain('RECORD_GROUNDS');
    expect(await page.isVisible('header button:has-text("Retry now")')).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // live again, not only caught up
    expect((await record({ type: 'POSITION_REPORTED', lat: 35.1, lon: 12.7 })).status).toBe(200);
    await expect.poll(() => auditSeqs(page)).toEqual([4, 3, 2, 1]);
    expect(browser.errors).toEqual([]);
    await page.close();
  }, 120_000);

  // last: the desk comes back with another key, so no token of this file is good after it
  it('sends the officer to sign in only when the desk answers that it refuses the token', async () => {
    const page = await browser.page();
    await signIn(page, desk, 'operator');
    await page.waitForSelector('.conn[data-status="live"]');
    await desk.stop();
    await desk.start({ secret: 'another key than the one the page was signed in with' });
    await page.waitForSelector('form.signin', { timeout: 40_000 });
    expect(await page.textContent('.signin-error')).toContain('You were signed out');
    expect(await page.$('header.topbar')).toBeNull();
    await page.close();
  }, 90_000);
});
