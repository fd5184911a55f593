/**
 * The refund request page against the real local cloud: the lines of a paid order with steppers bounded by what
 * is refundable, the server's amount for the chosen lines, the reason sheet, submitting once (a double tap makes
 * one after-sale) and landing on the after-sale; and the order detail's 申请退款 / 售后 row around it.
 */
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const APPLY = 'packages/aftersale/pages/apply/index';
const cloud = useLocalCloud(SHOP);

const ADDRESS = { name: '李四', phone: '13900139000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
let seq = 0;

interface Quote {
  amount: number;
  shippingRefund: number;
  lines: Array<{ skuId: string; qty: number; amount: number }>;
}
interface AfterSaleView {
  id: string;
  status: string;
  amount: number;
  reason: string;
  lines: Array<{ skuId: string; qty: number }>;
}

/** A paid order of `openid`: two data cables and one snack (¥39.80 + ¥9.90 + ¥8 shipping). */
async function paidOrder(openid: string): Promise<string> {
  const address = await cloud.api<{ id: string }>('user', 'saveAddress', ADDRESS, openid);
  seq += 1;
  const { orderId } = await cloud.api<{ orderId: string }>(
    'order',
    'create',
    { items: [{ skuId: 'cable-1', qty: 2 }, { skuId: 'snack-1-sku', qty: 1 }], addressId: address.id, requestId: `refund-test-${seq}-${Date.now()}` },
    openid,
  );
  const prepay = await cloud.api<{ callback: Record<string, unknown> }>('pay', 'prepay', { orderId }, openid);
  await cloud.dev('/dev/paycallback/payNotify', prepay.callback);
  return orderId;
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

const requests = () => cloud.calls.filter((c) => c.path === '/api/order' && c.body?.action === 'requestRefund');
const quotes = () => cloud.calls.filter((c) => c.path === '/api/order' && c.body?.action === 'refundQuote');
const lineIndex = (page: Page, title: string): number => page.querySelectorAll('.refund-line').findIndex((l: AnyComponent) => textOf(l).includes(title));
const line = (page: Page, title: string): AnyComponent | undefined => page.querySelectorAll('.refund-line')[lineIndex(page, title)];
/** A part of the line showing `title` (the page's elements are queried from the page). */
const linePart = (page: Page, title: string, cls: string): AnyComponent | undefined => page.querySelectorAll(cls)[lineIndex(page, title)];
const amountText = (page: Page): string => textOf(page.querySelector('.apply__amount-value'));
const submitButton = (page: Page): AnyComponent | undefined => page.querySelector('.apply__bar')?.querySelector('.van-submit-bar__button')?.querySelector('.van-button');

async function openApply(orderId: string, openid: string): Promise<Page> {
  const { page } = loadPage(APPLY, cloud, { storage: { devOpenid: openid } });
  mockWx('setNavigationBarTitle');
  page.instance.onLoad({ orderId: encodeURIComponent(orderId) });
  await waitFor(() => page.querySelectorAll('.refund-line').length === 2 && amountText(page) !== '', 'the lines and the amount');
  return page;
}

test('one line and a reason: the amount is the server\'s; a double tap on 提交申请 makes one after-sale and opens it', async () => {
  const openid = 'ra-one';
  const orderId = await paidOrder(openid);
  const page = await openApply(orderId, openid);
  const { showToast, redirectTo } = mockWx('showToast', 'redirectTo');

  // Everything at first: the whole order, shipping included (not shipped yet).
  const whole = await cloud.api<Quote>('order', 'refundQuote', { orderId }, openid);
  expect(whole.amount).toBe(5770);
  expect(amountText(page)).toBe('¥57.70');
  expect(textOf(page.querySelector('.apply__amount-note'))).toContain('含运费 ¥8.00');
  expect(textOf(line(page, '快充数据线'))).toContain('×2');

  // Only the cable line, one piece.
  await tap(linePart(page, '休闲零食', '.refund-line__check'), 'the snack checkbox');
  await waitFor(() => quotes().length === 2, 'the quote of the cables');
  await tap(linePart(page, '快充数据线', '.refund-line__stepper')?.querySelector('.van-stepper__minus'), 'the cable stepper minus');
  const expected = await cloud.api<Quote>('order', 'refundQuote', { orderId, lines: [{ skuId: 'cable-1', qty: 1 }] }, openid);
  await waitFor(() => amountText(page) === `¥${(expected.amount / 100).toFixed(2)}`, 'the server amount of one cable');
  expect(expected.amount).toBe(1990);
  expect(quotes().at(-1)?.body?.data).toEqual({ orderId, lines: [{ skuId: 'cable-1', qty: 1 }] });
  expect(textOf(page.querySelector('.apply__amount-note'))).not.toContain('含运费');

  // No reason yet: the page says so and sends nothing.
  await tap(submitButton(page), '提交申请 without a reason');
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请选择退款原因' }));
  expect(requests()).toHaveLength(0);

  await tap(page.querySelector('.apply__reason')?.querySelector('.van-cell'), '退款原因');
  await waitFor(() => page.querySelector('.apply__reasons')?.data.show === true, 'the reason sheet');
  const items = page.querySelector('.apply__reasons')?.querySelectorAll('.van-action-sheet__item') ?? [];
  expect(items.map(textOf)).toEqual(['不想要了', '商家发错货', '商品破损', '未收到货', '其他']);
  await tap(items[2], '商品破损');
  await waitFor(() => textOf(page.querySelector('.apply__reason')).includes('商品破损'), 'the chosen reason');

  // Two taps before the first answer: one request.
  const button = submitButton(page);
  button?.dispatchEvent('tap');
  button?.dispatchEvent('tap');
  await waitFor(() => redirectTo.mock.calls.length === 1, 'the after-sale page');
  await settle(200);
  expect(requests()).toHaveLength(1);
  // The second tap came before the button showed its spinner: the page refused it.
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '正在提交，请稍候' }));
  expect(requests()[0].body?.data).toEqual({ orderId, reason: 'damaged', lines: [{ skuId: 'cable-1', qty: 1 }] });

  const mine = await cloud.api<{ items: AfterSaleView[] }>('order', 'afterSales', {}, openid);
  expect(mine.items).toHaveLength(1);
  expect(mine.items[0]).toMatchObject({ status: 'requested', amount: 1990, reason: 'damaged', lines: [{ skuId: 'cable-1', qty: 1 }] });
  expect(redirectTo).toHaveBeenCalledWith({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(mine.items[0].id)}&created=1` });

  // Tapping again on this page does not ask a second time.
  await tap(submitButton(page), '提交申请 again');
  expect(requests()).toHaveLength(1);
  page.instance.onUnload();
});

test('an order with an after-sale already open offers its progress instead of a new request', async () => {
  const openid = 'ra-open';
  const orderId = await paidOrder(openid);
  const created = await cloud.api<{ id: string }>('order', 'requestRefund', { orderId, reason: 'not_wanted' }, openid);
  const { page } = loadPage(APPLY, cloud, { storage: { devOpenid: openid } });
  const { redirectTo } = mockWx('redirectTo', 'setNavigationBarTitle');
  page.instance.onLoad({ orderId });
  await waitFor(() => textOf(page).includes('该订单已有售后申请在处理中'), 'the open after-sale');
  expect(page.querySelector('.refund-line')).toBeUndefined();
  await tap(page.querySelector('.apply__open-button')?.querySelector('.van-button'), '查看进度');
  expect(redirectTo).toHaveBeenCalledWith({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(created.id)}` });
  page.instance.onUnload();
});

