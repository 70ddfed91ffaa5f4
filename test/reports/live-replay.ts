// Scenario files replayed as live cases (not training cases, which the indicators never count): the runtime on
// a manual clock moved to each step's moment, each step recorded by its role, deadlines fired as the desk's
// worker fires them. The files' own expectations of outcomes are checked, so the numbers a test derives from
// a file describe what the desk really recorded.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Setting } from '../../machines/schemas.ts';
import { generateSigningKeys, loadSigningKeys } from '../../src/audit/chain.ts';
import { issueToken } from '../../src/auth/tokens.ts';
import { buildApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { atToMinutes, type Scenario } from '../../src/scenarios/format.ts';
import { parseScenario } from '../../src/scenarios/load.ts';
import { openMemoryStore } from '../../src/store/memory.ts';
import { ManualClock } from '../clock.ts';

export function scenario(id: string): Scenario {
  const file = `scenarios/${id}.json`;
  const loaded = parseScenario(JSON.parse(readFileSync(file, 'utf8')), file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return loaded.scenario;
}

// one directory for several scenarios: their demo profiles agree where they meet
export function mergedSetting(scenarios: readonly Scenario[]): Setting {
  return {
    states: Object.assign({}, ...scenarios.map((s) => s.setting.states)),
    countryAssessments: Object.assign({}, ...scenarios.map((s) => s.setting.countryAssessments)),
  } as Setting;
}

export async function liveRuntime(setting: Setting, clock: ManualClock, homeState = 'IT') {
  const next = { id: 'case' };
  const runtime = await openRuntime({
    store: openMemoryStore(),
    clock,
    ids: { caseId: () => next.id },
    signingKeys: loadSigningKeys(generateSigningKeys().privatePem),
    setting,
    homeState,
  });
  return { runtime, next };
}

export const minutesAfter = (s: Scenario, minutes: number) =>
  new Date(Date.parse(s.start) + minutes * 60_000).toISOString();

// Replays `s` as a live case with the id `s.id`; returns each step's outcome by its number (from 1).
export async function replayLive(
  { runtime, next }: { runtime: CaseRuntime; next: { id: string } },
  clock: ManualClock,
  s: Scenario,
): Promise<Map<number, string>> {
  if (!s.opening) throw new Error(`${s.id}: an interception scenario is needed`);
  next.id = s.id;
  clock.set(minutesAfter(s, 0));
  const opened = await runtime.openCase(s.opening, { role: 'operator', subject: 'watch-officer-1' });
  if (opened.status !== 'applied') throw new Error(`${s.id}: the case did not open (${opened.status})`);
  const outcomes = new Map<number, string>();
  const steps = s.steps.map((step, i) => ({ step, n: i + 1, minutes: atToMinutes(step.at) }));
  for (const minutes of [...new Set(steps.map((x) => x.minutes))].sort((a, b) => a - b)) {
    clock.set(minutesAfter(s, minutes));
    await runtime.processDueDeadlines(s.id);
    for (const { step, n } of steps.filter((x) => x.minutes === minutes)) {
      const role = step.as === 'trainer' ? 'operator' : step.as;
      const r = await runtime.applyEvent(s.id, step.event, { role, subject: `${role}-1` });
      outcomes.set(n, r.status);
    }
  }
  for (const e of s.expect) {
    if ('step' in e && outcomes.get(e.step) !== e.outcome)
      throw new Error(`${s.id}: step ${e.step} was ${outcomes.get(e.step)}, the file expects ${e.outcome}`);
  }
  return outcomes;
}

// The desk's HTTP app over such a runtime, with tokens it accepts.
export async function liveDesk(scenarios: readonly Scenario[]) {
  const clock = new ManualClock();
  const desk = await liveRuntime(mergedSetting(scenarios), clock);
  const key = new Uint8Array(randomBytes(32));
  const app = await buildApp({
    runtime: desk.runtime,
    config: { dataDir: '/nonexistent', secret: undefined },
    signingKey: key,
    logger: silentLogger(),
    clock,
  });
  await app.ready();
  return {
    ...desk,
    app,
    clock,
    auth: async (role: string, subject?: string) => ({
      authorization: `Bearer ${await issueToken(role, { key, now: clock.now(), ...(subject ? { subject } : {}) })}`,
    }),
    close: async () => {
      await app.close();
      await desk.runtime.stop();
    },
  };
}
