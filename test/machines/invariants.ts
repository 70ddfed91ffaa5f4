// The nine invariants of domain.md, checked on one step (prev -> event -> next), independently of rules.ts
// wherever the law can be restated simply, so a bug in the rules cannot hide itself.
import type { CaseContext } from '../../machines/context.ts';
import { deriveLegalBasis } from '../../machines/legal-basis.ts';
import { deriveRequiredActions } from '../../machines/required-actions.ts';
import type { Decision } from '../../machines/rules.ts';
import type { CaseEvent, DeskEvent, OpeningReport, Setting } from '../../machines/schemas.ts';
import { AT, opening } from './harness.ts';

const SCOPE: Record<string, 'board' | 'search' | 'measures'> = {
  BOARDING_STARTED: 'board',
  SEARCH_COMPLETED: 'search',
  MEASURES_TAKEN: 'measures',
};

function excluded(ctx: CaseContext, country: string): boolean {
  return (
    ctx.persons.claims.countriesOfOrigin.includes(country) ||
    ctx.setting.countryAssessments[country]?.unsafe === true
  );
}

function unitQualified(ctx: CaseContext): boolean {
  return ctx.unit.governmentService && ctx.unit.clearlyMarked && ctx.unit.authorised;
}

// Facts the invariants need across a path, kept by the checker, not by the engine.
export interface PathMemory {
  boardedUnderAuthorisation: boolean;
  searchFoundNothing: boolean;
  detained: boolean;
}

export const freshMemory = (): PathMemory => ({
  boardedUnderAuthorisation: false,
  searchFoundNothing: false,
  detained: false,
});

