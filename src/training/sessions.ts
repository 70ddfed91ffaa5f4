// Training sessions: a scenario replayed on a sandbox (training) case at a chosen pace, pausing at each step
// marked `"decision": true` for the trainee's own event, which the law answers as on a live case and which is
// scored on what the law makes decisive (scoring.ts). A trainee reads a neutral title, a briefing and the
// situation at each decision, never the scenario's title (briefing.ts). Sessions are kept in the store's meta
// as they go, so any tab can take one up and a restart of the desk resumes it where it stood; each step is
// applied with an idempotency key of its own, so a step resumed after a crash is never recorded twice.
import { addMinutes } from 'date-fns';
import { CLOSED_BY } from '../../machines/action-codes.ts';
import type { CaseView } from '../../machines/engine.ts';
import { decide } from '../../machines/rules.ts';
import type { CaseEvent } from '../../machines/schemas.ts';
import type { CaseRuntime } from '../runtime/case-runtime.ts';
import type { Actor, CommandResult } from '../runtime/types.ts';
import { atToMinutes, type Scenario } from '../scenarios/format.ts';
import { formatProblem, loadScenarioFile, scenarioFiles } from '../scenarios/load.ts';
import { briefingOf, situationOf, traineeTitle } from './briefing.ts';
import { type Difference, judge, type Outcome } from './scoring.ts';

export { sameDecision } from './scoring.ts';

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
  // what the law acts on that came out otherwise than the scenario's choice (empty when correct)
  decisive: Difference[];
  // the event's fields that differ from the scenario's, free text aside, decisive or not
  differences: Difference[];
}

export interface SessionView {
  id: string;
  scenarioId: string;
  // neutral: the scenario's own title would tell the answer (briefing.ts)
  title: string;
  briefing: string;
  caseId: string;
  pace: number;
  status: SessionStatus;
  // the scenario time the session has reached
  at: string;
  pendingDecision?: { step: number; at: string; actor: string; prompt: string; situation: string[] };
  decisions: DecisionScore[];
  // the scenario's own title and summary, once the session is finished
  debrief?: { title: string; summary: string };
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
  // the step the session runs next; at a decision, that decision's
  next: number;
  answer?: (event: CaseEvent, actor: Actor) => Promise<CommandResult>;
}

// what the store keeps of a session (meta `training:session:<id>`; `training:sessions` lists the ids)
interface Kept {
  view: SessionView;
  start: string;
  trainer: Actor;
  next: number;
}

const INDEX_KEY = 'training:sessions';
const keyOf = (id: string) => `training:session:${id}`;

export interface TrainingOptions {
  runtime: CaseRuntime;
  scenarios: () => Map<string, Scenario>;
  ids: () => string;
  // real-time waiting between scenario moments; injected so tests never sleep
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TrainingDesk {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<(s: SessionView) => void>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: TrainingOptions) {
    this.sleep = opts.sleep ?? defaultSleep;
  }

  // The scenarios as a trainee may see them: neutral titles, briefings, no summary.
  scenarios(): Array<{ id: string; title: string; briefing: string; decisions: number }> {
    return [...this.opts.scenarios().values()].map((s, i) => ({
      id: s.id,
      title: traineeTitle(s, i),
      briefing: briefingOf(s),
      decisions: s.steps.filter((x) => x.decision).length,
    }));
  }

