// Issue 16, in a real browser against a real desk: a flag State's reply that falls overdue stays listed under
// "Conditions and deadlines" as overdue since its due time, with what it was about, until the reply arrives;
// the central authority records the escalation from the button beside ESCALATE_OVERDUE_REPLY, and the case
// still awaits the reply (SoM art. 8(4), 8(6)).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../machines/schemas.ts';
import { flaggedTrawler } from '../http/helpers.ts';
import { until } from '../until.ts';
import { ARTIFACTS, type Browser } from './browser.ts';
import { type ConsoleDesk, replyWithin } from './desk.ts';
import { actionCodes, openCasePage, signIn } from './pages.ts';
import { consoleTestbed, LAPTOP } from './testbed.ts';

let desk: ConsoleDesk;
let browser: Browser;
let overdue = '';

interface View {
  requiredActions: Array<{ code: string; dueAt?: string }>;
  flagState: { escalatedAt?: string };
}

async function record(caseId: string, event: unknown, role: Role = 'operator'): Promise<void> {
  const res = await desk.post(`/cases/${caseId}/events`, event, role);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function viewOf(caseId: string): Promise<View> {
  const res = await fetch(`${desk.base}/cases/${encodeURIComponent(caseId)}`, {
    headers: { authorization: `Bearer ${await desk.token('authority')}` },
  });
  return (await res.json()) as View;
}

const overdueItem = (page: Page, code: string) => page.locator(`#conditions li[data-overdue="${code}"]`);

consoleTestbed(async (d, b) => {
  desk = d;
  browser = b;
  // TG is to answer within 7 seconds here, so the reply is overdue by the time the page is shown
  await replyWithin(desk, 'TG', 0.002);
  const opened = await desk.post('/cases', {
    ...flaggedTrawler(),
    vessel: { name: 'Late Star', flag: 'TG' },
  });
  expect(opened.status).toBe(201);
  overdue = (opened.body as { id: string }).id;
  await record(overdue, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
  await record(overdue, { type: 'FLAG_STATE_NOTIFIED', state: 'TG', channel: 'e-mail' }, 'authority');
  await until(
    "TG's reply overdue",
    async () => (await viewOf(overdue)).requiredActions.some((a) => a.code === 'ESCALATE_OVERDUE_REPLY'),
    30_000,
  );
}, 90_000);

describe('an overdue reply stays in sight until it arrives (issue 16; SoM art. 8(4), 8(6))', () => {
  it('lists the overdue reply with its due time and age, records the escalation from the page, and drops the item on the reply', async () => {
    const page = await browser.page(LAPTOP);
    await signIn(page, desk, 'authority');
    await openCasePage(page, overdue);

    const dueAt = (await viewOf(overdue)).requiredActions.find((a) => a.code === 'AWAIT_REGISTRY_REPLY')
      ?.dueAt as string;
    const hhmm = dueAt.slice(11, 16);
    const item = overdueItem(page, 'AWAIT_REGISTRY_REPLY');
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Await TG');
    expect(text).toContain('reply on registry');
    expect(text).toMatch(new RegExp(`overdue since ${hhmm} UTC \\(\\d+ (s|min) ago\\)`));
    expect(text).toContain('Not escalated yet');
    // the fired deadline is no longer counted down as pending: it is listed once, as overdue
    expect(await page.locator('#conditions li').count()).toBe(1);

    // the button beside the escalation opens REPLY_ESCALATED (the replies that also close it sit beside it)
    const button = page.locator(
      'li.action[data-code="ESCALATE_OVERDUE_REPLY"] button[data-type="REPLY_ESCALATED"]',
    );
    expect(await button.textContent()).toBe('Record Reply escalated');
    await button.click();
    expect(await page.inputValue('.record select[name=type]')).toBe('REPLY_ESCALATED');
    await page.fill('[data-field="to"] input', 'TG Maritime Administration, head of office');
    await page.fill('[data-field="channel"] input', 'phone');
    await page.fill('[data-field="note"] textarea', 'no answer to the registry request within the window');
    await page.click('.record button[type=submit]');
    await page.waitForSelector('.record .notice.ok');
    expect(await page.textContent('.record .notice.ok')).toContain('Recorded: Reply escalated');
    await expect.poll(() => actionCodes(page)).not.toContain('ESCALATE_OVERDUE_REPLY');
    // the case still awaits the reply, and says it was escalated
    expect(await actionCodes(page)).toContain('AWAIT_REGISTRY_REPLY');
    const escalatedAt = (await viewOf(overdue)).flagState.escalatedAt as string;
    expect(escalatedAt).toBeTruthy();
    await expect.poll(() => item.textContent()).toContain(`Escalated`);
    expect(await item.textContent()).toContain('the reply is still awaited');
    expect(await item.textContent()).toMatch(/overdue since \d\d:\d\d UTC/);
    await page.screenshot({ path: `${ARTIFACTS}/overdue-reply-escalated.png`, fullPage: true });

    // the reply arrives: nothing is overdue any more
    await record(overdue, { type: 'REGISTRY_CONFIRMED' }, 'authority');
    await expect.poll(() => item.count()).toBe(0);
    expect(await actionCodes(page)).not.toContain('AWAIT_REGISTRY_REPLY');
    expect(browser.errors).toEqual([]);
    await page.close();
  });
});
