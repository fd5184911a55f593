/**
 * After-sales through the local cloud: refund requests (server-computed amounts), the merchant's review, the refund
 * through the WeChat Pay sandbox and refundNotify, unapplied payments going back, automatic receipt confirmation,
 * the merchant's order desk - with bad input, races and lost callbacks.
 */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import type { AfterSaleRecord, OrderEventRecord, OrderRecord, PaymentRecord } from '../../cloudfunctions/app/records';
import type { AfterSale, Envelope, Me, MerchantAfterSale, MerchantOrderSummary, OrderDetail, OrderSummary, Page, PrepayResult, RefundQuote, UnappliedPayment } from '../../typings/api';
import { OPEN_AFTER_SALE } from '../../typings/api';
import { cond } from '../../cloudfunctions/ports/store';
import { T0, addAddress, commerceCloud, expectCode, expectOk, giveCoupon, stockOf } from './support/commerce';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await commerceCloud();
}, 60_000);
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.pay.loseRefundCallbacks = false;
  cloud.pay.refuseRefunds = null;
});

const DAY = 86_400_000;
let n = 0;

type Items = Array<{ skuId: string; qty: number }>;

async function payOrder(openid: string, orderId: string): Promise<void> {
  const r = expectOk(await cloud.call<PrepayResult>('pay', { action: 'prepay', data: { orderId } }, openid));
  if (r.mode !== 'sandbox') throw new Error('expected the sandbox');
  expect(await cloud.payCallback('payNotify', r.callback)).toEqual({ errcode: 0, errmsg: 'OK' });
}

/** A paid order of `openid`. */
async function paidOrder(openid: string, items: Items, opts: { coupon?: Partial<Parameters<typeof giveCoupon>[2]> } = {}): Promise<string> {
  const addr = await addAddress(cloud, openid);
  const couponId = opts.coupon ? await giveCoupon(cloud, openid, opts.coupon) : null;
  const created = expectOk(await cloud.call<{ orderId: string }>('order', {
    action: 'create', data: { items, addressId: addr, couponId, requestId: `as-req-${++n}-${openid}` },
  }, openid));
  await payOrder(openid, created.orderId);
  return created.orderId;
}

const call = <T>(fn: string, action: string, data: unknown, openid: string): Promise<Envelope<T>> => cloud.call<T>(fn, { action, data }, openid);
const detail = async (openid: string, orderId: string) => expectOk(await call<OrderDetail>('order', 'detail', { orderId }, openid));
const request = (openid: string, data: Record<string, unknown>) => call<AfterSale>('order', 'requestRefund', { reason: 'not_wanted', ...data }, openid);
const review = (id: string, approve: boolean, extra: Record<string, unknown> = {}, who = 'boss') => call<MerchantAfterSale>('merchant', 'reviewRefund', { id, approve, ...extra }, who);
const afterSale = (id: string) => cloud.store.get<AfterSaleRecord>('after_sales', id);
const order = (id: string) => cloud.store.get<OrderRecord>('orders', id);
const openCount = (openid: string) => cloud.store.count('after_sales', { openid, status: cond.in([...OPEN_AFTER_SALE]) });

async function ship(orderId: string): Promise<void> {
  expectOk(await call('merchant', 'shipOrder', { orderId, carrier: '顺丰速运', trackingNo: `SF${++n}0000` }, 'boss'));
}

/** Everything in the store that describes the order, to prove a refused call changed nothing. */
async function snapshot(orderId: string) {
  return {
    order: await order(orderId),
    afterSales: (await cloud.store.find('after_sales', { orderId }, { limit: 50 })).items,
    stock: await Promise.all(['earbuds-black', 'earbuds-white', 'cable-1', 'tea-1'].map((s) => stockOf(cloud, s))),
  };
}

