// The thirteen invariants of domain.md ("Invariants (hold on every path of the workflow)"), checked on one step
// (prev -> event -> next) against facts the checker keeps itself, from the event history, in PathMemory: its own
// flag State of record, which consents came from which State, whether grounds were recorded, whether the danger
// is open, which third countries have assessments, what persons were told. It never asks deriveLegalBasis, and
// asks deriveRequiredActions only as the thing under test (invariants 3, 5, 6, 7, 12): a wrong legal basis must
// not agree with itself.
//
// Where domain.md is silent and machines/README.md writes down a reading, the checker takes that reading only
// where it restrains enforcement (an express refusal prevails over a standing authorisation; the distress latch
// holds until the danger closes). Where the checker reads a rule more widely than the engine, it does so only in
// the direction that cannot accuse a lawful step (the basis's permits as the union of every row's scopes; the
// blocking duties of invariant 8 as a subset of the contract's table).

import type { RequiredAction } from '../../machines/action-codes.ts';
import type { CaseContext } from '../../machines/context.ts';
import type { PersistedCase } from '../../machines/engine.ts';
import { deriveRequiredActions } from '../../machines/required-actions.ts';
import type { Decision } from '../../machines/rules.ts';
import type {
  CaseEvent,
  Condition,
  DeskEvent,
  DistressPhase,
  IncomingRequest,
  Measure,
  OpeningReport,
  Position,
  Scope,
  Setting,
  Zone,
} from '../../machines/schemas.ts';
import { AT, classifyZone, engine, opening, START } from './harness.ts';

const ALL: Scope[] = ['board', 'search', 'measures'];
const PHASE_RANK: Record<DistressPhase, number> = { none: 0, uncertainty: 1, alert: 2, distress: 3 };

// ---------------------------------------------------------------------------------------------------------
// The world the walks run in: the States' profiles and the country assessments, as data the checker reads
// directly (never through the engine).
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
    NL: {
      protocolParty: true,
      standingAuthorisation: {
        agreement: 'Demo standing agreement (fictional)',
        with: ['MT'],
        scopes: ['board', 'search', 'measures'],
      },
    },
    IT: {
      protocolParty: true,
      standingCoastalConsent: { agreement: 'Demo joint patrol (fictional)', with: ['MT'], scopes: ['board'] },
    },
    TN: { protocolParty: true, contiguousZoneNm: 24 },
  },
  countryAssessments: {
    LY: { unsafe: true, source: 'demo', date: '2026-01-01' },
    IT: { unsafe: false, source: 'demo', date: '2026-01-01' },
  },
};

// ---------------------------------------------------------------------------------------------------------
// What the checker remembers along a path. Plain data, so a walk can copy it cheaply at every branch.
type Objection = 'unresolved' | 'upheld' | 'dismissed';
type Row =
  | 'government'
  | 'coastal'
  | 'foreign-coastal'
  | 'hot-pursuit'
  | 'contiguous-zone'
  | 'own-flag'
  | 'stateless'
  | 'undetermined'
  | 'consent';

export interface PathMemory {
  kind: 'interception' | 'incoming-request';
  // the moment of the step being checked (set by the walk before each checkStep)
  now: string;
  setting: Setting;
  intercepting: string;
  unitQualified: boolean;
  personsOnBoard?: number;
  closed: boolean;
  // identification, as recorded by the opening and VESSEL_IDENTIFIED
  vessel: { flag?: string | null; registryClaimed?: string | null; flagsUsed: string[]; government: boolean };
  refutedBy: string[];
  position: Position;
  zone: Zone;
  grounds: boolean;
  // the flag-State procedure towards the flag State of record (starts again when that State changes)
  record?: string;
  notified: boolean;
  asked: boolean;
  inquiries: string[];
  express: Scope[];
  withdrawn: Scope[];
  // scopes once consented to by a State that is not (or is no longer) the flag State of record: never a basis
  foreignOrLapsed: Scope[];
  lastReply: 'granted' | 'refused' | 'will-act' | null;
  answered: boolean;
  deemedClockFrom?: string;
  deemedMatured: boolean;
  conditions: Condition['kind'][];
  movingInformed: boolean;
  coastalConsents: Record<string, Scope[]>;
  infringement: boolean;
  pursuit: null | { lawful: boolean; active: boolean };
  boardedUnderPursuit: boolean;
  // life
  assessedEver: boolean;
  lastPhase: DistressPhase | null;
  reassess: boolean;
  dangerOpen: boolean;
  distressLatch: boolean;
  renderOwed: boolean;
  rccOwed: boolean;
  // enforcement and what it leaves owed
  boardedEver: boolean;
  safeguards: boolean;
  evidence: boolean;
  compensationBasisBoarding: boolean;
  searched: boolean;
  released: boolean;
  stoppedAfterFactPursuit: boolean;
  compensationAssessed: boolean;
  reportsOwed: string[];
  consularOwed: boolean;
  judicialOwed: boolean;
  // persons
  takenOnBoard: boolean;
  rescued: boolean;
  underControl: boolean;
  screened: boolean;
  screenedTotal?: number;
  handedOver?: { all: boolean; lawful: boolean };
  disembarked: boolean;
  informed: Array<{ country?: string; heard: boolean }>;
  pending?: string;
  objections: Record<string, Objection>;
  origins: string[];
  caseAssessments: Record<string, boolean>;
  claimsOwed: boolean;
  referrals: string[];
  designated?: string;
  declined: string[];
  incidentsOpened: number;
  incidentsReviewed: number;
  // incoming request
  registerChecked: boolean;
  onRegister?: boolean;
  requestAnswered: boolean;
}

export type Start =
  | { name: string; kind: 'interception'; opening: OpeningReport }
  | { name: string; kind: 'incoming-request'; request: IncomingRequest; homeState: string };

function recordOf(v: PathMemory['vessel']): string | undefined {
  const used = [...new Set(v.flagsUsed)];
  if (used.length >= 2) return undefined;
  return v.registryClaimed ?? v.flag ?? used[0] ?? undefined;
}

export function freshMemory(start: Start, setting: Setting = WORLD_SETTING): PathMemory {
  const isIncoming = start.kind === 'incoming-request';
  const o: OpeningReport = isIncoming
    ? {
        interceptingState: start.request.from,
        unit: { name: 'their unit', governmentService: true, clearlyMarked: true, authorised: true },
        vessel: start.request.vessel,
        position: start.request.position,
        grounds: start.request.grounds,
      }
    : start.opening;
  const vessel = {
    ...('flag' in o.vessel ? { flag: o.vessel.flag } : {}),
    ...('registryClaimed' in o.vessel ? { registryClaimed: o.vessel.registryClaimed } : {}),
    flagsUsed: [...(o.vessel.flagsUsed ?? [])],
    government: o.vessel.government === true,
  };
  return {
    kind: start.kind,
    now: START,
    setting,
    intercepting: o.interceptingState,
    unitQualified: o.unit.governmentService && o.unit.clearlyMarked && o.unit.authorised,
    ...(o.personsOnBoard !== undefined ? { personsOnBoard: o.personsOnBoard } : {}),
    closed: false,
    vessel,
    refutedBy: [],
    position: o.position,
    zone: classifyZone(o.position, setting),
    grounds: (o.grounds ?? []).length > 0,
    record: recordOf(vessel),
    notified: false,
    asked: false,
    inquiries: [],
    express: [],
    withdrawn: [],
    foreignOrLapsed: [],
    lastReply: null,
    answered: false,
    deemedMatured: false,
    conditions: [],
    movingInformed: false,
    coastalConsents: {},
    infringement: false,
    pursuit: null,
    boardedUnderPursuit: false,
    assessedEver: false,
    lastPhase: null,
    reassess: false,
    dangerOpen: false,
    distressLatch: false,
    renderOwed: false,
    rccOwed: false,
    boardedEver: false,
    safeguards: false,
    evidence: false,
    compensationBasisBoarding: false,
    searched: false,
    released: false,
    stoppedAfterFactPursuit: false,
    compensationAssessed: false,
    reportsOwed: [],
    consularOwed: false,
    judicialOwed: false,
    takenOnBoard: false,
    rescued: false,
    underControl: false,
    screened: false,
    disembarked: false,
    informed: [],
    objections: {},
    origins: [],
    caseAssessments: {},
    claimsOwed: false,
    referrals: [],
    declined: [],
    incidentsOpened: 0,
    incidentsReviewed: 0,
    registerChecked: false,
    requestAnswered: false,
  };
}

