/// <reference lib="dom" />
// What the desk warns of, those about where the persons can go first.
import { basisList, fill, h, icon } from '../../dom.ts';
import { humanize, LIFE_WARNINGS, WARNING_TITLE } from '../../format.ts';
import type { CaseView } from '../../types.ts';
import { type CaseScope, mayRecord } from './parts.ts';

// What an officer can record about a warning, beside it.
const WARNING_EVENT: Record<string, string> = {
  MESSAGE_NOT_DELIVERED: 'SENT_BY_OTHER_MEANS',
};

export function warningsSection(scope: CaseScope): HTMLElement {
  const el = h('div', { class: 'warnings-holder' });
  scope.store.subscribe(['view'], ({ view }) => {
    if (view) render(el, view, scope);
  });
  return el;
}

function render(holder: HTMLElement, view: CaseView, { ctx, open }: CaseScope): void {
  if (view.warnings.length === 0) {
    fill(holder);
    return;
  }
  fill(
    holder,
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
              follow && mayRecord(ctx, view, follow)
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'secondary small',
                      'data-key': `warn-${w.code}-${follow}`,
                      onclick: () => open(follow),
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
                      onclick: () => document.getElementById('places')?.scrollIntoView({ block: 'start' }),
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
