// What happened, shown and proven: the indicators over every live case (GET /reports/indicators, JSON or
// CSV), one case's file for a judge or a flag State (GET /cases/:id/file.pdf), and its audit trail as a
// bundle that verifies with no store (GET /cases/:id/export, `desk verify --bundle`).
import type { KeyObject } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaseView } from '../../../machines/engine.ts';
import { bundleOf, keyThumbprint, publicJwk } from '../../audit/bundle.ts';
import type { Checkpoint, VerifyResult } from '../../audit/chain.ts';
import { mayReadIndicators, ROLES, rolesThat } from '../../policy.ts';
import { caseFilePdf } from '../../reports/case-file.ts';
import {
  type CaseLog,
  IndicatorCounter,
  indicatorsCsv,
  MAX_PERIODS,
  PERIODS,
  periodsOf,
} from '../../reports/indicators.ts';
import type { LoggedStep } from '../../reports/log.ts';
import type { Actor, AuditEntry, Clock } from '../../runtime/types.ts';
import { notFound } from '../answer.ts';
import { invalid } from '../errors.ts';
import { actorOf, requireRole } from '../plugins/auth.ts';
import { AuditBundle, CaseFile, IndicatorReport } from '../responses/reports.ts';
import { IdParams } from '../schemas.ts';
import { VERSION } from '../version.ts';

// What these routes need from the case runtime (src/runtime/read.ts), as the actor may see it.
export interface ReportsRuntime {
  getView(caseId: string, actor: Actor): Promise<CaseView | undefined>;
  caseLog(caseId: string, actor: Actor): Promise<LoggedStep[] | undefined>;
  caseLogs(actor: Actor): AsyncIterable<CaseLog>;
  signedLog(
    caseId: string,
    actor: Actor,
  ): Promise<{ entries: AuditEntry[]; checkpoint?: Checkpoint; publicKey: KeyObject } | undefined>;
  verify(caseId: string): Promise<VerifyResult>;
}

