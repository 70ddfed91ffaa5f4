// "The guidance never offers what the law refuses now" (domain.md, Safety of life, second review; the issue's
// rule for the console's buttons): on random paths through the workflow, every required action that invites a
// step is answered "applied" when that step is taken at that moment. Actions that say what they wait for
// (`waitsFor`) are the one exception the contract needs: DISEMBARK is owed once a place is designated, and
// waits for persons to be told and heard before a landing in a third country.
import { addMinutes } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERRAL_FOR, type RequiredAction } from '../../machines/action-codes.ts';
import type { CaseContext } from '../../machines/context.ts';
import { evolve } from '../../machines/evolve.ts';
import { flagStateOfRecord } from '../../machines/legal-basis.ts';
import { deriveRequiredActions } from '../../machines/required-actions.ts';
import { decide } from '../../machines/rules.ts';
import type { CaseEvent, DeskEvent, Setting } from '../../machines/schemas.ts';
import { checkActions, checkDecision } from './contract-shape.ts';
import { AT, classifyZone, engine, opening, START } from './harness.ts';

const SETTING: Setting = {
  states: {
    MT: { protocolParty: true, contiguousZoneNm: 24 },
    TG: { protocolParty: true, replyWithinHours: 4 },
    SL: { protocolParty: false },
  },
  countryAssessments: {
    LY: { unsafe: true, source: 'demo', date: '2026-01-01' },
    IT: { unsafe: false, source: 'demo', date: '2026-01-01' },
  },
};

const fact = { kind: 'recorded-fact' as const, justification: 'it happened' };
const danger = { kind: 'imminent-danger' as const, justification: 'to save life' };

const ALPHABET: CaseEvent[] = [
  { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] },
  { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] },
  { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['taking-water'] },
  { type: 'ASSISTANCE_REFUSED' },
  { type: 'RESCUE_COMPLETED', rescued: 40, missing: 1 },
  { type: 'SAR_CASE_CLOSED', by: 'RCC' },
  { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] },
  { type: 'VESSEL_IDENTIFIED', flag: 'SL' },
  { type: 'VESSEL_IDENTIFIED', flag: 'TG' },
  { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
  { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] },
  { type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search', 'measures'], conditions: [] },
  {
    type: 'AUTHORISATION_GRANTED',
    scopes: ['board'],
    conditions: [{ kind: 'flag-officer-on-board' }, { kind: 'no-detention-without-consent' }],
  },
  { type: 'AUTHORISATION_REFUSED' },
  { type: 'AUTHORISATION_WITHDRAWN', scopes: ['search'] },
  { type: 'POSITION_REPORTED', ...AT.highSeas },
  { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea },
  { type: 'POSITION_REPORTED', ...AT.maltaContiguousZone },
  { type: 'BOARDING_STARTED' },
  { type: 'BOARDING_STARTED', override: danger },
  { type: 'BOARDING_STARTED', override: fact },
  { type: 'SEARCH_COMPLETED', evidenceFound: true },
  { type: 'SEARCH_COMPLETED', evidenceFound: false },
  { type: 'MEASURES_TAKEN', measures: ['seize-vessel', 'detain-suspects'], detained: 2 },
  { type: 'MEASURES_TAKEN', measures: ['escort-to-port'], destination: { country: 'LY' }, override: fact },
  { type: 'VESSEL_RELEASED' },
  { type: 'PERSONS_TAKEN_ON_BOARD', count: 10, override: fact },
  { type: 'PERSONS_SCREENED', total: 40, unaccompaniedChildren: 2, medicalUrgent: 1 },
  { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] },
  { type: 'PERSONS_INFORMED', language: 'ti', destination: { country: 'IT' }, objectionsHeard: true },
  {
    type: 'PERSONS_INFORMED',
    language: 'ti',
    destination: { country: 'IT' },
    objectionsHeard: true,
    objections: [{ count: 2, reason: 'fear of onward return' }],
  },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT' },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'LY' },
  { type: 'PLACE_OF_SAFETY_DECLINED', country: 'IT' },
  { type: 'COUNTRY_ASSESSED', country: 'IT', unsafe: true, source: 'review', date: '2026-06-01' },
  { type: 'FORCE_USED', forceUsed: 'firearms' },
];

const OPENINGS = [
  opening(),
  opening({ vessel: { flag: null } }),
  opening({ vessel: { flag: 'SL' } }),
  opening({ vessel: { name: 'unknown' } }),
  opening({ position: AT.maltaTerritorialSea }),
  opening({ position: AT.maltaContiguousZone, vessel: { flag: null } }),
  opening({ grounds: [] }),
];

