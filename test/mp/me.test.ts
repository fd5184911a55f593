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
