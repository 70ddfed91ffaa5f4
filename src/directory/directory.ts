// Edits to the authorities directory (SoM art. 8(6)) and the country assessments the central authority keeps:
// what a valid edit is, and the change it makes to the directory it was decided on. The directory itself is
// the fold of its stream (chain.ts); the runtime appends the change and carries it into open cases.
import { z } from 'zod';
import {
  Alpha2,
  CountryAssessment,
  type Issue,
  issuesOf,
  type Role,
  SecurityCouncilAuthorisation,
  type Setting,
  StateProfile,
} from '../../machines/schemas.ts';
import type { DirectoryChange, DirectoryEntry } from './chain.ts';

// PUT semantics: the value replaces the State's whole profile or the country's whole assessment.
export type DirectoryEdit =
  | { kind: 'state-profile'; state: string; value: unknown }
  | { kind: 'country-assessment'; country: string; value: unknown }
  | { kind: 'security-council-authorisation'; resolution: string; value: unknown };

export type DirectoryEdited = Exclude<DirectoryChange, { kind: 'seed' }>;

export type EditDecision = { status: 'ok'; change: DirectoryEdited } | { status: 'invalid'; issues: Issue[] };

export type EditResult =
  | {
      status: 'ok';
      entry: DirectoryEntry & DirectoryEdited;
      directory: Setting;
      // open live cases that recorded the change
      changed: number;
    }
  | { status: 'invalid'; issues: Issue[] }
  | { status: 'forbidden'; message: string; rolesAllowed: Role[] };

// The vocabulary's objects are strict: a typo in a field name is named, not dropped with the profile saved
// without it.
export const StateProfileInput = StateProfile;
export const CountryAssessmentInput = CountryAssessment.extend({
  date: z.iso.date('a date "YYYY-MM-DD"'),
});

// The resolution is the line's key: the path names it, so the body's must agree. Dates are instants, and a
// line that ends before it begins would give a basis nowhere.
export const SecurityCouncilAuthorisationInput = SecurityCouncilAuthorisation.refine(
  (a) => Date.parse(a.from) < Date.parse(a.until),
  {
    path: ['until'],
    message: 'must be after from',
  },
);

function codeIssues(field: string, code: string): Issue[] {
  const parsed = Alpha2.safeParse(code);
  return parsed.success ? [] : issuesOf(parsed.error.issues, [field]);
}

// Every bad field and a bad code named together, so one answer lists all there is to fix.
export function decideEdit(current: Setting, edit: DirectoryEdit): EditDecision {
  if (edit.kind === 'state-profile') {
    const parsed = StateProfileInput.safeParse(edit.value);
    const issues = [
      ...codeIssues('state', edit.state),
      ...(parsed.success ? [] : issuesOf(parsed.error.issues)),
    ];
    if (!parsed.success || issues.length > 0) return { status: 'invalid', issues };
    return {
      status: 'ok',
      change: {
        kind: 'state-profile',
        state: edit.state,
        before: current.states[edit.state] ?? null,
        after: parsed.data,
      },
    };
  }
  if (edit.kind === 'security-council-authorisation') {
    const parsed = SecurityCouncilAuthorisationInput.safeParse(edit.value);
    const issues = parsed.success ? [] : issuesOf(parsed.error.issues);
    if (parsed.success && parsed.data.resolution !== edit.resolution)
      issues.push({ path: 'resolution', message: `must be the resolution in the path (${edit.resolution})` });
    if (!parsed.success || issues.length > 0) return { status: 'invalid', issues };
    return {
      status: 'ok',
      change: {
        kind: 'security-council-authorisation',
        resolution: edit.resolution,
        before: current.securityCouncilAuthorisations?.find((a) => a.resolution === edit.resolution) ?? null,
        after: parsed.data,
      },
    };
  }
  const parsed = CountryAssessmentInput.safeParse(edit.value);
  const issues = [
    ...codeIssues('country', edit.country),
    ...(parsed.success ? [] : issuesOf(parsed.error.issues)),
  ];
  if (!parsed.success || issues.length > 0) return { status: 'invalid', issues };
  return {
    status: 'ok',
    change: {
      kind: 'country-assessment',
      country: edit.country,
      before: current.countryAssessments[edit.country] ?? null,
      after: parsed.data,
    },
  };
}
