// Following a shared store: other desks commit to the same cases, and their entries must reach this desk's
// stream too, once and in order. The store's wake-ups (PostgreSQL's NOTIFY) say which case grew; the log is
// the truth, read after the last seq this desk published (publish.ts). A wake-up can be lost (sent while
// the listening connection was down), so after every reconnect, and on a slow poll as a safety net, every
// case's head is compared with what was published here.
// A directory edit is carried into the open cases by the desk that made it; if that desk died before it was
// done, the others finish it when they hear of the edit (or see it on a poll).
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import type { StreamListeners } from './publish.ts';

export class Follower {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private directoryHead = 0;
  private catchingUp: Promise<void> | undefined;

  private constructor(
    private readonly store: Store,
    private readonly listeners: StreamListeners,
    private readonly catchUpDirectory: () => Promise<number>,
    private readonly logger: Logger | undefined,
  ) {}

  static async start(
    store: Store,
    listeners: StreamListeners,
    catchUpDirectory: () => Promise<number>,
    pollMs: number,
    logger: Logger | undefined,
  ): Promise<Follower> {
    const follower = new Follower(store, listeners, catchUpDirectory, logger);
    follower.directoryHead = (await store.directoryEntries()).at(-1)?.seq ?? 0;
    await store.follow?.({
      onAppended: (caseId, seq) => void listeners.wake(caseId, seq),
      onDirectory: () => void follower.directoryEdited(),
      onReconnected: () => void follower.sweep(),
    });
    // what was committed between this desk's start and its first wake-up
    await follower.sweep();
    follower.timer = setInterval(() => void follower.sweep(), pollMs);
    follower.timer.unref();
    return follower;
  }

  // Every case whose head is past what this desk published: read and published from the log.
  sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      try {
        const heads = await this.store.heads();
        for (const [caseId, head] of heads) await this.listeners.wake(caseId, head);
        const edits = await this.store.directoryEntries(this.directoryHead);
        if (edits.length > 0) await this.directoryEdited();
      } catch (err) {
        this.logger?.warn({ err }, 'following the shared store: the sweep failed; the next one reads again');
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  // Another desk edited the directory: any open case still behind it records the change here too (a case
  // already carried is left alone, so the editing desk and this one never record it twice).
  directoryEdited(): Promise<void> {
    if (this.catchingUp) return this.catchingUp;
    this.catchingUp = (async () => {
      try {
        const edits = await this.store.directoryEntries(this.directoryHead);
        this.directoryHead = edits.at(-1)?.seq ?? this.directoryHead;
        const changed = await this.catchUpDirectory();
        if (changed > 0)
          this.logger?.warn({ changed }, 'open cases were behind the directory: SETTING_CHANGED recorded');
      } catch (err) {
        this.logger?.error(
          { err },
          'carrying a directory edit into the open cases failed; the next poll tries again',
        );
        this.directoryHead = 0;
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
