// Cursor paging for the lists that only grow (GET /cases, a case's audit trail, the directory's history). The
// body stays the bare array the contract names, so a client that knows nothing of paging reads what it read
// before; where more follows, the page says where in headers: `Link: <...>; rel="next"` (RFC 8288) and
// `X-Next-Cursor`, the `after` of the next page. The last page has neither.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CaseOrderKey } from '../runtime/read.ts';

// Default and most: a desk's lists stay far below it, so the default page is the whole list, as before paging;
// past it, a page is still bounded. The console reads the lists without following `Link`.
export const PAGE_LIMIT = 1_000;

const LIMIT_MESSAGE = `a whole number from 1 to ${PAGE_LIMIT.toLocaleString('en')}`;
export const Limit = z.coerce
  .number({ error: LIMIT_MESSAGE })
  .int({ error: LIMIT_MESSAGE })
  .min(1, { error: LIMIT_MESSAGE })
  .max(PAGE_LIMIT, { error: LIMIT_MESSAGE })
  .default(PAGE_LIMIT)
  .describe(`how many items a page holds (default and most ${PAGE_LIMIT})`);

// The audit trail and the directory's history are in `seq` order, which never changes: the cursor is the
// last seq seen, as the stream's `since` is.
const SEQ_MESSAGE = 'the last seq seen: a whole number, 0 or more';
export const AfterSeq = z.coerce
  .number({ error: SEQ_MESSAGE })
  .int({ error: SEQ_MESSAGE })
  .min(0, { error: SEQ_MESSAGE })
  .optional()
  .describe('the page starts after this seq (the X-Next-Cursor of the page before)');

// The case list's order moves with the law (a case falls overdue), so its cursor is the last case's place in
// that order, not a position: a page starts after that place, and a case never shows twice for moving up.
const CaseKey = z.tuple([
  z.enum(['open', 'closed']),
  z.boolean(),
  z.string().nullable(),
  z.string(),
  z.string(),
]);

export const caseCursor = (c: CaseOrderKey): string =>
  Buffer.from(JSON.stringify([c.status, c.overdue, c.nextDueAt ?? null, c.openedAt, c.id])).toString(
    'base64url',
  );

export const AfterCase = z
  .string()
  .min(1)
  .max(1_000)
  .transform((text, ctx): CaseOrderKey => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const key = CaseKey.safeParse(parsed);
    if (key.success) {
      const [status, overdue, nextDueAt, openedAt, id] = key.data;
      return { status, overdue, openedAt, id, ...(nextDueAt !== null ? { nextDueAt } : {}) };
    }
    ctx.addIssue({ code: 'custom', message: 'not a cursor of this desk: send the X-Next-Cursor of a page' });
    return z.NEVER;
  })
  .optional()
  .describe('opaque: the page starts after the case it names (the X-Next-Cursor of the page before)');

// The first `limit` of `rest` (what follows the cursor, in order), with the next page's link where more follow.
export function page<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  rest: readonly T[],
  limit: number,
  cursorOf: (last: T) => string,
): T[] {
  const shown = rest.slice(0, limit);
  const last = shown.at(-1);
  if (rest.length > limit && last !== undefined) {
    const next = cursorOf(last);
    const at = request.url.indexOf('?');
    const path = at < 0 ? request.url : request.url.slice(0, at);
    const query = new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
    query.set('after', next);
    query.set('limit', String(limit));
    reply.header('link', `<${path}?${query}>; rel="next"`).header('x-next-cursor', next);
  }
  return shown;
}
