/// <reference lib="dom" />
// What must be done now, in the order the desk derives it (life first, machines/required-actions.ts), each
// with the events that close it and, on a life action, how long the persons have been in distress. A change
// is announced, so it is heard as well as seen.
import { basisList, fill, h, icon } from '../../dom.ts';
import { countdown, humanize } from '../../format.ts';
import { closersOf, distressSince, isLifeAction, recordableTypes } from '../../law.ts';
import { due, since } from '../../times.ts';
import type { CaseView, RequiredAction } from '../../types.ts';
import { type CaseScope, section } from './parts.ts';

export interface ActionsSection {
  el: HTMLElement;
  // where the officer is taken back to after recording: what the step changed is read here first
  focus(): void;
}

export function actionsSection(scope: CaseScope): ActionsSection {
  const { el, body, heading } = section('actions', 'Required actions');
  heading.tabIndex = -1;
  // the rows too: the time of the distress assessment comes with the audit list, after the view
  scope.store.subscribe(['view', 'rows'], ({ view, rows }, before) => {
    if (!view) return;
    if (before.view) announceChanges(scope, before.view, view);
    render(body, view, distressSince(rows.values()), scope);
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
  { ctx, open }: CaseScope,
): void {
  const recordable = new Set(recordableTypes(ctx.meta, ctx.identity.role, view));
  const now = ctx.api.now();
  const inDistress = view.distressPhase === 'distress' ? distressAt : undefined;
  const item = (a: RequiredAction) => {
    const life = isLifeAction(a);
    const c = a.dueAt ? countdown(a.dueAt, now) : undefined;
    const closers = closersOf(ctx.meta, a.code).filter((c) => recordable.has(c.type));
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
        h('span', { class: 'action-title' }, a.title),
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
      closers.length > 0
        ? h(
            'div',
            { class: 'action-buttons' },
            closers.map((c) =>
              h(
                'button',
                {
                  type: 'button',
                  class: life ? 'life' : 'secondary',
                  'data-key': `act-${a.code}-${c.type}`,
                  onclick: () => open(c.type, c.prefill ?? {}),
                },
                `Record ${humanize(c.type)}`,
                c.prefill ? ` (${Object.values(c.prefill).map(humanize).join(', ')})` : '',
              ),
            ),
          )
        : null,
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
