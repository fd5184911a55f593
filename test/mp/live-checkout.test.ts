/**
 * Checkout from a live room. The store: the room the shopper came from (stores/live.ts liveEntry, 2 hours) or the room
 * the page names goes as `live: {roomId}` to every order.quote and to order.create; an expired or absent room sends
 * nothing; `liveSaved` / `liveNotice` read quote.live. The page (over a fake backend): the live lines with 直播价 and
 * the normal price struck, "直播价已省 ¥x", and when the room is no longer live "直播已结束，已按原价计算".
 */
import type { CreateOrderPayload, Quote, QuoteLive, QuotePayload } from '../../typings/api';
import { ensureMiniprogramNpm, settle, tap, textOf, waitFor } from './support/harness';
import { connectStores, fakeBackend, refuse } from './support/fake-backend';
import type { FakeBackend, Handlers } from './support/fake-backend';
import { cartLine, cartView, orderLine, quote } from './support/commerce-data';
import { loadFakePage } from './support/live-data';

type CheckoutModule = typeof import('../../miniprogram/packages/order/stores/checkout');
type LiveModule = typeof import('../../miniprogram/stores/live');

const HOUR = 3600_000;
/** format.wxs yuan. */
const yuan = (fen: number): string => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A quote of 2 x sku-a; with `live`, sku-a at the live price 800 instead of 1000. */
function liveQuote(live: QuoteLive | null): Quote {
  const base = quote({ qty: 2 });
  if (!live || live.skuIds.length === 0) return { ...base, live };
  const line = { ...orderLine('sku-a', 800, 2), listPrice: 1000 };
  return { ...base, lines: [line], subtotal: 1600, payable: 1600, live };
}

const SAVED: QuoteLive = { roomId: 'r-live', skuIds: ['sku-a'], reason: null, saved: 400 };
const ENDED: QuoteLive = { roomId: 'r-live', skuIds: [], reason: 'NOT_LIVE', saved: 0 };

function shop(live: (p: QuotePayload) => QuoteLive | null): Handlers {
  return {
    order: {
      quote: (p) => liveQuote(live(p)),
      create: () => ({ orderId: 'o1', orderNo: 'o1', payable: 1600 }),
    },
    pay: { prepay: () => Promise.reject(refuse('INTERNAL', 'no pay in this test')) },
    cart: { get: () => cartView([cartLine('x')]) },
  };
}

const forRoom = (p: QuotePayload): QuoteLive | null => (p.live ? SAVED : null);

describe('CheckoutStore', () => {
  let storage: Map<string, unknown>;
  function setup(backend: FakeBackend): CheckoutModule & LiveModule {
    storage = new Map();
    connectStores(backend, {
      getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
      setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
      removeStorageSync: (k: string) => void storage.delete(k),
      setTabBarBadge: jest.fn(),
      removeTabBarBadge: jest.fn(),
    });
    return { ...(require('../../miniprogram/packages/order/stores/checkout') as CheckoutModule), ...(require('../../miniprogram/stores/live') as LiveModule) };
  }

  test('the room the shopper came from goes with every quote and with the order; the savings are read from the quote', async () => {
    const backend = fakeBackend(shop(forRoom));
    const { CheckoutStore, liveEntry } = setup(backend);
    liveEntry.remember('r-live');
    expect(storage.get('liveEntry')).toEqual({ roomId: 'r-live', at: expect.any(Number) });
    const store = new CheckoutStore();
    await store.start([{ skuId: 'sku-a', qty: 2 }], false);
    expect(backend.payloads('order.quote')).toEqual([{ items: [{ skuId: 'sku-a', qty: 2 }], live: { roomId: 'r-live' } }]);
    expect(store.liveSaved).toBe(400);
    expect(store.liveNotice).toBe('');
    expect(store.lines[0]).toMatchObject({ unitPrice: 800, listPrice: 1000 });

    await store.chooseCoupon({ kind: 'none' });
    expect(backend.payloads('order.quote')[1]).toEqual({ items: [{ skuId: 'sku-a', qty: 2 }], couponId: null, live: { roomId: 'r-live' } });
    await store.submit();
    const [created] = backend.payloads('order.create') as CreateOrderPayload[];
    expect(created.live).toEqual({ roomId: 'r-live' });
    expect(created.expectedPayable).toBe(1600);
  });

  test('a room named by the page wins; no room, or one remembered over 2 hours ago, sends no live', async () => {
    const backend = fakeBackend(shop(forRoom));
    const { CheckoutStore, liveEntry, LIVE_ENTRY_TTL_MS } = setup(backend);
    expect(LIVE_ENTRY_TTL_MS).toBe(2 * HOUR);
    const store = new CheckoutStore();
    await store.start([{ skuId: 'sku-a', qty: 1 }], false);
    expect(backend.payloads('order.quote')[0]).toEqual({ items: [{ skuId: 'sku-a', qty: 1 }] });
    expect(store.liveSaved).toBe(0);

    liveEntry.remember('r-old', Date.now() - 2 * HOUR - 1000);
    await store.start([{ skuId: 'sku-a', qty: 1 }], false);
    expect(backend.payloads('order.quote')[1]).toEqual({ items: [{ skuId: 'sku-a', qty: 1 }] });

    liveEntry.remember('r-recent', Date.now() - HOUR);
    await store.start([{ skuId: 'sku-a', qty: 1 }], false);
    expect(backend.payloads('order.quote')[2]).toEqual({ items: [{ skuId: 'sku-a', qty: 1 }], live: { roomId: 'r-recent' } });

    await store.start([{ skuId: 'sku-a', qty: 1 }], false, 'r-named');
    expect(backend.payloads('order.quote')[3]).toEqual({ items: [{ skuId: 'sku-a', qty: 1 }], live: { roomId: 'r-named' } });
    await store.submit();
    expect((backend.payloads('order.create')[0] as CreateOrderPayload).live).toEqual({ roomId: 'r-named' });
  });

  test('the room is no longer live: no savings, and the notice says normal prices apply; other reasons say nothing', async () => {
    for (const [live, notice] of [
      [ENDED, '直播已结束，已按原价计算'],
      [{ ...ENDED, reason: 'NO_LIVE_GOODS' }, ''],
      [{ ...ENDED, reason: 'NOT_FOUND' }, ''],
    ] as const) {
      const backend = fakeBackend(shop(() => live));
      const { CheckoutStore, liveEntry } = setup(backend);
      liveEntry.remember('r-live');
      const store = new CheckoutStore();
      await store.start([{ skuId: 'sku-a', qty: 2 }], false);
      expect(store.liveSaved).toBe(0);
      expect(store.liveNotice).toBe(notice);
      expect(store.lines[0].listPrice).toBeNull();
    }
  });

  test('the remembered room survives a restart of the app (storage) and a bad stored value is ignored', async () => {
    const backend = fakeBackend(shop(forRoom));
    const first = setup(backend);
    first.liveEntry.remember('r-live');
    const saved = storage.get('liveEntry');
    jest.resetModules();
    (require('../../miniprogram/services/api') as typeof import('../../miniprogram/services/api')).setTransport(backend.transport);
    const again = require('../../miniprogram/stores/live') as LiveModule;
    expect(again.liveEntry.roomId()).toBe('r-live');
    storage.set('liveEntry', 'dev-shopper');
    const bad = new again.LiveEntryStore();
    expect(bad.roomId()).toBeNull();
    storage.set('liveEntry', saved);
    expect(new again.LiveEntryStore(() => Date.now() + 3 * HOUR).roomId()).toBeNull();
  });
});

