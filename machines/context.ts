// What the desk knows about one case: the facts the law turns on, as recorded by applied events.
// Everything a user sees (legal basis, required actions, warnings) is derived from this, never stored beside it.
import type {
  Condition,
  CountryAssessment,
  DangerFactor,
  DistressPhase,
  IncomingRequest,
  LegalBasisCode,
  Measure,
  MessageKind,
  OpeningReport,
  Position,
  ReferralAbout,
  Scope,
  Setting,
  StateProfile,
  Unit,
  Vessel,
  Zone,
} from './schemas.ts';

export type DeadlineAbout =
  | 'registry-reply'
  | 'authorisation-reply'
  | 'reply-deadline-near'
  | 'deemed-consent'
  | 'report-results'
  | 'answer-request'
  // the end of a Security Council authorisation the basis rests on: the basis is derived again then
  | 'authorisation-lapses';

export interface Deadline {
  id: string;
  dueAt: string;
  about: DeadlineAbout;
  // for a warning deadline: the deadline it warns of
  of?: string;
}

export type IncidentCategory =
  | 'legal'
  | 'possible-fundamental-rights-violation'
  | 'rescue-measure-review'
  | 'use-of-force';

export interface Incident {
  id: string;
  category: IncidentCategory;
  event: string;
  reason: string;
  basis: string[];
  justification: string;
  at: string;
  reviewed: boolean;
  finding?: string;
}

export interface RecordedWarning {
  code: string;
  message: string;
  basis?: string[];
}

export interface ExchangeMessage {
  id: string;
  direction: 'out' | 'in';
  kind: MessageKind;
  // the other State: where it goes, or where it came from
  state: string;
  at: string;
  status: 'pending' | 'delivered' | 'not-delivered' | 'sent-by-other-means' | 'received';
  sha256?: string;
  receipt?: { sha256: string; receivedAt: string };
  error?: string;
  channel?: string;
}

