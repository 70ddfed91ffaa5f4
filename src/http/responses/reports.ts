// What the report routes answer (src/reports/, src/audit/bundle.ts). For the OpenAPI document only
// (openapi.ts): the indicators as src/reports/indicators.ts counts them, the export as a verifier reads it.
import { z } from 'zod';
import { AuditEntry } from './audit.ts';
import { Instant } from './case.ts';

const Counts = z.record(z.string(), z.number().int()).describe('a count per key');
const Durations = z.object({
  count: z.number().int(),
  medianMinutes: z.number().nullable().describe('nearest rank, minutes to one decimal; null without any'),
  p90Minutes: z.number().nullable(),
});
const indicator = <T extends z.ZodType>(value: T) =>
  z.object({
    title: z.string(),
    serves: z
      .array(z.string())
      .describe('the Framework for Action line or the Protocol article the figure serves'),
    value,
  });
const count = (...names: string[]) => z.object(Object.fromEntries(names.map((n) => [n, z.number().int()])));

const Indicators = z.object({
  casesOpened: indicator(z.object({ total: z.number().int(), byKind: Counts, byLegalBasis: Counts })),
  flagStateReplies: indicator(
    z.record(z.string(), z.object({ registryReply: Durations, authorisation: Durations })),
  ),
  overdueReplies: indicator(count('registry', 'authorisation', 'escalated')),
  deemedConsents: indicator(z.object({ matured: z.number().int(), byFlagState: Counts })),
  incomingRequests: indicator(
    z.object({ answered: z.number().int(), answerTime: Durations, overdue: z.number().int() }),
  ),
  personsRescued: indicator(count('persons')),
  personsTakenOnBoard: indicator(count('persons')),
  deliveredToPlaceOfSafety: indicator(count('disembarkations', 'persons')),
  protectionClaims: indicator(count('recorded', 'referred')),
  children: indicator(count('children', 'unaccompaniedChildren')),
  deceasedAndMissing: indicator(count('deceased', 'missing')),
  refusals: indicator(z.object({ total: z.number().int(), byReason: Counts, byArticle: Counts })),
  overrides: indicator(z.object({ total: z.number().int(), byKind: Counts })),
  incidents: indicator(z.object({ opened: Counts, reviewed: Counts })),
  excludedPlaces: indicator(z.object({ refused: z.number().int(), byEvent: Counts })),
});

const Period = z.object({
  from: Instant,
  to: Instant,
  cases: z.number().int(),
  indicators: Indicators,
});

export const IndicatorReport = z
  .object({
    from: Instant.nullable().describe('null: from the first entry'),
    to: Instant,
    generatedAt: Instant,
    cases: z.number().int().describe('live cases with an entry in the window; training cases never count'),
    indicators: Indicators,
    periods: z.array(Period).optional().describe('the same figures per week or month, with `by`'),
  })
  .meta({ id: 'IndicatorReport' });

export const CaseFile = z.string().describe('the case file, a PDF').meta({ format: 'binary' });

export const AuditBundle = z
  .object({
    format: z.literal('interception-desk/audit-bundle@1'),
    caseId: z.string(),
    entries: z.array(AuditEntry.extend({ caseId: z.string() })),
    checkpoint: z.object({
      caseId: z.string(),
      seq: z.number().int(),
      head: z.string(),
      at: Instant,
      signature: z.string().describe('Ed25519 over the canonical JSON of {caseId, seq, head, at}, base64'),
    }),
    publicKey: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string() }),
  })
  .meta({ id: 'AuditBundle' });
