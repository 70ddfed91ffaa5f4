// Two States' desks in one process, each on its own SQLite folder and socket, each knowing the other's
// URL and keys in its directory: the exchange as two central authorities set it up (README, "Desk to desk").
// The relays are driven by the test (tick), on each desk's manual clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../machines/schemas.ts';
import { issueToken, loadSigningKey } from '../../src/auth/tokens.ts';
import { type ExchangeKeys, ephemeralExchangeKeys } from '../../src/exchange/keys.ts';
import { DEFAULT_RETRY, Relay, type RetryPolicy } from '../../src/exchange/relay.ts';
import { buildApp, type DeskApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { seededRandom } from '../../src/random.ts';
import { type CaseRuntime, openRuntime } from '../../src/runtime/case-runtime.ts';
import { ManualClock } from '../clock.ts';

export interface StateDesk {
  state: string;
  url: string;
  app: DeskApp;
  runtime: CaseRuntime;
  clock: ManualClock;
  keys: ExchangeKeys;
  relay: Relay;
  auth(role: Role): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function stateDesk(state: string, retry: RetryPolicy = DEFAULT_RETRY): Promise<StateDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), `desk-${state}-`));
  const clock = new ManualClock();
  const config = { dataDir, secret: undefined };
  const runtime = await openRuntime({ dataDir, clock, homeState: state });
  const keys = await ephemeralExchangeKeys();
  const app = await buildApp({ runtime, config, logger: silentLogger(), clock, exchangeKeys: keys });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const relay = new Relay({ runtime, keys, clock, random: seededRandom(7), retry });
  const key = loadSigningKey(config);
  return {
    state,
    url,
    app,
    runtime,
    clock,
    keys,
    relay,
    auth: async (role) => ({
      authorization: `Bearer ${await issueToken(role, { key, now: clock.now(), subject: `${state} ${role}` })}`,
    }),
    close: async () => {
      await relay.stop();
      await app.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Each central authority enters the other State's desk in its directory.
export async function introduce(a: StateDesk, b: StateDesk): Promise<void> {
  for (const [desk, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const res = await desk.app.inject({
      method: 'PUT',
      url: `/directory/states/${other.state}`,
      headers: await desk.auth('authority'),
      payload: {
        protocolParty: true,
        replyWithinHours: 4,
        exchange: { url: other.url, jwks: other.keys.jwks },
      },
    });
    if (res.statusCode !== 200) throw new Error(`directory edit: ${res.statusCode} ${res.body}`);
  }
}
