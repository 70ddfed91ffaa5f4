/// <reference lib="dom" />
// The case at a glance: the vessel, where it is, who intercepts it and on what basis.
import { fill, h } from '../../dom.ts';
import { humanize, position, utc, vesselName } from '../../format.ts';
import { safetyTag } from '../../law.ts';
import type { CaseView } from '../../types.ts';
import { type CaseScope, dl, suspendedBy, zoneText } from './parts.ts';

export function headerSection({ store }: CaseScope): HTMLElement {
  const el = h('div', { class: 'case-head' }, h('h1', { tabindex: -1 }, 'Loading the case…'));
  store.subscribe(['view'], ({ view }) => {
    if (view) render(el, view);
  });
  return el;
}

function render(head: HTMLElement, view: CaseView): void {
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
  const suspended = suspendedBy(view);
  const safety = safetyTag(view);
  // a redraw must not take the focus away from a screen reader user reading the title
  const focused = document.activeElement === head.querySelector('h1');
  fill(
    head,
    h(
      'div',
      { class: 'case-title' },
      h('h1', { tabindex: -1 }, vesselName(view)),
      h(
        'div',
        { class: 'tags' },
        h('span', { class: `tag status-${view.status}` }, view.status === 'open' ? 'Open' : 'Closed'),
        view.training ? h('span', { class: 'tag training' }, 'Training') : null,
        h('span', { class: 'tag' }, view.kind === 'incoming-request' ? 'Incoming request' : 'Interception'),
        safety
          ? h('span', { class: `tag phase-${safety.tone}`, 'data-safety': safety.tone }, safety.text)
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
          suspended
            ? h(
                'strong',
                { class: 'bad suspended-by', 'data-suspended-by': suspended },
                ` — suspended by ${suspended}`,
              )
            : null,
        ],
      ],
      ['Opened', `${utc(view.openedAt)} · case ${view.id} · version ${view.version}`],
    ]),
  );
  if (focused) head.querySelector<HTMLElement>('h1')?.focus();
}
