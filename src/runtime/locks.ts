// One command at a time per case in this process. The store's expected head already keeps a stale write out
// (and is all there is between desks); the lock spares this desk's own commands deciding on the same head and
// retrying each other, and keeps each case's entries published in the order they committed.
export class CaseLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(caseId: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(caseId) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(caseId, tail);
    // the last one out removes the key, so the map holds only cases with a command in flight
    void tail.then(() => {
      if (this.tails.get(caseId) === tail) this.tails.delete(caseId);
    });
    return result;
  }
}

// The pause before deciding again after another desk moved the case on: growing, so desks that keep
// colliding on a busy case draw apart instead of colliding in step. Deterministic: nothing is decided by it.
export function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(50, attempt * attempt)));
}
