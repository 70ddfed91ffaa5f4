// The desk-to-desk exchange in the law (contract.md, "Desk-to-desk exchange"; domain.md, flag-State steps 2
// and 7, row 8b): what a step sends to the other State's desk, how a message that arrived becomes the other
// State's steps, and what delivery, non-delivery and sending by other means change in a case. Steps are marked
// as the runtime marks them (src/runtime/commit.ts: `sends`; src/runtime/exchange.ts: `message`) and applied
// through the engine. Expected messages, times and bases are written out here, never asked of the code.
import { describe, expect, it } from 'vitest';
import {
  awaitsMessagesFrom,
  eventsOfMessage,
  eventsOnDelivery,
  outboundMessage,
} from '../../machines/exchange.ts';
import type { Decision } from '../../machines/rules.ts';
import type {
  CaseEvent,
  DeskEvent,
  IncomingRequest,
  MessageDelivered,
  MessageKind,
  MessageNotDelivered,
  MessageRef,
  Scope,
  SendsRef,
  Setting,
} from '../../machines/schemas.ts';
import { AT, Case, engine, opening, START, securityCouncilResolution } from './harness.ts';
import { noDanger, notExpected, ok, party, refused, setting } from './refusals-kit.ts';

type Marked = DeskEvent & { sends?: SendsRef; message?: MessageRef };

// A public key as a directory holds it; the law never reads it, only that the State has a desk.
const JWKS = {
  keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'k1' }],
};
const desk = (state: string) => ({ url: `https://desk.${state.toLowerCase()}.example/`, jwks: JWKS });

// Malta's desk: Togo (the flag State of record of NOUR) and Italy have desks in its directory.
const withDesks = (over: Parameters<typeof party>[0] = {}, s: Partial<Setting> = {}) =>
  setting({ TG: party({ exchange: desk('TG'), ...over }), IT: party({ exchange: desk('IT') }) }, s);

// Togo's desk: Malta's desk is in its directory; Togo answers within 2 hours.
const flagSide = setting({ MT: party({ exchange: desk('MT') }), TG: party({ replyWithinHours: 2 }) });

const GROUNDS = ['overcrowded', 'no port of departure declared'];

const ref = (id: string, from: string, kind: MessageKind): MessageRef => ({
  id,
  from,
  kind,
  sha256: `sha256-of-${id}`,
});

// Applies a step as the runtime does, marks included (the harness's send takes any desk event).
const step = (c: Case, event: Marked, minutes = 1): Decision => c.send(event, minutes);

function applied(c: Case, event: Marked, minutes = 1): void {
  expect(step(c, event, minutes), `${event.type} should be applied`).toMatchObject({ outcome: 'applied' });
}

// A step that sends a message, marked as the runtime marks it: the message named before the law applies it.
function sending(c: Case, event: CaseEvent, id: string, minutes = 1): void {
  const out = outboundMessage(c.state.context, event);
  expect(out, `${event.type} sends a message`).toBeDefined();
  applied(c, { ...event, sends: { id, to: out!.to, kind: out!.kind } } as Marked, minutes);
}

const delivered = (c: Case, messageId: string, to: string, kind: MessageKind, minute: number) =>
  ({
    type: 'MESSAGE_DELIVERED',
    messageId,
    to,
    kind,
    sha256: `jws-${messageId}`,
    receipt: { sha256: `receipt-${messageId}`, receivedAt: c.at(minute) },
  }) satisfies MessageDelivered;

const notDelivered = (messageId: string, to: string, kind: MessageKind): MessageNotDelivered => ({
  type: 'MESSAGE_NOT_DELIVERED',
  messageId,
  to,
  kind,
  attempts: 8,
  error: 'connection refused',
});

// The messages each step takes, as the runtime takes them (src/runtime/exchange.ts, addToCase).
function receive(c: Case, r: MessageRef, body: Record<string, unknown>, minutes = 1): Marked[] {
  const events = eventsOfMessage(c.state.context, r, body);
  events.forEach((e, i) => {
    applied(c, e, i === 0 ? minutes : 0);
  });
  return events;
}

// Malta's case about NOUR (Togo's flag), no danger, the notification sent by the exchange at +10.
const N1 = 'MT:case-1:2';
const N2 = 'MT:case-1:3';
function notifiedByExchange(s: Setting = withDesks()): Case {
  const c = new Case(opening(), s);
  ok(c, noDanger);
  sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, N1, 9);
  return c;
}

// Malta's request as Togo's desk received it by the exchange at START, in Malta's conversation case-1.
const R1 = ref('MT:case-1:2', 'MT', 'notify-flag-state');
const REQUEST: IncomingRequest = {
  from: 'MT',
  vessel: { name: 'NOUR', flag: 'TG' },
  position: AT.highSeas,
  grounds: GROUNDS,
  asks: ['registry'],
};
function requestByExchange(s: Setting = flagSide): Case {
  const c = new Case(opening(), s);
  c.state = engine.openIncoming({
    id: 'in-mt-1',
    at: START,
    setting: s,
    request: REQUEST,
    homeState: 'TG',
    exchange: { conversation: 'case-1', message: R1 },
  });
  return c;
}

const answered = (scopes: Scope[]): CaseEvent => ({
  type: 'REQUEST_ANSWERED',
  registry: 'confirmed',
  authorisation: { scopes, conditions: [] },
});

// ---------------------------------------------------------------------------------------------------------

