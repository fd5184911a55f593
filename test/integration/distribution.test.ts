/**
 * Distribution through the local cloud: links and entries binding shoppers under each rule, the attribution snapshot,
 * commission on payment with every rate source, settlement, clawback before and after settlement, withdrawals and
 * their review, the audit - with races and bad input.
 */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import type { BindingRecord, DistributorRecord, LedgerEntryRecord, OrderRecord } from '../../cloudfunctions/app/records';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type {
  AfterSale, DistMe, EnterResult, Envelope, LedgerEntry, MerchantDistributor, MerchantWithdrawal, Page, PrepayResult, SharePoster, Withdrawal,
} from '../../typings/api';
import { SHOP, T0, addAddress, expectCode, expectOk, giveCoupon } from './support/commerce';
import { testCloud } from './support/test-cloud';
import { ledgerViolations } from '../support/invariants';

const DAY = 86_400_000;

const FIXTURE: FixtureInput = {
  ...SHOP,
  products: [
    ...SHOP.products!,
    // product rate 15% / 5%
    { id: 'lamp', categoryId: 'digital', title: '台灯', images: ['/static/img/l.svg'], commission: { tier1Bps: 1500, tier2Bps: 500 }, skus: [{ id: 'lamp-1', specs: {}, price: 12000, stock: 1000 }] },
    // SKU fixed ¥5 / ¥1 per unit
    { id: 'mug', categoryId: 'food', title: '马克杯', images: ['/static/img/m.svg'], skus: [{ id: 'mug-1', specs: {}, price: 4000, stock: 1000, commission: { tier1Fen: 500, tier2Fen: 100 } }] },
  ],
  users: [
    ...SHOP.users!,
    { openid: 'd1', nickname: '大掌柜', roles: ['distributor'] },
    { openid: 'd2', nickname: '小掌柜', roles: ['distributor'], inviter: 'd1', level: 'gold' },
    { openid: 'd3', nickname: '路人甲', roles: ['distributor'] },
    { openid: 'shopper', nickname: '顾客' },
  ],
  distributionLevels: [{ id: 'gold', name: '金牌', tier1Bps: 1200, tier2Bps: 400 }],
  settings: {
    ...SHOP.settings,
    afterSalesDays: 15, // longer than settleDays: a refund can come after the commission settled
    distribution: { enabled: true, autoApprove: false, bindMode: 'protected', protectDays: 15, newCustomersOnly: false, selfPurchase: false, tier1Bps: 1000, tier2Bps: 300, settleDays: 7, minWithdraw: 100, maxWithdrawalsPerDay: 3 },
  },
};

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await testCloud({ seed: FIXTURE });
  cloud.clock.set(T0);
}, 60_000);
afterAll(() => cloud.close());

let n = 0;
const call = <T>(fn: string, action: string, data: unknown, openid: string): Promise<Envelope<T>> => cloud.call<T>(fn, { action, data }, openid);
const tokenOf = async (openid: string, target: unknown = { type: 'home' }) => expectOk(await call<{ token: string; path: string }>('dist', 'link', { target }, openid)).token;
const enter = (openid: string, st?: string, scene = 1007) => call<EnterResult>('user', 'enter', { scene, ...(st ? { query: { st } } : {}) }, openid);
const bindingOf = (openid: string) => cloud.store.get<BindingRecord>('bindings', openid);
const dist = (openid: string) => cloud.store.get<DistributorRecord>('distributors', openid);
const entriesOf = async (orderId: string) => (await cloud.store.find<LedgerEntryRecord>('ledger_entries', { orderId }, { limit: 100 })).items;

async function expectBooks(): Promise<void> {
  expect(await ledgerViolations(cloud.store)).toEqual([]);
}

