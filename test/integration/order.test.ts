/** Checkout and orders through the local cloud: pricing the server owns, stock, coupons, idempotency, races, bad input. */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import { ORDER_NO } from '../../cloudfunctions/domain/order';
import { cond } from '../../cloudfunctions/ports/store';
import type { OrderDetail, Page, OrderSummary, Quote } from '../../typings/api';
import { T0, addAddress, commerceCloud, expectCode, expectOk, giveCoupon, stockOf } from './support/commerce';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await commerceCloud();
}, 60_000);
afterAll(() => cloud.close());

const order = <T>(openid: string, action: string, data?: unknown) => cloud.call<T>('order', { action, data }, openid);
let n = 0;
const rid = () => `req-${Date.now()}-${++n}`;

describe('quote and create', () => {
  test('quote applies the best coupon and shipping; create charges exactly the quote and snapshots the order', async () => {
    const addr = await addAddress(cloud, 'alice');
    const small = await giveCoupon(cloud, 'alice', { name: '满 100 减 20', amountOff: 2000 });
    const big = await giveCoupon(cloud, 'alice', { name: '满 300 减 50', threshold: 30000, amountOff: 5000 });
    const items = [{ skuId: 'earbuds-black', qty: 1 }, { skuId: 'cable-1', qty: 2 }];
    const q = expectOk(await order<Quote>('alice', 'quote', { items }));
    expect(q.subtotal).toBe(29900 + 2 * 1990);
    expect(q.couponId).toBe(big);
    expect(q.discount).toBe(5000);
    expect(q.shipping).toBe(0); // free over 99.00
    expect(q.payable).toBe(33880 - 5000);
    expect(q.lines.reduce((s, l) => s + l.payable, 0) + q.shipping).toBe(q.payable);
    expect(q.address?.id).toBe(addr);
    expect(q.coupons.map((c) => [c.coupon.id, c.eligible, c.discount])).toEqual([[big, true, 5000], [small, true, 2000]]);

    const none = expectOk(await order<Quote>('alice', 'quote', { items, couponId: null }));
    expect(none.couponId).toBeNull();
    expect(none.payable).toBe(33880);

    const stockBefore = await stockOf(cloud, 'earbuds-black');
    const created = expectOk(await order<{ orderId: string; orderNo: string; payable: number }>('alice', 'create', { items, addressId: addr, requestId: rid(), remark: ' 请尽快发货 ' }));
    expect(created.payable).toBe(q.payable);
    expect(created.orderNo).toMatch(ORDER_NO);
    expect(created.orderNo.length).toBeLessThanOrEqual(32);
    expect(await stockOf(cloud, 'earbuds-black')).toBe(stockBefore - 1);
    const coupon = await cloud.store.get('coupons', big);
    expect(coupon).toMatchObject({ status: 'locked', orderId: created.orderId });

    const d = expectOk(await order<OrderDetail>('alice', 'detail', { orderId: created.orderId }));
    expect(d).toMatchObject({
      status: 'pending_payment', subtotal: 33880, discount: 5000, shipping: 0, payable: 28880, remark: '请尽快发货',
      coupon: { id: big, name: '满 300 减 50' }, address: { name: '张三', phone: '13800138000', detail: '文三路 100 号' },
      payDeadline: d.createdAt + 30 * 60_000,
    });
    expect(d.lines.map((l) => [l.title, l.specText, l.unitPrice, l.qty, l.amount])).toEqual([['降噪耳机', '黑色', 29900, 1, 29900], ['数据线', '', 1990, 2, 3980]]);
    expect(d.timeline).toEqual([{ status: 'pending_payment', at: d.createdAt, note: null }]);

    // Later price changes do not touch the order.
    await cloud.store.update('skus', { _id: 'cable-1' }, { set: { price: 2990 } });
    expect(expectOk(await order<OrderDetail>('alice', 'detail', { orderId: created.orderId })).lines[1].unitPrice).toBe(1990);
    await cloud.store.update('skus', { _id: 'cable-1' }, { set: { price: 1990 } });
  });

  test('below the free-shipping threshold the flat fee is charged', async () => {
    const q = expectOk(await order<Quote>('bob', 'quote', { items: [{ skuId: 'cable-1', qty: 1 }], couponId: null }));
    expect([q.subtotal, q.shipping, q.payable]).toEqual([1990, 800, 2790]);
    expect(q.address).toBeNull();
  });

  test('without an addressId the quote ships to the default the address list shows, even when two say default', async () => {
    const older = await addAddress(cloud, 'dora');
    const newer = await addAddress(cloud, 'dora');
    await cloud.store.update('addresses', { _id: older }, { set: { updatedAt: T0 + 60_000 } });
    const shown = expectOk(await cloud.call<Array<{ id: string; isDefault: boolean }>>('user', { action: 'addresses' }, 'dora'));
    expect(shown.filter((a) => a.isDefault).map((a) => a.id)).toEqual([older]);
    expect(expectOk(await order<Quote>('dora', 'quote', { items: [{ skuId: 'cable-1', qty: 1 }], couponId: null })).address?.id).toBe(older);
    await cloud.store.update('addresses', { _id: newer }, { set: { updatedAt: T0 + 120_000 } });
    expect(expectOk(await order<Quote>('dora', 'quote', { items: [{ skuId: 'cable-1', qty: 1 }], couponId: null })).address?.id).toBe(newer);
  });

  test('an ineligible coupon says why and cannot be chosen', async () => {
    const c = await giveCoupon(cloud, 'bob', { threshold: 50000, amountOff: 3000 });
    const q = expectOk(await order<Quote>('bob', 'quote', { items: [{ skuId: 'tea-1', qty: 1 }] }));
    expect(q.coupons.find((x) => x.coupon.id === c)).toMatchObject({ eligible: false, reason: 'BELOW_THRESHOLD', shortBy: 50000 - 16800, discount: 0 });
    expect(q.couponId).toBeNull();
    expectCode(await order('bob', 'quote', { items: [{ skuId: 'tea-1', qty: 1 }], couponId: c }), 'COUPON_UNAVAILABLE');
  });

  test('the same requestId three times at once makes one order', async () => {
    const addr = await addAddress(cloud, 'bob');
    const before = await stockOf(cloud, 'tea-1');
    const requestId = rid();
    const results = await Promise.all([1, 2, 3].map(() => order<{ orderId: string }>('bob', 'create', { items: [{ skuId: 'tea-1', qty: 2 }], addressId: addr, requestId, couponId: null })));
    const ids = results.map((r) => expectOk(r).orderId);
    expect(new Set(ids).size).toBe(1);
    expect(await stockOf(cloud, 'tea-1')).toBe(before - 2);
    expect(await cloud.store.count('orders', { openid: 'bob', requestId })).toBe(1);
    // and a later retry too
    expect(expectOk(await order<{ orderId: string }>('bob', 'create', { items: [{ skuId: 'tea-1', qty: 2 }], addressId: addr, requestId })).orderId).toBe(ids[0]);
    expect(await stockOf(cloud, 'tea-1')).toBe(before - 2);
  });
});

