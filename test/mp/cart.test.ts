/**
 * Cart page against the real local cloud: lines from cart.get, the stepper (cart.set), swipe-to-delete
 * (cart.remove), 全选 and single selection (cart.select) reflected in the submit bar, the 失效商品 section for an
 * off-sale and a sold-out line, the empty state, and 结算 with the selected lines.
 */
import { AnyComponent, loadPage, Page, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const CART = 'pages/cart/index';
const cloud = useLocalCloud(SHOP);

const lines = (page: Page): AnyComponent[] => page.querySelectorAll('.valid-line');

async function openCart(openid: string, lineCount: number): Promise<Page> {
  const { page } = loadPage(CART, cloud, { storage: { devOpenid: openid } });
  page.instance.onShow();
  await waitFor(() => lines(page).length === lineCount, `${lineCount} cart lines`);
  return page;
}

function indexOf(page: Page, title: string): number {
  const i = lines(page).findIndex((l) => textOf(l).includes(title));
  if (i < 0) throw new Error(`no cart line ${title}`);
  return i;
}
function line(page: Page, title: string): AnyComponent {
  return lines(page)[indexOf(page, title)];
}
/** An element of the line titled `title` (slotted content is found from the page, one per line). */
function partOf(page: Page, title: string, selector: string): AnyComponent | undefined {
  return page.querySelectorAll(selector)[indexOf(page, title)];
}
/** "¥177.90" as the submit bar shows it. */
const barTotal = (page: Page): string => textOf(page.querySelector('.cart__bar')?.querySelector('.van-submit-bar__price')).replace(/\s/g, '');
const barButton = (page: Page): AnyComponent | undefined =>
  page.querySelector('.cart__bar')?.querySelector('.van-submit-bar__button')?.querySelector('.van-button');
const checkbox = (host: AnyComponent | undefined): AnyComponent | undefined => host?.querySelector('.van-checkbox__icon-wrap');
const isChecked = (host: AnyComponent | undefined): boolean => !!host?.dom?.querySelector('[class*="van-checkbox__icon--checked"]');
const cartCalls = (action: string) => cloud.calls.filter((c) => c.path === '/api/cart' && c.body?.action === action).map((c) => c.body?.data);

test('lists the lines from the backend, newest first, with specs, prices and the selected subtotal', async () => {
  await cloud.api('cart', 'add', { skuId: 'tee-white-l', qty: 2 }, 'cart-list');
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 1 }, 'cart-list');
  const page = await openCart('cart-list', 2);
  expect(page.querySelectorAll('.line__title').map(textOf)).toEqual(['快充数据线 1 米', '纯棉短袖 T 恤']);
  expect(textOf(line(page, 'T 恤'))).toContain('白色 / L');
  expect(textOf(line(page, 'T 恤'))).toContain('¥79.00');
  expect(barTotal(page)).toBe('¥177.90');
  expect(textOf(barButton(page))).toBe('结算(2)');
  expect(cartCalls('get')).toEqual([{}]);
  expect(cloud.calls[0].openid).toBe('cart-list');
});

test('the stepper changes the quantity through cart.set and the subtotal follows the server', async () => {
  await cloud.api('cart', 'add', { skuId: 'tee-white-l', qty: 2 }, 'cart-qty');
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 1 }, 'cart-qty');
  const page = await openCart('cart-qty', 2);
  const stepper = partOf(page, '数据线', '.line__stepper');
  await tap(stepper?.querySelector('.van-stepper__plus'), 'the + of the cable line');
  await waitFor(() => barTotal(page) === '¥197.80', 'the subtotal with two cables');
  expect(cartCalls('set')).toEqual([{ skuId: 'cable-1', qty: 2 }]);
  expect(Number(stepper?.data.currentValue)).toBe(2);

  // The stepper stops at the SKU's stock (白色/L has 8).
  const teeStepper = partOf(page, 'T 恤', '.line__stepper');
  expect(teeStepper?.data.max).toBe(8);
  await tap(teeStepper?.querySelector('.van-stepper__minus'), 'the - of the tee line');
  await waitFor(() => barTotal(page) === '¥118.80', 'the subtotal with one tee');
  expect(cartCalls('set')).toEqual([{ skuId: 'cable-1', qty: 2 }, { skuId: 'tee-white-l', qty: 1 }]);
});

