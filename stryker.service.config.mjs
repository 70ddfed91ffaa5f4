// @ts-check
// Mutation testing of the service's record keeping (issue 17): the stores, the audit chain, what `desk verify`
// holds the snapshots against (src/runtime/served.ts) and the stream. `npm run mutate:service`; one area with
// `npx stryker run stryker.service.config.mjs --mutate "src/audit/**/*.ts"`. Not part of `npm test`.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  ...base,
  // the in-process tests of these files (real SQLite, real PostgreSQL, real sockets); the e2e tests that run
  // the desk in a child process cover nothing Stryker can see
  vitest: { configFile: 'vitest.mutate-service.config.ts' },
  mutate: [
    'src/store/**/*.ts',
    // the writer thread's message loop: Stryker cannot see into a worker thread (the thread's code is not the
    // instrumented module), so its mutants would all read as survivors; the writes it runs are
    // sqlite-writes.ts, held by the store contract run inline (test/store/sqlite.test.ts), and the thread
    // itself by the contract run through it and test/store/sqlite-writer.test.ts
    '!src/store/sqlite-writer-thread.ts',
    'src/audit/**/*.ts',
    'src/runtime/served.ts',
    'src/runtime/publish.ts',
    'src/runtime/follow.ts',
    'src/http/routes/stream.ts',
    'src/http/plugins/websocket.ts',
  ],
  // the sandboxes of other runs (one per area when run side by side) are not copied into this one
  ignorePatterns: [...(base.ignorePatterns ?? []), '/.stryker-tmp*'],
  incrementalFile: '.stryker/incremental-service.json',
  jsonReporter: { fileName: 'reports/mutation-service/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation-service/mutation.html' },
  // issue 17's bar
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp-service',
};

export default config;
