/**
 * The deployed bundle, run as the cloud runs it: the real wx-server-sdk (offline, its database requests answered by the
 * in-process executor in test/contract/cloud-sim), identity and SOURCE from cloud.getWXContext() (the WX_* environment
 * the cloud sets), never from the event.
 */
import fs from 'fs';
import path from 'path';
import { CloudStore } from '../../cloudfunctions/adapters/store-cloud';
import { buildFunctions } from '../../cloudfunctions/build';
import { loadFixture } from '../../cloudfunctions/local/seed';
import { Fixture } from '../../cloudfunctions/local/fixture';
import { bootCloudSim, CloudSim } from '../contract/cloud-sim/harness';

const OUT = path.join(__dirname, '..', '..', '.tmp', 'fn-cloud-test');
let sim: CloudSim;
let main: (event: unknown, context: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function asCaller(openid: string | null, source: string) {
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_SOURCE';
  process.env.WX_APPID = 'wx-test-app';
  process.env.WX_SOURCE = source;
  if (openid) process.env.WX_OPENID = openid;
  else delete process.env.WX_OPENID;
}

beforeAll(async () => {
  sim = bootCloudSim();
  const fixture = Fixture.parse({
    categories: [{ id: 'tea', name: '茶叶' }],
    products: [
      { id: 'longjing', categoryId: 'tea', title: '明前龙井', images: ['https://img.example/1.jpg'], skus: [{ id: 'lj-250', specs: { 规格: '250g' }, price: 16800, stock: 3 }, { id: 'lj-500', specs: { 规格: '500g' }, price: 29800, stock: 0 }] },
      { id: 'off', categoryId: 'tea', title: '下架', images: ['https://img.example/2.jpg'], onSale: false, skus: [{ id: 'off-1', specs: {}, price: 100, stock: 1 }] },
    ],
  });
  const seeded = await loadFixture(new CloudStore(sim.db), fixture, Date.UTC(2026, 10, 1));
  expect(seeded.ok).toBe(true);
  await buildFunctions(OUT, ['shop']);
  main = (jest.requireActual(path.join(OUT, 'shop', 'index.js')) as { main: typeof main }).main;
}, 60_000);
afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const k of ['WX_CONTEXT_KEYS', 'WX_APPID', 'WX_SOURCE', 'WX_OPENID']) delete process.env[k];
});

test('a client call lists on-sale products with one cloud database query', async () => {
  asCaller('o-shopper', 'wx_client');
  sim.calls.length = 0;
  const res = await main({ action: 'products', data: { limit: 10 } }, {});
  expect(res).toEqual({ ok: true, data: { items: [expect.objectContaining({ id: 'longjing', price: { min: 16800, max: 29800 } })], nextCursor: null, total: null } });
  expect(sim.calls).toHaveLength(1);
  expect(sim.calls[0]).toMatchObject({ action: 'database.getDocument', collection: 'products', query: { onSale: true } });
});

test('product detail reads the product and its SKUs through the SDK', async () => {
  asCaller('o-shopper', 'wx_client');
  const res = await main({ action: 'product', data: { id: 'longjing' } }, {});
  expect(res.ok).toBe(true);
  expect(res.data.skus.map((s: { id: string; stock: number }) => [s.id, s.stock])).toEqual([['lj-250', 3], ['lj-500', 0]]);
  expect(await main({ action: 'product', data: { id: 'off' } }, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('identity comes from getWXContext only: an openid in the event is refused, no OPENID is UNAUTHENTICATED', async () => {
  asCaller('o-shopper', 'wx_client');
  expect(await main({ action: 'categories', openid: 'o-victim' }, {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  asCaller(null, 'wx_client');
  expect(await main({ action: 'categories' }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
});

test('a payment-callback or timer source cannot reach client actions; hostile ids never reach the database', async () => {
  asCaller('o-shopper', 'wx_paycallback');
  expect(await main({ action: 'categories' }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  asCaller(null, 'wx_trigger');
  expect(await main({ Type: 'Timer', TriggerName: 'nope' }, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  asCaller('o-shopper', 'wx_client');
  sim.calls.length = 0;
  expect(await main({ action: 'product', data: { id: { $ne: '' } } }, {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(sim.calls).toHaveLength(0);
});
