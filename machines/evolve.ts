// How an applied event changes what the desk knows. Pure: the time of the event and the zone classifier
// are handed in by the host. The flag State's procedure lives in flag-state.ts.
import { B, USE_OF_FORCE } from './citations.ts';
import type { CaseContext, Incident } from './context.ts';
import { copyPlain, nextId } from './context.ts';
import { evolveMessages } from './exchange.ts';
import {
  armAuthorisationLapse,
  cancel,
  evolveFlagState,
  noteActUnderAuthorisation,
  restartProcedure,
} from './flag-state.ts';
import { deriveLegalBasis, distinctFlags, flagStateOfRecord, ordered } from './legal-basis.ts';
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

// The number of persons the unit knows of: screened, else rescued, else reported at the opening. A handover
// of fewer than that leaves persons in the unit's care (the place of safety still owed).
function knownTotal(ctx: CaseContext): number | undefined {
  const screened = ctx.persons.screened?.total;
  if (typeof screened === 'number') return screened;
  return ctx.persons.rescuedCount ?? ctx.personsOnBoard;
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
  // The setting (the directory's State profiles and assessments) is most of a context and no event edits it
  // in place (SETTING_CHANGED replaces it whole), so the copy shares it; the rest is copied deep.
  const { setting, ...rest } = prev;
  const ctx: CaseContext = { ...copyPlain(rest), setting };
  ctx.at = at;
  const mode = decision.mode;
  const en = ctx.enforcement;
  const p = ctx.persons;
  const justification = 'override' in event && event.override ? event.override.justification : '';
  evolveMessages(ctx, event, at);
  if (!evolveFlagState(ctx, prev, event, at)) {
    switch (event.type) {
      case 'POSITION_REPORTED': {
        const position = { lat: event.lat, lon: event.lon };
        ctx.position = position;
        ctx.positionAt = at;
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
          p.rescuedCount = event.rescued;
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
        if (!ctx.placeOfSafety.declined.includes(event.country))
          ctx.placeOfSafety.declined.push(event.country);
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
      case 'SETTING_CHANGED':
        ctx.setting = event.setting;
        // a contiguous-zone claim may have changed with the profiles
        ctx.zone = deps.classifyZone(ctx.position, ctx.setting, ctx.interceptingState);
        break;
    }
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
