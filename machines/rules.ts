// The one function that answers, for any event in any state: applied, or refused with the reason, its basis
// and the overrides the law allows (domain.md, "Refusals and overrides").
import { B, LIFE_FIRST, NON_REFOULEMENT } from './citations.ts';
import type { CaseContext, IncidentCategory } from './context.ts';
import {
  type DestinationFailure,
  destinationFailures,
  excludedReason,
  isThirdCountry,
  type MoveKind,
} from './destinations.ts';
import {
  actingUnitQualified,
  deriveLegalBasis,
  flagStateOfRecord,
  flagStepBasis,
  groundsRecorded,
  inDistress,
  isAuthorisationBasis,
  type LegalBasis,
} from './legal-basis.ts';
import { deriveRequiredActions } from './required-actions.ts';
import type { CaseEvent, DeskEvent, Measure, Override, Scope } from './schemas.ts';

export { actingUnitQualified, excludedReason, groundsRecorded, inDistress };

export type OverrideKind = Override['kind'];
export type ApplyMode = 'normal' | 'imminent-danger' | 'recorded-fact';

export interface Refusal {
  outcome: 'refused';
  reason: string;
  message: string;
  basis: string[];
  allowedOverrides: OverrideKind[];
  // other rules the step also fails
  alsoFailed?: string[];
  // with reason override-not-available: the refusal the override was asked against
  refused?: { reason: string; basis: string[] };
}

export interface Applied {
  outcome: 'applied';
  mode: ApplyMode;
  // the refusal a recorded-fact override set aside: it becomes a legal incident
  incident?: { category: IncidentCategory; reason: string; basis: string[] };
  overrideUnneeded?: boolean;
  // an RCC's designation is recorded whatever it names; false where the place cannot be used
  usable?: boolean;
}

export type Decision = Applied | Refusal;

const APPLIED: Applied = { outcome: 'applied', mode: 'normal' };

type ActAtSea = 'BOARDING_STARTED' | 'SEARCH_COMPLETED' | 'MEASURES_TAKEN' | 'PERSONS_TAKEN_ON_BOARD';

function notExpected(message: string, basis: string[] = []): Refusal {
  return { outcome: 'refused', reason: 'not-expected-now', message, basis, allowedOverrides: [] };
}

function refusal(
  reason: string,
  message: string,
  basis: string[],
  allowedOverrides: OverrideKind[],
): Refusal {
  return { outcome: 'refused', reason, message, basis, allowedOverrides };
}

// imminent-danger is available while the danger is open (alert or distress, before rescue), for boarding,
// search and measures needed to save life (SoM art. 8(5)); never against non-refoulement, never to move persons
// to a third country.
function imminentDangerAvailable(ctx: CaseContext): boolean {
  return ctx.distress.dangerOpen;
}

function refuseAct(ctx: CaseContext, reason: string, message: string, basis: string[], life = true): Refusal {
  const allowed: OverrideKind[] = [];
  if (life && imminentDangerAvailable(ctx)) allowed.push('imminent-danger');
  allowed.push('recorded-fact');
  return refusal(reason, message, basis, allowed);
}

// The first failure gives the reason; the others are listed; an override is offered only where it sets every
// failure aside.
function combine(failures: Refusal[]): Refusal | undefined {
  const [first, ...rest] = failures;
  if (!first) return undefined;
  if (rest.length === 0) return first;
  const allowed = first.allowedOverrides.filter((k) => rest.every((r) => r.allowedOverrides.includes(k)));
  return {
    ...first,
    allowedOverrides: allowed,
    alsoFailed: [...new Set(rest.map((r) => r.reason).filter((r) => r !== first.reason))],
  };
}

const destinationRefusal = (f: DestinationFailure, act: boolean): Refusal =>
  // an act at sea may be recorded as fact (it opens an incident); a decision accepts no override
  refusal(f.reason, `Refused: ${f.message}.`, f.basis, act ? ['recorded-fact'] : []);

const SCOPE_OF: Record<ActAtSea, Scope> = {
  BOARDING_STARTED: 'board',
  SEARCH_COMPLETED: 'search',
  MEASURES_TAKEN: 'measures',
  PERSONS_TAKEN_ON_BOARD: 'measures',
};

