import fc from 'fast-check';
import {
  evaluateCoupon,
  priceOrder,
  prorate,
  shippingFee,
  shippingOutlook,
  type CouponChoice,
  type PriceCouponInput,
  type PriceInput,
  type PriceLineInput,
  type PriceResult,
  type ShippingRule,
} from '../../cloudfunctions/domain/pricing';
import type { CouponScope } from '../../typings/api';

const NOW = 1_700_000_000_000;
const DAY = 86_400_000;
const NO_SHIPPING: ShippingRule = { flatFee: 0, freeOver: 0 };

const line = (productId: string, unitPrice: number, qty = 1, categoryPath: string[] = ['c-misc']): PriceLineInput => ({
  skuId: `${productId}-sku`,
  productId,
  categoryPath,
  unitPrice,
  qty,
});

const coupon = (id: string, over: Partial<PriceCouponInput> = {}): PriceCouponInput => ({
  id,
  kind: 'amount_off',
  threshold: 0,
  amountOff: 500,
  discountBps: null,
  maxOff: null,
  scope: { type: 'all' },
  validFrom: NOW - DAY,
  validTo: NOW + DAY,
  usable: true,
  ...over,
});

const percent = (id: string, discountBps: number, maxOff: number | null = null, over: Partial<PriceCouponInput> = {}) =>
  coupon(id, { kind: 'percent_off', amountOff: null, discountBps, maxOff, ...over });

const price = (lines: PriceLineInput[], coupons: PriceCouponInput[], choice: CouponChoice = { mode: 'best' }, shipping = NO_SHIPPING) =>
  priceOrder({ lines, coupons, choice, shipping, now: NOW });

