/** Function `coupon` through the local cloud's in-process invocation: center, claim (under concurrency), mine. */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import { testCloud } from './support/test-cloud';
import { DEMO_SHOP } from '../../cloudfunctions/local/demo-shop';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type { CouponClaimRecord, CouponRecord, CouponTemplateRecord } from '../../cloudfunctions/app/records';
import { DAY_MS, endOfShanghaiDay } from '../../cloudfunctions/domain/coupon';
import type { Coupon, CouponCenterItem, Envelope } from '../../typings/api';

/** 2026-06-01 10:00 Asia/Shanghai. */
const T0 = Date.parse('2026-06-01T10:00:00+08:00');
const Y2026 = Date.parse('2026-01-01T00:00:00+08:00');
const Y2027_END = Date.parse('2027-12-31T23:59:59.999+08:00');
const img = ['/static/img/x.svg'];

type Template = NonNullable<FixtureInput['couponTemplates']>[number];
const fixedWindow = { validFrom: Y2026, validTo: Y2027_END };
const tpl = (id: string, sort: number, extra: Partial<Template> = {}): Template => ({
  id, name: `券 ${id}`, kind: 'amount_off', threshold: 0, amountOff: 500, scope: { type: 'all' }, ...fixedWindow, total: 1000, perUserLimit: 1, sort, ...extra,
});

const FIXTURE: FixtureInput = {
  categories: [{ id: 'digital', name: '数码' }, { id: 'food', name: '食品' }],
  products: [
    { id: 'earbuds', categoryId: 'digital', title: '降噪耳机', images: img, skus: [{ id: 'earbuds-1', specs: {}, price: 29900, stock: 5 }] },
    { id: 'tea', categoryId: 'food', title: '龙井', images: img, skus: [{ id: 'tea-1', specs: {}, price: 16800, stock: 5 }] },
  ],
  users: [{ openid: 'u-shopper', nickname: '小明' }],
  couponTemplates: [
    tpl('t-race', 1, { total: 5 }),
    tpl('t-one', 2, { total: 1000, perUserLimit: 1 }),
    tpl('t-two', 3, { name: '满 199 减 30', threshold: 19900, amountOff: 3000, perUserLimit: 2 }),
    tpl('t-pct', 4, {
      name: '数码 9 折', kind: 'percent_off', amountOff: undefined, discountBps: 1000, maxOff: 5000, threshold: 9900,
      scope: { type: 'categories', ids: ['digital'] }, validFrom: undefined, validTo: undefined, validDays: 3,
    }),
    tpl('t-new', 5, { name: '新人 ¥20', amountOff: 2000, newUserOnly: true }),
    tpl('t-future', 6, { validFrom: Date.parse('2027-01-01T00:00:00+08:00'), validTo: Y2027_END }),
    tpl('t-ended', 7, { validFrom: Y2026, validTo: Date.parse('2026-03-01T00:00:00+08:00') }),
    tpl('t-off', 8, { active: false }),
    tpl('t-product', 0, { name: '耳机立减 50', amountOff: 5000, scope: { type: 'products', ids: ['earbuds'] } }),
  ],
};

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await testCloud({ seed: FIXTURE });
  cloud.clock.set(T0);
}, 60_000);
afterAll(() => cloud.close());

const call = <T>(action: string, data?: unknown, openid: string | null = 'u-shopper'): Promise<Envelope<T>> =>
  cloud.call<T>('coupon', { action, data }, openid);
