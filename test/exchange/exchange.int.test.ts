// The desk-to-desk exchange between two real desks (SoM art. 8(2), 8(4), 8(6); contract.md, "Desk-to-desk
// exchange"): the request travels signed, the answer lands in the requesting case as the flag State's own
// steps, both audits name the same message, and nothing unsigned, misaddressed or repeated changes a case.
import { CompactSign } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralExchangeKeys } from '../../src/exchange/keys.ts';
import { sha256, signMessage } from '../../src/exchange/protocol.ts';
import { incomingCaseId } from '../../src/runtime/exchange.ts';
import { rebuild } from '../../src/runtime/snapshots.ts';
import { wiredLaw } from '../../src/wired-law.ts';
import { flaggedTrawler } from '../http/helpers.ts';
import { introduce, type StateDesk, stateDesk } from './two-desks.ts';

let mt: StateDesk;
let tg: StateDesk;

beforeEach(async () => {
  mt = await stateDesk('MT', { attempts: 3, baseMs: 1000, capMs: 4000, timeoutMs: 2000 });
  tg = await stateDesk('TG');
  await introduce(mt, tg);
});
afterEach(async () => {
  await mt.close();
  await tg.close();
});

async function post(desk: StateDesk, caseId: string, event: Record<string, unknown>) {
  const res = await desk.app.inject({
    method: 'POST',
    url: `/cases/${caseId}/events`,
    headers: await desk.auth('authority'),
    payload: event,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const view = async (desk: StateDesk, id: string) =>
  (await desk.app.inject({ url: `/cases/${id}`, headers: await desk.auth('auditor') })).json();
const audit = async (desk: StateDesk, id: string) =>
  (await desk.app.inject({ url: `/cases/${id}/audit`, headers: await desk.auth('auditor') })).json();

// MT's coastguard meets a TG-flagged trawler on the high seas; MT's authority notifies TG and asks to board.
async function interception(): Promise<string> {
  const res = await mt.app.inject({
    method: 'POST',
    url: '/cases',
    headers: await mt.auth('operator'),
    payload: { ...flaggedTrawler(), interceptingState: 'MT' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await post(mt, id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
  await post(mt, id, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
  return id;
}

describe('the flag-State request between two desks (SoM art. 8(2), 8(6))', () => {
  it('art. 8(2): the notification and request open an incoming request on the flag desk; the receipts are recorded as delivery, not acknowledgement', async () => {
    const id = await interception();
    expect((await view(mt, id)).messages.map((m: { status: string }) => m.status)).toEqual([
      'pending',
      'pending',
    ]);
    expect(await mt.relay.tick()).toBe(2);

    const incoming = await view(tg, incomingCaseId('MT', id));
    expect(incoming).toMatchObject({ kind: 'incoming-request', incoming: { from: 'MT', conversation: id } });
    expect(incoming.incoming.asks).toEqual(['registry', 'board', 'search']);
    expect(incoming.requiredActions.map((a: { code: string }) => a.code)).toContain('ANSWER_REQUEST');

    const sent = await view(mt, id);
    expect(sent.messages.map((m: { status: string }) => m.status)).toEqual(['delivered', 'delivered']);
    // a receipt is not the flag authority's acknowledgement: no deemed-consent clock starts from it
    expect(sent.flagState.acknowledgedAt).toBeUndefined();
    const delivered = (await audit(mt, id)).filter((e: { type: string }) => e.type === 'MESSAGE_DELIVERED');
    const received = (await audit(tg, incomingCaseId('MT', id))).map(
      (e: { event: { message?: { sha256: string } } }) => e.event.message?.sha256,
    );
    // both audits name the same messages
    expect(delivered.map((e: { event: { sha256: string } }) => e.event.sha256)).toEqual(received);
  });

  it("art. 8(4), 8(5): the flag authority's acknowledgement and answer land in the requesting case as its own, with its condition", async () => {
    const id = await interception();
    await mt.relay.tick();
    const flagCase = incomingCaseId('MT', id);
    await post(tg, flagCase, { type: 'REQUEST_ACKNOWLEDGED' });
    await post(tg, flagCase, { type: 'REGISTER_CHECKED', onRegister: true });
    await post(tg, flagCase, {
      type: 'REQUEST_ANSWERED',
      registry: 'confirmed',
      authorisation: { scopes: ['board', 'search'], conditions: [{ kind: 'force-self-defence-only' }] },
    });
    expect(await tg.relay.tick()).toBe(2);

    const answered = await view(mt, id);
    expect(answered.flagState).toMatchObject({ registry: 'confirmed', reply: 'granted', consentFrom: 'TG' });
    expect(answered.flagState.acknowledgedAt).toBeDefined();
    expect(answered.legalBasis.permits).toEqual(['board', 'search']);
    expect(answered.conditions).toEqual([{ kind: 'force-self-defence-only' }]);
    const steps = (await audit(mt, id)).filter((e: { actor: { subject: string } }) =>
      e.actor.subject.startsWith('TG central authority'),
    );
    expect(steps.map((e: { type: string }) => e.type)).toEqual([
      'FLAG_STATE_ACKNOWLEDGED',
      'REGISTRY_CONFIRMED',
      'AUTHORISATION_GRANTED',
    ]);
    expect(steps.every((e: { actor: { role: string } }) => e.actor.role === 'authority')).toBe(true);
    // the answer's hash on MT's side is the one TG's desk recorded for its delivery
    const tgDelivered = (await audit(tg, flagCase)).filter(
      (e: { type: string }) => e.type === 'MESSAGE_DELIVERED',
    );
    expect(tgDelivered.at(-1).event.sha256).toBe(steps.at(-1).event.message.sha256);

    // the log alone rebuilds both cases as they are served: the messages, the conversation, the answer
    for (const [desk, caseId] of [
      [mt, id],
      [tg, flagCase],
    ] as const) {
      const row = (await desk.runtime.store.loadCase(caseId))!;
      const rebuilt = rebuild(wiredLaw(), row, await desk.runtime.store.entries(caseId), desk.state);
      expect(rebuilt.view).toEqual(await desk.runtime.getView(caseId, { role: 'auditor', subject: 'a' }));
    }
  });

  it('art. 8(6): a message signed with a key the directory does not hold for its sender is refused (401) and changes nothing', async () => {
    const id = await interception();
    await mt.relay.tick();
    const stranger = await ephemeralExchangeKeys();
    const forged = await signMessage(
      {
        id: 'TG:forged:1',
        from: 'TG',
        to: 'MT',
        conversation: id,
        kind: 'answer',
        sentAt: mt.clock.now().toISOString(),
        body: {
          registry: 'confirmed',
          authorisation: { scopes: ['board', 'search', 'measures'], conditions: [] },
        },
      },
      stranger,
    );
    const before = await view(mt, id);
    const res = await mt.app.inject({
      method: 'POST',
      url: '/exchange/inbox',
      headers: { 'content-type': 'application/jose' },
      payload: forged,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('bad-signature');
    expect(await view(mt, id)).toEqual(before);
  });

  it('a message posted twice is taken once and answered with the same signed receipt', async () => {
    const id = await interception();
    const message = {
      id: 'MT:dup:1',
      from: 'MT',
      to: 'TG',
      conversation: id,
      kind: 'notify-flag-state' as const,
      sentAt: tg.clock.now().toISOString(),
      body: {
        vessel: { name: 'Sea Star', flag: 'TG' },
        position: { lat: 34, lon: 13 },
        grounds: [],
        asks: ['registry'],
      },
    };
    const jws = await signMessage(message, mt.keys);
    const send = () =>
      tg.app.inject({
        method: 'POST',
        url: '/exchange/inbox',
        headers: { 'content-type': 'application/jose' },
        payload: jws,
      });
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ messageId: 'MT:dup:1', sha256: sha256(jws) });
    const headAfterFirst = (await audit(tg, incomingCaseId('MT', id))).length;
    tg.clock.advanceMinutes(5);
    const second = await send();
    expect(second.json()).toEqual(first.json());
    expect((await audit(tg, incomingCaseId('MT', id))).length).toBe(headAfterFirst);
  });

  it('a message for another State is refused (409); a tampered one (401); a malformed one names its field (400)', async () => {
    const id = await interception();
    const base = {
      id: 'MT:x:1',
      from: 'MT',
      to: 'LY',
      conversation: id,
      kind: 'acknowledge' as const,
      sentAt: tg.clock.now().toISOString(),
      body: {},
    };
    const inbox = (payload: unknown, type = 'application/jose') =>
      tg.app.inject({
        method: 'POST',
        url: '/exchange/inbox',
        headers: { 'content-type': type },
        payload: payload as string,
      });
    expect((await inbox(await signMessage(base, mt.keys))).statusCode).toBe(409);
    const good = await signMessage({ ...base, to: 'TG' }, mt.keys);
    const [h, p, s] = good.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...base, to: 'TG', id: 'MT:x:2' })).toString('base64url')}.${s}`;
    expect((await inbox(tampered)).statusCode).toBe(401);
    // the flattened JSON serialization is the same message
    const flattened = await inbox(
      JSON.stringify({ protected: h, payload: p, signature: s }),
      'application/json',
    );
    expect(flattened.statusCode).not.toBe(400);
    const noKind = await new CompactSign(
      new TextEncoder().encode(JSON.stringify({ ...base, to: 'TG', kind: 'hello' })),
    )
      .setProtectedHeader({ alg: 'EdDSA', kid: mt.keys.kid })
      .sign(mt.keys.privateKey);
    const bad = await inbox(noKind);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { path: string }) => i.path)).toEqual(['payload.kind']);
  });

  it('SoM art. 8(6): a message the exchange cannot deliver warns MESSAGE_NOT_DELIVERED and opens SEND_BY_OTHER_MEANS until sent by other means', async () => {
    const id = await interception();
    await tg.close();
    await mt.relay.tick();
    mt.clock.advanceMinutes(1);
    await mt.relay.tick();
    mt.clock.advanceMinutes(1);
    expect(await mt.relay.tick()).toBe(2);
    const failed = await view(mt, id);
    expect(failed.messages.map((m: { status: string }) => m.status)).toEqual([
      'not-delivered',
      'not-delivered',
    ]);
    expect(failed.warnings.map((w: { code: string }) => w.code)).toContain('MESSAGE_NOT_DELIVERED');
    const action = failed.requiredActions.find((a: { code: string }) => a.code === 'SEND_BY_OTHER_MEANS');
    expect(action).toMatchObject({ role: 'authority', priority: 'legal', blocking: false });
    await post(mt, id, { type: 'SENT_BY_OTHER_MEANS', channel: 'phone to TG duty officer' });
    const sent = await view(mt, id);
    expect(sent.requiredActions.map((a: { code: string }) => a.code)).not.toContain('SEND_BY_OTHER_MEANS');
    expect(sent.warnings.map((w: { code: string }) => w.code)).not.toContain('MESSAGE_NOT_DELIVERED');
    // closing TG's desk twice is harmless for afterEach
    tg = { ...tg, close: async () => {} };
  });

  it("a request in the contract's words ({scopes}) adds to its conversation; one that would open a case without vessel or position names them (400)", async () => {
    const id = await interception();
    await mt.relay.tick();
    const flagCase = incomingCaseId('MT', id);
    const message = (n: number, conversation: string) => ({
      id: `MT:more:${n}`,
      from: 'MT',
      to: 'TG',
      conversation,
      kind: 'request-authorisation' as const,
      sentAt: tg.clock.now().toISOString(),
      body: { scopes: ['measures'] },
    });
    const inbox = async (m: ReturnType<typeof message>) =>
      tg.app.inject({
        method: 'POST',
        url: '/exchange/inbox',
        headers: { 'content-type': 'application/jose' },
        payload: await signMessage(m, mt.keys),
      });
    expect((await inbox(message(1, id))).statusCode).toBe(200);
    expect((await view(tg, flagCase)).incoming.asks).toEqual(['registry', 'board', 'search', 'measures']);
    const opening = await inbox(message(2, 'another-case'));
    expect(opening.statusCode).toBe(400);
    expect(opening.json().issues.map((i: { path: string }) => i.path)).toEqual([
      'payload.body.vessel',
      'payload.body.position',
    ]);
  });

  it('an answer for no case here is 404; an answer from a State the case never wrote to is 409; neither changes anything', async () => {
    const id = await interception();
    const before = await view(mt, id);
    const lyKeys = await ephemeralExchangeKeys();
    await mt.app.inject({
      method: 'PUT',
      url: '/directory/states/LY',
      headers: await mt.auth('authority'),
      payload: { protocolParty: true, exchange: { url: 'http://127.0.0.1:9/', jwks: lyKeys.jwks } },
    });
    const answer = (conversation: string) =>
      signMessage(
        {
          id: `LY:${conversation}`,
          from: 'LY',
          to: 'MT',
          conversation,
          kind: 'answer',
          sentAt: mt.clock.now().toISOString(),
          body: { registry: 'confirmed', authorisation: { scopes: ['board'], conditions: [] } },
        },
        lyKeys,
      );
    const inbox = async (jws: string) =>
      mt.app.inject({
        method: 'POST',
        url: '/exchange/inbox',
        headers: { 'content-type': 'application/jose' },
        payload: jws,
      });
    const nowhere = await inbox(await answer('no-such-case'));
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().error).toBe('unknown-conversation');
    const intruder = await inbox(await answer(id));
    expect(intruder.statusCode).toBe(409);
    expect(intruder.json().error).toBe('not-in-conversation');
    const after = await view(mt, id);
    expect(after.flagState).toEqual(before.flagState);
    expect(after.legalBasis).toEqual(before.legalBasis);
  });

  it('a failed post waits before the next, doubling up to the cap, each wait jittered within [half, whole)', async () => {
    const id = await interception();
    await tg.close();
    tg = { ...tg, close: async () => {} };
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const sentAt = mt.clock.now().getTime();
      await mt.relay.tick();
      const rows = await mt.runtime.store.pendingOutbox(10);
      expect(rows.map((r) => r.attempts)).toEqual([attempt, attempt]);
      // nothing is due again before its wait
      expect(await mt.runtime.pendingMessages(10)).toEqual([]);
      waits.push(...rows.map((r) => Date.parse(r.dueAt!) - sentAt));
      expect(rows.every((r) => r.lastError?.includes("TG's desk did not answer"))).toBe(true);
      mt.clock.advanceMinutes(1);
    }
    // policy in beforeEach: first wait 1 s, then 2 s (cap 4 s)
    expect(waits.slice(0, 2).every((w) => w >= 500 && w < 1000)).toBe(true);
    expect(waits.slice(2).every((w) => w >= 1000 && w < 2000)).toBe(true);
    expect((await view(mt, id)).messages.every((m: { status: string }) => m.status === 'pending')).toBe(true);
  });

  it('a reply the law refuses in full (the case closed meanwhile) is recorded refused, and the message is kept in the case', async () => {
    const id = await interception();
    await mt.relay.tick();
    const flagCase = incomingCaseId('MT', id);
    await post(tg, flagCase, { type: 'REGISTER_CHECKED', onRegister: true });
    await post(mt, id, { type: 'REGISTRY_CONFIRMED', state: 'TG' });
    await post(mt, id, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    await post(mt, id, { type: 'DISTRESS_ASSESSED', phase: 'none' });
    const closed = await mt.app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: await mt.auth('authority'),
      payload: { type: 'CASE_CLOSED', outcome: 'flag State refused by phone' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await view(mt, id)).status).toBe('closed');
    await post(tg, flagCase, {
      type: 'REQUEST_ANSWERED',
      registry: 'confirmed',
      authorisation: { scopes: ['board'], conditions: [] },
    });
    expect(await tg.relay.tick()).toBe(1);
    const trail = await audit(mt, id);
    const last = trail.slice(-2);
    expect(last.map((e: { type: string; outcome: string }) => [e.type, e.outcome])).toEqual([
      ['AUTHORISATION_GRANTED', 'refused'],
      ['MESSAGE_RECEIVED', 'applied'],
    ]);
    expect((await view(mt, id)).messages.at(-1)).toMatchObject({
      direction: 'in',
      kind: 'answer',
      state: 'TG',
    });
  });

  it("art. 8(6): the desk signs as its own State, so a case whose unit serves another State still reaches the flag State's desk as this desk's", async () => {
    const res = await mt.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await mt.auth('operator'),
      payload: flaggedTrawler(),
    });
    const id = res.json().id as string;
    expect(res.json().interceptingState).toBe('IT');
    await post(mt, id, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expect(await mt.relay.tick()).toBe(1);
    expect((await view(mt, id)).messages[0]).toMatchObject({ status: 'delivered', id: `MT:${id}:2` });
    expect((await view(tg, incomingCaseId('MT', id))).incoming).toMatchObject({
      from: 'MT',
      conversation: id,
    });
  });

  it('a refusal from the other desk, an RFC 9457 problem, is read by the relay: not delivered, naming its status and error', async () => {
    // MT's directory sends LY's messages to TG's desk, which is not LY's: TG refuses them, 409 wrong-addressee
    const entered = await mt.app.inject({
      method: 'PUT',
      url: '/directory/states/LY',
      headers: await mt.auth('authority'),
      payload: { protocolParty: true, exchange: { url: tg.url, jwks: tg.keys.jwks } },
    });
    expect(entered.statusCode, entered.body).toBe(200);
    const res = await mt.app.inject({
      method: 'POST',
      url: '/cases',
      headers: await mt.auth('operator'),
      payload: { ...flaggedTrawler(), interceptingState: 'MT', vessel: { name: 'Nour', flag: 'LY' } },
    });
    const id = res.json().id as string;
    await post(mt, id, { type: 'FLAG_STATE_NOTIFIED', state: 'LY' });
    expect(await mt.relay.tick()).toBe(1);
    expect((await view(mt, id)).messages).toMatchObject([
      { status: 'not-delivered', error: "LY's desk answered 409 (wrong-addressee)" },
    ]);
  });

  it("what another desk's message holds beyond this desk's vocabulary is dropped, not refused (desks of two versions)", async () => {
    const id = await interception();
    await mt.relay.tick();
    const later = await signMessage(
      {
        id: 'TG:later:1',
        from: 'TG',
        to: 'MT',
        conversation: id,
        kind: 'answer',
        sentAt: mt.clock.now().toISOString(),
        body: {
          registry: 'confirmed',
          authorisation: { scopes: ['board'], conditions: [], validUntil: '2026-06-02T00:00:00Z' },
          note: 'a field of a later desk',
        },
      },
      tg.keys,
    );
    const res = await mt.app.inject({
      method: 'POST',
      url: '/exchange/inbox',
      headers: { 'content-type': 'application/jose' },
      payload: later,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await view(mt, id)).flagState).toMatchObject({ registry: 'confirmed', reply: 'granted' });
    const granted = (await audit(mt, id)).find((e: { type: string }) => e.type === 'AUTHORISATION_GRANTED');
    expect(granted.event).toMatchObject({ scopes: ['board'], conditions: [] });
    expect(granted.event).not.toHaveProperty('validUntil');
  });
});
