/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Times that run on the page: countdowns to a due time, "… ago" since something was recorded, the header's
// UTC clock and the link's wait before its next try. Drawn once with the time they hold in a data attribute,
// then kept current by the shell's one timer (main.ts calls tick every second), whatever page drew them.
import { h, icon } from './dom.ts';
import { ago, clock, countdown, utc } from './format.ts';

export function due(dueAt: string, now: number): HTMLElement {
  const c = countdown(dueAt, now);
  return h(
    'span',
    {
      class: `due${c.overdue ? ' overdue' : c.soon ? ' soon' : ''}`,
      'data-due': dueAt,
      title: `due ${utc(dueAt)}`,
    },
    icon('clock'),
    h('span', { class: 'due-text' }, c.text),
    h('span', { class: 'due-at' }, ` (${utc(dueAt)})`),
  );
}

export function since(label: string, at: string, now: number): HTMLElement {
  return h(
    'span',
    { class: 'since', 'data-since': at, 'data-since-label': label, title: `${label} recorded ${utc(at)}` },
    icon('clock'),
    h('span', { class: 'since-text' }, ago(label, at, now)),
  );
}

// role=timer is not a live region: a screen reader reads it when asked, not every second
export function headerClock(now: number): HTMLElement {
  return h(
    'div',
    { class: 'clock', role: 'timer', 'aria-label': 'Time (UTC)', 'data-clock': '' },
    h('time', { class: 'clock-text', datetime: new Date(now).toISOString() }, clock(now)),
  );
}

function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

export function tick(root: ParentNode, now: number, deskTime: boolean): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-due]')) {
    const c = countdown(el.dataset.due ?? '', now);
    setText(el.querySelector('.due-text'), c.text);
    el.classList.toggle('overdue', c.overdue);
    el.classList.toggle('soon', c.soon);
    el.closest('[data-due-host]')?.classList.toggle('is-overdue', c.overdue);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-since]')) {
    // trimmed: an empty label ("overdue since 06:10 (12 min ago)") leaves no leading space
    const text = ago(el.dataset.sinceLabel ?? '', el.dataset.since ?? '', now).trim();
    setText(el.querySelector('.since-text'), text);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-retry-at]')) {
    const left = Math.max(0, Math.ceil((Number(el.dataset.retryAt) - Date.now()) / 1000));
    setText(el, `retry in ${left} s`);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-clock]')) {
    const time = el.querySelector('time');
    setText(time, clock(now));
    time?.setAttribute('datetime', new Date(now).toISOString());
    el.dataset.source = deskTime ? 'desk' : 'browser';
    el.title = deskTime
      ? "The desk's time, in UTC"
      : "This browser's clock, in UTC (the desk's time is not known yet)";
  }
}
