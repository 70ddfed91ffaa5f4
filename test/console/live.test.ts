// The console's stream client (src/console/browser/live.ts) in Node: against a scripted socket for the rules
// (duplicates dropped, a gap asked again, reset handed over, a desk that stays down tried again for ever),
// and against a real desk whose sockets are cut while events keep being recorded.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ApiError, tokenAccepted } from '../../src/console/browser/api.ts';
import {
  type LiveHandlers,
  type LiveStatus,
  LiveStream,
  type SocketLike,
} from '../../src/console/browser/live.ts';
import type { StreamEventMessage } from '../../src/console/browser/types.ts';
import { rubberBoat } from '../http/helpers.ts';
import { type ConsoleDesk, startConsoleDesk } from './desk.ts';

class ScriptedSocket implements SocketLike {
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  say(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
}

function recorder() {
  const events: number[] = [];
  const statuses: LiveStatus[] = [];
  const resets: string[] = [];
  const handlers: LiveHandlers = {
    onStatus: (s) => statuses.push(s),
    onEvent: (m) => events.push(m.seq),
    onReset: (caseId) => resets.push(caseId),
  };
  return { events, statuses, resets, handlers };
}

const entry = (seq: number) =>
  ({
    type: 'event',
    caseId: 'c1',
    seq,
    event: { type: 'X' },
    outcome: 'applied',
    audit: { hash: 'h', prev: 'p' },
    view: { version: seq },
  }) as unknown as StreamEventMessage;

describe('LiveStream rules', () => {
  it('subscribes with since and the epoch, drops what it has, asks again after a gap', () => {
    const sockets: ScriptedSocket[] = [];
    const r = recorder();
    const live = new LiveStream(
      {
        url: () => 'ws://x',
        open: () => sockets[sockets.push(new ScriptedSocket()) - 1]!,
        heartbeatMs: 60_000,
      },
      r.handlers,
    );
    live.follow('c1', 4);
    live.start();
    const s = sockets[0]!;
    s.open();
    s.say({ type: 'hello', epoch: 'e1', headSeq: 9 });
    expect(s.sent).toEqual([{ type: 'subscribe', caseId: 'c1', since: 4, epoch: 'e1' }]);
    expect(r.statuses.at(-1)).toBe('catching-up');
    for (const seq of [3, 4, 5, 5, 6]) s.say(entry(seq));
    expect(r.events).toEqual([5, 6]);
    s.say({ type: 'resumed', caseId: 'c1', from: 5, to: 6 });
    expect(r.statuses.at(-1)).toBe('live');
    // 8 without 7: not shown, and the desk is asked for everything after 6 again
    s.say(entry(8));
    expect(r.events).toEqual([5, 6]);
    expect(s.sent.at(-1)).toEqual({ type: 'subscribe', caseId: 'c1', since: 6, epoch: 'e1' });
    s.say(entry(7));
    s.say(entry(8));
    expect(r.events).toEqual([5, 6, 7, 8]);
    live.stop();
  });

  it('says reconnecting when the link drops and resumes from the last seq shown, keeping the first epoch', async () => {
    const sockets: ScriptedSocket[] = [];
    const r = recorder();
    const live = new LiveStream(
      {
        url: () => 'ws://x',
        open: () => sockets[sockets.push(new ScriptedSocket()) - 1]!,
        initialBackoffMs: 5,
        heartbeatMs: 60_000,
        random: () => 0.5,
      },
      r.handlers,
    );
    live.follow('c1', 0);
    live.start();
    sockets[0]!.open();
    sockets[0]!.say({ type: 'hello', epoch: 'e1', headSeq: 2 });
    sockets[0]!.say(entry(1));
    sockets[0]!.say(entry(2));
    sockets[0]!.close();
    expect(r.statuses.at(-1)).toBe('reconnecting');
    await expect.poll(() => sockets.length).toBe(2);
    const s = sockets[1]!;
    s.open();
    // a desk whose store was replaced greets with a new epoch; the client still says which one it knew
    s.say({ type: 'hello', epoch: 'e2', headSeq: 0 });
    expect(s.sent).toEqual([{ type: 'subscribe', caseId: 'c1', since: 2, epoch: 'e1' }]);
    s.say({ type: 'reset', caseId: 'c1', epoch: 'e2', view: { version: 1 } });
    expect(r.resets).toEqual(['c1']);
    expect(r.statuses.at(-1)).toBe('live');
    // after a reset the next entry is taken whatever its seq, then the order is kept again
    s.say(entry(1));
    s.say(entry(1));
    s.say(entry(2));
    expect(r.events).toEqual([1, 2, 1, 2]);
    live.stop();
    expect(r.statuses.at(-1)).toBe('stopped');
  });
});

describe('LiveStream while the desk cannot be reached', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // A desk that refuses every connection (as a stopped process does) until `up`; `authorised` answers the
  // HTTP check the stream makes once connections keep failing.
  function downDesk(authorised: () => Promise<boolean>, opts: { openTimeoutMs?: number } = {}) {
    vi.useFakeTimers();
    const state = { up: false, silent: false, checks: 0 };
    const sockets: ScriptedSocket[] = [];
    const statuses: Array<{ status: LiveStatus; attempt: number; retryInMs?: number }> = [];
    const live = new LiveStream(
      {
        url: () => 'ws://x',
        open: () => {
          const s = new ScriptedSocket();
          sockets.push(s);
          if (!state.up && !state.silent) setTimeout(() => s.close(), 1);
          return s;
        },
        initialBackoffMs: 500,
        maxBackoffMs: 15_000,
        heartbeatMs: 600_000,
        // the longest jitter: the cap is checked at its worst
        random: () => 1,
        ...opts,
      },
      {
        onStatus: (status, info) => statuses.push({ status, ...info }),
        onEvent: () => {},
        onReset: () => {},
        stillAuthorised: () => {
          state.checks++;
          return authorised();
        },
      },
    );
    return { live, state, sockets, statuses };
  }

  it('keeps trying for as long as the desk is down, the wait capped, then comes back live by itself', async () => {
    // what the console's check answers when the desk cannot be reached (tokenAccepted, below)
    const { live, state, sockets, statuses } = downDesk(() => Promise.resolve(true));
    live.follow('c1', 3);
    live.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(sockets.length).toBeGreaterThan(30);
    expect(state.checks).toBeGreaterThan(20);
    expect(statuses.map((s) => s.status)).not.toContain('stopped');
    const waits = statuses.flatMap((s) => (s.retryInMs === undefined ? [] : [s.retryInMs]));
    expect(Math.max(...waits)).toBe(18_750);
    expect(waits.slice(0, 5)).toEqual([625, 1250, 2500, 5000, 10_000]);
    expect(live.state).toBe('reconnecting');

    state.up = true;
    const before = sockets.length;
    // the next try comes within the longest wait
    for (let waited = 0; sockets.length === before && waited <= 18_750; waited += 250)
      await vi.advanceTimersByTimeAsync(250);
    expect(sockets.length).toBe(before + 1);
    const s = sockets.at(-1)!;
    s.open();
    s.say({ type: 'hello', epoch: 'e1', headSeq: 5 });
    // it catches up from what it has, as after any drop
    expect(s.sent).toEqual([{ type: 'subscribe', caseId: 'c1', since: 3, epoch: 'e1' }]);
    s.say({ type: 'resumed', caseId: 'c1', from: 4, to: 5 });
    expect(live.state).toBe('live');
    live.stop();
  });

  it('goes on when the check itself fails (no answer from the desk)', async () => {
    const { live, state, sockets } = downDesk(() => Promise.reject(new ApiError(0, undefined)));
    live.start();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(state.checks).toBeGreaterThan(3);
    expect(sockets.length).toBeGreaterThan(8);
    expect(live.state).toBe('reconnecting');
    live.stop();
  });

  it('stops only when the desk says the token is refused', async () => {
    let refused = false;
    const { live, state, sockets, statuses } = downDesk(() => Promise.resolve(!refused));
    live.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(live.state).toBe('reconnecting');
    refused = true;
    const checks = state.checks;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(state.checks).toBe(checks + 1);
    expect(live.state).toBe('stopped');
    expect(statuses.filter((s) => s.status === 'stopped')).toHaveLength(1);
    const tried = sockets.length;
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(sockets.length).toBe(tried);
  });

  it('gives up a connection that neither opens nor fails, and tries again', async () => {
    const { live, state, sockets } = downDesk(() => Promise.resolve(true), { openTimeoutMs: 5_000 });
    state.silent = true;
    live.start();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 625);
    expect(sockets).toHaveLength(2);
    expect(live.state).toBe('reconnecting');
    // "Retry now" does not wait for the hung one either
    live.retryNow();
    expect(sockets).toHaveLength(3);
    live.stop();
  });