describe('ordering from the cart', () => {
  const cart = <T>(openid: string, action: string, data?: unknown) => cloud.call<T>('cart', { action, data }, openid);
  const cartSkus = async (openid: string) => expectOk(await cart<{ lines: Array<{ skuId: string; qty: number }> }>(openid, 'get')).lines.map((l) => [l.skuId, l.qty]);

  test('fromCart: the ordered lines leave the cart on the server, the others stay; a failed order leaves the cart alone', async () => {
    const addr = await addAddress(cloud, 'cart-carol');
    for (const [skuId, qty] of [['cable-1', 2], ['tea-1', 1], ['earbuds-black', 1]] as const) expectOk(await cart('cart-carol', 'add', { skuId, qty }));

    expectCode(await order('cart-carol', 'create', { items: [{ skuId: 'tea-1', qty: 99 }], addressId: addr, couponId: null, requestId: rid(), fromCart: true }), 'OUT_OF_STOCK');
    expect(await cartSkus('cart-carol')).toHaveLength(3);

    expectOk(await order('cart-carol', 'create', { items: [{ skuId: 'cable-1', qty: 2 }, { skuId: 'tea-1', qty: 1 }], addressId: addr, couponId: null, requestId: rid(), fromCart: true }));
    expect(await cartSkus('cart-carol')).toEqual([['earbuds-black', 1]]);
  });

  test('buy now (no fromCart) leaves the cart as it was', async () => {
    const addr = await addAddress(cloud, 'cart-carl');
    expectOk(await cart('cart-carl', 'add', { skuId: 'cable-1', qty: 1 }));
    expectOk(await order('cart-carl', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, couponId: null, requestId: rid() }));
    expect(await cartSkus('cart-carl')).toEqual([['cable-1', 1]]);
    expectCode(await order('cart-carl', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, couponId: null, requestId: rid(), fromCart: 'yes' }), 'INVALID_INPUT');
    expect(await cartSkus('cart-carl')).toEqual([['cable-1', 1]]);
  });
});

