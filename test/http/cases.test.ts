import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKeys, loadSigningKeys } from '../../src/audit/chain.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { openRuntime } from '../../src/runtime/case-runtime.ts';
import { openMemoryStore } from '../../src/store/memory.ts';
import { ManualClock } from '../clock.ts';
import { type Desk, flaggedTrawler, rubberBoat, startDesk } from './helpers.ts';

let desk: Desk;
beforeEach(async () => {
  desk = await startDesk();
});
afterEach(async () => {
  await desk.close();
});

const codes = (view: { requiredActions: Array<{ code: string }> }) => view.requiredActions.map((a) => a.code);

async function openCase(role: 'operator' | 'authority' = 'operator', body: object = rubberBoat()) {
  const res = await desk.app.inject({
    method: 'POST',
    url: '/cases',
    headers: await desk.auth(role),
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('GET /health', () => {
  it('answers without a token', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: '0.1.0', store: 'sqlite' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('Cache-Control', () => {
  it('case data answered to a token is no-store (a proxy keeps no copy); the public health check is not', async () => {
    const headers = await desk.auth('operator');
    const opened = await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() });
    const id = opened.json().id as string;
    for (const url of ['/cases', `/cases/${id}`, `/cases/${id}/audit`]) {
      const res = await desk.app.inject({ method: 'GET', url, headers });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    expect(opened.headers['cache-control']).toBe('no-store');
    const health = await desk.app.inject({ method: 'GET', url: '/health' });
    expect(health.headers['cache-control']).toBeUndefined();
  });
});

describe('GET /docs', () => {
  it('serves the OpenAPI document without a token', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/cases', '/cases/{id}/events', '/requests']),
    );
  });
});

describe('POST /cases', () => {
  it('opens a case: 201 with the view, safety of life and grounds required first', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('operator'),
      payload: rubberBoat(),
    });
    expect(res.statusCode).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({ kind: 'interception', status: 'open', version: 1, interceptingState: 'IT' });
    expect(view.distressPhase).toBeNull();
    expect(codes(view)).toEqual(expect.arrayContaining(['ASSESS_SAFETY_OF_LIFE', 'RECORD_GROUNDS']));
    expect(res.headers.location).toBe(`/cases/${view.id}`);
    expect(res.headers.etag).toBe('"1"');
  });

  it('does not ask for grounds when the opening report gives them', async () => {
    const view = await openCase(
      'operator',
      rubberBoat({ grounds: ['no flag, 60 persons, route from Zuwara'] }),
    );
    expect(codes(view)).toContain('ASSESS_SAFETY_OF_LIFE');
    expect(codes(view)).not.toContain('RECORD_GROUNDS');
  });

  it('400 names every bad field with a dot path relative to the body', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('operator'),
      payload: {
        ...rubberBoat(),
        interceptingState: 'Italy',
        vessel: { flag: 'it' },
        position: { lat: 95, lon: 12 },
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('invalid');
    const paths = body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['interceptingState', 'vessel.flag', 'position.lat']));
    expect(paths).not.toContain('position.lon');
    expect(body.message).toContain('vessel.flag');
  });

  it('400 for malformed JSON, never a 5xx', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { ...(await desk.auth('operator')), 'content-type': 'application/json' },
      payload: '{"interceptingState": "IT",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid', issues: [{ path: '' }] });
  });

  it('413 for a body over 256 KiB', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('operator'),
      payload: { ...rubberBoat(), grounds: ['x'.repeat(300 * 1024)] },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('too-large');
  });

  it('401 without a token, with a forged token, and with an expired one', async () => {
    const none = await desk.app.inject({ method: 'POST', url: '/cases', payload: rubberBoat() });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'unauthorized' });

    const token = await desk.token('operator');
    const [h, p] = token.split('.');
    const forged = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { authorization: `Bearer ${h}.${p}.c2lnbmF0dXJl` },
      payload: rubberBoat(),
    });
    expect(forged.statusCode).toBe(401);

    desk.clock.advanceMinutes(13 * 60);
    const expired = await desk.app.inject({
      method: 'GET',
      url: '/cases',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toMatch(/expired/);
  });

  it('403 naming the roles allowed', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('auditor'),
      payload: rubberBoat(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      error: 'forbidden',
      rolesAllowed: ['operator', 'authority', 'trainer'],
    });
    expect(res.json().message).toContain('operator');
  });

  it('training cases are for trainers, and trainers see only them', async () => {
    const byOperator = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('operator'),
      payload: { ...rubberBoat(), training: true },
    });
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.json().rolesAllowed).toEqual(['trainer']);

    const liveByTrainer = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('trainer'),
      payload: rubberBoat(),
    });
    expect(liveByTrainer.statusCode).toBe(403);

    const live = await openCase();
    const drill = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await desk.auth('trainer'),
      payload: { ...rubberBoat(), training: true },
    });
    expect(drill.statusCode).toBe(201);
    expect(drill.json().training).toBe(true);

    const asTrainer = await desk.app.inject({
      method: 'GET',
      url: '/cases',
      headers: await desk.auth('trainer'),
    });
    expect(asTrainer.json().map((c: { id: string }) => c.id)).toEqual([drill.json().id]);
    const asOperator = await desk.app.inject({
      method: 'GET',
      url: '/cases',
      headers: await desk.auth('operator'),
    });
    expect(asOperator.json().map((c: { id: string }) => c.id)).toEqual([live.id]);
    const hidden = await desk.app.inject({
      method: 'GET',
      url: `/cases/${drill.json().id}`,
      headers: await desk.auth('operator'),
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('the same Idempotency-Key opens one case, not two', async () => {
    const headers = { ...(await desk.auth('operator')), 'idempotency-key': 'open-cp301-0214' };
    const first = await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() });
    const again = await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() });
    expect(first.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const list = await desk.app.inject({ method: 'GET', url: '/cases', headers: await desk.auth('auditor') });
    expect(list.json()).toHaveLength(1);
  });

  it('the same Idempotency-Key with another opening report answers 422 and opens nothing', async () => {
    const headers = { ...(await desk.auth('operator')), 'idempotency-key': 'open-cp301-0215' };
    const first = await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() });
    expect(first.statusCode).toBe(201);
    const other = rubberBoat({ personsOnBoard: 93 });
    const reused = await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: other });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ error: 'idempotency-key-reused', key: 'open-cp301-0215' });
    const list = await desk.app.inject({ method: 'GET', url: '/cases', headers: await desk.auth('auditor') });
    expect(list.json().map((c: { id: string }) => c.id)).toContain(first.json().id);
    expect(list.json()).toHaveLength(1);
  });
});

