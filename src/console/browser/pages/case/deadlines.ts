/// <reference lib="dom" />
// The conditions the flag State set, every deadline running, counted down by the shell's clock, and every
// deadline that already passed while what it was about is still owed (a flag State's reply above all).
import { fill, h } from '../../dom.ts';
import { ago, CONDITION_MEANING, humanize, utc } from '../../format.ts';
import { due } from '../../times.ts';
import type { CaseView } from '../../types.ts';
import { type CaseScope, section } from './parts.ts';

export function deadlinesSection({ ctx, store }: CaseScope): HTMLElement {
  const { el, body } = section('conditions', 'Conditions and deadlines');
  store.subscribe(['view'], ({ view }) => {
    if (view) render(body, view, ctx.api.now());
  });
  return el;
}

export interface Overdue {
  code: string;
  // what it was about, in the desk's own words (the required action's title)
  title: string;
  since: string;
  // for a flag State's reply: when the central authority escalated it, if it did since the deadline passed
  escalatedAt?: string;
  escalationOwed?: boolean;
}

const AWAITING_REPLY = new Set(['AWAIT_REGISTRY_REPLY', 'AWAIT_AUTHORISATION']);

// The deadlines that passed and are still owed, read from the view: an open required action whose due time
// has gone by is what its deadline was about, and it stays until the step that closes it (for a reply, the
// reply). One still pending in `deadlines` (due, not yet fired) is counted down there instead.
export function overdueOf(view: CaseView, now: number): Overdue[] {
  const pending = new Set(view.deadlines.map((d) => d.dueAt));
  const escalating = view.requiredActions.some((a) => a.code === 'ESCALATE_OVERDUE_REPLY');
  const escalatedAt = view.flagState?.escalatedAt;
  return view.requiredActions
    .filter((a) => a.dueAt !== undefined && Date.parse(a.dueAt) <= now && !pending.has(a.dueAt))
    .map((a) => {
      const since = a.dueAt as string;
      const o: Overdue = { code: a.code, title: a.title, since };
      if (AWAITING_REPLY.has(a.code)) {
        if (escalatedAt && Date.parse(escalatedAt) >= Date.parse(since)) o.escalatedAt = escalatedAt;
        else if (escalating) o.escalationOwed = true;
      }
      return o;
    })
    .sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

// 06:10 UTC: the hour of the day at sea (utc() says the day too)
const hourOf = (iso: string) => utc(iso).replace(/^\d+ \w+ /, '');

function overdueItem(o: Overdue, now: number): HTMLElement {
  return h(
    'li',
    { class: 'is-overdue deadline-overdue', 'data-overdue': o.code },
    h('strong', null, o.title),
    ' ',
    h(
      'span',
      { class: 'due overdue', title: `due ${utc(o.since)}` },
      // one flex item, so the countdown's gap does not split the words
      h(
        'span',
        null,
        `overdue since ${hourOf(o.since)} (`,
        // the shell's clock keeps "n min ago" current (times.ts, tick)
        h(
          'span',
          { 'data-since': o.since, 'data-since-label': '' },
          h('span', { class: 'since-text' }, ago('', o.since, now).trim()),
        ),
        ')',
      ),
    ),
    o.escalatedAt
      ? h('p', { class: 'hint' }, `Escalated ${utc(o.escalatedAt)}; the reply is still awaited.`)
      : null,
    o.escalationOwed
      ? h('p', { class: 'hint' }, 'Not escalated yet: escalate to the central authority.')
      : null,
  );
}

function render(body: HTMLElement, view: CaseView, now: number): void {
  const conditions = view.conditions as Array<{ kind: string; hours?: number; text?: string }>;
  const overdue = overdueOf(view, now);
  fill(
    body,
    h('h3', null, 'Conditions of the authorisation'),
    conditions.length === 0
      ? h('p', { class: 'hint' }, 'None.')
      : h(
          'ul',
          null,
          conditions.map((c) =>
            h(
              'li',
              null,
              h('strong', null, humanize(c.kind)),
              c.hours !== undefined ? ` (${c.hours} h)` : '',
              c.text ? `: ${c.text}` : '',
              h('p', { class: 'hint' }, CONDITION_MEANING[c.kind] ?? ''),
            ),
          ),
        ),
    h('h3', null, 'Deadlines'),
    view.deadlines.length === 0 && overdue.length === 0
      ? h('p', { class: 'hint' }, 'None.')
      : h(
          'ul',
          { class: 'deadlines' },
          overdue.map((o) => overdueItem(o, now)),
          view.deadlines.map((d) =>
            h('li', { 'data-due-host': '' }, h('strong', null, humanize(d.about)), ' ', due(d.dueAt, now)),
          ),
        ),
  );
}