test('swipe-cell 删除 removes a line through cart.remove', async () => {
  await cloud.api('cart', 'add', { skuId: 'snack-3-sku', qty: 1 }, 'cart-del');
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 1 }, 'cart-del');
  const page = await openCart('cart-del', 2);
  await tap(partOf(page, '数据线', '.line__delete'), 'the 删除 button');
  await waitFor(() => lines(page).length === 1, 'one line left');
  expect(cartCalls('remove')).toEqual([{ skuIds: ['cable-1'] }]);
  expect(textOf(lines(page)[0])).toContain('休闲零食 3 号');
  expect(barTotal(page)).toBe('¥11.90');
});

test('an off-sale and a sold-out line show under 失效商品, cannot be selected, and 清空失效商品 removes them', async () => {
  await cloud.api('cart', 'add', { skuId: 'snack-1-sku', qty: 1 }, 'cart-invalid');
  await cloud.api('cart', 'add', { skuId: 'snack-2-sku', qty: 2 }, 'cart-invalid');
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 1 }, 'cart-invalid');
  await cloud.update('products', 'snack-01', { onSale: false });
  await cloud.update('skus', 'snack-1-sku', { onSale: false });
  await cloud.update('skus', 'snack-2-sku', { stock: 0 });

  const page = await openCart('cart-invalid', 1);
  await waitFor(() => page.querySelectorAll('.invalid-line').length === 2, 'two invalid lines');
  expect(textOf(page.querySelector('.invalid__title'))).toBe('失效商品 2 件');
  const invalid = page.querySelectorAll('.invalid-line').map(textOf);
  expect(invalid.find((t) => t.includes('休闲零食 1 号'))).toContain('商品已下架');
  expect(invalid.find((t) => t.includes('休闲零食 2 号'))).toContain('已售罄');
  // Only the valid line counts.
  expect(barTotal(page)).toBe('¥19.90');
  expect(textOf(barButton(page))).toBe('结算(1)');

  await tap(page.querySelector('.invalid__clear'), '清空失效商品');
  await waitFor(() => page.querySelectorAll('.invalid-line').length === 0, 'the invalid lines gone');
  expect(cartCalls('remove')).toEqual([{ skuIds: expect.arrayContaining(['snack-1-sku', 'snack-2-sku']) }]);
  expect(lines(page)).toHaveLength(1);
});

test('全选 and a line checkbox select through cart.select and drive the submit bar', async () => {
  await cloud.api('cart', 'add', { skuId: 'snack-4-sku', qty: 1 }, 'cart-select');
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 2 }, 'cart-select');
  const page = await openCart('cart-select', 2);
  const all = page.querySelector('.cart__all');
  await waitFor(() => isChecked(all), '全选 checked');
  expect(barTotal(page)).toBe('¥52.70');

  await tap(checkbox(all), '全选');
  await waitFor(() => barTotal(page) === '¥0.00', 'nothing selected');
  expect(cartCalls('select')).toEqual([{ skuIds: ['cable-1', 'snack-4-sku'], selected: false }]);
  expect(textOf(barButton(page))).toBe('结算(0)');
  expect(barButton(page)?.dom?.className ?? '').toContain('van-button--disabled');
  expect(isChecked(all)).toBe(false);

  await tap(checkbox(partOf(page, '数据线', '.line__check')), 'the cable checkbox');
  await waitFor(() => barTotal(page) === '¥39.80', 'the cable selected');
  expect(cartCalls('select')[1]).toEqual({ skuIds: ['cable-1'], selected: true });
  expect(isChecked(all)).toBe(false);

  await tap(checkbox(all), '全选');
  await waitFor(() => barTotal(page) === '¥52.70', 'everything selected');
  expect(isChecked(all)).toBe(true);
  expect(textOf(barButton(page))).toBe('结算(2)');
});