export const copyMemory = (m: PathMemory): PathMemory => structuredClone(m);

// ---------------------------------------------------------------------------------------------------------
// The checker's own reading of domain.md, from its memory only.

const ordered = (scopes: Iterable<Scope>): Scope[] => {
  const set = new Set(scopes);
  return ALL.filter((s) => set.has(s));
};
const minus = (a: Scope[], b: Scope[]) => a.filter((s) => !b.includes(s));

type Nationality = { status: 'without' } | { status: 'undetermined' } | { status: 'claimed'; state: string };

function nationality(m: PathMemory): Nationality {
  if (new Set(m.vessel.flagsUsed).size >= 2) return { status: 'without' };
  const r = m.record;
  if (r && m.refutedBy.includes(r)) return { status: 'without' };
  if (r) return { status: 'claimed', state: r };
  if (m.vessel.flag === null && m.vessel.registryClaimed == null) return { status: 'without' };
  return { status: 'undetermined' };
}

// Consent counts only from the flag State of record (domain.md, "Consent belongs to the State that gave it"); an
// express refusal or the flag State acting itself prevails over a standing or deemed authorisation (README 1).
function consentScopes(m: PathMemory, state: string): Scope[] {
  const profile = m.setting.states[state];
  const agreementsHold = m.lastReply !== 'refused' && m.lastReply !== 'will-act';
  const standing = profile?.standingAuthorisation;
  const deemed = profile?.deemedConsent;
  const scopes: Scope[] = [...m.express];
  if (agreementsHold && standing?.with.includes(m.intercepting)) scopes.push(...standing.scopes);
  if (agreementsHold && m.deemedMatured && deemed?.with.includes(m.intercepting))
    scopes.push(...deemed.scopes);
  return minus(ordered(scopes), m.withdrawn);
}

interface Way {
  needsEvidence: boolean;
  only?: Measure[];
  noInward?: boolean;
}
interface Basis {
  row: Row;
  scopes: Scope[];
  ways: Way[];
  // rows 9-11: the State whose consent covers the scopes
  consentState?: string;
  consent: Scope[];
}
const OPEN: Way = { needsEvidence: false };

const ownTerritorialSea = (m: PathMemory) =>
  m.zone.zone === 'territorial-sea' && m.zone.states.includes(m.intercepting);
const foreignTerritorialSea = (m: PathMemory) =>
  m.zone.zone === 'territorial-sea' && !m.zone.states.includes(m.intercepting);
const ownContiguousZone = (m: PathMemory) =>
  m.zone.zone === 'contiguous-zone' &&
  m.zone.states.includes(m.intercepting) &&
  (m.setting.states[m.intercepting]?.contiguousZoneNm ?? 0) > 12;

function nationalityRow(m: PathMemory): Basis {
  const n = nationality(m);
  if (n.status === 'claimed' && n.state === m.intercepting) {
    return { row: 'own-flag', scopes: [...ALL], ways: [OPEN], consent: [] };
  }
  if (n.status === 'without') {
    return {
      row: 'stateless',
      scopes: m.evidence ? [...ALL] : ['board', 'search'],
      ways: [{ needsEvidence: true }],
      consent: [],
    };
  }
  if (n.status === 'undetermined') return { row: 'undetermined', scopes: ['board'], ways: [], consent: [] };
  const consent = consentScopes(m, n.state);
  return { row: 'consent', scopes: consent, ways: [{ needsEvidence: true }], consentState: n.state, consent };
}

// domain.md's table, as the checker reads it. Security Council authorisations (row 8b) are not in this world.
function basisOf(m: PathMemory): Basis {
  if (m.vessel.government) return { row: 'government', scopes: [], ways: [], consent: [] };
  if (ownTerritorialSea(m)) return { row: 'coastal', scopes: [...ALL], ways: [OPEN], consent: [] };
  if (foreignTerritorialSea(m)) {
    const scopes = ordered(
      m.zone.states.flatMap((s) => {
        const standing = m.setting.states[s]?.standingCoastalConsent;
        return [
          ...(m.coastalConsents[s] ?? []),
          ...(standing?.with.includes(m.intercepting) ? standing.scopes : []),
        ];
      }),
    );
    return { row: 'foreign-coastal', scopes, ways: scopes.includes('measures') ? [OPEN] : [], consent: [] };
  }
  // A lawful pursuit (and the arrest it led to: UNCLOS art. 111) prevails over rows 4-7 outside territorial seas.
  if (m.pursuit?.lawful && (m.pursuit.active || m.boardedUnderPursuit)) {
    return { row: 'hot-pursuit', scopes: [...ALL], ways: [OPEN], consent: [] };
  }
  const row = nationalityRow(m);
  if (ownContiguousZone(m)) {
    const cz: Way = m.infringement
      ? OPEN
      : { needsEvidence: false, only: ['divert', 'escort-to-port'], noInward: true };
    if (row.scopes.length > 0) {
      return { ...row, scopes: [...ALL], ways: [...(row.scopes.includes('measures') ? row.ways : []), cz] };
    }
    return { row: 'contiguous-zone', scopes: [...ALL], ways: [cz], consent: [] };
  }
  return row;
}

const isThird = (m: PathMemory, country: string) => country !== m.intercepting;
const assessed = (m: PathMemory, c: string) =>
  !isThird(m, c) || m.setting.countryAssessments[c] !== undefined || m.caseAssessments[c] !== undefined;
// Excluded: a claimant's country of origin, a country assessed unsafe (by the directory or in the case), a
// destination whose objections were upheld (SoM art. 19(1); MSC.167(78) 6.17).
const excluded = (m: PathMemory, c: string) =>
  m.origins.includes(c) ||
  m.setting.countryAssessments[c]?.unsafe === true ||
  m.caseAssessments[c] === true ||
  m.objections[c] === 'upheld';
// "the destination is then excluded for the case (reason objection-unresolved)" (domain.md, second review)
const objectionOpen = (m: PathMemory, c: string) => isThird(m, c) && m.objections[c] === 'unresolved';
const heard = (m: PathMemory, c: string) => m.informed.some((i) => i.country === c && i.heard);
const personsAboard = (m: PathMemory) => m.personsOnBoard !== 0 && !m.takenOnBoard && !m.handedOver?.all;
const placeOwed = (m: PathMemory) =>
  (m.takenOnBoard || m.underControl) && !m.disembarked && !(m.handedOver?.all && m.handedOver.lawful);
