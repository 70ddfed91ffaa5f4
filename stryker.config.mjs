// @ts-check
// Mutation testing of the law (machines/): `npm run mutate`. Not part of `npm test`: a full run takes long.
// Try one file with `npx stryker run --mutate machines/exclusion.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // Only the tests of the law (test/machines, test/scenarios), not the HTTP, console and CLI suites.
  vitest: { configFile: 'vitest.mutate.config.ts' },
  // diagram.ts draws the README's statechart; it decides nothing. schemas.ts is the vocabulary: module-level zod
  // declarations run once at import, so each of its mutants is static (see ignoreStatic below), yet Stryker's
  // vitest runner reports them as covered by no test (497 "NoCoverage") instead of ignoring them. What they
  // decide (a 400 naming each bad field) is held by test/http's schema and fuzz tests, outside this run.
  mutate: ['machines/**/*.ts', '!machines/diagram.ts', '!machines/schemas.ts'],
  // No TypeScript checker: typescript 7 (native) has no JS API for @stryker-mutator/typescript-checker.
  // For the same reason Stryker's sandbox step that rewrites tsconfig.json's `extends`/`references` paths
  // crashes (ts.parseConfigFileTextToJson is not a function; stryker-js#6110). Ours has neither, so the
  // copy needs no rewrite: naming a file that does not exist skips that step. Do not create this file.
  tsconfigFile: 'tsconfig.stryker-skip.json',
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level table: the zod vocabulary, the citations, the action order) reloads the
  // module and runs every test: 651 of them would cost ~9 hours on two cores. They are left out of the score
  // and said to be: the rules are the functions.
  ignoreStatic: true,
  // Committed, so the next run (another machine, CI, a later session) only tests the mutants that changed.
  // `npx stryker run --force` rebuilds it from scratch.
  incremental: true,
  incrementalFile: '.stryker/incremental.json',
  // The sandbox gets everything else not git-ignored (scenarios/, src/, machines/README.md);
  // node_modules is symlinked. These are the desk's runtime data and other outputs, never read by the tests.
  ignorePatterns: ['/data', '/test-artifacts', '/.tmp', '/.stryker', '*.log'],
  concurrency: 2,
  // A mutant's time limit is 3 x its covering tests' time in the initial run + 60 s. The invariant tests take
  // ~40 s alone and 2-3 times that when the 2 cores are shared; with a tighter limit, slow but finite runs end
  // as Timeout, which Stryker counts as detected: a score that is too high. Run it on a quiet machine.
  timeoutMS: 60_000,
  timeoutFactor: 3,
  dryRunTimeoutMinutes: 15,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

export default config;
