// Required actions, derived from the case's facts (contract.md, "Required actions"), never stored.
// Each rule below is the table's "opens" and "closes" columns; the basis is what the desk shows beside it.
// The vocabulary is in action-codes.ts; the actions for persons and places of safety in persons-actions.ts.
import {
  ACTION_CODES,
  type ActionCode,
  type Add,
  dueAfter,
  type Priority,
  type RequiredAction,
} from './action-codes.ts';
import { B, LIFE_FIRST, NON_REFOULEMENT } from './citations.ts';
import type { CaseContext } from './context.ts';
import { replyHoursOf } from './context.ts';
import { exchangeActions } from './exchange.ts';
import { escalationBasis, escalationOwed } from './flag-state.ts';
import {
  actingUnitQualified,
  COMPENSATION_BASES,
  claimedFlagState,
  deriveLegalBasis,
  flagStepBasis,
  foreignContiguousStates,
  groundsRecorded,
  inDistress,
  nationalityOf,
  needsFlagStateConsent,
} from './legal-basis.ts';
import { personsActions, placeActions } from './persons-actions.ts';

const PRIORITY_RANK: Record<Priority, number> = { life: 0, legal: 1, admin: 2 };

function sortActions(actions: RequiredAction[]): RequiredAction[] {
  const order = (code: string) => ACTION_CODES.indexOf(code as ActionCode);
  return actions.sort((a, b) => {
    // Invariant 3: while open, RENDER_ASSISTANCE is first.
    if (a.code === 'RENDER_ASSISTANCE') return -1;
    if (b.code === 'RENDER_ASSISTANCE') return 1;
    const p = PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
    if (p !== 0) return p;
    if (a.dueAt && b.dueAt && a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
    if (a.dueAt && !b.dueAt) return -1;
    if (!a.dueAt && b.dueAt) return 1;
    return order(a.code) - order(b.code);
  });
}

export function deriveRequiredActions(ctx: CaseContext): RequiredAction[] {
  const out: RequiredAction[] = [];
  const add = (a: Omit<RequiredAction, 'blocking'> & { blocking?: boolean }) =>
    out.push({ ...a, blocking: a.blocking ?? false });
  // a closed case owes nothing more, except a message to another State that never reached it
  if (ctx.closed) {
    exchangeActions(ctx, add);
    return out;
  }

  if (ctx.kind === 'incoming-request') {
    incomingActions(ctx, add);
  } else {
    interceptionActions(ctx, add);
  }
  exchangeActions(ctx, add);
  for (const inc of ctx.incidents) {
    if (!inc.reviewed) {
      add({
        code: 'REVIEW_LEGAL_INCIDENT',
        title: `Review legal incident ${inc.id} (${inc.event}: ${inc.reason})`,
        basis: inc.category === 'possible-fundamental-rights-violation' ? [...NON_REFOULEMENT] : inc.basis,
        role: 'authority',
        priority: 'legal',
        blocking: true,
      });
      break;
    }
  }
  if (!out.some((a) => a.blocking)) {
    add({
      code: 'CLOSE_CASE',
      title: 'Close the case: nothing blocking remains',
      basis: [B.somCentralAuthority],
      role: 'authority',
      priority: 'admin',
    });
  }
  return sortActions(out);
}

function incomingActions(ctx: CaseContext, add: Add): void {
  const inc = ctx.incoming!;
  if (!inc.registerChecked) {
    add({
      code: 'CHECK_NATIONAL_REGISTER',
      title: `Check the national register for the vessel named by ${inc.from}`,
      basis: [B.somExpeditious, B.somCentralAuthority],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
  }
  if (!inc.answered) {
    add({
      code: 'ANSWER_REQUEST',
      title: `Answer ${inc.from}'s request expeditiously (${inc.asks.join(', ')})`,
      basis: inc.asks.some((a) => a !== 'registry')
        ? [B.somExpeditious, B.somConditions]
        : [B.somExpeditious],
      role: 'authority',
      priority: 'legal',
      dueAt: dueAfter(inc.receivedAt, replyHoursOf(ctx, inc.ownState)),
      blocking: true,
    });
  }
}

function interceptionActions(ctx: CaseContext, add: Add): void {
  safetyActions(ctx, add);
  flagStateActions(ctx, add);
  enforcementActions(ctx, add);
  personsActions(ctx, add);
  placeActions(ctx, add);
}

// Safety of life (SAR Convention phases; life before every enforcement aim).
function safetyActions(ctx: CaseContext, add: Add): void {
  const d = ctx.distress;
  const lb = deriveLegalBasis(ctx);
  if (d.phase === null || d.reassessNeeded) {
    add({
      code: 'ASSESS_SAFETY_OF_LIFE',
      title: d.reassessNeeded
        ? 'Reassess the distress phase: danger factors were recorded with phase none, or the SAR case closed while the last assessment was distress'
        : 'Assess the safety of life on board (none, uncertainty, alert, distress)',
      basis: [B.sarPhases, B.unclosAssistance, B.eu656Distress],
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
  }
  const rendering = d.dangerOpen && d.distressDeclared && !d.assistanceRefused;
  if (rendering) {
    add({
      code: 'RENDER_ASSISTANCE',
      title: 'Render assistance to persons in distress: rescue comes before any enforcement step',
      basis: [...LIFE_FIRST],
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
  }
  if (d.rccOwed) {
    const rcc = d.coordinatingRcc ?? d.rcc;
    add({
      code: 'NOTIFY_RCC',
      title: d.assistanceRefused
        ? `Tell ${rcc ?? 'the responsible RCC'} that assistance was refused, and keep the unit at its disposal`
        : `Transmit all information to ${rcc ?? 'the responsible RCC'} (the phase is now ${d.phase}) and put the unit at its disposal`,
      basis: [B.solasAssistance, B.sarPhases, B.sarCoordination, B.eu656Distress],
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
  }
  // The watch: a life action while the danger is open and no rescue is under way; otherwise, while consent is
  // awaited, a legal one that closes on consent.
  const lifeWatch = d.dangerOpen && !rendering;
  const consentWatch =
    (needsFlagStateConsent(lb.code) || lb.code === 'foreign-coastal-state-consent') &&
    lb.permits.length === 0;
  if (lifeWatch || consentWatch) {
    add({
      code: 'MONITOR_AT_DISTANCE',
      title: lifeWatch
        ? d.assistanceRefused
          ? 'Assistance was refused: keep watch, do nothing that aggravates the danger, be ready to render assistance'
          : 'Alert phase: keep watch and be ready to render assistance'
        : 'Keep watch at a prudent distance; no measure without consent except to save life',
      basis: lifeWatch
        ? [B.unclosAssistance, B.solasAssistance, B.sarRefusal, B.eu656Distress]
        : [...flagStepBasis(ctx, [B.somConditions]), B.eu656HighSeas],
      role: 'operator',
      priority: lifeWatch ? 'life' : 'legal',
      blocking: lifeWatch,
    });
  }
}

// The flag-State procedure (SoM art. 8(2)-(4), or UNCLOS art. 92(1) where either State is not a party).
function flagStateActions(ctx: CaseContext, add: Add): void {
  const fs = ctx.flagState;
  const lb = deriveLegalBasis(ctx);
  const flag = fs.notifiedState ?? claimedFlagState(ctx);
  if (!groundsRecorded(ctx)) {
    add({
      code: 'RECORD_GROUNDS',
      title: 'Record the reasonable grounds for suspecting migrant smuggling: no boarding before them',
      basis: [B.somFlagRequest, B.somStateless, B.unclosVisit],
      role: 'operator',
      priority: 'legal',
    });
  }
  if (nationalityOf(ctx).status === 'undetermined') {
    add({
      code: 'IDENTIFY_VESSEL',
      title: 'Identify the vessel: flag shown, registry claimed, name, IMO number, MMSI',
      basis: [B.somFlagRequest, B.somStateless, B.unclosVisitStateless, B.unclosVisitExamination],
      role: 'operator',
      priority: 'legal',
    });
  }
  if (needsFlagStateConsent(lb.code) && !fs.notifiedAt && lb.permits.length === 0) {
    const asked =
      fs.inquiries.length > 0 ? ` (${fs.inquiries.join(', ')} was asked only about the registry)` : '';
    add({
      code: 'NOTIFY_FLAG_STATE',
      title: `Notify ${lb.state ?? 'the flag State'} and request confirmation of registry${asked}`,
      basis: lb.code === 'consent-under-general-law' ? [B.unclosExclusiveFlag] : [B.somFlagRequest],
      role: 'authority',
      priority: 'legal',
    });
  }
  const registryOpen = fs.registry === null && fs.reply === null;
  if (fs.notifiedAt && registryOpen) {
    add({
      code: 'AWAIT_REGISTRY_REPLY',
      title: `Await ${flag ?? 'the flag State'}'s reply on registry`,
      basis: flagStepBasis(ctx, [B.somFlagRequest, B.somExpeditious]),
      role: 'authority',
      priority: 'legal',
      dueAt: dueAfter(fs.notifiedAt, replyHoursOf(ctx, flag)),
    });
  }
  if (fs.notifiedAt && !fs.authorisationRequestedAt && fs.registry !== 'refuted' && fs.reply === null) {
    add({
      code: 'REQUEST_AUTHORISATION',
      title: `Request authorisation from ${flag ?? 'the flag State'} to board, search and take measures`,
      basis: flagStepBasis(ctx, [B.somFlagRequest]),
      role: 'authority',
      priority: 'legal',
    });
  }
  if (fs.authorisationPending && fs.registry !== 'refuted') {
    add({
      code: 'AWAIT_AUTHORISATION',
      title: `Await ${flag ?? 'the flag State'}'s reply on authorisation (${fs.requestedScopes.join(', ')})`,
      basis: flagStepBasis(ctx, [B.somFlagRequest, B.somExpeditious]),
      role: 'authority',
      priority: 'legal',
      dueAt: dueAfter(fs.authorisationRequestedAt, replyHoursOf(ctx, flag)),
    });
  }
  if (escalationOwed(ctx)) {
    add({
      code: 'ESCALATE_OVERDUE_REPLY',
      title: `${flag ?? 'The flag State'} has not answered by the deadline: escalate to its central authority`,
      basis: escalationBasis(ctx),
      role: 'authority',
      priority: 'legal',
    });
  }
  if (lb.code === 'foreign-coastal-state-consent' && lb.permits.length === 0) {
    add({
      code: 'REQUEST_COASTAL_STATE_CONSENT',
      title: `Request the consent of ${lb.state ?? 'the coastal State'}: the vessel is in its territorial sea`,
      basis: [B.unclosSovereignty, B.somCoastalRights],
      role: 'authority',
      priority: 'legal',
    });
  }
  const toInform = foreignContiguousStates(ctx).filter((s) => !ctx.coastal.informed.includes(s));
  if (toInform.length > 0) {
    add({
      code: 'INFORM_COASTAL_STATE',
      title: `Inform ${toInform.join(', ')}: the vessel is in its contiguous zone`,
      basis: [B.unclosContiguous, B.somCoastalRights, B.eu656Contiguous],
      role: 'authority',
      priority: 'admin',
    });
  }
}

// Boarding, search, measures and what they leave owed. The guidance never offers what the law refuses now: an
// action that invites an act is listed only while the act would be applied.
function enforcementActions(ctx: CaseContext, add: Add): void {
  const fs = ctx.flagState;
  const e = ctx.enforcement;
  const lb = deriveLegalBasis(ctx);
  const mayAct = !inDistress(ctx) && actingUnitQualified(ctx);
  if (mayAct && groundsRecorded(ctx) && lb.permits.includes('board') && !e.boarded) {
    add({
      code: 'BOARD_VESSEL',
      title:
        lb.code === 'undetermined'
          ? 'Board to verify nationality only: the documents, then, if suspicion remains, an examination confined to nationality'
          : 'Board the vessel (permitted now)',
      basis: lb.basis,
      role: 'operator',
      priority: 'legal',
    });
  }
  if ((e.boarded || e.rescueBoarding) && !e.safeguardsRecorded) {
    add({
      code: 'APPLY_SAFEGUARDS',
      title: 'Record the safeguards: safety and humane treatment of persons, vessel, interests, environment',
      basis: [B.somSafeguards, B.saiga],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
  if (mayAct && e.boarded && lb.permits.includes('search') && !e.searched) {
    add({
      code: 'SEARCH_VESSEL',
      title: 'Search the vessel (permitted now)',
      basis: lb.basis,
      role: 'operator',
      priority: 'legal',
    });
  }
  if (
    mayAct &&
    e.evidenceFound === true &&
    lb.permits.includes('measures') &&
    !e.measuresTaken &&
    !e.released
  ) {
    add({
      code: 'TAKE_AUTHORISED_MEASURES',
      title: 'Take the authorised measures, or release the vessel',
      basis: [...new Set([...lb.basis, ...lb.measureWays.flatMap((w) => w.basis)])],
      role: 'operator',
      priority: 'legal',
    });
  }
  // The conditions bind the acts done under the grant (SoM art. 8(2), 8(5)): once the unit boarded under it,
  // they keep binding after a withdrawal, until the case closes; a grant withdrawn before anything was done
  // leaves nothing for them to bind.
  if (fs.conditions.length > 0 && (fs.grantedScopes.length > 0 || e.boarded)) {
    add({
      code: 'COMPLY_WITH_CONDITIONS',
      title: `Comply with the flag State's conditions: ${fs.conditions.map((c) => c.kind).join(', ')}`,
      basis: flagStepBasis(ctx, [B.somConditions]),
      role: 'operator',
      priority: 'legal',
    });
  }
  for (const owed of e.reportsOwed) {
    add({
      code: 'REPORT_RESULTS_TO_FLAG_STATE',
      title: `Inform ${owed.state} promptly of the results of what was done under its consent since ${owed.since}`,
      basis: flagStepBasis(ctx, [B.somReportResults], owed.state),
      role: 'authority',
      priority: 'legal',
      dueAt: owed.dueAt,
      blocking: true,
    });
    break;
  }
  if (compensationOwed(ctx)) {
    add({
      code: 'ASSESS_COMPENSATION',
      title:
        'The boarding turned up nothing: assess loss or damage, and whether the vessel’s conduct justified the measures',
      basis: ctx.enforcement.stoppedAfterUnlawfulPursuit
        ? [B.unclosHotPursuitCompensation]
        : [...flagStepBasis(ctx, [B.somCompensation]), B.unclosVisitCompensation],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
  }
  if (e.detained && !e.detentionReviewed) {
    const landed = ctx.placeOfSafety.disembarked?.at;
    add({
      code: 'BRING_BEFORE_JUDICIAL_AUTHORITY',
      title: 'Bring the detained persons promptly before a judicial authority (within 48 hours of landing)',
      basis: [B.echrLiberty, B.medvedyev, B.aliSamatar, B.iccprDetention],
      role: 'authority',
      priority: 'legal',
      dueAt: landed ? dueAfter(landed, 48) : undefined,
      blocking: true,
    });
  }
}

// Art. 9(2); UNCLOS arts 110(3), 111(8): a vessel boarded on rows 6-11 and searched or released with nothing
// found, or stopped after a pursuit that was not lawful, is assessed for compensation. Whether its own conduct
// justified the measures is the authority's finding (COMPENSATION_ASSESSED.conductJustified).
export function compensationOwed(ctx: CaseContext): boolean {
  const e = ctx.enforcement;
  if (e.compensationAssessed) return false;
  const nothingFound = (e.searched && e.evidenceFound === false) || (e.released && e.evidenceFound !== true);
  if (e.boarded && e.boardedUnder && COMPENSATION_BASES.has(e.boardedUnder) && nothingFound) return true;
  return e.stoppedAfterUnlawfulPursuit;
}
