// The one function that answers, for any event in any state: applied, or refused with the reason, its basis
// and the overrides the law allows (domain.md, "Refusals and overrides").
import { B, LIFE_FIRST, NON_REFOULEMENT } from './citations.ts';
import type { CaseContext } from './context.ts';
import { exclusionOf } from './exclusion.ts';
import { deriveLegalBasis, isAuthorisationBasis, type LegalBasis } from './legal-basis.ts';
import { deriveRequiredActions } from './required-actions.ts';
import type { CaseEvent, DeskEvent, Measure, Override, Scope } from './schemas.ts';

export type OverrideKind = Override['kind'];
export type ApplyMode = 'normal' | 'imminent-danger' | 'recorded-fact';

export interface Refusal {
  outcome: 'refused';
  reason: string;
  message: string;
  basis: string[];
  allowedOverrides: OverrideKind[];
  // with reason override-not-available: the refusal the override was asked against
  refused?: { reason: string; basis: string[] };
}

export interface Applied {
  outcome: 'applied';
  mode: ApplyMode;
  // the refusal a recorded-fact override set aside: it becomes a legal incident
  incident?: { category: 'legal' | 'possible-fundamental-rights-violation'; reason: string; basis: string[] };
  overrideUnneeded?: boolean;
}

export type Decision = Applied | Refusal;

const APPLIED: Applied = { outcome: 'applied', mode: 'normal' };

type ActAtSea = 'BOARDING_STARTED' | 'SEARCH_COMPLETED' | 'MEASURES_TAKEN';

function notExpected(message: string, basis: string[] = []): Refusal {
  return { outcome: 'refused', reason: 'not-expected-now', message, basis, allowedOverrides: [] };
}

// imminent-danger is available while the phase is alert or distress and before rescue is recorded, for
// boarding, search and measures needed to save life (SoM art. 8(5)); never against non-refoulement.
function imminentDangerAvailable(ctx: CaseContext): boolean {
  const p = ctx.distress.phase;
  return (p === 'alert' || p === 'distress') && !ctx.distress.rescued;
}

function refuseAct(ctx: CaseContext, reason: string, message: string, basis: string[], life = true): Refusal {
  const allowed: OverrideKind[] = [];
  if (life && imminentDangerAvailable(ctx)) allowed.push('imminent-danger');
  allowed.push('recorded-fact');
  return { outcome: 'refused', reason, message, basis, allowedOverrides: allowed };
}

export function inDistress(ctx: CaseContext): boolean {
  return ctx.distress.distressDeclared && !ctx.distress.rescued;
}

export function actingUnitQualified(ctx: CaseContext): boolean {
  const u = ctx.unit;
  return u.governmentService && u.clearlyMarked && u.authorised;
}

export function excludedReason(ctx: CaseContext, country: string): string | undefined {
  return exclusionOf(
    country,
    ctx.persons.claims.countriesOfOrigin,
    ctx.setting.countryAssessments,
  )?.reasons.join('; ');
}

function excludedPlaceRefusal(ctx: CaseContext, country: string, act: boolean): Refusal | undefined {
  const why = excludedReason(ctx, country);
  if (!why) return undefined;
  return {
    outcome: 'refused',
    reason: 'excluded-place',
    message: `Refused: ${why}; nobody is taken or left where they risk refoulement.`,
    basis: [...NON_REFOULEMENT],
    // an act at sea may be recorded as fact (it opens an incident); a decision accepts no override
    allowedOverrides: act ? ['recorded-fact'] : [],
  };
}

const SCOPE_OF: Record<ActAtSea, Scope> = {
  BOARDING_STARTED: 'board',
  SEARCH_COMPLETED: 'search',
  MEASURES_TAKEN: 'measures',
};

