// The one function that answers, for any event in any state: applied, or refused with the reason, its basis
// and the overrides the law allows (domain.md, "Refusals and overrides"). Acts at sea are decided in
// acts-at-sea.ts; the shape of an answer is refusals.ts.
import { decideActAtSea, decideHotPursuit } from './acts-at-sea.ts';
import { B, NON_REFOULEMENT } from './citations.ts';
import type { CaseContext } from './context.ts';
import {
  DESTINATION_RULES,
  type DestinationFailure,
  destinationFailures,
  excludedReason,
  isThirdCountry,
  type MoveKind,
} from './destinations.ts';
import { decideExchange } from './exchange.ts';
import { escalationBasis, escalationOwed } from './flag-state.ts';
import {
  actingUnitQualified,
  flagStateOfRecord,
  flagStepBasis,
  groundsRecorded,
  inDistress,
} from './legal-basis.ts';
import {
  APPLIED,
  type Applied,
  combine,
  type Decision,
  destinationRefusal,
  notExpected,
  type Refusal,
  refusal,
} from './refusals.ts';
import { deriveRequiredActions } from './required-actions.ts';
import type { CaseEvent, DeskEvent } from './schemas.ts';

export type { Applied, ApplyMode, Decision, OverrideKind, Refusal } from './refusals.ts';
export { actingUnitQualified, excludedReason, groundsRecorded, inDistress };

function decidePlace(
  ctx: CaseContext,
  event: Extract<
    CaseEvent,
    {
      type:
        | 'PLACE_OF_SAFETY_PROPOSED'
        | 'PLACE_OF_SAFETY_DESIGNATED'
        | 'DISEMBARKATION_COMPLETED'
        | 'PERSONS_HANDED_OVER';
    }
  >,
): Decision {
  if (ctx.placeOfSafety.disembarked) return notExpected('Persons were already disembarked.');
  if (ctx.persons.handedOver?.all) return notExpected('Persons were already handed over.');
  const country = event.type === 'PERSONS_HANDED_OVER' ? event.to.country : event.country;
  const kind: MoveKind =
    event.type === 'PLACE_OF_SAFETY_PROPOSED'
      ? 'proposal'
      : event.type === 'PLACE_OF_SAFETY_DESIGNATED'
        ? 'designation'
        : event.type === 'PERSONS_HANDED_OVER'
          ? 'handover'
          : 'disembark';
  const failures = destinationFailures(ctx, country, kind);
  // An RCC's designation is another State's act: it is recorded (it happened), and not followed where unusable.
  if (event.type === 'PLACE_OF_SAFETY_DESIGNATED' && event.by === 'RCC') {
    return { ...APPLIED, usable: failures.length === 0 };
  }
  const act = kind === 'handover' || kind === 'disembark';
  return combine(failures.map((f) => destinationRefusal(f, act))) ?? APPLIED;
}

// A release inside a third State's territorial sea with persons aboard leaves them in its waters (invariant 4).
function decideRelease(ctx: CaseContext): Decision {
  if (ctx.enforcement.released) return notExpected('The vessel was already released.');
  const aboard = ctx.personsOnBoard !== 0 && !ctx.persons.takenOnBoard && !ctx.persons.handedOver?.all;
  if (!aboard || ctx.zone.zone !== 'territorial-sea') return APPLIED;
  // waters two States claim: every State's failures, in the law's order of rules, not of States
  const rank = (f: DestinationFailure) => DESTINATION_RULES.indexOf(f.reason);
  const failures = ctx.zone.states
    .filter((s) => isThirdCountry(ctx, s))
    .flatMap((s) => destinationFailures(ctx, s, 'release'))
    .sort((a, b) => rank(a) - rank(b))
    .map((f) => destinationRefusal(f, true));
  return combine(failures) ?? APPLIED;
}

// A reply counts for the flag State of record only: named, or, unnamed, where that State was the one asked.
function notTheFlagState(ctx: CaseContext, named: string | undefined): Refusal | undefined {
  const fs = ctx.flagState;
  const record = flagStateOfRecord(ctx);
  const from = named ?? (fs.notifiedAt || fs.authorisationRequestedAt ? record : fs.inquiries.at(-1));
  if (from !== undefined && from === record) return undefined;
  return refusal(
    'not-the-flag-state',
    `Refused: ${from ?? 'that State'} is not the flag State of record${record ? ` (${record})` : ''}; only the flag State can answer for the vessel or consent to acting against it.`,
    [B.unclosRegistration, B.unclosExclusiveFlag, ...flagStepBasis(ctx, [B.somFlagRequest])],
    [],
  );
}

