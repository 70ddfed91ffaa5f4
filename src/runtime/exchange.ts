// The exchange's commands (contract.md, "Desk-to-desk exchange"): a verified message from another State's
// desk taken into its case, and a delivery or non-delivery recorded on the case that sent the message. Both
// go the command path's way: under the case's lock, decided by the law (machines/exchange.ts), written in one
// transaction with what makes them happen once: the message id's receipt under the sender's scope, the
// outbox row settled. The wire (signatures, HTTP, retries) lives in src/exchange/.
import { createHash } from 'node:crypto';
import { awaitsMessagesFrom, eventsOfMessage, eventsOnDelivery } from '../../machines/exchange.ts';
import type { IncomingRequest, MessageKind, MessageRef } from '../../machines/schemas.ts';
import {
  type CaseRow,
  type Commit,
  HeadMovedError,
  IdempotencyTakenError,
  type OutboxRow,
  OutboxSettledError,
} from '../store/store.ts';
import { commitOpening, commitStored, decideEvents, published } from './commit.ts';
import { backoff } from './locks.ts';
import type { RuntimeParts } from './parts.ts';
import type { Actor } from './types.ts';

// A message whose signature, addressee and time the inbox checked (src/exchange/inbox.ts).
export interface VerifiedMessage {
  ref: MessageRef;
  conversation: string;
  body: Record<string, unknown>;
}

// The signed receipt, kept under the message id: a duplicate gets it again, byte for byte.
export interface Receipt {
  messageId: string;
  sha256: string;
  receivedAt: string;
  jws: string;
}

export type Received =
  | { status: 'recorded'; caseId: string; receipt: Receipt }
  | { status: 'duplicate'; receipt: Receipt }
  // the conversation names no case here, or a case that never wrote to the sender
  | { status: 'unknown-conversation' }
  | { status: 'not-in-conversation' }
  // the request opens a case but does not say which vessel, or where
  | { status: 'cannot-open'; missing: string[] };

// Requests open a case on the flag side; the rest answer a case this desk opened.
const OPENS: ReadonlySet<MessageKind> = new Set([
  'notify-flag-state',
  'request-authorisation',
  'report-results',
]);

// One case per conversation and requesting State, named by them: two messages of a conversation that race
// each other meet at the same case, whichever arrives first opens it.
export function incomingCaseId(from: string, conversation: string): string {
  const digest = createHash('sha256').update(`${from}\n${conversation}`).digest('hex');
  return `in-${from.toLowerCase()}-${digest.slice(0, 32)}`;
}

const exchangeActor = (from: string): Actor => ({
  role: 'authority',
  subject: `${from} central authority (exchange)`,
});

const ATTEMPTS = 12;

// Another desk on the store moved the case on, or took the message first: decide again on what it holds.
async function again<T>(once: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (err) {
      const retry = err instanceof HeadMovedError || err instanceof IdempotencyTakenError;
      if (!retry || attempt >= ATTEMPTS) throw err;
      await backoff(attempt);
    }
  }
}

export function receiveMessage(
  parts: RuntimeParts,
  message: VerifiedMessage,
  sign: (receipt: Omit<Receipt, 'jws'>) => Promise<string>,
): Promise<Received> {
  const { ref, conversation } = message;
  const opens = OPENS.has(ref.kind);
  const caseId = opens ? incomingCaseId(ref.from, conversation) : conversation;
  const scope = `exchange:${ref.from}`;
  return parts.locks.run(caseId, () =>
    again(async (): Promise<Received> => {
      const hit = await parts.store.idempotent(scope, ref.id);
      if (hit) return { status: 'duplicate', receipt: hit.response as Receipt };
      const row = await parts.cases.head(caseId);
      if (!row && !opens) return { status: 'unknown-conversation' };
      const missing = ['vessel', 'position'].filter((f) => message.body[f] === undefined);
      if (!row && missing.length > 0) return { status: 'cannot-open', missing };
      if (row && (row.training || !awaitsMessagesFrom(row.state.context, ref.from)))
        return { status: 'not-in-conversation' };
      const receivedAt = parts.now();
      const body = { messageId: ref.id, sha256: ref.sha256, receivedAt };
      const receipt: Receipt = { ...body, jws: await sign(body) };
      const keep = { scope, key: ref.id, response: receipt };
      if (row) await addToCase(parts, row, message, receivedAt, keep);
      else await openFromMessage(parts, caseId, message, receivedAt, keep);
      return { status: 'recorded', caseId, receipt };
    }),
  );
}

