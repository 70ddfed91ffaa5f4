// Helpers shared by the refusal tests (refusals, acts-at-sea, hot-pursuit, flag-state-replies,
// incoming-requests, places-and-release). Expected reasons, citations and overrides are written in the tests
// themselves, literally, from docs/domain.md, docs/contract.md and machines/citations.ts's short forms.
import { expect } from 'vitest';
import type { Decision, Refusal } from '../../machines/rules.ts';
import type {
  CaseEvent,
  Condition,
  OpeningReport,
  Scope,
  Setting,
  StateProfile,
} from '../../machines/schemas.ts';
import { Case, opening } from './harness.ts';

export const noDanger: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] };
export const uncertainty: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'uncertainty', factors: [] };
export const alert: CaseEvent = { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['engine-failure'] };
export const distress: CaseEvent = {
  type: 'DISTRESS_ASSESSED',
  phase: 'distress',
  factors: ['overcrowded', 'taking-water'],
};

// A rubber boat with no flag and no registry claimed: without nationality (domain.md, row 6).
export const STATELESS = { name: 'rubber boat', flag: null };

export { assessment, imminentDanger, recordedFact } from './harness.ts';

export const party = (over: Partial<StateProfile> = {}): StateProfile => ({ protocolParty: true, ...over });

export function setting(states: Record<string, StateProfile> = {}, over: Partial<Setting> = {}): Setting {
  return { states, countryAssessments: {}, ...over };
}

export function withoutGrounds(o: OpeningReport): OpeningReport {
  const { grounds: _grounds, ...rest } = o;
  return rest;
}

// Persons told of a destination in a language they understand, with the chance to object (domain.md, Place of
// safety, second review).
export const heard = (country: string): CaseEvent => ({
  type: 'PERSONS_INFORMED',
  language: 'ar',
  destination: { country },
  objectionsHeard: true,
});

// A setup step the law allows: it must be applied.
export function ok(c: Case, event: CaseEvent, minutes = 1): Decision {
  const d = c.send(event, minutes);
  expect(d, `${event.type} should be applied`).toMatchObject({ outcome: 'applied' });
  return d;
}

// A refusal with its reason; the test then asserts what else the rule fixes.
export function refused(d: Decision, reason: string): Refusal {
  expect(d, `expected a refusal with reason ${reason}`).toMatchObject({ outcome: 'refused', reason });
  return d as Refusal;
}

// What makes no sense now: not-expected-now, no article, no override (domain.md, Refusals and overrides).
export function notExpected(d: Decision): Refusal {
  const r = refused(d, 'not-expected-now');
  expect(r.basis).toEqual([]);
  expect(r.allowedOverrides).toEqual([]);
  return r;
}

// The flag State of record (Togo, a party by default) asked and its answer recorded.
export function grantedCase(
  scopes: Scope[],
  conditions: Condition[] = [],
  s: Setting = setting(),
  over: Partial<OpeningReport> = {},
): Case {
  const flag = (over.vessel?.flag as string | undefined) ?? 'TG';
  const c = new Case(opening(over), s);
  ok(c, noDanger);
  ok(c, { type: 'FLAG_STATE_NOTIFIED', state: flag });
  ok(c, { type: 'AUTHORISATION_REQUESTED', scopes });
  ok(c, {
    type: 'AUTHORISATION_GRANTED',
    state: flag,
    scopes,
    conditions,
  });
  return c;
}

// The high seas north of Tripoli, inside res. 2240 (2015)'s area as the demo directory draws it; the harness
// classifies it as beyond every State's territorial sea.
export const OFF_TRIPOLI = { lat: 33.6, lon: 13.4 };

// Citations the tests expect, in citations.ts's short forms, named by the rule they carry.
export const LIFE_FIRST_BASIS = [
  'UNCLOS art. 98',
  'SOLAS V/33',
  'SAR Convention Annex 1.3.11-13',
  'ICCPR art. 6',
];
export const NON_REFOULEMENT_BASIS = [
  'SoM art. 19(1)',
  'Refugee Convention art. 33',
  'CAT art. 3',
  'ICCPR art. 7',
  'MSC.167(78) 6.17 (guidance)',
  'ECtHR Hirsi Jamaa v Italy (2012)',
];
export const TOLD_AND_HEARD_BASIS = [
  'ECHR art. 3',
  'ECHR art. 13',
  'ECHR Protocol 4 art. 4',
  'ECtHR Hirsi Jamaa v Italy (2012) §§185-186, 197-207',
  'EU 656/2014 art. 4(3) (practice)',
];
export const ASSESSED_BASIS = ['SoM art. 19(1)', 'ECtHR Hirsi Jamaa v Italy (2012) §§131-133, 156-157'];
