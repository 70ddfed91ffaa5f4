// What the page offers and in which order, from the desk's own tables (ConsoleMeta). Pure, tested in Node.
import { mayRecord } from '../../policy.ts';
import type { LatLon, TrackPoint } from './map.ts';
import type { AuditRow, CaseSummary, CaseView, Closer, ConsoleMeta, Role } from './types.ts';

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

// Events that close an open required action, in the actions' order (life first), then all the others.
export function offeredTypes(
  meta: Pick<ConsoleMeta, 'closers'>,
  recordable: readonly string[],
  view: Pick<CaseView, 'requiredActions'>,
): { suggested: string[]; others: string[] } {
  const allowed = new Set(recordable);
  const suggested: string[] = [];
  for (const action of view.requiredActions) {
    for (const { type } of closersOf(meta, action.code)) {
      if (allowed.has(type) && !suggested.includes(type)) suggested.push(type);
    }
  }
  return { suggested, others: recordable.filter((t) => !suggested.includes(t)) };
}

// Open cases first; among them the overdue, then the soonest due, then the newest.
export function sortCases(cases: readonly CaseSummary[]): CaseSummary[] {
  const rank = (c: CaseSummary) => (c.status === 'open' ? (c.overdue ? 0 : 1) : 2);
  return [...cases].sort((a, b) => {
    const r = rank(a) - rank(b);
    if (r !== 0) return r;
    if (a.nextDueAt && b.nextDueAt && a.nextDueAt !== b.nextDueAt) return a.nextDueAt < b.nextDueAt ? -1 : 1;
    if (a.nextDueAt && !b.nextDueAt) return -1;
    if (!a.nextDueAt && b.nextDueAt) return 1;
    return a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0;
  });
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
