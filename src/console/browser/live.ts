// The desk's stream (contract.md, WebSocket) as the page follows it: one socket, resubscribed after every
// drop with `since` = the last seq this page has shown and the epoch the desk said hello with, so the page
// catches up without a reload. Entries are taken once, in seq order: a replayed entry the page already has
// is dropped, and a gap makes it ask again from what it has. A desk that cannot be reached is tried again
// for as long as the page is open (a ship's link can be down for hours); only the desk itself refusing the
// token ends it. No DOM here, so Node tests drive it with `ws`.
import type { CaseView, ServerMessage, SessionView, StreamEventMessage } from './types.ts';

export type LiveStatus = 'connecting' | 'catching-up' | 'live' | 'reconnecting' | 'stopped';

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface LiveHandlers {
  onStatus(status: LiveStatus, info: { attempt: number; retryInMs?: number }): void;
  // an entry of a followed case, after everything before it
  onEvent(message: StreamEventMessage): void;
  // the desk could not replay the gap (its store was replaced): the page must start afresh from this view
  onReset(caseId: string, view: CaseView): void;
  // an entry of a case the page does not follow, seen through "*"
  onOtherEvent?(message: StreamEventMessage): void;
  onTraining?(session: SessionView): void;
  // asked while connections keep failing to open: only false, the desk answering that it refuses the token,
  // stops the retries; an error (the desk down, a 5xx) is no answer and the retries go on
  stillAuthorised?(): Promise<boolean>;
}

export interface LiveOptions {
  url: () => string;
  open?: (url: string) => SocketLike;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  // a ping this often; a socket silent for twice as long is taken for dead (a cable pulled, a NAT that forgot)
  heartbeatMs?: number;
  // a connection not open by then is given up and tried again: a link that drops packets never refuses
  openTimeoutMs?: number;
  random?: () => number;
}

interface Cursor {
  // undefined after a reset: the next entry sets it
  lastSeq: number | undefined;
  caughtUp: boolean;
}

const OPEN = 1;

export class LiveStream {
  private socket: SocketLike | undefined;
  private epoch: string | undefined;
  private greeted = false;
  private attempt = 0;
  private failedOpens = 0;
  private stopped = false;
  private checking = false;
  private all = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private readonly cursors = new Map<string, Cursor>();
  private status: LiveStatus = 'connecting';

  constructor(
    private readonly opts: LiveOptions,
    private readonly handlers: LiveHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
    const every = this.opts.heartbeatMs ?? 20_000;
    this.heartbeat = setInterval(() => this.beat(every), every);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    this.drop(1000, 'signed out');
    this.setStatus('stopped');
  }

  get state(): LiveStatus {
    return this.status;
  }

  // The page holds everything up to `since` (from GET /cases/:id/audit); the desk sends the rest.
  follow(caseId: string, since: number): void {
    this.cursors.set(caseId, { lastSeq: since, caughtUp: false });
    if (this.greeted) this.subscribe(caseId);
    this.settle();
  }

  unfollow(caseId: string): void {
    if (!this.cursors.delete(caseId)) return;
    if (this.greeted) this.send({ type: 'unsubscribe', caseId });
    this.settle();
  }

  followAll(on: boolean): void {
    if (this.all === on) return;
    this.all = on;
    if (this.greeted)
      this.send(on ? { type: 'subscribe', caseId: '*' } : { type: 'unsubscribe', caseId: '*' });
  }

  lastSeq(caseId: string): number | undefined {
    return this.cursors.get(caseId)?.lastSeq;
  }

  // The officer's "Retry now": skip the rest of the backoff wait, or a connection still trying to open.
  retryNow(): void {
    if (this.stopped || this.socket?.readyState === OPEN) return;
    clearTimeout(this.retryTimer);
    this.drop(4000, 'retry now');
    this.connect();
  }

  private setStatus(status: LiveStatus, retryInMs?: number): void {
    this.status = status;
    this.handlers.onStatus(status, {
      attempt: this.attempt,
      ...(retryInMs !== undefined ? { retryInMs } : {}),
    });
  }

