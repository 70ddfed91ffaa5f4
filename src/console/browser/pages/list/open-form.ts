/// <reference lib="dom" />
// "Open a case" on the case list: the opening report, checked here for what the officer can fix at once,
// then sent; the desk's own answer (a 400 naming each field) is shown as it comes.
import type { Ctx } from '../../context.ts';
import { fill, h } from '../../dom.ts';
import { POSITION_EXAMPLE, positionInput, readPositionText } from '../../record/position-input.ts';
import type { ApiErrorBody, CaseView } from '../../types.ts';

// The opening report (contract.md): what the patrol knows when it first meets the vessel, drawn into `box`.
export function showOpenForm(ctx: Ctx, box: HTMLElement): void {
  const training = ctx.identity.role === 'trainer';
  const error = h('div', { 'aria-live': 'polite' });
  const field = (name: string, label: string, attrs: Record<string, string | number | boolean> = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `open-${name}` }, label),
      h('input', { id: `open-${name}`, name, type: 'text', autocomplete: 'off', ...attrs }),
    );
  const check = (name: string, label: string) =>
    h(
      'div',
      { class: 'choice' },
      h('input', { type: 'checkbox', id: `open-${name}`, name }),
      h('label', { for: `open-${name}` }, label),
    );
  const form = h(
    'form',
    {
      class: 'card open-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void submitOpen(ctx, form, error, training);
      },
    },
    h('h2', null, training ? 'Open a training case' : 'Open a case'),
    h(
      'div',
      { class: 'grid2' },
      field('interceptingState', 'Intercepting State (code, e.g. IT)', {
        maxlength: 2,
        class: 'code',
        required: true,
      }),
      field('unitName', 'Unit (name)', { required: true }),
    ),
    h(
      'fieldset',
      { class: 'field group' },
      h('legend', null, 'The unit is'),
      h(
        'div',
        { class: 'choices inline' },
        check('governmentService', 'on government service'),
        check('clearlyMarked', 'clearly marked'),
        check('authorised', 'authorised'),
      ),
    ),
    h(
      'div',
      { class: 'grid2' },
      field('vesselName', 'Vessel name'),
      field('description', 'Description'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'open-flag' }, 'Flag shown (code; empty: not seen yet)'),
        h(
          'div',
          { class: 'inline-input' },
          h('input', { id: 'open-flag', name: 'flag', type: 'text', maxlength: 2, class: 'code' }),
          h('input', { type: 'checkbox', id: 'open-noflag', name: 'noflag' }),
          h('label', { for: 'open-noflag' }, 'no flag shown'),
        ),
      ),
      field('mmsi', 'MMSI'),
      // one field, as a GPS shows it (record/position-input.ts): named `position~position` in the form
      positionInput(
        { name: 'position', kind: 'number', label: 'Position', required: true },
        'open-position',
        {},
      ),
      field('persons', 'Persons on board (estimate)', { type: 'number', min: 0 }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'open-grounds' }, 'Grounds for suspicion (one per line)'),
      h('textarea', { id: 'open-grounds', name: 'grounds', rows: 2 }),
    ),
    error,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Open the case'),
      h('button', { type: 'button', class: 'secondary', onclick: () => fill(box) }, 'Cancel'),
    ),
  );
  fill(box, form);
  form.querySelector<HTMLInputElement>('input')?.focus();
}

async function submitOpen(
  ctx: Ctx,
  form: HTMLFormElement,
  error: HTMLElement,
  training: boolean,
): Promise<void> {
  const d = new FormData(form);
  const text = (k: string) => String(d.get(k) ?? '').trim();
  const position = readPositionText(text('position~position'));
  const problems: string[] = [];
  if (!/^[A-Za-z]{2}$/.test(text('interceptingState')))
    problems.push('Intercepting State: a two-letter code');
  if (!text('unitName')) problems.push('Unit: its name');
  const positionProblem =
    position === undefined
      ? `where the vessel is, e.g. ${POSITION_EXAMPLE}`
      : typeof position === 'string'
        ? `Not a position: ${position}`
        : '';
  if (positionProblem) problems.push(`Position: ${positionProblem}`);
  if (text('flag') && !/^[A-Za-z]{2}$/.test(text('flag'))) problems.push('Flag: a two-letter code');
  // the position's problem also at its field, as leaving the field would name it
  const positionError = form.querySelector('#open-position-err');
  const positionInputEl = form.querySelector('#open-position');
  if (positionError) positionError.textContent = positionProblem;
  if (positionProblem) positionInputEl?.setAttribute('aria-invalid', 'true');
  else positionInputEl?.removeAttribute('aria-invalid');
  if (problems.length > 0 || typeof position !== 'object') {
    fill(
      error,
      h(
        'div',
        { class: 'notice error', role: 'alert' },
        h('p', null, 'The case was not opened:'),
        h(
          'ul',
          null,
          problems.map((p) => h('li', null, p)),
        ),
      ),
    );
    return;
  }
  const grounds = text('grounds')
    .split('\n')
    .map((g) => g.trim())
    .filter(Boolean);
  const vessel: Record<string, unknown> = {};
  if (text('vesselName')) vessel.name = text('vesselName');
  if (text('description')) vessel.description = text('description');
  if (d.has('noflag')) vessel.flag = null;
  else if (text('flag')) vessel.flag = text('flag').toUpperCase();
  if (text('mmsi')) vessel.mmsi = text('mmsi');
  const body = {
    interceptingState: text('interceptingState').toUpperCase(),
    unit: {
      name: text('unitName'),
      governmentService: d.has('governmentService'),
      clearlyMarked: d.has('clearlyMarked'),
      authorised: d.has('authorised'),
    },
    vessel,
    position,
    ...(text('persons') ? { personsOnBoard: Number(text('persons')) } : {}),
    ...(grounds.length > 0 ? { grounds } : {}),
    ...(training ? { training: true } : {}),
  };
  const answer = await ctx.api
    .post<CaseView | ApiErrorBody>('/cases', body)
    .catch((err: Error) => ({ status: 0, body: { error: 'network', message: err.message } }));
  if (answer.status === 201) {
    const view = answer.body as CaseView;
    ctx.announce('Case opened.');
    location.hash = `#/case/${encodeURIComponent(view.id)}`;
    return;
  }
  const err = answer.body as ApiErrorBody;
  fill(
    error,
    h(
      'div',
      { class: 'notice error', role: 'alert' },
      h('p', null, `The case was not opened: ${err.message}`),
      err.issues?.length
        ? h(
            'ul',
            null,
            err.issues.map((i) => h('li', null, `${i.path || 'body'}: ${i.message}`)),
          )
        : null,
    ),
  );
}
