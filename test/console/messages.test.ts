// The case page's messages with other desks, in Node: what the central authority reads for each delivery
// state, the hash it reads out on the phone, and the order of the conversation.
import { describe, expect, it } from 'vitest';
import { messageLine, messageLines } from '../../src/console/browser/pages/case/messages.ts';
import type { ExchangeMessage } from '../../src/console/browser/types.ts';

const HASH = 'a3f1c09e5b7d24680e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f';

const message = (over: Partial<ExchangeMessage>): ExchangeMessage => ({
  id: 'msg-1',
  direction: 'out',
  kind: 'notify-flag-state',
  state: 'TG',
  at: '2026-06-01T02:05:09Z',
  status: 'pending',
  ...over,
});

describe('a message with another desk', () => {
  it('says where it went, what it was and when', () => {
    const line = messageLine(message({}));
    expect(line).toMatchObject({
      direction: 'Sent to TG',
      what: 'Notification and registry request',
      at: '1 Jun 02:05 UTC',
    });
    expect(messageLine(message({ direction: 'in', state: 'MT', status: 'received' })).direction).toBe(
      'Received from MT',
    );
  });

  it('names every kind in words', () => {
    const kinds: Array<[ExchangeMessage['kind'], string]> = [
      ['notify-flag-state', 'Notification and registry request'],
      ['request-authorisation', 'Request for authorisation'],
      ['acknowledge', 'Acknowledgement'],
      ['answer', 'Answer'],
      ['withdraw-authorisation', 'Withdrawal of authorisation'],
      ['report-results', 'Report of results'],
    ];
    for (const [kind, words] of kinds) expect(messageLine(message({ kind })).what).toBe(words);
  });

  it('says the delivery state in words, and marks only the undelivered one for action', () => {
    const pending = messageLine(message({ status: 'pending' }));
    expect(pending).toMatchObject({ delivery: 'Sending… (not yet delivered)', warn: false });
    expect(pending.hash).toBeUndefined();

    const delivered = messageLine(
      message({
        status: 'delivered',
        sha256: HASH,
        receipt: { sha256: 'f'.repeat(64), receivedAt: '2026-06-01T02:06:30Z' },
      }),
    );
    expect(delivered).toMatchObject({ delivery: 'Delivered, receipt 1 Jun 02:06 UTC', warn: false });

    const failed = messageLine(message({ status: 'not-delivered', error: 'connection refused' }));
    expect(failed).toMatchObject({
      delivery: 'Not delivered: connection refused — send by other means',
      warn: true,
    });
    expect(messageLine(message({ status: 'not-delivered' })).delivery).toBe(
      'Not delivered — send by other means',
    );

    expect(messageLine(message({ status: 'sent-by-other-means', channel: 'phone' }))).toMatchObject({
      delivery: 'Sent by other means (phone)',
      warn: false,
    });
    expect(messageLine(message({ status: 'sent-by-other-means' })).delivery).toBe('Sent by other means');

    expect(messageLine(message({ direction: 'in', status: 'received', sha256: HASH }))).toMatchObject({
      delivery: 'Received',
      warn: false,
    });
  });

  it('shows the first 12 characters of the hash and keeps the whole for the title', () => {
    expect(messageLine(message({ status: 'delivered', sha256: HASH })).hash).toEqual({
      short: 'a3f1c09e5b7d',
      full: HASH,
    });
  });

  it('reads a kind or status from a newer desk as words rather than failing', () => {
    const newer = message({
      kind: 'close-conversation' as ExchangeMessage['kind'],
      status: 'expired' as ExchangeMessage['status'],
    });
    expect(messageLine(newer)).toMatchObject({ what: 'Close conversation', delivery: 'Expired' });
  });
});

describe('the messages of a case', () => {
  it('lists them newest last, keeping the order of those sent at the same time', () => {
    const lines = messageLines([
      message({ id: 'c', at: '2026-06-01T03:00:00Z' }),
      message({ id: 'a', at: '2026-06-01T01:00:00Z' }),
      message({ id: 'b1', at: '2026-06-01T02:00:00Z' }),
      message({ id: 'b2', at: '2026-06-01T02:00:00Z' }),
    ]);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('has nothing to show for a view without messages, as an older desk sends it', () => {
    expect(messageLines(undefined)).toEqual([]);
    expect(messageLines([])).toEqual([]);
  });
});
