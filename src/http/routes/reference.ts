// Reference routes: zone of a position, places of safety for a case, and the authorities directory with its
// history. A plugin the app registers after its auth hook, so `request.actor` is set (plugins/auth.ts);
// validation errors reach the app's error handler and leave as 400 `invalid` with the fields named.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaseContext } from '../../../machines/context.ts';
import { assessmentsOf, destinationFailures } from '../../../machines/destinations.ts';
import type { Role, Setting } from '../../../machines/schemas.ts';
import { Alpha2, IdText } from '../../../machines/schemas.ts';
import type { DirectoryEntry } from '../../directory/chain.ts';
import {
  CountryAssessmentInput,
  type DirectoryEdit,
  type EditResult,
  SecurityCouncilAuthorisationInput,
  StateProfileInput,
} from '../../directory/directory.ts';
import { contiguousZonesOf } from '../../geo/law-zones.ts';
import { zoneClassifier } from '../../geo/zones.ts';
import { DEMO_PORTS, type Port } from '../../places/ports.ts';
import { rankPlacesOfSafety, rankWithRoutes, type SeaDistance } from '../../places/ranking.ts';
import { RoutingService, RoutingTimedOut } from '../../places/routing.ts';
import { mayEditDirectory, ROLES, rolesThat } from '../../policy.ts';
import type { Actor, Clock } from '../../runtime/types.ts';
import { invalid } from '../errors.ts';
import { NEXT_PAGE } from '../openapi.ts';
import { AfterSeq, Limit, page } from '../paging.ts';
import {
  CountryAssessmentEdited,
  Directory,
  DirectoryEntry as HistoryEntry,
  PlacesOfSafety,
  SecurityCouncilEdited,
  StateProfileEdited,
  Zone,
} from '../responses/reference.ts';
import { IdParams } from '../schemas.ts';

// What these routes need from the case runtime (src/runtime/case-runtime.ts), structurally.
export interface ReferenceRuntime {
  // the fold of the directory stream: the Setting the runtime opens new cases with
  directory(): Promise<Setting>;
  // the stream itself, oldest first, each entry with its hash and the hash it links to
  directoryHistory(): Promise<DirectoryEntry[]>;
  // validates, appends, and carries the change into every open live case
  editDirectory(actor: Actor, edit: DirectoryEdit): Promise<EditResult>;
  getContext(
    caseId: string,
    actor: Actor,
  ): Promise<
    | (Pick<
        CaseContext,
        'training' | 'position' | 'setting' | 'assessments' | 'interceptingState' | 'placeOfSafety'
      > & { persons: CaseContext['persons'] })
    | undefined
  >;
}

export interface ReferenceRoutesOptions {
  runtime: ReferenceRuntime;
  // unused: a directory edit takes its time from the runtime's clock, as every other command does
  clock?: Clock;
  ports?: readonly Port[];
  // tests give distances of their own, computed in this thread; otherwise routes come from a worker thread
  seaDistance?: SeaDistance;
  // load the land data and the grid around the ports when the app starts, not on the first request
  warm?: boolean;
}

const ClassifyBody = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  state: Alpha2.optional().describe('the State whose contiguous zone to consider (and to name first)'),
});
const StateParams = z.strictObject({ state: Alpha2 });
const CountryParams = z.strictObject({ country: Alpha2 });
const ResolutionParams = z.strictObject({
  resolution: IdText.min(1).describe('the resolution, e.g. "2240 (2015)"'),
});
const SpeedQuery = z.object({
  speedKnots: z.coerce
    .number()
    .positive()
    .max(60)
    .optional()
    .describe('speed of the unit carrying the persons'),
});
const HistoryQuery = z.object({ limit: Limit, after: AfterSeq });

// A directory edit's answer (the authority's): the part of the directory it replaced.
const edited = (body: z.ZodType, description: string) =>
  ({ status: 200, description, body, errors: [400, 401, 403, 413, 415, 429, 503] }) as const;

function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('route reached without an actor');
  return request.actor;
}

