/// <reference lib="dom" />
// One case as the watch officer follows it: what must be done now (life first), what the law permits, what
// to watch out for, where the vessel is, and everything recorded so far. Live over the stream: the page
// holds the audit entries by seq, so a replayed entry can never appear twice.
import { ApiError } from '../api.ts';
import type { Ctx, Page } from '../context.ts';
import { basisList, type Child, fill, h, icon } from '../dom.ts';
import type { RawValues } from '../fields.ts';
import {
  BASIS_MEANING,
  CONDITION_MEANING,
  countdown,
  humanize,
  INCIDENT_MEANING,
  LIFE_WARNINGS,
  position,
  SUSPENDED_MEANING,
  utc,
  WARNING_TITLE,
  words,
} from '../format.ts';
import { closersOf, offeredTypes, recordableTypes, summarizeEvent, trackOf } from '../law.ts';
import { boxAround, drawMap, type LatLon, type MapPort } from '../map.ts';
import { RecordPanel } from '../record.ts';
import type {
  AuditRow,
  CaseView,
  ConsoleGeo,
  Ranking,
  RequiredAction,
  StreamEventMessage,
  VerifyResult,
} from '../types.ts';

// An entry seen on the stream before the audit list was fetched again: no time or actor yet.
type Row = Omit<AuditRow, 'at' | 'actor'> & { at?: string; actor?: AuditRow['actor'] };

const section = (id: string, title: string, ...extra: Child[]) => {
  const body = h('div', { class: 'section-body' });
  const el = h(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, title, extra),
    body,
  );
  return { el, body };
};

const yesNo = (v: unknown) =>
  v === true ? 'yes' : v === false ? 'no' : v === null || v === undefined ? '—' : String(v);

function dl(entries: Array<[string, Child]>): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    entries.map(([k, v]) => [
      h('dt', null, k),
      h('dd', null, v === undefined || v === null || v === '' ? '—' : v),
    ]),
  );
}

function zoneText(zone: CaseView['zone']): string {
  const z = zone as
    | { zone?: string; state?: string; states?: string[]; distanceToTerritorialSeaNm?: number }
    | undefined;
  if (!z?.zone) return 'unknown';
  const states = z.states && z.states.length > 1 ? ` (claimed by ${z.states.join(', ')})` : '';
  if (z.zone === 'territorial-sea') return `territorial sea of ${z.state ?? '?'}${states}`;
  if (z.zone === 'contiguous-zone') return `contiguous zone of ${z.state ?? '?'}${states}`;
  return `beyond any territorial sea${z.distanceToTerritorialSeaNm !== undefined ? ` (${z.distanceToTerritorialSeaNm} nm from the nearest)` : ''}`;
}

// contract.md, The case view: `legalBasis.suspendedBy` ("distress") while the danger bars boarding
function suspendedBy(view: CaseView): string | undefined {
  const by = (view.legalBasis as { suspendedBy?: unknown }).suspendedBy;
  return typeof by === 'string' && by ? by : undefined;
}

// What an officer can record about a warning, beside it.
const WARNING_EVENT: Record<string, string> = {
  MESSAGE_NOT_DELIVERED: 'SENT_BY_OTHER_MEANS',
};

function due(dueAt: string, now: number): HTMLElement {
  const c = countdown(dueAt, now);
  return h(
    'span',
    {
      class: `due${c.overdue ? ' overdue' : c.soon ? ' soon' : ''}`,
      'data-due': dueAt,
      title: `due ${utc(dueAt)}`,
    },
    icon('clock'),
    h('span', { class: 'due-text' }, c.text),
    h('span', { class: 'due-at' }, ` (${utc(dueAt)})`),
  );
}

const PERSON_LABELS: Record<string, string> = {
  onBoard: 'Persons on board (reported)',
  takenOnBoard: 'Taken on board',
  screened: 'Screening',
  protectionClaims: 'Protection claims',
  claimsReferred: 'Claims referred',
  detained: 'Anyone detained',
  consularRightsNotified: 'Consular rights notified',
  flagStateJurisdiction: 'Flag State keeps jurisdiction over persons',
};

function shown(v: unknown): Child {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return yesNo(v);
  if (Array.isArray(v))
    return v.length === 0
      ? 'none'
      : v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '—';
    return h(
      'ul',
      { class: 'plain' },
      entries.map(([k, x]) =>
        h('li', null, `${words(k)}: `, typeof x === 'object' && x !== null ? JSON.stringify(x) : yesNo(x)),
      ),
    );
  }
  return String(v);
}

