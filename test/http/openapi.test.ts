// Issue 17: an API an integrator can generate a client from. The OpenAPI document names and tags every
// operation, documents its success with the status the desk really answers (201 where it creates) and every
// problem it can answer, and says where the desk is; and what the desk answers is what it documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ephemeralExchangeKeys } from '../../src/exchange/keys.ts';
import { signMessage } from '../../src/exchange/protocol.ts';
import { until } from '../until.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';
import { answerChecker, documentOf, type OpenApi, operationsOf } from './openapi-doc.ts';

let desk: Desk;
let doc: OpenApi;

beforeAll(async () => {
  desk = await startDesk({ training: true });
  doc = await documentOf(desk);
});
afterAll(() => desk.close());

const documented = () => operationsOf(doc);

const successOf = (operationId: string) => {
  const op = operationsOf(doc).find((o) => o.operationId === operationId);
  return Number(Object.keys(op?.responses ?? {}).find((s) => /^2\d\d$/.test(s)));
};

describe('the OpenAPI document', () => {
  it('names every operation (camelCase, once), tags it with a declared tag and documents one success with a schema', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    const tags = new Set(doc.tags?.map((t) => t.name));
    for (const op of documented()) {
      const at = `${op.method} ${op.path}`;
      if (!op.operationId || !/^[a-z][A-Za-z0-9]*$/.test(op.operationId))
        problems.push(`${at}: operationId ${op.operationId}`);
      else if (ids.has(op.operationId)) problems.push(`${at}: operationId ${op.operationId} twice`);
      else ids.add(op.operationId);
      if (!op.tags?.length || !op.tags.every((t) => tags.has(t))) problems.push(`${at}: tags ${op.tags}`);
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      // JSON, or the one media type the route answers in (the case file's PDF)
      const content = op.responses[success[0] ?? '']?.content ?? {};
      const schema = (content['application/json'] ?? Object.values(content)[0])?.schema;
      if (success.length !== 1) problems.push(`${at}: successes ${success}`);
      else if (!schema || Object.keys(schema).length === 0) problems.push(`${at}: no schema for ${success}`);
    }
    expect(problems).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(23);
  });

  it('documents every error as application/problem+json with the shared Problem component', () => {
    const problems: string[] = [];
    for (const op of documented()) {
      for (const [status, response] of Object.entries(op.responses)) {
        // GET /health's 503 is a report for load balancers, plain JSON (contract.md)
        if (Number(status) < 400 || (op.path === '/health' && status === '503')) continue;
        const content = response.content ?? {};
        if (
          Object.keys(content).join() !== 'application/problem+json' ||
          content['application/problem+json']?.schema.$ref !== '#/components/schemas/Problem'
        )
          problems.push(`${op.method} ${op.path} ${status}: ${JSON.stringify(content)}`);
      }
    }
    expect(problems).toEqual([]);
    const problem = doc.components.schemas.Problem;
    expect(problem?.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'error', 'message']),
    );
    expect(Object.keys(problem?.properties as object)).toEqual(
      expect.arrayContaining(['issues', 'reason', 'basis', 'allowedOverrides', 'currentVersion', 'view']),
    );
  });

  it('lists what every route of its kind can answer: 429; 401 behind a token; 400 with input; 404 for what an id names; 413 and 415 with a body', () => {
    const missing: string[] = [];
    for (const op of documented()) {
      const expected = [429];
      if (!(Array.isArray(op.security) && op.security.length === 0)) expected.push(401);
      if (op.parameters?.length || op.requestBody) expected.push(400);
      // a PUT makes what it names
      if (op.path.includes('{') && op.method !== 'PUT') expected.push(404);
      if (op.requestBody) expected.push(413, 415);
      for (const status of expected)
        if (!op.responses[status]) missing.push(`${op.method} ${op.path} ${status}`);
    }
    expect(missing).toEqual([]);
  });

  it('says where the desk is: the origin it was asked at, in the JSON and the YAML document', async () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:8080' })]);
    const onShip = await documentOf(desk, 'desk.patrol.invalid:8443');
    expect(onShip.servers?.[0]?.url).toBe('http://desk.patrol.invalid:8443');
    const yaml = await desk.app.inject({
      method: 'GET',
      url: '/docs/yaml',
      headers: { host: '[::1]:8080' },
    });
    expect(yaml.body).toContain('url: http://[::1]:8080');
    // a Host header is the caller's to write: only a plain host[:port] is taken
    const odd = await documentOf(desk, 'a.invalid/"><script>');
    expect(odd.servers?.[0]?.url).toBe('/');
  });
});