describe('amounts the server computes', () => {
  test('a coupon-prorated order refunded line by line returns exactly what was paid; shipping only for everything before shipping', async () => {
    // 2 x 1990 + 3 x 16800 = 54380, 2000 off prorated; free shipping over 99.
    const id = await paidOrder('alice', [{ skuId: 'cable-1', qty: 2 }, { skuId: 'tea-1', qty: 3 }], { coupon: { threshold: 0, amountOff: 2000 } });
    const o = (await order(id))!;
    const q = expectOk(await call<RefundQuote>('order', 'refundQuote', { orderId: id }, 'alice'));
    expect(q.amount).toBe(o.payable);
    expect(q.refundable.map((r) => r.qty)).toEqual([2, 3]);

    const one = expectOk(await request('alice', { orderId: id, lines: [{ skuId: 'tea-1', qty: 1 }] }));
    const tea = o.lines.find((l) => l.skuId === 'tea-1')!;
    expect(one.amount).toBe(Math.floor(tea.payable / 3) + (tea.payable % 3 > 0 ? 1 : 0));
    expectOk(await review(one.id, true));
    await cloud.settled();
    let refunded = one.amount;
    for (const lines of [[{ skuId: 'cable-1', qty: 1 }], undefined]) {
      const a = expectOk(await request('alice', { orderId: id, lines }));
      expectOk(await review(a.id, true));
      await cloud.settled();
      expect((await afterSale(a.id))!.status).toBe('refunded');
      refunded += a.amount;
    }
    const after = (await order(id))!;
    expect(refunded).toBe(o.payable);
    expect(after.refundedAmount).toBe(o.payable);
    expect(after.status).toBe('refunded');
    expect(after.lines.map((l) => l.refundedQty)).toEqual([2, 3]);
    expect(cloud.pay.refundedByTransaction().get(o.transactionId!)).toBe(o.payable);
    const d = await detail('alice', id);
    expect(d).toMatchObject({ status: 'refunded', refundedAmount: o.payable, afterSale: null, refundable: false });
    // and the facts the distribution ledger will read
    const events = (await cloud.store.find<OrderEventRecord>('order_events', { orderId: id }, { limit: 10 })).items;
    expect(events.filter((e) => e.type === 'order.refunded')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'order.paid')).toHaveLength(1);
  });

  test('shipping comes back with a whole refund before shipping, not after', async () => {
    const before = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]); // 1990 + 800 shipping
    expect(expectOk(await call<RefundQuote>('order', 'refundQuote', { orderId: before }, 'alice'))).toMatchObject({ amount: 2790, shippingRefund: 800 });
    const after = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    await ship(after);
    expect(expectOk(await call<RefundQuote>('order', 'refundQuote', { orderId: after }, 'alice'))).toMatchObject({ amount: 1990, shippingRefund: 0 });
  });
});

