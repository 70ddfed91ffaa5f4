// Replays a scenario on this desk (contract.md, "Scenario files"): a throw-away CaseRuntime, the class the
// server runs, on an in-memory store, with the scenario as a training case on a simulated clock. The case
// opens at +00:00; at each moment, deadlines due by then fire first (at their own dueAt, through the
// runtime's training deadline path), then the steps at that moment in file order; expectations at a time are
// checked once all of that is done. No sleeping unless `speed` paces the replay against real time, so a
// twelve-hour case replays in milliseconds.
import { performance } from 'node:perf_hooks';
import { type CaseView, deadlinesDueBy, type Engine } from '../../machines/engine.ts';
import type { CaseEvent, CaseEventType } from '../../machines/schemas.ts';
import { EVENT_ROLES } from '../../machines/schemas.ts';
import { generateSigningKeys, loadSigningKeys, type SigningKeys } from '../audit/chain.ts';
import { mayRecord } from '../policy.ts';
import { type CaseRuntime, openRuntime } from '../runtime/case-runtime.ts';
import type { Actor, CommandResult, StreamEvent } from '../runtime/types.ts';
import { openMemoryStore } from '../store/memory.ts';
import {
  type AtExpectation,
  atToMinutes,
  type EndExpectation,
  minutesToAt,
  type Scenario,
} from './format.ts';

export interface TimelineEntry {
  at: string;
  actor: string;
  type: string;
  outcome: 'applied' | 'refused' | 'forbidden' | 'error';
  // the step's number (from 1, in file order); absent for the opening and for deadlines
  step?: number;
  reason?: string;
  message?: string;
  allowedOverrides?: string[];
  override?: string;
  decision?: boolean;
  requiredActions: string[];
}

export interface Failure {
  // the part of the scenario's expectation that did not hold (or the step that could not be answered)
  expectation: unknown;
  actual: unknown;
  // where the expectation is in the file, e.g. expect[4].requiredActions.include
  path: string;
  message: string;
}

export interface ReplayResult {
  id: string;
  file: string;
  title: string;
  decisionPoint?: number;
  passed: boolean;
  failures: Failure[];
  events: number;
  durationMs: number;
  timeline: TimelineEntry[];
}

export interface ReplayOptions {
  // the law the throw-away desk runs; default: the desk's own (src/wired-law.ts)
  engine?: Engine;
  // replay N times faster than real time; absent or not positive: no sleeping at all
  speed?: number;
  sleep?: (ms: number) => Promise<void>;
}

const MINUTE_MS = 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Answer =
  | { outcome: 'applied' | 'refused'; reason?: string; allowedOverrides?: string[] }
  | { outcome: 'forbidden' | 'error'; message: string };

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

