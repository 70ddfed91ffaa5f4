// The server processes a benchmark starts: a free port for each, and the wait until one answers.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

// A TCP port no one listens on now (as test/cli/free-port.ts finds for the end-to-end tests).

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// Polls `url` until the process answers it (any status below 500); fails when the process exits or after
// 30 s, naming `what`.
export async function untilUp(url: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    const up = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (up) return;
    if (child.exitCode !== null || i > 300) throw new Error(`${what} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
