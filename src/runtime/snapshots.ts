// The case snapshots. The event log is the truth; the snapshot in `cases` is a cache the log can rebuild, and
// a desk alone on its store keeps its own cache of it, filled on first use and updated by every commit. On a
// shared store another desk may have moved any case on: a case is read from the store, and a listing reads
// again only the cases whose head moved.
import { MACHINE_VERSION } from '../../machines/case-machine.ts';
import type { Engine, PersistedCase } from '../../machines/engine.ts';
import type {
  DeskEvent,
  IncomingRequest,
  MessageRef,
  OpeningReport,
  Setting,
} from '../../machines/schemas.ts';
import type { CaseRow, LoggedEntry, Store } from '../store/store.ts';
import type { StoredRows } from './stored-rows.ts';

export class CaseSnapshots {
  private readonly cache = new Map<string, CaseRow>();
  // A case as the last of its commits asked of an ordered store, not yet durable, will leave it (store.ts,
  // `ordered`): the head the next writer decides on. Only writers read it (head()), under the case's lock;
  // readers and the stream see what is durable.
  private readonly asked = new Map<string, CaseRow>();

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly homeState: string,
    private readonly rows: StoredRows,
  ) {}

  async load(caseId: string): Promise<CaseRow | undefined> {
    const cached = this.cache.get(caseId);
    if (cached && !this.store.shared) return cached;
    return this.read(caseId);
  }

  // the case a writer decides on: the head its last commit asked will write, or the case as it is
  async head(caseId: string): Promise<CaseRow | undefined> {
    return this.asked.get(caseId) ?? this.load(caseId);
  }

  // `row` is asked of the store; `durable` settles once it is written or refused
  askedFor(row: CaseRow, durable: Promise<void>): void {
    this.asked.set(row.id, row);
    const settled = (ok: boolean) => {
      // a later commit asked on this one's head keeps its own row; a refusal undoes every commit asked on
      // top of it (they fail on the head they expected), so the next writer decides on what is durable
      if (!ok || this.asked.get(row.id) === row) this.asked.delete(row.id);
    };
    durable.then(
      () => settled(true),
      () => settled(false),
    );
  }

  private async read(caseId: string): Promise<CaseRow | undefined> {
    const stored = await this.store.loadCase(caseId);
    if (!stored) return undefined;
    let row = await this.rows.loaded(stored);
    if (row.state.machineVersion !== MACHINE_VERSION)
      row = rebuild(this.engine, row, await this.store.entries(row.id), this.homeState);
    else row = this.rows.withView(row);
    this.cache.set(caseId, row);
    return row;
  }

  // every case, through the cache: a case's stored JSON is parsed again only when its head moved
  async all(): Promise<CaseRow[]> {
    const ids = await this.store.caseIds();
    const heads = this.store.shared ? await this.store.heads() : undefined;
    const rows: CaseRow[] = [];
    for (const id of ids) {
      const cached = this.cache.get(id);
      const row = cached && (!heads || heads.get(id) === cached.headSeq) ? cached : await this.read(id);
      if (row) rows.push(row);
    }
    return rows;
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
  let state: PersistedCase | undefined;
  for (const step of foldLog(engine, row, entries, homeState)) state = step.state;
  if (!state) throw new Error(`case ${row.id} has no entries to rebuild from`);
  return { ...row, state, view: engine.view(state, row.version) };
}

// The case after each entry of its log, with its version then (the seq of the last applied entry): what the
// log alone says, for a rebuild and for desk verify to hold the snapshot and the entries' views against.
export function* foldLog(
  engine: Engine,
  row: Pick<CaseRow, 'id' | 'openedAt'>,
  entries: LoggedEntry[],
  homeState: string,
): Generator<{ state: PersistedCase; version: number }> {
  const first = entries[0]?.entry.event as
    | {
        kind: string;
        opening?: OpeningReport;
        request?: IncomingRequest;
        training: boolean;
        setting: Setting;
        homeState?: string;
        // an incoming request that came by the exchange (src/runtime/exchange.ts)
        conversation?: string;
        message?: MessageRef;
      }
    | undefined;
  if (!first) return;
  let state =
    first.kind === 'incoming-request'
      ? engine.openIncoming({
          id: row.id,
          at: row.openedAt,
          training: first.training,
          setting: first.setting,
          request: first.request!,
          homeState: first.homeState ?? homeState,
          ...(first.conversation && first.message
            ? { exchange: { conversation: first.conversation, message: first.message } }
            : {}),
        })
      : engine.open({
          id: row.id,
          at: row.openedAt,
          training: first.training,
          setting: first.setting,
          opening: first.opening!,
        });
  let version = 1;
  yield { state, version };
  for (const { entry } of entries.slice(1)) {
    if (entry.outcome === 'applied') {
      const { dueAt, effectiveAt, ...event } = entry.event as DeskEvent & {
        dueAt?: string;
        effectiveAt?: string;
      };
      state = engine.replayRecorded(state, event as DeskEvent, dueAt ?? effectiveAt ?? entry.at);
      version = entry.seq;
    }
    yield { state, version };
  }
}
