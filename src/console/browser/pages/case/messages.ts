/// <reference lib="dom" />
// The signed messages this case exchanged with other States' desks, and whether each arrived: the central
// authority must know at any hour what the other State has in hand and what it still has to be told by
// other means (SoM art. 8(6)). The words are built apart from the DOM so they are tested in Node.
import { fill, h, icon } from '../../dom.ts';
import { humanize, MESSAGE_KIND, utc } from '../../format.ts';
import type { CaseView, ExchangeMessage } from '../../types.ts';
import { type CaseScope, mayRecord, section } from './parts.ts';

// enough to read out to the other State on the phone and compare; the full hash is in the title
const HASH_SHOWN = 12;

export interface MessageLine {
  id: string;
  status: string;
  direction: string;
  what: string;
  at: string;
  delivery: string;
  // the exchange gave up on it: someone has to send it by other means
  warn: boolean;
  hash?: { short: string; full: string };
}

function deliveryText(m: ExchangeMessage): string {
  switch (m.status) {
    case 'pending':
      return 'Sending… (not yet delivered)';
    case 'delivered':
      return m.receipt ? `Delivered, receipt ${utc(m.receipt.receivedAt)}` : 'Delivered';
    case 'not-delivered':
      return `Not delivered${m.error ? `: ${m.error}` : ''} — send by other means`;
    case 'sent-by-other-means':
      return `Sent by other means${m.channel ? ` (${m.channel})` : ''}`;
    case 'received':
      return 'Received';
    default:
      // a status from a newer desk than this page knows
      return humanize(String(m.status));
  }
}

export function messageLine(m: ExchangeMessage): MessageLine {
  return {
    id: m.id,
    status: m.status,
    direction: m.direction === 'out' ? `Sent to ${m.state}` : `Received from ${m.state}`,
    what: MESSAGE_KIND[m.kind] ?? humanize(m.kind),
    at: utc(m.at),
    delivery: deliveryText(m),
    warn: m.status === 'not-delivered',
    ...(m.sha256 ? { hash: { short: m.sha256.slice(0, HASH_SHOWN), full: m.sha256 } } : {}),
  };
}

// Newest last, as a conversation reads; messages of the same time keep the desk's order.
export function messageLines(messages: readonly ExchangeMessage[] | undefined): MessageLine[] {
  return [...(messages ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || 0).map(messageLine);
}

const STATUS_ICON = {
  pending: 'clock',
  delivered: 'check',
  'not-delivered': 'warning',
  'sent-by-other-means': 'check',
  received: 'check',
} as const;

export function messagesSection(scope: CaseScope): HTMLElement {
  const { el, body } = section('messages', 'Messages with other desks');
  el.hidden = true;
  scope.store.subscribe(['view'], ({ view }) => {
    if (view) render(el, body, view, scope);
  });
  return el;
}

function render(el: HTMLElement, body: HTMLElement, view: CaseView, { ctx, open }: CaseScope): void {
  const lines = messageLines(view.messages);
  el.hidden = lines.length === 0;
  if (lines.length === 0) {
    fill(body);
    return;
  }
  const mayResend = mayRecord(ctx, view, 'SENT_BY_OTHER_MEANS');
  const row = (l: MessageLine) =>
    h(
      'tr',
      { class: `message status-${l.status}${l.warn ? ' undelivered' : ''}`, 'data-message': l.id },
      h('td', { class: 'nowrap' }, l.at),
      h('th', { scope: 'row' }, l.direction),
      h('td', null, l.what),
      h(
        'td',
        { class: `delivery status-${l.status}`, 'data-status': l.status },
        icon(STATUS_ICON[l.status as keyof typeof STATUS_ICON] ?? 'clock'),
        ' ',
        l.warn ? h('strong', null, l.delivery) : l.delivery,
        l.warn && mayResend
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary small',
                'data-key': `resend-${l.id}`,
                onclick: () => open('SENT_BY_OTHER_MEANS', { messageId: l.id }),
              },
              'Record sent by other means',
            )
          : null,
      ),
      h('td', null, l.hash ? h('code', { title: l.hash.full }, l.hash.short) : '—'),
    );
  fill(
    body,
    h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Messages, newest last' },
      h(
        'table',
        { class: 'messages' },
        h('caption', { class: 'sr-only' }, 'Messages with other desks, newest last'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Time', 'Direction', 'Message', 'Delivery', 'SHA-256'].map((t) =>
              h('th', { scope: 'col', class: 'nowrap' }, t),
            ),
          ),
        ),
        h('tbody', null, lines.map(row)),
      ),
    ),
  );
}
