// Following a shared store (src/runtime/follow.ts): other desks' entries reach this desk's stream once and in
// order, whether the store's wake-up arrives, is lost (a reconnect or the poll sweeps every case), or fails;
// a directory edit another desk made is carried into the open cases here. The store is a stand-in holding
// just what a follower reads (heads, logs, directory entries); the listeners are the real ones.
import type { Logger } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseView } from '../../machines/engine.ts';
import type { ChainedEntry } from '../../src/audit/chain.ts';
import { Follower } from '../../src/runtime/follow.ts';
import { StreamListeners, toStreamEvent } from '../../src/runtime/publish.ts';
import type { StreamEvent } from '../../src/runtime/types.ts';
import type { Store, StoreFollower } from '../../src/store/store.ts';
import { caseLog } from '../audit/log.ts';
import { recordingLogger } from './logger.ts';

// What another desk commits to the shared store, and what the store tells its followers.
class SharedStore {
  readonly logs = new Map<string, ChainedEntry[]>();
  directory: Array<{ seq: number }> = [];
  follower: StoreFollower | undefined;
  headsRead = 0;
  directoryReads: number[] = [];
  failHeads = 0;

  // another desk commits the case's next n entries; the wake-up is the caller's to send or lose
  commit(caseId: string, n = 1): number {
    const have = this.logs.get(caseId)?.length ?? 0;
    this.logs.set(caseId, caseLog(caseId, have + n));
    return have + n;
  }

  editDirectory(): number {
    const seq = this.directory.length + 1;
    this.directory.push({ seq });
    return seq;
  }

  readonly readLog = async (caseId: string, after: number): Promise<StreamEvent[]> =>
    (this.logs.get(caseId) ?? [])
      .filter((e) => e.seq > after)
      .map((e) => toStreamEvent(e, { id: caseId } as unknown as CaseView, false));

  store(withFollow = true): Store {
    const s = {
      heads: async () => {
        this.headsRead++;
        if (this.failHeads > 0) {
          this.failHeads--;
          throw new Error('connection refused');
        }
        return new Map([...this.logs].map(([id, log]) => [id, log.length]));
      },
      directoryEntries: async (after = 0) => {
        this.directoryReads.push(after);
        return this.directory.filter((e) => e.seq > after);
      },
      ...(withFollow
        ? {
            follow: async (f: StoreFollower) => {
              this.follower = f;
            },
          }
        : {}),
    };
    return s as unknown as Store;
  }
}

// a wait on something the follower does in the background, failing with what it waited for
async function eventually(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error(`never happened: ${what}`);
}

let follower: Follower | undefined;
afterEach(() => {
  follower?.stop();
  follower = undefined;
  vi.useRealTimers();
});

async function following(
  shared: SharedStore,
  opts: { carry?: () => Promise<number>; logger?: Logger; withFollow?: boolean; pollMs?: number } = {},
) {
  const listeners = new StreamListeners(undefined, shared.readLog);
  listeners.startAt(new Map([...shared.logs].map(([id, log]) => [id, log.length])));
  const got: StreamEvent[] = [];
  listeners.subscribe((e) => got.push(e));
  const carried: number[] = [];
  const carry =
    opts.carry ??
    (async () => {
      carried.push(shared.directory.length);
      return 0;
    });
  follower = await Follower.start(
    shared.store(opts.withFollow ?? true),
    listeners,
    carry,
    opts.pollMs ?? 600_000,
    opts.logger,
  );
  return { listeners, got, carried };
}

const seqs = (got: StreamEvent[], caseId: string) => got.filter((e) => e.caseId === caseId).map((e) => e.seq);

