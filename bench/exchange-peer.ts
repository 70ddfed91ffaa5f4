// The exchange bench's baseline (bench/exchange.ts): a plain Node HTTP process that does the exchange's
// signing and nothing else. `POST /ping` signs a message (Ed25519 JWS, as the desk does) and posts it to the
// peer's `/inbox`; the peer verifies it, signs an answer and posts it back to this process's `/inbox`, which
// verifies it and only then answers the ping. No store, no law, no outbox: two processes, two signed hops.
// Usage: exchange-peer.ts PORT PEER_PORT; prints its public JWK on its first stdout line once listening.
import { createServer, request } from 'node:http';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

const [port, peerPort] = process.argv.slice(2).map(Number) as [number, number];
const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
let peerKey: CryptoKey | Uint8Array | undefined;
const waiting = new Map<string, () => void>();
let serial = 0;

const sign = (payload: unknown) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA' })
    .sign(privateKey);

function send(path: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: peerPort,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/jose' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const read = (req: import('node:http').IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (d) => {
      text += String(d);
    });
    req.on('end', () => resolve(text));
  });

createServer(async (req, res) => {
  const body = await read(req);
  if (req.url === '/key') {
    peerKey = await importJWK(JSON.parse(body) as JWK, 'EdDSA');
    res.end('{}');
  } else if (req.url === '/ping') {
    const id = `m${++serial}`;
    const answered = new Promise<void>((resolve) => waiting.set(id, resolve));
    await send('/inbox', await sign({ id, kind: 'notify-flag-state', sentAt: new Date().toISOString() }));
    await answered;
    res.end('{}');
  } else if (req.url === '/inbox') {
    const { payload } = await compactVerify(body, peerKey!);
    const message = JSON.parse(new TextDecoder().decode(payload)) as { id: string; kind: string };
    res.end('{}');
    if (message.kind === 'answer') waiting.get(message.id)?.();
    else await send('/inbox', await sign({ id: message.id, kind: 'answer', registry: 'confirmed' }));
  } else {
    res.statusCode = 404;
    res.end();
  }
}).listen(port, '127.0.0.1', async () => {
  process.stdout.write(`${JSON.stringify(await exportJWK(publicKey))}\n`);
});
