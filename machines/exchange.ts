// The desk-to-desk exchange in the law (SoM art. 8(2), 8(3), 8(4), 8(6); contract.md, "Desk-to-desk exchange").
// What a step sends to the other State's desk and what that message carries; how a message that arrived
// becomes the other State's steps in a case; what delivery, non-delivery and sending by other means change.
// A technical receipt is never the flag authority's acknowledgement, except where the agreement says the
// deemed-consent clock starts at receipt (domain.md, row 8b and flag-State step 7). Pure, like the rest of
// machines/: the runtime names, signs, sends and receives (src/exchange/).

import type { Add } from './action-codes.ts';
import { B } from './citations.ts';
import type { CaseContext, ExchangeMessage } from './context.ts';
import { profileOf, replyHoursOf } from './context.ts';
import { armReplyDeadline } from './flag-state.ts';
import { flagStateOfRecord } from './legal-basis.ts';
import { APPLIED, type Decision, notExpected } from './refusals.ts';
import {
  AnswerBody,
  type DeskEvent,
  IncomingRequest,
  type MessageDelivered,
  type MessageKind,
  type MessageRef,
  Scope,
  type SendsRef,
} from './schemas.ts';
import type { Warning } from './warnings.ts';

// What an applied step sends: the message's kind, where it goes and what it says.
export interface Outbound {
  kind: MessageKind;
  // the State the case acts for, as the case knows it (the runtime sends as its own State, whose keys the
  // other desk holds: the same on a desk's own cases)
  from: string;
  to: string;
  conversation: string;
  inReplyTo?: string;
  body: Record<string, unknown>;
}

// The marks the runtime sets on a step: the message it sends, or the message it came in.
type Marked = { sends?: SendsRef; message?: MessageRef };

const messagesOf = (ctx: CaseContext): ExchangeMessage[] => ctx.messages ?? [];

// Only a live case talks to another desk, and only to a State whose profile names its desk.
function reachable(ctx: CaseContext, state: string | undefined): state is string {
  return !ctx.training && !!state && !!profileOf(ctx, state)?.exchange;
}

// The content of a request to the flag State (domain.md, flag-State step 2): the requesting authority, the
// vessel, its position and time, the grounds for suspicion and the action proposed. Counts, never names.
function requestBody(ctx: CaseContext, asks: string[]): Record<string, unknown> {
  return {
    requestingAuthority: `${ctx.interceptingState} central authority`,
    unit: ctx.unit.name,
    vessel: ctx.vessel,
    position: ctx.position,
    positionAt: ctx.positionAt ?? ctx.openedAt,
    grounds: ctx.grounds,
    asks,
    ...(ctx.personsOnBoard !== undefined ? { personsOnBoard: ctx.personsOnBoard } : {}),
  };
}

// What the acts under the flag State's consent were (SoM art. 8(3)), as counts and facts.
function resultsBody(ctx: CaseContext): Record<string, unknown> {
  const en = ctx.enforcement;
  return {
    boarded: en.boarded,
    searched: en.searched,
    evidenceFound: en.evidenceFound,
    measures: en.measures,
    released: en.released,
    detained: en.detained,
    personsTakenOnBoard: ctx.persons.takenOnBoard,
  };
}

const lastFrom = (ctx: CaseContext, state: string) =>
  messagesOf(ctx).findLast((m) => m.direction === 'in' && m.state === state)?.id;

// The message an event sends if the law applies it, decided on the case before it (undefined: nothing
// travels by the exchange; the step is still recorded and the authority uses its usual channel).
export function outboundMessage(ctx: CaseContext, event: DeskEvent): Outbound | undefined {
  if (ctx.kind === 'incoming-request') return answerOutbound(ctx, event);
  const out = (kind: MessageKind, to: string | undefined, body: Record<string, unknown>) =>
    reachable(ctx, to)
      ? { kind, from: ctx.interceptingState, to, conversation: ctx.id, inReplyTo: lastFrom(ctx, to), body }
      : undefined;
  switch (event.type) {
    case 'FLAG_STATE_NOTIFIED':
      return out('notify-flag-state', event.state, requestBody(ctx, ['registry']));
    case 'AUTHORISATION_REQUESTED':
      return out('request-authorisation', flagStateOfRecord(ctx), {
        ...requestBody(ctx, event.scopes),
        scopes: event.scopes,
      });
    case 'RESULTS_REPORTED':
      return out('report-results', event.to, resultsBody(ctx));
  }
  return undefined;
}

// The flag side: its acknowledgement, answer and withdrawal go back in the conversation the request came in.
function answerOutbound(ctx: CaseContext, event: DeskEvent): Outbound | undefined {
  const inc = ctx.incoming!;
  if (!inc.conversation || !reachable(ctx, inc.from)) return undefined;
  const out = (kind: MessageKind, body: Record<string, unknown>): Outbound => ({
    kind,
    from: inc.ownState,
    to: inc.from,
    conversation: inc.conversation!,
    inReplyTo: inc.lastMessageId,
    body,
  });
  switch (event.type) {
    case 'REQUEST_ACKNOWLEDGED':
      return out('acknowledge', event.note ? { note: event.note } : {});
    case 'REQUEST_ANSWERED': {
      const { type: _t, override: _o, ...answer } = event;
      return out('answer', answer);
    }
    case 'AUTHORISATION_WITHDRAWN': {
      const { type: _t, override: _o, ...withdrawal } = event;
      return out('withdraw-authorisation', withdrawal);
    }
  }
  return undefined;
}

