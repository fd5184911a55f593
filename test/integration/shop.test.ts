/** Function `shop` through the local cloud's in-process invocation, exactly as the cloud would invoke it. */
import { createLocalCloud, LocalCloud } from '../../cloudfunctions/local/cloud';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type { Category, Page, ProductDetail, ProductSummary } from '../../typings/api';

const img = ['/static/img/x.svg'];
const FIXTURE: FixtureInput = {
  categories: [
    { id: 'digital', name: '数码' },
    { id: 'audio', name: '耳机音箱', parentId: 'digital' },
    { id: 'food', name: '食品' },
  ],
  products: [
    {
      id: 'earbuds', categoryId: 'audio', title: '降噪蓝牙耳机 Pro', subtitle: '主动降噪 30 小时续航', images: img, sort: 100, sales: 320,
      skus: [
        { id: 'earbuds-black', specs: { 颜色: '黑色', 版本: '标准版' }, price: 29900, originalPrice: 39900, stock: 5 },
        { id: 'earbuds-white', specs: { 颜色: '白色', 版本: '标准版' }, price: 29900, stock: 0 },
        { id: 'earbuds-black-max', specs: { 颜色: '黑色', 版本: 'Max' }, price: 45900, stock: 2 },
      ],
    },
    { id: 'cable', categoryId: 'digital', title: '快充数据线 1 米', images: img, sort: 90, skus: [{ id: 'cable-1', specs: {}, price: 1990, stock: 100 }] },
    { id: 'tea', categoryId: 'food', title: '明前龙井 250g', images: img, sort: 80, skus: [{ id: 'tea-1', specs: {}, price: 16800, stock: 3 }] },
    { id: 'hidden', categoryId: 'food', title: '下架的蓝牙耳机', images: img, sort: 70, onSale: false, skus: [{ id: 'hidden-1', specs: {}, price: 100, stock: 1 }] },
  ],
  users: [{ openid: 'u-shopper', nickname: '小明' }],
  settings: {},
};

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await createLocalCloud({ seed: FIXTURE });
}, 60_000);
afterAll(() => cloud.close());

