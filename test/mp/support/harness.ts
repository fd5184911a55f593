/**
 * Test harness for the mp project: renders real pages with miniprogram-simulate (official wcc compiler, Vant from
 * miniprogram_npm) against the real local cloud running in a child process, reached through the mini program's
 * own local-mode transport (services/api.ts -> wx.request -> gateway).
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import fs from 'fs';
import http from 'http';
import path from 'path';
import type { Component, RootComponent } from 'miniprogram-simulate';
import type { FixtureInput } from '../../../cloudfunctions/local/fixture';

export const ROOT = path.resolve(__dirname, '../../..');
export const MP_ROOT = path.join(ROOT, 'miniprogram');
const VANT_MARKER = path.join(MP_ROOT, 'miniprogram_npm/@vant/weapp/button/index.js');
const BINDINGS_MARKER = path.join(MP_ROOT, 'miniprogram_npm/mobx-miniprogram-bindings/index.js');
// miniprogram-api-typings declares its own `require`, without `resolve`.
const TSX_CLI = (require as unknown as NodeJS.Require).resolve('tsx/cli');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyComponent = Component<any, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Page = RootComponent<any, any, any>;

/**
 * miniprogram_npm is generated (git-ignored). Build it once if it is missing; a lock directory keeps
 * parallel jest workers from building it at the same time.
 */
