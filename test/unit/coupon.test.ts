/** Coupon rules (domain/coupon), the fixture's coupon template checks, and the demo shop's templates. */
import {
  DAY_MS, centerState, claimCounterId, claimWindow, couponRuleProblems, couponWindowProblems, endOfShanghaiDay, templateEnded,
} from '../../cloudfunctions/domain/coupon';
import { DEMO_SHOP } from '../../cloudfunctions/local/demo-shop';
import { Fixture } from '../../cloudfunctions/local/fixture';
import { fixtureProblems } from '../../cloudfunctions/local/seed';

const sh = (iso: string) => Date.parse(`${iso}+08:00`);

describe('endOfShanghaiDay', () => {
  test.each([
    ['2026-06-01T00:00:00.000', '2026-06-01T23:59:59.999'],
    ['2026-06-01T10:00:00.000', '2026-06-01T23:59:59.999'],
    ['2026-06-01T23:59:59.999', '2026-06-01T23:59:59.999'],
    ['2026-06-02T00:00:00.000', '2026-06-02T23:59:59.999'],
    // 07:59 in Shanghai is still the previous UTC day: the Shanghai day decides.
    ['2026-06-02T07:59:00.000', '2026-06-02T23:59:59.999'],
    ['2026-12-31T20:00:00.000', '2026-12-31T23:59:59.999'],
  ])('%s -> %s', (t, end) => {
    expect(endOfShanghaiDay(sh(t))).toBe(sh(end));
  });
});

describe('claimWindow', () => {
  test('a fixed window is kept as it is', () => {
    expect(claimWindow({ validFrom: 100, validTo: 200, validDays: null }, 150)).toEqual({ validFrom: 100, validTo: 200 });
    expect(claimWindow({ validFrom: 100, validTo: 200, validDays: null }, 50)).toEqual({ validFrom: 100, validTo: 200 });
  });
  test('validDays: from the claim to the end of the Shanghai day validDays later', () => {
    const now = sh('2026-06-01T10:00:00.000');
    expect(claimWindow({ validFrom: null, validTo: null, validDays: 7 }, now)).toEqual({ validFrom: now, validTo: sh('2026-06-08T23:59:59.999') });
    expect(claimWindow({ validFrom: null, validTo: null, validDays: 1 }, sh('2026-06-01T23:30:00.000')).validTo).toBe(sh('2026-06-02T23:59:59.999'));
    // Always at least validDays * 24 h.
    for (const t of [sh('2026-06-01T00:00:00.000'), sh('2026-06-01T23:59:59.999'), sh('2026-06-01T07:59:00.000')]) {
      expect(claimWindow({ validFrom: null, validTo: null, validDays: 3 }, t).validTo - t).toBeGreaterThanOrEqual(3 * DAY_MS - 1);
    }
  });
});

test('templateEnded: only fixed windows end, on the same boundary as coupon expiry (now > validTo)', () => {
  expect(templateEnded({ validTo: 1000, validDays: null }, 1000)).toBe(false);
  expect(templateEnded({ validTo: 1000, validDays: null }, 1001)).toBe(true);
  expect(templateEnded({ validTo: null, validDays: 7 }, Number.MAX_SAFE_INTEGER)).toBe(false);
});

describe('centerState', () => {
  test.each([
    [{ total: 10, claimed: 0, perUserLimit: 1 }, 0, 'claimable', 1],
    [{ total: 10, claimed: 3, perUserLimit: 3 }, 1, 'claimable', 2],
    [{ total: 10, claimed: 9, perUserLimit: 3 }, 1, 'claimable', 1],
    [{ total: 10, claimed: 3, perUserLimit: 2 }, 2, 'claimed', 0],
    [{ total: 10, claimed: 10, perUserLimit: 2 }, 0, 'sold_out', 0],
    [{ total: 10, claimed: 10, perUserLimit: 1 }, 1, 'sold_out', 0],
  ] as const)('%o mine=%d -> %s (%d left)', (t, mine, state, remaining) => {
    expect(centerState(t, mine)).toEqual({ state, remainingForMe: remaining });
  });
});