const call = <T>(action: string, data?: unknown, openid: string | null = 'u-shopper') => cloud.call<T>('shop', { action, data }, openid);
async function okData<T>(action: string, data?: unknown): Promise<T> {
  const r = await call<T>(action, data);
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

test('categories are listed with their parent', async () => {
  const cats = await okData<Category[]>('categories');
  expect(cats.map((c) => [c.id, c.name, c.parentId])).toEqual([
    ['digital', '数码', null],
    ['audio', '耳机音箱', 'digital'],
    ['food', '食品', null],
  ]);
});

test('products lists only on-sale products, newest sort first, each with its price range', async () => {
  const page = await okData<Page<ProductSummary>>('products', {});
  expect(page.items.map((p) => p.id)).toEqual(['earbuds', 'cable', 'tea']);
  expect(page.items[0]).toMatchObject({ title: '降噪蓝牙耳机 Pro', price: { min: 29900, max: 45900 }, originalPrice: 39900, sales: 320, image: '/static/img/x.svg' });
  expect(page.nextCursor).toBeNull();
});

test('a parent category includes its sub-categories; a keyword searches titles', async () => {
  expect((await okData<Page<ProductSummary>>('products', { categoryId: 'digital' })).items.map((p) => p.id)).toEqual(['earbuds', 'cable']);
  expect((await okData<Page<ProductSummary>>('products', { categoryId: 'audio' })).items.map((p) => p.id)).toEqual(['earbuds']);
  expect((await okData<Page<ProductSummary>>('products', { keyword: '蓝牙耳机' })).items.map((p) => p.id)).toEqual(['earbuds']);
  expect((await okData<Page<ProductSummary>>('products', { keyword: '耳机' })).items.map((p) => p.id)).toEqual(['earbuds']);
  expect((await okData<Page<ProductSummary>>('products', { keyword: '龙井' })).items.map((p) => p.id)).toEqual(['tea']);
  expect((await okData<Page<ProductSummary>>('products', { keyword: '不存在的东西' })).items).toEqual([]);
});

test('cursor pages walk the whole feed once', async () => {
  const first = await okData<Page<ProductSummary>>('products', { limit: 2 });
  expect(first.items.map((p) => p.id)).toEqual(['earbuds', 'cable']);
  expect(first.nextCursor).toEqual(expect.any(String));
  const second = await okData<Page<ProductSummary>>('products', { limit: 2, cursor: first.nextCursor });
  expect(second.items.map((p) => p.id)).toEqual(['tea']);
  expect(second.nextCursor).toBeNull();
});

test('product detail has SKUs with price and stock and the spec matrix', async () => {
  const p = await okData<ProductDetail>('product', { id: 'earbuds' });
  expect(p.specs).toEqual([
    { name: '颜色', values: ['黑色', '白色'] },
    { name: '版本', values: ['标准版', 'Max'] },
  ]);
  expect(p.skus).toEqual([
    { id: 'earbuds-black', specs: { 颜色: '黑色', 版本: '标准版' }, price: 29900, originalPrice: 39900, stock: 5, image: null },
    { id: 'earbuds-white', specs: { 颜色: '白色', 版本: '标准版' }, price: 29900, originalPrice: null, stock: 0, image: null },
    { id: 'earbuds-black-max', specs: { 颜色: '黑色', 版本: 'Max' }, price: 45900, originalPrice: null, stock: 2, image: null },
  ]);
  const single = await okData<ProductDetail>('product', { id: 'cable' });
  expect(single.specs).toEqual([]);
  expect(single.skus).toHaveLength(1);
});

test('unknown and off-sale products are NOT_FOUND', async () => {
  expect(await call('product', { id: 'nope' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
  expect(await call('product', { id: 'hidden' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

describe('bad input is INVALID_INPUT and nothing else happens', () => {
  const cases: Array<[string, string, unknown]> = [
    ['unknown key', 'products', { categoryId: 'food', price: 1 }],
    ['limit 0', 'products', { limit: 0 }],
    ['limit 51', 'products', { limit: 51 }],
    ['limit 1.5', 'products', { limit: 1.5 }],
    ['limit "2"', 'products', { limit: '2' }],
    ['limit 1e9', 'products', { limit: 1e9 }],
    ['object as categoryId', 'products', { categoryId: { $ne: '' } }],
    ['keyword too long', 'products', { keyword: '好'.repeat(31) }],
    ['empty keyword', 'products', { keyword: '   ' }],
    ['forged cursor', 'products', { cursor: 'eyJ4IjoxfQ' }],
    ['cursor with odd chars', 'products', { cursor: '../../etc' }],
    ['object as id', 'product', { id: { $ne: '' } }],
    ['missing id', 'product', {}],
    ['id too long', 'product', { id: 'x'.repeat(65) }],
    ['array payload', 'product', ['earbuds']],
    ['payload on categories', 'categories', { all: true }],
    ['openid in payload', 'product', { id: 'earbuds', openid: 'someone-else' }],
  ];
  test.each(cases)('%s', async (_name, action, data) => {
    const r = await call(action, data);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  test('unknown action -> UNKNOWN_ACTION; missing identity -> UNAUTHENTICATED; extra event keys -> INVALID_INPUT', async () => {
    expect(await call('deleteEverything')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
    expect(await call('__proto__')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
    expect(await call('toString')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
    expect(await call('categories', undefined, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await cloud.call('shop', { action: 'categories', data: {}, openid: 'x' }, 'u-shopper')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  test('a trigger or payment callback source cannot call client actions', async () => {
    const r = await cloud.invokeRaw('shop', { action: 'categories' }, { openid: null, source: 'wx_paycallback' });
    expect(r.code).toBe('FORBIDDEN');
  });

  test('after all of it the catalogue is unchanged', async () => {
    expect(await cloud.store.count('products', {})).toBe(4);
    expect((await okData<ProductDetail>('product', { id: 'earbuds' })).skus.map((s) => s.stock)).toEqual([5, 0, 2]);
  });
});
