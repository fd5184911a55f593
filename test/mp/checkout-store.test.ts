/**
 * CheckoutStore over a fake backend: coupon choices map to order.quote's couponId (absent / null / id), submitting
 * creates with the quote on screen (its payable as expectedPayable) and one requestId per attempt (kept for a retry
 * after a network failure or BUSY, dropped after a refusal, a change or a new price), then pays: sandbox callback in
 * local mode, wx.requestPayment in the cloud; a 体验版 / 正式版 never completes a sandbox payment through /dev.
 */
import type { CreateOrderPayload, OrderDetail, PrepayResult, QuotePayload } from '../../typings/api';
import { ADDRESS, cartLine, cartView, coupon, order, quote } from './support/commerce-data';
import { connectStores, fakeBackend, FakeBackend, flush, Handlers, refuse } from './support/fake-backend';

type Api = typeof import('../../miniprogram/services/api');
type CheckoutModule = typeof import('../../miniprogram/packages/order/stores/checkout');
type CartModule = typeof import('../../miniprogram/stores/cart');

interface FakeWx {
  setTabBarBadge: jest.Mock;
  removeTabBarBadge: jest.Mock;
  requestPayment: jest.Mock;
}

let fakeWx: FakeWx;
let api: Api;

function setup(backend: FakeBackend, mode: 'local' | 'cloud' = 'local', envVersion: 'develop' | 'trial' | 'release' = 'develop'): CheckoutModule & { cart: CartModule } {
  fakeWx = connectStores(backend, { setTabBarBadge: jest.fn(), removeTabBarBadge: jest.fn(), requestPayment: jest.fn() }, envVersion);
  (require('../../miniprogram/config') as typeof import('../../miniprogram/config')).config.mode = mode;
  api = require('../../miniprogram/services/api') as Api;
  return { ...(require('../../miniprogram/packages/order/stores/checkout') as CheckoutModule), cart: require('../../miniprogram/stores/cart') as CartModule };
}

const SAVE5 = { coupon: coupon('c5', { name: '立减5元' }), eligible: true, reason: null, shortBy: 0, discount: 500 };
const SAVE3 = { coupon: coupon('c3', { name: '立减3元', amountOff: 300 }), eligible: true, reason: null, shortBy: 0, discount: 300 };
const BIG = {
  coupon: coupon('c30', { name: '满100减30', threshold: 10000, amountOff: 3000 }),
  eligible: false,
  reason: 'BELOW_THRESHOLD' as const,
  shortBy: 8000,
  discount: 0,
};
const COUPONS = [SAVE5, SAVE3, BIG];

/** order.quote as the server does it: best = the largest discount. */
function quoteFor(p: QuotePayload) {
  const qty = p.items[0]?.qty ?? 1;
  const applied = p.couponId === null ? null : p.couponId ?? 'c5';
  if (applied && !COUPONS.some((c) => c.coupon.id === applied && c.eligible)) throw refuse('COUPON_UNAVAILABLE', '优惠券不可用');
  return quote({ qty, coupons: COUPONS, applied });
}

const paid = (): OrderDetail => order({ status: 'paid', paidAt: 1 });

function shop(extra: Handlers = {}): Handlers {
  let status: OrderDetail['status'] = 'pending_payment';
  const prepay: PrepayResult = { mode: 'sandbox', orderId: 'o1', callback: { outTradeNo: 'o1', totalFee: 1500, returnCode: 'SUCCESS' } };
  return {
    order: {
      quote: quoteFor,
      create: () => ({ orderId: 'o1', orderNo: 'o1', payable: 1500 }),
      detail: () => (status === 'paid' ? paid() : order()),
      ...extra.order,
    },
    pay: { prepay: () => ((status = 'paid'), prepay), ...extra.pay },
    cart: { remove: () => cartView([]), get: () => cartView([cartLine('x')]), ...extra.cart },
  };
}

