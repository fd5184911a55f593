/**
 * Money paths under faults, the way production fails: for every money use case, the Nth store call throws - before
 * it reaches the database, or after it landed with the answer lost - for every N until the use case runs clean.
 * After each fault: the invariants hold as the fault left things; then the same request is retried and reconcile
 * runs (with time past its grace), and the invariants hold again, with the request's intended outcome reached.
 */
import type { AfterSaleRecord, CouponRecord, LedgerEntryRecord, OrderRecord, PaymentRecord } from '../../cloudfunctions/app/records';
import { CLOSE_GRACE_MS } from '../../cloudfunctions/app/orders';
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import { testCloud } from './support/test-cloud';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type { AfterSale, Coupon, OrderDetail, PrepayResult } from '../../typings/api';
import { FaultyStore } from '../support/faulty-store';
import { everyStep as everyStepOf } from '../support/every-step';
import { Baseline, baseline, ledgerViolations, violations } from '../support/invariants';
import { SHOP, T0, addAddress, expectOk } from './support/commerce';

const FIXTURE: FixtureInput = {
  ...SHOP,
  users: [...SHOP.users!, { openid: 'd1', nickname: '大掌柜', roles: ['distributor'] }, { openid: 'd2', nickname: '小掌柜', roles: ['distributor'], inviter: 'd1' }],
  settings: {
    ...SHOP.settings,
    afterSalesDays: 15,
    distribution: { enabled: true, bindMode: 'protected', protectDays: 15, tier1Bps: 1000, tier2Bps: 300, settleDays: 7, minWithdraw: 100, maxWithdrawalsPerDay: 50 },
  },
  couponTemplates: [
    { id: 'tpl-10', name: '无门槛 ¥10', kind: 'amount_off', threshold: 0, amountOff: 1000, scope: { type: 'all' }, validDays: 7, total: 100000, perUserLimit: 1 },
    { id: 'tpl-5', name: '满 50 减 5', kind: 'amount_off', threshold: 5000, amountOff: 500, scope: { type: 'all' }, validDays: 7, total: 100000, perUserLimit: 3 },
  ],
};

let cloud: LocalCloud;
let faulty: FaultyStore;
let base: Baseline;
beforeAll(async () => {
  cloud = await testCloud({ seed: FIXTURE, wrapStore: (s) => (faulty = new FaultyStore(s)) });
  cloud.clock.set(T0);
  base = await baseline(cloud.store);
}, 60_000);
afterAll(() => cloud.close());

let seq = 0;
const uid = (p: string) => `${p}-${++seq}-${Date.now()}`;
const call = <T>(fn: string, action: string, data: unknown, openid: string) => cloud.call<T>(fn, { action, data }, openid);

async function expectInvariants(when: string, closesFinished = false): Promise<void> {
  await cloud.settled(); // refund callbacks the sandbox queued
  const broken = [
    ...(await violations(cloud.store, base, { closesFinished, refundedByTransaction: cloud.pay.refundedByTransaction() })),
    ...(await ledgerViolations(cloud.store)),
  ];
  if (broken.length) throw new Error(`${when}:\n  ${broken.join('\n  ')}`);
}

/** Lets reconcile and the timeout job see everything a fault left (time past the grace), as production would. */
async function sweep(): Promise<void> {
  await cloud.settled();
  cloud.clock.advance(CLOSE_GRACE_MS + 1000);
  expect((await cloud.trigger('jobs', 'reconcile')).ok).toBe(true);
  expect((await cloud.trigger('jobs', 'refundUnappliedPayments')).ok).toBe(true);
  await cloud.settled();
}

/**
 * Runs `attempt` with a fault at every step in turn (both modes), until a run finishes without the fault firing.
 * `prepare` makes fresh state for each run; `retry` is what the caller does next; `check` asserts the outcome.
 * The invariants hold right after each fault, and again after the retry and reconcile.
 */
function everyStep<S>(
  name: string,
  prepare: () => Promise<S>,
  attempt: (s: S) => Promise<unknown>,
  retry: (s: S) => Promise<unknown>,
  check: (s: S) => Promise<void>,
): Promise<number> {
  return everyStepOf({
    name, faulty, prepare, attempt, retry, check,
    afterFault: (where) => expectInvariants(`${name}: right after a fault ${where}`),
    afterRetry: async (where) => {
      await sweep();
      await expectInvariants(`${name}: after the retry and reconcile (fault ${where})`, true);
    },
  });
}

