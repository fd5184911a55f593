/**
 * Me page: the dev identity switcher in local mode (from the local cloud's /dev/identities), hidden in cloud mode and
 * in every 体验版 / 正式版, whatever config.ts says.
 */
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const cloud = useLocalCloud(SHOP);

const identities = (page: Page): AnyComponent[] => page.querySelectorAll('.dev__identity');
function row(page: Page, nickname: string): AnyComponent {
  const found = identities(page).find((r) => textOf(r).includes(nickname));
  if (!found) throw new Error(`no identity row ${nickname}`);
  return found;
}
const checkedOpenids = (page: Page): string[] =>
  identities(page)
    .filter((row) => row.dom?.querySelector('.van-radio-icon--checked, [class*="van-radio__icon--checked"]'))
    .map((row) => textOf(row.querySelector('.van-cell')).match(/dev-[a-z]+/)?.[0] ?? '?');

test('local mode lists the dev identities with nickname and roles; the default shopper is selected', async () => {
  const { page, storage } = loadPage('pages/me/index', cloud);
  page.instance.onShow();

  await waitFor(() => identities(page).length === 3, 'three identities');
  expect(textOf(row(page, '店长老王'))).toBe('店长老王dev-merchant店长');
  // A plain shopper has no role tag (never "顾客").
  expect(textOf(row(page, '小明'))).toBe('小明dev-shopper');
  expect(textOf(row(page, '推广员阿花'))).toBe('推广员阿花dev-distributor分销员');

  await waitFor(() => checkedOpenids(page).length === 1, 'one checked identity');
  expect(checkedOpenids(page)).toEqual(['dev-shopper']);
  expect(storage.get('devOpenid')).toBe('dev-shopper');
  expect(textOf(page.querySelector('.profile'))).toContain('小明');
});

test('choosing an identity stores it, updates the profile and makes later calls as that user', async () => {
  const { page, storage, mp } = loadPage('pages/me/index', cloud, { storage: { devOpenid: 'dev-shopper' } });
  const showToast = jest.fn();
  (wx as unknown as { showToast: unknown }).showToast = showToast;
  page.instance.onShow();
  await waitFor(() => identities(page).length === 3, 'three identities');

  await tap(row(page, '店长老王').querySelector('.van-cell'), 'the 店长老王 row');
  await waitFor(() => checkedOpenids(page)[0] === 'dev-merchant', '店长老王 checked');
  expect(checkedOpenids(page)).toEqual(['dev-merchant']);
  expect(storage.get('devOpenid')).toBe('dev-merchant');
  expect(textOf(page.querySelector('.profile'))).toContain('店长老王');
  expect(textOf(page.querySelector('.profile'))).toContain('店长');
  expect(showToast).toHaveBeenCalledWith({ title: '已切换为 店长老王', icon: 'none' });

  const { listCategories } = mp<typeof import('../../miniprogram/services/catalog')>('services/catalog');
  await listCategories();
  expect(cloud.calls[cloud.calls.length - 1]).toMatchObject({ path: '/api/shop', openid: 'dev-merchant' });
});

test('cloud mode hides the switcher and never asks for /dev/identities', async () => {
  const { page } = loadPage('pages/me/index', cloud, { mode: 'cloud' });
  page.instance.onShow();
  await settle(200);
  expect(textOf(page)).not.toContain('开发者身份');
  expect(identities(page)).toHaveLength(0);
  expect(cloud.calls).toHaveLength(0);
  expect(textOf(page.querySelector('.profile'))).toContain('微信用户');
});