export interface ReportRoutesOptions {
  runtime: ReportsRuntime;
  clock: Clock;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const WHEN = 'an ISO 8601 date (2026-03-01) or date-time with its offset (2026-03-01T00:00:00Z)';
const DAY_MS = 86_400_000;

// Date.parse rolls 2026-02-30 over into March: the day must be one the calendar has.
function onTheCalendar(s: string): boolean {
  const [y = 0, m = 0, d = 0] = s.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d && Number.isFinite(Date.parse(s));
}

// A date alone is a whole UTC day: `from` its start, `to` its end, so from=2026-03-01&to=2026-03-31 is March.
const When = (end: boolean) =>
  z
    .string()
    .max(64)
    .refine((s) => (DATE.test(s) || DATE_TIME.test(s)) && onTheCalendar(s), WHEN)
    .transform((s) => new Date(Date.parse(s) + (end && DATE.test(s) ? DAY_MS : 0)).toISOString());

const IndicatorsQuery = z.object({
  from: When(false).optional().describe(`the window's start, included: ${WHEN}`),
  to: When(true).optional().describe(`the window's end, excluded (default: now): ${WHEN}`),
  by: z
    .enum(PERIODS)
    .optional()
    .describe(
      `also the figures for each calendar week (from Monday, UTC) or month of the window, in \`periods\` (needs from; at most ${MAX_PERIODS} periods)`,
    ),
});

// The quality the Accept header gives a media type: that of its most specific range (RFC 9110 12.5.1).
function quality(accept: string, type: string): { q: number; exact: boolean } {
  let found = { q: 0, exact: false, rank: -1 };
  for (const range of accept.split(',')) {
    const [media = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const rank = media === type ? 2 : media === `${type.split('/')[0]}/*` ? 1 : media === '*/*' ? 0 : -1;
    if (rank <= found.rank) continue;
    const weight = params.find((p) => p.startsWith('q='));
    const q = weight ? Number(weight.slice(2)) : 1;
    found = { q: Number.isFinite(q) ? q : 0, exact: rank === 2, rank };
  }
  return found;
}

// CSV when the client names it and likes it no less than JSON; JSON otherwise (`*/*` included).
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const csv = quality(accept, 'text/csv');
  return csv.exact && csv.q > 0 && csv.q >= quality(accept, 'application/json').q;
}

// A file name any system takes: the id with everything but letters, digits, dots, dashes and underscores dropped.
const fileName = (id: string, suffix: string) => `case-${id.replace(/[^A-Za-z0-9._-]/g, '_')}${suffix}`;

export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (root, { runtime, clock }) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/reports/indicators',
    {
      schema: {
        operationId: 'getIndicators',
        tags: ['reports'],
        summary:
          'Framework for Action indicators over the live cases, from their audit logs (JSON; CSV with Accept: text/csv)',
        querystring: IndicatorsQuery,
        answers: {
          status: 200,
          description: 'the indicators over the window (and per period with `by`)',
          body: IndicatorReport,
          alternatives: {
            'text/csv': z.string().describe('one row per figure: the same numbers as the JSON'),
          },
          errors: [[400, 'invalid: `from`, `to` or `by` named in `issues`'], 401, 403, 429],
        },
      },
      preValidation: requireRole(...rolesThat(mayReadIndicators)),
    },
    async (request, reply) => {
      const now = clock.now().toISOString();
      const { from, by } = request.query;
      const to = request.query.to ?? now;
      if (from !== undefined && from >= to) {
        const path = request.query.to === undefined ? 'from' : 'to';
        return invalid(reply, [
          { path, message: `the window is empty: from (${from}) must be before to (${to})` },
        ]);
      }
      if (by !== undefined && from === undefined)
        return invalid(reply, [{ path: 'from', message: `from is needed to count by ${by}` }]);
      const periods = by !== undefined && from !== undefined ? periodsOf({ from, to }, by) : [];
      if (!periods)
        return invalid(reply, [
          {
            path: 'by',
            message: `more than ${MAX_PERIODS} periods: count by month, or ask for a shorter window`,
          },
        ]);
      const counter = new IndicatorCounter({ ...(from !== undefined ? { from } : {}), to }, periods);
      for await (const log of runtime.caseLogs(actorOf(request))) counter.add(log);
      const report = counter.report(now);
      reply.header('vary', 'accept');
      if (prefersCsv(request.headers.accept))
        return reply.type('text/csv; charset=utf-8').send(indicatorsCsv(report));
      return report;
    },
  );

  app.get(
    '/cases/:id/file.pdf',
    {
      schema: {
        operationId: 'getCaseFile',
        tags: ['reports'],
        summary: 'the case file: the case, its legal basis over time, its audit trail, as a PDF',
        params: IdParams,
        answers: {
          status: 200,
          description: 'the case file as the caller may see it',
          body: CaseFile,
          mediaType: 'application/pdf',
          headers: { 'content-disposition': 'attachment; filename="case-<id>.pdf"' },
          errors: [400, 401, 403, 404, 429],
        },
      },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      const { id } = request.params;
      const actor = actorOf(request);
      // the log first: a view read after it is at least as new, never older than the trail it stands on
      const log = await runtime.caseLog(id, actor);
      const signed = await runtime.signedLog(id, actor);
      const view = await runtime.getView(id, actor);
      if (!log || !signed || !view) return notFound(reply);
      const pdf = await caseFilePdf({
        view,
        log,
        verification: await runtime.verify(id),
        ...(signed.checkpoint ? { checkpoint: signed.checkpoint } : {}),
        keyThumbprint: keyThumbprint(publicJwk(signed.publicKey)),
        producedAt: clock.now().toISOString(),
        producedFor: actor,
        deskVersion: VERSION,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName(id, '.pdf')}"`)
        .send(pdf);
    },
  );

  app.get(
    '/cases/:id/export',
    {
      schema: {
        operationId: 'exportCase',
        tags: ['reports'],
        summary:
          'the audit trail with its latest signed checkpoint and the public key: verifies with no store',
        params: IdParams,
        answers: {
          status: 200,
          description: 'the bundle `desk verify --bundle FILE` checks offline',
          body: AuditBundle,
          headers: { 'content-disposition': 'attachment; filename="case-<id>-audit.json"' },
          errors: [400, 401, 403, 404, 429],
        },
      },
      preValidation: requireRole(...ROLES),
    },
    async (request, reply) => {
      const { id } = request.params;
      const signed = await runtime.signedLog(id, actorOf(request));
      if (!signed) return notFound(reply);
      // every commit signs its head (runtime/commit.ts): a case without a checkpoint is a store to look at
      if (!signed.checkpoint) throw new Error(`case has no signed checkpoint`);
      const bundle = bundleOf(id, signed.entries, signed.checkpoint, signed.publicKey);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(id, '-audit.json')}"`)
        .send(`${JSON.stringify(bundle, null, 2)}\n`);
    },
  );
};
