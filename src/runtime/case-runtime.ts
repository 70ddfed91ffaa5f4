// The case runtime: every command goes load -> decide -> one transaction (entry with the expected head,
// snapshot, deadlines, outbox, idempotency, signed checkpoint) -> publish. Deadlines fire through the same
// path. The event log is the truth; the snapshot in `cases` is a cache the log can rebuild.
//
// This file is its public surface and its construction; each concern lives in its own file: the command path
// (commands.ts), the commit (commit.ts), deadlines (deadlines.ts), the snapshots and their rebuild from the
// log (snapshots.ts), the read side (read.ts), publishing (publish.ts), the directory stream (directory.ts).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CaseView, Engine } from '../../machines/engine.ts';
import type { CaseEvent, IncomingRequest, OpeningReport, Setting } from '../../machines/schemas.ts';
import { generateSigningKeys, loadSigningKeys, type SigningKeys, type VerifyResult } from '../audit/chain.ts';
import { DEFAULT_HOME_STATE } from '../config.ts';
import { readOrCreateKeyFile } from '../data-dir.ts';
import type { DirectoryEntry, DirectoryVerifyResult } from '../directory/chain.ts';
import { DEMO_SETTING } from '../directory/demo.ts';
import type { DirectoryEdit, EditResult } from '../directory/directory.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { wiredLaw } from '../wired-law.ts';
import * as commands from './commands.ts';
import { commitEvent } from './commit.ts';
import { DeadlineWorker, processDueDeadlines, processTrainingDeadlines } from './deadlines.ts';
import { catchUpCases, DirectoryStream } from './directory.ts';
import type { RuntimeParts } from './parts.ts';
import { StreamListeners } from './publish.ts';
import * as read from './read.ts';
import { CaseSnapshots } from './snapshots.ts';
import type {
  Actor,
  AuditEntry,
  CaseSummary,
  Clock,
  CommandOptions,
  CommandResult,
  IdSource,
  StreamEvent,
} from './types.ts';

export type { OpenOptions } from './commands.ts';

export interface RuntimeOptions {
  // the SQLite store's and the checkpoint signing key's home; needed unless both `store` and `signingKeys` are
  // given
  dataDir?: string;
  clock: Clock;
  ids?: IdSource;
  homeState?: string;
  logger?: Logger;
  store?: Store;
  // signs the checkpoints; default: the key in dataDir, made on first use. A replay's throw-away desk brings
  // its own, so it writes nothing to disk.
  signingKeys?: SigningKeys;
  engine?: Engine;
  // what a new store's directory is seeded with (default: the demo data); a store with a directory keeps its own
  setting?: Setting;
  // false for a reader that must not write to cases: desk verify (see openRuntime)
  catchUp?: boolean;
  // how often the deadline worker looks for due deadlines, in real milliseconds
  deadlinePollMs?: number;
}

const DIRECTORY_ACTOR = { role: 'desk', subject: 'directory' } as const;

export const randomIds: IdSource = { caseId: () => randomUUID() };

// The audit checkpoint key, made once for every process on DESK_DATA (data-dir.ts).
function loadOrCreateKey(dataDir: string): SigningKeys {
  const file = join(dataDir, 'audit-signing.pem');
  return loadSigningKeys(readOrCreateKeyFile(file, () => generateSigningKeys().privatePem));
}

export class CaseRuntime {
  readonly epoch: string;
  private readonly directoryStream: DirectoryStream;
  private readonly parts: RuntimeParts;
  private readonly worker: DeadlineWorker;

  constructor(
    readonly store: Store,
    engine: Engine,
    clock: Clock,
    ids: IdSource,
    readonly homeState: string,
    keys: SigningKeys,
    setting: Setting | undefined,
    logger: Logger | undefined,
    pollMs: number,
  ) {
    let epoch = store.getMeta('epoch');
    if (!epoch) {
      epoch = randomUUID();
      store.setMeta('epoch', epoch);
    }
    this.epoch = epoch;
    const now = () => clock.now().toISOString();
    this.directoryStream = DirectoryStream.open(store, setting ?? DEMO_SETTING, now());
    this.parts = {
      store,
      engine,
      keys,
      ids,
      homeState,
      cases: new CaseSnapshots(store, engine, homeState),
      listeners: new StreamListeners(logger),
      now,
      directory: () => this.directory(),
    };
    this.worker = new DeadlineWorker(() => this.processDueDeadlines(), pollMs, logger);
  }

  // the fold of the directory stream: what new cases open with
  directory(): Setting {
    return this.directoryStream.current();
  }

  directoryHistory(): DirectoryEntry[] {
    return this.directoryStream.entries();
  }