describe('Follower', () => {
  it('on start, publishes what other desks committed since this desk read the heads', async () => {
    const shared = new SharedStore();
    shared.commit('a', 2);
    const listeners = new StreamListeners(undefined, shared.readLog);
    listeners.startAt(new Map([['a', 2]]));
    const got: StreamEvent[] = [];
    listeners.subscribe((e) => got.push(e));
    // between this desk's start and its first wake-up
    shared.commit('a', 2);
    shared.commit('b', 1);
    follower = await Follower.start(shared.store(), listeners, async () => 0, 600_000, undefined);
    expect(seqs(got, 'a')).toEqual([3, 4]);
    expect(seqs(got, 'b')).toEqual([1]);
  });

  it("publishes another desk's entries when the store wakes it, once each", async () => {
    const shared = new SharedStore();
    shared.commit('a', 1);
    const { got, listeners } = await following(shared);
    const head = shared.commit('a', 2);
    shared.follower!.onAppended('a', head);
    await eventually('the wake-up read', () => got.length === 2);
    // the same wake-up twice changes nothing (a read it started would finish before this one)
    shared.follower!.onAppended('a', head);
    await listeners.catchUp('a');
    expect(seqs(got, 'a')).toEqual([2, 3]);
  });

  it('after a reconnect, every case is swept: wake-ups lost while the link was down change nothing', async () => {
    const shared = new SharedStore();
    shared.commit('a', 1);
    const { got } = await following(shared);
    const readsBefore = shared.headsRead;
    // committed while this desk could not hear: no wake-up at all
    shared.commit('a', 2);
    shared.commit('b', 1);
    shared.follower!.onReconnected();
    await eventually('the sweep after the reconnect', () => got.length === 3);
    expect(shared.headsRead).toBe(readsBefore + 1);
    expect(seqs(got, 'a')).toEqual([2, 3]);
    expect(seqs(got, 'b')).toEqual([1]);
  });

  it('sweeps asked for while one runs share it', async () => {
    const shared = new SharedStore();
    await following(shared);
    const readsBefore = shared.headsRead;
    const one = follower!.sweep();
    const two = follower!.sweep();
    expect(two).toBe(one);
    await one;
    expect(shared.headsRead).toBe(readsBefore + 1);
    // and once it is over, the next sweep reads again
    await follower!.sweep();
    expect(shared.headsRead).toBe(readsBefore + 2);
  });

  it('a failed sweep is logged and the next one reads again', async () => {
    const shared = new SharedStore();
    const { calls, logger } = recordingLogger();
    const { got } = await following(shared, { logger });
    shared.commit('a', 1);
    shared.failHeads = 1;
    await follower!.sweep();
    expect(got).toEqual([]);
    expect(calls).toEqual([
      {
        level: 'warn',
        obj: { err: expect.objectContaining({ message: 'connection refused' }) },
        msg: 'following the shared store: the sweep failed; the next one reads again',
      },
    ]);
    await follower!.sweep();
    expect(seqs(got, 'a')).toEqual([1]);
  });

  it('polls: a sweep every pollMs publishes what no wake-up announced, until stopped', async () => {
    vi.useFakeTimers();
    const shared = new SharedStore();
    const { got } = await following(shared, { pollMs: 1000 });
    shared.commit('a', 1);
    await vi.advanceTimersByTimeAsync(999);
    expect(got).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seqs(got, 'a')).toEqual([1]);
    shared.commit('a', 1);
    follower!.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seqs(got, 'a')).toEqual([1]);
  });

  it('a store with no wake-ups (not shared) is still swept on start', async () => {
    const shared = new SharedStore();
    const listeners = new StreamListeners(undefined, shared.readLog);
    const got: StreamEvent[] = [];
    listeners.subscribe((e) => got.push(e));
    shared.commit('a', 1);
    follower = await Follower.start(shared.store(false), listeners, async () => 0, 600_000, undefined);
    expect(seqs(got, 'a')).toEqual([1]);
    expect(shared.follower).toBeUndefined();
  });
});

