/** pay.prepay, payNotify (only SOURCE wx_paycallback), shipping and receipt, through the local cloud. */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import { RunningGateway, startGateway } from '../../cloudfunctions/local/gateway';
import type { PaymentRecord, ProductRecord } from '../../cloudfunctions/app/records';
import type { Envelope, OrderDetail, PrepayResult } from '../../typings/api';
import { addAddress, commerceCloud, expectCode, expectOk, giveCoupon, stockOf } from './support/commerce';

let cloud: LocalCloud;
let gw: RunningGateway;
beforeAll(async () => {
  cloud = await commerceCloud();
  gw = await startGateway(cloud, { port: 0, logLine: () => undefined });
}, 60_000);
afterAll(async () => {
  await gw.close();
  await cloud.close();
});

let n = 0;
async function newOrder(openid: string, opts: { coupon?: boolean; qty?: number } = {}) {
  const addr = await addAddress(cloud, openid);
  const couponId = opts.coupon ? await giveCoupon(cloud, openid, { threshold: 0, amountOff: 1000 }) : null;
  const created = expectOk(await cloud.call<{ orderId: string; payable: number }>('order', {
    action: 'create', data: { items: [{ skuId: 'earbuds-black', qty: opts.qty ?? 1 }], addressId: addr, couponId, requestId: `pay-req-${++n}-${openid}` },
  }, openid));
  return { ...created, couponId };
}
const prepay = (openid: string, orderId: string) => cloud.call<PrepayResult>('pay', { action: 'prepay', data: { orderId } }, openid);
const detail = async (openid: string, orderId: string) => expectOk(await cloud.call<OrderDetail>('order', { action: 'detail', data: { orderId } }, openid));

async function sandboxCallback(openid: string, orderId: string): Promise<Record<string, string | number>> {
  const r = expectOk(await prepay(openid, orderId));
  if (r.mode !== 'sandbox') throw new Error('expected the sandbox');
  return r.callback;
}

