// What the law would answer now to each step a person may record: the guidance a console offers, asked of
// the law itself (rules.ts, decide) with the probes of probes.ts, so that it can never promise a step the
// desk then refuses. Nothing is decided here: every status is read from decide's own answers.
import type { CaseContext } from './context.ts';
import { probesFor } from './probes.ts';
import type { Decision, OverrideKind } from './rules.ts';
import { decide } from './rules.ts';
import { CASE_EVENT_TYPES, type CaseEventType } from './schemas.ts';

// allowed: the law applies the step as probed (whatever else is entered, it still reads it);
// refused: the law refuses it however it is entered, with its reason, basis and overrides;
// not-expected-now: it makes no sense in this state (reason `not-expected-now`);
// depends: applied or refused according to what is entered (`dependsOn`, with the refusal some choices meet).
export type OfferStatus = 'allowed' | 'refused' | 'not-expected-now' | 'depends';

export interface Offer {
  type: CaseEventType;
  status: OfferStatus;
  reason?: string;
  message?: string;
  basis?: string[];
  allowedOverrides?: OverrideKind[];
  dependsOn?: string[];
}

const NOT_EXPECTED = 'not-expected-now';

type Refused = Extract<Decision, { outcome: 'refused' }>;

const refusalOf = ({ reason, message, basis, allowedOverrides }: Refused) => ({
  reason,
  message,
  basis,
  allowedOverrides,
});

// `at`: the moment the law answers for (a Security Council authorisation in force then); absent, the case's own.
export function offerFor(ctx: CaseContext, type: CaseEventType, at?: string): Offer {
  const answers = probesFor(ctx, type).map((p) => ({ on: p.on, decision: decide(ctx, p.event, at) }));
  const refusals = answers.flatMap((a) => (a.decision.outcome === 'refused' ? [a.decision] : []));
  if (refusals.length === 0) return { type, status: 'allowed' };
  // a refusal by the law comes before "not now": it may offer an override, and it says which rule
  const first = refusals.find((r) => r.reason !== NOT_EXPECTED) ?? (refusals[0] as Refused);
  if (refusals.length === answers.length) {
    return { type, status: first.reason === NOT_EXPECTED ? NOT_EXPECTED : 'refused', ...refusalOf(first) };
  }
  // the choices whose answer differs from the first probe's are what the answer depends on
  const applied = (d: Decision) => d.outcome === 'applied';
  const firstApplied = applied((answers[0] as (typeof answers)[number]).decision);
  const dependsOn = [
    ...new Set(answers.filter((a) => applied(a.decision) !== firstApplied).flatMap((a) => a.on)),
  ];
  return { type, status: 'depends', dependsOn, ...refusalOf(first) };
}

// Every step a person may record, in the contract's order.
export function offers(ctx: CaseContext, at?: string): Offer[] {
  return CASE_EVENT_TYPES.map((type) => offerFor(ctx, type, at));
}
