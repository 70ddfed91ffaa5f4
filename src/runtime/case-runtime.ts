// The case runtime: every command goes load -> decide -> one transaction (entry with the expected head,
// snapshot, deadlines, outbox, idempotency, signed checkpoint) -> publish. Deadlines fire through the same
// path. The event log is the truth; the snapshot in `cases` is a cache the log can rebuild.
//
// This file is its public surface and its construction; each concern lives in its own file: the command path
// (commands.ts), the commit (commit.ts), deadlines (deadlines.ts), the snapshots and their rebuild from the
// log (snapshots.ts), the read side (read.ts), publishing (publish.ts), the directory stream (directory.ts).
import { type KeyObject, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CaseView, Engine } from '../../machines/engine.ts';
import type { CaseEvent, IncomingRequest, OpeningReport, Setting } from '../../machines/schemas.ts';
import { generateSigningKeys, loadSigningKeys, type SigningKeys, type VerifyResult } from '../audit/chain.ts';
import { DEFAULT_HOME_STATE } from '../config.ts';
import { lockDataDir, readOrCreateKeyFile } from '../data-dir.ts';
import type { DirectoryEntry, DirectoryVerifyResult } from '../directory/chain.ts';
import { DEMO_SETTING } from '../directory/demo.ts';
import type { DirectoryEdit, EditResult } from '../directory/directory.ts';
import { maySee } from '../policy.ts';
import { openStore } from '../store/open.ts';
import { StoreMissingError } from '../store/sqlite.ts';
import type { DeadlineRow, OutboxRow, Store } from '../store/store.ts';
import { wiredLaw } from '../wired-law.ts';
import * as commands from './commands.ts';
import { commitEvent } from './commit.ts';
import { DeadlineWorker, fireDueOf, processDueDeadlines, processTrainingDeadlines } from './deadlines.ts';
import { catchUpCases, DirectoryStream } from './directory.ts';
import * as exchange from './exchange.ts';
import { Follower } from './follow.ts';
import { CaseLocks } from './locks.ts';
import type { RuntimeParts } from './parts.ts';
import { StreamListeners } from './publish.ts';
import * as read from './read.ts';
import { CaseSnapshots } from './snapshots.ts';
import { type WriteWatch, watchWrites } from './store-health.ts';
import { StoredRows } from './stored-rows.ts';
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
  // DESK_STORE: a postgres:// URL for a store shared by several desks; unset, SQLite in dataDir
  storeUrl?: string;
  // where the SQLite store writes (DESK_SQLITE_WRITES; src/store/sqlite-writer.ts)
  sqliteWrites?: 'inline' | 'thread';
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
  // desk verify: the store opened read-only, no key made, nothing written (implies catchUp false)
  readOnly?: boolean;
  // desk serve on SQLite: hold DESK_DATA's lock (data-dir.ts), one desk per data folder
  exclusive?: boolean;
  // DESK_SIGNING_KEY_FILE: the audit key outside DESK_DATA; default dataDir/audit-signing.pem
  auditKeyFile?: string;
  // how often the deadline worker looks for due deadlines, in real milliseconds
  deadlinePollMs?: number;
}

const DIRECTORY_ACTOR = { role: 'desk', subject: 'directory' } as const;

export const randomIds: IdSource = { caseId: () => randomUUID() };

const AUDIT_KEY_FILE = 'audit-signing.pem';

export class StoreVanishedError extends Error {
  constructor(dataDir: string) {
    super(
      `${dataDir} holds the audit key of a desk that ran here, but its store is empty: the store was lost, truncated or replaced. Restore desk.sqlite with its -wal file from a backup; to start a new desk here on purpose, move ${AUDIT_KEY_FILE} away first.`,
    );
  }
}

export class SigningKeyMissingError extends Error {
  constructor(file: string) {
    super(
      `the audit signing key ${file} is missing, but the store holds the cases of a desk that signed its checkpoints with it: a new key would make every case read as tampered with. Restore the key from your backup (or set DESK_SIGNING_KEY_FILE to where it is kept); the desk never makes a new key over existing cases.`,
    );
  }
}

// A reader's key: never made, since a new key would only say every case was tampered with.
function loadExistingKey(file: string): SigningKeys {
  if (!existsSync(file)) throw new SigningKeyMissingError(file);
  return loadSigningKeys(readFileSync(file, 'utf8'));
}

// The audit checkpoint key, made once for every process on DESK_DATA (data-dir.ts).
function loadOrCreateKey(file: string): SigningKeys {
  return loadSigningKeys(readOrCreateKeyFile(file, () => generateSigningKeys().privatePem));
}

