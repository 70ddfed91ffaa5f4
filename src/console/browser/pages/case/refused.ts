/// <reference lib="dom" />
// The steps this role records that the law refuses at this moment, shown disabled with the law's reason and
// basis, so the officer learns why a step is missing and what would make it lawful (domain.md, "Refusals and
// overrides"). Steps refused for one reason are shown together, with it once; a step already shown refused
// beside a required action is not repeated here.
import { fill, h } from '../../dom.ts';
import { humanize } from '../../format.ts';
import { closersOf, type Offers, recordableTypes } from '../../law.ts';
import { offerNote } from '../../record/offer-note.ts';
import type { CaseView, Offer } from '../../types.ts';
import { type CaseScope, section } from './parts.ts';
import { overrideOpener, stepControl } from './steps.ts';

export function refusedSection(scope: CaseScope): HTMLElement {
  const { el, body } = section('refused', 'Refused now');
  el.hidden = true;
  scope.store.subscribe(['view', 'offers'], ({ view, offers }) => {
    if (view) render(el, body, view, offers?.byType, scope);
  });
  return el;
}

function render(
  el: HTMLElement,
  body: HTMLElement,
  view: CaseView,
  offers: Offers | undefined,
  scope: CaseScope,
): void {
  const recordable = new Set(recordableTypes(scope.ctx.meta, scope.ctx.identity.role, view));
  const beside = new Set(
    view.requiredActions.flatMap((a) => closersOf(scope.ctx.meta, a.code).map((c) => c.type)),
  );
  const groups = new Map<string, Offer[]>();
  for (const o of offers?.values() ?? []) {
    if (o.status !== 'refused' || !recordable.has(o.type) || beside.has(o.type)) continue;
    const key = JSON.stringify([o.reason, o.message, o.basis, o.allowedOverrides]);
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  el.hidden = groups.size === 0;
  fill(
    body,
    h('p', { class: 'hint' }, 'Steps your role records that the law does not allow at this moment, and why.'),
    h(
      'ul',
      { class: 'refused-steps' },
      [...groups.values()].map((group) => {
        const first = group[0] as Offer;
        const noteId = `refused-${first.type}-note`;
        const key = (o: Offer) => `refused-${o.type}`;
        return h(
          'li',
          { class: 'step refused' },
          group.map((o) => stepControl(scope, key(o), { type: o.type }, o, { describedBy: noteId })),
          offerNote(first, scope.ctx.fields[first.type] ?? [], noteId),
          first.allowedOverrides?.length
            ? h(
                'p',
                { class: 'override-openers' },
                'Done anyway? Record it with a justification: ',
                group.map((o) => overrideOpener(scope, key(o), { type: o.type }, humanize(o.type))),
              )
            : null,
        );
      }),
    ),
  );
}
