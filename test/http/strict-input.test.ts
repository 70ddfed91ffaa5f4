// New input is held to the vocabulary exactly (issue 17): an unknown or misspelt field is named and refused,
// never dropped; every string and every list has a bound, named in one place (machines/schemas.ts) and
// published in the OpenAPI document. What the desk recorded before is still read as it was.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  MAX_ID_LENGTH,
  MAX_ITEMS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
} from '../../machines/schemas.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { buildApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { openRuntime } from '../../src/runtime/case-runtime.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

type Issues = Array<{ path: string; message: string }>;

let desk: Desk;
beforeEach(async () => {
  desk = await startDesk({ training: true });
});
afterEach(async () => {
  await desk?.close();
});

async function send(
  method: 'POST' | 'PUT',
  url: string,
  role: Parameters<Desk['auth']>[0],
  payload: unknown,
) {
  return desk.app.inject({ method, url, headers: await desk.auth(role), payload: payload as object });
}

async function openCase(): Promise<string> {
  const res = await send('POST', '/cases', 'operator', rubberBoat());
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const caseCount = async () =>
  (await desk.app.inject({ method: 'GET', url: '/cases', headers: await desk.auth('auditor') })).json()
    .length as number;
const auditLength = async (id: string) =>
  (
    await desk.app.inject({ method: 'GET', url: `/cases/${id}/audit`, headers: await desk.auth('auditor') })
  ).json().length as number;

function expectInvalid(res: { statusCode: number; body: string }, issues: Issues): void {
  expect(res.statusCode, res.body).toBe(400);
  const body = JSON.parse(res.body) as { error: string; issues: Issues };
  expect(body.error).toBe('invalid');
  expect(body.issues).toEqual(expect.arrayContaining(issues));
}

const unknown = (path: string) => ({ path, message: 'unknown field' });

describe('an unknown or misspelt field is named and refused, never dropped', () => {
  it('POST /cases: `personsOnboard` for `personsOnBoard` and a field the vessel does not have; nothing opens', async () => {
    const { personsOnBoard: _, ...report } = rubberBoat();
    const res = await send('POST', '/cases', 'operator', {
      ...report,
      personsOnboard: 60,
      vessel: { ...report.vessel, colour: 'grey' },
    });
    expectInvalid(res, [unknown('personsOnboard'), unknown('vessel.colour')]);
    expect(res.json().message).toContain('personsOnboard');
    expect(await caseCount()).toBe(0);
  });

  it('POST /requests: `ask` for `asks` is named, and so is the missing `asks`', async () => {
    const res = await send('POST', '/requests', 'authority', {
      from: 'IT',
      vessel: { name: 'Amira', flag: 'MT' },
      position: { lat: 34.5, lon: 13.2 },
      grounds: ['120 persons on a 20 m fishing vessel'],
      ask: ['registry'],
    });
    expectInvalid(res, [unknown('ask')]);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toContain('asks');
    expect(await caseCount()).toBe(0);
  });

  it('POST /cases/:id/events: at the top, in a nested object, in a list item, in the override; nothing is recorded', async () => {
    const id = await openCase();
    const before = await auditLength(id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'DISTRESS_ASSESSED', phase: 'alert', factors: [], note: 'listing' }, 'note'],
      [{ type: 'ASSISTANCE_REFUSED', reason: 'the master waved us off' }, 'reason'],
      [
        {
          type: 'MEASURES_TAKEN',
          measures: ['divert'],
          destination: { country: 'IT', harbour: 'Lampedusa' },
        },
        'destination.harbour',
      ],
      [
        {
          type: 'PERSONS_INFORMED',
          language: 'ar',
          objections: [{ count: 2, reason: 'x', nationality: 'LY' }],
        },
        'objections.0.nationality',
      ],
      [
        {
          type: 'BOARDING_STARTED',
          override: { kind: 'recorded-fact', justification: 'the master consented', witness: 'mate' },
        },
        'override.witness',
      ],
    ];
    for (const [event, path] of cases) {
      const res = await send('POST', `/cases/${id}/events`, 'operator', event);
      expectInvalid(res, [unknown(path)]);
    }
    expect(await auditLength(id)).toBe(before);
  });

  it('directory edits: a profile, an assessment and a Security Council line, each with a nested unknown field', async () => {
    const profile = await send('PUT', '/directory/states/TG', 'authority', {
      protocolParty: true,
      deemedConsent: { agreement: 'x', with: ['IT'], afterHours: 4, scopes: ['board'], afterHour: 4 },
      officeHours: { from: '08:00', to: '17:00', days: 'Mon-Fri' },
    });
    expectInvalid(profile, [unknown('deemedConsent.afterHour'), unknown('officeHours.days')]);
    const assessment = await send('PUT', '/directory/assessments/LY', 'authority', {
      unsafe: true,
      source: 'UNHCR position',
      date: '2026-01-01',
      sources: ['x'],
    });
    expectInvalid(assessment, [unknown('sources')]);
    const line = await send('PUT', '/directory/security-council/2240%20(2015)', 'authority', {
      resolution: '2240 (2015)',
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [10, 30],
            [20, 30],
            [20, 35],
            [10, 30],
          ],
        ],
        crs: 'EPSG:4326',
      },
      from: '2015-10-09T00:00:00Z',
      until: '2016-10-09T00:00:00Z',
      scopes: ['board'],
    });
    expectInvalid(line, [unknown('area.crs')]);
  });

  it('POST /geo/classify and POST /training/sessions', async () => {
    expectInvalid(await send('POST', '/geo/classify', 'operator', { lat: 34.9, lon: 12.6, latitude: 34.9 }), [
      unknown('latitude'),
    ]);
    const scenarioId = (
      await desk.app.inject({
        method: 'GET',
        url: '/training/scenarios',
        headers: await desk.auth('trainer'),
      })
    ).json()[0].id;
    expectInvalid(await send('POST', '/training/sessions', 'trainer', { scenarioId, pace: 0, speed: 2 }), [
      unknown('speed'),
    ]);
  });
});

