// The step each event type would be, as little as its schema takes, so that the law can be asked about it
// before anyone fills in a form (offers.ts). Where the law reads the payload (where persons go, which measures,
// a flag-State officer on board, the signal to stop), the other choices that could change its answer are
// probed too, each naming the fields it changes. Values are the case's own where it has them (the flag State
// of record, the place designated); nothing here decides anything.
import type { CaseContext } from './context.ts';
import { flagStateOfRecord } from './legal-basis.ts';
import type { CaseEvent, CaseEventType } from './schemas.ts';

type Payload<T extends CaseEventType> = Omit<Extract<CaseEvent, { type: T }>, 'type' | 'override'>;

interface Probing<T extends CaseEventType> {
  base: Payload<T>;
  // other choices the user may make, each with the fields it changes
  vary?: Array<{ on: string[]; with: Partial<Payload<T>> }>;
}

export interface Probe {
  event: CaseEvent;
  // the fields this probe changes from the first one (none for the first)
  on: string[];
}

// ISO 3166-1 keeps XA-XZ for private use: no State's profile, no assessment, never the intercepting State.
// Where the answer for some other country differs, this one shows it.
function elsewhere(ctx: CaseContext, ...taken: Array<string | undefined>): string {
  const used = new Set([ctx.interceptingState, ...taken]);
  return ['XA', 'XB', 'XC', 'XD'].find((c) => !used.has(c)) as string;
}

const own = (ctx: CaseContext) => ctx.interceptingState;
const rcc = (ctx: CaseContext) => ctx.distress.coordinatingRcc ?? ctx.distress.rcc ?? 'the responsible RCC';
const placeCountry = (ctx: CaseContext) =>
  ctx.placeOfSafety.designated?.country ?? ctx.placeOfSafety.proposed?.country ?? own(ctx);