function priced(r: PriceResult) {
  if (!r.ok) throw new Error(`expected a priced order, got ${r.reason} for ${r.couponId}`);
  return r;
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('shippingFee', () => {
  test('flat fee below the free-shipping threshold, free at and above it, never free when freeOver is 0', () => {
    const rule = { flatFee: 800, freeOver: 9900 };
    expect(shippingFee(9899, rule)).toBe(800);
    expect(shippingFee(9900, rule)).toBe(0);
    expect(shippingFee(50000, rule)).toBe(0);
    expect(shippingFee(10 ** 9, { flatFee: 800, freeOver: 0 })).toBe(800);
  });

  test('priceOrder charges shipping on the goods subtotal, before the discount', () => {
    const r = priced(price([line('p1', 5000, 2)], [coupon('c1', { amountOff: 1000 })], { mode: 'best' }, { flatFee: 800, freeOver: 9900 }));
    expect(r).toMatchObject({ subtotal: 10000, discount: 1000, shipping: 0, payable: 9000 });
    const short = priced(price([line('p1', 9899)], [], { mode: 'best' }, { flatFee: 800, freeOver: 9900 }));
    expect(short).toMatchObject({ subtotal: 9899, shipping: 800, payable: 10699 });
  });
});

describe('evaluateCoupon', () => {
  const lines = [line('p1', 3000, 2)];
  const ev = (c: PriceCouponInput, ls = lines, now = NOW) => evaluateCoupon(c, ls, sum(ls.map((l) => l.unitPrice * l.qty)), 0, now);

  test('reasons in order: NOT_USABLE before NOT_STARTED before EXPIRED before OUT_OF_SCOPE before BELOW_THRESHOLD', () => {
    const outOfScope: Partial<PriceCouponInput> = { scope: { type: 'products', ids: ['other'] }, threshold: 10 ** 9 };
    expect(ev(coupon('c', { usable: false, validFrom: NOW + 1, ...outOfScope })).reason).toBe('NOT_USABLE');
    expect(ev(coupon('c', { validFrom: NOW + 1, validTo: NOW - 1, ...outOfScope })).reason).toBe('NOT_STARTED');
    expect(ev(coupon('c', { validTo: NOW - 1, ...outOfScope })).reason).toBe('EXPIRED');
    expect(ev(coupon('c', outOfScope)).reason).toBe('OUT_OF_SCOPE');
    expect(ev(coupon('c', { threshold: 10 ** 9 })).reason).toBe('BELOW_THRESHOLD');
  });

  test('an ineligible coupon takes nothing off and says why', () => {
    expect(ev(coupon('c', { usable: false }))).toEqual({
      id: 'c',
      eligible: false,
      reason: 'NOT_USABLE',
      shortBy: 0,
      eligibleSubtotal: 6000,
      discount: 0,
    });
  });

  test('the validity window includes both ends', () => {
    expect(ev(coupon('c', { validFrom: NOW, validTo: NOW })).eligible).toBe(true);
    expect(ev(coupon('c', { validFrom: NOW }), lines, NOW - 1).reason).toBe('NOT_STARTED');
    expect(ev(coupon('c', { validTo: NOW }), lines, NOW + 1).reason).toBe('EXPIRED');
  });

  test('BELOW_THRESHOLD tells how much more eligible goods are needed; the threshold itself is enough', () => {
    expect(ev(coupon('c', { threshold: 6001 }))).toMatchObject({ eligible: false, reason: 'BELOW_THRESHOLD', shortBy: 1, discount: 0 });
    expect(ev(coupon('c', { threshold: 6000 }))).toMatchObject({ eligible: true, reason: null, shortBy: 0, discount: 500 });
  });

  test('the threshold counts only goods in scope', () => {
    const ls = [line('p1', 3000, 1, ['food']), line('p2', 9000, 1, ['toys'])];
    const c = coupon('c', { threshold: 5000, scope: { type: 'categories', ids: ['food'] } });
    expect(ev(c, ls)).toMatchObject({ reason: 'BELOW_THRESHOLD', shortBy: 2000, eligibleSubtotal: 3000 });
  });

  test('amount_off takes its amount off', () => {
    expect(ev(coupon('c', { amountOff: 1234 }))).toMatchObject({ eligible: true, discount: 1234, eligibleSubtotal: 6000 });
  });

  test('percent_off takes the floor of the percentage of the eligible subtotal', () => {
    // 1999 * 15% = 299.85 -> 299
    expect(ev(percent('c', 1500), [line('p1', 1999)]).discount).toBe(299);
    expect(ev(percent('c', 1500), [line('p1', 2000)]).discount).toBe(300);
  });

  test('percent_off is capped at maxOff', () => {
    expect(ev(percent('c', 2000, 1000)).discount).toBe(1000); // 20% of 6000 = 1200
    expect(ev(percent('c', 2000, 1500)).discount).toBe(1200);
  });

  test('percent_off is exact on large orders (no float error)', () => {
    const big = Array.from({ length: 50 }, (_, i) => line(`p${i}`, 10 ** 8 - 1, 99));
    const eligibleSubtotal = 50 * 99 * (10 ** 8 - 1);
    const expected = Number((BigInt(eligibleSubtotal) * 3333n) / 10000n);
    expect(ev(percent('c', 3333), big)).toMatchObject({ eligibleSubtotal, discount: expected });
  });

  test('the discount never exceeds the eligible subtotal', () => {
    const ls = [line('p1', 300), line('p2', 5000)];
    expect(ev(coupon('c', { amountOff: 1000, scope: { type: 'products', ids: ['p1'] } }), ls).discount).toBe(300);
  });

  test('a category scope matches a product of a sub-category through its category path', () => {
    const shoe = line('p-shoe', 4000, 1, ['clothing', 'clothing-shoes']);
    const c = coupon('c', { scope: { type: 'categories', ids: ['clothing'] } });
    expect(ev(c, [shoe])).toMatchObject({ eligible: true, eligibleSubtotal: 4000 });
    const leafOnly = coupon('c', { scope: { type: 'categories', ids: ['clothing-shoes'] } });
    expect(ev(leafOnly, [line('p-shirt', 4000, 1, ['clothing', 'clothing-shirts'])]).reason).toBe('OUT_OF_SCOPE');
  });

  test('a product scope matches by product id', () => {
    const ls = [line('p1', 1000), line('p2', 2000), line('p3', 4000)];
    expect(ev(coupon('c', { scope: { type: 'products', ids: ['p1', 'p3'] } }), ls)).toMatchObject({ eligible: true, eligibleSubtotal: 5000 });
  });

  test('an empty cart is out of every scope', () => {
    expect(ev(coupon('c'), []).reason).toBe('OUT_OF_SCOPE');
  });
});

describe('priceOrder', () => {
  test('the 1-fen floor: a 100-fen order with a 500-fen coupon pays 1 fen', () => {
    const r = priced(price([line('p1', 100)], [coupon('c1', { amountOff: 500 })]));
    expect(r).toMatchObject({ subtotal: 100, discount: 99, shipping: 0, payable: 1, couponId: 'c1' });
    expect(r.lines[0]).toMatchObject({ amount: 100, discount: 99, payable: 1 });
  });

  test('with shipping to pay, the coupon may take off all the goods', () => {
    const r = priced(price([line('p1', 100)], [coupon('c1', { amountOff: 500 })], { mode: 'best' }, { flatFee: 800, freeOver: 0 }));
    expect(r).toMatchObject({ subtotal: 100, discount: 100, shipping: 800, payable: 800 });
  });

  test('the discount is prorated over the eligible lines by amount; other lines get nothing', () => {
    const lines = [line('a', 1000, 1, ['food']), line('b', 5000, 1, ['toys']), line('c', 1000, 2, ['food', 'snacks'])];
    const r = priced(price(lines, [coupon('c1', { amountOff: 1000, scope: { type: 'categories', ids: ['food'] } })]));
    expect(r.lines.map((l) => [l.amount, l.discount, l.payable])).toEqual([
      [1000, 333, 667],
      [5000, 0, 5000],
      [2000, 667, 1333],
    ]);
    expect(r).toMatchObject({ subtotal: 8000, discount: 1000, payable: 7000 });
  });

  test('line rounding goes to the largest remainder, ties to the earlier line', () => {
    const r = priced(price([line('a', 100), line('b', 100), line('c', 100)], [coupon('c1', { amountOff: 100 })]));
    expect(r.lines.map((l) => l.discount)).toEqual([34, 33, 33]);
  });

  describe('best coupon', () => {
    test('the largest discount wins', () => {
      const lines = [line('p1', 10000)];
      const r = priced(price(lines, [coupon('a', { amountOff: 500 }), percent('b', 1000), coupon('c', { amountOff: 2000, threshold: 20000 })]));
      expect(r.couponId).toBe('b');
      expect(r.discount).toBe(1000);
    });

    test('equal discounts: the one expiring soonest wins, then the smallest id', () => {
      const lines = [line('p1', 10000)];
      const later = coupon('a', { validTo: NOW + 2 * DAY });
      const sooner = coupon('z', { validTo: NOW + DAY });
      expect(priced(price(lines, [later, sooner])).couponId).toBe('z');
      expect(priced(price(lines, [sooner, later])).couponId).toBe('z');
      const twinB = coupon('b');
      const twinA = coupon('a');
      expect(priced(price(lines, [twinB, twinA])).couponId).toBe('a');
    });

    test('no eligible coupon: no coupon, full price', () => {
      const r = priced(price([line('p1', 1000)], [coupon('a', { usable: false }), coupon('b', { threshold: 5000 })]));
      expect(r).toMatchObject({ couponId: null, discount: 0, payable: 1000 });
      expect(r.lines[0].discount).toBe(0);
    });

    test('a coupon that would take nothing off is not spent', () => {
      const r = priced(price([line('p1', 1)], [coupon('a')]));
      expect(r.coupons[0]).toMatchObject({ id: 'a', eligible: false, reason: 'NO_DISCOUNT', discount: 0 });
      expect(r).toMatchObject({ couponId: null, discount: 0, payable: 1 });
    });
  });

  test('choice none applies nothing but still evaluates every coupon', () => {
    const r = priced(price([line('p1', 10000)], [coupon('a'), coupon('b', { usable: false })], { mode: 'none' }));
    expect(r).toMatchObject({ couponId: null, discount: 0, payable: 10000 });
    expect(r.coupons.map((c) => [c.id, c.eligible, c.discount])).toEqual([
      ['a', true, 500],
      ['b', false, 0],
    ]);
  });

  test('the coupon list: eligible by discount desc, validTo asc, id asc; then ineligible by id', () => {
    const coupons = [
      coupon('i-z', { usable: false }),
      coupon('e-small', { amountOff: 100 }),
      coupon('i-a', { validTo: NOW - 1 }),
      coupon('e-b', { amountOff: 300 }),
      coupon('e-a', { amountOff: 300 }),
      coupon('e-soon', { amountOff: 300, validTo: NOW + 1 }),
      coupon('e-big', { amountOff: 900 }),
      coupon('e-zero', { amountOff: 0, validTo: NOW + 9 * DAY }),
    ];
    const r = priced(price([line('p1', 10000)], coupons));
    expect(r.coupons.map((c) => c.id)).toEqual(['e-big', 'e-soon', 'e-a', 'e-b', 'e-small', 'e-zero', 'i-a', 'i-z']);
    expect(r.couponId).toBe('e-big');
  });

  describe('explicit coupon id', () => {
    const lines = [line('p1', 10000)];

    test('applies that coupon even when another is better', () => {
      const r = priced(price(lines, [coupon('small', { amountOff: 100 }), coupon('big', { amountOff: 900 })], { mode: 'id', id: 'small' }));
      expect(r).toMatchObject({ couponId: 'small', discount: 100, payable: 9900 });
    });

    test('a coupon chosen explicitly that would take 0 fen off is refused with NO_DISCOUNT, not spent', () => {
      expect(price(lines, [coupon('zero', { amountOff: 0 })], { mode: 'id', id: 'zero' })).toEqual({ ok: false, code: 'COUPON_UNAVAILABLE', couponId: 'zero', reason: 'NO_DISCOUNT' });
      // 5% off a 10-fen order floors to 0 fen.
      const tiny = [line('p1', 10)];
      expect(price(tiny, [percent('pct', 500, null, { threshold: 0 })], { mode: 'id', id: 'pct' })).toMatchObject({ ok: false, reason: 'NO_DISCOUNT' });
    });

    test('an ineligible coupon fails with its reason', () => {
      const coupons = [coupon('old', { validTo: NOW - 1 }), coupon('far', { threshold: 20000 }), coupon('ok')];
      expect(price(lines, coupons, { mode: 'id', id: 'old' })).toEqual({ ok: false, code: 'COUPON_UNAVAILABLE', couponId: 'old', reason: 'EXPIRED' });
      expect(price(lines, coupons, { mode: 'id', id: 'far' })).toEqual({
        ok: false,
        code: 'COUPON_UNAVAILABLE',
        couponId: 'far',
        reason: 'BELOW_THRESHOLD',
      });
    });

    test('an id not among the inputs fails as UNKNOWN_COUPON', () => {
      expect(price(lines, [coupon('ok')], { mode: 'id', id: 'nope' })).toEqual({
        ok: false,
        code: 'COUPON_UNAVAILABLE',
        couponId: 'nope',
        reason: 'UNKNOWN_COUPON',
      });
    });
  });
});

describe('prorate', () => {
  test('largest remainder, ties to the earlier index', () => {
    expect(prorate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(prorate(100, [50, 30, 20])).toEqual([50, 30, 20]);
    expect(prorate(7, [1, 2, 4])).toEqual([1, 2, 4]);
    expect(prorate(5, [3, 3, 1])).toEqual([2, 2, 1]); // quotas 2.14, 2.14, 0.71
    expect(prorate(1, [0, 5, 5])).toEqual([0, 1, 0]);
  });

  test('all-zero weights: zeros for a zero total, RangeError otherwise', () => {
    expect(prorate(0, [0, 0])).toEqual([0, 0]);
    expect(prorate(0, [])).toEqual([]);
    expect(() => prorate(1, [0, 0])).toThrow(RangeError);
    expect(() => prorate(1, [])).toThrow(RangeError);
  });

  test('negative or fractional numbers throw RangeError', () => {
    expect(() => prorate(-1, [1])).toThrow(RangeError);
    expect(() => prorate(1.5, [1])).toThrow(RangeError);
    expect(() => prorate(1, [1, -1])).toThrow(RangeError);
    expect(() => prorate(1, [0.5])).toThrow(RangeError);
    expect(() => prorate(Number.NaN, [1])).toThrow(RangeError);
  });

  test('exact on amounts beyond float precision of the products', () => {
    const weights = [495_000_000_000 - 1, 495_000_000_000 - 2, 3];
    const total = 333_333_333_333;
    const shares = prorate(total, weights);
    expect(sum(shares)).toBe(total);
    const s = BigInt(sum(weights));
    shares.forEach((x, i) => {
      const exact = BigInt(total) * BigInt(weights[i]);
      expect(BigInt(x) * s < exact + s && BigInt(x) * s + s > exact).toBe(true);
    });
  });

  const weightsArb = fc.array(fc.nat({ max: 10 ** 9 }), { minLength: 1, maxLength: 20 }).filter((ws) => ws.some((w) => w > 0));

  test('property: non-negative shares summing exactly to the total, each within one unit of its exact quota', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), weightsArb, (total, weights) => {
        const shares = prorate(total, weights);
        const s = BigInt(sum(weights));
        const exact = weights.map((w) => BigInt(total) * BigInt(w));
        return (
          shares.length === weights.length &&
          sum(shares) === total &&
          shares.every((x, i) => Number.isSafeInteger(x) && x >= 0 && BigInt(x) * s < exact[i] + s && BigInt(x) * s + s > exact[i])
        );
      }),
    );
  });

  test('property: no share above its weight when the total does not exceed the weights', () => {
    fc.assert(
      fc.property(weightsArb, fc.double({ min: 0, max: 1, noNaN: true }), (weights, f) => {
        const total = Math.floor(sum(weights) * f);
        return prorate(total, weights).every((x, i) => x <= weights[i]);
      }),
    );
  });

  test('property: monotone in weights - a heavier weight never gets less, raising a weight never lowers its share', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 6 }), weightsArb, fc.nat(), fc.integer({ min: 1, max: 10 ** 6 }), (total, weights, k, bump) => {
        const shares = prorate(total, weights);
        const ordered = weights.every((w, i) => weights.every((v, j) => !(w > v) || shares[i] >= shares[j]));
        const i = k % weights.length;
        const raised = weights.map((w, j) => (j === i ? w + bump : w));
        return ordered && prorate(total, raised)[i] >= shares[i];
      }),
    );
  });
});

