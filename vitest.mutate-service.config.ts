import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The tests that hold the service's record keeping (stryker.service.config.mjs): the store contract on
// memory, SQLite and PostgreSQL, the audit chain, the runtime over a real store, and the stream over real
// sockets (the stream's replay over a real socket too: test/http/resume.e2e.test.ts runs the desk in this
// process). The suites that run the desk in a child process stay with `npm test`.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'test/store/**/*.test.ts',
      'test/audit/**/*.test.ts',
      'test/runtime/**/*.test.ts',
      'test/http/stream.test.ts',
      'test/http/resume.e2e.test.ts',
      'test/cli/witness.test.ts',
    ],
    // the crash test kills a desk in a child process: nothing there for Stryker to see
    exclude: [...(base.test?.exclude ?? []), 'test/store/crash.e2e.test.ts'],
  },
});
