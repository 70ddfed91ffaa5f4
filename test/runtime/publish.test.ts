// Publishing (src/runtime/publish.ts): every entry reaches the stream's listeners once, in its case's order,
// whether this desk committed it or another desk did (read from the log). The log here is a plain list the
// test appends to, as the store's log grows; a listener records what it was sent.
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../machines/engine.ts';
import type { ChainedEntry } from '../../src/audit/chain.ts';
import { StreamListeners, toStreamEvent } from '../../src/runtime/publish.ts';
import type { StreamEvent } from '../../src/runtime/types.ts';
import { caseLog } from '../audit/log.ts';
import { recordingLogger } from './logger.ts';

const viewOf = (caseId: string, seq: number) => ({ id: caseId, version: seq }) as unknown as CaseView;

// what the stream sends for an entry, spelled out from the contract (contract.md, WebSocket)
const sent = (e: ChainedEntry, training = false): StreamEvent => ({
  type: 'event',
  caseId: e.caseId,
  seq: e.seq,
  event: e.event,
  outcome: e.outcome,
  audit: { hash: e.hash, prev: e.prev },
  view: viewOf(e.caseId, e.seq),
  training,
});

// A store's logs, grown by hand; reads can be held back or made to fail.
class Logs {
  readonly byCase = new Map<string, ChainedEntry[]>();
  reads: Array<[string, number]> = [];
  failNext = 0;
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  constructor(...cases: Array<[string, number]>) {
    for (const [id, n] of cases) this.byCase.set(id, caseLog(id, n));
  }

  // the case's entry at seq
  entry(caseId: string, seq: number): ChainedEntry {
    return this.byCase.get(caseId)![seq - 1]!;
  }

  // holds every read until release()
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  // how far each case's log has grown in the store (nothing until grown)
  visible = new Map<string, number>();
  grow(caseId: string, to: number): void {
    this.visible.set(caseId, to);
  }

  readonly read = async (caseId: string, afterSeq: number): Promise<StreamEvent[]> => {
    this.reads.push([caseId, afterSeq]);
    // a read sees the log as it stands when the read is asked, however long its answer takes
    const upTo = this.visible.get(caseId) ?? 0;
    await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('connection reset');
    }
    return (this.byCase.get(caseId) ?? [])
      .filter((e) => e.seq > afterSeq && e.seq <= upTo)
      .map((e) => sent(e));
  };
}

function listening(listeners: StreamListeners) {
  const got: StreamEvent[] = [];
  listeners.subscribe((e) => got.push(e));
  return got;
}

const seqs = (got: StreamEvent[], caseId?: string) =>
  got.filter((e) => caseId === undefined || e.caseId === caseId).map((e) => e.seq);

describe('toStreamEvent', () => {
  it("is the contract's event message: the entry, its audit links, the view, and whether it is training", () => {
    const [e] = caseLog('case-1', 1);
    const view = viewOf('case-1', 1);
    expect(toStreamEvent(e!, view, true)).toEqual(sent(e!, true));
    expect(toStreamEvent(e!, view, false).training).toBe(false);
  });
});