// The steps a message that arrived takes in the case it belongs to, each marked with the message. The other
// State's answer becomes its own steps, recorded as they would be from a phone call; a message that is no
// step of this case (or repeats what the case already holds) is recorded as received, so it is never lost.
export function eventsOfMessage(
  ctx: CaseContext,
  ref: MessageRef,
  body: Record<string, unknown>,
): Array<DeskEvent & Marked> {
  const mark = <E extends DeskEvent>(e: E): E & Marked => ({ ...e, message: ref });
  const received = [mark({ type: 'MESSAGE_RECEIVED', message: ref, body })];
  if (ctx.kind === 'incoming-request') return received;
  const fs = ctx.flagState;
  // Steps without a `state` field are the flag State of record's: another State's message cannot take them.
  const fromFlagState = ref.from === fs.notifiedState;
  const steps: DeskEvent[] = [];
  switch (ref.kind) {
    case 'acknowledge':
      if (fromFlagState && !fs.acknowledgedAt) steps.push({ type: 'FLAG_STATE_ACKNOWLEDGED' });
      break;
    case 'answer': {
      const answer = AnswerBody.parse(body);
      const state = ref.from;
      if (fs.registry !== answer.registry) {
        steps.push(
          answer.registry === 'confirmed'
            ? { type: 'REGISTRY_CONFIRMED', state }
            : { type: 'REGISTRY_REFUTED', state },
        );
      }
      const scopes = answer.authorisation?.scopes ?? [];
      // a refutation ends the request (domain.md, flag-State step 4): nothing is left pending to refuse
      const refusable = fs.authorisationPending && answer.registry === 'confirmed';
      if (scopes.length > 0) {
        // scopes come only with an authorisation, whose conditions the schema defaults to none
        steps.push({
          type: 'AUTHORISATION_GRANTED',
          state,
          scopes,
          conditions: answer.authorisation!.conditions,
        });
      } else if (answer.authorisation !== undefined && refusable) {
        steps.push({ type: 'AUTHORISATION_REFUSED', state });
      }
      if (answer.willAct && fromFlagState) steps.push({ type: 'FLAG_STATE_WILL_ACT' });
      break;
    }
    case 'withdraw-authorisation': {
      if (ref.from !== (fs.consentFrom ?? fs.notifiedState)) break;
      const scopes = Scope.array().min(1).safeParse(body.scopes);
      const reason = typeof body.reason === 'string' ? body.reason : undefined;
      steps.push({
        type: 'AUTHORISATION_WITHDRAWN',
        ...(scopes.success ? { scopes: scopes.data } : {}),
        ...(reason ? { reason } : {}),
      });
      break;
    }
  }
  return steps.length > 0 ? steps.map(mark) : received;
}

// A message may be taken into a case only where the case wrote to that State: a conversation is no
// mailbox for any State that learns its id.
export function awaitsMessagesFrom(ctx: CaseContext, state: string): boolean {
  if (ctx.kind === 'incoming-request') return ctx.incoming!.from === state;
  return messagesOf(ctx).some((m) => m.direction === 'out' && m.state === state);
}

// The steps a delivery takes: the receipt, and the acknowledgement where the agreement with the flag State
// starts its deemed-consent clock at receipt (contract.md, profiles, `clockStartsAt`). Only an interception
// notifies a flag State: an incoming request sends no `notify-flag-state` and has no notified State.
export function eventsOnDelivery(ctx: CaseContext, delivered: MessageDelivered): DeskEvent[] {
  const fs = ctx.flagState;
  const deemed = profileOf(ctx, delivered.to)?.deemedConsent;
  const clockAtReceipt =
    delivered.kind === 'notify-flag-state' &&
    delivered.to === fs.notifiedState &&
    !fs.acknowledgedAt &&
    deemed?.clockStartsAt === 'receipt' &&
    deemed.with.includes(ctx.interceptingState);
  return clockAtReceipt ? [delivered, { type: 'FLAG_STATE_ACKNOWLEDGED' }] : [delivered];
}

// The law on the exchange's own facts and on sending by other means; undefined for any other event.
export function decideExchange(ctx: CaseContext, event: DeskEvent): Decision | undefined {
  const find = (id: string) => messagesOf(ctx).find((m) => m.id === id);
  switch (event.type) {
    // facts about messages: recorded whatever the case's state, a closed case's report included
    case 'MESSAGE_DELIVERED':
    case 'MESSAGE_NOT_DELIVERED':
      return find(event.messageId)?.status === 'pending'
        ? APPLIED
        : notExpected(`No message ${event.messageId} awaits delivery.`);
    case 'MESSAGE_RECEIVED':
      return APPLIED;
    case 'SENT_BY_OTHER_MEANS': {
      const undelivered = messagesOf(ctx).filter(
        (m) => m.status === 'not-delivered' && (!event.messageId || m.id === event.messageId),
      );
      // a message left undelivered when the case closed is still owed to the other State
      return undelivered.length > 0 ? APPLIED : notExpected('No message awaits sending by other means.');
    }
  }
  return undefined;
}

