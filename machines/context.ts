// What the desk knows about one case: the facts the law turns on, as recorded by applied events.
// Everything a user sees (legal basis, required actions, warnings) is derived from this, never stored beside it.
import type {
  Condition,
  DangerFactor,
  DistressPhase,
  IncomingRequest,
  LegalBasisCode,
  Measure,
  OpeningReport,
  Position,
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
  | 'answer-request';

export interface Deadline {
  id: string;
  dueAt: string;
  about: DeadlineAbout;
  // for a warning deadline: the deadline it warns of
  of?: string;
}

export interface Incident {
  id: string;
  category: 'legal' | 'possible-fundamental-rights-violation';
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
  zone: Zone;
  personsOnBoard?: number;
  grounds: string[];
  distress: {
    phase: DistressPhase | null;
    factors: DangerFactor[];
    reassessNeeded: boolean;
    rccNotified: boolean;
    // set by a distress assessment, cleared by rescue: the life-first latch of invariant 3
    distressDeclared: boolean;
    rescued: boolean;
    assistanceRefused: boolean;
  };
  flagState: {
    notifiedState?: string;
    notifiedAt?: string;
    acknowledgedAt?: string;
    registry: 'confirmed' | 'refuted' | null;
    authorisationRequestedAt?: string;
    requestedScopes: Scope[];
    authorisationPending: boolean;
    reply: 'granted' | 'refused' | 'will-act' | null;
    grantedScopes: Scope[];
    conditions: Condition[];
    answeredAt?: string;
    deemedConsentMatured: boolean;
    overdue: { registry: boolean; authorisation: boolean };
    movingVesselNotified: boolean;
    officeHoursWarning?: string;
  };
  coastal: { consents: Record<string, Scope[]>; informed: string[] };
  hotPursuit: null | {
    active: boolean;
    // false where it was only recorded as a fact over a refusal: it then gives no basis
    lawful: boolean;
    startedIn: 'territorial-sea' | 'contiguous-zone' | 'internal-waters';
    startedAt: string;
    endedReason?: string;
  };
  enforcement: {
    boarded: boolean;
    boardedAt?: string;
    boardedUnder?: LegalBasisCode;
    // the first boarding, search or measure under an express, standing or deemed authorisation (art. 8(3))
    actedUnderAuthorisationAt?: string;
    rescueBoarding: boolean;
    safeguardsRecorded: boolean;
    searched: boolean;
    evidenceFound: boolean | null;
    measures: Measure[];
    measuresTaken: boolean;
    released: boolean;
    resultsReported: boolean;
    compensationAssessed: boolean;
    detained: boolean;
    forceUsed: boolean;
  };
  persons: {
    screened: null | Record<string, number | boolean>;
    takenOnBoard: boolean;
    informPending: boolean;
    informedLanguage?: string;
    claims: { count: number; countriesOfOrigin: string[] };
    referred: boolean;
    consularNotified: boolean;
  };
  placeOfSafety: {
    proposed?: { country: string; port?: string };
    designated?: { by: 'RCC' | 'authority'; country: string; port?: string };
    disembarked?: { country: string; port?: string; at: string };
  };
  incidents: Incident[];
  deadlines: Deadline[];
  // counter for deterministic ids of deadlines and incidents within the case
  serial: number;
  closed: boolean;
  outcome?: string;
  incoming?: {
    from: string;
    asks: IncomingRequest['asks'];
    ownState: string;
    receivedAt: string;
    registerChecked: boolean;
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
    position: opening.position,
    zone: args.zone,
    personsOnBoard: opening.personsOnBoard,
    grounds: opening.grounds ?? [],
    distress: {
      phase: null,
      factors: [],
      reassessNeeded: false,
      rccNotified: false,
      distressDeclared: false,
      rescued: false,
      assistanceRefused: false,
    },
    flagState: {
      registry: null,
      requestedScopes: [],
      authorisationPending: false,
      reply: null,
      grantedScopes: [],
      conditions: [],
      deemedConsentMatured: false,
      overdue: { registry: false, authorisation: false },
      movingVesselNotified: false,
    },
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
      resultsReported: false,
      compensationAssessed: false,
      detained: false,
      forceUsed: false,
    },
    persons: {
      screened: null,
      takenOnBoard: false,
      informPending: false,
      claims: { count: 0, countriesOfOrigin: [] },
      referred: false,
      consularNotified: false,
    },
    placeOfSafety: {},
    incidents: [],
    deadlines: [],
    serial: 0,
    closed: false,
  };
}