describe('the desk answers as its document says', () => {
  it('every operation: the documented success status (201 where it creates) and a body the schema takes', async () => {
    const check = answerChecker(doc);
    const seen = new Set<string>();
    const auth = (role: Parameters<Desk['auth']>[0]) => desk.auth(role);
    const ok = async (
      operationId: string,
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      headers: Record<string, string>,
      payload?: unknown,
    ) => {
      const res = await desk.app.inject({
        method,
        url,
        headers,
        ...(payload === undefined
          ? {}
          : typeof payload === 'string'
            ? { payload }
            : { payload: payload as object }),
      });
      expect(res.statusCode, `${operationId}: ${res.body.slice(0, 300)}`).toBe(successOf(operationId));
      seen.add(operationId);
      return check(operationId, res) as Record<string, unknown>;
    };
    const operator = await auth('operator');
    const authority = await auth('authority');
    const trainer = await auth('trainer');

    await ok('getHealth', 'GET', '/health', {});
    const opened = await ok('openCase', 'POST', '/cases', operator, rubberBoat());
    const id = opened.id as string;
    await ok('recordIncomingRequest', 'POST', '/requests', authority, {
      from: 'TG',
      vessel: { name: 'Sea Star', flag: 'MT' },
      position: { lat: 34.0, lon: 13.0 },
      grounds: ['overcrowded fishing vessel'],
      asks: ['registry', 'board'],
    });
    await ok('recordEvent', 'POST', `/cases/${id}/events`, operator, {
      type: 'DISTRESS_ASSESSED',
      phase: 'distress',
      factors: ['overcrowded', 'unseaworthy'],
    });
    await ok('getCase', 'GET', `/cases/${id}`, operator);
    await ok('listCases', 'GET', '/cases', operator);
    await ok('listAuditEntries', 'GET', `/cases/${id}/audit`, operator);
    await ok('listCaseOffers', 'GET', `/cases/${id}/offers`, operator);
    await ok('getCaseFile', 'GET', `/cases/${id}/file.pdf`, operator);
    await ok('exportCase', 'GET', `/cases/${id}/export`, operator);
    await ok('getIndicators', 'GET', '/reports/indicators', authority);
    await ok('getIndicators', 'GET', '/reports/indicators', { ...authority, accept: 'text/csv' });
    await ok('verifyAuditTrail', 'GET', `/cases/${id}/audit/verify`, operator);
    await ok('listPlacesOfSafety', 'GET', `/cases/${id}/places-of-safety`, operator);
    await ok('classifyPosition', 'POST', '/geo/classify', operator, { lat: 35.5, lon: 12.6 });
    await ok('getConsoleGeography', 'GET', '/console/geo?bbox=12,34,13,35&contiguous=IT:24', operator);

    const tg = await ephemeralExchangeKeys();
    await ok('putStateProfile', 'PUT', '/directory/states/TG', authority, {
      protocolParty: true,
      exchange: { url: 'https://desk.tg.invalid', jwks: tg.jwks },
    });
    await ok('putCountryAssessment', 'PUT', '/directory/assessments/LY', authority, {
      unsafe: true,
      source: 'the central authority',
      date: '2026-01-01',
    });
    const line = {
      resolution: '9001 (2026)',
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [11, 31],
            [16, 31],
            [16, 35],
            [11, 31],
          ],
        ],
      },
      from: '2026-05-01T00:00:00Z',
      until: '2027-05-01T00:00:00Z',
      scopes: ['board'],
    };
    await ok(
      'putSecurityCouncilAuthorisation',
      'PUT',
      `/directory/security-council/${encodeURIComponent(line.resolution)}`,
      authority,
      line,
    );
    await ok('getDirectory', 'GET', '/directory', operator);
    await ok('listDirectoryHistory', 'GET', '/directory/history', operator);

    await ok('getExchangeKeys', 'GET', '/exchange/jwks', {});
    const message = await signMessage(
      {
        id: 'TG:1',
        from: 'TG',
        to: 'MT',
        conversation: 'tg-c-1',
        kind: 'notify-flag-state',
        sentAt: desk.clock.now().toISOString(),
        body: { vessel: { name: 'Malta Star', flag: 'MT' }, position: { lat: 34.5, lon: 14.0 } },
      },
      tg,
    );
    await ok('deliverMessage', 'POST', '/exchange/inbox', { 'content-type': 'application/jose' }, message);

    const scenarios = (await ok(
      'listTrainingScenarios',
      'GET',
      '/training/scenarios',
      trainer,
    )) as unknown as Array<{
      id: string;
      decisions: number;
    }>;
    const scenario = scenarios.find((s) => s.decisions > 0);
    const session = await ok('startTrainingSession', 'POST', '/training/sessions', trainer, {
      scenarioId: scenario?.id,
      pace: 0,
    });
    const sessionUrl = `/training/sessions/${session.id}`;
    await until('the session to wait for a decision', async () => {
      const s = await desk.app.inject({ method: 'GET', url: sessionUrl, headers: trainer });
      return s.json().status === 'awaiting-decision';
    });
    await ok('getTrainingSession', 'GET', sessionUrl, trainer);
    await ok('listTrainingSessions', 'GET', '/training/sessions', trainer);
    await ok('recordTrainingDecision', 'POST', `${sessionUrl}/decisions`, trainer, {
      type: 'POSITION_REPORTED',
      lat: 34.9,
      lon: 12.6,
    });
    await ok('getTrainingScore', 'GET', `${sessionUrl}/score`, trainer);

    expect([...seen].sort()).toEqual(
      documented()
        .map((op) => op.operationId)
        .sort(),
    );
  });

  it('problems: each status the route answers is documented for it, as application/problem+json, and validates', async () => {
    const check = answerChecker(doc);
    const operator = await desk.auth('operator');
    const problem = async (
      operationId: string,
      status: number,
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      headers: Record<string, string>,
      payload?: string | object,
    ) => {
      const res = await desk.app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload }),
      });
      expect(res.statusCode, `${operationId}: ${res.body.slice(0, 300)}`).toBe(status);
      return check(operationId, res) as Record<string, unknown>;
    };
    const id = (
      (
        await desk.app.inject({ method: 'POST', url: '/cases', headers: operator, payload: rubberBoat() })
      ).json() as { id: string }
    ).id;

    await problem('openCase', 400, 'POST', '/cases', operator, { ...rubberBoat(), personsOnboard: 60 });
    await problem('openCase', 401, 'POST', '/cases', {}, rubberBoat());
    await problem('openCase', 403, 'POST', '/cases', await desk.auth('auditor'), rubberBoat());
    await problem('openCase', 413, 'POST', '/cases', operator, {
      ...rubberBoat(),
      grounds: Array.from({ length: 300 }, () => 'g'.repeat(1_000)),
    });
    await problem(
      'openCase',
      415,
      'POST',
      '/cases',
      { ...operator, 'content-type': 'application/xml' },
      '<case/>',
    );
    const keyed = { ...operator, 'idempotency-key': 'openapi-422' };
    await desk.app.inject({ method: 'POST', url: '/cases', headers: keyed, payload: rubberBoat() });
    await problem('openCase', 422, 'POST', '/cases', keyed, rubberBoat({ personsOnBoard: 61 }));
    await problem('getCase', 404, 'GET', '/cases/no-such-case', operator);
    await problem('getCase', 400, 'GET', `/cases/${'x'.repeat(201)}`, operator);
    await problem('listCases', 400, 'GET', '/cases?limit=0', operator);
    const refused = await problem('recordEvent', 409, 'POST', `/cases/${id}/events`, operator, {
      type: 'BOARDING_STARTED',
    });
    expect(refused).toMatchObject({ error: 'refused', reason: 'no-grounds', view: { id } });
    const before = (await desk.app.inject({ method: 'GET', url: `/cases/${id}`, headers: operator })).headers
      .etag;
    const notified = { type: 'RCC_NOTIFIED', rcc: 'IMRCC Rome' };
    await desk.app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: operator,
      payload: notified,
    });
    const stale = await problem(
      'recordEvent',
      409,
      'POST',
      `/cases/${id}/events`,
      { ...operator, 'if-match': String(before) },
      notified,
    );
    expect(stale).toMatchObject({ error: 'version-conflict' });
    await problem('listAuditEntries', 404, 'GET', '/cases/no-such-case/audit', operator);
    await problem('putStateProfile', 403, 'PUT', '/directory/states/TG', operator, { protocolParty: true });
    await problem('listTrainingScenarios', 403, 'GET', '/training/scenarios', operator);
    const stranger = await signMessage(
      {
        id: 'LY:1',
        from: 'LY',
        to: 'MT',
        conversation: 'ly-c-1',
        kind: 'acknowledge',
        sentAt: desk.clock.now().toISOString(),
        body: {},
      },
      await ephemeralExchangeKeys(),
    );
    await problem(
      'deliverMessage',
      401,
      'POST',
      '/exchange/inbox',
      { 'content-type': 'application/jose' },
      stranger,
    );

    const limited = await startDesk({ rateLimit: { max: 1, timeWindowMs: 60_000 } });
    try {
      const headers = await limited.auth('operator');
      await limited.app.inject({ method: 'GET', url: '/cases', headers });
      const res = await limited.app.inject({ method: 'GET', url: '/cases', headers });
      expect(res.statusCode).toBe(429);
      check('listCases', res);
    } finally {
      await limited.close();
    }
  });
});
