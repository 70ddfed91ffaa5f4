// WebSocket GET /stream (contract.md, WebSocket). The durable log is the source for replay, so a client that
// reconnects with `since` gets every entry exactly once and in order, however long it was away. What one
// client is sent is decided one step at a time (its queue): a replay read from the log and the live entries
// that arrive meanwhile never interleave.
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { hiddenSlot } from '../../../machines/hidden-slot.ts';
import { jsonWithView } from '../../json.ts';
import { maySee, mayTrain } from '../../policy.ts';
import type { Actor, StreamEvent } from '../../runtime/types.ts';
import type { DeskRuntime } from '../runtime-port.ts';

export interface StreamOptions {
  pingIntervalMs?: number;
  // past this much unsent data the peer is too slow to follow live: close 1013 and let it resume with since
  maxBufferedBytes?: number;
  // how long a replay (a resume with since) waits for a peer over that limit to read before closing it 1013
  replayPatienceMs?: number;
  // training sessions' progress (paused for a decision, finished), sent to trainers as {type: 'training', session}
  trainingUpdates?: (listener: (session: unknown) => void) => () => void;
}

const OPEN = 1;
const TRY_AGAIN_LATER = 1013;
const DRAIN_POLL_MS = 10;

const CaseRef = z.string().min(1).max(200);
const ClientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    caseId: CaseRef,
    since: z.number().int().nonnegative().optional(),
    epoch: z.string().min(1).max(200).optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), caseId: CaseRef }),
  z.object({ type: z.literal('ping') }),
]);
type ClientMessage = z.infer<typeof ClientMessage>;

interface Cursor {
  // the highest seq this client has been sent for the case
  lastSeq: number;
}

interface Client {
  socket: WebSocket;
  actor: Actor;
  all: boolean;
  cases: Set<string>;
  cursors: Map<string, Cursor>;
  alive: boolean;
  // the client's steps, one after the other
  queue: Promise<void>;
}

// what a client sees of an entry: its fields but `training`, the view's text shared with its other readers
const outward = ({ training: _training, view, ...message }: StreamEvent) => jsonWithView(message, view);

