/**
 * Child process for the mp tests: the real local cloud (PGlite in memory + HTTP gateway) seeded with the
 * fixture in MP_TEST_FIXTURE, on 127.0.0.1 at a free port. Prints `READY <url>` when listening and stops
 * when its stdin closes (the test process ended) or on SIGTERM.
 *
 * It runs outside jest because PGlite loads its WebAssembly with a dynamic import(), which jest's module
 * sandbox refuses without --experimental-vm-modules.
 */
import { createLocalCloud } from '../../../cloudfunctions/local/cloud';
import type { FixtureInput } from '../../../cloudfunctions/local/fixture';
import { startGateway } from '../../../cloudfunctions/local/gateway';

async function main(): Promise<void> {
  const fixture = JSON.parse(process.env.MP_TEST_FIXTURE ?? '{}') as FixtureInput;
  const cloud = await createLocalCloud({ seed: fixture });
  const gateway = await startGateway(cloud, { port: 0, logLine: () => undefined });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await gateway.close();
    await cloud.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
  process.stdout.write(`READY ${gateway.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`local cloud for mp tests failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
