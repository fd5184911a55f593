/** `npm run reset`: wipes the local cloud's data (the next `npm start` seeds the demo shop again). */
import fs from 'fs';
import { openPgStore } from '../adapters/store-pg';
import { localConfig } from './config';

async function main(): Promise<void> {
  const cfg = localConfig();
  if (cfg.databaseUrl) {
    const store = await openPgStore({ databaseUrl: cfg.databaseUrl });
    await store.clearAll();
    await store.close();
    console.log('cleared every collection on DATABASE_URL');
    return;
  }
  fs.rmSync(cfg.dataDir, { recursive: true, force: true });
  console.log(`removed ${cfg.dataDir}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