  verifyDirectory(): DirectoryVerifyResult {
    return this.directoryStream.verify();
  }

  // The central authority's edit: appended to the stream, then carried into every open live case.
  editDirectory(actor: Actor, edit: DirectoryEdit): EditResult {
    const appended = this.directoryStream.edit(actor, edit, this.parts.now());
    if (appended.status !== 'ok') return appended;
    return { ...appended, directory: this.directory(), changed: this.catchUpDirectory() };
  }

  // After each edit, and at start (openRuntime): an edit appended by a desk that died before its cases
  // recorded it reaches them on the next start.
  catchUpDirectory(): number {
    const { parts } = this;
    return catchUpCases(this.directory(), this.store.caseIds(), {
      load: (id) => parts.cases.load(id),
      record: (row, setting) =>
        commitEvent(parts, row, { type: 'SETTING_CHANGED', setting }, DIRECTORY_ACTOR, parts.now()),
    });
  }

  subscribe(listener: (e: StreamEvent) => void): () => void {
    return this.parts.listeners.subscribe(listener);
  }

  openCase(opening: OpeningReport, actor: Actor, opts: commands.OpenOptions = {}): CommandResult {
    return commands.openCase(this.parts, opening, actor, opts);
  }

  openIncoming(
    request: IncomingRequest,
    actor: Actor,
    opts: commands.OpenOptions & { homeState?: string } = {},
  ): CommandResult {
    return commands.openIncoming(this.parts, request, actor, opts);
  }

  applyEvent(caseId: string, event: CaseEvent, actor: Actor, opts: CommandOptions = {}): CommandResult {
    return commands.applyEvent(this.parts, caseId, event, actor, opts);
  }

  // A training case's deadlines due by its scenario time `at` (deadlines.ts).
  processTrainingDeadlines(caseId: string, at: string): number {
    return processTrainingDeadlines(this.parts, caseId, at);
  }

  // Every live deadline due by now, or only this case's (deadlines.ts).
  processDueDeadlines(onlyCase?: string): number {
    return processDueDeadlines(this.parts, onlyCase);
  }

  startDeadlineWorker(): void {
    this.worker.start();
  }

  getView(caseId: string, actor: Actor): CaseView | undefined {
    return read.getView(this.parts, caseId, actor);
  }

  getContext(caseId: string, actor: Actor) {
    return read.getContext(this.parts, caseId, actor);
  }

  listCases(actor: Actor, filter: { status?: 'open' | 'closed' } = {}): CaseSummary[] {
    return read.listCases(this.parts, actor, filter);
  }

  audit(caseId: string, actor: Actor): AuditEntry[] | undefined {
    return read.audit(this.parts, caseId, actor);
  }

  verify(caseId: string): VerifyResult {
    return read.verify(this.parts, caseId);
  }

  headSeq(caseId: string): number {
    return read.headSeq(this.parts, caseId);
  }

  isVisible(caseId: string, actor: Actor): boolean {
    return read.isVisible(this.parts, caseId, actor);
  }

  entriesSince(caseId: string, sinceSeq: number): StreamEvent[] {
    return read.entriesSince(this.parts, caseId, sinceSeq);
  }

  caseIds(): string[] {
    return this.store.caseIds();
  }

  stop(): void {
    this.worker.stop();
    this.parts.listeners.clear();
    this.store.close();
  }
}

export { systemClock } from '../clock.ts';

// Catches up the directory before it returns, so a desk serves nothing while a case lags behind it.
export function openRuntime(opts: RuntimeOptions): CaseRuntime {
  const dataDir = () => {
    if (opts.dataDir === undefined)
      throw new Error('openRuntime: a dataDir is needed for the SQLite store or the signing key');
    return opts.dataDir;
  };
  // the key first: a store left open by a failure after it would hold its file until the process ends
  const keys = opts.signingKeys ?? loadOrCreateKey(dataDir());
  const store = opts.store ?? openSqliteStore(dataDir());
  const runtime = new CaseRuntime(
    store,
    opts.engine ?? wiredLaw(),
    opts.clock,
    opts.ids ?? randomIds,
    opts.homeState ?? DEFAULT_HOME_STATE,
    keys,
    opts.setting,
    opts.logger,
    opts.deadlinePollMs ?? 1000,
  );
  if (opts.catchUp === false) return runtime;
  try {
    const changed = runtime.catchUpDirectory();
    if (changed > 0)
      opts.logger?.warn({ changed }, 'open cases were behind the directory: SETTING_CHANGED recorded');
  } catch (err) {
    runtime.stop();
    throw err;
  }
  return runtime;
}
