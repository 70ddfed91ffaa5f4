// Where nobody may be disembarked, diverted or escorted (SoM art. 19(1); MSC.167(78) 6.17): the countries of
// origin of those who expressed fear of return, and the countries the central authority assesses unsafe.
// One rule, used by the law engine's refusals and by the place-of-safety ranking, so both say the same.
import type { CountryAssessment } from './schemas.ts';

export type ExclusionGround = 'claimant-country-of-origin' | 'assessed-unsafe';

export interface Exclusion {
  reasons: string[];
  grounds: ExclusionGround[];
}

export function exclusionOf(
  country: string,
  countriesOfOrigin: Iterable<string>,
  assessments: Readonly<Record<string, CountryAssessment>>,
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
  return grounds.length > 0 ? { reasons, grounds } : undefined;
}
