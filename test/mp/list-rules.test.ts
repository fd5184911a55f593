/**
 * Pure rules behind the list pages: the search sort bar, the readable order number, the actions an order card offers,
 * badge texts and role tags; and the CartStore's 管理 mode (marking, one remove for the marked lines) over a fake backend.
 */
import { nextSort, tabOf, isProductSort, SORT_TABS } from '../../miniprogram/utils/product-sort';
import { countBadge, displayOrderNo, orderCardActions } from '../../miniprogram/utils/order';
import type { CartView, OrderStatus } from '../../typings/api';
import { cartLine, cartView } from './support/commerce-data';
import { connectStores, fakeBackend } from './support/fake-backend';

describe('the sort bar', () => {
  test('综合 / 销量 are one sort each; 价格 starts low to high and flips on every further tap', () => {
    expect(SORT_TABS.map((t) => t.text)).toEqual(['综合', '销量', '价格']);
    expect(nextSort('default', 'sales')).toBe('sales');
    expect(nextSort('sales', 'sales')).toBe('sales');
    expect(nextSort('sales', 'default')).toBe('default');
    expect(nextSort('default', 'price')).toBe('price_asc');
    expect(nextSort('sales', 'price')).toBe('price_asc');
    expect(nextSort('price_asc', 'price')).toBe('price_desc');
    expect(nextSort('price_desc', 'price')).toBe('price_asc');
    expect(nextSort('price_desc', 'sales')).toBe('sales');
  });

  test('the lit tab, and which query values are sorts', () => {
    expect(tabOf('price_asc')).toBe('price');
    expect(tabOf('price_desc')).toBe('price');
    expect(tabOf('sales')).toBe('sales');
    expect(tabOf('default')).toBe('default');
    expect(['default', 'sales', 'price_asc', 'price_desc'].every(isProductSort)).toBe(true);
    expect(['price', '', undefined, 'SALES', 1].some(isProductSort)).toBe(false);
  });
});

describe('order cards', () => {
  test('a readable number: the time part and the last six random characters; anything else as it is', () => {
    expect(displayOrderNo('D261120100005abcdefk3f9q2')).toBe('261120-100005-K3F9Q2');
    expect(displayOrderNo('D261120100005abcdefk3f9q')).toBe('D261120100005abcdefk3f9q');
    expect(displayOrderNo('legacy-123')).toBe('legacy-123');
    expect(displayOrderNo('')).toBe('');
  });

  test('each status offers its own actions', () => {
    const all: OrderStatus[] = ['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunded'];
    expect(Object.fromEntries(all.map((s) => [s, orderCardActions(s)]))).toEqual({
      pending_payment: ['pay'],
      paid: [],
      shipped: ['confirm'],
      completed: ['rebuy'],
      cancelled: ['rebuy'],
      refunded: [],
    });
  });

  test('badges: nothing for 0, the number up to 99, then 99+', () => {
    expect([0, -1, Number.NaN, 1, 2, 99, 100, 12345].map(countBadge)).toEqual(['', '', '', '1', '2', '99', '99+', '99+']);
  });
});

test('role tags only where they mean something: 店长, 分销员, nothing for a shopper', () => {
  connectStores(fakeBackend({}));
  const { roleLabels } = require('../../miniprogram/stores/user') as typeof import('../../miniprogram/stores/user');
  expect(roleLabels([])).toEqual([]);
  expect(roleLabels(['merchant'])).toEqual(['店长']);
  expect(roleLabels(['distributor', 'merchant'])).toEqual(['分销员', '店长']);
  expect(roleLabels(['somethingElse'])).toEqual([]);
});

describe('CartStore 管理 mode', () => {
  const VIEW: CartView = cartView([cartLine('a'), cartLine('b'), cartLine('c')], [cartLine('gone', { valid: false })]);

  function setup(onRemove: (p: { skuIds: string[] }) => CartView) {
    const backend = fakeBackend({ cart: { get: () => VIEW, remove: (p: { skuIds: string[] }) => onRemove(p) } });
    connectStores(backend, { setTabBarBadge: jest.fn(), removeTabBarBadge: jest.fn() });
    const { CartStore } = require('../../miniprogram/stores/cart') as typeof import('../../miniprogram/stores/cart');
    return { store: new CartStore(), backend };
  }

  test('marking is local; 删除 sends the marked lines (valid or not) in one cart.remove; edit mode ends with an empty cart', async () => {
    let left: CartView = VIEW;
    const { store, backend } = setup((p) => {
      left = cartView(
        left.lines.filter((l) => !p.skuIds.includes(l.skuId)),
        left.invalid.filter((l) => !p.skuIds.includes(l.skuId)),
      );
      return left;
    });
    await store.load();
    store.setEditing(true);
    expect(store.editing).toBe(true);
    expect(await store.removeMarked()).toMatchObject({ ok: false, message: '请选择要删除的商品' });

    store.mark('a', true);
    store.mark('gone', true);
    store.mark('nope', true);
    expect(store.marked).toEqual(['a', 'gone']);
    expect(store.markedMap).toEqual({ a: true, gone: true });
    expect(store.allMarked).toBe(false);
    store.mark('a', false);
    store.mark('a', true);
    expect(await store.removeMarked()).toEqual({ ok: true });
    expect(backend.payloads('cart.remove')).toEqual([{ skuIds: ['gone', 'a'] }]);
    expect(store.lines.map((l) => l.skuId)).toEqual(['b', 'c']);
    expect(store.marked).toEqual([]);
    expect(store.editing).toBe(true);

    store.markAll(true);
    expect(store.allMarked).toBe(true);
    await store.removeMarked();
    expect(store.empty).toBe(true);
    expect(store.editing).toBe(false);
  });

  test('entering or leaving edit mode forgets the marks', async () => {
    const { store } = setup(() => VIEW);
    await store.load();
    store.setEditing(true);
    store.markAll(true);
    expect(store.marked).toHaveLength(4);
    store.setEditing(false);
    expect(store.marked).toEqual([]);
    store.markAll(false);
    expect(store.allMarked).toBe(false);
  });
});
