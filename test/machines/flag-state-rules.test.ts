// The flag-State procedure's finer rules (SoM art. 8(2)-(4); UNCLOS arts 91, 92): a notification sent after the
// flag State already answered owes no registry reply and starts no reply clock, and a report of results
// discharges only the report-results deadline, never the other clocks of the case. Written from domain.md and
// contract.md, driven through the engine with contract.md events; every expectation is what the case view shows
// (flag-State fields, deadlines with their due times, required actions), computed from the test's own numbers.
import { addHours, addMinutes } from 'date-fns';
import { describe, expect, it } from 'vitest';
import type { CaseEvent, Condition, Scope, Setting, StateProfile } from '../../machines/schemas.ts';
import { appliedAt as at, Case, deadlinesOf as deadlines, opening, START } from './harness.ts';

// minutes after the harness's START
const t = (minute: number) => addMinutes(new Date(START), minute).toISOString();
// `hours` after minute `minute`, less `lead` minutes
const hoursAfter = (minute: number, hours: number, lead = 0) =>
  addMinutes(addHours(new Date(t(minute)), hours), -lead).toISOString();

const REPLY_HOURS = 4;
const party = (over: Partial<StateProfile> = {}): StateProfile => ({ protocolParty: true, ...over });
const setting = (states: Record<string, StateProfile>): Setting => ({ states, countryAssessments: {} });
const TOGO = setting({ TG: party({ replyWithinHours: REPLY_HOURS }) });

const noDanger: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] };
const notify = (state: string): CaseEvent => ({ type: 'FLAG_STATE_NOTIFIED', state });
const request = (scopes: Scope[]): CaseEvent => ({ type: 'AUTHORISATION_REQUESTED', scopes });
const grant = (scopes: Scope[], conditions: Condition[] = []): CaseEvent => ({
  type: 'AUTHORISATION_GRANTED',
  scopes,
  conditions,
});

// A Togo-flagged vessel on the high seas, not in danger; Togo answers within REPLY_HOURS.
function togo(): Case {
  const c = new Case(opening(), TOGO);
  at(c, 0, noDanger);
  return c;
}

// The authorisation reply clock and its warning a quarter of the window before (at most an hour).
const authorisationClock = (minute: number) => [
  { about: 'reply-deadline-near', dueAt: hoursAfter(minute, REPLY_HOURS, 60) },
  { about: 'authorisation-reply', dueAt: hoursAfter(minute, REPLY_HOURS) },
];

describe('a notification after the flag State answered owes no registry reply (SoM art. 8(2), 8(4))', () => {
  it('authorisation asked and refused before the notification: the notification starts no registry reply clock (SoM art. 8(4))', () => {
    const c = togo();
    at(c, 1, request(['board']));
    at(c, 2, { type: 'AUTHORISATION_REFUSED' });
    expect(deadlines(c)).toEqual([]);
    at(c, 3, notify('TG'));
    expect(c.view.flagState).toMatchObject({
      state: 'TG',
      notifiedAt: t(3),
      reply: 'refused',
      registry: null,
    });
    expect(deadlines(c)).toEqual([]);
    expect(c.actions).not.toContain('AWAIT_REGISTRY_REPLY');
    // the refusal stands: nothing becomes overdue when the reply window passes
    c.advanceTo(3 + REPLY_HOURS * 60 + 1);
    expect(c.actions).not.toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.actions).not.toContain('AWAIT_REGISTRY_REPLY');
  });

  it('registry confirmed on an authorisation request before the notification: the notification adds no registry reply clock, only the authorisation one runs (SoM art. 8(2), 8(4))', () => {
    const c = togo();
    at(c, 1, request(['board']));
    at(c, 2, { type: 'REGISTRY_CONFIRMED' });
    expect(deadlines(c)).toEqual(authorisationClock(1));
    at(c, 3, notify('TG'));
    expect(c.view.flagState).toMatchObject({
      state: 'TG',
      notifiedAt: t(3),
      registry: 'confirmed',
      reply: null,
    });
    expect(deadlines(c)).toEqual(authorisationClock(1));
    expect(c.actions).not.toContain('AWAIT_REGISTRY_REPLY');
    expect(c.action('AWAIT_AUTHORISATION')?.dueAt).toBe(hoursAfter(1, REPLY_HOURS));
  });
});

describe('a report of results discharges only its own deadline (SoM art. 8(3), 8(4))', () => {
  it('a report to the flag State leaves a further authorisation request’s reply clock running (SoM art. 8(3), 8(4))', () => {
    const c = togo();
    at(c, 1, notify('TG'));
    at(c, 2, request(['board']));
    at(c, 3, grant(['board'], [{ kind: 'report-results-within', hours: 6 }]));
    at(c, 10, { type: 'BOARDING_STARTED' });
    at(c, 20, request(['search']));
    expect(deadlines(c)).toEqual(
      [...authorisationClock(20), { about: 'report-results', dueAt: hoursAfter(10, 6) }].sort(
        (a, b) => a.dueAt.localeCompare(b.dueAt) || a.about.localeCompare(b.about),
      ),
    );
    at(c, 30, { type: 'RESULTS_REPORTED', to: 'TG' });
    expect(c.actions).not.toContain('REPORT_RESULTS_TO_FLAG_STATE');
    expect(deadlines(c)).toEqual(authorisationClock(20));
    expect(c.action('AWAIT_AUTHORISATION')?.dueAt).toBe(hoursAfter(20, REPLY_HOURS));
    // the clock still fires: silence past the window is escalated
    c.advanceTo(20 + REPLY_HOURS * 60 + 1);
    expect(c.actions).toContain('ESCALATE_OVERDUE_REPLY');
  });
});
