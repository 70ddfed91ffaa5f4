// The operator console in a real browser (Debian's chromium through playwright-core) against a real desk on a
// free port: sign in, open a case from the page, record events from the page, watch required actions change
// live, meet a refusal and record the act with an override and a justification, lose the stream and catch
// up without duplicates, run a training session, and keep screenshots of the case page for people to look at.
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../machines/schemas.ts';
import { flaggedTrawler, rubberBoat } from '../http/helpers.ts';
import { ARTIFACTS, type Browser, launch } from './browser.ts';
import { type ConsoleDesk, replyWithin, startConsoleDesk } from './desk.ts';
import { actionCodes, auditSeqs, openCasePage, signIn as signInTo } from './pages.ts';

const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 768, height: 1024 };
const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/console-case.png', import.meta.url));
// the steps of the scenario the trainer runs that pause for a decision, numbered from 1 as the prompt says
const SAR_DECISIONS = (
  JSON.parse(readFileSync(new URL('../../scenarios/12-search-and-rescue.json', import.meta.url), 'utf8')) as {
    steps: Array<{ decision?: boolean; event: { type: string } }>;
  }
).steps.flatMap((step, i) => (step.decision ? [{ step: i + 1, type: step.event.type }] : []));

let desk: ConsoleDesk;
let browser: Browser;
// a case with a bit of everything, opened first so that its registry reply is overdue by the time it is shown
let showcase: string;

interface View {
  id: string;
  incidents: unknown[];
  requiredActions: Array<{ code: string }>;
}

async function openCase(body: unknown, role: Role = 'operator'): Promise<View> {
  const res = await desk.post('/cases', body, role);
  expect(res.status).toBe(201);
  return res.body as View;
}

async function record(caseId: string, event: unknown, role: Role = 'operator') {
  return desk.post(`/cases/${caseId}/events`, event, role);
}

// this file's desk
const signIn = (page: Page, role: Role) => signInTo(page, desk, role);

