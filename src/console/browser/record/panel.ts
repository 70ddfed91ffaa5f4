/// <reference lib="dom" />
// "Record an event": a form per event type, derived from the desk's schemas (forms/fields.ts), and what the
// desk answers. A refusal is shown with its reason, message and basis, and, where the law allows it, the
// overrides it offers: the officer writes a justification and the same event goes again with
// `override: {kind, justification}`.
import { type Answer, ApiError } from '../api.ts';
import { fill, h, icon } from '../dom.ts';
import { humanize } from '../format.ts';
import { buildEvent, type FieldError } from '../forms/build.ts';
import type { Field, RawValues } from '../forms/fields.ts';
import type { ApiErrorBody, CaseView, Offer, Refusal } from '../types.ts';
import { type DecisionAnswer, type Override, refusalBox, verdict } from './answers.ts';
import { showErrors } from './field-errors.ts';
import { fieldInput, readFields } from './inputs.ts';
import { offerNote } from './offer-note.ts';
import { atPositions, positionInput, positionPairs, readPositions } from './position-input.ts';

export interface RecordOptions {
  title: string;
  // event types offered, in the order shown; `suggested` ones first under their own heading; those the law
  // refuses now, or does not expect now, last and apart (law.ts, offeredTypes)
  types: () => { suggested: string[]; others: string[]; refused?: string[]; notNow?: string[] };
  // what the desk says the law would answer to a type now, shown above its form
  offer?: (type: string) => Offer | undefined;
  fields: Record<string, Field[]>;
  view: () => CaseView | undefined;
  send: (event: Record<string, unknown>, idempotencyKey: string) => Promise<Answer<unknown>>;
  // 'decision': a training session's paused decision, answered once and scored
  mode: 'case' | 'decision';
  announce: (message: string) => void;
  onView?: (view: CaseView) => void;
  // after the desk applied the event and the form was cleared (not after a refusal, which is read here)
  onRecorded?: () => void;
  onConflict?: () => void;
}

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
  private readonly offerBox = h('div', { class: 'offer-box' });
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
      this.offerBox,
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
    const { suggested, others, refused = [], notNow = [] } = this.opts.types();
    const key = JSON.stringify([suggested, others, refused, notNow]);
    // rebuilt only when the offer changes, so a live update does not close a list the officer has open
    if (key !== this.typesKey) {
      this.typesKey = key;
      const current = this.type;
      const option = (t: string, note = '') =>
        h('option', { value: t, selected: t === current }, `${humanize(t)} (${t})${note}`);
      const group = (label: string, types: string[], note = '') =>
        types.length > 0
          ? h(
              'optgroup',
              { label },
              types.map((t) => option(t, note)),
            )
          : null;
      const rest = suggested.length + refused.length + notNow.length > 0;
      fill(
        this.select,
        h('option', { value: '' }, '— choose an event —'),
        group('Closes a required action', suggested),
        group(rest ? 'Other steps' : 'Events', others),
        group('Other steps: refused now', refused, ' — refused now'),
        group('Other steps: not expected now', notNow, ' — not expected now'),
      );
      this.select.value = current;
    }
    this.showOffer();
  }

  // What the desk says of the chosen step now: it follows the case, so no form stays inviting a step the law
  // no longer expects.
  private showOffer(): void {
    const offer = this.type ? this.opts.offer?.(this.type) : undefined;
    fill(this.offerBox, offerNote(offer, this.fieldsOf(this.type), `${this.id}-offer`));
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
    const incidents = this.opts.view()?.incidents ?? [];
    // a latitude and its longitude are typed as one position, as a GPS shows it (position-input.ts)
    const pairs = positionPairs(fields);
    const longitudes = new Set(pairs.values());
    const inputId = (f: Field) => `${this.id}-f-${f.name.replace(/[^a-zA-Z0-9]/g, '_')}`;
    this.fieldBox.replaceChildren(
      ...(type && fields.length === 0
        ? [h('p', { class: 'hint' }, 'This event has no details to fill in.')]
        : []),
      ...fields
        .filter((f) => !longitudes.has(f.name))
        .map((f) =>
          pairs.has(f.name)
            ? positionInput(f, inputId(f), prefill)
            : fieldInput(f, inputId(f), prefill, incidents),
        ),
    );
    this.submitButton.textContent = type ? `Record ${humanize(type)}` : 'Record';
    this.showOffer();
  }

  private fieldsOf(type: string): Field[] {
    return (type && this.opts.fields[type]) || [];
  }

  private showFieldErrors(errors: FieldError[]): void {
    showErrors(this.fieldBox, this.result, errors, 'Nothing was recorded: check the fields marked below.');
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    void this.submit();
  }

  private async submit(override?: Override): Promise<void> {
    if (this.busy) return;
    if (!this.type) {
      this.result.replaceChildren(
        h('div', { class: 'notice error', role: 'alert' }, 'Choose an event to record.'),
      );
      this.select.focus();
      return;
    }
    const fields = this.fieldsOf(this.type);
    const raw = readFields(this.form, fields);
    const unread = readPositions(this.form, fields, raw);
    const built = buildEvent(this.type, fields, raw);
    if (!built.ok || unread.length > 0) {
      const named = new Set(unread.map((e) => e.name));
      const rest = built.ok ? [] : atPositions(fields, built.errors).filter((e) => !named.has(e.name));
      this.showFieldErrors([...unread, ...rest]);
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
      this.opts.onRecorded?.();
      return;
    }
    const err = body as Omit<ApiErrorBody, 'error'> & Omit<Partial<Refusal>, 'error'> & { error?: string };
    if (answer.status === 409 && err.error === 'refused') {
      if (err.view) this.opts.onView?.(err.view);
      this.result.replaceChildren(refusalBox(err as Refusal, type, this.id, (o) => void this.submit(o)));
      this.opts.announce(`Refused: ${(err as Refusal).message}`);
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
      this.showFieldErrors(
        atPositions(
          this.fieldsOf(this.type),
          err.issues.map((i) => ({ name: i.path, message: i.message })),
        ),
      );
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

  private decisionAnswer(answer: Answer<unknown>): void {
    if (answer.status !== 200) {
      const err = answer.body as ApiErrorBody;
      if (answer.status === 400 && err.issues) {
        this.showFieldErrors(
          atPositions(
            this.fieldsOf(this.type),
            err.issues.map((i) => ({ name: i.path, message: i.message })),
          ),
        );
        return;
      }
      this.result.replaceChildren(
        h('div', { class: 'notice error', role: 'alert' }, err.message ?? `answer ${answer.status}`),
      );
      return;
    }
    const a = answer.body as DecisionAnswer;
    this.form.reset();
    this.choose('', {});
    this.result.replaceChildren(verdict(a));
    this.opts.announce(a.decision.correct ? 'Decision correct.' : 'Decision not the expected one.');
  }
}