let lastCallback: Record<string, string | number> = {};
async function paidOrder(openid: string, items: Array<{ skuId: string; qty: number }>, coupon?: number): Promise<OrderRecord> {
  const addr = await addAddress(cloud, openid);
  const now = cloud.clock.now();
  const couponId = coupon ? await giveCoupon(cloud, openid, { threshold: 0, amountOff: coupon, validFrom: now - DAY, validTo: now + 30 * DAY }) : null;
  const o = expectOk(await call<{ orderId: string }>('order', 'create', { items, addressId: addr, couponId, requestId: `dist-${++n}-${openid}` }, openid));
  const p = expectOk(await call<PrepayResult>('pay', 'prepay', { orderId: o.orderId }, openid));
  if (p.mode !== 'sandbox') throw new Error('sandbox expected');
  lastCallback = p.callback;
  await cloud.payCallback('payNotify', p.callback);
  return (await cloud.store.get<OrderRecord>('orders', o.orderId))!;
}

async function refund(o: OrderRecord, lines?: Array<{ skuId: string; qty: number }>): Promise<AfterSale> {
  const a = expectOk(await call<AfterSale>('order', 'requestRefund', { orderId: o._id, lines, reason: 'not_wanted' }, o.openid));
  expectOk(await call('merchant', 'reviewRefund', { id: a.id, approve: true }, 'boss'));
  await cloud.settled();
  return a;
}

const settle = () => cloud.trigger('jobs', 'settleCommissions');

async function complete(orderId: string): Promise<void> {
  expectOk(await call('merchant', 'shipOrder', { orderId, carrier: '顺丰速运', trackingNo: `SF${++n}00000` }, 'boss'));
  const o = (await cloud.store.get<OrderRecord>('orders', orderId))!;
  expectOk(await call('order', 'confirmReceipt', { orderId }, o.openid));
}

