/// <reference lib="dom" />
// The conditions the flag State set, and every deadline running, counted down by the shell's clock.
import { fill, h } from '../../dom.ts';
import { CONDITION_MEANING, humanize } from '../../format.ts';
import { due } from '../../times.ts';
import type { CaseView } from '../../types.ts';
import { type CaseScope, section } from './parts.ts';

export function deadlinesSection({ ctx, store }: CaseScope): HTMLElement {
  const { el, body } = section('conditions', 'Conditions and deadlines');
  store.subscribe(['view'], ({ view }) => {
    if (view) render(body, view, ctx.api.now());
  });
  return el;
}

function render(body: HTMLElement, view: CaseView, now: number): void {
  const conditions = view.conditions as Array<{ kind: string; hours?: number; text?: string }>;
  fill(
    body,
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
