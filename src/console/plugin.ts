// The operator console: a page served by the desk itself at `/`, with nothing fetched from elsewhere (ships and
// operations rooms are often offline). The browser code is TypeScript under src/console/browser, bundled
// with esbuild on the first request and kept in memory: no build step, as for the server.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsoleGeography } from '../http/responses/reference.ts';
import { contiguousIn, parseClaims } from './contiguous.ts';
import { geographyIn, parseBBox } from './geo.ts';
import { consoleMeta } from './meta.ts';

const ASSETS = '/console/assets/';
const ENTRY = fileURLToPath(new URL('./browser/main.ts', import.meta.url));
// OpenLayers' own rules first, so the console's (and the chart's) can adjust them
const CSS_FILES = [
  createRequire(import.meta.url).resolve('ol/ol.css'),
  fileURLToPath(new URL('./console.css', import.meta.url)),
  fileURLToPath(new URL('./chart.css', import.meta.url)),
];

// The page and its assets carry no case data, so they load before sign-in; everything else needs the token.
// Exact paths, not a prefix, so no crafted path under the prefix can reach another route without a token.
const PUBLIC = new Set(['/', `${ASSETS}app.js`, `${ASSETS}app.css`]);
export const isConsoleAsset = (path: string) => PUBLIC.has(path);

interface Asset {
  body: string;
  hash: string;
}

const asset = (body: string): Asset => ({
  body,
  hash: createHash('sha256').update(body).digest('hex').slice(0, 16),
});

// One bundle per process: the sources do not change while the desk runs.
let bundle: Promise<Asset> | undefined;
let stylesheet: Asset | undefined;

function consoleBundle(): Promise<Asset> {
  bundle ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    // what a watch floor's laptops and tablets run; nothing here needs newer syntax
    target: ['chrome109', 'firefox115', 'safari15'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    define: { __DESK_META__: JSON.stringify(consoleMeta()) },
  }).then(
    (result) => asset(result.outputFiles[0]?.text ?? ''),
    (err: unknown) => {
      // a failed build must not stick: the next request tries again (and logs again)
      bundle = undefined;
      throw err;
    },
  );
  return bundle;
}

function css(): Asset {
  stylesheet ??= asset(CSS_FILES.map((file) => readFileSync(file, 'utf8')).join('\n'));
  return stylesheet;
}

const page = (js: Asset, style: Asset) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Interception Desk</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS}app.css?v=${style.hash}">
<script defer src="${ASSETS}app.js?v=${js.hash}"></script>
</head>
<body>
<noscript><p>The Interception Desk console needs JavaScript. The API is at <a href="/docs">/docs</a>.</p></noscript>
<div id="app"></div>
</body>
</html>
`;

const send = (reply: FastifyReply, type: string, body: Asset, immutable: boolean) =>
  reply
    .header('content-type', type)
    .header('etag', `"${body.hash}"`)
    // assets are addressed by their hash from the page, so they never go stale; the page itself must
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .send(body.body);

const GeoQuery = z.object({
  bbox: z.string().max(200).describe('minLon,minLat,maxLon,maxLat in degrees (WGS 84)'),
  contiguous: z
    .string()
    .max(600)
    .optional()
    .describe(
      'the contiguous zones claimed, STATE:nm, e.g. IT:24,MT:24: adds `contiguousZone` to the answer',
    ),
});

export const consolePlugin: FastifyPluginAsync = async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const js = await consoleBundle();
    return send(reply, 'text/html; charset=utf-8', asset(page(js, css())), false);
  });

  app.get(`${ASSETS}app.js`, { schema: { hide: true } }, async (_request, reply) =>
    send(reply, 'text/javascript; charset=utf-8', await consoleBundle(), true),
  );

  app.get(`${ASSETS}app.css`, { schema: { hide: true } }, async (_request, reply) =>
    send(reply, 'text/css; charset=utf-8', css(), true),
  );

  app.get(
    '/console/geo',
    {
      schema: {
        operationId: 'getConsoleGeography',
        tags: ['console'],
        summary: 'territorial seas and land inside a box, simplified for the console map',
        querystring: GeoQuery,
        answers: {
          status: 200,
          description: 'the polygons clipped to the box',
          body: ConsoleGeography,
          errors: [400, 401, 429],
        },
      },
    },
    async (request, reply) => {
      const box = parseBBox(request.query.bbox);
      if (typeof box === 'string') {
        return reply.code(400).send({
          error: 'invalid',
          message: 'invalid request: bbox',
          issues: [{ path: 'bbox', message: box }],
        });
      }
      const claims =
        request.query.contiguous === undefined ? undefined : parseClaims(request.query.contiguous);
      if (typeof claims === 'string') {
        return reply.code(400).send({
          error: 'invalid',
          message: 'invalid request: contiguous',
          issues: [{ path: 'contiguous', message: claims }],
        });
      }
      return claims ? { ...geographyIn(box), contiguousZone: contiguousIn(box, claims) } : geographyIn(box);
    },
  );
};
