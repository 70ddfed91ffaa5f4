import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// The tests that decide what the law in machines/ does, and only those: what `npm run mutate`
// (StrykerJS, stryker.config.mjs) runs against each mutant. The rest of the suite (HTTP, console,
// CLI, browser) stays with vitest.config.ts and `npm test`.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // The scenario replays load the real geography on every run (seconds per mutant): they stay in `npm test`.
    include: ['test/machines/**/*.test.ts'],
    // The invariant walks (xstate/graph and 10,000 random sequences, ~1 min) would run against nearly every
    // mutant: they stay in `npm test`; here the rules are held by the tests written at the rules.
    exclude: [...(base.test?.exclude ?? []), 'test/machines/invariants.test.ts'],
    // property tests run fewer cases per mutant (test/machines/guidance.test.ts reads it)
    env: { ...(base.test?.env ?? {}), MUTATION_RUN: '1' },
  },
});
