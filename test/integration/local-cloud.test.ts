/** The local cloud's HTTP gateway: endpoints, identity, sources, seed, clock, persistence. */
import fs from 'fs';
import os from 'os';
import path from 'path';
import * as z from 'zod/mini';
import { createLocalCloud, LocalCloud } from '../../cloudfunctions/local/cloud';
import { RunningGateway, startGateway } from '../../cloudfunctions/local/gateway';
import { FUNCTIONS } from '../../cloudfunctions/functions';
import { action, defineServiceFunction } from '../../cloudfunctions/functions/kit';
import { ok } from '../../cloudfunctions/app/result';

// A probe function, registered beside the real ones, that reports what the platform told it.
const calls: string[] = [];
const probe = defineServiceFunction('probe', {
  actions: {
    whoami: action(z.strictObject({}), async (_p, ctx, deps) => ok({ openid: ctx.openid, source: ctx.source, now: deps.clock.now() })),
  },
  triggers: {
    tick: { cron: '0 */5 * * * * *', run: async (deps) => { calls.push(`tick@${deps.clock.now()}`); return { ticked: true }; } },
  },
  payCallback: async (event) => {
    calls.push(`paid:${String(event.outTradeNo)}`);
    return { errcode: 0, errmsg: 'OK' };
  },
});

let cloud: LocalCloud;
let gw: RunningGateway;
const lines: string[] = [];

beforeAll(async () => {
  cloud = await createLocalCloud({ functions: { ...FUNCTIONS, probe }, seed: { categories: [{ id: 'c1', name: '分类一' }], users: [{ openid: 'dev-merchant', nickname: '店长', roles: ['merchant'] }] } });
  gw = await startGateway(cloud, { port: 0, logLine: (l) => lines.push(l) });
}, 60_000);
afterAll(async () => {
  await gw.close();
  await cloud.close();
});

