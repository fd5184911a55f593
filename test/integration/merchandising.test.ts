/**
 * Merchandising through the functions, as the cloud would invoke them: shop.home (banners, notices, category
 * shortcuts from settings.home), the product page's extra figures (shipping, detail pictures, SKU pictures) and
 * coupon.forProduct; a seed with a link that is not an in-app path is refused and changes nothing.
 */
import { readHome } from '../../cloudfunctions/app/settings';
import { createLocalCloud, LocalCloud } from '../../cloudfunctions/local/cloud';
import { Fixture, type FixtureInput } from '../../cloudfunctions/local/fixture';
import type { HomeView, ProductCoupon, ProductDetail } from '../../typings/api';

const img = ['/static/img/x.svg'];
const HOME = {
  banners: [
    { image: '/static/img/b1.svg?bg=e11d48&t=x&w=750&h=300', link: '/packages/coupon/pages/center/index' },
    { image: 'https://cdn.example.com/b2.jpg', link: '/packages/goods/pages/detail/index?id=earbuds' },
  ],
  notices: [{ text: '领券中心上新', link: '/packages/coupon/pages/center/index' }, { text: '满 ¥99 包邮' }],
};
const FIXTURE: FixtureInput = {
  categories: [
    { id: 'digital', name: '数码', icon: '/static/img/d.svg?bg=3b82f6&t=数码&w=120&shape=circle', sort: 1 },
    { id: 'audio', name: '耳机音箱', parentId: 'digital', sort: 2 },
    { id: 'food', name: '食品', sort: 3 },
  ],
  products: [
    {
      id: 'earbuds', categoryId: 'audio', title: '降噪蓝牙耳机 Pro', images: img, detailImages: ['/static/img/d1.svg', '/static/img/d2.svg'],
      skus: [
        { id: 'earbuds-black', specs: { 颜色: '黑色' }, price: 29900, stock: 5, image: '/static/img/black.svg' },
        { id: 'earbuds-white', specs: { 颜色: '白色' }, price: 29900, stock: 5 },
      ],
    },
    { id: 'cable', categoryId: 'digital', title: '快充数据线', images: img, skus: [{ id: 'cable-1', specs: {}, price: 1990, stock: 100 }] },
    { id: 'tea', categoryId: 'food', title: '龙井', images: img, skus: [{ id: 'tea-1', specs: {}, price: 16800, stock: 3 }] },
  ],
  users: [{ openid: 'u-shopper', nickname: '小明' }],
  settings: { shipping: { flatFee: 800, freeOver: 9900 }, home: HOME },
  couponTemplates: [
    { id: 'all-5', name: '立减5元', kind: 'amount_off', threshold: 0, amountOff: 500, scope: { type: 'all' }, validDays: 7, total: 100, perUserLimit: 1 },
    { id: 'digital-90', name: '数码9折', kind: 'percent_off', threshold: 0, discountBps: 1000, maxOff: 5000, scope: { type: 'categories', ids: ['digital'] }, validDays: 7, total: 100, perUserLimit: 1 },
    { id: 'earbuds-50', name: '耳机立减50', kind: 'amount_off', threshold: 50000, amountOff: 5000, scope: { type: 'products', ids: ['earbuds'] }, validDays: 7, total: 100, perUserLimit: 1 },
    { id: 'food-3', name: '食品立减3元', kind: 'amount_off', threshold: 0, amountOff: 300, scope: { type: 'categories', ids: ['food'] }, validDays: 7, total: 100, perUserLimit: 1 },
  ],
};

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await createLocalCloud({ seed: FIXTURE });
}, 60_000);
afterAll(() => cloud.close());

