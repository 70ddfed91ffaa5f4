// Required actions, derived from the case's facts (contract.md, "Required actions"), never stored.
// Each rule below is the table's "opens" and "closes" columns; the basis is what the desk shows beside it.
import { addHours } from 'date-fns';
import { B, LIFE_FIRST, NON_REFOULEMENT } from './citations.ts';
import type { CaseContext } from './context.ts';
import { replyHoursOf } from './context.ts';
import {
  claimedFlagState,
  deriveLegalBasis,
  foreignContiguousStates,
  nationalityOf,
  needsFlagStateConsent,
} from './legal-basis.ts';

export type Priority = 'life' | 'legal' | 'admin';
export type ActionRole = 'operator' | 'authority';

export interface RequiredAction {
  code: string;
  title: string;
  basis: string[];
  role: ActionRole;
  priority: Priority;
  dueAt?: string;
  blocking: boolean;
}

// The contract's table order breaks ties.
export const ACTION_CODES = [
  'ASSESS_SAFETY_OF_LIFE',
  'RENDER_ASSISTANCE',
  'NOTIFY_RCC',
  'MONITOR_AT_DISTANCE',
  'RECORD_GROUNDS',
  'IDENTIFY_VESSEL',
  'NOTIFY_FLAG_STATE',
  'AWAIT_REGISTRY_REPLY',
  'REQUEST_AUTHORISATION',
  'AWAIT_AUTHORISATION',
  'ESCALATE_OVERDUE_REPLY',
  'REQUEST_COASTAL_STATE_CONSENT',
  'INFORM_COASTAL_STATE',
  'BOARD_VESSEL',
  'APPLY_SAFEGUARDS',
  'SEARCH_VESSEL',
  'TAKE_AUTHORISED_MEASURES',
  'COMPLY_WITH_CONDITIONS',
  'REPORT_RESULTS_TO_FLAG_STATE',
  'ASSESS_COMPENSATION',
  'SCREEN_PERSONS',
  'INFORM_PERSONS',
  'REFER_PROTECTION_CLAIMS',
  'NOTIFY_CONSULAR_RIGHTS',
  'IDENTIFY_PLACE_OF_SAFETY',
  'DISEMBARK',
  'REVIEW_LEGAL_INCIDENT',
  'CHECK_NATIONAL_REGISTER',
  'ANSWER_REQUEST',
  'CLOSE_CASE',
] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

// Which required actions an event closes (contract.md, the "closes" column): what a trainee's choice is
// measured against, and what the console offers beside each action.
export const CLOSED_BY: Partial<Record<string, ActionCode[]>> = {
  DISTRESS_ASSESSED: ['ASSESS_SAFETY_OF_LIFE'],
  RESCUE_COMPLETED: ['RENDER_ASSISTANCE', 'MONITOR_AT_DISTANCE'],
  ASSISTANCE_REFUSED: ['RENDER_ASSISTANCE'],
  RCC_NOTIFIED: ['NOTIFY_RCC'],
  SUSPICION_RECORDED: ['RECORD_GROUNDS'],
  VESSEL_IDENTIFIED: ['IDENTIFY_VESSEL'],
  FLAG_STATE_NOTIFIED: ['NOTIFY_FLAG_STATE'],
  REGISTRY_CONFIRMED: ['AWAIT_REGISTRY_REPLY', 'ESCALATE_OVERDUE_REPLY'],
  REGISTRY_REFUTED: ['AWAIT_REGISTRY_REPLY', 'ESCALATE_OVERDUE_REPLY'],
  AUTHORISATION_REQUESTED: ['REQUEST_AUTHORISATION'],
  AUTHORISATION_GRANTED: ['AWAIT_AUTHORISATION', 'ESCALATE_OVERDUE_REPLY', 'MONITOR_AT_DISTANCE'],
  AUTHORISATION_REFUSED: ['AWAIT_AUTHORISATION', 'ESCALATE_OVERDUE_REPLY'],
  FLAG_STATE_WILL_ACT: ['AWAIT_REGISTRY_REPLY', 'AWAIT_AUTHORISATION', 'ESCALATE_OVERDUE_REPLY'],
  COASTAL_STATE_CONSENTED: ['REQUEST_COASTAL_STATE_CONSENT', 'MONITOR_AT_DISTANCE'],
  COASTAL_STATE_INFORMED: ['INFORM_COASTAL_STATE'],
  BOARDING_STARTED: ['BOARD_VESSEL'],
  SAFEGUARDS_RECORDED: ['APPLY_SAFEGUARDS'],
  SEARCH_COMPLETED: ['SEARCH_VESSEL'],
  MEASURES_TAKEN: ['TAKE_AUTHORISED_MEASURES'],
  VESSEL_RELEASED: ['TAKE_AUTHORISED_MEASURES'],
  RESULTS_REPORTED: ['REPORT_RESULTS_TO_FLAG_STATE'],
  COMPENSATION_ASSESSED: ['ASSESS_COMPENSATION'],
  PERSONS_SCREENED: ['SCREEN_PERSONS'],
  PERSONS_INFORMED: ['INFORM_PERSONS'],
  PROTECTION_CLAIMS_REFERRED: ['REFER_PROTECTION_CLAIMS'],
  CONSULAR_RIGHTS_NOTIFIED: ['NOTIFY_CONSULAR_RIGHTS'],
  PLACE_OF_SAFETY_DESIGNATED: ['IDENTIFY_PLACE_OF_SAFETY'],
  DISEMBARKATION_COMPLETED: ['DISEMBARK'],
  INCIDENT_REVIEWED: ['REVIEW_LEGAL_INCIDENT'],
  REGISTER_CHECKED: ['CHECK_NATIONAL_REGISTER'],
  REQUEST_ANSWERED: ['ANSWER_REQUEST'],
  CASE_CLOSED: ['CLOSE_CASE'],
};