export class CasePage implements Page {
  readonly el: HTMLElement;
  title = 'Case';
  private view: CaseView | undefined;
  private readonly rows = new Map<number, Row>();
  private verify: VerifyResult | 'checking' | 'failed' = 'checking';
  private places: Ranking | undefined;
  private placesKey = '';
  private placesNote = 'Loading…';
  private geo: ConsoleGeo | undefined;
  private geoKey = '';
  private geoNote = 'Loading the chart…';
  private record: RecordPanel | undefined;
  private auditTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  private readonly head = h('div', { class: 'case-head' });
  private readonly warnings = h('div', { class: 'warnings-holder' });
  private readonly actions = section('actions', 'Required actions');
  private readonly recordHolder = h('div');
  private readonly basis = section('basis', 'Legal basis');
  private readonly mapSection = section('map', 'Chart');
  private readonly persons = section('persons', 'Persons');
  private readonly incidents = section('incidents', 'Incidents');
  private readonly conditions = section('conditions', 'Conditions and deadlines');
  private readonly placesSection = section('places', 'Place of safety');
  private readonly verifyBadge = h('span', { class: 'badge' });
  private readonly audit = section('audit', 'Audit trail', ' ', this.verifyBadge);

  constructor(
    private readonly ctx: Ctx,
    private readonly caseId: string,
  ) {
    this.el = h(
      'div',
      { class: 'case-page' },
      this.head,
      this.warnings,
      h(
        'div',
        { class: 'columns' },
        h(
          'div',
          { class: 'col col-main' },
          this.actions.el,
          this.recordHolder,
          this.persons.el,
          this.incidents.el,
          this.conditions.el,
        ),
        h('div', { class: 'col col-side' }, this.basis.el, this.mapSection.el, this.placesSection.el),
      ),
      this.audit.el,
    );
  }

  async mount(): Promise<void> {
    fill(this.head, h('h1', { tabindex: -1 }, 'Loading the case…'));
    const id = encodeURIComponent(this.caseId);
    let view: CaseView;
    let audit: AuditRow[];
    try {
      [view, audit] = await Promise.all([
        this.ctx.api.get<CaseView>(`/cases/${id}`),
        this.ctx.api.get<AuditRow[]>(`/cases/${id}/audit`),
      ]);
    } catch (err) {
      const message =
        err instanceof ApiError && err.status === 404
          ? 'No such case, or not one your role may see (trainers see training cases only, others live cases only).'
          : `The case could not be loaded: ${(err as Error).message}`;
      this.el.replaceChildren(
        h('h1', { tabindex: -1 }, 'Case not available'),
        h('p', { class: 'notice error' }, message),
        h('p', null, h('a', { href: '#/' }, 'Back to the cases')),
      );
      return;
    }
    if (this.stopped) return;
    for (const row of audit) this.rows.set(row.seq, row);
    this.view = view;
    // everything up to the last entry fetched is on the page: the stream sends what comes after
    this.ctx.live.follow(this.caseId, Math.max(0, ...audit.map((r) => r.seq)));
    this.renderAll();
    void this.refreshVerify();
    void this.refreshPlaces();
  }

  unmount(): void {
    this.stopped = true;
    clearTimeout(this.auditTimer);
    this.ctx.live.unfollow(this.caseId);
  }

  onEvent(message: StreamEventMessage): void {
    if (message.caseId !== this.caseId) return;
    if (!this.rows.has(message.seq)) {
      this.rows.set(message.seq, {
        seq: message.seq,
        type: message.event.type,
        event: message.event,
        outcome: message.outcome,
        hash: message.audit.hash,
        prev: message.audit.prev,
      });
    }
    this.applyView(message.view);
    this.renderAudit();
    this.renderMap();
    this.scheduleAuditRefresh();
  }

  onReset(caseId: string, view: CaseView): void {
    if (caseId !== this.caseId) return;
    this.ctx.announce('The desk could not replay what was missed: the case was reloaded.');
    this.rows.clear();
    this.applyView(view, true);
    this.scheduleAuditRefresh(0);
  }

  // A newer view replaces the shown one; an older one (a late answer) never rolls it back.
  applyView(view: CaseView, force = false): void {
    if (this.stopped) return;
    const before = this.view;
    if (!force && before && view.version < before.version) return;
    this.view = view;
    if (before && before.version !== view.version) {
      const was = new Set(before.requiredActions.map((a) => a.code));
      const now = new Set(view.requiredActions.map((a) => a.code));
      const added = [...now].filter((c) => !was.has(c));
      const gone = [...was].filter((c) => !now.has(c));
      if (added.length + gone.length > 0) {
        this.ctx.announce(
          `Required actions changed.${added.length ? ` New: ${added.map(humanize).join(', ')}.` : ''}${gone.length ? ` Done: ${gone.map(humanize).join(', ')}.` : ''}`,
        );
      }
    }
    this.renderDynamic();
    void this.refreshPlaces();
  }

