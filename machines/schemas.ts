// The public vocabulary of contract.md as zod schemas: one source for the HTTP API, the scenario format and
// the machine's own types. Names here are the contract's; add freely, rename only with a version bump.
import { z } from 'zod';

export const Alpha2 = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. "MT"');

export const Role = z.enum(['operator', 'authority', 'trainer', 'auditor']);
export type Role = z.infer<typeof Role>;

export const Scope = z.enum(['board', 'search', 'measures']);
export type Scope = z.infer<typeof Scope>;

export const Measure = z.enum(['seize-vessel', 'detain-suspects', 'escort-to-port', 'divert', 'other']);
export type Measure = z.infer<typeof Measure>;

export const DistressPhase = z.enum(['none', 'uncertainty', 'alert', 'distress']);
export type DistressPhase = z.infer<typeof DistressPhase>;

export const DangerFactor = z.enum([
  'request-for-assistance',
  'unseaworthy',
  'overcrowded',
  'taking-water',
  'engine-failure',
  'insufficient-fuel-water-food',
  'no-qualified-crew',
  'no-safety-equipment',
  'no-navigation-or-communication',
  'medical-emergency',
  'persons-in-water',
  'deceased-on-board',
  'pregnant-women-or-children',
  'adverse-weather',
]);
export type DangerFactor = z.infer<typeof DangerFactor>;

export const ForceUsed = z.enum(['none', 'self-defence', 'firearms', 'other']);
export type ForceUsed = z.infer<typeof ForceUsed>;
export const Casualties = z.object({
  injured: z.number().int().nonnegative(),
  dead: z.number().int().nonnegative(),
});
export type Casualties = z.infer<typeof Casualties>;

const Agreement = z.object({
  agreement: z.string().min(1),
  with: z.array(Alpha2),
  scopes: z.array(Scope).min(1),
});

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time "HH:MM"');

export const StateProfile = z.object({
  protocolParty: z.boolean(),
  contiguousZoneNm: z.number().gt(12).max(24).optional(),
  replyWithinHours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional(),
  deemedConsent: z
    .object({
      agreement: z.string().min(1),
      with: z.array(Alpha2),
      afterHours: z.number().positive(),
      scopes: z.array(Scope).min(1),
      // the agreement's clock runs from the acknowledgement (default) or from the technical receipt
      clockStartsAt: z.enum(['acknowledgement', 'receipt']).optional(),
    })
    .optional(),
  standingAuthorisation: Agreement.optional(),
  // an agreement (a joint-patrol arrangement, say) by which this State consents in advance to what the
  // States named may do in its territorial sea (domain.md, row 3)
  standingCoastalConsent: Agreement.optional(),
  officeHours: z.object({ from: HHMM, to: HHMM }).optional(),
  timeZone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone, e.g. "Europe/Malta"')
    .optional(),
  languages: z.array(z.string()).optional(),
  contact: z.string().optional(),
  rcc: z.string().optional(),
  // the State's desk (contract.md, "Desk-to-desk exchange"): where messages go, and the keys that sign its
  // messages and receipts
  exchange: z
    .object({
      url: z.string().url(),
      jwks: z.object({
        keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })).min(1),
      }),
    })
    .optional(),
  demo: z.boolean().optional(),
});
export type StateProfile = z.infer<typeof StateProfile>;

export const CountryAssessment = z.object({
  unsafe: z.boolean(),
  conditions: z.string().optional(),
  source: z.string().min(1),
  date: z.string().min(1),
});
export type CountryAssessment = z.infer<typeof CountryAssessment>;

const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const IsoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 date or instant');

// A UN Security Council authorisation as dated data (domain.md, row 8b): one entry per resolution and
// renewal; `until` is exclusive, UTC.
export const SecurityCouncilAuthorisation = z.object({
  resolution: z.string().min(1),
  area: z.object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(LonLat).min(4)).min(1),
  }),
  from: IsoInstant,
  until: IsoInstant,
  scopes: z.array(Scope).min(1),
  measures: z
    .array(z.enum(['seize-vessel', 'detain-suspects', 'escort-to-port', 'divert', 'other']))
    .optional(),
  note: z.string().optional(),
});
export type SecurityCouncilAuthorisation = z.infer<typeof SecurityCouncilAuthorisation>;

