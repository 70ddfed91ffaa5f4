// A training session driven over a real WebSocket: it pauses at a decision, the trainee answers wrongly,
// the session goes on, and the score names the decision, the expected choice and the basis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { buildApp, type DeskApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { type CaseRuntime, openRuntime, systemClock } from '../../src/runtime/case-runtime.ts';
import {
  loadScenarioLibrary,
  type SessionScore,
  type SessionView,
  TrainingDesk,
} from '../../src/training/sessions.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url));

let app: DeskApp;
let runtime: CaseRuntime;
let dataDir: string;
let base: string;
let trainerToken: string;
let operatorToken: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-training-'));
  runtime = await openRuntime({ dataDir, clock: systemClock });
  const library = loadScenarioLibrary(SCENARIOS);
  let n = 0;
  const training = new TrainingDesk({ runtime, scenarios: () => library, ids: () => `session-${++n}` });
  const config = { dataDir, secret: undefined };
  app = await buildApp({ runtime, config, logger: silentLogger(), clock: systemClock, training });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `127.0.0.1:${address.port}`;
  const key = loadSigningKey(config);
  trainerToken = await issueToken('trainer', { key, now: new Date() });
  operatorToken = await issueToken('operator', { key, now: new Date() });
});

afterAll(async () => {
  await app.close();
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Msg {
  type: string;
  caseId?: string;
  event?: { type: string };
  session?: SessionView;
}

function until<T>(messages: Msg[], socket: WebSocket, pick: (m: Msg) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for a stream message')), 10_000);
    const look = () => {
      for (const m of messages) {
        const hit = pick(m);
        if (hit !== undefined) {
          clearTimeout(timer);
          socket.off('message', look);
          return resolve(hit);
        }
      }
    };
    socket.on('message', look);
    look();
  });
}

const post = (path: string, token: string, body: unknown) =>
  fetch(`http://${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const get = (path: string, token: string) =>
  fetch(`http://${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('training sessions', () => {
  it('pauses at a decision, scores a wrong answer with the expected choice and its basis (SoM art. 8(2)), and goes on', async () => {
    const socket = new WebSocket(`ws://${base}/stream?token=${trainerToken}`);
    const messages: Msg[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'subscribe', caseId: '*' }));

    const started = await post('/training/sessions', trainerToken, {
      scenarioId: '02-mmsi-points-elsewhere',
      pace: 0,
    });
    expect(started.status).toBe(201);
    const session = (await started.json()) as SessionView;

    const paused = await until(messages, socket, (m) =>
      m.type === 'training' && m.session?.id === session.id && m.session?.status === 'awaiting-decision'
        ? m.session
        : undefined,
    );
    expect(paused.pendingDecision).toMatchObject({ step: 3, actor: 'authority' });
    // The training case streamed to the trainer up to the pause.
    expect(
      messages.some(
        (m) => m.type === 'event' && m.caseId === session.caseId && m.event?.type === 'CASE_OPENED',
      ),
    ).toBe(true);

    // Wrong: the request goes to the State the MMSI hints at, not to the flag the vessel shows.
    const answer = await post(`/training/sessions/${session.id}/decisions`, trainerToken, {
      type: 'FLAG_STATE_NOTIFIED',
      state: 'KN',
    });
    expect(answer.status).toBe(200);
    const answered = (await answer.json()) as unknown;
    expect(answered).toMatchObject({ outcome: 'applied', decision: { correct: false } });

    const finished = await until(messages, socket, (m) =>
      m.type === 'training' && m.session?.id === session.id && m.session?.status === 'finished'
        ? m.session
        : undefined,
    );
    expect(finished.status).toBe('finished');

    const score = (await (
      await get(`/training/sessions/${session.id}/score`, trainerToken)
    ).json()) as SessionScore;
    expect(score).toMatchObject({ correct: 0, total: 1, status: 'finished' });
    expect(score.decisions[0]).toMatchObject({
      step: 3,
      expected: { type: 'FLAG_STATE_NOTIFIED', state: 'CM' },
      chosen: { type: 'FLAG_STATE_NOTIFIED', state: 'KN' },
      correct: false,
    });
    expect(score.decisions[0]?.basis).toContain('SoM art. 8(2)');
    socket.close();
  });

  it('scores a lawful step as correct where the scenario shows a step the law refuses (SoM art. 9(4))', async () => {
    const started = (await (
      await post('/training/sessions', trainerToken, { scenarioId: '08-unmarked-unit', pace: 0 })
    ).json()) as SessionView;
    for (let i = 0; i < 50; i++) {
      const s = (await (await get(`/training/sessions/${started.id}`, trainerToken)).json()) as SessionView;
      if (s.status === 'awaiting-decision') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const answered = (await (
      await post(`/training/sessions/${started.id}/decisions`, trainerToken, {
        type: 'RCC_NOTIFIED',
        rcc: 'RCC Malta',
      })
    ).json()) as { decision: unknown };
    expect(answered.decision).toMatchObject({
      correct: true,
      expectedOutcome: 'refused',
      basis: ['SoM art. 9(4)'],
    });
  });

  it('is for trainers only, and the sandbox case is invisible to live roles', async () => {
    expect(
      (await post('/training/sessions', operatorToken, { scenarioId: '08-unmarked-unit', pace: 0 })).status,
    ).toBe(403);
    const bad = await post('/training/sessions', trainerToken, { scenarioId: 'no-such-scenario', pace: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: Array<{ path: string }> }).issues[0]?.path).toBe('scenarioId');
    const started = (await (
      await post('/training/sessions', trainerToken, { scenarioId: '08-unmarked-unit', pace: 0 })
    ).json()) as SessionView;
    expect((await get(`/cases/${started.caseId}`, operatorToken)).status).toBe(404);
    expect((await get(`/cases/${started.caseId}`, trainerToken)).status).toBe(200);
  });
});
