/**
 * The merchant's pages against the real local cloud: the after-sales queue (同意退款 with 退回库存 ends refunded after
 * the sandbox's refund callback and the card leaves 待处理; 拒绝 needs a reason), the order desk (search, 发货 with a
 * carrier and tracking number), unapplied payments, and the Me page's 店铺管理 for merchants only.
 */
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const cloud = useLocalCloud(SHOP);
const MERCHANT = 'dev-merchant';
const ADDRESS = { name: '赵六', phone: '13600136000', province: '江苏省', city: '南京市', district: '玄武区', detail: '中山路 1 号' };
let seq = 0;

interface AfterSaleView {
  id: string;
  status: string;
  amount: number;
  restock: boolean;
  note: string | null;
}

type WxMock = Record<string, jest.Mock>;
function mockWx(...names: string[]): WxMock {
  const mocks: WxMock = {};
  for (const name of names) {
    mocks[name] = jest.fn();
    (wx as unknown as Record<string, unknown>)[name] = mocks[name];
  }
  return mocks;
}

async function createOrder(openid: string, items: Array<{ skuId: string; qty: number }>): Promise<{ orderId: string; orderNo: string }> {
  const address = await cloud.api<{ id: string }>('user', 'saveAddress', ADDRESS, openid);
  seq += 1;
  return cloud.api<{ orderId: string; orderNo: string }>('order', 'create', { items, addressId: address.id, requestId: `merchant-test-${seq}-${Date.now()}` }, openid);
}

async function paidOrder(openid: string, items = [{ skuId: 'cable-1', qty: 2 }]): Promise<{ orderId: string; orderNo: string }> {
  const created = await createOrder(openid, items);
  const prepay = await cloud.api<{ callback: Record<string, unknown> }>('pay', 'prepay', { orderId: created.orderId }, openid);
  await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
  return created;
}

async function stockOf(skuId: string): Promise<number> {
  const product = await cloud.api<{ skus: Array<{ id: string; stock: number }> }>('shop', 'product', { id: 'cable' }, 'dev-shopper');
  return product.skus.find((s) => s.id === skuId)?.stock ?? -1;
}

/** The readable number the cards show (utils/order displayOrderNo). */
function readable(orderNo: string): string {
  const m = /^D(\d{6})(\d{6})([0-9a-z]{12})$/.exec(orderNo);
  return m ? `${m[1]}-${m[2]}-${m[3].slice(-6).toUpperCase()}` : orderNo;
}

/** Reads the after-sale until it has `status` (or 5 s have passed) and answers the last read. */
async function untilStatus(openid: string, id: string, status: string): Promise<AfterSaleView> {
  let after = await cloud.api<AfterSaleView>('order', 'afterSale', { id }, openid);
  for (let i = 0; i < 50 && after.status !== status; i += 1) {
    await settle(100);
    after = await cloud.api<AfterSaleView>('order', 'afterSale', { id }, openid);
  }
  return after;
}

const vantButton = (host: AnyComponent | undefined): AnyComponent | undefined => host?.querySelector('.van-button');