test('claimCounterId', () => {
  expect(claimCounterId('t-1', 'oAbc')).toBe('t-1:oAbc');
});

describe('couponRuleProblems', () => {
  test('consistent rules pass', () => {
    expect(couponRuleProblems({ kind: 'amount_off', threshold: 0, amountOff: 2000 })).toEqual([]);
    expect(couponRuleProblems({ kind: 'amount_off', threshold: 19900, amountOff: 3000, discountBps: null, maxOff: null })).toEqual([]);
    expect(couponRuleProblems({ kind: 'percent_off', threshold: 0, discountBps: 1000 })).toEqual([]);
    expect(couponRuleProblems({ kind: 'percent_off', threshold: 9900, discountBps: 9999, maxOff: 5000 })).toEqual([]);
  });
  test('inconsistent rules are named', () => {
    expect(couponRuleProblems({ kind: 'amount_off', threshold: 0 })).toEqual(['amount_off needs amountOff (fen, >= 1)']);
    expect(couponRuleProblems({ kind: 'amount_off', threshold: 0, amountOff: 100, discountBps: 10, maxOff: 5 })).toEqual([
      'amount_off takes no discountBps', 'amount_off takes no maxOff',
    ]);
    expect(couponRuleProblems({ kind: 'percent_off', threshold: 0, amountOff: 100, discountBps: 1000 })).toEqual(['percent_off takes no amountOff']);
    expect(couponRuleProblems({ kind: 'percent_off', threshold: 0, discountBps: 0 })).toEqual(['percent_off needs discountBps 1..9999']);
    expect(couponRuleProblems({ kind: 'percent_off', threshold: 0, discountBps: 10000 })).toEqual(['percent_off needs discountBps 1..9999']);
    expect(couponRuleProblems({ kind: 'percent_off', threshold: -1, discountBps: 100, maxOff: 0 })).toEqual(['maxOff must be >= 1 fen', 'threshold must be >= 0 fen']);
  });
});

describe('couponWindowProblems', () => {
  test('exactly one form', () => {
    expect(couponWindowProblems({ validFrom: 1, validTo: 2 })).toEqual([]);
    expect(couponWindowProblems({ validDays: 1 })).toEqual([]);
    expect(couponWindowProblems({ validDays: 365, validFrom: null, validTo: null })).toEqual([]);
    expect(couponWindowProblems({ validFrom: 1, validTo: 2, validDays: 7 })).toEqual(['give either validFrom + validTo or validDays, not both']);
    expect(couponWindowProblems({ validTo: 2, validDays: 7 })).toEqual(['give either validFrom + validTo or validDays, not both']);
    expect(couponWindowProblems({})).toEqual(['give validFrom + validTo or validDays']);
    expect(couponWindowProblems({ validFrom: 1 })).toEqual(['a fixed window needs both validFrom and validTo']);
    expect(couponWindowProblems({ validFrom: 2, validTo: 2 })).toEqual(['validTo must be after validFrom']);
    expect(couponWindowProblems({ validDays: 0 })).toEqual(['validDays must be 1..365']);
    expect(couponWindowProblems({ validDays: 366 })).toEqual(['validDays must be 1..365']);
  });
});