test('starting quotes with the best coupon; 不使用 sends couponId null; a chosen coupon sends its id; an address its id', async () => {
  const backend = fakeBackend(shop());
  const { CheckoutStore } = setup(backend);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], false);
  expect(backend.payloads('order.quote')).toEqual([{ items: [{ skuId: 'sku-a', qty: 2 }] }]);
  expect(store.appliedCouponId).toBe('c5');
  expect(store.quote?.payable).toBe(1500);
  expect(store.eligibleCoupons.map((c) => c.id)).toEqual(['c5', 'c3']);
  expect(store.ineligibleCoupons.map((c) => [c.id, c.reason, c.shortBy])).toEqual([['c30', 'BELOW_THRESHOLD', 8000]]);
  expect(store.isChoosable('c30')).toBe(false);

  await store.chooseCoupon({ kind: 'none' });
  expect(backend.payloads('order.quote')[1]).toEqual({ items: [{ skuId: 'sku-a', qty: 2 }], couponId: null });
  expect(store.quote?.payable).toBe(2000);
  expect(store.appliedCouponId).toBeNull();
  expect(store.couponHint).toBe('不使用优惠券');

  await store.chooseCoupon({ kind: 'id', id: 'c3' });
  expect(backend.payloads('order.quote')[2]).toEqual({ items: [{ skuId: 'sku-a', qty: 2 }], couponId: 'c3' });
  expect(store.quote?.payable).toBe(1700);

  await store.chooseAddress('addr-2');
  expect(backend.payloads('order.quote')[3]).toEqual({ items: [{ skuId: 'sku-a', qty: 2 }], couponId: 'c3', addressId: 'addr-2' });
});

test('a slow quote for an older choice does not replace the newer one', async () => {
  let release: (() => void) | null = null;
  const backend = fakeBackend(
    shop({
      order: {
        quote: (p) =>
          p.couponId === null
            ? new Promise((resolve) => (release = () => resolve(quoteFor(p))))
            : quoteFor(p),
      },
    }),
  );
  const { CheckoutStore } = setup(backend);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], false);
  const slow = store.chooseCoupon({ kind: 'none' });
  await flush();
  await store.chooseCoupon({ kind: 'id', id: 'c3' });
  (release as unknown as () => void)();
  await slow;
  expect(store.appliedCouponId).toBe('c3');
  expect(store.quote?.payable).toBe(1700);
});

test('submit creates the order shown (coupon, address, remark, a requestId), pays it in the sandbox and waits for paid', async () => {
  const backend = fakeBackend(shop());
  const { CheckoutStore, cart } = setup(backend);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], true);
  store.setRemark('  请放门口  ');
  const result = await store.submit();
  expect(result).toEqual({ ok: true, orderId: 'o1', paid: true });
  const [created] = backend.payloads('order.create') as CreateOrderPayload[];
  expect(created).toEqual({
    items: [{ skuId: 'sku-a', qty: 2 }], couponId: 'c5', addressId: ADDRESS.id, remark: '请放门口', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), fromCart: true,
    // The payable on screen: the server refuses with PRICE_CHANGED when it now prices the order differently.
    expectedPayable: 1500,
  });
  expect(backend.payloads('pay.prepay')).toEqual([{ orderId: 'o1' }]);
  expect(backend.devPosts).toEqual([{ path: '/dev/paycallback/payNotify', body: { outTradeNo: 'o1', totalFee: 1500, returnCode: 'SUCCESS' } }]);
  expect(backend.payloads('order.detail')).toEqual([{ orderId: 'o1' }]);
  // From the cart: the server takes the ordered lines out; the client only reloads the cart for the badge.
  await flush();
  expect(backend.payloads('cart.remove')).toEqual([]);
  expect(backend.payloads('cart.get')).toHaveLength(1);
  expect(cart.cartStore.loaded).toBe(true);
  expect(store.submitting).toBe(false);
  expect(store.requestId).toBeNull();
});

test('with 不使用优惠券 the order is created with couponId null', async () => {
  const backend = fakeBackend(shop());
  const { CheckoutStore } = setup(backend);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 1 }], false);
  await store.chooseCoupon({ kind: 'none' });
  await store.submit();
  expect((backend.payloads('order.create')[0] as CreateOrderPayload).couponId).toBeNull();
  expect((backend.payloads('order.create')[0] as CreateOrderPayload).fromCart).toBeUndefined();
  expect(backend.payloads('cart.get')).toEqual([]);
});

