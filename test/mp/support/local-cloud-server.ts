/**
 * Child process for the mp tests: the real local cloud (PGlite in memory + HTTP gateway) seeded with the
 * fixture in MP_TEST_FIXTURE, on 127.0.0.1 at a free port. Prints `READY <url>` when listening and stops
 * when its stdin closes (the test process ended) or on SIGTERM.
 *
 * Besides the gateway it answers one test-only route, `POST /test/update {collection, id, set}`: a direct
 * document update, for what no client action can do (a product going off sale, stock running out).
 *
 * It runs outside jest because PGlite loads its WebAssembly with a dynamic import(), which jest's module
 * sandbox refuses without --experimental-vm-modules.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { createLocalCloud } from '../../../cloudfunctions/local/cloud';
import type { FixtureInput } from '../../../cloudfunctions/local/fixture';
import { createGatewayHandler } from '../../../cloudfunctions/local/gateway';
import type { Json } from '../../../cloudfunctions/ports/store';

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const fixture = JSON.parse(process.env.MP_TEST_FIXTURE ?? '{}') as FixtureInput;
  const cloud = await createLocalCloud({ seed: fixture });
  const gateway = createGatewayHandler(cloud, () => undefined);
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/test/update') return void gateway(req, res);
    void readBody(req)
      .then(async (text) => {
        const { collection, id, set } = JSON.parse(text) as { collection: string; id: string; set: Record<string, Json> };
        const changed = await cloud.store.update(collection, { _id: id }, { set });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, data: { changed } }));
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: String(err) } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await cloud.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
  process.stdout.write(`READY ${url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`local cloud for mp tests failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