describe('POST /requests', () => {
  const request = {
    from: 'IT',
    vessel: { name: 'Amira', flag: 'MT', imo: '9074729' },
    position: { lat: 34.5, lon: 13.2 },
    grounds: ['120 persons on a 20 m fishing vessel without safety equipment'],
    asks: ['registry', 'board'],
  };

  it('the authority records an incoming request', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/requests',
      headers: await desk.auth('authority'),
      payload: request,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().kind).toBe('incoming-request');
    expect(codes(res.json())).toEqual(expect.arrayContaining(['CHECK_NATIONAL_REGISTER', 'ANSWER_REQUEST']));
  });

  it('an operator may not', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/requests',
      headers: await desk.auth('operator'),
      payload: request,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().rolesAllowed).toContain('authority');
  });

  it('names the missing asks', async () => {
    const { asks: _asks, ...noAsks } = request;
    const res = await desk.app.inject({
      method: 'POST',
      url: '/requests',
      headers: await desk.auth('authority'),
      payload: noAsks,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['asks']);
  });
});

describe('GET /cases', () => {
  it('filters by status and rejects an unknown status by name', async () => {
    await openCase();
    const open = await desk.app.inject({
      method: 'GET',
      url: '/cases?status=open',
      headers: await desk.auth('auditor'),
    });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toHaveLength(1);
    const closed = await desk.app.inject({
      method: 'GET',
      url: '/cases?status=closed',
      headers: await desk.auth('auditor'),
    });
    expect(closed.json()).toHaveLength(0);
    const bad = await desk.app.inject({
      method: 'GET',
      url: '/cases?status=sunk',
      headers: await desk.auth('auditor'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('status');
  });

  it('404 for an unknown case, and for an unknown route', async () => {
    const res = await desk.app.inject({
      method: 'GET',
      url: '/cases/nope',
      headers: await desk.auth('operator'),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not-found');
    const route = await desk.app.inject({
      method: 'GET',
      url: '/vessels',
      headers: await desk.auth('operator'),
    });
    expect(route.statusCode).toBe(404);
    expect(route.json().error).toBe('not-found');
  });
});

describe('POST /cases/:id/events', () => {
  it('applies an event: 200 with the new view', async () => {
    const view = await openCase();
    const res = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers: await desk.auth('operator'),
      payload: { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded', 'unseaworthy'] },
    });
    expect(res.statusCode).toBe(200);
    const next = res.json();
    expect(next.version).toBe(2);
    expect(next.distressPhase).toBe('distress');
    expect(codes(next)[0]).toBe('RENDER_ASSISTANCE');
    expect(codes(next)).not.toContain('ASSESS_SAFETY_OF_LIFE');
  });

  it('409 refused with reason, basis and the overrides allowed; the refusal is audited', async () => {
    const view = await openCase('operator', flaggedTrawler());
    const res = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers: await desk.auth('operator'),
      payload: { type: 'BOARDING_STARTED' },
    });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body).toMatchObject({
      error: 'refused',
      reason: 'flag-state-authorisation-required',
      allowedOverrides: ['recorded-fact'],
    });
    expect(body.basis).toContain('SoM art. 8(2)');
    expect(body.message).toMatch(/authorisation/);
    expect(body.view.version).toBe(1);

    const audit = await desk.app.inject({
      method: 'GET',
      url: `/cases/${view.id}/audit`,
      headers: await desk.auth('auditor'),
    });
    expect(audit.statusCode).toBe(200);
    const entries = audit.json();
    expect(entries.map((e: { seq: number; outcome: string }) => [e.seq, e.outcome])).toEqual([
      [1, 'applied'],
      [2, 'refused'],
    ]);
    expect(entries[1]).toMatchObject({ type: 'BOARDING_STARTED', actor: { role: 'operator' } });
    expect(entries[1].prev).toBe(entries[0].hash);

    const verify = await desk.app.inject({
      method: 'GET',
      url: `/cases/${view.id}/audit/verify`,
      headers: await desk.auth('auditor'),
    });
    expect(verify.json()).toMatchObject({ valid: true, entries: 2, head: entries[1].hash });
  });

  it('403 naming the role when the event is not the caller’s to record', async () => {
    const view = await openCase();
    const res = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers: await desk.auth('operator'),
      payload: { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'forbidden', rolesAllowed: ['authority'] });

    const auditor = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers: await desk.auth('auditor'),
      payload: { type: 'POSITION_REPORTED', lat: 35, lon: 12.5 },
    });
    expect(auditor.statusCode).toBe(403);
  });

  it('400 naming `type` for an unknown event type', async () => {
    const view = await openCase();
    const res = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers: await desk.auth('operator'),
      payload: { type: 'BOAT_SANK' },
    });
    expect(res.statusCode).toBe(400);
    const [issue] = res.json().issues;
    expect(issue.path).toBe('type');
    expect(issue.message).toContain('BOAT_SANK');
    expect(issue.message).toContain('DISTRESS_ASSESSED');
  });

  it('400 naming `destination` when a divert has none', async () => {
    const view = await openCase();
    const res = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers: await desk.auth('operator'),
      payload: { type: 'MEASURES_TAKEN', measures: ['divert'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'destination', message: expect.stringContaining('divert') }]);
  });

  it('400 naming payload fields of a known type', async () => {
    const view = await openCase();
    const res = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers: await desk.auth('operator'),
      payload: { type: 'DISTRESS_ASSESSED', phase: 'sinking', factors: ['bad-vibes'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['phase', 'factors.0']);
  });

  it('404 for an event on an unknown case', async () => {
    const res = await desk.app.inject({
      method: 'POST',
      url: '/cases/nope/events',
      headers: await desk.auth('operator'),
      payload: { type: 'POSITION_REPORTED', lat: 35, lon: 12.5 },
    });
    expect(res.statusCode).toBe(404);
  });

  it('a retried Idempotency-Key returns the first result and records nothing new', async () => {
    const view = await openCase();
    const headers = { ...(await desk.auth('operator')), 'idempotency-key': 'assess-0215' };
    const event = { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['overcrowded'] };
    const first = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers,
      payload: event,
    });
    const retry = await desk.app.inject({
      method: 'POST',
      url: `/cases/${view.id}/events`,
      headers,
      payload: event,
    });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await desk.runtime.headSeq(view.id)).toBe(2);
  });

  it('the same Idempotency-Key with another event answers 422 naming the key, and records nothing', async () => {
    const view = await openCase();
    const headers = { ...(await desk.auth('operator')), 'idempotency-key': 'assess-0216' };
    const url = `/cases/${view.id}/events`;
    const first = { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['overcrowded'] };
    const other = { type: 'DISTRESS_ASSESSED', phase: 'uncertainty', factors: ['overcrowded'] };
    expect((await desk.app.inject({ method: 'POST', url, headers, payload: first })).statusCode).toBe(200);
    const reused = await desk.app.inject({ method: 'POST', url, headers, payload: other });
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ error: 'idempotency-key-reused', key: 'assess-0216' });
    expect(reused.json().message).toContain('assess-0216');
    expect(await desk.runtime.headSeq(view.id)).toBe(2);
    // the key still answers its own request, also when the retry's If-Match moved on with the case
    const retry = await desk.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'if-match': '"2"' },
      payload: first,
    });
    expect(retry.statusCode).toBe(200);
    expect(await desk.runtime.headSeq(view.id)).toBe(2);
    // another operator's key of the same name is another key
    const elsewhere = { ...(await desk.auth('authority')), 'idempotency-key': 'assess-0216' };
    expect(
      (await desk.app.inject({ method: 'POST', url, headers: elsewhere, payload: other })).statusCode,
    ).toBe(200);
  });

  it('two operators whose tokens were made without a subject do not share idempotency keys: neither event is dropped', async () => {
    const view = await openCase();
    const url = `/cases/${view.id}/events`;
    const first = { ...(await desk.auth('operator')), 'idempotency-key': 'pos-1' };
    const second = { ...(await desk.auth('operator')), 'idempotency-key': 'pos-1' };
    const a = await desk.app.inject({
      method: 'POST',
      url,
      headers: first,
      payload: { type: 'POSITION_REPORTED', lat: 35, lon: 12.5 },
    });
    const b = await desk.app.inject({
      method: 'POST',
      url,
      headers: second,
      payload: { type: 'POSITION_REPORTED', lat: 35.1, lon: 12.6 },
    });
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(await desk.runtime.headSeq(view.id)).toBe(3);
    const subjects = (await desk.runtime.audit(view.id, { role: 'auditor', subject: 'a' }))!
      .slice(1)
      .map((e) => e.actor.subject);
    expect(new Set(subjects).size).toBe(2);
  });

  it('If-Match with a stale version: 409 version-conflict with the current version', async () => {
    const view = await openCase();
    const headers = await desk.auth('operator');
    const url = `/cases/${view.id}/events`;
    const ok = await desk.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'if-match': '1' },
      payload: { type: 'POSITION_REPORTED', lat: 34.95, lon: 12.62 },
    });
    expect(ok.statusCode).toBe(200);
    const stale = await desk.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'if-match': '"1"' },
      payload: { type: 'POSITION_REPORTED', lat: 35.0, lon: 12.64 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'version-conflict', currentVersion: 2 });

    const garbage = await desk.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'if-match': 'yesterday' },
      payload: { type: 'POSITION_REPORTED', lat: 35.0, lon: 12.64 },
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().issues[0].path).toBe('if-match');
  });
});