function noBasisRefusal(ctx: CaseContext, lb: LegalBasis, scope: Scope): Refusal {
  const what = { board: 'boarding', search: 'a search', measures: 'measures' }[scope];
  const fs = ctx.flagState;
  switch (lb.code) {
    case 'government-vessel':
      return refuseAct(
        ctx,
        'government-vessel-immune',
        `Refused: a government vessel is immune; no ${what}.`,
        lb.basis,
      );
    case 'foreign-coastal-state-consent':
      return refuseAct(
        ctx,
        'coastal-state-consent-required',
        `Refused: the vessel is in the territorial sea of ${lb.state ?? 'another State'}; ${what} needs that State's consent.`,
        lb.basis,
      );
    case 'undetermined':
      return refuseAct(
        ctx,
        'nationality-undetermined',
        `Refused: the vessel's nationality is undetermined; a visit may verify it, but ${what} waits until nationality is determined.`,
        lb.basis,
      );
    case 'stateless':
      return refuseAct(
        ctx,
        'no-evidence-found',
        'Refused: measures against a vessel without nationality need evidence found by a search.',
        lb.basis,
      );
    case 'security-council-authorisation':
      return refuseAct(
        ctx,
        scope === 'measures' ? 'no-evidence-found' : 'outside-authorised-scope',
        scope === 'measures'
          ? `Refused: under ${lb.agreement} measures need evidence found by a search.`
          : `Refused: ${what} is outside the Security Council authorisation (${lb.permits.join(', ')}).`,
        lb.basis,
      );
    default: {
      const consentBasis = flagStepBasis(ctx, [B.somFlagRequest, B.unclosExclusiveFlag]);
      if (fs.withdrawnScopes.includes(scope)) {
        return refuseAct(
          ctx,
          'authorisation-withdrawn',
          `Refused: the flag State withdrew its authorisation for ${what}.`,
          consentBasis,
        );
      }
      if (fs.reply === 'refused' && lb.permits.length === 0) {
        return refuseAct(
          ctx,
          'authorisation-refused',
          `Refused: the flag State refused authorisation; no ${what}.`,
          consentBasis,
        );
      }
      if (fs.reply === 'will-act') {
        return refuseAct(
          ctx,
          'flag-state-will-act',
          `Refused: the flag State will act itself; no ${what}.`,
          consentBasis,
        );
      }
      if (lb.permits.length > 0) {
        return refuseAct(
          ctx,
          'outside-authorised-scope',
          `Refused: ${what} is outside the authorised scopes (${lb.permits.join(', ')}).`,
          [...lb.basis, ...flagStepBasis(ctx, [B.somConditions])],
        );
      }
      const who = lb.state ?? 'the flag State';
      return refuseAct(
        ctx,
        lb.code === 'consent-under-general-law'
          ? 'flag-state-consent-required'
          : 'flag-state-authorisation-required',
        `Refused: no ${what} without the express authorisation of ${who}; keep watch at a prudent distance.`,
        lb.code === 'consent-under-general-law'
          ? [B.unclosExclusiveFlag]
          : [B.somFlagRequest, B.unclosExclusiveFlag],
      );
    }
  }
}

// A measure must fit one of the ways the basis allows (evidence first where needed; the contiguous zone's
// prevention only; a Security Council resolution's own list).
function measureRefusal(
  ctx: CaseContext,
  lb: LegalBasis,
  measures: Measure[],
  inward: boolean,
): Refusal | undefined {
  const evidence = ctx.enforcement.evidenceFound === true;
  const fails = lb.measureWays.map((w) => {
    if (w.needsEvidence && !evidence) {
      return refuseAct(
        ctx,
        'no-evidence-found',
        'Refused: measures need evidence found by a search of the vessel.',
        w.basis,
      );
    }
    if ((w.limitedTo && measures.some((m) => !w.limitedTo!.includes(m))) || (w.noInward && inward)) {
      return w.noInward
        ? refuseAct(
            ctx,
            'contiguous-zone-prevention-only',
            'Refused: in the contiguous zone only measures that prevent entry (divert or escort out of its waters) are allowed, unless an infringement was already committed in the territory or territorial sea.',
            w.basis,
          )
        : refuseAct(
            ctx,
            'outside-authorised-measures',
            `Refused: the basis allows only ${w.limitedTo!.join(', ')}.`,
            w.basis,
          );
    }
    return undefined;
  });
  if (fails.length === 0 || fails.some((f) => f === undefined)) return undefined;
  return combine(fails as Refusal[]);
}

