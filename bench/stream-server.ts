// The stream bench's baselines (bench/stream.ts), each in its own process, as the desk is:
//   naive: Fastify + @fastify/websocket + SQLite (WAL, synchronous=FULL), one INSERT of the posted event per
//          request, then the message broadcast: the durable server anyone would write first;
//   bare:  Fastify + @fastify/websocket, the message broadcast with nothing stored.
// Both send a message of the desk's size around the posted event (the desk's own message as a template), so
// the three differ in what they do per event, not in the bytes they send.
// Usage: stream-server.ts naive|bare PORT DATA_DIR TEMPLATE_FILE; prints "ready" once listening.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import type { WebSocket } from 'ws';

const [mode, port, dataDir, templateFile] = process.argv.slice(2) as [string, string, string, string];
const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { view: unknown };

let insert: ((event: string) => void) | undefined;
if (mode === 'naive') {
  const db = new Database(join(dataDir, 'naive.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, event TEXT NOT NULL)');
  const stmt = db.prepare('INSERT INTO events (event) VALUES (?)');
  insert = (event) => {
    stmt.run(event);
  };
}

const app = Fastify({ logger: false });
await app.register(websocket);
const clients = new Set<WebSocket>();
app.get('/stream', { websocket: true }, (socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  socket.send(JSON.stringify({ type: 'subscribed' }));
});
let seq = 0;
app.post('/events', async (req) => {
  insert?.(JSON.stringify(req.body));
  const message = JSON.stringify({ ...template, seq: ++seq, event: req.body });
  for (const client of clients) client.send(message);
  return template.view;
});
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.stdout.write('ready\n');
