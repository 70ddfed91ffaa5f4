// A store that cannot record (a full or read-only disk, a database that does not answer): every write answers
// 503 `store-unavailable` and records nothing, `/health` says degraded, and the desk carries on once the store
// is back. The store here is the real in-memory one, made to fail as SQLite does when its disk is full.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKeys, loadSigningKeys } from '../../src/audit/chain.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { buildApp, type DeskApp } from '../../src/http/app.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX } from '../../src/http/problems.ts';
import { silentLogger } from '../../src/log.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { openMemoryStore } from '../../src/store/memory.ts';
import { isStoreUnavailable, type Store } from '../../src/store/store.ts';
import { ManualClock } from '../clock.ts';
import { rubberBoat } from './helpers.ts';

const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

let failing = false;
// a full disk under a store that still answers reads (SQLite reads what it holds)
let writesFailing = false;
let app: DeskApp;
let runtime: CaseRuntime;
let auth: { authorization: string };

beforeEach(async () => {
  failing = false;
  writesFailing = false;
  const inner = openMemoryStore();
  // the store's own methods, failing on demand as a full disk fails every write and SQLite's reads after it
  const store: Store = {
    ...inner,
    commit: (c) => (failing || writesFailing ? Promise.reject(diskFull()) : inner.commit(c)),
    setMeta: (k, v) => (failing || writesFailing ? Promise.reject(diskFull()) : inner.setMeta(k, v)),
    getMeta: (k) => (failing ? Promise.reject(diskFull()) : inner.getMeta(k)),
  };
  const clock = new ManualClock();
  runtime = await openRuntime({
    store,
    clock,
    signingKeys: loadSigningKeys(generateSigningKeys().privatePem),
  });
  const secret = 'store-faults-test-secret-0123456789abcdef';
  app = await buildApp({
    runtime,
    config: { dataDir: '/nonexistent', secret },
    logger: silentLogger(),
    clock,
  });
  await app.ready();
  const key = loadSigningKey({ dataDir: '/nonexistent', secret });
  auth = { authorization: `Bearer ${await issueToken('operator', { key, now: clock.now() })}` };
});

afterEach(async () => {
  await app.close();
  await runtime.stop();
});

describe('a store that cannot record', () => {
  it('answers 503 store-unavailable with Retry-After, records nothing, and records again once the store is back', async () => {
    failing = true;
    const res = await app.inject({ method: 'POST', url: '/cases', headers: auth, payload: rubberBoat() });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(res.json()).toMatchObject({
      error: 'store-unavailable',
      type: `${PROBLEM_TYPE_PREFIX}store-unavailable`,
      status: 503,
    });
    failing = false;
    const listed = await app.inject({ method: 'GET', url: '/cases', headers: auth });
    expect(listed.json()).toEqual([]);
    const again = await app.inject({ method: 'POST', url: '/cases', headers: auth, payload: rubberBoat() });
    expect(again.statusCode).toBe(201);
  });

  it('GET /health answers 503 degraded while the store does not answer, ok again after', async () => {
    failing = true;
    const down = await app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    // a report for load balancers in the contract's words, not an error body: its `status` stays "degraded"
    expect(down.json()).toMatchObject({ status: 'degraded', store: 'memory' });
    expect(down.headers['content-type']).toBe('application/json; charset=utf-8');
    failing = false;
    const up = await app.inject({ method: 'GET', url: '/health' });
    expect(up.json()).toMatchObject({ status: 'ok', store: 'memory' });
  });

  it('GET /health answers 503 degraded once a write fails on a store that still reads, ok once it writes again', async () => {
    writesFailing = true;
    // nothing has been written yet: a read is all /health knows of
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: '/cases', headers: auth, payload: rubberBoat() });
    expect(refused.statusCode).toBe(503);
    const down = await app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'degraded', store: 'memory' });
    // still degraded while the disk is full: /health tries a write, not only a read
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);
    writesFailing = false;
    const up = await app.inject({ method: 'GET', url: '/health' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ status: 'ok', store: 'memory' });
    const recorded = await app.inject({
      method: 'POST',
      url: '/cases',
      headers: auth,
      payload: rubberBoat(),
    });
    expect(recorded.statusCode).toBe(201);
  });

  it("recognises the drivers' own faults, and not the desk's own errors, as the store being unavailable", () => {
    for (const code of [
      'SQLITE_FULL',
      'SQLITE_READONLY',
      'SQLITE_IOERR_WRITE',
      'ECONNREFUSED',
      '57P01',
      '08006',
    ])
      expect(isStoreUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    for (const code of ['23505', 'SQLITE_CONSTRAINT', undefined])
      expect(isStoreUnavailable(Object.assign(new Error('x'), { code })), String(code)).toBe(false);
    expect(isStoreUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
  });
});
