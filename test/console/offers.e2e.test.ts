// The console's "what now" against the desk (issue 16), in Debian's chromium: the steps offered are the ones
// GET /cases/:id/offers says the law would take, a refused one is shown disabled with its reason and basis,
// none is offered before it makes sense, the distress shown is the law's present one, the authority answers an
// incoming request with a form rather than JSON, and the case page has no serious accessibility violation.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../machines/offers.ts';
import type { CaseEvent, Role } from '../../machines/schemas.ts';
import { flaggedTrawler, rubberBoat } from '../http/helpers.ts';
import type { Browser } from './browser.ts';
import type { ConsoleDesk } from './desk.ts';
import { actionCodes, offersShownFor, openCasePage, signIn } from './pages.ts';
import { consoleTestbed, LAPTOP, TABLET } from './testbed.ts';

let desk: ConsoleDesk;
let browser: Browser;

consoleTestbed((d, b) => {
  desk = d;
  browser = b;
});

interface View {
  id: string;
  version: number;
}

async function open(body: unknown, role: Role = 'operator', path = '/cases'): Promise<View> {
  const res = await desk.post(path, body, role);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as View;
}

async function record(caseId: string, event: CaseEvent, role: Role = 'operator'): Promise<View> {
  const res = await desk.post(`/cases/${caseId}/events`, event, role);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as View;
}

async function offersOf(caseId: string, role: Role): Promise<Map<string, Offer>> {
  const res = await fetch(`${desk.base}/cases/${caseId}/offers`, {
    headers: { authorization: `Bearer ${await desk.token(role)}` },
  });
  expect(res.status).toBe(200);
  return new Map(((await res.json()) as Offer[]).map((o) => [o.type, o]));
}

// Every enabled step button on the case page, by the event it records.
const enabledSteps = (page: Page) =>
  page.$$eval('#actions button[data-type], #refused button[data-type]', (bs) =>
    bs.filter((b) => !(b as HTMLButtonElement).disabled).map((b) => b.getAttribute('data-type') as string),
  );

// No enabled step is one the desk refuses now, and "permitted now" is said only of a step it allows.
async function agreesWithDesk(page: Page, caseId: string, role: Role): Promise<void> {
  const offers = await offersOf(caseId, role);
  for (const type of await enabledSteps(page)) {
    expect(['allowed', 'depends'], type).toContain(offers.get(type)?.status);
  }
  // an action that says "permitted now" offers only steps the desk said it would apply
  const claims = await page.$$eval('#actions li.action', (items) =>
    items
      .filter((li) => li.querySelector('.action-title')?.textContent?.includes('permitted now'))
      .map((li) => [...li.querySelectorAll('button[data-type]')].map((b) => b.getAttribute('data-type'))),
  );
  for (const types of claims) {
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) expect(offers.get(type as string)?.status, type as string).toBe('allowed');
  }
  const disabled = await page.$$eval(
    '#actions button[data-type]:disabled, #refused button[data-type]:disabled',
    (bs) => bs.map((b) => b.getAttribute('data-type') as string),
  );
  for (const type of disabled) expect(offers.get(type)?.status, type).toBe('refused');
}