async function addToCase(
  parts: RuntimeParts,
  row: CaseRow,
  { ref, body }: VerifiedMessage,
  at: string,
  keep: NonNullable<Commit['idempotency']>,
): Promise<void> {
  const steps = eventsOfMessage(row.state.context, ref, body);
  const actor = exchangeActor(ref.from);
  let decided = decideEvents(parts, row, steps, actor, { at });
  // steps the law refused all of (a reply to a closed case, from a State that is not the flag State): the
  // refusals are recorded, and the message with them, so it is kept in the case
  if (decided.commit.entries.every(({ entry }) => entry.outcome === 'refused'))
    decided = decideEvents(parts, row, [...steps, { type: 'MESSAGE_RECEIVED', message: ref, body }], actor, {
      at,
    });
  await commitStored(parts, { ...decided.commit, idempotency: keep });
  published(parts, decided);
}

// The request the message carries, as an incoming request (contract.md, POST /requests), opened under the
// desk's own State and the conversation the answer goes back in.
async function openFromMessage(
  parts: RuntimeParts,
  id: string,
  { ref, conversation, body }: VerifiedMessage,
  at: string,
  keep: NonNullable<Commit['idempotency']>,
): Promise<void> {
  const request: IncomingRequest = {
    from: ref.from,
    vessel: body.vessel as IncomingRequest['vessel'],
    position: body.position as IncomingRequest['position'],
    grounds: (body.grounds ?? []) as string[],
    asks: (body.asks ?? ['registry']) as IncomingRequest['asks'],
  };
  const setting = await parts.directory();
  const homeState = parts.homeState;
  const exchange = { conversation, message: ref };
  const state = parts.engine.openIncoming({ id, at, training: false, setting, request, homeState, exchange });
  const event = {
    type: 'CASE_OPENED',
    kind: 'incoming-request',
    request,
    training: false,
    setting,
    homeState,
    conversation,
    // the message that opened the case, named as every later step names its message
    message: ref,
  };
  await commitOpening(parts, {
    id,
    at,
    training: false,
    actor: exchangeActor(ref.from),
    state,
    event,
    idem: undefined,
    keep,
  });
}

const DESK_EXCHANGE = { role: 'desk', subject: 'exchange' } as const;

export interface Delivery {
  sha256: string;
  receipt: { sha256: string; receivedAt: string };
}

// The relay's outcome for an outbox row, recorded on the case that sent it with the row settled in the same
// transaction: once, whichever desk on the store delivered it (false: another desk settled it first).
export function settleMessage(
  parts: RuntimeParts,
  row: OutboxRow,
  outcome: { delivered: Delivery } | { notDelivered: { attempts: number; error: string } },
): Promise<boolean> {
  const message = (row.payload as { message: { id: string; to: string; kind: MessageKind } }).message;
  return parts.locks.run(row.caseId, () =>
    again(async () => {
      const current = await parts.cases.head(row.caseId);
      if (!current) return false;
      const base = { messageId: message.id, to: message.to, kind: message.kind };
      const events =
        'delivered' in outcome
          ? eventsOnDelivery(current.state.context, {
              type: 'MESSAGE_DELIVERED',
              ...base,
              ...outcome.delivered,
            })
          : [{ type: 'MESSAGE_NOT_DELIVERED' as const, ...base, ...outcome.notDelivered }];
      const at = parts.now();
      const decided = decideEvents(parts, current, events, DESK_EXCHANGE, { at });
      const settle = {
        key: row.key,
        outcome: 'delivered' in outcome ? ('delivered' as const) : ('failed' as const),
        at,
      };
      try {
        await commitStored(parts, { ...decided.commit, settle });
      } catch (err) {
        if (err instanceof OutboxSettledError) return false;
        throw err;
      }
      published(parts, decided);
      return true;
    }),
  );
}
