/**
 * Order list against the real local cloud: each card shows the order time and a number to read out to customer
 * service, and the action its status allows - 去支付 with the pay-by countdown (pending), 确认收货 (shipped, asked
 * first), 再次购买 (completed / cancelled: the lines go back into the cart, then the cart opens) - an after-sale in
 * progress as a tag and what was refunded so far, and the list's empty state offers 去逛逛.
 */
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
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

const payText = (page: Page): string => textOf(button(page, '.order-card__pay'));

/**
 * Opens the list; `onRender` runs after every setData of the page (simulate renders at once), so a test sees each
 * state the shopper could see, not only the one its polling happens to find.
 */
async function openList(openid: string, count: number, onRender?: (page: Page) => void): Promise<Page> {
  const { page } = loadPage(LIST, cloud, { storage: { devOpenid: openid } });
  if (onRender) {
    const instance = page.instance as { setData(data: Record<string, unknown>, cb?: () => void): void };
    const setData = instance.setData.bind(instance);
    instance.setData = (data, cb) => {
      setData(data, cb);
      onRender(page);
    };
  }
  page.instance.onLoad({});
  page.instance.onShow();
  await waitFor(() => cards(page).length === count, `${count} order cards`);
  return page;
}

/** Reads the after-sale until it has `status` (the sandbox's refund callback comes a moment after the approval). */
async function untilStatus(openid: string, id: string, status: string): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    if ((await cloud.api<{ status: string }>('order', 'afterSale', { id }, openid)).status === status) return;
    await settle(100);
  }
  throw new Error(`after-sale ${id} did not reach ${status}`);
}

test('a pending card: the order time, a readable number, and 去支付 with a ticking countdown that pays from the list', async () => {
  const { orderNo } = await pendingOrder('ol-pay');
  // Every render that shows the card: what its 去支付 button said then (never the card without its countdown).
  const shown: string[] = [];
  const page = await openList('ol-pay', 1, (p) => {
    if (cards(p).length) shown.push(payText(p));
  });
  expect(shown.length).toBeGreaterThan(0);
  for (const text of shown) expect(text).toMatch(/^去支付 (30:00|29:[0-5]\d)$/);
  expect(textOf(part(page, '.order-card__time'))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const no = textOf(part(page, '.order-card__no'));
  expect(no).toMatch(/^订单号 \d{6}-\d{6}-[0-9A-Z]{6}$/);
  expect(no.endsWith(orderNo.slice(-6).toUpperCase())).toBe(true);
  expect(statusOf(page)).toBe('待付款');

  // The card came with its countdown, right after the list loaded: no waiting for the timer's first tick.
  expect(payText(page)).toMatch(/^去支付 (30:00|29:[0-5]\d)$/);
  const first = payText(page);
  await waitFor(() => payText(page) !== first, 'the countdown to tick', 2500);
  expect(payText(page)).toMatch(/^去支付 29:[0-5]\d$/);
  expect(part(page, '.order-card__rebuy')).toBeUndefined();

  const showToast = jest.fn();
  (wx as unknown as { showToast: unknown }).showToast = showToast;
  await tap(button(page, '.order-card__pay'), '去支付');
  await waitFor(() => statusOf(page) === '待发货', 'the paid order', 6000);
  expect(part(page, '.order-card__after-sale')).toBeUndefined();
  expect(part(page, '.order-card__refunded')).toBeUndefined();
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

test('an after-sale in progress tags the card by its status (确认收货 stays); once refunded the card says how much', async () => {
  const openid = 'ol-after';
  const { orderId } = await pendingOrder(openid, [{ skuId: 'cable-1', qty: 2 }]);
  await pay(orderId, openid);
  await cloud.api('merchant', 'shipOrder', { orderId, carrier: '顺丰速运', trackingNo: 'SF1234567891' }, 'dev-merchant');
  const asked = await cloud.api<{ id: string; amount: number }>('order', 'requestRefund', { orderId, lines: [{ skuId: 'cable-1', qty: 1 }], reason: 'damaged' }, openid);

  const page = await openList(openid, 1);
  expect(statusOf(page)).toBe('待收货');
  expect(textOf(part(page, '.order-card__after-sale'))).toBe('售后 · 待商家处理');
  expect(part(page, '.order-card__refunded')).toBeUndefined();
  // The server lets the shopper confirm receipt while a refund is asked: the card keeps offering it.
  expect(textOf(button(page, '.order-card__confirm'))).toBe('确认收货');

  await cloud.api('merchant', 'reviewRefund', { id: asked.id, approve: true, restock: false }, 'dev-merchant');
  await untilStatus(openid, asked.id, 'refunded');
  page.instance.onShow(); // back from the after-sale's page: the list is read again
  await waitFor(() => part(page, '.order-card__refunded'), 'the refunded amount');
  expect(textOf(part(page, '.order-card__refunded'))).toBe(`已退款 ¥${(asked.amount / 100).toFixed(2)}`);
  expect(asked.amount).toBe(1990); // one cable; the order had shipped, so no shipping back
  expect(part(page, '.order-card__after-sale')).toBeUndefined();
  expect(statusOf(page)).toBe('待收货'); // one of two cables refunded: the order goes on
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