  it('asks the desk about the token, and takes only a 401 for no', async () => {
    expect(await tokenAccepted(() => Promise.resolve([]))).toBe(true);
    expect(await tokenAccepted(() => Promise.reject(new ApiError(401, undefined)))).toBe(false);
    // the desk down, restarting, or failing: still authorised as far as anyone knows
    expect(await tokenAccepted(() => Promise.reject(new ApiError(0, undefined)))).toBe(true);
    expect(await tokenAccepted(() => Promise.reject(new ApiError(503, undefined)))).toBe(true);
    expect(await tokenAccepted(() => Promise.reject(new ApiError(500, undefined)))).toBe(true);
    expect(await tokenAccepted(() => Promise.reject(new TypeError('Failed to fetch')))).toBe(true);
  });
});

describe('LiveStream against a real desk', () => {
  let desk: ConsoleDesk;
  beforeAll(async () => {
    desk = await startConsoleDesk();
  });
  afterAll(async () => {
    await desk.close();
  });

  it('catches up after its sockets are cut while events are recorded, each seq once and in order', async () => {
    const opened = await desk.post('/cases', rubberBoat());
    expect(opened.status).toBe(201);
    const caseId = (opened.body as { id: string }).id;
    const token = await desk.token('operator');
    const seen: number[] = [];
    const statuses: LiveStatus[] = [];
    const live = new LiveStream(
      {
        url: () => `${desk.base.replace('http', 'ws')}/stream?token=${token}`,
        open: (url) => new WebSocket(url) as unknown as SocketLike,
        initialBackoffMs: 50,
        maxBackoffMs: 200,
      },
      { onStatus: (s) => statuses.push(s), onEvent: (m) => seen.push(m.seq), onReset: () => {} },
    );
    live.follow(caseId, 1);
    live.start();
    await expect.poll(() => live.state).toBe('live');
    const record = (lat: number) =>
      desk.post(`/cases/${caseId}/events`, { type: 'POSITION_REPORTED', lat, lon: 12.6 });
    const drops = () => statuses.filter((s) => s === 'reconnecting').length;
    for (let round = 0; round < 4; round++) {
      await record(34.9 + round / 100);
      const before = drops();
      expect(desk.cutStreams()).toBeGreaterThan(0);
      // recorded while the client is away
      await record(35 + round / 100);
      await record(35.05 + round / 100);
      await expect.poll(drops).toBeGreaterThan(before);
      await expect.poll(() => live.state).toBe('live');
    }
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(12);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    expect(statuses).toContain('reconnecting');
    live.stop();
  });
});
