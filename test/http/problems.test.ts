// Every error is an RFC 9457 problem (issue 17): `application/problem+json` with `type`, `title`, `status` and
// `detail`, beside the contract's own fields, whoever answers it: a route, a plugin (auth, rate limit), the
// not-found handler, Fastify's router, or Node's HTTP parser. Never Fastify's `{statusCode, code, ...}`.
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH } from '../../machines/schemas.ts';
import { Api, ApiError } from '../../src/console/browser/api.ts';
import { ephemeralExchangeKeys } from '../../src/exchange/keys.ts';
import { signMessage } from '../../src/exchange/protocol.ts';
import { BODY_LIMIT, MAX_PATH_SEGMENT } from '../../src/http/app.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX } from '../../src/http/problems.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

type Answer = { statusCode: number; headers: Record<string, unknown>; body: string };

let desk: Desk;
beforeEach(async () => {
  desk = await startDesk();
});
afterEach(async () => {
  await desk.close();
});

function expectProblem(res: Answer, status: number, error: string): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `${PROBLEM_TYPE_PREFIX}${error}`, status, error, detail: body.message });
  expect(new URL(body.type as string).protocol).toBe('https:');
  expect(typeof body.title).toBe('string');
  expect(typeof body.message).toBe('string');
  // never Fastify's own shape
  expect(body).not.toHaveProperty('statusCode');
  expect(body).not.toHaveProperty('code');
  return body;
}