const only =
  (...allowed: Role[]) =>
  async (request: FastifyRequest, reply: FastifyReply) => {
    const role = request.actor?.role;
    if (role && allowed.includes(role)) return;
    request.log.warn(
      { route: request.routeOptions.url, method: request.method, role, status: 403 },
      'access denied',
    );
    return reply.code(403).send({
      error: 'forbidden',
      message: `this needs the role ${allowed.join(' or ')}`,
      rolesAllowed: allowed,
    });
  };

export const referenceRoutes: FastifyPluginAsync<ReferenceRoutesOptions> = async (root, opts) => {
  const { runtime } = opts;
  const ports = opts.ports ?? DEMO_PORTS;
  // Set in this plugin's scope too, so it also validates when registered on an app without them.
  root.setValidatorCompiler(validatorCompiler);
  root.setSerializerCompiler(serializerCompiler);
  const app = root.withTypeProvider<ZodTypeProvider>();
  const directory = () => runtime.directory();
  const refused = (reply: FastifyReply, result: Exclude<EditResult, { status: 'ok' }>) =>
    result.status === 'invalid'
      ? invalid(reply, result.issues)
      : reply
          .code(403)
          .send({ error: 'forbidden', message: result.message, rolesAllowed: result.rolesAllowed });

  // the sea routes' thread (src/places/routing.ts), started on first use and stopped with the app
  const routing = new RoutingService();
  app.addHook('onClose', () => routing.close());
  if (opts.warm) {
    app.addHook('onReady', async () => {
      const centre = {
        lat: ports.reduce((s, p) => s + p.lat, 0) / Math.max(1, ports.length),
        lon: ports.reduce((s, p) => s + p.lon, 0) / Math.max(1, ports.length),
      };
      // the thread loads the land and the grid around the ports while the desk starts
      await routing.routes(centre, ports).catch(() => {});
    });
  }

  app.post(
    '/geo/classify',
    {
      schema: {
        operationId: 'classifyPosition',
        tags: ['reference'],
        summary: 'maritime zone of a position',
        body: ClassifyBody,
        answers: {
          status: 200,
          description: 'the zone, and the State or States whose it is',
          body: Zone,
          errors: [400, 401, 413, 415, 429, 503],
        },
      },
      preValidation: only(...ROLES),
    },
    async (request) => {
      const { lat, lon, state } = request.body;
      return zoneClassifier().classify(lat, lon, {
        contiguousZones: contiguousZonesOf(await directory()),
        ...(state ? { state } : {}),
      });
    },
  );

  app.get(
    '/cases/:id/places-of-safety',
    {
      schema: {
        operationId: 'listPlacesOfSafety',
        tags: ['cases'],
        summary: 'ranked places of safety, and the ports excluded with the reason',
        params: IdParams,
        querystring: SpeedQuery,
        answers: {
          status: 200,
          description: 'candidates by sea distance, and the ports excluded with the reason and basis',
          body: PlacesOfSafety,
          errors: [
            400,
            401,
            404,
            429,
            [503, 'store-unavailable, or ranking-timed-out: the sea routes took too long; retry'],
          ],
        },
      },
      preValidation: only(...ROLES),
    },
    async (request, reply) => {
      const ctx = await runtime.getContext(request.params.id, actorOf(request));
      if (!ctx) return reply.code(404).send({ error: 'not-found', message: 'no such case' });
      const { speedKnots } = request.query;
      const input = {
        position: ctx.position,
        // the case's own copy, which follows every directory edit (SETTING_CHANGED) on live cases, with the
        // assessments recorded in the case itself: the same exclusion the law engine applies
        setting: { countryAssessments: assessmentsOf(ctx) },
        countriesOfOrigin: ctx.persons.claims.countriesOfOrigin,
        upheldObjections: Object.entries(ctx.persons.objections)
          .filter(([, s]) => s === 'upheld')
          .map(([c]) => c),
        ports,
        // what a designation there would still need today, as the law decides it for this case
        pending: (country: string) => destinationFailures(ctx, country, 'designation'),
        declined: ctx.placeOfSafety.declined,
        ...(speedKnots !== undefined ? { speedKnots } : {}),
      };
      if (opts.seaDistance) return rankPlacesOfSafety({ ...input, seaDistance: opts.seaDistance });
      try {
        return await rankWithRoutes(input, (from, to) => routing.routes(from, to));
      } catch (err) {
        if (!(err instanceof RoutingTimedOut)) throw err;
        return reply
          .code(503)
          .header('retry-after', '30')
          .send({
            error: 'ranking-timed-out',
            message: `${err.message}: the places of safety for this position could not be ranked now; ask the responsible RCC, or try again`,
          });
      }
    },
  );

  app.get(
    '/directory',
    {
      schema: {
        operationId: 'getDirectory',
        tags: ['directory'],
        summary: 'State profiles and country assessments (SoM art. 8(6))',
        answers: { status: 200, description: 'the directory now', body: Directory, errors: [401, 429, 503] },
      },
      preValidation: only(...ROLES),
    },
    async () => directory(),
  );

  app.get(
    '/directory/history',
    {
      schema: {
        operationId: 'listDirectoryHistory',
        tags: ['directory'],
        summary: 'every change to the directory, oldest first, in pages',
        querystring: HistoryQuery,
        answers: {
          status: 200,
          description: 'a page of the history, by seq, each entry chained to the one before',
          body: z.array(HistoryEntry),
          headers: NEXT_PAGE,
          errors: [400, 401, 429, 503],
        },
      },
      preValidation: only(...ROLES),
    },
    async (request, reply) => {
      const { limit, after } = request.query;
      const entries = await runtime.directoryHistory();
      const rest = after === undefined ? entries : entries.filter((e) => e.seq > after);
      return page(request, reply, rest, limit, (e) => String(e.seq));
    },
  );

  app.put(
    '/directory/states/:state',
    {
      schema: {
        operationId: 'putStateProfile',
        tags: ['directory'],
        summary: "replace a State's profile",
        params: StateParams,
        body: StateProfileInput,
        answers: edited(StateProfileEdited, 'the profile as the directory now holds it'),
      },
      preValidation: only(...rolesThat(mayEditDirectory)),
      // the schema documents the body; the directory validates it and names each bad or unknown field
      attachValidation: true,
    },
    async (request, reply) => {
      const { state } = request.params;
      const result = await runtime.editDirectory(actorOf(request), {
        kind: 'state-profile',
        state,
        value: request.body as unknown,
      });
      if (result.status !== 'ok') return refused(reply, result);
      return { state, profile: result.entry.after };
    },
  );

  app.put(
    '/directory/assessments/:country',
    {
      schema: {
        operationId: 'putCountryAssessment',
        tags: ['directory'],
        summary: 'replace the assessment of a country as a place of disembarkation',
        params: CountryParams,
        body: CountryAssessmentInput,
        answers: edited(CountryAssessmentEdited, 'the assessment as the directory now holds it'),
      },
      preValidation: only(...rolesThat(mayEditDirectory)),
      attachValidation: true,
    },
    async (request, reply) => {
      const { country } = request.params;
      const result = await runtime.editDirectory(actorOf(request), {
        kind: 'country-assessment',
        country,
        value: request.body as unknown,
      });
      if (result.status !== 'ok') return refused(reply, result);
      return { country, assessment: result.entry.after };
    },
  );

  app.put(
    '/directory/security-council/:resolution',
    {
      schema: {
        operationId: 'putSecurityCouncilAuthorisation',
        tags: ['directory'],
        summary:
          'add or replace one line of Security Council authorisations (domain.md, row 8b): its dates, area and scopes',
        params: ResolutionParams,
        body: SecurityCouncilAuthorisationInput,
        answers: edited(SecurityCouncilEdited, 'the line as the directory now holds it'),
      },
      preValidation: only(...rolesThat(mayEditDirectory)),
      attachValidation: true,
    },
    async (request, reply) => {
      const { resolution } = request.params;
      const result = await runtime.editDirectory(actorOf(request), {
        kind: 'security-council-authorisation',
        resolution,
        value: request.body as unknown,
      });
      if (result.status !== 'ok') return refused(reply, result);
      return { resolution, authorisation: result.entry.after };
    },
  );
};