describe('bad input changes nothing', () => {
  test('foreign order, qty above bought, a line not in the order, unpaid or cancelled orders, forged amounts, after the window', async () => {
    const id = await paidOrder('alice', [{ skuId: 'cable-1', qty: 2 }]);
    const snap = await snapshot(id);
    expectCode(await request('bob', { orderId: id }), 'NOT_FOUND');
    expectCode(await call('order', 'refundQuote', { orderId: id }, 'bob'), 'NOT_FOUND');
    expectCode(await request('alice', { orderId: id, lines: [{ skuId: 'cable-1', qty: 3 }] }), 'REFUND_QTY_EXCEEDED');
    expectCode(await request('alice', { orderId: id, lines: [{ skuId: 'tea-1', qty: 1 }] }), 'INVALID_INPUT');
    expectCode(await request('alice', { orderId: id, lines: [{ skuId: 'cable-1', qty: 1 }, { skuId: 'cable-1', qty: 1 }] }), 'INVALID_INPUT');
    expectCode(await request('alice', { orderId: id, lines: [] }), 'INVALID_INPUT');
    expectCode(await request('alice', { orderId: id, amount: 1 }), 'INVALID_INPUT'); // forged amount field: refused by the schema
    expectCode(await request('alice', { orderId: id, lines: [{ skuId: 'cable-1', qty: 1, amount: 99999 }] }), 'INVALID_INPUT');
    expectCode(await request('alice', { orderId: id, reason: 'because' }), 'INVALID_INPUT');
    expectCode(await request('alice', { orderId: id, images: ['file:///etc/passwd'] }), 'INVALID_INPUT');
    expectCode(await request('alice', { orderId: id, images: Array.from({ length: 7 }, (_, i) => `https://img.example.com/${i}.jpg`) }), 'INVALID_INPUT');
    expectCode(await request('alice', { orderId: id, description: 'a\u0000b' }), 'INVALID_INPUT');
    expect(await snapshot(id)).toEqual(snap);

    const addr = await addAddress(cloud, 'alice');
    const unpaid = expectOk(await call<{ orderId: string }>('order', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, requestId: `as-unpaid-${++n}` }, 'alice')).orderId;
    expectCode(await request('alice', { orderId: unpaid }), 'REFUND_NOT_ALLOWED');
    expectOk(await call('order', 'cancel', { orderId: unpaid }, 'alice'));
    expectCode(await request('alice', { orderId: unpaid }), 'REFUND_NOT_ALLOWED');
    expect(await cloud.store.count('after_sales', { orderId: unpaid })).toBe(0);

    // completed: allowed for afterSalesDays (7), refused after
    const done = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    await ship(done);
    expectOk(await call('order', 'confirmReceipt', { orderId: done }, 'alice'));
    const t = cloud.clock.now();
    cloud.clock.set(t + 8 * DAY);
    try {
      const s2 = await snapshot(done);
      expectCode(await request('alice', { orderId: done }), 'REFUND_NOT_ALLOWED');
      expect((await detail('alice', done)).refundable).toBe(false);
      expect(await snapshot(done)).toEqual(s2);
      cloud.clock.set(t + 6 * DAY);
      expect((await detail('alice', done)).refundableUntil).toBe((await order(done))!.completedAt! + 7 * DAY);
      expectOk(await request('alice', { orderId: done }));
    } finally {
      cloud.clock.set(t);
    }
  });

  test('only merchants review; only the owner sees or withdraws an after-sale', async () => {
    const id = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    const a = expectOk(await request('alice', { orderId: id }));
    expectCode(await review(a.id, true, {}, 'alice'), 'FORBIDDEN');
    expectCode(await call('merchant', 'afterSales', {}, 'bob'), 'FORBIDDEN');
    expectCode(await call('merchant', 'unappliedPayments', {}, 'bob'), 'FORBIDDEN');
    expectCode(await call('merchant', 'orders', {}, 'bob'), 'FORBIDDEN');
    expectCode(await call('order', 'afterSale', { id: a.id }, 'bob'), 'NOT_FOUND');
    expectCode(await call('order', 'cancelRefund', { id: a.id }, 'bob'), 'NOT_FOUND');
    expectCode(await review(a.id, false), 'INVALID_INPUT'); // a rejection needs its reason
    // the merchant's actions refuse malformed input before anything is read
    expectCode(await call('merchant', 'reviewRefund', { id: a.id, approve: 'yes' }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'reviewRefund', { id: a.id, approve: true, restock: 1 }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'reviewRefund', { id: a.id, approve: false, note: 'x\u202ey' }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'reviewRefund', { id: a.id, approve: true, amount: 1 }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'reviewRefund', { id: { $ne: '' }, approve: true }, 'boss'), 'INVALID_INPUT');
    expectCode(await review('Rnosuchaftersale00000000', true), 'NOT_FOUND');
    expectCode(await call('merchant', 'retryRefund', { id: a.id }, 'boss'), 'CONFLICT'); // not failed
    expectCode(await call('merchant', 'retryRefund', { id: a.id }, 'alice'), 'FORBIDDEN');
    expectCode(await call('order', 'afterSales', { cursor: 42 }, 'alice'), 'INVALID_INPUT');
    expectCode(await call('order', 'refundQuote', { orderId: id, lines: [{ skuId: 'cable-1', qty: 0 }] }, 'alice'), 'INVALID_INPUT');
    expect((await afterSale(a.id))!.status).toBe('requested');
    const rejected = expectOk(await review(a.id, false, { note: '商品已拆封影响二次销售' }));
    expect(rejected).toMatchObject({ status: 'rejected', note: '商品已拆封影响二次销售' });
    // the order is free for a new request
    expect((await detail('alice', id))).toMatchObject({ afterSale: null, refundable: true });
    const b = expectOk(await request('alice', { orderId: id }));
    const cancelled = expectOk(await call<AfterSale>('order', 'cancelRefund', { id: b.id }, 'alice'));
    expect(cancelled.status).toBe('cancelled');
    expect(expectOk(await call<AfterSale>('order', 'cancelRefund', { id: b.id }, 'alice')).status).toBe('cancelled'); // a retry
    const mine = expectOk(await call<Page<AfterSale>>('order', 'afterSales', {}, 'alice'));
    expect(mine.items.filter((x) => x.orderId === id).map((x) => x.id)).toEqual([b.id, a.id]); // newest first
    expect((await order(id))!.status).toBe('paid');
  });

  test('a paid order with a refund requested cannot be shipped until the merchant decides', async () => {
    const id = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    const a = expectOk(await request('alice', { orderId: id }));
    expectCode(await call('merchant', 'shipOrder', { orderId: id, carrier: '顺丰速运', trackingNo: 'SF1234567' }, 'boss'), 'CONFLICT');
    expectOk(await review(a.id, false, { note: '已与买家沟通，正常发货' }));
    await ship(id);
  });
});