function conditionRefusal(ctx: CaseContext, lb: LegalBasis, event: CaseEvent): Refusal | undefined {
  if (!isAuthorisationBasis(lb.code) || ctx.flagState.conditions.length === 0) return undefined;
  const kinds = new Set(ctx.flagState.conditions.map((c) => c.kind));
  const breach = (condition: string, message: string) =>
    refuseAct(ctx, 'condition-breached', `Refused: ${message} (flag-State condition ${condition}).`, [
      ...flagStepBasis(ctx, [B.somConditions]),
    ]);
  const force = 'forceUsed' in event ? event.forceUsed : undefined;
  if (kinds.has('force-self-defence-only') && force === 'other') {
    return breach('force-self-defence-only', 'force other than in self-defence');
  }
  if (
    event.type === 'BOARDING_STARTED' &&
    kinds.has('flag-officer-on-board') &&
    event.flagOfficerOnBoard !== true
  ) {
    return breach('flag-officer-on-board', 'boarding without a flag-State officer on board');
  }
  if (event.type === 'MEASURES_TAKEN') {
    // a detention is a detention whatever measure it is recorded under
    if (
      kinds.has('no-detention-without-consent') &&
      (event.measures.includes('detain-suspects') || (event.detained ?? 0) > 0)
    ) {
      return breach('no-detention-without-consent', 'detention without the flag State’s consent');
    }
    const moving: Measure[] = ['divert', 'escort-to-port', 'seize-vessel'];
    if (
      kinds.has('notify-before-moving-vessel') &&
      !ctx.flagState.movingVesselNotified &&
      event.measures.some((m) => moving.includes(m))
    ) {
      return breach('notify-before-moving-vessel', 'moving the vessel before informing the flag State');
    }
  }
  return undefined;
}

const moveKindOf = (measures: Measure[]): MoveKind => (measures.includes('divert') ? 'divert' : 'escort');

function groundsRefusal(ctx: CaseContext, lb: LegalBasis): Refusal {
  const territorial = ctx.zone.zone === 'territorial-sea' && lb.code !== 'hot-pursuit';
  return refuseAct(
    ctx,
    'no-grounds',
    'Refused: no boarding before reasonable grounds for suspicion are recorded (SUSPICION_RECORDED).',
    [
      ...(territorial ? [B.unclosTerritorialGrounds] : []),
      ...flagStepBasis(ctx, [B.somFlagRequest]),
      B.somStateless,
      B.unclosVisit,
    ],
  );
}

function decideActAtSea(ctx: CaseContext, event: Extract<CaseEvent, { type: ActAtSea }>): Decision {
  const e = ctx.enforcement;
  // What makes no sense now comes before what the law forbids.
  if (event.type === 'BOARDING_STARTED' && e.boarded) return notExpected('The vessel was already boarded.');
  if (event.type === 'SEARCH_COMPLETED') {
    if (!e.boarded && !e.rescueBoarding) return notExpected('A search needs a boarding first.');
    if (e.searched) return notExpected('The search was already recorded.');
  }
  const measures: Measure[] = event.type === 'MEASURES_TAKEN' ? event.measures : [];
  if (event.type === 'MEASURES_TAKEN') {
    const needsBoarding = measures.some((m) => m === 'seize-vessel' || m === 'detain-suspects');
    if (needsBoarding && !e.boarded && !e.rescueBoarding) {
      return notExpected('Seizing the vessel or detaining suspects needs a boarding first.');
    }
  }
  const failures: Refusal[] = [];
  const destination = event.type === 'MEASURES_TAKEN' ? event.destination : undefined;
  const toThird = destination !== undefined && isThirdCountry(ctx, destination.country);
  // Non-refoulement and the third-country rules first: no override but recorded-fact sets them aside.
  if (destination) {
    for (const f of destinationFailures(ctx, destination.country, moveKindOf(measures)))
      failures.push(destinationRefusal(f, true));
  }
  // Life first: from distress until the danger closes, enforcement waits.
  if (inDistress(ctx)) {
    const offer = !toThird && imminentDangerAvailable(ctx);
    failures.push(
      refuseAct(
        ctx,
        'distress-rescue-first',
        `Refused: persons are in distress; render assistance first.${offer ? ' Only steps needed to save life, under the imminent-danger override.' : ''}`,
        [...LIFE_FIRST],
        !toThird,
      ),
    );
  }
  if (!actingUnitQualified(ctx)) {
    failures.push(
      refuseAct(
        ctx,
        'unit-not-authorised',
        'Refused: the acting unit must be a warship or a ship clearly marked and identifiable as on government service and authorised to that effect.',
        [B.somActingUnit],
        !toThird,
      ),
    );
  }
  const lb = deriveLegalBasis(ctx);
  if (event.type === 'BOARDING_STARTED' && !groundsRecorded(ctx)) failures.push(groundsRefusal(ctx, lb));
  const scope = SCOPE_OF[event.type];
  if (!lb.permits.includes(scope)) {
    failures.push(noBasisRefusal(ctx, lb, scope));
  } else if (scope === 'measures') {
    const kinds: Measure[] = event.type === 'PERSONS_TAKEN_ON_BOARD' ? ['other'] : measures;
    const m = measureRefusal(ctx, lb, kinds, destination?.country === ctx.interceptingState);
    if (m) failures.push(m);
  }
  const condition = conditionRefusal(ctx, lb, event);
  if (condition) failures.push(condition);
  // imminent-danger never moves persons to a third country: no refusal of such a move offers it
  const offered = toThird
    ? failures.map((f) => ({
        ...f,
        allowedOverrides: f.allowedOverrides.filter((k) => k !== 'imminent-danger'),
      }))
    : failures;
  return combine(offered) ?? APPLIED;
}

