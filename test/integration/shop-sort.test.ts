/**
 * shop.products under each sort (综合 / 销量 / 价格 ↑↓): cursor pages walk the whole result exactly once - no duplicates,
 * no gaps - even where many products tie on the sort key (ties break on _id), with category and keyword filters too;
 * the first page carries the query's total. Plus: the sort is a strict enum, the cart answers the shipping outlook,
 * and user.me counts orders per status and usable coupons.
 */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type { CartView, Me, ProductPage, ProductSort, ProductSummary } from '../../typings/api';
import { addAddress, commerceCloud, expectCode, expectOk, giveCoupon, T0 } from './support/commerce';
import { testCloud } from './support/test-cloud';

const N = 37;
const SALES = [0, 5, 5, 120, 30];
const PRICES = [990, 1990, 1990, 4900, 990, 12800];
const SORTS = [0, 10, 10, 20];

/** Products with heavy ties on every sort key; some of them in category `b`, every third one off sale. */
const FIXTURE: FixtureInput = {
  categories: [{ id: 'a', name: '甲' }, { id: 'b', name: '乙' }],
  products: Array.from({ length: N }, (_, i) => ({
    id: `p${String((i * 7) % N).padStart(2, '0')}`,
    categoryId: i % 2 ? 'b' : 'a',
    title: i % 4 === 0 ? `纯棉毛巾 ${i}` : `保温水杯 ${i}`,
    images: ['/static/img/x.svg'],
    sort: SORTS[i % SORTS.length],
    sales: SALES[i % SALES.length],
    onSale: i % 3 !== 2,
    skus: [
      { id: `s${i}-1`, specs: { 规格: '小' }, price: PRICES[i % PRICES.length], stock: 5 },
      { id: `s${i}-2`, specs: { 规格: '大' }, price: PRICES[i % PRICES.length] + 500, stock: 5 },
    ],
  })),
  users: [{ openid: 'u1', nickname: '小明' }],
  settings: {},
};

type Row = { id: string; sort: number; sales: number; price: number; category: string; title: string; onSale: boolean };
const ROWS: Row[] = (FIXTURE.products ?? []).map((p) => ({
  id: p.id,
  sort: p.sort ?? 0,
  sales: p.sales ?? 0,
  price: Math.min(...p.skus.map((s) => s.price)),
  category: p.categoryId,
  title: p.title,
  onSale: p.onSale !== false,
}));

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The order each sort promises, computed here independently of the store. */
const EXPECTED: Record<ProductSort, (a: Row, b: Row) => number> = {
  default: (a, b) => b.sort - a.sort || cmp(a.id, b.id),
  sales: (a, b) => b.sales - a.sales || cmp(a.id, b.id),
  price_asc: (a, b) => a.price - b.price || cmp(a.id, b.id),
  price_desc: (a, b) => b.price - a.price || cmp(b.id, a.id),
};

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await testCloud({ seed: FIXTURE });
}, 60_000);
afterAll(() => cloud.close());

async function products(data: Record<string, unknown>): Promise<ProductPage> {
  return expectOk(await cloud.call<ProductPage>('shop', { action: 'products', data }, 'u1'));
}

