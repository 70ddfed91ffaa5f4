// Deadlines fire through the same path as commands (commit.ts), as DEADLINE_PASSED recorded by the desk. A
// live case's fire on the desk's clock, found in the store's index by the worker; a training case's on its
// scenario's clock, fired by whatever moves that clock on: its session, a replay, a command at a scenario time.
import type { Logger } from 'pino';
import { deadlinesDueBy } from '../../machines/engine.ts';
import { commitEvent } from './commit.ts';
import type { RuntimeParts } from './parts.ts';

const DESK_ACTOR = { role: 'desk', subject: 'deadline-worker' } as const;

// A training case's deadlines due by its scenario time `at`, fired in due order through the same path.
export function processTrainingDeadlines(parts: RuntimeParts, caseId: string, at: string): number {
  let fired = 0;
  // The law refusing the desk's own deadline leaves it pending: asked again, it would be refused forever.
  // It is logged once per call, and the next call (a later moment) asks again.
  const refused = new Set<string>();
  for (;;) {
    const row = parts.cases.load(caseId);
    if (!row?.training) return fired;
    const pending = parts.engine.pendingDeadlines(row.state).filter((d) => !refused.has(d.id));
    const due = deadlinesDueBy(pending, at)[0];
    if (!due) return fired;
    const result = commitEvent(
      parts,
      row,
      { type: 'DEADLINE_PASSED', deadlineId: due.id },
      DESK_ACTOR,
      parts.now(),
      undefined,
      due.dueAt,
    );
    if (result.status === 'refused') refused.add(due.id);
    fired++;
  }
}

// Fires every deadline due by now, each exactly once (its removal commits with its event), in due order.
export function processDueDeadlines(parts: RuntimeParts, onlyCase?: string): number {
  let fired = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const now = parts.now();
    const due = parts.store.dueDeadlines(now).filter((d) => !onlyCase || d.caseId === onlyCase);
    const d = due[0];
    if (!d) break;
    const row = parts.cases.load(d.caseId);
    if (!row) break;
    commitEvent(
      parts,
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

// The live deadlines' worker: fires what is due at once, then every `pollMs` real milliseconds.
export class DeadlineWorker {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fire: () => number,
    private readonly pollMs: number,
    private readonly logger: Logger | undefined,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      try {
        const n = this.fire();
        if (n > 0) this.logger?.info({ fired: n }, 'deadlines processed');
      } catch (err) {
        this.logger?.error({ err }, 'deadline worker failed');
      }
    };
    tick();
    this.timer = setInterval(tick, this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
