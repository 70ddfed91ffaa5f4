// What the page offers and in which order, from the desk's own tables (ConsoleMeta). Pure, tested in Node.
import { mayRecord } from '../../policy.ts';
import type { LatLon, TrackPoint } from './map.ts';
import type { AuditRow, CaseView, Closer, ConsoleMeta, Offer, RequiredAction, Role } from './types.ts';

// The events this role may record on this case (src/policy.ts); a closed case takes no more events.
export function recordableTypes(
  meta: ConsoleMeta,
  role: Role,
  view: Pick<CaseView, 'training' | 'status'>,
): string[] {
  if (view.status !== 'open') return [];
  return meta.eventTypes.filter((t) => mayRecord(role, t, view, meta.eventRoles));
}

// The events that close a required action, each with what its form starts with (ConsoleMeta.closers).
export function closersOf(meta: Pick<ConsoleMeta, 'closers'>, code: string): Closer[] {
  return meta.closers[code] ?? [];
}

// What the desk said the law would answer now to each step (GET /cases/:id/offers), by event type.
export type Offers = ReadonlyMap<string, Offer>;

// Events that close an open required action, in the actions' order (life first), then all the others. With
// the desk's offers: a step it would refuse now, or that makes no sense now, is never suggested; those go
// last, apart, so the officer can still choose one to record it under an override or to read why not.
export function offeredTypes(
  meta: Pick<ConsoleMeta, 'closers'>,
  recordable: readonly string[],
  view: Pick<CaseView, 'requiredActions'>,
  offers?: Offers,
): { suggested: string[]; others: string[]; refused: string[]; notNow: string[] } {
  const status = (type: string) => offers?.get(type)?.status;
  const refused = offers ? recordable.filter((t) => status(t) === 'refused') : [];
  const notNow = offers ? recordable.filter((t) => status(t) === 'not-expected-now' || !offers.has(t)) : [];
  const open = new Set(recordable.filter((t) => !refused.includes(t) && !notNow.includes(t)));
  const suggested: string[] = [];
  for (const action of view.requiredActions) {
    for (const { type } of closersOf(meta, action.code)) {
      if (open.has(type) && !suggested.includes(type)) suggested.push(type);
    }
  }
  const others = [...open].filter((t) => !suggested.includes(t));
  return { suggested, others, refused, notNow };
}

// How a step shows beside the action it closes: a button where the desk would take it (or might, as entered);
// a disabled one with the law's reason where it refuses it now, so the officer learns why; nothing where it
// makes no sense now, or before the desk has said (no button promises anything on its own).
export function stepShown(offer: Offer | undefined): 'button' | 'disabled' | 'none' {
  if (offer?.status === 'allowed' || offer?.status === 'depends') return 'button';
  return offer?.status === 'refused' ? 'disabled' : 'none';
}

const PERMITTED_NOW = /\s*\(permitted now\)/;

// The law's titles say "(permitted now)" where the basis permits the act; the console repeats it only where
// the desk said it would apply every step that closes the action, as it stands now.
export function actionTitle(title: string, offers: ReadonlyArray<Offer | undefined>): string {
  if (!PERMITTED_NOW.test(title)) return title;
  const allowed = offers.length > 0 && offers.every((o) => o?.status === 'allowed');
  return allowed ? title : title.replace(PERMITTED_NOW, '');
}

// contract.md, The case view: `legalBasis.suspendedBy: "distress"` is the law's own "persons are in distress
// now" (machines/legal-basis.ts): from a distress assessment until a rescue, an assessment of none or the RCC
// closing the SAR case. `distressPhase` keeps the last assessment, so it still says distress after a rescue.
export function inDistressNow(view: Pick<CaseView, 'legalBasis'>): boolean {
  return (view.legalBasis as { suspendedBy?: unknown }).suspendedBy === 'distress';
}

// The safety of life as the law has it now, for the case's header: "in distress" only while the law says so
// (inDistressNow), the danger still open (the life watch or assistance owed: the view's required actions)
// with its phase, a rescue done, or the last assessment, named as such once the danger closed.
export function safetyTag(
  view: Pick<CaseView, 'kind' | 'legalBasis' | 'distressPhase' | 'phases' | 'requiredActions'>,
): { text: string; tone: string } | undefined {
  if (inDistressNow(view)) return { text: 'In distress', tone: 'distress' };
  if (view.distressPhase === null) {
    return view.kind === 'interception'
      ? { text: 'Safety of life not assessed', tone: 'unassessed' }
      : undefined;
  }
  if ((view.phases as { safety?: unknown } | undefined)?.safety === 'rescued') {
    return { text: 'Persons rescued', tone: 'rescued' };
  }
  const dangerOpen = view.requiredActions.some(
    (a) => a.code === 'RENDER_ASSISTANCE' || (a.code === 'MONITOR_AT_DISTANCE' && isLifeAction(a)),
  );
  return dangerOpen
    ? { text: `Distress phase: ${view.distressPhase}`, tone: view.distressPhase }
    : { text: `Last assessed: ${view.distressPhase}`, tone: 'past' };
}

