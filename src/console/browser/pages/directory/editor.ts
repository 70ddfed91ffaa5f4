/// <reference lib="dom" />
// The authority's editor of one directory entry: a State profile (PUT /directory/states/:state) or a
// country assessment (PUT /directory/assessments/:country). The fields come from the desk's schemas
// (meta.bodySchemas); a PUT replaces the whole entry, so what this form does not show of a profile (its
// desk-to-desk exchange keys, standing agreements) goes back as the directory holds it.

import type { Ctx } from '../../context.ts';
import { fill, h } from '../../dom.ts';
import { ALPHA2_PATTERN, type Field } from '../../forms/fields.ts';
import { bodyFields, inputsOf, rawOf, readBody } from '../../record/body-form.ts';
import { showErrors } from '../../record/field-errors.ts';
import type { ApiErrorBody } from '../../types.ts';

export type EntryKind = 'state' | 'country';

// what the profile editor shows: the rest of a profile is kept (see above)
const PROFILE_KEYS = [
  'protocolParty',
  'replyWithinHours',
  'contiguousZoneNm',
  'officeHours',
  'timeZone',
  'languages',
  'contact',
  'rcc',
  'deemedConsent',
];

const KIND = {
  state: { what: 'State profile', key: 'State', path: '/directory/states/' },
  country: { what: 'country assessment', key: 'Country', path: '/directory/assessments/' },
} as const;

export class DirectoryEditor {
  readonly el = h('section', {
    class: 'card directory-editor',
    'aria-labelledby': 'dir-edit-h',
    hidden: true,
  });
  private busy = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly saved: (message: string) => void,
  ) {}

  private fieldsOf(kind: EntryKind): Field[] {
    const schemas = this.ctx.meta.bodySchemas;
    return kind === 'state'
      ? bodyFields('STATE_PROFILE', schemas.stateProfile, PROFILE_KEYS)
      : bodyFields('COUNTRY_ASSESSMENT', schemas.countryAssessment);
  }

  // `code` absent: a new entry, its code typed in; `current`: what the directory holds now.
  open(kind: EntryKind, code: string | undefined, current: Record<string, unknown> | undefined): void {
    const k = KIND[kind];
    const fields = this.fieldsOf(kind);
    const id = `dir-${kind}`;
    const result = h('div', { class: 'record-result', 'aria-live': 'polite' });
    const codeInput = h('input', {
      id: `${id}-code`,
      name: 'code',
      type: 'text',
      class: 'code',
      maxlength: 2,
      autocomplete: 'off',
      autocapitalize: 'characters',
      'aria-required': 'true',
      'aria-describedby': `${id}-code-err`,
      value: code ?? '',
      readonly: code !== undefined,
    });
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'record-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.save(kind, form, fields, codeInput.value, current, result);
        },
      },
      h(
        'div',
        { class: 'field', 'data-field': 'code' },
        h('label', { for: `${id}-code` }, `${k.key} (two-letter code)`),
        codeInput,
        h('p', { class: 'field-error', id: `${id}-code-err` }),
      ),
      h('div', { class: 'fields grid2' }, inputsOf(id, fields, rawOf(fields, current ?? {}))),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, `Save the ${k.what}`),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.close() }, 'Cancel'),
      ),
    );
    fill(
      this.el,
      h('h2', { id: 'dir-edit-h' }, code ? `Edit the ${k.what} of ${code}` : `New ${k.what}`),
      form,
      result,
    );
    this.el.hidden = false;
    this.el.scrollIntoView({ block: 'start' });
    (code ? form.querySelector<HTMLElement>('.fields input, .fields select') : codeInput)?.focus();
  }

  close(): void {
    this.el.hidden = true;
    this.el.replaceChildren();
  }

  private async save(
    kind: EntryKind,
    form: HTMLFormElement,
    fields: Field[],
    typed: string,
    current: Record<string, unknown> | undefined,
    result: HTMLElement,
  ): Promise<void> {
    if (this.busy) return;
    const code = typed.trim().toUpperCase();
    const headline = 'Nothing was saved: check the fields marked.';
    const read = readBody(form, fields);
    const errors = [
      ...(new RegExp(ALPHA2_PATTERN).test(code)
        ? []
        : [{ name: 'code', message: 'a two-letter code, e.g. MT' }]),
      ...(read.ok ? [] : read.errors),
    ];
    if (!read.ok || errors.length > 0) {
      showErrors(form, result, errors, headline);
      return;
    }
    showErrors(form, result, [], headline);
    const kept = Object.fromEntries(
      Object.entries(kind === 'state' ? (current ?? {}) : {}).filter(([key]) => !PROFILE_KEYS.includes(key)),
    );
    this.busy = true;
    const answer = await this.ctx.api
      .put<ApiErrorBody>(`${KIND[kind].path}${code}`, { ...kept, ...read.body })
      .catch((err: Error) => ({
        status: 0,
        body: { error: 'network', message: err.message } as ApiErrorBody,
      }));
    this.busy = false;
    if (answer.status === 200) {
      this.close();
      this.saved(`Saved: the ${KIND[kind].what} of ${code}.`);
      return;
    }
    const err = answer.body;
    if (answer.status === 400 && err.issues) {
      showErrors(
        form,
        result,
        err.issues.map((i) => ({ name: i.path, message: i.message })),
        headline,
      );
      return;
    }
    result.replaceChildren(
      h('div', { class: 'notice error', role: 'alert' }, `Not saved (${answer.status}): ${err.message}`),
    );
  }
}
