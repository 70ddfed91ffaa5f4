/// <reference lib="dom" />
// "Record an event": a form per event type, built from the field table, and what the desk answers. A refusal
// is shown with its reason, message and basis, and, where the law allows it, the overrides it offers: the
// officer writes a justification and the same event goes again with `override: {kind, justification}`.
import { type Answer, ApiError } from './api.ts';
import { basisList, fill, h, icon } from './dom.ts';
import { buildEvent, type Field, type FieldError, RAW_PAYLOAD, type RawValues } from './fields.ts';
import { humanize, words } from './format.ts';
import type { ApiErrorBody, CaseView, Refusal } from './types.ts';

export interface DecisionAnswer {
  outcome: string;
  refusal?: { reason: string; message: string; basis: string[]; allowedOverrides: string[] };
  decision: {
    step: number;
    correct: boolean;
    expected: { type: string };
    expectedOutcome: string;
    basis: string[];
    explanation: string;
  };
}

export interface RecordOptions {
  title: string;
  // event types offered, in the order shown; `suggested` ones first under their own heading
  types: () => { suggested: string[]; others: string[] };
  fields: Record<string, Field[]>;
  view: () => CaseView | undefined;
  send: (event: Record<string, unknown>, idempotencyKey: string) => Promise<Answer<unknown>>;
  // 'decision': a training session's paused decision, answered once and scored
  mode: 'case' | 'decision';
  announce: (message: string) => void;
  onView?: (view: CaseView) => void;
  onConflict?: () => void;
}

const OVERRIDE_LABEL: Record<string, string> = {
  'imminent-danger': 'Record under imminent danger to life (SoM art. 8(5))',
  'recorded-fact': 'Record as a fact that already happened (opens a legal incident)',
};

let counter = 0;