describe('the after-sales queue', () => {
  async function openQueue(): Promise<Page> {
    const { page } = loadPage('packages/merchant/pages/after-sales/index', cloud, { storage: { devOpenid: MERCHANT } });
    page.instance.onLoad({});
    page.instance.onShow();
    await waitFor(() => page.data.cards.length > 0 || textOf(page).includes('没有待处理的售后'), 'the queue');
    return page;
  }
  const cardIndex = (page: Page, orderNo: string): number => page.querySelectorAll('.queue-card').findIndex((c: AnyComponent) => textOf(c).includes(readable(orderNo)));
  const cardPart = (page: Page, orderNo: string, cls: string): AnyComponent | undefined => {
    const i = cardIndex(page, orderNo);
    return i < 0 ? undefined : page.querySelectorAll('.queue-card')[i]?.querySelector(cls) ?? undefined;
  };

  test('同意退款 with 退回库存: the refund completes, the stock comes back, the card leaves 待处理 for 已完成', async () => {
    const openid = 'mq-approve';
    const before = await stockOf('cable-1');
    const { orderId, orderNo } = await paidOrder(openid);
    expect(await stockOf('cable-1')).toBe(before - 2);
    const requested = await cloud.api<AfterSaleView>('order', 'requestRefund', { orderId, reason: 'not_wanted', description: '拍多了' }, openid);

    const page = await openQueue();
    const { showToast } = mockWx('showToast');
    await waitFor(() => cardIndex(page, orderNo) >= 0, 'the card of the request');
    const card = page.querySelectorAll('.queue-card')[cardIndex(page, orderNo)];
    expect(textOf(card)).toContain('赵六');
    expect(textOf(card)).toContain('13600136000');
    expect(textOf(card)).toContain('不想要了');
    expect(textOf(card)).toContain('拍多了');
    expect(textOf(card)).toContain('¥47.80'); // two cables and the shipping: nothing had shipped
    expect(textOf(card)).toContain('发货前申请');

    const approves = page.querySelectorAll('.queue-card__approve');
    await tap(vantButton(approves[cardIndex(page, orderNo)]), '同意退款');
    await waitFor(() => page.querySelector('.approve-popup')?.data.show === true, 'the approval sheet');
    expect(textOf(page.querySelector('.sheet__amount'))).toBe('¥47.80');
    expect(page.querySelector('.sheet__restock')?.data.checked).toBe(true); // not shipped: back to stock by default
    await tap(vantButton(page.querySelector('.approve__confirm')), '确认退款');

    await waitFor(() => cardIndex(page, orderNo) < 0, 'the card to leave 待处理');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已同意退款' }));
    const review = cloud.calls.filter((c) => c.path === '/api/merchant' && c.body?.action === 'reviewRefund');
    expect(review.map((c) => c.body?.data)).toEqual([{ id: requested.id, approve: true, restock: true }]);

    // The sandbox sends WeChat Pay's refund callback right after the approval: refunded moments later.
    const after = await untilStatus(openid, requested.id, 'refunded');
    expect(after).toMatchObject({ status: 'refunded', amount: 4780, restock: true });
    expect(await stockOf('cable-1')).toBe(before);
    await expect(cloud.api('order', 'detail', { orderId }, openid)).resolves.toMatchObject({ status: 'refunded', refundedAmount: 4780, afterSale: null });

    page.instance.onTabChange({ detail: { index: 2 } });
    await waitFor(() => cardIndex(page, orderNo) >= 0, 'the card under 已完成');
    expect(textOf(page.querySelectorAll('.queue-card')[cardIndex(page, orderNo)])).toContain('已退款');
    expect(cardPart(page, orderNo, '.queue-card__approve')).toBeUndefined();
    page.instance.onUnload();
  });

  test('拒绝 needs a reason: empty says so and sends nothing; with one the buyer reads it', async () => {
    const openid = 'mq-reject';
    const { orderId, orderNo } = await paidOrder(openid);
    const requested = await cloud.api<AfterSaleView>('order', 'requestRefund', { orderId, reason: 'other' }, openid);
    const page = await openQueue();
    const { showToast } = mockWx('showToast');
    await waitFor(() => cardIndex(page, orderNo) >= 0, 'the card of the request');

    await tap(vantButton(page.querySelectorAll('.queue-card__reject')[cardIndex(page, orderNo)]), '拒绝');
    await waitFor(() => page.querySelector('.reject-popup')?.data.show === true, 'the rejection sheet');
    await tap(vantButton(page.querySelector('.reject__confirm')), '确认拒绝 without a reason');
    await waitFor(() => textOf(page.querySelector('.reject__note')?.querySelector('.van-field__error-message')) === '请填写拒绝原因', 'the missing reason');
    expect(cloud.calls.filter((c) => c.body?.action === 'reviewRefund')).toHaveLength(0);
    expect(page.querySelector('.reject-popup')?.data.show).toBe(true);

    const control = (page.querySelector('.reject__note')?.querySelectorAll('.van-field__control') ?? []).find((c: AnyComponent) => /^WX-TEXTAREA$/i.test(c.dom?.tagName ?? ''));
    control?.dispatchEvent('input', { detail: { value: '商品已拆封使用' } });
    await settle(30);
    await tap(vantButton(page.querySelector('.reject__confirm')), '确认拒绝');
    await waitFor(() => cardIndex(page, orderNo) < 0, 'the card to leave 待处理');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已拒绝' }));
    await expect(cloud.api('order', 'afterSale', { id: requested.id }, openid)).resolves.toMatchObject({ status: 'rejected', note: '商品已拆封使用' });

    page.instance.onTabChange({ detail: { index: 3 } });
    await waitFor(() => cardIndex(page, orderNo) >= 0, 'the card under 已拒绝');
    expect(textOf(page.querySelectorAll('.queue-card')[cardIndex(page, orderNo)])).toContain('商品已拆封使用');
    page.instance.onUnload();
  });

  test('a shopper cannot open the queue', async () => {
    const { page } = loadPage('packages/merchant/pages/after-sales/index', cloud, { storage: { devOpenid: 'dev-shopper' } });
    page.instance.onLoad({});
    await waitFor(() => textOf(page).includes('仅商家可查看售后'), 'the refusal in the server words');
    expect(page.querySelectorAll('.queue-card')).toHaveLength(0);
    page.instance.onUnload();
  });
});

