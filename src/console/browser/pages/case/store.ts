// The case page's state in one place: the sections draw from it and only the loader (sync.ts) changes it, so
// a section never holds a copy of the case that another one has already moved past.
import { type Offers, trackOf } from '../../law.ts';
import { boxAround, type LatLon, type TrackPoint } from '../../map.ts';
import type { AuditRow, CaseView, Ranking, VerifyResult } from '../../types.ts';

// An entry seen on the stream before the audit list was fetched again: no time or actor yet.
export type Row = Omit<AuditRow, 'at' | 'actor'> & { at?: string; actor?: AuditRow['actor'] };

export interface CaseState {
  load: 'loading' | 'ready' | { failed: string };
  view: CaseView | undefined;
  // by seq, so an entry replayed by the stream can never appear twice
  rows: ReadonlyMap<number, Row>;
  verify: VerifyResult | 'checking' | 'failed';
  places: Ranking | undefined;
  placesNote: string;
  // what the law would answer now to each step this role records (GET /cases/:id/offers), for the version
  // of the case it was asked at; the last answer stays while the next one loads, `failed` says it may be old
  offers: { version: number; byType: Offers; failed?: string } | undefined;
}

export type Key = keyof CaseState;
export type Listener = (state: CaseState, before: CaseState) => void;

export class CaseStore {
  private state: CaseState = {
    load: 'loading',
    view: undefined,
    rows: new Map(),
    verify: 'checking',
    places: undefined,
    placesNote: 'Loading…',
    offers: undefined,
  };
  private listeners: Array<{ keys: readonly Key[]; fn: Listener }> = [];

  get(): CaseState {
    return this.state;
  }

  // A listener hears of every update that names one of its keys, even with an equal value: a redraw after
  // an entry that was already shown is cheap, a missed one is not.
  subscribe(keys: readonly Key[], fn: Listener): () => void {
    const entry = { keys, fn };
    this.listeners.push(entry);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== entry);
    };
  }

  update(patch: Partial<CaseState>): void {
    const changed = Object.keys(patch) as Key[];
    if (changed.length === 0) return;
    const before = this.state;
    this.state = { ...before, ...patch };
    for (const l of [...this.listeners]) {
      if (l.keys.some((k) => changed.includes(k))) l.fn(this.state, before);
    }
  }

  // A page left behind draws nothing more, whatever answers still arrive.
  close(): void {
    this.listeners = [];
  }
}

// What the place-of-safety ranking depends on: it is fetched again only when this changes.
export function placesKey(state: CaseState): string | undefined {
  const view = state.view;
  if (!view) return undefined;
  const claims = (view.persons as { protectionClaims?: { countriesOfOrigin?: string[] } }).protectionClaims;
  // a directory edit (SETTING_CHANGED) may assess a country unsafe: rank again after it
  const settings = [...state.rows.values()].filter((r) => r.type === 'SETTING_CHANGED').length;
  return JSON.stringify([view.position, claims?.countriesOfOrigin ?? [], settings]);
}

export interface ChartFrame {
  track: TrackPoint[];
  last: TrackPoint;
  best: Ranking['candidates'][number] | undefined;
  // the box to fetch land and seas for, as the desk's bbox parameter
  key: string;
}

// The vessel's track and the first candidate port when it is close enough to share the chart.
export function chartFrame(state: CaseState): ChartFrame | undefined {
  const view = state.view;
  if (!view) return undefined;
  const track = trackOf(state.rows.values());
  if (track.length === 0) track.push({ ...view.position, seq: 0 });
  const last = track[track.length - 1]!;
  const best = state.places?.candidates[0];
  const near = (p: LatLon) => Math.abs(p.lat - last.lat) < 2.5 && Math.abs(p.lon - last.lon) < 3;
  const points: LatLon[] = [...track];
  if (best && near(best.port)) points.push(best.port);
  return { track, last, best, key: boxAround(points).join(',') };
}
