/**
 * services/api.ts: the two transports and which build may use which (envVersion), the envelope, errors (BUSY asked
 * again once, PRICE_CHANGED's quote), the dev identity header, the server's time and asset URLs.
 */
import type { Transport } from '../../miniprogram/services/api';
import { quote } from './support/commerce-data';

type Api = typeof import('../../miniprogram/services/api');
type Config = typeof import('../../miniprogram/config');

type EnvVersion = 'develop' | 'trial' | 'release';

interface FakeWx {
  request: jest.Mock;
  getStorageSync: jest.Mock;
  setStorageSync: jest.Mock;
  getAccountInfoSync?: jest.Mock;
  cloud?: { init: jest.Mock; callFunction: jest.Mock };
}

let fakeWx: FakeWx;
let storage: Map<string, unknown>;

/**
 * A fresh api module with `mode`, over a fake wx whose request answers with `respond(options)`, running as a build
 * of `envVersion` (null: a wx without getAccountInfoSync).
 */
function freshApi(
  mode: 'local' | 'cloud',
  respond?: (o: { url: string; method: string; data: unknown; header: Record<string, string> }) => { statusCode: number; data: unknown } | 'fail',
  envVersion: EnvVersion | null = 'develop',
): Api {
  jest.resetModules();
  storage = new Map();
  fakeWx = {
    request: jest.fn((o) => {
      const answer = respond ? respond(o) : 'fail';
      setTimeout(() => (answer === 'fail' ? o.fail({ errMsg: 'request:fail timeout' }) : o.success({ ...answer, header: {} })), 0);
      return { abort() {} };
    }),
    getStorageSync: jest.fn((k: string) => (storage.has(k) ? storage.get(k) : '')),
    setStorageSync: jest.fn((k: string, v: unknown) => void storage.set(k, v)),
  };
  if (envVersion) fakeWx.getAccountInfoSync = jest.fn(() => ({ miniProgram: { appId: 'wx0000000000000000', envVersion, version: '' } }));
  (globalThis as unknown as { wx: FakeWx }).wx = fakeWx;
  const { config } = require('../../miniprogram/config') as Config;
  config.mode = mode;
  config.localBaseUrl = 'http://127.0.0.1:8787';
  config.cloudEnv = 'prod-123';
  return require('../../miniprogram/services/api') as Api;
}

const IDENTITIES = [
  { openid: 'dev-merchant', nickname: '店长', roles: ['merchant'] },
  { openid: 'dev-shopper', nickname: '小明', roles: [] },
];

