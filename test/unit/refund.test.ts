import fc from 'fast-check';
import { priceOrder } from '../../cloudfunctions/domain/pricing';
import {
  AFTER_SALE_TRANSITIONS, RefundableLine, afterSalesDeadline, canMoveAfterSale, planRefund, refundable, unitsAmount,
} from '../../cloudfunctions/domain/refund';

test('a line is split over its units by largest remainder: the first (payable mod qty) units carry one fen more', () => {
  // 1000 fen for 3 units: 334, 333, 333
  expect([0, 1, 2].map((i) => unitsAmount(1000, 3, i, 1))).toEqual([334, 333, 333]);
  expect(unitsAmount(1000, 3, 0, 3)).toBe(1000);
  expect(unitsAmount(1000, 3, 1, 2)).toBe(666);
  expect(unitsAmount(0, 2, 0, 2)).toBe(0);
  expect(() => unitsAmount(1000, 3, 2, 2)).toThrow(RangeError);
  expect(() => unitsAmount(1000, 0, 0, 0)).toThrow(RangeError);
});

const line = (skuId: string, qty: number, payable: number, refundedQty = 0): RefundableLine => ({ skuId, qty, payable, refundedQty });

test('a plan: chosen units, shipping only when it leaves nothing unrefunded before shipping, and clear refusals', () => {
  const lines = [line('a', 2, 3000), line('b', 1, 999)];
  expect(planRefund({ lines, shipping: 800, shipped: false })).toEqual({
    ok: true, lines: [{ skuId: 'a', qty: 2, amount: 3000 }, { skuId: 'b', qty: 1, amount: 999 }], shippingRefund: 800, amount: 4799, complete: true,
  });
  expect(planRefund({ lines, shipping: 800, shipped: true })).toMatchObject({ ok: true, shippingRefund: 0, amount: 3999 });
  expect(planRefund({ lines, requested: [{ skuId: 'a', qty: 1 }], shipping: 800, shipped: false })).toMatchObject({ ok: true, amount: 1500, complete: false, shippingRefund: 0 });
  // the last units of an order refunded before shipping bring the shipping with them
  const rest = [line('a', 2, 3000, 1), line('b', 1, 999, 1)];
  expect(planRefund({ lines: rest, shipping: 800, shipped: false })).toMatchObject({ ok: true, amount: 2300, complete: true });
  expect(planRefund({ lines, requested: [{ skuId: 'a', qty: 3 }], shipping: 0, shipped: false })).toMatchObject({ ok: false, code: 'REFUND_QTY_EXCEEDED' });
  expect(planRefund({ lines, requested: [{ skuId: 'x', qty: 1 }], shipping: 0, shipped: false })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  expect(planRefund({ lines, requested: [{ skuId: 'a', qty: 1 }, { skuId: 'a', qty: 1 }], shipping: 0, shipped: false })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  expect(planRefund({ lines: [line('a', 1, 100, 1)], shipping: 0, shipped: false })).toMatchObject({ ok: false, code: 'REFUND_NOT_ALLOWED' });
  expect(refundable(rest)).toEqual([{ skuId: 'a', qty: 1, amount: 1500 }, { skuId: 'b', qty: 0, amount: 0 }]);
});

test('after-sale statuses: only the documented moves; nothing leaves a final status', () => {
  expect(canMoveAfterSale('requested', 'approved')).toBe(true);
  expect(canMoveAfterSale('requested', 'refunded')).toBe(false);
  expect(canMoveAfterSale('refunding', 'failed')).toBe(true);
  expect(canMoveAfterSale('failed', 'refunding')).toBe(true);
  for (const s of ['refunded', 'rejected', 'cancelled'] as const) expect(AFTER_SALE_TRANSITIONS[s]).toEqual([]);
  expect(afterSalesDeadline(1000, 7)).toBe(1000 + 7 * 86_400_000);
});

/**
 * Money: random orders priced by the real pricing (a coupon prorated over the lines), refunded by random sequences
 * of partial requests: never more than was paid at any step; exactly what was paid once everything is refunded.
 */
test('property: any sequence of partial refunds of a coupon-prorated order returns exactly what was paid, never more', () => {
  const orderArb = fc.record({
    lines: fc.array(fc.record({ unitPrice: fc.integer({ min: 1, max: 50_000 }), qty: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 5 }),
    amountOff: fc.integer({ min: 0, max: 30_000 }),
    shipping: fc.constantFrom(0, 800),
    shippedAfter: fc.integer({ min: 0, max: 6 }),
    steps: fc.array(fc.array(fc.record({ line: fc.nat(), qty: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 3 }), { maxLength: 8 }),
  });
  fc.assert(fc.property(orderArb, (o) => {
    const priced = priceOrder({
      lines: o.lines.map((l, i) => ({ skuId: `s${i}`, productId: `p${i}`, categoryPath: ['c'], unitPrice: l.unitPrice, qty: l.qty })),
      coupons: o.amountOff > 0 ? [{
        id: 'c1', kind: 'amount_off', threshold: 0, amountOff: o.amountOff, discountBps: null, maxOff: null, scope: { type: 'all' }, validFrom: 0, validTo: 10, usable: true,
      }] : [],
      choice: { mode: 'best' },
      shipping: { flatFee: o.shipping, freeOver: 0 },
      now: 5,
    });
    if (!priced.ok) throw new Error('pricing failed');
    const paid = priced.payable;
    let lines = priced.lines.map((l, i) => line(`s${i}`, o.lines[i].qty, l.payable));
    let refunded = 0;
    let shipped = false;
    const step = (requested: Array<{ skuId: string; qty: number }> | undefined) => {
      const plan = planRefund({ lines, requested, shipping: priced.shipping, shipped });
      if (!plan.ok) return;
      refunded += plan.amount;
      const add = new Map(plan.lines.map((l) => [l.skuId, l.qty]));
      lines = lines.map((l) => ({ ...l, refundedQty: l.refundedQty + (add.get(l.skuId) ?? 0) }));
      expect(refunded).toBeLessThanOrEqual(paid);
    };
    o.steps.forEach((s, i) => {
      if (i === o.shippedAfter) shipped = true;
      step(s.map((r) => ({ skuId: `s${r.line % lines.length}`, qty: r.qty })));
    });
    const shippedBeforeEnd = shipped;
    step(undefined); // whatever is left
    const shippingKept = shippedBeforeEnd ? priced.shipping : 0;
    expect(lines.every((l) => l.refundedQty === l.qty)).toBe(true);
    // Everything back: what was paid, less the shipping when the goods shipped before the last refund.
    expect(refunded === paid || refunded === paid - shippingKept).toBe(true);
    if (!shippedBeforeEnd) expect(refunded).toBe(paid);
  }), { numRuns: 300 });
});