export interface CaseContext {
  id: string;
  kind: 'interception' | 'incoming-request';
  training: boolean;
  openedAt: string;
  // time of the last applied event; the only notion of "now" the rules have
  at: string;
  setting: Setting;
  interceptingState: string;
  unit: Unit;
  vessel: Vessel;
  position: Position;
  // when the position was reported (the opening, or the last POSITION_REPORTED); absent in older snapshots
  positionAt?: string;
  zone: Zone;
  personsOnBoard?: number;
  grounds: string[];
  distress: {
    phase: DistressPhase | null;
    factors: DangerFactor[];
    reassessNeeded: boolean;
    // the RCC has not heard of the latest change: a rising phase, a refusal of assistance (SAR Annex 4.4-4.5)
    rccOwed: boolean;
    rcc?: string;
    coordinatingRcc?: string;
    // the danger is open from an alert or distress assessment until a rescue, an assessment of none or the
    // RCC closing the SAR case (domain.md, Safety of life, second review)
    dangerOpen: boolean;
    // a distress assessment during the open danger: the life-first bar on enforcement
    distressDeclared: boolean;
    rescued: boolean;
    assistanceRefused: boolean;
  };
  flagState: {
    // the flag State of record that was notified (the procedure); other States asked are inquiries only
    notifiedState?: string;
    notifiedAt?: string;
    inquiries: string[];
    acknowledgedAt?: string;
    registry: 'confirmed' | 'refuted' | null;
    confirmedBy?: string;
    // States that refuted the vessel's registry, kept across corrections of its identification
    refutedBy: string[];
    authorisationRequestedAt?: string;
    requestedScopes: Scope[];
    authorisationPending: boolean;
    reply: 'granted' | 'refused' | 'will-act' | null;
    grantedScopes: Scope[];
    // scopes the flag State withdrew (from a grant, a standing or a deemed authorisation)
    withdrawnScopes: Scope[];
    consentFrom?: string;
    conditions: Condition[];
    answeredAt?: string;
    deemedConsentMatured: boolean;
    overdue: { registry: boolean; authorisation: boolean };
    // the central authority escalated the overdue replies marked true (REPLY_ESCALATED); a reply that falls
    // overdue later owes an escalation of its own. Absent until the first escalation.
    escalated?: { registry: boolean; authorisation: boolean };
    escalatedAt?: string;
    movingVesselNotified: boolean;
    officeHoursWarning?: string;
    // consents that lapsed when the flag State of record changed (shown; what was done under them is reported)
    lapsed: Array<{ state: string; scopes: Scope[]; at: string }>;
  };
  coastal: { consents: Record<string, Scope[]>; informed: string[] };
  // an infringement already committed in the intercepting State's territory or territorial sea (art. 33(1)(b))
  infringement?: 'territory' | 'territorial-sea';
  hotPursuit: null | {
    active: boolean;
    // false where it was only recorded as a fact over a refusal: it then gives no basis
    lawful: boolean;
    startedIn: 'territorial-sea' | 'contiguous-zone' | 'internal-waters';
    startedAt: string;
    violation?: string;
    endedReason?: string;
  };
  enforcement: {
    boarded: boolean;
    boardedAt?: string;
    boardedUnder?: LegalBasisCode;
    rescueBoarding: boolean;
    safeguardsRecorded: boolean;
    searched: boolean;
    evidenceFound: boolean | null;
    measures: Measure[];
    measuresTaken: boolean;
    released: boolean;
    // art. 8(3): results owed to each State whose consent covered an act, since the first act not yet reported
    reportsOwed: Array<{ state: string; since: string; dueAt?: string }>;
    reportsMade: number;
    compensationAssessed: boolean;
    // boarded or subjected to measures after a hot pursuit recorded as fact (UNCLOS art. 111(8))
    stoppedAfterUnlawfulPursuit: boolean;
    detained: boolean;
    detainedAt?: string;
    detentionReviewed: boolean;
    forceUsed: boolean;
  };
  persons: {
    screened: null | Record<string, number | boolean>;
    // how many the rescue brought aboard (RESCUE_COMPLETED.rescued): who the unit must hand over or land
    rescuedCount?: number;
    // rescued or taken aboard a State unit
    takenOnBoard: boolean;
    rescued: boolean;
    // left aboard a vessel the unit seized or escorts: within its jurisdiction (Hirsi §81; Medvedyev §67)
    underControl: boolean;
    handedOver?: { country: string; all: boolean; lawful: boolean };
    // the destination persons must be told of (INFORM_PERSONS)
    informOwed?: { country: string; port?: string };
    informed: Array<{ country?: string; objectionsHeard: boolean; language: string }>;
    informedLanguage?: string;
    objections: Record<string, 'unresolved' | 'upheld' | 'dismissed'>;
    claims: { count: number; countriesOfOrigin: string[] };
    referred: boolean;
    consularNotified: boolean;
    referralsOwed: ReferralAbout[];
  };
  // the central authority's assessments recorded in this case (COUNTRY_ASSESSED), beside the directory's
  assessments: Record<string, CountryAssessment>;
  placeOfSafety: {
    proposed?: { country: string; port?: string };
    designated?: { by: 'RCC' | 'authority'; country: string; port?: string; usableWhenDesignated: boolean };
    declined: string[];
    disembarked?: { country: string; port?: string; at: string };
  };
  incidents: Incident[];
  deadlines: Deadline[];
  // counter for deterministic ids of deadlines and incidents within the case
  serial: number;
  closed: boolean;
  outcome?: string;
  // the desk-to-desk exchange's messages of this case, sent and received (machines/exchange.ts); absent in
  // snapshots from before the exchange
  messages?: ExchangeMessage[];
  incoming?: {
    from: string;
    // the requesting desk's conversation, where the request came by the exchange: the answer goes back to it
    conversation?: string;
    // the last message received in the conversation, which the next message sent replies to
    lastMessageId?: string;
    // what the requesting State reported after acting on the authorisation (SoM art. 8(3))
    results?: Array<{ at: string; body: Record<string, unknown> }>;
    asks: IncomingRequest['asks'];
    ownState: string;
    receivedAt: string;
    registerChecked: boolean;
    acknowledgedAt?: string;
    onRegister?: boolean;
    answered: boolean;
    answer?: {
      registry: 'confirmed' | 'refuted';
      scopes: Scope[];
      conditions: Condition[];
      willAct: boolean;
    };
    overdue: boolean;
  };
}