async function okData<T>(fn: string, action: string, data: unknown = {}): Promise<T> {
  const r = await cloud.call<T>(fn, { action, data }, 'u-shopper');
  if (!r.ok) throw new Error(`${fn}.${action}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

describe('shop.home', () => {
  test('answers the banners and notices of settings.home and the top-level categories in order', async () => {
    const home = await okData<HomeView>('shop', 'home');
    expect(home.banners).toEqual(HOME.banners);
    expect(home.notices).toEqual([{ text: '领券中心上新', link: '/packages/coupon/pages/center/index' }, { text: '满 ¥99 包邮', link: null }]);
    expect(home.categories.map((c) => [c.id, c.icon])).toEqual([
      ['digital', '/static/img/d.svg?bg=3b82f6&t=数码&w=120&shape=circle'],
      ['food', null],
    ]);
  });

  test('takes no payload', async () => {
    for (const data of [{ all: true }, { openid: 'x' }, ['x']]) {
      expect(await cloud.call('shop', { action: 'home', data }, 'u-shopper')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await cloud.call('shop', { action: 'home', data: {} }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  test('a settings document edited by hand: entries with a foreign link or image are left out, the rest is shown', () => {
    expect(
      readHome({
        banners: [
          { image: '/static/img/ok.svg', link: '/pages/category/index' },
          { image: '/static/img/evil.svg', link: 'https://evil.example/phish' },
          { image: 'javascript:alert(1)', link: '/pages/home/index' },
          'junk',
        ],
        notices: [{ text: 'ok' }, { text: 'bad', link: '//evil.example' }, { text: '' }, { text: 'x'.repeat(41) }],
      }),
    ).toEqual({ banners: [{ image: '/static/img/ok.svg', link: '/pages/category/index' }], notices: [{ text: 'ok', link: null }] });
    expect(readHome(undefined)).toEqual({ banners: [], notices: [] });
    expect(readHome('nonsense')).toEqual({ banners: [], notices: [] });
  });
});

describe('product page figures', () => {
  test('shipping figures in fen: the flat fee with the free-shipping subtotal, or 0 when the product alone reaches it', async () => {
    expect((await okData<ProductDetail>('shop', 'product', { id: 'cable' })).shipping).toEqual({ fee: 800, freeOver: 9900 });
    expect((await okData<ProductDetail>('shop', 'product', { id: 'earbuds' })).shipping).toEqual({ fee: 0, freeOver: 9900 });
  });

  test('detail pictures and each SKU\'s own picture (null without one); the feed does not carry detail pictures', async () => {
    const p = await okData<ProductDetail>('shop', 'product', { id: 'earbuds' });
    expect(p.detailImages).toEqual(['/static/img/d1.svg', '/static/img/d2.svg']);
    expect(p.skus.map((s) => [s.id, s.image])).toEqual([['earbuds-black', '/static/img/black.svg'], ['earbuds-white', null]]);
    expect((await okData<ProductDetail>('shop', 'product', { id: 'cable' })).detailImages).toEqual([]);
    const feed = await okData<{ items: object[] }>('shop', 'products', {});
    for (const item of feed.items) expect(item).not.toHaveProperty('detailImages');
  });
});

describe('coupon.forProduct', () => {
  test('the coupons whose scope covers the product, best first, each with what it takes off one piece', async () => {
    const list = await okData<ProductCoupon[]>('coupon', 'forProduct', { productId: 'cable' });
    // 数码9折 covers the cable through its category; 食品 does not; 耳机 only the earbuds.
    expect(list.map((c) => [c.templateId, c.state, c.discount])).toEqual([['all-5', 'claimable', 500], ['digital-90', 'claimable', 199]]);
    const earbuds = await okData<ProductCoupon[]>('coupon', 'forProduct', { productId: 'earbuds' });
    expect(earbuds.map((c) => [c.templateId, c.discount])).toEqual([['digital-90', 2990], ['all-5', 500], ['earbuds-50', 0]]);
  });

  test('after a claim the coupon is claimed and the next one leads', async () => {
    await okData('coupon', 'claim', { templateId: 'digital-90' });
    const earbuds = await okData<ProductCoupon[]>('coupon', 'forProduct', { productId: 'earbuds' });
    expect(earbuds.map((c) => [c.templateId, c.state])).toEqual([['all-5', 'claimable'], ['earbuds-50', 'claimable'], ['digital-90', 'claimed']]);
  });

  test('unknown products are NOT_FOUND; bad payloads INVALID_INPUT', async () => {
    expect(await cloud.call('coupon', { action: 'forProduct', data: { productId: 'nope' } }, 'u-shopper')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const data of [{}, { productId: { $ne: '' } }, { productId: 'cable', openid: 'x' }]) {
      expect(await cloud.call('coupon', { action: 'forProduct', data }, 'u-shopper')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });
});

describe('settings.home at seed', () => {
  const withHome = (home: unknown): unknown => ({ ...FIXTURE, settings: { ...FIXTURE.settings, home } });

  test.each([
    ['an https link', { banners: [{ image: '/static/img/b.svg', link: 'https://evil.example/x' }] }],
    ['a protocol-relative link', { banners: [{ image: '/static/img/b.svg', link: '//evil.example/pages/home/index' }] }],
    ['a javascript: link', { notices: [{ text: 'x', link: 'javascript:alert(1)' }] }],
    ['a plugin page', { notices: [{ text: 'x', link: 'plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=1' }] }],
    ['a path outside the pages', { banners: [{ image: '/static/img/b.svg', link: '/pages/../etc/index' }] }],
    ['an http image', { banners: [{ image: 'http://cdn.example/b.jpg', link: '/pages/home/index' }] }],
    ['an unknown key', { banners: [], extra: 1 }],
    ['a banner without a link', { banners: [{ image: '/static/img/b.svg' }] }],
    ['an empty notice', { notices: [{ text: '   ' }] }],
  ])('%s is refused and the world is unchanged', async (_name, home) => {
    expect(Fixture.safeParse(withHome(home)).success).toBe(false);
    const r = await cloud.seed(withHome(home));
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await okData<HomeView>('shop', 'home')).banners).toEqual(HOME.banners);
  });
});