export class CaseRuntime {
  private readonly parts: RuntimeParts;
  private readonly worker: DeadlineWorker;
  private following: Follower | undefined;
  private stopped = false;
  private readonly releases: Array<() => void> = [];
  // every store call goes through it: GET /health hears of a write the store could not take
  private readonly writes: WriteWatch;
  readonly store: Store;

  private constructor(
    store: Store,
    readonly epoch: string,
    private readonly directoryStream: DirectoryStream,
    engine: Engine,
    clock: Clock,
    ids: IdSource,
    readonly homeState: string,
    keys: SigningKeys,
    private readonly logger: Logger | undefined,
    private readonly pollMs: number,
  ) {
    this.writes = watchWrites(store);
    store = this.store = this.writes.store;
    const rows = new StoredRows(store, engine);
    const cases = new CaseSnapshots(store, engine, homeState, rows);
    this.parts = {
      store,
      engine,
      keys,
      ids,
      homeState,
      cases,
      rows,
      locks: new CaseLocks(),
      listeners: new StreamListeners(logger, (caseId, after) =>
        read.entriesSince({ cases, store }, caseId, after),
      ),
      now: () => clock.now().toISOString(),
      directory: () => this.directory(),
    };
    this.worker = new DeadlineWorker(() => this.processDueDeadlines(), pollMs, logger);
  }

  static async create(
    store: Store,
    engine: Engine,
    clock: Clock,
    ids: IdSource,
    homeState: string,
    keys: SigningKeys,
    setting: Setting | undefined,
    logger: Logger | undefined,
    pollMs: number,
    // the store's epoch where it has one (a read-only store must have one)
    known?: string,
  ): Promise<CaseRuntime> {
    // the first desk on a store names its history; every later one (and every restart) keeps that name
    const epoch = known ?? (await store.initMeta('epoch', randomUUID()));
    const directory = await DirectoryStream.open(store, setting ?? DEMO_SETTING, clock.now().toISOString());
    const runtime = new CaseRuntime(
      store,
      epoch,
      directory,
      engine,
      clock,
      ids,
      homeState,
      keys,
      logger,
      pollMs,
    );
    runtime.parts.listeners.startAt(await store.heads());
    return runtime;
  }

  // the fold of the directory stream: what new cases open with
  directory(): Promise<Setting> {
    return this.directoryStream.current();
  }

  directoryHistory(): Promise<DirectoryEntry[]> {
    return this.directoryStream.entries();
  }

  verifyDirectory(): Promise<DirectoryVerifyResult> {
    return this.directoryStream.verify();
  }

  // The central authority's edit: appended to the stream, then carried into every open live case.
  async editDirectory(actor: Actor, edit: DirectoryEdit): Promise<EditResult> {
    const appended = await this.directoryStream.edit(actor, edit, this.parts.now());
    if (appended.status !== 'ok') return appended;
    const changed = await this.catchUpDirectory();
    return { ...appended, directory: await this.directory(), changed };
  }

  // After each edit, and at start (openRuntime): an edit appended by a desk that died before its cases
  // recorded it reaches them on the next start (and, on a shared store, on the other desks: follow.ts). A
  // case other desks kept busy is carried a moment later.
  async catchUpDirectory(): Promise<number> {
    const { parts } = this;
    const { changed, behind } = await catchUpCases(await this.directory(), await this.store.caseIds(), {
      load: (id) => parts.cases.head(id),
      record: (row, setting) =>
        commitEvent(parts, row, { type: 'SETTING_CHANGED', setting }, DIRECTORY_ACTOR, { at: parts.now() }),
      locked: (id, task) => parts.locks.run(id, task),
    });
    if (behind.length > 0 && !this.stopped) {
      this.logger?.warn(
        { behind: behind.length },
        'cases busy on other desks: the directory reaches them shortly',
      );
      setTimeout(() => {
        if (!this.stopped)
          this.catchUpDirectory().catch((err) => this.logger?.error({ err }, 'directory catch-up failed'));
      }, 500).unref();
    }
    return changed;
  }

  subscribe(listener: (e: StreamEvent) => void): () => void {
    return this.parts.listeners.subscribe(listener);
  }

  openCase(opening: OpeningReport, actor: Actor, opts: commands.OpenOptions = {}): Promise<CommandResult> {
    return commands.openCase(this.parts, opening, actor, opts);
  }

  openIncoming(
    request: IncomingRequest,
    actor: Actor,
    opts: commands.OpenOptions & { homeState?: string } = {},
  ): Promise<CommandResult> {
    return commands.openIncoming(this.parts, request, actor, opts);
  }

