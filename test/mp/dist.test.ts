/**
 * The distributor's pages and the merchant's withdrawal desk against the real local cloud: a bound shopper's order
 * completes and its commission settles (clock moved past settleDays, settleCommissions triggered); the centre shows
 * the server's balances; a withdrawal below the minimum is refused with the server's words and one above goes
 * through (可提现 drops); the ledger's explain sheet shows how a commission came about; the merchant marks a
 * withdrawal paid.
 */
import type { DistMe, LedgerEntry, MerchantWithdrawal, Page as ApiPage } from '../../typings/api';
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const DIST = 'dist-a';
const BUYER = 'buyer-a';
const MERCHANT = 'dev-merchant';
const DAY = 86_400_000;

const cloud = useLocalCloud({
  ...SHOP,
  users: [...SHOP.users!, { openid: DIST, nickname: '小掌柜', roles: ['distributor'] }, { openid: BUYER, nickname: '顾客甲', inviter: DIST }],
  settings: {
    ...SHOP.settings,
    distribution: { enabled: true, autoApprove: false, bindMode: 'protected', protectDays: 15, newCustomersOnly: false, selfPurchase: false, tier1Bps: 1000, tier2Bps: 300, settleDays: 7, minWithdraw: 500, maxWithdrawalsPerDay: 3 },
  },
});