test.each(['trial', 'release'] as const)('a %s build has no switcher and never asks /dev, even with config mode local', async (envVersion) => {
  const { page, mp } = loadPage('pages/me/index', cloud, { mode: 'local', envVersion, storage: { devOpenid: 'dev-merchant' } });
  page.instance.onShow();
  await settle(200);
  expect(textOf(page)).not.toContain('开发者身份');
  expect(identities(page)).toHaveLength(0);
  expect(page.data.devMode).toBe(false);
  expect(cloud.calls).toHaveLength(0);
  expect(textOf(page.querySelector('.profile'))).toContain('微信用户');
  const api = mp<typeof import('../../miniprogram/services/api')>('services/api');
  expect(api.isLocalMode()).toBe(false);
  await expect(api.devPost('/dev/clock', { advanceMs: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(api.fetchDevIdentities()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect(cloud.calls).toHaveLength(0);
});

test('the order shortcuts carry count badges and 我的优惠券 the usable count, from one user.me', async () => {
  const openid = 'dev-distributor';
  const address = await cloud.api<{ id: string }>('user', 'saveAddress', { name: '阿花', phone: '13900139000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' }, openid);
  const order = (n: number) =>
    cloud.api<{ orderId: string }>('order', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: address.id, requestId: `me-badge-${n}-${Date.now()}` }, openid);
  await order(1);
  await order(2);
  const paid = await order(3);
  const prepay = await cloud.api<{ callback: Record<string, unknown> }>('pay', 'prepay', { orderId: paid.orderId }, openid);
  await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
  await cloud.api('coupon', 'claim', { templateId: 't-5off' }, openid);

  const { page } = loadPage('pages/me/index', cloud, { storage: { devOpenid: openid } });
  page.instance.onShow();
  const shortcut = (text: string): string => textOf(page.querySelectorAll('.me__order-shortcut').find((s: AnyComponent) => textOf(s).includes(text)));
  await waitFor(() => shortcut('待付款') === '2待付款', 'the 待付款 badge');
  expect(shortcut('待发货')).toBe('1待发货');
  expect(shortcut('待收货')).toBe('待收货');
  expect(shortcut('已完成')).toBe('已完成');
  expect(textOf(page.querySelector('.me__my-coupons'))).toContain('1 张可用');
  expect(textOf(page.querySelector('.profile__tags'))).toBe('分销员');
  expect(cloud.calls.filter((c) => c.path === '/api/user' && c.body?.action === 'me').every((c) => c.openid === openid)).toBe(true);
});

test('a plain shopper has no role tag and no badges without orders', async () => {
  const { page } = loadPage('pages/me/index', cloud, { storage: { devOpenid: 'dev-shopper' } });
  page.instance.onShow();
  await waitFor(() => textOf(page.querySelector('.profile')).includes('小明'), 'the profile');
  await waitFor(() => cloud.calls.some((c) => c.path === '/api/user' && c.body?.action === 'me'), 'user.me');
  expect(textOf(page.querySelector('.profile__tags'))).toBe('');
  expect(textOf(page)).not.toContain('顾客');
  expect(page.querySelectorAll('.me__order-shortcut').map(textOf)).toEqual(['待付款', '待发货', '待收货', '已完成', '退款/售后']);
});

test('退款/售后 counts the shopper\'s after-sales in progress; 店铺管理 badges what waits for the shop', async () => {
  const openid = 'me-after-sales';
  // A shopper of this test's own, listed among the dev identities (the switcher falls back to the default shopper
  // for an openid the seed did not write): a first user.me creates the user, marked as seeded.
  await cloud.api('user', 'me', {}, openid);
  expect(await cloud.update('users', openid, { nickname: '小红', seeded: true })).toBe(1);
  const address = await cloud.api<{ id: string }>('user', 'saveAddress', { name: '小红', phone: '13700137000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 2 号' }, openid);
  let n = 0;
  const paidOrder = async (): Promise<string> => {
    n += 1;
    const { orderId } = await cloud.api<{ orderId: string }>('order', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: address.id, requestId: `me-as-${n}-${Date.now()}` }, openid);
    const prepay = await cloud.api<{ callback: Record<string, unknown> }>('pay', 'prepay', { orderId }, openid);
    await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
    return orderId;
  };
  const ask = async (orderId: string) => cloud.api<{ id: string }>('order', 'requestRefund', { orderId, reason: 'not_wanted' }, openid);
  // One refund waiting for the shop, one WeChat Pay refused (failed: still open), one paid order to ship.
  await ask(await paidOrder());
  const refused = await ask(await paidOrder());
  expect(await cloud.update('after_sales', refused.id, { status: 'failed' })).toBe(1);
  await paidOrder();

  const shortcut = (page: Page, text: string): string => textOf(page.querySelectorAll('.me__order-shortcut').find((s: AnyComponent) => textOf(s).includes(text)));
  const { page } = loadPage('pages/me/index', cloud, { storage: { devOpenid: openid } });
  page.instance.onShow();
  await waitFor(() => shortcut(page, '退款/售后') === '2退款/售后', 'the 退款/售后 badge');
  expect(shortcut(page, '待发货')).toBe('3待发货'); // a refund asked leaves the order paid: the shopper still waits for it
  // Out of the switcher again: the identity tests of this file count the seeded three.
  await cloud.update('users', openid, { seeded: false });
  expect(page.querySelector('.merchant-entry')).toBeUndefined();

  // The merchant sees the whole shop: whatever else this file's tests left, as user.me counts it.
  const { workbench } = await cloud.api<{ workbench: { toShip: number; toReview: number; refundsFailed: number } }>('user', 'me', {}, 'dev-merchant');
  expect(workbench.toShip).toBeGreaterThanOrEqual(1);
  expect(workbench.toReview).toBeGreaterThanOrEqual(1);
  expect(workbench.refundsFailed).toBe(1);
  const { page: shop } = loadPage('pages/me/index', cloud, { storage: { devOpenid: 'dev-merchant' } });
  shop.instance.onShow();
  await waitFor(() => shop.querySelectorAll('.me__merchant-entry').length === 7, 'the back office');
  expect(shop.querySelectorAll('.me__merchant-entry').map(textOf)).toEqual([
    `${workbench.toShip}订单管理`,
    // Requests to review and refunds to retry: both wait on the 售后处理 page.
    `${workbench.toReview + workbench.refundsFailed}售后处理`,
    '异常收款',
    '分销员',
    '提现审核',
    '分销设置',
    '直播管理',
  ]);
}, 20_000);
