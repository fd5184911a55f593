/**
 * Order detail against the real local cloud: a pending order's countdown with 去支付 / 取消订单, cancelling after
 * the van-dialog confirmation, paying from the page, and a shipped order's shipment and 确认收货; the countdown
 * runs on the server's clock (GET /health), not the phone's.
 */
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const DETAIL = 'packages/order/pages/detail/index';
const cloud = useLocalCloud(SHOP);

const ADDRESS = { name: '李四', phone: '13900139000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
let seq = 0;

/** A pending order of `openid` (one cable, ¥19.90 + ¥8 shipping). */
async function pendingOrder(openid: string): Promise<string> {
  const address = await cloud.api<{ id: string }>('user', 'saveAddress', ADDRESS, openid);
  seq += 1;
  const created = await cloud.api<{ orderId: string }>(
    'order',
    'create',
    { items: [{ skuId: 'cable-1', qty: 1 }], addressId: address.id, requestId: `od-test-${seq}-${Date.now()}` },
    openid,
  );
  return created.orderId;
}

async function pay(orderId: string, openid: string): Promise<void> {
  const prepay = await cloud.api<{ mode: string; callback: Record<string, unknown> }>('pay', 'prepay', { orderId }, openid);
  expect(prepay.mode).toBe('sandbox');
  await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
}

async function openOrder(orderId: string, openid: string, status: string): Promise<Page> {
  const { page } = loadPage(DETAIL, cloud, { storage: { devOpenid: openid } });
  page.instance.onLoad({ orderId: encodeURIComponent(orderId) });
  page.instance.onShow();
  await waitFor(() => textOf(page.querySelector('.status__text')) === status, `the status ${status}`);
  return page;
}

const button = (page: Page, cls: string): AnyComponent | undefined => page.querySelector(cls)?.querySelector('.van-button');
/** The dialog's buttons: [再想想, confirm]. */
const dialogButtons = (page: Page): Array<AnyComponent | undefined> =>
  (page.querySelector('.order__dialog')?.querySelectorAll('.van-dialog__button') ?? []).map((b: AnyComponent) => b.querySelector('.van-button'));
const dialogOpen = (page: Page): boolean => page.querySelector('.order__dialog')?.data.show === true;
const orderCalls = (action: string) => cloud.calls.filter((c) => c.path === '/api/order' && c.body?.action === action);

test('a pending order shows the pay-by countdown, ticking, with 去支付 and 取消订单', async () => {
  const orderId = await pendingOrder('od-pending');
  const page = await openOrder(orderId, 'od-pending', '待付款');
  const countdown = (): string => textOf(page.querySelector('.status__time'));
  expect(countdown()).toMatch(/^(30:00|29:[0-5]\d)$/);
  const first = countdown();
  await waitFor(() => countdown() !== first, 'the countdown to tick', 2500);
  expect(textOf(page.querySelector('.status__countdown'))).toContain('超时订单将自动取消');
  expect(button(page, '.actions__pay')).toBeTruthy();
  expect(textOf(button(page, '.actions__pay'))).toBe('去支付');
  expect(textOf(button(page, '.actions__cancel'))).toBe('取消订单');
  expect(page.querySelector('.actions__confirm')).toBeUndefined();
  expect(textOf(page.querySelector('.amounts__payable'))).toBe('¥27.90');
  expect(textOf(page.querySelector('.address'))).toContain('浙江省杭州市西湖区文三路 100 号');
  expect(textOf(page.querySelector('.timeline'))).toContain('已下单');
  page.instance.onUnload();
});

test('取消订单 asks first; 再想想 keeps the order, confirming cancels it (已取消, no more actions)', async () => {
  const orderId = await pendingOrder('od-cancel');
  const page = await openOrder(orderId, 'od-cancel', '待付款');
  await tap(button(page, '.actions__cancel'), '取消订单');
  await waitFor(() => dialogOpen(page) && textOf(page.querySelector('.order__dialog')).includes('确定取消这个订单吗'), 'the confirmation dialog');
  await tap(dialogButtons(page)[0], '再想想');
  await settle(100);
  expect(orderCalls('cancel')).toHaveLength(0);

  await tap(button(page, '.actions__cancel'), '取消订单');
  await waitFor(() => dialogOpen(page), 'the confirmation dialog again');
  await tap(dialogButtons(page)[1], 'the 取消订单 confirmation');
  await waitFor(() => textOf(page.querySelector('.status__text')) === '已取消', 'the cancelled status');
  expect(orderCalls('cancel').map((c) => c.body?.data)).toEqual([{ orderId }]);
  expect(textOf(page.querySelector('.status__hint'))).toBe('买家取消');
  expect(page.querySelector('.actions')).toBeUndefined();
  expect(page.querySelector('.status__countdown')).toBeUndefined();
  expect(textOf(page.querySelector('.timeline'))).toContain('已取消');
  await expect(cloud.api('order', 'detail', { orderId }, 'od-cancel')).resolves.toMatchObject({ status: 'cancelled' });
  page.instance.onUnload();
});

test('去支付 pays in the sandbox and the order turns 待发货', async () => {
  const orderId = await pendingOrder('od-pay');
  const page = await openOrder(orderId, 'od-pay', '待付款');
  const showToast = jest.fn();
  (wx as unknown as { showToast: unknown }).showToast = showToast;
  await tap(button(page, '.actions__pay'), '去支付');
  await waitFor(() => textOf(page.querySelector('.status__text')) === '待发货', 'the paid status', 6000);
  expect(cloud.calls.map((c) => c.path)).toEqual(expect.arrayContaining(['/api/pay', '/dev/paycallback/payNotify']));
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '支付成功' }));
  // Paid: no more paying or cancelling; a refund may be asked for.
  expect(textOf(page.querySelector('.actions'))).toBe('申请退款');
  expect(textOf(page.querySelector('.info'))).toContain('支付时间');
  page.instance.onUnload();
});