  private scheduleAuditRefresh(delay = 300): void {
    clearTimeout(this.auditTimer);
    this.auditTimer = setTimeout(() => void this.refreshAudit(), delay);
  }

  private async refreshAudit(): Promise<void> {
    try {
      const audit = await this.ctx.api.get<AuditRow[]>(`/cases/${encodeURIComponent(this.caseId)}/audit`);
      if (this.stopped) return;
      for (const row of audit) this.rows.set(row.seq, row);
      this.renderAudit();
      this.renderMap();
      void this.refreshVerify();
    } catch {
      // the stream rows stay; the next entry tries again
    }
  }

  private async refreshVerify(): Promise<void> {
    try {
      this.verify = await this.ctx.api.get<VerifyResult>(
        `/cases/${encodeURIComponent(this.caseId)}/audit/verify`,
      );
    } catch {
      this.verify = 'failed';
    }
    if (!this.stopped) this.renderVerify();
  }

  private async refreshPlaces(): Promise<void> {
    const view = this.view;
    if (!view) return;
    const claims = (view.persons as { protectionClaims?: { countriesOfOrigin?: string[] } }).protectionClaims;
    // a directory edit (SETTING_CHANGED) may assess a country unsafe: rank again after it
    const settings = [...this.rows.values()].filter((r) => r.type === 'SETTING_CHANGED').length;
    const key = JSON.stringify([view.position, claims?.countriesOfOrigin ?? [], settings]);
    if (key === this.placesKey) return;
    this.placesKey = key;
    try {
      this.places = await this.ctx.api.get<Ranking>(
        `/cases/${encodeURIComponent(this.caseId)}/places-of-safety`,
      );
      this.placesNote = '';
    } catch (err) {
      this.placesNote = `The ranking could not be loaded: ${(err as Error).message}`;
      this.placesKey = '';
    }
    if (this.stopped) return;
    this.renderPlaces();
    this.renderMap();
  }

  private renderAll(): void {
    this.renderDynamic();
    this.renderAudit();
    this.renderVerify();
    this.renderPlaces();
    this.renderMap();
  }

  private renderDynamic(): void {
    const view = this.view;
    if (!view) return;
    this.title = `${this.vesselName(view)} — case`;
    this.renderHead(view);
    this.renderWarnings(view);
    this.renderActions(view);
    this.renderRecord(view);
    this.renderBasis(view);
    this.renderPersons(view);
    this.renderIncidents(view);
    this.renderConditions(view);
    this.renderPlaces();
  }

  private vesselName(view: CaseView): string {
    const v = view.vessel as { name?: string; description?: string };
    return v.name ?? v.description ?? 'Unnamed vessel';
  }