describe('fixture coupon templates', () => {
  const base = {
    categories: [{ id: 'c', name: 'C' }],
    products: [{ id: 'p', categoryId: 'c', title: 't', images: ['/x'], skus: [{ id: 's', specs: {}, price: 1, stock: 1 }] }],
  };
  const t = { id: 't', name: '券', kind: 'amount_off' as const, threshold: 0, amountOff: 100, scope: { type: 'all' as const }, validDays: 7, total: 10, perUserLimit: 1 };

  test('couponTemplates defaults to []', () => {
    expect(Fixture.parse({}).couponTemplates).toEqual([]);
  });

  test('fixtureProblems names unknown scope ids, both window forms, amountOff on percent_off, duplicates', () => {
    const f = Fixture.parse({
      ...base,
      couponTemplates: [
        { ...t, id: 'a', scope: { type: 'categories', ids: ['c', 'zz'] } },
        { ...t, id: 'b', scope: { type: 'products', ids: ['p', 'ghost', 'p'] } },
        { ...t, id: 'w', validFrom: 1, validTo: 2 },
        { ...t, id: 'k', kind: 'percent_off', discountBps: 1000 },
        { ...t, id: 'ok1', scope: { type: 'products', ids: ['p'] } },
        { ...t, id: 'ok1' },
      ],
    });
    expect(fixtureProblems(f)).toEqual([
      'coupon template a: unknown scope category zz',
      'coupon template b: unknown scope product ghost',
      'coupon template b: duplicate scope ids',
      'coupon template w: give either validFrom + validTo or validDays, not both',
      'coupon template k: percent_off takes no amountOff',
      'duplicate coupon template id ok1',
    ]);
  });

  test('the schema refuses unknown keys, a bad scope type and out-of-range numbers', () => {
    expect(Fixture.safeParse({ ...base, couponTemplates: [{ ...t, claimed: 1 }] }).success).toBe(false);
    expect(Fixture.safeParse({ ...base, couponTemplates: [{ ...t, scope: { type: 'brands', ids: ['x'] } }] }).success).toBe(false);
    expect(Fixture.safeParse({ ...base, couponTemplates: [{ ...t, scope: { type: 'all', ids: ['c'] } }] }).success).toBe(false);
    expect(Fixture.safeParse({ ...base, couponTemplates: [{ ...t, total: 10_000_001 }] }).success).toBe(false);
    expect(Fixture.safeParse({ ...base, couponTemplates: [{ ...t, perUserLimit: 0 }] }).success).toBe(false);
    expect(Fixture.safeParse({ ...base, couponTemplates: [{ ...t, amountOff: 1.5 }] }).success).toBe(false);
    expect(Fixture.safeParse({ ...base, couponTemplates: [{ ...t, id: 'a b' }] }).success).toBe(false);
    expect(Fixture.safeParse({ ...base, couponTemplates: [t] }).success).toBe(true);
  });
});

describe('the demo shop coupon templates', () => {
  const shop = Fixture.parse(DEMO_SHOP);
  test('five center templates and two live-only ones (a live coupon and the lottery prize), all consistent with the shop', () => {
    expect(shop.couponTemplates.filter((t) => !t.liveOnly)).toHaveLength(5);
    expect(shop.couponTemplates.filter((t) => t.liveOnly).map((t) => t.id)).toEqual(['c-live-30', 'c-live-prize-100']);
    expect(fixtureProblems(shop)).toEqual([]);
  });
  test('cover new-user, threshold, category percent, product and sold-out-able coupons', () => {
    const ts = shop.couponTemplates;
    expect(ts.some((t) => t.newUserOnly && t.threshold === 0 && t.amountOff === 2000)).toBe(true);
    expect(ts.some((t) => t.scope.type === 'all' && t.threshold === 19900 && t.amountOff === 3000)).toBe(true);
    expect(ts.some((t) => t.kind === 'percent_off' && t.discountBps === 1000 && t.maxOff === 5000 && t.scope.type === 'categories')).toBe(true);
    expect(ts.some((t) => t.scope.type === 'products')).toBe(true);
    expect(ts.some((t) => t.total <= 10)).toBe(true);
  });
  test('fixed windows cover 2026-2027 (Shanghai)', () => {
    for (const t of shop.couponTemplates.filter((x) => x.validDays === undefined)) {
      expect(t.validFrom).toBeLessThanOrEqual(sh('2026-01-01T00:00:00.000'));
      expect(t.validTo).toBeGreaterThanOrEqual(sh('2027-12-31T23:59:59.999'));
    }
  });
});
