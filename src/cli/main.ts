import { randomUUID } from 'node:crypto';
// The `desk` command (contract.md, Command line). Returns an exit code instead of exiting, so tests can
// call it in-process; bin/desk.js sets process.exitCode from it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { Role } from '../../machines/schemas.ts';
import { DEFAULT_EXPIRY_SECONDS, issueToken, loadSigningKey, TokenError } from '../auth/tokens.ts';
import { systemClock } from '../clock.ts';
import { CONFIG_HELP, ConfigError, type DeskConfig, loadConfig } from '../config.ts';
import { type ExchangeKeys, loadExchangeKeys } from '../exchange/keys.ts';
import { DEFAULT_RETRY, Relay } from '../exchange/relay.ts';
import type { DeskApp } from '../http/app.ts';
import { createLogger, type Logger } from '../log.ts';
import type { CaseRuntime } from '../runtime/case-runtime.ts';

// The HTTP stack and the store load only for the commands that use them, so `desk token` stays quick.
const loadRuntime = () => import('../runtime/case-runtime.ts');

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const HELP = `desk: decision support for interceptions at sea (UN Smuggling of Migrants Protocol, arts 7-9)

usage:
  desk serve                         HTTP API and WebSocket stream on DESK_HOST:DESK_PORT
  desk token --role ROLE [--subject NAME] [--hours N]
                                     print a bearer token (roles: ${Role.options.join(', ')})
  desk verify [--case ID]            check the audit chains and the directory chain in DESK_DATA;
                                     exit 1 at the first bad entry
  desk verify --bundle FILE          check an exported case (GET /cases/ID/export) offline: no
                                     DESK_DATA needed; exit 1 naming the first bad entry
  desk verify --witness FILE         also hold the store against checkpoints exported earlier
  desk checkpoints export [FILE]     every case's signed head, one JSON line each: keep it elsewhere
  desk backup FILE                   a consistent copy of the embedded store (while the desk serves)
  desk restore FILE                  verify a copy with this desk's key, then put it in DESK_DATA (no
                                     desk may be serving it; the store it replaces is kept beside it)
  desk replay <file-or-folder>... [--json] [--speed N]
                                     run scenario files on a simulated clock
  desk exchange jwks                 print this desk's public exchange keys (to give the other State)
  desk exchange rotate-key           add a new exchange key and sign with it (restart the desk after)
  desk exchange retire-keys          drop every exchange key but the newest (once the others have it)
  desk help                          this text

configuration (environment):
${CONFIG_HELP.map((v) => `  ${v.name.padEnd(16)} ${v.fallback.padEnd(10)} ${v.meaning}`).join('\n')}
`;

// One line on stderr, as a duty officer should see it: what is wrong, not where in the code.
const fail = (message: string, code = EXIT_USAGE) => {
  process.stderr.write(`desk: ${message}\n`);
  return code;
};

function config(): DeskConfig | number {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) return fail(`invalid configuration: ${err.message}`);
    throw err;
  }
}

