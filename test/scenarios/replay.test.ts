import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../machines/engine.ts';
import { SCHEMA_FILE, scenarioJsonSchemaText } from '../../src/scenarios/json-schema.ts';
import { formatProblem, loadScenarioFile, parseScenario } from '../../src/scenarios/load.ts';
import { replayScenario } from '../../src/scenarios/replay.ts';
import { type ReplayIo, replayMain } from '../../src/scenarios/replay-cli.ts';
import { wiredLaw } from '../../src/wired-law.ts';

const SCENARIOS = 'scenarios';
const files = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json') && f !== 'schema.json')
  .sort()
  .map((f) => join(SCENARIOS, f));

function load(file: string) {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.scenario;
}

describe('scenarios/', () => {
  for (const file of files) {
    const scenario = load(file);
    const dp =
      scenario.decisionPoint !== undefined ? `decision point ${scenario.decisionPoint}` : 'no decision point';
    it(`${scenario.title} (${dp}; ${basename(file)})`, async () => {
      const result = await replayScenario(scenario, file);
      // the failures themselves are the useful message when a scenario breaks
      expect(result.failures).toEqual([]);
      expect(result.passed).toBe(true);
    });
  }

  it('covers every decision point of domain.md, ids matching file names', () => {
    const scenarios = files.map((f) => ({ file: f, s: load(f) }));
    for (const { file, s } of scenarios) expect(s.id).toBe(basename(file, '.json'));
    const covered = new Set(scenarios.map(({ s }) => s.decisionPoint));
    for (let dp = 1; dp <= 30; dp++) expect(covered.has(dp), `decision point ${dp}`).toBe(true);
  });

  it('has an up-to-date schema.json (regenerate: node bin/run-ts.js src/scenarios/write-schema.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});

const IT = { demo: true, protocolParty: true, replyWithinHours: 4 };
const EG = { demo: true, protocolParty: true };
const UNIT = { name: 'test unit', governmentService: true, clearlyMarked: true, authorised: true };

// A foreign-flagged vessel on the high seas south-east of Malta: flag-State authorisation needed.
function base(overrides: Record<string, unknown> = {}) {
  return {
    id: 'runner-test',
    title: 'runner test',
    summary: 'a scenario built by the tests',
    start: '2026-06-01T00:00:00Z',
    setting: { states: { IT, EG }, countryAssessments: {} },
    opening: {
      interceptingState: 'IT',
      unit: UNIT,
      vessel: { flag: 'EG' },
      position: { lat: 34.5, lon: 15.5 },
      grounds: ['overcrowded fishing vessel'],
    },
    steps: [],
    expect: [],
    ...overrides,
  };
}

function scenarioOf(raw: unknown) {
  const loaded = parseScenario(raw, 'inline.json');
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.scenario;
}

describe('replayScenario', () => {
  it('reports a failing expectation with the expectation and the actual value', async () => {
    const s = scenarioOf(
      base({
        expect: [
          { at: '+00:00', legalBasis: 'own-flag', permits: [] },
          { at: '+00:00', requiredActions: { include: ['BOARD_VESSEL'], exclude: ['NOTIFY_FLAG_STATE'] } },
        ],
      }),
    );
    const r = await replayScenario(s, 'inline.json');
    expect(r.passed).toBe(false);
    expect(r.failures).toHaveLength(3);
    expect(r.failures[0]).toMatchObject({
      expectation: { at: '+00:00', legalBasis: 'own-flag' },
      actual: { legalBasis: 'flag-state-authorisation' },
      path: 'expect[0].legalBasis',
    });
    expect(r.failures[1]).toMatchObject({
      expectation: { at: '+00:00', requiredActions: { include: ['BOARD_VESSEL'] } },
      actual: { missing: ['BOARD_VESSEL'] },
    });
    expect(r.failures[2]).toMatchObject({
      expectation: { at: '+00:00', requiredActions: { exclude: ['NOTIFY_FLAG_STATE'] } },
      actual: { present: ['NOTIFY_FLAG_STATE'] },
    });
  });

  it('processes a deadline due exactly at an expectation time before checking it, with no step then', async () => {
    const s = scenarioOf(
      base({
        steps: [{ at: '+00:10', as: 'authority', event: { type: 'FLAG_STATE_NOTIFIED', state: 'EG' } }],
        expect: [
          { at: '+04:09', requiredActions: { exclude: ['ESCALATE_OVERDUE_REPLY'] } },
          { at: '+04:10', requiredActions: { include: ['ESCALATE_OVERDUE_REPLY'] } },
        ],
      }),
    );
    const r = await replayScenario(s, 'inline.json');
    expect(r.failures).toEqual([]);
    const fired = r.timeline.filter((t) => t.actor === 'desk').map((t) => `${t.at} ${t.type}`);
    expect(fired).toEqual([
      '+03:10 DEADLINE_PASSED reply-deadline-near',
      '+04:10 DEADLINE_PASSED registry-reply',
    ]);
  });

  it('fires a deadline due at a step time before the step, and checks end after the last step only', async () => {
    const s = scenarioOf(
      base({
        steps: [
          { at: '+00:10', as: 'authority', event: { type: 'FLAG_STATE_NOTIFIED', state: 'EG' } },
          { at: '+04:10', as: 'authority', event: { type: 'REGISTRY_CONFIRMED' } },
        ],
        expect: [
          { at: '+04:10', requiredActions: { exclude: ['ESCALATE_OVERDUE_REPLY', 'AWAIT_REGISTRY_REPLY'] } },
          { at: '+09:00', legalBasis: 'flag-state-authorisation' },
          { end: true, status: 'open' },
        ],
      }),
    );
    const r = await replayScenario(s, 'inline.json');
    expect(r.failures).toEqual([]);
    const at410 = r.timeline.filter((t) => t.at === '+04:10').map((t) => t.type);
    expect(at410).toEqual(['DEADLINE_PASSED registry-reply', 'REGISTRY_CONFIRMED']);
    expect(r.timeline.find((t) => t.type === 'DEADLINE_PASSED registry-reply')?.requiredActions).toContain(
      'ESCALATE_OVERDUE_REPLY',
    );
  });

  it('checks step outcomes, refusal reasons and the overrides offered', async () => {
    const s = scenarioOf(
      base({
        steps: [
          { at: '+00:05', as: 'operator', event: { type: 'BOARDING_STARTED' } },
          { at: '+00:06', as: 'operator', event: { type: 'SEARCH_COMPLETED', evidenceFound: true } },
        ],
        expect: [
          { step: 1, outcome: 'refused', allowedOverrides: ['recorded-fact'] },
          { step: 2, outcome: 'refused', reason: 'not-expected-now', allowedOverrides: ['recorded-fact'] },
        ],
      }),
    );
    const r = await replayScenario(s, 'inline.json');
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({
      path: 'expect[1].allowedOverrides',
      expectation: { step: 2, allowedOverrides: ['recorded-fact'] },
      actual: { outcome: 'refused', reason: 'not-expected-now', allowedOverrides: [] },
    });
  });

  it('fails a step whose role may not record the event, naming the step, and goes on', async () => {
    const s = scenarioOf(
      base({
        steps: [
          { at: '+00:05', as: 'operator', event: { type: 'FLAG_STATE_NOTIFIED', state: 'EG' } },
          { at: '+00:06', as: 'trainer', event: { type: 'FLAG_STATE_NOTIFIED', state: 'EG' } },
        ],
        expect: [{ step: 2, outcome: 'applied' }],
      }),
    );
    const r = await replayScenario(s, 'inline.json');
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({
      path: 'steps[0].as',
      expectation: { step: 1, as: 'operator', event: 'FLAG_STATE_NOTIFIED' },
      actual: { status: 403, error: 'forbidden' },
    });
    expect(r.failures[0]?.message).toContain('step 1');
    expect(r.timeline[1]).toMatchObject({ step: 1, outcome: 'forbidden' });
  });

  it('replays an incoming request', async () => {
    const raw = base({
      opening: undefined,
      homeState: 'EG',
      request: {
        from: 'IT',
        vessel: { flag: 'EG' },
        position: { lat: 34.5, lon: 15.5 },
        grounds: ['g'],
        asks: ['registry'],
      },
      steps: [{ at: '+00:30', as: 'authority', event: { type: 'REGISTER_CHECKED', onRegister: true } }],
      expect: [
        {
          at: '+00:00',
          requiredActions: { include: ['CHECK_NATIONAL_REGISTER'], due: { ANSWER_REQUEST: '+04:00' } },
        },
      ],
    });
    const r = await replayScenario(scenarioOf(raw), 'inline.json');
    expect(r.failures).toEqual([]);
    expect(r.timeline[0]?.type).toBe('REQUEST_RECEIVED');
  });

  // The engine never refuses a pending deadline today (a closed case has none); if it did, the desk must not
  // fire it forever: the runtime asks once per moment, and the replay fails once per deadline.
  it('reports a deadline the law refuses once, and goes on', async () => {
    const real = wiredLaw();
    const engine: Engine = {
      ...real,
      apply: (state, event, at) =>
        event.type === 'DEADLINE_PASSED'
          ? {
              decision: {
                outcome: 'refused',
                reason: 'not-expected-now',
                message: 'refused for the test',
                basis: [],
                allowedOverrides: [],
              },
              state,
            }
          : real.apply(state, event, at),
    };
    const s = scenarioOf(
      base({
        steps: [
          { at: '+00:10', as: 'authority', event: { type: 'FLAG_STATE_NOTIFIED', state: 'EG' } },
          { at: '+05:00', as: 'operator', event: { type: 'SUSPICION_RECORDED', grounds: ['x'] } },
        ],
        expect: [{ step: 2, outcome: 'applied' }],
      }),
    );
    const r = await replayScenario(s, 'inline.json', { engine });
    expect(r.failures.map((f) => [f.path, (f.expectation as { about: string }).about])).toEqual([
      ['(deadline)', 'reply-deadline-near'],
      ['(deadline)', 'registry-reply'],
    ]);
    expect(r.failures[0]?.actual).toEqual({
      outcome: 'refused',
      reason: 'not-expected-now',
      allowedOverrides: [],
    });
    // asked again at each later command and moment, and refused again: the audit trail says so each time
    const fired = r.timeline.filter((t) => t.actor === 'desk');
    expect(fired.slice(0, 2).map((t) => `${t.at} ${t.type}`)).toEqual([
      '+03:10 DEADLINE_PASSED reply-deadline-near',
      '+04:10 DEADLINE_PASSED registry-reply',
    ]);
    expect(fired.every((t) => t.outcome === 'refused')).toBe(true);
    expect(r.timeline.find((t) => t.step === 2)?.outcome).toBe('applied');
  });

  it('paces against real time only when asked to', async () => {
    const s = scenarioOf(
      base({
        steps: [
          { at: '+00:30', as: 'operator', event: { type: 'SUSPICION_RECORDED', grounds: ['x'] } },
          { at: '+02:00', as: 'operator', event: { type: 'SUSPICION_RECORDED', grounds: ['y'] } },
        ],
      }),
    );
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
    };
    await replayScenario(s, 'inline.json', { sleep });
    expect(slept).toEqual([]);
    await replayScenario(s, 'inline.json', { sleep, speed: 60 });
    expect(slept).toEqual([30_000, 90_000]);
  });
});

describe('loading scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-scenarios-'));
  const write = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('names the file, the JSON path and the problem', () => {
    const steps = [0, 1, 2, 3].map((i) => ({
      at: `+00:0${i}`,
      as: 'operator',
      event: { type: i === 3 ? 'BOARDING_STRATED' : 'SUSPICION_RECORDED', grounds: ['g'] },
    }));
    const file = write('bad-type.json', base({ steps }));
    const r = loadScenarioFile(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(formatProblem(r.problems[0]!)).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: steps\\[3\\]\\.event\\.type: Invalid option: expected one of "POSITION_REPORTED"\\|`,
      ),
    );
  });

  it('rejects unknown keys, bad times and unknown codes', () => {
    const raw = base({
      steps: [
        { at: '+0:10', as: 'operator', event: { type: 'SUSPICION_RECORDED', grounds: ['g'] } },
        { at: '+00:20', as: 'operator', event: { type: 'BOARDING_STARTED', flagOfficerOnboard: true } },
      ],
      expect: [
        { at: '+00:10', requiredAction: { include: ['BOARD_VESSEL'] } },
        { at: '+00:10', requiredActions: { include: ['BOARD_THE_VESSEL'] } },
      ],
    });
    const r = parseScenario(raw, 'x.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([...new Set(r.problems.map((p) => p.path))].sort()).toEqual(
      ['steps[0].at', 'steps[1].event', 'expect[0]', 'expect[1].requiredActions.include[0]'].sort(),
    );
    expect(r.problems.find((p) => p.path === 'steps[1].event')?.message).toContain('flagOfficerOnboard');
    expect(r.problems.filter((p) => p.path === 'expect[0]').map((p) => p.message)).toContain(
      'Unrecognized key: "requiredAction"',
    );
  });

  // zod checks relations between fields once every field is well formed: a second round of problems
  it('rejects missing destinations, steps that do not exist and two openings', () => {
    const raw = base({
      request: {
        from: 'EG',
        vessel: {},
        position: { lat: 34.5, lon: 15.5 },
        grounds: ['g'],
        asks: ['registry'],
      },
      steps: [{ at: '+00:30', as: 'operator', event: { type: 'MEASURES_TAKEN', measures: ['divert'] } }],
      expect: [{ step: 9, outcome: 'applied' }],
    });
    const r = parseScenario(raw, 'x.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual(
      ['steps[0].event.destination', 'expect[0].step', 'opening', 'homeState'].sort(),
    );
  });

  it('rejects a file that is not JSON', () => {
    const r = loadScenarioFile(write('broken.json', '{"id": '));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: '(root)' });
  });
});

function captureIo(isTTY = false): ReplayIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    errIsTTY: isTTY,
    stdout: () => out,
    stderr: () => err,
  };
}

describe('desk replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-replay-'));
  const passing = join(dir, 'passing.json');
  const failing = join(dir, 'failing.json');
  const invalid = join(dir, 'invalid.json');
  writeFileSync(
    passing,
    JSON.stringify(
      base({ id: 'passing', expect: [{ at: '+00:00', legalBasis: 'flag-state-authorisation' }] }),
    ),
  );
  writeFileSync(
    failing,
    JSON.stringify(base({ id: 'failing', expect: [{ at: '+00:00', legalBasis: 'stateless' }] })),
  );
  writeFileSync(invalid, JSON.stringify(base({ id: 'invalid', steps: [{ at: 'soon' }] })));

  it('exits 0 when every expectation holds, with a timeline and a final count', async () => {
    const io = captureIo();
    expect(await replayMain([passing], io)).toBe(0);
    expect(io.stdout()).toContain('CASE_OPENED');
    expect(io.stdout().trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed');
  });

  it('exits 1 when an expectation fails', async () => {
    const io = captureIo();
    expect(await replayMain([passing, failing], io)).toBe(1);
    expect(io.stdout()).toContain('expect[0].legalBasis');
    expect(io.stdout().trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed');
  });

  it('exits 2 on an invalid or missing file, naming the file and the JSON path', async () => {
    const io = captureIo();
    expect(await replayMain([passing, invalid], io)).toBe(2);
    expect(io.stderr()).toContain(`${invalid}: steps[0].at:`);
    expect(await replayMain([join(dir, 'nowhere.json')], captureIo())).toBe(2);
  });

  it('exits 2 on a bad command line', async () => {
    expect(await replayMain([], captureIo())).toBe(2);
    expect(await replayMain([passing, '--speed', 'fast'], captureIo())).toBe(2);
    expect(await replayMain([passing, '--bogus'], captureIo())).toBe(2);
  });

  it('--json prints one object per scenario per line', async () => {
    const io = captureIo();
    expect(await replayMain([passing, failing, '--json'], io)).toBe(1);
    const lines = io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const o of objects) {
      expect(Object.keys(o).sort()).toEqual(['durationMs', 'events', 'failures', 'file', 'id', 'passed']);
      expect(typeof o.durationMs).toBe('number');
      expect(typeof o.events).toBe('number');
    }
    expect(objects.map((o) => [o.id, o.passed])).toEqual([
      ['passing', true],
      ['failing', false],
    ]);
    expect((objects[1]?.failures as unknown[] | undefined)?.[0]).toMatchObject({
      expectation: { legalBasis: 'stateless' },
      actual: { legalBasis: 'flag-state-authorisation' },
    });
  });

  it('replays a folder, showing progress on a terminal only', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'desk-folder-'));
    writeFileSync(join(folder, 'a.json'), readFileSync(passing));
    writeFileSync(join(folder, 'b.json'), readFileSync(passing));
    writeFileSync(join(folder, 'schema.json'), '{}');
    const tty = captureIo(true);
    expect(await replayMain([folder], tty)).toBe(0);
    expect(tty.stderr()).toContain('replaying 2/2');
    expect(tty.stdout().trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed');
    const pipe = captureIo(false);
    expect(await replayMain([folder], pipe)).toBe(0);
    expect(pipe.stderr()).toBe('');
  });
});