/** Every new shopper is a customer of d2 (d1 is d2's inviter): each paid order writes commission for two tiers. */
async function newOrder(openid: string, opts: { coupon?: boolean; prepay?: boolean } = {}) {
  await cloud.store.insert('bindings', { _id: openid, distributor: 'd2', since: cloud.clock.now(), via: null, updatedAt: cloud.clock.now() });
  const addressId = await addAddress(cloud, openid);
  let couponId: string | null = null;
  if (opts.coupon) couponId = expectOk(await call<Coupon>('coupon', 'claim', { templateId: 'tpl-5' }, openid)).id;
  const o = expectOk(await call<{ orderId: string; payable: number }>('order', 'create', {
    items: [{ skuId: 'cable-1', qty: 2 }, { skuId: 'tea-1', qty: 1 }], addressId, couponId, requestId: uid('rq'),
  }, openid));
  let callback: Record<string, string | number> | null = null;
  if (opts.prepay) {
    const p = expectOk(await call<PrepayResult>('pay', 'prepay', { orderId: o.orderId }, openid));
    if (p.mode === 'sandbox') callback = p.callback;
  }
  return { ...o, openid, couponId, callback };
}
const orderOf = (id: string) => cloud.store.get<OrderRecord>('orders', id);

beforeEach(async () => {
  // Keep the stock from running out across hundreds of runs.
  await cloud.store.update('skus', { _id: 'tea-1' }, { inc: { stock: 1000 } });
  base.stock.set('tea-1', base.stock.get('tea-1')! + 1000);
});

test('order.create (two lines, a coupon, from the cart): a fault anywhere takes nothing; the retry makes exactly one order', async () => {
  const runs = await everyStep(
    'create',
    async () => {
      const openid = uid('buyer');
      const addressId = await addAddress(cloud, openid);
      const couponId = expectOk(await call<Coupon>('coupon', 'claim', { templateId: 'tpl-5' }, openid)).id;
      expectOk(await call('cart', 'add', { skuId: 'tea-1', qty: 1 }, openid));
      const payload = { items: [{ skuId: 'tea-1', qty: 1 }, { skuId: 'cable-1', qty: 2 }], addressId, couponId, requestId: uid('rq'), fromCart: true, expectedPayable: 16800 + 3980 - 500 };
      return { openid, couponId, payload };
    },
    (s) => call('order', 'create', s.payload, s.openid),
    async (s) => expectOk(await call('order', 'create', s.payload, s.openid)),
    async (s) => {
      const { items } = await cloud.store.find<OrderRecord>('orders', { openid: s.openid });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'pending_payment', couponId: s.couponId, payable: 16800 + 3980 - 500 });
      expect(await cloud.store.get<CouponRecord>('coupons', s.couponId)).toMatchObject({ status: 'locked', orderId: items[0]._id });
    },
  );
  expect(runs).toBeGreaterThan(10);
}, 120_000);

test('order.cancel after prepay (close anchor, WeChat Pay close, the cancel transaction): the retry answers cancelled; stock and coupon back once', async () => {
  await everyStep(
    'cancel',
    () => newOrder(uid('canceller'), { coupon: true, prepay: true }),
    (o) => call('order', 'cancel', { orderId: o.orderId }, o.openid),
    async (o) => expect(expectOk(await call<OrderDetail>('order', 'cancel', { orderId: o.orderId }, o.openid)).status).toBe('cancelled'),
    async (o) => {
      expect(await orderOf(o.orderId)).toMatchObject({ status: 'cancelled' });
      expect(await cloud.store.get<CouponRecord>('coupons', o.couponId!)).toMatchObject({ status: 'unused', orderId: null });
      expect(await cloud.pay.queryOrder(o.orderId)).toEqual({ ok: true, order: { state: 'closed' } });
    },
  );
}, 120_000);

test('a cancel that dies after the close anchor is finished by reconcile alone (nobody retries)', async () => {
  await everyStep(
    'cancel, no retry',
    () => newOrder(uid('gone'), { coupon: true, prepay: true }),
    (o) => call('order', 'cancel', { orderId: o.orderId }, o.openid),
    async () => undefined,
    async (o) => {
      const after = (await orderOf(o.orderId))!;
      // Either the close never started (the order stays payable) or it was finished: never stuck in between.
      if (after.closingAt) expect(after.status).toBe('cancelled');
      else expect(after.status).toBe('pending_payment');
    },
  );
}, 120_000);

