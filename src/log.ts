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

// The WebSocket accepts `?token=`; request URLs are logged, so the token is cut out of them.
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_)?token=)[^&#]*/gi, '$1[Redacted]');
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

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
