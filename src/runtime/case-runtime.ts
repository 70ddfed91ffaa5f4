// The case runtime: every command goes load -> decide -> one transaction (entry with the expected head,
// snapshot, deadlines, outbox, idempotency, signed checkpoint) -> publish. Deadlines fire through the same
// path. The event log is the truth; the snapshot in `cases` is a cache the log can rebuild.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { MACHINE_VERSION } from '../../machines/case-machine.ts';
import type { CaseView, Engine, PersistedCase } from '../../machines/engine.ts';
import {
  type CaseEvent,
  type DeskEvent,
  EVENT_ROLES,
  type IncomingRequest,
  type OpeningReport,
  Setting,
} from '../../machines/schemas.ts';
import {
  type ChainedEntry,
  GENESIS,
  generateSigningKeys,
  hashEntry,
  loadSigningKeys,
  type SigningKeys,
  signCheckpoint,
  type VerifyResult,
  verifyChain,
} from '../audit/chain.ts';
import { DEMO_SETTING } from '../directory/demo.ts';
import { deskEngine } from '../engine.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { type CaseRow, HeadMovedError, type OutboxRow, type Store } from '../store/store.ts';
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

export interface RuntimeOptions {
  dataDir: string;
  clock: Clock;
  ids?: IdSource;
  homeState?: string;
  logger?: Logger;
  store?: Store;
  engine?: Engine;
  // the authorities directory and country assessments new cases start from; default: the store's, seeded with demo data
  setting?: Setting;
  // how often the deadline worker looks for due deadlines, in real milliseconds
  deadlinePollMs?: number;
}

const DESK_ACTOR = { role: 'desk', subject: 'deadline-worker' } as const;
const DIRECTORY_ACTOR = { role: 'desk', subject: 'directory' } as const;

export interface OpenOptions {
  training?: boolean;
  idempotencyKey?: string;
  // training cases only: the scenario's setting and clock
  setting?: Setting;
  at?: string;
}

// Events whose effect leaves the process: they go to the outbox with the entry (at least once, keyed).
const OUTBOUND: Partial<Record<string, string>> = {
  FLAG_STATE_NOTIFIED: 'notify-flag-state',
  AUTHORISATION_REQUESTED: 'request-authorisation',
  RESULTS_REPORTED: 'report-results',
  COASTAL_STATE_INFORMED: 'inform-coastal-state',
  RCC_NOTIFIED: 'notify-rcc',
  REQUEST_ANSWERED: 'answer-request',
};

export const randomIds: IdSource = { caseId: () => randomUUID() };

function loadOrCreateKey(dataDir: string): SigningKeys {
  const file = join(dataDir, 'audit-signing.pem');
  if (!existsSync(file)) writeFileSync(file, generateSigningKeys().privatePem, { mode: 0o600 });
  return loadSigningKeys(readFileSync(file, 'utf8'));
}

export class CaseRuntime {
  readonly epoch: string;
  private readonly cache = new Map<string, CaseRow>();
  private readonly listeners = new Set<(e: StreamEvent) => void>();
  private readonly keys: SigningKeys;
  private setting: Setting;
  private worker: NodeJS.Timeout | undefined;

  constructor(
    readonly store: Store,
    private readonly engine: Engine,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    readonly homeState: string,
    dataDir: string,
    setting: Setting | undefined,
    private readonly logger: Logger | undefined,
    private readonly pollMs: number,
  ) {
    let epoch = store.getMeta('epoch');
    if (!epoch) {
      epoch = randomUUID();
      store.setMeta('epoch', epoch);
    }
    this.epoch = epoch;
    this.keys = loadOrCreateKey(dataDir);
    if (setting) {
      this.setting = setting;
    } else {
      const stored = store.getMeta('directory');
      if (!stored) store.setMeta('directory', JSON.stringify(DEMO_SETTING));
      this.setting = Setting.parse(stored ? JSON.parse(stored) : DEMO_SETTING);
    }
  }

  directory(): Setting {
    return this.setting;
  }

