/**
 * The product page's live parts over a fake backend. Opened by the live-player-plugin (`room_id`, `custom_params`
 * with a distributor's `st`): the room is remembered for checkouts ({roomId, at} in storage), the token goes to
 * user.enter, live.product is asked with the room, the banner reads 直播中 · 正在讲解 with the room's name (a tap
 * opens our room page), the live price shows against the normal price, and 立即购买 carries the room to checkout.
 * Opened without a room: a product live elsewhere gets the banner, not the price. Nothing live: no banner.
 */
import type { ProductLive } from '../../typings/api';
import type { Page } from './support/harness';
import { ensureMiniprogramNpm, settle, tap, textOf, waitFor } from './support/harness';
import type { FakeBackend } from './support/fake-backend';
import { fakeBackend, refuse } from './support/fake-backend';
import { cartView } from './support/commerce-data';
import { loadFakePage, product } from './support/live-data';

const DETAIL = 'packages/goods/pages/detail/index';

// Several pages render per test; under a full parallel run that takes longer than jest's default 5 s.
jest.setTimeout(30_000);

beforeAll(() => ensureMiniprogramNpm(), 120_000);

/** format.wxs yuan. */
const yuan = (fen: number): string => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const LIVE: ProductLive = { roomId: 'r-live', roomName: '秋冬上新专场', status: 'live', explaining: true, livePrice: 4900 };

function backend(live: ProductLive | null | 'fail'): FakeBackend {
  return fakeBackend({
    shop: { product: (p) => product(p.id, 5900, { title: '纯棉短袖 T 恤' }) },
    coupon: { forProduct: () => [] },
    cart: { get: () => cartView([]) },
    user: { enter: () => ({ bound: true, distributor: { nickname: '小掌柜', avatar: null } }) },
    live: { product: () => (live === 'fail' ? Promise.reject(refuse('INTERNAL', 'boom')) : live) },
  });
}

async function open(b: FakeBackend, query: Record<string, string>): Promise<{ page: Page; navigateTo: jest.Mock; storage: Map<string, unknown> }> {
  const navigateTo = jest.fn();
  const { page, storage } = loadFakePage(DETAIL, b, { navigateTo });
  page.instance.onLoad(query);
  await waitFor(() => textOf(page.querySelector('.detail__title')) === '纯棉短袖 T 恤', 'the product');
  await waitFor(() => b.payloads('live.product').length === 1, 'live.product');
  await settle(30);
  return { page, navigateTo, storage };
}

test('opened by the plugin: the room is remembered, the share token told, the banner and the live price shown; 立即购买 carries the room', async () => {
  const b = backend(LIVE);
  const customParams = encodeURIComponent(JSON.stringify({ st: 'Tok1234567890abcdefg' }));
  const before = Date.now();
  const { page, navigateTo, storage } = await open(b, { id: 'tee', room_id: 'r-live', custom_params: customParams });

  expect(b.payloads('live.product')).toEqual([{ productId: 'tee', roomId: 'r-live' }]);
  const entry = storage.get('liveEntry') as { roomId: string; at: number };
  expect(entry.roomId).toBe('r-live');
  expect(entry.at).toBeGreaterThanOrEqual(before);
  expect(b.payloads('user.enter')).toEqual([{ scene: 1001, query: { st: 'Tok1234567890abcdefg', room_id: 'r-live' } }]);

  await waitFor(() => page.querySelector('.live-banner'), 'the live banner');
  expect(textOf(page.querySelector('.live-banner__badge'))).toBe('直播中 · 正在讲解');
  expect(textOf(page.querySelector('.live-banner__room'))).toBe('秋冬上新专场');
  expect(textOf(page.querySelector('.detail__live-tag'))).toBe('直播价');
  expect(textOf(page.querySelector('.detail__live-amount')?.querySelector('.price__now'))).toBe(yuan(4900));
  expect(textOf(page.querySelector('.detail__list-price'))).toBe(yuan(5900));
  expect(page.querySelector('.detail__amount')).toBeUndefined();

  await tap(page.querySelector('.live-banner'), 'the banner');
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/live/pages/room/index?roomId=r-live' });

  page.instance.onBuyNow();
  expect(navigateTo).toHaveBeenLastCalledWith({ url: `/packages/order/pages/checkout/index?items=${encodeURIComponent('tee-sku*1')}&roomId=r-live` });
});

test('our room page opens it with room_id too; without custom_params nothing is told to user.enter', async () => {
  const b = backend({ ...LIVE, explaining: false });
  const { page } = await open(b, { id: 'tee', room_id: 'r-live' });
  await waitFor(() => page.querySelector('.live-banner'), 'the live banner');
  expect(textOf(page.querySelector('.live-banner__badge'))).toBe('直播中');
  expect(b.payloads('user.enter')).toEqual([]);
  expect(textOf(page.querySelector('.detail__live-amount'))).toBe(yuan(4900));
});

test('opened without a room: a product live elsewhere gets the banner but the normal price, and checkout no room', async () => {
  const b = backend({ ...LIVE, explaining: false });
  const { page, navigateTo, storage } = await open(b, { id: 'tee' });
  expect(b.payloads('live.product')).toEqual([{ productId: 'tee' }]);
  await waitFor(() => page.querySelector('.live-banner'), 'the live banner');
  expect(textOf(page.querySelector('.live-banner'))).toContain('直播中');
  expect(page.querySelector('.detail__live-tag')).toBeUndefined();
  expect(textOf(page.querySelector('.detail__amount')?.querySelector('.price__now'))).toBe(yuan(5900));
  expect(storage.has('liveEntry')).toBe(false);
  page.instance.onBuyNow();
  expect(navigateTo).toHaveBeenLastCalledWith({ url: `/packages/order/pages/checkout/index?items=${encodeURIComponent('tee-sku*1')}` });
});

test('the room it came from has ended: a grey banner says the normal price applies', async () => {
  const b = backend({ ...LIVE, status: 'ended', explaining: false });
  const { page } = await open(b, { id: 'tee', room_id: 'r-live' });
  await waitFor(() => page.querySelector('.live-banner'), 'the banner');
  expect(page.querySelector('.live-banner')?.dom?.className).toContain('live-banner--idle');
  expect(textOf(page.querySelector('.live-banner__badge'))).toBe('直播已结束 · 当前为原价');
  expect(page.querySelector('.detail__live-tag')).toBeUndefined();
});

test('nothing live, or live.product failing: no banner, the normal price', async () => {
  for (const live of [null, 'fail'] as const) {
    const b = backend(live);
    const { page } = await open(b, { id: 'tee', room_id: 'r-live' });
    expect(page.querySelector('.live-banner')).toBeUndefined();
    expect(textOf(page.querySelector('.detail__amount')?.querySelector('.price__now'))).toBe(yuan(5900));
  }
});