/** Every page from the first, with `limit`; answers the ids in order and the first page's total. */
async function walk(query: Record<string, unknown>, limit: number): Promise<{ ids: string[]; total: number | null; items: ProductSummary[] }> {
  const first = await products({ ...query, limit });
  const items = [...first.items];
  let cursor = first.nextCursor;
  for (let guard = 0; cursor && guard < 100; guard++) {
    const page = await products({ ...query, limit, cursor });
    expect(page.total).toBeNull();
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  return { ids: items.map((p) => p.id), total: first.total, items };
}

const cases: Array<[string, Record<string, unknown>, (r: Row) => boolean]> = [
  ['everything', {}, () => true],
  ['a category', { categoryId: 'b' }, (r) => r.category === 'b'],
  ['a keyword', { keyword: '毛巾' }, (r) => r.title.includes('毛巾')],
];

describe.each(Object.keys(EXPECTED) as ProductSort[])('sort %s', (sort) => {
  test.each(cases)('pages walk %s exactly once, in order; a keyword search carries its total on the first page', async (_name, filter, keep) => {
    const expected = ROWS.filter((r) => r.onSale && keep(r)).sort(EXPECTED[sort]).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(3);
    for (const limit of [1, 4, 7, 50]) {
      const { ids, total } = await walk({ ...filter, sort }, limit);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      // Only a search counts (the home and category feeds do not pay for a count).
      expect(total).toBe('keyword' in filter ? expected.length : null);
    }
  });
});

test('the sort keys are what the cards show: sales and the lowest price', async () => {
  const { items } = await walk({ sort: 'sales' }, 50);
  for (let i = 1; i < items.length; i++) expect(items[i - 1].sales).toBeGreaterThanOrEqual(items[i].sales);
  const byPrice = (await walk({ sort: 'price_desc' }, 50)).items;
  for (let i = 1; i < byPrice.length; i++) expect(byPrice[i - 1].price.min).toBeGreaterThanOrEqual(byPrice[i].price.min);
});

test('no sort is 综合 (the shop order); an unknown sort or an object is INVALID_INPUT', async () => {
  expect((await products({ limit: 50 })).items.map((p) => p.id)).toEqual((await products({ sort: 'default', limit: 50 })).items.map((p) => p.id));
  for (const sort of ['price', 'PRICE_ASC', '', 1, { $ne: '' }, null]) {
    expectCode(await cloud.call('shop', { action: 'products', data: { sort } }, 'u1'), 'INVALID_INPUT');
  }
});

test('a keyword matching nothing answers total 0', async () => {
  expect(await products({ keyword: '潜水艇', sort: 'sales' })).toEqual({ items: [], nextCursor: null, total: 0 });
});

describe('the counts Me shows and the cart shipping outlook', () => {
  let shop: LocalCloud;
  beforeAll(async () => {
    shop = await commerceCloud();
  }, 60_000);
  afterAll(() => shop.close());

  test('user.me counts orders per waiting status and the coupons still usable', async () => {
    const none = expectOk(await shop.call<Me>('user', { action: 'me', data: {} }, 'alice'));
    expect(none.orderCounts).toEqual({ pending_payment: 0, paid: 0, shipped: 0 });
    expect(none.couponCount).toBe(0);

    await giveCoupon(shop, 'alice');
    await giveCoupon(shop, 'alice', { validTo: T0 - 1 });
    await giveCoupon(shop, 'alice', { status: 'used' });
    await giveCoupon(shop, 'bob');
    const addressId = await addAddress(shop, 'alice');
    for (let i = 0; i < 2; i++) {
      expectOk(
        await shop.call('order', { action: 'create', data: { items: [{ skuId: 'cable-1', qty: 1 }], addressId, requestId: `req-counts-${i}`, couponId: null } }, 'alice'),
      );
    }
    const me = expectOk(await shop.call<Me>('user', { action: 'me', data: {} }, 'alice'));
    expect(me.orderCounts).toEqual({ pending_payment: 2, paid: 0, shipped: 0 });
    expect(me.couponCount).toBe(1);
    const bob = expectOk(await shop.call<Me>('user', { action: 'me', data: {} }, 'bob'));
    expect(bob.orderCounts).toEqual({ pending_payment: 0, paid: 0, shipped: 0 });
    expect(bob.couponCount).toBe(1);
  });

  test('the cart says how much more makes shipping free (flatFee 800, free from 9900)', async () => {
    const add = (skuId: string, qty: number) => shop.call<CartView>('cart', { action: 'add', data: { skuId, qty } }, 'bob');
    const empty = expectOk(await shop.call<CartView>('cart', { action: 'get', data: {} }, 'bob'));
    expect(empty.shipping).toEqual({ fee: 800, freeOver: 9900, shortBy: 9900 });
    expect(expectOk(await add('cable-1', 2)).shipping).toEqual({ fee: 800, freeOver: 9900, shortBy: 9900 - 2 * 1990 });
    expect(expectOk(await add('tea-1', 1)).shipping).toEqual({ fee: 0, freeOver: 9900, shortBy: 0 });
  });
});