export const DEFAULT_REPLY_HOURS = 4;

export function profileOf(
  ctx: Pick<CaseContext, 'setting'>,
  state: string | undefined,
): StateProfile | undefined {
  return state ? ctx.setting.states[state] : undefined;
}

export function replyHoursOf(ctx: Pick<CaseContext, 'setting'>, state: string | undefined): number {
  return profileOf(ctx, state)?.replyWithinHours ?? DEFAULT_REPLY_HOURS;
}

// The flag-State procedure before anything was sent: at the opening, and again when the flag State of record
// changes (machines/evolve.ts, restartProcedure).
export function freshFlagState(): CaseContext['flagState'] {
  return {
    inquiries: [],
    registry: null,
    refutedBy: [],
    requestedScopes: [],
    authorisationPending: false,
    reply: null,
    grantedScopes: [],
    withdrawnScopes: [],
    conditions: [],
    deemedConsentMatured: false,
    overdue: { registry: false, authorisation: false },
    movingVesselNotified: false,
    lapsed: [],
  };
}

export function initialContext(args: {
  id: string;
  at: string;
  training: boolean;
  setting: Setting;
  zone: Zone;
  opening: OpeningReport;
}): CaseContext {
  const { opening } = args;
  return {
    id: args.id,
    kind: 'interception',
    training: args.training,
    openedAt: args.at,
    at: args.at,
    setting: args.setting,
    interceptingState: opening.interceptingState,
    unit: opening.unit,
    vessel: opening.vessel,
    positionAt: args.at,
    position: opening.position,
    zone: args.zone,
    personsOnBoard: opening.personsOnBoard,
    grounds: opening.grounds ?? [],
    distress: {
      phase: null,
      factors: [],
      reassessNeeded: false,
      rccOwed: false,
      dangerOpen: false,
      distressDeclared: false,
      rescued: false,
      assistanceRefused: false,
    },
    flagState: freshFlagState(),
    coastal: { consents: {}, informed: [] },
    hotPursuit: null,
    enforcement: {
      boarded: false,
      rescueBoarding: false,
      safeguardsRecorded: false,
      searched: false,
      evidenceFound: null,
      measures: [],
      measuresTaken: false,
      released: false,
      reportsOwed: [],
      reportsMade: 0,
      compensationAssessed: false,
      stoppedAfterUnlawfulPursuit: false,
      detained: false,
      detentionReviewed: false,
      forceUsed: false,
    },
    persons: {
      screened: null,
      takenOnBoard: false,
      rescued: false,
      underControl: false,
      informed: [],
      objections: {},
      claims: { count: 0, countriesOfOrigin: [] },
      referred: false,
      consularNotified: false,
      referralsOwed: [],
    },
    assessments: {},
    placeOfSafety: { declined: [] },
    incidents: [],
    deadlines: [],
    serial: 0,
    closed: false,
  };
}

// Ids of deadlines and incidents: a serial in the case itself, so a replay makes the same ids.
export function nextId(ctx: CaseContext, prefix: string): string {
  ctx.serial += 1;
  return `${prefix}-${ctx.serial}`;
}

// A deep copy of a context's plain data (objects, arrays, strings, numbers, booleans, null, undefined, which is
// all a context holds: it is stored as JSON). The copy an applied event edits, so the snapshot it came from
// stays as it was; structuredClone gives the same for such data at several times the cost, a fifth of the
// law's cost per event.
export function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out as T;
}
