// Training that is fair to the trainee (issue 16): a choice is scored on what the law makes decisive, with the
// differences shown field by field; the trainee reads no title or summary that gives the answer away, and the
// situation at each decision; a session survives a restart of the desk and goes on where it stood, recording
// no step twice.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRuntime } from '../../src/runtime/case-runtime.ts';
import { loadScenarioLibrary, type SessionView, TrainingDesk } from '../../src/training/sessions.ts';
import { ManualClock, runtimeIn, tempDir, trainer } from '../runtime/fixtures.ts';
import { until } from '../until.ts';

const library = loadScenarioLibrary(fileURLToPath(new URL('../../scenarios', import.meta.url)));
const runtimes: CaseRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
});

async function deskOn(dir: string, ids = ['s1']) {
  const rt = await runtimeIn(dir, new ManualClock());
  runtimes.push(rt);
  let n = 0;
  const desk = new TrainingDesk({ runtime: rt, scenarios: () => library, ids: () => ids[n++]! });
  return { rt, desk };
}

async function paused(desk: TrainingDesk, id: string, step: number): Promise<SessionView> {
  await until(`session ${id} to pause at step ${step}`, () => {
    const v = desk.get(id);
    return v?.status === 'awaiting-decision' && v.pendingDecision?.step === step;
  });
  return desk.get(id)!;
}

// 12-search-and-rescue: an overcrowded rubber boat taking water; step 2 is the distress assessment with six
// danger factors, step 9 the RCC's designation of Pozzallo.
const SAR = '12-search-and-rescue';
const distress = (factors: string[], phase = 'distress') =>
  ({ type: 'DISTRESS_ASSESSED', phase, factors }) as never;