describe('Follower: directory edits by another desk', () => {
  it('edits made before this desk started are not carried again; one made after is, when the store says so', async () => {
    const shared = new SharedStore();
    shared.editDirectory();
    shared.editDirectory();
    shared.editDirectory();
    const { carried } = await following(shared);
    // the start's sweep found nothing after the head it read
    expect(carried).toEqual([]);
    expect(shared.directoryReads).toEqual([0, 3]);
    shared.editDirectory();
    shared.follower!.onDirectory();
    await eventually('the edit carried', () => carried.length === 1);
    expect(carried).toEqual([4]);
    // the sweep after it finds nothing new
    await follower!.sweep();
    expect(carried).toEqual([4]);
    expect(shared.directoryReads.at(-1)).toBe(4);
  });

  it('an edit whose wake-up was lost is carried on the next sweep', async () => {
    const shared = new SharedStore();
    const { carried } = await following(shared);
    shared.editDirectory();
    await follower!.sweep();
    expect(carried).toEqual([1]);
  });

  it('logs how many open cases were behind, and nothing when none was', async () => {
    const shared = new SharedStore();
    const { calls, logger } = recordingLogger();
    let behind = 0;
    await following(shared, { logger, carry: async () => behind });
    shared.editDirectory();
    await follower!.directoryEdited();
    expect(calls).toEqual([]);
    behind = 2;
    shared.editDirectory();
    await follower!.directoryEdited();
    expect(calls).toEqual([
      {
        level: 'warn',
        obj: { changed: 2 },
        msg: 'open cases were behind the directory: SETTING_CHANGED recorded',
      },
    ]);
  });

  it('a repeated wake-up with no edit after the last one carried fails nothing and moves nothing back', async () => {
    const shared = new SharedStore();
    const { calls, logger } = recordingLogger();
    const { carried } = await following(shared, { logger });
    shared.editDirectory();
    await follower!.directoryEdited();
    // the same wake-up again: nothing new in the directory
    await follower!.directoryEdited();
    expect(calls).toEqual([]);
    await follower!.sweep();
    expect(shared.directoryReads.at(-1)).toBe(1);
    expect(carried).toEqual([1, 1]);
  });

  it('without a logger, a failed sweep, a failed carry and cases found behind are all contained', async () => {
    const shared = new SharedStore();
    let fail = false;
    await following(shared, {
      carry: async () => {
        if (fail) throw new Error('store unavailable');
        return 2;
      },
    });
    shared.failHeads = 1;
    await expect(follower!.sweep()).resolves.toBeUndefined();
    shared.editDirectory();
    await expect(follower!.directoryEdited()).resolves.toBeUndefined();
    // the edit was carried (two cases were behind): the next sweep does not carry it again
    const reads = shared.directoryReads.length;
    await follower!.sweep();
    expect(shared.directoryReads.slice(reads)).toEqual([1]);
    fail = true;
    shared.editDirectory();
    await expect(follower!.directoryEdited()).resolves.toBeUndefined();
  });

  it('a failed carry is logged, and the next sweep carries every edit again from the start', async () => {
    const shared = new SharedStore();
    const { calls, logger } = recordingLogger();
    let fail = true;
    const carried: number[] = [];
    await following(shared, {
      logger,
      carry: async () => {
        if (fail) throw new Error('store unavailable');
        carried.push(shared.directory.length);
        return 0;
      },
    });
    shared.editDirectory();
    await follower!.directoryEdited();
    expect(calls).toEqual([
      {
        level: 'error',
        obj: { err: expect.objectContaining({ message: 'store unavailable' }) },
        msg: 'carrying a directory edit into the open cases failed; the next poll tries again',
      },
    ]);
    fail = false;
    await follower!.sweep();
    expect(carried).toEqual([1]);
    expect(shared.directoryReads.slice(-2)).toEqual([0, 0]);
  });

  it('edits heard while one is being carried share that carry', async () => {
    const shared = new SharedStore();
    let release: () => void = () => {};
    let carries = 0;
    await following(shared, {
      carry: () => {
        carries++;
        return new Promise<number>((resolve) => {
          release = () => resolve(0);
        });
      },
    });
    shared.editDirectory();
    const one = follower!.directoryEdited();
    const two = follower!.directoryEdited();
    expect(two).toBe(one);
    await eventually('the carry under way', () => carries === 1);
    release();
    await one;
    expect(carries).toBe(1);
    // once done, the next edit is carried anew
    shared.editDirectory();
    const three = follower!.directoryEdited();
    expect(three).not.toBe(one);
    await eventually('the second carry', () => carries === 2);
    release();
    await three;
  });
});
