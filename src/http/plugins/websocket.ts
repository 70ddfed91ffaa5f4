// WebSocket support for GET /stream (routes/stream.ts), and a shutdown that does not wait on silent peers.
import websocket from '@fastify/websocket';
import type { WebSocketServer } from 'ws';
import { rootPlugin } from './root.ts';

const WS_CLOSE_GRACE_MS = 2000;

export const websocketPlugin = rootPlugin('desk-websocket', async (app) => {
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // 1001 "going away" tells a client the desk is stopping, not failing: it reconnects and resumes with since
    preClose: async function (this: { websocketServer: WebSocketServer }) {
      const server = this.websocketServer;
      for (const client of server.clients) client.close(1001, 'desk shutting down');
      // a peer that never answers the close frame would hold shutdown for ws's 30 s close timeout
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const grace = new Promise<void>((resolve) => setTimeout(resolve, WS_CLOSE_GRACE_MS).unref());
      await Promise.race([closed, grace]);
      for (const client of server.clients) client.terminate();
    },
  });
});