  applyEvent(
    caseId: string,
    event: CaseEvent,
    actor: Actor,
    opts: CommandOptions = {},
  ): Promise<CommandResult> {
    return commands.applyEvent(this.parts, caseId, event, actor, opts);
  }

  // A verified message from another State's desk, taken into its case once (exchange.ts).
  receiveMessage(
    message: exchange.VerifiedMessage,
    sign: (receipt: Omit<exchange.Receipt, 'jws'>) => Promise<string>,
  ): Promise<exchange.Received> {
    return exchange.receiveMessage(this.parts, message, sign);
  }

  // The relay's side (src/exchange/relay.ts): the messages due now, a failed post, the outcome.
  pendingMessages(limit: number): Promise<OutboxRow[]> {
    return this.store.pendingOutbox(limit, this.parts.now());
  }

  messageAttempted(key: string, next: { attempts: number; dueAt: string; error: string }): Promise<void> {
    return this.store.outboxAttempted(key, next);
  }

  settleMessage(row: OutboxRow, outcome: Parameters<typeof exchange.settleMessage>[2]): Promise<boolean> {
    return exchange.settleMessage(this.parts, row, outcome);
  }

  // A training case's deadlines due by its scenario time `at` (deadlines.ts).
  processTrainingDeadlines(caseId: string, at: string): Promise<number> {
    return this.parts.locks.run(caseId, () => processTrainingDeadlines(this.parts, caseId, at));
  }

  // Every live deadline due by now, or only this case's (deadlines.ts).
  processDueDeadlines(onlyCase?: string): Promise<number> {
    if (onlyCase === undefined)
      return processDueDeadlines(this.parts, (d, why, err) => this.deadlineProblem(d, why, err));
    return this.parts.locks.run(onlyCase, () => fireDueOf(this.parts, onlyCase));
  }