  onChange(listener: (s: SessionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // After a restart: every session the store keeps, the unfinished ones running again from where they stood.
  async restore(): Promise<number> {
    const { store } = this.opts.runtime;
    const ids = JSON.parse((await store.getMeta(INDEX_KEY)) ?? '[]') as string[];
    let resumed = 0;
    for (const id of ids) {
      if (this.sessions.has(id)) continue;
      const text = await store.getMeta(keyOf(id));
      if (!text) continue;
      const kept = JSON.parse(text) as Kept;
      const scenario = this.opts.scenarios().get(kept.view.scenarioId);
      const session: Session = {
        view: kept.view,
        scenario: scenario!,
        start: new Date(kept.start),
        trainer: kept.trainer,
        next: kept.next,
      };
      this.sessions.set(id, session);
      if (kept.view.status === 'finished') continue;
      if (!scenario) {
        // its scenario left the library: it cannot go on, and says so
        await this.finish(session);
        continue;
      }
      resumed++;
      // running until its run reaches the decision it stood at again and waits for the answer there
      session.view.status = 'running';
      session.view.pendingDecision = undefined;
      this.launch(session);
    }
    return resumed;
  }

  list(): SessionView[] {
    return [...this.sessions.values()].map((s) => structuredClone(s.view));
  }

  private changed(session: Session): void {
    for (const l of this.listeners) l(structuredClone(session.view));
  }

  private async keep(session: Session): Promise<void> {
    const kept: Kept = {
      view: session.view,
      start: session.start.toISOString(),
      trainer: session.trainer,
      next: session.next,
    };
    await this.opts.runtime.store.setMeta(keyOf(session.view.id), JSON.stringify(kept));
  }

  private launch(session: Session): void {
    void this.run(session).catch(() => this.finish(session).catch(() => {}));
  }

  private async finish(session: Session): Promise<void> {
    session.view.status = 'finished';
    session.view.pendingDecision = undefined;
    if (session.scenario)
      session.view.debrief = { title: session.scenario.title, summary: session.scenario.summary };
    await this.keep(session);
    this.changed(session);
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
    const library = [...this.opts.scenarios().values()];
    const index = library.findIndex((s) => s.id === scenarioId);
    const scenario = library[index];
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
      next: 0,
      view: {
        id: this.opts.ids(),
        scenarioId,
        title: traineeTitle(scenario, index),
        briefing: briefingOf(scenario),
        caseId: opened.view.id,
        pace,
        status: 'running',
        at: start.toISOString(),
        decisions: [],
      },
    };
    this.sessions.set(session.view.id, session);
    await this.keep(session);
    const { store } = this.opts.runtime;
    const ids = JSON.parse((await store.getMeta(INDEX_KEY)) ?? '[]') as string[];
    await store.setMeta(INDEX_KEY, JSON.stringify([...ids, session.view.id]));
    this.launch(session);
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
      total: s.scenario ? s.scenario.steps.filter((x) => x.decision).length : decisions.length,
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

  // each step's own key: a step resumed after a crash answers what was recorded instead of recording it again
  private stepKey(s: Session, step: number, whose: 'scenario' | 'trainee' = 'scenario'): string {
    return `training:${s.view.id}:${step}:${whose}`;
  }

  private async run(s: Session): Promise<void> {
    const { runtime } = this.opts;
    const caseId = s.view.caseId;
    const steps = s.scenario.steps;
    let previous = s.next > 0 ? Date.parse(this.timeOf(s, steps[s.next - 1]!.at)) : s.start.getTime();
    for (let i = s.next; i < steps.length; i++) {
      const step = steps[i]!;
      const at = this.timeOf(s, step.at);
      const wait = Date.parse(at) - previous;
      if (s.view.pace > 0 && wait > 0) await this.sleep(wait / s.view.pace);
      previous = Date.parse(at);
      await runtime.processTrainingDeadlines(caseId, at);
      s.view.at = at;
      if (step.decision) {
        await this.awaitDecision(s, i, step, at);
        continue;
      }
      await runtime.applyEvent(caseId, step.event, s.trainer, { at, idempotencyKey: this.stepKey(s, i) });
      s.next = i + 1;
      await this.keep(s);
      this.changed(s);
    }
    await this.finish(s);
  }

  private async awaitDecision(
    s: Session,
    index: number,
    step: Scenario['steps'][number],
    at: string,
  ): Promise<void> {
    const { runtime } = this.opts;
    const caseId = s.view.caseId;
    const view = (await runtime.getView(caseId, s.trainer))!;
    const log = (await runtime.audit(caseId, s.trainer)) ?? [];
    const lastSteps = log.slice(-3).map((e) => `${e.type}${e.outcome === 'refused' ? ' (refused)' : ''}`);
    s.next = index;
    s.view.status = 'awaiting-decision';
    s.view.pendingDecision = {
      step: index + 1,
      at: step.at,
      actor: step.as,
      prompt: `${step.at}: as the ${step.as}, record what the law requires now`,
      situation: situationOf(view, lastSteps),
    };
    // The answer is taken from the moment the session shows it awaits one: a trainee who reads the pause
    // while it is being kept must not be told the session awaits nothing (and the session then wait forever).
    const answered = new Promise<void>((resolve) => {
      s.answer = async (chosen, actor) => {
        const ctx = (await runtime.getContext(caseId, s.trainer))!;
        const before = (await runtime.getView(caseId, s.trainer))!;
        const expectedDecision = decide(ctx, step.event);
        // both decided on the case as it stands at the decision, before either is recorded
        const expected = await this.outcomeOf(caseId, step.event, s.trainer, at);
        const foreseen = await this.outcomeOf(caseId, chosen, actor, at);
        const result = await runtime.applyEvent(caseId, chosen, actor, {
          at,
          idempotencyKey: this.stepKey(s, index, 'trainee'),
        });
        const outcome: Outcome['outcome'] =
          result.status === 'applied' || result.status === 'refused'
            ? result.status
            : result.status === 'forbidden'
              ? 'forbidden'
              : 'invalid';
        const judged = judge(step.event, expected, chosen, { ...foreseen, outcome });
        s.view.decisions.push({
          step: index + 1,
          at: step.at,
          expected: step.event,
          expectedOutcome: expectedDecision.outcome,
          chosen,
          outcome,
          correct: judged.correct,
          basis: basisFor(step.event, expectedDecision, before),
          explanation: explain(step.event, expectedDecision, chosen, outcome, judged),
          decisive: judged.decisive,
          differences: judged.differences,
        });
        // The story goes on as written: after a different choice, the scenario's own event is recorded too
        // (refused again where the law refuses it), so the rest of the scenario still makes sense.
        if (!judged.correct || judged.differences.length > 0)
          await runtime.applyEvent(caseId, step.event, s.trainer, {
            at,
            idempotencyKey: this.stepKey(s, index),
          });
        s.next = index + 1;
        s.view.status = 'running';
        s.view.pendingDecision = undefined;
        await this.keep(s);
        this.changed(s);
        resolve();
        return result;
      };
    });
    await this.keep(s);
    this.changed(s);
    return answered;
  }

  private async outcomeOf(caseId: string, event: CaseEvent, actor: Actor, at: string): Promise<Outcome> {
    const seen = await this.opts.runtime.preview(caseId, event, actor, at);
    if (!seen) return { outcome: 'invalid' };
    return seen.outcome === 'applied'
      ? { outcome: 'applied', view: seen.view }
      : { outcome: 'refused', ...(seen.reason ? { reason: seen.reason } : {}) };
  }
}

function explain(
  expected: CaseEvent,
  decision: ReturnType<typeof decide>,
  chosen: CaseEvent,
  outcome: Outcome['outcome'],
  judged: ReturnType<typeof judge>,
): string {
  if (decision.outcome === 'refused')
    return `The law refuses ${expected.type} here (${decision.reason}); ${judged.correct ? 'the trainee took a lawful step instead' : `the trainee recorded ${chosen.type} (${outcome})`}.`;
  if (judged.correct)
    return judged.differences.length === 0
      ? `Correct: ${expected.type}.`
      : `Correct: ${expected.type}; ${judged.differences.map((d) => d.field).join(', ')} differ from the scenario's, which changes nothing the law acts on here.`;
  const first = judged.decisive[0]!;
  return `Expected ${expected.type}; the trainee's choice differs where the law acts on it: ${first.field} (${describeValue(first.expected)} expected, ${describeValue(first.chosen)} recorded).`;
}

const describeValue = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

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
