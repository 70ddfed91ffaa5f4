// How an applied event changes what the desk knows. Pure: the time of the event and the zone classifier
// are handed in by the host.
import { addHours, addMinutes } from 'date-fns';
import { B, USE_OF_FORCE } from './citations.ts';
import type { CaseContext, Deadline, DeadlineAbout, Incident } from './context.ts';
import { freshFlagState, profileOf, replyHoursOf } from './context.ts';
import {
  deriveLegalBasis,
  distinctFlags,
  flagStateOfRecord,
  isAuthorisationBasis,
  ordered,
  securityCouncilAuthorisationAt,
} from './legal-basis.ts';
import type { Applied } from './rules.ts';
import type {
  Casualties,
  DeskEvent,
  ForceUsed,
  Position,
  ReferralAbout,
  Scope,
  Setting,
  Zone,
} from './schemas.ts';

export type ClassifyZone = (position: Position, setting: Setting, interceptingState: string) => Zone;

export interface EvolveDeps {
  classifyZone: ClassifyZone;
}

const ALL: Scope[] = ['board', 'search', 'measures'];

const PHASE_RANK = { none: 0, uncertainty: 1, alert: 2, distress: 3 } as const;

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

// The flag State of record changed (a corrected identification): every consent of the previous one lapses,
// its reply and deemed-consent clocks stop, and the procedure starts again towards the new State. What was done
// under the earlier consent stays owed to it (reportsOwed keeps its State). UNCLOS arts 91, 92(1); SoM art. 8(2).
function restartProcedure(ctx: CaseContext, previous: string | undefined): void {
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

function noteForce(
  ctx: CaseContext,
  event: { type: string; forceUsed?: ForceUsed; casualties?: Casualties },
  at: string,
  justification: string,
): void {
  if (event.forceUsed && event.forceUsed !== 'none') ctx.enforcement.forceUsed = true;
  const hurt = (event.casualties?.injured ?? 0) + (event.casualties?.dead ?? 0) > 0;
  // Firearms or casualties: an effective investigation is owed (ITLOS Saiga; ECHR art. 2, Alkhatib v Greece).
  if (event.forceUsed === 'firearms' || hurt) {
    openIncident(ctx, {
      category: 'use-of-force',
      event: event.type,
      reason: event.forceUsed === 'firearms' ? 'firearms-used' : 'casualties',
      basis: [...USE_OF_FORCE],
      justification,
      at,
    });
  }
}

function openIncident(ctx: CaseContext, i: Omit<Incident, 'id' | 'reviewed' | 'finding'>): void {
  ctx.incidents.push({ id: nextId(ctx, 'INC'), ...i, reviewed: false });
}

function owe(ctx: CaseContext, about: ReferralAbout): void {
  if (!ctx.persons.referralsOwed.includes(about)) ctx.persons.referralsOwed.push(about);
}

function closeDanger(ctx: CaseContext): void {
  const d = ctx.distress;
  d.dangerOpen = false;
  d.distressDeclared = false;
  d.assistanceRefused = false;
}

// The number of persons the unit knows of: screened, rescued, else reported at the opening.
function knownTotal(ctx: CaseContext): number | undefined {
  const screened = ctx.persons.screened?.total;
  return typeof screened === 'number' ? screened : ctx.personsOnBoard;
}

function informOf(ctx: CaseContext, destination: { country: string; port?: string }): void {
  const already = ctx.persons.informed.some((i) => i.country === destination.country);
  if (!already) ctx.persons.informOwed = { ...destination };
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
  const p = ctx.persons;
  const justification = 'override' in event && event.override ? event.override.justification : '';
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
      const before = flagStateOfRecord(prev);
      const { type: _t, override: _o, flagsUsed, ...fields } = event;
      const corrected =
        (event.flag !== undefined && event.flag !== prev.vessel.flag) ||
        (event.registryClaimed !== undefined && event.registryClaimed !== prev.vessel.registryClaimed);
      for (const [k, v] of Object.entries(fields))
        if (v !== undefined) (ctx.vessel as Record<string, unknown>)[k] = v;
      if (flagsUsed) ctx.vessel.flagsUsed = distinctFlags([...(ctx.vessel.flagsUsed ?? []), ...flagsUsed]);
      // A correction derives the flag State of record again from the corrected facts.
      if (corrected) delete ctx.flagState.confirmedBy;
      if (flagStateOfRecord(ctx) !== before) restartProcedure(ctx, before);
      else if (corrected && prev.flagState.confirmedBy)
        ctx.flagState.confirmedBy = prev.flagState.confirmedBy;
      break;
    }
    case 'DISTRESS_ASSESSED': {
      const d = ctx.distress;
      const before = d.phase === null ? 0 : PHASE_RANK[d.phase];
      d.phase = event.phase;
      d.factors = event.factors;
      d.reassessNeeded = event.phase === 'none' && event.factors.length > 0;
      if (event.phase === 'alert' || event.phase === 'distress') {
        if (!d.dangerOpen) {
          d.dangerOpen = true;
          d.distressDeclared = false;
          d.rescued = false;
          d.assistanceRefused = false;
        }
      }
      if (event.phase === 'distress') {
        // A refusal does not end the danger: distress again reopens assistance, and the RCC hears of it.
        if (d.assistanceRefused) d.rccOwed = true;
        d.distressDeclared = true;
        d.assistanceRefused = false;
      }
      if (event.phase === 'none') closeDanger(ctx);
      // The RCC hears every rise of the phase (SAR Convention Annex 4.4-4.5; SOLAS V/33).
      if (PHASE_RANK[event.phase] > before) d.rccOwed = true;
      break;
    }
    case 'RCC_NOTIFIED':
      ctx.distress.rccOwed = false;
      ctx.distress.rcc = event.rcc;
      break;
    case 'RCC_COORDINATION_ACCEPTED':
      ctx.distress.coordinatingRcc = event.rcc;
      break;
    case 'ASSISTANCE_REFUSED':
      ctx.distress.assistanceRefused = true;
      ctx.distress.rccOwed = true;
      break;
    case 'RESCUE_COMPLETED':
      closeDanger(ctx);
      ctx.distress.rescued = true;
      if (event.rescued > 0) {
        p.takenOnBoard = true;
        p.rescued = true;
      }
      if ((event.missing ?? 0) > 0) owe(ctx, 'missing-persons');
      if ((event.deceased ?? 0) > 0) owe(ctx, 'deceased');
      break;
    case 'SAR_CASE_CLOSED': {
      const stillDistress = ctx.distress.phase === 'distress';
      closeDanger(ctx);
      // The unit's own last word was distress: it must look again (domain.md, Safety of life).
      if (stillDistress) ctx.distress.reassessNeeded = true;
      p.referralsOwed = p.referralsOwed.filter((a) => a !== 'missing-persons');
      break;
    }
    case 'FLAG_STATE_NOTIFIED': {
      // Only the flag State of record's notification starts the procedure; any other State is asked about the
      // registry only (SoM art. 8(4)): no reply clock, no deemed consent.
      if (event.state !== flagStateOfRecord(prev)) {
        if (!fs.inquiries.includes(event.state)) fs.inquiries.push(event.state);
        break;
      }
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
    case 'COASTAL_STATE_CONSENTED':
      ctx.coastal.consents[event.state] = event.scopes ? ordered(event.scopes) : [...ALL];
      break;
    case 'COASTAL_STATE_INFORMED':
      if (!ctx.coastal.informed.includes(event.state)) ctx.coastal.informed.push(event.state);
      break;
    case 'INFRINGEMENT_COMMITTED':
      ctx.infringement = event.where;
      break;
    case 'HOT_PURSUIT_STARTED':
      ctx.hotPursuit = {
        active: true,
        lawful: mode === 'normal',
        startedIn: event.startedIn,
        startedAt: at,
        violation: event.violation,
      };
      break;
    case 'HOT_PURSUIT_ENDED':
      if (ctx.hotPursuit)
        ctx.hotPursuit = { ...ctx.hotPursuit, active: false, endedReason: event.reason ?? 'ended' };
      break;
    case 'BOARDING_STARTED': {
      noteForce(ctx, event, at, justification);
      if (mode === 'imminent-danger') {
        // A rescue act: it does not advance the interception (SoM art. 8(5)).
        en.rescueBoarding = true;
        break;
      }
      en.boarded = true;
      en.boardedAt = at;
      if (prev.hotPursuit && !prev.hotPursuit.lawful) en.stoppedAfterUnlawfulPursuit = true;
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
    case 'MEASURES_TAKEN': {
      noteForce(ctx, event, at, justification);
      if (event.destination) informOf(ctx, event.destination);
      const detains = event.measures.includes('detain-suspects') || (event.detained ?? 0) > 0;
      // A detained person has the right to consular notification and to prompt judicial control whatever the
      // act was recorded under (SoM art. 16(5); VCCR art. 36(1)(b); ECHR art. 5(3)), a rescue included.
      if (detains) {
        en.detained = true;
        en.detainedAt ??= at;
        en.detentionReviewed = false;
        p.consularNotified = false;
      }
      // Persons left aboard a vessel the unit seized or escorts are under its control (Hirsi §81).
      const holds = event.measures.some((m) => m === 'seize-vessel' || m === 'escort-to-port');
      if (holds && ctx.personsOnBoard !== 0 && !p.takenOnBoard) p.underControl = true;
      if (mode === 'imminent-danger') {
        if (detains || event.measures.includes('seize-vessel')) {
          openIncident(ctx, {
            category: 'rescue-measure-review',
            event: event.type,
            reason: detains ? 'detention-under-imminent-danger' : 'seizure-under-imminent-danger',
            basis: [B.somImminentDanger],
            justification,
            at,
          });
        }
        break;
      }
      en.measures = [...new Set([...en.measures, ...event.measures])];
      en.measuresTaken = true;
      if (prev.hotPursuit && !prev.hotPursuit.lawful) en.stoppedAfterUnlawfulPursuit = true;
      noteActUnderAuthorisation(ctx, prev, 'measures', at);
      break;
    }
    case 'PERSONS_TAKEN_ON_BOARD':
      p.takenOnBoard = true;
      // a measure over persons (SoM art. 8(2)(c)): reported like any other under the flag State's consent
      if (mode !== 'imminent-danger') noteActUnderAuthorisation(ctx, prev, 'measures', at);
      break;
    case 'PERSONS_HANDED_OVER': {
      const total = knownTotal(ctx);
      const all = event.count === undefined || total === undefined || event.count >= total;
      p.handedOver = { country: event.to.country, all, lawful: mode === 'normal' };
      if (!all) informOf(ctx, { country: event.to.country });
      break;
    }
    case 'FORCE_USED':
      noteForce(ctx, event, at, event.note ?? justification);
      break;
    case 'VESSEL_RELEASED':
      en.released = true;
      break;
    case 'RESULTS_REPORTED': {
      // A report covers what was done before it; `to` names the State where the reports are owed to several.
      // A report to another State discharges nothing owed here.
      const named = /^[A-Z]{2}$/.test(event.to);
      en.reportsOwed = named ? en.reportsOwed.filter((r) => r.state !== event.to) : [];
      en.reportsMade += 1;
      if (en.reportsOwed.length === 0) cancel(ctx, 'report-results');
      break;
    }
    case 'COMPENSATION_ASSESSED':
      en.compensationAssessed = true;
      break;
    case 'PERSONS_SCREENED': {
      const { type: _t, override: _o, ...counts } = event;
      p.screened = counts;
      if ((event.unaccompaniedChildren ?? 0) > 0) owe(ctx, 'unaccompanied-children');
      if (event.traffickingIndicators === true) owe(ctx, 'trafficking');
      if ((event.medicalUrgent ?? 0) > 0) owe(ctx, 'medical');
      if ((event.missing ?? 0) > 0) owe(ctx, 'missing-persons');
      if ((event.deceased ?? 0) > 0) owe(ctx, 'deceased');
      break;
    }
    case 'REFERRAL_MADE':
      p.referralsOwed = p.referralsOwed.filter((a) => a !== event.about);
      break;
    case 'PROTECTION_CLAIMS_RECORDED': {
      const c = p.claims;
      c.count += event.count;
      c.countriesOfOrigin = [...new Set([...c.countriesOfOrigin, ...event.countriesOfOrigin])];
      if (event.count > 0) p.referred = false;
      break;
    }
    case 'PROTECTION_CLAIMS_REFERRED':
      p.referred = true;
      break;
    case 'PERSONS_INFORMED': {
      // One without a destination counts for the destination pending at that moment.
      const country = event.destination?.country ?? p.informOwed?.country;
      p.informed.push({
        ...(country ? { country } : {}),
        objectionsHeard: event.objectionsHeard === true,
        language: event.language,
      });
      p.informedLanguage = event.language;
      if (!event.destination || event.destination.country === p.informOwed?.country) delete p.informOwed;
      if (country && (event.objections ?? []).length > 0) p.objections[country] = 'unresolved';
      break;
    }
    case 'OBJECTIONS_ASSESSED':
      p.objections[event.country] = event.upheld ? 'upheld' : 'dismissed';
      break;
    case 'COUNTRY_ASSESSED': {
      const { country, unsafe, conditions, source, date } = event;
      ctx.assessments[country] = { unsafe, source, date, ...(conditions ? { conditions } : {}) };
      break;
    }
    case 'CONSULAR_RIGHTS_NOTIFIED':
      p.consularNotified = true;
      break;
    case 'DETENTION_REVIEWED':
      en.detentionReviewed = true;
      break;
    case 'PLACE_OF_SAFETY_PROPOSED':
      ctx.placeOfSafety.proposed = { country: event.country, ...(event.port ? { port: event.port } : {}) };
      informOf(ctx, { country: event.country, ...(event.port ? { port: event.port } : {}) });
      break;
    case 'PLACE_OF_SAFETY_DESIGNATED':
      ctx.placeOfSafety.designated = {
        by: event.by,
        country: event.country,
        ...(event.port ? { port: event.port } : {}),
        usableWhenDesignated: decision.usable !== false,
      };
      ctx.placeOfSafety.declined = ctx.placeOfSafety.declined.filter((c) => c !== event.country);
      informOf(ctx, { country: event.country, ...(event.port ? { port: event.port } : {}) });
      break;
    case 'PLACE_OF_SAFETY_DECLINED':
      if (!ctx.placeOfSafety.declined.includes(event.country)) ctx.placeOfSafety.declined.push(event.country);
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
    case 'REQUEST_ACKNOWLEDGED':
      ctx.incoming!.acknowledgedAt = at;
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
  armAuthorisationLapse(ctx);
  if (decision.mode === 'recorded-fact' && decision.incident) {
    openIncident(ctx, {
      category: decision.incident.category,
      event: event.type,
      reason: decision.incident.reason,
      basis: decision.incident.basis,
      justification,
      at,
    });
  }
  return ctx;
}

// A Security Council authorisation gives a basis only while in force: the desk holds its end as a deadline, so
// the basis is derived again the moment it lapses, with no other event needed.
function armAuthorisationLapse(ctx: CaseContext): void {
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
function noteActUnderAuthorisation(ctx: CaseContext, prev: CaseContext, scope: Scope, at: string): void {
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
    case 'authorisation-lapses':
      break;
  }
}
