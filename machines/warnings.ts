// Warnings shown with the case (contract.md, "Warnings"): facts that do not refuse anything but that a duty
// officer must see.
import { B } from './citations.ts';
import type { CaseContext } from './context.ts';
import { claimedFlagState, distinctFlags } from './legal-basis.ts';

export interface Warning {
  code: string;
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
  return out;
}