  private renderHead(view: CaseView): void {
    const v = view.vessel as Record<string, unknown>;
    const unit = view.unit as
      | { name?: string; governmentService?: boolean; clearlyMarked?: boolean; authorised?: boolean }
      | undefined;
    const unitFlags = unit
      ? [
          unit.governmentService === false ? 'NOT on government service' : null,
          unit.clearlyMarked === false ? 'NOT clearly marked' : null,
          unit.authorised === false ? 'NOT authorised' : null,
        ].filter(Boolean)
      : [];
    const focused = document.activeElement === this.head.querySelector('h1');
    fill(
      this.head,
      h(
        'div',
        { class: 'case-title' },
        h('h1', { tabindex: -1 }, this.vesselName(view)),
        h(
          'div',
          { class: 'tags' },
          h('span', { class: `tag status-${view.status}` }, view.status === 'open' ? 'Open' : 'Closed'),
          view.training ? h('span', { class: 'tag training' }, 'Training') : null,
          h('span', { class: 'tag' }, view.kind === 'incoming-request' ? 'Incoming request' : 'Interception'),
          view.distressPhase
            ? h('span', { class: `tag phase-${view.distressPhase}` }, `Distress phase: ${view.distressPhase}`)
            : view.kind === 'interception'
              ? h('span', { class: 'tag phase-unassessed' }, 'Safety of life not assessed')
              : null,
        ),
      ),
      dl([
        ['Position', `${position(view.position)} — ${zoneText(view.zone)}`],
        [
          'Vessel',
          [
            v.flag === null ? 'no flag shown' : v.flag ? `flag ${String(v.flag)}` : 'flag unknown',
            v.registryClaimed ? `, registry claimed ${String(v.registryClaimed)}` : '',
            v.mmsi ? `, MMSI ${String(v.mmsi)}` : '',
            v.imo ? `, IMO ${String(v.imo)}` : '',
            v.callSign ? `, call sign ${String(v.callSign)}` : '',
            v.name && v.description ? `, ${String(v.description)}` : '',
          ].join(''),
        ],
        [
          'Unit',
          unit
            ? [
                unit.name ?? '',
                ` (${view.interceptingState})`,
                unitFlags.length ? h('strong', { class: 'bad' }, ` ${unitFlags.join(', ')}`) : null,
              ]
            : view.interceptingState,
        ],
        [
          'Legal basis',
          [
            h('strong', null, humanize(view.legalBasis.code)),
            ' — permits ',
            view.legalBasis.permits.length > 0
              ? h('strong', { class: 'permits-now' }, view.legalBasis.permits.join(', '))
              : h('strong', { class: 'bad' }, 'no boarding, search or measures'),
            suspendedBy(view)
              ? h(
                  'strong',
                  { class: 'bad suspended-by', 'data-suspended-by': suspendedBy(view) },
                  ` — suspended by ${suspendedBy(view)}`,
                )
              : null,
          ],
        ],
        ['Opened', `${utc(view.openedAt)} · case ${view.id} · version ${view.version}`],
      ]),
    );
    if (focused) this.head.querySelector<HTMLElement>('h1')?.focus();
  }

  private renderWarnings(view: CaseView): void {
    if (view.warnings.length === 0) {
      fill(this.warnings);
      return;
    }
    fill(
      this.warnings,
      h(
        'section',
        { class: 'warnings', 'aria-labelledby': 'warnings-h' },
        h('h2', { id: 'warnings-h' }, icon('warning'), ` Warnings (${view.warnings.length})`),
        h(
          'ul',
          null,
          [...view.warnings]
            // where the persons can go first: a lapsed or unusable designation is about life
            .sort((a, b) => Number(LIFE_WARNINGS.has(b.code)) - Number(LIFE_WARNINGS.has(a.code)))
            .map((w) => {
              const follow = WARNING_EVENT[w.code];
              return h(
                'li',
                { class: `warning${LIFE_WARNINGS.has(w.code) ? ' life' : ''}`, 'data-code': w.code },
                h('strong', { class: 'title' }, WARNING_TITLE[w.code] ?? humanize(w.code)),
                ' ',
                h('code', { class: 'code' }, w.code),
                ' ',
                h('span', null, w.message),
                basisList(w.basis),
                follow && this.mayRecord(follow)
                  ? h(
                      'button',
                      {
                        type: 'button',
                        class: 'secondary small',
                        'data-key': `warn-${w.code}-${follow}`,
                        onclick: () => this.record?.open(follow),
                      },
                      `Record ${humanize(follow)}`,
                    )
                  : null,
                LIFE_WARNINGS.has(w.code)
                  ? h(
                      'button',
                      {
                        type: 'button',
                        class: 'secondary small',
                        'data-key': `warn-${w.code}-places`,
                        onclick: () => this.placesSection.el.scrollIntoView({ block: 'start' }),
                      },
                      'Show the places of safety',
                    )
                  : null,
              );
            }),
        ),
      ),
    );
  }