test('a network failure keeps the requestId so the retry cannot order twice; a change or a refusal starts a new attempt', async () => {
  let fail: 'network' | 'stock' | null = 'network';
  const backend = fakeBackend(
    shop({
      order: {
        create: () => {
          if (fail === 'stock') throw refuse('OUT_OF_STOCK', '商品 sku-a 库存不足');
          return { orderId: 'o1', orderNo: 'o1', payable: 1500 };
        },
      },
    }),
  );
  const original = backend.transport.callFunction;
  backend.transport.callFunction = async (name, event, openid) => {
    if (name === 'order' && event.action === 'create' && fail === 'network') {
      backend.calls.push({ fn: name, action: event.action, data: event.data });
      const { ApiCallError } = api;
      throw new ApiCallError('NETWORK', 'request:fail timeout');
    }
    return original(name, event, openid);
  };
  const { CheckoutStore } = setup(backend);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], false);

  const first = await store.submit();
  expect(first).toEqual({ ok: false, code: 'NETWORK', message: '网络不给力，请检查网络后重试' });
  const firstId = (backend.payloads('order.create')[0] as CreateOrderPayload).requestId;
  expect(store.requestId).toBe(firstId);

  fail = 'stock';
  const second = await store.submit();
  expect(second).toEqual({ ok: false, code: 'OUT_OF_STOCK', message: '商品 sku-a 库存不足' });
  expect((backend.payloads('order.create')[1] as CreateOrderPayload).requestId).toBe(firstId);
  expect(store.requestId).toBeNull();
  await flush();
  expect(backend.payloads('order.quote')).toHaveLength(2);

  fail = null;
  store.setRemark('换个备注');
  await store.submit();
  expect((backend.payloads('order.create')[2] as CreateOrderPayload).requestId).not.toBe(firstId);
});

test('no address: submit refuses without calling create', async () => {
  const backend = fakeBackend(shop({ order: { quote: () => quote({ address: null }) } }));
  const { CheckoutStore } = setup(backend);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], false);
  expect(store.canSubmit).toBe(false);
  await expect(store.submit()).resolves.toEqual({ ok: false, code: 'INVALID_INPUT', message: '请先添加收货地址' });
  expect(backend.payloads('order.create')).toEqual([]);
});

test('cloud mode pays with wx.requestPayment; closing the cashier leaves the order unpaid', async () => {
  const payment = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA' as const, paySign: 's' };
  const backend = fakeBackend(shop({ pay: { prepay: () => ({ mode: 'wechat', orderId: 'o1', payment }) } }));
  const { CheckoutStore } = setup(backend, 'cloud');
  fakeWx.requestPayment.mockImplementation((o: { fail(e: { errMsg: string }): void }) => o.fail({ errMsg: 'requestPayment:fail cancel' }));
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], false);
  const result = await store.submit();
  expect(fakeWx.requestPayment).toHaveBeenCalledWith(expect.objectContaining(payment));
  expect(result).toEqual({ ok: true, orderId: 'o1', paid: false, message: '支付已取消' });
  expect(backend.devPosts).toEqual([]);
  expect(backend.payloads('order.detail')).toEqual([]);
});

test('a chosen coupon that went away falls back to the best one', async () => {
  const backend = fakeBackend(shop());
  const { CheckoutStore } = setup(backend);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], false);
  await store.chooseCoupon({ kind: 'id', id: 'gone' });
  await flush();
  await flush();
  expect(backend.payloads('order.quote').slice(-2)).toEqual([
    { items: [{ skuId: 'sku-a', qty: 2 }], couponId: 'gone' },
    { items: [{ skuId: 'sku-a', qty: 2 }] },
  ]);
  expect(store.appliedCouponId).toBe('c5');
  expect(store.error).toBeNull();
});

describe('a new price at submit (PRICE_CHANGED)', () => {
  test('the new quote replaces the figures, nothing is ordered, and submitting again is a new attempt at the new payable', async () => {
    let price = 1000;
    const backend = fakeBackend(
      shop({
        order: {
          quote: (p) => ({ ...quoteFor(p), payable: quoteFor(p).payable + (price - 1000) }),
          create: (p) => {
            const now = quoteFor(p).payable + (price - 1000);
            if (p.expectedPayable !== now) throw refuse('PRICE_CHANGED', `应付金额已变为 ¥${(now / 100).toFixed(2)}，请确认后重新提交`, { ...quoteFor(p), payable: now });
            return { orderId: 'o1', orderNo: 'o1', payable: now };
          },
        },
      }),
    );
    const { CheckoutStore } = setup(backend);
    const store = new CheckoutStore();
    await store.start([{ skuId: 'sku-a', qty: 2 }], false);
    expect(store.totals).toEqual({ subtotal: 2000, shipping: 0, discount: 500, payable: 1500 });

    price = 1200; // the price went up meanwhile
    const refused = await store.submit();
    expect(refused).toEqual({ ok: false, code: 'PRICE_CHANGED', message: '价格有变化，请确认后重新提交' });
    const [first] = backend.payloads('order.create') as CreateOrderPayload[];
    expect(first.expectedPayable).toBe(1500);
    expect(store.totals?.payable).toBe(1700);
    expect(store.quote?.payable).toBe(1700);
    expect(store.requestId).toBeNull();
    expect(store.canSubmit).toBe(true);
    expect(backend.payloads('pay.prepay')).toEqual([]);
    // The quote came with the refusal: no extra order.quote.
    await flush();
    expect(backend.payloads('order.quote')).toHaveLength(1);

    const second = await store.submit();
    expect(second).toEqual({ ok: true, orderId: 'o1', paid: true });
    const [, again] = backend.payloads('order.create') as CreateOrderPayload[];
    expect(again.expectedPayable).toBe(1700);
    expect(again.requestId).not.toBe(first.requestId);
  });

  test('without a quote in the refusal the checkout asks for one', async () => {
    const backend = fakeBackend(shop({ order: { create: () => { throw refuse('PRICE_CHANGED', '价格有变化'); } } }));
    const { CheckoutStore } = setup(backend);
    const store = new CheckoutStore();
    await store.start([{ skuId: 'sku-a', qty: 2 }], false);
    await expect(store.submit()).resolves.toMatchObject({ ok: false, code: 'PRICE_CHANGED', message: '价格有变化，请确认后重新提交' });
    await flush();
    expect(backend.payloads('order.quote')).toHaveLength(2);
    expect(store.requestId).toBeNull();
  });
});

