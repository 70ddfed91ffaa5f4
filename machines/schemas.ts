// The public vocabulary of contract.md as zod schemas: one source for the HTTP API, the scenario format and
// the machine's own types. Names here are the contract's; add freely, rename only with a version bump.
import { z } from 'zod';

// How long a string and how many items a list the desk takes, in a request, a scenario file or a directory
// edit: bounds an integrator can read in the OpenAPI document (maxLength, maxItems), far below what would
// make one event's record heavy. Every string and list a person or a file sends carries one of them.
// ids and codes: a case id, an IMO or MMSI number, an idempotency key, a resolution, a language
export const MAX_ID_LENGTH = 200;
// names and short descriptions: a vessel, a unit, a port, an RCC, a ground of suspicion
export const MAX_NAME_LENGTH = 1_000;
// free text: notes, justifications, findings, summaries
export const MAX_TEXT_LENGTH = 10_000;
// any list: grounds, flags, conditions, objections, a polygon's points
export const MAX_ITEMS = 5_000;

const atMost = (max: number) => `at most ${max.toLocaleString('en')} characters`;
export const IdText = z.string().max(MAX_ID_LENGTH, atMost(MAX_ID_LENGTH));
export const NameText = z.string().max(MAX_NAME_LENGTH, atMost(MAX_NAME_LENGTH));
export const FreeText = z.string().max(MAX_TEXT_LENGTH, atMost(MAX_TEXT_LENGTH));
export const list = <T extends z.ZodType>(item: T) =>
  z.array(item).max(MAX_ITEMS, `at most ${MAX_ITEMS.toLocaleString('en')} items`);

// Every object a person or a file sends is strict: a misspelt field ("personsOnboard") is refused by name,
// never dropped, since a dropped field silently changes what the desk records. Only new input is held to it:
// what the store or another State's desk wrote is read `leniently`.

// What was written before, by this desk or another, is read as a plain object would read it: a key this desk
// does not know (a field since dropped, a later desk's addition) is left out, never a reason to refuse a
// message or to fail to read the store. Every other rule holds as for new input.
export function leniently<T extends z.ZodType>(schema: T, value: unknown): z.ZodSafeParseResult<z.output<T>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed;
  const unknown = parsed.error.issues.filter((i) => i.code === 'unrecognized_keys');
  if (unknown.length === 0) return parsed;
  const input = structuredClone(value);
  for (const issue of unknown) {
    const at = issue.path.reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
      input,
    );
    if (at && typeof at === 'object')
      for (const key of issue.keys) delete (at as Record<string, unknown>)[key];
  }
  return schema.safeParse(input);
}

export interface Issue {
  // a dot path into the body, the query, a path parameter or a header; `url` for the URL itself; empty for
  // the body (or the request) as a whole
  path: string;
  message: string;
}

// How the problems of a refused value are named (contract.md, Errors): a dot path relative to what was sent,
// and every unknown field on its own, so one answer lists all there is to fix.
export function issuesOf(
  issues: ReadonlyArray<{ code?: string; path: ReadonlyArray<PropertyKey>; message: string; keys?: unknown }>,
  prefix: ReadonlyArray<PropertyKey> = [],
): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys' && Array.isArray(issue.keys))
      return issue.keys.map((key) => ({ path: [...path, String(key)].join('.'), message: 'unknown field' }));
    return [{ path: path.join('.'), message: issue.message }];
  });
}

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
export const Casualties = z.strictObject({
  injured: z.number().int().nonnegative(),
  dead: z.number().int().nonnegative(),
});
export type Casualties = z.infer<typeof Casualties>;

const Agreement = z.strictObject({
  agreement: NameText.min(1),
  with: list(Alpha2),
  scopes: list(Scope).min(1),
});

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time "HH:MM"');

