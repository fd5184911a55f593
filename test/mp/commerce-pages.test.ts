/**
 * The other commerce pages against the real local cloud: the product detail action bar, the address edit form
 * (client checks, 导入微信地址, a server refusal as a toast), the address picker of checkout, the coupon center's
 * claim states, my coupons, the order list tabs, and the Me page's entries.
 */
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { COUPONS, SHOP } from './support/fixture';

const cloud = useLocalCloud(SHOP);

type WxMock = Record<string, jest.Mock>;
function mockWx(...names: string[]): WxMock {
  const mocks: WxMock = {};
  for (const name of names) {
    mocks[name] = jest.fn();
    (wx as unknown as Record<string, unknown>)[name] = mocks[name];
  }
  return mocks;
}
const callsOf = (fn: string, action: string) => cloud.calls.filter((c) => c.path === `/api/${fn}` && c.body?.action === action).map((c) => c.body?.data);
const vantButton = (host: AnyComponent | undefined): AnyComponent | undefined => host?.querySelector('.van-button');
const ADDRESS = { name: '王五', phone: '13700137000', province: '北京市', city: '北京市', district: '朝阳区', detail: '建国路 88 号' };

describe('product detail action bar', () => {
  async function openDetail(id: string, openid: string): Promise<Page> {
    const { page } = loadPage('packages/goods/pages/detail/index', cloud, { storage: { devOpenid: openid } });
    mockWx('showShareMenu');
    page.instance.onLoad({ id });
    await waitFor(() => page.querySelector('.detail__title'), 'the product');
    return page;
  }
  const barButton = (page: Page, cls: string): AnyComponent | undefined =>
    page.querySelector(cls)?.querySelector('.van-goods-action-button')?.querySelector('.van-button');

  test('加入购物车 without a chosen SKU opens the picker; 确定 adds the chosen SKU and the cart icon counts it', async () => {
    const page = await openDetail('tee', 'pd-add');
    const { showToast } = mockWx('showToast');
    await tap(barButton(page, '.detail__add'), '加入购物车');
    await waitFor(() => page.querySelector('.sku__confirm'), 'the picker with 确定');
    expect(callsOf('cart', 'add')).toEqual([]);
    const value = (text: string) => page.querySelectorAll('.sku__value').find((v: AnyComponent) => textOf(v) === text);
    await tap(value('白色'));
    await tap(value('M'));
    await tap(vantButton(page.querySelector('.sku__confirm')), '确定');
    await waitFor(() => callsOf('cart', 'add').length === 1, 'cart.add');
    expect(callsOf('cart', 'add')).toEqual([{ skuId: 'tee-white-m', qty: 1 }]);
    await waitFor(() => showToast.mock.calls.length > 0, 'the toast');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已加入购物车' }));
    await waitFor(() => textOf(page.querySelector('.detail__cart')).includes('1'), 'the cart count on the icon');

    // With the SKU chosen, 加入购物车 adds straight away.
    await tap(barButton(page, '.detail__add'), '加入购物车 again');
    await waitFor(() => callsOf('cart', 'add').length === 2, 'the second cart.add');
    await waitFor(() => textOf(page.querySelector('.detail__cart')).includes('2'), 'two in the cart');
  });

  test('立即购买 of a single-SKU product goes straight to checkout with that one item', async () => {
    const page = await openDetail('cable', 'pd-buy');
    const { navigateTo } = mockWx('navigateTo');
    await tap(barButton(page, '.detail__buy'), '立即购买');
    expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/order/pages/checkout/index?items=${encodeURIComponent('cable-1*1')}` });
    expect(callsOf('cart', 'add')).toEqual([]);
  });
});

describe('addresses', () => {
  const field = (page: Page, cls: string): AnyComponent | undefined => page.querySelector(cls);
  /** Types into a van-field: an input event on its <input> / <textarea>. */
  async function type(page: Page, cls: string, value: string): Promise<void> {
    const control = (field(page, cls)?.querySelectorAll('.van-field__control') ?? []).find((c: AnyComponent) =>
      /^WX-(INPUT|TEXTAREA)$/i.test(c.dom?.tagName ?? ''),
    );
    if (!control) throw new Error(`no input in ${cls}`);
    control.dispatchEvent('input', { detail: { value } });
    await settle(20);
  }
  const valueOf = (page: Page, cls: string): unknown => field(page, cls)?.data.value;
  const errorOf = (page: Page, cls: string): string => textOf(field(page, cls)?.querySelector('.van-field__error-message'));

  test('the edit form checks like the server before saving, then saves and goes back', async () => {
    const { page } = loadPage('packages/user/pages/address-edit/index', cloud, { storage: { devOpenid: 'ad-new' } });
    const { showToast, navigateBack } = mockWx('showToast', 'navigateBack', 'setNavigationBarTitle');
    await page.instance.onLoad({});
    await tap(vantButton(page.querySelector('.edit__save')), '保存');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请填写收货人' }));
    await waitFor(() => errorOf(page, '.edit__phone') === '请填写手机号', 'the phone error');
    expect(errorOf(page, '.edit__region')).toBe('请选择所在地区');
    expect(callsOf('user', 'saveAddress')).toEqual([]);

    await type(page, '.edit__name', '赵六');
    await type(page, '.edit__phone', '12345678901');
    await waitFor(() => errorOf(page, '.edit__phone') === '手机号格式不正确', 'the phone format error');
    await type(page, '.edit__phone', '13600136000');
    page.instance.onRegionChange({ detail: { value: ['上海市', '上海市', '浦东新区'] } });
    await type(page, '.edit__detail', '世纪大道 1 号');
    await waitFor(() => !errorOf(page, '.edit__phone') && !errorOf(page, '.edit__region'), 'no errors');
    expect(valueOf(page, '.edit__region')).toBe('上海市 浦东新区'); // a municipality once (issue 7)

    await tap(vantButton(page.querySelector('.edit__save')), '保存');
    await waitFor(() => navigateBack.mock.calls.length === 1, 'back to the list');
    expect(callsOf('user', 'saveAddress')).toEqual([
      { name: '赵六', phone: '13600136000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 1 号', isDefault: false },
    ]);
    const saved = await cloud.api<Array<{ name: string; isDefault: boolean }>>('user', 'addresses', {}, 'ad-new');
    expect(saved).toEqual([expect.objectContaining({ name: '赵六', isDefault: true })]);
  });

  test('导入微信地址 fills the form; what the server refuses is shown as a toast', async () => {
    for (let i = 0; i < 20; i += 1) await cloud.api('user', 'saveAddress', { ...ADDRESS, detail: `建国路 ${i + 1} 号` }, 'ad-full');
    const { page } = loadPage('packages/user/pages/address-edit/index', cloud, { storage: { devOpenid: 'ad-full' } });
    const { showToast, navigateBack, chooseAddress } = mockWx('showToast', 'navigateBack', 'chooseAddress', 'setNavigationBarTitle');
    chooseAddress.mockImplementation((o: { success(r: unknown): void }) =>
      o.success({ userName: '孙七', telNumber: '13500135000', provinceName: '江苏省', cityName: '南京市', countyName: '玄武区', detailInfo: '中山路 1 号', errMsg: 'chooseAddress:ok' }),
    );
    await page.instance.onLoad({});
    await tap(page.querySelector('.edit__import'), '导入微信地址');
    await waitFor(() => valueOf(page, '.edit__name') === '孙七', 'the imported name');
    expect(valueOf(page, '.edit__phone')).toBe('13500135000');
    expect(valueOf(page, '.edit__region')).toBe('江苏省 南京市 玄武区');
    expect(valueOf(page, '.edit__detail')).toBe('中山路 1 号');

    await tap(vantButton(page.querySelector('.edit__save')), '保存');
    await waitFor(() => showToast.mock.calls.length === 1, 'the toast');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '最多保存 20 个收货地址，请先删除不用的地址' }));
    expect(navigateBack).not.toHaveBeenCalled();
  });

  test('checkout picks an address from the list (select mode) and gets it on return', async () => {
    await cloud.api('user', 'saveAddress', ADDRESS, 'ad-pick');
    const other = await cloud.api<{ id: string }>('user', 'saveAddress', { ...ADDRESS, name: '周八', detail: '三里屯 9 号' }, 'ad-pick');
    const { page: checkout, mp } = loadPage('packages/order/pages/checkout/index', cloud, { storage: { devOpenid: 'ad-pick' } });
    checkout.instance.onLoad({ items: 'cable-1*1' });
    checkout.instance.onShow();
    await waitFor(() => textOf(checkout.querySelector('.address')).includes('王五'), 'the default address');

    // The list page shares the stores of this module registry (same mini program).
    const simulate = require('miniprogram-simulate') as typeof import('miniprogram-simulate');
    const path = require('path') as typeof import('path');
    const root = path.resolve(__dirname, '../../miniprogram');
    const listId = simulate.load(path.join(root, 'packages/user/pages/address-list/index'), { compiler: 'official', rootPath: root });
    const list = simulate.render(listId) as Page;
    const doc = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;
    list.attach(doc.createElement('parent-wrapper') as Parameters<Page['attach']>[0]);
    const { navigateBack } = mockWx('navigateBack', 'setNavigationBarTitle');
    list.instance.onLoad({ select: '1' });
    list.instance.onShow();
    await waitFor(() => list.querySelectorAll('.address__main').length === 2, 'two addresses');
    const row = list.querySelectorAll('.address__main').find((r: AnyComponent) => textOf(r).includes('周八'));
    await tap(row, 'the 周八 address');
    expect(navigateBack).toHaveBeenCalled();
    expect(mp<typeof import('../../miniprogram/stores/address')>('stores/address').addressStore.picked?.id).toBe(other.id);

    checkout.instance.onShow();
    await waitFor(() => textOf(checkout.querySelector('.address')).includes('周八'), 'the picked address');
    expect(callsOf('order', 'quote').pop()).toEqual({ items: [{ skuId: 'cable-1', qty: 1 }], addressId: other.id });
  });
});

describe('coupons', () => {
  test('the coupon center shows 立即领取 / 已抢光 with each rule, and claiming a one-per-shopper coupon turns it to 已领取', async () => {
    await cloud.api('coupon', 'claim', { templateId: COUPONS.limited }, 'cp-first');
    const { page } = loadPage('packages/coupon/pages/center/index', cloud, { storage: { devOpenid: 'cp-center' } });
    const { showToast } = mockWx('showToast');
    page.instance.onShow();
    await waitFor(() => page.querySelectorAll('.center-item').length === 6, 'six coupons');
    const item = (name: string) => page.querySelectorAll('.center-item').find((i: AnyComponent) => textOf(i).includes(name));
    const index = (name: string) => page.querySelectorAll('.center-item').findIndex((i: AnyComponent) => textOf(i).includes(name));
    /** The claim button of a coupon (slotted into its card, so found from the page, one per coupon). */
    const claim = (name: string) => page.querySelectorAll('.center-item__claim')[index(name)];
    expect(textOf(claim('立减5元'))).toBe('立即领取');
    expect(textOf(claim('限量1张'))).toBe('已抢光');
    expect(claim('限量1张')?.querySelector('.van-button')?.dom?.className ?? '').toContain('van-button--disabled');
    expect(textOf(item('满200减30'))).toContain('满200元可用');
    expect(textOf(item('T恤9折'))).toContain('9');
    expect(textOf(item('T恤9折'))).toContain('限指定商品');
    expect(textOf(item('立减5元'))).toContain('领取后 30 天内有效');

    expect(textOf(item('新人满30减3'))).toContain('新人专享');

    // One per shopper: claimed, the button says so.
    await tap(claim('新人满30减3')?.querySelector('.van-button'), '立即领取');
    await waitFor(() => textOf(claim('新人满30减3')) === '已领取', 'claimed');
    expect(callsOf('coupon', 'claim')).toEqual([{ templateId: COUPONS.newcomer }]);
    expect(callsOf('coupon', 'center')).toHaveLength(2);
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '领取成功' }));
  });

  test('my coupons: 可使用 lists the claimed ones; tabs ask coupon.mine by status', async () => {
    await cloud.api('coupon', 'claim', { templateId: COUPONS.fiveOff }, 'cp-mine');
    const { page } = loadPage('packages/coupon/pages/mine/index', cloud, { storage: { devOpenid: 'cp-mine' } });
    page.instance.onLoad({});
    await waitFor(() => page.querySelectorAll('.mine-item').length === 1, 'one coupon');
    expect(textOf(page.querySelector('.mine-item'))).toContain('立减5元');
    expect(textOf(page.querySelector('.mine-item'))).toContain('去使用');
    page.instance.onTabChange({ detail: { index: 1 } });
    await waitFor(() => textOf(page).includes('没有相关优惠券'), 'no used coupons');
    expect(callsOf('coupon', 'mine')).toEqual([{ status: 'usable' }, { status: 'used' }]);
  });
});

describe('orders and me', () => {
  async function placeOrder(openid: string, n: number): Promise<string[]> {
    const address = await cloud.api<{ id: string }>('user', 'saveAddress', ADDRESS, openid);
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const o = await cloud.api<{ orderId: string }>('order', 'create', { items: [{ skuId: `snack-${6 + i}-sku`, qty: 1 }], addressId: address.id, requestId: `list-${openid}-${i}-x` }, openid);
      ids.push(o.orderId);
    }
    return ids;
  }

  test('the order list shows every order under 全部 and a status tab only its orders', async () => {
    const [first, second] = await placeOrder('ol-user', 2);
    await cloud.api('order', 'cancel', { orderId: first }, 'ol-user');
    const { page } = loadPage('packages/order/pages/list/index', cloud, { storage: { devOpenid: 'ol-user' } });
    const { navigateTo } = mockWx('navigateTo');
    page.instance.onLoad({ status: 'pending_payment' });
    await waitFor(() => page.querySelectorAll('.order-card').length === 1, 'one pending order');
    expect(callsOf('order', 'list')).toEqual([{ status: 'pending_payment' }]);
    expect(textOf(page.querySelector('.order-card'))).toContain('待付款');
    expect(page.querySelector('.orders__tabs')?.data.active).toBe(1);

    page.instance.onTabChange({ detail: { index: 0 } });
    await waitFor(() => page.querySelectorAll('.order-card').length === 2, 'both orders');
    expect(page.querySelectorAll('.order-card').map(textOf).join('|')).toContain('已取消');
    await tap(page.querySelectorAll('.order-card').find((c: AnyComponent) => textOf(c).includes('待付款')), 'the pending order');
    expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/order/pages/detail/index?orderId=${encodeURIComponent(second)}` });
  });

  test('the order list sends summaries, and the next page by path only', async () => {
    const address = await cloud.api<{ id: string }>('user', 'saveAddress', ADDRESS, 'ol-paged');
    const five = [1, 2, 3, 4, 5].map((n) => ({ skuId: `snack-${n}-sku`, qty: 1 }));
    await cloud.api('order', 'create', { items: five, addressId: address.id, requestId: 'paged-five-lines' }, 'ol-paged');
    for (let i = 0; i < 11; i += 1) {
      await cloud.api('order', 'create', { items: [{ skuId: 'cable-1', qty: 1 }], addressId: address.id, requestId: `paged-${i}-xxxx` }, 'ol-paged');
    }
    const { page } = loadPage('packages/order/pages/list/index', cloud, { storage: { devOpenid: 'ol-paged' } });
    const sets: Array<Record<string, unknown>> = [];
    const setData = page.instance.setData.bind(page.instance);
    page.instance.setData = (data: Record<string, unknown>) => {
      sets.push(data);
      return setData(data);
    };
    page.instance.onLoad({});
    await waitFor(() => page.querySelectorAll('.order-card').length === 10, 'the first page');
    const whole = sets.filter((d) => 'orders' in d).map((d) => d.orders as Array<Record<string, unknown>>);
    expect(whole[whole.length - 1]).toHaveLength(10);

    const mark = sets.length;
    page.instance.onReachBottom();
    await waitFor(() => page.querySelectorAll('.order-card').length === 12, 'the second page');
    const later = sets.slice(mark).filter((d) => Object.keys(d).some((k) => k.startsWith('orders')));
    // The second page went by path: orders[10], orders[11] - not the whole list again.
    expect(later.map((d) => Object.keys(d).filter((k) => k.startsWith('orders')))).toEqual([['orders[10]', 'orders[11]']]);

    // Cards are summaries: no line arrays; at most four thumbnails for the order of five lines.
    const cards = [...whole[whole.length - 1], ...later.flatMap((d) => Object.values(d))] as Array<Record<string, unknown>>;
    for (const card of cards) expect(Object.keys(card)).not.toContain('lines');
    const fiveLines = cards.find((c) => c.itemCount === 5);
    expect(fiveLines?.single).toBeNull();
    expect(fiveLines?.thumbs).toHaveLength(4);
    expect(textOf(page.querySelectorAll('.order-card')[11])).toContain('共 5 件');
    page.instance.onUnload();
  });

  test('Me links to the orders (with status shortcuts), addresses and coupons', async () => {
    const { page } = loadPage('pages/me/index', cloud);
    const { navigateTo } = mockWx('navigateTo');
    page.instance.onShow();
    const shortcuts = page.querySelectorAll('.me__order-shortcut');
    expect(shortcuts.map(textOf)).toEqual(['待付款', '待发货', '待收货', '已完成', '退款/售后']);
    await tap(shortcuts[2].querySelector('.van-grid-item__content') ?? shortcuts[2].querySelector('view'), '待收货');
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/order/pages/list/index?status=shipped' });
    await tap(page.querySelector('.me__orders')?.querySelector('.van-cell'), '全部订单');
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/order/pages/list/index' });
    expect(textOf(page)).toContain('收货地址');
    expect(textOf(page)).toContain('领券中心');
    expect(textOf(page)).toContain('我的优惠券');
  });
});