export const Setting = z.object({
  states: z.record(Alpha2, StateProfile).default({}),
  countryAssessments: z.record(Alpha2, CountryAssessment).default({}),
  securityCouncilAuthorisations: z.array(SecurityCouncilAuthorisation).optional(),
});
export type Setting = z.infer<typeof Setting>;

const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
export const Position = z.object({ lat: Lat, lon: Lon });
export type Position = z.infer<typeof Position>;

export const Unit = z.object({
  name: z.string().min(1),
  governmentService: z.boolean(),
  clearlyMarked: z.boolean(),
  authorised: z.boolean(),
});
export type Unit = z.infer<typeof Unit>;

// Absent means unknown; null means none (contract.md, Opening report).
export const Vessel = z.object({
  name: z.string().optional(),
  imo: z.string().optional(),
  mmsi: z.string().optional(),
  callSign: z.string().optional(),
  flag: Alpha2.nullable().optional(),
  registryClaimed: Alpha2.nullable().optional(),
  flagsUsed: z.array(Alpha2).optional(),
  description: z.string().optional(),
  government: z.boolean().optional(),
});
export type Vessel = z.infer<typeof Vessel>;

export const OpeningReport = z.object({
  interceptingState: Alpha2,
  unit: Unit,
  vessel: Vessel,
  position: Position,
  personsOnBoard: z.number().int().nonnegative().optional(),
  grounds: z.array(z.string().min(1)).optional(),
});
export type OpeningReport = z.infer<typeof OpeningReport>;

export const IncomingRequest = z.object({
  from: Alpha2,
  vessel: Vessel,
  position: Position,
  grounds: z.array(z.string().min(1)),
  asks: z.array(z.enum(['registry', 'board', 'search', 'measures'])).min(1),
});
export type IncomingRequest = z.infer<typeof IncomingRequest>;

export const ConditionKind = z.enum([
  'report-results-within',
  'no-detention-without-consent',
  'flag-state-jurisdiction-over-persons',
  'force-self-defence-only',
  'flag-officer-on-board',
  'notify-before-moving-vessel',
  'other',
]);
export const Condition = z.object({
  kind: ConditionKind,
  hours: z.number().positive().optional(),
  text: z.string().optional(),
});
export type Condition = z.infer<typeof Condition>;

export const Override = z.object({
  kind: z.enum(['imminent-danger', 'recorded-fact']),
  justification: z.string().trim().min(1, 'a written justification is required'),
});
export type Override = z.infer<typeof Override>;

const Destination = z.object({ country: Alpha2, port: z.string().optional() });

export const ReferralAbout = z.enum([
  'unaccompanied-children',
  'trafficking',
  'medical',
  'missing-persons',
  'deceased',
]);
export type ReferralAbout = z.infer<typeof ReferralAbout>;

// The flag authority's answer, as REQUEST_ANSWERED records it on its desk and an `answer` message carries it.
export const AnswerBody = z.object({
  registry: z.enum(['confirmed', 'refuted']),
  authorisation: z
    .object({ scopes: z.array(Scope), conditions: z.array(Condition).default([]) })
    .nullable()
    .optional(),
  willAct: z.boolean().optional(),
});
export type AnswerBody = z.infer<typeof AnswerBody>;

const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), override: Override.optional(), ...shape });

