// Who may see, open and record what (contract.md, HTTP and Events): the one place the desk decides it. Pure and
// with type-only imports, so the console's browser bundle takes it as it is: a value import of
// machines/schemas.ts would bring zod into the bundle. That is why the event table (machines/schemas.ts
// EVENT_ROLES, which the browser receives in ConsoleMeta) is an argument rather than an import.
import type { Role } from '../machines/schemas.ts';

export type CaseKind = 'interception' | 'incoming-request';

// Who may record each event on a live case (machines/schemas.ts EVENT_ROLES).
export type EventRoles = Readonly<Record<string, ReadonlyArray<Role> | undefined>>;

// A training case is a sandbox: trainers work there alone, and nowhere else.
export interface Sandbox {
  training: boolean;
}

// A Record, so that a role added to machines/schemas.ts fails the type check until it is placed here.
const EVERY_ROLE: Record<Role, true> = { operator: true, authority: true, trainer: true, auditor: true };

// Every role, in the order a refusal names them.
export const ROLES: readonly Role[] = Object.keys(EVERY_ROLE) as Role[];

// The roles a rule lets through, in ROLES' order: what a 403 names as `rolesAllowed`.
export const rolesThat = (rule: (role: Role) => boolean): Role[] => ROLES.filter(rule);

// Trainers see only training cases; everyone else, auditors included, only live ones.
export function maySee(actor: { role: Role }, kase: Sandbox): boolean {
  return kase.training ? actor.role === 'trainer' : actor.role !== 'trainer';
}

// POST /cases: operator or authority; POST /requests: authority alone (a request is addressed to the flag
// State's central authority). A training case of either kind is a trainer's.
export function mayOpen(role: Role, kind: CaseKind, kase: Sandbox): boolean {
  if (kase.training) return role === 'trainer';
  return kind === 'interception' ? role === 'operator' || role === 'authority' : role === 'authority';
}

// Each role records its own events; trainers any event, on training cases only; auditors none.
export function mayRecord(role: Role, eventType: string, kase: Sandbox, eventRoles: EventRoles): boolean {
  if (role === 'auditor' || !maySee({ role }, kase)) return false;
  if (role === 'trainer') return true;
  return eventRoles[eventType]?.includes(role) ?? false;
}

// The authorities directory (SoM art. 8(6)) is kept by the central authority.
export const mayEditDirectory = (role: Role): boolean => role === 'authority';

// The indicators across every live case (GET /reports/indicators) are the central authority's to report and
// the auditor's to check; counts only, but over cases a watch officer does not follow.
export const mayReadIndicators = (role: Role): boolean => role === 'authority' || role === 'auditor';

// A training session runs a scenario on a training case, so it is for those who open training cases.
export const mayTrain = (role: Role): boolean => mayOpen(role, 'interception', { training: true });

// Who may open a case of this kind: live or training as given, or either when absent.
export const whoMayOpen = (kind: CaseKind, kase?: Sandbox): Role[] =>
  rolesThat((role) =>
    kase
      ? mayOpen(role, kind, kase)
      : mayOpen(role, kind, { training: false }) || mayOpen(role, kind, { training: true }),
  );

// Who may record at least one event on some case.
export const whoMayRecordAny = (eventRoles: EventRoles): Role[] =>
  rolesThat((role) =>
    Object.keys(eventRoles).some(
      (type) =>
        mayRecord(role, type, { training: false }, eventRoles) ||
        mayRecord(role, type, { training: true }, eventRoles),
    ),
  );