const PRIORITY_RANK: Record<Priority, number> = { life: 0, legal: 1, admin: 2 };

function dueAfter(at: string | undefined, hours: number): string | undefined {
  return at ? addHours(new Date(at), hours).toISOString() : undefined;
}

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
  if (ctx.closed) return [];
  const out: RequiredAction[] = [];
  const add = (a: Omit<RequiredAction, 'blocking'> & { blocking?: boolean }) =>
    out.push({ ...a, blocking: a.blocking ?? false });

  if (ctx.kind === 'incoming-request') {
    incomingActions(ctx, add);
  } else {
    interceptionActions(ctx, add);
  }
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

type Add = (a: Omit<RequiredAction, 'blocking'> & { blocking?: boolean }) => void;

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
  const d = ctx.distress;
  const fs = ctx.flagState;
  const e = ctx.enforcement;
  const p = ctx.persons;
  const lb = deriveLegalBasis(ctx);
  const flag = fs.notifiedState ?? claimedFlagState(ctx);

  // Safety of life (SAR Convention phases; life before every enforcement aim).
  if (d.phase === null || d.reassessNeeded) {
    add({
      code: 'ASSESS_SAFETY_OF_LIFE',
      title: d.reassessNeeded
        ? 'Reassess the distress phase: danger factors were recorded with phase none'
        : 'Assess the safety of life on board (none, uncertainty, alert, distress)',
      basis: [B.sarPhases, B.unclosAssistance, B.eu656Distress],
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
  }
  if (d.distressDeclared && !d.rescued && !d.assistanceRefused) {
    add({
      code: 'RENDER_ASSISTANCE',
      title: 'Render assistance to persons in distress: rescue comes before any enforcement step',
      basis: [...LIFE_FIRST],
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
  }
  if ((d.phase === 'uncertainty' || d.phase === 'alert' || d.phase === 'distress') && !d.rccNotified) {
    add({
      code: 'NOTIFY_RCC',
      title: 'Transmit all information to the responsible RCC and put the unit at its disposal',
      basis: [B.solasAssistance, B.sarPhases, B.eu656Distress],
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
  }
  const awaitingConsent =
    (needsFlagStateConsent(lb.code) || lb.code === 'foreign-coastal-state-consent') &&
    lb.permits.length === 0;
  if ((d.assistanceRefused && !d.rescued) || awaitingConsent) {
    const refused = d.assistanceRefused && !d.rescued;
    add({
      code: 'MONITOR_AT_DISTANCE',
      title: refused
        ? 'Assistance was refused: inform the RCC, keep watch, do nothing that aggravates the danger'
        : 'Keep watch at a prudent distance; no measure without consent except to save life',
      basis: refused ? [B.unclosAssistance, B.solasAssistance] : [B.somConditions, B.eu656HighSeas],
      role: 'operator',
      priority: refused ? 'life' : 'legal',
    });
  }

  // Enforcement: grounds, identity, the flag-State procedure.
  if (ctx.grounds.length === 0) {
    add({
      code: 'RECORD_GROUNDS',
      title: 'Record the reasonable grounds for suspecting migrant smuggling',
      basis: [B.somFlagRequest],
      role: 'operator',
      priority: 'legal',
    });
  }
  if (nationalityOf(ctx).status === 'undetermined') {
    add({
      code: 'IDENTIFY_VESSEL',
      title: 'Identify the vessel: flag shown, registry claimed, name, IMO number, MMSI',
      basis: [B.somFlagRequest, B.somStateless, B.unclosVisitStateless],
      role: 'operator',
      priority: 'legal',
    });
  }
  if (needsFlagStateConsent(lb.code) && !fs.notifiedAt) {
    add({
      code: 'NOTIFY_FLAG_STATE',
      title: `Notify ${lb.state ?? 'the flag State'} and request confirmation of registry`,
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
      basis: [B.somFlagRequest, B.somExpeditious],
      role: 'authority',
      priority: 'legal',
      dueAt: dueAfter(fs.notifiedAt, replyHoursOf(ctx, flag)),
    });
  }
  if (fs.notifiedAt && !fs.authorisationRequestedAt && fs.registry !== 'refuted' && fs.reply === null) {
    add({
      code: 'REQUEST_AUTHORISATION',
      title: `Request authorisation from ${flag ?? 'the flag State'} to board, search and take measures`,
      basis: [B.somFlagRequest],
      role: 'authority',
      priority: 'legal',
    });
  }
  if (fs.authorisationPending && fs.registry !== 'refuted') {
    add({
      code: 'AWAIT_AUTHORISATION',
      title: `Await ${flag ?? 'the flag State'}'s reply on authorisation (${fs.requestedScopes.join(', ')})`,
      basis: [B.somFlagRequest, B.somExpeditious],
      role: 'authority',
      priority: 'legal',
      dueAt: dueAfter(fs.authorisationRequestedAt, replyHoursOf(ctx, flag)),
    });
  }
  const overdueRegistry = fs.overdue.registry && registryOpen;
  const overdueAuthorisation = fs.overdue.authorisation && fs.authorisationPending;
  if (overdueRegistry || overdueAuthorisation) {
    add({
      code: 'ESCALATE_OVERDUE_REPLY',
      title: `${flag ?? 'The flag State'} has not answered by the deadline: escalate to its central authority`,
      basis: [B.somExpeditious, B.somCentralAuthority],
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
  if (lb.permits.includes('board') && !e.boarded) {
    add({
      code: 'BOARD_VESSEL',
      title: 'Board the vessel (permitted now)',
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
  if (e.boarded && lb.permits.includes('search') && !e.searched) {
    add({
      code: 'SEARCH_VESSEL',
      title: 'Search the vessel (permitted now)',
      basis: lb.basis,
      role: 'operator',
      priority: 'legal',
    });
  }
  if (e.evidenceFound === true && lb.permits.includes('measures') && !e.measuresTaken && !e.released) {
    add({
      code: 'TAKE_AUTHORISED_MEASURES',
      title: 'Take the authorised measures, or release the vessel',
      basis: lb.code === 'stateless' ? [B.somStateless] : [...lb.basis, B.somMeasures],
      role: 'operator',
      priority: 'legal',
    });
  }
  if (fs.reply === 'granted' && fs.conditions.length > 0) {
    add({
      code: 'COMPLY_WITH_CONDITIONS',
      title: `Comply with the flag State's conditions: ${fs.conditions.map((c) => c.kind).join(', ')}`,
      basis: [B.somConditions],
      role: 'operator',
      priority: 'legal',
    });
  }
  if (e.actedUnderAuthorisationAt && !e.resultsReported) {
    const within = fs.conditions.find((c) => c.kind === 'report-results-within')?.hours;
    add({
      code: 'REPORT_RESULTS_TO_FLAG_STATE',
      title: `Inform ${flag ?? 'the flag State'} promptly of the results of the measures taken`,
      basis: [B.somReportResults],
      role: 'authority',
      priority: 'legal',
      dueAt: within !== undefined ? dueAfter(e.actedUnderAuthorisationAt, within) : undefined,
      blocking: true,
    });
  }
  if (e.searched && e.evidenceFound === false && !e.compensationAssessed) {
    add({
      code: 'ASSESS_COMPENSATION',
      title: 'The search found nothing: assess loss or damage for compensation',
      basis: [B.somCompensation, B.unclosVisitCompensation],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
  }

  // Persons on board.
  const withPersons = ctx.personsOnBoard !== 0;
  if (!p.screened && (p.takenOnBoard || ((e.boarded || e.rescueBoarding) && withPersons))) {
    add({
      code: 'SCREEN_PERSONS',
      title:
        'Count and screen persons: children, unaccompanied children, women, medical needs, trafficking indicators',
      basis: [B.somWomenChildren, B.crc, B.eu656Screening, B.msc167Screening],
      role: 'operator',
      priority: 'legal',
    });
  }
  if (p.informPending) {
    add({
      code: 'INFORM_PERSONS',
      title: 'Inform persons of the intended destination in a language they understand',
      basis: [B.eu656Information, B.hirsi],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
  if (p.claims.count > 0 && !p.referred) {
    add({
      code: 'REFER_PROTECTION_CLAIMS',
      title: 'Refer the protection claims for determination on land; share nothing with the countries fled',
      basis: [B.somNonRefoulement, B.ffaProtection12, B.exCom97],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
  }
  if (e.detained && !p.consularNotified) {
    add({
      code: 'NOTIFY_CONSULAR_RIGHTS',
      title: 'Tell every detained person without delay of the right to consular notification',
      basis: [B.somConsular, B.vccr],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
  const pos = ctx.placeOfSafety;
  if (p.takenOnBoard && !pos.designated && !pos.disembarked) {
    add({
      code: 'IDENTIFY_PLACE_OF_SAFETY',
      title: 'Obtain the designation of a place of safety (not a place where anyone risks refoulement)',
      basis: [B.solasPlaceOfSafety, B.sarPlaceOfSafety, B.msc167PlaceOfSafety, B.msc167Refoulement],
      role: 'authority',
      priority: 'life',
      blocking: true,
    });
  }
  if (pos.designated && !pos.disembarked) {
    add({
      code: 'DISEMBARK',
      title: `Disembark swiftly at the designated place of safety (${pos.designated.port ? `${pos.designated.port}, ` : ''}${pos.designated.country})`,
      basis: [B.solasPlaceOfSafety, B.msc167PlaceOfSafety],
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
  }
}