// Events a person records (contract.md, Events). Deadline events are the desk's own (see DeskEvent).
export const CaseEvent = z.discriminatedUnion('type', [
  ev('POSITION_REPORTED', { lat: Lat, lon: Lon }),
  ev('SUSPICION_RECORDED', { grounds: z.array(z.string().min(1)).min(1) }),
  ev('VESSEL_IDENTIFIED', {
    flag: Alpha2.nullable().optional(),
    registryClaimed: Alpha2.nullable().optional(),
    flagsUsed: z.array(Alpha2).optional(),
    name: z.string().optional(),
    imo: z.string().optional(),
    mmsi: z.string().optional(),
    government: z.boolean().optional(),
  }),
  ev('DISTRESS_ASSESSED', {
    phase: DistressPhase,
    factors: z.array(DangerFactor).default([]),
    notes: z.string().optional(),
  }),
  ev('RCC_NOTIFIED', { rcc: z.string().min(1) }),
  ev('ASSISTANCE_REFUSED', {}),
  ev('RESCUE_COMPLETED', {
    rescued: z.number().int().nonnegative(),
    deceased: z.number().int().nonnegative().optional(),
    missing: z.number().int().nonnegative().optional(),
  }),
  ev('FLAG_STATE_NOTIFIED', { state: Alpha2, channel: z.string().optional() }),
  ev('FLAG_STATE_ACKNOWLEDGED', {}),
  ev('REGISTRY_CONFIRMED', { state: Alpha2.optional() }),
  ev('REGISTRY_REFUTED', { state: Alpha2.optional() }),
  ev('AUTHORISATION_REQUESTED', { scopes: z.array(Scope).min(1) }),
  ev('AUTHORISATION_GRANTED', {
    scopes: z.array(Scope).min(1),
    conditions: z.array(Condition).default([]),
    state: Alpha2.optional(),
  }),
  ev('AUTHORISATION_REFUSED', { reason: z.string().optional(), state: Alpha2.optional() }),
  ev('FLAG_STATE_WILL_ACT', { jointly: z.boolean().optional() }),
  ev('FLAG_STATE_INFORMED', { about: z.enum(['moving-vessel', 'other']), note: z.string().optional() }),
  ev('COASTAL_STATE_CONSENTED', { state: Alpha2, scopes: z.array(Scope).optional() }),
  ev('COASTAL_STATE_INFORMED', { state: Alpha2 }),
  ev('HOT_PURSUIT_STARTED', {
    startedIn: z.enum(['territorial-sea', 'contiguous-zone', 'internal-waters']),
    signalGiven: z.boolean(),
    violation: z.string().min(1),
  }),
  ev('HOT_PURSUIT_ENDED', { reason: z.string().optional() }),
  ev('BOARDING_STARTED', {
    flagOfficerOnBoard: z.boolean().optional(),
    forceUsed: ForceUsed.optional(),
    casualties: Casualties.optional(),
  }),
  ev('SAFEGUARDS_RECORDED', { note: z.string().optional() }),
  ev('SEARCH_COMPLETED', { evidenceFound: z.boolean(), summary: z.string().optional() }),
  ev('MEASURES_TAKEN', {
    measures: z.array(Measure).min(1),
    detained: z.number().int().nonnegative().optional(),
    destination: Destination.optional(),
    description: z.string().optional(),
    forceUsed: ForceUsed.optional(),
    casualties: Casualties.optional(),
  })
    .refine(
      (e) => e.destination !== undefined || !e.measures.some((m) => m === 'divert' || m === 'escort-to-port'),
      {
        // without a destination nothing could check it against non-refoulement (SoM art. 19(1))
        message: 'destination is required for divert and escort-to-port',
        path: ['destination'],
      },
    )
    .refine((e) => !e.measures.includes('other') || (e.description ?? '').trim().length > 0, {
      message: 'description is required for the measure other',
      path: ['description'],
    })
    .refine(
      (e) =>
        e.destination === undefined ||
        e.measures.some((m) => m === 'divert' || m === 'escort-to-port' || m === 'seize-vessel'),
      {
        // persons are moved by divert, escort-to-port or PERSONS_HANDED_OVER, never by a measure "other"
        message:
          'destination applies to divert, escort-to-port and seize-vessel; a handover is PERSONS_HANDED_OVER',
        path: ['destination'],
      },
    ),
  ev('VESSEL_RELEASED', {}),
  ev('RESULTS_REPORTED', { to: z.string().min(1) }),
  ev('COMPENSATION_ASSESSED', {
    lossOrDamage: z.boolean(),
    conductJustified: z.boolean().optional(),
    note: z.string().optional(),
  }),
  ev('PERSONS_SCREENED', {
    total: z.number().int().nonnegative(),
    children: z.number().int().nonnegative().optional(),
    unaccompaniedChildren: z.number().int().nonnegative().optional(),
    women: z.number().int().nonnegative().optional(),
    pregnant: z.number().int().nonnegative().optional(),
    medicalUrgent: z.number().int().nonnegative().optional(),
    deceased: z.number().int().nonnegative().optional(),
    missing: z.number().int().nonnegative().optional(),
    traffickingIndicators: z.boolean().optional(),
  }),
  ev('PROTECTION_CLAIMS_RECORDED', {
    count: z.number().int().nonnegative(),
    countriesOfOrigin: z.array(Alpha2).default([]),
  }),
  ev('PROTECTION_CLAIMS_REFERRED', {}),
  ev('PERSONS_INFORMED', {
    language: z.string().min(1),
    destination: Destination.optional(),
    objectionsHeard: z.boolean().optional(),
    objections: z
      .array(z.object({ count: z.number().int().positive(), reason: z.string().min(1) }))
      .optional(),
  }),
  ev('CONSULAR_RIGHTS_NOTIFIED', {}),
  ev('PLACE_OF_SAFETY_PROPOSED', {
    country: Alpha2,
    port: z.string().optional(),
    lat: Lat.optional(),
    lon: Lon.optional(),
  }),
  ev('PLACE_OF_SAFETY_DESIGNATED', {
    by: z.enum(['RCC', 'authority']),
    country: Alpha2,
    port: z.string().optional(),
  }),
  ev('DISEMBARKATION_COMPLETED', { country: Alpha2, port: z.string().optional() }),
  ev('INCIDENT_REVIEWED', { incidentId: z.string().min(1), finding: z.string().min(1) }),
  ev('CASE_CLOSED', { outcome: z.string().optional() }),
  ev('REGISTER_CHECKED', { onRegister: z.boolean(), note: z.string().optional() }),
  ev('REQUEST_ANSWERED', AnswerBody.shape),
  ev('AUTHORISATION_WITHDRAWN', { scopes: z.array(Scope).min(1).optional(), reason: z.string().optional() }),
  ev('PERSONS_HANDED_OVER', {
    to: z.object({ country: Alpha2, authority: z.string().optional() }),
    count: z.number().int().positive().optional(),
  }),
  ev('PERSONS_TAKEN_ON_BOARD', { count: z.number().int().positive() }),
  ev('INFRINGEMENT_COMMITTED', {
    where: z.enum(['territory', 'territorial-sea']),
    note: z.string().optional(),
  }),
  ev('RCC_COORDINATION_ACCEPTED', { rcc: z.string().min(1) }),
  ev('SAR_CASE_CLOSED', { by: z.string().min(1), note: z.string().optional() }),
  ev('PLACE_OF_SAFETY_DECLINED', { country: Alpha2, by: z.string().optional() }),
  ev('REFERRAL_MADE', {
    about: ReferralAbout,
    to: z.string().optional(),
    note: z.string().optional(),
  }),
  ev('DETENTION_REVIEWED', { by: z.string().min(1), note: z.string().optional() }),
  ev('CONSULATE_CONTACTED', {
    country: Alpha2,
    atRequestOf: z.literal('person'),
    informed: z.boolean().optional(),
  }),
  ev('FORCE_USED', { forceUsed: ForceUsed, casualties: Casualties.optional(), note: z.string().optional() }),
  ev('COUNTRY_ASSESSED', {
    country: Alpha2,
    unsafe: z.boolean(),
    conditions: z.string().optional(),
    source: z.string().min(1),
    date: z.string().min(1),
  }),
  ev('OBJECTIONS_ASSESSED', { country: Alpha2, upheld: z.boolean(), note: z.string().optional() }),
  ev('REQUEST_ACKNOWLEDGED', { note: z.string().optional() }),
  ev('SENT_BY_OTHER_MEANS', {
    channel: z.string().min(1),
    note: z.string().optional(),
    // the undelivered message it stands for; absent: every message the exchange could not deliver
    messageId: z.string().min(1).optional(),
  }),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;
export type CaseEventType = CaseEvent['type'];
export const CASE_EVENT_TYPES = CaseEvent.options.map((o) => o.shape.type.value) as CaseEventType[];

// The desk records these itself: a deadline falling due is an ordinary event in the log (engineering.md).
export const DeadlinePassed = z.object({ type: z.literal('DEADLINE_PASSED'), deadlineId: z.string() });
export type DeadlinePassed = z.infer<typeof DeadlinePassed>;

// The central authority edited the directory (profiles, country assessments): open cases follow it, and the
// log shows from when (SoM art. 8(6); the stricter assessment protects persons from refoulement).
export const SettingChanged = z.object({ type: z.literal('SETTING_CHANGED'), setting: Setting });
export type SettingChanged = z.infer<typeof SettingChanged>;

// The desk-to-desk exchange (contract.md, "Desk-to-desk exchange"; SoM art. 8(2), 8(4), 8(6)): what a message
// is about, and the facts the exchange records itself, as the deadline worker records DEADLINE_PASSED.
export const MessageKind = z.enum([
  'notify-flag-state',
  'request-authorisation',
  'acknowledge',
  'answer',
  'withdraw-authorisation',
  'report-results',
]);
export type MessageKind = z.infer<typeof MessageKind>;

// A message that arrived, as the entries it caused name it: both desks' audits then name the same message.
export const MessageRef = z.object({
  id: z.string().min(1),
  from: Alpha2,
  kind: MessageKind,
  sha256: z.string().min(1),
});
export type MessageRef = z.infer<typeof MessageRef>;

// A message an applied event sends (the runtime names it before the law applies the event, so the case
// knows the message is under way).
export interface SendsRef {
  id: string;
  to: string;
  kind: MessageKind;
}

export const MessageDelivered = z.object({
  type: z.literal('MESSAGE_DELIVERED'),
  messageId: z.string().min(1),
  to: Alpha2,
  kind: MessageKind,
  // sha256 of the JWS sent, and of the signed receipt that came back
  sha256: z.string().min(1),
  receipt: z.object({ sha256: z.string().min(1), receivedAt: z.string().min(1) }),
});
export type MessageDelivered = z.infer<typeof MessageDelivered>;

export const MessageNotDelivered = z.object({
  type: z.literal('MESSAGE_NOT_DELIVERED'),
  messageId: z.string().min(1),
  to: Alpha2,
  kind: MessageKind,
  attempts: z.number().int().nonnegative(),
  error: z.string(),
});
export type MessageNotDelivered = z.infer<typeof MessageNotDelivered>;

// A message that adds to a case without being one of its steps (a further request, a report of results).
export const MessageReceived = z.object({
  type: z.literal('MESSAGE_RECEIVED'),
  message: MessageRef,
  body: z.record(z.string(), z.unknown()).default({}),
});
export type MessageReceived = z.infer<typeof MessageReceived>;

export type ExchangeEvent = MessageDelivered | MessageNotDelivered | MessageReceived;
export const EXCHANGE_EVENT_TYPES = [
  'MESSAGE_DELIVERED',
  'MESSAGE_NOT_DELIVERED',
  'MESSAGE_RECEIVED',
] as const;

export type DeskEvent = CaseEvent | DeadlinePassed | SettingChanged | ExchangeEvent;

// Who may record each event (contract.md, Events). Trainers may record any event on training cases.
export const EVENT_ROLES: Record<CaseEventType, ReadonlyArray<'operator' | 'authority'>> = {
  POSITION_REPORTED: ['operator', 'authority'],
  SUSPICION_RECORDED: ['operator', 'authority'],
  VESSEL_IDENTIFIED: ['operator', 'authority'],
  DISTRESS_ASSESSED: ['operator', 'authority'],
  RCC_NOTIFIED: ['operator'],
  ASSISTANCE_REFUSED: ['operator'],
  RESCUE_COMPLETED: ['operator'],
  FLAG_STATE_NOTIFIED: ['authority'],
  FLAG_STATE_ACKNOWLEDGED: ['authority'],
  REGISTRY_CONFIRMED: ['authority'],
  REGISTRY_REFUTED: ['authority'],
  AUTHORISATION_REQUESTED: ['authority'],
  AUTHORISATION_GRANTED: ['authority'],
  AUTHORISATION_REFUSED: ['authority'],
  FLAG_STATE_WILL_ACT: ['authority'],
  FLAG_STATE_INFORMED: ['authority'],
  COASTAL_STATE_CONSENTED: ['authority'],
  COASTAL_STATE_INFORMED: ['authority'],
  HOT_PURSUIT_STARTED: ['operator'],
  HOT_PURSUIT_ENDED: ['operator'],
  BOARDING_STARTED: ['operator'],
  SAFEGUARDS_RECORDED: ['operator'],
  SEARCH_COMPLETED: ['operator'],
  MEASURES_TAKEN: ['operator'],
  VESSEL_RELEASED: ['operator'],
  RESULTS_REPORTED: ['authority'],
  COMPENSATION_ASSESSED: ['authority'],
  PERSONS_SCREENED: ['operator'],
  PROTECTION_CLAIMS_RECORDED: ['operator'],
  PROTECTION_CLAIMS_REFERRED: ['authority'],
  PERSONS_INFORMED: ['operator'],
  CONSULAR_RIGHTS_NOTIFIED: ['operator'],
  PLACE_OF_SAFETY_PROPOSED: ['operator', 'authority'],
  PLACE_OF_SAFETY_DESIGNATED: ['authority'],
  DISEMBARKATION_COMPLETED: ['operator'],
  INCIDENT_REVIEWED: ['authority'],
  CASE_CLOSED: ['authority'],
  REGISTER_CHECKED: ['authority'],
  REQUEST_ANSWERED: ['authority'],
  AUTHORISATION_WITHDRAWN: ['authority'],
  PERSONS_HANDED_OVER: ['operator'],
  PERSONS_TAKEN_ON_BOARD: ['operator'],
  INFRINGEMENT_COMMITTED: ['operator', 'authority'],
  RCC_COORDINATION_ACCEPTED: ['operator', 'authority'],
  SAR_CASE_CLOSED: ['operator', 'authority'],
  PLACE_OF_SAFETY_DECLINED: ['authority'],
  REFERRAL_MADE: ['operator', 'authority'],
  DETENTION_REVIEWED: ['authority'],
  CONSULATE_CONTACTED: ['operator', 'authority'],
  FORCE_USED: ['operator'],
  COUNTRY_ASSESSED: ['authority'],
  OBJECTIONS_ASSESSED: ['authority'],
  REQUEST_ACKNOWLEDGED: ['authority'],
  SENT_BY_OTHER_MEANS: ['authority'],
};

export const LegalBasisCode = z.enum([
  'government-vessel',
  'coastal-jurisdiction',
  'foreign-coastal-state-consent',
  'contiguous-zone-control',
  'own-flag',
  'stateless',
  'undetermined',
  'hot-pursuit',
  'agreement-authorisation',
  'flag-state-authorisation',
  'consent-under-general-law',
  'security-council-authorisation',
]);
export type LegalBasisCode = z.infer<typeof LegalBasisCode>;

export type ZoneName = 'territorial-sea' | 'contiguous-zone' | 'beyond';
export interface Zone {
  zone: ZoneName;
  state?: string;
  states: string[];
  distanceToTerritorialSeaNm?: number;
}
