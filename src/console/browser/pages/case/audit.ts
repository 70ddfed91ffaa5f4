/// <reference lib="dom" />
// Everything recorded on the case, newest first, refusals and overrides marked, with whether the hash chain
// still holds.
import { fill, h, icon } from '../../dom.ts';
import { utc } from '../../format.ts';
import { summarizeEvent } from '../../law.ts';
import { type CaseScope, section } from './parts.ts';
import type { CaseState, Row } from './store.ts';

export function auditSection({ store }: CaseScope): HTMLElement {
  const badge = h('span', { class: 'badge' });
  const { el, body } = section('audit', 'Audit trail', ' ', badge);
  // apart, so a chain check answering does not redraw the table the officer may be scrolling
  store.subscribe(['verify'], ({ verify }) => renderVerify(badge, verify));
  store.subscribe(['rows'], ({ rows }) => renderRows(body, rows));
  return el;
}

function renderVerify(badge: HTMLElement, v: CaseState['verify']): void {
  badge.className = `badge ${v === 'checking' ? '' : v === 'failed' ? 'bad' : v.valid ? 'good' : 'bad'}`;
  badge.setAttribute(
    'data-verify',
    v === 'checking' ? 'checking' : v === 'failed' ? 'failed' : v.valid ? 'valid' : 'broken',
  );
  fill(
    badge,
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

function row(r: Row): HTMLElement {
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
      r.refusal ? h('div', { class: 'refusal-line' }, `${r.refusal.reason}: ${r.refusal.message}`) : null,
      override ? h('div', { class: 'justification' }, `Justification: ${override.justification}`) : null,
    ),
    h('td', { class: 'mono hash', title: r.hash }, r.hash.slice(0, 10)),
  );
}

function renderRows(body: HTMLElement, rows: CaseState['rows']): void {
  const newestFirst = [...rows.values()].sort((a, b) => b.seq - a.seq);
  fill(
    body,
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
        h('tbody', null, newestFirst.map(row)),
      ),
    ),
  );
}