// searched or released with nothing found (domain.md, procedure step 9)
const nothingFound = (m: PathMemory) => !m.evidence && (m.searched || m.released);
// why compensation must be assessed (domain.md, procedure step 9; contract.md, ASSESS_COMPENSATION), if it must
const compensationOwed = (m: PathMemory): string | undefined => {
  if (m.compensationAssessed) return undefined;
  if (m.compensationBasisBoarding && nothingFound(m))
    return 'boarded on rows 6-11, then searched or released with nothing found';
  if (m.stoppedAfterFactPursuit)
    return 'boarded or subjected to measures after a hot pursuit recorded as fact';
  return undefined;
};
const designationUsable = (m: PathMemory) => {
  const d = m.designated;
  return (
    d !== undefined && !m.declined.includes(d) && !excluded(m, d) && !objectionOpen(m, d) && assessed(m, d)
  );
};

// The duties domain.md and contract.md make blocking, as the checker derives them from the history: each is
// one of the table's blocking actions, so a closed case with one of them open breaks invariant 8 (or 3, 5, 6,
// 7, 12, which name them).
function blockingDuties(m: PathMemory): Array<{ inv: number; what: string }> {
  const out: Array<{ inv: number; what: string }> = [];
  const unreviewed = m.incidentsOpened - m.incidentsReviewed;
  if (unreviewed > 0) out.push({ inv: 8, what: `${unreviewed} incident(s) not reviewed` });
  if (m.kind === 'incoming-request') {
    if (!m.registerChecked) out.push({ inv: 8, what: 'the national register not checked' });
    if (!m.requestAnswered) out.push({ inv: 8, what: 'the request not answered' });
    return out;
  }
  if (!m.assessedEver || m.reassess) out.push({ inv: 8, what: 'the safety of life not (re)assessed' });
  if (m.renderOwed) out.push({ inv: 3, what: 'assistance owed to persons in distress' });
  if (m.dangerOpen) out.push({ inv: 12, what: 'the danger still open' });
  if (m.rccOwed) out.push({ inv: 8, what: 'the RCC not told of the latest change' });
  if (m.boardedEver && !m.safeguards) out.push({ inv: 8, what: 'safeguards not recorded after boarding' });
  for (const s of m.reportsOwed) out.push({ inv: 5, what: `results not reported to ${s}` });
  const compensation = compensationOwed(m);
  if (compensation) out.push({ inv: 6, what: `compensation not assessed (${compensation})` });
  if (m.consularOwed) out.push({ inv: 7, what: 'detained persons not told of consular rights' });
  if (m.judicialOwed) out.push({ inv: 8, what: 'detention not reviewed by a judicial authority' });
  for (const r of m.referrals) out.push({ inv: 8, what: `referral ${r} not made` });
  if (m.pending) out.push({ inv: 8, what: `persons not told of ${m.pending}` });
  for (const [c, s] of Object.entries(m.objections))
    if (s === 'unresolved') out.push({ inv: 8, what: `objections against ${c} not assessed` });
  if (m.claimsOwed) out.push({ inv: 8, what: 'protection claims not referred' });
  if (placeOwed(m)) out.push({ inv: 8, what: 'persons under control not brought to a place of safety' });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The step.

const ACT_SCOPE: Partial<Record<DeskEvent['type'], Scope>> = {
  BOARDING_STARTED: 'board',
  SEARCH_COMPLETED: 'search',
  MEASURES_TAKEN: 'measures',
  PERSONS_TAKEN_ON_BOARD: 'measures',
};

type MoveKind = 'divert' | 'escort' | 'handover' | 'disembark';
function moveOf(event: DeskEvent): { country: string; kind: MoveKind } | undefined {
  switch (event.type) {
    case 'MEASURES_TAKEN':
      return event.destination
        ? {
            country: event.destination.country,
            kind: event.measures.includes('divert') ? 'divert' : 'escort',
          }
        : undefined;
    case 'PERSONS_HANDED_OVER':
      return { country: event.to.country, kind: 'handover' };
    case 'DISEMBARKATION_COMPLETED':
      return { country: event.country, kind: 'disembark' };
    default:
      return undefined;
  }
}

// Proposals and designations by the authority are decisions (no override); an RCC's designation is recorded.
function decisionPlace(event: DeskEvent): string | undefined {
  if (event.type === 'PLACE_OF_SAFETY_PROPOSED') return event.country;
  if (event.type === 'PLACE_OF_SAFETY_DESIGNATED' && event.by === 'authority') return event.country;
  return undefined;
}

const FACT_CATEGORIES = new Set(['legal', 'possible-fundamental-rights-violation']);
const detains = (e: Extract<DeskEvent, { type: 'MEASURES_TAKEN' }>) =>
  e.measures.includes('detain-suspects') || (e.detained ?? 0) > 0;
const forceIncident = (e: DeskEvent) =>
  (e.type === 'BOARDING_STARTED' || e.type === 'MEASURES_TAKEN' || e.type === 'FORCE_USED') &&
  (e.forceUsed === 'firearms' || (e.casualties?.injured ?? 0) + (e.casualties?.dead ?? 0) > 0);

function fits(m: PathMemory, w: Way, kinds: Measure[], inward: boolean): boolean {
  if (w.needsEvidence && !m.evidence) return false;
  if (w.only && kinds.some((k) => !w.only!.includes(k))) return false;
  if (w.noInward && inward) return false;
  return true;
}

// Hot pursuit may begin only while the vessel is in the intercepting State's waters (or, for the rights that zone
// protects, its contiguous zone), after a signal, by a government unit, not against an immune vessel, and not
// while persons are in distress (domain.md, Hot pursuit; Safety of life).
function pursuitLawful(m: PathMemory, e: Extract<DeskEvent, { type: 'HOT_PURSUIT_STARTED' }>): boolean {
  const where = ownTerritorialSea(m) || (e.startedIn === 'contiguous-zone' && ownContiguousZone(m));
  return (
    where && e.signalGiven && m.unitQualified && !m.vessel.government && !(m.dangerOpen && m.distressLatch)
  );
}

export function checkStep(
  prev: CaseContext,
  event: DeskEvent,
  decision: Decision,
  next: CaseContext,
  mem: PathMemory,
): string[] {
  const bad: string[] = [];
  const m = mem;
  const t = event.type;

  if (decision.outcome === 'refused') {
    // 9 (and domain.md, Refusals): a refused event changes nothing but the audit trail.
    if (next !== prev && JSON.stringify(next) !== JSON.stringify(prev))
      bad.push(`9: refused ${t} (${decision.reason}) changed the case`);
    checkRefusal(m, event, decision, bad);
    return bad;
  }

  const mode = decision.mode;
  const override = 'override' in event ? event.override : undefined;
  const fresh = next.incidents.slice(prev.incidents.length);
  const factIncident = fresh.some((i) => i.event === t && FACT_CATEGORIES.has(i.category));
  const b = basisOf(m);

  // Overrides: a recorded fact opens an incident; imminent-danger only while the danger is open, for acts.
  if (mode === 'recorded-fact' && !factIncident) {
    const which = ACT_SCOPE[t] ? '1/10/13' : moveOf(event) || t === 'VESSEL_RELEASED' ? '4/11' : '1';
    bad.push(`${which}: ${t} recorded as fact opened no incident`);
  }
  if (mode === 'imminent-danger') {
    if (!m.dangerOpen) bad.push(`1/10/13: ${t} applied under imminent-danger while no danger is open`);
    if (!ACT_SCOPE[t])
      bad.push(`1: imminent-danger applied to ${t}, which is no boarding, search or measure`);
  }

  // 1, 2, 10, 13: boarding, search and measures.
  const scope = ACT_SCOPE[t];
  if (scope && mode === 'normal') {
    if (!b.scopes.includes(scope)) {
      if (b.row === 'consent' && (m.foreignOrLapsed.includes(scope) || m.withdrawn.includes(scope))) {
        bad.push(
          `10: ${t} applied on a consent for ${scope} that did not come from the flag State of record (${m.record}) or was withdrawn`,
        );
      } else {
        bad.push(
          `1: ${t} applied without ${scope} in permits (checker's row ${b.row}: ${b.scopes.join(', ')})`,
        );
      }
    } else if (scope === 'measures') {
      const kinds: Measure[] = t === 'MEASURES_TAKEN' ? event.measures : ['other'];
      const inward = t === 'MEASURES_TAKEN' && event.destination?.country === m.intercepting;
      if (!b.ways.some((w) => fits(m, w, kinds, inward)))
        bad.push(
          `1: ${t} (${kinds.join(', ')}) applied outside what row ${b.row} allows (evidence ${m.evidence}; contiguous-zone limits)`,
        );
    }
    if (!m.unitQualified) bad.push(`1: ${t} applied by a unit not qualified under SoM art. 9(4)`);
    if (m.dangerOpen && m.distressLatch)
      bad.push(`1: ${t} applied while persons are in distress, before rescue`);
    if (t === 'BOARDING_STARTED' && !m.grounds)
      bad.push('13: BOARDING_STARTED applied with no grounds recorded');
    if (b.row === 'consent') {
      const kinds = new Set(m.conditions);
      const force = 'forceUsed' in event ? event.forceUsed : undefined;
      if (kinds.has('force-self-defence-only') && force === 'other')
        bad.push(`2: ${t} with force other than self-defence despite force-self-defence-only`);
      if (t === 'BOARDING_STARTED' && kinds.has('flag-officer-on-board') && event.flagOfficerOnBoard !== true)
        bad.push('2: boarding without the flag-State officer despite flag-officer-on-board');
      if (t === 'MEASURES_TAKEN' && kinds.has('no-detention-without-consent') && detains(event))
        bad.push('2: detention despite no-detention-without-consent');
      if (
        t === 'MEASURES_TAKEN' &&
        kinds.has('notify-before-moving-vessel') &&
        !m.movingInformed &&
        event.measures.some((x) => x === 'divert' || x === 'escort-to-port' || x === 'seize-vessel')
      )
        bad.push(
          '2: vessel moved before FLAG_STATE_INFORMED moving-vessel despite notify-before-moving-vessel',
        );
    }
  }
  if (t === 'HOT_PURSUIT_STARTED' && mode === 'normal' && !pursuitLawful(m, event))
    bad.push('1: HOT_PURSUIT_STARTED applied though a condition of UNCLOS art. 111 fails');

  // 4, 11: moving persons.
  const move = moveOf(event);
  if (move) {
    const c = move.country;
    const third = isThird(m, c);
    const barred = excluded(m, c) || objectionOpen(m, c);
    if (mode === 'normal' && excluded(m, c)) bad.push(`4: ${t} to excluded ${c} applied`);
    if (mode === 'normal' && third) {
      if (!assessed(m, c)) bad.push(`11: ${t} to ${c} applied with no country assessment on record`);
      if (objectionOpen(m, c)) bad.push(`11: ${t} to ${c} applied with an unresolved objection`);
      if (!heard(m, c)) bad.push(`11: ${t} to ${c} applied before persons were told of it and heard`);
      if (!m.screened && !(move.kind === 'disembark' && m.rescued))
        bad.push(`11: ${t} to ${c} applied before persons were screened`);
    }
    if (third && override?.kind === 'imminent-danger')
      bad.push(`11: ${t} moved persons to the third country ${c} under the imminent-danger override`);
    if (
      mode === 'recorded-fact' &&
      barred &&
      !fresh.some((i) => i.category === 'possible-fundamental-rights-violation')
    )
      bad.push(
        `4: ${t} to ${c} (${excluded(m, c) ? 'excluded' : 'excluded by an unresolved objection'}) recorded as fact without a possible-fundamental-rights-violation incident`,
      );
  }
  if (t === 'VESSEL_RELEASED' && m.zone.zone === 'territorial-sea' && personsAboard(m)) {
    for (const s of m.zone.states.filter((x) => isThird(m, x))) {
      const barred = excluded(m, s) || objectionOpen(m, s) || !assessed(m, s);
      if (mode === 'normal' && barred)
        bad.push(`4: VESSEL_RELEASED left persons in the waters of excluded or unassessed ${s}`);
      if (
        mode === 'recorded-fact' &&
        (excluded(m, s) || objectionOpen(m, s)) &&
        !fresh.some((i) => i.category === 'possible-fundamental-rights-violation')
      )
        bad.push(
          `4: VESSEL_RELEASED in the waters of excluded ${s} recorded without a fundamental-rights incident`,
        );
    }
  }
  const place = decisionPlace(event);
  if (place) {
    if (excluded(m, place) || objectionOpen(m, place)) bad.push(`4: ${t} naming excluded ${place} applied`);
    if (!assessed(m, place)) bad.push(`11: ${t} naming ${place}, which has no assessment on record, applied`);
    if (mode !== 'normal') bad.push(`4/11: ${t}, a decision, applied under an override (${mode})`);
    if (isThird(m, place) && override?.kind === 'imminent-danger')
      bad.push(`11: ${t} named the third country ${place} under the imminent-danger override`);
  }

  // The flag State's side: an answer follows the register check and agrees with it (SoM art. 8(4)).
  if (t === 'REQUEST_ANSWERED') {
    if (!m.registerChecked) bad.push('incoming: REQUEST_ANSWERED applied before the register check');
    else if (
      (m.onRegister && event.registry === 'refuted') ||
      (!m.onRegister && event.registry === 'confirmed')
    )
      bad.push(`incoming: REQUEST_ANSWERED ${event.registry} applied against the register check`);
  }

  // 5, 6, 7, 8, 12: closing.
  if (t === 'CASE_CLOSED') {
    const engineBlocking = deriveRequiredActions(prev).filter((a) => a.blocking);
    if (engineBlocking.length > 0)
      bad.push(`8: closed with blocking ${engineBlocking.map((a) => a.code).join(', ')} open`);
    for (const d of blockingDuties(m)) bad.push(`${d.inv}: case closed with ${d.what}`);
  }

  // Incidents: each recorded fact, each use of force with firearms or casualties, each detention or seizure
  // under imminent-danger opens exactly one; every open one blocks closing (8).
  let expected = mode === 'recorded-fact' ? 1 : 0;
  if (forceIncident(event)) expected += 1;
  if (
    mode === 'imminent-danger' &&
    t === 'MEASURES_TAKEN' &&
    (detains(event) || event.measures.includes('seize-vessel'))
  )
    expected += 1;
  if (fresh.length !== expected)
    bad.push(`8: ${t} (${mode}) opened ${fresh.length} incident(s), the law opens ${expected}`);

  update(m, event, decision.mode, b, prev);
  m.incidentsOpened += expected;
  bad.push(...checkState(next, m));
  return bad;
}

// domain.md, "Refusals and overrides": which overrides a refusal may offer.
function checkRefusal(
  m: PathMemory,
  event: DeskEvent,
  r: Extract<Decision, { outcome: 'refused' }>,
  bad: string[],
) {
  const t = event.type;
  const offers = r.allowedOverrides;
  if (r.reason === 'not-expected-now' && offers.length > 0)
    bad.push(`overrides: not-expected-now refusal of ${t} offers ${offers.join(', ')}`);
  if (
    (decisionPlace(event) || t === 'PLACE_OF_SAFETY_DESIGNATED' || t === 'CASE_CLOSED') &&
    offers.length > 0
  )
    bad.push(`overrides: refusal of ${t}, a decision, offers ${offers.join(', ')}`);
  if (offers.includes('imminent-danger')) {
    const move = moveOf(event);
    if (!ACT_SCOPE[t] || !m.dangerOpen || (move && isThird(m, move.country)))
      bad.push(`overrides: refusal of ${t} offers imminent-danger (danger open: ${m.dangerOpen})`);
  }
  const actAtSea =
    !!ACT_SCOPE[t] ||
    t === 'HOT_PURSUIT_STARTED' ||
    t === 'PERSONS_HANDED_OVER' ||
    t === 'DISEMBARKATION_COMPLETED';
  if (
    actAtSea &&
    r.reason !== 'not-expected-now' &&
    r.reason !== 'override-not-available' &&
    !offers.includes('recorded-fact')
  )
    bad.push(`overrides: legal refusal of the act at sea ${t} (${r.reason}) does not offer recorded-fact`);
}

// What must hold of the required actions once a step is applied (and of the opening state).
export function checkState(ctx: CaseContext, m: PathMemory): string[] {
  const bad: string[] = [];
  if (m.closed) {
    if (!ctx.closed) bad.push('8: CASE_CLOSED applied but the case is open');
    return bad;
  }
  const actions = deriveRequiredActions(ctx);
  const find = (code: string): RequiredAction | undefined => actions.find((a) => a.code === code);
  const blockingListed = (code: string) => find(code)?.blocking === true;
  // 3: from distress until rescue, none, SAR_CASE_CLOSED or a refusal, RENDER_ASSISTANCE is open and first.
  if (m.renderOwed && actions[0]?.code !== 'RENDER_ASSISTANCE')
    bad.push(`3: persons in distress but RENDER_ASSISTANCE is not first (${actions[0]?.code})`);
  if (!m.renderOwed && find('RENDER_ASSISTANCE'))
    bad.push('3: RENDER_ASSISTANCE open though no distress is open');
  // 12: while the danger is open, a blocking life action.
  if (
    m.dangerOpen &&
    !actions.some(
      (a) =>
        (a.code === 'RENDER_ASSISTANCE' || a.code === 'MONITOR_AT_DISTANCE') &&
        a.priority === 'life' &&
        a.blocking,
    )
  )
    bad.push(`12: the danger is open but no blocking life action (${actions.map((a) => a.code).join(', ')})`);
  // 5, 6, 7: required before the case can close, so required now.
  if (m.reportsOwed.length > 0 && !blockingListed('REPORT_RESULTS_TO_FLAG_STATE'))
    bad.push(
      `5: results owed to ${m.reportsOwed.join(', ')} but REPORT_RESULTS_TO_FLAG_STATE is not required`,
    );
  const compensation = compensationOwed(m);
  if (compensation && !blockingListed('ASSESS_COMPENSATION'))
    bad.push(`6: ${compensation}, but ASSESS_COMPENSATION is not required`);
  if (m.consularOwed && !blockingListed('NOTIFY_CONSULAR_RIGHTS'))
    bad.push('7: persons detained but NOTIFY_CONSULAR_RIGHTS is not required');
  // 1, 13 (guidance): BOARD_VESSEL is listed only where a boarding would be lawful.
  if (find('BOARD_VESSEL')) {
    if (!m.grounds) bad.push('13: BOARD_VESSEL listed with no grounds recorded');
    if (m.dangerOpen && m.distressLatch) bad.push('1: BOARD_VESSEL listed while persons are in distress');
    if (!basisOf(m).scopes.includes('board')) bad.push(`1: BOARD_VESSEL listed without board in permits`);
  }
  // 4 (guidance): DISEMBARK never points to a place nobody may be taken to.
  if (find('DISEMBARK') && !designationUsable(m))
    bad.push(`4: DISEMBARK listed for ${m.designated ?? 'no designated place'}, which cannot be used`);
  return bad;
}

// The history, as the checker records it. `b` is the checker's basis before the event.
function update(
  m: PathMemory,
  event: DeskEvent,
  mode: 'normal' | 'imminent-danger' | 'recorded-fact',
  b: Basis,
  prev: CaseContext,
) {
  const rescueAct = mode === 'imminent-danger';
  const informOf = (country: string) => {
    if (!m.informed.some((i) => i.country === country)) m.pending = country;
  };
  // art. 8(3): an act under an express, standing or deemed authorisation is owed to the State that gave it.
  const noteAct = (scope: Scope) => {
    if (rescueAct || b.row !== 'consent' || !b.consentState || !b.consent.includes(scope)) return;
    if (!m.reportsOwed.includes(b.consentState)) m.reportsOwed.push(b.consentState);
  };
  const noteStop = () => {
    if (!rescueAct && m.pursuit?.active && !m.pursuit.lawful) m.stoppedAfterFactPursuit = true;
  };
  const giver = (named: string | undefined) => named ?? (m.asked ? m.record : m.inquiries.at(-1));
  const fromRecord = (named: string | undefined) => {
    const g = giver(named);
    return g !== undefined && g === m.record;
  };
  const closeDanger = () => {
    m.dangerOpen = false;
    m.distressLatch = false;
    m.renderOwed = false;
  };
  switch (event.type) {
    case 'POSITION_REPORTED':
      m.position = { lat: event.lat, lon: event.lon };
      m.zone = classifyZone(m.position, m.setting);
      if (m.pursuit?.active && m.zone.zone === 'territorial-sea' && !m.zone.states.includes(m.intercepting))
        m.pursuit.active = false;
      break;
    case 'SUSPICION_RECORDED':
      m.grounds = true;
      break;
    case 'VESSEL_IDENTIFIED': {
      if (event.flag !== undefined) m.vessel.flag = event.flag;
      if (event.registryClaimed !== undefined) m.vessel.registryClaimed = event.registryClaimed;
      if (event.flagsUsed) m.vessel.flagsUsed = [...new Set([...m.vessel.flagsUsed, ...event.flagsUsed])];
      if (event.government !== undefined) m.vessel.government = event.government;
      const record = recordOf(m.vessel);
      if (record !== m.record) {
        // Every consent of the previous flag State of record lapses; the procedure starts again.
        if (m.record) m.foreignOrLapsed = ordered([...m.foreignOrLapsed, ...consentScopes(m, m.record)]);
        m.record = record;
        m.notified = false;
        m.asked = false;
        m.express = [];
        m.withdrawn = [];
        m.lastReply = null;
        m.answered = false;
        delete m.deemedClockFrom;
        m.deemedMatured = false;
        m.conditions = [];
        m.movingInformed = false;
      }
      break;
    }
    case 'DISTRESS_ASSESSED': {
      const before = m.lastPhase === null ? 0 : PHASE_RANK[m.lastPhase];
      m.assessedEver = true;
      m.reassess = event.phase === 'none' && event.factors.length > 0;
      if ((event.phase === 'alert' || event.phase === 'distress') && !m.dangerOpen) {
        m.dangerOpen = true;
        m.distressLatch = false;
      }
      if (event.phase === 'distress') {
        m.distressLatch = true;
        m.renderOwed = true;
      }
      if (event.phase === 'none') closeDanger();
      if (PHASE_RANK[event.phase] > before) m.rccOwed = true;
      m.lastPhase = event.phase;
      break;
    }
    case 'RCC_NOTIFIED':
      m.rccOwed = false;
      break;
    case 'ASSISTANCE_REFUSED':
      m.renderOwed = false;
      m.rccOwed = true;
      break;
    case 'RESCUE_COMPLETED':
      closeDanger();
      if (event.rescued > 0) {
        m.takenOnBoard = true;
        m.rescued = true;
      }
      if ((event.missing ?? 0) > 0 && !m.referrals.includes('missing-persons'))
        m.referrals.push('missing-persons');
      if ((event.deceased ?? 0) > 0 && !m.referrals.includes('deceased')) m.referrals.push('deceased');
      break;
    case 'SAR_CASE_CLOSED':
      closeDanger();
      if (m.lastPhase === 'distress') m.reassess = true;
      m.referrals = m.referrals.filter((r) => r !== 'missing-persons');
      break;
    case 'FLAG_STATE_NOTIFIED':
      if (event.state === m.record) {
        m.notified = true;
        m.asked = true;
      } else if (!m.inquiries.includes(event.state)) m.inquiries.push(event.state);
      break;
    case 'FLAG_STATE_ACKNOWLEDGED': {
      const deemed = m.record ? m.setting.states[m.record]?.deemedConsent : undefined;
      if (m.notified && !m.answered && deemed?.with.includes(m.intercepting)) m.deemedClockFrom = m.now;
      break;
    }
    case 'REGISTRY_CONFIRMED':
      if (fromRecord(event.state)) m.answered = true;
      break;
    case 'REGISTRY_REFUTED':
      if (fromRecord(event.state)) {
        m.answered = true;
        if (m.record && !m.refutedBy.includes(m.record)) m.refutedBy.push(m.record);
      }
      break;
    case 'AUTHORISATION_REQUESTED':
      m.asked = true;
      break;
    case 'AUTHORISATION_GRANTED':
      if (fromRecord(event.state)) {
        m.express = ordered([...m.express, ...event.scopes]);
        m.withdrawn = minus(m.withdrawn, event.scopes);
        m.conditions = [...new Set([...m.conditions, ...event.conditions.map((c) => c.kind)])];
        m.lastReply = 'granted';
        m.answered = true;
      } else {
        m.foreignOrLapsed = ordered([...m.foreignOrLapsed, ...event.scopes]);
      }
      break;
    case 'AUTHORISATION_REFUSED':
      if (fromRecord(event.state)) {
        m.lastReply = 'refused';
        m.answered = true;
      }
      break;
    case 'FLAG_STATE_WILL_ACT':
      m.lastReply = 'will-act';
      m.express = [];
      m.answered = true;
      break;
    case 'AUTHORISATION_WITHDRAWN': {
      const gone = event.scopes ?? ALL;
      m.withdrawn = ordered([...m.withdrawn, ...gone]);
      m.express = minus(m.express, gone);
      break;
    }
    case 'FLAG_STATE_INFORMED':
      if (event.about === 'moving-vessel') m.movingInformed = true;
      break;
    case 'COASTAL_STATE_CONSENTED':
      m.coastalConsents[event.state] = ordered(event.scopes ?? ALL);
      break;
    case 'INFRINGEMENT_COMMITTED':
      m.infringement = true;
      break;
    case 'HOT_PURSUIT_STARTED':
      m.grounds = true;
      m.pursuit = { lawful: mode === 'normal' && pursuitLawful(m, event), active: true };
      break;
    case 'HOT_PURSUIT_ENDED':
      if (m.pursuit) m.pursuit.active = false;
      break;
    case 'BOARDING_STARTED':
      m.boardedEver = true;
      if (rescueAct) break;
      if (b.row === 'hot-pursuit') m.boardedUnderPursuit = true;
      if (mode === 'normal' && (b.row === 'stateless' || b.row === 'undetermined' || b.row === 'consent'))
        m.compensationBasisBoarding = true;
      noteStop();
      noteAct('board');
      break;
    case 'SAFEGUARDS_RECORDED':
      m.safeguards = true;
      break;
    case 'SEARCH_COMPLETED':
      if (rescueAct) break;
      m.searched = true;
      m.evidence = event.evidenceFound;
      noteAct('search');
      break;
    case 'MEASURES_TAKEN':
      if (detains(event)) {
        m.consularOwed = true;
        m.judicialOwed = true;
      }
      if (
        event.measures.some((x) => x === 'seize-vessel' || x === 'escort-to-port') &&
        m.personsOnBoard !== 0 &&
        !m.takenOnBoard
      )
        m.underControl = true;
      if (event.destination) informOf(event.destination.country);
      noteStop();
      noteAct('measures');
      break;
    case 'PERSONS_TAKEN_ON_BOARD':
      m.takenOnBoard = true;
      // a measure over persons (SoM art. 8(2)(c)): under consent, its results are owed too
      noteAct('measures');
      break;
    case 'PERSONS_HANDED_OVER': {
      const total = m.screenedTotal ?? m.personsOnBoard;
      const all = event.count === undefined || total === undefined || event.count >= total;
      m.handedOver = { all, lawful: mode === 'normal' };
      if (!all) informOf(event.to.country);
      break;
    }
    case 'VESSEL_RELEASED':
      m.released = true;
      break;
    case 'RESULTS_REPORTED':
      // A report reaches the State it names; one that names no State covers what is owed.
      if (m.reportsOwed.includes(event.to)) m.reportsOwed = m.reportsOwed.filter((s) => s !== event.to);
      else if (!/^[A-Z]{2}$/.test(event.to)) m.reportsOwed = [];
      break;
    case 'COMPENSATION_ASSESSED':
      m.compensationAssessed = true;
      break;
    case 'PERSONS_SCREENED': {
      m.screened = true;
      m.screenedTotal = event.total;
      const owe = (r: string) => {
        if (!m.referrals.includes(r)) m.referrals.push(r);
      };
      if ((event.unaccompaniedChildren ?? 0) > 0) owe('unaccompanied-children');
      if (event.traffickingIndicators === true) owe('trafficking');
      if ((event.medicalUrgent ?? 0) > 0) owe('medical');
      if ((event.missing ?? 0) > 0) owe('missing-persons');
      if ((event.deceased ?? 0) > 0) owe('deceased');
      break;
    }
    case 'REFERRAL_MADE':
      m.referrals = m.referrals.filter((r) => r !== event.about);
      break;
    case 'PROTECTION_CLAIMS_RECORDED':
      m.origins = [...new Set([...m.origins, ...event.countriesOfOrigin])];
      if (event.count > 0) m.claimsOwed = true;
      break;
    case 'PROTECTION_CLAIMS_REFERRED':
      m.claimsOwed = false;
      break;
    case 'PERSONS_INFORMED': {
      // one without a destination counts for the destination pending at that moment
      const country = event.destination?.country ?? m.pending;
      m.informed.push({ ...(country ? { country } : {}), heard: event.objectionsHeard === true });
      if (!event.destination || event.destination.country === m.pending) delete m.pending;
      if (country && (event.objections ?? []).length > 0) m.objections[country] = 'unresolved';
      break;
    }
    case 'OBJECTIONS_ASSESSED':
      m.objections[event.country] = event.upheld ? 'upheld' : 'dismissed';
      break;
    case 'COUNTRY_ASSESSED':
      m.caseAssessments[event.country] = event.unsafe;
      break;
    case 'CONSULAR_RIGHTS_NOTIFIED':
      m.consularOwed = false;
      break;
    case 'DETENTION_REVIEWED':
      m.judicialOwed = false;
      break;
    case 'PLACE_OF_SAFETY_PROPOSED':
      informOf(event.country);
      break;
    case 'PLACE_OF_SAFETY_DESIGNATED':
      m.designated = event.country;
      m.declined = m.declined.filter((c) => c !== event.country);
      informOf(event.country);
      break;
    case 'PLACE_OF_SAFETY_DECLINED':
      if (!m.declined.includes(event.country)) m.declined.push(event.country);
      break;
    case 'DISEMBARKATION_COMPLETED':
      m.disembarked = true;
      break;
    case 'INCIDENT_REVIEWED':
      m.incidentsReviewed += 1;
      break;
    case 'CASE_CLOSED':
      m.closed = true;
      break;
    case 'REGISTER_CHECKED':
      m.registerChecked = true;
      m.onRegister = event.onRegister;
      break;
    case 'REQUEST_ANSWERED':
      m.requestAnswered = true;
      break;
    case 'DEADLINE_PASSED': {
      // Deemed consent matures only on the deadline the agreement sets, counted from the acknowledgement, with
      // no answer in between, for the flag State of record (domain.md, procedure step 7).
      const d = prev.deadlines.find((x) => x.id === event.deadlineId);
      const deemed = m.record ? m.setting.states[m.record]?.deemedConsent : undefined;
      if (d?.about === 'deemed-consent' && m.deemedClockFrom && !m.answered && deemed) {
        const due = new Date(Date.parse(m.deemedClockFrom) + deemed.afterHours * 3_600_000).toISOString();
        if (d.dueAt === due) m.deemedMatured = true;
      }
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The alphabets and the openings.

const fact = { kind: 'recorded-fact' as const, justification: 'it happened' };
const danger = { kind: 'imminent-danger' as const, justification: 'to save life' };

// Every event of contract.md that an interception takes, with the variants the law turns on: each act with and
// without overrides, conditions kept and breached, consents from the right and the wrong State, third countries
// assessed, unassessed and excluded, persons told and heard or not.
export const ALPHABET: CaseEvent[] = [
  // safety of life
  { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] },
  { type: 'DISTRESS_ASSESSED', phase: 'none', factors: ['overcrowded'] },
  { type: 'DISTRESS_ASSESSED', phase: 'uncertainty', factors: ['no-navigation-or-communication'] },
  { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] },
  { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['taking-water'] },
  { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' },
  { type: 'RCC_COORDINATION_ACCEPTED', rcc: 'MRCC Rome' },
  { type: 'ASSISTANCE_REFUSED' },
  { type: 'RESCUE_COMPLETED', rescued: 58, missing: 1, deceased: 1 },
  { type: 'SAR_CASE_CLOSED', by: 'RCC Malta' },
  // grounds and identification
  { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] },
  { type: 'VESSEL_IDENTIFIED', flag: 'SL' },
  { type: 'VESSEL_IDENTIFIED', flag: 'TG' },
  { type: 'VESSEL_IDENTIFIED', registryClaimed: 'NL' },
  { type: 'VESSEL_IDENTIFIED', flag: 'MT' },
  { type: 'VESSEL_IDENTIFIED', flagsUsed: ['TG', 'SL'] },
  { type: 'VESSEL_IDENTIFIED', government: true },
  // the flag-State procedure
  { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
  { type: 'FLAG_STATE_NOTIFIED', state: 'SL' },
  { type: 'FLAG_STATE_NOTIFIED', state: 'NL' },
  { type: 'FLAG_STATE_ACKNOWLEDGED' },
  { type: 'REGISTRY_CONFIRMED' },
  { type: 'REGISTRY_CONFIRMED', state: 'SL' },
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
  { type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search', 'measures'], conditions: [], state: 'SL' },
  { type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [], state: 'TG' },
  { type: 'AUTHORISATION_REFUSED' },
  { type: 'AUTHORISATION_WITHDRAWN' },
  { type: 'AUTHORISATION_WITHDRAWN', scopes: ['board'] },
  { type: 'FLAG_STATE_WILL_ACT' },
  { type: 'FLAG_STATE_INFORMED', about: 'moving-vessel' },
  // coastal States
  { type: 'COASTAL_STATE_CONSENTED', state: 'TN', scopes: ['board', 'search'] },
  { type: 'COASTAL_STATE_INFORMED', state: 'TN' },
  { type: 'INFRINGEMENT_COMMITTED', where: 'territorial-sea' },
  // where the vessel is
  { type: 'POSITION_REPORTED', ...AT.highSeas },
  { type: 'POSITION_REPORTED', ...AT.maltaTerritorialSea },
  { type: 'POSITION_REPORTED', ...AT.maltaContiguousZone },
  { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea },
  { type: 'POSITION_REPORTED', ...AT.italyTerritorialSea },
  { type: 'POSITION_REPORTED', ...AT.libyaTerritorialSea },
  { type: 'POSITION_REPORTED', ...AT.tunisiaContiguousZone },
  // hot pursuit
  {
    type: 'HOT_PURSUIT_STARTED',
    startedIn: 'territorial-sea',
    signalGiven: true,
    violation: 'failed to stop',
  },
  {
    type: 'HOT_PURSUIT_STARTED',
    startedIn: 'contiguous-zone',
    signalGiven: true,
    violation: 'failed to stop',
  },
  {
    type: 'HOT_PURSUIT_STARTED',
    startedIn: 'territorial-sea',
    signalGiven: false,
    violation: 'failed to stop',
    override: fact,
  },
  { type: 'HOT_PURSUIT_ENDED' },
  // acts at sea
  { type: 'BOARDING_STARTED' },
  { type: 'BOARDING_STARTED', flagOfficerOnBoard: true, forceUsed: 'other' },
  {
    type: 'BOARDING_STARTED',
    flagOfficerOnBoard: true,
    forceUsed: 'firearms',
    casualties: { injured: 1, dead: 0 },
  },
  { type: 'BOARDING_STARTED', override: danger },
  { type: 'BOARDING_STARTED', override: fact },
  { type: 'SAFEGUARDS_RECORDED' },
  { type: 'SEARCH_COMPLETED', evidenceFound: true },
  { type: 'SEARCH_COMPLETED', evidenceFound: false },
  { type: 'SEARCH_COMPLETED', evidenceFound: true, override: fact },
  { type: 'SEARCH_COMPLETED', evidenceFound: false, override: danger },
  { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 },
  { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2, override: fact },
  { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2, override: danger },
  { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] },
  { type: 'MEASURES_TAKEN', measures: ['escort-to-port'], destination: { country: 'MT' } },
  { type: 'MEASURES_TAKEN', measures: ['escort-to-port'], destination: { country: 'MT' }, override: danger },
  { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'IT' } },
  { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'GR' } },
  { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'TN' } },
  { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'IT' }, override: danger },
  { type: 'MEASURES_TAKEN', measures: ['escort-to-port'], destination: { country: 'LY' }, override: fact },
  { type: 'MEASURES_TAKEN', measures: ['other'], description: 'engine disabled', forceUsed: 'other' },
  { type: 'PERSONS_TAKEN_ON_BOARD', count: 60 },
  { type: 'PERSONS_TAKEN_ON_BOARD', count: 60, override: fact },
  { type: 'PERSONS_TAKEN_ON_BOARD', count: 60, override: danger },
  { type: 'VESSEL_RELEASED' },
  { type: 'VESSEL_RELEASED', override: fact },
  { type: 'FORCE_USED', forceUsed: 'firearms', note: 'warning shots' },
  // what acts leave owed
  { type: 'RESULTS_REPORTED', to: 'TG' },
  { type: 'RESULTS_REPORTED', to: 'SL' },
  { type: 'RESULTS_REPORTED', to: 'NL' },
  { type: 'COMPENSATION_ASSESSED', lossOrDamage: false },
  // persons
  { type: 'PERSONS_SCREENED', total: 60 },
  {
    type: 'PERSONS_SCREENED',
    total: 60,
    unaccompaniedChildren: 2,
    traffickingIndicators: true,
    medicalUrgent: 1,
  },
  { type: 'REFERRAL_MADE', about: 'unaccompanied-children' },
  { type: 'REFERRAL_MADE', about: 'trafficking' },
  { type: 'REFERRAL_MADE', about: 'medical' },
  { type: 'REFERRAL_MADE', about: 'missing-persons' },
  { type: 'REFERRAL_MADE', about: 'deceased' },
  { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] },
  { type: 'PROTECTION_CLAIMS_REFERRED' },
  { type: 'PERSONS_INFORMED', language: 'ti' },
  { type: 'PERSONS_INFORMED', language: 'ti', destination: { country: 'IT' }, objectionsHeard: true },
  { type: 'PERSONS_INFORMED', language: 'ti', destination: { country: 'TN' }, objectionsHeard: true },
  { type: 'PERSONS_INFORMED', language: 'ti', destination: { country: 'GR' }, objectionsHeard: true },
  { type: 'PERSONS_INFORMED', language: 'ti', destination: { country: 'IT' } },
  {
    type: 'PERSONS_INFORMED',
    language: 'ti',
    destination: { country: 'TN' },
    objectionsHeard: true,
    objections: [{ count: 5, reason: 'detained on return before' }],
  },
  { type: 'OBJECTIONS_ASSESSED', country: 'TN', upheld: false },
  { type: 'OBJECTIONS_ASSESSED', country: 'TN', upheld: true },
  { type: 'COUNTRY_ASSESSED', country: 'TN', unsafe: false, source: 'central authority', date: '2026-05-01' },
  { type: 'COUNTRY_ASSESSED', country: 'IT', unsafe: true, source: 'central authority', date: '2026-05-01' },
  { type: 'CONSULAR_RIGHTS_NOTIFIED' },
  { type: 'DETENTION_REVIEWED', by: 'magistrate' },
  { type: 'CONSULATE_CONTACTED', country: 'ER', atRequestOf: 'person' },
  // place of safety
  { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'ER' },
  { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'IT' },
  { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'GR' },
  { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'IT', override: danger },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'LY' },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT' },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'IT' },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'GR' },
  { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'TN', override: fact },
  { type: 'PLACE_OF_SAFETY_DECLINED', country: 'IT' },
  { type: 'DISEMBARKATION_COMPLETED', country: 'MT' },
  { type: 'DISEMBARKATION_COMPLETED', country: 'IT' },
  { type: 'DISEMBARKATION_COMPLETED', country: 'GR' },
  { type: 'DISEMBARKATION_COMPLETED', country: 'LY', override: fact },
  { type: 'DISEMBARKATION_COMPLETED', country: 'TN', override: danger },
  { type: 'PERSONS_HANDED_OVER', to: { country: 'IT', authority: 'Guardia Costiera' } },
  { type: 'PERSONS_HANDED_OVER', to: { country: 'GR' } },
  { type: 'PERSONS_HANDED_OVER', to: { country: 'LY' }, override: fact },
  { type: 'PERSONS_HANDED_OVER', to: { country: 'IT' }, count: 10 },
  { type: 'PERSONS_HANDED_OVER', to: { country: 'TN' }, override: danger },
  { type: 'CASE_CLOSED' },
  // an incoming request's events, never expected in an interception
  { type: 'REGISTER_CHECKED', onRegister: true },
  { type: 'REQUEST_ACKNOWLEDGED' },
  { type: 'SENT_BY_OTHER_MEANS', channel: 'phone' },
];