test('jobs.closeUnpaidOrders: a fault anywhere; the next run closes the order, stock and coupon back once', async () => {
  await everyStep(
    'timeout job',
    async () => {
      cloud.clock.advance(31 * 60_000);
      await cloud.trigger('jobs', 'closeUnpaidOrders'); // what earlier runs left
      const o = await newOrder(uid('late'), { coupon: true, prepay: true });
      cloud.clock.advance(31 * 60_000);
      return o;
    },
    () => cloud.trigger('jobs', 'closeUnpaidOrders'),
    () => cloud.trigger('jobs', 'closeUnpaidOrders'),
    async (o) => {
      expect(await orderOf(o.orderId)).toMatchObject({ status: 'cancelled' });
      expect(await cloud.store.get<CouponRecord>('coupons', o.couponId!)).toMatchObject({ status: 'unused' });
    },
  );
}, 120_000);

test('payNotify: a fault anywhere answers a non-zero errcode (WeChat Pay retries); the retry applies every effect once', async () => {
  await everyStep(
    'payNotify',
    () => newOrder(uid('payer'), { coupon: true, prepay: true }),
    (o) => cloud.payCallback('payNotify', o.callback!),
    async (o) => expect(await cloud.payCallback('payNotify', o.callback!)).toEqual({ errcode: 0, errmsg: 'OK' }),
    async (o) => {
      expect(await orderOf(o.orderId)).toMatchObject({ status: 'paid', transactionId: o.callback!.transactionId });
      expect(await cloud.store.get<CouponRecord>('coupons', o.couponId!)).toMatchObject({ status: 'used', orderId: o.orderId });
      expect(await cloud.store.count('payments', { orderId: o.orderId, needsAttention: true })).toBe(0);
    },
  );
}, 120_000);

test('coupon.claim: a fault anywhere leaves counters and coupons agreeing; the retry gets the coupon (or says it is already claimed)', async () => {
  await everyStep(
    'claim',
    async () => ({ openid: uid('claimer') }),
    (s) => call('coupon', 'claim', { templateId: 'tpl-10' }, s.openid),
    async (s) => {
      const r = await call('coupon', 'claim', { templateId: 'tpl-10' }, s.openid);
      if (!r.ok) expect(r.error.message).toBe('您已领取过该优惠券');
    },
    async (s) => expect(await cloud.store.count('coupons', { openid: s.openid, templateId: 'tpl-10' })).toBe(1),
  );
}, 120_000);

test('pay.prepay: a fault anywhere; the retry opens the payment and a later cancel still closes it', async () => {
  await everyStep(
    'prepay',
    () => newOrder(uid('prepayer')),
    (o) => call('pay', 'prepay', { orderId: o.orderId }, o.openid),
    async (o) => expectOk(await call('pay', 'prepay', { orderId: o.orderId }, o.openid)),
    async (o) => {
      expect(expectOk(await call<OrderDetail>('order', 'cancel', { orderId: o.orderId }, o.openid)).status).toBe('cancelled');
      expect(await cloud.pay.queryOrder(o.orderId)).toEqual({ ok: true, order: { state: 'closed' } });
    },
  );
}, 120_000);

// ---------- after-sales ----------

/** A paid order (two lines, a coupon) of a new shopper. */
async function paidOrder() {
  const o = await newOrder(uid('refunder'), { coupon: true, prepay: true });
  expect(await cloud.payCallback('payNotify', o.callback!)).toEqual({ errcode: 0, errmsg: 'OK' });
  return o;
}
const afterSaleOf = (id: string) => cloud.store.get<AfterSaleRecord>('after_sales', id);
const openAfterSales = async (orderId: string) => (await cloud.store.find<AfterSaleRecord>('after_sales', { orderId }, { limit: 20 })).items;

