// The case snapshots. The event log is the truth; the snapshot in `cases` is a cache the log can rebuild, and
// this process keeps its own cache of it, filled on first use and updated by every commit.
import { MACHINE_VERSION } from '../../machines/case-machine.ts';
import type { Engine } from '../../machines/engine.ts';
import type { DeskEvent, IncomingRequest, OpeningReport, Setting } from '../../machines/schemas.ts';
import type { CaseRow, LoggedEntry, Store } from '../store/store.ts';

export class CaseSnapshots {
  private readonly cache = new Map<string, CaseRow>();

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly homeState: string,
  ) {}

  load(caseId: string): CaseRow | undefined {
    let row = this.cache.get(caseId);
    if (!row) {
      row = this.store.loadCase(caseId);
      if (!row) return undefined;
      if (row.state.machineVersion !== MACHINE_VERSION)
        row = rebuild(this.engine, row, this.store.entries(row.id), this.homeState);
      this.cache.set(caseId, row);
    }
    return row;
  }

  // every case, through the cache: a case's stored JSON is parsed once per process, not once per listing
  all(): CaseRow[] {
    return this.store
      .caseIds()
      .map((id) => this.load(id))
      .filter((r): r is CaseRow => r !== undefined);
  }

  // the row a commit has just written
  remember(row: CaseRow): void {
    this.cache.set(row.id, row);
  }

  // the row is stale (another writer moved its head): the next load reads the store
  forget(caseId: string): void {
    this.cache.delete(caseId);
  }
}

// The snapshot is a cache stamped with the machine version: a new machine replays the log.
export function rebuild(engine: Engine, row: CaseRow, entries: LoggedEntry[], homeState: string): CaseRow {
  const first = entries[0]?.entry.event as {
    kind: string;
    opening?: OpeningReport;
    request?: IncomingRequest;
    training: boolean;
    setting: Setting;
    homeState?: string;
  };
  let state =
    first.kind === 'incoming-request'
      ? engine.openIncoming({
          id: row.id,
          at: row.openedAt,
          training: first.training,
          setting: first.setting,
          request: first.request!,
          homeState: first.homeState ?? homeState,
        })
      : engine.open({
          id: row.id,
          at: row.openedAt,
          training: first.training,
          setting: first.setting,
          opening: first.opening!,
        });
  for (const { entry } of entries.slice(1)) {
    if (entry.outcome !== 'applied') continue;
    const { dueAt, effectiveAt, ...event } = entry.event as DeskEvent & {
      dueAt?: string;
      effectiveAt?: string;
    };
    state = engine.replayRecorded(state, event as DeskEvent, dueAt ?? effectiveAt ?? entry.at);
  }
  return { ...row, state, view: engine.view(state, row.version) };
}