describe('links and binding', () => {
  test('a link is stable per distributor and target, unguessable, and only for approved distributors', async () => {
    const a = await tokenOf('d2');
    expect(a).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(await tokenOf('d2')).toBe(a);
    const product = expectOk(await call<{ token: string; path: string }>('dist', 'link', { target: { type: 'product', id: 'lamp' } }, 'd2'));
    expect(product.token).not.toBe(a);
    expect(product.path).toBe(`/packages/goods/pages/detail/index?id=lamp&st=${product.token}`);
    expect(await tokenOf('d3')).not.toBe(a);
    expectCode(await call('dist', 'link', { target: { type: 'home' } }, 'shopper'), 'FORBIDDEN');
    expectCode(await call('dist', 'link', { target: { type: 'product', id: 'nope' } }, 'd2'), 'NOT_FOUND');
    expectCode(await call('dist', 'link', { target: { type: 'url', id: 'x' } }, 'd2'), 'INVALID_INPUT');
  });

  test('a poster carries the link\'s token as the code\'s scene; a code stored in cloud storage is made once per link', async () => {
    const p = expectOk(await call<SharePoster>('dist', 'poster', { target: { type: 'product', id: 'lamp' } }, 'd2'));
    const token = await tokenOf('d2', { type: 'product', id: 'lamp' });
    expect(p).toMatchObject({ token, scene: token, page: 'packages/goods/pages/detail/index', product: { title: '台灯', price: 12000 }, distributor: { nickname: '小掌柜' } });
    expect(p.image).toMatch(/^\/static\/wxacode\/[0-9a-f]{40}\.png$/);
    expectCode(await call('dist', 'poster', { target: { type: 'home' } }, 'shopper'), 'FORBIDDEN');
    // On the real cloud the code is a cloud file: kept on the link, so wxacode is asked once.
    const real = cloud.deps.wechat.unlimitedCode;
    let asked = 0;
    cloud.deps.wechat.unlimitedCode = async () => { asked++; return { ok: true, image: 'cloud://env-1.bucket/wxacode/x.png' }; };
    try {
      for (let i = 0; i < 3; i++) expect(expectOk(await call<SharePoster>('dist', 'poster', { target: { type: 'home' } }, 'd3')).image).toBe('cloud://env-1.bucket/wxacode/x.png');
      expect(asked).toBe(1);
    } finally {
      cloud.deps.wechat.unlimitedCode = real;
    }
  });

  test('shop.shareTarget answers what a token points at (a poster opens the right page); an unknown token is NOT_FOUND', async () => {
    const token = await tokenOf('d2', { type: 'product', id: 'mug' });
    expect(expectOk(await call('shop', 'shareTarget', { token }, 'anyone'))).toEqual({ target: { type: 'product', id: 'mug' } });
    expect(expectOk(await call('shop', 'shareTarget', { token: await tokenOf('d2') }, 'anyone'))).toEqual({ target: { type: 'home' } });
    expectCode(await call('shop', 'shareTarget', { token: 'AAAAAAAAAAAAAAAAAAAA' }, 'anyone'), 'NOT_FOUND');
    expectCode(await call('shop', 'shareTarget', { token: '../x' }, 'anyone'), 'INVALID_INPUT');
  });

  test('a level set by the merchant applies to the next orders; dist.me shows it, the profile and the payout method', async () => {
    expectCode(await call('merchant', 'setDistributorLevel', { openid: 'd3', level: 'platinum' }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'setDistributorLevel', { openid: 'd3', level: 'gold' }, 'd2'), 'FORBIDDEN');
    expectCode(await call('merchant', 'setDistributorLevel', { openid: 'nobody', level: 'gold' }, 'boss'), 'NOT_FOUND');
    expect(expectOk(await call<MerchantDistributor>('merchant', 'setDistributorLevel', { openid: 'd3', level: 'gold' }, 'boss')).level).toEqual({ id: 'gold', name: '金牌' });
    try {
      const me = expectOk(await call<DistMe>('dist', 'me', {}, 'd3'));
      expect(me).toMatchObject({ profile: { nickname: '路人甲' }, level: { name: '金牌' }, rules: { tier1Bps: 1200, payout: 'manual' } });
      await enter('level-shopper', await tokenOf('d3'));
      const o = await paidOrder('level-shopper', [{ skuId: 'tea-1', qty: 1 }]);
      expect(o.attribution!.rates[0].tier1).toEqual({ mode: 'bps', value: 1200, source: 'level' });
    } finally {
      expectOk(await call('merchant', 'setDistributorLevel', { openid: 'd3', level: null }, 'boss'));
    }
  });

  test('protected: bound by the first link; a second distributor rebinds only after protectDays; never an openid in the answer', async () => {
    const s = 'p-shopper';
    const r = expectOk(await enter(s, await tokenOf('d2')));
    expect(r).toEqual({ bound: true, distributor: { nickname: '小掌柜', avatar: null } });
    expect(JSON.stringify(r)).not.toContain('d2');
    expect(expectOk(await enter(s, await tokenOf('d3'))).bound).toBe(false);
    expect((await bindingOf(s))!.distributor).toBe('d2');
    const t = cloud.clock.now();
    cloud.clock.set(t + 15 * DAY + 1000);
    try {
      expect(expectOk(await enter(s, await tokenOf('d3')))).toMatchObject({ bound: true, distributor: { nickname: '路人甲' } });
      expect((await bindingOf(s))!.distributor).toBe('d3');
    } finally {
      cloud.clock.set(t);
    }
  });

  test('a forged or unknown token is a visit; self-binding and loops are refused silently', async () => {
    const visits = await cloud.store.count('visits', {});
    expect(expectOk(await enter('forger', 'AAAAAAAAAAAAAAAAAAAA'))).toEqual({ bound: false, distributor: null });
    expect(expectOk(await enter('forger', '../../etc'))).toEqual({ bound: false, distributor: null });
    expect(await cloud.store.count('visits', {})).toBe(visits + 2);
    expect(expectOk(await enter('d2', await tokenOf('d2'))).bound).toBe(false); // self
    expect(expectOk(await enter('d1', await tokenOf('d2'))).bound).toBe(false); // d2's inviter is d1: a loop
    expect(await bindingOf('d1')).toBeNull();
    expectCode(await call('user', 'enter', { scene: 'x' }, 'forger'), 'INVALID_INPUT');
  });

  test('first_touch, last_touch and newCustomersOnly', async () => {
    const set = async (patch: Record<string, unknown>) => expectOk(await call('merchant', 'saveDistributionSettings', patch, 'boss'));
    try {
      await set({ bindMode: 'first_touch' });
      await enter('ft', await tokenOf('d2'));
      cloud.clock.advance(400 * DAY);
      expect(expectOk(await enter('ft', await tokenOf('d3'))).bound).toBe(false);
      await set({ bindMode: 'last_touch' });
      await enter('lt', await tokenOf('d2'));
      expect(expectOk(await enter('lt', await tokenOf('d3'))).bound).toBe(true);
      expect((await bindingOf('lt'))!.distributor).toBe('d3');
      await set({ bindMode: 'last_touch', newCustomersOnly: true });
      await paidOrder('nc', [{ skuId: 'cable-1', qty: 1 }]);
      expect(expectOk(await enter('nc', await tokenOf('d2'))).bound).toBe(false);
      expect(expectOk(await enter('nc-new', await tokenOf('d2'))).bound).toBe(true);
    } finally {
      await set({ bindMode: 'protected', newCustomersOnly: false });
    }
  });

  test('an existing order keeps its attribution after the shopper is rebound', async () => {
    const s = 'keeper';
    await enter(s, await tokenOf('d2'));
    const addr = await addAddress(cloud, s);
    const o = expectOk(await call<{ orderId: string }>('order', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: addr, requestId: `keeper-req-${++n}` }, s));
    expectOk(await call('merchant', 'saveDistributionSettings', { bindMode: 'last_touch' }, 'boss'));
    try {
      await enter(s, await tokenOf('d3'));
    } finally {
      expectOk(await call('merchant', 'saveDistributionSettings', { bindMode: 'protected' }, 'boss'));
    }
    expect((await bindingOf(s))!.distributor).toBe('d3');
    const p = expectOk(await call<PrepayResult>('pay', 'prepay', { orderId: o.orderId }, s));
    if (p.mode === 'sandbox') await cloud.payCallback('payNotify', p.callback);
    const entries = await entriesOf(o.orderId);
    expect(entries.map((e) => e.distributor).sort()).toEqual(['d1', 'd2']);
  });
});