test('order.requestRefund: a fault anywhere leaves no after-sale or exactly one, named by its order; the retry gets it open', async () => {
  await everyStep(
    'requestRefund',
    paidOrder,
    (o) => call('order', 'requestRefund', { orderId: o.orderId, lines: [{ skuId: 'tea-1', qty: 1 }], reason: 'damaged' }, o.openid),
    async (o) => {
      const r = await call('order', 'requestRefund', { orderId: o.orderId, lines: [{ skuId: 'tea-1', qty: 1 }], reason: 'damaged' }, o.openid);
      if (!r.ok) expect(r.error.code).toBe('CONFLICT'); // the first one landed, its answer was lost
    },
    async (o) => {
      const all = await openAfterSales(o.orderId);
      expect(all).toHaveLength(1);
      expect((await orderOf(o.orderId))!.openAfterSaleId).toBe(all[0]._id);
    },
  );
}, 180_000);

test('merchant.reviewRefund approve with restock: a fault anywhere; the retry (or reconcile) refunds once, stock back once', async () => {
  await everyStep(
    'approve',
    async () => {
      const o = await paidOrder();
      const a = expectOk(await call<AfterSale>('order', 'requestRefund', { orderId: o.orderId, lines: [{ skuId: 'tea-1', qty: 1 }], reason: 'damaged' }, o.openid));
      return { ...o, afterSaleId: a.id, amount: a.amount };
    },
    (s) => call('merchant', 'reviewRefund', { id: s.afterSaleId, approve: true, restock: true }, 'boss'),
    (s) => call('merchant', 'reviewRefund', { id: s.afterSaleId, approve: true, restock: true }, 'boss'),
    async (s) => {
      expect(await afterSaleOf(s.afterSaleId)).toMatchObject({ status: 'refunded', restock: true });
      const o = (await orderOf(s.orderId))!;
      expect(o.refundedAmount).toBe(s.amount);
      expect(cloud.pay.refundedByTransaction().get(o.transactionId!)).toBe(s.amount);
    },
  );
}, 180_000);

test('refundNotify: a fault anywhere answers a non-zero errcode (WeChat Pay repeats); the repeat completes the refund once', async () => {
  await everyStep(
    'refundNotify',
    async () => {
      const o = await paidOrder();
      const a = expectOk(await call<AfterSale>('order', 'requestRefund', { orderId: o.orderId, reason: 'not_wanted' }, o.openid));
      cloud.pay.loseRefundCallbacks = true;
      try {
        expectOk(await call('merchant', 'reviewRefund', { id: a.id, approve: true, restock: true }, 'boss'));
      } finally {
        cloud.pay.loseRefundCallbacks = false;
      }
      const order = (await orderOf(o.orderId))!;
      const cb = { returnCode: 'SUCCESS', outTradeNo: order.orderNo, outRefundNo: a.id, refundFee: a.amount, totalFee: order.payable, refundStatus: 'SUCCESS', refundId: uid('rf'), successTime: '2026-11-20 10:00:00' };
      return { ...o, afterSaleId: a.id, cb };
    },
    (s) => cloud.payCallback('refundNotify', s.cb),
    async (s) => expect(await cloud.payCallback('refundNotify', s.cb)).toEqual({ errcode: 0, errmsg: 'OK' }),
    async (s) => {
      expect(await afterSaleOf(s.afterSaleId)).toMatchObject({ status: 'refunded' });
      expect(await orderOf(s.orderId)).toMatchObject({ status: 'refunded', openAfterSaleId: null });
    },
  );
}, 180_000);

test('jobs.refundUnappliedPayments: a fault anywhere; the next runs refund the payment exactly once', async () => {
  await everyStep(
    'refundUnappliedPayments',
    async () => {
      await cloud.trigger('jobs', 'refundUnappliedPayments'); // what earlier runs left
      await cloud.settled();
      const o = await newOrder(uid('late'));
      expectOk(await call('order', 'cancel', { orderId: o.orderId }, o.openid));
      const transactionId = uid('LATE').replace(/[^A-Za-z0-9]/g, '');
      await cloud.payCallback('payNotify', { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: o.orderId, totalFee: o.payable, transactionId, timeEnd: '20261120100000' });
      return { ...o, transactionId };
    },
    () => cloud.trigger('jobs', 'refundUnappliedPayments'),
    () => cloud.trigger('jobs', 'refundUnappliedPayments'),
    async (s) => {
      const p = (await cloud.store.find<PaymentRecord>('payments', { transactionId: s.transactionId }, { limit: 5 })).items;
      expect(p.map((x) => x.refundStatus)).toEqual(['refunded']);
      expect(cloud.pay.refundedByTransaction().get(s.transactionId)).toBe(s.payable);
    },
  );
}, 180_000);