export function checkStep(
  prev: CaseContext,
  event: DeskEvent,
  decision: Decision,
  next: CaseContext,
  mem: PathMemory,
): string[] {
  const bad: string[] = [];
  const applied = decision.outcome === 'applied';
  const mode = applied ? decision.mode : undefined;
  const incidentOpened = next.incidents.length === prev.incidents.length + 1;

  if (!applied && next !== prev && JSON.stringify(next) !== JSON.stringify(prev)) {
    bad.push('9: a refused event changed the case');
  }

  const scope = SCOPE[event.type];
  if (scope && applied) {
    const lb = deriveLegalBasis(prev);
    if (mode === 'normal') {
      // 1: a basis whose permits cover it, no distress pending, a qualified unit.
      if (!lb.permits.includes(scope))
        bad.push(`1: ${event.type} applied without ${scope} in permits (${lb.code})`);
      if (prev.distress.distressDeclared && !prev.distress.rescued)
        bad.push(`3: ${event.type} applied during distress`);
      if (!unitQualified(prev)) bad.push(`1: ${event.type} applied by a unit not qualified under art. 9(4)`);
      if (
        event.type === 'MEASURES_TAKEN' &&
        lb.code !== 'coastal-jurisdiction' &&
        lb.code !== 'own-flag' &&
        lb.code !== 'hot-pursuit' &&
        lb.code !== 'contiguous-zone-control' &&
        prev.enforcement.evidenceFound !== true
      ) {
        bad.push('1: measures on rows 6, 9-11 applied before a search found evidence');
      }
    }
    if (mode === 'recorded-fact' && !incidentOpened)
      bad.push(`1: ${event.type} recorded as fact without an incident`);
    if (mode === 'imminent-danger') {
      const p = prev.distress.phase;
      if (!(p === 'alert' || p === 'distress') || prev.distress.rescued)
        bad.push('imminent-danger override applied outside alert/distress');
    }
  }

  // 2: conditions bind.
  if (applied && mode === 'normal' && prev.flagState.reply === 'granted') {
    const kinds = new Set(prev.flagState.conditions.map((c) => c.kind));
    const code = deriveLegalBasis(prev).code;
    const underGrant =
      code === 'flag-state-authorisation' ||
      code === 'consent-under-general-law' ||
      code === 'agreement-authorisation';
    if (underGrant && event.type === 'MEASURES_TAKEN') {
      if (kinds.has('no-detention-without-consent') && event.measures.includes('detain-suspects'))
        bad.push('2: detention despite no-detention-without-consent');
      if (
        kinds.has('notify-before-moving-vessel') &&
        !prev.flagState.movingVesselNotified &&
        event.measures.some((m) => m !== 'detain-suspects' && m !== 'other')
      ) {
        bad.push('2: vessel moved before informing the flag State');
      }
    }
    if (
      underGrant &&
      event.type === 'BOARDING_STARTED' &&
      kinds.has('flag-officer-on-board') &&
      event.flagOfficerOnBoard !== true
    ) {
      bad.push('2: boarding without the flag officer');
    }
    if (
      underGrant &&
      kinds.has('force-self-defence-only') &&
      'forceUsed' in event &&
      event.forceUsed === 'other'
    )
      bad.push('2: force beyond self-defence');
  }

  // 4: nobody taken to an excluded place but as a recorded fact with an incident.
  const destination =
    event.type === 'DISEMBARKATION_COMPLETED' ||
    event.type === 'PLACE_OF_SAFETY_PROPOSED' ||
    event.type === 'PLACE_OF_SAFETY_DESIGNATED'
      ? event.country
      : event.type === 'MEASURES_TAKEN'
        ? event.destination?.country
        : undefined;
  if (applied && destination && excluded(prev, destination)) {
    if (mode !== 'recorded-fact' || !incidentOpened)
      bad.push(`4: ${event.type} to excluded ${destination} applied`);
    if (event.type.startsWith('PLACE_OF_SAFETY'))
      bad.push('4: a decision naming an excluded place was applied');
    if (incidentOpened && next.incidents.at(-1)?.category !== 'possible-fundamental-rights-violation')
      bad.push('4: wrong incident category');
  }

  // Memory for 5-7.
  if (applied && mode !== 'imminent-danger' && scope) {
    const lb = deriveLegalBasis(prev);
    if (
      (lb.code === 'flag-state-authorisation' ||
        lb.code === 'consent-under-general-law' ||
        lb.code === 'agreement-authorisation') &&
      lb.permits.includes(scope)
    ) {
      mem.boardedUnderAuthorisation = true;
    }
  }
  if (applied && mode !== 'imminent-danger' && event.type === 'SEARCH_COMPLETED' && !event.evidenceFound)
    mem.searchFoundNothing = true;
  if (
    applied &&
    mode !== 'imminent-danger' &&
    event.type === 'MEASURES_TAKEN' &&
    (event.measures.includes('detain-suspects') || (event.detained ?? 0) > 0)
  ) {
    mem.detained = true;
  }

  if (applied && event.type === 'CASE_CLOSED') {
    // 8: never closes with a blocking action open.
    const blocking = deriveRequiredActions(prev).filter((a) => a.blocking);
    if (blocking.length > 0) bad.push(`8: closed with ${blocking.map((a) => a.code).join(', ')} open`);
    if (mem.boardedUnderAuthorisation && !prev.enforcement.resultsReported)
      bad.push('5: closed without reporting results to the flag State');
    if (mem.searchFoundNothing && !prev.enforcement.compensationAssessed)
      bad.push('6: closed without assessing compensation');
    if (mem.detained && !prev.persons.consularNotified)
      bad.push('7: closed without notifying consular rights');
  }

  // 3: from distress until rescue or refusal, RENDER_ASSISTANCE open and first.
  const d = next.distress;
  if (d.distressDeclared && !d.rescued && !d.assistanceRefused) {
    const actions = deriveRequiredActions(next);
    if (actions[0]?.code !== 'RENDER_ASSISTANCE')
      bad.push(`3: RENDER_ASSISTANCE not first (${actions[0]?.code})`);
  }
  return bad;
}

export const WORLD_SETTING: Setting = {
  states: {
    MT: { protocolParty: true, contiguousZoneNm: 24 },
    TG: {
      protocolParty: true,
      replyWithinHours: 4,
      deemedConsent: {
        agreement: 'Demo agreement (fictional)',
        with: ['MT'],
        afterHours: 4,
        scopes: ['board', 'search'],
      },
    },
    SL: { protocolParty: false },
  },
  countryAssessments: { LY: { unsafe: true, source: 'demo', date: '2026-01-01' } },
};

const fact = { kind: 'recorded-fact' as const, justification: 'it happened' };
const danger = { kind: 'imminent-danger' as const, justification: 'to save life' };