async function post(p: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(gw.url + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

test('binds to 127.0.0.1 only', () => {
  expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('POST /api/<fn> is a client call with the x-dev-openid identity; without it UNAUTHENTICATED', async () => {
  expect((await post('/api/probe', { action: 'whoami' }, { 'x-dev-openid': 'dev-shopper' })).body).toEqual({
    ok: true, data: { openid: 'dev-shopper', source: 'wx_client', now: expect.any(Number) },
  });
  expect((await post('/api/probe', { action: 'whoami' })).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  expect((await post('/api/probe', { action: 'whoami' }, { 'x-dev-openid': '{"$ne":""}' })).body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  const cats = await post('/api/shop', { action: 'categories' }, { 'x-dev-openid': 'dev-shopper' });
  expect(cats.body).toEqual({ ok: true, data: [{ id: 'c1', name: '分类一', parentId: null, icon: null, sort: 0 }] });
});

test('bad bodies, unknown functions and unknown actions get envelopes with codes', async () => {
  expect(await post('/api/shop', '{not json', { 'x-dev-openid': 'a' })).toEqual({ status: 400, body: { ok: false, error: { code: 'INVALID_INPUT', message: expect.any(String) } } });
  expect(await post('/api/nope', { action: 'x' }, { 'x-dev-openid': 'a' })).toMatchObject({ status: 404, body: { ok: false, error: { code: 'UNKNOWN_FUNCTION' } } });
  expect((await post('/api/shop', { action: 'explode' }, { 'x-dev-openid': 'a' })).body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
});

test('one log line per call: function.action, openid, milliseconds, ok or the error code', async () => {
  lines.length = 0;
  await post('/api/shop', { action: 'categories' }, { 'x-dev-openid': 'dev-shopper' });
  await post('/api/shop', { action: 'product', data: { id: 'none' } }, { 'x-dev-openid': 'dev-shopper' });
  expect(lines[0]).toMatch(/^shop\.categories openid=dev-shopper [\d.]+ms ok$/);
  expect(lines[1]).toMatch(/^shop\.product openid=dev-shopper [\d.]+ms NOT_FOUND$/);
});

test('POST /dev/trigger/<fn> runs a timer trigger with SOURCE wx_trigger; a client cannot reach triggers', async () => {
  calls.length = 0;
  expect((await post('/dev/trigger/probe', { triggerName: 'tick' })).body).toEqual({ ok: true, data: { ticked: true } });
  expect(calls).toEqual([expect.stringMatching(/^tick@\d+$/)]);
  expect((await post('/dev/trigger/probe', { triggerName: 'nope' })).body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  expect((await post('/api/probe', { action: 'tick' }, { 'x-dev-openid': 'a' })).body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  expect(calls).toHaveLength(1);
});

test('POST /dev/paycallback/<fn> delivers the WeChat Pay fields with SOURCE wx_paycallback', async () => {
  calls.length = 0;
  const r = await post('/dev/paycallback/probe', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: 'N123', totalFee: 100 });
  expect(r.body).toEqual({ errcode: 0, errmsg: 'OK' });
  expect(calls).toEqual(['paid:N123']);
  expect((await post('/dev/paycallback/shop', { outTradeNo: 'x' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});

test('POST /dev/clock moves the time every use case reads', async () => {
  const now = Date.UTC(2030, 0, 1, 4, 0, 0);
  expect((await post('/dev/clock', { now })).body).toEqual({ ok: true, data: { now: expect.any(Number) } });
  const who = async () => (await post('/api/probe', { action: 'whoami' }, { 'x-dev-openid': 'a' })).body.data.now as number;
  const t1 = await who();
  expect(t1 - now).toBeGreaterThanOrEqual(0);
  expect(t1 - now).toBeLessThan(5_000);
  await post('/dev/clock', { advanceMs: 3_600_000 });
  const t2 = await who();
  expect(t2 - t1).toBeGreaterThanOrEqual(3_600_000);
  expect(t2 - t1).toBeLessThan(3_605_000);
  expect((await post('/dev/clock', { advanceMs: 'soon' })).status).toBe(400);
  expect((await post('/dev/clock', { now: -5 })).status).toBe(400);
});

test('POST /dev/seed replaces the world and keeps the given ids; a bad fixture changes nothing', async () => {
  const fixture = {
    categories: [{ id: 'tea', name: '茶叶' }],
    products: [{ id: 'longjing', categoryId: 'tea', title: '龙井', images: ['/static/img/t.svg'], skus: [{ id: 'lj-250', specs: { 规格: '250g' }, price: 16800, stock: 3 }] }],
    users: [{ openid: 'boss', roles: ['merchant'] }],
    settings: { shopName: '茶铺' },
  };
  expect((await post('/dev/seed', fixture)).body).toEqual({ ok: true, data: { categories: 1, products: 1, skus: 1, users: 1 } });
  const detail = await post('/api/shop', { action: 'product', data: { id: 'longjing' } }, { 'x-dev-openid': 'a' });
  expect(detail.body.data.skus[0]).toMatchObject({ id: 'lj-250', price: 16800, stock: 3 });
  expect((await post('/api/shop', { action: 'categories' }, { 'x-dev-openid': 'a' })).body.data.map((c: { id: string }) => c.id)).toEqual(['tea']);

  const bad = await post('/dev/seed', { ...fixture, products: [{ ...fixture.products[0], categoryId: 'missing' }] });
  expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'INVALID_INPUT' } } });
  const bad2 = await post('/dev/seed', { ...fixture, products: [{ ...fixture.products[0], skus: [{ id: 'x', specs: {}, price: 12.5, stock: 1 }] }] });
  expect(bad2.status).toBe(400);
  expect(await cloud.store.count('products', {})).toBe(1);
  expect((await (await fetch(gw.url + '/dev/identities')).json())).toEqual({ ok: true, data: [{ openid: 'boss', nickname: '', roles: ['merchant'] }] });
});

test('GET /static/img serves placeholder images', async () => {
  const res = await fetch(gw.url + '/static/img/a.svg?bg=ff8800&t=%E8%80%B3%E6%9C%BA');
  expect(res.headers.get('content-type')).toBe('image/svg+xml');
  expect(await res.text()).toContain('耳机');
});

test('a data folder persists across restarts and the demo shop is seeded only when empty', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-'));
  try {
    const a = await createLocalCloud({ dataDir: dir, seed: 'demo-if-empty' });
    const demoProducts = await a.store.count('products', {});
    expect(demoProducts).toBeGreaterThanOrEqual(24);
    await a.store.update('skus', {}, { set: { stock: 7 } });
    await a.store.remove('products', { onSale: false });
    const kept = await a.store.count('products', {});
    await a.close();
    const b = await createLocalCloud({ dataDir: dir, seed: 'demo-if-empty' });
    expect(await b.store.count('products', {})).toBe(kept);
    expect(await b.store.count('skus', { stock: 7 })).toBe(await b.store.count('skus', {}));
    await b.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