test('a shipped order shows its shipment and 确认收货, which completes it after confirming', async () => {
  const orderId = await pendingOrder('od-shipped');
  await pay(orderId, 'od-shipped');
  await cloud.api('merchant', 'shipOrder', { orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' }, 'dev-merchant');

  const page = await openOrder(orderId, 'od-shipped', '待收货');
  expect(textOf(page.querySelector('.shipment'))).toContain('顺丰速运');
  expect(textOf(page.querySelector('.shipment'))).toContain('SF1234567890');
  expect(textOf(button(page, '.actions__confirm'))).toBe('确认收货');
  expect(page.querySelector('.actions__pay')).toBeUndefined();
  expect(page.querySelector('.actions__cancel')).toBeUndefined();

  await tap(button(page, '.actions__confirm'), '确认收货');
  await waitFor(() => dialogOpen(page) && textOf(page.querySelector('.order__dialog')).includes('请确认已收到商品'), 'the confirmation dialog');
  await tap(dialogButtons(page)[1], 'the 确认收货 confirmation');
  await waitFor(() => textOf(page.querySelector('.status__text')) === '已完成', 'the completed status');
  expect(orderCalls('confirmReceipt').map((c) => c.body?.data)).toEqual([{ orderId }]);
  // Received: only 申请售后 is left (within the after-sales window).
  expect(textOf(page.querySelector('.actions'))).toBe('申请售后');
  page.instance.onUnload();
});

test('the tracking number copies to the clipboard; no "优惠 -¥0.00" row; 联系客服 is a contact button with the readable number', async () => {
  const orderId = await pendingOrder('od-copy');
  await pay(orderId, 'od-copy');
  await cloud.api('merchant', 'shipOrder', { orderId, carrier: '顺丰速运', trackingNo: 'SF9876543210' }, 'dev-merchant');
  const page = await openOrder(orderId, 'od-copy', '待收货');
  const setClipboardData = jest.fn();
  (wx as unknown as { setClipboardData: unknown }).setClipboardData = setClipboardData;
  await tap(page.querySelector('.shipment__copy'), '复制 the tracking number');
  expect(setClipboardData).toHaveBeenCalledWith({ data: 'SF9876543210' });

  // No coupon on this order: the discount row is not there at all; shipping is charged (¥19.90 < ¥99).
  expect(page.querySelector('.amounts__discount')).toBeUndefined();
  expect(textOf(page.querySelector('.amounts'))).not.toContain('优惠');
  expect(textOf(page.querySelector('.amounts__shipping'))).toBe('+¥8.00');

  const contact = page.querySelector('.contact__cell');
  expect(contact?.dom?.getAttribute('open-type') ?? contact?.dom?.outerHTML).toContain('contact');
  expect(textOf(contact)).toMatch(/^联系客服订单号 \d{6}-\d{6}-[0-9A-Z]{6}$/);
  page.instance.onUnload();
});

test('an order of someone else is not found', async () => {
  const orderId = await pendingOrder('od-owner');
  const { page } = loadPage(DETAIL, cloud, { storage: { devOpenid: 'od-stranger' } });
  page.instance.onLoad({ orderId });
  await waitFor(() => textOf(page).includes('订单不存在'), 'the not-found state');
  expect(page.querySelector('.status')).toBeUndefined();
  page.instance.onUnload();
});

test("the countdown follows the server's clock: 10 minutes on the server leave 20 minutes to pay, whatever the phone says", async () => {
  const orderId = await pendingOrder('od-clock');
  await cloud.dev('/dev/clock', { advanceMs: 10 * 60_000 });
  try {
    const page = await openOrder(orderId, 'od-clock', '待付款');
    const countdown = (): string => textOf(page.querySelector('.status__time'));
    await waitFor(() => /^(20:00|19:[0-5]\d)$/.test(countdown()), 'the countdown on the server clock');
    expect(cloud.calls.map((c) => `${c.method} ${c.path}`)).toContain('GET /health');
    page.instance.onUnload();
  } finally {
    await cloud.dev('/dev/clock', { advanceMs: -10 * 60_000 });
  }
});
