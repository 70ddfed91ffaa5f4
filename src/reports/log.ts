// A case's log as the reports read it: each audit entry with the case view it left (src/store/store.ts,
// LoggedEntry), and the moment the law gave each entry.
import type { CaseView } from '../../machines/engine.ts';
import type { ChainedEntry } from '../audit/chain.ts';

export interface LoggedStep {
  entry: ChainedEntry;
  // the case as the entry left it (a refused entry leaves it as it was)
  view: CaseView;
}

// The moment the law applied an entry: a training case's scenario time or a deadline's due time where the log
// keeps one (runtime/commit.ts), else when it was recorded.
export function momentOf(entry: ChainedEntry): string {
  const e = entry.event as { effectiveAt?: unknown; dueAt?: unknown };
  if (typeof e.effectiveAt === 'string') return e.effectiveAt;
  if (entry.type === 'DEADLINE_PASSED' && typeof e.dueAt === 'string') return e.dueAt;
  return entry.at;
}