export const StateProfile = z.strictObject({
  protocolParty: z.boolean(),
  contiguousZoneNm: z.number().gt(12).max(24).optional(),
  replyWithinHours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional(),
  deemedConsent: z
    .strictObject({
      agreement: NameText.min(1),
      with: list(Alpha2),
      afterHours: z.number().positive(),
      scopes: list(Scope).min(1),
      // the agreement's clock runs from the acknowledgement (default) or from the technical receipt
      clockStartsAt: z.enum(['acknowledgement', 'receipt']).optional(),
    })
    .optional(),
  standingAuthorisation: Agreement.optional(),
  // an agreement (a joint-patrol arrangement, say) by which this State consents in advance to what the
  // States named may do in its territorial sea (domain.md, row 3)
  standingCoastalConsent: Agreement.optional(),
  officeHours: z.strictObject({ from: HHMM, to: HHMM }).optional(),
  timeZone: IdText.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone, e.g. "Europe/Malta"').optional(),
  languages: list(IdText).optional(),
  contact: NameText.optional(),
  rcc: NameText.optional(),
  // the State's desk (contract.md, "Desk-to-desk exchange"): where messages go, and the keys that sign its
  // messages and receipts
  exchange: z
    .strictObject({
      url: NameText.url(),
      // a JWK Set's members other than `keys`, and a JWK's beyond these, are the key's own (RFC 7517, 4 and
      // 5: ignored, not refused)
      jwks: z.object({
        keys: list(z.looseObject({ kty: IdText, kid: IdText.optional() })).min(1),
      }),
    })
    .optional(),
  demo: z.boolean().optional(),
});
export type StateProfile = z.infer<typeof StateProfile>;

export const CountryAssessment = z.strictObject({
  unsafe: z.boolean(),
  conditions: FreeText.optional(),
  source: NameText.min(1),
  date: IdText.min(1),
});
export type CountryAssessment = z.infer<typeof CountryAssessment>;

const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const IsoInstant = IdText.refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 date or instant');

// A UN Security Council authorisation as dated data (domain.md, row 8b): one entry per resolution and
// renewal; `until` is exclusive, UTC.
export const SecurityCouncilAuthorisation = z.strictObject({
  resolution: IdText.min(1),
  area: z.strictObject({
    type: z.literal('Polygon'),
    coordinates: list(list(LonLat).min(4)).min(1),
  }),
  from: IsoInstant,
  until: IsoInstant,
  scopes: list(Scope).min(1),
  measures: list(Measure).optional(),
  note: FreeText.optional(),
});
export type SecurityCouncilAuthorisation = z.infer<typeof SecurityCouncilAuthorisation>;

export const Setting = z.strictObject({
  states: z.record(Alpha2, StateProfile).default({}),
  countryAssessments: z.record(Alpha2, CountryAssessment).default({}),
  securityCouncilAuthorisations: list(SecurityCouncilAuthorisation).optional(),
});
export type Setting = z.infer<typeof Setting>;

const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
export const Position = z.strictObject({ lat: Lat, lon: Lon });
export type Position = z.infer<typeof Position>;

export const Unit = z.strictObject({
  name: NameText.min(1),
  governmentService: z.boolean(),
  clearlyMarked: z.boolean(),
  authorised: z.boolean(),
});
export type Unit = z.infer<typeof Unit>;

// Absent means unknown; null means none (contract.md, Opening report).
export const Vessel = z.strictObject({
  name: NameText.optional(),
  imo: IdText.optional(),
  mmsi: IdText.optional(),
  callSign: IdText.optional(),
  flag: Alpha2.nullable().optional(),
  registryClaimed: Alpha2.nullable().optional(),
  flagsUsed: list(Alpha2).optional(),
  description: NameText.optional(),
  government: z.boolean().optional(),
});
export type Vessel = z.infer<typeof Vessel>;

// a ground of suspicion: a statement, as long as a description
const Ground = NameText.min(1);

export const OpeningReport = z.strictObject({
  interceptingState: Alpha2,
  unit: Unit,
  vessel: Vessel,
  position: Position,
  personsOnBoard: z.number().int().nonnegative().optional(),
  grounds: list(Ground).optional(),
});
export type OpeningReport = z.infer<typeof OpeningReport>;

