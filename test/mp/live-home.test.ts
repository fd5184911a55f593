/**
 * The home page's live parts over a fake backend: the live-now strip under the banners only when live.rooms
 * {status: 'live'} answers rooms (直播中 badge, the explained product, a tap opens the room; 全部直播 opens the list),
 * otherwise the plain 直播 entry; and the Channels block for `home.channels`: wx.getChannelsLiveInfo status 2 shows
 * 视频号直播中 with 去观看 (wx.openChannelsLive), else the notice (wx.getChannelsLiveNoticeInfo) with its start time
 * and 预约 (wx.reserveChannelsLive); no account, no API, or a failure: no block.
 */
import type { HomeView, LiveRoom } from '../../typings/api';
import type { Page } from './support/harness';
import { ensureMiniprogramNpm, settle, tap, textOf, waitFor } from './support/harness';
import type { FakeBackend } from './support/fake-backend';
import { fakeBackend, refuse } from './support/fake-backend';
import { loadFakePage, room, roomPage, T0 } from './support/live-data';

const HOME = 'pages/home/index';
const FINDER = 'sphShop123';

// Several pages render per test; under a full parallel run that takes longer than jest's default 5 s.
jest.setTimeout(30_000);

beforeAll(() => ensureMiniprogramNpm(), 120_000);

function homeBackend(rooms: LiveRoom[] | 'fail', channels: HomeView['channels'] = null): FakeBackend {
  return fakeBackend({
    shop: {
      home: () => ({ banners: [{ image: '/static/img/banner.svg', link: '/pages/category/index' }], notices: [], categories: [], channels }),
      products: () => ({ items: [], nextCursor: null, total: 0 }),
    },
    live: { rooms: () => (rooms === 'fail' ? Promise.reject(refuse('INTERNAL', 'boom')) : roomPage(rooms)) },
  });
}

function open(backend: FakeBackend, wxExtra: Record<string, unknown> = {}): Page {
  const { page } = loadFakePage(HOME, backend, { navigateTo: jest.fn(), ...wxExtra });
  page.instance.onLoad({});
  page.instance.onShow();
  return page;
}

const LIVE = [
  room('r-1', { name: '秋冬上新专场', explaining: { productId: 'tee', title: '纯棉短袖 T 恤', image: '/static/img/tee.svg', price: 4900, since: T0 } }),
  room('r-2', { name: '湖滨店好物' }),
];

describe('the live-now strip', () => {
  test('under the banners when rooms are live: 直播中, the explained product; a tap opens the room, 全部直播 the list', async () => {
    const navigateTo = jest.fn();
    const backend = homeBackend(LIVE);
    const page = open(backend, { navigateTo });
    await waitFor(() => page.querySelectorAll('.live-card').length === 2, 'the live cards');
    expect(backend.payloads('live.rooms')).toEqual([{ status: 'live' }]);
    expect(page.querySelectorAll('.live-card__name').map(textOf)).toEqual(['秋冬上新专场', '湖滨店好物']);
    expect(page.querySelectorAll('.live-card__badge').map(textOf)).toEqual(['直播中', '直播中']);
    expect(page.querySelectorAll('.live-card__explaining').map(textOf)).toEqual(['讲解中 · 纯棉短袖 T 恤']);
    expect(page.querySelector('.live-entry')).toBeUndefined();
    // Under the banners, above the feed.
    const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING
    const follows = (a: string, b: string): boolean => {
      const position = page.querySelector(a)?.dom?.compareDocumentPosition(page.querySelector(b)?.dom as never) ?? 0;
      return (position & FOLLOWING) !== 0;
    };
    await waitFor(() => page.querySelector('.home__banners'), 'the banners');
    expect(follows('.home__banners', '.live-strip')).toBe(true);
    expect(follows('.live-strip', '.home__title')).toBe(true);
    expect(follows('.live-strip', '.home__banners')).toBe(false);

    await tap(page.querySelectorAll('.live-card')[1], 'the second room');
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/live/pages/room/index?roomId=r-2' });
    await tap(page.querySelector('.live-strip__more'), '全部直播');
    expect(navigateTo).toHaveBeenLastCalledWith({ url: '/packages/live/pages/list/index' });
  });

  test('no room live (or live.rooms failing): no strip, only the 直播 entry to the list', async () => {
    for (const rooms of [[], 'fail'] as const) {
      const navigateTo = jest.fn();
      const backend = homeBackend(rooms === 'fail' ? 'fail' : []);
      const page = open(backend, { navigateTo });
      await waitFor(() => backend.payloads('live.rooms').length === 1, 'live.rooms');
      await settle(50);
      expect(page.querySelector('.live-strip')).toBeUndefined();
      expect(page.querySelectorAll('.live-card')).toHaveLength(0);
      await tap(page.querySelector('.live-entry'), 'the 直播 entry');
      expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/live/pages/list/index' });
    }
  });

  test('pull-down refresh asks again: a room that went live shows up', async () => {
    let rooms: LiveRoom[] = [];
    const backend = fakeBackend({
      shop: { home: () => ({ banners: [], notices: [], categories: [], channels: null }), products: () => ({ items: [], nextCursor: null, total: 0 }) },
      live: { rooms: () => roomPage(rooms) },
    });
    const stop = jest.fn();
    const page = open(backend, { stopPullDownRefresh: stop });
    await waitFor(() => backend.payloads('live.rooms').length === 1, 'live.rooms');
    rooms = LIVE.slice(0, 1);
    page.instance.onPullDownRefresh();
    await waitFor(() => stop.mock.calls.length === 1, 'the refresh');
    await waitFor(() => page.querySelectorAll('.live-card').length === 1, 'the new live room');
  });
});