test('jobs.autoConfirmReceipt: a fault anywhere; the next run completes the order once', async () => {
  await everyStep(
    'autoConfirmReceipt',
    async () => {
      cloud.clock.advance(11 * 86_400_000);
      await cloud.trigger('jobs', 'autoConfirmReceipt'); // what earlier runs left
      const o = await paidOrder();
      expectOk(await call('merchant', 'shipOrder', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: uid('SF').replace(/[^A-Za-z0-9]/g, '').slice(0, 30) }, 'boss'));
      cloud.clock.advance(11 * 86_400_000);
      return o;
    },
    () => cloud.trigger('jobs', 'autoConfirmReceipt'),
    () => cloud.trigger('jobs', 'autoConfirmReceipt'),
    async (o) => {
      const after = (await orderOf(o.orderId))!;
      expect(after.status).toBe('completed');
      expect(after.timeline.filter((e) => e.status === 'completed')).toHaveLength(1);
      expect(await cloud.store.count('order_events', { orderId: o.orderId, type: 'order.completed' })).toBe(1);
    },
  );
}, 180_000);

// ---------- the commission ledger ----------

const entriesOf = async (orderId: string) => (await cloud.store.find<LedgerEntryRecord>('ledger_entries', { orderId }, { limit: 50 })).items;

test('commission with the payment: a fault anywhere; the retried callback writes each entry once (two tiers)', async () => {
  await everyStep(
    'payNotify + commission',
    () => newOrder(uid('earner'), { prepay: true }),
    (o) => cloud.payCallback('payNotify', o.callback!),
    (o) => cloud.payCallback('payNotify', o.callback!),
    async (o) => {
      const e = await entriesOf(o.orderId);
      expect(e.map((x) => x.tier).sort()).toEqual([1, 1, 2, 2]); // two lines x two tiers
    },
  );
}, 180_000);

test('jobs.settleCommissions: a fault anywhere; the next run settles the order once', async () => {
  await everyStep(
    'settleCommissions',
    async () => {
      const o = await paidOrder();
      expectOk(await call('merchant', 'shipOrder', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: uid('SF').replace(/[^A-Za-z0-9]/g, '').slice(0, 30) }, 'boss'));
      expectOk(await call('order', 'confirmReceipt', { orderId: o.orderId }, o.openid));
      cloud.clock.advance(8 * 86_400_000);
      return o;
    },
    () => cloud.trigger('jobs', 'settleCommissions'),
    () => cloud.trigger('jobs', 'settleCommissions'),
    async (o) => {
      expect((await entriesOf(o.orderId)).every((e) => e.status === 'settled')).toBe(true);
      expect(await cloud.store.get('commission_orders', o.orderId)).toMatchObject({ status: 'settled' });
    },
  );
}, 180_000);

test('a refund after settlement (the clawback): a fault anywhere in the callback; the repeat writes each reversal once', async () => {
  await everyStep(
    'clawback',
    async () => {
      const o = await paidOrder();
      expectOk(await call('merchant', 'shipOrder', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: uid('SF').replace(/[^A-Za-z0-9]/g, '').slice(0, 30) }, 'boss'));
      expectOk(await call('order', 'confirmReceipt', { orderId: o.orderId }, o.openid));
      cloud.clock.advance(8 * 86_400_000);
      await cloud.trigger('jobs', 'settleCommissions');
      const a = expectOk(await call<AfterSale>('order', 'requestRefund', { orderId: o.orderId, lines: [{ skuId: 'tea-1', qty: 1 }], reason: 'damaged' }, o.openid));
      cloud.pay.loseRefundCallbacks = true;
      try {
        expectOk(await call('merchant', 'reviewRefund', { id: a.id, approve: true }, 'boss'));
      } finally {
        cloud.pay.loseRefundCallbacks = false;
      }
      const order = (await orderOf(o.orderId))!;
      const cb = { returnCode: 'SUCCESS', outTradeNo: order.orderNo, outRefundNo: a.id, refundFee: a.amount, totalFee: order.payable, refundStatus: 'SUCCESS', refundId: uid('rf'), successTime: '2026-11-20 10:00:00' };
      return { ...o, afterSaleId: a.id, cb };
    },
    (s) => cloud.payCallback('refundNotify', s.cb),
    (s) => cloud.payCallback('refundNotify', s.cb),
    async (s) => {
      const reversals = (await entriesOf(s.orderId)).filter((e) => e.kind === 'reversal');
      expect(reversals.map((e) => [e.tier, e.status]).sort()).toEqual([[1, 'settled'], [2, 'settled']]);
    },
  );
}, 180_000);

