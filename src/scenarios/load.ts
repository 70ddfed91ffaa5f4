// Reading scenario files: every problem is reported with the file, the JSON path and what is wrong, so a
// trainer can fix a file without reading the code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { Scenario } from './format.ts';

export interface ScenarioProblem {
  file: string;
  path: string;
  message: string;
}

export type LoadResult =
  | { ok: true; file: string; scenario: Scenario }
  | { ok: false; file: string; problems: ScenarioProblem[] };

export class ScenarioError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatProblem(p: ScenarioProblem): string {
  return `${p.file}: ${p.path}: ${p.message}`;
}

// steps[3].event.type, the way a reader finds it in the file (indices from 0, as in JSON).
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(root)';
}

function issueMessage(issue: z.core.$ZodIssue): string {
  // zod words an unknown event type as a discriminator message; trainers meet it as an unknown option
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return `Invalid option: expected one of ${(issue.options as unknown[]).map((o) => JSON.stringify(o)).join('|')}`;
  }
  return issue.message;
}

// The engine's schemas strip keys they do not know. In a hand-written scenario an unknown key is nearly
// always a typo ("flagOfficerOnboard") that would silently change the story, so it is reported instead.
function unknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[], out: z.core.$ZodIssue[]): void {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      if (value !== undefined && value !== null) unknownKeys(def.innerType as z.ZodType, value, path, out);
      return;
    case 'pipe':
      unknownKeys(def.in as z.ZodType, value, path, out);
      return;
    case 'array':
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) unknownKeys(def.element as z.ZodType, v, [...path, i], out);
      }
      return;
    case 'record':
      if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value))
          unknownKeys(def.valueType as z.ZodType, v, [...path, k], out);
      }
      return;
    case 'union': {
      const options = def.options as z.ZodType[];
      const match = options.find((o) => o.safeParse(value).success);
      if (match) unknownKeys(match, value, path, out);
      return;
    }
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return;
      const shape = def.shape as Record<string, z.ZodType>;
      // a strict object reports its own unknown keys; a catchall accepts them
      const lenient = def.catchall === undefined;
      const extra = Object.keys(value).filter((k) => !(k in shape));
      if (lenient && extra.length > 0) {
        out.push({
          code: 'unrecognized_keys',
          keys: extra,
          path,
          message: `Unrecognized key${extra.length > 1 ? 's' : ''}: ${extra.map((k) => JSON.stringify(k)).join(', ')}`,
          input: value,
        } as z.core.$ZodIssue);
      }
      for (const [k, s] of Object.entries(shape)) {
        const v = (value as Record<string, unknown>)[k];
        if (v !== undefined) unknownKeys(s, v, [...path, k], out);
      }
      return;
    }
    default:
      return;
  }
}

// A union that matched no option reports, for each option, why; the option that came closest (fewest
// problems) is almost always the one the writer meant, so its problems are the ones shown.
function expandUnions(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const branches =
      issue.code === 'invalid_union' ? (issue.errors as z.core.$ZodIssue[][] | undefined) : undefined;
    if (branches && branches.length > 0) {
      const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
      if (best.length > 0) {
        out.push(...expandUnions(best, path));
        continue;
      }
    }
    out.push({ ...issue, path } as z.core.$ZodIssue);
  }
  return out;
}

export function parseScenario(raw: unknown, file: string): LoadResult {
  const parsed = Scenario.safeParse(raw);
  const issues: z.core.$ZodIssue[] = parsed.success ? [] : expandUnions(parsed.error.issues);
  unknownKeys(Scenario, raw, [], issues);
  // a strict object reports an unknown key itself; report it once
  const seen = new Set<string>();
  const problems: ScenarioProblem[] = [];
  for (const issue of issues) {
    const p = { file, path: jsonPath(issue.path), message: issueMessage(issue) };
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, file, problems };
  return { ok: true, file, scenario: parsed.data };
}

export function loadScenarioFile(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return {
      ok: false,
      file,
      problems: [{ file, path: '(file)', message: `cannot read: ${(err as Error).message}` }],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      file,
      problems: [{ file, path: '(root)', message: `not JSON: ${(err as Error).message}` }],
    };
  }
  return parseScenario(raw, file);
}

// Scenario files named on the command line, folders expanded to their *.json files (not the schema), sorted.
export function scenarioFiles(paths: readonly string[]): { files: string[]; problems: ScenarioProblem[] } {
  const files: string[] = [];
  const problems: ScenarioProblem[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      problems.push({ file: p, path: '(file)', message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const inside = readdirSync(p)
      .filter((f) => f.endsWith('.json') && f !== 'schema.json')
      .sort()
      .map((f) => join(p, f));
    files.push(...inside);
  }
  return { files, problems };
}
