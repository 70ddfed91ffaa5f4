// A real desk for HTTP tests: the SQLite runtime on a temporary folder, the app built as `desk serve`
// builds it, tokens signed with its key. Nothing here is a fake.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpeningReport, Role } from '../../machines/schemas.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { type AppOptions, buildApp, type DeskApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { loadScenarioLibrary, TrainingDesk } from '../../src/training/sessions.ts';
import { ManualClock } from '../clock.ts';

export interface Desk {
  app: DeskApp;
  runtime: CaseRuntime;
  clock: ManualClock;
  dataDir: string;
  token(role: Role, subject?: string): Promise<string>;
  auth(role: Role): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

// `training`: the /training routes too, over the scenarios in scenarios/
export async function startDesk({
  training,
  ...extra
}: Partial<Pick<AppOptions, 'rateLimit' | 'stream'>> & { training?: boolean } = {}): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-http-'));
  const clock = new ManualClock();
  const config = { dataDir, secret: undefined };
  const runtime = await openRuntime({ dataDir, clock, homeState: 'MT' });
  const library = training ? loadScenarioLibrary('scenarios') : undefined;
  let sessions = 0;
  const app = await buildApp({
    runtime,
    config,
    logger: silentLogger(),
    clock,
    ...extra,
    ...(library
      ? {
          training: new TrainingDesk({
            runtime,
            scenarios: () => library,
            ids: () => `session-${++sessions}`,
          }),
        }
      : {}),
  });
  await app.ready();
  const key = loadSigningKey(config);
  const token = (role: Role, subject?: string) =>
    issueToken(role, { key, now: clock.now(), ...(subject ? { subject } : {}) });
  return {
    app,
    runtime,
    clock,
    dataDir,
    token,
    auth: async (role) => ({ authorization: `Bearer ${await token(role)}` }),
    close: async () => {
      await app.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A grey rubber boat with about sixty people, no flag, south of Lampedusa, met by a Guardia Costiera patrol.
export const rubberBoat = (over: Partial<OpeningReport> = {}): OpeningReport => ({
  interceptingState: 'IT',
  unit: { name: 'CP 301 Guardia Costiera', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { description: 'grey rubber boat, outboard engine', flag: null },
  position: { lat: 34.9, lon: 12.6 },
  personsOnBoard: 60,
  ...over,
});

// Flagged, beyond any territorial sea: boarding needs the flag State's express authorisation.
export const flaggedTrawler = (): OpeningReport => ({
  interceptingState: 'IT',
  unit: { name: 'CP 301 Guardia Costiera', governmentService: true, clearlyMarked: true, authorised: true },
  vessel: { name: 'Sea Star', flag: 'TG', mmsi: '671000001' },
  position: { lat: 34.0, lon: 13.0 },
  personsOnBoard: 120,
  grounds: ['overcrowded fishing vessel on a known smuggling route'],
});