// The flag State's side: the register check, the answers and withdrawing, among events that make no sense there.
export const INCOMING_ALPHABET: CaseEvent[] = [
  { type: 'REGISTER_CHECKED', onRegister: true },
  { type: 'REGISTER_CHECKED', onRegister: false },
  { type: 'REQUEST_ACKNOWLEDGED' },
  {
    type: 'REQUEST_ANSWERED',
    registry: 'confirmed',
    authorisation: {
      scopes: ['board', 'search'],
      conditions: [{ kind: 'report-results-within', hours: 12 }],
    },
  },
  { type: 'REQUEST_ANSWERED', registry: 'confirmed', authorisation: null },
  { type: 'REQUEST_ANSWERED', registry: 'refuted' },
  { type: 'REQUEST_ANSWERED', registry: 'refuted', authorisation: { scopes: ['board'], conditions: [] } },
  { type: 'REQUEST_ANSWERED', registry: 'confirmed', willAct: true },
  { type: 'AUTHORISATION_WITHDRAWN' },
  { type: 'AUTHORISATION_WITHDRAWN', scopes: ['board'] },
  { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea },
  { type: 'SUSPICION_RECORDED', grounds: ['overcrowded'] },
  { type: 'VESSEL_IDENTIFIED', name: 'NOUR II' },
  { type: 'CASE_CLOSED' },
  { type: 'BOARDING_STARTED' },
  { type: 'BOARDING_STARTED', override: fact },
  { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['taking-water'] },
  { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
  { type: 'AUTHORISATION_GRANTED', scopes: ['board'], conditions: [] },
  { type: 'PERSONS_HANDED_OVER', to: { country: 'IT' } },
];

export const alphabetOf = (s: Start): CaseEvent[] =>
  s.kind === 'incoming-request' ? INCOMING_ALPHABET : ALPHABET;

// Every opening kind: each row of the table a case can start on, a unit that does not qualify, no grounds, and
// an incoming request to this desk's central authority.
export const STARTS: Start[] = [
  {
    name: 'foreign flag on the high seas',
    kind: 'interception',
    opening: opening({ vessel: { flag: 'TG' } }),
  },
  { name: 'no flag', kind: 'interception', opening: opening({ vessel: { flag: null } }) },
  { name: 'flag of a non-party', kind: 'interception', opening: opening({ vessel: { flag: 'SL' } }) },
  {
    name: 'in our territorial sea',
    kind: 'interception',
    opening: opening({ position: AT.maltaTerritorialSea, vessel: { flag: 'TG' } }),
  },
  {
    name: "in another State's territorial sea",
    kind: 'interception',
    opening: opening({ position: AT.tunisiaTerritorialSea, vessel: { flag: 'TG' } }),
  },
  {
    name: 'in our contiguous zone',
    kind: 'interception',
    opening: opening({ position: AT.maltaContiguousZone, vessel: { flag: 'TG' } }),
  },
  { name: 'own flag', kind: 'interception', opening: opening({ vessel: { flag: 'MT' } }) },
  {
    name: 'unmarked unit',
    kind: 'interception',
    opening: opening({
      unit: { name: 'tug', governmentService: false, clearlyMarked: false, authorised: false },
      vessel: { flag: null },
    }),
  },
  { name: 'no grounds', kind: 'interception', opening: opening({ vessel: { flag: null }, grounds: [] }) },
  {
    name: 'nationality undetermined',
    kind: 'interception',
    opening: opening({ vessel: { name: 'unnamed skiff' } }),
  },
  {
    name: 'incoming request',
    kind: 'incoming-request',
    request: {
      from: 'IT',
      vessel: { name: 'NOUR', flag: 'MT' },
      position: AT.highSeas,
      grounds: ['overcrowded'],
      asks: ['registry', 'board', 'search'],
    },
    homeState: 'MT',
  },
];

export function openStart(s: Start, setting: Setting = WORLD_SETTING): PersistedCase {
  return s.kind === 'incoming-request'
    ? engine.openIncoming({ id: 'inv', at: START, setting, request: s.request, homeState: s.homeState })
    : engine.open({ id: 'inv', at: START, setting, opening: s.opening });
}

// The event that reviews the first incident awaiting review (ids are the engine's; which one is the walk's choice).
export function reviewFirstIncident(ctx: CaseContext): CaseEvent | undefined {
  const inc = ctx.incidents.find((i) => !i.reviewed);
  return inc ? { type: 'INCIDENT_REVIEWED', incidentId: inc.id, finding: 'reviewed' } : undefined;
}
