// The desk as an operator runs it: `desk serve` in its own process, a token from `desk token`, a case opened
// over HTTP, the entry received over a real WebSocket, and a clean stop on SIGTERM.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rubberBoat } from '../http/helpers.ts';
import { freePort } from './free-port.ts';

type Message = { type: string; [k: string]: unknown };

let dataDir: string;
let port: number;
let server: ChildProcess;
let output = '';
let exited: Promise<number | null>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
  port = await freePort();
  server = spawn(process.execPath, ['bin/desk.js', 'serve'], {
    env: {
      ...process.env,
      DESK_PORT: String(port),
      DESK_DATA: dataDir,
      DESK_HOST: '127.0.0.1',
      DESK_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d) => {
    output += String(d);
  });
  server.stderr?.on('data', (d) => {
    output += String(d);
  });
  exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`desk did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('desk serve', () => {
  it('opens a case over HTTP, streams it over WebSocket, and stops cleanly on SIGTERM', async () => {
    expect(output).toContain(`desk listening on http://127.0.0.1:${port}`);
    expect(output).toContain('desk token --role operator');

    const minted = spawnSync(process.execPath, ['bin/desk.js', 'token', '--role', 'operator'], {
      env: { ...process.env, DESK_DATA: dataDir },
      encoding: 'utf8',
    });
    expect(minted.status).toBe(0);
    const token = minted.stdout.trimEnd().split('\n').at(-1) ?? '';

    const ws = new WebSocket(`ws://127.0.0.1:${port}/stream?token=${token}`);
    const messages: Message[] = [];
    const arrived = (test: (m: Message) => boolean) =>
      new Promise<Message>((resolve, reject) => {
        const found = messages.find(test);
        if (found) return resolve(found);
        const timer = setTimeout(
          () => reject(new Error(`no such message in ${JSON.stringify(messages)}`)),
          10_000,
        );
        ws.on('message', function check(data) {
          const m = JSON.parse(String(data)) as Message;
          if (test(m)) {
            clearTimeout(timer);
            ws.off('message', check);
            resolve(m);
          }
        });
      });
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));

    const hello = await arrived((m) => m.type === 'hello');
    expect(hello).toMatchObject({ headSeq: 0 });
    ws.send(JSON.stringify({ type: 'subscribe', caseId: '*' }));
    await arrived((m) => m.type === 'subscribed');

    const res = await fetch(`http://127.0.0.1:${port}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(rubberBoat()),
    });
    expect(res.status).toBe(201);
    const view = (await res.json()) as { id: string };

    const event = await arrived((m) => m.type === 'event');
    expect(event).toMatchObject({
      caseId: view.id,
      seq: 1,
      outcome: 'applied',
      view: { id: view.id, version: 1 },
    });
    expect(event).not.toHaveProperty('training');

    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await closed).toBe(1001);
    expect(output).toContain('desk stopped');
    // the WebSocket URL carried the token; the logs must not
    expect(output).not.toContain(token);
  });
});
