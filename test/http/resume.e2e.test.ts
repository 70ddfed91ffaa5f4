// Lossless resume as a watch floor lives it: a real listening desk, real `ws` clients on flaky links that drop
// and come back with `since`, and a writer recording events over HTTP all the while. Every client must end
// with every seq of its case exactly once, in order (contract.md, WebSocket; engineering.md, Streaming).
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_TEXT_LENGTH } from '../../machines/schemas.ts';
import { seededRandom } from '../../src/random.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

type Message = { type: string; [k: string]: unknown };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Waits for what the desk does on its side of a socket, failing with `never` after 15 s.
async function eventually(done: () => boolean, never: string): Promise<void> {
  const by = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > by) throw new Error(never);
    await sleep(10);
  }
}

// the writer and up to a thousand reconnections share one token each: the rate limit is not under test here
const UNLIMITED = { max: 1_000_000, timeWindowMs: 60_000 };

async function listen(desk: Desk): Promise<string> {
  await desk.app.listen({ host: '127.0.0.1', port: 0 });
  const address = desk.app.server.address();
  if (!address || typeof address === 'string') throw new Error('desk is not listening on TCP');
  return `127.0.0.1:${address.port}`;
}

async function post(base: string, token: string, url: string, body: unknown): Promise<Response> {
  return fetch(`http://${base}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function openCase(base: string, token: string): Promise<string> {
  const res = await post(base, token, '/cases', rubberBoat());
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

// notes are kept in the log and the stream, not in the view: each entry is as large as the desk takes, the
// view stays small
const NOTES = 'observed from the bridge: '.padEnd(MAX_TEXT_LENGTH, '.');
async function recordLargeEntry(base: string, token: string, caseId: string): Promise<void> {
  const res = await post(base, token, `/cases/${caseId}/events`, {
    type: 'DISTRESS_ASSESSED',
    phase: 'alert',
    factors: ['overcrowded'],
    notes: NOTES,
  });
  expect(res.status).toBe(200);
}

// A client following one case across reconnections. It keeps only what it has processed: whatever was in
// flight when it dropped the link is lost to it, and must come back through `since`.
class Follower {
  readonly seqs: number[] = [];
  readonly problems: string[] = [];
  readonly closeCodes: number[] = [];
  epoch: string | undefined;
  subscriptions = 0;
  // resumptions that had missed entries to replay
  catchUps = 0;
  private ws: WebSocket | undefined;
  private pendingSince: number | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly base: string,
    private readonly token: string,
    readonly caseId: string,
  ) {}

  get last(): number {
    return this.seqs.at(-1) ?? 0;
  }

  // Opens a link, waits for hello; `subscribe` then asks for everything after the last seq seen.
  async connect(): Promise<void> {
    const ws = new WebSocket(`ws://${this.base}/stream?token=${this.token}`);
    this.ws = ws;
    const hello = new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        if (this.ws !== ws) return;
        const m = JSON.parse(String(data)) as Message;
        if (m.type === 'hello') {
          if (this.epoch !== undefined && m.epoch !== this.epoch) this.problems.push('epoch changed');
          this.epoch = m.epoch as string;
          resolve();
        } else {
          this.receive(m);
        }
        for (const w of this.waiters.splice(0)) w();
      });
      ws.on('close', (code) => {
        if (this.ws === ws) this.closeCodes.push(code);
        for (const w of this.waiters.splice(0)) w();
        reject(new Error(`closed before hello (${code})`));
      });
      ws.on('error', reject);
    });
    await hello;
  }

  subscribe(): void {
    this.pendingSince = this.last;
    this.subscriptions++;
    this.ws?.send(
      JSON.stringify({ type: 'subscribe', caseId: this.caseId, since: this.last, epoch: this.epoch }),
    );
  }

  private receive(m: Message): void {
    if (m.type === 'event') {
      if (m.caseId !== this.caseId) this.problems.push(`event of another case ${String(m.caseId)}`);
      else if (m.seq !== this.last + 1) this.problems.push(`seq ${String(m.seq)} after ${this.last}`);
      this.seqs.push(m.seq as number);
    } else if (m.type === 'resumed') {
      if (m.from !== (this.pendingSince ?? 0) + 1) this.problems.push(`resumed from ${String(m.from)}`);
      if ((m.to as number) >= (m.from as number)) this.catchUps++;
    } else if (m.type === 'reset' || m.type === 'error') {
      this.problems.push(`${m.type}: ${JSON.stringify(m).slice(0, 200)}`);
    }
  }

  // Drops the link at once, as a lost connection does: nothing more from it is processed.
  drop(): void {
    const ws = this.ws;
    this.ws = undefined;
    ws?.terminate();
  }

  // the TCP connection under the link, to stop reading from it as a stalled client does
  tcp(): Socket | undefined {
    return (this.ws as unknown as { _socket?: Socket } | undefined)?._socket;
  }

  async until(done: () => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`timed out at seq ${this.last}: ${this.problems.join('; ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

let desk: Desk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

describe('resume with since over a real socket', () => {
  it('1,000 random drops and reconnections while events are recorded lose and repeat nothing', async () => {
    desk = await startDesk({ rateLimit: UNLIMITED });
    const base = await listen(desk);
    const writerToken = await desk.token('operator', 'writer');
    const CASES = 4;
    const CYCLES_EACH = 250;
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) caseIds.push(await openCase(base, writerToken));

    let writing = true;
    let posted = 0;
    // two writers, so entries of different cases interleave as on a busy floor
    const writers = [0, 1].map(async (w) => {
      const random = seededRandom(7 + w);
      for (let i = w; writing; i += 2) {
        const caseId = caseIds[i % CASES]!;
        const res = await post(base, writerToken, `/cases/${caseId}/events`, {
          type: 'POSITION_REPORTED',
          lat: 34.9 + random() / 100,
          lon: 12.6 + random() / 100,
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        posted++;
        // every commit fsyncs on the test's own event loop: leave the clients room to run
        await sleep(Math.floor(random() * 4));
      }
    });

    const followers = await Promise.all(
      caseIds.map(
        async (caseId, i) => new Follower(base, await desk!.token('operator', `watch-${i}`), caseId),
      ),
    );
    let cycles = 0;
    const cycling = Promise.all(
      followers.map(async (follower, i) => {
        const random = seededRandom(1000 + i);
        for (let c = 0; c < CYCLES_EACH; c++) {
          await follower.connect();
          const moment = random();
          if (c % 10 === 1) {
            // back after staying away (below): resume and stay until the missed entries have been replayed
            const before = follower.catchUps;
            follower.subscribe();
            await follower.until(() => follower.catchUps > before);
          } else if (moment < 0.1) {
            // dropped between hello and subscribe
          } else if (moment < 0.25) {
            // dropped while the replay is in flight
            follower.subscribe();
          } else {
            follower.subscribe();
            await sleep(Math.floor(random() * 12));
          }
          follower.drop();
          cycles++;
          // every tenth drop, stay away until the case has moved on, so that the next resumption has entries
          // to catch up however fast this machine's disk lets the writers go
          if (c % 10 === 0) {
            const gone = Date.now();
            while (
              (await desk!.runtime.headSeq(follower.caseId)) <= follower.last &&
              Date.now() - gone < 3000
            )
              await sleep(5);
          }
        }
      }),
    );
    try {
      await cycling;
    } finally {
      // stop the writers whatever happened, so a failure is reported rather than left running
      writing = false;
      await Promise.allSettled(writers);
    }
    await Promise.all(writers);

    for (const follower of followers) {
      await follower.connect();
      follower.subscribe();
      const head = await desk.runtime.headSeq(follower.caseId);
      await follower.until(() => follower.last >= head);
      follower.drop();
    }

    expect(cycles).toBe(CASES * CYCLES_EACH);
    // the writer really moved the cases while the clients came and went
    expect(posted).toBeGreaterThan(CASES * 20);
    expect(followers.every((f) => f.catchUps > 10)).toBe(true);
    for (const follower of followers) {
      const head = await desk.runtime.headSeq(follower.caseId);
      expect(follower.problems).toEqual([]);
      expect(follower.seqs).toEqual(Array.from({ length: head }, (_, k) => k + 1));
    }
  }, 90_000);

  it('a client that stops reading is closed with 1013 and resumes with since without loss', async () => {
    // a small bound, so the kernel's socket buffers plus this overflow within a few dozen large events
    desk = await startDesk({ rateLimit: UNLIMITED, stream: { maxBufferedBytes: 64 * 1024 } });
    const base = await listen(desk);
    const token = await desk.token('operator');
    const caseId = await openCase(base, token);
    const slow = new Follower(base, token, caseId);
    await slow.connect();
    slow.subscribe();
    await slow.until(() => slow.last >= 1);

    slow.tcp()!.pause();
    const serverSide = () => [...desk!.app.websocketServer.clients];
    let posts = 0;
    while (serverSide().every((c) => c.readyState === WebSocket.OPEN)) {
      if (++posts > 2000) throw new Error('the desk never gave up on a client that stopped reading');
      await recordLargeEntry(base, token, caseId);
    }
    // more happens while the client is away
    for (let i = 0; i < 5; i++) {
      const res = await post(base, token, `/cases/${caseId}/events`, {
        type: 'POSITION_REPORTED',
        lat: 34.9,
        lon: 12.6 + i / 100,
      });
      expect(res.status).toBe(200);
    }

    slow.tcp()!.resume();
    await slow.until(() => slow.closeCodes.length > 0);
    expect(slow.closeCodes).toEqual([1013]);
    const head = await desk.runtime.headSeq(caseId);
    // it got part of the history before the desk gave up on it, not all of it
    expect(slow.last).toBeLessThan(head);

    slow.drop();
    await slow.connect();
    slow.subscribe();
    await slow.until(() => slow.last >= head);
    expect(slow.problems).toEqual([]);
    expect(slow.seqs).toEqual(Array.from({ length: head }, (_, k) => k + 1));
    slow.drop();
  }, 60_000);

  it('a resume whose client stops reading waits replayPatienceMs for it, then closes it 1013; what it got is in order', async () => {
    const PATIENCE_MS = 1_500;
    const LIMIT = 16 * 1024;
    desk = await startDesk({
      rateLimit: UNLIMITED,
      stream: { maxBufferedBytes: LIMIT, replayPatienceMs: PATIENCE_MS },
    });
    const base = await listen(desk);
    const token = await desk.token('operator');
    const caseId = await openCase(base, token);
    // a history far larger than the limit and than what the kernel holds for a client that reads nothing
    for (let i = 0; i < 1_000; i++) await recordLargeEntry(base, token, caseId);
    const head = await desk.runtime.headSeq(caseId);

    const slow = new Follower(base, token, caseId);
    await slow.connect();
    const raw = slow.tcp()!;
    raw.pause();
    slow.subscribe();
    const [serverSide] = [...desk.app.websocketServer.clients];
    // the replay has filled what the kernel takes and stands over the limit, waiting for the client
    await eventually(() => serverSide!.bufferedAmount > LIMIT, 'the replay never went over the limit');
    // a client that is only slow is not given up on at once: well within its patience it is still open
    await sleep(PATIENCE_MS / 5);
    expect(serverSide!.readyState).toBe(WebSocket.OPEN);
    // it reads nothing for the whole patience: the desk closes it
    await eventually(
      () => serverSide!.readyState !== WebSocket.OPEN,
      'the desk never gave up on a client that read nothing',
    );

    raw.resume();
    await slow.until(() => slow.closeCodes.length > 0);
    expect(slow.closeCodes).toEqual([1013]);
    // what reached it is the history from its start, gap-free, and not all of it
    expect(slow.problems).toEqual([]);
    expect(slow.seqs).toEqual(Array.from({ length: slow.last }, (_, k) => k + 1));
    expect(slow.last).toBeLessThan(head);
  }, 60_000);
});
