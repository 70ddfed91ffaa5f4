// Issue 17: the OpenAPI document passes Redocly's recommended ruleset without an error (warnings are allowed:
// the routes still being written warn of what they do not document yet). Redocly's CLI runs offline here: the
// ruleset is in the package, and its usage reports and update check are turned off.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Desk, startDesk } from './helpers.ts';
import { documentOf } from './openapi-doc.ts';

const REDOCLY = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));

let desk: Desk;
let dir: string;

beforeAll(async () => {
  desk = await startDesk({ training: true });
  dir = mkdtempSync(join(tmpdir(), 'desk-openapi-'));
});
afterAll(async () => {
  await desk.close();
  rmSync(dir, { recursive: true, force: true });
});

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

it("Redocly's recommended ruleset finds no error in the document", async () => {
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(await documentOf(desk)));
  writeFileSync(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\ntelemetry: off\n');
  const lint = spawnSync(process.execPath, [REDOCLY, 'lint', 'openapi.json', '--format=json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      NO_COLOR: '1',
    },
  });
  const report = JSON.parse(lint.stdout) as { problems: LintProblem[] };
  const errors = report.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`);
  expect(errors).toEqual([]);
  expect(lint.status, lint.stderr).toBe(0);
});