describe('BUSY', () => {
  test('is asked again once with the same requestId, and the order goes through', async () => {
    let busy = 1;
    const backend = fakeBackend(
      shop({
        order: {
          create: () => {
            if (busy-- > 0) throw refuse('BUSY', '当前人多，请稍后重试');
            return { orderId: 'o1', orderNo: 'o1', payable: 1500 };
          },
        },
      }),
    );
    const { CheckoutStore } = setup(backend);
    const store = new CheckoutStore();
    await store.start([{ skuId: 'sku-a', qty: 2 }], false);
    await expect(store.submit()).resolves.toEqual({ ok: true, orderId: 'o1', paid: true });
    const ids = (backend.payloads('order.create') as CreateOrderPayload[]).map((p) => p.requestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  test('twice: the message is shown and the requestId kept for the shopper\'s retry (nothing was taken)', async () => {
    const backend = fakeBackend(shop({ order: { create: () => { throw refuse('BUSY', '当前人多，请稍后重试'); } } }));
    const { CheckoutStore } = setup(backend);
    const store = new CheckoutStore();
    await store.start([{ skuId: 'sku-a', qty: 2 }], false);
    await expect(store.submit()).resolves.toEqual({ ok: false, code: 'BUSY', message: '当前人多，请稍后重试' });
    const ids = (backend.payloads('order.create') as CreateOrderPayload[]).map((p) => p.requestId);
    expect(ids).toEqual([ids[0], ids[0]]);
    expect(store.requestId).toBe(ids[0]);
  });
});

test('more lines than one order takes: the first ORDER_MAX_LINES are quoted, and the notice names what did not go in', async () => {
  const backend = fakeBackend(shop());
  const { CheckoutStore, cart } = setup(backend);
  const { ORDER_MAX_LINES } = require('../../miniprogram/utils/limits') as typeof import('../../miniprogram/utils/limits');
  const lines = Array.from({ length: ORDER_MAX_LINES + 2 }, (_, i) => cartLine(`sku-${i}`, { title: `商品${i}` }));
  backend.handlers.cart = { ...backend.handlers.cart, get: () => cartView(lines) };
  await cart.cartStore.load();
  const store = new CheckoutStore();
  await store.start(cart.cartStore.checkoutItems, true);
  expect((backend.payloads('order.quote')[0] as QuotePayload).items).toHaveLength(ORDER_MAX_LINES);
  expect(store.leftOut.map((i) => i.skuId)).toEqual([`sku-${ORDER_MAX_LINES}`, `sku-${ORDER_MAX_LINES + 1}`]);
  expect(store.leftOutNotice).toBe(`一单最多 ${ORDER_MAX_LINES} 种商品，另有 2 种未加入本单，仍保留在购物车中：商品${ORDER_MAX_LINES}、商品${ORDER_MAX_LINES + 1}`);

  await store.start([{ skuId: 'sku-a', qty: 1 }], false);
  expect(store.leftOutNotice).toBe('');
});

test.each(['trial', 'release'] as const)('a %s build never completes a sandbox payment through /dev (even with config mode local)', async (version) => {
  const backend = fakeBackend(shop());
  const { CheckoutStore } = setup(backend, 'local', version);
  const store = new CheckoutStore();
  await store.start([{ skuId: 'sku-a', qty: 2 }], false);
  const result = await store.submit();
  expect(result).toMatchObject({ ok: true, orderId: 'o1', paid: false });
  expect(backend.devPosts).toEqual([]);
  expect(backend.payloads('order.detail')).toEqual([]);
});