function consentExists(ctx: CaseContext): boolean {
  const fs = ctx.flagState;
  if (fs.grantedScopes.length > 0 || fs.deemedConsentMatured) return true;
  const standing = ctx.setting.states[flagStateOfRecord(ctx) ?? '']?.standingAuthorisation;
  return !!standing?.with.includes(ctx.interceptingState);
}

function baseDecision(ctx: CaseContext, event: DeskEvent): Decision {
  const exchange = decideExchange(ctx, event);
  if (exchange) return exchange;
  if (ctx.closed) return notExpected('The case is closed.');
  if (event.type === 'DEADLINE_PASSED') {
    return ctx.deadlines.some((d) => d.id === event.deadlineId)
      ? APPLIED
      : notExpected(`No pending deadline ${event.deadlineId}.`);
  }
  if (event.type === 'SETTING_CHANGED') return APPLIED;
  if (ctx.kind === 'incoming-request') return decideIncoming(ctx, event);
  const fs = ctx.flagState;
  const notified = fs.notifiedAt !== undefined;
  const correspondence = notified || fs.authorisationRequestedAt !== undefined || fs.inquiries.length > 0;
  switch (event.type) {
    case 'REGISTER_CHECKED':
    case 'REQUEST_ANSWERED':
    case 'REQUEST_ACKNOWLEDGED':
      return notExpected('This event belongs to an incoming request, not an interception case.');
    case 'ASSISTANCE_REFUSED':
      if (!ctx.distress.dangerOpen && ctx.distress.phase !== 'uncertainty') {
        return notExpected('No assistance is being rendered or offered.');
      }
      return APPLIED;
    case 'RESCUE_COMPLETED':
      return ctx.distress.rescued ? notExpected('The rescue was already recorded.') : APPLIED;
    case 'FLAG_STATE_NOTIFIED':
      return notified && event.state === flagStateOfRecord(ctx)
        ? notExpected('The flag State was already notified.')
        : APPLIED;
    case 'FLAG_STATE_ACKNOWLEDGED':
      if (!notified) return notExpected('Nothing was sent to the flag State yet.');
      return fs.acknowledgedAt ? notExpected('The acknowledgement was already recorded.') : APPLIED;
    case 'REGISTRY_CONFIRMED':
    case 'REGISTRY_REFUTED': {
      if (!correspondence) return notExpected('No registry request was sent to the flag State.');
      const other = notTheFlagState(ctx, event.state);
      if (other) return other;
      if (fs.registry !== null)
        return notExpected(`The registry reply was already recorded (${fs.registry}).`);
      if (event.type === 'REGISTRY_REFUTED' && fs.reply === 'granted') {
        return notExpected('The flag State already granted authorisation, which implies confirmation.');
      }
      return APPLIED;
    }
    case 'AUTHORISATION_REQUESTED':
      if (fs.registry === 'refuted')
        return notExpected('The registry was refuted: the vessel is without nationality.');
      if (!flagStateOfRecord(ctx))
        return notExpected('No flag State of record to ask: identify the vessel first.');
      if (fs.authorisationPending) return notExpected('An authorisation request awaits its reply.');
      return APPLIED;
    case 'AUTHORISATION_GRANTED':
    case 'AUTHORISATION_REFUSED': {
      if (!correspondence) return notExpected('No request was sent to the flag State.');
      const other = notTheFlagState(ctx, event.state);
      if (other) return other;
      if (fs.registry === 'refuted')
        return notExpected('The registry was refuted; the request ended with it.');
      if (event.type === 'AUTHORISATION_REFUSED' && !fs.authorisationPending) {
        return notExpected('No authorisation request is pending: a refusal refuses what is pending.');
      }
      // after an answer, a new request awaits a new reply
      if (fs.reply !== null && !fs.authorisationPending) {
        return notExpected(`The flag State already answered (${fs.reply}).`);
      }
      return APPLIED;
    }
    case 'AUTHORISATION_WITHDRAWN':
      return consentExists(ctx) ? APPLIED : notExpected('No authorisation is in force to withdraw.');
    case 'FLAG_STATE_WILL_ACT':
      return correspondence ? APPLIED : notExpected('No request was sent to the flag State.');
    case 'REPLY_ESCALATED':
      return escalationOwed(ctx)
        ? APPLIED
        : notExpected(
            'No reply to the flag State is overdue and unescalated: escalation follows a reply deadline that passed.',
            escalationBasis(ctx),
          );
    case 'HOT_PURSUIT_STARTED':
      return decideHotPursuit(ctx, event);
    case 'HOT_PURSUIT_ENDED':
      return ctx.hotPursuit?.active ? APPLIED : notExpected('No hot pursuit is under way.');
    case 'BOARDING_STARTED':
    case 'SEARCH_COMPLETED':
    case 'MEASURES_TAKEN':
    case 'PERSONS_TAKEN_ON_BOARD':
      return decideActAtSea(ctx, event);
    case 'SAFEGUARDS_RECORDED':
      return ctx.enforcement.boarded || ctx.enforcement.rescueBoarding
        ? APPLIED
        : notExpected('Safeguards are recorded for a boarding; none was applied.');
    case 'VESSEL_RELEASED':
      return decideRelease(ctx);
    case 'PROTECTION_CLAIMS_REFERRED':
      return ctx.persons.claims.count > 0 ? APPLIED : notExpected('No protection claims were recorded.');
    case 'PLACE_OF_SAFETY_PROPOSED':
    case 'PLACE_OF_SAFETY_DESIGNATED':
    case 'DISEMBARKATION_COMPLETED':
    case 'PERSONS_HANDED_OVER':
      return decidePlace(ctx, event);
    case 'OBJECTIONS_ASSESSED':
      return ctx.persons.objections[event.country] === 'unresolved'
        ? APPLIED
        : notExpected(`No objection against ${event.country} awaits assessment.`);
    case 'DETENTION_REVIEWED':
      return ctx.enforcement.detained ? APPLIED : notExpected('Nobody was detained.');
    case 'CONSULATE_CONTACTED':
      // No personal data about a protection claimant goes to the country fled, unless the person, told of the
      // risk, asked for it (SoM art. 19(1); VCCR art. 36(1)(b)).
      if (ctx.persons.claims.countriesOfOrigin.includes(event.country) && event.informed !== true) {
        return refusal(
          'consulate-of-country-fled',
          `Refused: ${event.country} is the country of origin of protection claimants; its consulate is contacted only at the request of a person told of the risk.`,
          [B.somNonRefoulement, B.vccr, ...NON_REFOULEMENT.slice(1, 2)],
          [],
        );
      }
      return APPLIED;
    case 'INCIDENT_REVIEWED': {
      const inc = ctx.incidents.find((i) => i.id === event.incidentId);
      if (!inc) return notExpected(`No incident ${event.incidentId}.`);
      return inc.reviewed ? notExpected(`Incident ${event.incidentId} was already reviewed.`) : APPLIED;
    }
    case 'CASE_CLOSED':
      return decideClose(ctx);
    default:
      return APPLIED;
  }
}

