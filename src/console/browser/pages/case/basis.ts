/// <reference lib="dom" />
// On what basis the unit may act against the vessel, and what the basis permits: each scope the law knows,
// permitted or not, and locked while distress suspends it. Whether a step would be applied now is the desk's
// offer (the actions and "Refused now"): grounds, the unit or a condition may still refuse it.
import { basisList, fill, h, icon } from '../../dom.ts';
import { BASIS_MEANING, humanize, SUSPENDED_MEANING } from '../../format.ts';
import type { CaseView } from '../../types.ts';
import { flagStateBlock, hotPursuitBlock } from './flag-state.ts';
import { type CaseScope, section, suspendedBy } from './parts.ts';

export function basisSection({ ctx, store }: CaseScope): HTMLElement {
  const { el, body } = section('basis', 'Legal basis');
  store.subscribe(['view'], ({ view }) => {
    if (view) render(body, view, ctx.meta.enums.scopes);
  });
  return el;
}

function render(body: HTMLElement, view: CaseView, scopes: readonly string[]): void {
  const lb = view.legalBasis;
  const suspended = suspendedBy(view);
  fill(
    body,
    h('p', { class: 'basis-code' }, h('strong', null, humanize(lb.code)), ' ', h('code', null, lb.code)),
    h('p', null, BASIS_MEANING[lb.code] ?? ''),
    basisList(lb.basis),
    suspended
      ? h(
          'p',
          { class: 'suspended', 'data-suspended-by': suspended },
          icon('lock'),
          ' ',
          SUSPENDED_MEANING[suspended] ?? `Suspended by ${suspended}.`,
        )
      : null,
    h(
      'div',
      {
        class: `permits${suspended ? ' is-suspended' : ''}`,
        'aria-label': suspended
          ? `What the basis permits once no longer suspended`
          : 'What the basis permits',
      },
      h(
        'span',
        { class: 'permits-label' },
        suspended ? `Permits, suspended by ${suspended}: ` : 'The basis permits: ',
      ),
      scopes.map((scope) => {
        const ok = lb.permits.includes(scope as (typeof lb.permits)[number]);
        return h(
          'span',
          { class: `permit ${ok ? (suspended ? 'yes suspended' : 'yes') : 'no'}`, 'data-scope': scope },
          icon(ok ? (suspended ? 'lock' : 'check') : 'cross'),
          ` ${scope}`,
          h(
            'span',
            { class: 'sr-only' },
            ok
              ? suspended
                ? ' permitted by the basis, suspended now'
                : ' permitted by the basis'
              : ' not permitted',
          ),
        );
      }),
    ),
    flagStateBlock(view),
    hotPursuitBlock(view),
  );
}