describe('races', () => {
  test('5 concurrent refund requests on one order: one open after-sale', async () => {
    const id = await paidOrder('alice', [{ skuId: 'tea-1', qty: 2 }]);
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => request('alice', { orderId: id, lines: [{ skuId: 'tea-1', qty: 1 + (i % 2) }] })));
    expect(answers.filter((r) => r.ok)).toHaveLength(1);
    for (const r of answers.filter((x) => !x.ok)) expectCode(r, 'CONFLICT');
    expect(await cloud.store.count('after_sales', { orderId: id })).toBe(1);
    expect((await order(id))!.openAfterSaleId).toBe((answers.find((r) => r.ok) as { data: AfterSale }).data.id);
  });

  test('10 duplicate refund callbacks: refunded once, stock returned once', async () => {
    const id = await paidOrder('alice', [{ skuId: 'tea-1', qty: 2 }]);
    const stock = await stockOf(cloud, 'tea-1');
    const a = expectOk(await request('alice', { orderId: id }));
    cloud.pay.loseRefundCallbacks = true;
    expect(expectOk(await review(a.id, true, { restock: true })).status).toBe('refunding');
    const o = (await order(id))!;
    const cb = { returnCode: 'SUCCESS', outTradeNo: o.orderNo, outRefundNo: a.id, refundFee: a.amount, totalFee: o.payable, refundStatus: 'SUCCESS', refundId: 'R-dup-1', successTime: '2026-11-20 10:00:00' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => cloud.payCallback('refundNotify', cb)));
    expect(answers.every((x) => (x as { errcode: number }).errcode === 0)).toBe(true);
    expect((await afterSale(a.id))!.status).toBe('refunded');
    expect(await stockOf(cloud, 'tea-1')).toBe(stock + 2);
    expect((await order(id))!).toMatchObject({ status: 'refunded', refundedAmount: o.payable });
    expect(await cloud.store.count('order_events', { orderId: id, type: 'order.refunded' })).toBe(1);
  });

  test('approve racing the shopper withdrawing: exactly one wins', async () => {
    for (let i = 0; i < 3; i++) {
      const id = await paidOrder('bob', [{ skuId: 'cable-1', qty: 1 }]);
      const a = expectOk(await request('bob', { orderId: id }));
      const [approve, cancel] = await Promise.all([review(a.id, true), call<AfterSale>('order', 'cancelRefund', { id: a.id }, 'bob')]);
      await cloud.settled();
      expect([approve.ok, cancel.ok].filter(Boolean)).toHaveLength(1);
      const final = (await afterSale(a.id))!;
      expect(final.status).toBe(approve.ok ? 'refunded' : 'cancelled');
      expect((await order(id))!.status).toBe(approve.ok ? 'refunded' : 'paid');
      expect((await order(id))!.openAfterSaleId).toBeNull();
    }
  });

  test('autoConfirmReceipt racing the shopper confirming: completed once', async () => {
    const id = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    await ship(id);
    const t = cloud.clock.now();
    cloud.clock.set(t + 11 * DAY);
    try {
      const [job, mine] = await Promise.all([cloud.trigger('jobs', 'autoConfirmReceipt'), call<OrderDetail>('order', 'confirmReceipt', { orderId: id }, 'alice')]);
      expect(job.ok).toBe(true);
      expect(expectOk(mine).status).toBe('completed');
      const o = (await order(id))!;
      expect(o.timeline.filter((e) => e.status === 'completed')).toHaveLength(1);
      expect(await cloud.store.count('order_events', { orderId: id, type: 'order.completed' })).toBe(1);
    } finally {
      cloud.clock.set(t);
    }
  });
});

