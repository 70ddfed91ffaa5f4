// GET /cases/:id/offers against the desk itself: for every event type on a few case states, what the offer
// says agrees with what POST /cases/:id/events answers for the very step probed (each applied probe on a case
// of its own, built the same way), so the console's "what now" can never contradict the desk. Then who may
// ask, and what the OpenAPI document says of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '../../machines/offers.ts';
import { probesFor } from '../../machines/probes.ts';
import { CASE_EVENT_TYPES, type CaseEvent, EVENT_ROLES, type Role } from '../../machines/schemas.ts';
import { type Desk, flaggedTrawler, rubberBoat, startDesk } from './helpers.ts';

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk({ rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
});
afterAll(async () => {
  await desk?.close();
});

interface Step {
  event: CaseEvent;
  role?: Role;
}

interface CaseState {
  name: string;
  open: { url: '/cases' | '/requests'; body: object; role: Role };
  steps: Step[];
}

const incoming = {
  from: 'IT',
  vessel: { name: 'Amira', flag: 'MT', imo: '9074729' },
  position: { lat: 34.5, lon: 13.2 },
  grounds: ['120 persons on a 20 m fishing vessel without safety equipment'],
  asks: ['registry', 'board'],
};
const flagged = { url: '/cases' as const, body: flaggedTrawler(), role: 'operator' as const };
const stateless = { url: '/cases' as const, body: rubberBoat(), role: 'operator' as const };
const noDanger: Step = { event: { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] } };
const distress: Step = { event: { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['taking-water'] } };
const asAuthority = (event: CaseEvent): Step => ({ event, role: 'authority' });