describe('under concurrency', () => {
  test('100 concurrent orders on stock 10: exactly 10 orders, stock 0, the rest OUT_OF_STOCK', async () => {
    await cloud.store.update('skus', { _id: 'earbuds-white' }, { set: { stock: 10 } });
    const buyers = Array.from({ length: 100 }, (_, i) => `buyer${i}`);
    const addrs = await Promise.all(buyers.map((b) => addAddress(cloud, b)));
    const results = await Promise.all(buyers.map((b, i) => order(b, 'create', { items: [{ skuId: 'earbuds-white', qty: 1 }], addressId: addrs[i], requestId: rid() })));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.error.code === 'OUT_OF_STOCK')).toHaveLength(90);
    expect(await stockOf(cloud, 'earbuds-white')).toBe(0);
    expect(await cloud.store.count('orders', { openid: cond.in(buyers) })).toBe(10);
  }, 60_000);

  test('one coupon in 5 concurrent orders is used once', async () => {
    const addr = await addAddress(cloud, 'carol');
    const c = await giveCoupon(cloud, 'carol', { threshold: 0, amountOff: 500 });
    const results = await Promise.all(Array.from({ length: 5 }, () => order<{ orderId: string; payable: number }>('carol', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, couponId: c, requestId: rid() })));
    const okOnes = results.filter((r) => r.ok);
    expect(okOnes).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'COUPON_UNAVAILABLE')).toHaveLength(4);
    expect(await cloud.store.count('orders', { openid: 'carol' })).toBe(1);
    expect(await cloud.store.get('coupons', c)).toMatchObject({ status: 'locked', orderId: expectOk(okOnes[0]).orderId });
  }, 60_000);
});

