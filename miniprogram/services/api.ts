/**
 * The transport to the backend: the only code that calls wx.cloud or wx.request for data.
 * Every other service goes through `call(fn, action, payload)`, typed from the API contract.
 *
 * - cloud mode: wx.cloud.callFunction({name, data: {action, data}}); `result` is the envelope.
 * - local mode: POST `${localBaseUrl}/api/<fn>` with body {action, data} and header x-dev-openid, the
 *   identity the Me page's switcher chose (on first use: the first shopper the local cloud lists).
 *
 * Which one is decided by the build WeChat runs, not only by config.ts: a 开发版 (envVersion `develop`) follows
 * `config.mode`; a 体验版 (`trial`) or 正式版 (`release`) always uses wx.cloud.callFunction, and the local-only parts
 * (the dev identity, /dev, /health) do not exist there. Tests plug in their own transport with setTransport.
 */
import type { ActionName, CallEvent, Envelope, ErrorCode, FunctionName, PayloadOf, Quote, ResultOf, Role } from '../../typings/api';
import { config } from '../config';

/** Server error codes plus NETWORK for a request that never got an answer. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

export class ApiCallError extends Error {
  readonly code: ClientErrorCode;
  /** PRICE_CHANGED: the quote as the server now prices the order. */
  readonly quote?: Quote;

  constructor(code: ClientErrorCode, message: string, quote?: Quote) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
    if (quote) this.quote = quote;
    Object.setPrototypeOf(this, ApiCallError.prototype);
  }
}

export function isApiCallError(err: unknown, code?: ClientErrorCode): err is ApiCallError {
  return err instanceof ApiCallError && (code === undefined || err.code === code);
}

export interface DevIdentity {
  openid: string;
  nickname: string;
  roles: Role[];
}

export interface Transport {
  /** Invokes cloud function `name` with `{action, data}`; `devOpenid` is the local-mode identity (null in the cloud). */
  callFunction(name: string, event: CallEvent, devOpenid: string | null): Promise<Envelope<unknown>>;
  /** GET a local cloud /dev endpoint (local mode only). */
  devGet(path: string): Promise<Envelope<unknown>>;
  /** POST `body` to a local cloud /dev endpoint and answer the response body as it is (local mode only). */
  devPost?(path: string, body: Record<string, unknown>): Promise<unknown>;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'data' in v;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

function badResponse(what: string): Envelope<unknown> {
  return { ok: false, error: { code: 'INTERNAL', message: `服务返回了无法识别的结果（${what}）` } };
}

function request(url: string, method: 'GET' | 'POST', data: unknown, header: Record<string, string>): Promise<Envelope<unknown>> {
  return rawRequest(url, method, data, header).then(({ statusCode, data: body }) => (isEnvelope(body) ? body : badResponse(`HTTP ${statusCode}`)));
}

function rawRequest(url: string, method: 'GET' | 'POST', data: unknown, header: Record<string, string>): Promise<{ statusCode: number; data: unknown }> {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method,
      data: data as WechatMiniprogram.IAnyObject | undefined,
      header,
      timeout: 15000,
      success(res) {
        resolve({ statusCode: res.statusCode, data: res.data });
      },
      fail(err) {
        reject(new ApiCallError('NETWORK', `无法连接本地云 ${config.localBaseUrl}：${err.errMsg}`));
      },
    });
  });
}

const localTransport: Transport = {
  callFunction(name, event, devOpenid) {
    const header: Record<string, string> = { 'content-type': 'application/json' };
    if (devOpenid) header['x-dev-openid'] = devOpenid;
    return request(`${config.localBaseUrl}/api/${name}`, 'POST', event, header);
  },
  devGet(path) {
    return request(`${config.localBaseUrl}${path}`, 'GET', undefined, {});
  },
  async devPost(path, body) {
    const res = await rawRequest(`${config.localBaseUrl}${path}`, 'POST', body, { 'content-type': 'application/json' });
    return res.data;
  },
};

let cloudReady = false;

function initCloud(): void {
  if (cloudReady) return;
  wx.cloud.init({ env: config.cloudEnv || undefined, traceUser: true });
  cloudReady = true;
}

const cloudTransport: Transport = {
  async callFunction(name, event) {
    initCloud();
    let res: ICloud.CallFunctionResult;
    try {
      res = await wx.cloud.callFunction({ name, data: { action: event.action, data: event.data } });
    } catch (err) {
      const msg = (err as { errMsg?: string }).errMsg ?? String(err);
      throw new ApiCallError('NETWORK', `云函数 ${name} 调用失败：${msg}`);
    }
    return isEnvelope(res.result) ? res.result : badResponse(name);
  },
  async devGet() {
    return { ok: false, error: { code: 'NOT_FOUND', message: '云开发模式没有开发者接口' } };
  },
};

let injected: Transport | null = null;

/** Replaces the transport (tests); pass null to go back to the one config.mode selects. */
export function setTransport(transport: Transport | null): void {
  injected = transport;
}

function transport(): Transport {
  if (injected) return injected;
  return isLocalMode() ? localTransport : cloudTransport;
}

export type EnvVersion = 'develop' | 'trial' | 'release';

/**
 * The build WeChat is running: 开发版 `develop`, 体验版 `trial`, 正式版 `release`. Anything unreadable counts as
 * `release`, so a build can only fall back to the cloud, never to the local cloud.
 */
