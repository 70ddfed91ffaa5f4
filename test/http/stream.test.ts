import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { Role } from '../../machines/schemas.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

type Message = { type: string; [k: string]: unknown };

// Collects every message from the first byte on (a listener added after open would miss `hello`).
class Peer {
  readonly messages: Message[] = [];
  private waiters: Array<() => void> = [];
  ws!: WebSocket;

  static async connect(desk: Desk, role: Role, how: 'query' | 'header' = 'query'): Promise<Peer> {
    const peer = new Peer();
    const token = await desk.token(role);
    const onInit = (ws: WebSocket) => {
      peer.ws = ws;
      ws.on('message', (data) => {
        peer.messages.push(JSON.parse(String(data)) as Message);
        for (const w of peer.waiters.splice(0)) w();
      });
    };
    if (how === 'query') await desk.app.injectWS(`/stream?token=${token}`, {}, { onInit });
    else await desk.app.injectWS('/stream', { headers: { authorization: `Bearer ${token}` } }, { onInit });
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
      const code = await new Promise<number>((resolve, reject) => {
        strict.app
          .injectWS(`/stream?token=${token}`, {}, { onInit: (ws) => ws.on('close', (c) => resolve(c)) })
          .catch(reject);
      });
      expect(code).toBe(1013);
    } finally {
      await strict.close();
    }
  });
});
