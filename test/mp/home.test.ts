/** Home page against the real local cloud: the feed, infinite scroll, category shortcuts, search entry. */
import { AnyComponent, loadPage, settle, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { FEED_TITLES, SHOP } from './support/fixture';

const cloud = useLocalCloud(SHOP);

const cards = (page: AnyComponent): AnyComponent[] => page.querySelectorAll('.feed__card');
const cardTitles = (page: AnyComponent): string[] => cards(page).map((card) => textOf(card.querySelector('.card__title')));

test('lists the first page of products from the backend, then the next page on reach-bottom, then "没有更多了"', async () => {
  const { page } = loadPage('pages/home/index', cloud);
  page.instance.onLoad({});

  await waitFor(() => cardTitles(page).length === 10, 'the first page of 10 cards');
  expect(cardTitles(page)).toEqual(FEED_TITLES.slice(0, 10));
  // Prices come formatted from fen: the T-shirt ranges over its SKUs.
  expect(textOf(cards(page)[0])).toContain('¥59.00 - ¥79.00');
  expect(textOf(cards(page)[0])).toContain('已售1.2万');
  expect(textOf(page)).not.toContain('没有更多了');

  page.instance.onReachBottom();
  await waitFor(() => cardTitles(page).length === 13, 'all 13 cards after reach-bottom');
  expect(cardTitles(page)).toEqual(FEED_TITLES);
  await waitFor(() => textOf(page).includes('没有更多了'), 'the end-of-list line');

  const productCalls = cloud.calls.filter((c) => c.body?.action === 'products');
  expect(productCalls).toHaveLength(2);
  expect(productCalls[0].body?.data?.cursor).toBeUndefined();
  expect(typeof productCalls[1].body?.data?.cursor).toBe('string');

  // At the end, reaching the bottom again asks for nothing more.
  page.instance.onReachBottom();
  await settle(100);
  expect(cloud.calls.filter((c) => c.body?.action === 'products')).toHaveLength(2);
  expect(cardTitles(page)).toHaveLength(13);
});

test('calls are made as a dev identity picked from the local cloud (a shopper) and images come from it', async () => {
  const { page, storage } = loadPage('pages/home/index', cloud);
  page.instance.onLoad({});
  await waitFor(() => cardTitles(page).length > 0, 'cards');

  const apiCalls = cloud.calls.filter((c) => c.path.startsWith('/api/'));
  expect(apiCalls.length).toBeGreaterThan(0);
  expect(apiCalls.every((c) => c.openid === 'dev-shopper')).toBe(true);
  expect(storage.get('devOpenid')).toBe('dev-shopper');
  // "/static/img/tee-1.svg" from the backend is loaded from the local cloud.
  expect(cards(page)[0].data.product.image).toBe(`${cloud.url}/static/img/tee-1.svg`);
});

test('shows the categories as shortcuts; tapping one opens the category tab on it', async () => {
  const { page, mp } = loadPage('pages/home/index', cloud);
  const switchTab = jest.fn();
  (wx as unknown as { switchTab: unknown }).switchTab = switchTab;
  page.instance.onLoad({});

  await waitFor(() => textOf(page.querySelector('.home__categories')).includes('食品饮料'), 'category shortcuts');
  expect(textOf(page.querySelector('.home__categories'))).toContain('数码配件');

  const food = page.querySelectorAll('.home__category')[1];
  await tap(food.querySelector('.van-grid-item__content'), 'the 食品饮料 shortcut');
  expect(switchTab).toHaveBeenCalledWith({ url: '/pages/category/index' });
  const { catalogStore } = mp<typeof import('../../miniprogram/stores/catalog')>('stores/catalog');
  expect(catalogStore.activeCategoryId).toBe('food');
  // The shortcuts come with the home page's own call (shop.home), not a second categories call.
  expect(cloud.calls.filter((c) => c.body?.action === 'home')).toHaveLength(1);
});

test('tapping a product card opens its detail page; tapping the search box opens search', async () => {
  const { page } = loadPage('pages/home/index', cloud);
  const navigateTo = jest.fn();
  (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
  page.instance.onLoad({});
  await waitFor(() => cardTitles(page).length > 0, 'cards');

  await tap(cards(page)[0]?.querySelector('.card'), 'the first card');
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/goods/pages/detail/index?id=tee' });

  await tap(page.querySelector('.home__search'), 'the search box');
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/goods/pages/search/index' });
});

test('when the backend cannot be reached it says so, and "重新加载" loads the feed once it is back', async () => {
  const { page, mp } = loadPage('pages/home/index', cloud, { storage: { devOpenid: 'dev-shopper' } });
  const { config } = mp<typeof import('../../miniprogram/config')>('config');
  config.localBaseUrl = 'http://127.0.0.1:9'; // nothing listens there
  page.instance.onLoad({});
  await waitFor(() => textOf(page).includes('网络不给力，请检查网络后重试'), 'the network error state');
  expect(cards(page)).toHaveLength(0);

  config.localBaseUrl = cloud.url;
  await tap(page.querySelector('.home__reload')?.querySelector('.van-button'), '重新加载');
  await waitFor(() => cardTitles(page).length === 10, 'the feed after retry');
  expect(textOf(page)).not.toContain('网络不给力');
  await waitFor(() => textOf(page.querySelector('.home__categories')).includes('食品饮料'), 'the category shortcuts after retry');
});

test('pull-down refresh reloads the feed and stops the refresh animation', async () => {
  const { page } = loadPage('pages/home/index', cloud);
  const stop = jest.fn();
  (wx as unknown as { stopPullDownRefresh: unknown }).stopPullDownRefresh = stop;
  page.instance.onLoad({});
  await waitFor(() => cardTitles(page).length === 10, 'the first page');
  cloud.calls.length = 0;
  page.instance.onPullDownRefresh();
  await waitFor(() => stop.mock.calls.length === 1, 'stopPullDownRefresh');
  expect(cloud.calls.filter((c) => c.body?.action === 'products').map((c) => c.body?.data?.cursor)).toEqual([undefined]);
  expect(cardTitles(page)).toEqual(FEED_TITLES.slice(0, 10));
});