// Every key of an expectation is its own check, so one wrong code does not hide the others.
function check(
  e: AtExpectation | EndExpectation,
  marker: Record<string, unknown>,
  path: string,
  view: CaseView,
  toIso: (at: string) => string,
): Failure[] {
  const out: Failure[] = [];
  const fail = (key: string, expected: unknown, actual: unknown, message: string) =>
    out.push({ expectation: { ...marker, [key]: expected }, actual, path: `${path}.${key}`, message });
  const codes = view.requiredActions.map((a) => a.code);
  const ra = e.requiredActions;
  if (ra?.include) {
    const missing = ra.include.filter((c) => !codes.includes(c));
    if (missing.length > 0) {
      fail(
        'requiredActions',
        { include: ra.include },
        { requiredActions: codes, missing },
        `missing required action(s) ${missing.join(', ')}`,
      );
    }
  }
  if (ra?.exclude) {
    const present = ra.exclude.filter((c) => codes.includes(c));
    if (present.length > 0) {
      fail(
        'requiredActions',
        { exclude: ra.exclude },
        { requiredActions: codes, present },
        `unexpected required action(s) ${present.join(', ')}`,
      );
    }
  }
  if (ra?.first && codes[0] !== ra.first) {
    fail(
      'requiredActions',
      { first: ra.first },
      { requiredActions: codes },
      `${ra.first} is not first (first is ${codes[0] ?? 'nothing'})`,
    );
  }
  for (const [code, at] of Object.entries(ra?.due ?? {})) {
    const action = view.requiredActions.find((a) => a.code === code);
    const expected = Date.parse(toIso(at));
    if (!action || action.dueAt === undefined || Date.parse(action.dueAt) !== expected) {
      fail(
        'requiredActions',
        { due: { [code]: at } },
        { [code]: action ? (action.dueAt ?? 'no dueAt') : 'not open' },
        `${code} is not due at ${at} (${toIso(at)})`,
      );
    }
  }
  if (e.legalBasis !== undefined && view.legalBasis.code !== e.legalBasis) {
    fail(
      'legalBasis',
      e.legalBasis,
      { legalBasis: view.legalBasis.code },
      `legal basis is ${view.legalBasis.code}, not ${e.legalBasis}`,
    );
  }
  if (e.permits !== undefined && !sameSet(e.permits, view.legalBasis.permits)) {
    fail(
      'permits',
      e.permits,
      { permits: view.legalBasis.permits },
      `permits [${view.legalBasis.permits.join(', ')}], not [${e.permits.join(', ')}]`,
    );
  }
  const warnings = view.warnings.map((w) => w.code);
  if (e.warnings?.include) {
    const missing = e.warnings.include.filter((c) => !warnings.includes(c));
    if (missing.length > 0) {
      fail(
        'warnings',
        { include: e.warnings.include },
        { warnings, missing },
        `missing warning(s) ${missing.join(', ')}`,
      );
    }
  }
  if (e.warnings?.exclude) {
    const present = e.warnings.exclude.filter((c) => warnings.includes(c));
    if (present.length > 0) {
      fail(
        'warnings',
        { exclude: e.warnings.exclude },
        { warnings, present },
        `unexpected warning(s) ${present.join(', ')}`,
      );
    }
  }
  if (e.distressPhase !== undefined && view.distressPhase !== e.distressPhase) {
    fail(
      'distressPhase',
      e.distressPhase,
      { distressPhase: view.distressPhase },
      `distress phase is ${view.distressPhase}, not ${e.distressPhase}`,
    );
  }
  if (e.status !== undefined && view.status !== e.status) {
    fail('status', e.status, { status: view.status }, `the case is ${view.status}, not ${e.status}`);
  }
  if (e.incidents !== undefined && view.incidents.length !== e.incidents) {
    fail(
      'incidents',
      e.incidents,
      { incidents: view.incidents.length, categories: view.incidents.map((i) => i.category) },
      `${view.incidents.length} incident(s), not ${e.incidents}`,
    );
  }
  return out;
}

// Checkpoints are signed as on any desk; the key is made once per process and never written anywhere.
let replayKeys: SigningKeys | undefined;
const signingKeys = () => {
  replayKeys ??= loadSigningKeys(generateSigningKeys().privatePem);
  return replayKeys;
};

// A training case is a trainer's (policy.ts); the step's own role is checked as on a live case, and named in
// the audit trail as the subject the trainer plays.
const TRAINER: Actor = { role: 'trainer', subject: 'desk-replay' };
const playing = (role: string): Actor => ({ role: 'trainer', subject: `desk-replay:${role}` });

function answerOf(result: CommandResult): Answer {
  if (result.status === 'applied') return { outcome: 'applied' };
  if (result.status === 'refused') {
    const { reason, allowedOverrides } = result.refusal;
    return { outcome: 'refused', reason, allowedOverrides };
  }
  return { outcome: 'error', message: `the desk answered ${result.status}` };
}