  private renderActions(view: CaseView): void {
    const role = this.ctx.identity.role;
    const recordable = new Set(recordableTypes(this.ctx.meta, role, view));
    const now = this.ctx.api.now();
    const item = (a: RequiredAction) => {
      const life = a.priority === 'life';
      const c = a.dueAt ? countdown(a.dueAt, now) : undefined;
      const closers = closersOf(this.ctx.meta, a.code).filter((c) => recordable.has(c.type));
      return h(
        'li',
        {
          class: `action priority-${a.priority}${c?.overdue ? ' is-overdue' : ''}`,
          'data-code': a.code,
          'data-due-host': a.dueAt ? '' : null,
        },
        h(
          'div',
          { class: 'action-head' },
          life
            ? h('span', { class: 'life-badge' }, icon('life'), h('span', null, 'LIFE'))
            : h('span', { class: `prio-badge prio-${a.priority}` }, a.priority.toUpperCase()),
          h('span', { class: 'action-title' }, a.title),
        ),
        h(
          'div',
          { class: 'action-meta' },
          h('code', null, a.code),
          h('span', null, `for the ${a.role}`),
          a.blocking ? h('span', { class: 'blocking' }, 'must be done before closing') : null,
          a.dueAt ? due(a.dueAt, now) : null,
        ),
        basisList(a.basis),
        closers.length > 0
          ? h(
              'div',
              { class: 'action-buttons' },
              closers.map((c) =>
                h(
                  'button',
                  {
                    type: 'button',
                    class: life ? 'life' : 'secondary',
                    'data-key': `act-${a.code}-${c.type}`,
                    onclick: () => this.record?.open(c.type, c.prefill ?? {}),
                  },
                  `Record ${humanize(c.type)}`,
                  c.prefill ? ` (${Object.values(c.prefill).map(humanize).join(', ')})` : '',
                ),
              ),
            )
          : null,
      );
    };
    fill(
      this.actions.body,
      view.requiredActions.length === 0
        ? h(
            'p',
            { class: 'hint' },
            view.status === 'closed' ? 'The case is closed.' : 'Nothing is required right now.',
          )
        : h('ol', { class: 'actions' }, view.requiredActions.map(item)),
    );
  }

  private renderRecord(view: CaseView): void {
    const recordable = recordableTypes(this.ctx.meta, this.ctx.identity.role, view);
    if (recordable.length === 0) {
      this.record = undefined;
      const why =
        view.status !== 'open'
          ? 'The case is closed: nothing more can be recorded.'
          : this.ctx.identity.role === 'auditor'
            ? 'Auditors read everything and record nothing.'
            : this.ctx.identity.role === 'trainer'
              ? 'Trainers record events on training cases only.'
              : 'Your role records nothing on this case.';
      fill(this.recordHolder, h('p', { class: 'hint card' }, why));
      return;
    }
    if (!this.record) {
      this.record = new RecordPanel({
        title: 'Record an event',
        mode: 'case',
        fields: this.ctx.fields,
        view: () => this.view,
        types: () =>
          this.view
            ? offeredTypes(
                this.ctx.meta,
                recordableTypes(this.ctx.meta, this.ctx.identity.role, this.view),
                this.view,
              )
            : { suggested: [], others: [] },
        send: (event, key) =>
          this.ctx.api.post(`/cases/${encodeURIComponent(this.caseId)}/events`, event, {
            'idempotency-key': key,
            // decided on what the page shows: if the case moved on meanwhile, the desk says so
            ...(this.view ? { 'if-match': String(this.view.version) } : {}),
          }),
        announce: (m) => this.ctx.announce(m),
        onView: (v) => {
          this.applyView(v);
          this.scheduleAuditRefresh();
        },
        onConflict: () => void this.reloadView(),
      });
      fill(this.recordHolder, this.record.el);
    } else {
      this.record.refreshTypes();
    }
  }

  private async reloadView(): Promise<void> {
    try {
      this.applyView(await this.ctx.api.get<CaseView>(`/cases/${encodeURIComponent(this.caseId)}`));
    } catch {
      // the stream will bring it
    }
  }

  private renderBasis(view: CaseView): void {
    const lb = view.legalBasis;
    const scopes = this.ctx.meta.enums.scopes;
    const fs = view.flagState;
    const hp = view.hotPursuit as Record<string, unknown> | null;
    const suspended = suspendedBy(view);
    fill(
      this.basis.body,
      h('p', { class: 'basis-code' }, h('strong', null, humanize(lb.code)), ' ', h('code', null, lb.code)),
      h('p', null, BASIS_MEANING[lb.code] ?? ''),
      basisList(lb.basis),
      suspended
        ? h(
            'p',
            { class: 'suspended', 'data-suspended-by': suspended },
            icon('lock'),
            ' ',
            SUSPENDED_MEANING[suspended] ?? `Suspended by ${suspended}.`,
          )
        : null,
      h(
        'div',
        {
          class: `permits${suspended ? ' is-suspended' : ''}`,
          'aria-label': suspended
            ? `What the basis permits once no longer suspended`
            : 'What the basis permits now',
        },
        h(
          'span',
          { class: 'permits-label' },
          suspended ? `Permits, suspended by ${suspended}: ` : 'Permits now: ',
        ),
        scopes.map((scope) => {
          const ok = lb.permits.includes(scope as (typeof lb.permits)[number]);
          return h(
            'span',
            { class: `permit ${ok ? (suspended ? 'yes suspended' : 'yes') : 'no'}`, 'data-scope': scope },
            icon(ok ? (suspended ? 'lock' : 'check') : 'cross'),
            ` ${scope}`,
            h(
              'span',
              { class: 'sr-only' },
              ok ? (suspended ? ' permitted by the basis, suspended now' : ' permitted') : ' not permitted',
            ),
          );
        }),
      ),
      fs.state || fs.registry || fs.reply
        ? h(
            'div',
            null,
            h('h3', null, 'Flag State'),
            dl([
              ['State', fs.state ?? '—'],
              ['Registry', fs.registry ? String(fs.registry) : 'not confirmed'],
              ['Reply', fs.reply ? String(fs.reply) : 'none yet'],
              ['Scopes granted', fs.grantedScopes.length ? fs.grantedScopes.join(', ') : 'none'],
              ['Notified', fs.notifiedAt ? utc(fs.notifiedAt) : '—'],
              ['Acknowledged', fs.acknowledgedAt ? utc(fs.acknowledgedAt) : '—'],
            ]),
          )
        : null,
      hp ? h('div', null, h('h3', null, 'Hot pursuit'), shown(hp)) : null,
    );
  }

