/**
 * CartStore over a fake backend (setTransport): it shows only what the server answered, sends one request at a
 * time, reloads after a refusal, and drives the cart tab's badge from the line count.
 */
import type { CartView } from '../../typings/api';
import { cartLine, cartView } from './support/commerce-data';
import { connectStores, deferred, fakeBackend, FakeBackend, flush, refuse } from './support/fake-backend';

type CartModule = typeof import('../../miniprogram/stores/cart');

interface FakeWx {
  setTabBarBadge: jest.Mock;
  removeTabBarBadge: jest.Mock;
}

let fakeWx: FakeWx;

function setup(backend: FakeBackend): CartModule {
  fakeWx = connectStores(backend, { setTabBarBadge: jest.fn(), removeTabBarBadge: jest.fn() });
  return require('../../miniprogram/stores/cart') as CartModule;
}

const TWO_LINES = cartView([cartLine('a', { qty: 2 }), cartLine('b', { price: 2500 })]);

test('load shows the server cart; the count drives the cart tab badge (index 2)', async () => {
  const backend = fakeBackend({ cart: { get: () => TWO_LINES } });
  const { CartStore } = setup(backend);
  const store = new CartStore();
  expect(store.empty).toBe(false);
  await store.load();
  expect(store.lines.map((l) => [l.skuId, l.qty])).toEqual([['a', 2], ['b', 1]]);
  expect(store.count).toBe(3);
  expect(store.selectedSubtotal).toBe(4500);
  expect(store.checkoutItems).toEqual([{ skuId: 'a', qty: 2 }, { skuId: 'b', qty: 1 }]);
  expect(fakeWx.setTabBarBadge).toHaveBeenLastCalledWith(expect.objectContaining({ index: 2, text: '3' }));
  // Images come back ready to render (local mode: served by the local cloud).
  expect(store.lines[0].image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/static\/img\/x\.svg$/);
});

test('changing a quantity shows nothing new until the server answers, then exactly its view', async () => {
  const answer = deferred<CartView>();
  const backend = fakeBackend({ cart: { get: () => TWO_LINES, set: () => answer.promise } });
  const { CartStore } = setup(backend);
  const store = new CartStore();
  await store.load();
  const pending = store.setQty('a', 3);
  await flush();
  expect(backend.payloads('cart.set')).toEqual([{ skuId: 'a', qty: 3 }]);
  expect(store.lines[0].qty).toBe(2);
  expect(store.pendingWrites).toBe(1);
  // The server decides: here it also changed the price of the line.
  answer.resolve(cartView([cartLine('a', { qty: 3, price: 900 }), cartLine('b', { price: 2500 })]));
  await expect(pending).resolves.toEqual({ ok: true });
  expect(store.lines[0].qty).toBe(3);
  expect(store.selectedSubtotal).toBe(5200);
  expect(store.pendingWrites).toBe(0);
  expect(fakeWx.setTabBarBadge).toHaveBeenLastCalledWith(expect.objectContaining({ text: '4' }));
});

test('writes go one at a time, in order; the last answer is what shows', async () => {
  const first = deferred<CartView>();
  const backend = fakeBackend({
    cart: {
      get: () => TWO_LINES,
      set: (p) => (p.qty === 3 ? first.promise : cartView([cartLine('a', { qty: p.qty }), cartLine('b', { price: 2500 })])),
    },
  });
  const { CartStore } = setup(backend);
  const store = new CartStore();
  await store.load();
  const a = store.setQty('a', 3);
  const b = store.setQty('a', 4);
  await flush();
  expect(backend.payloads('cart.set')).toEqual([{ skuId: 'a', qty: 3 }]);
  first.resolve(cartView([cartLine('a', { qty: 3 }), cartLine('b', { price: 2500 })]));
  await Promise.all([a, b]);
  expect(backend.payloads('cart.set')).toEqual([{ skuId: 'a', qty: 3 }, { skuId: 'a', qty: 4 }]);
  expect(store.lines[0].qty).toBe(4);
});

