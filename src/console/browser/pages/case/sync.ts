// Everything the case page fetches and its one timer: the case and its entries, the chain check, the
// place-of-safety ranking and the offers. (The chart fetches its own land and seas for the box it shows:
// chart/geography.ts.) Answers go into the store; none arrives after the
// page is left. The stream's entries come in here too, so the store has a single writer.
import { type Answer, ApiError } from '../../api.ts';
import type { Ctx } from '../../context.ts';
import type { AuditRow, CaseView, Offer, Ranking, StreamEventMessage, VerifyResult } from '../../types.ts';
import { type CaseState, type CaseStore, placesKey } from './store.ts';

export class CaseSync {
  private readonly path: string;
  private stopped = false;
  private auditTimer: ReturnType<typeof setTimeout> | undefined;
  private placesKey = '';
  // the case version the offers were last asked for: asked again whenever the version on screen changes
  private offersAsked: number | undefined;
  // after a reset the entries shown may be of a log the desk no longer has: the next audit list replaces
  // them, keeping only what the stream brought since
  private sinceReset: Set<number> | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly caseId: string,
    private readonly store: CaseStore,
  ) {
    this.path = `/cases/${encodeURIComponent(caseId)}`;
  }

  async load(): Promise<void> {
    let view: CaseView;
    let audit: AuditRow[];
    try {
      [view, audit] = await Promise.all([
        this.ctx.api.get<CaseView>(this.path),
        this.ctx.api.get<AuditRow[]>(`${this.path}/audit`),
      ]);
    } catch (err) {
      const failed =
        err instanceof ApiError && err.status === 404
          ? 'No such case, or not one your role may see (trainers see training cases only, others live cases only).'
          : `The case could not be loaded: ${(err as Error).message}`;
      this.commit({ load: { failed } });
      return;
    }
    if (this.stopped) return;
    // everything up to the last entry fetched is on the page: the stream sends what comes after
    this.ctx.live.follow(this.caseId, Math.max(0, ...audit.map((r) => r.seq)));
    const rows = new Map(this.store.get().rows);
    for (const row of audit) rows.set(row.seq, row);
    // `verify` is named so the badge says the chain is being checked from the first drawing on
    this.commit({ load: 'ready', view, rows, verify: 'checking' });
    void this.refreshVerify();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.auditTimer);
    this.ctx.live.unfollow(this.caseId);
  }

  onEvent(message: StreamEventMessage): void {
    if (message.caseId !== this.caseId) return;
    const rows = new Map(this.store.get().rows);
    if (!rows.has(message.seq)) {
      rows.set(message.seq, {
        seq: message.seq,
        type: message.event.type,
        event: message.event,
        outcome: message.outcome,
        hash: message.audit.hash,
        prev: message.audit.prev,
      });
    }
    this.sinceReset?.add(message.seq);
    this.commit({ rows, ...this.newer(message.view) });
    this.scheduleAuditRefresh();
  }

  onReset(caseId: string, view: CaseView): void {
    if (caseId !== this.caseId) return;
    this.ctx.announce('The desk could not replay what was missed: the case was reloaded.');
    this.sinceReset = new Set();
    // another log: what the law offers is asked again whatever the version says
    this.offersAsked = undefined;
    this.commit({ view });
    this.scheduleAuditRefresh(0);
  }

  // The record form's event, decided on the version the page shows: if the case moved on meanwhile, the
  // desk says so.
  send(event: Record<string, unknown>, idempotencyKey: string): Promise<Answer<unknown>> {
    const view = this.store.get().view;
    return this.ctx.api.post(`${this.path}/events`, event, {
      'idempotency-key': idempotencyKey,
      ...(view ? { 'if-match': String(view.version) } : {}),
    });
  }

  recorded(view: CaseView): void {
    this.commit(this.newer(view));
    this.scheduleAuditRefresh();
  }

  async reload(): Promise<void> {
    try {
      const view = await this.ctx.api.get<CaseView>(this.path);
      this.commit(this.newer(view));
    } catch {
      // the stream will bring it
    }
  }

  // A newer view replaces the shown one; an older one (a late answer) never rolls it back.
  private newer(view: CaseView): Partial<CaseState> {
    const shown = this.store.get().view;
    return shown && view.version < shown.version ? {} : { view };
  }

  // The one way into the store: what the new state shows decides which keyed fetches start.
  private commit(patch: Partial<CaseState>): void {
    if (this.stopped) return;
    this.store.update(patch);
    if (patch.view || patch.rows) void this.refreshPlaces();
    const version = this.store.get().view?.version;
    if (patch.view && version !== undefined && version !== this.offersAsked) void this.refreshOffers(version);
  }

  private async refreshOffers(version: number): Promise<void> {
    this.offersAsked = version;
    let offered: Offer[];
    try {
      offered = await this.ctx.api.get<Offer[]>(`${this.path}/offers`);
    } catch (err) {
      if (this.offersAsked !== version) return;
      // asked again with the next change of the case
      this.offersAsked = undefined;
      const shown = this.store.get().offers;
      const failed = `The desk could not say what the law allows now: ${(err as Error).message}`;
      this.commit({ offers: { version: shown?.version ?? -1, byType: shown?.byType ?? new Map(), failed } });
      return;
    }
    // an answer overtaken by a newer question is not shown
    if (this.offersAsked !== version) return;
    this.commit({ offers: { version, byType: new Map(offered.map((o) => [o.type, o])) } });
  }

  private scheduleAuditRefresh(delay = 300): void {
    clearTimeout(this.auditTimer);
    this.auditTimer = setTimeout(() => void this.refreshAudit(), delay);
  }

  private async refreshAudit(): Promise<void> {
    let audit: AuditRow[];
    try {
      audit = await this.ctx.api.get<AuditRow[]>(`${this.path}/audit`);
    } catch {
      // the stream rows stay; the next entry tries again
      return;
    }
    if (this.stopped) return;
    const shown = this.store.get().rows;
    const rows = new Map(this.sinceReset ? [] : shown);
    for (const seq of this.sinceReset ?? []) {
      const row = shown.get(seq);
      if (row) rows.set(seq, row);
    }
    this.sinceReset = undefined;
    for (const row of audit) rows.set(row.seq, row);
    this.commit({ rows });
    void this.refreshVerify();
  }

  private async refreshVerify(): Promise<void> {
    let verify: CaseState['verify'];
    try {
      verify = await this.ctx.api.get<VerifyResult>(`${this.path}/audit/verify`);
    } catch {
      verify = 'failed';
    }
    this.commit({ verify });
  }

  private async refreshPlaces(): Promise<void> {
    const key = placesKey(this.store.get());
    if (key === undefined || key === this.placesKey) return;
    this.placesKey = key;
    try {
      const places = await this.ctx.api.get<Ranking>(`${this.path}/places-of-safety`);
      this.commit({ places, placesNote: '' });
    } catch (err) {
      this.placesKey = '';
      this.commit({ placesNote: `The ranking could not be loaded: ${(err as Error).message}` });
    }
  }
}