describe('time-driven', () => {
  test('autoConfirmReceipt completes shipped orders after autoConfirmDays, not before, and waits while an after-sale is open', async () => {
    const fresh = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    const old = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    const disputed = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    const t = cloud.clock.now();
    await ship(old);
    await ship(disputed);
    cloud.clock.set(t + 5 * DAY);
    await ship(fresh);
    expectOk(await request('alice', { orderId: disputed, reason: 'damaged' }));
    cloud.clock.set(t + 10 * DAY + 60_000);
    try {
      expect(expectOk(await cloud.trigger('jobs', 'autoConfirmReceipt'))).toMatchObject({ completed: 1 });
      expect((await order(old))!).toMatchObject({ status: 'completed' });
      expect((await order(old))!.timeline.at(-1)!.note).toBe('自动确认收货');
      expect((await order(fresh))!.status).toBe('shipped');
      expect((await order(disputed))!.status).toBe('shipped');
      expect(expectOk(await cloud.trigger('jobs', 'autoConfirmReceipt'))).toMatchObject({ completed: 0 });
    } finally {
      cloud.clock.set(t);
    }
  });
});

describe('the refund through WeChat Pay', () => {
  test('approve with restock: refunding, then the sandbox callback ends it refunded with the stock back; a partial refund keeps the order status', async () => {
    const id = await paidOrder('alice', [{ skuId: 'earbuds-black', qty: 2 }, { skuId: 'cable-1', qty: 1 }]);
    const stock = await stockOf(cloud, 'earbuds-black');
    const a = expectOk(await request('alice', { orderId: id, lines: [{ skuId: 'earbuds-black', qty: 1 }], reason: 'damaged', description: '耳机左耳没有声音', images: ['cloud://prod-1.7072-prod-1/after-sale/x.jpg'] }));
    expect(a).toMatchObject({ status: 'requested', amount: 29900, reason: 'damaged', orderStatus: 'paid' });
    expect((await detail('alice', id)).afterSale).toEqual({ id: a.id, status: 'requested', amount: 29900 });
    const queue = expectOk(await call<Page<MerchantAfterSale>>('merchant', 'afterSales', { status: 'requested' }, 'boss'));
    const two = expectOk(await call<Page<MerchantAfterSale>>('merchant', 'afterSales', { status: ['requested', 'refunding'] }, 'boss'));
    expect(two.items.every((x) => x.status === 'requested' || x.status === 'refunding')).toBe(true);
    expect(two.items.map((x) => x.createdAt)).toEqual([...two.items.map((x) => x.createdAt)].sort((x, y) => y - x));
    expectCode(await call('merchant', 'afterSales', { status: [] }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'afterSales', { status: ['requested', 'bogus'] }, 'boss'), 'INVALID_INPUT');
    expect(queue.items.find((x) => x.id === a.id)).toMatchObject({ buyer: { name: '张三', phone: '13800138000' } });
    // the shopper's order list and Me show it; the merchant's Me counts it
    const listed = expectOk(await call<Page<OrderSummary>>('order', 'list', {}, 'alice')).items.find((o) => o.orderId === id)!;
    expect(listed).toMatchObject({ afterSale: { id: a.id, status: 'requested', amount: 29900 }, refundedAmount: 0 });
    expect(expectOk(await call<Me>('user', 'me', {}, 'alice'))).toMatchObject({ afterSaleCount: await openCount('alice'), workbench: null });
    expect(await openCount('alice')).toBeGreaterThanOrEqual(1);
    const boss = expectOk(await call<Me>('user', 'me', {}, 'boss'));
    expect(boss.workbench!.toReview).toBe(await cloud.store.count('after_sales', { status: 'requested' }));
    expect(boss.workbench!.toShip).toBe(await cloud.store.count('orders', { status: 'paid', openAfterSaleId: null }));
    const approved = expectOk(await review(a.id, true, { restock: true }));
    expect(approved.status).toBe('refunding');
    await cloud.settled();
    const done = (await afterSale(a.id))!;
    expect(done).toMatchObject({ status: 'refunded', refundSource: 'callback', restock: true });
    expect(done.timeline.map((e) => e.status)).toEqual(['requested', 'approved', 'refunding', 'refunded']);
    expect(await stockOf(cloud, 'earbuds-black')).toBe(stock + 1);
    const d = await detail('alice', id);
    expect(d).toMatchObject({ status: 'paid', refundedAmount: 29900, afterSale: null, refundable: true });
    expect(d.lines.map((l) => l.refundedQty)).toEqual([1, 0]);
    expect(expectOk(await call<Page<OrderSummary>>('order', 'list', {}, 'alice')).items.find((o) => o.orderId === id)).toMatchObject({ afterSale: null, refundedAmount: 29900 });
    expect(expectOk(await call<Me>('user', 'me', {}, 'alice')).afterSaleCount).toBe(await openCount('alice'));
  });

  test('a lost refund callback is found by reconcile (WeChat Pay queried), once', async () => {
    const id = await paidOrder('bob', [{ skuId: 'cable-1', qty: 1 }]);
    const a = expectOk(await request('bob', { orderId: id }));
    cloud.pay.loseRefundCallbacks = true;
    expectOk(await review(a.id, true));
    await cloud.settled();
    expect((await afterSale(a.id))!.status).toBe('refunding');
    const t = cloud.clock.now();
    cloud.clock.set(t + 3 * 60_000);
    try {
      const r = expectOk(await cloud.trigger('jobs', 'reconcile')) as { refunds: { completed: number } };
      expect(r.refunds.completed).toBeGreaterThanOrEqual(1);
      expect((await afterSale(a.id))!).toMatchObject({ status: 'refunded', refundSource: 'query' });
      expect((await order(id))!.status).toBe('refunded');
      await cloud.trigger('jobs', 'reconcile');
      expect(await cloud.store.count('order_events', { orderId: id, type: 'order.refunded' })).toBe(1);
    } finally {
      cloud.clock.set(t);
    }
  });

  test('WeChat Pay refusing the refund: failed with its reason; the merchant retries with the same outRefundNo', async () => {
    const id = await paidOrder('alice', [{ skuId: 'cable-1', qty: 1 }]);
    const a = expectOk(await request('alice', { orderId: id }));
    cloud.pay.refuseRefunds = '基本账户余额不足，请充值后重新发起';
    const failed = expectOk(await review(a.id, true));
    expect(failed.status).toBe('failed');
    expect((await afterSale(a.id))!.failure).toContain('余额不足');
    expect((await detail('alice', id)).afterSale).toMatchObject({ status: 'failed' });
    cloud.pay.refuseRefunds = null;
    expect(expectOk(await call<MerchantAfterSale>('merchant', 'retryRefund', { id: a.id }, 'boss')).status).toBe('refunding');
    await cloud.settled();
    expect((await afterSale(a.id))!.status).toBe('refunded');
    expectCode(await call('merchant', 'retryRefund', { id: a.id }, 'boss'), 'CONFLICT');
  });

  test('forged or mismatched refund callbacks change nothing and are recorded', async () => {
    const id = await paidOrder('bob', [{ skuId: 'cable-1', qty: 1 }]);
    const a = expectOk(await request('bob', { orderId: id }));
    const o = (await order(id))!;
    const forged = { returnCode: 'SUCCESS', outTradeNo: o.orderNo, outRefundNo: a.id, refundFee: a.amount, totalFee: o.payable, refundStatus: 'SUCCESS', refundId: 'forged' };
    // still `requested`: the merchant has not approved, so no refund was asked
    expect(await cloud.payCallback('refundNotify', forged)).toEqual({ errcode: 0, errmsg: 'OK' });
    expect((await afterSale(a.id))!.status).toBe('requested');
    cloud.pay.loseRefundCallbacks = true;
    expectOk(await review(a.id, true));
    expect(await cloud.payCallback('refundNotify', { ...forged, refundFee: a.amount - 1 })).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(await cloud.payCallback('refundNotify', { ...forged, outRefundNo: 'Rnot-ours' })).toEqual({ errcode: 0, errmsg: 'OK' });
    expect((await afterSale(a.id))!.status).toBe('refunding');
    expect((await order(id))!.refundedAmount).toBe(0);
    expect(await cloud.store.count('refund_anomalies', { outRefundNo: a.id })).toBeGreaterThanOrEqual(2);
    expect(await cloud.store.count('refund_anomalies', { outRefundNo: 'Rnot-ours' })).toBe(1);
    // a client cannot call it
    expectCode(await cloud.call('refundNotify', { action: 'notify', data: forged }, 'bob'), 'UNKNOWN_ACTION');
  });

  test('returnCouponOnRefund: a whole refund gives the unexpired coupon back (off by default)', async () => {
    const keep = await paidOrder('alice', [{ skuId: 'tea-1', qty: 1 }], { coupon: { threshold: 0, amountOff: 500 } });
    const a = expectOk(await request('alice', { orderId: keep }));
    expectOk(await review(a.id, true));
    await cloud.settled();
    const couponId = (await order(keep))!.couponId!;
    expect((await cloud.store.get('coupons', couponId))!).toMatchObject({ status: 'used' });

    await cloud.store.insert('settings', { _id: 'returnCouponOnRefund', value: true });
    cloud.clock.set(cloud.clock.now() + 60_000); // past the settings cache
    try {
      const back = await paidOrder('alice', [{ skuId: 'tea-1', qty: 1 }], { coupon: { threshold: 0, amountOff: 500 } });
      const b = expectOk(await request('alice', { orderId: back }));
      expectOk(await review(b.id, true));
      await cloud.settled();
      expect((await cloud.store.get('coupons', (await order(back))!.couponId!))!).toMatchObject({ status: 'unused', orderId: null });
    } finally {
      await cloud.store.remove('settings', { _id: 'returnCouponOnRefund' });
      cloud.clock.set(cloud.clock.now() + 60_000);
    }
  });
});