describe('rate limit', () => {
  it('429 JSON per token past the limit', async () => {
    const limited = await startDesk({ rateLimit: { max: 2, timeWindowMs: 60_000 } });
    try {
      const headers = await limited.auth('auditor');
      const other = await limited.auth('operator');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await limited.app.inject({ method: 'GET', url: '/cases', headers })).statusCode);
      }
      expect(statuses).toEqual([200, 200, 429]);
      const res = await limited.app.inject({ method: 'GET', url: '/cases', headers });
      expect(res.json()).toMatchObject({ error: 'rate-limited' });
      // another token is another client
      expect((await limited.app.inject({ method: 'GET', url: '/cases', headers: other })).statusCode).toBe(
        200,
      );
    } finally {
      await limited.close();
    }
  });
  it('a caller inventing a new token for every request is limited by its address', async () => {
    const limited = await startDesk({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const headers = { authorization: `Bearer made-up.token.${i}` };
        statuses.push((await limited.app.inject({ method: 'GET', url: '/cases', headers })).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // a genuine token from the same address is a client of its own
      const res = await limited.app.inject({
        method: 'GET',
        url: '/cases',
        headers: await limited.auth('auditor'),
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('DESK_RATE_LIMIT sets the limit: the configuration reaches the app', async () => {
    const clock = new ManualClock();
    const runtime = await openRuntime({
      store: openMemoryStore(),
      clock,
      signingKeys: loadSigningKeys(generateSigningKeys().privatePem),
    });
    const secret = 'rate-limit-config-test-secret-0123456789';
    const config = { ...loadConfig({ DESK_RATE_LIMIT: '3' }), secret };
    const app = await buildApp({ runtime, config, logger: silentLogger(), clock });
    try {
      const key = loadSigningKey(config);
      const headers = { authorization: `Bearer ${await issueToken('auditor', { key, now: clock.now() })}` };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await app.inject({ method: 'GET', url: '/cases', headers })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await app.close();
      await runtime.stop();
    }
  });
});