describe('priceOrder properties', () => {
  const products = ['p1', 'p2', 'p3', 'p4'];
  const categories = ['c1', 'c1-a', 'c2', 'c2-a'];
  const ids = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
  const inScope = (scope: CouponScope, l: PriceLineInput) =>
    scope.type === 'all' || (scope.type === 'products' ? scope.ids.includes(l.productId) : l.categoryPath.some((c) => scope.ids.includes(c)));

  const lineArb: fc.Arbitrary<PriceLineInput> = fc.record({
    skuId: fc.constantFrom('s1', 's2', 's3'),
    productId: fc.constantFrom(...products),
    categoryPath: fc.constantFrom(['c1'], ['c1', 'c1-a'], ['c2'], ['c2', 'c2-a']),
    unitPrice: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 10 ** 8 })),
    qty: fc.integer({ min: 1, max: 99 }),
  });

  const scopeArb = fc.oneof(
    fc.constant({ type: 'all' as const }),
    fc.record({ type: fc.constant('categories' as const), ids: fc.subarray(categories) }),
    fc.record({ type: fc.constant('products' as const), ids: fc.subarray(products) }),
  );

  const money = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10 ** 10 }));

  const couponArb = (id: string): fc.Arbitrary<PriceCouponInput> =>
    fc
      .record({
        kind: fc.constantFrom('amount_off' as const, 'percent_off' as const),
        threshold: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 ** 8 }), money),
        amount: money,
        discountBps: fc.integer({ min: 0, max: 10000 }),
        maxOff: fc.option(money),
        scope: scopeArb,
        validFrom: fc.integer({ min: NOW - 3, max: NOW + 1 }),
        validTo: fc.integer({ min: NOW - 1, max: NOW + 3 }),
        usable: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
      })
      .map(({ amount, ...c }) => ({
        id,
        ...c,
        amountOff: c.kind === 'amount_off' ? amount : null,
        discountBps: c.kind === 'percent_off' ? c.discountBps : null,
        maxOff: c.kind === 'percent_off' ? c.maxOff : null,
      }));

  const couponsArb = fc.subarray(ids).chain((picked) => fc.tuple(...picked.map(couponArb)));

  const choiceArb: fc.Arbitrary<CouponChoice> = fc.oneof(
    { arbitrary: fc.constant({ mode: 'best' as const }), weight: 3 },
    { arbitrary: fc.constant({ mode: 'none' as const }), weight: 1 },
    { arbitrary: fc.record({ mode: fc.constant('id' as const), id: fc.constantFrom(...ids, 'unknown') }), weight: 2 },
  );

  const runs = { numRuns: 300 };
  const inputArb: fc.Arbitrary<PriceInput> = fc.record({
    lines: fc.array(lineArb, { maxLength: 8 }),
    coupons: couponsArb,
    choice: choiceArb,
    shipping: fc.record({ flatFee: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 })), freeOver: money }),
    now: fc.constant(NOW),
  });

  test('property: a failure is only ever an explicit id that is unknown or ineligible, with the same reason as the list', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceOrder(input);
        if (r.ok) return input.choice.mode !== 'id' || r.couponId === input.choice.id;
        const choice = input.choice;
        if (choice.mode !== 'id' || r.couponId !== choice.id) return false;
        const found = input.coupons.find((c) => c.id === choice.id);
        if (found === undefined) return r.reason === 'UNKNOWN_COUPON';
        return priced(priceOrder({ ...input, choice: { mode: 'none' } })).coupons.some((e) => e.id === choice.id && !e.eligible && e.reason === r.reason);
      }),
      runs,
    );
  });

  test('property: line payables plus shipping sum to the payable; line discounts sum to the discount', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceOrder(input);
        fc.pre(r.ok);
        const ok = priced(r);
        return (
          sum(ok.lines.map((l) => l.payable)) + ok.shipping === ok.payable &&
          sum(ok.lines.map((l) => l.discount)) === ok.discount &&
          ok.subtotal - ok.discount + ok.shipping === ok.payable &&
          ok.lines.every((l, i) => l.amount === input.lines[i].unitPrice * input.lines[i].qty && l.payable === l.amount - l.discount)
        );
      }),
      runs,
    );
  });

  test('property: each line discount is between 0 and its amount; lines outside the coupon scope get 0', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceOrder(input);
        fc.pre(r.ok);
        const ok = priced(r);
        const scope = input.coupons.find((c) => c.id === ok.couponId)?.scope;
        return ok.lines.every((l) => l.discount >= 0 && l.discount <= l.amount && (l.discount === 0 || (scope !== undefined && inScope(scope, l))));
      }),
      runs,
    );
  });

  test('property: the discount never exceeds the eligible subtotal of the applied coupon; no coupon, no discount', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceOrder(input);
        fc.pre(r.ok);
        const ok = priced(r);
        if (ok.couponId === null) return ok.discount === 0;
        const ev = ok.coupons.find((c) => c.id === ok.couponId);
        return ev !== undefined && ev.eligible && ok.discount === ev.discount && ok.discount <= ev.eligibleSubtotal;
      }),
      runs,
    );
  });

  test('property: payable is never negative, and at least 1 fen when some line costs something', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = priceOrder(input);
        fc.pre(r.ok);
        const ok = priced(r);
        const somethingPriced = input.lines.some((l) => l.unitPrice >= 1 && l.qty >= 1);
        return ok.payable >= 0 && (!somethingPriced || ok.payable >= 1) && ok.lines.every((l) => l.payable >= 0);
      }),
      runs,
    );
  });

  test('property: best takes the largest discount on the list', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const ok = priced(priceOrder({ ...input, choice: { mode: 'best' } }));
        const top = Math.max(0, ...ok.coupons.filter((c) => c.eligible).map((c) => c.discount));
        return ok.discount === top && (ok.couponId === null) === (top === 0) && (ok.couponId === null || ok.coupons[0].id === ok.couponId);
      }),
      runs,
    );
  });

  test('property: deterministic - same input, same result; shuffled coupons, same coupon, totals and list', () => {
    const withShuffle = inputArb.chain((input) =>
      fc.tuple(fc.constant(input), fc.shuffledSubarray(input.coupons, { minLength: input.coupons.length, maxLength: input.coupons.length })),
    );
    fc.assert(
      fc.property(withShuffle, ([input, shuffled]) => {
        const a = priceOrder(input);
        expect(priceOrder(structuredClone(input))).toEqual(a);
        const b = priceOrder({ ...input, coupons: shuffled });
        expect(b).toEqual(a);
      }),
      runs,
    );
  });
});