test('prepay answers with the stored payable; the sandbox callback through the gateway marks the order paid and uses the coupon', async () => {
  const o = await newOrder('alice', { coupon: true });
  const cb = await sandboxCallback('alice', o.orderId);
  expect(cb).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: o.orderId, totalFee: o.payable, openid: 'alice' });
  const res = await fetch(`${gw.url}/dev/paycallback/payNotify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cb) });
  expect(await res.json()).toEqual({ errcode: 0, errmsg: 'OK' });
  const d = await detail('alice', o.orderId);
  expect(d).toMatchObject({ status: 'paid', paidAt: expect.any(Number), payDeadline: null });
  expect(d.timeline.map((t) => t.status)).toEqual(['pending_payment', 'paid']);
  expect(await cloud.store.get('coupons', o.couponId!)).toMatchObject({ status: 'used', orderId: o.orderId });
  expect(await cloud.store.count('payments', { orderId: o.orderId, outcome: 'applied' })).toBe(1);
  expectCode(await prepay('alice', o.orderId), 'CONFLICT');
});

test('10 duplicate callbacks at once: paid once, one payment record, stock untouched', async () => {
  const o = await newOrder('bob');
  const stock = await stockOf(cloud, 'earbuds-black');
  const cb = await sandboxCallback('bob', o.orderId);
  const answers = await Promise.all(Array.from({ length: 10 }, () => cloud.payCallback('payNotify', cb)));
  expect(answers.every((a) => (a as { errcode: number }).errcode === 0)).toBe(true);
  const d = await detail('bob', o.orderId);
  expect(d.status).toBe('paid');
  expect(d.timeline.filter((t) => t.status === 'paid')).toHaveLength(1);
  expect(await cloud.store.count('payments', { orderId: o.orderId })).toBe(1);
  expect(await stockOf(cloud, 'earbuds-black')).toBe(stock);
});

test('a client calling payNotify is refused and nothing changes', async () => {
  const o = await newOrder('carol');
  const cb = await sandboxCallback('carol', o.orderId);
  expectCode(await cloud.call('payNotify', { action: 'notify', data: cb }, 'carol'), 'UNKNOWN_ACTION');
  const res = await fetch(`${gw.url}/api/payNotify`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-openid': 'carol' }, body: JSON.stringify(cb) });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(false);
  expect((await detail('carol', o.orderId)).status).toBe('pending_payment');
  expect(await cloud.store.count('payments', { orderId: o.orderId })).toBe(0);
});

test('a mismatched amount is recorded for reconciliation, not marked paid, and answered errcode 0', async () => {
  const o = await newOrder('dave');
  const cb = await sandboxCallback('dave', o.orderId);
  expect(await cloud.payCallback('payNotify', { ...cb, totalFee: 1, cashFee: 1 })).toEqual({ errcode: 0, errmsg: 'OK' });
  expect((await detail('dave', o.orderId)).status).toBe('pending_payment');
  expect(await cloud.store.count('payments', { orderId: o.orderId, outcome: 'amount_mismatch', needsAttention: true })).toBe(1);
});

test('an unknown order and a failed result are answered errcode 0 and change no order', async () => {
  expect(await cloud.payCallback('payNotify', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: 'D000000000000unknownorder', totalFee: 100, transactionId: 'T-unknown' })).toEqual({ errcode: 0, errmsg: 'OK' });
  expect(await cloud.store.count('payments', { outcome: 'unknown_order', transactionId: 'T-unknown' })).toBe(1);
  const o = await newOrder('erin');
  const cb = await sandboxCallback('erin', o.orderId);
  expect(await cloud.payCallback('payNotify', { ...cb, resultCode: 'FAIL' })).toEqual({ errcode: 0, errmsg: 'OK' });
  expect((await detail('erin', o.orderId)).status).toBe('pending_payment');
});

test('cancel after prepay closes WeChat Pay\'s order: a late success callback is refused there, the order stays cancelled, no money moved', async () => {
  const o = await newOrder('frank');
  const cb = await sandboxCallback('frank', o.orderId);
  expect(expectOk(await cloud.call<OrderDetail>('order', { action: 'cancel', data: { orderId: o.orderId } }, 'frank')).status).toBe('cancelled');
  expect(await cloud.pay.queryOrder(o.orderId)).toEqual({ ok: true, order: { state: 'closed' } });
  expect(await cloud.payCallback('payNotify', cb)).toMatchObject({ errcode: 0 });
  expect((await detail('frank', o.orderId)).status).toBe('cancelled');
  expect(await cloud.store.count('payments', { orderId: o.orderId })).toBe(0);
});

test('paid at WeChat Pay but the callback is lost: the shopper\'s cancel finds it paid and applies it instead (coupon used, sales counted)', async () => {
  const o = await newOrder('fay', { coupon: true });
  await sandboxCallback('fay', o.orderId);
  const sales = (await cloud.store.get<ProductRecord>('products', 'earbuds'))!.sales;
  expect(await cloud.pay.payWithoutCallback(o.orderId)).not.toBeNull();
  expectCode(await cloud.call('order', { action: 'cancel', data: { orderId: o.orderId } }, 'fay'), 'CONFLICT');
  const d = await detail('fay', o.orderId);
  expect(d.status).toBe('paid');
  expect(await cloud.store.get('coupons', o.couponId!)).toMatchObject({ status: 'used', orderId: o.orderId });
  expect((await cloud.store.get<ProductRecord>('products', 'earbuds'))!.sales).toBe(sales + 1);
  expect(await cloud.store.find('payments', { orderId: o.orderId })).toMatchObject({ items: [{ outcome: 'applied', source: 'query', needsAttention: false }] });
});

test('a second payment for a paid order (another transaction) is recorded for refund; the first stays applied', async () => {
  const o = await newOrder('gail');
  const cb = await sandboxCallback('gail', o.orderId);
  await cloud.payCallback('payNotify', cb);
  expect(await cloud.payCallback('payNotify', { ...cb, transactionId: 'T-second-payment' })).toEqual({ errcode: 0, errmsg: 'OK' });
  expect((await detail('gail', o.orderId)).status).toBe('paid');
  expect(await cloud.store.count('payments', { orderId: o.orderId, outcome: 'applied' })).toBe(1);
  expect(await cloud.store.count('payments', { orderId: o.orderId, outcome: 'refund_required', transactionId: 'T-second-payment', needsAttention: true })).toBe(1);
});

test('a correct callback after a mismatched one with the same transaction id is still applied and recorded', async () => {
  const o = await newOrder('hugo');
  const cb = await sandboxCallback('hugo', o.orderId);
  await cloud.payCallback('payNotify', { ...cb, totalFee: 1 });
  expect((await detail('hugo', o.orderId)).status).toBe('pending_payment');
  await cloud.payCallback('payNotify', cb);
  expect((await detail('hugo', o.orderId)).status).toBe('paid');
  expect((await cloud.store.find<PaymentRecord>('payments', { transactionId: String(cb.transactionId) })).items.map((p) => p.outcome).sort()).toEqual(['amount_mismatch', 'applied']);
});

describe('a payment made before the deadline whose callback arrives after it, racing the timeout job', () => {
  // The shopper paid in time; the money is WeChat Pay's word. Whoever comes first - the callback or the job (whose
  // close finds the order paid) - the order must end paid, with its stock kept, its coupon used and one applied record.
  const orders: Array<{ openid: string; orderId: string; couponId: string | null; stock: number }> = [];
  async function paidInTimeThenExpired(openid: string) {
    cloud.clock.advance(31 * 60_000);
    await cloud.trigger('jobs', 'closeUnpaidOrders'); // earlier tests' leftovers
    const o = await newOrder(openid, { coupon: true, qty: 2 });
    const cb = await sandboxCallback(openid, o.orderId);
    const stock = await stockOf(cloud, 'earbuds-black');
    cloud.clock.advance(29 * 60_000);
    expect(await cloud.pay.payWithoutCallback(o.orderId)).not.toBeNull();
    cloud.clock.advance(2 * 60_000);
    orders.push({ openid, orderId: o.orderId, couponId: o.couponId, stock });
    return { cb, ...o, stock };
  }
  async function expectPaidOnce(openid: string, orderId: string, couponId: string | null, stock: number) {
    const d = await detail(openid, orderId);
    expect(d.status).toBe('paid');
    expect(d.timeline.map((t) => t.status)).toEqual(['pending_payment', 'paid']);
    expect(await stockOf(cloud, 'earbuds-black')).toBe(stock);
    expect(await cloud.store.get('coupons', couponId!)).toMatchObject({ status: 'used', orderId });
    expect(await cloud.store.count('payments', { orderId, outcome: 'applied' })).toBe(1);
    expect(await cloud.store.count('payments', { orderId, needsAttention: true })).toBe(0);
  }

  test('the callback first, then the job', async () => {
    const o = await paidInTimeThenExpired('race-1');
    await cloud.payCallback('payNotify', o.cb);
    await cloud.trigger('jobs', 'closeUnpaidOrders');
    await expectPaidOnce('race-1', o.orderId, o.couponId, o.stock);
  });

  test('the job first (its close finds it paid and applies it), then the callback (a duplicate)', async () => {
    const o = await paidInTimeThenExpired('race-2');
    const job = await cloud.trigger('jobs', 'closeUnpaidOrders');
    expect(job).toMatchObject({ ok: true, data: { paid: 1, closed: 0 } });
    await cloud.payCallback('payNotify', o.cb);
    await expectPaidOnce('race-2', o.orderId, o.couponId, o.stock);
  });

  test('both at once, five times over', async () => {
    for (let i = 0; i < 5; i++) {
      const o = await paidInTimeThenExpired(`race-3-${i}`);
      await Promise.all([cloud.payCallback('payNotify', o.cb), cloud.trigger('jobs', 'closeUnpaidOrders'), cloud.payCallback('payNotify', o.cb)]);
      await expectPaidOnce(`race-3-${i}`, o.orderId, o.couponId, o.stock);
    }
  });
});

test('merchants ship paid orders, everyone else is FORBIDDEN; the shopper confirms receipt', async () => {
  const o = await newOrder('hank');
  const ship = (openid: string, orderId = o.orderId) => cloud.call<OrderDetail>('merchant', { action: 'shipOrder', data: { orderId, carrier: '顺丰', trackingNo: 'SF1234567890' } }, openid);
  expectCode(await ship('boss'), 'CONFLICT'); // not paid yet
  await cloud.payCallback('payNotify', await sandboxCallback('hank', o.orderId));
  expectCode(await ship('hank'), 'FORBIDDEN');
  expectCode(await ship('alice'), 'FORBIDDEN');
  expectCode(await cloud.call('merchant', { action: 'shipOrder', data: { orderId: o.orderId, carrier: '顺丰', trackingNo: { $ne: '' } } }, 'boss'), 'INVALID_INPUT');
  expect((await detail('hank', o.orderId)).status).toBe('paid');
  expectCode(await cloud.call('order', { action: 'confirmReceipt', data: { orderId: o.orderId } }, 'hank'), 'CONFLICT');
  const shipped = expectOk(await ship('boss'));
  expect(shipped).toMatchObject({ status: 'shipped', shipment: { carrier: '顺丰', trackingNo: 'SF1234567890' } });
  // the same shipment again (a retry after a lost answer) answers the shipped order; another one is a conflict
  expect(expectOk(await ship('boss')).timeline.filter((t) => t.status === 'shipped')).toHaveLength(1);
  expectCode(await cloud.call('merchant', { action: 'shipOrder', data: { orderId: o.orderId, carrier: '中通快递', trackingNo: 'ZT0000001' } }, 'boss'), 'CONFLICT');
  expectCode(await ship('boss', 'D000000000000nosuchorder0'), 'NOT_FOUND');
  const done = expectOk(await cloud.call<OrderDetail>('order', { action: 'confirmReceipt', data: { orderId: o.orderId } }, 'hank'));
  expect(done).toMatchObject({ status: 'completed', completedAt: expect.any(Number) });
  expect(done.timeline.map((t) => t.status)).toEqual(['pending_payment', 'paid', 'shipped', 'completed']);
});

test('prepay refuses bad input; a client cannot run the timeout job', async () => {
  const o = await newOrder('ivy');
  for (const data of [{ orderId: { $ne: '' } }, { orderId: o.orderId, totalFee: 1 }, { orderId: o.orderId, openid: 'ivy' }, {}, { orderId: 'x'.repeat(65) }]) {
    expectCode(await cloud.call('pay', { action: 'prepay', data }, 'ivy'), 'INVALID_INPUT');
  }
  expectCode(await cloud.call('jobs', { action: 'closeUnpaidOrders' }, 'ivy'), 'UNKNOWN_ACTION');
  expectCode(await cloud.call('pay', { action: 'prepay', data: { orderId: o.orderId } }, null), 'UNAUTHENTICATED');
  expect((await detail('ivy', o.orderId)).status).toBe('pending_payment');
});

test('a cancel that starts while prepay is opening the WeChat Pay order: the shopper never gets payment parameters for the closed order', async () => {
  const o = await newOrder('nina');
  // Interleave exactly: prepay records prepaidAt and asks WeChat Pay; the cancel runs start to end in between.
  const real = cloud.deps.pay.unifiedOrder.bind(cloud.deps.pay);
  let cancelled: unknown = null;
  cloud.deps.pay.unifiedOrder = async (input) => {
    cancelled = await cloud.call<OrderDetail>('order', { action: 'cancel', data: { orderId: o.orderId } }, 'nina');
    return real(input);
  };
  try {
    expectCode(await prepay('nina', o.orderId), 'CONFLICT');
  } finally {
    cloud.deps.pay.unifiedOrder = real;
  }
  expect(expectOk(cancelled as Envelope<OrderDetail>).status).toBe('cancelled');
  expect(await cloud.pay.queryOrder(o.orderId)).toEqual({ ok: true, order: { state: 'closed' } });
});
