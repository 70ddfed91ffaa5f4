// Edits to the authorities directory (SoM art. 8(6)) and the country assessments the central authority keeps:
// what a valid edit is, and the change it makes to the directory it was decided on. The directory itself is
// the fold of its stream (chain.ts); the runtime appends the change and carries it into open cases.
import { z } from 'zod';
import {
  Alpha2,
  CountryAssessment,
  type Role,
  SecurityCouncilAuthorisation,
  type Setting,
  StateProfile,
} from '../../machines/schemas.ts';
import type { DirectoryChange, DirectoryEntry } from './chain.ts';

export interface Issue {
  path: string;
  message: string;
}

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

// A typo in a field name would otherwise be dropped without a word, and the profile saved without it.
export const StateProfileInput = z.strictObject(StateProfile.shape);
export const CountryAssessmentInput = z.strictObject({
  ...CountryAssessment.shape,
  date: z.iso.date('a date "YYYY-MM-DD"'),
});

// The resolution is the line's key: the path names it, so the body's must agree. Dates are instants, and a
// line that ends before it begins would give a basis nowhere.
export const SecurityCouncilAuthorisationInput = z
  .strictObject(SecurityCouncilAuthorisation.shape)
  .refine((a) => Date.parse(a.from) < Date.parse(a.until), {
    path: ['until'],
    message: 'must be after from',
  });

// Paths as the HTTP layer names fields: dotted, relative to the body; unknown keys named one by one.
export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key].join('.'), message: 'unknown field' });
    } else {
      out.push({ path: path.join('.'), message: issue.message });
    }
  }
  return out;
}

function codeIssues(field: string, code: string): Issue[] {
  const parsed = Alpha2.safeParse(code);
  return parsed.success ? [] : zodIssues(parsed.error, [field]);
}

// Every bad field and a bad code named together, so one answer lists all there is to fix.
export function decideEdit(current: Setting, edit: DirectoryEdit): EditDecision {
  if (edit.kind === 'state-profile') {
    const parsed = StateProfileInput.safeParse(edit.value);
    const issues = [...codeIssues('state', edit.state), ...(parsed.success ? [] : zodIssues(parsed.error))];
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
    const issues = parsed.success ? [] : zodIssues(parsed.error);
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
  const issues = [...codeIssues('country', edit.country), ...(parsed.success ? [] : zodIssues(parsed.error))];
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
