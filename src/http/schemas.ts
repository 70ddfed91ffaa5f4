// The request schemas of the case routes. machines/schemas.ts is the one source; these only add the HTTP
// envelope (training flag, ids, headers, paging).
import { z } from 'zod';
import { CaseEvent, IdText, IncomingRequest, OpeningReport } from '../../machines/schemas.ts';
import { AfterCase, AfterSeq, Limit } from './paging.ts';

const Training = z.boolean().optional().describe('open a training case (trainers only)');
export const OpenCaseBody = OpeningReport.extend({ training: Training });
export const OpenRequestBody = IncomingRequest.extend({ training: Training });

// contract.md: `destination` is required for `divert` and `escort-to-port`; the shared schema says so.
export const EventBody = CaseEvent;

export const IdParams = z.strictObject({ id: IdText.min(1) });

// loose: every other header of the request is there too
export const CommandHeaders = z.looseObject({
  'idempotency-key': IdText.min(1).optional().describe('retries with the same key return the first result'),
});
export const EventHeaders = CommandHeaders.extend({
  // accepts `3`, `"3"` and `W/"3"`: the version as sent, or as echoed back in the ETag
  'if-match': IdText.regex(/^\s*(?:W\/)?"?\d{1,15}"?\s*$/, 'must be a case version number, e.g. 3')
    .transform((s) => Number(s.replace(/\D/g, '')))
    .optional()
    .describe('the case version the event was decided on'),
});

export const ListQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  limit: Limit,
  after: AfterCase,
});
export const AuditQuery = z.object({ limit: Limit, after: AfterSeq });
