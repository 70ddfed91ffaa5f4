import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRuntime } from '../../src/runtime/case-runtime.ts';
import { loadScenarioLibrary, sameDecision, TrainingDesk } from '../../src/training/sessions.ts';
import { ManualClock, runtimeIn, tempDir, trainer } from '../runtime/fixtures.ts';

const library = loadScenarioLibrary(fileURLToPath(new URL('../../scenarios', import.meta.url)));
let rt: CaseRuntime | undefined;
afterEach(() => rt?.stop());

describe('training desk', () => {
  it('paces the scenario against real time: pace N waits (scenario time)/N between moments', async () => {
    rt = await runtimeIn(tempDir(), new ManualClock());
    const waits: number[] = [];
    const desk = new TrainingDesk({
      runtime: rt,
      scenarios: () => library,
      ids: () => 's1',
      sleep: async (ms) => void waits.push(ms),
    });
    const started = await desk.start('14-own-territorial-sea', 600, trainer);
    if (started.status !== 'started') throw new Error('not started');
    for (let i = 0; i < 100 && desk.get('s1')?.status === 'running'; i++)
      await new Promise((r) => setTimeout(r, 5));
    const scenario = library.get('14-own-territorial-sea')!;
    const firstStepMinutes =
      Number(scenario.steps[0]!.at.slice(1, 3)) * 60 + Number(scenario.steps[0]!.at.slice(4, 6));
    expect(waits[0]).toBe((firstStepMinutes * 60_000) / 600);
  });

  it('takes the trainee’s answer from the moment the session shows it awaits one, while the pause is still being kept', async () => {
    rt = await runtimeIn(tempDir(), new ManualClock());
    const desk = new TrainingDesk({ runtime: rt, scenarios: () => library, ids: () => 's1' });
    const started = await desk.start('12-search-and-rescue', 0, trainer);
    if (started.status !== 'started') throw new Error('not started');
    // read on every turn of the event loop, as a trainee's console may: the first turn that shows the pause
    // comes before the store has kept it
    let seen = desk.get('s1');
    while (seen?.status !== 'awaiting-decision') {
      await new Promise((r) => setImmediate(r));
      seen = desk.get('s1');
    }
    const answer = await desk.decide(
      's1',
      { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded'] } as never,
      trainer,
    );
    expect(answer.status).toBe('answered');
    expect(desk.get('s1')?.decisions).toHaveLength(1);
  });

  it('every scenario in the library loads, each with a decision step for trainees', () => {
    expect(library.size).toBeGreaterThanOrEqual(16);
    expect(
      [...library.values()].filter((s) => s.steps.some((x) => x.decision)).length,
    ).toBeGreaterThanOrEqual(10);
  });

  it('judges two choices the same when only free text differs', () => {
    expect(
      sameDecision({ type: 'RCC_NOTIFIED', rcc: 'RCC Malta' }, { type: 'RCC_NOTIFIED', rcc: 'Malta RCC' }),
    ).toBe(true);
    expect(
      sameDecision(
        { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] },
        { type: 'AUTHORISATION_REQUESTED', scopes: ['search', 'board'] },
      ),
    ).toBe(true);
    expect(
      sameDecision(
        { type: 'FLAG_STATE_NOTIFIED', state: 'CM' },
        { type: 'FLAG_STATE_NOTIFIED', state: 'KN' },
      ),
    ).toBe(false);
  });
});
