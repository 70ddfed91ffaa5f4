// Publishing: once its transaction has committed, every entry goes to the stream's listeners. A listener
// that throws is logged and does not keep the entry from the others.
import type { Logger } from 'pino';
import type { CaseView } from '../../machines/engine.ts';
import type { ChainedEntry } from '../audit/chain.ts';
import type { StreamEvent } from './types.ts';

export class StreamListeners {
  private readonly listeners = new Set<(e: StreamEvent) => void>();

  constructor(private readonly logger: Logger | undefined) {}

  subscribe(listener: (e: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(entry: ChainedEntry, view: CaseView, training: boolean): void {
    const message = toStreamEvent(entry, view, training);
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
