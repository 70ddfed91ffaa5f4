// The flag-State procedure (SoM art. 8(2)-(4), 8(6); UNCLOS arts 91, 92): what the flag State's notification,
// replies, consent and its withdrawal change in a case, its reply and deemed-consent clocks, and the reports owed
// to it after acts under its consent. Pure, like evolve.ts, which hands these events here.
import { addHours, addMinutes } from 'date-fns';
import { B } from './citations.ts';
import type { CaseContext, Deadline, DeadlineAbout } from './context.ts';
import { freshFlagState, nextId, profileOf, replyHoursOf } from './context.ts';
import {
  deriveLegalBasis,
  flagStateOfRecord,
  flagStepBasis,
  isAuthorisationBasis,
  ordered,
  securityCouncilAuthorisationAt,
} from './legal-basis.ts';
import type { DeskEvent, Scope, Setting } from './schemas.ts';

const ALL: Scope[] = ['board', 'search', 'measures'];

// A reply deadline and, a quarter of its window before it (at most an hour), a warning (REPLY_DEADLINE_NEAR).
export function armReplyDeadline(ctx: CaseContext, about: DeadlineAbout, from: string, hours: number): void {
  const due = addHours(new Date(from), hours);
  const id = nextId(ctx, about);
  const lead = Math.min(60, Math.round((hours * 60) / 4));
  ctx.deadlines.push({
    id: nextId(ctx, 'reply-deadline-near'),
    about: 'reply-deadline-near',
    of: id,
    dueAt: addMinutes(due, -lead).toISOString(),
  });
  ctx.deadlines.push({ id, about, dueAt: due.toISOString() });
}

export function cancel(ctx: CaseContext, ...abouts: DeadlineAbout[]): void {
  const gone = new Set(ctx.deadlines.filter((d) => abouts.includes(d.about)).map((d) => d.id));
  ctx.deadlines = ctx.deadlines.filter((d) => !gone.has(d.id) && !(d.of && gone.has(d.of)));
}

// Office hours in the flag authority's own time zone (SoM art. 8(6): it answers around the clock where it can).
export function outsideOfficeHours(
  setting: Setting,
  state: string | undefined,
  at: string,
): string | undefined {
  const profile = state ? setting.states[state] : undefined;
  if (!profile?.officeHours) return undefined;
  const tz = profile.timeZone ?? 'UTC';
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
  const { from, to } = profile.officeHours;
  const inside = from <= to ? local >= from && local < to : local >= from || local < to;
  return inside
    ? undefined
    : `${state}'s central authority keeps office hours ${from}-${to} (${tz}); the request was sent at ${local} local time`;
}

// A reply deadline passed unanswered: the flag State owes an expeditious answer (SoM art. 8(4)), and the
// central authority takes the request further through the channel art. 8(6) designates. Owed for each reply
// that falls overdue, until the reply or a recorded escalation (REPLY_ESCALATED).
export function escalationOwed(ctx: CaseContext): boolean {
  const fs = ctx.flagState;
  const registry = fs.overdue.registry && fs.registry === null && fs.reply === null;
  const authorisation = fs.overdue.authorisation && fs.authorisationPending;
  return (registry && !fs.escalated?.registry) || (authorisation && !fs.escalated?.authorisation);
}

export function escalationBasis(ctx: CaseContext): string[] {
  return flagStepBasis(ctx, [B.somExpeditious, B.somCentralAuthority]);
}

function answerFlagState(ctx: CaseContext, authorisationToo: boolean): void {
  ctx.flagState.answeredAt = ctx.at;
  ctx.flagState.overdue.registry = false;
  if (authorisationToo) ctx.flagState.overdue.authorisation = false;
}

// The flag State of record changed (a corrected identification): every consent of the previous one lapses,
// its reply and deemed-consent clocks stop, and the procedure starts again towards the new State. What was done
// under the earlier consent stays owed to it (reportsOwed keeps its State). UNCLOS arts 91, 92(1); SoM art. 8(2).
export function restartProcedure(ctx: CaseContext, previous: string | undefined): void {
  const fs = ctx.flagState;
  const had = ordered([...fs.grantedScopes]);
  if (previous && (had.length > 0 || fs.deemedConsentMatured)) {
    ctx.flagState.lapsed.push({ state: previous, scopes: had, at: ctx.at });
  }
  cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
  const record = flagStateOfRecord(ctx);
  ctx.flagState = {
    ...freshFlagState(),
    inquiries: fs.inquiries,
    registry: record && fs.refutedBy.includes(record) ? 'refuted' : null,
    refutedBy: fs.refutedBy,
    lapsed: fs.lapsed,
    ...(fs.officeHoursWarning ? { officeHoursWarning: fs.officeHoursWarning } : {}),
  };
}

