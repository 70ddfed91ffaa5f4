import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { Role } from '../../machines/schemas.ts';
import type { StreamOptions } from '../../src/http/routes/stream.ts';
import type { DeskRuntime } from '../../src/http/runtime-port.ts';
import type { StreamEvent } from '../../src/runtime/types.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

type Message = { type: string; [k: string]: unknown };

// Collects every message from the first byte on (a listener added after open would miss `hello`).
class Peer {
  readonly messages: Message[] = [];
  private waiters: Array<() => void> = [];
  ws!: WebSocket;
  // how the desk ended the connection: the close frame's code and reason
  closed!: Promise<{ code: number; reason: string }>;
  pings = 0;

  static async connect(
    desk: Pick<Desk, 'app' | 'token'>,
    role: Role,
    how: 'query' | 'header' = 'query',
    // a peer that sends the desk something before its first message arrives, or stays deaf to pings
    opts: { first?: unknown; answerPings?: boolean } = {},
  ): Promise<Peer> {
    const peer = new Peer();
    const token = await desk.token(role);
    const onInit = (ws: WebSocket) => {
      peer.ws = ws;
      peer.closed = new Promise((resolve) =>
        ws.on('close', (code, reason) => {
          resolve({ code, reason: String(reason) });
          for (const w of peer.waiters.splice(0)) w();
        }),
      );
      // a browser or a `ws` client answers pings by itself; the injected client does not, so it is done here
      ws.on('ping', (data) => {
        if (opts.answerPings !== false) ws.pong(data);
        peer.pings++;
        for (const w of peer.waiters.splice(0)) w();
      });
      ws.on('message', (data) => {
        peer.messages.push(JSON.parse(String(data)) as Message);
        for (const w of peer.waiters.splice(0)) w();
      });
    };
    const onOpen = (ws: WebSocket) => {
      if (opts.first !== undefined) ws.send(JSON.stringify(opts.first));
    };
    if (how === 'query') await desk.app.injectWS(`/stream?token=${token}`, {}, { onInit, onOpen });
    else
      await desk.app.injectWS(
        '/stream',
        { headers: { authorization: `Bearer ${token}` } },
        { onInit, onOpen },
      );
    return peer;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  // Resolves with all messages once `done` holds for them.
  async until(done: (messages: Message[]) => boolean, ms = 3000): Promise<Message[]> {
    const deadline = Date.now() + ms;
    while (!done(this.messages)) {
      if (Date.now() > deadline)
        throw new Error(`timed out; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.messages;
  }

  of(type: string): Message[] {
    return this.messages.filter((m) => m.type === type);
  }

  close(): void {
    this.ws.terminate();
  }
}

let desk: Desk;
beforeEach(async () => {
  desk = await startDesk();
});
afterEach(async () => {
  await desk.close();
});

async function post(role: Role, url: string, payload: object) {
  return desk.app.inject({ method: 'POST', url, headers: await desk.auth(role), payload });
}

async function openWithHistory(): Promise<string> {
  const id = (await post('operator', '/cases', rubberBoat())).json().id as string;
  await post('operator', `/cases/${id}/events`, {
    type: 'DISTRESS_ASSESSED',
    phase: 'alert',
    factors: ['overcrowded'],
  });
  await post('operator', `/cases/${id}/events`, { type: 'POSITION_REPORTED', lat: 34.95, lon: 12.62 });
  return id;
}

describe('GET /stream', () => {
  it('401 without a token, before any upgrade', async () => {
    const res = await desk.app.inject({ method: 'GET', url: '/stream' });
    expect(res.statusCode).toBe(401);
    await expect(desk.app.injectWS('/stream?token=forged')).rejects.toThrow();
  });

  it('says hello with the epoch and the head seq the client may see', async () => {
    await openWithHistory();
    const peer = await Peer.connect(desk, 'operator', 'header');
    const [hello] = await peer.until((m) => m.length >= 1);
    expect(hello).toEqual({ type: 'hello', epoch: desk.runtime.epoch, headSeq: 3 });
    // a trainer sees no live case
    const trainer = await Peer.connect(desk, 'trainer');
    expect((await trainer.until((m) => m.length >= 1))[0]).toMatchObject({ type: 'hello', headSeq: 0 });
    peer.close();
    trainer.close();
  });

  it('streams every new entry on "*", without the training flag', async () => {
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: '*' });
    await peer.until((m) => m.some((x) => x.type === 'subscribed'));
    const id = (await post('operator', '/cases', rubberBoat())).json().id;
    await post('operator', `/cases/${id}/events`, {
      type: 'SUSPICION_RECORDED',
      grounds: ['no flag, overcrowded'],
    });
    const events = (await peer.until((m) => m.filter((x) => x.type === 'event').length >= 2)).filter(
      (x) => x.type === 'event',
    );
    expect(events.map((e) => [e.caseId, e.seq, e.outcome])).toEqual([
      [id, 1, 'applied'],
      [id, 2, 'applied'],
    ]);
    const first = events[0]!;
    expect(Object.keys(first).sort()).toEqual(['audit', 'caseId', 'event', 'outcome', 'seq', 'type', 'view']);
    expect((first.audit as { prev: string }).prev).toMatch(/^0{64}$/);
    expect((events[1]!.audit as { prev: string }).prev).toBe((first.audit as { hash: string }).hash);
    peer.close();
  });

  it('keeps training cases from live clients and live cases from trainers', async () => {
    const operator = await Peer.connect(desk, 'operator');
    const trainer = await Peer.connect(desk, 'trainer');
    operator.send({ type: 'subscribe', caseId: '*' });
    trainer.send({ type: 'subscribe', caseId: '*' });
    await operator.until((m) => m.some((x) => x.type === 'subscribed'));
    await trainer.until((m) => m.some((x) => x.type === 'subscribed'));
    const drill = (await post('trainer', '/cases', { ...rubberBoat(), training: true })).json().id;
    const live = (await post('operator', '/cases', rubberBoat())).json().id;
    await operator.until((m) => m.some((x) => x.type === 'event'));
    await trainer.until((m) => m.some((x) => x.type === 'event'));
    expect(operator.of('event').map((e) => e.caseId)).toEqual([live]);
    expect(trainer.of('event').map((e) => e.caseId)).toEqual([drill]);
    operator.send({ type: 'subscribe', caseId: drill });
    const [err] = (await operator.until((m) => m.some((x) => x.type === 'error'))).filter(
      (x) => x.type === 'error',
    );
    expect(err!.message).toContain('no case');
    operator.close();
    trainer.close();
  });

  it('resumes with since: replays each missed seq once, in order, then goes live', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 1, epoch: desk.runtime.epoch });
    await peer.until((m) => m.some((x) => x.type === 'resumed'));
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.filter((x) => x.type === 'event').length >= 3);
    const stream = peer.messages
      .filter((m) => m.type !== 'hello')
      .map((m) => (m.type === 'event' ? m.seq : m.type));
    expect(stream).toEqual([2, 3, 'resumed', 4]);
    expect(peer.of('resumed')[0]).toEqual({ type: 'resumed', caseId: id, from: 2, to: 3 });
    peer.close();
  });

  it('a case subscribed directly and through "*" still gets each seq once', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: '*' });
    peer.send({ type: 'subscribe', caseId: id, since: 0 });
    await peer.until((m) => m.some((x) => x.type === 'resumed'));
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.filter((x) => x.type === 'event').length >= 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.of('event').map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    peer.close();
  });

  it('sends reset with a fresh view when the epoch differs or since is ahead of the log', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 1, epoch: 'another-store' });
    const [reset] = (await peer.until((m) => m.some((x) => x.type === 'reset'))).filter(
      (x) => x.type === 'reset',
    );
    expect(reset).toMatchObject({
      type: 'reset',
      caseId: id,
      epoch: desk.runtime.epoch,
      view: { id, version: 3 },
    });
    peer.send({ type: 'subscribe', caseId: id, since: 99 });
    await peer.until((m) => m.filter((x) => x.type === 'reset').length >= 2);
    // live entries continue after the reset point, none before it
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.some((x) => x.type === 'event'));
    expect(peer.of('event').map((e) => e.seq)).toEqual([4]);
    peer.close();
  });

  it('answers ping, reports bad messages without closing, and unsubscribes', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send('{not json');
    peer.send({ type: 'subscribe' });
    peer.send({ type: 'dance' });
    peer.send({ type: 'ping' });
    await peer.until((m) => m.some((x) => x.type === 'pong'));
    const errors = peer.of('error').map((e) => e.message as string);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/JSON/);
    expect(errors[1]).toMatch(/caseId/);

    peer.send({ type: 'subscribe', caseId: id });
    await peer.until((m) => m.some((x) => x.type === 'subscribed'));
    peer.send({ type: 'unsubscribe', caseId: id });
    await peer.until((m) => m.some((x) => x.type === 'unsubscribed'));
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    peer.send({ type: 'ping' });
    await peer.until((m) => m.filter((x) => x.type === 'pong').length >= 2);
    expect(peer.of('event')).toHaveLength(0);
    peer.close();
  });
});

describe('slow consumers', () => {
  it('are closed with 1013 so they resume with since', async () => {
    const strict = await startDesk({ stream: { maxBufferedBytes: -1 } });
    try {
      const token = await strict.token('operator');
      const { code, reason } = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
        strict.app
          .injectWS(
            `/stream?token=${token}`,
            {},
            { onInit: (ws) => ws.on('close', (c, r) => resolve({ code: c, reason: String(r) })) },
          )
          .catch(reject);
      });
      expect(code).toBe(1013);
      expect(reason).toBe('too slow: reconnect and subscribe with since');
    } finally {
      await strict.close();
    }
  });
});

// A desk whose runtime the test stands between and the stream: what the stream is handed (a publish lost on
// the way, a read that fails) is the test's to decide; everything else is the real SQLite runtime.
const standInDesk = (over: (runtime: DeskRuntime) => Partial<DeskRuntime>, stream: StreamOptions = {}) =>
  startDesk({ standIn: over, stream });

const events = (peer: Peer, caseId?: string) =>
  peer.of('event').filter((e) => caseId === undefined || e.caseId === caseId);
const seqsOf = (peer: Peer, caseId?: string) => events(peer, caseId).map((e) => e.seq);

// a ping answered: everything the desk sent before the pong has arrived
async function settled(peer: Peer): Promise<void> {
  const pongs = peer.of('pong').length;
  peer.send({ type: 'ping' });
  await peer.until((m) => m.filter((x) => x.type === 'pong').length > pongs);
}

describe('GET /stream: the protocol, message by message', () => {
  it('is described by the AsyncAPI document, not as an HTTP operation in the OpenAPI one', async () => {
    const doc = (await desk.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/cases');
    expect(Object.keys(doc.paths)).not.toContain('/stream');
  });

  it('a plain GET with a valid token is told to upgrade (426)', async () => {
    const res = await desk.app.inject({
      method: 'GET',
      url: '/stream',
      headers: await desk.auth('operator'),
    });
    expect(res.statusCode).toBe(426);
    expect(res.json()).toMatchObject({
      error: 'upgrade-required',
      message: 'GET /stream is a WebSocket endpoint',
    });
  });

  it('hello comes first, even when the client spoke before it arrived', async () => {
    const peer = await Peer.connect(desk, 'operator', 'query', { first: { type: 'ping' } });
    const [hello, pong] = await peer.until((m) => m.length >= 2);
    expect(hello).toMatchObject({ type: 'hello' });
    expect(pong).toEqual({ type: 'pong' });
    peer.close();
  });

  it('subscribing to "*" answers the head seq the client may see; since and epoch are said to be ignored', async () => {
    const id = await openWithHistory();
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: '*' });
    peer.send({ type: 'subscribe', caseId: '*', since: 2 });
    peer.send({ type: 'subscribe', caseId: '*', epoch: desk.runtime.epoch });
    const subscribed = (await peer.until((m) => m.filter((x) => x.type === 'subscribed').length >= 3)).filter(
      (x) => x.type === 'subscribed',
    );
    const note = 'since and epoch are ignored for "*"';
    expect(subscribed).toEqual([
      { type: 'subscribed', caseId: '*', headSeq: 4 },
      { type: 'subscribed', caseId: '*', headSeq: 4, note },
      { type: 'subscribed', caseId: '*', headSeq: 4, note },
    ]);
    // '*' replays nothing: it is live only
    await settled(peer);
    expect(events(peer)).toEqual([]);
    const trainer = await Peer.connect(desk, 'trainer');
    trainer.send({ type: 'subscribe', caseId: '*' });
    const [sub] = (await trainer.until((m) => m.some((x) => x.type === 'subscribed'))).filter(
      (x) => x.type === 'subscribed',
    );
    expect(sub).toEqual({ type: 'subscribed', caseId: '*', headSeq: 0 });
    peer.close();
    trainer.close();
  });

  it('subscribing to a case without since answers its head, then sends only what follows', async () => {
    const id = await openWithHistory();
    const other = (await post('operator', '/cases', rubberBoat())).json().id as string;
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id });
    const [sub] = (await peer.until((m) => m.some((x) => x.type === 'subscribed'))).filter(
      (x) => x.type === 'subscribed',
    );
    expect(sub).toEqual({ type: 'subscribed', caseId: id, headSeq: 3 });
    await post('operator', `/cases/${other}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.some((x) => x.type === 'event'));
    await settled(peer);
    // the other case is not followed
    expect(events(peer).map((e) => [e.caseId, e.seq])).toEqual([[id, 4]]);
    peer.close();
  });

  it('an unknown case is named in the error, and the connection goes on', async () => {
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: 'no-such-case' });
    const [err] = (await peer.until((m) => m.some((x) => x.type === 'error'))).filter(
      (x) => x.type === 'error',
    );
    expect(err).toEqual({ type: 'error', message: 'no case "no-such-case"' });
    await settled(peer);
    peer.close();
  });

  it('resuming at the head replays nothing: resumed names the empty range after since', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 3, epoch: desk.runtime.epoch });
    const [resumed] = (await peer.until((m) => m.some((x) => x.type === 'resumed'))).filter(
      (x) => x.type === 'resumed',
    );
    expect(resumed).toEqual({ type: 'resumed', caseId: id, from: 4, to: 3 });
    expect(events(peer)).toEqual([]);
    peer.close();
  });

  it('a resume point behind what this connection was sent wins: the entries after it are sent again', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 0 });
    await peer.until((m) => m.some((x) => x.type === 'resumed'));
    peer.send({ type: 'subscribe', caseId: id, since: 1 });
    await peer.until((m) => m.filter((x) => x.type === 'resumed').length >= 2);
    expect(seqsOf(peer)).toEqual([1, 2, 3, 2, 3]);
    expect(peer.of('resumed')[1]).toEqual({ type: 'resumed', caseId: id, from: 2, to: 3 });
    peer.close();
  });

  it("a resume with this desk's epoch and since at the head is not a reset; since one past it is", async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 3, epoch: desk.runtime.epoch });
    peer.send({ type: 'subscribe', caseId: id, since: 4 });
    await peer.until((m) => m.some((x) => x.type === 'reset'));
    expect(peer.messages.filter((m) => m.type !== 'hello').map((m) => m.type)).toEqual(['resumed', 'reset']);
    peer.close();
  });

  it('a binary message is refused: the protocol is JSON text', async () => {
    const peer = await Peer.connect(desk, 'operator');
    peer.ws.send(Buffer.from(JSON.stringify({ type: 'ping' })), { binary: true });
    const [err] = (await peer.until((m) => m.some((x) => x.type === 'error'))).filter(
      (x) => x.type === 'error',
    );
    expect(err).toEqual({ type: 'error', message: 'send JSON text messages' });
    expect(peer.of('pong')).toEqual([]);
    peer.close();
  });

  it('an invalid message names each bad field, or the message itself', async () => {
    const peer = await Peer.connect(desk, 'operator');
    peer.send('null');
    peer.send({ type: 'subscribe', caseId: '', since: -1 });
    peer.send({ type: 'unsubscribe' });
    const errors = (await peer.until((m) => m.filter((x) => x.type === 'error').length >= 3))
      .filter((x) => x.type === 'error')
      .map((e) => e.message as string);
    expect(errors[0]).toMatch(/^invalid message: message: \S/);
    expect(errors[1]).toMatch(/^invalid message: caseId: .+; since: \S/);
    expect(errors[2]).toMatch(/^invalid message: caseId: \S/);
    expect(errors[2]).not.toContain(';');
    peer.close();
  });

  it('"*" is live only: after unsubscribing from it and subscribing again, what happened meanwhile is not sent', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: '*' });
    await peer.until((m) => m.some((x) => x.type === 'subscribed'));
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.some((x) => x.type === 'event'));
    peer.send({ type: 'unsubscribe', caseId: '*' });
    const [unsub] = (await peer.until((m) => m.some((x) => x.type === 'unsubscribed'))).filter(
      (x) => x.type === 'unsubscribed',
    );
    expect(unsub).toEqual({ type: 'unsubscribed', caseId: '*' });
    await post('operator', `/cases/${id}/events`, { type: 'POSITION_REPORTED', lat: 34.9, lon: 12.6 });
    peer.send({ type: 'subscribe', caseId: '*' });
    await peer.until((m) => m.filter((x) => x.type === 'subscribed').length >= 2);
    await post('operator', `/cases/${id}/events`, { type: 'POSITION_REPORTED', lat: 34.8, lon: 12.6 });
    await peer.until((m) => m.filter((x) => x.type === 'event').length >= 2);
    await settled(peer);
    expect(seqsOf(peer)).toEqual([4, 6]);
    peer.close();
  });

  it('a case followed by itself stays followed, in order, when "*" is dropped', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: '*' });
    peer.send({ type: 'subscribe', caseId: id, since: 1 });
    await peer.until((m) => m.some((x) => x.type === 'resumed'));
    peer.send({ type: 'unsubscribe', caseId: '*' });
    await peer.until((m) => m.some((x) => x.type === 'unsubscribed'));
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.filter((x) => x.type === 'event').length >= 3);
    await settled(peer);
    expect(seqsOf(peer)).toEqual([2, 3, 4]);
    peer.close();
  });

  it('a case dropped while on "*" still arrives through "*", each seq once', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 2 });
    peer.send({ type: 'subscribe', caseId: '*' });
    peer.send({ type: 'unsubscribe', caseId: id });
    await peer.until((m) => m.some((x) => x.type === 'unsubscribed'));
    expect(peer.of('unsubscribed')).toEqual([{ type: 'unsubscribed', caseId: id }]);
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.filter((x) => x.type === 'event').length >= 2);
    await settled(peer);
    expect(seqsOf(peer)).toEqual([3, 4]);
    peer.close();
  });

  it('a case unsubscribed and subscribed again without since goes on from its head, not from where it left', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id });
    await peer.until((m) => m.some((x) => x.type === 'subscribed'));
    peer.send({ type: 'unsubscribe', caseId: id });
    await peer.until((m) => m.some((x) => x.type === 'unsubscribed'));
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    peer.send({ type: 'subscribe', caseId: id });
    await peer.until((m) => m.filter((x) => x.type === 'subscribed').length >= 2);
    expect(peer.of('subscribed')[1]).toEqual({ type: 'subscribed', caseId: id, headSeq: 4 });
    await post('operator', `/cases/${id}/events`, { type: 'POSITION_REPORTED', lat: 34.9, lon: 12.6 });
    await peer.until((m) => m.some((x) => x.type === 'event'));
    await settled(peer);
    expect(seqsOf(peer)).toEqual([5]);
    peer.close();
  });

  it('a case subscribed again without since keeps its place: nothing is sent twice', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 0 });
    await peer.until((m) => m.some((x) => x.type === 'resumed'));
    peer.send({ type: 'subscribe', caseId: id });
    await peer.until((m) => m.some((x) => x.type === 'subscribed'));
    await post('operator', `/cases/${id}/events`, { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' });
    await peer.until((m) => m.filter((x) => x.type === 'event').length >= 4);
    await settled(peer);
    expect(seqsOf(peer)).toEqual([1, 2, 3, 4]);
    peer.close();
  });

  it('each event is the entry as the audit trail holds it, with the view after it', async () => {
    const id = await openWithHistory();
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'subscribe', caseId: id, since: 0 });
    await peer.until((m) => m.some((x) => x.type === 'resumed'));
    const audit = (
      await desk.app.inject({
        method: 'GET',
        url: `/cases/${id}/audit`,
        headers: await desk.auth('operator'),
      })
    ).json() as Array<Record<string, unknown>>;
    expect(
      events(peer).map((e) => ({ seq: e.seq, event: e.event, outcome: e.outcome, audit: e.audit })),
    ).toEqual(
      audit.map((a) => ({
        seq: a.seq,
        event: a.event,
        outcome: a.outcome,
        audit: { hash: a.hash, prev: a.prev },
      })),
    );
    expect(events(peer).map((e) => (e.view as { version: number }).version)).toEqual([1, 2, 3]);
    peer.close();
  });
});