  // After the central authority edits the directory: new cases start from it, and every open live case
  // records the change (SETTING_CHANGED), so an assessment made unsafe today protects persons in them too.
  reloadDirectory(): number {
    const stored = this.store.getMeta('directory');
    if (!stored) return 0;
    this.setting = Setting.parse(JSON.parse(stored));
    const text = JSON.stringify(this.setting);
    let changed = 0;
    for (const current of this.cachedCases()) {
      if (current.training || current.status !== 'open') continue;
      if (JSON.stringify(current.state.context.setting) === text) continue;
      this.commitEvent(
        current,
        { type: 'SETTING_CHANGED', setting: this.setting },
        DIRECTORY_ACTOR,
        this.now(),
      );
      changed++;
    }
    return changed;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private canSee(row: Pick<CaseRow, 'training'>, actor: Actor): boolean {
    return row.training ? actor.role === 'trainer' : actor.role !== 'trainer';
  }

  private cachedCases(): CaseRow[] {
    return this.store
      .caseIds()
      .map((id) => this.load(id))
      .filter((r): r is CaseRow => r !== undefined);
  }

  private load(caseId: string): CaseRow | undefined {
    let row = this.cache.get(caseId);
    if (!row) {
      row = this.store.loadCase(caseId);
      if (!row) return undefined;
      if (row.state.machineVersion !== MACHINE_VERSION) row = this.rebuild(row);
      this.cache.set(caseId, row);
    }
    return row;
  }

  // The snapshot is a cache stamped with the machine version: a new machine replays the log.
  private rebuild(row: CaseRow): CaseRow {
    const entries = this.store.entries(row.id);
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
        ? this.engine.openIncoming({
            id: row.id,
            at: row.openedAt,
            training: first.training,
            setting: first.setting,
            request: first.request!,
            homeState: first.homeState ?? this.homeState,
          })
        : this.engine.open({
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
      state = this.engine.apply(state, event as DeskEvent, dueAt ?? effectiveAt ?? entry.at).state;
    }
    return { ...row, state, view: this.engine.view(state, row.version) };
  }

  private entryFor(
    row: { id: string; headSeq: number; headHash: string },
    at: string,
    actor: Actor | { role: 'desk'; subject: string },
    type: string,
    event: Record<string, unknown>,
    outcome: 'applied' | 'refused',
    refusal?: ChainedEntry['refusal'],
  ): ChainedEntry {
    const base = {
      caseId: row.id,
      seq: row.headSeq + 1,
      at,
      actor: { role: actor.role, subject: actor.subject },
      type,
      event,
      outcome,
      ...(refusal ? { refusal } : {}),
      prev: row.headHash,
    };
    return { ...base, hash: hashEntry(base) };
  }

  private publish(entry: ChainedEntry, view: CaseView, training: boolean): void {
    const message = toStreamEvent(entry, view, training);
    for (const l of this.listeners) {
      try {
        l(message);
      } catch (err) {
        this.logger?.error({ err }, 'stream listener failed');
      }
    }
  }

  subscribe(listener: (e: StreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  openCase(opening: OpeningReport, actor: Actor, opts: OpenOptions = {}): CommandResult {
    return this.open(actor, opts, (id, at, training, setting) => ({
      state: this.engine.open({ id, at, training, setting, opening }),
      event: { type: 'CASE_OPENED', kind: 'interception', opening, training, setting },
    }));
  }

  openIncoming(
    request: IncomingRequest,
    actor: Actor,
    opts: OpenOptions & { homeState?: string } = {},
  ): CommandResult {
    if (actor.role !== 'authority' && !(actor.role === 'trainer' && opts.training)) {
      return {
        status: 'forbidden',
        message: 'Only a central authority records an incoming request.',
        rolesAllowed: ['authority'],
      };
    }
    const homeState = opts.training ? (opts.homeState ?? this.homeState) : this.homeState;
    return this.open(actor, opts, (id, at, training, setting) => ({
      state: this.engine.openIncoming({ id, at, training, setting, request, homeState }),
      event: { type: 'CASE_OPENED', kind: 'incoming-request', request, training, setting, homeState },
    }));
  }

  private open(
    actor: Actor,
    opts: OpenOptions,
    make: (
      id: string,
      at: string,
      training: boolean,
      setting: Setting,
    ) => { state: PersistedCase; event: Record<string, unknown> },
  ): CommandResult {
    const training = opts.training ?? actor.role === 'trainer';
    if (actor.role === 'auditor')
      return {
        status: 'forbidden',
        message: 'Auditors record nothing.',
        rolesAllowed: ['operator', 'authority'],
      };
    if (training !== (actor.role === 'trainer')) {
      return training
        ? {
            status: 'forbidden',
            message: 'Training cases are opened by trainers.',
            rolesAllowed: ['trainer'],
          }
        : {
            status: 'forbidden',
            message: 'Trainers open training cases only.',
            rolesAllowed: ['operator', 'authority'],
          };
    }
    const idem = opts.idempotencyKey
      ? { scope: `open:${actor.subject}`, key: opts.idempotencyKey }
      : undefined;
    if (idem) {
      const hit = this.store.idempotent(idem.scope, idem.key);
      if (hit) return hit.response as CommandResult;
    }
    if (!training && (opts.at || opts.setting)) {
      return {
        status: 'forbidden',
        message: 'Only training cases run on a scenario clock and setting.',
        rolesAllowed: ['trainer'],
      };
    }
    const id = this.ids.caseId();
    const at = opts.at ?? this.now();
    const { state, event } = make(id, at, training, opts.setting ?? this.setting);
    const view = this.engine.view(state, 1);
    const entry = this.entryFor(
      { id, headSeq: 0, headHash: GENESIS },
      at,
      actor,
      'CASE_OPENED',
      event,
      'applied',
    );
    const row: CaseRow = {
      id,
      kind: state.context.kind,
      training,
      status: 'open',
      openedAt: at,
      version: 1,
      headSeq: 1,
      headHash: entry.hash,
      state,
      view,
    };
    const result: CommandResult = { status: 'applied', view, seq: 1 };
    this.store.commit({
      caseId: id,
      expectedHeadSeq: 0,
      entries: [{ entry, view }],
      caseRow: row,
      deadlines: training ? [] : this.liveDeadlines(id, state),
      idempotency: idem ? { ...idem, response: result } : undefined,
      checkpoint: signCheckpoint({ caseId: id, seq: 1, head: entry.hash, at: this.now() }, this.keys),
    });
    this.cache.set(id, row);
    this.publish(entry, view, training);
    return result;
  }

  applyEvent(caseId: string, event: CaseEvent, actor: Actor, opts: CommandOptions = {}): CommandResult {
    const row = this.load(caseId);
    if (!row || !this.canSee(row, actor)) return { status: 'not-found' };
    // A retry is the same caller's: keys are scoped to the case and the token's subject.
    const idem = opts.idempotencyKey
      ? { scope: `case:${caseId}:${actor.subject}`, key: opts.idempotencyKey }
      : undefined;
    if (idem) {
      const hit = this.store.idempotent(idem.scope, idem.key);
      if (hit) return hit.response as CommandResult;
    }
    const allowed = EVENT_ROLES[event.type];
    if (!(allowed as readonly string[]).includes(actor.role) && !(actor.role === 'trainer' && row.training)) {
      return {
        status: 'forbidden',
        message: `${event.type} is recorded by ${allowed.join(' or ')}.`,
        rolesAllowed: [...allowed],
      };
    }
    if (opts.at && !row.training) {
      return {
        status: 'forbidden',
        message: 'Only training cases run on a scenario clock.',
        rolesAllowed: ['trainer'],
      };
    }
    // The law sees deadlines that fell due before this command first (contract.md, replay timing).
    if (row.training && opts.at) this.processTrainingDeadlines(caseId, opts.at);
    else this.processDueDeadlines(caseId);
    const current = this.load(caseId)!;
    if (opts.ifMatch !== undefined && opts.ifMatch !== current.version) {
      return { status: 'version-conflict', currentVersion: current.version };
    }
    return this.commitEvent(current, event, actor, this.now(), idem, opts.at ?? this.now());
  }

  private commitEvent(
    row: CaseRow,
    event: DeskEvent,
    actor: Actor | { role: 'desk'; subject: string },
    at: string,
    idem?: { scope: string; key: string },
    lawAt = at,
  ): CommandResult {
    const { decision, state } = this.engine.apply(row.state, event, lawAt);
    const seq = row.headSeq + 1;
    const applied = decision.outcome === 'applied';
    const version = applied ? seq : row.version;
    const view = applied ? this.engine.view(state, version) : row.view;
    const refusal =
      decision.outcome === 'refused'
        ? {
            reason: decision.reason,
            message: decision.message,
            basis: decision.basis,
            allowedOverrides: decision.allowedOverrides,
          }
        : undefined;
    // The log keeps the moment the law applied the event where it is not the moment of recording, so a
    // rebuild from the log reaches the same state.
    const recorded =
      event.type === 'DEADLINE_PASSED'
        ? { ...event, dueAt: lawAt }
        : lawAt !== at
          ? { ...event, effectiveAt: lawAt }
          : event;
    const entry = this.entryFor(
      row,
      at,
      actor,
      event.type,
      recorded as Record<string, unknown>,
      decision.outcome,
      refusal,
    );
    const next: CaseRow = {
      ...row,
      status: state.context.closed ? 'closed' : 'open',
      version,
      headSeq: seq,
      headHash: entry.hash,
      state,
      view,
    };
    const result: CommandResult = refusal
      ? { status: 'refused', view, seq, refusal }
      : { status: 'applied', view, seq };
    const outboundKind = applied ? OUTBOUND[event.type] : undefined;
    const outbox: OutboxRow[] = outboundKind
      ? [
          {
            key: `${row.id}:${seq}:0`,
            caseId: row.id,
            seq,
            kind: outboundKind,
            payload: { event, caseId: row.id },
          },
        ]
      : [];
    try {
      this.store.commit({
        caseId: row.id,
        expectedHeadSeq: row.headSeq,
        entries: [{ entry, view }],
        caseRow: next,
        deadlines: applied && !row.training ? this.liveDeadlines(row.id, state) : undefined,
        outbox,
        idempotency: idem ? { ...idem, response: result } : undefined,
        checkpoint: signCheckpoint({ caseId: row.id, seq, head: entry.hash, at }, this.keys),
      });
    } catch (err) {
      // Another writer moved the head: our cache is stale; drop it so the next command reloads.
      this.cache.delete(row.id);
      if (err instanceof HeadMovedError)
        return { status: 'version-conflict', currentVersion: this.load(row.id)?.version ?? 0 };
      throw err;
    }
    this.cache.set(row.id, next);
    this.publish(entry, view, row.training);
    return result;
  }

  // Live cases' deadlines are indexed in the store for the worker; a training case runs on its scenario's
  // clock, so its session fires them (processTrainingDeadlines).
  private liveDeadlines(caseId: string, state: PersistedCase) {
    return this.engine
      .pendingDeadlines(state)
      .map((d) => ({ caseId, id: d.id, dueAt: d.dueAt, about: d.about }));
  }

  // A training case's deadlines due by its scenario time `at`, fired in due order through the same path.
  processTrainingDeadlines(caseId: string, at: string): number {
    let fired = 0;
    for (;;) {
      const row = this.load(caseId);
      if (!row?.training) return fired;
      const due = this.engine.pendingDeadlines(row.state).find((d) => d.dueAt <= at);
      if (!due) return fired;
      this.commitEvent(
        row,
        { type: 'DEADLINE_PASSED', deadlineId: due.id },
        DESK_ACTOR,
        this.now(),
        undefined,
        due.dueAt,
      );
      fired++;
    }
  }

  // Fires every deadline due by now, each exactly once (its removal commits with its event), in due order.
  processDueDeadlines(onlyCase?: string): number {
    let fired = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const now = this.now();
      const due = this.store.dueDeadlines(now).filter((d) => !onlyCase || d.caseId === onlyCase);
      const d = due[0];
      if (!d) break;
      const row = this.load(d.caseId);
      if (!row) break;
      this.commitEvent(
        row,
        { type: 'DEADLINE_PASSED', deadlineId: d.id },
        DESK_ACTOR,
        now,
        undefined,
        d.dueAt,
      );
      fired++;
    }
    return fired;
  }

  startDeadlineWorker(): void {
    if (this.worker) return;
    const tick = () => {
      try {
        const n = this.processDueDeadlines();
        if (n > 0) this.logger?.info({ fired: n }, 'deadlines processed');
      } catch (err) {
        this.logger?.error({ err }, 'deadline worker failed');
      }
    };
    tick();
    this.worker = setInterval(tick, this.pollMs);
    this.worker.unref();
  }

  getView(caseId: string, actor: Actor): CaseView | undefined {
    const row = this.load(caseId);
    return row && this.canSee(row, actor) ? row.view : undefined;
  }

  getContext(caseId: string, actor: Actor) {
    const row = this.load(caseId);
    return row && this.canSee(row, actor) ? row.state.context : undefined;
  }

  listCases(actor: Actor, filter: { status?: 'open' | 'closed' } = {}): CaseSummary[] {
    const now = this.now();
    // Through the case cache: a case's stored JSON is parsed once per process, not once per listing.
    const rows = this.cachedCases().filter(
      (r) => this.canSee(r, actor) && (!filter.status || r.status === filter.status),
    );
    return rows
      .map((r): CaseSummary => {
        const v = r.view;
        const due = v.requiredActions
          .map((a) => a.dueAt)
          .filter((x): x is string => !!x)
          .sort()[0];
        return {
          id: r.id,
          kind: r.kind,
          status: r.status,
          training: r.training,
          openedAt: r.openedAt,
          version: v.version,
          vesselName: v.vessel.name,
          legalBasis: v.legalBasis.code,
          nextDueAt: due,
          overdue:
            (due !== undefined && due <= now) ||
            v.requiredActions.some((a) => a.code === 'ESCALATE_OVERDUE_REPLY'),
          topAction: v.requiredActions[0]?.code,
        };
      })
      .sort((a, b) => {
        if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
        if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
        const da = a.nextDueAt ?? '~';
        const db = b.nextDueAt ?? '~';
        return da < db ? -1 : da > db ? 1 : a.openedAt < b.openedAt ? 1 : -1;
      });
  }

  audit(caseId: string, actor: Actor): AuditEntry[] | undefined {
    const row = this.load(caseId);
    if (!row || !this.canSee(row, actor)) return undefined;
    return this.store.entries(caseId).map(({ entry }) => entry);
  }

  verify(caseId: string): VerifyResult {
    const entries = this.store.entries(caseId).map((e) => e.entry);
    return verifyChain(caseId, entries, this.store.latestCheckpoint(caseId), this.keys.publicKey);
  }

  headSeq(caseId: string): number {
    return this.load(caseId)?.headSeq ?? 0;
  }

  isVisible(caseId: string, actor: Actor): boolean {
    const row = this.load(caseId);
    return !!row && this.canSee(row, actor);
  }

  entriesSince(caseId: string, sinceSeq: number): StreamEvent[] {
    const row = this.load(caseId);
    if (!row) return [];
    return this.store
      .entries(caseId, sinceSeq)
      .map(({ entry, view }) => toStreamEvent(entry, view, row.training));
  }

  caseIds(): string[] {
    return this.store.caseIds();
  }

  stop(): void {
    if (this.worker) clearInterval(this.worker);
    this.worker = undefined;
    this.listeners.clear();
    this.store.close();
  }
}

function toStreamEvent(entry: ChainedEntry, view: CaseView, training: boolean): StreamEvent {
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

export { systemClock } from '../clock.ts';

export function openRuntime(opts: RuntimeOptions): CaseRuntime {
  const store = opts.store ?? openSqliteStore(opts.dataDir);
  return new CaseRuntime(
    store,
    opts.engine ?? deskEngine(),
    opts.clock,
    opts.ids ?? randomIds,
    opts.homeState ?? 'MT',
    opts.dataDir,
    opts.setting,
    opts.logger,
    opts.deadlinePollMs ?? 1000,
  );
}
