/**
 * Order list against the real local cloud: each card shows the order time and a number to read out to customer
 * service, and the action its status allows - 去支付 with the pay-by countdown (pending), 确认收货 (shipped, asked
 * first), 再次购买 (completed / cancelled: the lines go back into the cart, then the cart opens) - and the list's
 * empty state offers 去逛逛.
 */
import { AnyComponent, loadPage, Page, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const LIST = 'packages/order/pages/list/index';
const cloud = useLocalCloud(SHOP);

const ADDRESS = { name: '李四', phone: '13900139000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
let seq = 0;

async function pendingOrder(openid: string, items = [{ skuId: 'cable-1', qty: 1 }]): Promise<{ orderId: string; orderNo: string }> {
  const address = await cloud.api<{ id: string }>('user', 'saveAddress', ADDRESS, openid);
  seq += 1;
  return cloud.api<{ orderId: string; orderNo: string }>('order', 'create', { items, addressId: address.id, requestId: `ol-test-${seq}-${Date.now()}` }, openid);
}

async function pay(orderId: string, openid: string): Promise<void> {
  const prepay = await cloud.api<{ callback: Record<string, unknown> }>('pay', 'prepay', { orderId }, openid);
  await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
}

/** simulate finds elements from a component, not from a plain view: a card's parts are read from the page (one card here). */
const cards = (page: Page): AnyComponent[] => page.querySelectorAll('.order-card');
const part = (page: Page, cls: string): AnyComponent | undefined => page.querySelector(cls);
const button = (page: Page, cls: string): AnyComponent | undefined => page.querySelector(cls)?.querySelector('.van-button');
const statusOf = (page: Page): string => textOf(part(page, '.order-card__status'));

async function openList(openid: string, count: number): Promise<Page> {
  const { page } = loadPage(LIST, cloud, { storage: { devOpenid: openid } });
  page.instance.onLoad({});
  page.instance.onShow();
  await waitFor(() => cards(page).length === count, `${count} order cards`);
  return page;
}

test('a pending card: the order time, a readable number, and 去支付 with a ticking countdown that pays from the list', async () => {
  const { orderNo } = await pendingOrder('ol-pay');
  const page = await openList('ol-pay', 1);
  expect(textOf(part(page, '.order-card__time'))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const no = textOf(part(page, '.order-card__no'));
  expect(no).toMatch(/^订单号 \d{6}-\d{6}-[0-9A-Z]{6}$/);
  expect(no.endsWith(orderNo.slice(-6).toUpperCase())).toBe(true);
  expect(statusOf(page)).toBe('待付款');

  const payText = (): string => textOf(button(page, '.order-card__pay'));
  // The countdown's first text is set by its timer, a moment after the card renders (under a busy CI, not at once).
  await waitFor(() => payText() !== '', 'the pay button with its countdown');
  expect(payText()).toMatch(/^去支付 (30:00|29:[0-5]\d)$/);
  const first = payText();
  await waitFor(() => payText() !== first, 'the countdown to tick', 2500);
  expect(part(page, '.order-card__rebuy')).toBeUndefined();

  const showToast = jest.fn();
  (wx as unknown as { showToast: unknown }).showToast = showToast;
  await tap(button(page, '.order-card__pay'), '去支付');
  await waitFor(() => statusOf(page) === '待发货', 'the paid order', 6000);
  expect(part(page, '.order-card__pay')).toBeUndefined();
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '支付成功' }));
  page.instance.onUnload();
});

test('a shipped card asks before 确认收货; a completed one offers 再次购买, which refills the cart and opens it', async () => {
  const { orderId } = await pendingOrder('ol-ship', [
    { skuId: 'cable-1', qty: 2 },
    { skuId: 'snack-1-sku', qty: 1 },
  ]);
  await pay(orderId, 'ol-ship');
  await cloud.api('merchant', 'shipOrder', { orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' }, 'dev-merchant');
  const page = await openList('ol-ship', 1);
  expect(statusOf(page)).toBe('待收货');
  expect(page.querySelectorAll('.order-card__image')).toHaveLength(2);

  const answers: boolean[] = [false, true];
  const showModal = jest.fn((opts: { success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
    const confirm = answers.shift() ?? false;
    opts.success?.({ confirm, cancel: !confirm });
  });
  (wx as unknown as { showModal: unknown }).showModal = showModal;
  const confirmCalls = () => cloud.calls.filter((c) => c.path === '/api/order' && c.body?.action === 'confirmReceipt');

  await tap(button(page, '.order-card__confirm'), '确认收货');
  expect(showModal).toHaveBeenCalledTimes(1);
  expect(confirmCalls()).toHaveLength(0);
  await tap(button(page, '.order-card__confirm'), '确认收货 again');
  await waitFor(() => statusOf(page) === '已完成', 'the completed order');
  expect(confirmCalls().map((c) => c.body?.data)).toEqual([{ orderId }]);

  const switchTab = jest.fn();
  (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
  await waitFor(() => button(page, '.order-card__rebuy'), '再次购买');
  expect(textOf(button(page, '.order-card__rebuy'))).toBe('再次购买');
  await tap(button(page, '.order-card__rebuy'), '再次购买');
  await waitFor(() => switchTab.mock.calls.length === 1, 'the cart to open');
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/cart/index' });
  const cart = await cloud.api<{ lines: Array<{ skuId: string; qty: number }> }>('cart', 'get', {}, 'ol-ship');
  expect(cart.lines.map((l) => [l.skuId, l.qty]).sort()).toEqual([
    ['cable-1', 2],
    ['snack-1-sku', 1],
  ]);
  page.instance.onUnload();
});

test('a cancelled card offers 再次购买; no orders at all offers 去逛逛', async () => {
  const { orderId } = await pendingOrder('ol-cancel');
  await cloud.api('order', 'cancel', { orderId }, 'ol-cancel');
  const page = await openList('ol-cancel', 1);
  expect(statusOf(page)).toBe('已取消');
  expect(button(page, '.order-card__rebuy')).toBeTruthy();
  expect(part(page, '.order-card__pay')).toBeUndefined();
  page.instance.onUnload();

  const { page: empty } = loadPage(LIST, cloud, { storage: { devOpenid: 'ol-nobody' } });
  const switchTab = jest.fn();
  (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
  empty.instance.onLoad({});
  await waitFor(() => textOf(empty).includes('还没有相关订单'), 'the empty state');
  await tap(empty.querySelector('.orders__go-home')?.querySelector('.van-button'), '去逛逛');
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
  empty.instance.onUnload();
});
