import fc from 'fast-check';
import {
  DEFAULT_DISTRIBUTION, LineRate, checkWithdrawal, decideBinding, explainCommission, lineCommission, rateFor, sceneClass, stillPaid,
} from '../../cloudfunctions/domain/distribution';

const DAY = 86_400_000;
const rules = (over: Partial<typeof DEFAULT_DISTRIBUTION> = {}) => ({ ...DEFAULT_DISTRIBUTION, ...over });
const base = { shopper: 's', candidate: 'd2', candidateInviters: [] as string[], shopperIsDistributor: false, shopperHasPaidOrder: false, now: 100 * DAY };

describe('binding', () => {
  test('first_touch keeps the first distributor for good; last_touch follows every new link', () => {
    const current = { distributor: 'd1', since: 0 };
    expect(decideBinding({ ...base, current: null, rules: rules({ bindMode: 'first_touch' }) })).toEqual({ bind: true, why: 'new' });
    expect(decideBinding({ ...base, current, rules: rules({ bindMode: 'first_touch' }) })).toEqual({ bind: false, why: 'first_touch' });
    expect(decideBinding({ ...base, current, rules: rules({ bindMode: 'last_touch' }) })).toEqual({ bind: true, why: 'rebind' });
  });

  test('protected rebinds only once protectDays have passed since the current binding', () => {
    const r = rules({ bindMode: 'protected', protectDays: 15 });
    const since = base.now - 15 * DAY;
    expect(decideBinding({ ...base, current: { distributor: 'd1', since: since + 1 }, rules: r })).toEqual({ bind: false, why: 'protected' });
    expect(decideBinding({ ...base, current: { distributor: 'd1', since }, rules: r })).toEqual({ bind: true, why: 'rebind' });
  });

  test('never to oneself, never a loop, never an approved distributor, not a paying customer with newCustomersOnly', () => {
    expect(decideBinding({ ...base, candidate: 's', current: null, rules: rules() })).toMatchObject({ bind: false, why: 'self' });
    // s invited d2: binding s to d2 would make s -> d2 -> s
    expect(decideBinding({ ...base, candidateInviters: ['s'], current: null, rules: rules() })).toMatchObject({ bind: false, why: 'loop' });
    expect(decideBinding({ ...base, candidateInviters: ['x', 's'], current: null, rules: rules() })).toMatchObject({ bind: false, why: 'loop' });
    expect(decideBinding({ ...base, shopperIsDistributor: true, current: null, rules: rules() })).toMatchObject({ bind: false, why: 'frozen' });
    expect(decideBinding({ ...base, shopperHasPaidOrder: true, current: null, rules: rules({ newCustomersOnly: true }) })).toMatchObject({ bind: false, why: 'not_new_customer' });
    expect(decideBinding({ ...base, shopperHasPaidOrder: true, current: null, rules: rules() })).toMatchObject({ bind: true });
    expect(decideBinding({ ...base, current: { distributor: 'd2', since: 0 }, rules: rules({ bindMode: 'last_touch' }) })).toMatchObject({ bind: false, why: 'same' });
  });
});

describe('rates and commission', () => {
  const inputs = {
    sku: { tier1Fen: 500, tier2Fen: 100 }, product: { tier1Bps: 1500, tier2Bps: 500 }, level: { tier1Bps: 1200, tier2Bps: 400 }, rules: { tier1Bps: 1000, tier2Bps: 300 },
  };
  test('precedence: SKU fixed, then product, then level, then the shop', () => {
    expect(rateFor(1, inputs)).toEqual({ mode: 'fixed', value: 500, source: 'sku' });
    expect(rateFor(2, { ...inputs, sku: null })).toEqual({ mode: 'bps', value: 500, source: 'product' });
    expect(rateFor(1, { ...inputs, sku: null, product: null })).toEqual({ mode: 'bps', value: 1200, source: 'level' });
    expect(rateFor(2, { ...inputs, sku: null, product: null, level: null })).toEqual({ mode: 'bps', value: 300, source: 'default' });
  });

  test('rounded down per line; fixed per unit never above what is paid; refunds bring it down', () => {
    const bps: LineRate = { mode: 'bps', value: 1000, source: 'default' };
    expect(lineCommission(bps, { payable: 24_699, qty: 3 }, 0)).toBe(2469); // 2469.9 -> 2469
    expect(explainCommission(1, bps, { payable: 24_600, qty: 1 }, 0).text).toBe('实付 ¥246.00 × 10% = ¥24.60（店铺默认比例，一级）');
    expect(explainCommission(1, bps, { payable: 24_699, qty: 3 }, 0)).toMatchObject({ amount: 2469, roundedOff: 0.9 });
    const fixed: LineRate = { mode: 'fixed', value: 500, source: 'sku' };
    expect(lineCommission(fixed, { payable: 3000, qty: 3 }, 0)).toBe(1500);
    expect(lineCommission(fixed, { payable: 1200, qty: 3 }, 0)).toBe(1200); // capped at what was paid
    expect(lineCommission(fixed, { payable: 3000, qty: 3 }, 1)).toBe(1000);
    expect(lineCommission(bps, { payable: 1000, qty: 3 }, 1)).toBe(66); // 666 still paid (334 went back)
    expect(lineCommission(bps, { payable: 1000, qty: 3 }, 3)).toBe(0);
    expect(stillPaid({ payable: 1000, qty: 3 }, 2)).toBe(333);
  });

  test('property: over any refund sequence the commission only goes down, ends at 0, and never exceeds the rate on what is still paid', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 20 }),
      fc.oneof(fc.record({ mode: fc.constant('bps' as const), value: fc.integer({ min: 0, max: 5000 }) }), fc.record({ mode: fc.constant('fixed' as const), value: fc.integer({ min: 0, max: 100_000 }) })),
      (payable, qty, r) => {
        const rate: LineRate = { ...r, source: 'default' };
        let prev = Infinity;
        for (let k = 0; k <= qty; k++) {
          const c = lineCommission(rate, { payable, qty }, k);
          const paid = stillPaid({ payable, qty }, k);
          expect(c).toBeLessThanOrEqual(prev);
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThanOrEqual(rate.mode === 'bps' ? (paid * rate.value) / 10_000 : paid);
          prev = c;
        }
        expect(prev).toBe(0);
      },
    ), { numRuns: 300 });
  });
});

test('withdrawal checks: minimum, available, per day', () => {
  const r = { minWithdraw: 100, maxWithdrawalsPerDay: 2 };
  expect(checkWithdrawal({ amount: 99, available: 1000, todayCount: 0, rules: r })).toMatchObject({ code: 'INVALID_INPUT' });
  expect(checkWithdrawal({ amount: 1001, available: 1000, todayCount: 0, rules: r })).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  expect(checkWithdrawal({ amount: 100, available: -5, todayCount: 0, rules: r })).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  expect(checkWithdrawal({ amount: 100, available: 1000, todayCount: 2, rules: r })).toMatchObject({ code: 'RATE_LIMITED' });
  expect(checkWithdrawal({ amount: 1000, available: 1000, todayCount: 1, rules: r })).toBeNull();
});

test('scene classes', () => {
  expect([1007, 1008, 1044, 1047, 1049, 1154, 1175, 1176, 1177, 1195, 1001].map(sceneClass)).toEqual(
    ['chat', 'group', 'group', 'code', 'code', 'moments', 'channels', 'live', 'live', 'channels', 'other'],
  );
});
