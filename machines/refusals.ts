// The two answers of the law (domain.md, "Refusals and overrides"): applied, or refused with its reason, the
// articles behind it and the overrides the law allows; and how several refusals of one step combine.
import type { CaseContext, IncidentCategory } from './context.ts';
import type { DestinationFailure } from './destinations.ts';
import type { Override } from './schemas.ts';

export type OverrideKind = Override['kind'];
export type ApplyMode = 'normal' | 'imminent-danger' | 'recorded-fact';

export interface Refusal {
  outcome: 'refused';
  reason: string;
  message: string;
  basis: string[];
  allowedOverrides: OverrideKind[];
  // other rules the step also fails
  alsoFailed?: string[];
  // with reason override-not-available: the refusal the override was asked against
  refused?: { reason: string; basis: string[] };
}

export interface Applied {
  outcome: 'applied';
  mode: ApplyMode;
  // the refusal a recorded-fact override set aside: it becomes a legal incident
  incident?: { category: IncidentCategory; reason: string; basis: string[] };
  overrideUnneeded?: boolean;
  // an RCC's designation is recorded whatever it names; false where the place cannot be used
  usable?: boolean;
}

export type Decision = Applied | Refusal;

export const APPLIED: Applied = { outcome: 'applied', mode: 'normal' };

export type ActAtSea = 'BOARDING_STARTED' | 'SEARCH_COMPLETED' | 'MEASURES_TAKEN' | 'PERSONS_TAKEN_ON_BOARD';

export function notExpected(message: string, basis: string[] = []): Refusal {
  return { outcome: 'refused', reason: 'not-expected-now', message, basis, allowedOverrides: [] };
}

export function refusal(
  reason: string,
  message: string,
  basis: string[],
  allowedOverrides: OverrideKind[],
): Refusal {
  // Bases are joined from several rules (for a flag State outside the Protocol, the step's own basis is UNCLOS
  // art. 92 too): each cited once.
  return { outcome: 'refused', reason, message, basis: [...new Set(basis)], allowedOverrides };
}

// imminent-danger is available while the danger is open (alert or distress, before rescue), for boarding,
// search and measures needed to save life (SoM art. 8(5)); never against non-refoulement, never to move persons
// to a third country.
export function imminentDangerAvailable(ctx: CaseContext): boolean {
  return ctx.distress.dangerOpen;
}

export function refuseAct(
  ctx: CaseContext,
  reason: string,
  message: string,
  basis: string[],
  life = true,
): Refusal {
  const allowed: OverrideKind[] = [];
  if (life && imminentDangerAvailable(ctx)) allowed.push('imminent-danger');
  allowed.push('recorded-fact');
  return refusal(reason, message, basis, allowed);
}

// The first failure gives the reason; the others are listed; an override is offered only where it sets every
// failure aside.
export function combine(failures: Refusal[]): Refusal | undefined {
  const [first, ...rest] = failures;
  if (!first) return undefined;
  if (rest.length === 0) return first;
  const allowed = first.allowedOverrides.filter((k) => rest.every((r) => r.allowedOverrides.includes(k)));
  return {
    ...first,
    allowedOverrides: allowed,
    alsoFailed: [...new Set(rest.map((r) => r.reason).filter((r) => r !== first.reason))],
  };
}

export const destinationRefusal = (f: DestinationFailure, act: boolean): Refusal =>
  // an act at sea may be recorded as fact (it opens an incident); a decision accepts no override
  refusal(f.reason, `Refused: ${f.message}.`, f.basis, act ? ['recorded-fact'] : []);
