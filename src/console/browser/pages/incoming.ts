/// <reference lib="dom" />
// The central authority records a request from another State about a vessel said to fly this State's flag
// (SoM art. 8(2); POST /requests): the requesting State, the vessel, its position, the grounds and what is
// asked. The form comes from the desk's own schema (meta.bodySchemas); on 201 the new case opens.
import { whoMayOpen } from '../../../policy.ts';
import type { Ctx, Page } from '../context.ts';
import { h } from '../dom.ts';
import type { Field } from '../forms/fields.ts';
import { bodyFields, inputsOf, readBody } from '../record/body-form.ts';
import { showErrors } from '../record/field-errors.ts';
import { textRows } from '../record/text-rows.ts';
import type { ApiErrorBody, CaseView } from '../types.ts';

const FORM = 'incoming';

export class IncomingPage implements Page {
  readonly el: HTMLElement;
  readonly title = 'Incoming request';
  private readonly fields: Field[];
  private readonly form: HTMLFormElement;
  private readonly result = h('div', { class: 'record-result', 'aria-live': 'polite' });
  private readonly grounds = textRows(
    'grounds',
    `${FORM}-grounds`,
    'Grounds for the suspicion',
    'Ground',
    'As the requesting State states them, one per row.',
  );
  private busy = false;

  constructor(private readonly ctx: Ctx) {
    // the grounds are rows of their own (text-rows.ts), not the one-per-line text area of a string list
    this.fields = bodyFields('INCOMING_REQUEST', ctx.meta.bodySchemas.incomingRequest).filter(
      (f) => f.name !== 'grounds',
    );
    const before = this.fields.filter((f) => f.name !== 'asks');
    const asks = this.fields.filter((f) => f.name === 'asks');
    this.form = h(
      'form',
      { class: 'card record-form incoming-form', novalidate: true, onsubmit: (e: Event) => this.submit(e) },
      h('div', { class: 'fields grid2' }, inputsOf(FORM, before)),
      this.grounds.el,
      inputsOf(FORM, asks),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Record the request'),
      ),
    );
    this.el = h(
      'div',
      { class: 'incoming-page' },
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'Record an incoming request')),
      h(
        'p',
        { class: 'hint' },
        `A request from another State about a vessel said to fly our flag (SoM art. 8(2)). Only the ${whoMayOpen('incoming-request', { training: false }).join(' or ')} records one; the desk opens a case for the answer.`,
      ),
      this.form,
      this.result,
    );
  }

  async mount(): Promise<void> {}

  unmount(): void {}

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const read = readBody(this.form, this.fields);
    const headline = 'The request was not recorded: check the fields marked.';
    if (!read.ok) {
      showErrors(this.form, this.result, read.errors, headline);
      return;
    }
    showErrors(this.form, this.result, [], headline);
    this.busy = true;
    this.result.replaceChildren(h('p', { class: 'hint' }, 'Sending…'));
    const answer = await this.ctx.api
      .post<CaseView | ApiErrorBody>('/requests', { ...read.body, grounds: this.grounds.values() })
      .catch((err: Error) => ({
        status: 0,
        body: { error: 'network', message: err.message } as ApiErrorBody,
      }));
    this.busy = false;
    if (answer.status === 201) {
      this.ctx.announce('Request recorded: its case is open.');
      location.hash = `#/case/${encodeURIComponent((answer.body as CaseView).id)}`;
      return;
    }
    const err = answer.body as ApiErrorBody;
    if (answer.status === 400 && err.issues) {
      showErrors(
        this.form,
        this.result,
        err.issues.map((i) => ({ name: i.path, message: i.message })),
        headline,
      );
      return;
    }
    this.result.replaceChildren(
      h('div', { class: 'notice error', role: 'alert' }, `Not recorded (${answer.status}): ${err.message}`),
    );
  }
}