describe('the console offers what the law would take now', () => {
  it('during distress the boarding step is shown disabled with the reason and basis; after the rescue it is permitted and recorded', async () => {
    const opened = await open({ ...rubberBoat(), grounds: ['overcrowded, no lights'] });
    const distress = await record(opened.id, {
      type: 'DISTRESS_ASSESSED',
      phase: 'distress',
      factors: ['overcrowded', 'taking-water'],
    });
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'operator');
    await openCasePage(page, opened.id);
    await offersShownFor(page, distress.version);

    // life first: no boarding action, and the boarding step refused with the law's reason and basis
    expect(await actionCodes(page)).not.toContain('BOARD_VESSEL');
    const boarding = page.locator('#refused button[data-type="BOARDING_STARTED"]');
    expect(await boarding.isDisabled()).toBe(true);
    const note = await page.locator('#refused-BOARDING_STARTED-note').textContent();
    expect(note).toContain('Refused now');
    expect(note).toContain('distress-rescue-first');
    expect(note).toContain('UNCLOS art. 98');
    expect(note).toContain('SOLAS V/33');
    expect(await boarding.getAttribute('aria-describedby')).toBe('refused-BOARDING_STARTED-note');
    // the override the law allows stays reachable, named for what it is
    const opener = page.locator('#refused [data-override-open="BOARDING_STARTED"]');
    expect(await opener.isEnabled()).toBe(true);
    expect(await page.textContent('#refused .override-openers')).toContain('with a justification');
    expect(await page.textContent('#actions')).not.toContain('permitted now');
    await agreesWithDesk(page, opened.id, 'operator');

    // rescued: boarding is offered, permitted now, and the desk takes it
    const rescued = await record(opened.id, { type: 'RESCUE_COMPLETED', rescued: 60 });
    await offersShownFor(page, rescued.version);
    await expect.poll(() => actionCodes(page)).toContain('BOARD_VESSEL');
    expect(await page.textContent('li.action[data-code="BOARD_VESSEL"] .action-title')).toBe(
      'Board the vessel (permitted now)',
    );
    await agreesWithDesk(page, opened.id, 'operator');
    await page.click('li.action[data-code="BOARD_VESSEL"] button[data-type="BOARDING_STARTED"]');
    await page.waitForSelector('.record .offer-note.allowed');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    await expect.poll(() => actionCodes(page)).not.toContain('BOARD_VESSEL');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('"Authorisation granted" is not offered before a request was made; after the request it is', async () => {
    const opened = await open({ ...flaggedTrawler(), vessel: { name: 'Sea Star', flag: 'TG' } });
    const assessed = await record(opened.id, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'authority');
    await openCasePage(page, opened.id);
    await offersShownFor(page, assessed.version);
    // the consent watch is open, and AUTHORISATION_GRANTED would close it: still no button for it
    expect(await actionCodes(page)).toContain('MONITOR_AT_DISTANCE');
    expect(await page.locator('#actions button[data-type="AUTHORISATION_GRANTED"]').count()).toBe(0);
    // in the form it is an "other step", marked as not expected now
    const group = await page.$eval(
      '.record select[name=type] option[value="AUTHORISATION_GRANTED"]',
      (o) => (o.parentElement as HTMLOptGroupElement).label,
    );
    expect(group).toBe('Other steps: not expected now');
    await page.selectOption('.record select[name=type]', 'AUTHORISATION_GRANTED');
    expect(await page.textContent('.record .offer-note')).toContain('Not expected now');
    await agreesWithDesk(page, opened.id, 'authority');

    await record(opened.id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, 'authority');
    const asked = await record(
      opened.id,
      { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] },
      'authority',
    );
    await offersShownFor(page, asked.version);
    const granted = page.locator(
      'li.action[data-code="AWAIT_AUTHORISATION"] button[data-type="AUTHORISATION_GRANTED"]',
    );
    expect(await granted.isEnabled()).toBe(true);
    // the form's note follows the case: the step chosen earlier is expected now
    await expect.poll(() => page.textContent('.record .offer-note')).toContain('allows this step now');
    await agreesWithDesk(page, opened.id, 'authority');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('the distress badge shows while the law says persons are in distress, and goes once they are rescued and landed', async () => {
    const opened = await open(rubberBoat());
    const distress = await record(opened.id, {
      type: 'DISTRESS_ASSESSED',
      phase: 'distress',
      factors: ['overcrowded'],
    });
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'operator');
    await openCasePage(page, opened.id);
    await offersShownFor(page, distress.version);
    expect(await page.textContent('.case-head .tag[data-safety]')).toBe('In distress');
    await page.waitForSelector('li.action.priority-life .since');

    await record(opened.id, { type: 'RESCUE_COMPLETED', rescued: 60 });
    await record(
      opened.id,
      { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'IT' },
      'authority',
    );
    const landed = await record(opened.id, { type: 'DISEMBARKATION_COMPLETED', country: 'IT' });
    await offersShownFor(page, landed.version);
    expect(await page.locator('.case-head .tag[data-safety="distress"]').count()).toBe(0);
    expect(await page.textContent('.case-head .tag[data-safety]')).toBe('Persons rescued');
    expect(await page.locator('#actions .since').count()).toBe(0);
    // the case list says no more distress either
    await page.evaluate(() => {
      location.hash = '#/';
    });
    const row = page.locator(`tr[data-case="${opened.id}"]`);
    await row.waitFor();
    expect(await row.locator('.distress').count()).toBe(0);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('the authority answers an incoming request with a form: registry, two scopes, a condition, each field checked before sending', async () => {
    const request = await open(
      {
        from: 'IT',
        vessel: { name: 'Amira', flag: 'MT', imo: '9074729' },
        position: { lat: 34.5, lon: 13.2 },
        grounds: ['120 persons on a 20 m fishing vessel without safety equipment'],
        asks: ['registry', 'board', 'search'],
      },
      'authority',
      '/requests',
    );
    const checked = await record(request.id, { type: 'REGISTER_CHECKED', onRegister: true }, 'authority');
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'authority');
    await openCasePage(page, request.id);
    await offersShownFor(page, checked.version);
    await page.click('li.action[data-code="ANSWER_REQUEST"] button[data-type="REQUEST_ANSWERED"]');
    expect(await page.locator('.record textarea.mono').count()).toBe(0);
    await page.check('.record input[name="registry"][value="confirmed"]');
    expect(await page.isVisible('.record [data-field="authorisation.scopes"]')).toBe(false);
    await page.check('.record input[name="authorisation"][value="given"]');
    await page.check('.record input[name="authorisation.scopes"][value="board"]');
    await page.check('.record input[name="authorisation.scopes"][value="search"]');
    await page.click('.record button[data-add="authorisation.conditions"]');
    await page.selectOption(
      '.record select[name="authorisation.conditions.0.kind"]',
      'report-results-within',
    );

    // the hours are missing: named at the row's field, and nothing is sent
    const before = await auditLength(request.id);
    await page.click('.record button[type=submit]');
    await expect
      .poll(() => page.textContent('.record [data-field="authorisation.conditions.0.hours"] .field-error'))
      .toContain('how many hours');
    expect(
      await page.getAttribute('.record input[name="authorisation.conditions.0.hours"]', 'aria-invalid'),
    ).toBe('true');
    expect(await page.textContent('.record .record-result')).toContain('Nothing was recorded');
    expect(await auditLength(request.id)).toBe(before);

    await page.fill('.record input[name="authorisation.conditions.0.hours"]', '24');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    const entries = await audit(request.id);
    expect(entries.at(-1)).toMatchObject({
      type: 'REQUEST_ANSWERED',
      outcome: 'applied',
      event: {
        type: 'REQUEST_ANSWERED',
        registry: 'confirmed',
        authorisation: {
          scopes: ['board', 'search'],
          conditions: [{ kind: 'report-results-within', hours: 24 }],
        },
      },
    });
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});

async function audit(caseId: string): Promise<Array<{ type: string; outcome: string; event: unknown }>> {
  const res = await fetch(`${desk.base}/cases/${caseId}/audit`, {
    headers: { authorization: `Bearer ${await desk.token('auditor')}` },
  });
  return (await res.json()) as Array<{ type: string; outcome: string; event: unknown }>;
}
const auditLength = async (caseId: string) => (await audit(caseId)).length;

describe('accessibility of the case page (axe)', () => {
  for (const [name, viewport] of [
    ['laptop 1366x768', LAPTOP],
    ['tablet 768x1024', TABLET],
  ] as const) {
    it(`has no serious or critical violation: ${name}`, async () => {
      const opened = await open({ ...flaggedTrawler(), vessel: { name: 'Sea Star', flag: 'TG' } });
      const last = await record(opened.id, {
        type: 'DISTRESS_ASSESSED',
        phase: 'distress',
        factors: ['overcrowded'],
      });
      const page = await browser.page(viewport);
      await signIn(page, desk, 'operator');
      await openCasePage(page, opened.id);
      await offersShownFor(page, last.version);
      await page.waitForSelector('#refused:not([hidden])');
      // a step chosen in the form, with its offer shown above it
      await page.selectOption('.record select[name=type]', 'MEASURES_TAKEN');
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
      expect(bad).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
