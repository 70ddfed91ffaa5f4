// What the audit routes answer (contract.md, GET /cases/:id/audit and /audit/verify). For the OpenAPI document
// only (openapi.ts).
import { z } from 'zod';
import { Role } from '../../../machines/schemas.ts';
import { Instant } from './case.ts';

const Sha256 = z.string().describe('hex SHA-256');

export const Refusal = z.object({
  reason: z.string().describe('e.g. no-grounds, not-the-flag-state, not-expected-now (contract.md)'),
  message: z.string(),
  basis: z.array(z.string()),
  allowedOverrides: z.array(z.enum(['imminent-danger', 'recorded-fact'])),
});

export const AuditEntry = z
  .object({
    seq: z.number().int().min(1).describe("the case's own sequence, as on the stream"),
    at: Instant,
    actor: z.object({ role: z.union([Role, z.literal('desk')]), subject: z.string() }),
    type: z.string().describe("the event's type"),
    event: z.looseObject({ type: z.string() }).describe('the event as recorded'),
    outcome: z.enum(['applied', 'refused']),
    refusal: Refusal.optional(),
    hash: Sha256.describe('over the RFC 8785 canonical JSON of the entry without its hash'),
    prev: Sha256.describe("the previous entry's hash; 64 zeros for the first"),
  })
  .meta({ id: 'AuditEntry' });

export const ChainCheck = z
  .object({
    valid: z.boolean(),
    entries: z.number().int(),
    head: Sha256,
    firstBad: z.object({ seq: z.number().int(), problem: z.string() }).optional(),
  })
  .meta({ id: 'ChainCheck' });
