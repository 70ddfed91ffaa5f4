// The one test clock: time moves only when the test moves it, the desk's one injected source of time.
import type { Clock } from '../src/runtime/types.ts';

export class ManualClock implements Clock {
  private t: Date;
  constructor(at: Date | string = '2026-06-01T02:00:00.000Z') {
    this.t = new Date(at);
  }
  // an arrow, so a runtime may hold `clock.now` on its own; a copy, so no caller can move the time
  now = (): Date => new Date(this.t);
  advanceMinutes(m: number): void {
    this.t = new Date(this.t.getTime() + m * 60_000);
  }
  set(at: Date | string): void {
    this.t = new Date(at);
  }
}