// What an applied event changes in the case's messages (any event: a step may send or carry one).
export function evolveMessages(ctx: CaseContext, event: DeskEvent & Marked, at: string): void {
  ctx.messages ??= [];
  const messages = ctx.messages;
  if (event.sends) {
    const { id, to, kind } = event.sends;
    messages.push({ id, direction: 'out', kind, state: to, at, status: 'pending' });
  }
  if (event.message && !messages.some((m) => m.id === event.message!.id)) {
    const { id, from, kind, sha256 } = event.message;
    messages.push({ id, direction: 'in', kind, state: from, at, status: 'received', sha256 });
    if (ctx.incoming) ctx.incoming.lastMessageId = id;
  }
  switch (event.type) {
    case 'MESSAGE_DELIVERED': {
      const m = messages.find((x) => x.id === event.messageId)!;
      Object.assign(m, { status: 'delivered', sha256: event.sha256, receipt: event.receipt });
      break;
    }
    case 'MESSAGE_NOT_DELIVERED': {
      const m = messages.find((x) => x.id === event.messageId)!;
      Object.assign(m, { status: 'not-delivered', error: event.error });
      break;
    }
    case 'SENT_BY_OTHER_MEANS':
      for (const m of messages)
        if (m.status === 'not-delivered' && (!event.messageId || m.id === event.messageId))
          Object.assign(m, { status: 'sent-by-other-means', channel: event.channel });
      break;
    case 'MESSAGE_RECEIVED':
      if (ctx.incoming) receivedOnFlagSide(ctx, event.message.kind, event.body, at);
      break;
  }
}

// A further request in the conversation asks again: the answer is owed again, expeditiously (SoM art. 8(4)),
// even on a case the authority had closed. A report of results is kept with the request it answers.
function receivedOnFlagSide(
  ctx: CaseContext,
  kind: MessageKind,
  body: Record<string, unknown>,
  at: string,
): void {
  const inc = ctx.incoming!;
  if (kind === 'report-results') {
    inc.results = [...(inc.results ?? []), { at, body }];
    return;
  }
  if (kind !== 'request-authorisation' && kind !== 'notify-flag-state') return;
  const asks = asksIn(body.asks);
  const added = asks.filter((a) => !inc.asks.includes(a));
  inc.asks = [...inc.asks, ...added];
  if (inc.answered || ctx.closed) {
    inc.answered = false;
    // the answer owed now is to this request: its time runs from its arrival, and the earlier lateness is past
    inc.receivedAt = at;
    inc.overdue = false;
    ctx.closed = false;
    // set, not deleted: the machine merges the context evolve returns over the old one, keeping a deleted key
    ctx.outcome = undefined;
    armReplyDeadline(ctx, 'answer-request', at, replyHoursOf(ctx, inc.ownState));
  }
}

function asksIn(value: unknown): IncomingRequest['asks'] {
  const asks = IncomingRequest.shape.asks.element.array().safeParse(value);
  return asks.success ? asks.data : [];
}

// Row 8b's good-faith attempt counts a request the exchange carries only once it arrived (or went by other
// means): a request that never reached the flag State is no attempt to obtain its consent. Only a message
// this desk sent is ever pending or undelivered (one received is `received`), so the status names the sent.
export function requestsReached(ctx: CaseContext, state: string | undefined): boolean {
  return !messagesOf(ctx).some(
    (m) =>
      m.state === state &&
      (m.kind === 'notify-flag-state' || m.kind === 'request-authorisation') &&
      (m.status === 'pending' || m.status === 'not-delivered'),
  );
}

const undelivered = (ctx: CaseContext) => messagesOf(ctx).filter((m) => m.status === 'not-delivered');

// A message the exchange gave up on is sent by the authority's usual channel (SoM art. 8(6)).
export function exchangeActions(ctx: CaseContext, add: Add): void {
  const waiting = undelivered(ctx);
  if (waiting.length === 0) return;
  add({
    code: 'SEND_BY_OTHER_MEANS',
    title: `Send by other means what the exchange could not deliver: ${waiting.map((m) => `${m.kind} to ${m.state}`).join(', ')}`,
    basis: [B.somCentralAuthority, B.somFlagRequest],
    role: 'authority',
    priority: 'legal',
  });
}

export function exchangeWarnings(ctx: CaseContext): Warning[] {
  return undelivered(ctx).map((m) => ({
    code: 'MESSAGE_NOT_DELIVERED',
    message: `The exchange could not deliver the ${m.kind} message to ${m.state}'s desk${m.error ? ` (${m.error})` : ''}: send it by other means.`,
    basis: [B.somCentralAuthority],
  }));
}
