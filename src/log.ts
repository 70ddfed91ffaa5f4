// The desk's logger. Logs leave the desk (to files, to log shippers), so they must never carry what the
// desk is entrusted with: people's data from the cases, bearer tokens, justifications written under stress.
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

// Keys that may hold personal data about persons on board or credentials, wherever they appear.
const SENSITIVE_KEYS = [
  'persons',
  'personsOnBoard',
  'justification',
  'countriesOfOrigin',
  'token',
  'secret',
  'password',
  'authorization',
  'notes',
  'note',
  'body',
];

// fast-redact wildcards match one level each, so cover the depths where payloads nest in our log lines.
export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...SENSITIVE_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
];

// The WebSocket accepts `?token=`; request URLs are logged, so the token is cut out of them. The query
// parser decodes names before the desk reads them (`?tok%65n=` is `?token=`), so names are compared decoded,
// and any parameter whose name speaks of a token is cut, however it is spelt.
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    return /token/i.test(decodeName(name)) ? `${name}=[Redacted]` : pair;
  });
  return `${url.slice(0, q + 1)}${parts.join('&')}${hash < 0 ? '' : url.slice(hash)}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    // a malformed escape elsewhere in the name: decode the well-formed ones one by one
    return name.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  routeOptions?: { url?: string };
}

const serializers = {
  // only what identifies the route, never headers or bodies
  req: (req: RequestLike) => ({
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    remoteAddress: req.ip,
  }),
  err: pino.stdSerializers.err,
};

export interface LoggerOptions {
  level?: string;
  // default: pretty when stdout is a terminal, JSON otherwise
  pretty?: boolean;
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const usePretty = opts.pretty ?? (opts.destination === undefined && process.stdout.isTTY === true);
  const options: pino.LoggerOptions = {
    name: opts.name ?? 'desk',
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers,
  };
  // pino-pretty as a stream, not a transport: no worker thread to outlive a graceful shutdown
  const destination =
    opts.destination ??
    (usePretty
      ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ fd: 1, sync: true }));
  return pino(options, destination);
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

// Fastify makes a child logger for every request, bound to its id, and pino builds a child's bindings at once,
// through the redaction: a fortieth of what a recorded event costs the desk. This child is made when the
// request first logs at a level the desk writes, so a request that logs nothing costs nothing here.
export function lazyChild(
  parent: Logger,
  bindings: pino.Bindings,
  options: pino.ChildLoggerOptions = {},
): Logger {
  // a route with a level or serializers of its own has its child at once: the parent cannot say what it writes
  if (options.level !== undefined || options.serializers !== undefined)
    return parent.child(bindings, options);
  let child: Logger | undefined;
  const made = () => {
    child ??= parent.child(bindings, options);
    return child;
  };
  const lazy = Object.create(parent) as Logger;
  for (const level of LEVELS) {
    lazy[level] = ((...args: Parameters<pino.LogFn>) => {
      if (child || parent.isLevelEnabled(level)) made()[level](...args);
    }) as pino.LogFn;
  }
  lazy.child = ((b: pino.Bindings, o?: pino.ChildLoggerOptions) =>
    made().child(b, o)) as unknown as Logger['child'];
  return lazy;
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