  // once per deadline and process: the worker passes over it at every tick, and a log line each time would
  // bury everything else
  private readonly reported = new Set<string>();
  private deadlineProblem(d: DeadlineRow, why: string, err?: unknown): void {
    const key = `${d.caseId}\u0000${d.id}\u0000${d.dueAt}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger?.error(
      { err, caseId: d.caseId, deadline: d.id, dueAt: d.dueAt },
      `deadline not fired: ${why}`,
    );
  }

  startDeadlineWorker(): void {
    this.worker.start();
  }

  // On a shared store: other desks' entries reach this desk's stream (follow.ts). Resolves once listening.
  async followStore(pollMs = this.pollMs * 2): Promise<void> {
    if (this.following || !this.store.follow) return;
    this.following = await Follower.start(
      this.store,
      this.parts.listeners,
      () => this.catchUpDirectory(),
      pollMs,
      this.logger,
    );
  }

  getView(caseId: string, actor: Actor): Promise<CaseView | undefined> {
    return read.getView(this.parts, caseId, actor);
  }

  getContext(caseId: string, actor: Actor) {
    return read.getContext(this.parts, caseId, actor);
  }

  // What the law would make of `event` on the case now, at `at`, written nowhere: the outcome and the view it
  // would leave (a trainee's choice held beside the scenario's, training/sessions.ts).
  async preview(
    caseId: string,
    event: CaseEvent,
    actor: Actor,
    at: string,
  ): Promise<{ outcome: 'applied' | 'refused'; reason?: string; view: CaseView } | undefined> {
    const row = await this.parts.cases.load(caseId);
    if (!row || !maySee(actor, row)) return undefined;
    const { decision, state } = this.parts.engine.apply(row.state, event, at);
    if (decision.outcome === 'refused')
      return { outcome: 'refused', reason: decision.reason, view: row.view };
    return { outcome: 'applied', view: this.parts.engine.view(state, row.headSeq + 1) };
  }

  listCases(actor: Actor, filter: { status?: 'open' | 'closed' } = {}): Promise<CaseSummary[]> {
    return read.listCases(this.parts, actor, filter);
  }

  audit(caseId: string, actor: Actor): Promise<AuditEntry[] | undefined> {
    return read.audit(this.parts, caseId, actor);
  }

  // what the reports read (src/reports/, src/http/routes/reports.ts), as the actor may see it (read.ts)
  caseLog(caseId: string, actor: Actor) {
    return read.caseLog(this.parts, caseId, actor);
  }

  caseLogs(actor: Actor) {
    return read.caseLogs(this.parts, actor);
  }

  signedLog(caseId: string, actor: Actor) {
    return read.signedLog(this.parts, caseId, actor);
  }

  verify(caseId: string): Promise<VerifyResult> {
    return read.verify(this.parts, caseId);
  }

  headSeq(caseId: string): Promise<number> {
    return read.headSeq(this.parts, caseId);
  }

  visibleHeadSeq(actor: Actor): Promise<number> {
    return read.visibleHeadSeq(this.parts, actor);
  }

  isVisible(caseId: string, actor: Actor): Promise<boolean> {
    return read.isVisible(this.parts, caseId, actor);
  }

  entriesSince(caseId: string, sinceSeq: number): Promise<StreamEvent[]> {
    return read.entriesSince(this.parts, caseId, sinceSeq);
  }

  // the public half of the key the checkpoints are signed with (agreement.ts)
  get auditPublicKey(): KeyObject {
    return this.parts.keys.publicKey;
  }

  // One read of the store: what GET /health reports. While the last write failed (store-health.ts), one write
  // too, which clears it once the store takes writes again.
  async storeHealth(): Promise<{ kind: Store['kind']; ok: boolean; problem?: string }> {
    try {
      await this.store.getMeta('epoch');
      if (this.writes.problem() !== undefined) await this.store.setMeta('health', this.parts.now());
      return { kind: this.store.kind, ok: true };
    } catch (err) {
      return { kind: this.store.kind, ok: false, problem: (err as Error).message };
    }
  }

  caseIds(): Promise<string[]> {
    return this.store.caseIds();
  }

  // what else the runtime holds until it stops (DESK_DATA's lock)
  onStop(release: () => void): void {
    this.releases.push(release);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.stop();
    this.following?.stop();
    this.parts.listeners.clear();
    try {
      await this.store.close();
    } finally {
      for (const release of this.releases.splice(0)) release();
    }
  }
}

export { systemClock } from '../clock.ts';

// Catches up the directory before it returns, so a desk serves nothing while a case lags behind it.
export async function openRuntime(opts: RuntimeOptions): Promise<CaseRuntime> {
  const dataDir = () => {
    if (opts.dataDir === undefined)
      throw new Error('openRuntime: a dataDir is needed for the SQLite store or the signing key');
    return opts.dataDir;
  };
  const keyFile = () => opts.auditKeyFile ?? join(dataDir(), AUDIT_KEY_FILE);
  const lock = opts.exclusive && !opts.store && !opts.storeUrl ? lockDataDir(dataDir()) : undefined;
  let store: Store | undefined;
  let runtime: CaseRuntime;
  try {
    const hadKey = opts.signingKeys === undefined && existsSync(keyFile());
    try {
      store =
        opts.store ??
        (await openStore(opts.storeUrl, dataDir, {
          readOnly: opts.readOnly === true,
          ...(opts.sqliteWrites ? { sqliteWrites: opts.sqliteWrites } : {}),
        }));
    } catch (err) {
      // a reader finds no store where a desk that signed checkpoints ran: the store was lost
      if (err instanceof StoreMissingError && hadKey) throw new StoreVanishedError(dataDir());
      throw err;
    }
    const epoch = await store.getMeta('epoch');
    // A desk has run on this folder (its audit key is here) but the store beside it holds nothing: the store
    // was lost, truncated or replaced. Starting would serve an empty desk as if nothing had happened.
    if (hadKey && store.kind === 'sqlite' && epoch === undefined) throw new StoreVanishedError(dataDir());
    // And the other way round: cases signed with a key that is gone. (Desks joining a shared store check
    // their key against the first desk's instead: agreement.ts.)
    if (opts.signingKeys === undefined && !hadKey && epoch !== undefined && store.kind === 'sqlite')
      throw new SigningKeyMissingError(keyFile());
    const keys =
      opts.signingKeys ?? (opts.readOnly ? loadExistingKey(keyFile()) : loadOrCreateKey(keyFile()));
    runtime = await CaseRuntime.create(
      store,
      opts.engine ?? wiredLaw(),
      opts.clock,
      opts.ids ?? randomIds,
      opts.homeState ?? DEFAULT_HOME_STATE,
      keys,
      opts.setting,
      opts.logger,
      opts.deadlinePollMs ?? 1000,
      epoch,
    );
  } catch (err) {
    // a store this call opened must not stay open: a pool's connections would keep the process alive
    if (!opts.store) await store?.close().catch(() => {});
    lock?.release();
    throw err;
  }
  if (lock) runtime.onStop(lock.release);
  if (opts.catchUp === false || opts.readOnly) return runtime;
  try {
    const changed = await runtime.catchUpDirectory();
    if (changed > 0)
      opts.logger?.warn({ changed }, 'open cases were behind the directory: SETTING_CHANGED recorded');
  } catch (err) {
    await runtime.stop();
    throw err;
  }
  return runtime;
}
