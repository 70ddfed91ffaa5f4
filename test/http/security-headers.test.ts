// Security headers on every answer (src/http/plugins/helmet.ts): the API's, its errors and the pages', set
// before any route or hook answers, so a 401 or a 404 carries them as a 200 does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, startDesk } from './helpers.ts';

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk.close();
});

describe('security headers', () => {
  it.each([
    ['an answer', '/health', 200],
    ['a request without a token', '/cases', 401],
    ['a case that does not exist', '/cases/no-such-case', 404],
  ])('%s carries them (%s answers %i)', async (_what, url, status) => {
    const headers = status === 401 ? {} : await desk.auth('operator');
    const res = await desk.app.inject({ method: 'GET', url, headers });
    expect(res.statusCode).toBe(status);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // the desk is reached over plain HTTP on ships' LANs: browsers are not pushed to https
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });
});