describe('the order desk', () => {
  test('search by the readable number finds the order; 发货 needs a carrier and a tracking number, then ships it', async () => {
    const openid = 'md-ship';
    const { orderId, orderNo } = await paidOrder(openid);
    const { page } = loadPage('packages/merchant/pages/orders/index', cloud, { storage: { devOpenid: MERCHANT } });
    const { showToast } = mockWx('showToast');
    page.instance.onLoad({ status: 'paid' });
    page.instance.onShow();
    await waitFor(() => page.data.orders.length > 0, 'the paid orders');

    page.instance.onSearch({ detail: readable(orderNo) });
    await waitFor(() => page.data.orders.length === 1 && page.data.orders[0].orderId === orderId, 'the one order found');
    const card = page.querySelector('.desk-card');
    expect(textOf(card)).toContain(readable(orderNo));
    expect(textOf(card)).toContain('赵六');
    expect(textOf(card)).toContain('快充数据线 1 米');
    expect(textOf(card)).toContain('待发货');

    await tap(vantButton(page.querySelector('.desk-card__ship')), '发货');
    await waitFor(() => page.querySelector('.ship-popup')?.data.show === true, 'the ship popup');
    const carriers = page.querySelectorAll('.ship__carrier');
    expect(carriers.map(textOf)).toEqual(['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '京东物流', 'EMS', '邮政快递包裹']);
    await tap(vantButton(page.querySelector('.ship__confirm')), '确认发货 with nothing');
    expect(textOf(page.querySelector('.ship__error'))).toBe('请选择快递公司');
    expect(cloud.calls.filter((c) => c.body?.action === 'shipOrder')).toHaveLength(0);

    await tap(carriers[1], '中通快递');
    const control = (page.querySelector('.ship__tracking')?.querySelectorAll('.van-field__control') ?? []).find((c: AnyComponent) => /^WX-INPUT$/i.test(c.dom?.tagName ?? ''));
    control?.dispatchEvent('input', { detail: { value: 'ZT7788990011' } });
    await settle(30);
    await tap(vantButton(page.querySelector('.ship__confirm')), '确认发货');
    await waitFor(() => page.data.orders.length === 0, 'the order to leave 待发货');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发货' }));
    await expect(cloud.api('order', 'detail', { orderId }, openid)).resolves.toMatchObject({ status: 'shipped', shipment: { carrier: '中通快递', trackingNo: 'ZT7788990011' } });
    page.instance.onUnload();
  });

  test('an order with an after-sale open carries its badge and no 发货', async () => {
    const openid = 'md-badge';
    const { orderId, orderNo } = await paidOrder(openid);
    await cloud.api('order', 'requestRefund', { orderId, reason: 'not_wanted' }, openid);
    const { page } = loadPage('packages/merchant/pages/orders/index', cloud, { storage: { devOpenid: MERCHANT } });
    page.instance.onLoad({});
    page.instance.onSearch({ detail: orderNo });
    await waitFor(() => page.data.orders.length === 1 && page.data.orders[0].orderId === orderId, 'the order');
    expect(textOf(page.querySelector('.desk-card__tags'))).toBe('售后 · 待商家处理 ¥47.80');
    expect(page.querySelector('.desk-card__ship')).toBeUndefined();
    page.instance.onUnload();
  });
});

test('unapplied payments: a second payment of a paid order, refunded by the job', async () => {
  const openid = 'mu-second';
  const { orderId, orderNo } = await createOrder(openid, [{ skuId: 'cable-1', qty: 1 }]);
  const prepay = await cloud.api<{ callback: Record<string, unknown> }>('pay', 'prepay', { orderId }, openid);
  await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
  // The shopper paid twice (a second cashier): the money has nowhere to go and must go back.
  await cloud.dev('/dev/paycallback/payNotify', { ...prepay.callback, transactionId: `T-second-${Date.now()}` });
  await cloud.dev('/dev/trigger/jobs', { triggerName: 'refundUnappliedPayments' });

  const { page } = loadPage('packages/merchant/pages/unapplied/index', cloud, { storage: { devOpenid: MERCHANT } });
  page.instance.onLoad();
  await waitFor(() => page.querySelectorAll('.pay-card').some((c: AnyComponent) => textOf(c).includes(orderNo)), 'the payment');
  const card = page.querySelectorAll('.pay-card').find((c: AnyComponent) => textOf(c).includes(orderNo));
  expect(textOf(card)).toContain('订单已关闭需退款');
  expect(textOf(card)).toContain('¥27.90');
  expect(textOf(card)).toMatch(/退款中|已退款/);
  page.instance.onUnload();
});

test('Me shows 店铺管理 to merchants only, and 退款/售后 among the order shortcuts', async () => {
  const merchant = loadPage('pages/me/index', cloud, { storage: { devOpenid: MERCHANT } }).page;
  merchant.instance.onShow();
  await waitFor(() => merchant.querySelectorAll('.me__merchant-entry').length === 7, 'the back office entries');
  // With the badges of what waits for the shop (this file's earlier tests left some), as user.me counts it.
  const { workbench } = await cloud.api<{ workbench: { toShip: number; toReview: number; refundsFailed: number } }>('user', 'me', {}, MERCHANT);
  const badge = (n: number): string => (n > 0 ? String(n) : '');
  expect(merchant.querySelectorAll('.me__merchant-entry').map(textOf)).toEqual([
    `${badge(workbench.toShip)}订单管理`,
    `${badge(workbench.toReview + workbench.refundsFailed)}售后处理`,
    '异常收款',
    '分销员',
    '提现审核',
    '分销设置',
    '直播管理',
  ]);
  expect(merchant.querySelectorAll('.me__order-shortcut').map(textOf)).toEqual(['待付款', '待发货', '待收货', '已完成', '退款/售后']);

  const shopper = loadPage('pages/me/index', cloud, { storage: { devOpenid: 'dev-shopper' } }).page;
  const { navigateTo } = mockWx('navigateTo');
  shopper.instance.onShow();
  await waitFor(() => cloud.calls.some((c) => c.path === '/api/user' && c.body?.action === 'me' && c.openid === 'dev-shopper'), 'user.me');
  await settle(100);
  expect(shopper.querySelector('.merchant-entry')).toBeUndefined();
  const shortcut = shopper.querySelectorAll('.me__order-shortcut')[4];
  await tap(shortcut.querySelector('.van-grid-item__content') ?? shortcut.querySelector('view'), '退款/售后');
  expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/aftersale/pages/list/index' });
});
