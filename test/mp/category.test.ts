/** Category page: the sidebar of categories and the selected category's products, paginated. */
import { AnyComponent, loadPage, Page, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const cloud = useLocalCloud(SHOP);

const titles = (page: Page): string[] => page.querySelectorAll('.category__card').map((c: AnyComponent) => textOf(c.querySelector('.card__title')));
const sidebarItems = (page: Page): AnyComponent[] => page.querySelectorAll('.category__nav-item');
const activeSidebar = (page: Page): string[] =>
  sidebarItems(page)
    .filter((i) => (i.dom?.innerHTML ?? '').includes('van-sidebar-item--selected'))
    .map((i) => textOf(i));

test('shows the categories in a sidebar and the first category\'s products', async () => {
  const { page } = loadPage('pages/category/index', cloud);
  page.instance.onShow();

  await waitFor(() => sidebarItems(page).length === 2, 'two categories');
  expect(sidebarItems(page).map((i) => textOf(i))).toEqual(['数码配件', '食品饮料']);
  await waitFor(() => titles(page).length === 2, 'the 数码配件 products');
  expect(titles(page)).toEqual(['纯棉短袖 T 恤', '快充数据线 1 米']);
  await waitFor(() => activeSidebar(page).length === 1, 'a selected sidebar item');
  expect(activeSidebar(page)).toEqual(['数码配件']);
});

test('tapping another category lists its products, and scrolling to the end loads the next page', async () => {
  const { page } = loadPage('pages/category/index', cloud);
  page.instance.onShow();
  await waitFor(() => titles(page).length === 2, 'the 数码配件 products');

  await tap(sidebarItems(page)[1].querySelector('.van-sidebar-item'), 'the 食品饮料 item');
  await waitFor(() => titles(page).length === 10, 'the first page of 食品饮料');
  expect(titles(page).every((t) => t.startsWith('休闲零食'))).toBe(true);
  expect(activeSidebar(page)).toEqual(['食品饮料']);

  page.querySelector('.category__list')?.dispatchEvent('scrolltolower');
  await waitFor(() => titles(page).length === 11, 'the second page');
  await waitFor(() => textOf(page.querySelector('.category__list')).includes('没有更多了'), 'the end-of-list line');
});

test('opens on the category chosen from a home shortcut', async () => {
  const { page, mp } = loadPage('pages/category/index', cloud);
  mp<typeof import('../../miniprogram/stores/catalog')>('stores/catalog').catalogStore.setActiveCategory('food');
  page.instance.onShow();
  await waitFor(() => titles(page).length === 10, 'the 食品饮料 products');
  expect(titles(page)[0]).toBe('休闲零食 1 号');
  await waitFor(() => activeSidebar(page)[0] === '食品饮料', '食品饮料 selected');
});