describe('GET /stream: trainers', () => {
  it('are told how a training session stands; other roles are not', async () => {
    const training = await startDesk({ training: true });
    try {
      const trainer = await Peer.connect(training, 'trainer');
      const operator = await Peer.connect(training, 'operator');
      await trainer.until((m) => m.some((x) => x.type === 'hello'));
      await operator.until((m) => m.some((x) => x.type === 'hello'));
      const started = await training.app.inject({
        method: 'POST',
        url: '/training/sessions',
        headers: await training.auth('trainer'),
        payload: { scenarioId: '08-unmarked-unit', pace: 0 },
      });
      expect(started.statusCode).toBe(201);
      const sessionId = started.json().id as string;
      const [update] = (await trainer.until((m) => m.some((x) => x.type === 'training'))).filter(
        (x) => x.type === 'training',
      );
      expect(update).toMatchObject({ type: 'training', session: { id: sessionId } });
      await settled(operator);
      expect(operator.of('training')).toEqual([]);
      trainer.close();
      operator.close();
    } finally {
      await training.close();
    }
  });
});

describe('GET /stream: entries the stream missed, and failures', () => {
  it('an entry whose publish was lost reaches the client from the log, before the next one, once', async () => {
    const dropped = new Set<number>();
    let caseOf = '';
    const lossy = await standInDesk((runtime) => ({
      subscribe: (listener: (e: StreamEvent) => void) =>
        runtime.subscribe((e) => {
          if (e.caseId === caseOf && dropped.has(e.seq)) return;
          listener(e);
        }),
    }));
    try {
      const id = (
        await lossy.app.inject({
          method: 'POST',
          url: '/cases',
          headers: await lossy.auth('operator'),
          payload: rubberBoat(),
        })
      ).json().id as string;
      caseOf = id;
      const peer = await Peer.connect(lossy, 'operator');
      peer.send({ type: 'subscribe', caseId: id });
      await peer.until((m) => m.some((x) => x.type === 'subscribed'));
      dropped.add(2);
      dropped.add(3);
      for (const lat of [34.1, 34.2, 34.3])
        await lossy.app.inject({
          method: 'POST',
          url: `/cases/${id}/events`,
          headers: await lossy.auth('operator'),
          payload: { type: 'POSITION_REPORTED', lat, lon: 12.6 },
        });
      await peer.until((m) => m.filter((x) => x.type === 'event').length >= 3);
      await settled(peer);
      expect(seqsOf(peer)).toEqual([2, 3, 4]);
      expect((events(peer)[0]!.event as { lat: number }).lat).toBe(34.1);
      peer.close();
    } finally {
      await lossy.close();
    }
  });

  it('a case first seen through "*" is followed from that entry: nothing before it is replayed', async () => {
    const quiet = await standInDesk(() => ({}));
    try {
      const id = (
        await quiet.app.inject({
          method: 'POST',
          url: '/cases',
          headers: await quiet.auth('operator'),
          payload: rubberBoat(),
        })
      ).json().id as string;
      const peer = await Peer.connect(quiet, 'operator');
      peer.send({ type: 'subscribe', caseId: '*' });
      await peer.until((m) => m.some((x) => x.type === 'subscribed'));
      await quiet.app.inject({
        method: 'POST',
        url: `/cases/${id}/events`,
        headers: await quiet.auth('operator'),
        payload: { type: 'POSITION_REPORTED', lat: 34.1, lon: 12.6 },
      });
      await peer.until((m) => m.some((x) => x.type === 'event'));
      await settled(peer);
      expect(seqsOf(peer)).toEqual([2]);
      peer.close();
    } finally {
      await quiet.close();
    }
  });

  it('a subscribe that fails inside the desk is answered "internal error", and the connection goes on', async () => {
    const failing = await standInDesk(() => ({
      getView: async () => {
        throw new Error('store unavailable');
      },
    }));
    try {
      const peer = await Peer.connect(failing, 'operator');
      peer.send({ type: 'subscribe', caseId: 'any' });
      const [err] = (await peer.until((m) => m.some((x) => x.type === 'error'))).filter(
        (x) => x.type === 'error',
      );
      expect(err).toEqual({ type: 'error', message: 'internal error' });
      await settled(peer);
      peer.close();
    } finally {
      await failing.close();
    }
  });

  it('a catch-up that cannot read the log ends the connection, so the client resumes with since', async () => {
    let failReads = false;
    const dropped = new Set<number>();
    const failing = await standInDesk((runtime) => ({
      entriesSince: async (caseId: string, since: number) => {
        if (failReads) throw new Error('store unavailable');
        return runtime.entriesSince(caseId, since);
      },
      subscribe: (listener: (e: StreamEvent) => void) =>
        runtime.subscribe((e) => {
          if (!dropped.has(e.seq)) listener(e);
        }),
    }));
    try {
      const id = (
        await failing.app.inject({
          method: 'POST',
          url: '/cases',
          headers: await failing.auth('operator'),
          payload: rubberBoat(),
        })
      ).json().id as string;
      const peer = await Peer.connect(failing, 'operator');
      peer.send({ type: 'subscribe', caseId: id });
      await peer.until((m) => m.some((x) => x.type === 'subscribed'));
      dropped.add(2);
      failReads = true;
      for (const lat of [34.1, 34.2])
        await failing.app.inject({
          method: 'POST',
          url: `/cases/${id}/events`,
          headers: await failing.auth('operator'),
          payload: { type: 'POSITION_REPORTED', lat, lon: 12.6 },
        });
      const { code } = await peer.closed;
      // terminated, not closed with a frame
      expect(code).toBe(1006);
      expect(events(peer)).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('closing the desk stops the stream listening to the runtime', async () => {
    let listening = 0;
    const counted = await standInDesk((runtime) => ({
      subscribe: (listener: (e: StreamEvent) => void) => {
        listening++;
        const stop = runtime.subscribe(listener);
        return () => {
          listening--;
          stop();
        };
      },
    }));
    expect(listening).toBe(1);
    await counted.close();
    expect(listening).toBe(0);
  });
});

describe('GET /stream: races between what the client asks and what the desk commits', () => {
  it('an entry committed while a replay is being read is sent once', async () => {
    let commitDuringRead: (() => Promise<unknown>) | undefined;
    const racing = await standInDesk((runtime) => ({
      entriesSince: async (caseId: string, since: number) => {
        const commit = commitDuringRead;
        commitDuringRead = undefined;
        // published to the stream before the replay reads the log, which then holds it too
        await commit?.();
        return runtime.entriesSince(caseId, since);
      },
    }));
    try {
      const id = (
        await racing.app.inject({
          method: 'POST',
          url: '/cases',
          headers: await racing.auth('operator'),
          payload: rubberBoat(),
        })
      ).json().id as string;
      commitDuringRead = () =>
        racing.runtime.applyEvent(
          id,
          { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' },
          {
            role: 'operator',
            subject: 'watch-officer-1',
          },
        );
      const peer = await Peer.connect(racing, 'operator');
      peer.send({ type: 'subscribe', caseId: id, since: 0 });
      await peer.until((m) => m.some((x) => x.type === 'resumed'));
      await settled(peer);
      expect(seqsOf(peer)).toEqual([1, 2]);
      expect(peer.of('resumed')).toEqual([{ type: 'resumed', caseId: id, from: 1, to: 2 }]);
      peer.close();
    } finally {
      await racing.close();
    }
  });

  it('an unsubscribe the desk has not reached yet still keeps back an entry committed after it was sent', async () => {
    let hold: Promise<void> | undefined;
    let held: () => void = () => {};
    let release: () => void = () => {};
    const slow = await standInDesk((runtime) => ({
      getView: async (caseId: string, actor: Parameters<DeskRuntime['getView']>[1]) => {
        if (caseId === 'held') {
          held();
          await hold;
        }
        return runtime.getView(caseId, actor);
      },
    }));
    try {
      const auth = await slow.auth('operator');
      const id = (
        await slow.app.inject({ method: 'POST', url: '/cases', headers: auth, payload: rubberBoat() })
      ).json().id as string;
      const peer = await Peer.connect(slow, 'operator');
      peer.send({ type: 'subscribe', caseId: id });
      await peer.until((m) => m.some((x) => x.type === 'subscribed'));
      const busy = new Promise<void>((resolve) => {
        held = resolve;
      });
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      // the desk is busy with the first; the unsubscribe waits its turn
      peer.send({ type: 'subscribe', caseId: 'held' });
      peer.send({ type: 'unsubscribe', caseId: id });
      await busy;
      await slow.app.inject({
        method: 'POST',
        url: `/cases/${id}/events`,
        headers: auth,
        payload: { type: 'RCC_NOTIFIED', rcc: 'MRCC Rome' },
      });
      release();
      await peer.until((m) => m.some((x) => x.type === 'unsubscribed'));
      await settled(peer);
      expect(peer.messages.filter((m) => m.type !== 'hello' && m.type !== 'pong').map((m) => m.type)).toEqual(
        ['subscribed', 'error', 'unsubscribed'],
      );
      peer.close();
    } finally {
      await slow.close();
    }
  });

  it('a case subscribed again without since keeps its place: an entry it was never sent still reaches it', async () => {
    const dropped = new Set<number>();
    const lossy = await standInDesk((runtime) => ({
      subscribe: (listener: (e: StreamEvent) => void) =>
        runtime.subscribe((e) => {
          if (!dropped.has(e.seq)) listener(e);
        }),
    }));
    try {
      const auth = await lossy.auth('operator');
      const id = (
        await lossy.app.inject({ method: 'POST', url: '/cases', headers: auth, payload: rubberBoat() })
      ).json().id as string;
      const peer = await Peer.connect(lossy, 'operator');
      peer.send({ type: 'subscribe', caseId: id });
      await peer.until((m) => m.some((x) => x.type === 'subscribed'));
      dropped.add(2);
      const report = (lat: number) =>
        lossy.app.inject({
          method: 'POST',
          url: `/cases/${id}/events`,
          headers: auth,
          payload: { type: 'POSITION_REPORTED', lat, lon: 12.6 },
        });
      await report(34.1);
      peer.send({ type: 'subscribe', caseId: id });
      await peer.until((m) => m.filter((x) => x.type === 'subscribed').length >= 2);
      expect(peer.of('subscribed')[1]).toEqual({ type: 'subscribed', caseId: id, headSeq: 2 });
      await report(34.2);
      await peer.until((m) => m.filter((x) => x.type === 'event').length >= 2);
      await settled(peer);
      expect(seqsOf(peer)).toEqual([2, 3]);
      peer.close();
    } finally {
      await lossy.close();
    }
  });
});

describe('GET /stream: the connection', () => {
  it('a peer that answers pings stays connected; one that does not is cut off', async () => {
    const beating = await startDesk({ stream: { pingIntervalMs: 20 } });
    try {
      const live = await Peer.connect(beating, 'operator');
      const deaf = await Peer.connect(beating, 'operator', 'query', { answerPings: false });
      const { code } = await deaf.closed;
      expect(code).toBe(1006);
      expect(deaf.pings).toBeGreaterThanOrEqual(1);
      await live.until(() => live.pings >= 3);
      await settled(live);
      live.close();
    } finally {
      await beating.close();
    }
  });

  it('shutting the desk down closes every stream with 1001 "going away", so clients resume elsewhere', async () => {
    const stopping = await startDesk();
    const one = await Peer.connect(stopping, 'operator');
    const two = await Peer.connect(stopping, 'auditor');
    await one.until((m) => m.some((x) => x.type === 'hello'));
    await stopping.close();
    expect(await one.closed).toEqual({ code: 1001, reason: 'desk shutting down' });
    expect(await two.closed).toEqual({ code: 1001, reason: 'desk shutting down' });
  });

  it('a peer that never answers the close frame does not hold the shutdown', async () => {
    const stopping = await startDesk();
    const silent = await Peer.connect(stopping, 'operator');
    await silent.until((m) => m.some((x) => x.type === 'hello'));
    // the peer no longer reads what the desk sends, so it never answers the close frame
    silent.ws.removeAllListeners('close');
    (silent.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await stopping.close();
    expect(stopping.app.websocketServer.clients.size).toBe(0);
  });

  it('a message over 64 KiB is refused by closing with 1009', async () => {
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'ping', pad: 'x'.repeat(64 * 1024) });
    expect((await peer.closed).code).toBe(1009);
  });

  it('a message just under 64 KiB is read', async () => {
    const peer = await Peer.connect(desk, 'operator');
    const id = 'x'.repeat(60 * 1024);
    peer.send({ type: 'subscribe', caseId: id });
    const [err] = (await peer.until((m) => m.some((x) => x.type === 'error'))).filter(
      (x) => x.type === 'error',
    );
    expect(err!.message).toMatch(/^invalid message: caseId: /);
    peer.close();
  });
});

// Training updates the test sends itself, of any size: what a trainer's stream is sent, in the order and the
// burst the test chooses (the listeners are called synchronously, as the training desk calls them).
function trainingFeed() {
  const listeners = new Set<(session: unknown) => void>();
  return {
    listening: () => listeners.size,
    push: (session: unknown) => {
      for (const l of listeners) l(session);
    },
    updates: (listener: (session: unknown) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

const KiB = 1024;

// how the desk ended the connection, failing (not hanging) when it does not within `until`'s 3 s
async function closeOf(peer: Peer): Promise<{ code: number; reason: string }> {
  let closed: { code: number; reason: string } | undefined;
  void peer.closed.then((c) => {
    closed = c;
  });
  await peer.until(() => closed !== undefined);
  return closed!;
}

const padded = (n: number, bytes: number) => ({ n, pad: 'x'.repeat(bytes) });

describe('GET /stream: how far behind a client may fall', () => {
  it('a client less than 1 MiB behind is still served, everything in order', async () => {
    const feed = trainingFeed();
    const roomy = await startDesk({ stream: { trainingUpdates: feed.updates } });
    try {
      const trainer = await Peer.connect(roomy, 'trainer');
      await trainer.until((m) => m.some((x) => x.type === 'hello'));
      // one burst: the second update is queued behind the first's 300 KiB, still unsent
      feed.push(padded(1, 300 * KiB));
      feed.push(padded(2, 300 * KiB));
      feed.push(padded(3, 10));
      await trainer.until((m) => m.filter((x) => x.type === 'training').length >= 3);
      await settled(trainer);
      expect(trainer.of('training').map((m) => (m.session as { n: number }).n)).toEqual([1, 2, 3]);
      trainer.close();
    } finally {
      await roomy.close();
    }
  });

  it('a client more than 1 MiB behind is closed with 1013; what was queued before still reaches it', async () => {
    const feed = trainingFeed();
    const strict = await startDesk({ stream: { trainingUpdates: feed.updates } });
    try {
      const trainer = await Peer.connect(strict, 'trainer');
      await trainer.until((m) => m.some((x) => x.type === 'hello'));
      feed.push(padded(1, 600 * KiB));
      feed.push(padded(2, 600 * KiB));
      // 1.2 MiB unsent: this one is not sent, the connection is closed instead
      feed.push(padded(3, 10));
      expect(await closeOf(trainer)).toEqual({
        code: 1013,
        reason: 'too slow: reconnect and subscribe with since',
      });
      expect(trainer.of('training').map((m) => (m.session as { n: number }).n)).toEqual([1, 2]);
    } finally {
      await strict.close();
    }
  });

  it('a resume with more history than the limit reaches a client that reads it: the replay waits for it, in order', async () => {
    const tight = await startDesk({ stream: { maxBufferedBytes: 16 * KiB } });
    try {
      const auth = await tight.auth('operator');
      const id = (
        await tight.app.inject({ method: 'POST', url: '/cases', headers: auth, payload: rubberBoat() })
      ).json().id as string;
      // about 30 entries of 2-3 KB each: twice the limit and more
      for (let i = 0; i < 30; i++)
        await tight.app.inject({
          method: 'POST',
          url: `/cases/${id}/events`,
          headers: auth,
          payload: { type: 'POSITION_REPORTED', lat: 34.9, lon: 12.6 + i / 1000 },
        });
      const peer = await Peer.connect(tight, 'operator');
      await peer.until((m) => m.some((x) => x.type === 'hello'));
      peer.send({ type: 'subscribe', caseId: id, since: 0 });
      await peer.until((m) => m.some((x) => x.type === 'resumed'));
      expect(seqsOf(peer, id)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
      expect(peer.of('resumed')).toEqual([{ type: 'resumed', caseId: id, from: 1, to: 31 }]);
      expect(peer.ws.readyState).toBe(peer.ws.OPEN);
      peer.close();
    } finally {
      await tight.close();
    }
  });

  it('the limit is on unsent data: with none allowed, a client that keeps up is served, a burst closes it', async () => {
    const feed = trainingFeed();
    const strict = await startDesk({ stream: { maxBufferedBytes: 0, trainingUpdates: feed.updates } });
    try {
      const trainer = await Peer.connect(strict, 'trainer');
      await trainer.until((m) => m.some((x) => x.type === 'hello'));
      await settled(trainer);
      feed.push(padded(1, 100 * KiB));
      feed.push(padded(2, 10));
      expect((await closeOf(trainer)).code).toBe(1013);
      expect(trainer.messages.map((m) => m.type)).toEqual(['hello', 'pong', 'training']);
    } finally {
      await strict.close();
    }
  });
});

describe('GET /stream: the heartbeat and shutdown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('by default the desk pings every 25 s, not sooner', async () => {
    // only the intervals are the test's: the sockets, and the desk's other timers, run as they do
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const beating = await startDesk();
    try {
      const peer = await Peer.connect(beating, 'operator');
      await peer.until((m) => m.some((x) => x.type === 'hello'));
      vi.advanceTimersByTime(24_999);
      // a ping sent before the pong would have arrived before it
      await settled(peer);
      expect(peer.pings).toBe(0);
      vi.advanceTimersByTime(1);
      await peer.until(() => peer.pings === 1);
      vi.advanceTimersByTime(25_000);
      await peer.until(() => peer.pings === 2);
      await settled(peer);
      expect(peer.pings).toBe(2);
      peer.close();
    } finally {
      await beating.close();
    }
  });

  it('closing the desk stops the heartbeat: no interval is left running', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const stopping = await startDesk();
    expect(vi.getTimerCount()).toBeGreaterThanOrEqual(1);
    await stopping.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closing the desk stops the stream listening to training updates', async () => {
    const feed = trainingFeed();
    const training = await startDesk({ stream: { trainingUpdates: feed.updates } });
    expect(feed.listening()).toBe(1);
    await training.close();
    expect(feed.listening()).toBe(0);
  });
});

// A desk whose stream never hears of the seqs in `dropped` (a publish lost on the way): the client gets them
// only if the desk reads them from the log.
async function lossyDesk(over: (runtime: DeskRuntime) => Partial<DeskRuntime> = () => ({})) {
  const dropped = new Set<number>();
  const lossy = await standInDesk((runtime) => ({
    subscribe: (listener: (e: StreamEvent) => void) =>
      runtime.subscribe((e) => {
        if (!dropped.has(e.seq)) listener(e);
      }),
    ...over(runtime),
  }));
  const auth = await lossy.auth('operator');
  const open = async () =>
    (await lossy.app.inject({ method: 'POST', url: '/cases', headers: auth, payload: rubberBoat() })).json()
      .id as string;
  const report = (id: string, lat: number) =>
    lossy.app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: auth,
      payload: { type: 'POSITION_REPORTED', lat, lon: 12.6 },
    });
  return { desk: lossy, dropped, open, report };
}

// The stream loses seq 2 on its way to the client, and two entries are recorded: the seqs the client got.
async function afterALostEntry(
  peer: Peer,
  id: string,
  { dropped, report }: Pick<Awaited<ReturnType<typeof lossyDesk>>, 'dropped' | 'report'>,
): Promise<number[]> {
  dropped.add(2);
  await report(id, 34.1);
  await report(id, 34.2);
  await peer.until((m) => m.filter((x) => x.type === 'event').length >= 2);
  await settled(peer);
  return seqsOf(peer) as number[];
}

describe('GET /stream: where a client stands in each case', () => {
  it.each([
    ['a case followed by itself keeps its place when "*" is dropped', '*'],
    ['a case dropped while on "*" keeps its place through "*"', 'the case'],
  ])('%s: a lost entry still reaches it', async (_, dropping) => {
    const { desk: lossy, dropped, open, report } = await lossyDesk();
    try {
      const id = await open();
      const peer = await Peer.connect(lossy, 'operator');
      peer.send({ type: 'subscribe', caseId: id });
      peer.send({ type: 'subscribe', caseId: '*' });
      peer.send({ type: 'unsubscribe', caseId: dropping === '*' ? '*' : id });
      await peer.until((m) => m.some((x) => x.type === 'unsubscribed'));
      expect(await afterALostEntry(peer, id, { dropped, report })).toEqual([2, 3]);
      peer.close();
    } finally {
      await lossy.close();
    }
  });

  it('after a reset the client is followed from the reset view: a lost entry after it still reaches it', async () => {
    const { desk: lossy, dropped, open, report } = await lossyDesk();
    try {
      const id = await open();
      const peer = await Peer.connect(lossy, 'operator');
      peer.send({ type: 'subscribe', caseId: id, since: 0, epoch: 'another-store' });
      const [reset] = (await peer.until((m) => m.some((x) => x.type === 'reset'))).filter(
        (x) => x.type === 'reset',
      );
      expect(reset).toMatchObject({ caseId: id, view: { version: 1 } });
      expect(await afterALostEntry(peer, id, { dropped, report })).toEqual([2, 3]);
      peer.close();
    } finally {
      await lossy.close();
    }
  });

  it('however much of the log a read returns, the client gets each seq once, after its resume point', async () => {
    // a store whose read starts at the case's first entry, whatever `since` it is asked for
    const {
      desk: wholeLog,
      dropped,
      open,
      report,
    } = await lossyDesk((runtime) => ({
      entriesSince: (caseId: string) => runtime.entriesSince(caseId, 0),
    }));
    try {
      const id = await open();
      await report(id, 34.1);
      await report(id, 34.2);
      const peer = await Peer.connect(wholeLog, 'operator');
      peer.send({ type: 'subscribe', caseId: id, since: 2 });
      const [resumed] = (await peer.until((m) => m.some((x) => x.type === 'resumed'))).filter(
        (x) => x.type === 'resumed',
      );
      expect(resumed).toEqual({ type: 'resumed', caseId: id, from: 3, to: 3 });
      dropped.add(4);
      await report(id, 34.3);
      await report(id, 34.4);
      await peer.until((m) => m.filter((x) => x.type === 'event').length >= 3);
      await settled(peer);
      expect(seqsOf(peer)).toEqual([3, 4, 5]);
      peer.close();
    } finally {
      await wholeLog.close();
    }
  });

  it('a client in step is sent each live entry from the stream alone: a log it cannot read does not cut it off', async () => {
    let logReadable = true;
    const {
      desk: failing,
      open,
      report,
    } = await lossyDesk((runtime) => ({
      entriesSince: async (caseId: string, since: number) => {
        if (!logReadable) throw new Error('store unavailable');
        return runtime.entriesSince(caseId, since);
      },
    }));
    try {
      const id = await open();
      const peer = await Peer.connect(failing, 'operator');
      peer.send({ type: 'subscribe', caseId: id });
      peer.send({ type: 'subscribe', caseId: '*' });
      await peer.until((m) => m.filter((x) => x.type === 'subscribed').length >= 2);
      logReadable = false;
      const other = await open();
      await report(id, 34.1);
      await report(other, 34.2);
      await report(id, 34.3);
      await peer.until((m) => m.filter((x) => x.type === 'event').length >= 4);
      await settled(peer);
      expect(events(peer).map((e) => [e.caseId === id ? 'id' : 'other', e.seq])).toEqual([
        ['other', 1],
        ['id', 2],
        ['other', 2],
        ['id', 3],
      ]);
      peer.close();
    } finally {
      await failing.close();
    }
  });
});

describe('GET /stream: a connection that has gone', () => {
  it('is forgotten: the desk reads nothing more from the log for it', async () => {
    let reads = 0;
    const {
      desk: counting,
      dropped,
      open,
      report,
    } = await lossyDesk((runtime) => ({
      entriesSince: (caseId: string, since: number) => {
        reads++;
        return runtime.entriesSince(caseId, since);
      },
    }));
    try {
      const id = await open();
      const gone = await Peer.connect(counting, 'operator');
      const staying = await Peer.connect(counting, 'operator');
      gone.send({ type: 'subscribe', caseId: id });
      staying.send({ type: 'subscribe', caseId: id });
      await gone.until((m) => m.some((x) => x.type === 'subscribed'));
      await staying.until((m) => m.some((x) => x.type === 'subscribed'));
      gone.close();
      await expect.poll(() => counting.app.websocketServer.clients.size).toBe(1);
      // a lost entry: the next one has the client that is still here read the gap from the log, once
      dropped.add(2);
      await report(id, 34.1);
      await report(id, 34.2);
      await staying.until((m) => m.filter((x) => x.type === 'event').length >= 2);
      await settled(staying);
      expect(seqsOf(staying)).toEqual([2, 3]);
      expect(reads).toBe(1);
      staying.close();
    } finally {
      await counting.close();
    }
  });
});

type LogRecord = [level: string, ...args: unknown[]];

// What the desk logs from now on, at every level, in the order logged: its own lines and its requests'.
function recordLogs(d: Desk): LogRecord[] {
  const records: LogRecord[] = [];
  const root = d.app.log;
  root.level = 'trace';
  const recorder: Record<string, unknown> = {};
  for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) {
    recorder[level] = (...args: unknown[]) => records.push([level, ...args]);
    vi.spyOn(root, level as 'error').mockImplementation(recorder[level] as never);
  }
  recorder.child = () => recorder;
  vi.spyOn(root, 'child').mockReturnValue(recorder as never);
  return records;
}

