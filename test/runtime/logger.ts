// A logger that keeps what the runtime logs, for the tests that hold a failure to be logged, not dropped.
import type { Logger } from '../../src/log.ts';

export function recordingLogger() {
  const calls: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg: string): void => {
      calls.push({ level, obj, msg });
    };
  return { calls, logger: { error: at('error'), warn: at('warn') } as unknown as Logger };
}
