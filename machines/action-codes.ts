// The vocabulary of required actions (contract.md, "Required actions"): their codes in the table's order, the
// events that close them, and the shape every rule adds; the rules themselves are in required-actions.ts and
// persons-actions.ts.
import { addHours } from 'date-fns';
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
  // escalating closes the escalation only: the reply is still awaited (AWAIT_* stays open)
  REPLY_ESCALATED: ['ESCALATE_OVERDUE_REPLY'],
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

// The event that does what a referral action asks, with its `about` (contract.md, REFERRAL_MADE).
export const REFERRAL_FOR: Partial<Record<ActionCode, ReferralAbout>> = {
  REFER_UNACCOMPANIED_CHILDREN: 'unaccompanied-children',
  REFER_TRAFFICKING_INDICATORS: 'trafficking',
  ARRANGE_MEDICAL_CARE: 'medical',
  SEARCH_FOR_MISSING: 'missing-persons',
  RECORD_DECEASED: 'deceased',
};

export type Add = (a: Omit<RequiredAction, 'blocking'> & { blocking?: boolean }) => void;

export function dueAfter(at: string | undefined, hours: number): string | undefined {
  return at ? addHours(new Date(at), hours).toISOString() : undefined;
}
