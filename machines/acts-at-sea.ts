// Acts at sea (domain.md, the legal-basis table and "Acts at sea"): boarding, search, measures and persons taken
// on board, refused where the basis does not permit them, where grounds are missing, where a flag State's
// condition binds, while persons are in distress; and hot pursuit, lawful only as UNCLOS art. 111 allows it.
import { B, LIFE_FIRST } from './citations.ts';
import type { CaseContext } from './context.ts';
import { destinationFailures, isThirdCountry, type MoveKind } from './destinations.ts';
import {
  actingUnitQualified,
  deriveLegalBasis,
  flagStepBasis,
  groundsRecorded,
  inDistress,
  isAuthorisationBasis,
  type LegalBasis,
} from './legal-basis.ts';
import {
  type ActAtSea,
  APPLIED,
  combine,
  type Decision,
  destinationRefusal,
  imminentDangerAvailable,
  notExpected,
  type Refusal,
  refusal,
  refuseAct,
} from './refusals.ts';
import type { CaseEvent, Measure, Scope } from './schemas.ts';

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

export function decideActAtSea(ctx: CaseContext, event: Extract<CaseEvent, { type: ActAtSea }>): Decision {
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

export function decideHotPursuit(
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