export const streamPlugin: FastifyPluginAsync<StreamOptions & { runtime: DeskRuntime }> = async (
  app,
  opts,
) => {
  const { runtime } = opts;
  const pingIntervalMs = opts.pingIntervalMs ?? 25_000;
  const maxBufferedBytes = opts.maxBufferedBytes ?? 1024 * 1024;
  const replayPatienceMs = opts.replayPatienceMs ?? 30_000;
  const clients = new Set<Client>();

  const send = (client: Client, message: unknown): boolean => {
    const { socket } = client;
    if (socket.readyState !== OPEN) return false;
    if (socket.bufferedAmount > maxBufferedBytes) {
      socket.close(TRY_AGAIN_LATER, 'too slow: reconnect and subscribe with since');
      return false;
    }
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    return true;
  };

  // A replay (the entries after a client's `since`, or those a live delivery found missing) is the client's
  // own backlog, sent as fast as it reads: while the client is over the limit each entry waits, and only a
  // client that reads nothing for replayPatienceMs is closed as too slow. Sent in one go, a resume of more
  // history than the limit closed a client that was reading promptly.
  const replay = async (client: Client, text: string): Promise<boolean> => {
    const { socket } = client;
    for (let waited = 0; waited < replayPatienceMs; waited += DRAIN_POLL_MS) {
      if (socket.readyState !== OPEN || socket.bufferedAmount <= maxBufferedBytes) break;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    return send(client, text);
  };

  // One event goes to many clients: serialise it once, not once per client.
  const texts = hiddenSlot<string>('stream text');
  const wire = (e: StreamEvent): string => {
    let text = texts.get(e);
    if (text === undefined) {
      text = outward(e);
      texts.set(e, text);
    }
    return text;
  };

  const error = (client: Client, message: string) => send(client, { type: 'error', message });

  const visibleHead = (actor: Actor): Promise<number> => runtime.visibleHeadSeq(actor);

  const enqueue = (client: Client, step: () => unknown) => {
    client.queue = client.queue.then(step).then(
      () => undefined,
      (err) => {
        app.log.error({ err }, 'stream step failed');
        client.socket.terminate();
      },
    );
  };

  // Sends e after anything the client missed before it, so a case's entries reach it gap-free and once.
  const deliver = async (client: Client, e: StreamEvent) => {
    let cursor = client.cursors.get(e.caseId);
    if (!cursor) {
      // first entry of a case seen through '*': the client follows it from here
      cursor = { lastSeq: e.seq - 1 };
      client.cursors.set(e.caseId, cursor);
    }
    if (e.seq <= cursor.lastSeq) return;
    if (e.seq > cursor.lastSeq + 1) {
      for (const missed of await runtime.entriesSince(e.caseId, cursor.lastSeq)) {
        if (missed.seq <= cursor.lastSeq || missed.seq >= e.seq) continue;
        if (!(await replay(client, wire(missed)))) return;
        cursor.lastSeq = missed.seq;
      }
    }
    if (send(client, wire(e))) cursor.lastSeq = e.seq;
  };

  const onEvent = (e: StreamEvent) => {
    for (const client of clients) {
      if (!maySee(client.actor, e)) continue;
      if (!client.all && !client.cases.has(e.caseId)) continue;
      // whether the client still follows the case is decided when its turn comes
      enqueue(client, () => (client.all || client.cases.has(e.caseId) ? deliver(client, e) : undefined));
    }
  };

  const subscribe = async (client: Client, msg: Extract<ClientMessage, { type: 'subscribe' }>) => {
    if (msg.caseId === '*') {
      client.all = true;
      // '*' is live only: a per-case `since` is meaningless across cases, so a client catches up per case
      return send(client, {
        type: 'subscribed',
        caseId: '*',
        headSeq: await visibleHead(client.actor),
        ...(msg.since !== undefined || msg.epoch !== undefined
          ? { note: 'since and epoch are ignored for "*"' }
          : {}),
      });
    }
    const view = await runtime.getView(msg.caseId, client.actor);
    if (!view) return error(client, `no case ${JSON.stringify(msg.caseId)}`);
    client.cases.add(msg.caseId);
    const head = await runtime.headSeq(msg.caseId);
    const existing = client.cursors.get(msg.caseId);

    if (
      (msg.epoch !== undefined && msg.epoch !== runtime.epoch) ||
      (msg.since !== undefined && msg.since > head)
    ) {
      // the client's history is not ours (store replaced) or runs ahead of it: start it afresh from the view
      client.cursors.set(msg.caseId, { lastSeq: head });
      return send(client, { type: 'reset', caseId: msg.caseId, epoch: runtime.epoch, view });
    }
    if (msg.since === undefined) {
      if (!existing) client.cursors.set(msg.caseId, { lastSeq: head });
      return send(client, { type: 'subscribed', caseId: msg.caseId, headSeq: head });
    }

    // the client's own resume point wins over what this connection already sent it
    const cursor: Cursor = { lastSeq: msg.since };
    client.cursors.set(msg.caseId, cursor);
    for (const e of await runtime.entriesSince(msg.caseId, msg.since)) {
      if (e.seq <= cursor.lastSeq) continue;
      if (!(await replay(client, wire(e)))) return;
      cursor.lastSeq = e.seq;
    }
    send(client, { type: 'resumed', caseId: msg.caseId, from: msg.since + 1, to: cursor.lastSeq });
  };

  const unsubscribe = (client: Client, caseId: string) => {
    if (caseId === '*') {
      client.all = false;
      for (const id of client.cursors.keys()) if (!client.cases.has(id)) client.cursors.delete(id);
    } else {
      client.cases.delete(caseId);
      if (!client.all) client.cursors.delete(caseId);
    }
    send(client, { type: 'unsubscribed', caseId });
  };

  const onMessage = (client: Client, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    if (isBinary) return error(client, 'send JSON text messages');
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    } catch {
      return error(client, 'the message is not valid JSON');
    }
    const msg = ClientMessage.safeParse(parsed);
    if (!msg.success) {
      const issues = msg.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
      return error(client, `invalid message: ${issues}`);
    }
    switch (msg.data.type) {
      case 'ping':
        return send(client, { type: 'pong' });
      case 'subscribe':
        return subscribe(client, msg.data);
      case 'unsubscribe':
        return unsubscribe(client, msg.data.caseId);
    }
  };

  const stopListening = runtime.subscribe(onEvent);
  const stopTraining = opts.trainingUpdates?.((session) => {
    for (const client of clients)
      if (mayTrain(client.actor.role)) send(client, { type: 'training', session });
  });

  // the `ws` README's heartbeat: a peer that did not answer the last ping is gone
  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }, pingIntervalMs);
  heartbeat.unref();

  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    stopListening();
    stopTraining?.();
  });

  app.route({
    method: 'GET',
    url: '/stream',
    schema: { hide: true },
    handler: async (_request, reply) =>
      reply.code(426).send({ error: 'upgrade-required', message: 'GET /stream is a WebSocket endpoint' }),
    wsHandler: (socket, request) => {
      const actor = request.actor;
      if (!actor) {
        socket.close(1008, 'unauthorized');
        return;
      }
      const client: Client = {
        socket,
        actor,
        all: false,
        cases: new Set(),
        cursors: new Map(),
        alive: true,
        queue: Promise.resolve(),
      };
      clients.add(client);
      socket.on('pong', () => {
        client.alive = true;
      });
      // hello first: a message sent before it is answered after it
      enqueue(client, async () =>
        send(client, { type: 'hello', epoch: runtime.epoch, headSeq: await visibleHead(actor) }),
      );
      socket.on('message', (data, isBinary) => {
        enqueue(client, async () => {
          try {
            await onMessage(client, data, isBinary);
          } catch (err) {
            request.log.error({ err }, 'stream message failed');
            error(client, 'internal error');
          }
        });
      });
      socket.on('close', () => clients.delete(client));
      socket.on('error', (err) => request.log.debug({ err }, 'stream socket error'));
    },
  });
};
