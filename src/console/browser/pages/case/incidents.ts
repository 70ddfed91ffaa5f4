/// <reference lib="dom" />
// What the central authority is asked to review, and the button to review it for those who may.
import { fill, h } from '../../dom.ts';
import { humanize, INCIDENT_MEANING } from '../../format.ts';
import type { CaseView } from '../../types.ts';
import { type CaseScope, mayRecord, section } from './parts.ts';

export function incidentsSection(scope: CaseScope): HTMLElement {
  const { el, body } = section('incidents', 'Incidents');
  scope.store.subscribe(['view'], ({ view }) => {
    if (view) render(body, view, scope);
  });
  return el;
}

function render(body: HTMLElement, view: CaseView, { ctx, open }: CaseScope): void {
  const mayReview = mayRecord(ctx, view, 'INCIDENT_REVIEWED');
  fill(
    body,
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
                        onclick: () => open('INCIDENT_REVIEWED', { incidentId: i.id }),
                      },
                      'Review this incident',
                    )
                  : h('p', { class: 'hint' }, 'Awaiting review by the central authority.'),
            ),
          ),
        ),
  );
}