describe('the Channels block', () => {
  type Opts = { success?: (r: Record<string, unknown>) => void; fail?: (e: unknown) => void };
  const answer = (res: Record<string, unknown> | 'fail') =>
    jest.fn((o: Opts) => setTimeout(() => (res === 'fail' ? o.fail?.({ errMsg: 'fail' }) : o.success?.({ ...res, errMsg: 'ok' })), 5));

  test('live on Channels: 视频号直播中 with 去观看, which opens the live', async () => {
    const getChannelsLiveInfo = answer({ status: 2, feedId: 'feed-1', nonceId: 'nonce-1', description: '冬季新品首发', nickname: '好物小店', headUrl: '' });
    const getChannelsLiveNoticeInfo = answer({ noticeId: 'n-1', status: 0, startTime: '1800000000', reservable: true });
    const openChannelsLive = answer({});
    const page = open(homeBackend([], { finderUserName: FINDER }), { getChannelsLiveInfo, getChannelsLiveNoticeInfo, openChannelsLive });
    await waitFor(() => page.querySelector('.channels'), 'the Channels block');
    expect(getChannelsLiveInfo.mock.calls[0][0]).toMatchObject({ finderUserName: FINDER });
    expect(getChannelsLiveNoticeInfo).not.toHaveBeenCalled();
    expect(textOf(page.querySelector('.channels__title'))).toBe('视频号直播中');
    expect(textOf(page.querySelector('.channels__text'))).toBe('好物小店 · 冬季新品首发');
    await tap(page.querySelector('.channels__watch')?.querySelector('.van-button'), '去观看');
    await waitFor(() => openChannelsLive.mock.calls.length === 1, 'openChannelsLive');
    expect(openChannelsLive.mock.calls[0][0]).toMatchObject({ finderUserName: FINDER, feedId: 'feed-1', nonceId: 'nonce-1' });
  });

  test('not live: the next notice with its start time; 预约 reserves it and reads 已预约', async () => {
    const start = T0 + 86_400_000; // 2026-11-21 20:00 Shanghai
    const getChannelsLiveInfo = answer({ status: 3, feedId: '', nonceId: '', nickname: '好物小店' });
    const getChannelsLiveNoticeInfo = answer({ noticeId: 'n-9', status: 0, startTime: String(start / 1000), reservable: true, nickname: '好物小店', headUrl: '' });
    const reserveChannelsLive = answer({});
    const showToast = jest.fn();
    const page = open(homeBackend([], { finderUserName: FINDER }), { getChannelsLiveInfo, getChannelsLiveNoticeInfo, reserveChannelsLive, showToast });
    await waitFor(() => page.querySelector('.channels'), 'the Channels block');
    expect(getChannelsLiveNoticeInfo.mock.calls[0][0]).toMatchObject({ finderUserName: FINDER });
    expect(textOf(page.querySelector('.channels__title'))).toBe('视频号直播预告');
    expect(textOf(page.querySelector('.channels__text'))).toBe('好物小店 · 11-21 20:00 开播');
    expect(page.querySelector('.channels__watch')).toBeUndefined();
    await tap(page.querySelector('.channels__reserve')?.querySelector('.van-button'), '预约');
    await waitFor(() => textOf(page.querySelector('.channels__reserve')) === '已预约', '已预约');
    expect(reserveChannelsLive.mock.calls[0][0]).toMatchObject({ noticeId: 'n-9' });
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已预约，开播时提醒你' }));
  });

  test('no account: WeChat is not asked and there is no block', async () => {
    const notAsked = answer({ status: 2 });
    const page = open(homeBackend(LIVE, null), { getChannelsLiveInfo: notAsked });
    await waitFor(() => page.querySelectorAll('.live-card').length === 2, 'the page');
    await settle(50);
    expect(notAsked).not.toHaveBeenCalled();
    expect(page.querySelector('.channels')).toBeUndefined();
  });

  const NO_BLOCK: Array<[string, () => Record<string, unknown>]> = [
    ['an old base library without the APIs', () => ({ getChannelsLiveInfo: undefined, getChannelsLiveNoticeInfo: undefined })],
    ['both calls failing', () => ({ getChannelsLiveInfo: answer('fail'), getChannelsLiveNoticeInfo: answer('fail') })],
    ['never live and no notice', () => ({ getChannelsLiveInfo: answer({ status: 1 }), getChannelsLiveNoticeInfo: answer({}) })],
    ['a cancelled notice', () => ({ getChannelsLiveInfo: answer({ status: 3 }), getChannelsLiveNoticeInfo: answer({ noticeId: 'n-1', status: 1, startTime: '1800000000' }) })],
    [
      'the API throwing',
      () => ({
        getChannelsLiveInfo: () => {
          throw new Error('not supported');
        },
      }),
    ],
  ];

  test.each(NO_BLOCK)('no block: %s', async (_what, wxExtra) => {
    const page = open(homeBackend([], { finderUserName: FINDER }), wxExtra());
    await waitFor(() => page.querySelector('.live-entry'), 'the page');
    await settle(60);
    expect(page.querySelector('.channels')).toBeUndefined();
  });
});