describe('money that cannot be applied goes back', () => {
  test('a payment for an order cancelled a second earlier ends refunded, exactly once', async () => {
    const addr = await addAddress(cloud, 'bob');
    const o = expectOk(await call<{ orderId: string; payable: number }>('order', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, requestId: `as-late-${++n}` }, 'bob'));
    expectOk(await call('order', 'cancel', { orderId: o.orderId }, 'bob'));
    cloud.clock.set(cloud.clock.now() + 1000);
    const cb = { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: o.orderId, totalFee: o.payable, transactionId: `LATE${n}`, timeEnd: '20261120100001', openid: 'bob' };
    expect(await cloud.payCallback('payNotify', cb)).toEqual({ errcode: 0, errmsg: 'OK' });
    const list = async () => expectOk(await call<Page<UnappliedPayment>>('merchant', 'unappliedPayments', {}, 'boss')).items.find((p) => p.transactionId === cb.transactionId)!;
    expect(await list()).toMatchObject({ outcome: 'refund_required', refundStatus: 'pending', totalFee: o.payable });
    const [r1, r2] = await Promise.all([cloud.trigger('jobs', 'refundUnappliedPayments'), cloud.trigger('jobs', 'refundUnappliedPayments')]);
    expect(r1.ok && r2.ok).toBe(true);
    await cloud.settled();
    expect(await list()).toMatchObject({ refundStatus: 'refunded' });
    expect(cloud.pay.refundedByTransaction().get(cb.transactionId)).toBe(o.payable);
    await cloud.trigger('jobs', 'refundUnappliedPayments');
    await cloud.settled();
    expect(cloud.pay.refundedByTransaction().get(cb.transactionId)).toBe(o.payable);
    expect((await order(o.orderId))!.status).toBe('cancelled');
    const p = (await cloud.store.find<PaymentRecord>('payments', { transactionId: cb.transactionId }, { limit: 5 })).items;
    expect(p).toHaveLength(1);
    expect(p[0].needsAttention).toBe(false);
  });

  test('a lost callback for a payment refund is found by the next runs', async () => {
    const addr = await addAddress(cloud, 'alice');
    const o = expectOk(await call<{ orderId: string; payable: number }>('order', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, requestId: `as-late2-${++n}` }, 'alice'));
    expectOk(await call('order', 'cancel', { orderId: o.orderId }, 'alice'));
    const cb = { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: o.orderId, totalFee: o.payable, transactionId: `LATE2${n}`, timeEnd: '20261120100001' };
    await cloud.payCallback('payNotify', cb);
    cloud.pay.loseRefundCallbacks = true;
    await cloud.trigger('jobs', 'refundUnappliedPayments');
    const t = cloud.clock.now();
    cloud.clock.set(t + 3 * 60_000);
    try {
      await cloud.trigger('jobs', 'refundUnappliedPayments');
      const p = (await cloud.store.find<PaymentRecord>('payments', { transactionId: cb.transactionId }, { limit: 5 })).items[0];
      expect(p.refundStatus).toBe('refunded');
      expect(cloud.pay.refundedByTransaction().get(cb.transactionId)).toBe(o.payable);
    } finally {
      cloud.clock.set(t);
    }
  });
});