test('order detail: 申请退款 on a paid order; with a request open, a 售后 row with its amount and no new entry', async () => {
  const openid = 'ra-detail';
  const orderId = await paidOrder(openid);
  const { page } = loadPage('packages/order/pages/detail/index', cloud, { storage: { devOpenid: openid } });
  const { navigateTo } = mockWx('navigateTo');
  page.instance.onLoad({ orderId });
  page.instance.onShow();
  await waitFor(() => textOf(page.querySelector('.status__text')) === '待发货', 'the paid order');
  const refund = page.querySelector('.actions__refund')?.querySelector('.van-button');
  expect(textOf(refund)).toBe('申请退款');
  await tap(refund, '申请退款');
  expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/aftersale/pages/apply/index?orderId=${encodeURIComponent(orderId)}` });

  const created = await cloud.api<{ id: string; amount: number }>('order', 'requestRefund', { orderId, reason: 'not_wanted', lines: [{ skuId: 'snack-1-sku', qty: 1 }] }, openid);
  page.instance.onHide();
  page.instance.onShow(); // back from the request
  await waitFor(() => page.querySelector('.after-sale-row'), 'the 售后 row');
  expect(textOf(page.querySelector('.after-sale-row'))).toBe(`售后处理中 · 待商家处理退款金额 ¥${(created.amount / 100).toFixed(2)}查看进度`);
  expect(page.querySelector('.actions__refund')).toBeUndefined();
  await tap(page.querySelector('.after-sale-row'), 'the 售后 row');
  expect(navigateTo).toHaveBeenLastCalledWith({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(created.id)}` });
  page.instance.onUnload();
});

test('the after-sale page: status, amount, reason; 撤销申请 after confirming, then no more actions', async () => {
  const openid = 'ra-cancel';
  const orderId = await paidOrder(openid);
  const created = await cloud.api<{ id: string }>('order', 'requestRefund', { orderId, reason: 'wrong_item', description: '颜色不对' }, openid);
  const { page } = loadPage('packages/aftersale/pages/detail/index', cloud, { storage: { devOpenid: openid } });
  mockWx('showToast');
  page.instance.onLoad({ id: encodeURIComponent(created.id) });
  page.instance.onShow();
  await waitFor(() => textOf(page.querySelector('.status__text')) === '待商家处理', 'the requested after-sale');
  expect(textOf(page.querySelector('.refund__amount'))).toBe('¥57.70');
  expect(textOf(page.querySelector('.after-sale__reason'))).toBe('商家发错货');
  expect(textOf(page.querySelector('.after-sale__description'))).toBe('颜色不对');
  expect(textOf(page.querySelector('.timeline'))).toContain('提交退款申请');

  await tap(page.querySelector('.actions__cancel')?.querySelector('.van-button'), '撤销申请');
  await waitFor(() => page.querySelector('.after-sale__dialog')?.data.show === true, 'the confirmation');
  const buttons = (page.querySelector('.after-sale__dialog')?.querySelectorAll('.van-dialog__button') ?? []).map((b: AnyComponent) => b.querySelector('.van-button'));
  await tap(buttons[1], 'the 撤销申请 confirmation');
  await waitFor(() => textOf(page.querySelector('.status__text')) === '已撤销', 'the cancelled after-sale');
  expect(page.querySelector('.actions')).toBeUndefined();
  await expect(cloud.api('order', 'afterSale', { id: created.id }, openid)).resolves.toMatchObject({ status: 'cancelled' });
  page.instance.onUnload();
});
