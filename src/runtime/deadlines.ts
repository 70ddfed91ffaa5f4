// Deadlines fire through the same path as commands (commit.ts), as DEADLINE_PASSED recorded by the desk. A
// live case's fire on the desk's clock: each is claimed from the store's index in the transaction that
// records it, so of several desks on one store exactly one fires it, and a desk that dies mid-way leaves it
// due for the others. A training case's fire on its scenario's clock, fired by whatever moves that clock on:
// its session, a replay, a command at a scenario time.
import type { Logger } from 'pino';
import { deadlinesDueBy } from '../../machines/engine.ts';
import { type CaseRow, type DeadlineRow, DeadlineTakenError, HeadMovedError } from '../store/store.ts';
import { commitEvent } from './commit.ts';
import type { RuntimeParts } from './parts.ts';

const DESK_ACTOR = { role: 'desk', subject: 'deadline-worker' } as const;

// how many due deadlines one look at the index takes; the worker looks again until none is left
const BATCH = 50;

// A training case's deadlines due by its scenario time `at`, fired in due order through the same path.
// The caller holds the case's lock.
export async function processTrainingDeadlines(
  parts: RuntimeParts,
  caseId: string,
  at: string,
): Promise<number> {
  let fired = 0;
  // The law refusing the desk's own deadline leaves it pending: asked again, it would be refused forever.
  // It is logged once per call, and the next call (a later moment) asks again.
  const refused = new Set<string>();
  for (;;) {
    const row = await parts.cases.head(caseId);
    if (!row?.training) return fired;
    const pending = parts.engine.pendingDeadlines(row.state).filter((d) => !refused.has(d.id));
    const due = deadlinesDueBy(pending, at)[0];
    if (!due) return fired;
    const result = await commitEvent(
      parts,
      row,
      { type: 'DEADLINE_PASSED', deadlineId: due.id },
      DESK_ACTOR,
      { at: parts.now(), lawAt: due.dueAt },
    );
    if (result.status === 'refused') refused.add(due.id);
    fired++;
  }
}

// Fires one live deadline if it is still this desk's to fire: not where another desk fired it, is firing it,
// or moved the case on so that it is no longer due. The caller holds the case's lock.
async function fireOne(
  parts: RuntimeParts,
  d: DeadlineRow,
  now: string,
): Promise<'fired' | 'taken' | 'no-case'> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const row = await parts.cases.head(d.caseId);
    if (!row) return 'no-case';
    // an index row the law no longer holds pending is fired all the same: its refusal removes it
    try {
      await commitEvent(parts, row, { type: 'DEADLINE_PASSED', deadlineId: d.id }, DESK_ACTOR, {
        at: now,
        lawAt: d.dueAt,
        claim: { id: d.id, dueAt: d.dueAt },
      });
      return 'fired';
    } catch (err) {
      if (err instanceof DeadlineTakenError) return 'taken';
      if (!(err instanceof HeadMovedError)) throw err;
    }
  }
  return 'taken';
}

// Before a command on a live case: its deadlines due by now, in due order, so the law sees them first
// (contract.md, replay timing). The caller holds the case's lock.
// `loaded` is the case as the caller just read it: read again only after a deadline changed it.
export async function fireDueOf(parts: RuntimeParts, caseId: string, loaded?: CaseRow): Promise<number> {
  let fired = 0;
  const tried = new Set<string>();
  for (let first = true; ; first = false) {
    const row = first && loaded ? loaded : await parts.cases.head(caseId);
    if (!row || row.training) return fired;
    const now = parts.now();
    const due = deadlinesDueBy(
      parts.engine.pendingDeadlines(row.state).filter((d) => !tried.has(d.id)),
      now,
    )[0];
    if (!due) return fired;
    tried.add(due.id);
    const outcome = await fireOne(parts, { caseId, id: due.id, dueAt: due.dueAt, about: due.about }, now);
    if (outcome === 'fired') fired++;
  }
}

// Every live deadline due by now, each fired once, in due order, each under its case's lock. One deadline that
// cannot be fired (its case is gone, the law fails on it) is logged and passed over: it never keeps the
// others from firing.
export async function processDueDeadlines(
  parts: RuntimeParts,
  problem: (d: DeadlineRow, why: string, err?: unknown) => void = () => {},
): Promise<number> {
  let fired = 0;
  // a deadline this pass could not fire (another desk has it) is not looked at again in this pass
  const passed = new Set<string>();
  for (;;) {
    const now = parts.now();
    const due = (await parts.store.dueDeadlines(now, BATCH + passed.size)).filter(
      (d) => !passed.has(`${d.caseId}\u0000${d.id}`),
    );
    if (due.length === 0) return fired;
    for (const d of due) {
      passed.add(`${d.caseId}\u0000${d.id}`);
      try {
        const outcome = await parts.locks.run(d.caseId, () => fireOne(parts, d, now));
        if (outcome === 'fired') fired++;
        if (outcome === 'no-case') problem(d, 'its case is not in the store');
      } catch (err) {
        problem(d, 'firing it failed', err);
      }
    }
  }
}

// The live deadlines' worker: fires what is due at once, then every `pollMs` real milliseconds; one pass at
// a time.
export class DeadlineWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly fire: () => Promise<number>,
    private readonly pollMs: number,
    private readonly logger: Logger | undefined,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.fire()
        .then((n) => {
          if (n > 0) this.logger?.info({ fired: n }, 'deadlines processed');
        })
        .catch((err) => this.logger?.error({ err }, 'deadline worker failed'))
        .finally(() => {
          this.running = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, this.pollMs);
    this.timer.unref();
  }

  // resolves when a pass under way has ended
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
