/// <reference lib="dom" />
// One input per kind of field, and what the officer entered read back in the shape buildEvent takes. Both
// sides name the inputs (an optional flag's "none" box, a condition's hours and text), so they live together.
import { h } from '../dom.ts';
import { humanize, words } from '../format.ts';
import type { Field, RawValues } from '../forms/fields.ts';
import type { CaseView } from '../types.ts';

// `id` names the input and, with suffixes, its hint and error; the incidents are the case's, for a field that
// picks one of them.
export function fieldInput(
  field: Field,
  id: string,
  prefill: RawValues,
  incidents: CaseView['incidents'],
): HTMLElement {
  const errId = `${id}-err`;
  const described = field.hint ? `${id}-hint ${errId}` : errId;
  const pre = prefill[field.name];
  const text = typeof pre === 'string' ? pre : '';
  // a field of an optional object (casualties, destination) is needed only once the object is given
  const req = () =>
    field.required
      ? h(
          'span',
          { class: 'req' },
          field.within
            ? ` (required if any ${words(field.within).toLowerCase()} field is filled in)`
            : ' (required)',
        )
      : null;
  const label = h('label', { for: id }, field.label, req());
  const hint = field.hint ? h('p', { class: 'hint', id: `${id}-hint` }, field.hint) : null;
  const err = h('p', { class: 'field-error', id: errId });
  const common = {
    id,
    name: field.name,
    'aria-describedby': described,
    ...(field.required && !field.within ? { 'aria-required': 'true' } : {}),
  };
  const group = (legend: string, ...children: HTMLElement[]) =>
    h(
      'fieldset',
      { class: 'field group', 'data-field': field.name, 'aria-describedby': described },
      h('legend', null, legend, req()),
      ...children,
      hint,
      err,
    );
  const choice = (
    type: 'radio' | 'checkbox',
    name: string,
    value: string,
    text: string,
    checked: boolean,
  ) => {
    const cid = `${id}-${value.replace(/[^a-zA-Z0-9]/g, '_')}`;
    return h(
      'div',
      { class: 'choice' },
      h('input', { type, id: cid, name, value, checked }),
      h('label', { for: cid }, text),
    );
  };

  switch (field.kind) {
    case 'textarea':
    case 'lines':
    case 'records':
    case 'json':
      return h(
        'div',
        { class: 'field', 'data-field': field.name },
        label,
        h('textarea', {
          ...common,
          rows: field.kind === 'json' ? 4 : field.kind === 'records' ? 3 : 2,
          class: field.kind === 'json' ? 'mono' : null,
          placeholder: field.placeholder ?? null,
          value: text,
        }),
        hint,
        err,
      );
    case 'bool':
      return group(
        field.label,
        h(
          'div',
          { class: 'choices inline' },
          choice('radio', field.name, 'yes', 'Yes', pre === 'yes'),
          choice('radio', field.name, 'no', 'No', pre === 'no'),
        ),
      );
    case 'optbool':
      return group(
        field.label,
        h(
          'div',
          { class: 'choices inline' },
          choice('radio', field.name, '', 'Not known', pre !== 'yes' && pre !== 'no'),
          choice('radio', field.name, 'yes', 'Yes', pre === 'yes'),
          choice('radio', field.name, 'no', 'No', pre === 'no'),
        ),
      );
    case 'multi': {
      const chosen = new Set(Array.isArray(pre) ? pre : []);
      return group(
        field.label,
        h(
          'div',
          { class: (field.options?.length ?? 0) > 4 ? 'choices columns' : 'choices inline' },
          (field.options ?? []).map((o) => choice('checkbox', field.name, o, humanize(o), chosen.has(o))),
        ),
      );
    }
    case 'radio':
      return group(
        field.label,
        h(
          'div',
          { class: 'choices inline' },
          (field.options ?? []).map((o) => choice('radio', field.name, o, humanize(o), pre === o)),
        ),
      );
    case 'conditions':
      return group(field.label, conditionRows(field, id));
    case 'nullable-object': {
      const [absent, given, none] = field.choices ?? ['Not stated', 'Given', 'None'];
      const parts = h(
        'div',
        { class: 'parts', hidden: pre !== 'given' },
        (field.parts ?? []).map((p) => fieldInput(p, `${id}-${p.name.split('.').pop()}`, prefill, incidents)),
      );
      const radio = (value: string, text: string) => {
        const box = choice('radio', field.name, value, text, (pre ?? '') === value);
        box.querySelector('input')?.addEventListener('change', () => {
          parts.hidden = value !== 'given';
        });
        return box;
      };
      return group(
        field.label,
        h('div', { class: 'choices inline' }, radio('', absent), radio('given', given), radio('none', none)),
        parts,
      );
    }
    case 'const':
      // the law allows this one value only; shown so the officer sees what is recorded
      return h(
        'div',
        { class: 'field', 'data-field': field.name },
        label,
        h('input', {
          ...common,
          type: 'text',
          readonly: true,
          class: 'short',
          value: humanize(field.value ?? ''),
        }),
        hint,
        err,
      );
    case 'enum': {
      const select = h(
        'select',
        common,
        h('option', { value: '' }, field.required && !field.within ? '— choose —' : '— not stated —'),
        (field.options ?? []).map((o) => h('option', { value: o, selected: o === text }, humanize(o))),
      );
      return h('div', { class: 'field', 'data-field': field.name }, label, select, hint, err);
    }
    case 'incident': {
      const open = incidents.filter((i) => !i.reviewed);
      if (open.length === 0 && !text) {
        return h(
          'div',
          { class: 'field', 'data-field': field.name },
          label,
          h('input', { ...common, type: 'text', value: text }),
          hint,
          err,
        );
      }
      return h(
        'div',
        { class: 'field', 'data-field': field.name },
        label,
        h(
          'select',
          common,
          h('option', { value: '' }, '— choose —'),
          open.map((i) =>
            h(
              'option',
              { value: i.id, selected: i.id === text },
              `${humanize(i.category)}: ${i.event} (${i.id})`,
            ),
          ),
        ),
        hint,
        err,
      );
    }
    case 'alpha2-or-none': {
      const noneId = `${id}-none`;
      return h(
        'div',
        { class: 'field', 'data-field': field.name },
        label,
        h(
          'div',
          { class: 'inline-input' },
          h('input', {
            ...common,
            type: 'text',
            class: 'code',
            maxlength: 2,
            autocapitalize: 'characters',
            autocomplete: 'off',
            value: text,
          }),
          h('input', { type: 'checkbox', id: noneId, name: `${field.name}.none` }),
          h('label', { for: noneId }, 'none'),
        ),
        hint,
        err,
      );
    }
    default: {
      const attrs =
        field.kind === 'int'
          ? {
              type: 'number',
              min: field.min ?? 0,
              max: field.max ?? null,
              step: 1,
              inputmode: 'numeric',
              class: 'short',
            }
          : field.kind === 'number'
            ? { type: 'text', inputmode: 'decimal', class: 'short', autocomplete: 'off' }
            : field.kind === 'alpha2'
              ? {
                  type: 'text',
                  maxlength: 2,
                  class: 'code',
                  autocapitalize: 'characters',
                  autocomplete: 'off',
                }
              : { type: 'text', autocomplete: 'off' };
      return h(
        'div',
        { class: 'field', 'data-field': field.name },
        label,
        h('input', { ...common, ...attrs, placeholder: field.placeholder ?? null, value: text }),
        hint,
        err,
      );
    }
  }
}

