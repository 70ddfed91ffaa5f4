// Training sessions: a scenario replayed on a sandbox (training) case at a chosen pace, pausing at each step
// marked `"decision": true` for the trainee's own event, which the law answers as on a live case and which is
// scored against the scenario's step. Sessions live in memory: a restart ends them; their cases and audit
// trails stay in the store like any other training case.
import { addMinutes } from 'date-fns';
import { CLOSED_BY } from '../../machines/action-codes.ts';
import type { CaseView } from '../../machines/engine.ts';
import { decide } from '../../machines/rules.ts';
import type { CaseEvent } from '../../machines/schemas.ts';
import type { CaseRuntime } from '../runtime/case-runtime.ts';
import type { Actor, CommandResult } from '../runtime/types.ts';
import { atToMinutes, type Scenario } from '../scenarios/format.ts';
import { formatProblem, loadScenarioFile, scenarioFiles } from '../scenarios/load.ts';

export type SessionStatus = 'running' | 'awaiting-decision' | 'finished';

export interface DecisionScore {
  step: number;
  at: string;
  expected: CaseEvent;
  expectedOutcome: 'applied' | 'refused';
  chosen: CaseEvent;
  outcome: 'applied' | 'refused' | 'forbidden' | 'invalid';
  correct: boolean;
  // why the expected choice is the law's answer: the refusal's articles, or those of the action it closes
  basis: string[];
  explanation: string;
}

export interface SessionView {
  id: string;
  scenarioId: string;
  title: string;
  caseId: string;
  pace: number;
  status: SessionStatus;
  // the scenario time the session has reached
  at: string;
  pendingDecision?: { step: number; at: string; actor: string; prompt: string };
  decisions: DecisionScore[];
}

export interface SessionScore {
  sessionId: string;
  scenarioId: string;
  status: SessionStatus;
  decisions: DecisionScore[];
  correct: number;
  total: number;
}

interface Session {
  view: SessionView;
  scenario: Scenario;
  start: Date;
  trainer: Actor;
  answer?: (event: CaseEvent, actor: Actor) => Promise<CommandResult>;
}

export interface TrainingOptions {
  runtime: CaseRuntime;
  scenarios: () => Map<string, Scenario>;
  ids: () => string;
  // real-time waiting between scenario moments; injected so tests never sleep
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Two choices are the same decision when they are the same kind of event with the same legally relevant
// payload; free-text notes and justifications do not count.
const IGNORED = new Set([
  'note',
  'notes',
  'summary',
  'justification',
  'reason',
  'channel',
  'rcc',
  'finding',
  'language',
  'to',
]);
function normalise(value: unknown): unknown {
  if (Array.isArray(value))
    return [...value].map(normalise).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => !IGNORED.has(k) && v !== undefined)
        .map(([k, v]) => [k, normalise(v)])
        .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
    );
  }
  return value;
}

export function sameDecision(a: CaseEvent, b: CaseEvent): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

