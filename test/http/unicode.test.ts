// A lone surrogate (JSON's "\ud800", which no text can carry) has no canonical form: hashed into the audit
// chain it made every later request on the case fail. It is refused with a 400 naming the field, wherever it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illFormedAt } from '../../src/http/plugins/errors.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk.close();
});

// JSON text with a lone surrogate escaped, as a client would send it
const withLone = (value: unknown) => JSON.stringify(value).replace('LONE', '\\ud800');

describe('strings that are not well-formed Unicode', () => {
  it('POST /cases with a lone surrogate in the vessel name: 400 naming vessel.name, nothing opened', async () => {
    const headers = { ...(await desk.auth('operator')), 'content-type': 'application/json' };
    const body = withLone(rubberBoat({ vessel: { name: 'Nour LONE', flag: null } }));
    const res = await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid', issues: [{ path: 'vessel.name' }] });
    const list = await desk.app.inject({ method: 'GET', url: '/cases', headers: await desk.auth('auditor') });
    expect(list.json()).toEqual([]);
  });

  it('an event with one in a list, and a directory edit with one: 400 naming the place; the desk goes on', async () => {
    const op = { ...(await desk.auth('operator')), 'content-type': 'application/json' };
    const opened = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: op,
      payload: rubberBoat(),
    });
    const id = opened.json().id as string;
    const event = withLone({ type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['overcrowded', 'LONE'] });
    const res = await desk.app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: op,
      payload: event,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      { path: 'factors.1', message: 'not well-formed Unicode (a lone surrogate)' },
    ]);
    const auth = { ...(await desk.auth('authority')), 'content-type': 'application/json' };
    const edit = withLone({ unsafe: true, source: 'LONE', date: '2026-06-01' });
    const put = await desk.app.inject({
      method: 'PUT',
      url: '/directory/countries/LY',
      headers: auth,
      payload: edit,
    });
    expect(put.statusCode).toBe(400);
    expect(put.json().issues[0].path).toBe('source');
    const again = await desk.app.inject({
      method: 'POST',
      url: '/cases',
      headers: op,
      payload: rubberBoat(),
    });
    expect(again.statusCode).toBe(201);
  });

  it('finds it in keys and nested values, and passes surrogate pairs (emoji) and plain text', () => {
    expect(illFormedAt({ a: [{ b: 'x\udc00' }] }, '')).toBe('a.0.b');
    expect(illFormedAt({ 'k\ud800': 1 }, '')).toBe('k\ud800');
    expect(illFormedAt({ a: 'boat 🚤', b: ['ok'] }, '')).toBeUndefined();
    expect(illFormedAt('\ud800', 'query')).toBe('query');
  });
});