async function openCase(): Promise<string> {
  const res = await desk.app.inject({
    method: 'POST',
    url: '/cases',
    headers: await desk.auth('operator'),
    payload: rubberBoat(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe("what Fastify refuses before any route answers in the contract's shape", () => {
  it('a path that is not valid percent-encoding: 400 invalid naming `url`, with a token or without', async () => {
    for (const headers of [await desk.auth('operator'), {}]) {
      const res = await desk.app.inject({ method: 'GET', url: '/cases/%E0%A4%A', headers });
      const body = expectProblem(res, 400, 'invalid');
      expect(body.issues).toEqual([{ path: 'url', message: 'the path is not valid percent-encoding' }]);
    }
  });

  it("an id over 200 characters: 400 naming `id`; one past the router's own bound: 400 naming `url`", async () => {
    const headers = await desk.auth('operator');
    const long = await desk.app.inject({
      method: 'GET',
      url: `/cases/${'a'.repeat(MAX_ID_LENGTH + 1)}`,
      headers,
    });
    expect(expectProblem(long, 400, 'invalid').issues).toEqual([
      { path: 'id', message: 'at most 200 characters' },
    ]);
    const events = await desk.app.inject({
      method: 'POST',
      url: `/cases/${'a'.repeat(MAX_ID_LENGTH + 1)}/events`,
      headers,
      payload: { type: 'POSITION_REPORTED', lat: 34.9, lon: 12.6 },
    });
    expect(expectProblem(events, 400, 'invalid').issues).toEqual([
      { path: 'id', message: 'at most 200 characters' },
    ]);
    const huge = await desk.app.inject({
      method: 'GET',
      url: `/cases/${'a'.repeat(MAX_PATH_SEGMENT + 1)}`,
      headers,
    });
    expect(expectProblem(huge, 400, 'invalid').issues).toEqual([
      { path: 'url', message: 'a path segment is longer than 2,048 characters' },
    ]);
  });

  it('an unknown route, or a known one with another method: 404 not-found', async () => {
    const headers = await desk.auth('operator');
    expectProblem(await desk.app.inject({ method: 'GET', url: '/vessels', headers }), 404, 'not-found');
    expectProblem(await desk.app.inject({ method: 'DELETE', url: '/cases', headers }), 404, 'not-found');
    // the router reveals nothing to a caller without a token
    expectProblem(await desk.app.inject({ method: 'GET', url: '/vessels' }), 401, 'unauthorized');
  });

  it('a body that is not JSON (415), too large (413), malformed or not as long as it says (400)', async () => {
    const headers = await desk.auth('operator');
    const xml = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...headers, 'content-type': 'application/xml' },
      payload: '<case/>',
    });
    expectProblem(xml, 415, 'unsupported-media-type');
    const large = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...rubberBoat(), grounds: ['x'.repeat(BODY_LIMIT)] }),
    });
    expectProblem(large, 413, 'too-large');
    const broken = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"interceptingState": "IT",',
    });
    expect(expectProblem(broken, 400, 'invalid').issues).toEqual([
      { path: '', message: 'the body is not valid JSON' },
    ]);
    // any other 400 of Fastify's names the body too
    const short = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': '100' },
      payload: '{}',
    });
    expect(expectProblem(short, 400, 'invalid').issues).toEqual([
      { path: '', message: 'Request body size did not match Content-Length' },
    ]);
  });

  it('bytes that are not HTTP (400) and headers over the limit (431), on a real socket', async () => {
    await desk.app.listen({ host: '127.0.0.1', port: 0 });
    const address = desk.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    const raw = async (text: string): Promise<Answer> => {
      const socket = connect(address.port, '127.0.0.1');
      socket.on('error', () => {});
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
      });
      socket.write(text);
      await once(socket, 'close');
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const [status, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      return { statusCode: Number(status?.split(' ')[1]), headers, body };
    };
    const garbage = await raw('HELLO DESK\r\n\r\n');
    expect(expectProblem(garbage, 400, 'invalid').issues).toEqual([
      { path: '', message: 'the request is not well-formed HTTP' },
    ]);
    const crowded = await raw(
      `GET /health HTTP/1.1\r\nHost: desk\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`,
    );
    expectProblem(crowded, 431, 'headers-too-large');
    expect((await desk.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('every error a route or plugin answers is a problem that keeps the contract fields', () => {
  it('401, 403 (rolesAllowed), 404, 400 (issues), 426', async () => {
    expectProblem(await desk.app.inject({ method: 'GET', url: '/cases' }), 401, 'unauthorized');
    const forbidden = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('auditor'),
      payload: rubberBoat(),
    });
    expect(expectProblem(forbidden, 403, 'forbidden').rolesAllowed).toEqual(
      expect.arrayContaining(['operator', 'authority']),
    );
    const headers = await desk.auth('operator');
    expectProblem(await desk.app.inject({ method: 'GET', url: '/cases/nope', headers }), 404, 'not-found');
    const invalid = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers,
      payload: { ...rubberBoat(), interceptingState: 'Italy' },
    });
    expect(expectProblem(invalid, 400, 'invalid').issues).toEqual([
      { path: 'interceptingState', message: expect.any(String) },
    ]);
    expectProblem(await desk.app.inject({ method: 'GET', url: '/stream', headers }), 426, 'upgrade-required');
  });

  it('409 refused with reason, basis, allowedOverrides and the view; 409 version-conflict with currentVersion; 422 naming the key', async () => {
    const id = await openCase();
    const headers = await desk.auth('operator');
    const url = `/cases/${id}/events`;
    const position = { type: 'POSITION_REPORTED', lat: 34.9, lon: 12.6 };
    await desk.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'if-match': '1' },
      payload: position,
    });
    const stale = await desk.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'if-match': '1' },
      payload: position,
    });
    expect(expectProblem(stale, 409, 'version-conflict').currentVersion).toBe(2);
    const refused = expectProblem(
      await desk.app.inject({ method: 'POST', url, headers, payload: { type: 'BOARDING_STARTED' } }),
      409,
      'refused',
    );
    expect(refused).toMatchObject({ reason: 'no-grounds', view: { id } });
    expect(refused.basis).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(Array.isArray(refused.allowedOverrides)).toBe(true);
    const keyed = { ...headers, 'idempotency-key': 'k-1' };
    await desk.app.inject({
      method: 'POST',
      url,
      headers: keyed,
      payload: { type: 'SUSPICION_RECORDED', grounds: ['a'] },
    });
    const reused = await desk.app.inject({
      method: 'POST',
      url,
      headers: keyed,
      payload: { type: 'SUSPICION_RECORDED', grounds: ['b'] },
    });
    expect(expectProblem(reused, 422, 'idempotency-key-reused').key).toBe('k-1');
  });

  it('429 rate-limited', async () => {
    const limited = await startDesk({ rateLimit: { max: 1, timeWindowMs: 60_000 } });
    try {
      const headers = await limited.auth('auditor');
      await limited.app.inject({ method: 'GET', url: '/cases', headers });
      expectProblem(await limited.app.inject({ method: 'GET', url: '/cases', headers }), 429, 'rate-limited');
    } finally {
      await limited.close();
    }
  });

  it("the exchange inbox's 401 bad-signature", async () => {
    const ly = await ephemeralExchangeKeys();
    const jws = await signMessage(
      {
        id: 'LY:1',
        from: 'LY',
        to: 'MT',
        conversation: 'c-1',
        kind: 'acknowledge',
        sentAt: desk.clock.now().toISOString(),
        body: {},
      },
      ly,
    );
    const res = await desk.app.inject({
      method: 'POST',
      url: '/exchange/inbox',
      headers: { 'content-type': 'application/jose' },
      payload: jws,
    });
    expectProblem(res, 401, 'bad-signature');
  });
});

describe('the console reads a problem as it read the error before', () => {
  it("its API client returns a refusal's fields and throws the message of a 404", async () => {
    const base = await desk.app.listen({ host: '127.0.0.1', port: 0 });
    const id = await openCase();
    const token = await desk.token('operator');
    const realFetch = globalThis.fetch;
    // the page's paths are relative to the desk that served it
    globalThis.fetch = (input, init) => realFetch(new URL(String(input), base), init);
    try {
      const refusals: string[] = [];
      const api = new Api(
        () => token,
        (m) => refusals.push(m),
      );
      const refused = await api.post<{ error: string; reason: string; message: string }>(
        `/cases/${id}/events`,
        { type: 'BOARDING_STARTED' },
      );
      expect(refused).toMatchObject({ status: 409, body: { error: 'refused', reason: 'no-grounds' } });
      const missing = await api.get('/cases/nope').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ApiError);
      expect(missing).toMatchObject({ status: 404, message: 'no such case' });
      const signedOut = new Api(
        () => 'not-a-token',
        (m) => refusals.push(m),
      );
      await expect(signedOut.get('/cases')).rejects.toMatchObject({ status: 401 });
      expect(refusals).toEqual(['token invalid']);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