// The flag State's events; false for any other event, which evolve.ts applies itself.
export function evolveFlagState(ctx: CaseContext, prev: CaseContext, event: DeskEvent, at: string): boolean {
  const fs = ctx.flagState;
  const en = ctx.enforcement;
  switch (event.type) {
    case 'FLAG_STATE_NOTIFIED': {
      // Only the flag State of record's notification starts the procedure; any other State is asked about the
      // registry only (SoM art. 8(4)): no reply clock, no deemed consent.
      if (event.state !== flagStateOfRecord(prev)) {
        if (!fs.inquiries.includes(event.state)) fs.inquiries.push(event.state);
        break;
      }
      fs.notifiedState = event.state;
      fs.notifiedAt = at;
      // a State that already answered (a grant implies confirmation) owes no registry reply: no clock to run
      if (fs.registry === null && fs.reply === null)
        armReplyDeadline(ctx, 'registry-reply', at, replyHoursOf(ctx, event.state));
      fs.officeHoursWarning = outsideOfficeHours(ctx.setting, event.state, at) ?? fs.officeHoursWarning;
      break;
    }
    case 'FLAG_STATE_ACKNOWLEDGED': {
      fs.acknowledgedAt = at;
      // Silence becomes consent only under an agreement that provides it, counted from acknowledgement.
      const deemed = profileOf(ctx, fs.notifiedState)?.deemedConsent;
      if (
        fs.notifiedAt &&
        deemed?.with.includes(ctx.interceptingState) &&
        fs.registry === null &&
        fs.reply === null
      ) {
        ctx.deadlines.push({
          id: nextId(ctx, 'deemed-consent'),
          about: 'deemed-consent',
          dueAt: addHours(new Date(at), deemed.afterHours).toISOString(),
        });
      }
      break;
    }
    case 'REGISTRY_CONFIRMED':
      fs.registry = 'confirmed';
      fs.confirmedBy = flagStateOfRecord(prev);
      answerFlagState(ctx, false);
      cancel(ctx, 'registry-reply', 'deemed-consent');
      break;
    case 'REGISTRY_REFUTED': {
      const record = flagStateOfRecord(prev);
      fs.registry = 'refuted';
      if (record && !fs.refutedBy.includes(record)) fs.refutedBy.push(record);
      fs.authorisationPending = false;
      answerFlagState(ctx, true);
      cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
      break;
    }
    case 'AUTHORISATION_REQUESTED': {
      fs.authorisationRequestedAt = at;
      fs.requestedScopes = event.scopes;
      fs.authorisationPending = true;
      const to = fs.notifiedState ?? flagStateOfRecord(prev);
      armReplyDeadline(ctx, 'authorisation-reply', at, replyHoursOf(ctx, to));
      fs.officeHoursWarning = outsideOfficeHours(ctx.setting, to, at) ?? fs.officeHoursWarning;
      break;
    }
    case 'AUTHORISATION_GRANTED': {
      fs.reply = 'granted';
      fs.grantedScopes = ordered([...fs.grantedScopes, ...event.scopes]);
      fs.withdrawnScopes = fs.withdrawnScopes.filter((s) => !event.scopes.includes(s));
      const seen = new Set(fs.conditions.map((c) => JSON.stringify(c)));
      fs.conditions = [...fs.conditions, ...event.conditions.filter((c) => !seen.has(JSON.stringify(c)))];
      fs.consentFrom = flagStateOfRecord(prev);
      fs.authorisationPending = false;
      // a grant implies confirmation of registry
      if (fs.registry === null) {
        fs.registry = 'confirmed';
        fs.confirmedBy = fs.consentFrom;
      }
      answerFlagState(ctx, true);
      cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
      break;
    }
    case 'AUTHORISATION_REFUSED':
      // refuses what is pending; what was granted before stands until withdrawn
      fs.reply = 'refused';
      fs.authorisationPending = false;
      answerFlagState(ctx, true);
      cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
      break;
    case 'FLAG_STATE_WILL_ACT':
      fs.reply = 'will-act';
      fs.grantedScopes = [];
      fs.authorisationPending = false;
      answerFlagState(ctx, true);
      cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
      break;
    case 'AUTHORISATION_WITHDRAWN': {
      const gone = event.scopes ?? ALL;
      if (ctx.incoming?.answer) {
        ctx.incoming.answer.scopes = ctx.incoming.answer.scopes.filter((s) => !gone.includes(s));
        break;
      }
      // From now on the withdrawn scopes are not permitted; what was done stays lawful and reportable.
      fs.withdrawnScopes = ordered([...fs.withdrawnScopes, ...gone]);
      fs.grantedScopes = fs.grantedScopes.filter((s) => !gone.includes(s));
      break;
    }
    case 'FLAG_STATE_INFORMED':
      if (event.about === 'moving-vessel') fs.movingVesselNotified = true;
      break;
    case 'REPLY_ESCALATED':
      // what is overdue now is escalated; the reply is still awaited, its clock already spent
      fs.escalated = { registry: fs.overdue.registry, authorisation: fs.overdue.authorisation };
      fs.escalatedAt = at;
      break;
    case 'RESULTS_REPORTED': {
      // A report covers what was done before it; `to` names the State where the reports are owed to several.
      // A report to another State discharges nothing owed here.
      const named = /^[A-Z]{2}$/.test(event.to);
      en.reportsOwed = named ? en.reportsOwed.filter((r) => r.state !== event.to) : [];
      en.reportsMade += 1;
      // a State's report-results deadline goes with its report; the others' stay
      ctx.deadlines = ctx.deadlines.filter(
        (d) => d.about !== 'report-results' || en.reportsOwed.some((r) => r.dueAt === d.dueAt),
      );
      break;
    }
    case 'DEADLINE_PASSED':
      processDeadline(ctx, event.deadlineId);
      break;
    default:
      return false;
  }
  return true;
}