describe('the ledger', () => {
  test('two tiers on a coupon-prorated order: SKU fixed, product, level and default rates, each explained; duplicates write once', async () => {
    const s = 'money-shopper';
    await enter(s, await tokenOf('d2'));
    const o = await paidOrder(s, [{ skuId: 'lamp-1', qty: 1 }, { skuId: 'mug-1', qty: 2 }, { skuId: 'tea-1', qty: 1 }], 2000);
    expect(o.attribution).toMatchObject({ tier1: 'd2', tier2: 'd1' });
    const line = (sku: string) => o.lines.find((l) => l.skuId === sku)!;
    const byId = new Map((await entriesOf(o._id)).map((e) => [e._id, e]));
    // lamp: product 15% / 5% of its prorated payable
    expect(byId.get(`c:${o._id}:lamp-1:1`)!.amount).toBe(Math.floor((line('lamp-1').payable * 1500) / 10_000));
    expect(byId.get(`c:${o._id}:lamp-1:2`)!.amount).toBe(Math.floor((line('lamp-1').payable * 500) / 10_000));
    // mug: SKU fixed ¥5 / ¥1 per unit
    expect(byId.get(`c:${o._id}:mug-1:1`)!.amount).toBe(1000);
    expect(byId.get(`c:${o._id}:mug-1:2`)!.amount).toBe(200);
    // tea: tier 1 at d2's level (gold 12%), tier 2 at the shop's default (3%: d1 has no level)
    expect(byId.get(`c:${o._id}:tea-1:1`)!.amount).toBe(Math.floor((line('tea-1').payable * 1200) / 10_000));
    expect(byId.get(`c:${o._id}:tea-1:2`)!.amount).toBe(Math.floor((line('tea-1').payable * 300) / 10_000));
    expect((byId.get(`c:${o._id}:tea-1:1`)!.explain as { text: string }).text).toContain('分销等级比例');
    expect(line('lamp-1').discount + line('mug-1').discount + line('tea-1').discount).toBe(2000);
    // the callback ten times more at once changes nothing
    const before = await cloud.store.count('ledger_entries', {});
    const pendingBefore = (await dist('d2'))!.pending;
    await Promise.all(Array.from({ length: 10 }, () => cloud.payCallback('payNotify', lastCallback)));
    expect(await cloud.store.count('ledger_entries', {})).toBe(before);
    expect((await dist('d2'))!.pending).toBe(pendingBefore);
    await expectBooks();
  });

  test('settlement after completion + settleDays, fired 5 times at once: settled once; a refund before and after settlement takes back exactly its share', async () => {
    const s = 'settle-shopper';
    await enter(s, await tokenOf('d3'));
    const o = await paidOrder(s, [{ skuId: 'lamp-1', qty: 3 }]); // 36000 at 15%: 5400 to d3 (no tier 2: d3 has no inviter)
    expect((await entriesOf(o._id)).map((e) => [e.tier, e.amount])).toEqual([[1, 5400]]);
    const b0 = (await dist('d3'))!;
    // partial refund before settlement: pending reversal
    await refund(o, [{ skuId: 'lamp-1', qty: 1 }]);
    const rev = (await entriesOf(o._id)).find((e) => e.kind === 'reversal')!;
    expect(rev).toMatchObject({ amount: -1800, status: 'pending' });
    expect((await dist('d3'))!.pending).toBe(b0.pending - 1800);
    await complete(o._id);
    expect(expectOk(await settle())).toMatchObject({ settled: 0 }); // not due yet
    const t = cloud.clock.now();
    cloud.clock.set(t + 7 * DAY + 1000);
    try {
      const runs = await Promise.all(Array.from({ length: 5 }, () => settle()));
      expect(runs.map((r) => (expectOk(r) as { settled: number }).settled).reduce((a, b) => a + b, 0)).toBe(1);
      const b1 = (await dist('d3'))!;
      expect(b1.available).toBe(b0.available + 3600);
      expect(b1.pending).toBe(b0.pending - 5400);
      expect((await entriesOf(o._id)).every((e) => e.status === 'settled')).toBe(true);
      // refund after settlement (within the after-sales window): a settled reversal, available drops at once
      await refund((await cloud.store.get<OrderRecord>('orders', o._id))!, [{ skuId: 'lamp-1', qty: 1 }]);
      const late = (await entriesOf(o._id)).filter((e) => e.kind === 'reversal').find((e) => e.amount === -1800 && e.settledAt !== null && e._id !== rev._id)!;
      expect(late.status).toBe('settled');
      expect((await dist('d3'))!.available).toBe(b1.available - 1800);
      await expectBooks();
    } finally {
      cloud.clock.set(t);
    }
  });

  test('commission waits while an after-sale is open, and settles once it is closed', async () => {
    const s = 'wait-shopper';
    await enter(s, await tokenOf('d3'));
    const o = await paidOrder(s, [{ skuId: 'lamp-1', qty: 2 }]);
    await complete(o._id);
    const a = expectOk(await call<AfterSale>('order', 'requestRefund', { orderId: o._id, lines: [{ skuId: 'lamp-1', qty: 1 }], reason: 'damaged' }, s));
    const t = cloud.clock.now();
    cloud.clock.set(t + 8 * DAY);
    try {
      expect(expectOk(await settle())).toMatchObject({ waiting: 1 });
      expect((await entriesOf(o._id)).every((e) => e.status === 'pending')).toBe(true);
      expectOk(await call('merchant', 'reviewRefund', { id: a.id, approve: false, note: '已超出退货条件' }, 'boss'));
      cloud.clock.advance(61 * 60_000);
      expect(expectOk(await settle())).toMatchObject({ settled: 1 });
      expect((await entriesOf(o._id)).every((e) => e.status === 'settled')).toBe(true);
      await expectBooks();
    } finally {
      cloud.clock.set(t);
    }
  });

  test('a clawback after settlement can take available below zero; it is netted and withdrawals wait', async () => {
    const s = 'neg-shopper';
    await enter(s, await tokenOf('d3'));
    const o = await paidOrder(s, [{ skuId: 'lamp-1', qty: 1 }]);
    await complete(o._id);
    const t = cloud.clock.now();
    cloud.clock.set(t + 8 * DAY);
    try {
      await settle();
      const avail = (await dist('d3'))!.available;
      if (avail >= 100) expectOk(await call<Withdrawal>('dist', 'withdraw', { amount: avail }, 'd3'));
      expect((await dist('d3'))!.available).toBe(0);
      await refund((await cloud.store.get<OrderRecord>('orders', o._id))!);
      expect((await dist('d3'))!.available).toBe(-1800);
      expectCode(await call('dist', 'withdraw', { amount: 100 }, 'd3'), 'INSUFFICIENT_BALANCE');
      await expectBooks();
    } finally {
      cloud.clock.set(t);
    }
  });

  test('10 concurrent withdrawals of the whole available balance: one; reject returns it, approve pays it', async () => {
    const s = 'w-shopper';
    await enter(s, await tokenOf('d1'));
    const o = await paidOrder(s, [{ skuId: 'lamp-1', qty: 2 }]); // d1 tier 1: 15% of 24000 = 3600
    await complete(o._id);
    const t = cloud.clock.now();
    cloud.clock.set(t + 8 * DAY);
    try {
      await settle();
      const avail = (await dist('d1'))!.available;
      expect(avail).toBeGreaterThanOrEqual(3600);
      const answers = await Promise.all(Array.from({ length: 10 }, () => call<Withdrawal>('dist', 'withdraw', { amount: avail }, 'd1')));
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      for (const a of answers.filter((x) => !x.ok)) expect(['INSUFFICIENT_BALANCE', 'BUSY']).toContain((a as { error: { code: string } }).error.code);
      expect((await dist('d1'))!.available).toBe(0);
      const w = (answers.find((a) => a.ok) as { data: Withdrawal }).data;
      expectCode(await call('merchant', 'reviewWithdrawal', { id: w.id, approve: false }, 'boss'), 'INVALID_INPUT'); // a reason is needed
      expect(expectOk(await call<MerchantWithdrawal>('merchant', 'reviewWithdrawal', { id: w.id, approve: false, note: '信息不符' }, 'boss')).status).toBe('rejected');
      expect((await dist('d1'))!.available).toBe(avail);
      const w2 = expectOk(await call<Withdrawal>('dist', 'withdraw', { amount: avail }, 'd1'));
      const [x, y] = await Promise.all([
        call<MerchantWithdrawal>('merchant', 'reviewWithdrawal', { id: w2.id, approve: true }, 'boss'),
        call<MerchantWithdrawal>('merchant', 'reviewWithdrawal', { id: w2.id, approve: false, note: '重复' }, 'boss'),
      ]);
      expect([x.ok, y.ok].filter(Boolean)).toHaveLength(1);
      const d = (await dist('d1'))!;
      expect(d.withdrawn + d.available).toBe(avail);
      expect(expectOk(await call<Page<Withdrawal>>('dist', 'withdrawals', {}, 'd1')).items.map((i) => i.id).slice(0, 2)).toEqual([w2.id, w.id]);
      const ledger = expectOk(await call<Page<LedgerEntry>>('dist', 'ledger', {}, 'd1')).items;
      expect(ledger.map((e) => e.kind)).toEqual(expect.arrayContaining(['commission', 'withdrawal', 'withdrawal_return']));
      await expectBooks();
      expect(expectOk(await cloud.trigger('jobs', 'auditLedger'))).toMatchObject({ drift: 0 });
    } finally {
      cloud.clock.set(t);
    }
  });

  test('payout by WeChat merchant transfer: approve creates the transfer, the distributor confirms, paid once; a transfer never confirmed returns the money; a lost answer is found by syncTransfers', async () => {
    const setPayout = async (payout: string) => expectOk(await call('merchant', 'saveDistributionSettings', { payout }, 'boss'));
    const s = 'transfer-shopper';
    await enter(s, await tokenOf('d1'));
    const o = await paidOrder(s, [{ skuId: 'lamp-1', qty: 3 }]);
    await complete(o._id);
    const t = cloud.clock.now();
    cloud.clock.set(t + 9 * DAY); // another Shanghai day than the earlier withdrawals (3 a day)
    await setPayout('wechat_transfer');
    try {
      await settle();
      const before = (await dist('d1'))!;
      // 1. approve -> waiting for the distributor, who confirms
      const w = expectOk(await call<Withdrawal>('dist', 'withdraw', { amount: 1000 }, 'd1'));
      expect(expectOk(await call<MerchantWithdrawal>('merchant', 'reviewWithdrawal', { id: w.id, approve: true }, 'boss')).status).toBe('transferring');
      const mine = expectOk(await call<Page<Withdrawal>>('dist', 'withdrawals', {}, 'd1')).items.find((x) => x.id === w.id)!;
      expect(mine).toMatchObject({ status: 'transferring', method: 'wechat_transfer', confirm: { mchId: 'sandbox-mch', appId: 'wx-sandbox', package: `sandbox-package-${w.id}` } });
      expect(expectOk(await call<Withdrawal>('dist', 'confirmWithdrawal', { id: w.id }, 'd1')).status).toBe('transferring'); // not confirmed yet
      expect(cloud.payout.confirm(w.id)).toBe(true);
      const [a, b] = await Promise.all([call<Withdrawal>('dist', 'confirmWithdrawal', { id: w.id }, 'd1'), call<Withdrawal>('dist', 'confirmWithdrawal', { id: w.id }, 'd1')]);
      expect([expectOk(a).status, expectOk(b).status]).toEqual(['paid', 'paid']);
      expect((await dist('d1'))!.withdrawn).toBe(before.withdrawn + 1000);
      expect(cloud.payout.paidTo('d1')).toBe(1000);
      expectCode(await call('dist', 'confirmWithdrawal', { id: w.id }, 'd2'), 'NOT_FOUND');
      // 2. never confirmed: WeChat Pay cancels it; the money goes back
      const w2 = expectOk(await call<Withdrawal>('dist', 'withdraw', { amount: 500 }, 'd1'));
      expectOk(await call('merchant', 'reviewWithdrawal', { id: w2.id, approve: true }, 'boss'));
      cloud.payout.decline(w2.id);
      expect(expectOk(await call<Withdrawal>('dist', 'confirmWithdrawal', { id: w2.id }, 'd1')).status).toBe('rejected');
      expect((await dist('d1'))!.available).toBe(before.available - 1000);
      // 3. the answer to the transfer request is lost: it stays transferring; syncTransfers (past the grace) finds it waiting
      const w3 = expectOk(await call<Withdrawal>('dist', 'withdraw', { amount: 300 }, 'd1'));
      cloud.payout.loseNextAnswer = true;
      expect(expectOk(await call<MerchantWithdrawal>('merchant', 'reviewWithdrawal', { id: w3.id, approve: true }, 'boss')).status).toBe('transferring');
      cloud.payout.confirm(w3.id);
      cloud.clock.advance(3 * 60_000);
      expect(expectOk(await cloud.trigger('jobs', 'syncTransfers'))).toMatchObject({ paid: 1 });
      expect((await cloud.store.get<{ status: string } & import('../../cloudfunctions/ports/store').Doc>('withdrawals', w3.id))!.status).toBe('paid');
      expect(cloud.payout.paidTo('d1')).toBe(1300);
      await expectBooks();
    } finally {
      await setPayout('manual');
      cloud.clock.set(t);
    }
  });

  test('a distributor\'s own order earns nobody (selfPurchase off)', async () => {
    const o = await paidOrder('d2', [{ skuId: 'lamp-1', qty: 1 }]);
    expect(o.attribution ?? null).toBeNull();
    expect(await entriesOf(o._id)).toEqual([]);
  });
});

