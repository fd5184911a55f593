import { openPgStore } from '../../cloudfunctions/adapters/store-pg';
import { runStoreContract } from './store-contract';

runStoreContract('PGlite (embedded, in memory)', () => openPgStore());

if (process.env.DATABASE_URL) {
  runStoreContract('PostgreSQL server (DATABASE_URL)', () => openPgStore({ databaseUrl: process.env.DATABASE_URL }));
} else {
  test.skip('PostgreSQL server: set DATABASE_URL to run the contract against a server', () => undefined);
}
