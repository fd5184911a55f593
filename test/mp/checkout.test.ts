/**
 * Checkout against the real local cloud: the quote's totals (商品金额, 运费, 优惠, 实付), the coupon popup
 * (不使用优惠券 re-quotes; ineligible coupons show why and cannot be chosen), and 提交订单: order.create at the payable
 * on screen, pay.prepay, the sandbox callback, order.detail until paid, then the result page; a price that changed
 * meanwhile (PRICE_CHANGED) replaces the figures, says so and orders nothing.
 */
import { AnyComponent, loadPage, Page, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { COUPONS, SHOP } from './support/fixture';

const CHECKOUT = 'packages/order/pages/checkout/index';
const RESULT = 'packages/order/pages/result/index';
const cloud = useLocalCloud(SHOP);

const ADDRESS = { name: '张三', phone: '13800138000', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' };

/** A shopper with an address and four coupons: ¥5 off, ¥30 off from ¥200, T-shirt only, not started yet. */
async function shopper(openid: string): Promise<void> {
  await cloud.api('user', 'saveAddress', ADDRESS, openid);
  for (const t of [COUPONS.fiveOff, COUPONS.belowThreshold, COUPONS.teeOnly, COUPONS.notStarted]) {
    await cloud.api('coupon', 'claim', { templateId: t }, openid);
  }
}

async function openCheckout(openid: string, items: string): Promise<Page> {
  const { page } = loadPage(CHECKOUT, cloud, { storage: { devOpenid: openid } });
  page.instance.onLoad({ items: encodeURIComponent(items) });
  page.instance.onShow();
  await waitFor(() => textOf(page.querySelector('.totals__payable')), 'the quote');
  return page;
}

const total = (page: Page, name: string): string => textOf(page.querySelector(`.totals__${name}`));
const quoteCalls = () => cloud.calls.filter((c) => c.path === '/api/order' && c.body?.action === 'quote').map((c) => c.body?.data);

/** Whether the coupon popup is shown: van-popup's own `show` (its node stays in the tree once it was opened). */
const popupShown = (page: Page): boolean => page.querySelector('.coupon-popup')?.data.show === true;

async function openCoupons(page: Page): Promise<void> {
  expect(popupShown(page)).toBe(false);
  await tap(page.querySelector('.checkout__coupon')?.querySelector('.van-cell'), 'the 优惠券 cell');
  await waitFor(() => popupShown(page), 'the coupon popup to show');
}

function option(page: Page, name: string): AnyComponent {
  const found = page.querySelectorAll('.coupon-option').find((o) => textOf(o).includes(name));
  if (!found) throw new Error(`no coupon option ${name}`);
  return found;
}

test('shows the address, the lines and the quote: 商品金额, 运费, 优惠 (the best coupon), 实付', async () => {
  await shopper('co-totals');
  const page = await openCheckout('co-totals', 'cable-1*2');
  expect(textOf(page.querySelector('.address'))).toContain('张三');
  expect(textOf(page.querySelector('.address'))).toContain('科技园 1 号');
  expect(textOf(page.querySelector('.checkout-line'))).toContain('快充数据线 1 米');
  expect(textOf(page.querySelector('.checkout-line'))).toContain('×2');
  expect(total(page, 'subtotal')).toBe('¥39.80');
  expect(total(page, 'shipping')).toBe('+¥8.00');
  expect(total(page, 'discount')).toBe('-¥5.00');
  expect(total(page, 'payable')).toBe('¥42.80');
  expect(textOf(page.querySelector('.checkout__coupon'))).toContain('-¥5.00');
  expect(textOf(page.querySelector('.checkout__bar')?.querySelector('.van-submit-bar__price')).replace(/\s/g, '')).toBe('¥42.80');
  // Absent couponId: the server's best coupon.
  expect(quoteCalls()).toEqual([{ items: [{ skuId: 'cable-1', qty: 2 }] }]);
});

test('choosing 不使用优惠券 quotes again with couponId null and the payable goes up', async () => {
  await shopper('co-none');
  const page = await openCheckout('co-none', 'cable-1*2');
  await openCoupons(page);
  expect(textOf(option(page, '立减5元'))).toContain('本单可减 ¥5.00');
  await tap(page.querySelector('.coupon-option--none'), '不使用优惠券');
  await waitFor(() => !popupShown(page), 'the popup to close after a choice');
  await waitFor(() => total(page, 'payable') === '¥47.80', 'the payable without a coupon');
  // Nothing taken off: no "优惠 -¥0.00" row at all.
  expect(page.querySelector('.totals__discount')).toBeUndefined();
  expect(quoteCalls()[1]).toEqual({ items: [{ skuId: 'cable-1', qty: 2 }], couponId: null });
  expect(textOf(page.querySelector('.checkout__coupon'))).toContain('不使用优惠券');

  // And back to a coupon.
  await openCoupons(page);
  await tap(option(page, '立减5元'), 'the ¥5 coupon');
  await waitFor(() => total(page, 'payable') === '¥42.80', 'the payable with the ¥5 coupon');
  expect(quoteCalls()[2]).toMatchObject({ couponId: expect.any(String) });
});

test('an ineligible coupon is greyed with its reason and cannot be chosen', async () => {
  await shopper('co-ineligible');
  const page = await openCheckout('co-ineligible', 'cable-1*2');
  await openCoupons(page);
  const below = option(page, '满200减30');
  expect(textOf(below)).toContain('还差 ¥160.20 可用');
  expect(textOf(option(page, 'T恤9折'))).toContain('不适用于所选商品');
  expect(textOf(option(page, '下周可用券'))).toContain('未到使用时间');
  expect(below.dom?.className ?? '').toContain('coupon-option--ineligible');
  expect(below.dom?.querySelector('[class*="coupon--disabled"]')).toBeTruthy();

  await tap(below, 'the 满200减30 coupon');
  await new Promise((r) => setTimeout(r, 150));
  expect(quoteCalls()).toHaveLength(1);
  expect(total(page, 'payable')).toBe('¥42.80');
  // The popup stays open: nothing was chosen.
  expect(popupShown(page)).toBe(true);
  expect(page.data.couponPopup).toBe(true);
  // Closing it hides it.
  page.instance.onCloseCoupons();
  await waitFor(() => !popupShown(page), 'the popup to close');
});

test('提交订单 creates the order, pays it in the sandbox and lands on the result page', async () => {
  await shopper('co-submit');
  const page = await openCheckout('co-submit', 'cable-1*2');
  const redirectTo = jest.fn();
  (wx as unknown as { redirectTo: unknown }).redirectTo = redirectTo;
  page.instance.onRemarkChange({ detail: '请放门口' });
  await tap(page.querySelector('.checkout__bar')?.querySelector('.van-submit-bar__button')?.querySelector('.van-button'), '提交订单');
  await waitFor(() => redirectTo.mock.calls.length === 1, 'the redirect to the result page', 8000);

  const create = cloud.calls.find((c) => c.path === '/api/order' && c.body?.action === 'create');
  expect(create?.body?.data).toEqual({
    items: [{ skuId: 'cable-1', qty: 2 }],
    couponId: expect.any(String),
    addressId: expect.any(String),
    remark: '请放门口',
    requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    expectedPayable: 4280,
  });
  const paths = cloud.calls.map((c) => `${c.path}${c.body?.action ? `.${c.body.action}` : ''}`);
  expect(paths.slice(paths.indexOf('/api/order.create'))).toEqual(
    expect.arrayContaining(['/api/order.create', '/api/pay.prepay', '/dev/paycallback/payNotify', '/api/order.detail']),
  );
  const url = String((redirectTo.mock.calls[0][0] as { url: string }).url);
  const m = /^\/packages\/order\/pages\/result\/index\?orderId=([^&]+)&paid=1$/.exec(url);
  expect(m).not.toBeNull();
  const orderId = decodeURIComponent(m![1]);
  const order = await cloud.api<{ status: string; payable: number; remark: string }>('order', 'detail', { orderId }, 'co-submit');
  expect(order).toMatchObject({ status: 'paid', payable: 4280, remark: '请放门口' });

  const { page: result } = loadPage(RESULT, cloud, { storage: { devOpenid: 'co-submit' } });
  result.instance.onLoad({ orderId: m![1], paid: '1' });
  await waitFor(() => textOf(result).includes('支付成功'), 'the paid result');
  expect(textOf(result.querySelector('.result__amount'))).toBe('¥42.80');
  result.instance.onUnload();
});

test('without an address the checkout asks for one and cannot be submitted', async () => {
  const page = await openCheckout('co-no-address', 'cable-1*1');
  expect(textOf(page.querySelector('.address'))).toContain('请添加收货地址');
  const button = page.querySelector('.checkout__bar')?.querySelector('.van-submit-bar__button')?.querySelector('.van-button');
  expect(button?.dom?.className ?? '').toContain('van-button--disabled');
  const navigateTo = jest.fn();
  (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
  await tap(page.querySelector('.address'), 'the address cell');
  expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/user/pages/address-list/index?select=1&selected=' });
});

test('the quote reaches the view once: figures, lines, address and coupons, no whole quote', async () => {
  await shopper('co-data');
  const page = await openCheckout('co-data', 'cable-1*2');
  expect(Object.keys(page.data)).not.toContain('quote');
  expect(page.data.totals).toEqual({ subtotal: 3980, shipping: 800, discount: 500, payable: 4280 });
  expect(page.data.lines).toEqual([{ skuId: 'cable-1', title: '快充数据线 1 米', image: expect.stringContaining('/static/img/cable.svg'), specText: '', unitPrice: 1990, qty: 2, listPrice: null }]);
});

test('a price that changed since the quote: the new figures replace the old, a dialog says so, nothing is ordered; submitting again orders at the new price', async () => {
  await cloud.api('user', 'saveAddress', ADDRESS, 'co-price');
  const page = await openCheckout('co-price', 'snack-3-sku*1');
  expect(total(page, 'payable')).toBe('¥19.90'); // ¥11.90 + ¥8 shipping
  const showModal = jest.fn();
  const redirectTo = jest.fn();
  Object.assign(wx as unknown as Record<string, unknown>, { showModal, redirectTo });
  await cloud.update('skus', 'snack-3-sku', { price: 1290 });
  try {
    const submit = () => tap(page.querySelector('.checkout__bar')?.querySelector('.van-submit-bar__button')?.querySelector('.van-button'), '提交订单');
    await submit();
    await waitFor(() => showModal.mock.calls.length === 1, 'the price-changed dialog', 6000);
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '价格有变化', content: '价格有变化，请确认后重新提交', showCancel: false }));
    await waitFor(() => total(page, 'payable') === '¥20.90', 'the new payable');
    expect(total(page, 'subtotal')).toBe('¥12.90');
    expect(redirectTo).not.toHaveBeenCalled();
    const creates = () => cloud.calls.filter((c) => c.path === '/api/order' && c.body?.action === 'create').map((c) => c.body?.data as { expectedPayable: number; requestId: string });
    expect(creates().map((c) => c.expectedPayable)).toEqual([1990]);
    expect(cloud.calls.filter((c) => c.path === '/api/pay')).toEqual([]);
    await expect(cloud.api('order', 'list', {}, 'co-price')).resolves.toMatchObject({ items: [] });

    await submit();
    await waitFor(() => redirectTo.mock.calls.length === 1, 'the result page', 8000);
    expect(creates().map((c) => c.expectedPayable)).toEqual([1990, 2090]);
    expect(creates()[1].requestId).not.toBe(creates()[0].requestId);
  } finally {
    await cloud.update('skus', 'snack-3-sku', { price: 1190 });
  }
});