  private renderPersons(view: CaseView): void {
    const entries = Object.entries(view.persons).map(([k, v]) => {
      if (k === 'protectionClaims' && v && typeof v === 'object') {
        const c = v as { count?: number; countriesOfOrigin?: string[] };
        return [
          PERSON_LABELS[k] ?? words(k),
          `${c.count ?? 0}${c.countriesOfOrigin?.length ? ` (countries of origin: ${c.countriesOfOrigin.join(', ')})` : ''}`,
        ] as [string, Child];
      }
      return [PERSON_LABELS[k] ?? words(k), shown(v)] as [string, Child];
    });
    fill(this.persons.body, dl(entries));
  }

  private renderIncidents(view: CaseView): void {
    const mayReview = recordableTypes(this.ctx.meta, this.ctx.identity.role, view).includes(
      'INCIDENT_REVIEWED',
    );
    fill(
      this.incidents.body,
      view.incidents.length === 0
        ? h('p', { class: 'hint' }, 'No incidents.')
        : h(
            'ul',
            { class: 'incidents' },
            view.incidents.map((i) =>
              h(
                'li',
                {
                  class: `incident category-${i.category}${i.reviewed ? ' reviewed' : ''}`,
                  'data-category': i.category,
                },
                h('strong', null, humanize(i.category)),
                ` — ${humanize(i.event)} (${i.id})`,
                INCIDENT_MEANING[i.category] ? h('p', { class: 'hint' }, INCIDENT_MEANING[i.category]) : null,
                h('p', null, i.reason),
                i.justification
                  ? h('p', null, h('span', { class: 'label' }, 'Justification: '), i.justification)
                  : null,
                i.reviewed
                  ? h('p', null, h('span', { class: 'label' }, 'Reviewed: '), i.finding ?? 'yes')
                  : mayReview
                    ? h(
                        'button',
                        {
                          type: 'button',
                          class: 'secondary',
                          'data-key': `review-${i.id}`,
                          onclick: () => this.record?.open('INCIDENT_REVIEWED', { incidentId: i.id }),
                        },
                        'Review this incident',
                      )
                    : h('p', { class: 'hint' }, 'Awaiting review by the central authority.'),
              ),
            ),
          ),
    );
  }

  private renderConditions(view: CaseView): void {
    const now = this.ctx.api.now();
    const conditions = view.conditions as Array<{ kind: string; hours?: number; text?: string }>;
    fill(
      this.conditions.body,
      h('h3', null, 'Conditions of the authorisation'),
      conditions.length === 0
        ? h('p', { class: 'hint' }, 'None.')
        : h(
            'ul',
            null,
            conditions.map((c) =>
              h(
                'li',
                null,
                h('strong', null, humanize(c.kind)),
                c.hours !== undefined ? ` (${c.hours} h)` : '',
                c.text ? `: ${c.text}` : '',
                h('p', { class: 'hint' }, CONDITION_MEANING[c.kind] ?? ''),
              ),
            ),
          ),
      h('h3', null, 'Deadlines'),
      view.deadlines.length === 0
        ? h('p', { class: 'hint' }, 'None.')
        : h(
            'ul',
            null,
            view.deadlines.map((d) =>
              h('li', { 'data-due-host': '' }, h('strong', null, humanize(d.about)), ' ', due(d.dueAt, now)),
            ),
          ),
    );
  }

