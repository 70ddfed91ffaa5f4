// Where nobody may be disembarked, handed over, diverted or escorted (SoM art. 19(1); MSC.167(78) 6.17): the
// countries of origin of those who expressed fear of return, the countries the central authority assesses
// unsafe, and, for this case, a destination whose objections were upheld. One rule, used by the law engine's
// refusals and by the place-of-safety ranking, so both say the same.
import type { CountryAssessment } from './schemas.ts';

export type ExclusionGround = 'claimant-country-of-origin' | 'assessed-unsafe' | 'objections-upheld';

export interface Exclusion {
  reasons: string[];
  grounds: ExclusionGround[];
}

export function exclusionOf(
  country: string,
  countriesOfOrigin: Iterable<string>,
  assessments: Readonly<Record<string, CountryAssessment>>,
  upheldObjections: Iterable<string> = [],
): Exclusion | undefined {
  const reasons: string[] = [];
  const grounds: ExclusionGround[] = [];
  if (new Set(countriesOfOrigin).has(country)) {
    reasons.push(`${country} is a country of origin of persons who expressed fear of return`);
    grounds.push('claimant-country-of-origin');
  }
  const a = assessments[country];
  if (a?.unsafe) {
    reasons.push(`${country} is assessed unsafe for disembarkation (${a.source}, ${a.date})`);
    grounds.push('assessed-unsafe');
  }
  if (new Set(upheldObjections).has(country)) {
    reasons.push(`objections of persons on board against ${country} were upheld`);
    grounds.push('objections-upheld');
  }
  return grounds.length > 0 ? { reasons, grounds } : undefined;
}
