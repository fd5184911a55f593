/** Function `cart` through the local cloud, exactly as the cloud would invoke it. */
import type { CartRecord } from '../../cloudfunctions/app/records';
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import { testCloud } from './support/test-cloud';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type { CartLine, CartView, Envelope } from '../../typings/api';

const img = (n: string) => [`/static/img/${n}.svg`];
const FIXTURE: FixtureInput = {
  categories: [{ id: 'digital', name: '数码' }, { id: 'home', name: '家居' }],
  products: [
    {
      id: 'earbuds', categoryId: 'digital', title: '降噪蓝牙耳机 Pro', images: img('earbuds'),
      skus: [
        { id: 'earbuds-black', specs: { 颜色: '黑色', 版本: '标准版' }, price: 29900, stock: 50 },
        { id: 'earbuds-white', specs: { 颜色: '白色', 版本: '标准版' }, price: 31900, stock: 5 },
        { id: 'earbuds-max', specs: { 颜色: '黑色', 版本: 'Max' }, price: 45900, stock: 0 },
      ],
    },
    { id: 'cable', categoryId: 'digital', title: '快充数据线', images: img('cable'), skus: [{ id: 'cable-1', specs: {}, price: 1990, stock: 100000 }] },
    { id: 'hidden', categoryId: 'digital', title: '已下架的耳机', images: img('hidden'), onSale: false, skus: [{ id: 'hidden-1', specs: {}, price: 100, stock: 10 }] },
    // Only the flags test touches these.
    {
      id: 'mug', categoryId: 'home', title: '陶瓷马克杯', images: img('mug'),
      skus: [
        { id: 'mug-s', specs: { 容量: '350ml', 颜色: '白' }, price: 3900, stock: 10 },
        { id: 'mug-l', specs: { 容量: '500ml', 颜色: '白' }, price: 4900, stock: 10 },
      ],
    },
    { id: 'lamp', categoryId: 'home', title: '台灯', images: img('lamp'), skus: [{ id: 'lamp-1', specs: {}, price: 9900, stock: 10 }] },
    { id: 'towel', categoryId: 'home', title: '毛巾', images: img('towel'), skus: [{ id: 'towel-1', specs: {}, price: 2900, stock: 10 }] },
    { id: 'vase', categoryId: 'home', title: '花瓶', images: img('vase'), skus: [{ id: 'vase-1', specs: {}, price: 5900, stock: 10 }] },
    // 101 SKUs for the full-cart test.
    {
      id: 'stickers', categoryId: 'home', title: '贴纸', images: img('stickers'),
      skus: Array.from({ length: 101 }, (_, i) => ({ id: `sticker-${i}`, specs: { 图案: `#${i}` }, price: 100, stock: 10 })),
    },
  ],
  users: [{ openid: 'alice', nickname: 'Alice' }, { openid: 'bob', nickname: 'Bob' }],
  settings: {},
};

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await testCloud({ seed: FIXTURE });
}, 60_000);
afterAll(() => cloud.close());

const call = <T = CartView>(openid: string | null, action: string, data?: unknown): Promise<Envelope<T>> =>
  cloud.call<T>('cart', { action, data }, openid);