beforeAll(async () => {
  desk = await startConsoleDesk();
  browser = await launch();
  // the flag State is to answer within 7 seconds in this demo, so the showcase shows what overdue looks like
  await replyWithin(desk, 'TG', 0.002);
  const view = await openCase({
    ...flaggedTrawler(),
    vessel: { name: 'Sea Star', flag: 'TG', mmsi: '247000001' },
  });
  showcase = view.id;
  await record(showcase, { type: 'POSITION_REPORTED', lat: 34.06, lon: 12.93 });
  await record(showcase, {
    type: 'DISTRESS_ASSESSED',
    phase: 'distress',
    factors: ['overcrowded', 'taking-water', 'engine-failure'],
  });
  await record(
    showcase,
    { type: 'FLAG_STATE_NOTIFIED', state: 'TG', channel: 'phone and e-mail' },
    'authority',
  );
  expect((await record(showcase, { type: 'BOARDING_STARTED' })).status).toBe(409);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

describe('operator console', () => {
  it('signs in, opens a case from the page, records events from the page and follows required actions live', async () => {
    const page = await browser.page(LAPTOP);
    await page.goto(`${desk.base}/`);
    expect(await page.title()).toContain('Interception Desk');
    expect(await page.textContent('h1')).toBe('Interception Desk');

    await page.fill('#token', 'not-a-token');
    await page.click('form.signin button[type=submit]');
    await page.waitForSelector('.signin-error .notice');
    expect(await page.textContent('.signin-error')).toContain('not a desk token');

    await signIn(page, 'operator');
    expect(await page.textContent('header .brand')).toBe('Interception Desk');
    expect(await page.textContent('header .role')).toBe('operator');
    await page.waitForSelector('.conn[data-status="live"]');
    // the token stays with the tab, not with the browser
    expect(await page.evaluate(() => sessionStorage.getItem('desk.token'))).toBeTruthy();
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    await page.click('text=Open a case');
    await page.fill('#open-interceptingState', 'IT');
    await page.fill('#open-unitName', 'CP 301 Guardia Costiera');
    for (const box of ['governmentService', 'clearlyMarked', 'authorised', 'noflag'])
      await page.check(`#open-${box}`);
    await page.fill('#open-description', 'grey rubber boat, one outboard engine');
    await page.fill('#open-position', '34.9, 12.6');
    await page.fill('#open-persons', '60');
    await page.click('form.open-form button[type=submit]');
    await page.waitForFunction(() => location.hash.startsWith('#/case/'));
    await page.waitForSelector('.conn[data-status="live"]');
    // the link can be live before the case's first load has drawn the page
    await expect.poll(() => page.textContent('.case-head h1')).toBe('grey rubber boat, one outboard engine');
    const caseId = decodeURIComponent(await page.evaluate(() => location.hash.slice('#/case/'.length)));

    expect(await actionCodes(page)).toEqual(
      expect.arrayContaining(['ASSESS_SAFETY_OF_LIFE', 'RECORD_GROUNDS']),
    );
    expect((await actionCodes(page))[0]).toBe('ASSESS_SAFETY_OF_LIFE');
    expect(await page.textContent('li.action[data-code="ASSESS_SAFETY_OF_LIFE"] .life-badge')).toBe('LIFE');
    expect(await page.textContent('#basis')).toContain('stateless');

    // keyboard: the button beside the action opens its form with the first field focused
    await page.focus('li.action[data-code="ASSESS_SAFETY_OF_LIFE"] button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'phase');
    // every control of the form has a label
    const unlabelled = await page.$$eval('.record input, .record select, .record textarea', (els) =>
      els
        .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await page.selectOption('[data-field="phase"] select', 'distress');
    await page.check('input[name="factors"][value="overcrowded"]');
    await page.check('input[name="factors"][value="unseaworthy"]');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    expect(await page.textContent('.record .notice.ok')).toContain('Recorded: Distress assessed');

    // life first: rendering assistance leads, marked LIFE, with the RCC right behind
    await expect.poll(async () => (await actionCodes(page))[0]).toBe('RENDER_ASSISTANCE');
    expect(await page.textContent('li.action[data-code="RENDER_ASSISTANCE"] .life-badge')).toBe('LIFE');
    expect(await actionCodes(page)).toContain('NOTIFY_RCC');
    expect(await page.getAttribute('li.action[data-code="RENDER_ASSISTANCE"]', 'class')).toContain(
      'priority-life',
    );

    // recorded elsewhere (another console, the API): the page follows without a reload
    expect((await record(caseId, { type: 'RCC_NOTIFIED', rcc: 'IMRCC Rome' })).status).toBe(200);
    await expect.poll(() => actionCodes(page)).not.toContain('NOTIFY_RCC');
    await expect.poll(() => auditSeqs(page)).toEqual([3, 2, 1]);
    await page.waitForSelector('[data-verify="valid"]');
    // the announcer is cleared and refilled (so a screen reader speaks a repeat): read it once it is filled
    await expect.poll(() => page.textContent('#announcer')).toMatch(/Required actions changed|Recorded/);

    // the grounds from the form, as a list of lines
    await page.selectOption('.record select[name=type]', 'SUSPICION_RECORDED');
    await page.fill('[data-field="grounds"] textarea', 'overcrowded rubber boat\nno lights');
    await page.click('.record button[type=submit]');
    await expect.poll(() => actionCodes(page)).not.toContain('RECORD_GROUNDS');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('shows a refusal with its reason and basis, and records the act with an override and a justification', async () => {
    const view = await openCase(flaggedTrawler());
    const page = await browser.page(LAPTOP);
    await signIn(page, 'operator');
    await openCasePage(page, view.id);
    expect(await page.textContent('#basis')).toContain('flag-state-authorisation');
    expect(await page.getAttribute('.permit[data-scope="board"]', 'class')).toContain('no');

    await page.selectOption('.record select[name=type]', 'BOARDING_STARTED');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.refusal');
    const refusal = await page.textContent('.refusal');
    expect(refusal).toContain('Refused: Boarding started');
    expect(refusal).toContain('no boarding without the express authorisation of TG');
    expect(refusal).toContain('flag-state-authorisation-required');
    expect(refusal).toContain('SoM art. 8(2)');
    expect(await page.getAttribute('.refusal', 'role')).toBe('alert');
    // only what the law offers here: no imminent danger without distress
    expect(
      await page.$$eval('.refusal button[data-override]', (bs) =>
        bs.map((b) => b.getAttribute('data-override')),
      ),
    ).toEqual(['recorded-fact']);

    // no justification, no override
    await page.click('.refusal button[data-override="recorded-fact"]');
    expect(await page.textContent('.refusal .field-error')).toContain('Write why');
    await page.fill(
      '.refusal textarea',
      'Boarded at 02:40 to stop the engine fire reported by the crew; nobody on board objected.',
    );
    await page.click('.refusal button[data-override="recorded-fact"]');
    await page.waitForSelector('.record .notice.ok');
    expect(await page.textContent('.record .notice.ok')).toContain('override: recorded-fact');

    await page.waitForSelector('#incidents .incident');
    expect(await page.textContent('#incidents')).toContain('Boarded at 02:40');
    await expect.poll(() => actionCodes(page)).toContain('REVIEW_LEGAL_INCIDENT');
    await expect.poll(async () => (await auditSeqs(page)).length).toBe(3);
    expect(await page.textContent('table.audit tr[data-seq="2"]')).toContain('refused');
    expect(await page.textContent('table.audit tr[data-seq="3"]')).toContain('override: recorded-fact');

    const audit = (await fetch(`${desk.base}/cases/${view.id}/audit`, {
      headers: { authorization: `Bearer ${await desk.token('auditor')}` },
    }).then((r) => r.json())) as Array<{
      type: string;
      outcome: string;
      event: { override?: { kind: string } };
    }>;
    expect(audit.map((e) => [e.type, e.outcome, e.event.override?.kind])).toEqual([
      ['CASE_OPENED', 'applied', undefined],
      ['BOARDING_STARTED', 'refused', undefined],
      ['BOARDING_STARTED', 'applied', 'recorded-fact'],
    ]);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('shows "Reconnecting…" when the stream drops and catches up without a reload or duplicates', async () => {
    const view = await openCase(rubberBoat());
    const page = await browser.page(LAPTOP);
    let blocked = false;
    // between the page and the desk: while blocked, every new stream connection is refused
    await page.routeWebSocket(/\/stream/, (ws) => {
      if (blocked) ws.close({ code: 1011, reason: 'blocked by the test' });
      else ws.connectToServer();
    });
    await signIn(page, 'operator');
    await openCasePage(page, view.id);
    expect(await auditSeqs(page)).toEqual([1]);
    const marker = await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
      return 42;
    });

    blocked = true;
    expect(desk.cutStreams()).toBeGreaterThan(0);
    await page.waitForSelector('.conn[data-status="reconnecting"]');
    expect(await page.textContent('.conn')).toContain('Reconnecting…');
    expect(await page.isVisible('header button:has-text("Retry now")')).toBe(true);

    // recorded while the page cannot hear
    expect((await record(view.id, { type: 'POSITION_REPORTED', lat: 35.0, lon: 12.65 })).status).toBe(200);
    expect((await record(view.id, { type: 'POSITION_REPORTED', lat: 35.1, lon: 12.7 })).status).toBe(200);
    expect(
      (await record(view.id, { type: 'SUSPICION_RECORDED', grounds: ['overcrowded', 'no lights at night'] }))
        .status,
    ).toBe(200);
    await page.waitForTimeout(1200);
    expect(await auditSeqs(page)).toEqual([1]);
    expect(await actionCodes(page)).toContain('RECORD_GROUNDS');
    expect(await page.getAttribute('.conn', 'data-status')).toBe('reconnecting');

    blocked = false;
    // the officer need not wait for the backoff; if the page got there first, so much the better
    await page.click('header button:has-text("Retry now")', { timeout: 1000 }).catch(() => {});
    await page.waitForSelector('.conn[data-status="live"]', { timeout: 30_000 });
    await expect.poll(() => auditSeqs(page)).toEqual([4, 3, 2, 1]);
    await expect.poll(() => actionCodes(page)).not.toContain('RECORD_GROUNDS');
    // the same page, not a reload
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(marker);

    // and live again afterwards, still once per seq
    expect((await record(view.id, { type: 'POSITION_REPORTED', lat: 35.2, lon: 12.75 })).status).toBe(200);
    await expect.poll(() => auditSeqs(page)).toEqual([5, 4, 3, 2, 1]);
    await page.waitForTimeout(500);
    const seqs = await auditSeqs(page);
    expect(new Set(seqs).size).toBe(seqs.length);
    // the chart follows the track: the opening position and three reports
    await expect.poll(() => page.textContent('#chart-summary')).toContain('4 reported positions');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it("records the second legal review's events from forms derived from the schemas, and shows what they open", async () => {
    // screening finds persons needing urgent medical care during a distress: ARRANGE_MEDICAL_CARE opens (life)
    const view = await openCase(rubberBoat());
    expect(
      (await record(view.id, { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded'] }))
        .status,
    ).toBe(200);
    const screened = await record(view.id, { type: 'PERSONS_SCREENED', total: 60, medicalUrgent: 2 });
    expect(screened.status).toBe(200);
    expect((screened.body as View).requiredActions.map((a) => a.code)).toContain('ARRANGE_MEDICAL_CARE');

    const page = await browser.page(LAPTOP);
    // warnings this case cannot raise yet (a lapsed designation, an undelivered message), added to the view
    // the page loads first, in the contract's shape: how the console shows them is what is under test here
    await page.route(
      (url) => url.pathname === `/cases/${encodeURIComponent(view.id)}`,
      async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { warnings: unknown[] };
        body.warnings = [
          ...body.warnings,
          { code: 'MESSAGE_NOT_DELIVERED', message: 'The registry request to TG was not delivered.' },
          { code: 'DESIGNATION_LAPSED', message: 'Sfax is now excluded: the designation lapsed.' },
        ];
        await route.fulfill({ response, json: body });
      },
    );
    await signIn(page, 'operator');
    await openCasePage(page, view.id);

    // the legal basis stands but is suspended while the danger is open
    expect(await page.textContent('.case-head .suspended-by')).toContain('suspended by distress');
    expect(await page.textContent('#basis .suspended[data-suspended-by="distress"]')).toContain(
      'Suspended by distress',
    );
    expect(await page.getAttribute('.permit[data-scope="board"]', 'class')).toContain('suspended');
    // new warnings by name, the one about where the persons can go first
    expect(
      await page.$$eval('.warnings li.warning', (items) => items.map((li) => li.getAttribute('data-code'))),
    ).toEqual(['DESIGNATION_LAPSED', 'MESSAGE_NOT_DELIVERED']);
    expect(await page.textContent('.warning[data-code="DESIGNATION_LAPSED"] .title')).toBe(
      'Place of safety designation lapsed',
    );
    expect(await page.textContent('.warning[data-code="MESSAGE_NOT_DELIVERED"] .title')).toBe(
      'Message not delivered',
    );

    // the button beside the action opens REFERRAL_MADE with the `about` that closes it already chosen
    const button = page.locator('li.action[data-code="ARRANGE_MEDICAL_CARE"] button');
    expect(await button.textContent()).toBe('Record Referral made (Medical)');
    expect(await page.textContent('li.action[data-code="ARRANGE_MEDICAL_CARE"] .life-badge')).toBe('LIFE');
    await button.click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'about');
    expect(await page.inputValue('.record select[name=type]')).toBe('REFERRAL_MADE');
    expect(await page.inputValue('[data-field="about"] select')).toBe('medical');
    await page.fill('[data-field="to"] input', 'CIRM Rome (telemedical advice)');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    expect(await page.textContent('.record .notice.ok')).toContain('Recorded: Referral made');
    await expect.poll(() => actionCodes(page)).not.toContain('ARRANGE_MEDICAL_CARE');

    // every event this role may record has a form of its own, derived from the schema (none falls back to
    // the raw JSON payload), and every control of it has a label
    const offered = await page.$$eval('.record select[name=type] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter(Boolean),
    );
    expect(offered).toEqual(expect.arrayContaining(['REFERRAL_MADE', 'FORCE_USED', 'PERSONS_HANDED_OVER']));
    for (const type of offered) {
      await page.selectOption('.record select[name=type]', type);
      expect(await page.$$('.record [data-field=""]'), type).toHaveLength(0);
      const unlabelled = await page.$$eval(
        '.record .fields input, .record .fields select, .record .fields textarea',
        (els) => els.filter((el) => (el as HTMLInputElement).labels?.length === 0).map((el) => el.outerHTML),
      );
      expect(unlabelled, type).toEqual([]);
    }

    // a nested optional object: casualties once given need both counts, checked before anything is sent
    await page.selectOption('.record select[name=type]', 'FORCE_USED');
    await page.selectOption('[data-field="forceUsed"] select', 'firearms');
    await page.fill('[data-field="casualties.injured"] input', '1');
    await page.click('.record button[type=submit]');
    expect(await page.textContent('[data-field="casualties.dead"] .field-error')).toBe('required');
    await page.fill('[data-field="casualties.dead"] input', '0');
    await page.fill('[data-field="note"] textarea', 'Warning shots fired when the boat rammed the RHIB.');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    const incident = page.locator('#incidents .incident[data-category="use-of-force"]');
    await incident.waitFor();
    expect(await incident.textContent()).toContain('Use of force');
    expect(await incident.textContent()).toContain('effective investigation');

    const audit = (await fetch(`${desk.base}/cases/${view.id}/audit`, {
      headers: { authorization: `Bearer ${await desk.token('auditor')}` },
    }).then((r) => r.json())) as Array<{ type: string; outcome: string; event: Record<string, unknown> }>;
    const recorded = audit.filter((e) => e.type === 'REFERRAL_MADE' || e.type === 'FORCE_USED');
    expect(recorded.map((e) => [e.outcome, e.event])).toEqual([
      ['applied', { type: 'REFERRAL_MADE', about: 'medical', to: 'CIRM Rome (telemedical advice)' }],
      [
        'applied',
        {
          type: 'FORCE_USED',
          forceUsed: 'firearms',
          casualties: { injured: 1, dead: 0 },
          note: 'Warning shots fired when the boat rammed the RHIB.',
        },
      ],
    ]);
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('lets a trainer run a scenario, answer its paused decisions and read the score', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, 'trainer');
    await page.click('nav >> text=Training sessions');
    await page.waitForSelector('li[data-scenario="12-search-and-rescue"]');
    await page.selectOption('#pace', '0');
    await page.click('li[data-scenario="12-search-and-rescue"] button');
    const session = page.locator('article.session').first();
    await session.locator('.tag[data-status="awaiting-decision"]').waitFor();
    expect(SAR_DECISIONS.map((d) => d.type)).toEqual(['DISTRESS_ASSESSED', 'PLACE_OF_SAFETY_DESIGNATED']);
    expect(await session.locator('.prompt').textContent()).toContain(`Step ${SAR_DECISIONS[0]?.step}:`);

    await session.locator('select[name=type]').selectOption('DISTRESS_ASSESSED');
    await session.locator('[data-field="phase"] select').selectOption('distress');
    for (const f of [
      'overcrowded',
      'unseaworthy',
      'taking-water',
      'persons-in-water',
      'pregnant-women-or-children',
      'no-safety-equipment',
    ]) {
      await session.locator(`input[name="factors"][value="${f}"]`).check();
    }
    await session.locator('.record button[type=submit]').click();
    await session.locator('.record-result .notice.ok').waitFor();
    expect(await session.locator('.record-result').textContent()).toContain('Correct.');

    await expect
      .poll(() => session.locator('.prompt').textContent())
      .toContain(`Step ${SAR_DECISIONS[1]?.step}:`);
    await session.locator('select[name=type]').selectOption('PLACE_OF_SAFETY_DESIGNATED');
    await session.locator('[data-field="by"] select').selectOption('authority');
    await session.locator('[data-field="country"] input').fill('IT');
    await session.locator('[data-field="port"] input').fill('Pozzallo');
    await session.locator('.record button[type=submit]').click();
    await session.locator('.record-result .notice.error').waitFor();
    expect(await session.locator('.record-result').textContent()).toContain(
      'Expected: Place of safety designated',
    );

    await session.locator('.tag[data-status="finished"]').waitFor();
    await expect.poll(() => session.locator('.score h3').textContent()).toBe('Score: 1 of 2');
    expect(await session.locator('.score').textContent()).toContain('expected Place of safety designated');

    // the session's sandbox case opens like any other, marked as training
    await session.locator('text=open the training case').click();
    await page.waitForSelector('.case-head .tag.training');
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('gives an auditor everything to read and nothing to record', async () => {
    const page = await browser.page(TABLET);
    await signIn(page, 'auditor');
    await page.waitForSelector('table.cases tbody tr');
    // life first (every case here has a life action open), and among them the overdue reply first
    const first = await page.getAttribute('table.cases tbody tr:first-child', 'data-case');
    expect(first).toBe(showcase);
    await page.click(`a[href="#/case/${encodeURIComponent(showcase)}"]`);
    await page.waitForSelector('table.audit');
    expect(await page.$('.record form')).toBeNull();
    expect(await page.textContent('.case-page')).toContain('Auditors read everything and record nothing.');
    expect(await page.$$('ol.actions button')).toHaveLength(0);
    await page.click('header button:has-text("Sign out")');
    await page.waitForSelector('form.signin');
    expect(await page.evaluate(() => sessionStorage.getItem('desk.token'))).toBeNull();
    expect(browser.errors).toEqual([]);
    await page.close();
  });

  it('draws the case page for a laptop and a tablet, and saves the screenshots', async () => {
    for (const [name, viewport] of [
      ['laptop', LAPTOP],
      ['tablet', TABLET],
    ] as const) {
      const page = await browser.page(viewport);
      await signIn(page, 'operator');
      await openCasePage(page, showcase);
      await page.waitForSelector('#map .chart-map[data-geography="loaded"]');
      await page.waitForSelector('#places ol.places');
      await page.waitForSelector('[data-verify="valid"]');
      // the registry reply was due seconds after the notification
      await page.waitForSelector('li.action[data-code="AWAIT_REGISTRY_REPLY"].is-overdue', {
        timeout: 30_000,
      });
      expect(await page.textContent('li.action[data-code="AWAIT_REGISTRY_REPLY"] .due')).toContain(
        'overdue by',
      );
      expect((await actionCodes(page))[0]).toBe('RENDER_ASSISTANCE');
      expect(await page.textContent('.warnings')).toContain('POSSIBLE_FALSE_FLAG');
      // nothing wider than the screen
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await page.mouse.move(0, 0);
      await page.screenshot({ path: `${ARTIFACTS}case-${name}.png` });
      await page.screenshot({ path: `${ARTIFACTS}case-${name}-full.png`, fullPage: true });
      if (name === 'laptop') {
        // for the README: the first screen and the chart below it
        await page.screenshot({
          path: `${ARTIFACTS}case-docs.png`,
          fullPage: true,
          clip: { x: 0, y: 0, width: 1366, height: 1220 },
        });
      }
      await page.close();
    }
    expect(statSync(`${ARTIFACTS}case-laptop.png`).size).toBeGreaterThan(10_000);
    // the README's picture is refreshed on request only, so a test run leaves the working tree alone
    if (process.env.UPDATE_DOCS_SCREENSHOT) copyFileSync(`${ARTIFACTS}case-docs.png`, DOCS_SCREENSHOT);
    expect(browser.errors).toEqual([]);
  });

  // last, so the directory edit reaches no case the other tests look at
  it('shows a message to another desk as it goes out, with its delivery state', async () => {
    const authority = { authorization: `Bearer ${await desk.token('authority')}` };
    const directory = await fetch(`${desk.base}/directory`, { headers: authority }).then(
      (r) => r.json() as Promise<{ states: Record<string, unknown> }>,
    );
    // a desk for GR that nothing relays to in this test desk: the message stays pending
    const put = await fetch(`${desk.base}/directory/states/GR`, {
      method: 'PUT',
      headers: { ...authority, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(directory.states.GR as object),
        exchange: {
          url: 'http://127.0.0.1:9/',
          jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }] },
        },
      }),
    });
    expect(put.status).toBe(200);
    const view = await openCase({ ...flaggedTrawler(), vessel: { name: 'Agios Nikolaos', flag: 'GR' } });
    const page = await browser.page(LAPTOP);
    await signIn(page, 'authority');
    await openCasePage(page, view.id);
    expect(await page.isHidden('#messages')).toBe(true);

    const notified = await record(view.id, { type: 'FLAG_STATE_NOTIFIED', state: 'GR' }, 'authority');
    expect(notified.status).toBe(200);
    // live, without a reload
    const row = page.locator('#messages table.messages tbody tr');
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.locator('th[scope="row"]').textContent()).toBe('Sent to GR');
    expect(await row.textContent()).toContain('Notification and registry request');
    expect(await row.locator('td.delivery').textContent()).toContain('Sending… (not yet delivered)');
    expect(await page.textContent('#messages h2')).toBe('Messages with other desks');

    // the relay gives up on it, as it would after its retries: the authority is told to send it otherwise
    const [outbox] = (await desk.runtime.pendingMessages(100)).filter((r) => r.caseId === view.id);
    expect(outbox).toBeDefined();
    await desk.runtime.settleMessage(outbox!, { notDelivered: { attempts: 5, error: 'connection refused' } });
    const failed = row.locator('td.delivery[data-status="not-delivered"]');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Not delivered: connection refused — send by other means');
    expect(await row.getAttribute('class')).toContain('undelivered');
    expect(await failed.locator('button').textContent()).toBe('Record sent by other means');
    await page.locator('#messages').screenshot({ path: `${ARTIFACTS}case-messages.png` });
    // the form it opens names the message, so the record says which one went by other means
    await failed.locator('button').click();
    expect(await page.locator('.record form [name="messageId"]').inputValue()).toBe(
      await row.getAttribute('data-message'),
    );
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