/** format.wxs yuan. */
const yuan = (fen: number): string => `${fen < 0 ? '-' : ''}¥${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

type WxMock = Record<string, jest.Mock>;
function mockWx(mocks: Record<string, jest.Mock>): WxMock {
  for (const [name, fn] of Object.entries(mocks)) (wx as unknown as Record<string, unknown>)[name] = fn;
  return mocks;
}

let settled = false;
/** Once per file: the buyer's order of ten cables completes and its commission (10%: ¥19.90) settles. */
async function settledCommission(): Promise<void> {
  if (settled) return;
  const address = await cloud.api<{ id: string }>('user', 'saveAddress', { name: '赵六', phone: '13600136000', province: '江苏省', city: '南京市', district: '玄武区', detail: '中山路 1 号' }, BUYER);
  const order = await cloud.api<{ orderId: string }>('order', 'create', { items: [{ skuId: 'cable-1', qty: 10 }], addressId: address.id, requestId: `dist-mp-${Date.now()}` }, BUYER);
  const prepay = await cloud.api<{ callback: Record<string, unknown> }>('pay', 'prepay', { orderId: order.orderId }, BUYER);
  await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
  await cloud.api('merchant', 'shipOrder', { orderId: order.orderId, carrier: '顺丰速运', trackingNo: 'SF100200300' }, MERCHANT);
  await cloud.api('order', 'confirmReceipt', { orderId: order.orderId }, BUYER);
  await cloud.dev('/dev/clock', { advanceMs: 8 * DAY });
  await cloud.dev('/dev/trigger/jobs', { triggerName: 'settleCommissions' });
  settled = true;
}

const meOf = (openid = DIST): Promise<DistMe> => cloud.api<DistMe>('dist', 'me', {}, openid);

async function open(path: string, openid = DIST, query: Record<string, string> = {}): Promise<Page> {
  const { page } = loadPage(path, cloud, { storage: { devOpenid: openid } });
  page.instance.onLoad?.(query);
  page.instance.onShow?.();
  return page;
}

beforeAll(async () => {
  await settledCommission();
}, 60_000);

test('the centre shows the balances, numbers and rules the server has', async () => {
  const me = await meOf();
  expect(me.balance.available).toBe(1990);
  const page = await open('packages/dist/pages/centre/index');
  await waitFor(() => textOf(page.querySelector('.balance__available-card')) !== '', 'the balance cards');
  expect(textOf(page.querySelector('.balance__pending'))).toBe(yuan(me.balance.pending));
  expect(textOf(page.querySelector('.balance__available-card'))).toBe(yuan(me.balance.available));
  expect(textOf(page.querySelector('.balance__withdrawn'))).toBe(yuan(me.balance.withdrawn));
  expect(textOf(page.querySelector('.stats__orders'))).toBe(String(me.stats.orders));
  expect(textOf(page.querySelector('.stats__customers'))).toBe('1');
  expect(textOf(page.querySelector('.rules__tier1'))).toContain('10%');
  expect(textOf(page.querySelector('.rules__settle'))).toContain('7 天');
  expect(textOf(page)).toContain('小掌柜');
});

test('a shopper sees the way to apply; applying leaves the application 审核中', async () => {
  const page = await open('packages/dist/pages/centre/index', 'dev-shopper');
  await waitFor(() => textOf(page).includes('申请成为分销员'), 'the apply call to action');
  const apply = await open('packages/dist/pages/apply/index', 'dev-shopper');
  mockWx({ showToast: jest.fn(), redirectTo: jest.fn() });
  await waitFor(() => apply.querySelector('.apply__submit'), 'the form');
  apply.setData({ realName: '王小明', phone: '13800138000', reason: '朋友多' });
  await tap(apply.querySelector('.apply__submit')?.querySelector('.van-button'), '提交申请');
  await waitFor(() => textOf(apply).includes('申请审核中'), 'the pending state');
  await expect(meOf('dev-shopper')).resolves.toMatchObject({ status: 'pending' });
});

test('withdraw: below the minimum is refused in the server words; ¥5 goes through and 可提现 drops', async () => {
  const before = (await meOf()).balance.available;
  const page = await open('packages/dist/pages/withdraw/index');
  const { showToast } = mockWx({ showToast: jest.fn() });
  await waitFor(() => textOf(page.querySelector('.withdraw__available-amount')) === yuan(before), 'the available balance');
  expect(textOf(page.querySelector('.withdraw__min'))).toContain('¥5.00');
  expect(textOf(page.querySelector('.withdraw__per-day'))).toContain('3 次');

  page.instance.onInput({ detail: { value: '1' } });
  page.instance.onSubmit();
  await waitFor(() => textOf(page.querySelector('.withdraw__error')), 'the refusal');
  expect(textOf(page.querySelector('.withdraw__error'))).toBe('最低提现 ¥5.00');

  page.instance.onInput({ detail: { value: '99999' } });
  page.instance.onSubmit();
  await waitFor(() => textOf(page.querySelector('.withdraw__error')).includes('可提现余额不足'), 'INSUFFICIENT_BALANCE');

  page.instance.onInput({ detail: { value: '5' } });
  await page.instance.onSubmit();
  await waitFor(() => textOf(page.querySelector('.withdraw__available-amount')) === yuan(before - 500), 'the balance to drop');
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提现申请已提交' }));
  const sent = cloud.calls.filter((c) => c.body?.action === 'withdraw').map((c) => c.body?.data);
  expect(sent).toEqual([{ amount: 100 }, { amount: 9999900 }, { amount: 500 }]);
});

test('the ledger: kinds and signed amounts; a tap explains the commission in the server words', async () => {
  const entries = await cloud.api<ApiPage<LedgerEntry>>('dist', 'ledger', {}, DIST);
  const commission = entries.items.find((e) => e.kind === 'commission');
  if (!commission) throw new Error('no commission entry');
  const page = await open('packages/dist/pages/ledger/index');
  await waitFor(() => page.querySelectorAll('.ledger-row').length === entries.items.length, 'the rows');
  const rows = page.querySelectorAll('.ledger-row');
  const i = entries.items.indexOf(commission);
  expect(textOf(rows[i])).toContain('佣金收入');
  expect(textOf(rows[i])).toContain(`+${yuan(commission.amount)}`);
  expect(textOf(rows[i])).toContain('已结算');
  await tap(rows[i], 'the commission row');
  await waitFor(() => page.querySelector('.explain-popup')?.data.show === true, 'the explain sheet');
  expect(textOf(page.querySelector('.sheet__text'))).toBe(commission.explain.text);

  page.instance.onTabChange({ detail: { index: 1 } });
  await waitFor(() => page.data.rows.length === 0 && textOf(page).includes('暂无待结算佣金'), 'the empty 待结算 tab');
});

test('the merchant marks a withdrawal paid: it leaves 待审核 and the distributor reads 已到账', async () => {
  const pending = await cloud.api<ApiPage<MerchantWithdrawal>>('merchant', 'withdrawals', { status: 'pending' }, MERCHANT);
  const w = pending.items.find((x) => x.openid === DIST);
  if (!w) throw new Error('no pending withdrawal');
  const page = await open('packages/merchant/pages/withdrawals/index', MERCHANT);
  mockWx({ showToast: jest.fn(), showModal: jest.fn().mockResolvedValue({ confirm: true, cancel: false }) });
  await waitFor(() => page.data.cards.some((c: { id: string }) => c.id === w.id), 'the card');
  const index = page.data.cards.findIndex((c: { id: string }) => c.id === w.id);
  expect(textOf(page.querySelectorAll('.wd-card')[index])).toContain(yuan(w.amount));
  const approve = page.querySelectorAll('.wd-card__approve')[index] as AnyComponent;
  await tap(approve.querySelector('.van-button'), '标记已打款');
  await waitFor(() => !page.data.cards.some((c: { id: string }) => c.id === w.id), 'the card to leave 待审核');
  await settle(50);
  const mine = await cloud.api<ApiPage<{ id: string; status: string }>>('dist', 'withdrawals', {}, DIST);
  expect(mine.items.find((x) => x.id === w.id)?.status).toBe('paid');
  expect(cloud.calls.filter((c) => c.body?.action === 'reviewWithdrawal').map((c) => c.body?.data)).toEqual([{ id: w.id, approve: true }]);
});

test('a distributor shares a product from 推广商品: the card path carries their token', async () => {
  const page = await open('packages/dist/pages/promote/index');
  await waitFor(() => page.data.products.length > 0, 'the products');
  const first = page.data.products[0] as { id: string; title: string; earn: number };
  expect(textOf(page.querySelector('.promo-card__earn'))).toBe(`赚 ${yuan(first.earn)}`);
  const card = page.instance.onShareAppMessage({ from: 'button', target: { dataset: { id: first.id, title: first.title } } });
  const shared = await (card.promise ?? Promise.resolve(card));
  const link = await cloud.api<{ token: string }>('dist', 'link', { target: { type: 'product', id: first.id } }, DIST);
  expect(shared.path).toBe(`/packages/goods/pages/detail/index?id=${encodeURIComponent(first.id)}&st=${link.token}`);
});

test('a product poster\'s code (only the token as its scene) opens that product', async () => {
  const poster = await cloud.api<{ token: string; scene: string; page: string }>('dist', 'poster', { target: { type: 'product', id: 'cable' } }, DIST);
  expect(poster.page).toBe('packages/goods/pages/detail/index');
  const page = await open('packages/goods/pages/detail/index', BUYER, { scene: encodeURIComponent(poster.scene) });
  await waitFor(() => textOf(page.querySelector('.detail__title')).includes('数据线'), 'the product the poster points at');
  expect(cloud.calls.some((c) => c.path === '/api/shop' && c.body?.action === 'shareTarget')).toBe(true);
});

test('sharing the category page or a search: the card opens that page and carries the distributor\'s token', async () => {
  const link = await cloud.api<{ token: string }>('dist', 'link', { target: { type: 'home' } }, DIST);
  const category = await open('pages/category/index');
  const card = category.instance.onShareAppMessage({ from: 'menu' });
  expect((await (card.promise ?? Promise.resolve(card))).path).toBe(`/pages/category/index?st=${link.token}`);
  const search = await open('packages/goods/pages/search/index', DIST, { keyword: encodeURIComponent('数据线') });
  const searched = search.instance.onShareAppMessage({ from: 'menu' });
  expect((await (searched.promise ?? Promise.resolve(searched))).path).toBe(`/packages/goods/pages/search/index?keyword=${encodeURIComponent('数据线')}&st=${link.token}`);
});
