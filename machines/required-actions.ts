// Required actions, derived from the case's facts (contract.md, "Required actions"), never stored.
// Each rule below is the table's "opens" and "closes" columns; the basis is what the desk shows beside it.
import { addHours } from 'date-fns';
import { B, LIFE_FIRST, NON_REFOULEMENT, THIRD_COUNTRY_HEARD } from './citations.ts';
import type { CaseContext } from './context.ts';
import { replyHoursOf } from './context.ts';
import { designationUsable, destinationFailures, isThirdCountry, safeguardsMissing } from './destinations.ts';
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
import type { ReferralAbout } from './schemas.ts';

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
  // other actions that must close before this one's step would be applied
  waitsFor?: string[];
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
  'REFER_UNACCOMPANIED_CHILDREN',
  'REFER_TRAFFICKING_INDICATORS',
  'ARRANGE_MEDICAL_CARE',
  'SEARCH_FOR_MISSING',
  'RECORD_DECEASED',
  'BRING_BEFORE_JUDICIAL_AUTHORITY',
  'SEND_BY_OTHER_MEANS',
  'INFORM_PERSONS',
  'ASSESS_OBJECTIONS',
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
  SAR_CASE_CLOSED: ['RENDER_ASSISTANCE', 'MONITOR_AT_DISTANCE', 'SEARCH_FOR_MISSING'],
  REFERRAL_MADE: [
    'REFER_UNACCOMPANIED_CHILDREN',
    'REFER_TRAFFICKING_INDICATORS',
    'ARRANGE_MEDICAL_CARE',
    'SEARCH_FOR_MISSING',
    'RECORD_DECEASED',
  ],
  DETENTION_REVIEWED: ['BRING_BEFORE_JUDICIAL_AUTHORITY'],
  OBJECTIONS_ASSESSED: ['ASSESS_OBJECTIONS'],
  SENT_BY_OTHER_MEANS: ['SEND_BY_OTHER_MEANS'],
  PERSONS_HANDED_OVER: ['IDENTIFY_PLACE_OF_SAFETY', 'DISEMBARK'],
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