// contract.md, RequiredAction.priority: "life" marks the actions for the safety of life (assessment,
// assistance, the RCC, the watch, medical care, the missing). The one test for "a life action", for the case
// page's LIFE band and the case list's order alike.
export function isLifeAction(action: { priority?: RequiredAction['priority'] | undefined }): boolean {
  return action.priority === 'life';
}

export function hasLifeAction(view: Pick<CaseView, 'status' | 'requiredActions'>): boolean {
  return view.status === 'open' && view.requiredActions.some(isLifeAction);
}

// What the case list ranks a case by.
export interface Rankable {
  id: string;
  status: 'open' | 'closed';
  openedAt: string;
  nextDueAt?: string | undefined;
  // as the desk said when listing; a due time passed since then counts as well
  overdue: boolean;
  // an open life action (hasLifeAction)
  life: boolean;
}

// Life first: open cases with an open life action, then the overdue, then by the soonest due time (none
// last), then the newest; closed cases after, newest first. The id breaks what is left, so two consoles
// list the same cases in the same order whatever order the desk sent them in.
export function rankCases<T extends Rankable>(cases: readonly T[], now: number): T[] {
  const key = (c: Rankable): number[] => {
    if (c.status !== 'open') return [2, 0, 0];
    const due = c.nextDueAt ? Date.parse(c.nextDueAt) : Number.NaN;
    const overdue = c.overdue || due <= now;
    return [c.life ? 0 : 1, overdue ? 0 : 1, Number.isNaN(due) ? Number.POSITIVE_INFINITY : due];
  };
  return [...cases].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) return (ka[i] as number) < (kb[i] as number) ? -1 : 1;
    }
    if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt ? 1 : -1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

// When the present distress was first recorded: the first applied distress assessment after the last
// assessment of another phase. A rescue does not end it (the phase stays), a reassessment as alert or none
// does. Undefined when the case is not in distress, or the entry came by the stream and has no time yet.
export function distressSince(
  rows: Iterable<Pick<AuditRow, 'seq' | 'type' | 'event' | 'outcome'> & { at?: string }>,
): string | undefined {
  let start: { at?: string } | undefined;
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (row.outcome !== 'applied' || row.type !== 'DISTRESS_ASSESSED') continue;
    if ((row.event as { phase?: unknown }).phase !== 'distress') start = undefined;
    else start ??= row;
  }
  return start?.at;
}

function positionIn(value: unknown): LatLon | undefined {
  const p = value as { lat?: unknown; lon?: unknown } | undefined;
  return p && typeof p.lat === 'number' && typeof p.lon === 'number' ? { lat: p.lat, lon: p.lon } : undefined;
}

// Where the vessel was reported, in order: the opening report, then every applied POSITION_REPORTED.
export function trackOf(
  rows: Iterable<Pick<AuditRow, 'seq' | 'type' | 'event' | 'outcome'> & { at?: string }>,
): TrackPoint[] {
  const out: TrackPoint[] = [];
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (row.outcome !== 'applied') continue;
    const e = row.event as { opening?: { position?: unknown }; request?: { position?: unknown } };
    const p =
      row.type === 'CASE_OPENED'
        ? positionIn(e.opening?.position ?? e.request?.position)
        : row.type === 'POSITION_REPORTED'
          ? positionIn(row.event)
          : undefined;
    if (p) out.push({ ...p, seq: row.seq, ...(row.at ? { at: row.at } : {}) });
  }
  return out;
}

// One line that says what an audit entry recorded, without its type (shown beside it).
export function summarizeEvent(event: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event)) {
    if (key === 'type' || key === 'override' || key === 'setting' || value === undefined) continue;
    if (key === 'opening' || key === 'request') {
      const o = value as {
        vessel?: { name?: string; description?: string; flag?: string | null };
        position?: LatLon;
      };
      const v = o.vessel ?? {};
      parts.push(
        `${v.name ?? v.description ?? 'vessel'}${v.flag === null ? ', no flag' : v.flag ? `, flag ${v.flag}` : ''}${o.position ? ` at ${o.position.lat}, ${o.position.lon}` : ''}`,
      );
      continue;
    }
    const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
    parts.push(`${key}: ${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}`);
  }
  return parts.join(' · ');
}