export async function ensureMiniprogramNpm(): Promise<void> {
  const built = (): boolean => fs.existsSync(VANT_MARKER) && fs.existsSync(BINDINGS_MARKER);
  if (built()) return;
  const lock = path.join(ROOT, '.tmp', 'build-mp-npm.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (built()) return;
      if (Date.now() > until) throw new Error(`timed out waiting for ${lock}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!built()) {
      execFileSync(process.execPath, [TSX_CLI, path.join(ROOT, 'scripts/build-mp-npm.ts')], { cwd: ROOT, stdio: 'pipe' });
    }
  } finally {
    fs.rmdirSync(lock);
  }
}

// ---------- the local cloud ----------

export interface RecordedCall {
  method: string;
  path: string;
  openid: string | null;
  body: { action?: string; data?: Record<string, unknown> } | null;
}

export interface TestCloud {
  url: string;
  /** Every request the mini program made, in order. */
  calls: RecordedCall[];
  /** Calls a function as `openid` straight over HTTP (test setup; not recorded in `calls`); rejects on an error envelope. */
  api<T = unknown>(fn: string, action: string, data: unknown, openid: string): Promise<T>;
  /** Sets fields of one document directly (test-only route of the child process): what no client action can do. */
  update(collection: string, id: string, set: Record<string, unknown>): Promise<number>;
  /** POSTs to a /dev route of the gateway (clock, triggers, pay callbacks) and answers the body. */
  dev<T = unknown>(path: string, body: unknown): Promise<T>;
  close(): Promise<void>;
}

function postJson(base: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(route, base), { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function unwrapEnvelope<T>(what: string, res: unknown): T {
  const env = res as { ok?: boolean; data?: unknown; error?: { code: string; message: string } };
  if (env && env.ok === true) return env.data as T;
  throw new Error(`${what} failed: ${env?.error ? `${env.error.code} ${env.error.message}` : JSON.stringify(res)}`);
}

/** Starts the local cloud seeded with `fixture` in a child process (PGlite in memory). */
export function startTestCloud(fixture: FixtureInput): Promise<TestCloud> {
  const child: ChildProcess = spawn(process.execPath, [TSX_CLI, path.join(__dirname, 'local-cloud-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, MP_TEST_FIXTURE: JSON.stringify(fixture) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`local cloud did not start in 60 s\n${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code}\n${stderr}`));
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /READY (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const url = m[1];
      resolve({
        url,
        calls: [],
        api: async <T>(fn: string, action: string, data: unknown, openid: string) =>
          unwrapEnvelope<T>(`${fn}.${action}`, await postJson(url, `/api/${fn}`, { action, data }, { 'x-dev-openid': openid })),
        update: async (collection, id, set) =>
          unwrapEnvelope<{ changed: number }>(`update ${collection}/${id}`, await postJson(url, '/test/update', { collection, id, set })).changed,
        dev: async <T>(route: string, body: unknown) => (await postJson(url, route, body)) as T,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin?.end();
            const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => clearTimeout(killer));
          }),
      });
    });
  });
}

/**
 * A page test file's local cloud seeded with `fixture`: started (with miniprogram_npm built) before the file's
 * tests, closed after them, its recorded `calls` emptied before each test. Answers a stand-in for the cloud, usable
 * inside tests and hooks (not at the top level of the file, before the cloud has started).
 */
export function useLocalCloud(fixture: FixtureInput): TestCloud {
  let started: TestCloud | undefined;
  const cloud = (): TestCloud => {
    if (!started) throw new Error('the local cloud has not started: use it inside a test or a hook');
    return started;
  };
  beforeAll(async () => {
    await ensureMiniprogramNpm();
    started = await startTestCloud(fixture);
  }, 120_000);
  afterAll(() => started?.close());
  beforeEach(() => {
    cloud().calls.length = 0;
  });
  return {
    get url() {
      return cloud().url;
    },
    get calls() {
      return cloud().calls;
    },
    api: (fn, action, data, openid) => cloud().api(fn, action, data, openid),
    update: (collection, id, set) => cloud().update(collection, id, set),
    dev: (route, body) => cloud().dev(route, body),
    close: () => cloud().close(),
  };
}

// ---------- the wx environment simulate does not provide ----------

type WxRequestOptions = WechatMiniprogram.RequestOption;

/** wx.request over real HTTP (simulate's mock answers every request with `{}`), recording each call. */
function installWxRequest(cloud: TestCloud): void {
  const wxAny = wx as unknown as { request: (o: WxRequestOptions) => { abort(): void } };
  wxAny.request = (o) => {
    const url = new URL(o.url);
    const method = (o.method ?? 'GET').toUpperCase();
    const header = (o.header ?? {}) as Record<string, string>;
    const body = method === 'GET' ? undefined : JSON.stringify(o.data ?? {});
    cloud.calls.push({
      method,
      path: url.pathname,
      openid: header['x-dev-openid'] ?? null,
      body: body ? (JSON.parse(body) as RecordedCall['body']) : null,
    });
    const req = http.request(url, { method, headers: header }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data: unknown = text;
        try {
          data = JSON.parse(text);
        } catch {
          // not JSON: hand the text over like wx.request does
        }
        const result = { data, statusCode: res.statusCode ?? 0, header: res.headers, cookies: [], errMsg: 'request:ok' };
        (o.success as ((r: unknown) => void) | undefined)?.(result);
        (o.complete as ((r: unknown) => void) | undefined)?.(result);
      });
    });
    req.on('error', (err) => {
      const result = { errMsg: `request:fail ${err.message}` };
      (o.fail as ((r: unknown) => void) | undefined)?.(result);
      (o.complete as ((r: unknown) => void) | undefined)?.(result);
    });
    req.end(body);
    return { abort: () => req.destroy() };
  };
}

/**
 * What WeChat has and simulate lacks, which Vant's tabs and sticky reach for: the page stack (empty here: Vant
 * then skips page-scroll hooks) and a component's groupSetData (run the updates at once).
 */
function installPlatformShims(): void {
  const g = globalThis as unknown as { getCurrentPages?: () => unknown[] };
  if (typeof g.getCurrentPages !== 'function') g.getCurrentPages = () => [];
  const exparser = require('miniprogram-exparser') as { Component: { prototype: Record<string, unknown> } };
  if (typeof exparser.Component.prototype.groupSetData !== 'function') {
    exparser.Component.prototype.groupSetData = function groupSetData(cb: () => void) {
      cb();
    };
  }
}

/** Storage that keeps what is set (simulate's getStorageSync always answers ''). */
function installWxStorage(): Map<string, unknown> {
  const store = new Map<string, unknown>();
  const wxAny = wx as unknown as Record<string, unknown>;
  wxAny.getStorageSync = (key: string) => (store.has(key) ? store.get(key) : '');
  wxAny.setStorageSync = (key: string, value: unknown) => void store.set(key, value);
  wxAny.removeStorageSync = (key: string) => void store.delete(key);
  return store;
}

/** The build (envVersion) and the entry scene the mini program sees. */
function installWxEntry(envVersion: NonNullable<LoadOptions['envVersion']>, scene: number): void {
  const wxAny = wx as unknown as Record<string, unknown>;
  wxAny.getAccountInfoSync = () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion, version: '' } });
  const options = { path: '', scene, query: {}, shareTicket: '', referrerInfo: {}, apiCategory: 'default' };
  wxAny.getEnterOptionsSync = () => options;
  wxAny.getLaunchOptionsSync = () => options;
}

// ---------- pages ----------

export interface LoadedPage {
  page: Page;
  /** A mini program module from the same module registry as the page (stores, services, config). */
  mp<T>(relPath: string): T;
  storage: Map<string, unknown>;
}

export interface LoadOptions {
  mode?: 'local' | 'cloud';
  /** The build WeChat runs (wx.getAccountInfoSync().miniProgram.envVersion); default 开发版 `develop`. */
  envVersion?: 'develop' | 'trial' | 'release';
  /** The entry scene (wx.getEnterOptionsSync().scene), e.g. 1154 for Moments' single-page mode; default 1001. */
  scene?: number;
  /** Storage entries present before the page loads (e.g. a chosen dev identity). */
  storage?: Record<string, unknown>;
  /** Runs in the page's fresh module registry right before simulate loads it (e.g. scripts/screens/html.ts#patchSimulate). */
  beforeLoad?: () => void;
}

/**
 * Loads a page (root-relative, e.g. 'pages/home/index') in a fresh module registry, pointed at `cloud`.
 * Call page lifetimes yourself (page.instance.onLoad(query)); simulate runs component lifetimes only.
 */
export function loadPage(pagePath: string, cloud: TestCloud, opts: LoadOptions = {}): LoadedPage {
  jest.resetModules();
  const simulate = require('miniprogram-simulate') as typeof import('miniprogram-simulate');
  installPlatformShims();
  installWxRequest(cloud);
  const storage = installWxStorage();
  for (const [k, v] of Object.entries(opts.storage ?? {})) storage.set(k, v);
  installWxEntry(opts.envVersion ?? 'develop', opts.scene ?? 1001);
  const mp = <T>(rel: string): T => require(path.join(MP_ROOT, rel)) as T;
  const { config } = mp<typeof import('../../../miniprogram/config')>('config');
  config.mode = opts.mode ?? 'local';
  config.localBaseUrl = cloud.url;

  opts.beforeLoad?.();
  const id = simulate.load(path.join(MP_ROOT, pagePath), { compiler: 'official', rootPath: MP_ROOT });
  const page = simulate.render(id) as Page;
  const doc = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;
  page.attach(doc.createElement('parent-wrapper') as Parameters<Page['attach']>[0]);
  return { page, mp, storage };
}

// ---------- waiting and reading ----------

/** Polls until `check` returns a truthy value (store bindings reach setData on the next tick, calls go over HTTP). */
export async function waitFor<T>(check: () => T, what: string, timeoutMs = 4000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Lets pending timers, promises and store-binding ticks run. */
export function settle(ms = 60): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Visible text of a component, whitespace collapsed. */
export function textOf(c: AnyComponent | undefined): string {
  return (c?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Taps an element (an element with bindtap, or the inner node of a Vant component). */
export async function tap(c: AnyComponent | undefined, what = 'element'): Promise<void> {
  if (!c) throw new Error(`nothing to tap: ${what} not found`);
  c.dispatchEvent('tap');
  await settle(20);
}