describe('what the desk recorded before is read as it was', () => {
  it('an event stored with a field the vocabulary does not have is read, audited, verified and rebuilt; sent anew, it is refused', async () => {
    const id = await openCase();
    // the runtime records what it is given: an entry as a desk of another version may have written it
    const stored = {
      type: 'DISTRESS_ASSESSED',
      phase: 'distress',
      factors: ['overcrowded'],
      seaState: 'rough',
    } as unknown as CaseEvent;
    const applied = await desk.runtime.applyEvent(id, stored, { role: 'operator', subject: 'older desk' });
    expect(applied.status).toBe('applied');
    const view = (
      await desk.app.inject({ method: 'GET', url: `/cases/${id}`, headers: await desk.auth('auditor') })
    ).json();
    expect(view.distressPhase).toBe('distress');

    // the snapshot from another machine version is rebuilt from the log, the old entry included
    await desk.app.close();
    await desk.runtime.stop();
    const db = new Database(join(desk.dataDir, 'desk.sqlite'));
    db.prepare(`UPDATE cases SET state = json_set(state, '$.machineVersion', 0)`).run();
    db.close();
    const config = { dataDir: desk.dataDir, secret: undefined };
    const runtime = await openRuntime({ dataDir: desk.dataDir, clock: desk.clock, homeState: 'MT' });
    const app = await buildApp({ runtime, config, logger: silentLogger(), clock: desk.clock });
    const dataDir = desk.dataDir;
    desk = undefined as unknown as Desk;
    try {
      const key = loadSigningKey(config);
      const headers = { authorization: `Bearer ${await issueToken('operator', { key, now: new Date() })}` };
      const again = await app.inject({ method: 'GET', url: `/cases/${id}`, headers });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json().requiredActions).toEqual(view.requiredActions);
      const audit = (await app.inject({ method: 'GET', url: `/cases/${id}/audit`, headers })).json();
      expect(audit.at(-1).event).toMatchObject({ type: 'DISTRESS_ASSESSED', seaState: 'rough' });
      const verify = await app.inject({ method: 'GET', url: `/cases/${id}/audit/verify`, headers });
      expect(verify.json()).toMatchObject({ valid: true });
      // new input is held to the vocabulary
      const anew = await app.inject({
        method: 'POST',
        url: `/cases/${id}/events`,
        headers,
        payload: stored as object,
      });
      expectInvalid(anew, [unknown('seaState')]);
    } finally {
      await app.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('every string and list has a bound, and a value past it is named', () => {
  it('a 200 KiB vessel name answers 400 naming vessel.name (not 413); nothing opens', async () => {
    const res = await send('POST', '/cases', 'operator', {
      ...rubberBoat(),
      vessel: { name: 'x'.repeat(200 * 1024) },
    });
    expectInvalid(res, [
      { path: 'vessel.name', message: `at most ${MAX_NAME_LENGTH.toLocaleString('en')} characters` },
    ]);
    expect(await caseCount()).toBe(0);
  });

  it('free text: 10,000 characters are taken, one more is named', async () => {
    const id = await openCase();
    const notes = (n: number) => ({
      type: 'DISTRESS_ASSESSED',
      phase: 'alert',
      factors: [],
      notes: 'n'.repeat(n),
    });
    expect((await send('POST', `/cases/${id}/events`, 'operator', notes(MAX_TEXT_LENGTH))).statusCode).toBe(
      200,
    );
    expectInvalid(await send('POST', `/cases/${id}/events`, 'operator', notes(MAX_TEXT_LENGTH + 1)), [
      { path: 'notes', message: 'at most 10,000 characters' },
    ]);
  });

  it('lists: 5,000 grounds are the most an opening report takes', async () => {
    const grounds = (n: number) => Array.from({ length: n }, (_, i) => `g${i}`);
    expect(
      (await send('POST', '/cases', 'operator', { ...rubberBoat(), grounds: grounds(MAX_ITEMS) })).statusCode,
    ).toBe(201);
    expectInvalid(
      await send('POST', '/cases', 'operator', { ...rubberBoat(), grounds: grounds(MAX_ITEMS + 1) }),
      [{ path: 'grounds', message: 'at most 5,000 items' }],
    );
  });

  it('ids and codes: an Idempotency-Key, a case id and a directory profile past their bounds', async () => {
    const key = 'k'.repeat(MAX_ID_LENGTH + 1);
    const keyed = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...(await desk.auth('operator')), 'idempotency-key': key },
      payload: rubberBoat(),
    });
    expectInvalid(keyed, [{ path: 'idempotency-key', message: 'at most 200 characters' }]);
    const id = await desk.app.inject({
      method: 'GET',
      url: `/cases/${'c'.repeat(MAX_ID_LENGTH + 1)}`,
      headers: await desk.auth('operator'),
    });
    expectInvalid(id, [{ path: 'id', message: 'at most 200 characters' }]);
    const profile = await send('PUT', '/directory/states/TG', 'authority', {
      protocolParty: true,
      contact: 'c'.repeat(MAX_NAME_LENGTH + 1),
      languages: ['l'.repeat(MAX_ID_LENGTH + 1)],
    });
    expectInvalid(profile, [
      { path: 'contact', message: 'at most 1,000 characters' },
      { path: 'languages.0', message: 'at most 200 characters' },
    ]);
  });

  it('the OpenAPI document closes every request object and bounds every string and list', async () => {
    const doc = (await desk.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const problems: string[] = [];
    // a JWK Set and a JWK carry members of their own (RFC 7517, 4 and 5): ignored, not refused
    const open = (at: string) => /\.exchange\.properties\.jwks($|\.properties\.keys\.items$)/.test(at);
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        for (const [i, n] of node.entries()) walk(n, `${at}[${i}]`);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const s = node as Record<string, unknown>;
      const bounded = (pattern: unknown) => typeof pattern === 'string' && !/[*+]|\{\d+,\}/.test(pattern);
      if (
        s.type === 'string' &&
        s.maxLength === undefined &&
        !s.enum &&
        s.const === undefined &&
        !bounded(s.pattern)
      )
        problems.push(`${at}: a string without maxLength`);
      if (s.type === 'array' && s.maxItems === undefined) problems.push(`${at}: a list without maxItems`);
      if (s.type === 'object' && s.properties && s.additionalProperties !== false && !open(at))
        problems.push(`${at}: an object that takes unknown fields`);
      for (const [k, v] of Object.entries(s)) walk(v, `${at}.${k}`);
    };
    let bodies = 0;
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, Record<string, unknown>>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const body = (op.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)
          ?.content;
        if (body) {
          bodies++;
          walk(body['application/json']?.schema, `${where} body`);
        }
        for (const p of (op.parameters ?? []) as Array<{ in: string; name: string; schema: unknown }>)
          walk(p.schema, `${where} ${p.in} ${p.name}`);
      }
    }
    // /cases, /requests, events, /geo/classify, three directory edits, two training routes
    expect(bodies).toBe(9);
    expect(problems).toEqual([]);
  });
});