describe('the merchant order desk', () => {
  test('lists every shopper\'s orders by status and finds one by its number, full or as the pages show it', async () => {
    const id = await paidOrder('bob', [{ skuId: 'cable-1', qty: 1 }]);
    const paid = expectOk(await call<Page<MerchantOrderSummary>>('merchant', 'orders', { status: 'paid' }, 'boss'));
    expect(paid.items.every((o) => o.status === 'paid')).toBe(true);
    expect(paid.items[0]).toMatchObject({ orderId: id, buyer: { name: '张三' } });
    const full = expectOk(await call<Page<MerchantOrderSummary>>('merchant', 'orders', { keyword: id }, 'boss'));
    expect(full.items.map((o) => o.orderId)).toEqual([id]);
    expectCode(await call('merchant', 'orders', { keyword: id.slice(-6).toUpperCase() }, 'boss'), 'INVALID_INPUT');
    const other = `${id.slice(1, 7)}-${id.slice(7, 13)}-ZZZZZZ`;
    expect(expectOk(await call<Page<MerchantOrderSummary>>('merchant', 'orders', { keyword: other }, 'boss')).items).toEqual([]);
    const shown = `${id.slice(1, 7)}-${id.slice(7, 13)}-${id.slice(-6).toUpperCase()}`; // displayOrderNo
    expect(expectOk(await call<Page<MerchantOrderSummary>>('merchant', 'orders', { keyword: shown }, 'boss')).items.map((o) => o.orderId)).toEqual([id]);
    expectCode(await call('merchant', 'orders', { keyword: 'ab' }, 'boss'), 'INVALID_INPUT');
    expect(expectOk(await call<OrderDetail & { buyer: { nickname: string } }>('merchant', 'order', { orderId: id }, 'boss')).buyer.nickname).toBe('Bob');
  });
});

test('orders are in T0 territory', () => {
  expect(cloud.clock.now()).toBeGreaterThanOrEqual(T0);
});
