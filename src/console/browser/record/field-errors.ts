/// <reference lib="dom" />
// What the desk or the form's own check found wrong, shown where the officer typed it: the event forms and
// the authority's body forms alike.
import { h } from '../dom.ts';
import type { FieldError } from '../forms/build.ts';

// Each error beside its field (`data-field`, as inputs.ts names them); those with no field listed in
// `result`, under `headline`. The first field in error takes the focus.
export function showErrors(
  box: HTMLElement,
  result: HTMLElement,
  errors: readonly FieldError[],
  headline: string,
): void {
  for (const el of box.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of box.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  result.replaceChildren();
  if (errors.length === 0) return;
  const loose: FieldError[] = [];
  for (const e of errors) {
    const at = box.querySelector<HTMLElement>(`[data-field="${CSS.escape(e.name)}"]`);
    const err = at?.querySelector(':scope > .field-error') ?? at?.querySelector('.field-error');
    if (!at || !err) {
      loose.push(e);
      continue;
    }
    err.textContent = e.message;
    at.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
  }
  result.replaceChildren(
    h(
      'div',
      { class: 'notice error', role: 'alert' },
      h('p', null, headline),
      loose.length > 0
        ? h(
            'ul',
            null,
            loose.map((e) => h('li', null, `${e.name || 'body'}: ${e.message}`)),
          )
        : null,
    ),
  );
  box.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