export function readFields(form: HTMLFormElement, fields: readonly Field[]): RawValues {
  const data = new FormData(form);
  const raw: RawValues = {};
  for (const field of fields) {
    if (field.kind === 'multi') raw[field.name] = data.getAll(field.name).map(String);
    else if (field.kind === 'conditions') {
      // each row's kind, hours and text, as `conditions.0.kind`
      for (const [key, value] of data) if (key.startsWith(`${field.name}.`)) raw[key] = String(value);
    } else if (field.kind === 'nullable-object') {
      raw[field.name] = String(data.get(field.name) ?? '');
      Object.assign(raw, readFields(form, field.parts ?? []));
    } else {
      raw[field.name] = String(data.get(field.name) ?? '');
      if (field.kind === 'alpha2-or-none') raw[`${field.name}.none`] = data.has(`${field.name}.none`);
    }
  }
  return raw;
}

// Conditions as rows, each its kind, hours and text (contract.md, Conditions), added and removed by the
// officer. Inputs are named `conditions.0.kind`, as the desk names a problem with one (issues' paths), so an
// error lands beside the value it is about.
function conditionRows(field: Field, id: string): HTMLElement {
  const list = h('ol', { class: 'condition-rows' });
  type Values = { kind: string; hours: string; text: string };
  const valuesOf = (li: Element): Values => {
    const get = (part: string) => li.querySelector<HTMLInputElement>(`[data-part="${part}"]`)?.value ?? '';
    return { kind: get('kind'), hours: get('hours'), text: get('text') };
  };
  const redraw = (rows: Values[], focus?: number) => {
    list.replaceChildren(...rows.map((v, i) => row(i, v)));
    if (focus !== undefined) list.querySelectorAll<HTMLElement>('[data-part="kind"]')[focus]?.focus();
  };
  const current = () => [...list.children].map(valuesOf);
  const row = (i: number, v: Values) => {
    const name = (part: string) => `${field.name}.${i}.${part}`;
    const rid = (part: string) => `${id}-${i}-${part}`;
    // every label names its row, for a screen reader reading one input alone
    const cell = (part: string, label: string, input: HTMLElement) =>
      h(
        'div',
        { class: `field cell-${part}`, 'data-field': name(part) },
        h(
          'label',
          { for: rid(part) },
          label,
          part === 'kind' ? null : h('span', { class: 'sr-only' }, ` (condition ${i + 1})`),
        ),
        input,
        h('p', { class: 'field-error', id: `${rid(part)}-err` }),
      );
    const common = (part: string) => ({
      id: rid(part),
      name: name(part),
      'data-part': part,
      'aria-describedby': `${rid(part)}-err`,
    });
    return h(
      'li',
      { class: 'condition-row' },
      cell(
        'kind',
        `Condition ${i + 1}`,
        h(
          'select',
          common('kind'),
          h('option', { value: '' }, '— choose —'),
          (field.options ?? []).map((o) => h('option', { value: o, selected: o === v.kind }, humanize(o))),
        ),
      ),
      cell(
        'hours',
        'Hours',
        h('input', {
          ...common('hours'),
          type: 'number',
          min: 1,
          step: 'any',
          inputmode: 'decimal',
          class: 'short',
          value: v.hours,
        }),
      ),
      cell(
        'text',
        'Text',
        h('input', { ...common('text'), type: 'text', autocomplete: 'off', value: v.text }),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          onclick: () => redraw(current().filter((_, j) => j !== i)),
        },
        `Remove condition ${i + 1}`,
      ),
    );
  };
  const add = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'data-add': field.name,
      onclick: () => {
        const rows = [...current(), { kind: '', hours: '', text: '' }];
        redraw(rows, rows.length - 1);
      },
    },
    'Add a condition',
  );
  return h('div', { class: 'conditions' }, list, add);
}
