// How an applied event changes what the desk knows. Pure: the time of the event and the zone classifier
// are handed in by the host.
import { addHours, addMinutes } from 'date-fns';
import type { CaseContext, Deadline, DeadlineAbout } from './context.ts';
import { profileOf, replyHoursOf } from './context.ts';
import { claimedFlagState, deriveLegalBasis, distinctFlags, isAuthorisationBasis } from './legal-basis.ts';
import type { Applied } from './rules.ts';
import type { DeskEvent, Position, Scope, Setting, Zone } from './schemas.ts';

export type ClassifyZone = (position: Position, setting: Setting, interceptingState: string) => Zone;

export interface EvolveDeps {
  classifyZone: ClassifyZone;
}

const ALL: Scope[] = ['board', 'search', 'measures'];

function nextId(ctx: CaseContext, prefix: string): string {
  ctx.serial += 1;
  return `${prefix}-${ctx.serial}`;
}

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

function cancel(ctx: CaseContext, ...abouts: DeadlineAbout[]): void {
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

function answerFlagState(ctx: CaseContext, authorisationToo: boolean): void {
  ctx.flagState.answeredAt = ctx.at;
  ctx.flagState.overdue.registry = false;
  if (authorisationToo) ctx.flagState.overdue.authorisation = false;
}

export function evolve(
  prev: CaseContext,
  event: DeskEvent,
  at: string,
  decision: Applied,
  deps: EvolveDeps,
): CaseContext {
  const ctx = structuredClone(prev);
  ctx.at = at;
  const mode = decision.mode;
  const fs = ctx.flagState;
  const en = ctx.enforcement;
  switch (event.type) {
    case 'POSITION_REPORTED': {
      const position = { lat: event.lat, lon: event.lon };
      ctx.position = position;
      ctx.zone = deps.classifyZone(position, ctx.setting, ctx.interceptingState);
      // Hot pursuit ends when the vessel enters the territorial sea of its own or a third State (UNCLOS 111(3)).
      if (
        ctx.hotPursuit?.active &&
        ctx.zone.zone === 'territorial-sea' &&
        !ctx.zone.states.includes(ctx.interceptingState)
      ) {
        ctx.hotPursuit = {
          ...ctx.hotPursuit,
          active: false,
          endedReason: `entered the territorial sea of ${ctx.zone.states.join(', ')}`,
        };
      }
      break;
    }
    case 'SUSPICION_RECORDED':
      ctx.grounds = [...new Set([...ctx.grounds, ...event.grounds])];
      break;
    case 'VESSEL_IDENTIFIED': {
      const { type: _t, override: _o, flagsUsed, ...fields } = event;
      for (const [k, v] of Object.entries(fields))
        if (v !== undefined) (ctx.vessel as Record<string, unknown>)[k] = v;
      if (flagsUsed) ctx.vessel.flagsUsed = distinctFlags([...(ctx.vessel.flagsUsed ?? []), ...flagsUsed]);
      break;
    }
    case 'DISTRESS_ASSESSED': {
      const d = ctx.distress;
      d.phase = event.phase;
      d.factors = event.factors;
      d.reassessNeeded = event.phase === 'none' && event.factors.length > 0;
      if (event.phase === 'distress' && (!d.distressDeclared || d.rescued)) {
        d.distressDeclared = true;
        d.rescued = false;
        d.assistanceRefused = false;
      }
      break;
    }
    case 'RCC_NOTIFIED':
      ctx.distress.rccNotified = true;
      break;
    case 'ASSISTANCE_REFUSED':
      ctx.distress.assistanceRefused = true;
      break;
    case 'RESCUE_COMPLETED':
      ctx.distress.rescued = true;
      if (event.rescued > 0) ctx.persons.takenOnBoard = true;
      break;
    case 'FLAG_STATE_NOTIFIED': {
      fs.notifiedState = event.state;
      fs.notifiedAt = at;
      armReplyDeadline(ctx, 'registry-reply', at, replyHoursOf(ctx, event.state));
      fs.officeHoursWarning = outsideOfficeHours(ctx.setting, event.state, at) ?? fs.officeHoursWarning;
      break;
    }
    case 'FLAG_STATE_ACKNOWLEDGED': {
      fs.acknowledgedAt = at;
      // Silence becomes consent only under an agreement that provides it, counted from acknowledgement.
      const deemed = profileOf(ctx, fs.notifiedState)?.deemedConsent;
      if (deemed?.with.includes(ctx.interceptingState) && fs.registry === null && fs.reply === null) {
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
      answerFlagState(ctx, false);
      cancel(ctx, 'registry-reply', 'deemed-consent');
      break;
    case 'REGISTRY_REFUTED':
      fs.registry = 'refuted';
      fs.authorisationPending = false;
      answerFlagState(ctx, true);
      cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
      break;
    case 'AUTHORISATION_REQUESTED': {
      fs.authorisationRequestedAt = at;
      fs.requestedScopes = event.scopes;
      fs.authorisationPending = true;
      const to = fs.notifiedState ?? claimedFlagState(ctx);
      armReplyDeadline(ctx, 'authorisation-reply', at, replyHoursOf(ctx, to));
      fs.officeHoursWarning = outsideOfficeHours(ctx.setting, to, at) ?? fs.officeHoursWarning;
      break;
    }
    case 'AUTHORISATION_GRANTED':
      fs.reply = 'granted';
      fs.grantedScopes = ALL.filter((s) => event.scopes.includes(s));
      fs.conditions = event.conditions;
      fs.authorisationPending = false;
      if (fs.registry === null) fs.registry = 'confirmed';
      answerFlagState(ctx, true);
      cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
      break;
    case 'AUTHORISATION_REFUSED':
    case 'FLAG_STATE_WILL_ACT':
      fs.reply = event.type === 'AUTHORISATION_REFUSED' ? 'refused' : 'will-act';
      fs.grantedScopes = [];
      fs.authorisationPending = false;
      answerFlagState(ctx, true);
      cancel(ctx, 'registry-reply', 'authorisation-reply', 'deemed-consent');
      break;
    case 'FLAG_STATE_INFORMED':
      if (event.about === 'moving-vessel') fs.movingVesselNotified = true;
      break;
    case 'COASTAL_STATE_CONSENTED':
      ctx.coastal.consents[event.state] = event.scopes
        ? ALL.filter((s) => event.scopes!.includes(s))
        : [...ALL];
      break;
    case 'COASTAL_STATE_INFORMED':
      if (!ctx.coastal.informed.includes(event.state)) ctx.coastal.informed.push(event.state);
      break;
    case 'HOT_PURSUIT_STARTED':
      ctx.hotPursuit = { active: true, lawful: mode === 'normal', startedIn: event.startedIn, startedAt: at };
      break;
    case 'HOT_PURSUIT_ENDED':
      if (ctx.hotPursuit)
        ctx.hotPursuit = { ...ctx.hotPursuit, active: false, endedReason: event.reason ?? 'ended' };
      break;
    case 'BOARDING_STARTED': {
      if (event.forceUsed && event.forceUsed !== 'none') en.forceUsed = true;
      if (mode === 'imminent-danger') {
        // A rescue act: it does not advance the interception (SoM art. 8(5)).
        en.rescueBoarding = true;
        break;
      }
      en.boarded = true;
      en.boardedAt = at;
      en.boardedUnder = deriveLegalBasis(prev).code;
      noteActUnderAuthorisation(ctx, prev, 'board', at);
      break;
    }
    case 'SAFEGUARDS_RECORDED':
      en.safeguardsRecorded = true;
      break;
    case 'SEARCH_COMPLETED':
      if (mode === 'imminent-danger') break;
      en.searched = true;
      en.evidenceFound = event.evidenceFound;
      noteActUnderAuthorisation(ctx, prev, 'search', at);
      break;
    case 'MEASURES_TAKEN':
      if (event.forceUsed && event.forceUsed !== 'none') en.forceUsed = true;
      if (event.destination) ctx.persons.informPending = true;
      // A detained person has the right to consular notification whatever the act was recorded under
      // (SoM art. 16(5); VCCR art. 36(1)(b)), a rescue included.
      if (event.measures.includes('detain-suspects') || (event.detained ?? 0) > 0) {
        en.detained = true;
        ctx.persons.consularNotified = false;
      }
      if (mode === 'imminent-danger') break;
      en.measures = [...new Set([...en.measures, ...event.measures])];
      en.measuresTaken = true;
      noteActUnderAuthorisation(ctx, prev, 'measures', at);
      break;
    case 'VESSEL_RELEASED':
      en.released = true;
      break;
    case 'RESULTS_REPORTED':
      en.resultsReported = true;
      cancel(ctx, 'report-results');
      break;
    case 'COMPENSATION_ASSESSED':
      en.compensationAssessed = true;
      break;
    case 'PERSONS_SCREENED': {
      const { type: _t, override: _o, ...counts } = event;
      ctx.persons.screened = counts;
      break;
    }
    case 'PROTECTION_CLAIMS_RECORDED': {
      const c = ctx.persons.claims;
      c.count += event.count;
      c.countriesOfOrigin = [...new Set([...c.countriesOfOrigin, ...event.countriesOfOrigin])];
      if (event.count > 0) ctx.persons.referred = false;
      break;
    }
    case 'PROTECTION_CLAIMS_REFERRED':
      ctx.persons.referred = true;
      break;
    case 'PERSONS_INFORMED':
      ctx.persons.informPending = false;
      ctx.persons.informedLanguage = event.language;
      break;
    case 'CONSULAR_RIGHTS_NOTIFIED':
      ctx.persons.consularNotified = true;
      break;
    case 'PLACE_OF_SAFETY_PROPOSED':
      ctx.placeOfSafety.proposed = { country: event.country, ...(event.port ? { port: event.port } : {}) };
      ctx.persons.informPending = true;
      break;
    case 'PLACE_OF_SAFETY_DESIGNATED':
      ctx.placeOfSafety.designated = {
        by: event.by,
        country: event.country,
        ...(event.port ? { port: event.port } : {}),
      };
      ctx.persons.informPending = true;
      break;
    case 'DISEMBARKATION_COMPLETED':
      ctx.placeOfSafety.disembarked = {
        country: event.country,
        ...(event.port ? { port: event.port } : {}),
        at,
      };
      break;
    case 'INCIDENT_REVIEWED': {
      const inc = ctx.incidents.find((i) => i.id === event.incidentId);
      if (inc) {
        inc.reviewed = true;
        inc.finding = event.finding;
      }
      break;
    }
    case 'CASE_CLOSED':
      ctx.closed = true;
      ctx.outcome = event.outcome;
      ctx.deadlines = [];
      break;
    case 'REGISTER_CHECKED':
      ctx.incoming!.registerChecked = true;
      ctx.incoming!.onRegister = event.onRegister;
      break;
    case 'REQUEST_ANSWERED': {
      const inc = ctx.incoming!;
      inc.answered = true;
      inc.answer = {
        registry: event.registry,
        scopes: event.authorisation?.scopes ?? [],
        conditions: event.authorisation?.conditions ?? [],
        willAct: event.willAct ?? false,
      };
      cancel(ctx, 'answer-request');
      break;
    }
    case 'DEADLINE_PASSED':
      processDeadline(ctx, event.deadlineId);
      break;
    case 'SETTING_CHANGED':
      ctx.setting = event.setting;
      // a contiguous-zone claim may have changed with the profiles
      ctx.zone = deps.classifyZone(ctx.position, ctx.setting, ctx.interceptingState);
      break;
  }
  if (decision.mode === 'recorded-fact' && decision.incident) {
    ctx.incidents.push({
      id: nextId(ctx, 'INC'),
      category: decision.incident.category,
      event: event.type,
      reason: decision.incident.reason,
      basis: decision.incident.basis,
      justification: 'override' in event && event.override ? event.override.justification : '',
      at,
      reviewed: false,
    });
  }
  return ctx;
}

// Art. 8(3): the flag State is informed of the results of any boarding, search or measure its authorisation
// (express, standing or deemed) covered, even one that breached a condition; an act with no authorisation
// behind it is an incident, not a report. A report-results-within condition runs from the first such act.
function noteActUnderAuthorisation(ctx: CaseContext, prev: CaseContext, scope: Scope, at: string): void {
  const lb = deriveLegalBasis(prev);
  if (!isAuthorisationBasis(lb.code) || !lb.permits.includes(scope)) return;
  const en = ctx.enforcement;
  if (en.actedUnderAuthorisationAt) return;
  en.actedUnderAuthorisationAt = at;
  const within = ctx.flagState.conditions.find((c) => c.kind === 'report-results-within')?.hours;
  if (within !== undefined) {
    ctx.deadlines.push({
      id: nextId(ctx, 'report-results'),
      about: 'report-results',
      dueAt: addHours(new Date(at), within).toISOString(),
    });
  }
}

function processDeadline(ctx: CaseContext, id: string): void {
  const d: Deadline | undefined = ctx.deadlines.find((x) => x.id === id);
  if (!d) return;
  ctx.deadlines = ctx.deadlines.filter((x) => x.id !== id);
  const fs = ctx.flagState;
  switch (d.about) {
    case 'registry-reply':
      if (fs.registry === null && fs.reply === null) fs.overdue.registry = true;
      break;
    case 'authorisation-reply':
      if (fs.authorisationPending) fs.overdue.authorisation = true;
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
      break;
  }
}