// The step each action invites, at this moment; none for actions that invite no step of their own.
function invited(ctx: CaseContext, a: RequiredAction): DeskEvent[] | undefined {
  const about = REFERRAL_FOR[a.code as keyof typeof REFERRAL_FOR];
  if (about) return [{ type: 'REFERRAL_MADE', about }];
  const own = ctx.interceptingState;
  switch (a.code) {
    case 'ASSESS_SAFETY_OF_LIFE':
      return [{ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] }];
    case 'RENDER_ASSISTANCE':
      return [{ type: 'RESCUE_COMPLETED', rescued: 40 }];
    case 'NOTIFY_RCC':
      return [{ type: 'RCC_NOTIFIED', rcc: 'RCC' }];
    case 'RECORD_GROUNDS':
      return [{ type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] }];
    case 'NOTIFY_FLAG_STATE':
      return [{ type: 'FLAG_STATE_NOTIFIED', state: flagStateOfRecord(ctx)! }];
    case 'REQUEST_AUTHORISATION':
      return [{ type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }];
    case 'BOARD_VESSEL':
      return [{ type: 'BOARDING_STARTED', flagOfficerOnBoard: true }];
    case 'APPLY_SAFEGUARDS':
      return [{ type: 'SAFEGUARDS_RECORDED' }];
    case 'SEARCH_VESSEL':
      return [{ type: 'SEARCH_COMPLETED', evidenceFound: true }];
    case 'TAKE_AUTHORISED_MEASURES':
      return [
        { type: 'VESSEL_RELEASED' },
        { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] },
        { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: own } },
      ];
    case 'REPORT_RESULTS_TO_FLAG_STATE':
      return [{ type: 'RESULTS_REPORTED', to: 'the flag State' }];
    case 'ASSESS_COMPENSATION':
      return [{ type: 'COMPENSATION_ASSESSED', lossOrDamage: false }];
    case 'SCREEN_PERSONS':
      return [{ type: 'PERSONS_SCREENED', total: 40 }];
    case 'INFORM_PERSONS':
      return [{ type: 'PERSONS_INFORMED', language: 'ar' }];
    case 'ASSESS_OBJECTIONS': {
      const country = Object.entries(ctx.persons.objections).find(([, s]) => s === 'unresolved')![0];
      return [{ type: 'OBJECTIONS_ASSESSED', country, upheld: false }];
    }
    case 'REFER_PROTECTION_CLAIMS':
      return [{ type: 'PROTECTION_CLAIMS_REFERRED' }];
    case 'NOTIFY_CONSULAR_RIGHTS':
      return [{ type: 'CONSULAR_RIGHTS_NOTIFIED' }];
    case 'BRING_BEFORE_JUDICIAL_AUTHORITY':
      return [{ type: 'DETENTION_REVIEWED', by: 'magistrate' }];
    case 'IDENTIFY_PLACE_OF_SAFETY':
      return [{ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: own }];
    case 'DISEMBARK':
      return a.waitsFor
        ? undefined
        : [{ type: 'DISEMBARKATION_COMPLETED', country: ctx.placeOfSafety.designated!.country }];
    case 'REVIEW_LEGAL_INCIDENT':
      return [
        { type: 'INCIDENT_REVIEWED', incidentId: ctx.incidents.find((i) => !i.reviewed)!.id, finding: 'ok' },
      ];
    case 'CLOSE_CASE':
      return [{ type: 'CASE_CLOSED' }];
    default:
      return undefined;
  }
}

// Under `npm run mutate` each mutant runs 120 of the paths (vitest.mutate.config.ts): the walk covers nearly
// every mutant, so its length sets the run's length; the rules are held by the tests written at them.
const RUNS = process.env.MUTATION_RUN ? 120 : 3_000;

describe('the guidance never offers what the law refuses now (domain.md, second review)', () => {
  it('every required action that invites a step is applied when taken, over 3,000 random paths', () => {
    let offers = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...OPENINGS),
        fc.array(fc.tuple(fc.nat({ max: ALPHABET.length }), fc.integer({ min: 1, max: 120 })), {
          maxLength: 20,
        }),
        (o, moves) => {
          let ctx = engine.open({ id: 'g', at: START, setting: SETTING, opening: o }).context;
          let minute = 0;
          for (const [pick, wait] of moves) {
            minute += wait;
            const at = addMinutes(new Date(START), minute).toISOString();
            const event: DeskEvent =
              pick === ALPHABET.length && ctx.deadlines.length > 0
                ? { type: 'DEADLINE_PASSED', deadlineId: ctx.deadlines[0]!.id }
                : ALPHABET[pick % ALPHABET.length]!;
            const d = decide(ctx, event, at);
            // Every refusal says the rule and, but for a step that makes no sense now, its basis.
            checkDecision(d, event.type);
            if (d.outcome === 'applied') ctx = evolve(ctx, event, at, d, { classifyZone });
            const now = addMinutes(new Date(at), 1).toISOString();
            const actions = deriveRequiredActions(ctx);
            // every action shows what to do and the article behind it
            checkActions(actions, `after ${event.type}`);
            for (const action of actions) {
              const steps = invited(ctx, action);
              if (!steps) continue;
              offers++;
              const answers = steps.map((s) => decide(ctx, s, now));
              if (!answers.some((x) => x.outcome === 'applied')) {
                const why = answers.map((x) => (x.outcome === 'refused' ? x.reason : x.outcome)).join(', ');
                throw new Error(`${action.code} offered but its step is refused (${why})`);
              }
            }
          }
        },
      ),
      { numRuns: RUNS, seed: 20261202 },
    );
    console.log(`guidance: ${offers} offered steps taken, none refused`);
    expect(offers).toBeGreaterThan(RUNS * 3);
  });
});