describe('a trainee scored on what the law makes decisive', () => {
  it('SAR Annex 4.5 / SOLAS V/33: the distress phase with three of the six danger factors is correct, and the factors are shown as a difference that is not decisive', async () => {
    const { desk } = await deskOn(tempDir());
    expect((await desk.start(SAR, 0, trainer)).status).toBe('started');
    await paused(desk, 's1', 2);
    const answered = await desk.decide(
      's1',
      distress(['overcrowded', 'unseaworthy', 'taking-water']),
      trainer,
    );
    if (answered.status !== 'answered') throw new Error(answered.status);
    expect(answered.score).toMatchObject({ correct: true, decisive: [] });
    expect(answered.score.differences.map((d) => d.field)).toEqual(['factors']);
    expect(answered.score.explanation).toContain('changes nothing the law acts on');
  });

  it('the alert phase where the scenario says distress is wrong, and the score says where the law acts on it', async () => {
    const { desk } = await deskOn(tempDir());
    await desk.start(SAR, 0, trainer);
    await paused(desk, 's1', 2);
    const answered = await desk.decide('s1', distress(['overcrowded'], 'alert'), trainer);
    if (answered.status !== 'answered') throw new Error(answered.status);
    expect(answered.score.correct).toBe(false);
    const fields = answered.score.decisive.map((d) => d.field);
    expect(fields).toContain('phases');
    expect(fields).toContain('required actions');
    expect(answered.score.differences.map((d) => d.field)).toEqual(['factors', 'phase']);
  });

  it('MSC.167(78) 6.12: a place of safety other than the one the RCC designates in the scenario is decisive', async () => {
    const { desk } = await deskOn(tempDir());
    await desk.start(SAR, 0, trainer);
    await paused(desk, 's1', 2);
    await desk.decide('s1', distress(['overcrowded', 'unseaworthy']), trainer);
    await paused(desk, 's1', 9);
    const answered = await desk.decide(
      's1',
      { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT', port: 'Lampedusa' } as never,
      trainer,
    );
    if (answered.status !== 'answered') throw new Error(answered.status);
    expect(answered.score.correct).toBe(false);
    expect(answered.score.decisive.map((d) => d.field)).toContain('place of safety');
    expect(answered.score.differences).toEqual([
      { field: 'port', expected: 'Pozzallo', chosen: 'Lampedusa' },
    ]);
  });
});

describe('what a trainee reads', () => {
  it("neither the scenario's title nor its summary before the end; a briefing from the opening facts; the situation at each decision; the debrief once finished", async () => {
    const { desk } = await deskOn(tempDir());
    const shown = desk.scenarios();
    for (const s of shown) {
      const scenario = library.get(s.id)!;
      expect(s.title).not.toBe(scenario.title);
      expect(s.title).toMatch(/^Exercise \d\d: /);
      expect(s).not.toHaveProperty('summary');
      expect(s.briefing.length).toBeGreaterThan(20);
    }
    const sar = shown.find((s) => s.id === SAR)!;
    expect(sar.briefing).toContain(String(library.get(SAR)!.opening!.personsOnBoard));

    const started = await desk.start(SAR, 0, trainer);
    if (started.status !== 'started') throw new Error(started.status);
    expect(started.session.title).toBe(sar.title);
    expect(started.session.debrief).toBeUndefined();
    const view = await paused(desk, 's1', 2);
    const situation = view.pendingDecision!.situation.join(' ');
    expect(situation).toContain('Persons on board');
    // step 1, before the decision, assessed the boat once already
    const first = library.get(SAR)!.steps[0]!.event as { type: string; phase: string };
    expect(situation).toContain(`distress phase: ${first.phase}`);
    expect(situation).toContain(`Recorded so far: CASE_OPENED; ${first.type}`);

    await desk.decide('s1', distress(['overcrowded']), trainer);
    await paused(desk, 's1', 9);
    await desk.decide(
      's1',
      { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT', port: 'Pozzallo' } as never,
      trainer,
    );
    await until('the session to finish', () => desk.get('s1')?.status === 'finished');
    expect(desk.get('s1')!.debrief).toEqual({
      title: library.get(SAR)!.title,
      summary: library.get(SAR)!.summary,
    });
  });
});

describe('a session that survives a restart of the desk', () => {
  it('is listed, waits at the same decision after the restart, goes on from there, and records no step twice', async () => {
    // the same answers, once without a restart, for the log to compare with
    const straight = await deskOn(tempDir(), ['a1']);
    await straight.desk.start(SAR, 0, trainer);
    await paused(straight.desk, 'a1', 2);
    await straight.desk.decide('a1', distress(['overcrowded']), trainer);
    await paused(straight.desk, 'a1', 9);
    await straight.desk.decide(
      'a1',
      { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT', port: 'Pozzallo' } as never,
      trainer,
    );
    await until('the uninterrupted session to finish', () => straight.desk.get('a1')?.status === 'finished');
    const expectedLog = (await straight.rt.audit(straight.desk.get('a1')!.caseId, trainer))!.map(
      (e) => `${e.type}:${e.outcome}`,
    );

    const dir = tempDir();
    const first = await deskOn(dir, ['b1']);
    await first.desk.start(SAR, 0, trainer);
    await paused(first.desk, 'b1', 2);
    await first.desk.decide('b1', distress(['overcrowded']), trainer);
    const before = await paused(first.desk, 'b1', 9);
    await first.rt.stop();
    runtimes.splice(runtimes.indexOf(first.rt), 1);

    const second = await deskOn(dir, []);
    expect(second.desk.list()).toEqual([]);
    expect(await second.desk.restore()).toBe(1);
    expect(second.desk.list().map((s) => s.id)).toEqual(['b1']);
    const resumed = await paused(second.desk, 'b1', 9);
    expect(resumed.decisions).toEqual(before.decisions);
    expect(resumed.caseId).toBe(before.caseId);
    const answered = await second.desk.decide(
      'b1',
      { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT', port: 'Pozzallo' } as never,
      trainer,
    );
    expect(answered).toMatchObject({ status: 'answered', score: { correct: true } });
    await until('the resumed session to finish', () => second.desk.get('b1')?.status === 'finished');
    expect(second.desk.score('b1')).toMatchObject({ correct: 2, total: 2 });
    const log = (await second.rt.audit(before.caseId, trainer))!.map((e) => `${e.type}:${e.outcome}`);
    expect(log).toEqual(expectedLog);
  });
});
