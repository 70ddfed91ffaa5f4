/// <reference lib="dom" />
// What must be done now, in the order the desk derives it (life first, machines/required-actions.ts), each
// with the events that close it as the desk offers them now (GET /cases/:id/offers: a step the law refuses is
// shown disabled with its reason and basis, one not expected now is not offered) and, while persons are in
// distress, how long they have been. A change is announced, so it is heard as well as seen.
import { basisList, fill, h, icon } from '../../dom.ts';
import { countdown, humanize } from '../../format.ts';
import {
  actionTitle,
  closersOf,
  distressSince,
  inDistressNow,
  isLifeAction,
  type Offers,
  recordableTypes,
} from '../../law.ts';
import { due, since } from '../../times.ts';
import type { CaseView, RequiredAction } from '../../types.ts';
import { type CaseScope, section } from './parts.ts';
import { stepButton } from './steps.ts';

export interface ActionsSection {
  el: HTMLElement;
  // where the officer is taken back to after recording: what the step changed is read here first
  focus(): void;
}

export function actionsSection(scope: CaseScope): ActionsSection {
  const { el, body, heading } = section('actions', 'Required actions');
  heading.tabIndex = -1;
  // the rows too: the time of the distress assessment comes with the audit list, after the view
  scope.store.subscribe(['view', 'rows', 'offers'], ({ view, rows, offers }, before) => {
    if (!view) return;
    if (before.view) announceChanges(scope, before.view, view);
    // which version of the case the steps shown were offered for (tests and people can tell a stale offer)
    el.setAttribute('data-offers-version', String(offers?.version ?? ''));
    el.setAttribute('data-view-version', String(view.version));
    render(body, view, distressSince(rows.values()), offers?.byType, scope);
  });
  return {
    el,
    focus: () => {
      el.scrollIntoView({ block: 'start' });
      heading.focus({ preventScroll: true });
    },
  };
}

function announceChanges({ ctx }: CaseScope, before: CaseView, view: CaseView): void {
  if (before.version === view.version) return;
  const was = new Set(before.requiredActions.map((a) => a.code));
  const now = new Set(view.requiredActions.map((a) => a.code));
  const added = [...now].filter((c) => !was.has(c));
  const gone = [...was].filter((c) => !now.has(c));
  if (added.length + gone.length === 0) return;
  ctx.announce(
    `Required actions changed.${added.length ? ` New: ${added.map(humanize).join(', ')}.` : ''}${gone.length ? ` Done: ${gone.map(humanize).join(', ')}.` : ''}`,
  );
}

function render(
  body: HTMLElement,
  view: CaseView,
  distressAt: string | undefined,
  offers: Offers | undefined,
  scope: CaseScope,
): void {
  const { ctx } = scope;
  const recordable = new Set(recordableTypes(ctx.meta, ctx.identity.role, view));
  const now = ctx.api.now();
  // the time of the present distress, only while the law says persons are in distress
  const inDistress = inDistressNow(view) ? distressAt : undefined;
  const item = (a: RequiredAction) => {
    const life = isLifeAction(a);
    const c = a.dueAt ? countdown(a.dueAt, now) : undefined;
    const closers = closersOf(ctx.meta, a.code).filter((c) => recordable.has(c.type));
    const steps = closers.map((c) => stepButton(scope, `act-${a.code}`, c, offers?.get(c.type), life));
    return h(
      'li',
      {
        class: `action priority-${a.priority}${c?.overdue ? ' is-overdue' : ''}`,
        'data-code': a.code,
        'data-due-host': a.dueAt ? '' : null,
      },
      h(
        'div',
        { class: 'action-head' },
        life
          ? h('span', { class: 'life-badge' }, icon('life'), h('span', null, 'LIFE'))
          : h('span', { class: `prio-badge prio-${a.priority}` }, a.priority.toUpperCase()),
        h(
          'span',
          { class: 'action-title' },
          actionTitle(
            a.title,
            closersOf(ctx.meta, a.code).map((c) => offers?.get(c.type)),
          ),
        ),
      ),
      h(
        'div',
        { class: 'action-meta' },
        h('code', null, a.code),
        h('span', null, `for the ${a.role}`),
        a.blocking ? h('span', { class: 'blocking' }, 'must be done before closing') : null,
        a.dueAt ? due(a.dueAt, now) : null,
        life && inDistress ? since('distress', inDistress, now) : null,
      ),
      basisList(a.basis),
      steps.some(Boolean) ? h('div', { class: 'action-buttons' }, steps) : null,
    );
  };
  fill(
    body,
    view.requiredActions.length === 0
      ? h(
          'p',
          { class: 'hint' },
          view.status === 'closed' ? 'The case is closed.' : 'Nothing is required right now.',
        )
      : h('ol', { class: 'actions' }, view.requiredActions.map(item)),
  );
}