describe('StreamListeners', () => {
  it("sends this desk's commits to every listener as they commit, in order, once", () => {
    const logs = new Logs(['a', 3]);
    const listeners = new StreamListeners(undefined, logs.read);
    const one = listening(listeners);
    const two = listening(listeners);
    for (const seq of [1, 2, 3]) listeners.publish(logs.entry('a', seq), viewOf('a', seq), false);
    expect(one).toEqual([1, 2, 3].map((s) => sent(logs.entry('a', s))));
    expect(two).toEqual(one);
    expect(listeners.lastPublished('a')).toBe(3);
    // nothing had to be read from the log
    expect(logs.reads).toEqual([]);
  });

  it('a case never published here starts at seq 0; at start, what the store holds counts as published', () => {
    const logs = new Logs(['a', 4], ['b', 2]);
    const listeners = new StreamListeners(undefined, logs.read);
    expect(listeners.lastPublished('a')).toBe(0);
    listeners.startAt(
      new Map([
        ['a', 3],
        ['b', 2],
      ]),
    );
    expect(listeners.lastPublished('a')).toBe(3);
    expect(listeners.lastPublished('b')).toBe(2);
    const got = listening(listeners);
    listeners.publish(logs.entry('a', 4), viewOf('a', 4), true);
    expect(got).toEqual([sent(logs.entry('a', 4), true)]);
  });

  it("a commit after another desk's entries is published after them, read from the log", async () => {
    const logs = new Logs(['a', 5]);
    const listeners = new StreamListeners(undefined, logs.read);
    listeners.startAt(new Map([['a', 2]]));
    const got = listening(listeners);
    // seq 3 and 4 were committed by another desk; this one commits 5
    logs.grow('a', 5);
    listeners.publish(logs.entry('a', 5), viewOf('a', 5), false);
    expect(got).toEqual([]);
    await listeners.catchUp('a');
    expect(seqs(got)).toEqual([3, 4, 5]);
    expect(logs.reads[0]).toEqual(['a', 2]);
    expect(listeners.lastPublished('a')).toBe(5);
  });

  it('a wake-up for what was already published reads nothing', async () => {
    const logs = new Logs(['a', 3]);
    const listeners = new StreamListeners(undefined, logs.read);
    listeners.startAt(new Map([['a', 3]]));
    await listeners.wake('a', 3);
    await listeners.wake('a', 1);
    expect(logs.reads).toEqual([]);
  });

  it('a wake-up past what was published reads the log after it and publishes what follows, once', async () => {
    const logs = new Logs(['a', 4]);
    const listeners = new StreamListeners(undefined, logs.read);
    listeners.startAt(new Map([['a', 1]]));
    const got = listening(listeners);
    logs.grow('a', 3);
    await listeners.wake('a', 2);
    expect(seqs(got)).toEqual([2, 3]);
    // the same wake-up again, and one lost then repeated: nothing twice
    await listeners.wake('a', 3);
    logs.grow('a', 4);
    await Promise.all([listeners.wake('a', 4), listeners.wake('a', 4)]);
    expect(seqs(got)).toEqual([2, 3, 4]);
  });

  it('one read per case at a time: wake-ups during a read wait for it, and nothing is sent twice', async () => {
    const logs = new Logs(['a', 4], ['b', 1]);
    const listeners = new StreamListeners(undefined, logs.read);
    const got = listening(listeners);
    logs.grow('a', 2);
    logs.hold();
    const first = listeners.wake('a', 2);
    const second = listeners.wake('a', 2);
    // a local commit while the read is under way waits for it: the log has it too
    logs.grow('a', 3);
    listeners.publish(logs.entry('a', 3), viewOf('a', 3), false);
    expect(got).toEqual([]);
    // the one read under way is the only read so far
    expect(logs.reads).toEqual([['a', 0]]);
    logs.release();
    await Promise.all([first, second]);
    await listeners.catchUp('a');
    expect(seqs(got)).toEqual([1, 2, 3]);
    expect(got.map((e) => e.seq)).toEqual([...new Set(got.map((e) => e.seq))]);
  });

  it('a wake-up for entries a read under way cannot see reads again once it is done', async () => {
    const logs = new Logs(['a', 2]);
    const listeners = new StreamListeners(undefined, logs.read);
    const got = listening(listeners);
    logs.grow('a', 1);
    logs.hold();
    const first = listeners.wake('a', 1);
    // seq 2 is committed after the read above was asked
    logs.grow('a', 2);
    const second = listeners.wake('a', 2);
    logs.release();
    await Promise.all([first, second]);
    expect(seqs(got)).toEqual([1, 2]);
    expect(logs.reads).toEqual([
      ['a', 0],
      ['a', 1],
    ]);
  });

  it('reads of different cases do not wait for each other', async () => {
    const logs = new Logs(['a', 1], ['b', 1]);
    const listeners = new StreamListeners(undefined, logs.read);
    const got = listening(listeners);
    logs.grow('a', 1);
    logs.grow('b', 1);
    logs.hold();
    const a = listeners.wake('a', 1);
    const b = listeners.wake('b', 1);
    expect(logs.reads).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    logs.release();
    await Promise.all([a, b]);
    expect(got.map((e) => e.caseId).sort()).toEqual(['a', 'b']);
  });

  it('only the entry after the last published goes out: a log read that skips a seq stops there', async () => {
    const logs = new Logs(['a', 4]);
    const listeners = new StreamListeners(undefined, async () => [
      sent(logs.entry('a', 1)),
      sent(logs.entry('a', 2)),
      sent(logs.entry('a', 4)),
    ]);
    const got = listening(listeners);
    await listeners.catchUp('a');
    expect(seqs(got)).toEqual([1, 2]);
    expect(listeners.lastPublished('a')).toBe(2);
  });

  it('a failed read is logged, publishes nothing, and the next wake-up reads again from the same seq', async () => {
    const logs = new Logs(['a', 3]);
    const { calls, logger } = recordingLogger();
    const listeners = new StreamListeners(logger, logs.read);
    listeners.startAt(new Map([['a', 1]]));
    const got = listening(listeners);
    logs.grow('a', 3);
    logs.failNext = 1;
    await listeners.wake('a', 3);
    expect(got).toEqual([]);
    expect(calls).toEqual([
      {
        level: 'error',
        obj: { err: expect.objectContaining({ message: 'connection reset' }), caseId: 'a' },
        msg: 'reading the log to publish failed',
      },
    ]);
    await listeners.wake('a', 3);
    expect(logs.reads).toEqual([
      ['a', 1],
      ['a', 1],
    ]);
    expect(seqs(got)).toEqual([2, 3]);
  });

  it('a listener that throws is logged and does not keep the entry from the others', () => {
    const logs = new Logs(['a', 2]);
    const { calls, logger } = recordingLogger();
    const listeners = new StreamListeners(logger, logs.read);
    const before = listening(listeners);
    listeners.subscribe(() => {
      throw new Error('socket gone');
    });
    const after = listening(listeners);
    listeners.publish(logs.entry('a', 1), viewOf('a', 1), false);
    listeners.publish(logs.entry('a', 2), viewOf('a', 2), false);
    expect(seqs(before)).toEqual([1, 2]);
    expect(seqs(after)).toEqual([1, 2]);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({
      level: 'error',
      obj: { err: expect.objectContaining({ message: 'socket gone' }) },
      msg: 'stream listener failed',
    });
  });

  it('without a logger, a failing read or listener is still contained', async () => {
    const logs = new Logs(['a', 1]);
    const listeners = new StreamListeners(undefined, logs.read);
    listeners.subscribe(() => {
      throw new Error('socket gone');
    });
    const got = listening(listeners);
    logs.grow('a', 1);
    logs.failNext = 1;
    await expect(listeners.wake('a', 1)).resolves.toBeUndefined();
    await listeners.wake('a', 1);
    expect(seqs(got)).toEqual([1]);
  });

  it('a listener unsubscribed, or all of them cleared, is sent nothing more', () => {
    const logs = new Logs(['a', 3]);
    const listeners = new StreamListeners(undefined, logs.read);
    const kept: StreamEvent[] = [];
    const dropped: StreamEvent[] = [];
    listeners.subscribe((e) => kept.push(e));
    const unsubscribe = listeners.subscribe((e) => dropped.push(e));
    listeners.publish(logs.entry('a', 1), viewOf('a', 1), false);
    unsubscribe();
    listeners.publish(logs.entry('a', 2), viewOf('a', 2), false);
    expect(seqs(kept)).toEqual([1, 2]);
    expect(seqs(dropped)).toEqual([1]);
    listeners.clear();
    listeners.publish(logs.entry('a', 3), viewOf('a', 3), false);
    expect(seqs(kept)).toEqual([1, 2]);
    // still published: a listener subscribing later starts after it
    expect(listeners.lastPublished('a')).toBe(3);
  });

  it("each case keeps its own order: one case's entries do not move another's", () => {
    const logs = new Logs(['a', 2], ['b', 2]);
    const listeners = new StreamListeners(undefined, logs.read);
    const got = listening(listeners);
    listeners.publish(logs.entry('a', 1), viewOf('a', 1), false);
    listeners.publish(logs.entry('b', 1), viewOf('b', 1), false);
    listeners.publish(logs.entry('a', 2), viewOf('a', 2), false);
    listeners.publish(logs.entry('b', 2), viewOf('b', 2), false);
    expect(got.map((e) => `${e.caseId}${e.seq}`)).toEqual(['a1', 'b1', 'a2', 'b2']);
  });
});
