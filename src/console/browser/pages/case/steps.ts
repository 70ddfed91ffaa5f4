/// <reference lib="dom" />
// A step as the desk offers it now (law.ts, stepShown): a button that opens its form where the law would take
// it (with what it depends on, if it does); where the law refuses it now, the same button disabled with the
// reason and basis beside it and, where the law allows an override, a way to record what had to be done
// anyway; nothing where it is not expected now.
import { type Child, h } from '../../dom.ts';
import { humanize } from '../../format.ts';
import { stepShown } from '../../law.ts';
import { offerNote } from '../../record/offer-note.ts';
import type { Closer, Offer } from '../../types.ts';
import type { CaseScope } from './parts.ts';

// The button of one step; `key` names its place on the page, so a redraw gives the focus back to it.
export function stepControl(
  { open }: CaseScope,
  key: string,
  closer: Closer,
  offer: Offer,
  opts: { life?: boolean; describedBy?: string | undefined },
): HTMLButtonElement {
  const shown = stepShown(offer);
  return h(
    'button',
    {
      type: 'button',
      class: shown === 'button' && opts.life ? 'life' : 'secondary',
      'data-key': key,
      'data-type': closer.type,
      'data-offer': offer.status,
      'aria-describedby': opts.describedBy ?? null,
      disabled: shown !== 'button',
      onclick: shown === 'button' ? () => open(closer.type, closer.prefill ?? {}) : null,
    },
    `Record ${humanize(closer.type)}`,
    closer.prefill ? ` (${Object.values(closer.prefill).map(humanize).join(', ')})` : '',
  );
}

// Where the law allows an override of a refused step: its form, to record it with a justification.
export function overrideOpener({ open }: CaseScope, key: string, closer: Closer, text: string): Child {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'data-key': `${key}-override`,
      'data-override-open': closer.type,
      onclick: () => open(closer.type, closer.prefill ?? {}),
    },
    text,
  );
}

// `where` names the place on the page (`act-<action code>`).
export function stepButton(
  scope: CaseScope,
  where: string,
  closer: Closer,
  offer: Offer | undefined,
  life: boolean,
): Child {
  const shown = stepShown(offer);
  if (shown === 'none' || !offer) return null;
  const key = `${where}-${closer.type}`;
  const noteId = `${key}-note`;
  const note =
    offer.status === 'allowed' ? null : offerNote(offer, scope.ctx.fields[closer.type] ?? [], noteId);
  const button = stepControl(scope, key, closer, offer, { life, describedBy: note ? noteId : undefined });
  return h(
    'div',
    { class: `step ${offer.status}` },
    button,
    shown === 'disabled' && offer.allowedOverrides?.length
      ? overrideOpener(scope, key, closer, 'Record it as done anyway, with a justification…')
      : null,
    note,
  );
}
