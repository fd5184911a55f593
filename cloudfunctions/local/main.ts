/** `npm start`: the local cloud with the demo shop on 127.0.0.1. */
import fs from 'fs';
import { consoleLogger, createLocalCloud } from './cloud';
import { localConfig } from './config';
import { startGateway } from './gateway';

async function main(): Promise<void> {
  const cfg = localConfig();
  if (!cfg.databaseUrl) fs.mkdirSync(cfg.dataDir, { recursive: true });
  const t0 = Date.now();
  const cloud = await createLocalCloud({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, seed: 'demo-if-empty', log: consoleLogger });
  const gw = await startGateway(cloud, { port: cfg.port });
  const products = await cloud.store.count('products', {});
  console.log(`local cloud ready at ${gw.url} in ${Date.now() - t0} ms`);
  console.log(`  store: ${cfg.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `PGlite at ${cfg.dataDir}`}, ${products} products`);
  console.log(`  functions: ${Object.keys(cloud.functions).join(', ')}`);
  console.log(`  try: curl -s ${gw.url}/api/shop -H 'x-dev-openid: dev-shopper' --json '{"action":"categories"}'`);
  const stop = async () => {
    await gw.close();
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
