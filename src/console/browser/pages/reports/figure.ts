/// <reference lib="dom" />
// One indicator on the reports page: a caption naming it and what it serves (the Protocol article or the
// Framework for Action line), the plot, and the same numbers as a table, the plot's text alternative.
import { fill, h } from '../../dom.ts';

export type Cell = string | number;

export interface Numbers {
  head: readonly string[];
  rows: ReadonlyArray<readonly Cell[]>;
}

export interface FigureParts {
  id: string;
  title: string;
  serves: readonly string[];
  // undefined where there is nothing to draw: `empty` says so instead
  plot: (width: number) => Element | undefined;
  empty: string;
  note?: string;
  numbers: Numbers;
}

function numbersTable(title: string, { head, rows }: Numbers): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'numbers' },
      h('caption', { class: 'sr-only' }, title),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            null,
            row.map((c, i) =>
              i === 0
                ? h('th', { scope: 'row' }, c)
                : h('td', { class: typeof c === 'number' ? 'num' : null }, c),
            ),
          ),
        ),
      ),
    ),
  );
}

// The plot is drawn at the width the figure has once on the page.
export function figure(parts: FigureParts): { el: HTMLElement; draw(): void } {
  const caption = `${parts.id}-caption`;
  const box = h('div', { class: 'plot' });
  const el = h(
    'figure',
    { class: 'report-figure', id: parts.id, 'aria-labelledby': caption },
    h(
      'figcaption',
      { id: caption },
      h('span', { class: 'figure-title' }, parts.title),
      h('span', { class: 'serves' }, `Serves: ${parts.serves.join('; ')}.`),
    ),
    box,
    parts.note ? h('p', { class: 'hint' }, parts.note) : null,
    h(
      'details',
      { class: 'numbers' },
      h('summary', null, 'The numbers'),
      parts.numbers.rows.length > 0 ? numbersTable(parts.title, parts.numbers) : h('p', null, parts.empty),
    ),
  );
  const draw = () => {
    const width = Math.max(320, Math.min(1400, Math.floor(box.clientWidth || 640)));
    fill(box, parts.plot(width) ?? h('p', { class: 'hint' }, parts.empty));
  };
  return { el, draw };
}