async function okData<T>(action: string, data: unknown, openid = 'u-shopper'): Promise<T> {
  const r = await call<T>(action, data, openid);
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`);
  return r.data;
}
const claim = (templateId: string, openid: string) => call<Coupon>('claim', { templateId }, openid);
const center = (openid: string) => okData<CouponCenterItem[]>('center', {}, openid);
const mine = (status: 'usable' | 'used' | 'expired', openid: string) => okData<Coupon[]>('mine', { status }, openid);
const template = async (id: string) => (await cloud.store.get<CouponTemplateRecord>('coupon_templates', id))!;
const couponsOf = async (templateId: string) => (await cloud.store.find<CouponRecord>('coupons', { templateId }, { limit: 1000 })).items;

describe('claim', () => {
  test('returns the coupon with a snapshot of the rule and the template window', async () => {
    const c = await okData<Coupon>('claim', { templateId: 't-two' }, 'u-snap');
    expect(c).toEqual({
      id: expect.stringMatching(/^[0-9a-z]{24}$/), templateId: 't-two', name: '满 199 减 30', kind: 'amount_off', threshold: 19900,
      amountOff: 3000, discountBps: null, maxOff: null, scope: { type: 'all' }, status: 'usable', validFrom: Y2026, validTo: Y2027_END, orderId: null,
    });
    const doc = await cloud.store.get<CouponRecord>('coupons', c.id);
    expect(doc).toMatchObject({ openid: 'u-snap', status: 'unused', orderId: null, lockedAt: null, usedAt: null });
  });

  test('validDays: from the claim to the end of the Shanghai day validDays later', async () => {
    const c = await okData<Coupon>('claim', { templateId: 't-pct' }, 'u-days');
    expect(c).toMatchObject({ kind: 'percent_off', discountBps: 1000, maxOff: 5000, amountOff: null, scope: { type: 'categories', ids: ['digital'] } });
    expect(c.validFrom).toBeGreaterThanOrEqual(T0);
    expect(c.validFrom).toBeLessThan(T0 + 60_000);
    expect(c.validTo).toBe(Date.parse('2026-06-04T23:59:59.999+08:00'));
    expect(c.validTo).toBe(endOfShanghaiDay(c.validFrom + 3 * DAY_MS));
  });

  test('50 shoppers claim a template of 5 at once: exactly 5 coupons, claimed == 5, the rest COUPON_UNAVAILABLE', async () => {
    const shoppers = Array.from({ length: 50 }, (_, i) => `u-race-${i}`);
    const results = await Promise.all(shoppers.map((o) => claim('t-race', o)));
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(5);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('COUPON_UNAVAILABLE');
    expect(await couponsOf('t-race')).toHaveLength(5);
    expect((await template('t-race')).claimed).toBe(5);
    // The losers' per-shopper counters were given back: they sum to the coupons handed out.
    const { items: counters } = await cloud.store.find<CouponClaimRecord>('coupon_claims', { templateId: 't-race' }, { limit: 1000 });
    expect(counters.reduce((s, c) => s + c.count, 0)).toBe(5);
    // Sold out for everyone now.
    expect(await claim('t-race', 'u-late')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
    expect((await template('t-race')).claimed).toBe(5);
  });

  test('one shopper fires 20 claims at once with perUserLimit 1: exactly 1 coupon', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => claim('t-one', 'u-greedy')));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('COUPON_UNAVAILABLE');
    expect((await couponsOf('t-one')).filter((c) => c.openid === 'u-greedy')).toHaveLength(1);
    expect((await template('t-one')).claimed).toBe(1);
    expect((await cloud.store.get<CouponClaimRecord>('coupon_claims', 't-one:u-greedy'))!.count).toBe(1);
  });

  test('perUserLimit 2 allows two, then COUPON_UNAVAILABLE', async () => {
    expect((await claim('t-two', 'u-twice')).ok).toBe(true);
    expect((await claim('t-two', 'u-twice')).ok).toBe(true);
    expect(await claim('t-two', 'u-twice')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE', message: expect.stringContaining('2') } });
    expect((await couponsOf('t-two')).filter((c) => c.openid === 'u-twice')).toHaveLength(2);
  });

  test('unknown template -> NOT_FOUND; inactive or ended -> COUPON_UNAVAILABLE; not yet started can be claimed', async () => {
    expect(await claim('t-nope', 'u-x')).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
    expect(await claim('t-off', 'u-x')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
    expect(await claim('t-ended', 'u-x')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
    expect((await template('t-off')).claimed).toBe(0);
    expect((await template('t-ended')).claimed).toBe(0);
    expect(await cloud.store.count('coupon_claims', { openid: 'u-x' })).toBe(0);
    const future = await okData<Coupon>('claim', { templateId: 't-future' }, 'u-x');
    expect(future.validFrom).toBe(Date.parse('2027-01-01T00:00:00+08:00'));
  });

  test('newUserOnly: refused once the shopper has a paid order; unpaid orders do not count', async () => {
    const order = (id: string, openid: string, paidAt: number | null) => ({
      _id: id, orderNo: id, openid, requestId: `r-${id}`, status: paidAt ? 'completed' : 'pending_payment', createdAt: T0 - DAY_MS, payDeadline: T0, paidAt,
    });
    expect((await cloud.store.insert('orders', order('o-paid', 'u-old', T0 - DAY_MS))).ok).toBe(true);
    expect((await cloud.store.insert('orders', order('o-unpaid', 'u-unpaid', null))).ok).toBe(true);
    expect(await claim('t-new', 'u-old')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE', message: expect.stringContaining('新用户') } });
    expect((await claim('t-new', 'u-unpaid')).ok).toBe(true);
    expect((await claim('t-new', 'u-fresh')).ok).toBe(true);
    expect((await template('t-new')).claimed).toBe(2);
    // Listed for everyone, flagged.
    expect((await center('u-old')).find((i) => i.templateId === 't-new')).toMatchObject({ newUserOnly: true, state: 'claimable' });
  });
});

describe('center', () => {
  test('active, not ended templates in sort order, with the caller state', async () => {
    const items = await center('u-center');
    expect(items.map((i) => i.templateId)).toEqual(['t-product', 't-race', 't-one', 't-two', 't-pct', 't-new', 't-future']);
    const by = new Map(items.map((i) => [i.templateId, i]));
    expect(by.get('t-race')).toMatchObject({ state: 'sold_out', remainingForMe: 0 });
    expect(by.get('t-two')).toMatchObject({
      state: 'claimable', remainingForMe: 2, name: '满 199 减 30', kind: 'amount_off', threshold: 19900, amountOff: 3000, discountBps: null, maxOff: null,
      scope: { type: 'all' }, validFrom: Y2026, validTo: Y2027_END, validDays: null, newUserOnly: false,
    });
    expect(by.get('t-pct')).toMatchObject({ validFrom: null, validTo: null, validDays: 3, maxOff: 5000 });
    expect(by.get('t-product')).toMatchObject({ scope: { type: 'products', ids: ['earbuds'] } });

    await okData('claim', { templateId: 't-two' }, 'u-center');
    expect((await center('u-center')).find((i) => i.templateId === 't-two')).toMatchObject({ state: 'claimable', remainingForMe: 1 });
    await okData('claim', { templateId: 't-two' }, 'u-center');
    expect((await center('u-center')).find((i) => i.templateId === 't-two')).toMatchObject({ state: 'claimed', remainingForMe: 0 });
    // Someone else still sees it claimable.
    expect((await center('u-other')).find((i) => i.templateId === 't-two')).toMatchObject({ state: 'claimable', remainingForMe: 2 });
    expect((await center('u-greedy')).find((i) => i.templateId === 't-one')).toMatchObject({ state: 'claimed', remainingForMe: 0 });
  });

  test('a fixed-window template leaves the center after its end', async () => {
    const ids = async () => (await center('u-center')).map((i) => i.templateId);
    expect(await ids()).toContain('t-two');
    cloud.clock.set(Y2027_END + 1);
    try {
      expect(await ids()).toEqual(['t-pct']);
      expect(await claim('t-two', 'u-late2')).toMatchObject({ ok: false, error: { code: 'COUPON_UNAVAILABLE' } });
    } finally {
      cloud.clock.set(T0);
    }
  });
});

describe('bad input is INVALID_INPUT and nothing changes', () => {
  const cases: Array<[string, string, unknown]> = [
    ['object as templateId', 'claim', { templateId: { $ne: '' } }],
    ['openid in payload', 'claim', { templateId: 't-one', openid: 'someone-else' }],
    ['missing templateId', 'claim', {}],
    ['templateId too long', 'claim', { templateId: 'x'.repeat(65) }],
    ['templateId with odd chars', 'claim', { templateId: '../t-one' }],
    ['array payload', 'claim', ['t-one']],
    ['status all', 'mine', { status: 'all' }],
    ['status locked', 'mine', { status: 'locked' }],
    ['missing status', 'mine', {}],
    ['openid on mine', 'mine', { status: 'usable', openid: 'u-greedy' }],
    ['payload on center', 'center', { openid: 'u-greedy' }],
  ];
  let before: { coupons: number; claims: number; claimed: number[] };
  const snapshot = async () => ({
    coupons: await cloud.store.count('coupons', {}),
    claims: await cloud.store.count('coupon_claims', {}),
    claimed: (await cloud.store.find<CouponTemplateRecord>('coupon_templates', {}, { orderBy: [['sort', 'asc']] })).items.map((t) => t.claimed),
  });
  beforeAll(async () => {
    before = await snapshot();
  });
  test.each(cases)('%s', async (_name, action, data) => {
    expect(await call(action, data, 'u-bad')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
  test('no identity -> UNAUTHENTICATED', async () => {
    expect(await call('claim', { templateId: 't-one' }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
  test('nothing changed', async () => {
    expect(await snapshot()).toEqual(before);
  });
});

describe('mine', () => {
  test('usable / used / expired, newest first, only the caller\'s, expiry follows the clock', async () => {
    const o = 'u-mine';
    const fixed = await okData<Coupon>('claim', { templateId: 't-one' }, o);
    cloud.clock.advance(1000);
    const days = await okData<Coupon>('claim', { templateId: 't-pct' }, o);
    cloud.clock.advance(1000);
    const locked = await okData<Coupon>('claim', { templateId: 't-two' }, o);
    cloud.clock.advance(1000);
    const used = await okData<Coupon>('claim', { templateId: 't-product' }, o);
    await cloud.store.update('coupons', { _id: locked.id, status: 'unused' }, { set: { status: 'locked', orderId: 'o-1', lockedAt: T0 } });
    await cloud.store.update('coupons', { _id: used.id, status: 'unused' }, { set: { status: 'used', orderId: 'o-2', lockedAt: T0, usedAt: T0 } });

    const usable = await mine('usable', o);
    expect(usable.map((c) => [c.id, c.status])).toEqual([[locked.id, 'locked'], [days.id, 'usable'], [fixed.id, 'usable']]);
    expect(usable[0].orderId).toBe('o-1');
    expect((await mine('used', o)).map((c) => [c.id, c.status, c.orderId])).toEqual([[used.id, 'used', 'o-2']]);
    expect(await mine('expired', o)).toEqual([]);
    expect((await mine('usable', 'u-nobody'))).toEqual([]);

    // The validDays coupon runs out at the end of 2026-06-04 (Shanghai). The local clock keeps ticking after set(),
    // so the "still usable" check stands a second before the end rather than on the last millisecond.
    cloud.clock.set(days.validTo - 1000);
    expect((await mine('usable', o)).map((c) => c.id)).toContain(days.id);
    cloud.clock.set(days.validTo + 1);
    try {
      expect((await mine('usable', o)).map((c) => c.id)).toEqual([locked.id, fixed.id]);
      const expired = await mine('expired', o);
      expect(expired.map((c) => [c.id, c.status])).toEqual([[days.id, 'expired']]);
      expect((await mine('used', o)).map((c) => c.id)).toEqual([used.id]);
    } finally {
      cloud.clock.set(T0);
    }
  });
});

describe('seed fixtures with coupon templates', () => {
  const base = { categories: FIXTURE.categories, products: FIXTURE.products };
  const refused: Array<[string, Template, RegExp]> = [
    ['unknown scope category', tpl('x', 1, { scope: { type: 'categories', ids: ['digital', 'nope'] } }), /unknown scope category nope/],
    ['unknown scope product', tpl('x', 1, { scope: { type: 'products', ids: ['ghost'] } }), /unknown scope product ghost/],
    ['both window forms', tpl('x', 1, { validDays: 7 }), /not both/],
    ['no window', tpl('x', 1, { validFrom: undefined, validTo: undefined }), /validFrom \+ validTo or validDays/],
    ['half a window', tpl('x', 1, { validTo: undefined }), /needs both validFrom and validTo/],
    ['validTo before validFrom', tpl('x', 1, { validFrom: Y2027_END, validTo: Y2026 }), /validTo must be after validFrom/],
    ['amountOff on percent_off', tpl('x', 1, { kind: 'percent_off', discountBps: 1000 }), /percent_off takes no amountOff/],
    ['percent_off without discountBps', tpl('x', 1, { kind: 'percent_off', amountOff: undefined }), /percent_off needs discountBps/],
    ['discountBps on amount_off', tpl('x', 1, { discountBps: 1000 }), /amount_off takes no discountBps/],
    ['maxOff on amount_off', tpl('x', 1, { maxOff: 1000 }), /amount_off takes no maxOff/],
    ['amount_off without amountOff', tpl('x', 1, { amountOff: undefined }), /amount_off needs amountOff/],
    ['discountBps 10000', tpl('x', 1, { kind: 'percent_off', amountOff: undefined, discountBps: 10000 }), /discountBps/],
    ['total 0', tpl('x', 1, { total: 0 }), /total/],
    ['perUserLimit 101', tpl('x', 1, { perUserLimit: 101 }), /perUserLimit/],
    ['validDays 366', tpl('x', 1, { validFrom: undefined, validTo: undefined, validDays: 366 }), /validDays/],
    ['name over 20', tpl('x', 1, { name: '券'.repeat(21) }), /name/],
    ['empty scope ids', tpl('x', 1, { scope: { type: 'products', ids: [] } }), /scope/],
    ['unknown key', { ...tpl('x', 1), claimed: 3 } as Template, /claimed/],
  ];
  test.each(refused)('%s -> refused, nothing changes', async (_name, t, message) => {
    const r = await cloud.seed({ ...base, couponTemplates: [t] });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message } });
    expect(await cloud.store.get('coupon_templates', 't-one')).not.toBeNull();
  });

  test('duplicate template ids are refused', async () => {
    expect(await cloud.seed({ ...base, couponTemplates: [tpl('x', 1), tpl('x', 2)] })).toMatchObject({
      ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('duplicate coupon template id x') },
    });
  });

  test('the demo shop seeds five templates; the small one sells out', async () => {
    const r = await cloud.seed(DEMO_SHOP);
    expect(r.ok).toBe(true);
    const items = await center('dev-shopper');
    expect(items).toHaveLength(5);
    expect(items.every((i) => i.state === 'claimable')).toBe(true);
    expect(items[0]).toMatchObject({ templateId: 'c-newcomer-20', newUserOnly: true, validDays: 7 });
    const small = items.find((i) => i.templateId === 'c-flash-299-100')!;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => claim(small.templateId, `demo-${i}`)));
    expect(results.filter((x) => x.ok)).toHaveLength(10);
    expect((await center('dev-shopper')).find((i) => i.templateId === small.templateId)).toMatchObject({ state: 'sold_out', remainingForMe: 0 });
    expect((await claim('c-digital-90', 'dev-shopper')).ok).toBe(true);
  });
});
