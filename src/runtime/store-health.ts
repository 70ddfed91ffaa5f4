// Whether the store can record, as GET /health reports it. A store can answer reads while it cannot write (a
// full disk, a read-only file system, a writer thread that stopped), so a read alone would say "ok" while
// every command answers 503. The writes are watched: the last one the store could not take (a fault the store
// port names unavailable, never a refusal such as HeadMovedError) leaves the store degraded until a write goes
// through again.
import { isStoreUnavailable, type Store } from '../store/store.ts';

export interface WriteWatch {
  // the store, its writes watched
  readonly store: Store;
  // why the last write failed, while no write has gone through since
  problem(): string | undefined;
}

export function watchWrites(store: Store): WriteWatch {
  let problem: string | undefined;
  const watched =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await write(...args);
        problem = undefined;
        return result;
      } catch (err) {
        if (isStoreUnavailable(err)) problem = err instanceof Error ? err.message : String(err);
        throw err;
      }
    };
  return {
    store: {
      ...store,
      commit: watched(store.commit),
      setMeta: watched(store.setMeta),
      initMeta: watched(store.initMeta),
      appendDirectory: watched(store.appendDirectory),
      outboxAttempted: watched(store.outboxAttempted),
      ...(store.commitOnHead ? { commitOnHead: watched(store.commitOnHead) } : {}),
    },
    problem: () => problem,
  };
}
