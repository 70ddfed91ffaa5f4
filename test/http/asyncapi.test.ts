// Issue 17: the WebSocket /stream described in AsyncAPI 3.0 (docs/asyncapi.yaml). The document parses and
// validates (@asyncapi/parser, offline: no reference leaves the file); every message type the stream's code
// sends or accepts is in it, on the right side; and what a real desk sends validates against it.
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { VERSION } from '../../src/http/version.ts';
import { type Desk, rubberBoat, startDesk } from './helpers.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const TEXT = read('../../docs/asyncapi.yaml');

type Message = { type: string; [field: string]: unknown };
let sent: Map<string, ValidateFunction>;
let accepted: Map<string, ValidateFunction>;

beforeAll(async () => {
  const { document, diagnostics } = await new Parser().parse(TEXT);
  // 0 is an error, 1 a warning (@stoplight/types); the parser's only note is that AsyncAPI 3.1 exists
  expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual(
    [],
  );
  if (!document) throw new Error('docs/asyncapi.yaml does not parse');
  expect(document.version()).toBe('3.0.0');
  expect(document.info().version()).toBe(VERSION);
  const ajv = new Ajv({ strict: false, allErrors: true });
  const byType = (messages: Array<{ payload(): { json(): unknown } | undefined }>) =>
    new Map(
      messages.map((m) => {
        const payload = m.payload()?.json() as { properties: { type: { const: string } } };
        return [payload.properties.type.const, ajv.compile(payload)] as const;
      }),
    );
  // the document describes the desk: what it receives is what a client sends, and the other way round
  const operations = document.operations().all();
  accepted = byType(
    operations.filter((op) => op.action() === 'receive').flatMap((op) => op.messages().all()),
  );
  sent = byType([
    ...operations.filter((op) => op.action() === 'send').flatMap((op) => op.messages().all()),
    ...operations.flatMap((op) => op.reply()?.messages().all() ?? []),
  ]);
});

describe('docs/asyncapi.yaml', () => {
  it("names every message type the stream's code sends and accepts, each on its side", () => {
    const stream = read('../../src/http/routes/stream.ts');
    const types = read('../../src/runtime/types.ts');
    const sends = [
      ...stream.matchAll(/send\(client, \{\s*type: '([a-z-]+)'/g),
      ...types.matchAll(/interface StreamEvent \{\s*type: '([a-z-]+)'/g),
    ].map((m) => m[1]);
    const accepts = [...stream.matchAll(/z\.literal\('([a-z-]+)'\)/g)].map((m) => m[1]);
    expect(new Set(sends)).toEqual(
      new Set([
        'hello',
        'subscribed',
        'unsubscribed',
        'event',
        'resumed',
        'reset',
        'pong',
        'error',
        'training',
      ]),
    );
    expect(new Set(accepts)).toEqual(new Set(['subscribe', 'unsubscribe', 'ping']));
    expect([...sent.keys()].sort()).toEqual([...new Set(sends)].sort());
    expect([...accepted.keys()].sort()).toEqual([...new Set(accepts)].sort());
  });
});

describe('a real desk talks as the document says', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk();
  });
  afterAll(() => desk.close());

  it('hello, subscribe, event, resumed, reset, unsubscribe, ping and pong, error: each validates', async () => {
    const headers = await desk.auth('operator');
    const id = (
      await desk.app.inject({ method: 'POST', url: '/cases', headers, payload: rubberBoat() })
    ).json().id as string;
    const received: Message[] = [];
    let ws: WebSocket | undefined;
    await desk.app.injectWS(
      `/stream?token=${await desk.token('operator')}`,
      {},
      {
        onInit: (socket) => {
          ws = socket;
          socket.on('message', (data) => received.push(JSON.parse(String(data)) as Message));
        },
      },
    );
    const until = async (type: string, count = 1) => {
      const deadline = Date.now() + 5_000;
      while (received.filter((m) => m.type === type).length < count) {
        if (Date.now() > deadline) throw new Error(`no ${type}; got ${received.map((m) => m.type)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const send = (message: Message | string) => {
      if (typeof message !== 'string') {
        const validate = accepted.get(message.type);
        expect(validate?.(message), JSON.stringify(validate?.errors)).toBe(true);
      }
      ws?.send(typeof message === 'string' ? message : JSON.stringify(message));
    };

    await until('hello');
    const epoch = received[0]?.epoch as string;
    send({ type: 'subscribe', caseId: id });
    await until('subscribed');
    await desk.app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers,
      payload: { type: 'DISTRESS_ASSESSED', phase: 'alert', factors: ['overcrowded'] },
    });
    await until('event');
    send({ type: 'subscribe', caseId: id, since: 0, epoch });
    await until('resumed');
    send({ type: 'subscribe', caseId: id, since: 1, epoch: 'another-store' });
    await until('reset');
    send({ type: 'subscribe', caseId: '*', since: 3 });
    await until('subscribed', 2);
    send({ type: 'unsubscribe', caseId: id });
    await until('unsubscribed');
    send({ type: 'ping' });
    await until('pong');
    send('not json');
    await until('error');
    ws?.terminate();

    for (const message of received) {
      const validate = sent.get(message.type);
      expect(validate, message.type).toBeDefined();
      expect(validate?.(message), `${message.type}: ${JSON.stringify(validate?.errors)}`).toBe(true);
    }
    expect(new Set(received.map((m) => m.type))).toEqual(
      new Set(['hello', 'subscribed', 'event', 'resumed', 'reset', 'unsubscribed', 'pong', 'error']),
    );
  });
});