describe('bad input changes nothing', () => {
  let addr: string;
  let othersAddr: string;
  let othersCoupon: string;
  let othersOrder: string;
  beforeAll(async () => {
    addr = await addAddress(cloud, 'dave');
    othersAddr = await addAddress(cloud, 'erin');
    othersCoupon = await giveCoupon(cloud, 'erin', { threshold: 0 });
    othersOrder = expectOk(await order<{ orderId: string }>('erin', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: othersAddr, couponId: null, requestId: rid() })).orderId;
  });

  const item = (over: Record<string, unknown>) => ({ skuId: 'cable-1', qty: 1, ...over });
  // [name, payload override, expected code, whether quote takes the same payload part]
  const cases: Array<[string, () => Record<string, unknown>, string, boolean]> = [
    ['qty -1', () => ({ items: [item({ qty: -1 })] }), 'INVALID_INPUT', true],
    ['qty 0', () => ({ items: [item({ qty: 0 })] }), 'INVALID_INPUT', true],
    ['qty 1.5', () => ({ items: [item({ qty: 1.5 })] }), 'INVALID_INPUT', true],
    ['qty 1e9', () => ({ items: [item({ qty: 1e9 })] }), 'INVALID_INPUT', true],
    ['qty "2"', () => ({ items: [item({ qty: '2' })] }), 'INVALID_INPUT', true],
    ['empty items', () => ({ items: [] }), 'INVALID_INPUT', true],
    ['101 lines', () => ({ items: Array.from({ length: 101 }, (_, i) => ({ skuId: `s${i}`, qty: 1 })) }), 'INVALID_INPUT', true],
    ['the same SKU twice', () => ({ items: [item({}), item({})] }), 'INVALID_INPUT', true],
    ['operator as skuId', () => ({ items: [item({ skuId: { $ne: '' } })] }), 'INVALID_INPUT', true],
    ['operator as addressId', () => ({ addressId: { $ne: '' } }), 'INVALID_INPUT', true],
    ['operator as couponId', () => ({ couponId: { $ne: '' } }), 'INVALID_INPUT', true],
    ['a price in the item', () => ({ items: [item({ price: 1 })] }), 'INVALID_INPUT', true],
    ['a total in the payload', () => ({ payable: 1 }), 'INVALID_INPUT', true],
    ['an openid in the payload', () => ({ openid: 'erin' }), 'INVALID_INPUT', true],
    ['a status in the payload', () => ({ status: 'paid' }), 'INVALID_INPUT', true],
    ['unknown SKU', () => ({ items: [item({ skuId: 'nope' })] }), 'NOT_FOUND', true],
    ['off-sale product', () => ({ items: [item({ skuId: 'gone-1' })] }), 'NOT_FOUND', true],
    ['more than stock', () => ({ items: [item({ skuId: 'tea-1', qty: 99 })] }), 'OUT_OF_STOCK', true],
    ["another shopper's address", () => ({ addressId: othersAddr }), 'NOT_FOUND', true],
    ["another shopper's coupon", () => ({ couponId: othersCoupon }), 'COUPON_UNAVAILABLE', true],
    ['short requestId', () => ({ requestId: 'x' }), 'INVALID_INPUT', false],
    ['missing addressId', () => ({ addressId: undefined }), 'INVALID_INPUT', false],
  ];
  test.each(cases)('%s', async (_name, over, code, quoteToo) => {
    const before = { cable: await stockOf(cloud, 'cable-1'), tea: await stockOf(cloud, 'tea-1'), orders: await cloud.store.count('orders', {}) };
    expectCode(await order('dave', 'create', { items: [item({})], addressId: addr, requestId: rid(), couponId: null, ...over() }), code);
    if (quoteToo) expectCode(await order('dave', 'quote', { items: [item({})], couponId: null, ...over() }), code);
    expect({ cable: await stockOf(cloud, 'cable-1'), tea: await stockOf(cloud, 'tea-1'), orders: await cloud.store.count('orders', {}) }).toEqual(before);
    expect(await cloud.store.get('coupons', othersCoupon)).toMatchObject({ status: 'unused', orderId: null });
  });

  test("another shopper's order is NOT_FOUND for detail, cancel, confirmReceipt and prepay", async () => {
    expectCode(await order('dave', 'detail', { orderId: othersOrder }), 'NOT_FOUND');
    expectCode(await order('dave', 'cancel', { orderId: othersOrder }), 'NOT_FOUND');
    expectCode(await order('dave', 'confirmReceipt', { orderId: othersOrder }), 'NOT_FOUND');
    expectCode(await cloud.call('pay', { action: 'prepay', data: { orderId: othersOrder } }, 'dave'), 'NOT_FOUND');
    expect(expectOk(await order<OrderDetail>('erin', 'detail', { orderId: othersOrder })).status).toBe('pending_payment');
    expectCode(await order('dave', 'detail', { orderId: { $ne: '' } }), 'INVALID_INPUT');
  });
});

