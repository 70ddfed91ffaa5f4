// Warnings shown with the case (contract.md, "Warnings"): facts that do not refuse anything but that a duty
// officer must see.
import { B } from './citations.ts';
import type { CaseContext } from './context.ts';
import { designationUsable } from './destinations.ts';
import { exchangeWarnings } from './exchange.ts';
import { claimedFlagState, distinctFlags } from './legal-basis.ts';

// contract.md, "Warnings": every code the desk may raise (MESSAGE_NOT_DELIVERED belongs to the exchange).
export const WARNING_CODES = [
  'POSSIBLE_FALSE_FLAG',
  'INVALID_IMO_NUMBER',
  'INVALID_MMSI',
  'MULTIPLE_FLAGS',
  'OUTSIDE_OFFICE_HOURS',
  'REPLY_DEADLINE_NEAR',
  'DANGER_FACTORS_WITH_PHASE_NONE',
  'FORCE_USED',
  'NO_STATE_PROFILE',
  'COASTAL_STATE_CONSENT_ALSO_NEEDED',
  'DESIGNATION_LAPSED',
  'DESIGNATION_NOT_USABLE',
  'MESSAGE_NOT_DELIVERED',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  message: string;
  basis?: string[];
}

export interface VesselChecks {
  parseMmsi(mmsi: string): { valid: boolean; flagHint?: string; reason?: string };
  isValidImo(imo: string): boolean;
}

const REPLY_DEADLINES = new Set(['registry-reply', 'authorisation-reply', 'answer-request']);

export function deriveWarnings(ctx: CaseContext, checks: VesselChecks | undefined): Warning[] {
  const out: Warning[] = [];
  const v = ctx.vessel;
  if (checks && v.imo !== undefined && !checks.isValidImo(v.imo)) {
    out.push({ code: 'INVALID_IMO_NUMBER', message: `IMO number ${v.imo} fails its check digit.` });
  }
  if (checks && v.mmsi !== undefined) {
    const m = checks.parseMmsi(v.mmsi);
    if (!m.valid) {
      out.push({
        code: 'INVALID_MMSI',
        message: `MMSI ${v.mmsi} is not valid${m.reason ? `: ${m.reason}` : ''}.`,
      });
    } else {
      const claimed = v.flag ?? v.registryClaimed ?? undefined;
      if (m.flagHint && claimed && m.flagHint !== claimed) {
        out.push({
          code: 'POSSIBLE_FALSE_FLAG',
          message: `The MMSI's MID points to ${m.flagHint} but the vessel shows or claims ${claimed}; the request still goes to ${claimed}. An MMSI is a hint, never proof of registry.`,
          basis: [B.somFlagRequest],
        });
      }
    }
  }
  if (v.flag && v.registryClaimed && v.flag !== v.registryClaimed) {
    out.push({
      code: 'POSSIBLE_FALSE_FLAG',
      message: `The vessel shows the flag of ${v.flag} but its registry is claimed in ${v.registryClaimed}; registration decides nationality, so the request goes to ${v.registryClaimed}.`,
      basis: [B.unclosRegistration, B.somFlagRequest],
    });
  }
  const flags = distinctFlags(v.flagsUsed);
  if (flags.length >= 2) {
    out.push({
      code: 'MULTIPLE_FLAGS',
      message: `The vessel sails under ${flags.join(' and ')}: assimilated to a ship without nationality.`,
      basis: [B.unclosTwoFlags, B.somStateless],
    });
  }
  if (ctx.flagState.officeHoursWarning) {
    out.push({
      code: 'OUTSIDE_OFFICE_HOURS',
      message: ctx.flagState.officeHoursWarning,
      basis: [B.somCentralAuthority],
    });
  }
  const pending = ctx.deadlines.filter((d) => REPLY_DEADLINES.has(d.about));
  const near = pending.find((d) => !ctx.deadlines.some((w) => w.of === d.id));
  if (near) {
    out.push({
      code: 'REPLY_DEADLINE_NEAR',
      message: `The reply deadline (${near.about}) falls at ${near.dueAt}.`,
      basis: [B.somExpeditious],
    });
  }
  if (ctx.distress.reassessNeeded) {
    out.push({
      code: 'DANGER_FACTORS_WITH_PHASE_NONE',
      message: `Danger factors were recorded (${ctx.distress.factors.join(', ')}) with phase none: reassess.`,
      basis: [B.eu656Distress, B.sarPhases],
    });
  }
  if (ctx.enforcement.forceUsed) {
    out.push({
      code: 'FORCE_USED',
      message: 'Force was used: only what is reasonable and necessary; it is reviewed.',
      basis: [B.somSafeguardsPersons, B.saiga],
    });
  }
  const pos = ctx.placeOfSafety;
  if (pos.designated && !pos.disembarked && !designationUsable(ctx)) {
    const d = pos.designated;
    const declined = pos.declined.includes(d.country);
    out.push(
      d.usableWhenDesignated
        ? {
            code: 'DESIGNATION_LAPSED',
            message: `The designation of ${d.port ? `${d.port}, ` : ''}${d.country} lapsed: ${declined ? `${d.country} declined disembarkation` : `${d.country} is now excluded or unassessed for these persons`}; a new place of safety is sought.`,
            basis: [B.somNonRefoulement, B.msc167Refoulement],
          }
        : {
            code: 'DESIGNATION_NOT_USABLE',
            message: `The ${d.by}'s designation of ${d.country} is recorded but cannot be followed: nobody is disembarked there while it is excluded or unassessed.`,
            basis: [B.somNonRefoulement, B.msc167Refoulement, B.hirsiKnew],
          },
    );
  }
  const third = thirdTerritorialStates(ctx);
  const granting =
    (ctx.kind === 'interception' && ctx.flagState.grantedScopes.length > 0) ||
    (ctx.incoming?.answer?.scopes.length ?? 0) > 0;
  if (granting && third.length > 0) {
    out.push({
      code: 'COASTAL_STATE_CONSENT_ALSO_NEEDED',
      message: `The vessel is in the territorial sea of ${third.join(', ')}: the flag State's authorisation does not reach there without that State's consent.`,
      basis: [B.unclosSovereignty, B.somFlagRequest, 'SoM art. 9(3)(a)'],
    });
  }
  const consulted = new Set<string>();
  if (ctx.kind === 'interception') consulted.add(ctx.interceptingState);
  const flag = ctx.flagState.notifiedState ?? claimedFlagState(ctx);
  if (flag) consulted.add(flag);
  if (ctx.incoming) consulted.add(ctx.incoming.ownState);
  const missing = [...consulted].filter((s) => !ctx.setting.states[s]).sort();
  if (missing.length > 0) {
    out.push({
      code: 'NO_STATE_PROFILE',
      message: `No profile for ${missing.join(', ')}: treated as a Protocol party with a 4-hour reply target, no contiguous zone and no agreements.`,
      basis: [B.somCentralAuthority],
    });
  }
  out.push(...exchangeWarnings(ctx));
  return out;
}

// The States whose territorial sea the vessel is in, other than the flag State and the State acting or asking.
function thirdTerritorialStates(ctx: CaseContext): string[] {
  if (ctx.zone.zone !== 'territorial-sea') return [];
  const flag = ctx.incoming ? ctx.incoming.ownState : claimedFlagState(ctx);
  const acting = ctx.incoming ? ctx.incoming.from : ctx.interceptingState;
  return ctx.zone.states.filter((s) => s !== flag && s !== acting);
}
