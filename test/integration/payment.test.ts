/** pay.prepay, payNotify (only SOURCE wx_paycallback), shipping and receipt, through the local cloud. */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import { RunningGateway, startGateway } from '../../cloudfunctions/local/gateway';
import type { OrderDetail, PrepayResult } from '../../typings/api';
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

test('money arriving for an order already cancelled is flagged for refund and the order stays cancelled', async () => {
  const o = await newOrder('frank');
  const cb = await sandboxCallback('frank', o.orderId);
  expectOk(await cloud.call('order', { action: 'cancel', data: { orderId: o.orderId } }, 'frank'));
  expect(await cloud.payCallback('payNotify', cb)).toEqual({ errcode: 0, errmsg: 'OK' });
  expect((await detail('frank', o.orderId)).status).toBe('cancelled');
  expect(await cloud.store.count('payments', { orderId: o.orderId, outcome: 'refund_required', needsAttention: true })).toBe(1);
});

test('a payment racing the timeout job: exactly one of paid / cancelled wins, stock is consistent', async () => {
  // Let the job close what earlier tests left unpaid, so only this order is in play.
  cloud.clock.advance(31 * 60_000);
  await cloud.trigger('jobs', 'closeUnpaidOrders');
  const o = await newOrder('gina', { qty: 2 });
  const stockAfterOrder = await stockOf(cloud, 'earbuds-black');
  const cb = await sandboxCallback('gina', o.orderId);
  cloud.clock.advance(31 * 60_000);
  await Promise.all([cloud.payCallback('payNotify', cb), cloud.trigger('jobs', 'closeUnpaidOrders')]);
  const d = await detail('gina', o.orderId);
  if (d.status === 'paid') {
    expect(await stockOf(cloud, 'earbuds-black')).toBe(stockAfterOrder);
  } else {
    expect(d.status).toBe('cancelled');
    expect(await stockOf(cloud, 'earbuds-black')).toBe(stockAfterOrder + 2);
    expect(await cloud.store.count('payments', { orderId: o.orderId, outcome: 'refund_required' })).toBe(1);
  }
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
  expectCode(await ship('boss'), 'CONFLICT');
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