describe('listing, cancelling, closing unpaid orders', () => {
  test('list by status pages newest first and only shows the caller\'s orders', async () => {
    const addr = await addAddress(cloud, 'frank');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      cloud.clock.advance(1000);
      ids.push(expectOk(await order<{ orderId: string }>('frank', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, couponId: null, requestId: rid() })).orderId);
    }
    const p1 = expectOk(await order<Page<OrderSummary>>('frank', 'list', {}));
    expect(p1.items.map((o) => o.orderId)).toEqual(ids.slice().reverse().slice(0, 10));
    const p2 = expectOk(await order<Page<OrderSummary>>('frank', 'list', { cursor: p1.nextCursor }));
    expect(p2.items.map((o) => o.orderId)).toEqual(ids.slice().reverse().slice(10));
    expect(p2.nextCursor).toBeNull();
    expectOk(await order('frank', 'cancel', { orderId: ids[0] }));
    expect(expectOk(await order<Page<OrderSummary>>('frank', 'list', { status: 'cancelled' })).items.map((o) => o.orderId)).toEqual([ids[0]]);
    expect(expectOk(await order<Page<OrderSummary>>('frank', 'list', { status: 'pending_payment' })).items).toHaveLength(10);
    expectCode(await order('frank', 'list', { status: 'all' }), 'INVALID_INPUT');
  });

  test('three cancels at once give back stock and coupon once; each answers the order as it now is (cancelled)', async () => {
    const addr = await addAddress(cloud, 'gina');
    const c = await giveCoupon(cloud, 'gina', { threshold: 0, amountOff: 300 });
    const before = await stockOf(cloud, 'earbuds-black');
    const { orderId } = expectOk(await order<{ orderId: string }>('gina', 'create', { items: [{ skuId: 'earbuds-black', qty: 3 }], addressId: addr, couponId: c, requestId: rid() }));
    expect(await stockOf(cloud, 'earbuds-black')).toBe(before - 3);
    const results = await Promise.all([1, 2, 3].map(() => order<OrderDetail>('gina', 'cancel', { orderId })));
    expect(results.map((r) => expectOk(r).status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await stockOf(cloud, 'earbuds-black')).toBe(before);
    // and a retry later, after the answer was lost
    expect(expectOk(await order<OrderDetail>('gina', 'cancel', { orderId })).status).toBe('cancelled');
    expect(await stockOf(cloud, 'earbuds-black')).toBe(before);
    expect(await cloud.store.get('coupons', c)).toMatchObject({ status: 'unused', orderId: null });
    const d = expectOk(await order<OrderDetail>('gina', 'detail', { orderId }));
    expect(d).toMatchObject({ status: 'cancelled', cancelReason: '买家取消', payDeadline: null });
    expect(d.timeline.map((t) => t.status)).toEqual(['pending_payment', 'cancelled']);
  });

  test('closeUnpaidOrders cancels orders past their deadline exactly once, however often it fires', async () => {
    // Let the job close what earlier tests left unpaid, so this test sees only its own order.
    cloud.clock.advance(31 * 60_000);
    await cloud.trigger('jobs', 'closeUnpaidOrders');
    const addr = await addAddress(cloud, 'hank');
    const c = await giveCoupon(cloud, 'hank', { threshold: 0, amountOff: 100, validTo: cloud.clock.now() + 86_400_000 });
    const before = await stockOf(cloud, 'tea-1');
    const { orderId } = expectOk(await order<{ orderId: string }>('hank', 'create', { items: [{ skuId: 'tea-1', qty: 2 }], addressId: addr, couponId: c, requestId: rid() }));
    cloud.clock.advance(29 * 60_000);
    await cloud.trigger('jobs', 'closeUnpaidOrders');
    expect(expectOk(await order<OrderDetail>('hank', 'detail', { orderId })).status).toBe('pending_payment');
    cloud.clock.advance(2 * 60_000);
    const runs = await Promise.all([1, 2, 3, 4, 5].map(() => cloud.trigger('jobs', 'closeUnpaidOrders')));
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(await stockOf(cloud, 'tea-1')).toBe(before);
    expect(await cloud.store.get('coupons', c)).toMatchObject({ status: 'unused' });
    expect(expectOk(await order<OrderDetail>('hank', 'detail', { orderId }))).toMatchObject({ status: 'cancelled', cancelReason: '超时未支付，系统自动关闭' });
    expectCode(await cloud.call('pay', { action: 'prepay', data: { orderId } }, 'hank'), 'CONFLICT');
  });

  test('a cancel racing the timeout job on an expired, prepaid order: WeChat Pay closed, stock and coupon back once, one cancelled entry', async () => {
    cloud.clock.advance(31 * 60_000);
    await cloud.trigger('jobs', 'closeUnpaidOrders');
    const addr = await addAddress(cloud, 'iris');
    const c = await giveCoupon(cloud, 'iris', { threshold: 0, amountOff: 100, validTo: cloud.clock.now() + 86_400_000 });
    const before = await stockOf(cloud, 'tea-1');
    const { orderId } = expectOk(await order<{ orderId: string }>('iris', 'create', { items: [{ skuId: 'tea-1', qty: 3 }], addressId: addr, couponId: c, requestId: rid() }));
    expectOk(await cloud.call('pay', { action: 'prepay', data: { orderId } }, 'iris'));
    expect(await cloud.pay.queryOrder(orderId)).toEqual({ ok: true, order: { state: 'open' } });
    cloud.clock.advance(30 * 60_000);
    expect(await stockOf(cloud, 'tea-1')).toBe(before - 3);
    const [cancel, job] = await Promise.all([order<OrderDetail>('iris', 'cancel', { orderId }), cloud.trigger('jobs', 'closeUnpaidOrders')]);
    expect(job.ok).toBe(true);
    expect(expectOk(cancel).status).toBe('cancelled');
    expect(await stockOf(cloud, 'tea-1')).toBe(before);
    expect(await cloud.store.get('coupons', c)).toMatchObject({ status: 'unused', orderId: null });
    const d = expectOk(await order<OrderDetail>('iris', 'detail', { orderId }));
    expect(d.timeline.filter((t) => t.status === 'cancelled')).toHaveLength(1);
    expect(await cloud.pay.queryOrder(orderId)).toEqual({ ok: true, order: { state: 'closed' } });
  });
});
