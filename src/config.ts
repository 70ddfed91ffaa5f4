// The desk's configuration, read once from the environment. Every bad value is reported as one line naming
// the variable, so a duty officer starting the desk sees what to fix without reading a stack trace.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface DeskConfig {
  host: string;
  port: number;
  dataDir: string;
  // a postgres:// URL: the store several desks share; undefined: SQLite in dataDir
  store: string | undefined;
  // undefined: the desk keeps a generated key in `${dataDir}/desk.key` (src/auth/tokens.ts)
  secret: string | undefined;
  // the audit checkpoints' signing key; undefined: `${dataDir}/audit-signing.pem`. Kept outside DESK_DATA, a
  // rewrite of the store by someone who can write DESK_DATA cannot be signed again.
  auditKeyFile: string | undefined;
  logLevel: LogLevel;
  homeState: string;
  // the scenario files trainers can run as training sessions
  scenariosDir: string;
  // requests a minute per token (per address without one) before 429
  rateLimit: number;
  sqliteWrites: 'inline' | 'thread';
  // the outbox relay's retries (src/exchange/relay.ts)
  exchangeRetry: { attempts: number; baseMs: number; capMs: number };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

// Each variable: its default, a zod schema, and the sentence the operator reads when the value is wrong.
const VARIABLES = {
  DESK_HOST: {
    fallback: '127.0.0.1',
    schema: z.string().min(1),
    expected: 'must be a host name or IP address',
    meaning: 'address to listen on',
  },
  DESK_PORT: {
    fallback: '8080',
    schema: z
      .string()
      .regex(/^\d{1,5}$/)
      .transform(Number)
      .pipe(z.number().int().min(0).max(65535)),
    expected: 'must be an integer from 0 to 65535',
    meaning: 'TCP port (0: any free port)',
  },
  DESK_DATA: {
    fallback: './data',
    schema: z.string().min(1),
    expected: 'must be a directory path',
    meaning: 'folder for the case store and the token key',
  },
  DESK_STORE: {
    fallback: undefined,
    schema: z.string().regex(/^postgres(ql)?:\/\/\S+$/),
    expected: 'must be a postgres:// URL (or leave it unset for the embedded SQLite store in DESK_DATA)',
    meaning: 'postgres://user@host:port/db for several desks on one store; unset: SQLite in DESK_DATA',
    shown: '(unset)',
  },
  DESK_SECRET: {
    fallback: undefined,
    // HS256 is only as strong as its key: refuse short secrets rather than sign with them
    schema: z.string().min(32),
    expected: 'must be at least 32 characters (or leave it unset to use the generated key file)',
    meaning: 'token signing secret, 32+ characters; unset: DESK_DATA/desk.key',
    // how --help shows the default
    shown: '(unset)',
  },
  DESK_SIGNING_KEY_FILE: {
    fallback: undefined,
    schema: z.string().min(1),
    expected: 'must be a file path',
    meaning: 'audit checkpoint signing key (PEM); unset: DESK_DATA/audit-signing.pem',
    shown: '(unset)',
  },
  DESK_LOG_LEVEL: {
    fallback: 'info',
    schema: z.enum(LOG_LEVELS),
    expected: `must be one of ${LOG_LEVELS.join(', ')}`,
    meaning: LOG_LEVELS.join(' | '),
  },
  DESK_HOME_STATE: {
    fallback: 'MT',
    schema: z.string().regex(/^[A-Z]{2}$/),
    expected: 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. MT',
    meaning: "the State this desk's central authority serves",
  },
  DESK_RATE_LIMIT: {
    fallback: '600',
    schema: z
      .string()
      .regex(/^\d{1,7}$/)
      .transform(Number)
      .pipe(z.number().int().min(1)),
    expected: 'must be a whole number of requests a minute, 1 or more',
    meaning: 'requests a minute per token (per address without one) before 429',
  },
  DESK_SQLITE_WRITES: {
    fallback: 'inline',
    schema: z.enum(['inline', 'thread']),
    expected: 'must be inline or thread',
    meaning:
      "where the SQLite store writes: on the desk's thread, or on a thread of its own (a stalled disk never holds up /health or the stream)",
  },
  DESK_EXCHANGE_RETRY: {
    fallback: '10,2000,300000',
    schema: z
      .string()
      .regex(/^\d{1,4},\d{1,9},\d{1,9}$/)
      .transform((s) => s.split(',').map(Number) as [number, number, number])
      .refine(([attempts, base, cap]) => attempts >= 1 && base >= 1 && cap >= base)
      .transform(([attempts, baseMs, capMs]) => ({ attempts, baseMs, capMs })),
    expected: 'must be ATTEMPTS,FIRST_WAIT_MS,LONGEST_WAIT_MS, e.g. 10,2000,300000 (attempts 1 or more)',
    meaning: 'exchange retries: posts before MESSAGE_NOT_DELIVERED, first and longest wait (ms)',
  },
  DESK_SCENARIOS: {
    fallback: fileURLToPath(new URL('../scenarios', import.meta.url)),
    schema: z.string().min(1),
    expected: 'must be a directory path',
    meaning: 'scenario files served to trainers',
    // how --help shows the default
    shown: './scenarios',
  },
} as const;

