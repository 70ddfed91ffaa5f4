// What the case routes answer (contract.md, "The case view"): the view, the list's summaries. For the OpenAPI
// document only (openapi.ts): the desk never serialises through these, so an answer is what the engine built.
// Enums come from the law's own lists, so a code the law adds is in the document the same day.
import { z } from 'zod';
import { ACTION_CODES } from '../../../machines/action-codes.ts';
import {
  Alpha2,
  Condition,
  DistressPhase,
  IncomingRequest,
  LegalBasisCode,
  MessageKind,
  Position,
  Scope,
  Unit,
  Vessel,
} from '../../../machines/schemas.ts';
import { WARNING_CODES } from '../../../machines/warnings.ts';

export const Instant = z.iso.datetime({ offset: true }).describe('an ISO 8601 instant');
const Basis = z.array(z.string()).describe('the articles and rules behind it');
const Place = z.object({ country: Alpha2, port: z.string().optional() });
const Priority = z.enum(['life', 'legal', 'admin']);

export const Zone = z
  .object({
    zone: z.enum(['territorial-sea', 'contiguous-zone', 'beyond']),
    state: Alpha2.optional(),
    states: z.array(Alpha2).describe('every claimant where claims overlap'),
    distanceToTerritorialSeaNm: z.number().optional(),
  })
  .meta({ id: 'Zone' });

export const RequiredAction = z
  .object({
    code: z.enum(ACTION_CODES),
    title: z.string(),
    basis: Basis,
    role: z.enum(['operator', 'authority']),
    priority: Priority,
    dueAt: Instant.optional(),
    blocking: z.boolean().describe('CASE_CLOSED is refused while it is open'),
    waitsFor: z.array(z.string()).optional().describe("actions that must close before this one's step"),
  })
  .meta({ id: 'RequiredAction' });

const Warning = z.object({ code: z.enum(WARNING_CODES), message: z.string(), basis: Basis.optional() });

const ExchangeMessage = z.object({
  id: z.string(),
  direction: z.enum(['out', 'in']),
  kind: MessageKind,
  state: Alpha2.describe('the other State'),
  at: Instant,
  status: z.enum(['pending', 'delivered', 'not-delivered', 'sent-by-other-means', 'received']),
  sha256: z.string().optional(),
  receipt: z.object({ sha256: z.string(), receivedAt: Instant }).optional(),
  error: z.string().optional(),
  channel: z.string().optional(),
});

const Persons = z.object({
  onBoard: z.number().int().optional(),
  takenOnBoard: z.boolean(),
  underControl: z.boolean(),
  handedOver: z.object({ country: Alpha2, all: z.boolean(), lawful: z.boolean() }).optional(),
  informed: z.array(z.object({ country: Alpha2.optional(), objectionsHeard: z.boolean() })),
  objections: z.record(z.string(), z.enum(['unresolved', 'upheld', 'dismissed'])),
  referralsOwed: z.array(z.string()),
  detentionReviewed: z.boolean(),
  screened: z.record(z.string(), z.union([z.number(), z.boolean()])).nullable(),
  protectionClaims: z.object({ count: z.number().int(), countriesOfOrigin: z.array(Alpha2) }),
  claimsReferred: z.boolean(),
  informedLanguage: z.string().optional(),
  detained: z.boolean(),
  consularRightsNotified: z.boolean(),
  flagStateJurisdiction: z.boolean(),
});

const Incoming = z.object({
  from: Alpha2,
  conversation: z.string().optional(),
  lastMessageId: z.string().optional(),
  results: z.array(z.object({ at: Instant, body: z.record(z.string(), z.unknown()) })).optional(),
  asks: IncomingRequest.shape.asks,
  ownState: Alpha2,
  receivedAt: Instant,
  registerChecked: z.boolean(),
  acknowledgedAt: Instant.optional(),
  onRegister: z.boolean().optional(),
  answered: z.boolean(),
  answer: z
    .object({
      registry: z.enum(['confirmed', 'refuted']),
      scopes: z.array(Scope),
      conditions: z.array(Condition),
      willAct: z.boolean(),
    })
    .optional(),
  overdue: z.boolean(),
});