function decideClose(ctx: CaseContext): Decision {
  const blocking = deriveRequiredActions(ctx).filter((a) => a.blocking);
  if (blocking.length === 0) return APPLIED;
  return {
    outcome: 'refused',
    reason: 'blocking-actions-open',
    message: `Refused: the case cannot close while these are open: ${blocking.map((a) => a.code).join(', ')}.`,
    basis: [...new Set(blocking.flatMap((a) => a.basis))],
    allowedOverrides: [],
  };
}

function decideIncoming(ctx: CaseContext, event: DeskEvent): Decision {
  const inc = ctx.incoming!;
  switch (event.type) {
    case 'REGISTER_CHECKED':
      return inc.registerChecked ? notExpected('The register check was already recorded.') : APPLIED;
    case 'REQUEST_ACKNOWLEDGED':
      return inc.acknowledgedAt ? notExpected('The request was already acknowledged.') : APPLIED;
    case 'REQUEST_ANSWERED': {
      if (inc.answered) return notExpected('The request was already answered.');
      if (!inc.registerChecked)
        return notExpected('Check the national register before answering.', [B.somExpeditious]);
      // An answer must agree with the register check (SoM art. 8(4)).
      const contradicts =
        (inc.onRegister === false && event.registry === 'confirmed') ||
        (inc.onRegister === true && event.registry === 'refuted');
      if (contradicts) {
        return refusal(
          'contradicts-register',
          `Refused: the register check found the vessel ${inc.onRegister ? 'on' : 'not on'} the register; the answer cannot say ${event.registry}.`,
          [B.somExpeditious, B.unclosRegistration],
          [],
        );
      }
      if (event.registry === 'refuted' && event.authorisation) {
        return refusal(
          'authorisation-without-registry',
          'Refused: a State that refutes registry has no flag-State authority to authorise boarding.',
          [B.somFlagRequest, B.unclosExclusiveFlag],
          [],
        );
      }
      return APPLIED;
    }
    case 'AUTHORISATION_WITHDRAWN':
      return (inc.answer?.scopes.length ?? 0) > 0
        ? APPLIED
        : notExpected('No authorisation was granted to withdraw.');
    case 'CASE_CLOSED':
      return decideClose(ctx);
    case 'POSITION_REPORTED':
    case 'SUSPICION_RECORDED':
    case 'VESSEL_IDENTIFIED':
      return APPLIED;
    default:
      return notExpected('An incoming request takes the register check, the answer and closing.');
  }
}