export function envVersion(): EnvVersion {
  try {
    const version = wx.getAccountInfoSync().miniProgram.envVersion;
    return version === 'develop' || version === 'trial' ? version : 'release';
  } catch {
    return 'release';
  }
}

/** Local cloud, dev identities and /dev: only a 开发版 whose config.ts says `local`. */
export function isLocalMode(): boolean {
  return config.mode === 'local' && envVersion() === 'develop';
}

function unwrap<T>(envelope: Envelope<unknown>): T {
  if (envelope.ok) return envelope.data as T;
  const { code, message, quote } = envelope.error;
  throw new ApiCallError(code, message, quote);
}

// ---------- local dev identity (local mode only) ----------

const DEV_OPENID_KEY = 'devOpenid';
let devOpenid: string | null | undefined;
let defaultIdentity: Promise<string | null> | null = null;

export function getDevOpenid(): string | null {
  if (devOpenid === undefined) {
    const stored: unknown = wx.getStorageSync(DEV_OPENID_KEY);
    devOpenid = typeof stored === 'string' && stored !== '' ? stored : null;
  }
  return devOpenid;
}

export function setDevOpenid(openid: string): void {
  devOpenid = openid;
  wx.setStorageSync(DEV_OPENID_KEY, openid);
}

export async function fetchDevIdentities(): Promise<DevIdentity[]> {
  return unwrap<DevIdentity[]>(await transport().devGet('/dev/identities'));
}

/** The identity used until one is chosen: the first plain shopper (no roles), else the first listed. */
export function defaultDevIdentity(list: readonly DevIdentity[]): DevIdentity | null {
  return list.find((u) => u.roles.length === 0) ?? list[0] ?? null;
}

/** The chosen identity, or on first use the default identity of the local cloud (remembered). */
async function currentDevOpenid(): Promise<string | null> {
  const chosen = getDevOpenid();
  if (chosen) return chosen;
  if (!defaultIdentity) {
    defaultIdentity = fetchDevIdentities()
      .then((list) => {
        const pick = defaultDevIdentity(list);
        if (pick && !getDevOpenid()) setDevOpenid(pick.openid);
        return getDevOpenid();
      })
      .catch(() => null)
      .then((openid) => {
        defaultIdentity = null;
        return openid;
      });
  }
  return defaultIdentity;
}

/** POSTs to a local cloud /dev endpoint (local mode only) and answers the response body as it is. */
export async function devPost(path: string, body: Record<string, unknown>): Promise<unknown> {
  const t = transport();
  if (!isLocalMode() || !t.devPost) throw new ApiCallError('FORBIDDEN', '开发者接口仅在本地模式可用');
  return t.devPost(path, body);
}

/**
 * The server's clock, when the backend tells it: the local cloud's `GET /health` answers `{now}` (local mode only;
 * no cloud response carries the server time yet). null when unknown.
 */
export async function fetchServerNow(): Promise<number | null> {
  if (!isLocalMode()) return null;
  try {
    const envelope = await transport().devGet('/health');
    const now = envelope.ok ? (envelope.data as { now?: unknown } | null)?.now : undefined;
    return typeof now === 'number' && Number.isFinite(now) ? now : null;
  } catch {
    return null;
  }
}

// ---------- calls ----------

/** How long `call` waits before asking again after BUSY. */
export const BUSY_RETRY_MS = 300;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn.action` with `payload`; resolves with the data or rejects with ApiCallError.
 * BUSY (the backend was briefly contended and took nothing) is asked again once, with the same payload - the same
 * requestId for order.create - before it reaches the caller.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  payload: PayloadOf<F, A>,
): Promise<ResultOf<F, A>> {
  const openid = isLocalMode() ? await currentDevOpenid() : null;
  const event = { action, data: payload };
  let envelope = await transport().callFunction(fn, event, openid);
  if (!envelope.ok && envelope.error.code === 'BUSY') {
    await pause(BUSY_RETRY_MS);
    envelope = await transport().callFunction(fn, event, openid);
  }
  return unwrap<ResultOf<F, A>>(envelope);
}

/** Image URLs from the backend: in local mode "/static/..." is served by the local cloud. */
export function assetUrl(url: string): string {
  if (isLocalMode() && url.startsWith('/') && !url.startsWith('//')) return `${config.localBaseUrl}${url}`;
  return url;
}

/** Whether files can be uploaded: cloud storage exists on the real cloud only (the local cloud has none). */
export function canUploadFiles(): boolean {
  return !isLocalMode();
}

/**
 * Uploads a local file (a wx.chooseMedia temp path) to cloud storage at `cloudPath` and answers its file id
 * (cloud://...). Real cloud only: refused in local mode.
 */
export async function uploadFile(cloudPath: string, filePath: string): Promise<string> {
  if (!canUploadFiles()) throw new ApiCallError('FORBIDDEN', '本地模式不支持上传图片');
  initCloud();
  try {
    const res = await wx.cloud.uploadFile({ cloudPath, filePath });
    return res.fileID;
  } catch (err) {
    const msg = (err as { errMsg?: string }).errMsg ?? String(err);
    throw new ApiCallError('NETWORK', `图片上传失败：${msg}`);
  }
}
