/// <reference lib="dom" />
// What the desk said the law would answer to a step now (GET /cases/:id/offers), in the officer's words:
// beside the action it closes and above its form, the same way, so the page never promises a step the desk
// then refuses, and says why it would.
import { basisList, h, icon } from '../dom.ts';
import { humanize, words } from '../format.ts';
import type { Field } from '../forms/fields.ts';
import type { Offer } from '../types.ts';

const OVERRIDE_NAME: Record<string, string> = {
  'imminent-danger': 'imminent danger to life',
  'recorded-fact': 'a fact that already happened',
};

// The law's messages open with "Refused:"; the note says it once.
const said = (message: string | undefined) => (message ?? '').replace(/^Refused:\s*/, '');

// The form's own words for a field the answer depends on (its label), else the key in words.
function fieldName(form: readonly Field[], name: string): string {
  return form.find((f) => f.name === name)?.label ?? words(name.split('.').pop() ?? name);
}

// `id` lets a button name the note as its description; `form` is the step's form, for the fields' labels.
export function offerNote(offer: Offer | undefined, form: readonly Field[], id: string): HTMLElement | null {
  if (!offer) return null;
  switch (offer.status) {
    case 'allowed':
      return h(
        'p',
        { class: 'offer-note allowed', id, 'data-offer': 'allowed' },
        icon('check'),
        ' The law allows this step now.',
      );
    case 'depends':
      return h(
        'div',
        { class: 'offer-note depends', id, 'data-offer': 'depends' },
        h(
          'p',
          null,
          'Allowed or refused according to what is entered: ',
          h('strong', null, (offer.dependsOn ?? []).map((d) => fieldName(form, d)).join(', ')),
          '.',
        ),
        offer.message ? h('p', null, `Some entries are refused: ${said(offer.message)}`) : null,
        basisList(offer.basis),
      );
    case 'refused':
      return h(
        'div',
        { class: 'offer-note refused', id, 'data-offer': 'refused' },
        h('p', null, icon('lock'), ' ', h('strong', null, 'Refused now: '), said(offer.message)),
        h('p', null, 'Reason: ', h('code', null, offer.reason ?? '')),
        offer.basis?.length ? h('div', null, h('span', null, 'Basis: '), basisList(offer.basis)) : null,
        offer.allowedOverrides?.length
          ? h(
              'p',
              { class: 'hint' },
              `Only to record what had to be done anyway, with a written justification, as ${offer.allowedOverrides
                .map((k) => OVERRIDE_NAME[k] ?? humanize(k))
                .join(' or as ')}.`,
            )
          : h('p', { class: 'hint' }, 'No override is available for this step.'),
      );
    default:
      return h(
        'p',
        { class: 'offer-note not-now', id, 'data-offer': offer.status },
        h('strong', null, 'Not expected now: '),
        offer.message ?? '',
      );
  }
}