describe('the checkout page', () => {
  // Several pages render per test; under a full parallel run that takes longer than jest's default 5 s.
jest.setTimeout(30_000);

beforeAll(() => ensureMiniprogramNpm(), 120_000);

  test('opened from a live product: 直播价 lines with the normal price struck and "直播价已省"; the order carries the room', async () => {
    const backend = fakeBackend(shop(forRoom));
    const redirectTo = jest.fn();
    const { page } = loadFakePage('packages/order/pages/checkout/index', backend, { redirectTo });
    page.instance.onLoad({ items: encodeURIComponent('sku-a*2'), roomId: 'r-live' });
    await waitFor(() => page.querySelector('.totals__live-saved'), 'the live savings');
    expect(textOf(page.querySelector('.totals__live-saved'))).toBe(`直播价已省 ${yuan(400)}`);
    expect(textOf(page.querySelector('.checkout-line__live-tag'))).toBe('直播价');
    expect(textOf(page.querySelector('.checkout-line__price'))).toBe(yuan(800));
    expect(textOf(page.querySelector('.checkout-line__list-price'))).toBe(yuan(1000));
    expect(page.querySelector('.checkout__live-ended')).toBeUndefined();
    expect(backend.payloads('order.quote')).toEqual([{ items: [{ skuId: 'sku-a', qty: 2 }], live: { roomId: 'r-live' } }]);

    await tap(page.querySelector('.checkout__bar')?.querySelector('.van-submit-bar__button')?.querySelector('.van-button'), '提交订单');
    await waitFor(() => backend.payloads('order.create').length === 1, 'order.create');
    expect((backend.payloads('order.create')[0] as CreateOrderPayload).live).toEqual({ roomId: 'r-live' });
  });

  test('from the cart, with the room remembered lately: the quote carries it; the live has ended: the notice, no savings', async () => {
    const backend = fakeBackend(shop((p) => (p.live ? ENDED : null)));
    const { page } = loadFakePage('packages/order/pages/checkout/index', backend, {}, { storage: { liveEntry: { roomId: 'r-live', at: Date.now() - 10 * 60_000 } } });
    page.instance.onLoad({ items: encodeURIComponent('sku-a*2'), from: 'cart' });
    await waitFor(() => page.querySelector('.checkout__live-ended'), 'the notice');
    expect(textOf(page.querySelector('.checkout__live-ended'))).toBe('直播已结束，已按原价计算');
    expect(backend.payloads('order.quote')).toEqual([{ items: [{ skuId: 'sku-a', qty: 2 }], live: { roomId: 'r-live' } }]);
    await settle(30);
    expect(page.querySelector('.totals__live-saved')).toBeUndefined();
    expect(page.querySelector('.checkout-line__list-price')).toBeUndefined();
  });

  test('no room: no live in the quote, nothing live on the page', async () => {
    const backend = fakeBackend(shop(forRoom));
    const { page } = loadFakePage('packages/order/pages/checkout/index', backend);
    page.instance.onLoad({ items: encodeURIComponent('sku-a*2') });
    await waitFor(() => textOf(page.querySelector('.totals__payable')) !== '', 'the totals');
    expect(backend.payloads('order.quote')).toEqual([{ items: [{ skuId: 'sku-a', qty: 2 }] }]);
    expect(page.querySelector('.totals__live-saved')).toBeUndefined();
    expect(page.querySelector('.checkout__live-ended')).toBeUndefined();
  });
});