test('结算 opens checkout with the selected lines', async () => {
  await cloud.api('cart', 'add', { skuId: 'snack-5-sku', qty: 3 }, 'cart-checkout');
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 1 }, 'cart-checkout');
  await cloud.api('cart', 'select', { skuIds: ['cable-1'], selected: false }, 'cart-checkout');
  const page = await openCart('cart-checkout', 2);
  const navigateTo = jest.fn();
  (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
  await tap(barButton(page), '结算');
  expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/order/pages/checkout/index?from=cart&items=${encodeURIComponent('snack-5-sku*3')}` });
});

test('an empty cart says so and links to the home page', async () => {
  const { page } = loadPage(CART, cloud, { storage: { devOpenid: 'cart-empty' } });
  const switchTab = jest.fn();
  (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
  page.instance.onShow();
  await waitFor(() => textOf(page).includes('购物车还是空的'), 'the empty state');
  expect(page.querySelector('.cart__bar')).toBeUndefined();
  await tap(page.querySelector('.cart__go-home')?.querySelector('.van-button'), '去首页逛逛');
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
});

test('管理 switches the checkboxes to marking lines; 删除 removes the marked ones in one cart.remove, then 完成', async () => {
  await cloud.api('cart', 'add', { skuId: 'tee-white-l', qty: 1 }, 'cart-edit');
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 1 }, 'cart-edit');
  await cloud.api('cart', 'add', { skuId: 'snack-7-sku', qty: 1 }, 'cart-edit');
  const page = await openCart('cart-edit', 3);
  expect(textOf(page.querySelector('.cart__edit'))).toBe('管理');
  expect(page.querySelector('.cart__bar')).toBeTruthy();

  await tap(page.querySelector('.cart__edit'), '管理');
  await waitFor(() => page.querySelector('.cart__edit-bar'), 'the edit bar');
  expect(textOf(page.querySelector('.cart__edit'))).toBe('完成');
  expect(page.querySelector('.cart__bar')).toBeUndefined();
  // Marking is not selecting: nothing is sent until 删除.
  const marks = (): AnyComponent[] => page.querySelectorAll('.line__mark');
  expect(marks()).toHaveLength(3);
  expect(marks().some((m) => isChecked(m))).toBe(false);
  const selectsBefore = cartCalls('select').length;

  await tap(checkbox(marks()[indexOf(page, 'T 恤')]), 'mark the T 恤');
  await tap(checkbox(marks()[indexOf(page, '数据线')]), 'mark the cable');
  await waitFor(() => textOf(page.querySelector('.cart__remove')) === '删除(2)', '删除(2)');
  expect(cartCalls('select')).toHaveLength(selectsBefore);

  const answers = [false, true];
  const showModal = jest.fn((opts: { success?: (r: { confirm: boolean }) => void }) => opts.success?.({ confirm: answers.shift() ?? false }));
  (wx as unknown as { showModal: unknown }).showModal = showModal;
  const removeButton = (): AnyComponent | undefined => page.querySelector('.cart__remove')?.querySelector('.van-button');
  await tap(removeButton(), '删除 (then 取消)');
  expect(cartCalls('remove')).toHaveLength(0);
  await tap(removeButton(), '删除');
  await waitFor(() => lines(page).length === 1, 'one line left');
  expect(cartCalls('remove')).toEqual([{ skuIds: ['tee-white-l', 'cable-1'] }]);
  expect(textOf(lines(page)[0])).toContain('休闲零食 7 号');
  expect(textOf(page.querySelector('.cart__remove'))).toBe('删除');

  // 全选 marks every line; 完成 leaves edit mode with nothing marked.
  await tap(checkbox(page.querySelector('.cart__mark-all')), '全选');
  await waitFor(() => textOf(page.querySelector('.cart__remove')) === '删除(1)', '删除(1)');
  await tap(page.querySelector('.cart__edit'), '完成');
  await waitFor(() => page.querySelector('.cart__bar'), 'the submit bar again');
  expect(page.querySelector('.cart__edit-bar')).toBeUndefined();
});

test('还差 ¥x 免运费 from the server (¥8 shipping, free from ¥99), and a short cart recommends best sellers not in it', async () => {
  await cloud.api('cart', 'add', { skuId: 'cable-1', qty: 2 }, 'cart-ship');
  const page = await openCart('cart-ship', 1);
  await waitFor(() => page.querySelector('.cart__shipping--short'), 'the free-shipping hint');
  expect(textOf(page.querySelector('.cart__shipping--short'))).toBe('还差 ¥59.20 免运费去凑单 ›');

  await waitFor(() => page.querySelectorAll('.recommend__card').length > 0, 'the recommendation strip');
  const recommended = page.querySelectorAll('.recommend__card').map((c: AnyComponent) => textOf(c.querySelector('.card__title')));
  expect(recommended[0]).toBe('纯棉短袖 T 恤');
  expect(recommended).not.toContain('快充数据线 1 米');
  expect(recommended.length).toBeLessThanOrEqual(4);

  await cloud.api('cart', 'add', { skuId: 'tee-white-l', qty: 1 }, 'cart-ship');
  page.instance.onShow();
  await waitFor(() => page.querySelector('.cart__shipping--free'), 'free shipping');
  expect(textOf(page.querySelector('.cart__shipping--free'))).toBe('已满 ¥99.00，免运费');
  expect(page.querySelector('.cart__shipping--short')).toBeUndefined();
});