// The imminent-danger override never takes people to a third country: where a rescue ends is for the
// responsible RCC to designate (SOLAS V/33.1-1; SAR Annex 3.1.9).
function movesToThirdCountry(ctx: CaseContext, event: DeskEvent): boolean {
  switch (event.type) {
    case 'MEASURES_TAKEN':
      return !!event.destination && isThirdCountry(ctx, event.destination.country);
    case 'PERSONS_HANDED_OVER':
      return isThirdCountry(ctx, event.to.country);
    case 'DISEMBARKATION_COMPLETED':
    case 'PLACE_OF_SAFETY_PROPOSED':
    case 'PLACE_OF_SAFETY_DESIGNATED':
      return isThirdCountry(ctx, event.country);
    default:
      return false;
  }
}

// domain.md: an override is available only where the refusal lists it; on a permitted step it is recorded
// and changes nothing; a recorded fact that set a refusal aside opens a legal incident.
export function decide(state: CaseContext, event: DeskEvent, at?: string): Decision {
  // The law answers at the moment of the step (a Security Council authorisation in force then, say).
  const ctx = at && at !== state.at ? { ...state, at } : state;
  const base = baseDecision(ctx, event);
  const override = 'override' in event ? event.override : undefined;
  if (!override) return base;
  if (override.kind === 'imminent-danger' && movesToThirdCountry(ctx, event)) {
    return {
      outcome: 'refused',
      reason: 'override-not-available',
      message:
        'The imminent-danger override never takes persons to a third country: where a rescue ends is for the responsible RCC to designate.',
      basis: [B.solasPlaceOfSafety, B.sarPlaceOfSafety, B.somImminentDanger],
      allowedOverrides:
        base.outcome === 'refused' ? base.allowedOverrides.filter((k) => k !== 'imminent-danger') : [],
      ...(base.outcome === 'refused' ? { refused: { reason: base.reason, basis: base.basis } } : {}),
    };
  }
  if (base.outcome === 'applied') return { ...base, overrideUnneeded: true };
  if (!base.allowedOverrides.includes(override.kind)) {
    return {
      outcome: 'refused',
      reason: 'override-not-available',
      message: `The ${override.kind} override is not available here. ${base.message}`,
      basis: base.basis,
      allowedOverrides: base.allowedOverrides,
      refused: { reason: base.reason, basis: base.basis },
    };
  }
  if (override.kind === 'imminent-danger') return { outcome: 'applied', mode: 'imminent-danger' };
  return { outcome: 'applied', mode: 'recorded-fact', incident: incidentOf(base) };
}

// A refusal set aside by recording the step as fact opens an incident; one that set aside a place of
// refoulement (an excluded place, or an unresolved objection, which excludes the destination for the case)
// is a possible violation of fundamental rights.
function incidentOf(
  refused: Pick<Refusal, 'reason' | 'basis' | 'alsoFailed'>,
): NonNullable<Applied['incident']> {
  const exclusions = ['excluded-place', 'objection-unresolved'];
  const excluded = [refused.reason, ...(refused.alsoFailed ?? [])].some((r) => exclusions.includes(r));
  return {
    category: excluded ? 'possible-fundamental-rights-violation' : 'legal',
    reason: refused.reason,
    basis: refused.basis,
  };
}