function decideHotPursuit(
  ctx: CaseContext,
  event: Extract<CaseEvent, { type: 'HOT_PURSUIT_STARTED' }>,
): Decision {
  if (ctx.hotPursuit?.active) return notExpected('Hot pursuit is already under way.');
  const refuse = (reason: string, message: string, basis: string[]): Refusal =>
    refusal(reason, message, basis, ['recorded-fact']);
  if (inDistress(ctx)) {
    return refuse('distress-rescue-first', 'Refused: persons are in distress; rescue comes before pursuit.', [
      ...LIFE_FIRST,
    ]);
  }
  if (ctx.vessel.government === true) {
    return refuse('government-vessel-immune', 'Refused: a government vessel is immune.', [B.unclosWarships]);
  }
  if (!actingUnitQualified(ctx)) {
    return refuse(
      'unit-not-authorised',
      'Refused: only warships or clearly marked, authorised government units may pursue.',
      [B.unclosHotPursuitUnits],
    );
  }
  if (!event.signalGiven) {
    return refuse(
      'no-signal-to-stop',
      'Refused: hot pursuit begins only after a visual or auditory signal to stop.',
      [B.unclosHotPursuitSignal],
    );
  }
  const z = ctx.zone;
  const own = z.states.includes(ctx.interceptingState);
  const ownCz = ctx.setting.states[ctx.interceptingState]?.contiguousZoneNm;
  const fromTerritorial = z.zone === 'territorial-sea' && own;
  const fromContiguous = z.zone === 'contiguous-zone' && own && ownCz !== undefined;
  const lawfulStart =
    event.startedIn === 'contiguous-zone' ? fromTerritorial || fromContiguous : fromTerritorial;
  if (!lawfulStart) {
    return refuse(
      'pursuit-not-begun-in-own-waters',
      `Refused: hot pursuit must begin while the vessel is in the ${event.startedIn.replace('-', ' ')} of ${ctx.interceptingState}; the vessel is reported in ${z.zone}${z.states.length ? ` of ${z.states.join(', ')}` : ''}.`,
      [B.unclosHotPursuitStart],
    );
  }
  return APPLIED;
}

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
  const failures = ctx.zone.states
    .filter((s) => isThirdCountry(ctx, s))
    .flatMap((s) => destinationFailures(ctx, s, 'release'))
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
    case 'SENT_BY_OTHER_MEANS':
      return notExpected('No message awaits sending by other means.');
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
  // an unresolved objection excludes the destination for the case, as an excluded place does
  const exclusions = ['excluded-place', 'objection-unresolved'];
  const excluded = [base.reason, ...(base.alsoFailed ?? [])].some((r) => exclusions.includes(r));
  return {
    outcome: 'applied',
    mode: 'recorded-fact',
    incident: {
      category: excluded ? 'possible-fundamental-rights-violation' : 'legal',
      reason: base.reason,
      basis: base.basis,
    },
  };
}