// The event that does what a referral action asks, with its `about` (contract.md, REFERRAL_MADE).
export const REFERRAL_FOR: Partial<Record<ActionCode, ReferralAbout>> = {
  REFER_UNACCOMPANIED_CHILDREN: 'unaccompanied-children',
  REFER_TRAFFICKING_INDICATORS: 'trafficking',
  ARRANGE_MEDICAL_CARE: 'medical',
  SEARCH_FOR_MISSING: 'missing-persons',
  RECORD_DECEASED: 'deceased',
};

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
  const overdueRegistry = fs.overdue.registry && registryOpen;
  const overdueAuthorisation = fs.overdue.authorisation && fs.authorisationPending;
  if (overdueRegistry || overdueAuthorisation) {
    add({
      code: 'ESCALATE_OVERDUE_REPLY',
      title: `${flag ?? 'The flag State'} has not answered by the deadline: escalate to its central authority`,
      basis: flagStepBasis(ctx, [B.somExpeditious, B.somCentralAuthority]),
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
  if (fs.conditions.length > 0 && fs.grantedScopes.length > 0) {
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

const REFERRALS: Array<{
  about: ReferralAbout;
  code: ActionCode;
  title: string;
  basis: string[];
  role: ActionRole;
  priority: Priority;
}> = [
  {
    about: 'unaccompanied-children',
    code: 'REFER_UNACCOMPANIED_CHILDREN',
    title: 'Refer the unaccompanied or separated children to child protection; a guardian is owed',
    basis: [B.crc, B.crcCare, B.ffaProtection16],
    role: 'authority',
    priority: 'legal',
  },
  {
    about: 'trafficking',
    code: 'REFER_TRAFFICKING_INDICATORS',
    title: 'Refer the indicators of trafficking for identification and assistance of victims',
    basis: [B.trafficking],
    role: 'authority',
    priority: 'legal',
  },
  {
    about: 'medical',
    code: 'ARRANGE_MEDICAL_CARE',
    title: 'Arrange medical care or evacuation for persons needing urgent care',
    basis: [B.unclosAssistance, B.solasAssistance],
    role: 'operator',
    priority: 'life',
  },
  {
    about: 'missing-persons',
    code: 'SEARCH_FOR_MISSING',
    title: 'Search for the missing persons with the RCC',
    basis: [B.unclosAssistance, B.sarCoordination],
    role: 'operator',
    priority: 'life',
  },
  {
    about: 'deceased',
    code: 'RECORD_DECEASED',
    title: 'Record and identify the deceased; their deaths are accounted for',
    basis: [B.iccprLife],
    role: 'authority',
    priority: 'admin',
  },
];

function personsActions(ctx: CaseContext, add: Add): void {
  const e = ctx.enforcement;
  const p = ctx.persons;
  const withPersons = ctx.personsOnBoard !== 0;
  // persons under the unit's control are screened as after a rescue (SoM art. 9(1)(a); Hirsi §81)
  const screenNeeded = p.takenOnBoard || p.underControl || ((e.boarded || e.rescueBoarding) && withPersons);
  if (!p.screened && screenNeeded) {
    // screening gates a move to a third country still awaited (domain.md, persons told and heard)
    const gates = pendingThirdCountry(ctx) !== undefined;
    add({
      code: 'SCREEN_PERSONS',
      title:
        'Count and screen persons: children, unaccompanied children, women, medical needs, missing, deceased, trafficking indicators',
      basis: [B.somWomenChildren, B.crc, B.eu656Screening, B.msc167Screening],
      role: 'operator',
      priority: 'legal',
      blocking: gates,
    });
  }
  for (const r of REFERRALS) {
    if (p.referralsOwed.includes(r.about)) {
      add({
        code: r.code,
        title: r.title,
        basis: r.basis,
        role: r.role,
        priority: r.priority,
        blocking: true,
      });
    }
  }
  if (p.informOwed) {
    add({
      code: 'INFORM_PERSONS',
      title: `Inform persons of the intended destination (${p.informOwed.port ? `${p.informOwed.port}, ` : ''}${p.informOwed.country}) in a language they understand${isThirdCountry(ctx, p.informOwed.country) ? ', and hear their objections' : ''}`,
      basis: isThirdCountry(ctx, p.informOwed.country)
        ? [...THIRD_COUNTRY_HEARD]
        : [B.eu656Information, B.hirsi],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
  const unresolved = Object.entries(p.objections).filter(([, s]) => s === 'unresolved');
  if (unresolved.length > 0) {
    add({
      code: 'ASSESS_OBJECTIONS',
      title: `Assess the persons' objections against ${unresolved.map(([c]) => c).join(', ')} individually`,
      basis: [...THIRD_COUNTRY_HEARD, B.somNonRefoulement],
      role: 'authority',
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
}

// The third country persons are about to be taken to, where one is designated and awaits their safeguards.
function pendingThirdCountry(ctx: CaseContext): string | undefined {
  const d = ctx.placeOfSafety.designated;
  if (!d || ctx.placeOfSafety.disembarked || !isThirdCountry(ctx, d.country)) return undefined;
  return safeguardsMissing(ctx, d.country, 'disembark').length > 0 ? d.country : undefined;
}

function placeActions(ctx: CaseContext, add: Add): void {
  const p = ctx.persons;
  const pos = ctx.placeOfSafety;
  const needed = p.takenOnBoard || p.underControl;
  const done = !!pos.disembarked || (p.handedOver?.all === true && p.handedOver.lawful);
  if (!needed || done) return;
  const usable = designationUsable(ctx);
  if (!usable) {
    add({
      code: 'IDENTIFY_PLACE_OF_SAFETY',
      title: pos.designated
        ? `The designation of ${pos.designated.country} cannot be followed: obtain a new place of safety (not a place where anyone risks refoulement)`
        : 'Obtain the designation of a place of safety (not a place where anyone risks refoulement)',
      basis: [B.solasPlaceOfSafety, B.sarPlaceOfSafety, B.msc167PlaceOfSafety, B.msc167Refoulement],
      role: 'authority',
      priority: 'life',
      blocking: true,
    });
    return;
  }
  const d = pos.designated!;
  // A third country waits for the persons' safeguards (told and heard; screened unless after a rescue): the
  // action says what it waits for, and those actions are open and blocking meanwhile.
  const waiting = destinationFailures(ctx, d.country, 'disembark').length > 0;
  const heard = p.informed.some((i) => i.country === d.country && i.objectionsHeard);
  const waitsFor: ActionCode[] = [];
  if (waiting && !heard) waitsFor.push('INFORM_PERSONS');
  if (waiting && !p.screened && !p.rescued) waitsFor.push('SCREEN_PERSONS');
  add({
    code: 'DISEMBARK',
    title: `Disembark swiftly at the designated place of safety (${d.port ? `${d.port}, ` : ''}${d.country})${waitsFor.length > 0 ? ', once persons are told of it and heard' : ''}`,
    basis: [B.solasPlaceOfSafety, B.msc167PlaceOfSafety],
    role: 'operator',
    priority: 'life',
    blocking: true,
    ...(waitsFor.length > 0 ? { waitsFor } : {}),
  });
  if (waitsFor.includes('INFORM_PERSONS') && !p.informOwed) {
    // told of another destination, or told without being heard: tell them of this one and hear them
    add({
      code: 'INFORM_PERSONS',
      title: `Inform persons of the designated place (${d.country}) in a language they understand, and hear their objections`,
      basis: [...THIRD_COUNTRY_HEARD],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
}
