/** Search page: keyword search against the local cloud, paginated results, the empty state. */
import { AnyComponent, loadPage, Page, textOf, useLocalCloud, waitFor } from './support/harness';
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