describe('shippingOutlook (the cart\'s "还差 ¥x 免运费")', () => {
  test('how much more makes shipping free, and nothing to say when it is free or never free', () => {
    const rule = { flatFee: 800, freeOver: 9900 };
    expect(shippingOutlook(0, rule)).toEqual({ fee: 800, freeOver: 9900, shortBy: 9900 });
    expect(shippingOutlook(3980, rule)).toEqual({ fee: 800, freeOver: 9900, shortBy: 5920 });
    expect(shippingOutlook(9899, rule)).toEqual({ fee: 800, freeOver: 9900, shortBy: 1 });
    expect(shippingOutlook(9900, rule)).toEqual({ fee: 0, freeOver: 9900, shortBy: 0 });
    expect(shippingOutlook(100, { flatFee: 800, freeOver: 0 })).toEqual({ fee: 800, freeOver: 0, shortBy: 0 });
    expect(shippingOutlook(100, { flatFee: 0, freeOver: 9900 })).toEqual({ fee: 0, freeOver: 9900, shortBy: 0 });
  });

  test('shortBy is exactly what the fee asks for: adding it makes the fee 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1_000_000 }), (subtotal, flatFee, freeOver) => {
        const rule = { flatFee, freeOver };
        const o = shippingOutlook(subtotal, rule);
        expect(o.fee).toBe(shippingFee(subtotal, rule));
        if (o.shortBy > 0) {
          expect(shippingFee(subtotal + o.shortBy, rule)).toBe(0);
          expect(shippingFee(subtotal + o.shortBy - 1, rule)).toBe(flatFee);
        }
      }),
    );
  });
});
