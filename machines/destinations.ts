// Where persons may be taken (domain.md, "Place of safety and disembarkation" and its second review): the
// non-refoulement exclusion, the country assessment a third country needs on record, persons told and heard
// before they are moved, and whether a designated place is still usable. One place for the rules every move of
// persons faces: proposals, designations, diversions, escorts, handovers, disembarkations, releases.
import { NON_REFOULEMENT, THIRD_COUNTRY_ASSESSED, THIRD_COUNTRY_HEARD } from './citations.ts';
import type { CaseContext } from './context.ts';
import { exclusionOf } from './exclusion.ts';
import type { CountryAssessment } from './schemas.ts';

export type MoveKind =
  | 'proposal'
  | 'designation'
  | 'divert'
  | 'escort'
  | 'handover'
  | 'disembark'
  | 'release';

// The order the law asks these in (domain.md, "Which refusal comes first").
export const DESTINATION_RULES = [
  'excluded-place',
  'objection-unresolved',
  'destination-not-assessed',
  'safeguards-first',
] as const;

export interface DestinationFailure {
  reason: (typeof DESTINATION_RULES)[number];
  message: string;
  basis: string[];
}

type Ctx = Pick<CaseContext, 'setting' | 'assessments' | 'persons' | 'interceptingState' | 'placeOfSafety'>;

// The directory's assessments and the case's own: a country is unsafe where either says so (the stricter
// reading protects persons from refoulement; SoM art. 19(1)).
export function assessmentsOf(
  ctx: Pick<CaseContext, 'setting' | 'assessments'>,
): Record<string, CountryAssessment> {
  const out: Record<string, CountryAssessment> = { ...ctx.setting.countryAssessments };
  for (const [country, a] of Object.entries(ctx.assessments ?? {})) {
    const directory = out[country];
    out[country] = directory?.unsafe && !a.unsafe ? directory : a;
  }
  return out;
}

const upheld = (ctx: Ctx) =>
  Object.entries(ctx.persons.objections ?? {})
    .filter(([, s]) => s === 'upheld')
    .map(([c]) => c);

export function excludedReason(ctx: Ctx, country: string): string | undefined {
  return exclusionOf(
    country,
    ctx.persons.claims.countriesOfOrigin,
    assessmentsOf(ctx),
    upheld(ctx),
  )?.reasons.join('; ');
}

export const isThirdCountry = (ctx: Pick<CaseContext, 'interceptingState'>, country: string) =>
  country !== ctx.interceptingState;

// What persons must have had before this move to a third country (ECHR art. 3, 13, Protocol 4 art. 4 as applied
// in Hirsi §§185-186, 197-207; EU 656/2014 art. 4(3), practice). A disembarkation after a rescue needs only the
// notice and the chance to object, which does not unduly delay landing (MSC.167(78) 6.20).
export function safeguardsMissing(ctx: Ctx, country: string, kind: MoveKind): string[] {
  if (!isThirdCountry(ctx, country)) return [];
  if (kind === 'proposal' || kind === 'designation' || kind === 'release') return [];
  const missing: string[] = [];
  const afterRescue = kind === 'disembark' && ctx.persons.rescued;
  if (!afterRescue && !ctx.persons.screened)
    missing.push('persons identified and screened (PERSONS_SCREENED)');
  const heard = ctx.persons.informed.some((i) => i.country === country && i.objectionsHeard);
  if (!heard) {
    missing.push(
      `persons told of ${country} in a language they understand, with the chance to object (PERSONS_INFORMED with that destination and objectionsHeard)`,
    );
  }
  return missing;
}

// Every rule the move fails, in the order the law asks them: an excluded place first, then an unresolved
// objection, a missing assessment, missing safeguards (domain.md, "Which refusal comes first").
export function destinationFailures(ctx: Ctx, country: string, kind: MoveKind): DestinationFailure[] {
  const out: DestinationFailure[] = [];
  const why = excludedReason(ctx, country);
  if (why) {
    out.push({
      reason: 'excluded-place',
      message: `${why}; nobody is taken or left where they risk refoulement`,
      basis: [...NON_REFOULEMENT],
    });
  }
  if (!isThirdCountry(ctx, country)) return out;
  if (ctx.persons.objections[country] === 'unresolved') {
    out.push({
      reason: 'objection-unresolved',
      message: `persons objected that ${country} is unsafe for them; the central authority has not assessed the objections (OBJECTIONS_ASSESSED)`,
      basis: [...THIRD_COUNTRY_HEARD, ...NON_REFOULEMENT.slice(0, 1)],
    });
  }
  if (!assessmentsOf(ctx)[country]) {
    out.push({
      reason: 'destination-not-assessed',
      message: `the central authority has no country assessment on record for ${country}: what the State knew or should have known decides`,
      basis: [...THIRD_COUNTRY_ASSESSED],
    });
  }
  const missing = safeguardsMissing(ctx, country, kind);
  if (missing.length > 0) {
    out.push({
      reason: 'safeguards-first',
      message: `before persons are moved to ${country}: ${missing.join('; ')}`,
      basis: [...THIRD_COUNTRY_HEARD],
    });
  }
  return out;
}

// A designated place is usable while no rule of the above bars a disembarkation there (its safeguards aside,
// which the persons' own actions cover), and the State has not declined it. Otherwise it lapsed, or was never
// usable (an RCC's designation is another State's act: recorded, not followed).
export function designationUsable(ctx: Ctx): boolean {
  const d = ctx.placeOfSafety.designated;
  if (!d) return false;
  if (ctx.placeOfSafety.declined.includes(d.country)) return false;
  return destinationFailures(ctx, d.country, 'designation').length === 0;
}