describe('what a step sends (SoM art. 8(2), 8(3), 8(4), 8(6); contract.md, sending side)', () => {
  it('SoM art. 8(2): notifying a flag State whose desk is in the directory sends it the notification with the registry request of flag-State step 2, in the case’s conversation', () => {
    const vessel = { name: 'NOUR', flag: 'TG', imo: '9074729', callSign: '5VAB3' };
    const c = new Case(opening({ vessel }), withDesks());
    ok(c, noDanger);
    ok(c, { type: 'POSITION_REPORTED', lat: 34.6, lon: 15.4 }, 4);
    expect(outboundMessage(c.state.context, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' })).toEqual({
      kind: 'notify-flag-state',
      from: 'MT',
      to: 'TG',
      conversation: 'case-1',
      body: {
        requestingAuthority: 'MT central authority',
        unit: 'P61',
        vessel,
        position: { lat: 34.6, lon: 15.4 },
        positionAt: '2026-06-01T02:05:00.000Z',
        grounds: GROUNDS,
        asks: ['registry'],
        personsOnBoard: 60,
      },
    });
  });

  it('SoM art. 8(6): a State with no desk in the directory is notified by the authority’s usual channel: nothing travels by the exchange', () => {
    const c = new Case(opening(), setting({ TG: party() }));
    ok(c, noDanger);
    expect(outboundMessage(c.state.context, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' })).toBeUndefined();
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expect(c.view.messages).toEqual([]);
  });

  it('SoM art. 8(6): a training case never writes to another State’s desk', () => {
    const s = withDesks();
    const c = new Case(opening(), s);
    c.state = engine.open({ id: 'case-1', at: START, training: true, setting: s, opening: opening() });
    ok(c, noDanger);
    expect(outboundMessage(c.state.context, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' })).toBeUndefined();
    expect(
      outboundMessage(c.state.context, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }),
    ).toBeUndefined();
  });

  it('SoM art. 8(2): the request for authorisation goes to the flag State of record, not to a State asked about the registry, asking for the scopes requested', () => {
    const c = new Case(opening(), withDesks());
    ok(c, noDanger);
    // Italy asked about the registry only (an inquiry, SoM art. 8(4))
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' }, 'MT:case-1:2');
    const out = outboundMessage(c.state.context, {
      type: 'AUTHORISATION_REQUESTED',
      scopes: ['board', 'search'],
    });
    expect(out).toMatchObject({
      kind: 'request-authorisation',
      from: 'MT',
      to: 'TG',
      conversation: 'case-1',
      body: { vessel: { name: 'NOUR', flag: 'TG' }, grounds: GROUNDS, asks: ['board', 'search'] },
    });
    expect(out!.inReplyTo).toBeUndefined();
  });

  it('SoM art. 8(2): a request after the flag State’s acknowledgement replies to that acknowledgement', () => {
    const c = notifiedByExchange();
    const ack = ref('TG:in-mt-1:2', 'TG', 'acknowledge');
    receive(c, ack, {});
    expect(
      outboundMessage(c.state.context, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }),
    ).toMatchObject({ to: 'TG', conversation: 'case-1', inReplyTo: 'TG:in-mt-1:2' });
  });

  it('SoM art. 8(2): a message replies to the last message received from the State it goes to, not to one sent to that State nor to one received from another State', () => {
    const c = notifiedByExchange();
    receive(c, ref('TG:in-mt-1:2', 'TG', 'acknowledge'), {});
    // after Togo's acknowledgement: the request sent to Togo, Italy asked about the registry, Italy's reply
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, N2);
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' }, 'MT:case-1:4');
    receive(c, ref('IT:in-mt-9:2', 'IT', 'acknowledge'), {});
    expect(outboundMessage(c.state.context, { type: 'RESULTS_REPORTED', to: 'TG' })).toMatchObject({
      to: 'TG',
      inReplyTo: 'TG:in-mt-1:2',
    });
    expect(outboundMessage(c.state.context, { type: 'RESULTS_REPORTED', to: 'IT' })).toMatchObject({
      to: 'IT',
      inReplyTo: 'IT:in-mt-9:2',
    });
  });

  it('SoM art. 8(2): a notification says how many persons are on board only when the count is known', () => {
    const { personsOnBoard: _unknown, ...uncounted } = opening();
    const c = new Case(uncounted, withDesks());
    ok(c, noDanger);
    const out = outboundMessage(c.state.context, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expect(out!.body).toMatchObject({ vessel: { name: 'NOUR', flag: 'TG' }, asks: ['registry'] });
    expect(out!.body).not.toHaveProperty('personsOnBoard');
  });

  it('SoM art. 8(3): the report of results to a flag State with a desk carries what was done, as facts and counts, and nothing about the persons', () => {
    const c = new Case(opening(), withDesks());
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    ok(c, {
      type: 'AUTHORISATION_GRANTED',
      state: 'TG',
      scopes: ['board', 'search', 'measures'],
      conditions: [],
    });
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SAFEGUARDS_RECORDED' });
    ok(c, { type: 'PERSONS_SCREENED', total: 60, children: 4, unaccompaniedChildren: 1 });
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['SY', 'ER'] });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
    expect(outboundMessage(c.state.context, { type: 'RESULTS_REPORTED', to: 'TG' })).toEqual({
      kind: 'report-results',
      from: 'MT',
      to: 'TG',
      conversation: 'case-1',
      body: {
        boarded: true,
        searched: true,
        evidenceFound: true,
        measures: ['seize-vessel'],
        released: false,
        detained: false,
        personsTakenOnBoard: false,
      },
    });
    // a report addressed in words, not to a State code, goes by the authority's usual channel
    expect(
      outboundMessage(c.state.context, { type: 'RESULTS_REPORTED', to: 'Togo maritime authority' }),
    ).toBeUndefined();
  });

  it('SoM art. 8(4): on a request that came by the exchange, the acknowledgement, the answer and a withdrawal go back to the requesting State in its conversation, replying to its last message', () => {
    const c = requestByExchange();
    const back = { from: 'TG', to: 'MT', conversation: 'case-1', inReplyTo: R1.id };
    expect(outboundMessage(c.state.context, { type: 'REQUEST_ACKNOWLEDGED' })).toEqual({
      kind: 'acknowledge',
      ...back,
      body: {},
    });
    expect(
      outboundMessage(c.state.context, { type: 'REQUEST_ACKNOWLEDGED', note: 'register being checked' }),
    ).toEqual({ kind: 'acknowledge', ...back, body: { note: 'register being checked' } });
    ok(c, { type: 'REQUEST_ACKNOWLEDGED' });
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    const answer: CaseEvent = {
      type: 'REQUEST_ANSWERED',
      registry: 'confirmed',
      authorisation: {
        scopes: ['board', 'search'],
        conditions: [{ kind: 'report-results-within', hours: 24 }],
      },
      willAct: false,
    };
    expect(outboundMessage(c.state.context, answer)).toEqual({
      kind: 'answer',
      ...back,
      body: {
        registry: 'confirmed',
        authorisation: {
          scopes: ['board', 'search'],
          conditions: [{ kind: 'report-results-within', hours: 24 }],
        },
        willAct: false,
      },
    });
    ok(c, answer);
    expect(
      outboundMessage(c.state.context, {
        type: 'AUTHORISATION_WITHDRAWN',
        scopes: ['search'],
        reason: 'vessel re-registered',
      }),
    ).toEqual({
      kind: 'withdraw-authorisation',
      ...back,
      body: { scopes: ['search'], reason: 'vessel re-registered' },
    });
  });

  it('SoM art. 8(6): an incoming request recorded by hand has no conversation to answer in: its answer travels by the usual channel', () => {
    const c = Case.incoming(REQUEST, flagSide);
    expect(outboundMessage(c.state.context, { type: 'REQUEST_ACKNOWLEDGED' })).toBeUndefined();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    expect(outboundMessage(c.state.context, answered(['board']))).toBeUndefined();
    ok(c, answered(['board']));
    expect(c.view.messages).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('delivery of what a step sent (SoM art. 8(6); contract.md, MESSAGE_DELIVERED)', () => {
  it('SoM art. 8(6): a step that sends shows its message pending; the receipt makes it delivered, with both hashes', () => {
    const c = notifiedByExchange();
    expect(c.view.messages).toEqual([
      {
        id: N1,
        direction: 'out',
        kind: 'notify-flag-state',
        state: 'TG',
        at: '2026-06-01T02:10:00.000Z',
        status: 'pending',
      },
    ]);
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 11));
    expect(c.view.messages).toEqual([
      {
        id: N1,
        direction: 'out',
        kind: 'notify-flag-state',
        state: 'TG',
        at: '2026-06-01T02:10:00.000Z',
        status: 'delivered',
        sha256: `jws-${N1}`,
        receipt: { sha256: `receipt-${N1}`, receivedAt: '2026-06-01T02:11:00.000Z' },
      },
    ]);
  });

  it('SoM art. 8(6): a delivery or non-delivery of a message the case never sent, or already settled, is not expected', () => {
    const c = notifiedByExchange();
    notExpected(step(c, delivered(c, 'MT:case-1:99', 'TG', 'notify-flag-state', 11)));
    notExpected(step(c, notDelivered('MT:case-1:99', 'TG', 'notify-flag-state')));
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 12));
    notExpected(step(c, delivered(c, N1, 'TG', 'notify-flag-state', 13)));
    notExpected(step(c, notDelivered(N1, 'TG', 'notify-flag-state')));
    expect(c.view.messages.map((m) => m.status)).toEqual(['delivered']);
  });

  // boarded and searched under TG's grant, the results reported by the exchange (message 10), then closed
  const reportedThenClosed = () => {
    const c = new Case(opening(), withDesks());
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board', 'search'], conditions: [] });
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SAFEGUARDS_RECORDED' });
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    sending(c, { type: 'RESULTS_REPORTED', to: 'TG' }, 'MT:case-1:10');
    ok(c, { type: 'CASE_CLOSED', outcome: 'evidence handed to the prosecutor' });
    return c;
  };

  it('SoM art. 8(3): a report of results delivered after the case closed is still recorded as delivered', () => {
    const c = reportedThenClosed();
    applied(c, delivered(c, 'MT:case-1:10', 'TG', 'report-results', 30), 20);
    expect(c.view.status).toBe('closed');
    expect(c.view.messages).toMatchObject([
      { id: 'MT:case-1:10', direction: 'out', kind: 'report-results', state: 'TG', status: 'delivered' },
    ]);
  });

  it('SoM art. 8(3), 8(6): a report of results the exchange gave up on after closing is still owed: the closed case asks for it by other means and takes SENT_BY_OTHER_MEANS', () => {
    const c = reportedThenClosed();
    applied(c, notDelivered('MT:case-1:10', 'TG', 'report-results'), 40);
    expect(c.view.status).toBe('closed');
    expect(c.warnings).toContain('MESSAGE_NOT_DELIVERED');
    expect(c.actions).toEqual(['SEND_BY_OTHER_MEANS']);
    applied(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'e-mail to the Togo central authority' });
    expect(c.actions).toEqual([]);
    expect(c.warnings).not.toContain('MESSAGE_NOT_DELIVERED');
    expect(c.view.status).toBe('closed');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('a message that arrived becomes the other State’s steps (SoM art. 8(2), 8(4); contract.md, receiving side)', () => {
  // notified at +10 and asked for board and search at +20, both by the exchange
  const asked = (s: Setting = withDesks()) => {
    const c = notifiedByExchange(s);
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] }, N2, 10);
    return c;
  };

  it('SoM art. 8(2), 8(5): the flag State’s answer confirming its registry and granting with conditions becomes REGISTRY_CONFIRMED and AUTHORISATION_GRANTED, each marked with the message, and the basis permits what was granted', () => {
    const c = asked();
    const a = ref('TG:in-mt-1:5', 'TG', 'answer');
    const conditions = [
      { kind: 'report-results-within' as const, hours: 12 },
      { kind: 'no-detention-without-consent' as const },
    ];
    const body = { registry: 'confirmed', authorisation: { scopes: ['board', 'search'], conditions } };
    expect(eventsOfMessage(c.state.context, a, body)).toEqual([
      { type: 'REGISTRY_CONFIRMED', state: 'TG', message: a },
      { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board', 'search'], conditions, message: a },
    ]);
    receive(c, a, body, 10);
    expect(c.basis).toEqual({
      code: 'flag-state-authorisation',
      basis: ['SoM art. 8(2)'],
      permits: ['board', 'search'],
    });
    expect(c.view.conditions).toEqual(conditions);
    expect(c.view.flagState).toMatchObject({ registry: 'confirmed', confirmedBy: 'TG', consentFrom: 'TG' });
    // the message is in the case once, however many steps it took
    expect(c.view.messages.filter((m) => m.direction === 'in')).toEqual([
      {
        id: a.id,
        direction: 'in',
        kind: 'answer',
        state: 'TG',
        at: '2026-06-01T02:30:00.000Z',
        status: 'received',
        sha256: a.sha256,
      },
    ]);
  });

  it('SoM art. 8(2): an answer with authorisation null refuses the authorisation only while one is asked for; the notification alone has nothing to refuse', () => {
    const pending = asked();
    const a = ref('TG:in-mt-1:5', 'TG', 'answer');
    expect(eventsOfMessage(pending.state.context, a, { registry: 'confirmed', authorisation: null })).toEqual(
      [
        { type: 'REGISTRY_CONFIRMED', state: 'TG', message: a },
        { type: 'AUTHORISATION_REFUSED', state: 'TG', message: a },
      ],
    );
    receive(pending, a, { registry: 'confirmed', authorisation: null });
    expect(pending.view.flagState.reply).toBe('refused');
    expect(pending.basis.permits).toEqual([]);

    const notifiedOnly = notifiedByExchange();
    expect(
      eventsOfMessage(notifiedOnly.state.context, a, { registry: 'confirmed', authorisation: null }),
    ).toEqual([{ type: 'REGISTRY_CONFIRMED', state: 'TG', message: a }]);
  });

  it('SoM art. 8(2), domain.md step 4: a refutation with authorisation null ends the pending request: REGISTRY_REFUTED alone, applied, and the vessel is without nationality', () => {
    const c = asked();
    const a = ref('TG:in-mt-1:5', 'TG', 'answer');
    const events = receive(c, a, { registry: 'refuted', authorisation: null });
    expect(events).toEqual([{ type: 'REGISTRY_REFUTED', state: 'TG', message: a }]);
    expect(c.basis.code).toBe('stateless');
  });

  it('SoM art. 8(2): a registry the case already holds as confirmed is not confirmed again; the grant is taken alone', () => {
    const c = notifiedByExchange();
    ok(c, { type: 'REGISTRY_CONFIRMED', state: 'TG' });
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, N2);
    const a = ref('TG:in-mt-1:6', 'TG', 'answer');
    const events = receive(c, a, { registry: 'confirmed', authorisation: { scopes: ['board'] } });
    expect(events).toEqual([
      { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [], message: a },
    ]);
    expect(c.basis.permits).toEqual(['board']);
  });

  it('SoM art. 8(2): "will act" counts only from the notified flag State; a State asked about the registry cannot say it', () => {
    const c = asked();
    const fromTogo = ref('TG:in-mt-1:5', 'TG', 'answer');
    expect(eventsOfMessage(c.state.context, fromTogo, { registry: 'confirmed', willAct: true })).toEqual([
      { type: 'REGISTRY_CONFIRMED', state: 'TG', message: fromTogo },
      { type: 'FLAG_STATE_WILL_ACT', message: fromTogo },
    ]);
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' }, 'MT:case-1:4');
    const fromItaly = ref('IT:in-mt-9:2', 'IT', 'answer');
    const events = eventsOfMessage(c.state.context, fromItaly, { registry: 'refuted', willAct: true });
    expect(events.map((e) => e.type)).not.toContain('FLAG_STATE_WILL_ACT');
    receive(c, fromTogo, { registry: 'confirmed', willAct: true });
    expect(c.view.flagState.reply).toBe('will-act');
  });

  it('SoM art. 8(2): an acknowledgement from a State other than the notified flag State takes no step; it is kept as received', () => {
    const c = notifiedByExchange();
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' }, 'MT:case-1:3');
    const fromItaly = ref('IT:in-mt-9:2', 'IT', 'acknowledge');
    expect(eventsOfMessage(c.state.context, fromItaly, {})).toEqual([
      { type: 'MESSAGE_RECEIVED', message: fromItaly, body: {} },
    ]);
    receive(c, fromItaly, {});
    expect(c.view.flagState.acknowledgedAt).toBeUndefined();
    expect(c.view.messages).toContainEqual(
      expect.objectContaining({ id: fromItaly.id, direction: 'in', state: 'IT', status: 'received' }),
    );
    const fromTogo = ref('TG:in-mt-1:2', 'TG', 'acknowledge');
    expect(eventsOfMessage(c.state.context, fromTogo, {})).toEqual([
      { type: 'FLAG_STATE_ACKNOWLEDGED', message: fromTogo },
    ]);
    receive(c, fromTogo, {}, 5);
    expect(c.view.flagState.acknowledgedAt).toBe('2026-06-01T02:17:00.000Z');
    // a second acknowledgement repeats what the case holds: kept as received, no step
    const again = ref('TG:in-mt-1:3', 'TG', 'acknowledge');
    expect(eventsOfMessage(c.state.context, again, {})).toEqual([
      { type: 'MESSAGE_RECEIVED', message: again, body: {} },
    ]);
  });

  it('SoM art. 8(2): a message that is no step of the case (a report of results sent to the intercepting State) is kept as received', () => {
    const c = notifiedByExchange();
    const odd = ref('TG:in-mt-1:4', 'TG', 'report-results');
    const events = receive(c, odd, { boarded: false });
    expect(events).toEqual([{ type: 'MESSAGE_RECEIVED', message: odd, body: { boarded: false } }]);
    expect(c.view.messages.map((m) => [m.id, m.status])).toEqual([
      [N1, 'pending'],
      [odd.id, 'received'],
    ]);
  });

  // Togo's answer granting what it was asked, received at +30
  const GRANT = ref('TG:in-mt-1:5', 'TG', 'answer');
  const grantedByExchange = (scopes: Scope[]) => {
    const c = notifiedByExchange();
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes }, N2, 10);
    receive(c, GRANT, { registry: 'confirmed', authorisation: { scopes, conditions: [] } }, 10);
    return c;
  };

  it('SoM art. 8(2), domain.md flag-State step 5: the flag State’s withdrawal by the exchange becomes AUTHORISATION_WITHDRAWN naming the scopes and the reason, and from then on the basis no longer permits them', () => {
    const c = grantedByExchange(['board', 'search', 'measures']);
    expect(c.basis.permits).toEqual(['board', 'search', 'measures']);
    const w = ref('TG:in-mt-1:6', 'TG', 'withdraw-authorisation');
    const body = { scopes: ['search', 'measures'], reason: 'the vessel was struck off the register' };
    const events = receive(c, w, body, 5);
    expect(events).toEqual([
      {
        type: 'AUTHORISATION_WITHDRAWN',
        scopes: ['search', 'measures'],
        reason: 'the vessel was struck off the register',
        message: w,
      },
    ]);
    expect(c.basis).toEqual({
      code: 'flag-state-authorisation',
      basis: ['SoM art. 8(2)'],
      permits: ['board'],
    });
    expect(c.view.messages.filter((m) => m.direction === 'in').map((m) => [m.id, m.kind])).toEqual([
      [GRANT.id, 'answer'],
      [w.id, 'withdraw-authorisation'],
    ]);
  });

  it('SoM art. 8(2), domain.md flag-State step 5: a withdrawal naming no scopes withdraws them all; a reason is carried only as words', () => {
    const c = grantedByExchange(['board', 'search']);
    const w = ref('TG:in-mt-1:6', 'TG', 'withdraw-authorisation');
    expect(eventsOfMessage(c.state.context, w, { reason: 42 })).toEqual([
      { type: 'AUTHORISATION_WITHDRAWN', message: w },
    ]);
    receive(c, w, {});
    expect(c.basis.permits).toEqual([]);
  });

  it('SoM art. 8(2): only the State whose consent is in force may withdraw it by the exchange; a withdrawal from another State is kept as received and the consent stands', () => {
    const c = grantedByExchange(['board', 'search']);
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' }, 'MT:case-1:4');
    const fromItaly = ref('IT:in-mt-9:2', 'IT', 'withdraw-authorisation');
    expect(eventsOfMessage(c.state.context, fromItaly, { scopes: ['board'] })).toEqual([
      { type: 'MESSAGE_RECEIVED', message: fromItaly, body: { scopes: ['board'] } },
    ]);
    receive(c, fromItaly, { scopes: ['board'] });
    expect(c.basis.permits).toEqual(['board', 'search']);
  });

  it('SoM art. 8(2): the flag State that granted a request it was never notified of may withdraw its consent by the exchange', () => {
    const c = new Case(opening(), withDesks());
    ok(c, noDanger);
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, N1);
    receive(c, GRANT, { registry: 'confirmed', authorisation: { scopes: ['board'] } });
    expect(c.view.flagState).toMatchObject({ consentFrom: 'TG' });
    expect(c.basis.permits).toEqual(['board']);
    const w = ref('TG:in-mt-1:6', 'TG', 'withdraw-authorisation');
    expect(receive(c, w, { scopes: ['board'] })).toEqual([
      { type: 'AUTHORISATION_WITHDRAWN', scopes: ['board'], message: w },
    ]);
    expect(c.basis.permits).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('the receipt is not the acknowledgement, except by agreement (domain.md, flag-State step 7; SoM arts 8(5), 17)', () => {
  const agreement = (clockStartsAt?: 'acknowledgement' | 'receipt', withStates = ['MT']) => ({
    agreement: 'Demo deemed-consent agreement (fictional)',
    with: withStates,
    afterHours: 3,
    scopes: ['board' as const],
    ...(clockStartsAt ? { clockStartsAt } : {}),
  });

  it('SoM arts 8(5), 17: under an agreement whose clock starts at receipt, the delivered notification is the acknowledgement: deemed consent is due three hours after it, and gives the agreement’s scopes then', () => {
    const c = notifiedByExchange(withDesks({ deemedConsent: agreement('receipt') }));
    const receipt = delivered(c, N1, 'TG', 'notify-flag-state', 12);
    const events = eventsOnDelivery(c.state.context, receipt);
    expect(events).toEqual([receipt, { type: 'FLAG_STATE_ACKNOWLEDGED' }]);
    events.forEach((e, i) => {
      applied(c, e, i === 0 ? 2 : 0);
    });
    expect(c.view.flagState.acknowledgedAt).toBe('2026-06-01T02:12:00.000Z');
    // received 02:12 + 3 h
    expect(c.view.deadlines.filter((d) => d.about === 'deemed-consent').map((d) => d.dueAt)).toEqual([
      '2026-06-01T05:12:00.000Z',
    ]);
    c.advanceTo(12 + 3 * 60 - 1);
    expect(c.basis.permits).toEqual([]);
    c.advanceTo(12 + 3 * 60);
    expect(c.basis).toMatchObject({ code: 'agreement-authorisation', permits: ['board'] });
  });

  it.each([
    { clock: 'no deemed-consent agreement', deemed: undefined },
    { clock: 'no clockStartsAt (the default, acknowledgement)', deemed: agreement() },
    { clock: "clockStartsAt 'acknowledgement'", deemed: agreement('acknowledgement') },
    {
      clock: "clockStartsAt 'receipt' in an agreement not with the intercepting State",
      deemed: agreement('receipt', ['IT']),
    },
  ])(
    'domain.md, flag-State step 7: with $clock, a receipt is only a delivery: no acknowledgement, no deemed-consent clock',
    ({ deemed }) => {
      const c = notifiedByExchange(withDesks(deemed ? { deemedConsent: deemed } : {}));
      const receipt = delivered(c, N1, 'TG', 'notify-flag-state', 12);
      const events = eventsOnDelivery(c.state.context, receipt);
      expect(events).toEqual([receipt]);
      applied(c, events[0]!, 2);
      expect(c.view.flagState.acknowledgedAt).toBeUndefined();
      expect(c.view.deadlines.filter((d) => d.about === 'deemed-consent')).toEqual([]);
    },
  );

  it('SoM art. 8(5): under a receipt clock, only the notification’s receipt starts it: a delivered request for authorisation does not', () => {
    const c = new Case(opening(), withDesks({ deemedConsent: agreement('receipt') }));
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, N2);
    const receipt = delivered(c, N2, 'TG', 'request-authorisation', 4);
    expect(eventsOnDelivery(c.state.context, receipt)).toEqual([receipt]);
  });

  it('SoM arts 8(5), 17: under a receipt clock, a receipt recorded after the flag State’s acknowledgement arrived adds no second acknowledgement: the clock keeps its start', () => {
    const c = notifiedByExchange(withDesks({ deemedConsent: agreement('receipt') }));
    // Togo's acknowledgement arrives at +11, before the relay records the receipt
    receive(c, ref('TG:in-mt-1:2', 'TG', 'acknowledge'), {});
    const receipt = delivered(c, N1, 'TG', 'notify-flag-state', 11);
    expect(eventsOnDelivery(c.state.context, receipt)).toEqual([receipt]);
    applied(c, receipt, 2);
    expect(c.view.flagState.acknowledgedAt).toBe('2026-06-01T02:11:00.000Z');
    // acknowledged 02:11 + 3 h
    expect(c.view.deadlines.filter((d) => d.about === 'deemed-consent').map((d) => d.dueAt)).toEqual([
      '2026-06-01T05:11:00.000Z',
    ]);
  });

  it('SoM art. 8(4), 8(5): a State asked about the registry only is no notified flag State: its receipt is no acknowledgement, whatever its own agreement says', () => {
    const s = setting({
      TG: party({ exchange: desk('TG') }),
      IT: party({ exchange: desk('IT'), deemedConsent: agreement('receipt') }),
    });
    const c = notifiedByExchange(s);
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' }, N2);
    const receipt = delivered(c, N2, 'IT', 'notify-flag-state', 12);
    expect(eventsOnDelivery(c.state.context, receipt)).toEqual([receipt]);
    applied(c, receipt, 2);
    expect(c.view.flagState.acknowledgedAt).toBeUndefined();
    expect(c.view.deadlines.filter((d) => d.about === 'deemed-consent')).toEqual([]);
  });

  it('SoM art. 8(6): a receipt that arrives after the directory dropped the State’s profile is still recorded as the delivery, and only that', () => {
    const c = notifiedByExchange(withDesks({ deemedConsent: agreement('receipt') }));
    applied(c, { type: 'SETTING_CHANGED', setting: setting({ IT: party({ exchange: desk('IT') }) }) });
    const receipt = delivered(c, N1, 'TG', 'notify-flag-state', 12);
    expect(eventsOnDelivery(c.state.context, receipt)).toEqual([receipt]);
    applied(c, receipt);
    expect(c.view.messages.map((m) => [m.id, m.status])).toEqual([[N1, 'delivered']]);
    expect(c.view.flagState.acknowledgedAt).toBeUndefined();
  });

  it('SoM arts 8(2), 8(5), 17: the notified flag State may withdraw by the exchange the consent its silence gave under the agreement', () => {
    const c = notifiedByExchange(withDesks({ deemedConsent: agreement('receipt') }));
    eventsOnDelivery(c.state.context, delivered(c, N1, 'TG', 'notify-flag-state', 12)).forEach((e, i) => {
      applied(c, e, i === 0 ? 2 : 0);
    });
    // deemed at 02:12 + 3 h
    c.advanceTo(12 + 3 * 60);
    expect(c.basis).toMatchObject({ code: 'agreement-authorisation', permits: ['board'] });
    const w = ref('TG:in-mt-1:4', 'TG', 'withdraw-authorisation');
    expect(receive(c, w, {})).toEqual([{ type: 'AUTHORISATION_WITHDRAWN', message: w }]);
    expect(c.basis.permits).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('row 8b: the good-faith attempt needs the request to reach the flag State (domain.md row 8b; UNSC res. 2240 (2015) para. 7)', () => {
  const resolution = securityCouncilResolution();
  const RES = ['UNSC res. 9999 (2026)', 'UNSC res. 2240 (2015) paras 7-8', 'UN Charter ch. VII'];
  const NO_BASIS = { code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] };
  const SC = { code: 'security-council-authorisation', basis: RES, permits: ['board', 'search'] };
  // notified at +10, authorisation requested at +20, both by the exchange; the 4-hour reply deadline
  // for the request falls at +260
  const attempt = () => {
    const c = notifiedByExchange(withDesks({}, { securityCouncilAuthorisations: [resolution] }));
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] }, N2, 10);
    return c;
  };

  it('UNSC res. 2240 (2015) para. 7: while the notification and the request are undelivered the deadline passing makes no good-faith attempt; it counts once both were delivered', () => {
    const c = attempt();
    c.advanceTo(270);
    expect(c.basis).toEqual(NO_BASIS);
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 271));
    expect(c.basis).toEqual(NO_BASIS);
    applied(c, delivered(c, N2, 'TG', 'request-authorisation', 272));
    expect(c.basis).toEqual(SC);
  });

  it('UNSC res. 2240 (2015) para. 7: a refusal while the notification is still pending is no good-faith attempt yet', () => {
    const c = attempt();
    applied(c, delivered(c, N2, 'TG', 'request-authorisation', 21));
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    expect(c.basis).toEqual(NO_BASIS);
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 23));
    expect(c.basis).toEqual(SC);
  });

  it('SoM art. 8(6); UNSC res. 2240 (2015) para. 7: a request the exchange could not deliver counts once the authority sent it by other means', () => {
    const c = attempt();
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 21));
    applied(c, notDelivered(N2, 'TG', 'request-authorisation'), 30);
    c.advanceTo(270);
    expect(c.basis).toEqual(NO_BASIS);
    applied(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'phone to the Togo MRCC duty officer' });
    expect(c.basis).toEqual(SC);
  });

  it('UNSC res. 2240 (2015) para. 7: once the notification and the request reached the flag State, an inquiry still on its way to another State does not hold back the good-faith attempt', () => {
    const c = attempt();
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 21));
    applied(c, delivered(c, N2, 'TG', 'request-authorisation', 22));
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' }, 'MT:case-1:4');
    c.advanceTo(270);
    expect(c.view.messages.map((m) => [m.id, m.status])).toEqual([
      [N1, 'delivered'],
      [N2, 'delivered'],
      ['MT:case-1:4', 'pending'],
    ]);
    expect(c.basis).toEqual(SC);
  });

  it('UNSC res. 2240 (2015) para. 7: a report of results the exchange could not deliver to the flag State is no request: it does not hold back the good-faith attempt', () => {
    const c = attempt();
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 21));
    applied(c, delivered(c, N2, 'TG', 'request-authorisation', 22));
    sending(c, { type: 'RESULTS_REPORTED', to: 'TG' }, 'MT:case-1:4');
    applied(c, notDelivered('MT:case-1:4', 'TG', 'report-results'));
    c.advanceTo(270);
    expect(c.basis).toEqual(SC);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('a message the exchange could not deliver (SoM art. 8(6); contract.md, MESSAGE_NOT_DELIVERED)', () => {
  it('SoM art. 8(6): the case warns MESSAGE_NOT_DELIVERED and asks the authority to send it by other means, a legal action that does not block closing; sending it by other means closes both', () => {
    const c = notifiedByExchange();
    applied(c, notDelivered(N1, 'TG', 'notify-flag-state'), 30);
    const warning = c.view.warnings.find((w) => w.code === 'MESSAGE_NOT_DELIVERED');
    expect(warning).toMatchObject({ basis: ['SoM art. 8(6)'] });
    expect(warning!.message).toContain('notify-flag-state');
    expect(warning!.message).toContain('TG');
    expect(warning!.message).toContain('connection refused');
    expect(c.action('SEND_BY_OTHER_MEANS')).toMatchObject({
      role: 'authority',
      priority: 'legal',
      blocking: false,
      basis: ['SoM art. 8(6)', 'SoM art. 8(2)'],
    });
    expect(c.view.messages[0]).toMatchObject({
      id: N1,
      status: 'not-delivered',
      error: 'connection refused',
    });
    applied(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'fax', note: 'confirmed by phone' });
    expect(c.warnings).not.toContain('MESSAGE_NOT_DELIVERED');
    expect(c.actions).not.toContain('SEND_BY_OTHER_MEANS');
    expect(c.view.messages[0]).toMatchObject({ id: N1, status: 'sent-by-other-means', channel: 'fax' });
  });

  it('SoM art. 8(6): with nothing undelivered, sending by other means is not expected', () => {
    const c = notifiedByExchange();
    notExpected(step(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'fax' }));
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 12));
    notExpected(step(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'fax' }));
    const byHand = new Case(opening(), setting({ TG: party() }));
    ok(byHand, noDanger);
    ok(byHand, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    notExpected(byHand.send({ type: 'SENT_BY_OTHER_MEANS', channel: 'fax' }));
  });

  it('SoM art. 8(6): sending one message by other means, named by its id, settles that message only', () => {
    const c = notifiedByExchange();
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, N2);
    applied(c, notDelivered(N1, 'TG', 'notify-flag-state'), 30);
    applied(c, notDelivered(N2, 'TG', 'request-authorisation'));
    expect(c.view.warnings.filter((w) => w.code === 'MESSAGE_NOT_DELIVERED')).toHaveLength(2);
    // the authority reads what to send and to whom
    expect(c.action('SEND_BY_OTHER_MEANS')!.title).toBe(
      'Send by other means what the exchange could not deliver: notify-flag-state to TG, request-authorisation to TG',
    );
    applied(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'fax', messageId: N2 });
    expect(c.view.messages.map((m) => [m.id, m.status])).toEqual([
      [N1, 'not-delivered'],
      [N2, 'sent-by-other-means'],
    ]);
    const left = c.view.warnings.filter((w) => w.code === 'MESSAGE_NOT_DELIVERED');
    expect(left).toHaveLength(1);
    expect(left[0]!.message).toContain('notify-flag-state');
    expect(c.action('SEND_BY_OTHER_MEANS')!.title).toBe(
      'Send by other means what the exchange could not deliver: notify-flag-state to TG',
    );
    // the same message cannot be sent by other means twice, nor one that is not undelivered
    notExpected(step(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'fax', messageId: N2 }));
    notExpected(step(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'fax', messageId: 'MT:case-1:99' }));
  });

  it('SoM art. 8(6): sending by other means, no message named, settles every undelivered message and only those: a delivered message and one received stay as they are', () => {
    const c = notifiedByExchange();
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, N2);
    applied(c, delivered(c, N1, 'TG', 'notify-flag-state', 12));
    receive(c, ref('TG:in-mt-1:2', 'TG', 'acknowledge'), {});
    applied(c, notDelivered(N2, 'TG', 'request-authorisation'), 30);
    applied(c, { type: 'SENT_BY_OTHER_MEANS', channel: 'phone to the Togo central authority' });
    expect(c.view.messages.map((m) => [m.id, m.status, m.channel])).toEqual([
      [N1, 'delivered', undefined],
      [N2, 'sent-by-other-means', 'phone to the Togo central authority'],
      ['TG:in-mt-1:2', 'received', undefined],
    ]);
  });

  it('SoM art. 8(6): the warning tells the authority which message did not reach which State’s desk, and why where the exchange knows', () => {
    const c = notifiedByExchange();
    sending(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }, N2);
    applied(c, notDelivered(N1, 'TG', 'notify-flag-state'), 30);
    applied(c, { ...notDelivered(N2, 'TG', 'request-authorisation'), error: '' });
    expect(c.view.warnings.filter((w) => w.code === 'MESSAGE_NOT_DELIVERED').map((w) => w.message)).toEqual([
      "The exchange could not deliver the notify-flag-state message to TG's desk (connection refused): send it by other means.",
      "The exchange could not deliver the request-authorisation message to TG's desk: send it by other means.",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('the flag side: further messages in the conversation (SoM art. 8(3), 8(4))', () => {
  // Togo's own reply target is 2 hours: a quarter before it (30 min) warns
  it('SoM art. 8(4): a request for authorisation after the answer opens the answer again, due two hours after it arrived, asking what it adds', () => {
    const c = requestByExchange();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    ok(c, { type: 'REQUEST_ANSWERED', registry: 'confirmed' });
    expect(c.actions).not.toContain('ANSWER_REQUEST');
    const r2 = ref('MT:case-1:5', 'MT', 'request-authorisation');
    const body = { vessel: REQUEST.vessel, asks: ['board', 'search'] };
    expect(eventsOfMessage(c.state.context, r2, body)).toEqual([
      { type: 'MESSAGE_RECEIVED', message: r2, body },
    ]);
    // arrives at +30
    receive(c, r2, body, 28);
    expect(c.view.incoming).toMatchObject({
      asks: ['registry', 'board', 'search'],
      answered: false,
      lastMessageId: r2.id,
    });
    expect(c.action('ANSWER_REQUEST')).toMatchObject({ dueAt: '2026-06-01T04:30:00.000Z', blocking: true });
    expect(c.view.deadlines.map(({ about, dueAt }) => ({ about, dueAt }))).toEqual([
      { about: 'reply-deadline-near', dueAt: '2026-06-01T04:00:00.000Z' },
      { about: 'answer-request', dueAt: '2026-06-01T04:30:00.000Z' },
    ]);
    // the new answer replies to the new request
    expect(outboundMessage(c.state.context, answered(['board', 'search']))).toMatchObject({
      kind: 'answer',
      to: 'MT',
      conversation: 'case-1',
      inReplyTo: r2.id,
    });
    ok(c, answered(['board', 'search']));
  });

  it('SoM art. 8(4): a further request reopens a case the authority had closed, on its own time: the first answer’s lateness is not carried over', () => {
    const c = requestByExchange();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    // answered at +150, after the 2-hour target (04:00)
    ok(c, { type: 'REQUEST_ANSWERED', registry: 'confirmed' }, 149);
    ok(c, { type: 'CASE_CLOSED', outcome: 'registry confirmed' });
    expect(c.view).toMatchObject({
      status: 'closed',
      outcome: 'registry confirmed',
      incoming: { overdue: true },
    });
    const r2 = ref('MT:case-1:5', 'MT', 'request-authorisation');
    // arrives at +180, 05:00
    receive(c, r2, { asks: ['board'] }, 29);
    expect(c.view.status).toBe('open');
    expect(c.view.outcome).toBeUndefined();
    expect(c.view.incoming).toMatchObject({ receivedAt: '2026-06-01T05:00:00.000Z', overdue: false });
    expect(c.action('ANSWER_REQUEST')).toMatchObject({ dueAt: '2026-06-01T07:00:00.000Z' });
    expect(c.view.deadlines.find((d) => d.about === 'answer-request')?.dueAt).toBe(
      '2026-06-01T07:00:00.000Z',
    );
    ok(c, answered(['board']));
    ok(c, { type: 'CASE_CLOSED' });
  });

  it('SoM art. 8(3): the requesting State’s report of results is kept with the request, and does not reopen it', () => {
    const c = requestByExchange();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    ok(c, answered(['board', 'search']));
    ok(c, { type: 'CASE_CLOSED' });
    const report = ref('MT:case-1:12', 'MT', 'report-results');
    const body = { boarded: true, searched: true, evidenceFound: false, measures: [] };
    receive(c, report, body, 600);
    expect(c.view.incoming!.results).toEqual([{ at: '2026-06-01T12:03:00.000Z', body }]);
    expect(c.view.status).toBe('closed');
    expect(c.view.messages.map((m) => [m.id, m.direction, m.kind])).toEqual([
      [R1.id, 'in', 'notify-flag-state'],
      [report.id, 'in', 'report-results'],
    ]);
  });

  it('SoM art. 8(4): a further request before the answer adds what it asks, each once, and the answer stays due on the first request’s time', () => {
    const c = requestByExchange();
    // a notification at +30 and a request for authorisation at +40, both in Malta's conversation
    receive(c, ref('MT:case-1:3', 'MT', 'notify-flag-state'), { asks: ['registry', 'board'] }, 30);
    expect(c.view.incoming).toMatchObject({ asks: ['registry', 'board'], answered: false });
    const r3 = ref('MT:case-1:4', 'MT', 'request-authorisation');
    receive(c, r3, { asks: ['board', 'search'], scopes: ['board', 'search'] }, 10);
    expect(c.view.incoming).toMatchObject({
      asks: ['registry', 'board', 'search'],
      answered: false,
      receivedAt: START,
      lastMessageId: r3.id,
    });
    // still two hours from START
    expect(c.action('ANSWER_REQUEST')).toMatchObject({ dueAt: '2026-06-01T04:00:00.000Z' });
    expect(c.view.deadlines.map(({ about, dueAt }) => ({ about, dueAt }))).toEqual([
      { about: 'reply-deadline-near', dueAt: '2026-06-01T03:30:00.000Z' },
      { about: 'answer-request', dueAt: '2026-06-01T04:00:00.000Z' },
    ]);
  });

  it('SoM art. 8(4): a further notification after the answer asks the registry again: the answer is owed again, asking nothing new', () => {
    const c = requestByExchange();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    ok(c, { type: 'REQUEST_ANSWERED', registry: 'confirmed' });
    // no asks: a notification asks the registry (contract.md), which the request already asks
    receive(c, ref('MT:case-1:4', 'MT', 'notify-flag-state'), { vessel: REQUEST.vessel }, 28);
    expect(c.view.incoming).toMatchObject({ asks: ['registry'], answered: false });
    expect(c.action('ANSWER_REQUEST')).toMatchObject({ dueAt: '2026-06-01T04:30:00.000Z' });
  });

  it('SoM art. 8(4): what the requesting State sends that is no request (an answer, an acknowledgement) takes no step of the flag State’s own, asks nothing and does not reopen the answer', () => {
    const c = requestByExchange();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    ok(c, answered(['board']));
    const odd = ref('MT:case-1:5', 'MT', 'answer');
    const body = { registry: 'confirmed', authorisation: { scopes: ['board', 'search'], conditions: [] } };
    expect(eventsOfMessage(c.state.context, odd, body)).toEqual([
      { type: 'MESSAGE_RECEIVED', message: odd, body },
    ]);
    receive(c, odd, body);
    const ack = ref('MT:case-1:6', 'MT', 'acknowledge');
    expect(receive(c, ack, {})).toEqual([{ type: 'MESSAGE_RECEIVED', message: ack, body: {} }]);
    expect(c.view.incoming).toMatchObject({ asks: ['registry'], answered: true, lastMessageId: ack.id });
    expect(c.actions).not.toContain('ANSWER_REQUEST');
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('who may write into a case (SoM art. 8(6); contract.md, POST /exchange/inbox)', () => {
  it('SoM art. 8(6): an interception takes messages only from the States it wrote to', () => {
    const c = new Case(opening(), withDesks());
    ok(c, noDanger);
    expect(awaitsMessagesFrom(c.state.context, 'TG')).toBe(false);
    sending(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' }, N1);
    expect(awaitsMessagesFrom(c.state.context, 'TG')).toBe(true);
    expect(awaitsMessagesFrom(c.state.context, 'IT')).toBe(false);
    // a message from a State is not a letter to it
    const fromItaly = ref('IT:x:1', 'IT', 'acknowledge');
    receive(c, fromItaly, {});
    expect(awaitsMessagesFrom(c.state.context, 'IT')).toBe(false);
  });

  it('SoM art. 8(6): an incoming request takes messages only from the State that asked', () => {
    const c = requestByExchange();
    expect(awaitsMessagesFrom(c.state.context, 'MT')).toBe(true);
    expect(awaitsMessagesFrom(c.state.context, 'IT')).toBe(false);
    expect(awaitsMessagesFrom(c.state.context, 'TG')).toBe(false);
  });
});

// the marks the runtime sets never stand in for a refusal: a refused marked step changes nothing
describe('a refused step sends nothing (SoM art. 8(2))', () => {
  it('SoM art. 8(2): a second notification of the flag State is not expected, and its message never enters the case', () => {
    const c = notifiedByExchange();
    const r = step(c, {
      type: 'FLAG_STATE_NOTIFIED',
      state: 'TG',
      sends: { id: 'MT:case-1:3', to: 'TG', kind: 'notify-flag-state' },
    });
    refused(r, 'not-expected-now');
    expect(c.view.messages.map((m) => m.id)).toEqual([N1]);
  });
});