export const CaseView = z
  .object({
    id: z.string(),
    kind: z.enum(['interception', 'incoming-request']),
    training: z.boolean(),
    version: z.number().int().describe('sent back as the ETag, and as If-Match'),
    status: z.enum(['open', 'closed']),
    openedAt: Instant,
    interceptingState: Alpha2,
    unit: Unit,
    vessel: Vessel,
    position: Position,
    zone: Zone,
    legalBasis: z.object({
      code: LegalBasisCode,
      basis: Basis,
      permits: z.array(Scope),
      suspendedBy: z.literal('distress').optional(),
    }),
    distressPhase: DistressPhase.nullable().describe('null until the first assessment'),
    phases: z.unknown().describe("the statechart's state, for display"),
    requiredActions: z.array(RequiredAction).describe('most urgent first'),
    deadlines: z.array(z.object({ id: z.string(), dueAt: Instant, about: z.string() })),
    conditions: z.array(Condition),
    flagState: z.object({
      state: Alpha2.optional(),
      registry: z.enum(['confirmed', 'refuted']).nullable(),
      reply: z.enum(['granted', 'refused', 'will-act']).nullable(),
      grantedScopes: z.array(Scope),
      notifiedAt: Instant.optional(),
      acknowledgedAt: Instant.optional(),
      confirmedBy: Alpha2.optional(),
      consentFrom: Alpha2.optional(),
      withdrawnScopes: z.array(Scope),
      inquiries: z.array(Alpha2),
      lapsed: z.array(z.object({ state: Alpha2, scopes: z.array(Scope), at: Instant })),
      escalatedAt: Instant.optional().describe('when the central authority last escalated an overdue reply'),
    }),
    persons: Persons,
    incidents: z.array(
      z.object({
        id: z.string(),
        category: z.enum([
          'legal',
          'possible-fundamental-rights-violation',
          'rescue-measure-review',
          'use-of-force',
        ]),
        event: z.string(),
        reason: z.string(),
        justification: z.string(),
        reviewed: z.boolean(),
        finding: z.string().optional(),
      }),
    ),
    placeOfSafety: z.object({
      proposed: Place.optional(),
      designated: Place.extend({
        by: z.enum(['RCC', 'authority']),
        usableWhenDesignated: z.boolean(),
      }).optional(),
      declined: z.array(Alpha2),
      disembarked: Place.extend({ at: Instant }).optional(),
    }),
    hotPursuit: z
      .object({
        active: z.boolean(),
        lawful: z.boolean(),
        startedIn: z.enum(['territorial-sea', 'contiguous-zone', 'internal-waters']),
        startedAt: Instant,
        violation: z.string().optional(),
        endedReason: z.string().optional(),
      })
      .nullable(),
    incoming: Incoming.optional().describe('an incoming request only'),
    messages: z.array(ExchangeMessage).describe('the desk-to-desk exchange, sent and received'),
    outcome: z.string().optional(),
    warnings: z.array(Warning),
  })
  .meta({ id: 'CaseView', description: 'the case as the law reads it now (contract.md, "The case view")' });

export const CaseSummary = z
  .object({
    id: z.string(),
    kind: z.enum(['interception', 'incoming-request']),
    status: z.enum(['open', 'closed']),
    training: z.boolean(),
    openedAt: Instant,
    version: z.number().int(),
    vesselName: z.string().optional(),
    legalBasis: LegalBasisCode,
    nextDueAt: Instant.optional(),
    overdue: z.boolean(),
    topAction: z.enum(ACTION_CODES).optional(),
    topPriority: Priority.optional(),
  })
  .meta({ id: 'CaseSummary' });
