// What the runtime's concerns share, built once by CaseRuntime (case-runtime.ts) and internal to
// src/runtime/: the ports, the law, the checkpoint key, the case snapshots, the per-case locks and the
// stream's listeners.
import type { Engine } from '../../machines/engine.ts';
import type { Setting } from '../../machines/schemas.ts';
import type { SigningKeys } from '../audit/chain.ts';
import type { Store } from '../store/store.ts';
import type { CaseLocks } from './locks.ts';
import type { StreamListeners } from './publish.ts';
import type { CaseSnapshots } from './snapshots.ts';
import type { StoredRows } from './stored-rows.ts';
import type { IdSource } from './types.ts';

export interface RuntimeParts {
  readonly store: Store;
  readonly engine: Engine;
  readonly keys: SigningKeys;
  readonly ids: IdSource;
  readonly homeState: string;
  readonly cases: CaseSnapshots;
  // what a case row stores: its setting once by hash, no view (stored-rows.ts)
  readonly rows: StoredRows;
  readonly locks: CaseLocks;
  readonly listeners: StreamListeners;
  // the injected clock's time, as the log writes it: nothing else reads the time
  now(): string;
  // the fold of the directory stream: what new cases open with
  directory(): Promise<Setting>;
}