async function must(openid: string, action: string, data?: unknown): Promise<CartView> {
  const r = await call(openid, action, data);
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

const cartDoc = (openid: string) => cloud.store.get<CartRecord>('carts', openid);
const brief = (lines: CartLine[]) => lines.map((l) => [l.skuId, l.qty]);

test('a new shopper has an empty cart, and reading it writes nothing', async () => {
  expect(await must('fresh', 'get')).toEqual({ lines: [], invalid: [], count: 0, selectedCount: 0, selectedSubtotal: 0, allSelected: false, shipping: { fee: 0, freeOver: 0, shortBy: 0 } });
  expect(await cartDoc('fresh')).toBeNull();
});

test('add: new lines go first, repeated adds raise the quantity, the view shows current product data', async () => {
  const s = 'add-basic';
  let v = await must(s, 'add', { skuId: 'earbuds-black', qty: 2 });
  expect(v.lines).toEqual([{
    skuId: 'earbuds-black', productId: 'earbuds', title: '降噪蓝牙耳机 Pro', image: '/static/img/earbuds.svg',
    specs: { 颜色: '黑色', 版本: '标准版' }, specText: '黑色 / 标准版', price: 29900, addedPrice: 29900, qty: 2, selected: true, stock: 50,
    flags: { offSale: false, outOfStock: false, insufficientStock: false, priceChanged: false }, valid: true,
  }]);
  v = await must(s, 'add', { skuId: 'cable-1', qty: 1 });
  expect(brief(v.lines)).toEqual([['cable-1', 1], ['earbuds-black', 2]]);
  expect(v.lines[0].specText).toBe('');
  v = await must(s, 'add', { skuId: 'earbuds-black', qty: 3 });
  expect(brief(v.lines)).toEqual([['cable-1', 1], ['earbuds-black', 5]]);
  expect(v).toMatchObject({ count: 6, selectedCount: 2, selectedSubtotal: 1990 + 5 * 29900, allSelected: true });
  expect(await must(s, 'get')).toEqual(v);
  expect((await cartDoc(s))?.version).toBe(3);
});

test('add refuses what a shop would refuse, and nothing changes', async () => {
  const s = 'add-refused';
  await must(s, 'add', { skuId: 'earbuds-white', qty: 4 });
  await must(s, 'add', { skuId: 'cable-1', qty: 98 });
  const before = await cartDoc(s);

  expect(await call(s, 'add', { skuId: 'earbuds-white', qty: 2 })).toEqual({ ok: false, error: { code: 'OUT_OF_STOCK', message: expect.stringContaining('仅剩 5 件') } });
  expect(await call(s, 'add', { skuId: 'earbuds-max', qty: 1 })).toEqual({ ok: false, error: { code: 'OUT_OF_STOCK', message: expect.stringContaining('售罄') } });
  expect(await call(s, 'add', { skuId: 'cable-1', qty: 2 })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/99.*98/) } });
  expect(await call(s, 'add', { skuId: 'no-such-sku', qty: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await call(s, 'add', { skuId: 'hidden-1', qty: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

  expect(await cartDoc(s)).toEqual(before);
  expect(brief((await must(s, 'get')).lines)).toEqual([['cable-1', 98], ['earbuds-white', 4]]);
  // up to exactly 99 is fine
  expect(brief((await must(s, 'add', { skuId: 'cable-1', qty: 1 })).lines)).toEqual([['cable-1', 99], ['earbuds-white', 4]]);
});

test('set changes a line\'s quantity; a line not in the cart is NOT_FOUND; beyond stock is OUT_OF_STOCK', async () => {
  const s = 'set';
  await must(s, 'add', { skuId: 'earbuds-white', qty: 1 });
  await must(s, 'add', { skuId: 'cable-1', qty: 1 });
  expect(brief((await must(s, 'set', { skuId: 'earbuds-white', qty: 5 })).lines)).toEqual([['cable-1', 1], ['earbuds-white', 5]]);
  const before = await cartDoc(s);
  expect(await call(s, 'set', { skuId: 'earbuds-white', qty: 6 })).toEqual({ ok: false, error: { code: 'OUT_OF_STOCK', message: expect.stringContaining('5') } });
  expect(await call(s, 'set', { skuId: 'earbuds-black', qty: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await call(s, 'set', { skuId: 'no-such-sku', qty: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await cartDoc(s)).toEqual(before);
  expect(brief((await must(s, 'set', { skuId: 'earbuds-white', qty: 2 })).lines)).toEqual([['cable-1', 1], ['earbuds-white', 2]]);
});

test('select and remove work on the listed lines and ignore SKUs not in the cart', async () => {
  const s = 'select-remove';
  await must(s, 'add', { skuId: 'earbuds-black', qty: 1 });
  await must(s, 'add', { skuId: 'earbuds-white', qty: 2 });
  await must(s, 'add', { skuId: 'cable-1', qty: 3 });
  let v = await must(s, 'select', { skuIds: ['earbuds-black', 'cable-1', 'not-in-cart'], selected: false });
  expect(v.lines.map((l) => [l.skuId, l.selected])).toEqual([['cable-1', false], ['earbuds-white', true], ['earbuds-black', false]]);
  expect(v).toMatchObject({ count: 6, selectedCount: 1, selectedSubtotal: 2 * 31900, allSelected: false });
  v = await must(s, 'select', { skuIds: ['earbuds-black', 'cable-1'], selected: true });
  expect(v).toMatchObject({ selectedCount: 3, allSelected: true, selectedSubtotal: 29900 + 2 * 31900 + 3 * 1990 });

  const version = (await cartDoc(s))?.version;
  v = await must(s, 'remove', { skuIds: ['not-in-cart'] });
  expect(v.lines).toHaveLength(3);
  expect((await cartDoc(s))?.version).toBe(version); // no change, no write
  v = await must(s, 'remove', { skuIds: ['earbuds-white', 'cable-1'] });
  expect(brief(v.lines)).toEqual([['earbuds-black', 1]]);
  v = await must(s, 'remove', { skuIds: ['earbuds-black'] });
  expect(v).toEqual({ lines: [], invalid: [], count: 0, selectedCount: 0, selectedSubtotal: 0, allSelected: false, shipping: { fee: 0, freeOver: 0, shortBy: 0 } });
});

describe('bad input is refused with a clear code and the cart is unchanged', () => {
  const s = 'bad-input';
  beforeAll(async () => {
    await must(s, 'add', { skuId: 'earbuds-black', qty: 2 });
    await must(s, 'add', { skuId: 'cable-1', qty: 1 });
  });

  const ids101 = Array.from({ length: 101 }, (_, i) => `sticker-${i}`);
  const cases: Array<[string, string, unknown]> = [
    ['add qty -1', 'add', { skuId: 'cable-1', qty: -1 }],
    ['add qty 0', 'add', { skuId: 'cable-1', qty: 0 }],
    ['add qty 1.5', 'add', { skuId: 'cable-1', qty: 1.5 }],
    ['add qty 1e9', 'add', { skuId: 'cable-1', qty: 1e9 }],
    ['add qty 100', 'add', { skuId: 'cable-1', qty: 100 }],
    ['add qty "2"', 'add', { skuId: 'cable-1', qty: '2' }],
    ['add qty null', 'add', { skuId: 'cable-1', qty: null }],
    ['add without qty', 'add', { skuId: 'cable-1' }],
    ['add object as skuId', 'add', { skuId: { $ne: '' }, qty: 1 }],
    ['add array as skuId', 'add', { skuId: ['cable-1'], qty: 1 }],
    ['add skuId too long', 'add', { skuId: 'x'.repeat(65), qty: 1 }],
    ['add with a price', 'add', { skuId: 'cable-1', qty: 1, price: 1 }],
    ['add with an addedPrice', 'add', { skuId: 'cable-1', qty: 1, addedPrice: 1 }],
    ['add with an openid', 'add', { skuId: 'cable-1', qty: 1, openid: 'bob' }],
    ['add as an array payload', 'add', [{ skuId: 'cable-1', qty: 1 }]],
    ['set qty -1', 'set', { skuId: 'cable-1', qty: -1 }],
    ['set qty 0', 'set', { skuId: 'cable-1', qty: 0 }],
    ['set qty 1.5', 'set', { skuId: 'cable-1', qty: 1.5 }],
    ['set qty 1e9', 'set', { skuId: 'cable-1', qty: 1e9 }],
    ['set qty "2"', 'set', { skuId: 'cable-1', qty: '2' }],
    ['set object as skuId', 'set', { skuId: { $ne: '' }, qty: 1 }],
    ['set with an openid', 'set', { skuId: 'cable-1', qty: 3, openid: 'bob' }],
    ['remove empty list', 'remove', { skuIds: [] }],
    ['remove 101 ids', 'remove', { skuIds: ids101 }],
    ['remove object as skuId', 'remove', { skuIds: [{ $ne: '' }] }],
    ['remove a bare string', 'remove', { skuIds: 'cable-1' }],
    ['remove with an openid', 'remove', { skuIds: ['cable-1'], openid: 'bob' }],
    ['select empty list', 'select', { skuIds: [], selected: false }],
    ['select 101 ids', 'select', { skuIds: ids101, selected: false }],
    ['select object as skuId', 'select', { skuIds: [{ $ne: '' }], selected: false }],
    ['select "false" as a string', 'select', { skuIds: ['cable-1'], selected: 'false' }],
    ['select without selected', 'select', { skuIds: ['cable-1'] }],
    ['get with an openid', 'get', { openid: 'bob' }],
  ];

  test.each(cases)('%s -> INVALID_INPUT', async (_name, action, data) => {
    const before = await cartDoc(s);
    const r = await call(s, action, data);
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.any(String) } });
    if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
    expect(await cartDoc(s)).toEqual(before);
  });

  test('unknown action, no identity, extra event keys', async () => {
    expect(await call(s, 'clear')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
    expect(await call(null, 'get')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await cloud.call('cart', { action: 'get', data: {}, openid: 'bob' }, s)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  test('afterwards the cart is exactly what it was', async () => {
    const v = await must(s, 'get');
    expect(brief(v.lines)).toEqual([['cable-1', 1], ['earbuds-black', 2]]);
    expect((await cartDoc(s))?.version).toBe(2);
  });
});

test('lines are flagged after price, stock and on-sale changes; only valid selected lines count towards the subtotal', async () => {
  const s = 'flags';
  await must(s, 'add', { skuId: 'mug-s', qty: 2 });
  await must(s, 'add', { skuId: 'mug-l', qty: 3 });
  await must(s, 'add', { skuId: 'lamp-1', qty: 1 });
  await must(s, 'add', { skuId: 'towel-1', qty: 1 });
  await must(s, 'add', { skuId: 'vase-1', qty: 1 });

  expect(await cloud.store.update('skus', { _id: 'mug-s' }, { set: { price: 3500 } })).toBe(1); // cheaper now
  expect(await cloud.store.update('skus', { _id: 'mug-l' }, { set: { stock: 2 } })).toBe(1); // fewer than the 3 in the cart
  expect(await cloud.store.update('skus', { _id: 'lamp-1' }, { set: { stock: 0 } })).toBe(1); // sold out
  expect(await cloud.store.update('products', { _id: 'towel' }, { set: { onSale: false } })).toBe(1); // off sale
  expect(await cloud.store.remove('skus', { _id: 'vase-1' })).toBe(1); // gone

  const v = await must(s, 'get');
  expect(v.lines.map((l) => [l.skuId, l.valid, l.selected])).toEqual([['mug-l', false, false], ['mug-s', true, true]]);
  expect(v.invalid.map((l) => l.skuId)).toEqual(['vase-1', 'towel-1', 'lamp-1']);
  const by = new Map([...v.lines, ...v.invalid].map((l) => [l.skuId, l]));
  expect(by.get('mug-s')).toMatchObject({ price: 3500, addedPrice: 3900, specText: '350ml / 白', flags: { priceChanged: true, offSale: false, outOfStock: false, insufficientStock: false } });
  expect(by.get('mug-l')).toMatchObject({ stock: 2, qty: 3, flags: { insufficientStock: true, outOfStock: false, offSale: false, priceChanged: false } });
  expect(by.get('lamp-1')).toMatchObject({ stock: 0, flags: { outOfStock: true, offSale: false }, valid: false, selected: false });
  expect(by.get('towel-1')).toMatchObject({ title: '毛巾', flags: { offSale: true }, valid: false, selected: false });
  expect(by.get('vase-1')).toMatchObject({ title: '商品已失效', flags: { offSale: true }, valid: false, selected: false });
  // "all selected" is over the lines that can be checked out: mug-s is the only one, and it is selected.
  expect(v).toMatchObject({ count: 2 + 3 + 1 + 1 + 1, selectedCount: 1, selectedSubtotal: 2 * 3500, allSelected: true });

  // The shopper can act on what the flags say.
  expect(await call(s, 'set', { skuId: 'mug-l', qty: 3 })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK', message: expect.stringContaining('仅剩 2 件') } });
  let after = await must(s, 'set', { skuId: 'mug-l', qty: 2 });
  expect(after.lines.find((l) => l.skuId === 'mug-l')).toMatchObject({ valid: true, selected: true, flags: { insufficientStock: false } });
  expect(after).toMatchObject({ selectedCount: 2, selectedSubtotal: 2 * 3500 + 2 * 4900, allSelected: true });
  expect(await call(s, 'add', { skuId: 'lamp-1', qty: 1 })).toMatchObject({ ok: false, error: { code: 'OUT_OF_STOCK' } });
  expect(await call(s, 'add', { skuId: 'towel-1', qty: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await call(s, 'set', { skuId: 'towel-1', qty: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  after = await must(s, 'remove', { skuIds: ['vase-1', 'towel-1', 'lamp-1'] });
  expect(after.invalid).toEqual([]);
  // Adding again refreshes the remembered price.
  after = await must(s, 'add', { skuId: 'mug-s', qty: 1 });
  expect(after.lines.find((l) => l.skuId === 'mug-s')).toMatchObject({ qty: 3, price: 3500, addedPrice: 3500, flags: { priceChanged: false } });
});

test('at most 100 distinct SKUs: the 101st is refused as "cart is full"', async () => {
  const s = 'full';
  for (let i = 0; i < 100; i++) await must(s, 'add', { skuId: `sticker-${i}`, qty: 1 });
  const before = await cartDoc(s);
  expect(before?.lines).toHaveLength(100);
  expect(await call(s, 'add', { skuId: 'sticker-100', qty: 1 })).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('购物车已满') } });
  expect(await cartDoc(s)).toEqual(before);
  // an existing line still grows
  expect((await must(s, 'add', { skuId: 'sticker-0', qty: 1 })).lines.find((l) => l.skuId === 'sticker-0')?.qty).toBe(2);
}, 60_000);

test('20 concurrent adds of one SKU by one shopper: no lost update', async () => {
  const s = 'race';
  const results = await Promise.all(Array.from({ length: 20 }, () => call(s, 'add', { skuId: 'cable-1', qty: 1 })));
  expect(results.filter((r) => !r.ok)).toEqual([]);
  const v = await must(s, 'get');
  expect(brief(v.lines)).toEqual([['cable-1', 20]]);
  expect((await cartDoc(s))?.version).toBe(20);
}, 30_000);

test('concurrent adds of different SKUs all land', async () => {
  const s = 'race-mixed';
  const skus = ['earbuds-black', 'earbuds-white', 'cable-1', 'sticker-1', 'sticker-2', 'sticker-3'];
  const results = await Promise.all(skus.map((skuId) => call(s, 'add', { skuId, qty: 1 })));
  expect(results.filter((r) => !r.ok)).toEqual([]);
  expect((await must(s, 'get')).lines.map((l) => l.skuId).sort()).toEqual([...skus].sort());
}, 30_000);

test('one shopper cannot see or change another\'s cart', async () => {
  await must('alice', 'add', { skuId: 'earbuds-black', qty: 1 });
  const aliceBefore = await cartDoc('alice');
  expect((await must('bob', 'get')).lines).toEqual([]);
  expect(await call('bob', 'set', { skuId: 'earbuds-black', qty: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  await must('bob', 'remove', { skuIds: ['earbuds-black'] });
  await must('bob', 'select', { skuIds: ['earbuds-black'], selected: false });
  expect(await call('bob', 'get', { openid: 'alice' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await cartDoc('alice')).toEqual(aliceBefore);
  expect(brief((await must('alice', 'get')).lines)).toEqual([['earbuds-black', 1]]);
  expect(await cartDoc('bob')).toBeNull();
});
