/**
 * The ledger as a property, through the local cloud: over random sequences of paid orders (two tiers, coupons, every
 * rate source), partial refunds before and after settlement, completions and settlement runs, every distributor's
 * balances equal the sums of their entries, and what each order line finally earns each tier is exactly the rate on
 * what is finally paid for it (domain lineCommission at its final refunded quantity) - never more.
 */
import fc from 'fast-check';
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import type { LedgerEntryRecord, OrderRecord } from '../../cloudfunctions/app/records';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import { lineCommission } from '../../cloudfunctions/domain/distribution';
import type { AfterSale, PrepayResult } from '../../typings/api';
import { SHOP, T0, addAddress, expectOk, giveCoupon } from './support/commerce';
import { testCloud } from './support/test-cloud';
import { ledgerViolations } from '../support/invariants';

const DAY = 86_400_000;
const FIXTURE: FixtureInput = {
  ...SHOP,
  products: [
    ...SHOP.products!,
    { id: 'lamp', categoryId: 'digital', title: '台灯', images: ['/static/img/l.svg'], commission: { tier1Bps: 1500, tier2Bps: 500 }, skus: [{ id: 'lamp-1', specs: {}, price: 12_345, stock: 100_000 }] },
    { id: 'mug', categoryId: 'food', title: '马克杯', images: ['/static/img/m.svg'], skus: [{ id: 'mug-1', specs: {}, price: 3_999, stock: 100_000, commission: { tier1Fen: 777, tier2Fen: 111 } }] },
  ],
  users: [...SHOP.users!, { openid: 'd1', roles: ['distributor'] }, { openid: 'd2', roles: ['distributor'], inviter: 'd1', level: 'gold' }],
  distributionLevels: [{ id: 'gold', name: '金牌', tier1Bps: 1234, tier2Bps: 456 }],
  settings: { ...SHOP.settings, afterSalesDays: 30, distribution: { enabled: true, tier1Bps: 1000, tier2Bps: 300, settleDays: 3 } },
};
const SKUS = ['lamp-1', 'mug-1', 'cable-1'];

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await testCloud({ seed: FIXTURE });
  cloud.clock.set(T0);
}, 60_000);
afterAll(() => cloud.close());

let n = 0;
/** What the runs exercised (so the property cannot pass by doing nothing). */
const seen = { orders: 0, refunds: 0, settled: 0 };
const call = <T>(fn: string, action: string, data: unknown, openid: string) => cloud.call<T>(fn, { action, data }, openid);

type Step =
  | { kind: 'order'; lines: Array<{ sku: number; qty: number }>; coupon: number }
  | { kind: 'refund'; order: number; line: number; qty: number }
  | { kind: 'complete'; order: number }
  | { kind: 'settle'; days: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('order' as const), lines: fc.uniqueArray(fc.record({ sku: fc.integer({ min: 0, max: 2 }), qty: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3, selector: (l) => l.sku }), coupon: fc.constantFrom(0, 0, 999, 3000) }),
  fc.record({ kind: fc.constant('refund' as const), order: fc.nat(), line: fc.nat(), qty: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('complete' as const), order: fc.nat() }),
  fc.record({ kind: fc.constant('settle' as const), days: fc.integer({ min: 0, max: 5 }) }),
);

async function run(steps: Step[]): Promise<string[]> {
  const orders: string[] = [];
  const shopper = `prop-${++n}`;
  await cloud.store.insert('bindings', { _id: shopper, distributor: 'd2', since: cloud.clock.now(), via: null, updatedAt: cloud.clock.now() });
  const addr = await addAddress(cloud, shopper);
  for (const s of steps) {
    if (s.kind === 'order') {
      const now = cloud.clock.now();
      const couponId = s.coupon ? await giveCoupon(cloud, shopper, { threshold: 0, amountOff: s.coupon, validFrom: now - DAY, validTo: now + 365 * DAY }) : null;
      const o = await call<{ orderId: string }>('order', 'create', { items: s.lines.map((l) => ({ skuId: SKUS[l.sku], qty: l.qty })), addressId: addr, couponId, requestId: `prop-order-${++n}` }, shopper);
      if (!o.ok) continue;
      const p = expectOk(await call<PrepayResult>('pay', 'prepay', { orderId: o.data.orderId }, shopper));
      if (p.mode === 'sandbox') await cloud.payCallback('payNotify', p.callback);
      orders.push(o.data.orderId);
      seen.orders++;
    } else if (s.kind === 'refund' && orders.length) {
      const o = (await cloud.store.get<OrderRecord>('orders', orders[s.order % orders.length]))!;
      const line = o.lines[s.line % o.lines.length];
      const a = await call<AfterSale>('order', 'requestRefund', { orderId: o._id, lines: [{ skuId: line.skuId, qty: s.qty }], reason: 'other' }, shopper);
      if (!a.ok) continue; // more than is left, or nothing left: refused, nothing changes
      expectOk(await call('merchant', 'reviewRefund', { id: a.data.id, approve: true }, 'boss'));
      await cloud.settled();
      seen.refunds++;
    } else if (s.kind === 'complete' && orders.length) {
      const id = orders[s.order % orders.length];
      const o = (await cloud.store.get<OrderRecord>('orders', id))!;
      if (o.status === 'paid' && !o.openAfterSaleId) {
        expectOk(await call('merchant', 'shipOrder', { orderId: id, carrier: '顺丰速运', trackingNo: `SF${++n}0000` }, 'boss'));
        expectOk(await call('order', 'confirmReceipt', { orderId: id }, shopper));
      }
    } else if (s.kind === 'settle') {
      cloud.clock.advance(s.days * DAY);
      seen.settled += (expectOk(await cloud.trigger('jobs', 'settleCommissions')) as { settled: number }).settled;
    }
  }
  return orders;
}

test('property: balances equal the sums of entries; each line earns exactly the rate on what is finally paid', async () => {
  // Every sequence starts with an order, so each run has money to move (the coverage checks below stay meaningful).
  const firstOrder = step.filter((s) => s.kind === 'order');
  await fc.assert(fc.asyncProperty(firstOrder, fc.array(step, { minLength: 1, maxLength: 10 }), async (first, rest) => {
    const orders = await run([first, ...rest]);
    expect(await ledgerViolations(cloud.store)).toEqual([]);
    for (const id of orders) {
      const o = (await cloud.store.get<OrderRecord>('orders', id))!;
      const { items } = await cloud.store.find<LedgerEntryRecord>('ledger_entries', { orderId: id }, { limit: 100 });
      for (const [i, line] of o.lines.entries()) {
        const rates = o.attribution!.rates[i];
        for (const tier of [1, 2] as const) {
          const rate = tier === 1 ? rates.tier1 : rates.tier2;
          const net = items.filter((e) => e.skuId === line.skuId && e.tier === tier).reduce((s, e) => s + e.amount, 0);
          const want = rate ? lineCommission(rate, { payable: line.payable, qty: line.qty }, line.refundedQty ?? 0) : 0;
          expect(net).toBe(want);
        }
      }
    }
  }), { numRuns: 12 });
  expect(seen.orders).toBeGreaterThan(5);
  expect(seen.refunds).toBeGreaterThan(0);
  expect(seen.settled).toBeGreaterThan(0);
  expect(await cloud.store.count('ledger_entries', { kind: 'reversal', status: 'settled' })).toBeGreaterThan(0); // a clawback after settlement
}, 240_000);
