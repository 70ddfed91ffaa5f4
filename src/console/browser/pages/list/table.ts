/// <reference lib="dom" />
// One row per case, in the order given (law.ts, rankCases): what the watch needs to find the vessel and the
// unit and to see what is owed, without opening the case.
import { h, icon } from '../../dom.ts';
import { humanize, position, utc, vesselName } from '../../format.ts';
import { inDistressNow, isLifeAction, type Rankable } from '../../law.ts';
import { due, since } from '../../times.ts';
import type { CaseSummary, CaseView } from '../../types.ts';

export interface ListRow extends Rankable {
  summary: CaseSummary;
  // absent when it could not be fetched: the row shows what the summary has
  view: CaseView | undefined;
  // when the present distress was recorded, for an open case in distress
  distressAt: string | undefined;
  // arrived on the stream with a life action while the list was shown
  fresh: boolean;
}

const HEADINGS = [
  'Vessel',
  'On board',
  'Last position',
  'Unit',
  'Status',
  'Next due',
  'Top action',
  'Legal basis',
  'Opened',
];

export function casesTable(rows: readonly ListRow[], now: number): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap card' },
    h(
      'table',
      { class: 'cases' },
      h('caption', { class: 'sr-only' }, 'Cases: life first, then overdue, then by the next due time'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          HEADINGS.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) => row(r, now)),
      ),
    ),
  );
}

function row(r: ListRow, now: number): HTMLElement {
  const { summary: c, view } = r;
  const unit = view?.unit as { name?: string } | undefined;
  const onBoard = (view?.persons as { onBoard?: unknown } | undefined)?.onBoard;
  const classes = [
    c.status,
    r.life && r.status === 'open' ? 'has-life' : '',
    c.overdue ? 'is-overdue' : '',
    r.fresh ? 'is-new' : '',
  ];
  return h(
    'tr',
    {
      class: classes.filter(Boolean).join(' '),
      'data-case': c.id,
      'data-due-host': c.nextDueAt ? '' : null,
    },
    h(
      'td',
      null,
      h(
        'a',
        { href: `#/case/${encodeURIComponent(c.id)}`, 'data-key': `case-${c.id}` },
        view ? vesselName(view) : (c.vesselName ?? 'Unnamed vessel'),
      ),
      h(
        'div',
        { class: 'hint mono' },
        c.id.slice(0, 8),
        r.fresh ? h('span', { class: 'tag new' }, 'new') : null,
      ),
    ),
    h('td', { class: 'on-board' }, typeof onBoard === 'number' ? String(onBoard) : 'unknown'),
    h('td', { class: 'nowrap position' }, view ? position(view.position) : '—'),
    h('td', { class: 'unit' }, unit?.name ?? view?.interceptingState ?? '—'),
    h(
      'td',
      { class: 'state' },
      h('span', { class: `tag status-${c.status}` }, c.status),
      c.training ? h('span', { class: 'tag training' }, 'training') : null,
      r.status === 'open' && view && inDistressNow(view)
        ? h(
            'div',
            { class: 'distress' },
            r.distressAt
              ? since('distress', r.distressAt, now)
              : h('span', { class: 'tag phase-distress' }, 'distress'),
          )
        : null,
    ),
    h('td', null, c.nextDueAt ? due(c.nextDueAt, now) : '—'),
    h('td', null, topAction(r)),
    h('td', null, humanize(c.legalBasis)),
    h('td', null, utc(c.openedAt)),
  );
}

// the view's first action when there is one: fresher than the summary after an entry on the stream
function topAction({ summary, view }: ListRow): HTMLElement | string {
  const top = view
    ? view.requiredActions[0]
    : summary.topAction
      ? { code: summary.topAction, priority: summary.topPriority }
      : undefined;
  if (!top) return '—';
  if (!isLifeAction(top)) return humanize(top.code);
  return h(
    'span',
    { class: 'life-inline' },
    h('span', { class: 'life-badge small' }, icon('life'), h('span', null, 'LIFE')),
    ' ',
    humanize(top.code),
  );
}