type VarName = keyof typeof VARIABLES;

function read<N extends VarName>(
  env: NodeJS.ProcessEnv,
  name: N,
): z.output<(typeof VARIABLES)[N]['schema']> | undefined {
  const spec = VARIABLES[name];
  const raw = env[name];
  // an empty variable (`DESK_PORT= npm start`) means "not set", as most shells and .env tools intend
  const value = raw === undefined || raw === '' ? spec.fallback : raw;
  if (value === undefined) return undefined;
  const parsed = (spec.schema as z.ZodType).safeParse(value);
  if (!parsed.success) {
    // never echo a secret back into a terminal or a log
    const shown = name === 'DESK_SECRET' ? `${value.length} characters` : JSON.stringify(value);
    throw new ConfigError(name, `${spec.expected} (got ${shown})`);
  }
  return parsed.data as z.output<(typeof VARIABLES)[N]['schema']>;
}

// A variable with a default: never undefined.
function required<N extends VarName>(env: NodeJS.ProcessEnv, name: N) {
  const value = read(env, name);
  if (value === undefined) throw new ConfigError(name, 'has no default and is not set');
  return value;
}

// Throws ConfigError on the first bad variable.
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DeskConfig {
  return {
    host: required(env, 'DESK_HOST'),
    port: required(env, 'DESK_PORT'),
    dataDir: required(env, 'DESK_DATA'),
    store: read(env, 'DESK_STORE'),
    secret: read(env, 'DESK_SECRET'),
    auditKeyFile: read(env, 'DESK_SIGNING_KEY_FILE'),
    logLevel: required(env, 'DESK_LOG_LEVEL'),
    homeState: required(env, 'DESK_HOME_STATE'),
    scenariosDir: required(env, 'DESK_SCENARIOS'),
    rateLimit: required(env, 'DESK_RATE_LIMIT'),
    sqliteWrites: required(env, 'DESK_SQLITE_WRITES'),
    exchangeRetry: required(env, 'DESK_EXCHANGE_RETRY'),
  };
}

// What `desk --help` lists, from the same table the values are read with.
export const CONFIG_HELP: ReadonlyArray<{ name: VarName; fallback: string; meaning: string }> = (
  Object.keys(VARIABLES) as VarName[]
).map((name) => {
  const spec: { fallback?: string; meaning: string; shown?: string } = VARIABLES[name];
  return { name, fallback: spec.shown ?? spec.fallback ?? '(unset)', meaning: spec.meaning };
});

// The default a caller that builds a runtime without the environment (tests, replay) falls back to.
export const DEFAULT_HOME_STATE = VARIABLES.DESK_HOME_STATE.fallback;
