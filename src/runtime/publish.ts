// Publishing: every entry goes to the stream's listeners once, in its case's order, whichever desk committed
// it. This desk's own commits go out as they commit; another desk's (on a shared store, follow.ts) are read
// from the log after the last seq published here, so a wake-up lost or repeated changes nothing. A listener
// that throws is logged and does not keep the entry from the others.
import type { Logger } from 'pino';
import type { CaseView } from '../../machines/engine.ts';
import type { ChainedEntry } from '../audit/chain.ts';
import type { StreamEvent } from './types.ts';

// the log after a seq, as the stream sends it (read.ts, entriesSince)
export type ReadLog = (caseId: string, afterSeq: number) => Promise<StreamEvent[]>;

export class StreamListeners {
  private readonly listeners = new Set<(e: StreamEvent) => void>();
  // the last seq published per case; a case missing here has published nothing in this process
  private readonly published = new Map<string, number>();
  // a case whose log is being read: its local commits wait for the read, which publishes them too
  private readonly reading = new Map<string, Promise<void>>();

  constructor(
    private readonly logger: Logger | undefined,
    private readonly readLog: ReadLog,
  ) {}

  subscribe(listener: (e: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // At start: what the store holds was published by whoever committed it, before this process.
  startAt(heads: Map<string, number>): void {
    for (const [caseId, seq] of heads) this.published.set(caseId, seq);
  }

  lastPublished(caseId: string): number {
    return this.published.get(caseId) ?? 0;
  }

  // An entry this desk has just committed.
  publish(entry: ChainedEntry, view: CaseView, training: boolean): void {
    if (!this.reading.has(entry.caseId) && entry.seq === this.lastPublished(entry.caseId) + 1) {
      this.emit(toStreamEvent(entry, view, training));
      return;
    }
    // another desk's entries come before it, or a read is under way: the log has them all, in order
    void this.catchUp(entry.caseId);
  }

  // The case's log has grown to at least `seq` (another desk's commit, a poll).
  wake(caseId: string, seq: number): Promise<void> {
    return seq <= this.lastPublished(caseId) ? Promise.resolve() : this.catchUp(caseId);
  }

  // Reads the log after the last seq published and publishes what follows, once; one read per case at a time.
  catchUp(caseId: string): Promise<void> {
    const running = this.reading.get(caseId);
    if (running) return running.then(() => this.catchUp(caseId));
    const read = (async () => {
      try {
        for (const e of await this.readLog(caseId, this.lastPublished(caseId)))
          if (e.seq === this.lastPublished(caseId) + 1) this.emit(e);
      } catch (err) {
        // the next wake-up or poll reads again from the same seq
        this.logger?.error({ err, caseId }, 'reading the log to publish failed');
      } finally {
        this.reading.delete(caseId);
      }
    })();
    this.reading.set(caseId, read);
    return read;
  }

  private emit(message: StreamEvent): void {
    this.published.set(message.caseId, message.seq);
    for (const l of this.listeners) {
      try {
        l(message);
      } catch (err) {
        this.logger?.error({ err }, 'stream listener failed');
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

// What the stream sends for an entry: published as it commits, and read back from the log for a client
// catching up (read.ts, entriesSince).
export function toStreamEvent(entry: ChainedEntry, view: CaseView, training: boolean): StreamEvent {
  return {
    type: 'event',
    caseId: entry.caseId,
    seq: entry.seq,
    event: entry.event,
    outcome: entry.outcome,
    audit: { hash: entry.hash, prev: entry.prev },
    view,
    training,
  };
}
