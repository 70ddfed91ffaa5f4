// Where nobody may be disembarked, handed over, diverted or escorted (machines/exclusion.ts; domain.md, "Place of
// safety and disembarkation": a candidate is excluded where disembarkation would expose anyone to refoulement).
// The same rule gives the law engine's `excluded-place` refusals and the place-of-safety ranking's excluded
// candidates, each with its reasons (what the user reads) and grounds (what the console groups by).
import { describe, expect, it } from 'vitest';
import { exclusionOf } from '../../machines/exclusion.ts';
import { Case, opening } from './harness.ts';
import {
  assessment,
  distress,
  NON_REFOULEMENT_BASIS,
  ok,
  refused,
  STATELESS,
  setting,
} from './refusals-kit.ts';

const SOURCE = 'central authority country file (test)';

describe('SoM art. 19(1); MSC.167(78) 6.17: which places are excluded, and why', () => {
  it('SoM art. 19(1): a country assessed safe, fled by no claimant and with no objection upheld is not excluded', () => {
    expect(exclusionOf('TN', ['ER', 'SD'], { TN: assessment(false) }, ['LY'])).toBeUndefined();
    expect(exclusionOf('TN', [], {})).toBeUndefined();
  });

  it('Refugee Convention art. 33: the country of origin of those who expressed fear of return is excluded on that ground alone', () => {
    expect(exclusionOf('ER', ['SD', 'ER'], { ER: assessment(false) })).toEqual({
      reasons: ['ER is a country of origin of persons who expressed fear of return'],
      grounds: ['claimant-country-of-origin'],
    });
  });

  it('MSC.167(78) 6.17: a country the central authority assessed unsafe is excluded, citing the assessment’s source and date', () => {
    expect(exclusionOf('LY', [], { LY: assessment(true) })).toEqual({
      reasons: [`LY is assessed unsafe for disembarkation (${SOURCE}, 2026-05-01)`],
      grounds: ['assessed-unsafe'],
    });
  });

  it('ECHR art. 13 (Hirsi): a destination whose objections were upheld is excluded for the case', () => {
    expect(exclusionOf('TN', [], { TN: assessment(false) }, ['TN'])).toEqual({
      reasons: ['objections of persons on board against TN were upheld'],
      grounds: ['objections-upheld'],
    });
  });

  it('SoM art. 19(1): every ground that applies is given, in the order origin, assessment, objections', () => {
    expect(exclusionOf('LY', ['LY'], { LY: assessment(true) }, ['LY'])).toEqual({
      reasons: [
        'LY is a country of origin of persons who expressed fear of return',
        `LY is assessed unsafe for disembarkation (${SOURCE}, 2026-05-01)`,
        'objections of persons on board against LY were upheld',
      ],
      grounds: ['claimant-country-of-origin', 'assessed-unsafe', 'objections-upheld'],
    });
  });

  it('SoM art. 19(1): a proposal of a place whose objections were upheld is refused as an excluded place, the refusal giving the reason', () => {
    const c = new Case(
      opening({ vessel: STATELESS }),
      setting({}, { countryAssessments: { TN: assessment(false) } }),
    );
    ok(c, distress);
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 30);
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
      objections: [{ count: 4, reason: 'fear of detention and return' }],
    });
    ok(c, { type: 'OBJECTIONS_ASSESSED', country: 'TN', upheld: true });
    const r = refused(c.send({ type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN' }), 'excluded-place');
    expect(r.basis).toEqual(NON_REFOULEMENT_BASIS);
    expect(r.allowedOverrides).toEqual([]);
    expect(r.message).toContain('objections of persons on board against TN were upheld');
  });
});
