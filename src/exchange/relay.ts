// The outbox relay: each message an applied step put in the outbox is signed and posted to the other State's
// desk at least once, until a signed receipt comes back (recorded as MESSAGE_DELIVERED) or the retries are
// spent (MESSAGE_NOT_DELIVERED, and the authority sends it by other means). Retries back off exponentially
// with jitter, so desks that come back after an outage are not flooded at once; the receiving desk takes a
// message once whatever the number of posts (its receipt is kept under the message id).
import { addMilliseconds } from 'date-fns';
import type { Logger } from 'pino';
import type { Setting } from '../../machines/schemas.ts';
import type { Delivery } from '../runtime/exchange.ts';
import type { Clock } from '../runtime/types.ts';
import type { OutboxRow } from '../store/store.ts';
import type { ExchangeKeys } from './keys.ts';
import { type Message, Receipt, sha256, signMessage, verified } from './protocol.ts';

export interface RelayRuntime {
  directory(): Promise<Setting>;
  pendingMessages(limit: number): Promise<OutboxRow[]>;
  messageAttempted(key: string, next: { attempts: number; dueAt: string; error: string }): Promise<void>;
  settleMessage(
    row: OutboxRow,
    outcome: { delivered: Delivery } | { notDelivered: { attempts: number; error: string } },
  ): Promise<boolean>;
}

export interface RetryPolicy {
  // posts before the message is given up and the authority told to send it by other means
  attempts: number;
  // the first wait; each later one doubles, up to capMs, each scaled by a jitter in [0.5, 1)
  baseMs: number;
  capMs: number;
  // how long one post may take
  timeoutMs: number;
}

// About a quarter of an hour of retries: long enough for a desk restarting, short enough that an art. 8
// request still goes out by phone well inside its reply target.
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 10,
  baseMs: 2000,
  capMs: 5 * 60_000,
  timeoutMs: 10_000,
};

// Refusals a retry cannot change: the message itself is wrong for that desk.
const PERMANENT = new Set([400, 404, 409, 413, 422]);

interface Outcome {
  delivered?: Delivery;
  error?: string;
  permanent?: boolean;
}

export class Relay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: {
      runtime: RelayRuntime;
      keys: ExchangeKeys;
      clock: Clock;
      random: () => number;
      logger?: Logger;
      retry?: RetryPolicy;
      pollMs?: number;
    },
  ) {}

  private get retry(): RetryPolicy {
    return this.deps.retry ?? DEFAULT_RETRY;
  }

  start(): void {
    const poll = this.deps.pollMs ?? 1000;
    this.timer = setInterval(() => this.wake(), poll);
    this.timer.unref();
    this.wake();
  }

  // Something may be due: a step just put a message in the outbox, or the poll came round.
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.tick();
        } catch (err) {
          this.deps.logger?.error({ err }, 'exchange relay: reading the outbox failed');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  // One pass over the messages due now; what fails is retried on a later pass. Returns how many were settled.
  async tick(): Promise<number> {
    const { runtime } = this.deps;
    let settled = 0;
    for (const row of await runtime.pendingMessages(50)) {
      if (this.stopped) break;
      try {
        if (await this.deliver(row)) settled++;
      } catch (err) {
        // the store refused the record: the row stays due and the next pass tries again
        this.deps.logger?.error({ err, key: row.key }, 'exchange relay: recording the outcome failed');
      }
    }
    return settled;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const message = (row.payload as { message: Message }).message;
    const outcome = await this.post(message);
    const { runtime } = this.deps;
    if (outcome.delivered) return runtime.settleMessage(row, { delivered: outcome.delivered });
    const attempts = row.attempts + 1;
    const error = outcome.error ?? 'not delivered';
    this.deps.logger?.warn(
      { key: row.key, kind: message.kind, to: message.to, attempts, error },
      'exchange relay: message not delivered',
    );
    if (outcome.permanent || attempts >= this.retry.attempts)
      return runtime.settleMessage(row, { notDelivered: { attempts, error } });
    const wait = Math.min(this.retry.capMs, this.retry.baseMs * 2 ** (attempts - 1));
    const jittered = Math.round(wait * (0.5 + this.deps.random() / 2));
    const dueAt = addMilliseconds(this.deps.clock.now(), jittered).toISOString();
    await runtime.messageAttempted(row.key, { attempts, dueAt, error });
    return false;
  }

  private async post(message: Message): Promise<Outcome> {
    const profile = (await this.deps.runtime.directory()).states[message.to]?.exchange;
    if (!profile) return { error: `the directory names no desk for ${message.to}` };
    const jws = await signMessage(message, this.deps.keys);
    let response: Response;
    try {
      response = await fetch(new URL('exchange/inbox', withSlash(profile.url)), {
        method: 'POST',
        headers: { 'content-type': 'application/jose' },
        body: jws,
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      });
    } catch (err) {
      return { error: `${message.to}'s desk did not answer (${(err as Error).message})` };
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 200) {
      return {
        error: `${message.to}'s desk answered ${response.status}${reasonIn(text)}`,
        permanent: PERMANENT.has(response.status),
      };
    }
    const receipt = await this.receiptOf(text, profile.jwks, message.id);
    if (!receipt) return { error: `${message.to}'s desk answered without a receipt signed by its keys` };
    return {
      delivered: {
        sha256: sha256(jws),
        receipt: { sha256: sha256(receipt.jws), receivedAt: receipt.receivedAt },
      },
    };
  }

  // The receipt counts only if the other desk's key signed it, for this message.
  private async receiptOf(text: string, jwks: unknown, messageId: string) {
    let jws: unknown;
    try {
      jws = (JSON.parse(text) as { receipt?: unknown }).receipt;
    } catch {
      return undefined;
    }
    if (typeof jws !== 'string') return undefined;
    const payload = Receipt.safeParse(await verified(jws, jwks));
    if (!payload.success || payload.data.messageId !== messageId) return undefined;
    return { jws, receivedAt: payload.data.receivedAt };
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

function reasonIn(text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: unknown };
    return typeof error === 'string' ? ` (${error})` : '';
  } catch {
    return '';
  }
}