describe('cloud mode', () => {
  test('calls wx.cloud.callFunction({name, data: {action, data}}) and returns the envelope data', async () => {
    const api = freshApi('cloud');
    fakeWx.cloud = {
      init: jest.fn(),
      callFunction: jest.fn(async () => ({ result: { ok: true, data: { id: 'tee', title: 'T 恤' } }, errMsg: 'cloud.callFunction:ok' })),
    };
    await expect(api.call('shop', 'product', { id: 'tee' })).resolves.toEqual({ id: 'tee', title: 'T 恤' });
    await api.call('shop', 'categories', {});
    expect(fakeWx.cloud.callFunction).toHaveBeenNthCalledWith(1, { name: 'shop', data: { action: 'product', data: { id: 'tee' } } });
    expect(fakeWx.cloud.init).toHaveBeenCalledTimes(1);
    expect(fakeWx.cloud.init).toHaveBeenCalledWith({ env: 'prod-123', traceUser: true });
    expect(fakeWx.request).not.toHaveBeenCalled();
  });

  test('an error envelope rejects with ApiCallError carrying code and message', async () => {
    const api = freshApi('cloud');
    fakeWx.cloud = {
      init: jest.fn(),
      callFunction: jest.fn(async () => ({ result: { ok: false, error: { code: 'NOT_FOUND', message: '商品不存在或已下架' } } })),
    };
    const err = await api.call('shop', 'product', { id: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(api.ApiCallError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: '商品不存在或已下架' });
  });

  test('a failed callFunction (no network, function missing) rejects with NETWORK; a non-envelope result with INTERNAL', async () => {
    const api = freshApi('cloud');
    fakeWx.cloud = { init: jest.fn(), callFunction: jest.fn(async () => Promise.reject({ errMsg: 'cloud.callFunction:fail -404006' })) };
    await expect(api.call('shop', 'categories', {})).rejects.toMatchObject({ code: 'NETWORK' });
    fakeWx.cloud.callFunction = jest.fn(async () => ({ result: 'hello' }));
    await expect(api.call('shop', 'categories', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  test('asset URLs pass through unchanged', () => {
    const api = freshApi('cloud');
    expect(api.assetUrl('/static/img/a.svg')).toBe('/static/img/a.svg');
    expect(api.assetUrl('cloud://env-1.abc/a.png')).toBe('cloud://env-1.abc/a.png');
  });
});

describe('local mode', () => {
  test('POSTs {action, data} to /api/<fn> as the chosen dev identity', async () => {
    const api = freshApi('local', () => ({ statusCode: 200, data: { ok: true, data: [] } }));
    storage.set('devOpenid', 'dev-merchant');
    await expect(api.call('shop', 'products', { categoryId: 'food', limit: 10 })).resolves.toEqual([]);
    expect(fakeWx.request).toHaveBeenCalledTimes(1);
    expect(fakeWx.request.mock.calls[0][0]).toMatchObject({
      url: 'http://127.0.0.1:8787/api/shop',
      method: 'POST',
      data: { action: 'products', data: { categoryId: 'food', limit: 10 } },
      header: { 'content-type': 'application/json', 'x-dev-openid': 'dev-merchant' },
    });
  });

  test('with no identity chosen yet, the first shopper from /dev/identities is used and remembered', async () => {
    const api = freshApi('local', (o) =>
      o.url.endsWith('/dev/identities') ? { statusCode: 200, data: { ok: true, data: IDENTITIES } } : { statusCode: 200, data: { ok: true, data: [] } },
    );
    await Promise.all([api.call('shop', 'categories', {}), api.call('shop', 'products', {})]);
    const urls = fakeWx.request.mock.calls.map((c) => `${c[0].method} ${c[0].url}`);
    // One identity lookup shared by both calls.
    expect(urls.filter((u) => u.endsWith('/dev/identities'))).toEqual(['GET http://127.0.0.1:8787/dev/identities']);
    const apiCalls = fakeWx.request.mock.calls.filter((c) => c[0].url.endsWith('/api/shop'));
    expect(apiCalls.map((c) => c[0].header['x-dev-openid'])).toEqual(['dev-shopper', 'dev-shopper']);
    expect(storage.get('devOpenid')).toBe('dev-shopper');
    expect(api.getDevOpenid()).toBe('dev-shopper');
  });

  test('an unreachable local cloud rejects with NETWORK; an HTTP error page with INTERNAL', async () => {
    let api = freshApi('local', () => 'fail');
    storage.set('devOpenid', 'dev-shopper');
    await expect(api.call('shop', 'categories', {})).rejects.toMatchObject({ code: 'NETWORK' });
    api = freshApi('local', () => ({ statusCode: 502, data: '<html>Bad Gateway</html>' }));
    storage.set('devOpenid', 'dev-shopper');
    await expect(api.call('shop', 'categories', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  test('asset URLs starting with "/" are served by the local cloud; others pass through', () => {
    const api = freshApi('local');
    expect(api.assetUrl('/static/img/a.svg')).toBe('http://127.0.0.1:8787/static/img/a.svg');
    expect(api.assetUrl('https://cdn.example.com/a.png')).toBe('https://cdn.example.com/a.png');
    expect(api.assetUrl('//cdn.example.com/a.png')).toBe('//cdn.example.com/a.png');
    expect(api.assetUrl('cloud://env-1.abc/a.png')).toBe('cloud://env-1.abc/a.png');
  });
});

test('setTransport replaces the transport (and null restores the configured one)', async () => {
  const api = freshApi('local', () => ({ statusCode: 200, data: { ok: true, data: 'from http' } }));
  storage.set('devOpenid', 'dev-shopper');
  const seen: unknown[] = [];
  const transport: Transport = {
    async callFunction(name, event, devOpenid) {
      seen.push({ name, event, devOpenid });
      return { ok: true, data: 'from test transport' };
    },
    async devGet() {
      return { ok: true, data: [] };
    },
  };
  api.setTransport(transport);
  await expect(api.call('shop', 'categories', {})).resolves.toBe('from test transport');
  expect(seen).toEqual([{ name: 'shop', event: { action: 'categories', data: {} }, devOpenid: 'dev-shopper' }]);
  api.setTransport(null);
  await expect(api.call('shop', 'categories', {})).resolves.toBe('from http');
});

describe('体验版 and 正式版 always use the cloud, whatever config.ts says', () => {
  const cloudOk = () => ({
    init: jest.fn(),
    callFunction: jest.fn(async () => ({ result: { ok: true, data: [] }, errMsg: 'cloud.callFunction:ok' })),
  });

  test.each(['trial', 'release'] as const)('%s with mode local: wx.cloud.callFunction, no dev identity, no /dev, no /health', async (version) => {
    const api = freshApi('local', () => ({ statusCode: 200, data: { ok: true, data: [] } }), version);
    fakeWx.cloud = cloudOk();
    storage.set('devOpenid', 'dev-merchant');
    expect(api.envVersion()).toBe(version);
    expect(api.isLocalMode()).toBe(false);
    await api.call('shop', 'categories', {});
    expect(fakeWx.cloud.callFunction).toHaveBeenCalledWith({ name: 'shop', data: { action: 'categories', data: {} } });
    await expect(api.devPost('/dev/paycallback/payNotify', { outTradeNo: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.fetchServerNow()).resolves.toBeNull();
    expect(api.assetUrl('/static/img/a.svg')).toBe('/static/img/a.svg');
    // Not one request to the local cloud (no identity lookup, no /dev, no /health).
    expect(fakeWx.request).not.toHaveBeenCalled();
  });

  test('a wx without getAccountInfoSync counts as 正式版', async () => {
    const api = freshApi('local', () => ({ statusCode: 200, data: { ok: true, data: [] } }), null);
    fakeWx.cloud = cloudOk();
    expect(api.envVersion()).toBe('release');
    await api.call('shop', 'categories', {});
    expect(fakeWx.cloud.callFunction).toHaveBeenCalledTimes(1);
    expect(fakeWx.request).not.toHaveBeenCalled();
  });

  test('开发版 follows config.ts: local mode asks the local cloud, and its /health gives the server time', async () => {
    const api = freshApi('local', (o) =>
      o.url.endsWith('/health') ? { statusCode: 200, data: { ok: true, data: { now: 1_800_000_000_000 } } } : { statusCode: 200, data: { ok: true, data: [] } },
    );
    storage.set('devOpenid', 'dev-shopper');
    expect(api.isLocalMode()).toBe(true);
    await api.call('shop', 'categories', {});
    await expect(api.fetchServerNow()).resolves.toBe(1_800_000_000_000);
    expect(fakeWx.request.mock.calls.map((c) => `${c[0].method} ${c[0].url}`)).toEqual([
      'POST http://127.0.0.1:8787/api/shop',
      'GET http://127.0.0.1:8787/health',
    ]);
  });
});

describe('errors the transport handles', () => {
  test('BUSY is asked again once with the same payload; a second BUSY reaches the caller', async () => {
    const api = freshApi('cloud');
    const answers = [
      { ok: false, error: { code: 'BUSY', message: '当前人多，请稍后重试' } },
      { ok: true, data: { orderId: 'o1', orderNo: 'o1', payable: 100 } },
    ];
    fakeWx.cloud = { init: jest.fn(), callFunction: jest.fn(async () => ({ result: answers.shift() })) };
    const payload = { items: [{ skuId: 'a', qty: 1 }], addressId: 'ad', requestId: 'req-12345678', expectedPayable: 100 };
    await expect(api.call('order', 'create', payload)).resolves.toMatchObject({ orderId: 'o1' });
    expect(fakeWx.cloud.callFunction.mock.calls.map((c) => c[0])).toEqual([
      { name: 'order', data: { action: 'create', data: payload } },
      { name: 'order', data: { action: 'create', data: payload } },
    ]);

    fakeWx.cloud.callFunction = jest.fn(async () => ({ result: { ok: false, error: { code: 'BUSY', message: '当前人多，请稍后重试' } } }));
    await expect(api.call('order', 'create', payload)).rejects.toMatchObject({ code: 'BUSY' });
    expect(fakeWx.cloud.callFunction).toHaveBeenCalledTimes(2);
  });

  test("PRICE_CHANGED carries the server's new quote", async () => {
    const api = freshApi('cloud');
    const fresh = quote({ qty: 1 });
    fakeWx.cloud = {
      init: jest.fn(),
      callFunction: jest.fn(async () => ({ result: { ok: false, error: { code: 'PRICE_CHANGED', message: '应付金额已变为 ¥10.00，请确认后重新提交', quote: fresh } } })),
    };
    const err = await api.call('order', 'create', { items: [], addressId: 'a', requestId: 'r-12345678' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRICE_CHANGED', quote: fresh });
    expect(fakeWx.cloud.callFunction).toHaveBeenCalledTimes(1);
  });
});
