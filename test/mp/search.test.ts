/** Search page: keyword search against the local cloud, paginated results, the empty state. */
import { AnyComponent, loadPage, Page, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const SEARCH = 'packages/goods/pages/search/index';
const cloud = useLocalCloud(SHOP);

const titles = (page: Page): string[] => page.querySelectorAll('.search__card').map((c: AnyComponent) => textOf(c.querySelector('.card__title')));

/** What van-search emits when the shopper presses the keyboard's search key. */
function submit(page: Page, keyword: string): void {
  page.querySelector('.search__box')?.dispatchEvent('search', { detail: keyword });
}

test('searching a keyword lists matching products, page by page, then "没有更多了"', async () => {
  const { page } = loadPage(SEARCH, cloud);
  page.instance.onLoad({});
  expect(textOf(page)).toContain('输入商品名称');

  submit(page, '零食');
  await waitFor(() => titles(page).length === 10, 'the first page of results');
  expect(titles(page).every((t) => t.includes('零食'))).toBe(true);
  expect(textOf(page)).not.toContain('输入商品名称');

  page.instance.onReachBottom();
  await waitFor(() => titles(page).length === 11, 'the second page');
  await waitFor(() => textOf(page).includes('没有更多了'), 'the end-of-list line');
});

test('a keyword with no match shows the empty state', async () => {
  const { page } = loadPage(SEARCH, cloud);
  page.instance.onLoad({});
  submit(page, '潜水艇');
  await waitFor(() => textOf(page).includes('没有找到“潜水艇”相关的商品'), 'the empty state');
  expect(titles(page)).toHaveLength(0);
});

test('a blank keyword asks for input instead of searching', async () => {
  const { page } = loadPage(SEARCH, cloud);
  const showToast = jest.fn();
  (wx as unknown as { showToast: unknown }).showToast = showToast;
  page.instance.onLoad({});
  cloud.calls.length = 0;
  submit(page, '   ');
  await waitFor(() => showToast.mock.calls.length > 0, 'a toast');
  expect(showToast).toHaveBeenCalledWith({ title: '请输入搜索内容', icon: 'none' });
  expect(cloud.calls).toHaveLength(0);
});

test('opens with ?keyword= and searches right away', async () => {
  const { page } = loadPage(SEARCH, cloud);
  page.instance.onLoad({ keyword: encodeURIComponent('数据线') });
  await waitFor(() => titles(page).length === 1, 'one result');
  expect(titles(page)).toEqual(['快充数据线 1 米']);
});

test('the sort bar: 综合 first, 销量 best sellers first, 价格 ↑ then ↓ on the next tap; the count of results stays', async () => {
  const { page } = loadPage(SEARCH, cloud);
  page.instance.onLoad({});
  expect(page.querySelector('.sort-bar')).toBeUndefined();
  submit(page, '零食');
  await waitFor(() => titles(page).length === 10, 'the first page');
  expect(textOf(page.querySelector('.search__count'))).toBe('共 11 件商品');
  const active = (): string => textOf(page.querySelector('.sort-bar__item--active'));
  expect(active()).toBe('综合');
  expect(titles(page)[0]).toBe('休闲零食 1 号');
  const sorts = (): unknown[] => cloud.calls.filter((c) => c.path === '/api/shop' && c.body?.action === 'products').map((c) => (c.body?.data as { sort?: string }).sort);

  await tap(page.querySelector('.sort-bar__item--sales'), '销量');
  await waitFor(() => titles(page)[0] === '休闲零食 11 号', 'the best seller first');
  expect(active()).toBe('销量');
  expect(textOf(page.querySelector('.search__count'))).toBe('共 11 件商品');

  await tap(page.querySelector('.sort-bar__item--price'), '价格');
  await waitFor(() => titles(page)[0] === '休闲零食 1 号', 'the cheapest first');
  expect(page.querySelector('.sort-bar__arrow--up')?.dom?.className).toContain('sort-bar__arrow--on');
  expect(titles(page).slice(0, 3)).toEqual(['休闲零食 1 号', '休闲零食 2 号', '休闲零食 3 号']);

  await tap(page.querySelector('.sort-bar__item--price'), '价格 again');
  await waitFor(() => titles(page)[0] === '休闲零食 11 号', 'the dearest first');
  expect(page.querySelector('.sort-bar__arrow--down')?.dom?.className).toContain('sort-bar__arrow--on');
  expect(active()).toContain('价格');

  // The next page continues under the same sort: every result once, dearest to cheapest. Read from the data the list
  // renders: miniprogram-simulate's keyed wx:for has been seen (once, under CI load) to leave two cards swapped when
  // the list is re-sorted in place, while the data was right.
  page.instance.onReachBottom();
  await waitFor(() => titles(page).length === 11, 'the second page');
  const shown = (page.data.items as Array<{ title: string }>).map((i) => i.title);
  expect(shown).toEqual(Array.from({ length: 11 }, (_, i) => `休闲零食 ${11 - i} 号`));
  expect([...titles(page)].sort()).toEqual([...shown].sort()); // every card on screen, once
  expect(sorts()).toEqual([undefined, 'sales', 'price_asc', 'price_desc', 'price_desc'].map((s) => s ?? 'default'));
});

test('a failed search says so in words with 重试, and 重试 searches again', async () => {
  const { page, mp } = loadPage(SEARCH, cloud);
  const api = mp<typeof import('../../miniprogram/services/api')>('services/api');
  api.setTransport({
    callFunction: () => Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'boom' } }),
    devGet: () => Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'none' } }),
  });
  page.instance.onLoad({});
  submit(page, '零食');
  await waitFor(() => page.querySelector('.search__error'), 'the error state');
  expect(textOf(page.querySelector('.search__error'))).toContain('重试');
  expect(titles(page)).toHaveLength(0);

  api.setTransport(null);
  await tap(page.querySelector('.search__retry-button')?.querySelector('.van-button'), '重试');
  await waitFor(() => titles(page).length === 10, 'the results after 重试');
  expect(page.querySelector('.search__error')).toBeUndefined();
});

test('no match offers 去首页逛逛', async () => {
  const { page } = loadPage(SEARCH, cloud);
  const switchTab = jest.fn();
  (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
  page.instance.onLoad({ keyword: encodeURIComponent('潜水艇') });
  await waitFor(() => page.querySelector('.search__empty'), 'the empty state');
  await tap(page.querySelector('.search__go-home')?.querySelector('.van-button'), '去首页逛逛');
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
});
