/** Local cloud configuration from the environment. */
import path from 'path';

export const DEFAULT_PORT = 8787;

export function localConfig(env: NodeJS.ProcessEnv = process.env) {
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0..65535, got ${env.PORT}`);
  return {
    port,
    // Relative to where it is started (npm runs scripts in the package root).
    dataDir: path.resolve(env.DATA_DIR || path.join('.data', 'local-cloud')),
    databaseUrl: env.DATABASE_URL || undefined,
  };
}