test('a refused change answers the server message and reloads the cart (stock may have changed)', async () => {
  let view = TWO_LINES;
  const backend = fakeBackend({
    cart: {
      get: () => view,
      set: () => {
        view = cartView([cartLine('a', { qty: 2, stock: 1, valid: false, selected: false, flags: { offSale: false, outOfStock: false, insufficientStock: true, priceChanged: false } }), cartLine('b', { price: 2500 })]);
        throw refuse('OUT_OF_STOCK', '库存不足，仅剩 1 件');
      },
    },
  });
  const { CartStore } = setup(backend);
  const store = new CartStore();
  await store.load();
  await expect(store.setQty('a', 5)).resolves.toEqual({ ok: false, code: 'OUT_OF_STOCK', message: '库存不足，仅剩 1 件' });
  await flush();
  await flush();
  expect(backend.payloads('cart.get')).toHaveLength(2);
  expect(store.lines[0].flags.insufficientStock).toBe(true);
  expect(store.lines[0].maxQty).toBe(1);
  expect(store.checkoutItems).toEqual([{ skuId: 'b', qty: 1 }]);
});

test('select all sends the valid lines only; unselect all sends every line; clearing invalid removes the invalid ones', async () => {
  const soldOut = cartLine('gone', { valid: false, selected: false, stock: 0, flags: { offSale: false, outOfStock: true, insufficientStock: false, priceChanged: false } });
  const short = cartLine('short', { qty: 5, stock: 2, valid: false, selected: false, flags: { offSale: false, outOfStock: false, insufficientStock: true, priceChanged: false } });
  const start = cartView([cartLine('a', { selected: false }), short], [soldOut]);
  const backend = fakeBackend({
    cart: {
      get: () => start,
      select: (p) => cartView([cartLine('a', { selected: p.selected }), short], [soldOut]),
      remove: () => cartView([cartLine('a', { selected: false }), short]),
    },
  });
  const { CartStore } = setup(backend);
  const store = new CartStore();
  await store.load();
  expect(store.allSelected).toBe(false);
  await store.selectAll(true);
  expect(backend.payloads('cart.select')).toEqual([{ skuIds: ['a'], selected: true }]);
  expect(store.allSelected).toBe(true);
  await store.selectAll(false);
  expect(backend.payloads('cart.select')[1]).toEqual({ skuIds: ['a', 'short'], selected: false });
  expect(store.invalid.map((l) => l.skuId)).toEqual(['gone']);
  await store.clearInvalid();
  expect(backend.payloads('cart.remove')).toEqual([{ skuIds: ['gone'] }]);
  expect(store.invalid).toEqual([]);
});

test('an empty cart removes the badge; a failed first load keeps the error and no badge call', async () => {
  const backend = fakeBackend({ cart: { get: () => cartView([]) } });
  const { CartStore } = setup(backend);
  const store = new CartStore();
  await store.load();
  expect(store.empty).toBe(true);
  expect(fakeWx.removeTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 2 }));

  const broken = fakeBackend({});
  const mod = setup(broken);
  const other = new mod.CartStore();
  await other.load();
  expect(other.error).toEqual({ code: 'UNKNOWN_ACTION', message: '当前版本不支持此操作，请重新打开小程序后重试' });
  expect(other.loaded).toBe(false);
  expect(fakeWx.setTabBarBadge).not.toHaveBeenCalled();
  expect(fakeWx.removeTabBarBadge).not.toHaveBeenCalled();
});

test('badge text caps at 99+', async () => {
  const backend = fakeBackend({ cart: { get: () => cartView([cartLine('a', { qty: 99 }), cartLine('b', { qty: 5 })]) } });
  const { CartStore } = setup(backend);
  const store = new CartStore();
  await store.load();
  expect(store.badgeText).toBe('99+');
  expect(fakeWx.setTabBarBadge).toHaveBeenLastCalledWith(expect.objectContaining({ text: '99+' }));
});