// A Security Council authorisation gives a basis only while in force: the desk holds its end as a deadline, so
// the basis is derived again the moment it lapses, with no other event needed.
export function armAuthorisationLapse(ctx: CaseContext): void {
  if (ctx.closed || deriveLegalBasis(ctx).code !== 'security-council-authorisation') return;
  const sc = securityCouncilAuthorisationAt(ctx);
  if (!sc) return;
  const dueAt = new Date(sc.until).toISOString();
  if (ctx.deadlines.some((d) => d.about === 'authorisation-lapses' && d.dueAt === dueAt)) return;
  ctx.deadlines.push({ id: nextId(ctx, 'authorisation-lapses'), about: 'authorisation-lapses', dueAt });
}

// Art. 8(3): the flag State is informed of the results of any boarding, search or measure its consent
// (express, standing or deemed) covered, even one that breached a condition; an act with no consent behind it
// is an incident, not a report. The duty follows each act: an act after the last report opens it again. A
// report-results-within condition runs from the first act under the authorisation.
export function noteActUnderAuthorisation(
  ctx: CaseContext,
  prev: CaseContext,
  scope: Scope,
  at: string,
): void {
  const lb = deriveLegalBasis(prev);
  if (!isAuthorisationBasis(lb.code) || !lb.consentScopes.includes(scope) || !lb.state) return;
  const en = ctx.enforcement;
  if (en.reportsOwed.some((r) => r.state === lb.state)) return;
  const within = ctx.flagState.conditions.find((c) => c.kind === 'report-results-within')?.hours;
  const dueAt = within !== undefined ? addHours(new Date(at), within).toISOString() : undefined;
  en.reportsOwed.push({ state: lb.state, since: at, ...(dueAt ? { dueAt } : {}) });
  if (dueAt) ctx.deadlines.push({ id: nextId(ctx, 'report-results'), about: 'report-results', dueAt });
}

function processDeadline(ctx: CaseContext, id: string): void {
  const d: Deadline | undefined = ctx.deadlines.find((x) => x.id === id);
  if (!d) return;
  ctx.deadlines = ctx.deadlines.filter((x) => x.id !== id);
  const fs = ctx.flagState;
  switch (d.about) {
    case 'registry-reply':
      if (fs.registry === null && fs.reply === null) {
        fs.overdue.registry = true;
        if (fs.escalated) fs.escalated.registry = false;
      }
      break;
    case 'authorisation-reply':
      if (fs.authorisationPending) {
        fs.overdue.authorisation = true;
        if (fs.escalated) fs.escalated.authorisation = false;
      }
      break;
    case 'reply-deadline-near':
      break;
    case 'deemed-consent':
      if (fs.registry === null && fs.reply === null) fs.deemedConsentMatured = true;
      break;
    case 'answer-request':
      if (ctx.incoming && !ctx.incoming.answered) ctx.incoming.overdue = true;
      break;
    case 'report-results':
    case 'authorisation-lapses':
      break;
  }
}