export const IncomingRequest = z.strictObject({
  from: Alpha2,
  vessel: Vessel,
  position: Position,
  grounds: list(Ground),
  asks: list(z.enum(['registry', 'board', 'search', 'measures'])).min(1),
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
export const Condition = z.strictObject({
  kind: ConditionKind,
  hours: z.number().positive().optional(),
  text: FreeText.optional(),
});
export type Condition = z.infer<typeof Condition>;

export const Override = z.strictObject({
  kind: z.enum(['imminent-danger', 'recorded-fact']),
  justification: z
    .string()
    .trim()
    .min(1, 'a written justification is required')
    .max(MAX_TEXT_LENGTH, atMost(MAX_TEXT_LENGTH)),
});
export type Override = z.infer<typeof Override>;

const Destination = z.strictObject({ country: Alpha2, port: NameText.optional() });

export const ReferralAbout = z.enum([
  'unaccompanied-children',
  'trafficking',
  'medical',
  'missing-persons',
  'deceased',
]);
export type ReferralAbout = z.infer<typeof ReferralAbout>;

// The flag authority's answer, as REQUEST_ANSWERED records it on its desk and an `answer` message carries it.
export const AnswerBody = z.strictObject({
  registry: z.enum(['confirmed', 'refuted']),
  authorisation: z
    .strictObject({ scopes: list(Scope), conditions: list(Condition).default([]) })
    .nullable()
    .optional(),
  willAct: z.boolean().optional(),
});
export type AnswerBody = z.infer<typeof AnswerBody>;

const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), override: Override.optional(), ...shape });