export class TrainingDesk {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<(s: SessionView) => void>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: TrainingOptions) {
    this.sleep = opts.sleep ?? defaultSleep;
  }

  scenarios(): Array<{ id: string; title: string; summary: string; decisions: number }> {
    return [...this.opts.scenarios().values()].map((s) => ({
      id: s.id,
      title: s.title,
      summary: s.summary,
      decisions: s.steps.filter((x) => x.decision).length,
    }));
  }

  onChange(listener: (s: SessionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(session: Session): void {
    for (const l of this.listeners) l(structuredClone(session.view));
  }

  async start(
    scenarioId: string,
    pace: number,
    trainer: Actor,
  ): Promise<
    | { status: 'started'; session: SessionView }
    | { status: 'not-found' }
    | { status: 'failed'; message: string }
  > {
    const scenario = this.opts.scenarios().get(scenarioId);
    if (!scenario) return { status: 'not-found' };
    const start = new Date(scenario.start);
    const opts = { training: true, setting: scenario.setting, at: start.toISOString() };
    const opened = await (scenario.request
      ? this.opts.runtime.openIncoming(scenario.request, trainer, { ...opts, homeState: scenario.homeState })
      : this.opts.runtime.openCase(scenario.opening!, trainer, opts));
    if (opened.status !== 'applied')
      return { status: 'failed', message: `the training case could not be opened (${opened.status})` };
    const session: Session = {
      scenario,
      start,
      trainer,
      view: {
        id: this.opts.ids(),
        scenarioId,
        title: scenario.title,
        caseId: opened.view.id,
        pace,
        status: 'running',
        at: start.toISOString(),
        decisions: [],
      },
    };
    this.sessions.set(session.view.id, session);
    void this.run(session).catch(() => {
      session.view.status = 'finished';
      this.changed(session);
    });
    return { status: 'started', session: structuredClone(session.view) };
  }

  get(id: string): SessionView | undefined {
    const s = this.sessions.get(id);
    return s ? structuredClone(s.view) : undefined;
  }

  score(id: string): SessionScore | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const decisions = structuredClone(s.view.decisions);
    return {
      sessionId: id,
      scenarioId: s.view.scenarioId,
      status: s.view.status,
      decisions,
      correct: decisions.filter((d) => d.correct).length,
      total: s.scenario.steps.filter((x) => x.decision).length,
    };
  }

  // The trainee's answer at a paused decision.
  async decide(
    id: string,
    event: CaseEvent,
    actor: Actor,
  ): Promise<
    | { status: 'answered'; result: CommandResult; score: DecisionScore }
    | { status: 'not-found' }
    | { status: 'not-awaiting'; message: string }
  > {
    const s = this.sessions.get(id);
    if (!s) return { status: 'not-found' };
    if (s.view.status !== 'awaiting-decision' || !s.answer) {
      return { status: 'not-awaiting', message: `the session is ${s.view.status}, not awaiting a decision` };
    }
    const answer = s.answer;
    s.answer = undefined;
    const result = await answer(event, actor);
    return { status: 'answered', result, score: s.view.decisions.at(-1)! };
  }

  private timeOf(s: Session, at: string): string {
    return addMinutes(s.start, atToMinutes(at)).toISOString();
  }

  private async run(s: Session): Promise<void> {
    const { runtime } = this.opts;
    const caseId = s.view.caseId;
    let previous = s.start.getTime();
    const steps = s.scenario.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      const at = this.timeOf(s, step.at);
      const wait = Date.parse(at) - previous;
      if (s.view.pace > 0 && wait > 0) await this.sleep(wait / s.view.pace);
      previous = Date.parse(at);
      await runtime.processTrainingDeadlines(caseId, at);
      s.view.at = at;
      if (step.decision) {
        await this.awaitDecision(s, i + 1, step, at);
        continue;
      }
      await runtime.applyEvent(caseId, step.event, s.trainer, { at });
      this.changed(s);
    }
    s.view.status = 'finished';
    this.changed(s);
  }

  private awaitDecision(
    s: Session,
    stepNo: number,
    step: Scenario['steps'][number],
    at: string,
  ): Promise<void> {
    const { runtime } = this.opts;
    const caseId = s.view.caseId;
    return new Promise<void>((resolve) => {
      s.view.status = 'awaiting-decision';
      s.view.pendingDecision = {
        step: stepNo,
        at: step.at,
        actor: step.as,
        prompt: `${step.at}: as the ${step.as}, record what the law requires now`,
      };
      s.answer = async (chosen, actor) => {
        const ctx = (await runtime.getContext(caseId, s.trainer))!;
        const view = (await runtime.getView(caseId, s.trainer))!;
        const expectedDecision = decide(ctx, step.event);
        const result = await runtime.applyEvent(caseId, chosen, actor, { at });
        const outcome =
          result.status === 'applied' || result.status === 'refused'
            ? result.status
            : result.status === 'forbidden'
              ? 'forbidden'
              : 'invalid';
        // A step the law refuses is in the scenario as the mistake to avoid: any lawful step other than it
        // scores; otherwise the trainee must make the scenario's choice and the law must apply it.
        const correct =
          expectedDecision.outcome === 'refused'
            ? outcome === 'applied' && !sameDecision(chosen, step.event)
            : sameDecision(chosen, step.event) && outcome === 'applied';
        const basis = basisFor(step.event, expectedDecision, view);
        s.view.decisions.push({
          step: stepNo,
          at: step.at,
          expected: step.event,
          expectedOutcome: expectedDecision.outcome,
          chosen,
          outcome,
          correct,
          basis,
          explanation:
            expectedDecision.outcome === 'refused'
              ? `The law refuses ${step.event.type} here (${expectedDecision.reason}); ${correct ? 'the trainee took a lawful step instead' : `the trainee recorded ${chosen.type} (${outcome})`}.`
              : correct
                ? `Correct: ${step.event.type}.`
                : `Expected ${step.event.type}; the trainee recorded ${chosen.type} (${outcome}).`,
        });
        // The story goes on as written: after a different choice, the scenario's own event is recorded too
        // (refused again where the law refuses it), so the rest of the scenario still makes sense.
        if (!sameDecision(chosen, step.event))
          await runtime.applyEvent(caseId, step.event, s.trainer, { at });
        s.view.status = 'running';
        s.view.pendingDecision = undefined;
        this.changed(s);
        resolve();
        return result;
      };
      this.changed(s);
    });
  }
}

function basisFor(expected: CaseEvent, decision: ReturnType<typeof decide>, view: CaseView): string[] {
  if (decision.outcome === 'refused') return decision.basis;
  const closes = CLOSED_BY[expected.type] ?? [];
  const action = view.requiredActions.find((a) => (closes as string[]).includes(a.code));
  return action?.basis ?? view.legalBasis.basis;
}

// The scenarios a trainer can run: every valid file in the folder; invalid ones are reported, not served.
export function loadScenarioLibrary(
  folder: string,
  onProblem?: (message: string) => void,
): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  const { files, problems } = scenarioFiles([folder]);
  for (const p of problems) onProblem?.(formatProblem(p));
  for (const file of files) {
    const r = loadScenarioFile(file);
    if (r.ok) out.set(r.scenario.id, r.scenario);
    else for (const p of r.problems) onProblem?.(formatProblem(p));
  }
  return out;
}