  private mayRecord(type: string): boolean {
    return !!this.view && recordableTypes(this.ctx.meta, this.ctx.identity.role, this.view).includes(type);
  }

  private renderPlaces(): void {
    const view = this.view;
    const pos = (view?.placeOfSafety ?? {}) as Record<string, unknown>;
    const decided =
      Object.keys(pos).length > 0 ? dl(Object.entries(pos).map(([k, v]) => [words(k), shown(v)])) : null;
    const r = this.places;
    const propose = (c: Ranking['candidates'][number]): Child => {
      const prefill: RawValues = { country: c.port.country, port: c.port.name };
      return [
        this.mayRecord('PLACE_OF_SAFETY_PROPOSED')
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary small',
                'data-key': `propose-${c.port.name}`,
                onclick: () =>
                  this.record?.open('PLACE_OF_SAFETY_PROPOSED', {
                    ...prefill,
                    lat: String(c.port.lat),
                    lon: String(c.port.lon),
                  }),
              },
              'Propose',
            )
          : null,
        this.mayRecord('PLACE_OF_SAFETY_DESIGNATED')
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary small',
                'data-key': `designate-${c.port.name}`,
                onclick: () => this.record?.open('PLACE_OF_SAFETY_DESIGNATED', prefill),
              },
              'Designate',
            )
          : null,
      ];
    };
    fill(
      this.placesSection.body,
      decided,
      r
        ? [
            h('h3', null, `Candidates (by sea distance at ${r.speedKnots} kn)`),
            r.candidates.length === 0
              ? h('p', { class: 'hint' }, 'No candidate port.')
              : h(
                  'ol',
                  { class: 'places' },
                  r.candidates
                    .slice(0, 5)
                    .map((c) =>
                      h(
                        'li',
                        { 'data-port': c.port.name },
                        h(
                          'div',
                          { class: 'place-head' },
                          h(
                            'span',
                            null,
                            h('strong', null, c.port.name),
                            ` (${c.port.country}${c.port.locode ? `, ${c.port.locode}` : ''}) — `,
                            c.seaDistanceNm !== null
                              ? `${c.seaDistanceNm} nm, about ${c.hoursToReach} h`
                              : 'no sea route found',
                          ),
                          h('span', { class: 'place-buttons' }, propose(c)),
                        ),
                        h(
                          'div',
                          { class: 'hint' },
                          `medical: ${c.medicalFacilities}, reception: ${c.receptionCapacity}`,
                          c.port.invented?.length ? ' (invented demo figures)' : '',
                          c.conditions ? ` — ${c.conditions}` : '',
                        ),
                      ),
                    ),
                ),
            r.candidates.length > 5
              ? h('p', { class: 'hint' }, `${r.candidates.length - 5} more further away.`)
              : null,
            h('h3', null, 'Excluded'),
            r.excluded.length === 0
              ? h('p', { class: 'hint' }, 'None excluded.')
              : h(
                  'ul',
                  { class: 'excluded' },
                  r.excluded.map((x) =>
                    h(
                      'li',
                      null,
                      icon('cross'),
                      ' ',
                      h('strong', null, x.port.name),
                      ` (${x.port.country}): ${x.reason}`,
                      basisList(x.basis),
                    ),
                  ),
                ),
          ]
        : h('p', { class: 'hint' }, this.placesNote),
    );
  }

  private renderMap(): void {
    const view = this.view;
    if (!view) return;
    const track = trackOf(this.rows.values());
    if (track.length === 0) track.push({ ...view.position, seq: 0 });
    const last = track[track.length - 1]!;
    const best = this.places?.candidates[0];
    const near = (p: LatLon) => Math.abs(p.lat - last.lat) < 2.5 && Math.abs(p.lon - last.lon) < 3;
    const points: LatLon[] = [...track];
    if (best && near(best.port)) points.push(best.port);
    const box = boxAround(points);
    const key = box.join(',');
    if (key !== this.geoKey) {
      this.geoKey = key;
      this.ctx.api
        .get<ConsoleGeo>(`/console/geo?bbox=${key}`)
        .then((geo) => {
          if (this.geoKey !== key || this.stopped) return;
          this.geo = geo;
          this.geoNote = '';
          this.renderMap();
        })
        .catch((err: Error) => {
          this.geoNote = `The chart could not be loaded: ${err.message}`;
          this.geoKey = '';
          fill(this.mapSection.body, h('p', { class: 'hint' }, this.geoNote));
        });
      if (!this.geo) {
        fill(this.mapSection.body, h('p', { class: 'hint' }, this.geoNote));
        return;
      }
    }
    const geo = this.geo;
    if (!geo) return;
    const ports: MapPort[] = [
      ...(this.places?.candidates ?? [])
        .slice(0, 6)
        .map((c, i) => ({ ...c.port, excluded: false, rank: i + 1 })),
      ...(this.places?.excluded ?? []).map((x) => ({ ...x.port, excluded: true })),
    ];
    const states = geo.territorialSea.map((t) => t.state).join(', ');
    const description = `Chart around the vessel: last reported at ${position(last)}, ${zoneText(view.zone)}. ${track.length} reported position${track.length === 1 ? '' : 's'}.${states ? ` Territorial seas in view: ${states}.` : ''}${best ? ` Nearest place of safety: ${best.port.name} (${best.port.country}).` : ''}`;
    fill(
      this.mapSection.body,
      h(
        'div',
        { class: 'map-frame' },
        drawMap({ geo, track, ports, ...(best?.path ? { route: best.path } : {}), description }),
      ),
      h(
        'ul',
        { class: 'legend', 'aria-label': 'Chart legend' },
        h('li', null, h('span', { class: 'key key-ts' }), 'Territorial sea (12 nm) and land'),
        h('li', null, h('span', { class: 'key key-track' }), 'Reported positions'),
        h('li', null, h('span', { class: 'key key-route' }), 'Sea route to the first candidate'),
        h('li', null, h('span', { class: 'key key-port' }), 'Candidate port'),
        h('li', null, h('span', { class: 'key key-excluded' }), 'Excluded port'),
      ),
      h('p', { class: 'hint' }, `Last position ${position(last)}${last.at ? ` at ${utc(last.at)}` : ''}.`),
    );
  }

  private renderVerify(): void {
    const v = this.verify;
    this.verifyBadge.className = `badge ${v === 'checking' ? '' : v === 'failed' ? 'bad' : v.valid ? 'good' : 'bad'}`;
    this.verifyBadge.setAttribute(
      'data-verify',
      v === 'checking' ? 'checking' : v === 'failed' ? 'failed' : v.valid ? 'valid' : 'broken',
    );
    fill(
      this.verifyBadge,
      v === 'checking'
        ? 'checking the chain…'
        : v === 'failed'
          ? 'chain not checked'
          : v.valid
            ? [icon('check'), ` chain verified (${v.entries} ${v.entries === 1 ? 'entry' : 'entries'})`]
            : [
                icon('cross'),
                ` chain BROKEN${v.firstBad ? ` at #${v.firstBad.seq}: ${v.firstBad.problem}` : ''}`,
              ],
    );
  }

  private renderAudit(): void {
    const rows = [...this.rows.values()].sort((a, b) => b.seq - a.seq);
    fill(
      this.audit.body,
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Audit entries, newest first' },
        h(
          'table',
          { class: 'audit' },
          h('caption', { class: 'sr-only' }, 'Audit entries, newest first'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['#', 'Time', 'Who', 'Event', 'Outcome', 'Details', 'Hash'].map((t) =>
                h('th', { scope: 'col', class: t === 'Hash' ? 'hash' : null }, t),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            rows.map((r) => {
              const override = (r.event as { override?: { kind: string; justification: string } }).override;
              return h(
                'tr',
                {
                  'data-seq': r.seq,
                  class: r.outcome === 'refused' ? 'refused' : override ? 'overridden' : '',
                },
                h('td', null, String(r.seq)),
                h('td', { class: 'nowrap' }, r.at ? utc(r.at, true) : '…'),
                h('td', null, r.actor ? `${r.actor.role} · ${r.actor.subject}` : '…'),
                h('td', null, h('code', null, r.type)),
                h(
                  'td',
                  null,
                  r.outcome === 'refused'
                    ? h('span', { class: 'outcome refused' }, icon('lock'), ' refused')
                    : h('span', { class: 'outcome applied' }, 'applied'),
                  override ? h('div', { class: 'override-tag' }, `override: ${override.kind}`) : null,
                ),
                h(
                  'td',
                  null,
                  summarizeEvent(r.event),
                  r.refusal
                    ? h('div', { class: 'refusal-line' }, `${r.refusal.reason}: ${r.refusal.message}`)
                    : null,
                  override
                    ? h('div', { class: 'justification' }, `Justification: ${override.justification}`)
                    : null,
                ),
                h('td', { class: 'mono hash', title: r.hash }, r.hash.slice(0, 10)),
              );
            }),
          ),
        ),
      ),
    );
  }
}