  private settle(): void {
    if (!this.greeted || this.stopped) return;
    const waiting = [...this.cursors.values()].some((c) => !c.caughtUp);
    const next = waiting ? 'catching-up' : 'live';
    if (next !== this.status) this.setStatus(next);
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private subscribe(caseId: string): void {
    const cursor = this.cursors.get(caseId);
    if (!cursor) return;
    cursor.caughtUp = false;
    this.send({
      type: 'subscribe',
      caseId,
      ...(cursor.lastSeq !== undefined ? { since: cursor.lastSeq } : {}),
      ...(this.epoch !== undefined ? { epoch: this.epoch } : {}),
    });
  }

  private connect(): void {
    if (this.stopped) return;
    this.greeted = false;
    this.setStatus(this.attempt === 0 && this.epoch === undefined ? 'connecting' : 'reconnecting');
    const open = this.opts.open ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    let socket: SocketLike;
    try {
      socket = open(this.opts.url());
    } catch {
      this.reconnectLater();
      return;
    }
    this.socket = socket;
    let opened = false;
    this.lastHeard = Date.now();
    const openTimer = setTimeout(() => {
      if (opened || this.socket !== socket) return;
      this.drop(4000, 'no answer');
      this.failedOpens++;
      this.reconnectLater();
    }, this.opts.openTimeoutMs ?? 10_000);
    socket.onopen = () => {
      opened = true;
      clearTimeout(openTimer);
      this.failedOpens = 0;
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      let message: ServerMessage;
      try {
        message = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      this.receive(message);
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      clearTimeout(openTimer);
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.greeted = false;
      if (!opened) this.failedOpens++;
      this.reconnectLater();
    };
  }

  private drop(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    this.greeted = false;
    if (!socket) return;
    try {
      socket.close(code, reason);
    } catch {
      // already closing
    }
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const initial = this.opts.initialBackoffMs ?? 500;
    const max = this.opts.maxBackoffMs ?? 15_000;
    const base = Math.min(max, initial * 2 ** this.attempt);
    // jitter, so a watch floor's consoles do not all knock at once after the desk restarts
    const delay = Math.round(base * (0.75 + 0.5 * (this.opts.random ?? Math.random)()));
    this.attempt++;
    this.setStatus('reconnecting', delay);
    this.retryTimer = setTimeout(() => {
      // the socket cannot tell a refused token from a desk that is down: ask over HTTP, without waiting for
      // the answer, so a request that hangs on a dead link does not hold the next try back
      if (this.failedOpens >= 3) this.checkAuthorised();
      this.connect();
    }, delay);
  }

  private checkAuthorised(): void {
    const check = this.handlers.stillAuthorised;
    if (!check || this.checking) return;
    this.checking = true;
    check().then(
      (ok) => {
        this.checking = false;
        if (ok === false) this.stop();
      },
      () => {
        this.checking = false;
      },
    );
  }

  private beat(every: number): void {
    if (!this.socket || this.socket.readyState !== OPEN) return;
    if (Date.now() - this.lastHeard > 2 * every) {
      this.drop(4000, 'no answer');
      this.reconnectLater();
      return;
    }
    this.send({ type: 'ping' });
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'hello': {
        this.greeted = true;
        this.attempt = 0;
        // a desk whose store was replaced says a new epoch; we still send the old one so it answers `reset`
        this.epoch ??= message.epoch;
        if (this.all) this.send({ type: 'subscribe', caseId: '*' });
        for (const caseId of this.cursors.keys()) this.subscribe(caseId);
        this.setStatus(this.cursors.size > 0 ? 'catching-up' : 'live');
        return;
      }
      case 'event': {
        const cursor = this.cursors.get(message.caseId);
        if (!cursor) {
          this.handlers.onOtherEvent?.(message);
          return;
        }
        if (cursor.lastSeq !== undefined) {
          if (message.seq <= cursor.lastSeq) return;
          if (message.seq > cursor.lastSeq + 1) {
            // never expected from the desk; asking again from what we have is always safe
            this.subscribe(message.caseId);
            return;
          }
        }
        cursor.lastSeq = message.seq;
        this.handlers.onEvent(message);
        return;
      }
      case 'resumed':
      case 'subscribed': {
        const cursor = this.cursors.get(message.caseId);
        if (cursor) cursor.caughtUp = true;
        this.settle();
        return;
      }
      case 'reset': {
        this.epoch = message.epoch;
        const cursor = this.cursors.get(message.caseId);
        if (!cursor) return;
        cursor.lastSeq = undefined;
        cursor.caughtUp = true;
        this.handlers.onReset(message.caseId, message.view);
        this.settle();
        return;
      }
      case 'training':
        this.handlers.onTraining?.(message.session);
        return;
      case 'error': {
        // e.g. a case this role may not see: do not wait for it forever
        const m = /^no case "(.*)"$/.exec(message.message);
        const cursor = m?.[1] !== undefined ? this.cursors.get(m[1]) : undefined;
        if (cursor) cursor.caughtUp = true;
        this.settle();
        return;
      }
      default:
        return;
    }
  }
}
