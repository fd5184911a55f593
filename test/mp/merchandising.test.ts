/**
 * Merchandising against the real local cloud: the home banners, promotion strip and category icons from
 * settings.home; the product page's coupon row and claim sheet, shipping and service rows, detail pictures, share
 * button, and the SKU picker's picture following the chosen SKU.
 */
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import { AnyComponent, loadPage, Page, tap, textOf, useLocalCloud, waitFor } from './support/harness';
import { SHOP } from './support/fixture';

const HOODIE_IMG = (c: string) => `/static/img/hoodie-${c}.svg`;
const FIXTURE: FixtureInput = {
  ...SHOP,
  categories: SHOP.categories!.map((c) => (c.id === 'digital' ? { ...c, icon: '/static/img/digital.svg?bg=3b82f6&t=数码&w=120&shape=circle' } : c)),
  products: [
    ...SHOP.products!,
    {
      id: 'hoodie',
      categoryId: 'food',
      title: '加绒连帽卫衣',
      images: ['/static/img/hoodie.svg'],
      description: '内里加绒',
      detailImages: ['/static/img/hoodie-d1.svg', '/static/img/hoodie-d2.svg'],
      sort: 1,
      skus: [
        { id: 'hoodie-grey-m', specs: { 颜色: '灰色', 尺码: 'M' }, price: 12900, stock: 5, image: HOODIE_IMG('grey') },
        { id: 'hoodie-grey-l', specs: { 颜色: '灰色', 尺码: 'L' }, price: 12900, stock: 5, image: HOODIE_IMG('grey') },
        { id: 'hoodie-navy-m', specs: { 颜色: '藏青', 尺码: 'M' }, price: 13900, stock: 5, image: HOODIE_IMG('navy') },
        { id: 'hoodie-navy-l', specs: { 颜色: '藏青', 尺码: 'L' }, price: 13900, stock: 0, image: HOODIE_IMG('navy') },
      ],
    },
  ],
  settings: {
    ...SHOP.settings,
    home: {
      banners: [
        { image: '/static/img/banner-1.svg?bg=e11d48&t=新人券&w=750&h=300', link: '/packages/coupon/pages/center/index' },
        { image: '/static/img/banner-2.svg?bg=1e3a8a&t=卫衣&w=750&h=300', link: '/packages/goods/pages/detail/index?id=hoodie' },
      ],
      notices: [{ text: '领券中心上新：满 ¥199 减 ¥30', link: '/packages/coupon/pages/center/index' }, { text: '全场满 ¥99 包邮' }],
    },
  },
  couponTemplates: [
    ...SHOP.couponTemplates!,
    {
      id: 't-hoodie-30', name: '卫衣立减30', kind: 'amount_off', threshold: 0, amountOff: 3000, scope: { type: 'products', ids: ['hoodie'] },
      validDays: 7, total: 100, perUserLimit: 1,
    },
  ],
};

const cloud = useLocalCloud(FIXTURE);

/**
 * simulate keeps no properties of native elements (image src, button open-type), so what an image shows is read from
 * the page data its src is bound to; the elements themselves are checked to be there.
 */

