// The wall clock, the one production source of time; tests and replays inject their own Clock instead.
import type { Clock } from './runtime/types.ts';

export const systemClock: Clock = { now: () => new Date() };