test('dist.withdraw and the merchant\'s answer: a fault anywhere; the money is taken once and paid or returned once', async () => {
  // d1 earns enough to withdraw many times over: one settled order.
  const o = await paidOrder();
  expectOk(await call('merchant', 'shipOrder', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: uid('SF').replace(/[^A-Za-z0-9]/g, '').slice(0, 30) }, 'boss'));
  expectOk(await call('order', 'confirmReceipt', { orderId: o.orderId }, o.openid));
  cloud.clock.advance(8 * 86_400_000);
  await cloud.trigger('jobs', 'settleCommissions');
  await everyStep(
    'withdraw + review',
    async () => ({ approve: seq % 2 === 0 }),
    async (s) => {
      const w = await call<{ id: string }>('dist', 'withdraw', { amount: 100 }, 'd2');
      if (w.ok) await call('merchant', 'reviewWithdrawal', { id: w.data.id, approve: s.approve, note: '核对' }, 'boss');
    },
    async (s) => {
      // Whatever the fault left: answer every pending withdrawal (the merchant's next look at the list).
      const { items } = await cloud.store.find<{ _id: string } & import('../../cloudfunctions/ports/store').Doc>('withdrawals', { status: 'pending' }, { limit: 100 });
      for (const w of items) expectOk(await call('merchant', 'reviewWithdrawal', { id: w._id, approve: s.approve, note: '核对' }, 'boss'));
    },
    async () => expect(await cloud.store.count('withdrawals', { status: 'pending' })).toBe(0),
  );
}, 180_000);

test('withdrawal paid out by WeChat merchant transfer: a fault anywhere in the approval; the retry or syncTransfers pays it once', async () => {
  const o = await paidOrder();
  expectOk(await call('merchant', 'shipOrder', { orderId: o.orderId, carrier: '顺丰速运', trackingNo: uid('SF').replace(/[^A-Za-z0-9]/g, '').slice(0, 30) }, 'boss'));
  expectOk(await call('order', 'confirmReceipt', { orderId: o.orderId }, o.openid));
  cloud.clock.advance(8 * 86_400_000);
  await cloud.trigger('jobs', 'settleCommissions');
  expectOk(await call('merchant', 'saveDistributionSettings', { payout: 'wechat_transfer' }, 'boss'));
  try {
    await everyStep(
      'transfer payout',
      async () => {
        cloud.clock.advance(86_400_000); // a new day: the per-day limit never bites
        return { id: expectOk(await call<{ id: string }>('dist', 'withdraw', { amount: 100 }, 'd2')).id };
      },
      (s) => call('merchant', 'reviewWithdrawal', { id: s.id, approve: true }, 'boss'),
      async (s) => {
        const w = await cloud.store.get<{ status: string } & import('../../cloudfunctions/ports/store').Doc>('withdrawals', s.id);
        if (w!.status === 'pending') expectOk(await call('merchant', 'reviewWithdrawal', { id: s.id, approve: true }, 'boss'));
        // A transfer the fault kept from reaching WeChat Pay is asked for by the next sync (same out_bill_no)...
        cloud.clock.advance(3 * 60_000);
        expectOk(await cloud.trigger('jobs', 'syncTransfers'));
        cloud.payout.confirm(s.id); // ...the distributor confirms in WeChat...
        expect(expectOk(await call<{ status: string }>('dist', 'confirmWithdrawal', { id: s.id }, 'd2')).status).toBe('paid'); // ...and comes back
      },
      async (s) => {
        expect((await cloud.store.get<{ status: string } & import('../../cloudfunctions/ports/store').Doc>('withdrawals', s.id))!.status).toBe('paid');
        expect(cloud.payout.paidTo('d2')).toBe((await cloud.store.get<{ withdrawn: number } & import('../../cloudfunctions/ports/store').Doc>('distributors', 'd2'))!.withdrawn);
      },
    );
  } finally {
    expectOk(await call('merchant', 'saveDistributionSettings', { payout: 'manual' }, 'boss'));
  }
}, 180_000);
