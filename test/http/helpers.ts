// A real desk for HTTP tests: the SQLite runtime on a temporary folder, the app built as `desk serve`
// builds it, tokens signed with its key. Nothing here is a fake.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpeningReport, Role } from '../../machines/schemas.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { type AppOptions, buildApp, type DeskApp } from '../../src/http/app.ts';
import type { DeskRuntime } from '../../src/http/runtime-port.ts';
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

// `training`: the /training routes too, over the scenarios in scenarios/; `sqliteWrites`: where the store
// writes (DESK_SQLITE_WRITES); `standIn`: what the app is handed in the runtime's place for the methods it
// names (a publish lost on the way, a read that fails), the real runtime for every other
export async function startDesk({
  training,
  sqliteWrites,
  standIn,
  ...extra
}: Partial<Pick<AppOptions, 'rateLimit' | 'stream'>> & {
  training?: boolean;
  sqliteWrites?: 'inline' | 'thread';
  standIn?: (runtime: DeskRuntime) => Partial<DeskRuntime>;
} = {}): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-http-'));
  const clock = new ManualClock();
  const config = { dataDir, secret: undefined };
  const runtime = await openRuntime({
    dataDir,
    clock,
    homeState: 'MT',
    ...(sqliteWrites ? { sqliteWrites } : {}),
  });
  const library = training ? loadScenarioLibrary('scenarios') : undefined;
  let sessions = 0;
  const app = await buildApp({
    runtime: standIn ? standingIn(runtime, standIn(runtime)) : runtime,
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

function standingIn(runtime: CaseRuntime, over: Partial<DeskRuntime>): DeskRuntime {
  const overrides = over as Record<PropertyKey, unknown>;
  return new Proxy(runtime, {
    get(target, p) {
      if (p in overrides) return overrides[p];
      const v = Reflect.get(target, p, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as unknown as DeskRuntime;
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
