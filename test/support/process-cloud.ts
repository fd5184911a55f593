/**
 * The local cloud as a separate process (`cloudfunctions/local/main.ts` through tsx), for tests that need what one
 * process cannot show: a `kill -9` in the middle of a burst, or several processes contending on one PostgreSQL.
 */
import { ChildProcess, spawn } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

export interface CloudProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** POST JSON to the gateway; answers the parsed body (or throws on a connection error). */
  post<T = unknown>(route: string, body: unknown, openid?: string): Promise<T>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCloudProcess(env: { DATA_DIR?: string; DATABASE_URL?: string }, timeoutMs = 60_000): Promise<CloudProcess> {
  // One process (node with tsx's loader), not the tsx CLI: the CLI runs the script in a child, which a kill of the
  // CLI would leave running.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'cloudfunctions/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  proc.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /local cloud ready at (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`local cloud exited (${code}) before it was ready:\n${out}`)); });
  });
  return {
    url,
    proc,
    output: () => out,
    async post<T>(route: string, body: unknown, openid?: string): Promise<T> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (openid) headers['x-dev-openid'] = openid;
      const res = await fetch(`${url}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return (await res.json()) as T;
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
      // Nothing may keep serving after a kill -9 (a stray process would hold the data folder).
      if (await fetch(`${url}/health`).then(() => true, () => false)) throw new Error(`the local cloud at ${url} still answers after kill -9`);
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