const STATES: CaseState[] = [
  { name: 'a flagged vessel just met', open: flagged, steps: [] },
  {
    name: 'a flagged vessel in distress, its flag State notified',
    open: flagged,
    steps: [distress, asAuthority({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' })],
  },
  {
    name: 'a flagged vessel authorised on conditions',
    open: flagged,
    steps: [
      noDanger,
      asAuthority({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' }),
      asAuthority({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] }),
      asAuthority({
        type: 'AUTHORISATION_GRANTED',
        scopes: ['board', 'search', 'measures'],
        conditions: [{ kind: 'flag-officer-on-board' }, { kind: 'no-detention-without-consent' }],
      }),
    ],
  },
  {
    name: 'a stateless boat boarded and searched with evidence',
    open: stateless,
    steps: [
      noDanger,
      { event: { type: 'SUSPICION_RECORDED', grounds: ['overcrowded, no lights'] } },
      { event: { type: 'BOARDING_STARTED' } },
      { event: { type: 'SEARCH_COMPLETED', evidenceFound: true } },
    ],
  },
  {
    name: 'persons rescued, claims recorded, a place designated',
    open: stateless,
    steps: [
      distress,
      { event: { type: 'RESCUE_COMPLETED', rescued: 60 } },
      { event: { type: 'PROTECTION_CLAIMS_RECORDED', count: 2, countriesOfOrigin: ['ER'] } },
      asAuthority({ type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'LY' }),
    ],
  },
  {
    name: 'an incoming request, its register checked',
    open: { url: '/requests', body: incoming, role: 'authority' },
    steps: [asAuthority({ type: 'REGISTER_CHECKED', onRegister: true })],
  },
];

async function post(url: string, payload: object, role: Role) {
  return desk.app.inject({ method: 'POST', url, headers: await desk.auth(role), payload });
}

async function build(state: CaseState): Promise<string> {
  const opened = await post(state.open.url, state.open.body, state.open.role);
  expect(opened.statusCode, opened.body).toBe(201);
  const id = opened.json().id as string;
  for (const step of state.steps) {
    const res = await post(`/cases/${id}/events`, step.event, step.role ?? 'operator');
    expect(res.statusCode, `${state.name}: ${step.event.type} ${res.body}`).toBe(200);
  }
  return id;
}

async function offersOf(id: string, role: Role): Promise<Offer[]> {
  const res = await desk.app.inject({
    method: 'GET',
    url: `/cases/${id}/offers`,
    headers: await desk.auth(role),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

interface Answer {
  status: number;
  reason?: string;
  message?: string;
  basis?: string[];
  allowedOverrides?: string[];
}

// The offer against the desk's answers to the same probes, in the probes' order.
function agree(offer: Offer, answers: Answer[], where: string): void {
  const applied = answers.filter((a) => a.status === 200).length;
  for (const a of answers) expect([200, 409], `${where}: ${JSON.stringify(a)}`).toContain(a.status);
  const refusals = answers.filter((a) => a.status === 409);
  const named = refusals.find((a) => a.reason !== 'not-expected-now') ?? refusals[0];
  switch (offer.status) {
    case 'allowed':
      expect(applied, where).toBe(answers.length);
      return;
    case 'depends':
      expect(applied, where).toBeGreaterThan(0);
      expect(applied, where).toBeLessThan(answers.length);
      expect(offer.dependsOn?.length, where).toBeGreaterThan(0);
      expect(offer.reason, where).toBe(named?.reason);
      return;
    default:
      expect(applied, where).toBe(0);
      expect(offer.status, where).toBe(named?.reason === 'not-expected-now' ? 'not-expected-now' : 'refused');
      expect(
        {
          reason: offer.reason,
          message: offer.message,
          basis: offer.basis,
          overrides: offer.allowedOverrides,
        },
        where,
      ).toEqual({
        reason: named?.reason,
        message: named?.message,
        basis: named?.basis,
        overrides: named?.allowedOverrides,
      });
  }
}

describe('GET /cases/:id/offers agrees with POST /cases/:id/events', () => {
  for (const state of STATES) {
    it(`for every event type: ${state.name}`, async () => {
      const id = await build(state);
      const byType = new Map<string, Offer>();
      for (const role of ['operator', 'authority'] as const) {
        const offered = await offersOf(id, role);
        // only the steps the role records (src/policy.ts), in the contract's order
        expect(offered.map((o) => o.type)).toEqual(
          CASE_EVENT_TYPES.filter((t) => EVENT_ROLES[t].includes(role)),
        );
        for (const o of offered) byType.set(o.type, o);
      }
      const ctx = (await desk.runtime.getContext(id, { role: 'authority', subject: 'test' }))!;
      // a case the probes have not moved on: rebuilt once a probe was applied
      let fresh: string | undefined = id;
      for (const type of CASE_EVENT_TYPES) {
        const answers: Answer[] = [];
        for (const probe of probesFor(ctx, type)) {
          fresh ??= await build(state);
          const res = await post(`/cases/${fresh}/events`, probe.event, EVENT_ROLES[type][0] as Role);
          answers.push({ ...res.json(), status: res.statusCode });
          if (res.statusCode === 200) fresh = undefined;
        }
        agree(byType.get(type)!, answers, `${state.name}: ${type}`);
      }
    }, 120_000);
  }
});

describe('GET /cases/:id/offers: who may ask', () => {
  it('an auditor sees the case and records nothing: no offers; a trainer does not see a live case', async () => {
    const id = await build({ name: 'plain', open: stateless, steps: [] });
    expect(await offersOf(id, 'auditor')).toEqual([]);
    const trainer = await desk.app.inject({
      method: 'GET',
      url: `/cases/${id}/offers`,
      headers: await desk.auth('trainer'),
    });
    expect(trainer.statusCode).toBe(404);
    const anonymous = await desk.app.inject({ method: 'GET', url: `/cases/${id}/offers` });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await desk.app.inject({
      method: 'GET',
      url: '/cases/no-such-case/offers',
      headers: await desk.auth('operator'),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('a trainer is offered every step on a training case', async () => {
    const opened = await post('/cases', { ...rubberBoat(), training: true }, 'trainer');
    expect(opened.statusCode).toBe(201);
    const offered = await offersOf(opened.json().id, 'trainer');
    expect(offered.map((o) => o.type)).toEqual(CASE_EVENT_TYPES);
  });

  it('the OpenAPI document describes the answer', async () => {
    const doc = (await desk.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const op = doc.paths['/cases/{id}/offers']?.get;
    expect(op).toBeDefined();
    const schema = op.responses['200'].content['application/json'].schema;
    expect(schema.type).toBe('array');
    expect(Object.keys(schema.items.properties)).toEqual([
      'type',
      'status',
      'reason',
      'message',
      'basis',
      'allowedOverrides',
      'dependsOn',
    ]);
    expect(schema.items.properties.status.enum).toEqual([
      'allowed',
      'refused',
      'not-expected-now',
      'depends',
    ]);
  });
});
