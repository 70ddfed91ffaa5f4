// Issue 16: an overdue flag-State reply can be escalated, and the escalation recorded (SoM art. 8(4), 8(6);
// domain.md, procedure step 7). REPLY_ESCALATED closes ESCALATE_OVERDUE_REPLY only: the case still awaits the
// reply. Driven through the engine with contract.md events; every expectation is what the case view shows.
import { addHours, addMinutes } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { CLOSED_BY } from '../../machines/action-codes.ts';
import { offerFor } from '../../machines/offers.ts';
import { CaseEvent, EVENT_ROLES, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '../../machines/schemas.ts';
import { appliedAt as at, Case, opening, START } from './harness.ts';

const REPLY_HOURS = 4;
const t = (minute: number) => addMinutes(new Date(START), minute).toISOString();
const due = (minute: number) => addHours(new Date(t(minute)), REPLY_HOURS).toISOString();
const TOGO = {
  states: { TG: { protocolParty: true, replyWithinHours: REPLY_HOURS } },
  countryAssessments: {},
};
const escalate: CaseEvent = {
  type: 'REPLY_ESCALATED',
  to: 'TG central authority (duty officer)',
  channel: 'phone',
  note: 'no reply to the registry request within 4 hours',
};

// A Togo-flagged vessel on the high seas, not in danger, Togo notified at minute 10.
function notified(): Case {
  const c = new Case(opening(), TOGO);
  at(c, 0, { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
  at(c, 10, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
  return c;
}

describe('REPLY_ESCALATED: the central authority escalates an overdue reply (SoM art. 8(4), 8(6))', () => {
  it('overdue registry reply → ESCALATE_OVERDUE_REPLY open → REPLY_ESCALATED applied → closed, AWAIT_REGISTRY_REPLY stays (SoM art. 8(4), 8(6))', () => {
    const c = notified();
    c.advanceTo(10 + REPLY_HOURS * 60);
    expect(c.actions).toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.action('ESCALATE_OVERDUE_REPLY')!.basis).toEqual(['SoM art. 8(4)', 'SoM art. 8(6)']);
    expect(offerFor(c.state.context, 'REPLY_ESCALATED')).toEqual({
      type: 'REPLY_ESCALATED',
      status: 'allowed',
    });

    at(c, 10 + REPLY_HOURS * 60 + 15, escalate);
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.actions).toContain('AWAIT_REGISTRY_REPLY');
    expect(c.action('AWAIT_REGISTRY_REPLY')!.dueAt).toBe(due(10));
    expect(c.view.flagState.escalatedAt).toBe(t(10 + REPLY_HOURS * 60 + 15));
    // still awaiting: no consent came of silence, and a second escalation is not expected now
    expect(c.basis.permits).toEqual([]);
    expect(c.send(escalate)).toMatchObject({ outcome: 'refused', reason: 'not-expected-now' });

    // the reply, when it comes, closes the wait
    at(c, 10 + REPLY_HOURS * 60 + 60, { type: 'REGISTRY_CONFIRMED' });
    expect(c.actions).not.toContain('AWAIT_REGISTRY_REPLY');
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
  });

  it('before the reply deadline passes REPLY_ESCALATED is refused not-expected-now, citing SoM art. 8(4), 8(6)', () => {
    const c = notified();
    c.advanceTo(10 + REPLY_HOURS * 60 - 1);
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    const d = c.send(escalate, 0);
    expect(d).toMatchObject({
      outcome: 'refused',
      reason: 'not-expected-now',
      basis: ['SoM art. 8(4)', 'SoM art. 8(6)'],
      allowedOverrides: [],
    });
    expect(c.view.flagState.escalatedAt).toBeUndefined();
    expect(offerFor(c.state.context, 'REPLY_ESCALATED')).toMatchObject({ status: 'not-expected-now' });
  });

  it('with nothing sent to the flag State REPLY_ESCALATED is refused not-expected-now (SoM art. 8(4))', () => {
    const c = new Case(opening(), TOGO);
    expect(c.send(escalate)).toMatchObject({ outcome: 'refused', reason: 'not-expected-now' });
  });

  it('an authorisation reply that falls overdue after an escalation owes its own escalation (SoM art. 8(4), 8(6))', () => {
    const c = notified();
    c.advanceTo(10 + REPLY_HOURS * 60);
    at(c, 10 + REPLY_HOURS * 60 + 5, escalate);
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    const asked = 10 + REPLY_HOURS * 60 + 10;
    at(c, asked, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    c.advanceTo(asked + REPLY_HOURS * 60 - 1);
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    c.advanceTo(asked + REPLY_HOURS * 60);
    expect(c.actions).toContain('ESCALATE_OVERDUE_REPLY');
    at(c, asked + REPLY_HOURS * 60 + 5, { type: 'REPLY_ESCALATED' });
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.actions).toEqual(expect.arrayContaining(['AWAIT_REGISTRY_REPLY', 'AWAIT_AUTHORISATION']));
    expect(c.view.flagState.escalatedAt).toBe(t(asked + REPLY_HOURS * 60 + 5));
  });

  it('is recorded by the central authority and closes only ESCALATE_OVERDUE_REPLY (SoM art. 8(6))', () => {
    expect(EVENT_ROLES.REPLY_ESCALATED).toEqual(['authority']);
    expect(CLOSED_BY.REPLY_ESCALATED).toEqual(['ESCALATE_OVERDUE_REPLY']);
  });

  it('its payload is strict and bounded like every other: names 1,000 characters, the note 10,000', () => {
    expect(CaseEvent.safeParse({ type: 'REPLY_ESCALATED' }).success).toBe(true);
    expect(CaseEvent.safeParse(escalate).success).toBe(true);
    expect(CaseEvent.safeParse({ type: 'REPLY_ESCALATED', by: 'x' }).success).toBe(false);
    const long = (n: number) => 'x'.repeat(n);
    for (const field of ['to', 'channel']) {
      expect(CaseEvent.safeParse({ type: 'REPLY_ESCALATED', [field]: long(MAX_NAME_LENGTH) }).success).toBe(
        true,
      );
      const r = CaseEvent.safeParse({ type: 'REPLY_ESCALATED', [field]: long(MAX_NAME_LENGTH + 1) });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual([field]);
    }
    expect(CaseEvent.safeParse({ type: 'REPLY_ESCALATED', note: long(MAX_TEXT_LENGTH + 1) }).success).toBe(
      false,
    );
  });
});
