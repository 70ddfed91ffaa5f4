// What the browser tests do on the console's pages, the same way in every file: sign in with a token of the
// desk, open a case page and wait until it follows the case live, read the actions and the audit rows shown.
import type { Page } from 'playwright-core';
import type { Role } from '../../machines/schemas.ts';
import type { ConsoleDesk } from './desk.ts';

export async function signIn(page: Page, desk: ConsoleDesk, role: Role): Promise<void> {
  await page.goto(`${desk.base}/`);
  await page.fill('#token', await desk.token(role));
  await page.click('form.signin button[type=submit]');
  await page.waitForSelector('header.topbar');
}

export async function openCasePage(page: Page, caseId: string): Promise<void> {
  await page.evaluate((id) => {
    location.hash = `#/case/${encodeURIComponent(id)}`;
  }, caseId);
  await page.waitForSelector('ol.actions, .case-page .section-body');
  await page.waitForSelector('.conn[data-status="live"]');
}

export const actionCodes = (page: Page) =>
  page.$$eval('ol.actions > li.action', (items) => items.map((li) => li.getAttribute('data-code')));

export const auditSeqs = (page: Page) =>
  page.$$eval('table.audit tbody tr', (rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));

// The steps shown were offered by the desk for the version of the case on screen (GET /cases/:id/offers),
// and for `version` where given: what a test reads of them is then the desk's answer, not an older one.
export async function offersShownFor(page: Page, version?: number): Promise<void> {
  await page.waitForFunction((v) => {
    const el = document.getElementById('actions');
    const shown = el?.getAttribute('data-offers-version');
    return !!shown && shown === el?.getAttribute('data-view-version') && (v == null || shown === String(v));
  }, version);
}