// A finite alphabet that reaches every rule: each act with and without overrides, breaching and keeping conditions.
export const ALPHABET: CaseEvent[] = [
  { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] },
  { type: 'DISTRESS_ASSESSED', phase: 'none', factors: ['overcrowded'] },
  { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] },
  { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['taking-water'] },
  { type: 'RCC_NOTIFIED', rcc: 'RCC' },
  { type: 'ASSISTANCE_REFUSED' },
  { type: 'RESCUE_COMPLETED', rescued: 40 },
  { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] },
  { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
  { type: 'FLAG_STATE_ACKNOWLEDGED' },
  { type: 'REGISTRY_CONFIRMED' },
  { type: 'REGISTRY_REFUTED' },
  { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] },
  {
    type: 'AUTHORISATION_GRANTED',
    scopes: ['board', 'search', 'measures'],
    conditions: [
      { kind: 'no-detention-without-consent' },
      { kind: 'notify-before-moving-vessel' },
      { kind: 'report-results-within', hours: 12 },
    ],
  },
  {
    type: 'AUTHORISATION_GRANTED',
    scopes: ['board'],
    conditions: [{ kind: 'flag-officer-on-board' }, { kind: 'force-self-defence-only' }],
  },
  { type: 'AUTHORISATION_REFUSED' },
  { type: 'FLAG_STATE_WILL_ACT' },
  { type: 'FLAG_STATE_INFORMED', about: 'moving-vessel' },
  { type: 'HOT_PURSUIT_STARTED', startedIn: 'territorial-sea', signalGiven: true, violation: 'x' },
  { type: 'POSITION_REPORTED', ...AT.highSeas },
  { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea },
  { type: 'BOARDING_STARTED' },
  { type: 'BOARDING_STARTED', flagOfficerOnBoard: true, forceUsed: 'other' },
  { type: 'BOARDING_STARTED', override: danger },
  { type: 'BOARDING_STARTED', override: fact },
  { type: 'SAFEGUARDS_RECORDED' },
  { type: 'SEARCH_COMPLETED', evidenceFound: true },
  { type: 'SEARCH_COMPLETED', evidenceFound: false },
  { type: 'SEARCH_COMPLETED', evidenceFound: true, override: fact },
  { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 },
  { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2, override: fact },
  { type: 'MEASURES_TAKEN', measures: ['escort-to-port'], destination: { country: 'LY' }, override: danger },
  { type: 'MEASURES_TAKEN', measures: ['escort-to-port'], destination: { country: 'LY' }, override: fact },
  { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'IT' } },
  { type: 'VESSEL_RELEASED' },
  { type: 'RESULTS_REPORTED', to: 'TG' },
  { type: 'COMPENSATION_ASSESSED', lossOrDamage: false },
  { type: 'PERSONS_SCREENED', total: 40 },
  { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] },
  { type: 'PROTECTION_CLAIMS_REFERRED' },
  { type: 'PERSONS_INFORMED', language: 'ti' },
  { type: 'CONSULAR_RIGHTS_NOTIFIED' },
  { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'ER' },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'LY', override: fact },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'MT' },
  { type: 'DISEMBARKATION_COMPLETED', country: 'MT' },
  { type: 'DISEMBARKATION_COMPLETED', country: 'LY', override: fact },
  { type: 'INCIDENT_REVIEWED', incidentId: 'INC-1', finding: 'reviewed' },
  { type: 'INCIDENT_REVIEWED', incidentId: 'INC-3', finding: 'reviewed' },
  { type: 'CASE_CLOSED' },
];

export const OPENINGS: Array<[string, OpeningReport]> = [
  ['foreign flag on the high seas', opening({ vessel: { flag: 'TG' } })],
  ['no flag', opening({ vessel: { flag: null } })],
  ['flag of a non-party', opening({ vessel: { flag: 'SL' } })],
  ['in our territorial sea', opening({ position: AT.maltaTerritorialSea, vessel: { flag: 'TG' } })],
  [
    'unmarked unit',
    opening({
      unit: { name: 'tug', governmentService: false, clearlyMarked: false, authorised: false },
      vessel: { flag: null },
    }),
  ],
];
