/// <reference lib="dom" />
// A list of short statements (the grounds of a request) as rows the officer adds and removes, one input
// each. Inputs are named `grounds.0`, as the desk names a problem with one, so its error lands at its row.
import { h } from '../dom.ts';

export interface TextRows {
  el: HTMLElement;
  values(): string[];
}

export function textRows(name: string, id: string, legend: string, noun: string, hint: string): TextRows {
  const list = h('ol', { class: 'text-rows' });
  const current = () => [...list.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value);
  const redraw = (values: string[], focus?: number) => {
    list.replaceChildren(...values.map((v, i) => row(i, v)));
    if (focus !== undefined) list.querySelectorAll<HTMLInputElement>('input')[focus]?.focus();
  };
  const row = (i: number, value: string) =>
    h(
      'li',
      { class: 'field text-row', 'data-field': `${name}.${i}` },
      h('label', { for: `${id}-${i}` }, `${noun} ${i + 1}`),
      h(
        'div',
        { class: 'inline-input' },
        h('input', {
          id: `${id}-${i}`,
          name: `${name}.${i}`,
          type: 'text',
          autocomplete: 'off',
          'aria-describedby': `${id}-${i}-err`,
          value,
        }),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            onclick: () =>
              redraw(
                current().filter((_, j) => j !== i),
                Math.max(0, i - 1),
              ),
          },
          `Remove ${noun.toLowerCase()} ${i + 1}`,
        ),
      ),
      h('p', { class: 'field-error', id: `${id}-${i}-err` }),
    );
  const el = h(
    'fieldset',
    { class: 'field group', 'data-field': name, 'aria-describedby': `${id}-hint ${id}-err` },
    h('legend', null, legend),
    list,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        onclick: () => {
          const values = [...current(), ''];
          redraw(values, values.length - 1);
        },
      },
      `Add a ${noun.toLowerCase()}`,
    ),
    h('p', { class: 'hint', id: `${id}-hint` }, hint),
    h('p', { class: 'field-error', id: `${id}-err` }),
  );
  redraw(['']);
  return {
    el,
    values: () =>
      current()
        .map((v) => v.trim())
        .filter(Boolean),
  };
}
