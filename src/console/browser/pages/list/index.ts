/// <reference lib="dom" />
// The cases, life first (law.ts, rankCases). Follows every case the role may see ("*"): an entry updates its
// row from the view it carries, and a new case with a life action is announced and marked until the officer
// leaves the list. The summaries come from GET /cases; what the row adds (persons, position, unit, distress)
// from each case's view, kept for the session and fetched again only when the case has moved on.
import { whoMayOpen } from '../../../../policy.ts';
import type { Ctx, Page } from '../../context.ts';
import { fill, h } from '../../dom.ts';
import { humanize, vesselName } from '../../format.ts';
import { distressSince, hasLifeAction, inDistressNow, isLifeAction, rankCases } from '../../law.ts';
import type { LiveStatus } from '../../live.ts';
import type { AuditRow, CaseSummary, CaseView, StreamEventMessage } from '../../types.ts';
import { showOpenForm } from './open-form.ts';
import { casesTable, type ListRow } from './table.ts';

interface Known {
  views: Map<string, CaseView>;
  // when the present distress began, for the version of the case it was read from
  distress: Map<string, { version: number; at: string | undefined }>;
}

const MAX_NOTICES = 5;

// per signed-in session (one Ctx each): another officer signing in on this tab starts afresh
const sessions = new WeakMap<Ctx, Known>();

function knownFor(ctx: Ctx): Known {
  let known = sessions.get(ctx);
  if (!known) {
    known = { views: new Map(), distress: new Map() };
    sessions.set(ctx, known);
  }
  return known;
}

export class ListPage implements Page {
  readonly el: HTMLElement;
  readonly title = 'Cases';
  private readonly body = h('div');
  private readonly openBox = h('div');
  // assertive: a new case with persons in danger must not wait behind other speech
  private readonly arrivals = h('div', { class: 'arrivals', role: 'alert' });
  private readonly known: Known;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  // the cases of the last list drawn; undefined before the first
  private listed: Set<string> | undefined;
  private readonly fresh = new Set<string>();
  private loads = 0;

  constructor(private readonly ctx: Ctx) {
    this.known = knownFor(ctx);
    const role = ctx.identity.role;
    const mayOpen = whoMayOpen('interception').includes(role);
    this.el = h(
      'div',
      { class: 'list-page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { tabindex: -1 }, role === 'trainer' ? 'Training cases' : 'Cases'),
        mayOpen
          ? h(
              'button',
              { type: 'button', class: 'primary', onclick: () => showOpenForm(this.ctx, this.openBox) },
              'Open a case',
            )
          : null,
      ),
      this.arrivals,
      this.openBox,
      this.body,
    );
  }

  async mount(): Promise<void> {
    this.ctx.live.followAll(true);
    fill(this.body, h('p', { class: 'hint' }, 'Loading…'));
    await this.load();
  }

  unmount(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ctx.live.followAll(false);
  }

  onOtherEvent(message: StreamEventMessage): void {
    this.take(message.view);
    this.arrival(message.view);
    this.reloadSoon();
  }

  // "*" replays nothing: after a drop, what happened meanwhile is fetched
  onLink(status: LiveStatus): void {
    if (status === 'live' && this.listed) this.reloadSoon();
  }

  private reloadSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), 300);
  }

  private take(view: CaseView): void {
    const shown = this.known.views.get(view.id);
    if (!shown || shown.version <= view.version) this.known.views.set(view.id, view);
  }

  // A case not in the list drawn last, with persons in danger: from the stream at once, or found by the next
  // load when it was opened while the link was down.
  private arrival(view: CaseView): void {
    if (!this.listed || this.listed.has(view.id) || this.fresh.has(view.id) || !hasLifeAction(view)) return;
    this.fresh.add(view.id);
    const action = view.requiredActions.find(isLifeAction);
    const onBoard = (view.persons as { onBoard?: unknown }).onBoard;
    const text = `New case with a life action: ${vesselName(view)}${typeof onBoard === 'number' ? `, ${onBoard} on board` : ''}${action ? `. ${humanize(action.code)}` : ''}.`;
    this.arrivals.append(
      h(
        'p',
        { class: 'notice life arrival', 'data-case': view.id },
        `${text} `,
        h('a', { href: `#/case/${encodeURIComponent(view.id)}` }, 'Open the case'),
      ),
    );
    // the latest few: the list below marks every one of them
    while (this.arrivals.childElementCount > MAX_NOTICES) this.arrivals.firstElementChild?.remove();
  }

  private async load(): Promise<void> {
    // a load overtaken by a later one draws nothing: its answers may be older
    const mine = ++this.loads;
    let summaries: CaseSummary[];
    try {
      const [open, closed] = await Promise.all([
        this.ctx.api.get<CaseSummary[]>('/cases?status=open'),
        this.ctx.api.get<CaseSummary[]>('/cases?status=closed'),
      ]);
      summaries = [...open, ...closed];
      await this.refreshViews(summaries);
      await this.refreshDistress(summaries);
    } catch (err) {
      // a list already drawn stays: the next entry, or the link coming back, loads it again
      if (!this.stopped && !this.listed)
        fill(
          this.body,
          h('p', { class: 'notice error' }, `The cases could not be loaded: ${(err as Error).message}`),
        );
      return;
    }
    if (this.stopped || mine !== this.loads) return;
    for (const c of summaries) {
      const view = this.known.views.get(c.id);
      if (view) this.arrival(view);
    }
    this.listed = new Set(summaries.map((c) => c.id));
    const now = this.ctx.api.now();
    const rows = rankCases(
      summaries.map((c) => this.row(c)),
      now,
    );
    fill(this.body, rows.length === 0 ? h('p', { class: 'hint' }, 'No cases yet.') : casesTable(rows, now));
  }

  private row(summary: CaseSummary): ListRow {
    const view = this.known.views.get(summary.id);
    const status = view?.status ?? summary.status;
    return {
      id: summary.id,
      status,
      openedAt: summary.openedAt,
      nextDueAt: summary.nextDueAt,
      overdue: summary.overdue,
      life: view ? hasLifeAction(view) : status === 'open' && isLifeAction({ priority: summary.topPriority }),
      summary,
      view,
      distressAt: this.known.distress.get(summary.id)?.at,
      fresh: this.fresh.has(summary.id),
    };
  }

  // one request per case the list has not seen at this version; the stream brings most of them already
  private async refreshViews(summaries: readonly CaseSummary[]): Promise<void> {
    const stale = summaries.filter((c) => (this.known.views.get(c.id)?.version ?? 0) < c.version);
    await Promise.all(
      stale.map((c) =>
        this.ctx.api.get<CaseView>(`/cases/${encodeURIComponent(c.id)}`).then(
          (view) => this.take(view),
          // the row shows what the summary has; the next load tries again
          () => {},
        ),
      ),
    );
  }

  // the view says "distress" but not since when: the audit trail does
  private async refreshDistress(summaries: readonly CaseSummary[]): Promise<void> {
    const asked = summaries.flatMap((c) => {
      const view = this.known.views.get(c.id);
      if (view?.status !== 'open' || !inDistressNow(view)) return [];
      return this.known.distress.get(c.id)?.version === view.version ? [] : [view];
    });
    await Promise.all(
      asked.map((view) =>
        this.ctx.api.get<AuditRow[]>(`/cases/${encodeURIComponent(view.id)}/audit`).then(
          (rows) => this.known.distress.set(view.id, { version: view.version, at: distressSince(rows) }),
          () => {},
        ),
      ),
    );
  }
}
