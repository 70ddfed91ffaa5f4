/// <reference lib="dom" />
// The header's word on the stream: live, catching up, or reconnecting with the wait before the next try and
// a button to try at once. The status is a live region (it changes seldom); the seconds beside it are not,
// so a screen reader is not read a countdown.
import { fill, h } from './dom.ts';
import type { LiveStatus } from './live.ts';

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  'catching-up': 'Catching up…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Not connected',
};

export interface LinkIndicator {
  el: HTMLElement;
  show(status: LiveStatus, info: { attempt: number; retryInMs?: number }): void;
}

export function linkIndicator(retryNow: () => void): LinkIndicator {
  const dot = () => h('span', { class: 'dot', 'aria-hidden': 'true' });
  const status = h(
    'div',
    { class: 'conn', role: 'status', 'aria-live': 'polite', 'data-status': 'connecting' },
    dot(),
    h('span', { class: 'conn-text' }, STATUS_TEXT.connecting),
  );
  // the shell's clock counts `data-retry-at` down (times.ts)
  const wait = h('span', { class: 'conn-retry', hidden: true });
  const retry = h(
    'button',
    { type: 'button', class: 'secondary small', hidden: true, onclick: retryNow },
    'Retry now',
  );
  let shown: LiveStatus = 'connecting';
  return {
    el: h('div', { class: 'link' }, status, wait, retry),
    show: (s, info) => {
      const reconnecting = s === 'reconnecting';
      retry.hidden = !reconnecting;
      wait.hidden = !reconnecting;
      status.setAttribute('data-attempt', String(info.attempt));
      if (reconnecting && info.retryInMs !== undefined) {
        wait.dataset.retryAt = String(Date.now() + info.retryInMs);
        wait.textContent = `retry in ${Math.max(1, Math.ceil(info.retryInMs / 1000))} s`;
      } else {
        delete wait.dataset.retryAt;
        wait.textContent = reconnecting ? 'trying now…' : '';
      }
      // the live region is redrawn only when the words change, so each try is not read out again
      if (s === shown) return;
      shown = s;
      status.setAttribute('data-status', s);
      fill(status, dot(), h('span', { class: 'conn-text' }, STATUS_TEXT[s]));
    },
  };
}