describe('who may do what', () => {
  test('shoppers calling dist or the merchant\'s distribution actions are FORBIDDEN; bad input is INVALID_INPUT; nothing changes', async () => {
    const before = await cloud.store.count('ledger_entries', {});
    for (const [action, data] of [['me', {}], ['withdraw', { amount: 100 }], ['ledger', {}], ['links', {}], ['customers', {}], ['team', {}], ['withdrawals', {}], ['promote', {}]] as const) {
      const r = await call('dist', action, data, 'shopper');
      if (action === 'me') expect(expectOk(r)).toMatchObject({ status: 'none' });
      else expectCode(r, 'FORBIDDEN');
    }
    for (const [action, data] of [
      ['distributors', {}], ['reviewDistributor', { openid: 'd1', approve: true }], ['freezeDistributor', { openid: 'd1', frozen: true }],
      ['withdrawals', {}], ['reviewWithdrawal', { id: 'Wx', approve: true }], ['distributionSettings', {}], ['saveDistributionSettings', { tier1Bps: 9000 }],
    ] as const) expectCode(await call('merchant', action, data, 'shopper'), 'FORBIDDEN');
    expectCode(await call('dist', 'withdraw', { amount: -5 }, 'd1'), 'INVALID_INPUT');
    expectCode(await call('dist', 'withdraw', { amount: 1.5 }, 'd1'), 'INVALID_INPUT');
    expectCode(await call('dist', 'withdraw', { amount: 50 }, 'd1'), 'INVALID_INPUT'); // below minWithdraw
    expectCode(await call('dist', 'apply', { realName: 'A', phone: '123' }, 'shopper'), 'INVALID_INPUT');
    expectCode(await call('dist', 'ledger', { status: 'all' }, 'd1'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'saveDistributionSettings', { tier1Bps: 9000 }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'saveDistributionSettings', { tier1Bps: 4000, tier2Bps: 2000 }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'saveDistributionSettings', { bindMode: 'forever' }, 'boss'), 'INVALID_INPUT');
    expect(await cloud.store.count('ledger_entries', {})).toBe(before);
  });

  test('apply, review, freeze: an approved distributor\'s inviter is frozen; a frozen one earns on no new order', async () => {
    const s = 'applicant';
    await enter(s, await tokenOf('d2'));
    expect(expectOk(await call<{ status: string }>('dist', 'apply', { realName: '王小二', phone: '13900001111', reason: '想赚点零花钱' }, s))).toEqual({ status: 'pending' });
    expect(expectOk(await call<DistMe>('dist', 'me', {}, s)).status).toBe('pending');
    const listed = expectOk(await call<Page<MerchantDistributor>>('merchant', 'distributors', { status: 'pending' }, 'boss'));
    expect(listed.items.find((d) => d.openid === s)).toMatchObject({ realName: '王小二', inviter: { nickname: '小掌柜' } });
    expect(expectOk(await call<MerchantDistributor>('merchant', 'reviewDistributor', { openid: s, approve: true }, 'boss')).status).toBe('approved');
    expectCode(await call('merchant', 'reviewDistributor', { openid: s, approve: false }, 'boss'), 'CONFLICT');
    expect((await dist(s))!.inviter).toBe('d2');
    // approved: no link moves them any more
    cloud.clock.advance(400 * DAY);
    expect(expectOk(await enter(s, await tokenOf('d3'))).bound).toBe(false);
    expect((await dist(s))!.inviter).toBe('d2');
    // frozen: a customer of theirs buys, nobody earns
    await enter('frozen-customer', await tokenOf(s));
    expect(expectOk(await call<MerchantDistributor>('merchant', 'freezeDistributor', { openid: s, frozen: true }, 'boss')).status).toBe('frozen');
    const o = await paidOrder('frozen-customer', [{ skuId: 'lamp-1', qty: 1 }]);
    expect(o.attribution ?? null).toBeNull();
    expectCode(await call('dist', 'withdraw', { amount: 100 }, s), 'FORBIDDEN');
    expectCode(await call('dist', 'link', { target: { type: 'home' } }, s), 'FORBIDDEN');
    await expectBooks();
  });
});