export async function replayScenario(
  scenario: Scenario,
  file: string,
  opts: ReplayOptions = {},
): Promise<ReplayResult> {
  const t0 = performance.now();
  const sleep = opts.sleep ?? defaultSleep;
  const speed = opts.speed !== undefined && opts.speed > 0 ? opts.speed : undefined;
  const startMs = Date.parse(scenario.start);
  const isoAt = (minutes: number) => new Date(startMs + minutes * MINUTE_MS).toISOString();
  const toIso = (at: string) => isoAt(atToMinutes(at));
  const offsetOf = (iso: string) => minutesToAt((Date.parse(iso) - startMs) / MINUTE_MS);

  const failures: Failure[] = [];
  const timeline: TimelineEntry[] = [];
  let events = 0;
  const result = (passed: boolean): ReplayResult => ({
    id: scenario.id,
    file,
    title: scenario.title,
    ...(scenario.decisionPoint !== undefined ? { decisionPoint: scenario.decisionPoint } : {}),
    passed,
    failures,
    events,
    durationMs: Math.round((performance.now() - t0) * 100) / 100,
    timeline,
  });

  // the desk's clock is the scenario's: it stands at the moment being replayed
  let nowMs = startMs;
  const runtime = await openRuntime({
    store: openMemoryStore(),
    clock: { now: () => new Date(nowMs) },
    ids: { caseId: () => scenario.id },
    signingKeys: signingKeys(),
    setting: scenario.setting,
    ...(opts.engine ? { engine: opts.engine } : {}),
  });
  try {
    return await replayOn(runtime);
  } finally {
    await runtime.stop();
  }

  async function replayOn(runtime: CaseRuntime): Promise<ReplayResult> {
    const caseId = scenario.id;
    const at = isoAt(0);
    try {
      const opened = await (scenario.request
        ? runtime.openIncoming(scenario.request, TRAINER, {
            training: true,
            at,
            setting: scenario.setting,
            homeState: scenario.homeState!,
          })
        : runtime.openCase(scenario.opening!, TRAINER, { training: true, at, setting: scenario.setting }));
      if (opened.status !== 'applied') throw new Error(`the desk answered ${opened.status}`);
    } catch (err) {
      // e.g. a position the zone classifier rejects: the scenario cannot start, which is a failure, not a crash
      const where = scenario.request ? 'request' : 'opening';
      failures.push({
        expectation: { [where]: 'opens a case' },
        actual: { error: (err as Error).message },
        path: where,
        message: `the case could not be opened: ${(err as Error).message}`,
      });
      return result(false);
    }
    const view = async () => (await runtime.getView(caseId, TRAINER))!;
    const codesOf = (v: CaseView) => v.requiredActions.map((a) => a.code);
    timeline.push({
      at: '+00:00',
      actor: scenario.request ? 'authority' : 'operator',
      type: scenario.request ? 'REQUEST_RECEIVED' : 'CASE_OPENED',
      outcome: 'applied',
      requiredActions: codesOf(await view()),
    });

    // The timeline's deadlines are what the desk published, wherever it fired them: before a moment's steps,
    // or inside a step's own command. The view before an entry says what the deadline was about.
    const stuck = new Set<string>();
    let before = await view();
    const deadlineEntry = (id: string, dueAt: string, answer: Answer, after: CaseView) => {
      const about = before.deadlines.find((d) => d.id === id)?.about ?? id;
      // the desk refusing its own deadline is a fault of the law; reported once, the replay goes on
      if (answer.outcome !== 'applied' && !stuck.has(id)) {
        stuck.add(id);
        failures.push({
          expectation: { deadline: id, about, dueAt: offsetOf(dueAt) },
          actual: answer,
          path: '(deadline)',
          message: `the desk did not apply its own deadline ${id} (${about})`,
        });
      }
      timeline.push({
        at: offsetOf(dueAt),
        actor: 'desk',
        type: `DEADLINE_PASSED ${about}`,
        outcome: answer.outcome,
        ...('reason' in answer && answer.reason ? { reason: answer.reason } : {}),
        requiredActions: codesOf(after),
      });
    };
    // what the desk published, read in order after each command (a refusal's reason is in the audit trail)
    const publishedSoFar: StreamEvent[] = [];
    runtime.subscribe((e) => publishedSoFar.push(e));
    const readPublished = async () => {
      for (const e of publishedSoFar.splice(0)) {
        events += 1;
        if (e.event.type === 'DEADLINE_PASSED') {
          const { deadlineId, dueAt } = e.event as { deadlineId: string; dueAt: string };
          const refusal =
            e.outcome === 'refused'
              ? (await runtime.audit(caseId, TRAINER))?.find((x) => x.seq === e.seq)?.refusal
              : undefined;
          const answer: Answer = refusal
            ? { outcome: 'refused', reason: refusal.reason, allowedOverrides: refusal.allowedOverrides }
            : { outcome: 'applied' };
          deadlineEntry(deadlineId, dueAt, answer, e.view);
        }
        before = e.view;
      }
    };
    await readPublished();

    const fireDeadlinesDueBy = async (minutes: number) => {
      try {
        await runtime.processTrainingDeadlines(caseId, isoAt(minutes));
        await readPublished();
      } catch (err) {
        await readPublished();
        // the law failed on a deadline: the one due first is the one it was firing
        const now = await view();
        const due = deadlinesDueBy(now.deadlines, isoAt(minutes))[0];
        if (due) deadlineEntry(due.id, due.dueAt, { outcome: 'error', message: (err as Error).message }, now);
      }
    };

    const submit = async (event: CaseEvent, actor: Actor, atIso: string): Promise<Answer> => {
      try {
        const answer = answerOf(await runtime.applyEvent(caseId, event, actor, { at: atIso }));
        await readPublished();
        return answer;
      } catch (err) {
        await readPublished();
        return { outcome: 'error', message: (err as Error).message };
      }
    };

    const steps = scenario.steps.map((step, i) => ({ step, n: i + 1, minutes: atToMinutes(step.at) }));
    const atExpectations = scenario.expect.flatMap((e, i) =>
      'at' in e ? [{ e, i, minutes: atToMinutes(e.at) }] : [],
    );
    const moments = [
      ...new Set([0, ...steps.map((s) => s.minutes), ...atExpectations.map((x) => x.minutes)]),
    ].sort((a, b) => a - b);
    const lastStepMinutes = Math.max(0, ...steps.map((s) => s.minutes));
    const answers = new Map<number, Answer>();
    let endView: CaseView | undefined;
    let previous = 0;

    for (const moment of moments) {
      if (speed !== undefined && moment > previous) await sleep(((moment - previous) * MINUTE_MS) / speed);
      previous = moment;
      nowMs = startMs + moment * MINUTE_MS;
      await fireDeadlinesDueBy(moment);
      for (const { step, n } of steps.filter((s) => s.minutes === moment)) {
        const type = step.event.type as CaseEventType;
        let answer: Answer;
        // a step plays its role on a live case, but a trainer's step is a trainer on a training case
        if (!mayRecord(step.as, type, { training: step.as === 'trainer' }, EVENT_ROLES)) {
          const allowed = EVENT_ROLES[type];
          // the HTTP API would answer 403: the step is not applied and the scenario fails, naming it
          answer = {
            outcome: 'forbidden',
            message: `${step.as} may not record ${type} (needs ${allowed.join(' or ')})`,
          };
          failures.push({
            expectation: { step: n, as: step.as, event: type },
            actual: { status: 403, error: 'forbidden', rolesAllowed: [...allowed, 'trainer'] },
            path: `steps[${n - 1}].as`,
            message: `step ${n}: ${answer.message}`,
          });
        } else {
          answer = await submit(step.event, playing(step.as), isoAt(moment));
          if (answer.outcome === 'error') {
            failures.push({
              expectation: { step: n, event: type },
              actual: { error: answer.message },
              path: `steps[${n - 1}]`,
              message: `step ${n}: the engine failed: ${answer.message}`,
            });
          }
        }
        answers.set(n, answer);
        timeline.push({
          at: step.at,
          actor: step.as,
          type,
          outcome: answer.outcome,
          step: n,
          ...('reason' in answer && answer.reason ? { reason: answer.reason } : {}),
          ...('message' in answer ? { message: answer.message } : {}),
          ...('allowedOverrides' in answer && answer.allowedOverrides
            ? { allowedOverrides: answer.allowedOverrides }
            : {}),
          ...(step.event.override ? { override: step.event.override.kind } : {}),
          ...(step.decision ? { decision: true } : {}),
          requiredActions: codesOf(await view()),
        });
      }
      // no step can arm a deadline due at once, but a zero-length reply target must still not slip past
      await fireDeadlinesDueBy(moment);
      for (const { e, i } of atExpectations.filter((x) => x.minutes === moment)) {
        failures.push(...check(e, { at: e.at }, `expect[${i}]`, await view(), toIso));
      }
      if (moment === lastStepMinutes) endView = await view();
    }

    const finalView = endView ?? (await view());
    scenario.expect.forEach((e, i) => {
      if ('step' in e) {
        const answer = answers.get(e.step);
        const marker = { step: e.step };
        const actual = answer ?? { outcome: 'not answered' };
        if (!answer || answer.outcome !== e.outcome) {
          failures.push({
            expectation: { ...marker, outcome: e.outcome },
            actual,
            path: `expect[${i}].outcome`,
            message: `step ${e.step} was ${answer?.outcome ?? 'not answered'}, not ${e.outcome}`,
          });
          return;
        }
        if (answer.outcome !== 'refused') return;
        if (e.reason !== undefined && answer.reason !== e.reason) {
          failures.push({
            expectation: { ...marker, reason: e.reason },
            actual,
            path: `expect[${i}].reason`,
            message: `step ${e.step} was refused for ${answer.reason}, not ${e.reason}`,
          });
        }
        if (e.allowedOverrides !== undefined && !sameSet(e.allowedOverrides, answer.allowedOverrides ?? [])) {
          failures.push({
            expectation: { ...marker, allowedOverrides: e.allowedOverrides },
            actual,
            path: `expect[${i}].allowedOverrides`,
            message: `step ${e.step} allowed overrides [${(answer.allowedOverrides ?? []).join(', ')}], not [${e.allowedOverrides.join(', ')}]`,
          });
        }
      } else if ('end' in e) {
        failures.push(...check(e, { end: true }, `expect[${i}]`, finalView, toIso));
      }
    });

    return result(failures.length === 0);
  }
}