const PROBES: { [T in CaseEventType]: (ctx: CaseContext) => Probing<T> } = {
  POSITION_REPORTED: (ctx) => ({ base: { lat: ctx.position.lat, lon: ctx.position.lon } }),
  SUSPICION_RECORDED: () => ({ base: { grounds: ['grounds for suspecting migrant smuggling'] } }),
  VESSEL_IDENTIFIED: () => ({ base: {} }),
  DISTRESS_ASSESSED: (ctx) => ({ base: { phase: ctx.distress.phase ?? 'none', factors: [] } }),
  RCC_NOTIFIED: (ctx) => ({ base: { rcc: rcc(ctx) } }),
  ASSISTANCE_REFUSED: () => ({ base: {} }),
  RESCUE_COMPLETED: (ctx) => ({ base: { rescued: ctx.personsOnBoard ?? 0 } }),
  // the flag State of record again, or another State (an inquiry about the registry only)
  FLAG_STATE_NOTIFIED: (ctx) => {
    const record = flagStateOfRecord(ctx);
    return {
      base: { state: record ?? elsewhere(ctx) },
      vary: [{ on: ['state'], with: { state: elsewhere(ctx, record) } }],
    };
  },
  FLAG_STATE_ACKNOWLEDGED: () => ({ base: {} }),
  REGISTRY_CONFIRMED: () => ({ base: {} }),
  REGISTRY_REFUTED: () => ({ base: {} }),
  AUTHORISATION_REQUESTED: () => ({ base: { scopes: ['board', 'search', 'measures'] } }),
  AUTHORISATION_GRANTED: () => ({ base: { scopes: ['board'], conditions: [] } }),
  AUTHORISATION_REFUSED: () => ({ base: {} }),
  FLAG_STATE_WILL_ACT: () => ({ base: {} }),
  FLAG_STATE_INFORMED: () => ({ base: { about: 'moving-vessel' } }),
  COASTAL_STATE_CONSENTED: (ctx) => ({ base: { state: ctx.zone.state ?? elsewhere(ctx) } }),
  COASTAL_STATE_INFORMED: (ctx) => ({ base: { state: ctx.zone.state ?? elsewhere(ctx) } }),
  HOT_PURSUIT_STARTED: () => ({
    base: { startedIn: 'territorial-sea', signalGiven: true, violation: 'suspected migrant smuggling' },
    vary: [
      { on: ['startedIn'], with: { startedIn: 'contiguous-zone' } },
      { on: ['signalGiven'], with: { signalGiven: false } },
    ],
  }),
  HOT_PURSUIT_ENDED: () => ({ base: {} }),
  // the flag State's conditions read these (SoM art. 8(5))
  BOARDING_STARTED: () => ({
    base: {},
    vary: [
      { on: ['flagOfficerOnBoard'], with: { flagOfficerOnBoard: true } },
      { on: ['forceUsed'], with: { forceUsed: 'other' } },
    ],
  }),
  SAFEGUARDS_RECORDED: () => ({ base: {} }),
  SEARCH_COMPLETED: () => ({ base: { evidenceFound: false } }),
  // what is done, and where the vessel and the persons are taken
  MEASURES_TAKEN: (ctx) => ({
    base: { measures: ['seize-vessel'] },
    vary: [
      { on: ['measures', 'detained'], with: { measures: ['detain-suspects'], detained: 1 } },
      {
        on: ['measures', 'destination'],
        with: { measures: ['escort-to-port'], destination: { country: own(ctx) } },
      },
      {
        on: ['measures', 'destination'],
        with: { measures: ['divert'], destination: { country: elsewhere(ctx) } },
      },
    ],
  }),
  VESSEL_RELEASED: () => ({ base: {} }),
  RESULTS_REPORTED: (ctx) => ({ base: { to: flagStateOfRecord(ctx) ?? 'the flag State' } }),
  COMPENSATION_ASSESSED: () => ({ base: { lossOrDamage: false } }),
  PERSONS_SCREENED: (ctx) => ({ base: { total: ctx.personsOnBoard ?? 0 } }),
  PROTECTION_CLAIMS_RECORDED: () => ({ base: { count: 0, countriesOfOrigin: [] } }),
  PROTECTION_CLAIMS_REFERRED: () => ({ base: {} }),
  PERSONS_INFORMED: () => ({ base: { language: 'en' } }),
  CONSULAR_RIGHTS_NOTIFIED: () => ({ base: {} }),
  // where persons go: the intercepting State, or a third country
  PLACE_OF_SAFETY_PROPOSED: (ctx) => ({
    base: { country: own(ctx) },
    vary: [{ on: ['country'], with: { country: elsewhere(ctx) } }],
  }),
  PLACE_OF_SAFETY_DESIGNATED: (ctx) => {
    const proposed = ctx.placeOfSafety.proposed?.country ?? own(ctx);
    return {
      base: { by: 'authority', country: proposed },
      vary: [
        { on: ['country'], with: { country: own(ctx) } },
        { on: ['country'], with: { country: elsewhere(ctx, proposed) } },
      ],
    };
  },
  DISEMBARKATION_COMPLETED: (ctx) => ({
    base: { country: placeCountry(ctx) },
    vary: [
      { on: ['country'], with: { country: own(ctx) } },
      { on: ['country'], with: { country: elsewhere(ctx, placeCountry(ctx)) } },
    ],
  }),
  PERSONS_HANDED_OVER: (ctx) => ({
    base: { to: { country: own(ctx) } },
    vary: [{ on: ['to.country'], with: { to: { country: elsewhere(ctx) } } }],
  }),
  PERSONS_TAKEN_ON_BOARD: (ctx) => ({ base: { count: Math.max(1, ctx.personsOnBoard ?? 1) } }),
  INCIDENT_REVIEWED: (ctx) => ({
    base: {
      incidentId: (ctx.incidents.find((i) => !i.reviewed) ?? ctx.incidents[0])?.id ?? 'no-incident',
      finding: 'reviewed',
    },
  }),
  CASE_CLOSED: () => ({ base: {} }),
  REGISTER_CHECKED: () => ({ base: { onRegister: true } }),
  // the answer must agree with the register check, and a refutation carries no authorisation (SoM art. 8(4))
  REQUEST_ANSWERED: (ctx) => {
    const registry = ctx.incoming?.onRegister === false ? 'refuted' : 'confirmed';
    return {
      base: { registry },
      vary: [
        { on: ['registry'], with: { registry: registry === 'confirmed' ? 'refuted' : 'confirmed' } },
        { on: ['authorisation'], with: { authorisation: { scopes: ['board'], conditions: [] } } },
      ],
    };
  },
  AUTHORISATION_WITHDRAWN: () => ({ base: {} }),
  INFRINGEMENT_COMMITTED: () => ({ base: { where: 'territorial-sea' } }),
  RCC_COORDINATION_ACCEPTED: (ctx) => ({ base: { rcc: rcc(ctx) } }),
  SAR_CASE_CLOSED: (ctx) => ({ base: { by: rcc(ctx) } }),
  PLACE_OF_SAFETY_DECLINED: (ctx) => ({ base: { country: placeCountry(ctx) } }),
  REFERRAL_MADE: (ctx) => ({ base: { about: ctx.persons.referralsOwed[0] ?? 'medical' } }),
  DETENTION_REVIEWED: () => ({ base: { by: 'the judicial authority' } }),
  // the consulate of a protection claimant's country of origin is another matter (SoM art. 19(1))
  CONSULATE_CONTACTED: (ctx) => {
    const origins = ctx.persons.claims.countriesOfOrigin;
    return {
      base: { country: elsewhere(ctx, ...origins), atRequestOf: 'person' },
      vary: origins.map((country) => ({ on: ['country'], with: { country } })).slice(0, 1),
    };
  },
  FORCE_USED: () => ({ base: { forceUsed: 'none' } }),
  COUNTRY_ASSESSED: (ctx) => ({
    base: { country: elsewhere(ctx), unsafe: false, source: 'assessment', date: ctx.at.slice(0, 10) },
  }),
  OBJECTIONS_ASSESSED: (ctx) => {
    const objected = Object.entries(ctx.persons.objections).find(([, s]) => s === 'unresolved')?.[0];
    return { base: { country: objected ?? own(ctx), upheld: false } };
  },
  REQUEST_ACKNOWLEDGED: () => ({ base: {} }),
  SENT_BY_OTHER_MEANS: () => ({ base: { channel: 'phone' } }),
  REPLY_ESCALATED: () => ({ base: {} }),
};

// The step first, then each other choice the law may read; the same event is asked once.
export function probesFor(ctx: CaseContext, type: CaseEventType): Probe[] {
  const { base, vary = [] } = (PROBES[type] as (c: CaseContext) => Probing<typeof type>)(ctx);
  const all: Probe[] = [
    { event: { type, ...base } as CaseEvent, on: [] },
    ...vary.map((v) => ({ event: { type, ...base, ...v.with } as CaseEvent, on: v.on })),
  ];
  const seen = new Set<string>();
  return all.filter((p) => {
    const key = JSON.stringify(p.event);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