function noBasisRefusal(ctx: CaseContext, lb: LegalBasis, scope: Scope): Refusal {
  const what = { board: 'boarding', search: 'a search', measures: 'measures' }[scope];
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
        `Refused: the vessel's nationality is undetermined; identify it and ask the flag State before ${what}.`,
        lb.basis,
      );
    case 'stateless':
      return refuseAct(
        ctx,
        'no-evidence-found',
        'Refused: measures against a vessel without nationality need evidence found by a search.',
        [B.somStateless, B.unclosVisitStateless],
      );
    default: {
      const fs = ctx.flagState;
      if (fs.reply === 'refused') {
        return refuseAct(
          ctx,
          'authorisation-refused',
          `Refused: the flag State refused authorisation; no ${what}.`,
          [B.somFlagRequest, B.unclosExclusiveFlag],
        );
      }
      if (fs.reply === 'will-act') {
        return refuseAct(ctx, 'flag-state-will-act', `Refused: the flag State will act itself; no ${what}.`, [
          B.somFlagRequest,
          B.unclosExclusiveFlag,
        ]);
      }
      if (lb.permits.length > 0) {
        return refuseAct(
          ctx,
          'outside-authorised-scope',
          `Refused: ${what} is outside the authorised scopes (${lb.permits.join(', ')}).`,
          [...lb.basis, B.somConditions],
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

function conditionRefusal(ctx: CaseContext, lb: LegalBasis, event: CaseEvent): Refusal | undefined {
  if (!isAuthorisationBasis(lb.code) || ctx.flagState.reply !== 'granted') return undefined;
  const kinds = new Set(ctx.flagState.conditions.map((c) => c.kind));
  const breach = (condition: string, message: string) =>
    refuseAct(ctx, 'condition-breached', `Refused: ${message} (flag-State condition ${condition}).`, [
      B.somConditions,
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
    if (kinds.has('no-detention-without-consent') && event.measures.includes('detain-suspects')) {
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

function decideActAtSea(ctx: CaseContext, event: Extract<CaseEvent, { type: ActAtSea }>): Decision {
  const e = ctx.enforcement;
  // What makes no sense now comes before what the law forbids.
  if (event.type === 'BOARDING_STARTED' && e.boarded) return notExpected('The vessel was already boarded.');
  if (event.type === 'SEARCH_COMPLETED') {
    if (!e.boarded && !e.rescueBoarding) return notExpected('A search needs a boarding first.');
    if (e.searched) return notExpected('The search was already recorded.');
  }
  if (event.type === 'MEASURES_TAKEN') {
    const needsBoarding = event.measures.some((m) => m === 'seize-vessel' || m === 'detain-suspects');
    if (needsBoarding && !e.boarded && !e.rescueBoarding) {
      return notExpected('Seizing the vessel or detaining suspects needs a boarding first.');
    }
    if (event.destination) {
      const r = excludedPlaceRefusal(ctx, event.destination.country, true);
      if (r) return r;
    }
  }
  // Life first: from distress until rescue, enforcement waits.
  if (inDistress(ctx)) {
    return refuseAct(
      ctx,
      'distress-rescue-first',
      'Refused: persons are in distress; render assistance first. Only steps needed to save life, under the imminent-danger override.',
      [...LIFE_FIRST],
    );
  }
  if (!actingUnitQualified(ctx)) {
    return refuseAct(
      ctx,
      'unit-not-authorised',
      'Refused: the acting unit must be a warship or a ship clearly marked and identifiable as on government service and authorised to that effect.',
      [B.somActingUnit],
    );
  }
  const lb = deriveLegalBasis(ctx);
  const scope = SCOPE_OF[event.type];
  if (!lb.permits.includes(scope)) return noBasisRefusal(ctx, lb, scope);
  if (event.type === 'MEASURES_TAKEN') {
    if (lb.measuresNeedEvidence && e.evidenceFound !== true) {
      return refuseAct(
        ctx,
        'no-evidence-found',
        'Refused: measures need evidence found by a search of the vessel.',
        lb.code === 'stateless' ? [B.somStateless] : [B.somMeasures],
      );
    }
    const limit = lb.measuresLimitedTo;
    if (limit) {
      const beyond = event.measures.filter((m) => !(limit as string[]).includes(m));
      const inward = event.destination?.country === ctx.interceptingState;
      if (beyond.length > 0 || inward) {
        return refuseAct(
          ctx,
          'contiguous-zone-prevention-only',
          'Refused: in the contiguous zone only measures that prevent entry (divert or escort out of its waters) are allowed.',
          ['UNCLOS art. 33(1)(a)', B.eu656Contiguous],
        );
      }
    }
  }
  const condition = conditionRefusal(ctx, lb, event);
  if (condition) return condition;
  return APPLIED;
}

function decideHotPursuit(
  ctx: CaseContext,
  event: Extract<CaseEvent, { type: 'HOT_PURSUIT_STARTED' }>,
): Decision {
  if (ctx.hotPursuit?.active) return notExpected('Hot pursuit is already under way.');
  const only: OverrideKind[] = ['recorded-fact'];
  const refuse = (reason: string, message: string, basis: string[]): Refusal => ({
    outcome: 'refused',
    reason,
    message,
    basis,
    allowedOverrides: only,
  });
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
    { type: 'PLACE_OF_SAFETY_PROPOSED' | 'PLACE_OF_SAFETY_DESIGNATED' | 'DISEMBARKATION_COMPLETED' }
  >,
): Decision {
  if (ctx.placeOfSafety.disembarked) return notExpected('Persons were already disembarked.');
  const act = event.type === 'DISEMBARKATION_COMPLETED';
  return excludedPlaceRefusal(ctx, event.country, act) ?? APPLIED;
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
  const correspondence = notified || fs.authorisationRequestedAt !== undefined;
  switch (event.type) {
    case 'REGISTER_CHECKED':
    case 'REQUEST_ANSWERED':
      return notExpected('This event belongs to an incoming request, not an interception case.');
    case 'ASSISTANCE_REFUSED':
      if (!ctx.distress.phase || ctx.distress.phase === 'none' || ctx.distress.rescued) {
        return notExpected('No assistance is being rendered or offered.');
      }
      return APPLIED;
    case 'RESCUE_COMPLETED':
      return ctx.distress.rescued ? notExpected('The rescue was already recorded.') : APPLIED;
    case 'FLAG_STATE_NOTIFIED':
      return notified ? notExpected('The flag State was already notified.') : APPLIED;
    case 'FLAG_STATE_ACKNOWLEDGED':
      if (!notified) return notExpected('Nothing was sent to the flag State yet.');
      return fs.acknowledgedAt ? notExpected('The acknowledgement was already recorded.') : APPLIED;
    case 'REGISTRY_CONFIRMED':
    case 'REGISTRY_REFUTED':
      if (!correspondence) return notExpected('No registry request was sent to the flag State.');
      if (fs.registry !== null)
        return notExpected(`The registry reply was already recorded (${fs.registry}).`);
      if (event.type === 'REGISTRY_REFUTED' && fs.reply === 'granted') {
        return notExpected('The flag State already granted authorisation, which implies confirmation.');
      }
      return APPLIED;
    case 'AUTHORISATION_REQUESTED':
      if (fs.registry === 'refuted')
        return notExpected('The registry was refuted: the vessel is without nationality.');
      if (fs.authorisationPending) return notExpected('An authorisation request awaits its reply.');
      return APPLIED;
    case 'AUTHORISATION_GRANTED':
    case 'AUTHORISATION_REFUSED':
      if (!correspondence) return notExpected('No request was sent to the flag State.');
      if (fs.registry === 'refuted')
        return notExpected('The registry was refuted; the request ended with it.');
      // after an answer, a new request awaits a new reply
      if (fs.reply !== null && !fs.authorisationPending) {
        return notExpected(`The flag State already answered (${fs.reply}).`);
      }
      return APPLIED;
    case 'FLAG_STATE_WILL_ACT':
      return correspondence ? APPLIED : notExpected('No request was sent to the flag State.');
    case 'HOT_PURSUIT_STARTED':
      return decideHotPursuit(ctx, event);
    case 'HOT_PURSUIT_ENDED':
      return ctx.hotPursuit?.active ? APPLIED : notExpected('No hot pursuit is under way.');
    case 'BOARDING_STARTED':
    case 'SEARCH_COMPLETED':
    case 'MEASURES_TAKEN':
      return decideActAtSea(ctx, event);
    case 'SAFEGUARDS_RECORDED':
      return ctx.enforcement.boarded || ctx.enforcement.rescueBoarding
        ? APPLIED
        : notExpected('Safeguards are recorded for a boarding; none was applied.');
    case 'VESSEL_RELEASED':
      return ctx.enforcement.released ? notExpected('The vessel was already released.') : APPLIED;
    case 'PROTECTION_CLAIMS_REFERRED':
      return ctx.persons.claims.count > 0 ? APPLIED : notExpected('No protection claims were recorded.');
    case 'PLACE_OF_SAFETY_PROPOSED':
    case 'PLACE_OF_SAFETY_DESIGNATED':
    case 'DISEMBARKATION_COMPLETED':
      return decidePlace(ctx, event);
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
    case 'REQUEST_ANSWERED':
      if (inc.answered) return notExpected('The request was already answered.');
      if (!inc.registerChecked)
        return notExpected('Check the national register before answering.', [B.somExpeditious]);
      if (inc.onRegister === false && event.registry === 'confirmed') {
        return {
          outcome: 'refused',
          reason: 'answer-contradicts-register',
          message:
            'Refused: the register check found the vessel not on the register; registry cannot be confirmed.',
          basis: [B.somExpeditious],
          allowedOverrides: [],
        };
      }
      if (event.registry === 'refuted' && event.authorisation) {
        return {
          outcome: 'refused',
          reason: 'authorisation-without-registry',
          message:
            'Refused: a State that refutes registry has no flag-State authority to authorise boarding.',
          basis: [B.somFlagRequest, B.unclosExclusiveFlag],
          allowedOverrides: [],
        };
      }
      return APPLIED;
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

// domain.md: an override is available only where the refusal lists it; on a permitted step it is recorded
// and changes nothing; a recorded fact that set a refusal aside opens a legal incident.
export function decide(ctx: CaseContext, event: DeskEvent): Decision {
  const base = baseDecision(ctx, event);
  const override = 'override' in event ? event.override : undefined;
  if (!override) return base;
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
  return {
    outcome: 'applied',
    mode: 'recorded-fact',
    incident: {
      category: base.reason === 'excluded-place' ? 'possible-fundamental-rights-violation' : 'legal',
      reason: base.reason,
      basis: base.basis,
    },
  };
}
