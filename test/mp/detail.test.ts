/**
 * Product detail against the real local cloud: price range, the spec picker, out-of-stock values, quantity, share;
 * and the single-page view Moments opens (scene 1154): the share's own data, no backend call, no buy bar.
 */
import { AnyComponent, loadPage, Page, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const DETAIL = 'packages/goods/pages/detail/index';
const cloud = useLocalCloud(SHOP);

async function openDetail(query: Record<string, string>, title: string): Promise<Page> {
  const { page } = loadPage(DETAIL, cloud);
  (wx as unknown as { showShareMenu: unknown }).showShareMenu = jest.fn();
  page.instance.onLoad(query);
  await waitFor(() => textOf(page.querySelector('.detail__title')) === title, `the title ${title}`);
  return page;
}

async function openPicker(page: Page): Promise<void> {
  await tap(page.querySelector('.detail__spec')?.querySelector('.van-cell'), 'the 选择规格 cell');
  await waitFor(() => page.querySelector('.detail__picker')?.querySelector('.van-popup'), 'the spec popup');
}

const mainPrice = (page: Page): string => textOf(page.querySelector('.detail__amount')?.querySelector('.price__now'));
const pickerPrice = (page: Page): string => textOf(page.querySelector('.sku__price')?.querySelector('.price__now'));
const pickerOriginal = (page: Page): string => textOf(page.querySelector('.sku__price')?.querySelector('.price__original'));
const pickerStock = (page: Page): string => textOf(page.querySelector('.sku__stock'));
const selectionText = (page: Page): string => textOf(page.querySelector('.sku__selection'));

function value(page: Page, text: string): AnyComponent {
  const found = page.querySelectorAll('.sku__value').find((v: AnyComponent) => textOf(v) === text);
  if (!found) throw new Error(`no spec value ${text}`);
  return found;
}
const isSelected = (c: AnyComponent): boolean => (c.dom?.className ?? '').includes('sku__value--selected');
const isDisabled = (c: AnyComponent): boolean => (c.dom?.className ?? '').includes('sku__value--disabled');

test('shows the price range until a SKU is chosen; choosing spec values updates the displayed price and stock', async () => {
  const page = await openDetail({ id: 'tee' }, '纯棉短袖 T 恤');
  // The range covers the SKUs that can be bought (the out-of-stock ones are left out).
  expect(mainPrice(page)).toBe('¥59.00 - ¥79.00');
  expect(textOf(page.querySelector('.detail__spec'))).toContain('请选择 颜色 尺码');
  expect(textOf(page)).toContain('面料：100% 棉');

  await openPicker(page);
  expect(pickerPrice(page)).toBe('¥59.00 - ¥79.00');
  expect(pickerStock(page)).toBe('库存 16 件');

  await tap(value(page, '白色'));
  await waitFor(() => pickerPrice(page) === '¥62.00 - ¥79.00', 'the 白色 price range');
  expect(pickerStock(page)).toBe('库存 11 件');
  expect(isSelected(value(page, '白色'))).toBe(true);
  expect(mainPrice(page)).toBe('¥62.00 - ¥79.00');

  await tap(value(page, 'L'));
  await waitFor(() => pickerPrice(page) === '¥79.00', 'the 白色/L price');
  expect(pickerStock(page)).toBe('库存 8 件');
  expect(selectionText(page)).toBe('已选：白色 / L');
  expect(textOf(page.querySelector('.detail__spec'))).toContain('已选：白色 / L');

  // Switching the size of the chosen colour re-prices.
  await tap(value(page, 'L'));
  await tap(value(page, 'M'));
  await waitFor(() => pickerPrice(page) === '¥62.00', 'the 白色/M price');
  expect(pickerStock(page)).toBe('库存 3 件');
  expect(isSelected(value(page, 'L'))).toBe(false);
});

test('an out-of-stock spec value is rendered disabled and tapping it does not select it', async () => {
  const page = await openDetail({ id: 'tee' }, '纯棉短袖 T 恤');
  await openPicker(page);

  // Every 红色 SKU is sold out.
  const red = value(page, '红色');
  expect(isDisabled(red)).toBe(true);
  await tap(red);
  expect(isSelected(value(page, '红色'))).toBe(false);
  expect(pickerPrice(page)).toBe('¥59.00 - ¥79.00');
  expect(pickerStock(page)).toBe('库存 16 件');

  // 黑色/L is sold out: once 黑色 is chosen, L is disabled and cannot be chosen.
  await tap(value(page, '黑色'));
  await waitFor(() => isDisabled(value(page, 'L')), 'L disabled under 黑色');
  expect(isDisabled(value(page, 'M'))).toBe(false);
  expect(pickerPrice(page)).toBe('¥59.00');
  expect(pickerStock(page)).toBe('库存 5 件');
  await tap(value(page, 'L'));
  expect(isSelected(value(page, 'L'))).toBe(false);
  expect(selectionText(page)).toBe('请选择 尺码');

  await tap(value(page, 'M'));
  await waitFor(() => selectionText(page) === '已选：黑色 / M', 'the 黑色/M selection');
  expect(pickerPrice(page)).toBe('¥59.00');
  expect(pickerOriginal(page)).toBe('¥79.00');
  expect(pickerStock(page)).toBe('库存 5 件');
});

test('the quantity stepper stops at the chosen SKU\'s stock', async () => {
  const page = await openDetail({ id: 'tee' }, '纯棉短袖 T 恤');
  await openPicker(page);
  await tap(value(page, '白色'));
  await tap(value(page, 'M'));
  await waitFor(() => pickerStock(page) === '库存 3 件', 'the 白色/M stock');

  const stepper = page.querySelector('.sku__stepper');
  const plus = stepper?.querySelector('.van-stepper__plus');
  for (let i = 0; i < 5; i += 1) await tap(plus, 'the + button');
  await waitFor(() => Number(stepper?.data.currentValue) === 3, 'quantity 3');
  expect((plus?.dom?.className ?? '')).toContain('van-stepper__plus--disabled');
});

test('an unknown product shows "商品不存在或已下架"', async () => {
  const { page } = loadPage(DETAIL, cloud);
  (wx as unknown as { showShareMenu: unknown }).showShareMenu = jest.fn();
  page.instance.onLoad({ id: 'no-such-product' });
  await waitFor(() => textOf(page).includes('商品不存在或已下架'), 'the not-found state');
  expect(page.querySelector('.detail__spec')).toBeUndefined();
  expect(page.querySelector('.detail__title')).toBeUndefined();
});

test('opens from a mini program code scene; a product without specs has one price and its stock', async () => {
  const page = await openDetail({ scene: encodeURIComponent('id=cable') }, '快充数据线 1 米');
  expect(mainPrice(page)).toBe('¥19.90');
  await openPicker(page);
  expect(page.querySelectorAll('.sku__group')).toHaveLength(0);
  expect(pickerStock(page)).toBe('库存 100 件');
  expect(selectionText(page)).toBe('默认规格');
});

test('shares to chats and Moments with the product title, path and image', async () => {
  const page = await openDetail({ id: 'tee' }, '纯棉短袖 T 恤');
  expect(wx.showShareMenu).toHaveBeenCalledWith({ menus: ['shareAppMessage', 'shareTimeline'] });
  // Not known to be a distributor yet: the card is plain, and WeChat waits for the promise (dist.me says 'none').
  const card = page.instance.onShareAppMessage();
  const plain = { title: '纯棉短袖 T 恤', path: '/packages/goods/pages/detail/index?id=tee', imageUrl: `${cloud.url}/static/img/tee-1.svg` };
  expect(card).toMatchObject(plain);
  await expect(card.promise).resolves.toEqual(plain);
  const image = `${cloud.url}/static/img/tee-1.svg`;
  expect(page.instance.onShareTimeline()).toEqual({
    title: '纯棉短袖 T 恤',
    // What the single-page view shows travels with the share: title, price in fen (the range), the first image.
    query: `id=tee&t=${encodeURIComponent('纯棉短袖 T 恤')}&p=5900-7900&img=${encodeURIComponent(image)}`,
    imageUrl: image,
  });
});

describe('opened from Moments (single-page mode, scene 1154)', () => {
  /** The query a share of `id` carries, from a normal detail page's onShareTimeline. */
  async function sharedQuery(id: string, title: string): Promise<Record<string, string>> {
    const page = await openDetail({ id }, title);
    const { query } = page.instance.onShareTimeline() as { query: string };
    page.instance.onUnload();
    return Object.fromEntries(query.split('&').map((kv: string) => kv.split('=') as [string, string]));
  }

  test('shows the shared product from the share itself, calls nothing, and points to 前往小程序 instead of a buy bar', async () => {
    const query = await sharedQuery('tee', '纯棉短袖 T 恤');
    const { page } = loadPage(DETAIL, cloud, { scene: 1154 });
    const showShareMenu = jest.fn();
    const switchTab = jest.fn();
    Object.assign(wx as unknown as Record<string, unknown>, { showShareMenu, switchTab });
    cloud.calls.length = 0;
    page.instance.onLoad(query);
    await waitFor(() => textOf(page.querySelector('.shared__title')) === '纯棉短袖 T 恤', 'the shared title');
    expect(textOf(page.querySelector('.shared__price')?.querySelector('.price__now'))).toBe('¥59.00 - ¥79.00');
    expect(page.querySelector('.shared__image')).toBeTruthy();
    expect(page.data.preview).toEqual({ id: 'tee', title: '纯棉短袖 T 恤', price: { min: 5900, max: 7900 }, image: `${cloud.url}/static/img/tee-1.svg` });
    expect(textOf(page.querySelector('.shared__note'))).toContain('前往小程序');
    await settle(200);
    // No login there: not one call (no shop.product, no cart.get), no share menu, no tab bar.
    expect(cloud.calls).toEqual([]);
    expect(showShareMenu).not.toHaveBeenCalled();
    expect(switchTab).not.toHaveBeenCalled();
    // Nothing that cannot work there: no buy bar, no cart, no spec picker.
    expect(page.querySelector('.detail__actions')).toBeUndefined();
    expect(page.querySelector('.detail__spec')).toBeUndefined();
    expect(page.querySelector('.detail__picker')).toBeUndefined();
    page.instance.onUnload();
  });

  test('an old share with only the id still says where to go', async () => {
    const { page } = loadPage(DETAIL, cloud, { scene: 1154 });
    page.instance.onLoad({ id: 'tee' });
    await waitFor(() => textOf(page.querySelector('.shared__note')).includes('前往小程序'), 'the note');
    expect(textOf(page.querySelector('.shared__title'))).toBe('好物分享');
    expect(page.querySelector('.shared__price')).toBeUndefined();
    await settle(100);
    expect(cloud.calls).toEqual([]);
    page.instance.onUnload();
  });
});
