// `desk replay <file-or-folder>... [--json] [--speed N]` (contract.md, Command line). Exit codes: 0 all
// scenarios passed; 1 an expectation failed; 2 a file could not be read or is not a valid scenario (or the
// command line is wrong). Valid files are still replayed when another is invalid, so one typo does not hide
// the state of the rest.
import { parseArgs } from 'node:util';
import { formatProblem, loadScenarioFile, type ScenarioProblem, scenarioFiles } from './load.ts';
import { type ReplayOptions, type ReplayResult, replayScenario, type TimelineEntry } from './replay.ts';

export interface ReplayIo {
  out(text: string): void;
  err(text: string): void;
  errIsTTY: boolean;
  sleep?: ReplayOptions['sleep'];
}

const processIo = (): ReplayIo => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTTY: process.stderr.isTTY === true,
});

const USAGE = 'usage: desk replay <file-or-folder>... [--json] [--speed N]\n';

function entryLine(e: TimelineEntry): string {
  const type = `${e.type}${e.override ? ` [${e.override}]` : ''}${e.decision ? ' *' : ''}`;
  let outcome: string = e.outcome;
  if (e.outcome === 'refused') {
    const overrides = e.allowedOverrides?.length
      ? `; overrides: ${e.allowedOverrides.join(', ')}`
      : '; no override';
    outcome = `refused (${e.reason ?? 'no reason'}${overrides})`;
  } else if (e.message) {
    outcome = `${e.outcome} (${e.message})`;
  }
  const step = e.step !== undefined ? `#${e.step}` : '';
  const actions = e.requiredActions.length ? e.requiredActions.join(', ') : '(none)';
  return `  ${e.at.padEnd(7)} ${step.padStart(3)} ${e.actor.padEnd(9)} ${type.padEnd(34)} ${outcome}\n${' '.repeat(22)}-> ${actions}\n`;
}

function report(r: ReplayResult): string {
  const dp = r.decisionPoint !== undefined ? ` [decision point ${r.decisionPoint}]` : '';
  let text = `\n${r.id}: ${r.title}${dp}\n  ${r.file}\n`;
  for (const e of r.timeline) text += entryLine(e);
  if (r.passed) {
    text += `  PASS  ${r.events} events, ${r.durationMs} ms\n`;
  } else {
    text += `  FAIL  ${r.failures.length} failure(s), ${r.events} events, ${r.durationMs} ms\n`;
    for (const f of r.failures) {
      text += `    x ${f.path}: ${f.message}\n      expected ${JSON.stringify(f.expectation)}\n      actual   ${JSON.stringify(f.actual)}\n`;
    }
  }
  return text;
}

export async function replayMain(argv: string[], io: ReplayIo = processIo()): Promise<number> {
  let values: { json?: boolean; speed?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, speed: { type: 'string' } },
      allowPositionals: true,
    }));
  } catch (err) {
    io.err(`desk replay: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (positionals.length === 0) {
    io.err(`desk replay: name at least one scenario file or folder\n${USAGE}`);
    return 2;
  }
  let speed: number | undefined;
  if (values.speed !== undefined) {
    speed = Number(values.speed);
    if (!Number.isFinite(speed) || speed <= 0) {
      io.err(
        `desk replay: --speed takes a positive number (times faster than real time), not ${values.speed}\n`,
      );
      return 2;
    }
  }

  const { files, problems: missing } = scenarioFiles(positionals);
  const problems: ScenarioProblem[] = [...missing];
  const results: ReplayResult[] = [];
  const progress = io.errIsTTY && files.length > 1;
  for (const [i, file] of files.entries()) {
    if (progress) io.err(`\r\x1b[2Kreplaying ${i + 1}/${files.length} ${file}`);
    const loaded = loadScenarioFile(file);
    if (!loaded.ok) {
      problems.push(...loaded.problems);
      continue;
    }
    const result = await replayScenario(loaded.scenario, file, {
      ...(speed ? { speed } : {}),
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
    results.push(result);
    if (values.json) {
      const { id, passed, failures, events, durationMs } = result;
      io.out(`${JSON.stringify({ id, file, passed, failures, events, durationMs })}\n`);
    } else {
      io.out(report(result));
    }
  }
  if (progress) io.err('\r\x1b[2K');

  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  const summary = `${passed} passed, ${failed} failed${problems.length ? ` (${new Set(problems.map((p) => p.file)).size} file(s) invalid)` : ''}\n`;
  // --json keeps stdout to one object per line; the summary goes to stderr there
  if (values.json) io.err(summary);
  else io.out(`\n${summary}`);
  if (problems.length > 0) return 2;
  return failed > 0 ? 1 : 0;
}