// crypto.randomUUID needs a secure context; a desk on a ship's LAN is often plain http
function randomKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class RecordPanel {
  readonly el: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly select: HTMLSelectElement;
  private readonly fieldBox: HTMLElement;
  private readonly result: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly note = h('p', { class: 'hint' });
  private readonly id = `rec${++counter}`;
  private type = '';
  private busy = false;
  private typesKey = '';
  // a retry of the same body after a network failure reuses its key, so the desk records it once
  private pending: { body: string; key: string } | undefined;

  constructor(private readonly opts: RecordOptions) {
    this.select = h('select', {
      id: `${this.id}-type`,
      name: 'type',
      onchange: () => this.choose(this.select.value),
    });
    this.fieldBox = h('div', { class: 'fields' });
    this.result = h('div', { class: 'record-result', 'aria-live': 'polite' });
    this.submitButton = h('button', { type: 'submit', class: 'primary' }, 'Record');
    this.form = h(
      'form',
      { class: 'record-form', novalidate: true, onsubmit: (e: Event) => this.onSubmit(e) },
      h('div', { class: 'field' }, h('label', { for: `${this.id}-type` }, 'Event'), this.select),
      this.fieldBox,
      h('div', { class: 'form-actions' }, this.submitButton),
    );
    this.el = h(
      'section',
      { class: 'card record', 'aria-labelledby': `${this.id}-h` },
      h('h2', { id: `${this.id}-h` }, opts.title),
      this.note,
      this.form,
      this.result,
    );
    this.refreshTypes();
  }

  // The offered types follow the case (which actions are open); the chosen one and its fields stay.
  refreshTypes(): void {
    const { suggested, others } = this.opts.types();
    const key = JSON.stringify([suggested, others]);
    // rebuilt only when the offer changes, so a live update does not close a list the officer has open
    if (key === this.typesKey) return;
    this.typesKey = key;
    const current = this.type;
    const option = (t: string) => h('option', { value: t, selected: t === current }, `${humanize(t)} (${t})`);
    fill(
      this.select,
      h('option', { value: '' }, '— choose an event —'),
      suggested.length > 0
        ? h('optgroup', { label: 'Closes a required action' }, suggested.map(option))
        : null,
      others.length > 0
        ? h('optgroup', { label: suggested.length > 0 ? 'Other events' : 'Events' }, others.map(option))
        : null,
    );
    this.select.value = current;
  }

  // A paused training decision takes one answer; between decisions the form hides and the verdict stays.
  setEnabled(enabled: boolean, note = ''): void {
    this.form.hidden = !enabled;
    this.note.textContent = enabled ? '' : note;
  }

  // Called by the buttons beside each required action.
  open(type: string, prefill: RawValues = {}): void {
    this.choose(type, prefill);
    this.el.scrollIntoView({ block: 'start', behavior: 'smooth' });
    const first = this.fieldBox.querySelector<HTMLElement>('input, select, textarea') ?? this.submitButton;
    first.focus({ preventScroll: true });
  }

  private choose(type: string, prefill: RawValues = {}): void {
    this.type = type;
    this.select.value = type;
    this.result.replaceChildren();
    const fields = this.fieldsOf(type);
    this.fieldBox.replaceChildren(
      ...(type && fields.length === 0
        ? [h('p', { class: 'hint' }, 'This event has no details to fill in.')]
        : []),
      ...fields.map((f) => this.renderField(f, prefill)),
    );
    this.submitButton.textContent = type ? `Record ${humanize(type)}` : 'Record';
  }

  private fieldsOf(type: string): Field[] {
    if (!type) return [];
    return this.opts.fields[type] ?? [RAW_PAYLOAD];
  }

  private fid(name: string): string {
    return `${this.id}-f-${name.replace(/[^a-zA-Z0-9]/g, '_') || 'payload'}`;
  }

  private renderField(field: Field, prefill: RawValues): HTMLElement {
    const id = this.fid(field.name);
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
      case 'conditions':
        return group(
          field.label,
          h(
            'div',
            { class: 'choices' },
            (field.options ?? []).map((kind) => {
              const cid = `${id}-${kind}`;
              return h(
                'div',
                { class: 'condition' },
                h('input', { type: 'checkbox', id: cid, name: `${field.name}.${kind}` }),
                h('label', { for: cid }, humanize(kind)),
                kind === 'report-results-within'
                  ? h(
                      'span',
                      { class: 'inline-input' },
                      h('label', { for: `${cid}-hours` }, 'hours'),
                      h('input', {
                        type: 'number',
                        min: 1,
                        step: 1,
                        id: `${cid}-hours`,
                        name: `${field.name}.${kind}.hours`,
                        class: 'short',
                      }),
                    )
                  : null,
                kind === 'other'
                  ? h(
                      'span',
                      { class: 'inline-input' },
                      h('label', { for: `${cid}-text` }, 'text'),
                      h('input', { type: 'text', id: `${cid}-text`, name: `${field.name}.${kind}.text` }),
                    )
                  : null,
              );
            }),
          ),
        );
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
        const incidents = this.opts.view()?.incidents ?? [];
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

  private raw(): RawValues {
    const data = new FormData(this.form);
    const raw: RawValues = {};
    for (const field of this.fieldsOf(this.type)) {
      if (field.kind === 'multi') raw[field.name] = data.getAll(field.name).map(String);
      else if (field.kind === 'conditions') {
        for (const kind of field.options ?? []) {
          const key = `${field.name}.${kind}`;
          raw[key] = data.has(key);
          raw[`${key}.hours`] = String(data.get(`${key}.hours`) ?? '');
          raw[`${key}.text`] = String(data.get(`${key}.text`) ?? '');
        }
      } else {
        raw[field.name] = String(data.get(field.name) ?? '');
        if (field.kind === 'alpha2-or-none') raw[`${field.name}.none`] = data.has(`${field.name}.none`);
      }
    }
    return raw;
  }

  private showFieldErrors(errors: FieldError[]): void {
    for (const el of this.fieldBox.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of this.fieldBox.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const loose: FieldError[] = [];
    for (const e of errors) {
      const box = this.fieldBox.querySelector<HTMLElement>(`[data-field="${CSS.escape(e.name)}"]`);
      const err = box?.querySelector('.field-error');
      if (!box || !err) {
        loose.push(e);
        continue;
      }
      err.textContent = e.message;
      box.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    }
    const first = this.fieldBox.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
    if (errors.length > 0) {
      this.result.replaceChildren(
        h(
          'div',
          { class: 'notice error', role: 'alert' },
          h('p', null, 'Nothing was recorded: check the fields marked below.'),
          loose.length > 0
            ? h(
                'ul',
                null,
                loose.map((e) => h('li', null, `${e.name || 'payload'}: ${e.message}`)),
              )
            : null,
        ),
      );
    }
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.submit();
  }

  private async submit(override?: { kind: string; justification: string }): Promise<void> {
    if (this.busy) return;
    if (!this.type) {
      this.result.replaceChildren(
        h('div', { class: 'notice error', role: 'alert' }, 'Choose an event to record.'),
      );
      this.select.focus();
      return;
    }
    const built = buildEvent(this.type, this.fieldsOf(this.type), this.raw());
    if (!built.ok) {
      this.showFieldErrors(built.errors);
      return;
    }
    this.showFieldErrors([]);
    const event = override ? { ...built.event, override } : built.event;
    const body = JSON.stringify(event);
    const key = this.pending?.body === body ? this.pending.key : randomKey();
    this.pending = { body, key };
    this.busy = true;
    this.submitButton.disabled = true;
    this.result.replaceChildren(h('p', { class: 'hint' }, 'Sending…'));
    let answer: Answer<unknown>;
    try {
      answer = await this.opts.send(event, key);
    } catch (err) {
      this.busy = false;
      this.submitButton.disabled = false;
      const message =
        err instanceof ApiError && err.status === 0
          ? 'The desk cannot be reached. Nothing is known to be recorded: press Record again when the link is back (it will not be recorded twice).'
          : (err as Error).message;
      this.result.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, message));
      return;
    }
    this.busy = false;
    this.submitButton.disabled = false;
    this.pending = undefined;
    if (this.opts.mode === 'decision') this.decisionAnswer(answer);
    else this.caseAnswer(answer, event.type as string, override);
  }

  private caseAnswer(answer: Answer<unknown>, type: string, override?: { kind: string }): void {
    const body = answer.body as
      | (Omit<ApiErrorBody, 'error'> & Partial<Refusal> & { error?: string })
      | CaseView;
    if (answer.status === 200) {
      const view = body as CaseView;
      this.opts.onView?.(view);
      const incident =
        override?.kind === 'recorded-fact'
          ? ' An incident was opened for the central authority to review.'
          : '';
      const message = `Recorded: ${humanize(type)}${override ? ` (override: ${override.kind})` : ''}.${incident}`;
      this.opts.announce(message);
      this.form.reset();
      this.choose('', {});
      this.result.replaceChildren(
        h('div', { class: 'notice ok', role: 'status' }, icon('check'), ` ${message}`),
      );
      return;
    }
    const err = body as Omit<ApiErrorBody, 'error'> & Omit<Partial<Refusal>, 'error'> & { error?: string };
    if (answer.status === 409 && err.error === 'refused') {
      if (err.view) this.opts.onView?.(err.view);
      this.showRefusal(err as Refusal, type);
      return;
    }
    if (answer.status === 409 && err.error === 'version-conflict') {
      this.opts.onConflict?.();
      this.result.replaceChildren(
        h(
          'div',
          { class: 'notice error', role: 'alert' },
          `Not recorded: the case changed while you were deciding (it is now at version ${err.currentVersion ?? '?'}). Look at the updated case, then record again.`,
        ),
      );
      return;
    }
    if (answer.status === 400 && err.issues) {
      this.showFieldErrors(err.issues.map((i) => ({ name: i.path, message: i.message })));
      return;
    }
    this.result.replaceChildren(
      h(
        'div',
        { class: 'notice error', role: 'alert' },
        `Not recorded (${answer.status} ${err.error ?? ''}): ${err.message ?? ''}`,
      ),
    );
  }

  private showRefusal(refusal: Refusal, type: string): void {
    const justId = `${this.id}-just`;
    const justErr = `${justId}-err`;
    const justification = h('textarea', {
      id: justId,
      rows: 3,
      'aria-describedby': justErr,
      'aria-required': 'true',
    });
    const justError = h('p', { class: 'field-error', id: justErr });
    const overrides = refusal.allowedOverrides ?? [];
    const box = h(
      'div',
      { class: 'refusal', role: 'alert' },
      h('h3', null, icon('lock'), ` Refused: ${humanize(type)}`),
      h('p', { class: 'refusal-message' }, refusal.message),
      h('p', null, 'Reason: ', h('code', null, refusal.reason)),
      refusal.basis?.length ? h('div', null, h('span', null, 'Basis: '), basisList(refusal.basis)) : null,
      overrides.length > 0
        ? h(
            'div',
            { class: 'overrides' },
            h(
              'p',
              null,
              'If the crew had to act anyway, record it with a written justification. It enters the audit trail and the central authority reviews it.',
            ),
            h('label', { for: justId }, 'Justification', h('span', { class: 'req' }, ' (required)')),
            justification,
            justError,
            h(
              'div',
              { class: 'form-actions' },
              overrides.map((kind) =>
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'override',
                    'data-override': kind,
                    onclick: () => {
                      const text = justification.value.trim();
                      if (!text) {
                        justError.textContent = 'Write why the step was necessary before recording it.';
                        justification.setAttribute('aria-invalid', 'true');
                        justification.focus();
                        return;
                      }
                      void this.submit({ kind, justification: text });
                    },
                  },
                  OVERRIDE_LABEL[kind] ?? `Record with override ${kind}`,
                ),
              ),
            ),
          )
        : h(
            'p',
            { class: 'no-override' },
            'No override is available: the law does not allow this step to be recorded now.',
          ),
    );
    this.result.replaceChildren(box);
    this.opts.announce(`Refused: ${refusal.message}`);
  }

  private decisionAnswer(answer: Answer<unknown>): void {
    if (answer.status !== 200) {
      const err = answer.body as ApiErrorBody;
      if (answer.status === 400 && err.issues) {
        this.showFieldErrors(err.issues.map((i) => ({ name: i.path, message: i.message })));
        return;
      }
      this.result.replaceChildren(
        h('div', { class: 'notice error', role: 'alert' }, err.message ?? `answer ${answer.status}`),
      );
      return;
    }
    const a = answer.body as DecisionAnswer;
    const d = a.decision;
    this.form.reset();
    this.choose('', {});
    this.result.replaceChildren(
      h(
        'div',
        { class: `notice ${d.correct ? 'ok' : 'error'}`, role: 'alert' },
        h(
          'p',
          null,
          icon(d.correct ? 'check' : 'cross'),
          ` Step ${d.step}: ${d.correct ? 'Correct.' : 'Not the expected decision.'}`,
        ),
        h('p', null, d.explanation),
        a.refusal ? h('p', null, `The desk refused your event: ${a.refusal.message}`) : null,
        h('p', null, `Expected: ${humanize(d.expected.type)} (${d.expectedOutcome})`),
        basisList(d.basis),
      ),
    );
    this.opts.announce(d.correct ? 'Decision correct.' : 'Decision not the expected one.');
  }
}