// parseArgs throws on unknown options; turn that into a usage error instead of a stack trace.
function parse<T extends ParseArgsConfig>(spec: T): ReturnType<typeof parseArgs<T>> | number {
  try {
    return parseArgs(spec);
  } catch (err) {
    return fail(`${(err as Error).message}\n${HELP}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'token':
      return token(rest);
    case 'verify':
      return verify(rest);
    case 'checkpoints':
      return checkpointsCommand(rest);
    case 'backup':
    case 'restore':
      return backupCommand(command, rest);
    case 'replay':
      return replay(rest);
    case 'exchange':
      return exchangeKeysCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return EXIT_OK;
    default:
      return fail(`unknown command ${JSON.stringify(command)}\n${HELP}`);
  }
}

async function serve(argv: string[]): Promise<number> {
  const args = parse({ args: argv, options: {}, allowPositionals: false });
  if (typeof args === 'number') return args;
  const cfg = config();
  if (typeof cfg === 'number') return cfg;
  const logger = createLogger({ level: cfg.logLevel });

  let runtime: CaseRuntime;
  let opened: CaseRuntime | undefined;
  let app: DeskApp;
  let exchangeKeys: ExchangeKeys;
  try {
    const [{ openRuntime }, { buildApp }] = await Promise.all([loadRuntime(), import('../http/app.ts')]);
    runtime = await openRuntime({
      dataDir: cfg.dataDir,
      storeUrl: cfg.store,
      sqliteWrites: cfg.sqliteWrites,
      clock: systemClock,
      homeState: cfg.homeState,
      logger,
      exclusive: true,
      ...(cfg.auditKeyFile ? { auditKeyFile: cfg.auditKeyFile } : {}),
    });
    opened = runtime;
    const signingKey = loadSigningKey(cfg);
    if (runtime.store.shared) {
      const { agreeOnKeys } = await import('../runtime/agreement.ts');
      await agreeOnKeys(runtime.store, { token: signingKey, auditPublicKey: runtime.auditPublicKey });
    }
    const { TrainingDesk, loadScenarioLibrary } = await import('../training/sessions.ts');
    const library = loadScenarioLibrary(cfg.scenariosDir, (problem) =>
      logger.warn({ problem }, 'scenario not served'),
    );
    const training = new TrainingDesk({ runtime, scenarios: () => library, ids: () => randomUUID() });
    // sessions a restart interrupted go on where they stood
    const resumed = await training.restore();
    if (resumed > 0) logger.info({ resumed }, 'training sessions resumed');
    exchangeKeys = await loadExchangeKeys(cfg.dataDir);
    app = await buildApp({
      exchangeKeys,
      runtime,
      config: cfg,
      signingKey,
      logger,
      clock: systemClock,
      training,
      warmGeography: true,
    });
  } catch (err) {
    const { DataDirLockedError } = await import('../data-dir.ts');
    const { SigningKeyMissingError, StoreVanishedError } = await loadRuntime();
    // what the operator must do is in the message: no stack trace for these
    if (
      err instanceof DataDirLockedError ||
      err instanceof SigningKeyMissingError ||
      err instanceof StoreVanishedError
    )
      logger.fatal(err.message);
    else logger.fatal({ err }, 'the desk could not start');
    // a store opened before the failure holds connections that would keep the process alive
    await opened?.stop().catch(() => {});
    return EXIT_FAILED;
  }

  let address: string;
  try {
    address = await app.listen({ host: cfg.host, port: cfg.port });
  } catch (err) {
    logger.fatal({ err, host: cfg.host, port: cfg.port }, 'the desk could not listen');
    await app.close().catch(() => {});
    await runtime.stop();
    return EXIT_FAILED;
  }
  runtime.startDeadlineWorker();
  try {
    // other desks on the same store: their entries reach this desk's stream too
    await runtime.followStore();
  } catch (err) {
    logger.fatal({ err }, 'the desk could not follow the shared store');
    await app.close().catch(() => {});
    await runtime.stop();
    return EXIT_FAILED;
  }
  // the outbox relay: messages to other States' desks, as soon as a step sends one, and their retries
  const relay = new Relay({
    runtime,
    keys: exchangeKeys,
    clock: systemClock,
    random: Math.random,
    logger,
    retry: { ...DEFAULT_RETRY, ...cfg.exchangeRetry },
  });
  runtime.subscribe((e) => {
    if ('sends' in e.event) relay.wake();
  });
  relay.start();
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : cfg.port;
  logger.info(
    {
      address,
      host: cfg.host,
      port,
      data: cfg.dataDir,
      store: runtime.store.kind,
      homeState: cfg.homeState,
      epoch: runtime.epoch,
    },
    `desk listening on ${address} (API docs: ${address}/docs)`,
  );
  logger.info(
    `get a token: npx desk token --role operator  (or: npm run desk -- token --role operator), with the same DESK_DATA`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        // a second signal means the operator will not wait: stop now, but say so
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(EXIT_FAILED);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      void relay
        .stop()
        .then(() => stop(logger, app, runtime))
        .then(resolve);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
}

// The keys two central authorities swap with their desks' URLs (README, "Desk to desk").
async function exchangeKeysCommand(argv: string[]): Promise<number> {
  const args = parse({ args: argv, options: {}, allowPositionals: true });
  if (typeof args === 'number') return args;
  const cfg = config();
  if (typeof cfg === 'number') return cfg;
  const [what] = args.positionals;
  const keys = await import('../exchange/keys.ts');
  const made =
    what === 'jwks'
      ? await keys.loadExchangeKeys(cfg.dataDir)
      : what === 'rotate-key'
        ? await keys.rotateExchangeKey(cfg.dataDir)
        : what === 'retire-keys'
          ? await keys.retireExchangeKeys(cfg.dataDir)
          : undefined;
  if (!made) return fail(`desk exchange takes jwks, rotate-key or retire-keys\n${HELP}`);
  process.stdout.write(`${JSON.stringify(made.jwks, null, 2)}\n`);
  return EXIT_OK;
}

async function stop(logger: Logger, app: DeskApp, runtime: CaseRuntime): Promise<number> {
  let code = EXIT_OK;
  try {
    // in-flight requests complete; the stream's sockets are closed with 1001 by @fastify/websocket
    await app.close();
  } catch (err) {
    logger.error({ err }, 'closing the HTTP server failed');
    code = EXIT_FAILED;
  }
  try {
    await runtime.stop();
  } catch (err) {
    logger.error({ err }, 'closing the store failed');
    code = EXIT_FAILED;
  }
  logger.info('desk stopped');
  // Nothing should hold the loop open now; if something does, do not hang a service manager forever.
  setTimeout(() => process.exit(code), 5000).unref();
  return code;
}

async function token(argv: string[]): Promise<number> {
  const args = parse({
    args: argv,
    options: { role: { type: 'string' }, subject: { type: 'string' }, hours: { type: 'string' } },
    allowPositionals: false,
  });
  if (typeof args === 'number') return args;
  const { role, subject, hours } = args.values as { role?: string; subject?: string; hours?: string };
  if (!role) return fail(`--role is required: one of ${Role.options.join(', ')}`);
  if (!Role.safeParse(role).success)
    return fail(`--role must be one of ${Role.options.join(', ')} (got ${JSON.stringify(role)})`);
  let expiresInSeconds = DEFAULT_EXPIRY_SECONDS;
  if (hours !== undefined) {
    const h = Number(hours);
    if (!Number.isFinite(h) || h <= 0 || h > 24 * 31)
      return fail(`--hours must be a number from 0 to 744 (got ${JSON.stringify(hours)})`);
    expiresInSeconds = Math.round(h * 3600);
  }
  const cfg = config();
  if (typeof cfg === 'number') return cfg;
  try {
    const key = loadSigningKey(cfg);
    const jwt = await issueToken(role, {
      key,
      expiresInSeconds,
      now: systemClock.now(),
      ...(subject ? { subject } : {}),
    });
    process.stdout.write(`${jwt}\n`);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof TokenError) return fail(err.message);
    return fail((err as Error).message, EXIT_FAILED);
  }
}

async function verify(argv: string[]): Promise<number> {
  const args = parse({
    args: argv,
    options: { case: { type: 'string' }, bundle: { type: 'string' }, witness: { type: 'string' } },
    allowPositionals: false,
  });
  if (typeof args === 'number') return args;
  const { bundle } = args.values as { bundle?: string };
  if (bundle !== undefined) {
    if ((args.values as { case?: string }).case !== undefined)
      return fail('--bundle checks the one case the file holds: give it without --case');
    const { verifyBundleFile } = await import('./verify-bundle.ts');
    const say = (line: string) => process.stdout.write(`${line}\n`);
    return verifyBundleFile(bundle, say, (line) => process.stderr.write(`${line}\n`));
  }
  const cfg = config();
  if (typeof cfg === 'number') return cfg;
  const { witness } = args.values as { witness?: string };
  if (witness !== undefined && !existsSync(witness)) return fail(`no witness file ${witness}`);
  const runtime = await openReader(cfg);
  if (typeof runtime === 'number') return runtime;
  try {
    const code = await report(runtime, (args.values as { case?: string }).case, cfg.dataDir);
    if (witness === undefined) return code;
    const { checkWitness } = await import('./witness.ts');
    const found = await checkWitness(runtime, readFileSync(witness, 'utf8'));
    for (const f of found) process.stdout.write(`WITNESS ${f.caseId}  seq ${f.seq}: ${f.problem}\n`);
    if (found.length > 0)
      return fail(
        `the store differs from the witness: first at case ${found[0]!.caseId} seq ${found[0]!.seq}`,
        EXIT_FAILED,
      );
    process.stdout.write('witness: every head it saw is in the log\n');
    return code;
  } finally {
    await runtime.stop();
  }
}

// desk checkpoints export [FILE]: the witness (src/cli/witness.ts), on stdout or into FILE.
async function checkpointsCommand(argv: string[]): Promise<number> {
  const args = parse({ args: argv, options: {}, allowPositionals: true });
  if (typeof args === 'number') return args;
  const [what, file, ...extra] = args.positionals;
  if (what !== 'export' || extra.length > 0) return fail(`desk checkpoints takes: export [FILE]\n${HELP}`);
  const cfg = config();
  if (typeof cfg === 'number') return cfg;
  const runtime = await openReader(cfg);
  if (typeof runtime === 'number') return runtime;
  try {
    const { exportCheckpoints } = await import('./witness.ts');
    const text = await exportCheckpoints(runtime);
    if (file === undefined) process.stdout.write(text);
    else writeFileSync(file, text, { flag: 'wx' });
    return EXIT_OK;
  } catch (err) {
    return fail((err as Error).message, EXIT_FAILED);
  } finally {
    await runtime.stop();
  }
}

// A runtime that only reads: beside a serving desk, on a store it doubts, it writes nothing, makes no key,
// and does not act on a directory it is about to check. `store`: another file than DESK_DATA's (a backup).
async function openReader(cfg: DeskConfig, store?: string): Promise<CaseRuntime | number> {
  // the CLI's own output is the report; runtime logs would only interleave with it
  const logger = createLogger({ level: 'warn', name: 'desk-verify' });
  const { openRuntime } = await loadRuntime();
  const { openSqliteStore } = await import('../store/sqlite.ts');
  try {
    return await openRuntime({
      dataDir: cfg.dataDir,
      ...(store
        ? { store: openSqliteStore(dirname(store), basename(store), { readOnly: true }) }
        : { storeUrl: cfg.store }),
      clock: systemClock,
      homeState: cfg.homeState,
      logger,
      readOnly: true,
      ...(cfg.auditKeyFile ? { auditKeyFile: cfg.auditKeyFile } : {}),
    });
  } catch (err) {
    // a store that cannot be opened (lost, truncated, unreachable) is a failed verification, said in a line
    return fail((err as Error).message, EXIT_FAILED);
  }
}

// desk verify's report: the store file, the directory, then each case; exit 1 naming the first bad entry.
async function report(runtime: CaseRuntime, only: string | undefined, where: string): Promise<number> {
  const ids = await runtime.caseIds();
  if (only !== undefined && !ids.includes(only)) return fail(`no case ${JSON.stringify(only)} in ${where}`);
  const targets = only !== undefined ? [only] : ids;
  let firstBad: string | undefined;
  // the file itself first: a page SQLite cannot read makes every later answer doubtful
  const damaged = (await runtime.store.integrity?.()) ?? [];
  if (damaged.length > 0) {
    process.stdout.write(`store: DAMAGED: ${damaged.join('; ')}\n`);
    firstBad = `store file: ${damaged[0]}`;
  } else if (runtime.store.integrity) process.stdout.write('store: integrity check ok\n');
  // the directory decides where persons may be taken, in every case: checked whatever --case names
  const directory = await runtime.verifyDirectory();
  const counted = `${directory.entries} ${directory.entries === 1 ? 'entry' : 'entries'}`;
  if (directory.valid) {
    process.stdout.write(`directory: ${counted}, chain intact\n`);
  } else {
    const at = directory.firstBad
      ? `seq ${directory.firstBad.seq}: ${directory.firstBad.problem}`
      : 'chain invalid';
    process.stdout.write(`directory: ${counted}, BROKEN at ${at}\n`);
    firstBad ??= `directory ${at}`;
  }
  for (const id of targets) {
    const r = await runtime.verify(id);
    if (r.valid) {
      process.stdout.write(`ok      ${id}  ${r.entries} entries  head ${r.head.slice(0, 16)}\n`);
    } else {
      const at = r.firstBad ? `seq ${r.firstBad.seq}: ${r.firstBad.problem}` : 'chain invalid';
      process.stdout.write(`BROKEN  ${id}  ${at}\n`);
      firstBad ??= `case ${id} ${at}`;
    }
  }
  if (targets.length === 0) process.stdout.write(`no cases in ${where}\n`);
  if (firstBad) return fail(`audit chain broken: first bad entry is ${firstBad}`, EXIT_FAILED);
  process.stdout.write(`${targets.length} case(s) verified\n`);
  return EXIT_OK;
}

// desk backup FILE / desk restore FILE (src/cli/backup.ts): the embedded store only.
async function backupCommand(what: 'backup' | 'restore', argv: string[]): Promise<number> {
  const args = parse({ args: argv, options: {}, allowPositionals: true });
  if (typeof args === 'number') return args;
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) return fail(`desk ${what} takes one file\n${HELP}`);
  const cfg = config();
  if (typeof cfg === 'number') return cfg;
  if (cfg.store)
    return fail(`desk ${what} is for the embedded store; back up a PostgreSQL store with pg_dump`);
  const { backupStore, restoreStore } = await import('./backup.ts');
  const say = { out: (line: string) => process.stdout.write(`${line}\n`) };
  try {
    if (what === 'backup') {
      await backupStore(cfg.dataDir, file, say);
      return EXIT_OK;
    }
    // the copy must verify with this desk's key before it replaces anything
    const reader = await openReader(cfg, resolve(file));
    if (typeof reader === 'number') return reader;
    let verified: number;
    try {
      verified = await report(reader, undefined, file);
    } finally {
      await reader.stop();
    }
    if (verified !== EXIT_OK) return fail(`${file} does not verify: nothing was restored`, EXIT_FAILED);
    await restoreStore(cfg.dataDir, file, systemClock.now(), say);
    return EXIT_OK;
  } catch (err) {
    return fail((err as Error).message, EXIT_FAILED);
  }
}

type ReplayModule = { replayMain?: (argv: string[]) => Promise<number> };

async function replay(argv: string[]): Promise<number> {
  // owned by the scenarios work; the desk runs without it
  const url = new URL('../scenarios/replay-cli.ts', import.meta.url);
  if (!existsSync(url))
    return fail('replay is not available in this build (src/scenarios/replay-cli.ts is missing)');
  const mod = (await import(url.href)) as ReplayModule;
  if (typeof mod.replayMain !== 'function')
    return fail('replay is not available: replay-cli.ts exports no replayMain');
  return mod.replayMain(argv);
}