// Events a person records (contract.md, Events). Deadline events are the desk's own (see DeskEvent).
export const CaseEvent = z.discriminatedUnion('type', [
  ev('POSITION_REPORTED', { lat: Lat, lon: Lon }),
  ev('SUSPICION_RECORDED', { grounds: list(Ground).min(1) }),
  ev('VESSEL_IDENTIFIED', {
    flag: Alpha2.nullable().optional(),
    registryClaimed: Alpha2.nullable().optional(),
    flagsUsed: list(Alpha2).optional(),
    name: NameText.optional(),
    imo: IdText.optional(),
    mmsi: IdText.optional(),
    government: z.boolean().optional(),
  }),
  ev('DISTRESS_ASSESSED', {
    phase: DistressPhase,
    factors: list(DangerFactor).default([]),
    notes: FreeText.optional(),
  }),
  ev('RCC_NOTIFIED', { rcc: NameText.min(1) }),
  ev('ASSISTANCE_REFUSED', {}),
  ev('RESCUE_COMPLETED', {
    rescued: z.number().int().nonnegative(),
    deceased: z.number().int().nonnegative().optional(),
    missing: z.number().int().nonnegative().optional(),
  }),
  ev('FLAG_STATE_NOTIFIED', { state: Alpha2, channel: NameText.optional() }),
  ev('FLAG_STATE_ACKNOWLEDGED', {}),
  ev('REGISTRY_CONFIRMED', { state: Alpha2.optional() }),
  ev('REGISTRY_REFUTED', { state: Alpha2.optional() }),
  ev('AUTHORISATION_REQUESTED', { scopes: list(Scope).min(1) }),
  ev('AUTHORISATION_GRANTED', {
    scopes: list(Scope).min(1),
    conditions: list(Condition).default([]),
    state: Alpha2.optional(),
  }),
  ev('AUTHORISATION_REFUSED', { reason: FreeText.optional(), state: Alpha2.optional() }),
  ev('FLAG_STATE_WILL_ACT', { jointly: z.boolean().optional() }),
  ev('FLAG_STATE_INFORMED', { about: z.enum(['moving-vessel', 'other']), note: FreeText.optional() }),
  ev('COASTAL_STATE_CONSENTED', { state: Alpha2, scopes: list(Scope).optional() }),
  ev('COASTAL_STATE_INFORMED', { state: Alpha2 }),
  ev('HOT_PURSUIT_STARTED', {
    startedIn: z.enum(['territorial-sea', 'contiguous-zone', 'internal-waters']),
    signalGiven: z.boolean(),
    violation: NameText.min(1),
  }),
  ev('HOT_PURSUIT_ENDED', { reason: FreeText.optional() }),
  ev('BOARDING_STARTED', {
    flagOfficerOnBoard: z.boolean().optional(),
    forceUsed: ForceUsed.optional(),
    casualties: Casualties.optional(),
  }),
  ev('SAFEGUARDS_RECORDED', { note: FreeText.optional() }),
  ev('SEARCH_COMPLETED', { evidenceFound: z.boolean(), summary: FreeText.optional() }),
  ev('MEASURES_TAKEN', {
    measures: list(Measure).min(1),
    detained: z.number().int().nonnegative().optional(),
    destination: Destination.optional(),
    description: NameText.optional(),
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
  ev('RESULTS_REPORTED', { to: NameText.min(1) }),
  ev('COMPENSATION_ASSESSED', {
    lossOrDamage: z.boolean(),
    conductJustified: z.boolean().optional(),
    note: FreeText.optional(),
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
    countriesOfOrigin: list(Alpha2).default([]),
  }),
  ev('PROTECTION_CLAIMS_REFERRED', {}),
  ev('PERSONS_INFORMED', {
    language: IdText.min(1),
    destination: Destination.optional(),
    objectionsHeard: z.boolean().optional(),
    objections: list(
      z.strictObject({ count: z.number().int().positive(), reason: FreeText.min(1) }),
    ).optional(),
  }),
  ev('CONSULAR_RIGHTS_NOTIFIED', {}),
  ev('PLACE_OF_SAFETY_PROPOSED', {
    country: Alpha2,
    port: NameText.optional(),
    lat: Lat.optional(),
    lon: Lon.optional(),
  }),
  ev('PLACE_OF_SAFETY_DESIGNATED', {
    by: z.enum(['RCC', 'authority']),
    country: Alpha2,
    port: NameText.optional(),
  }),
  ev('DISEMBARKATION_COMPLETED', { country: Alpha2, port: NameText.optional() }),
  ev('INCIDENT_REVIEWED', { incidentId: IdText.min(1), finding: FreeText.min(1) }),
  ev('CASE_CLOSED', { outcome: FreeText.optional() }),
  ev('REGISTER_CHECKED', { onRegister: z.boolean(), note: FreeText.optional() }),
  ev('REQUEST_ANSWERED', AnswerBody.shape),
  ev('AUTHORISATION_WITHDRAWN', { scopes: list(Scope).min(1).optional(), reason: FreeText.optional() }),
  ev('PERSONS_HANDED_OVER', {
    to: z.strictObject({ country: Alpha2, authority: NameText.optional() }),
    count: z.number().int().positive().optional(),
  }),
  ev('PERSONS_TAKEN_ON_BOARD', { count: z.number().int().positive() }),
  ev('INFRINGEMENT_COMMITTED', {
    where: z.enum(['territory', 'territorial-sea']),
    note: FreeText.optional(),
  }),
  ev('RCC_COORDINATION_ACCEPTED', { rcc: NameText.min(1) }),
  ev('SAR_CASE_CLOSED', { by: NameText.min(1), note: FreeText.optional() }),
  ev('PLACE_OF_SAFETY_DECLINED', { country: Alpha2, by: NameText.optional() }),
  ev('REFERRAL_MADE', {
    about: ReferralAbout,
    to: NameText.optional(),
    note: FreeText.optional(),
  }),
  ev('DETENTION_REVIEWED', { by: NameText.min(1), note: FreeText.optional() }),
  ev('CONSULATE_CONTACTED', {
    country: Alpha2,
    atRequestOf: z.literal('person'),
    informed: z.boolean().optional(),
  }),
  ev('FORCE_USED', { forceUsed: ForceUsed, casualties: Casualties.optional(), note: FreeText.optional() }),
  ev('COUNTRY_ASSESSED', {
    country: Alpha2,
    unsafe: z.boolean(),
    conditions: FreeText.optional(),
    source: NameText.min(1),
    date: IdText.min(1),
  }),
  ev('OBJECTIONS_ASSESSED', { country: Alpha2, upheld: z.boolean(), note: FreeText.optional() }),
  ev('REQUEST_ACKNOWLEDGED', { note: FreeText.optional() }),
  ev('SENT_BY_OTHER_MEANS', {
    channel: NameText.min(1),
    note: FreeText.optional(),
    // the undelivered message it stands for; absent: every message the exchange could not deliver
    messageId: IdText.min(1).optional(),
  }),
  // the central authority took an overdue reply further (SoM art. 8(4), 8(6)): whom, how, what it said
  ev('REPLY_ESCALATED', {
    to: NameText.optional(),
    channel: NameText.optional(),
    note: FreeText.optional(),
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
  REPLY_ESCALATED: ['authority'],
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