const logged = (records: LogRecord[], msg: string) => records.filter((r) => r[r.length - 1] === msg);

describe('GET /stream: what the operator is told', () => {
  it('a message the desk fails on is logged with its cause, as an error', async () => {
    const failing = await standInDesk(() => ({
      getView: async () => {
        throw new Error('store unavailable');
      },
    }));
    try {
      const records = recordLogs(failing);
      const peer = await Peer.connect(failing, 'operator');
      peer.send({ type: 'subscribe', caseId: 'any' });
      await peer.until((m) => m.some((x) => x.type === 'error'));
      expect(logged(records, 'stream message failed')).toEqual([
        [
          'error',
          { err: expect.objectContaining({ message: 'store unavailable' }) },
          'stream message failed',
        ],
      ]);
      peer.close();
    } finally {
      await failing.close();
    }
  });

  it('a catch-up the desk fails on is logged with its cause, as an error, as the connection ends', async () => {
    let failReads = false;
    const {
      desk: failing,
      dropped,
      open,
      report,
    } = await lossyDesk((runtime) => ({
      entriesSince: async (caseId: string, since: number) => {
        if (failReads) throw new Error('store unavailable');
        return runtime.entriesSince(caseId, since);
      },
    }));
    try {
      const id = await open();
      const records = recordLogs(failing);
      const peer = await Peer.connect(failing, 'operator');
      peer.send({ type: 'subscribe', caseId: id });
      await peer.until((m) => m.some((x) => x.type === 'subscribed'));
      dropped.add(2);
      failReads = true;
      await report(id, 34.1);
      await report(id, 34.2);
      expect((await closeOf(peer)).code).toBe(1006);
      expect(logged(records, 'stream step failed')).toEqual([
        ['error', { err: expect.objectContaining({ message: 'store unavailable' }) }, 'stream step failed'],
      ]);
    } finally {
      await failing.close();
    }
  });

  it('an error on a connection is logged with its cause, at debug: the client is at fault', async () => {
    const records = recordLogs(desk);
    const peer = await Peer.connect(desk, 'operator');
    peer.send({ type: 'ping', pad: 'x'.repeat(64 * 1024) });
    expect((await closeOf(peer)).code).toBe(1009);
    expect(logged(records, 'stream socket error')).toEqual([
      [
        'debug',
        { err: expect.objectContaining({ message: expect.stringMatching(/payload/i) }) },
        'stream socket error',
      ],
    ]);
  });
});