describe('home', () => {
  test('shows the banners, the promotion strip and the category icons from the local cloud; a banner and a notice open their pages', async () => {
    const { page } = loadPage('pages/home/index', cloud);
    const navigateTo = jest.fn();
    (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
    page.instance.onLoad({});

    await waitFor(() => page.querySelectorAll('.home__banner').length === 2, 'two banners');
    const banners = page.querySelectorAll('.home__banner');
    expect(page.data.banners.map((b: { image: string }) => b.image)).toEqual([
      `${cloud.url}/static/img/banner-1.svg?bg=e11d48&t=新人券&w=750&h=300`,
      `${cloud.url}/static/img/banner-2.svg?bg=1e3a8a&t=卫衣&w=750&h=300`,
    ]);
    await tap(banners[1], 'the second banner');
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/goods/pages/detail/index?id=hoodie' });

    const notices = page.querySelectorAll('.home__notice');
    expect(notices.map((n: AnyComponent) => textOf(n))).toEqual(['活动领券中心上新：满 ¥199 减 ¥30', '公告全场满 ¥99 包邮']);
    await tap(notices[0], 'the coupon notice');
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/coupon/pages/center/index' });
    navigateTo.mockClear();
    await tap(notices[1], 'the plain notice');
    expect(navigateTo).not.toHaveBeenCalled();

    // The category icon is the local cloud's round icon.
    const digital = page.querySelectorAll('.home__category')[0];
    expect(digital.data.icon).toBe(`${cloud.url}/static/img/digital.svg?bg=3b82f6&t=数码&w=120&shape=circle`);
  });
});

describe('product page', () => {
  async function openDetail(id: string, title: string, openid = 'dev-shopper'): Promise<Page> {
    const { page } = loadPage('packages/goods/pages/detail/index', cloud, { storage: { devOpenid: openid } });
    (wx as unknown as { showShareMenu: unknown }).showShareMenu = jest.fn();
    page.instance.onLoad({ id });
    await waitFor(() => textOf(page.querySelector('.detail__title')) === title, `the title ${title}`);
    return page;
  }

  test('the coupon row shows the best claimable coupon; claiming it from the sheet updates the row', async () => {
    const page = await openDetail('hoodie', '加绒连帽卫衣', 'dev-distributor');
    await waitFor(() => textOf(page.querySelector('.detail__coupon')).includes('卫衣立减30'), 'the coupon row');
    expect(textOf(page.querySelector('.detail__coupon'))).toContain('领取');

    await tap(page.querySelector('.detail__coupon')?.querySelector('.van-cell'), 'the coupon row');
    await waitFor(() => page.querySelector('.detail__coupons')?.querySelector('.van-popup'), 'the coupon sheet');
    const cards = page.querySelectorAll('.coupons__item');
    // Scope: the hoodie's own coupon and the shop-wide ones; not the T-shirt's.
    const names = cards.map((c: AnyComponent) => textOf(c.querySelector('.coupon__name')));
    expect(names[0]).toBe('卫衣立减30');
    expect(names).toContain('立减5元');
    expect(names).not.toContain('T恤9折');

    // The claim buttons are the page's own (slotted into each card), in the order of the cards.
    const buttons = (): AnyComponent[] => page.querySelectorAll('.coupons__claim');
    expect(buttons().map((b) => textOf(b))[0]).toBe('领取');
    await tap(buttons()[0].querySelector('.van-button'), '领取');
    const hoodieButton = (): string => {
      const i = page.querySelectorAll('.coupons__item').findIndex((c: AnyComponent) => textOf(c.querySelector('.coupon__name')) === '卫衣立减30');
      return textOf(buttons()[i]);
    };
    await waitFor(() => hoodieButton() === '已领取', '已领取 in the sheet');
    expect(cloud.calls.filter((c) => c.body?.action === 'claim').map((c) => c.body?.data)).toEqual([{ templateId: 't-hoodie-30' }]);
    // The row now offers the next best claimable coupon.
    await waitFor(() => !textOf(page.querySelector('.detail__coupon')).includes('卫衣立减30'), 'the row moves on');
    expect(textOf(page.querySelector('.detail__coupon'))).toContain('领取');
    // The shopper holds the coupon now.
    const mine = await cloud.api<Array<{ templateId: string }>>('coupon', 'mine', { status: 'usable' }, 'dev-distributor');
    expect(mine.map((c) => c.templateId)).toContain('t-hoodie-30');
  });

  test('the shipping row says the fee and from where it is free, or 包邮 when the product alone reaches it; the service row', async () => {
    const cheap = await openDetail('cable', '快充数据线 1 米');
    expect(textOf(cheap.querySelector('.detail__shipping'))).toBe('运费运费 ¥8，满 ¥99 包邮');
    expect(textOf(cheap.querySelector('.detail__service'))).toContain('正品保障 · 7天无理由退货');
    const dear = await openDetail('hoodie', '加绒连帽卫衣');
    expect(textOf(dear.querySelector('.detail__shipping'))).toBe('运费包邮');
  });

  test('detail pictures render full width under the description; the share button shares the product', async () => {
    const page = await openDetail('hoodie', '加绒连帽卫衣');
    const images = page.querySelectorAll('.description__image');
    expect(images).toHaveLength(2);
    expect(page.data.product.detailImages).toEqual([`${cloud.url}/static/img/hoodie-d1.svg`, `${cloud.url}/static/img/hoodie-d2.svg`]);
    expect(textOf(page.querySelector('.detail__share'))).toBe('分享');
    expect(page.instance.onShareAppMessage()).toMatchObject({ title: '加绒连帽卫衣', path: '/packages/goods/pages/detail/index?id=hoodie' });
  });

  test('the SKU picker shows the chosen SKU\'s picture, and the product picture for SKUs without one', async () => {
    const page = await openDetail('hoodie', '加绒连帽卫衣');
    await tap(page.querySelector('.detail__spec')?.querySelector('.van-cell'), 'the 规格 cell');
    expect(page.querySelector('.sku__image')).toBeTruthy();
    const src = () => page.data.pickerImage;
    const value = (text: string) => page.querySelectorAll('.sku__value').find((v: AnyComponent) => textOf(v) === text);
    await waitFor(() => value('藏青'), 'the spec values');
    // Nothing chosen yet: the product's picture.
    expect(src()).toBe(`${cloud.url}/static/img/hoodie.svg`);
    await tap(value('藏青'));
    await waitFor(() => src() === `${cloud.url}${HOODIE_IMG('navy')}`, 'the navy picture');
    await tap(value('藏青'));
    await tap(value('灰色'));
    await tap(value('L'));
    await waitFor(() => src() === `${cloud.url}${HOODIE_IMG('grey')}`, 'the grey picture');

    const tee = await openDetail('tee', '纯棉短袖 T 恤');
    await tap(tee.querySelector('.detail__spec')?.querySelector('.van-cell'), 'the 规格 cell');
    await tap(tee.querySelectorAll('.sku__value').find((v: AnyComponent) => textOf(v) === '白色'));
    expect(tee.data.pickerImage).toBe(`${cloud.url}/static/img/tee-1.svg`);
  });
});
