/**
 * The live list page (packages/live/pages/list) rendered by miniprogram-simulate over a fake `live` backend: the
 * tabs ask live.rooms by status and show each card's tag (直播中 with its red dot, the start time, 回放), the
 * explained product and the goods count; the store filter (live.stores) asks by store and hides without stores;
 * cursor pages and pull-down refresh; a card opens its room. 提醒我 asks wx.requestSubscribeMessage right in the tap,
 * for the template the page of rooms carried, and calls live.remind only when the shopper accepts; a room the page
 * says the shopper already asked for reads 已预约 from the start. The list never asks live.room.
 */
import type { LiveRoom, LiveRoomPage, LiveStatus } from '../../typings/api';
import type { AnyComponent, Page } from './support/harness';
import { ensureMiniprogramNpm, settle, tap, textOf, waitFor } from './support/harness';
import type { FakeBackend } from './support/fake-backend';
import { fakeBackend } from './support/fake-backend';
import { loadFakePage, room, roomPage, STORES, T0 } from './support/live-data';

const LIST = 'packages/live/pages/list/index';
const DAY = 86_400_000;

// Several pages render per test; under a full parallel run that takes longer than jest's default 5 s.
jest.setTimeout(30_000);

beforeAll(() => ensureMiniprogramNpm(), 120_000);

const ROOMS: Record<LiveStatus, LiveRoom[]> = {
  live: [
    room('r-1', { name: '秋冬上新专场', storeId: 's-sh', goodsCount: 12, explaining: { productId: 'tee', title: '纯棉短袖 T 恤', image: '/static/img/tee.svg', price: 4900, since: T0 } }),
    room('r-2', { name: '湖滨店好物', storeId: 's-hz', goodsCount: 3 }),
  ],
  upcoming: [room('u-1', { name: '双十二预告', status: 'upcoming', liveStatus: 102, startTime: T0 + DAY })],
  ended: [room('e-1', { name: '上周回放', status: 'ended', liveStatus: 103, replayUrl: 'https://example.com/replay.mp4' })],
};

/** The template the list's pages carry (unless told otherwise). */
const TEMPLATE = 'tmpl-list-page';

/**
 * `reminded`: the rooms the shopper already asked for, as live.rooms says; `upcoming`: the 预告 tab's rooms. No
 * live.room handler: the list must not need a room's detail.
 */
function liveBackend(opts: { stores?: typeof STORES; reminderTemplateId?: string | null; reminded?: string[]; upcoming?: LiveRoom[] } = {}): FakeBackend {
  const rooms = { ...ROOMS, upcoming: opts.upcoming ?? ROOMS.upcoming };
  return fakeBackend({
    live: {
      rooms: (p) => roomPage(
        rooms[p.status ?? 'live'].filter((r) => !p.storeId || r.storeId === p.storeId).map((r) => ({ ...r, reminded: !!opts.reminded?.includes(r.roomId) })),
        { reminderTemplateId: opts.reminderTemplateId === undefined ? TEMPLATE : opts.reminderTemplateId },
      ),
      stores: () => opts.stores ?? STORES,
      remind: () => ({ reminded: true }),
    },
  });
}

const cards = (page: Page): AnyComponent[] => page.querySelectorAll('.room-card');
/** The n-th element of `cls` on the page (simulate finds a plain view's descendants from the page, not from the view). */
const nth = (page: Page, cls: string, n = 0): AnyComponent | undefined => page.querySelectorAll(cls)[n];
const names = (page: Page): string[] => page.querySelectorAll('.room-card__name').map(textOf);
const remindButton = (page: Page, n = 0): AnyComponent | undefined => nth(page, '.room-card__remind', n);

function open(backend: FakeBackend, wxExtra: Record<string, unknown> = {}, query: Record<string, string> = {}): Page {
  const { page } = loadFakePage(LIST, backend, wxExtra);
  page.instance.onLoad(query);
  page.instance.onShow();
  return page;
}

test('直播中 first: the cards with the red-dot tag, the product being explained and the goods count; the tabs ask by status', async () => {
  const backend = liveBackend();
  const page = open(backend);
  await waitFor(() => names(page).length === 2, 'the live rooms');
  expect(names(page)).toEqual(['秋冬上新专场', '湖滨店好物']);
  expect(page.querySelectorAll('.room-card__tag').map(textOf)).toEqual(['直播中', '直播中']);
  expect(page.querySelectorAll('.room-card__dot')).toHaveLength(2);
  // Only the first room is explaining something.
  expect(page.querySelectorAll('.room-card__explaining').map(textOf)).toEqual(['正在讲解：纯棉短袖 T 恤']);
  expect(textOf(cards(page)[0])).toContain('正在讲解：纯棉短袖 T 恤');
  expect(page.querySelectorAll('.room-card__goods').map(textOf)).toEqual(['12 件商品', '3 件商品']);
  expect(remindButton(page)).toBeUndefined();

  page.instance.onTabChange({ detail: { index: 1 } });
  await waitFor(() => names(page).join() === '双十二预告', 'the upcoming rooms');
  expect(textOf(nth(page, '.room-card__tag'))).toBe('11-21 20:00 开播');
  expect(nth(page, '.room-card__dot')).toBeUndefined();
  expect(textOf(remindButton(page))).toBe('提醒我');

  page.instance.onTabChange({ detail: { index: 2 } });
  await waitFor(() => names(page).join() === '上周回放', 'the replays');
  expect(textOf(nth(page, '.room-card__tag'))).toBe('回放');
  expect(backend.payloads('live.rooms')).toEqual([{ status: 'live' }, { status: 'upcoming' }, { status: 'ended' }]);
});

test('opened with ?status=upcoming starts on 预告', async () => {
  const backend = liveBackend();
  const page = open(backend, {}, { status: 'upcoming' });
  await waitFor(() => names(page).join() === '双十二预告', 'the upcoming rooms');
  expect(page.querySelector('.live-list__tabs')?.data.active).toBe(1);
});

test('the store filter: every store and 全部门店; a store asks live.rooms with its id; no stores, no filter', async () => {
  const backend = liveBackend();
  const page = open(backend);
  await waitFor(() => page.querySelectorAll('.stores__chip').length === 3, 'the store chips');
  expect(page.querySelectorAll('.stores__chip').map(textOf)).toEqual(['全部门店', '上海旗舰店', '杭州湖滨店']);
  expect(textOf(page.querySelector('.stores__chip--active'))).toBe('全部门店');
  await waitFor(() => names(page).length === 2, 'both rooms');

  await tap(page.querySelectorAll('.stores__chip')[2], '杭州湖滨店');
  await waitFor(() => names(page).join() === '湖滨店好物', 'the Hangzhou room only');
  expect(textOf(page.querySelector('.stores__chip--active'))).toBe('杭州湖滨店');
  expect(backend.payloads('live.rooms').at(-1)).toEqual({ status: 'live', storeId: 's-hz' });

  // Another tab keeps the store.
  page.instance.onTabChange({ detail: { index: 1 } });
  await waitFor(() => backend.payloads('live.rooms').length === 3, 'the upcoming rooms of the store');
  expect(backend.payloads('live.rooms').at(-1)).toEqual({ status: 'upcoming', storeId: 's-hz' });

  await tap(page.querySelectorAll('.stores__chip')[0], '全部门店');
  await waitFor(() => backend.payloads('live.rooms').length === 4, 'every store again');
  expect(backend.payloads('live.rooms').at(-1)).toEqual({ status: 'upcoming' });

  const bare = open(liveBackend({ stores: [] }));
  await waitFor(() => names(bare).length === 2, 'the rooms');
  await settle(50);
  expect(bare.querySelector('.stores')).toBeUndefined();
});

test('pages by cursor on reach-bottom, then 没有更多了; pull-down refresh asks the first page again', async () => {
  const many = Array.from({ length: 12 }, (_, i) => room(`p-${i}`, { name: `直播 ${i}` }));
  const backend = fakeBackend({
    live: {
      stores: () => [],
      rooms: (p): LiveRoomPage => (p.cursor ? roomPage(many.slice(10)) : roomPage(many.slice(0, 10), { nextCursor: 'c-10' })),
    },
  });
  const stop = jest.fn();
  const page = open(backend, { stopPullDownRefresh: stop });
  await waitFor(() => names(page).length === 10, 'the first page');
  expect(textOf(page)).not.toContain('没有更多了');
  page.instance.onReachBottom();
  await waitFor(() => names(page).length === 12, 'the second page');
  await waitFor(() => textOf(page).includes('没有更多了'), 'the end line');
  expect(backend.payloads('live.rooms')).toEqual([{ status: 'live' }, { status: 'live', cursor: 'c-10' }]);

  page.instance.onPullDownRefresh();
  await waitFor(() => stop.mock.calls.length === 1, 'stopPullDownRefresh');
  expect(backend.payloads('live.rooms').at(-1)).toEqual({ status: 'live' });
});

test('an empty tab says so; tapping a card opens its room page', async () => {
  const navigateTo = jest.fn();
  const backend = fakeBackend({ live: { stores: () => [], rooms: (p) => roomPage(p.status === 'live' ? [room('r-9', { name: '唯一直播' })] : []) } });
  const page = open(backend, { navigateTo });
  await waitFor(() => names(page).length === 1, 'the room');
  await tap(cards(page)[0], 'the card');
  expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/live/pages/room/index?roomId=r-9' });
  page.instance.onTabChange({ detail: { index: 2 } });
  await waitFor(() => textOf(page).includes('暂无直播回放'), 'the empty replays');
});

describe('提醒我 on an upcoming card', () => {
  async function upcomingPage(backend: FakeBackend, answer: string | null) {
    const requestSubscribeMessage = jest.fn((o: { tmplIds: string[]; success?: (r: Record<string, string>) => void; fail?: (e: unknown) => void }) => {
      // The shopper answers the dialog a moment later.
      setTimeout(() => (answer === null ? o.fail?.({ errMsg: 'requestSubscribeMessage:fail cancel' }) : o.success?.({ [o.tmplIds[0]]: answer, errMsg: 'ok' })), 10);
    });
    const showToast = jest.fn();
    const navigateTo = jest.fn();
    const page = open(backend, { requestSubscribeMessage, showToast, navigateTo, stopPullDownRefresh: jest.fn() }, { status: 'upcoming' });
    await waitFor(() => remindButton(page), 'the 提醒我 button');
    await settle(30);
    // Everything the buttons need came with the page of rooms.
    expect(backend.payloads('live.room')).toEqual([]);
    const button = remindButton(page)?.querySelector('.van-button') as AnyComponent;
    return { page, button, requestSubscribeMessage, showToast, navigateTo };
  }

  test('consent is asked in the tap itself, for the template the page carried; accepted, live.remind is called and the card reads 已预约', async () => {
    const backend = liveBackend();
    const { page, requestSubscribeMessage, showToast, navigateTo } = await upcomingPage(backend, 'accept');
    expect(textOf(remindButton(page))).toBe('提醒我');
    // The page's handler asks synchronously, in the tap (WeChat shows the dialog only then), before anything else.
    page.instance.onRemindTap({ currentTarget: { dataset: { id: 'u-1' } } });
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual([TEMPLATE]);
    expect(backend.payloads('live.remind')).toEqual([]);
    await waitFor(() => backend.payloads('live.remind').length === 1, 'live.remind');
    expect(backend.payloads('live.remind')).toEqual([{ roomId: 'u-1' }]);
    await waitFor(() => textOf(remindButton(page)) === '已预约', '已预约');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已预约' }));
    expect(navigateTo).not.toHaveBeenCalled();
  });

  test('declined (or the dialog failed): live.remind is not called and the shopper is told', async () => {
    for (const answer of ['reject', null]) {
      const backend = liveBackend();
      const { page, button, requestSubscribeMessage, showToast } = await upcomingPage(backend, answer);
      button.dispatchEvent('tap');
      await waitFor(() => showToast.mock.calls.length > 0, 'the toast');
      expect(requestSubscribeMessage).toHaveBeenCalledTimes(1);
      expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '未允许开播提醒，开播时将无法通知你' }));
      await settle(30);
      expect(backend.payloads('live.remind')).toEqual([]);
      expect(textOf(remindButton(page))).toBe('提醒我');
    }
  });

  test('a shop without a reminder template: no dialog, live.remind at once', async () => {
    const backend = liveBackend({ reminderTemplateId: null });
    const { page, button, requestSubscribeMessage } = await upcomingPage(backend, 'accept');
    button.dispatchEvent('tap');
    await waitFor(() => backend.payloads('live.remind').length === 1, 'live.remind');
    expect(requestSubscribeMessage).not.toHaveBeenCalled();
    await waitFor(() => textOf(remindButton(page)) === '已预约', '已预约');
  });

  test('a room the page lists as reminded reads 已预约 without any tap; its button asks nothing, the others still 提醒我', async () => {
    const upcoming = [
      room('u-1', { name: '双十二预告', status: 'upcoming', liveStatus: 102, startTime: T0 + DAY }),
      room('u-2', { name: '年货节预告', status: 'upcoming', liveStatus: 102, startTime: T0 + 2 * DAY }),
    ];
    const backend = liveBackend({ upcoming, reminded: ['u-1'] });
    const { page, requestSubscribeMessage, navigateTo } = await upcomingPage(backend, 'accept');
    await waitFor(() => names(page).length === 2, 'both upcoming rooms');
    expect(textOf(remindButton(page, 0))).toBe('已预约');
    expect(remindButton(page, 0)?.data.disabled).toBe(true);
    expect(textOf(remindButton(page, 1))).toBe('提醒我');
    expect(remindButton(page, 1)?.data.disabled).toBeFalsy();

    (remindButton(page, 0)?.querySelector('.van-button') as AnyComponent).dispatchEvent('tap');
    page.instance.onRemindTap({ currentTarget: { dataset: { id: 'u-1' } } });
    await settle(30);
    expect(requestSubscribeMessage).not.toHaveBeenCalled();
    expect(backend.payloads('live.remind')).toEqual([]);
    expect(navigateTo).not.toHaveBeenCalled();

    // The other one asks for the page's template.
    page.instance.onRemindTap({ currentTarget: { dataset: { id: 'u-2' } } });
    expect(requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual([TEMPLATE]);
    await waitFor(() => textOf(remindButton(page, 1)) === '已预约', 'u-2 已预约');
    expect(backend.payloads('live.remind')).toEqual([{ roomId: 'u-2' }]);
  });

  test('a tap this run is remembered over a refresh whose page (read before the reminder landed) still says no', async () => {
    const base = liveBackend();
    const backend = fakeBackend({
      live: { ...base.handlers.live, rooms: (p) => roomPage(p.status === 'upcoming' ? [room('u-1', { status: 'upcoming', liveStatus: 102, reminded: false })] : []) },
    });
    const { page, button } = await upcomingPage(backend, 'accept');
    button.dispatchEvent('tap');
    await waitFor(() => textOf(remindButton(page)) === '已预约', '已预约');
    page.instance.onPullDownRefresh();
    await waitFor(() => backend.payloads('live.rooms').length === 2, 'the refresh');
    await settle(30);
    expect(textOf(remindButton(page))).toBe('已预约');
  });

  test('the button does not also open the room', async () => {
    const backend = liveBackend();
    const { button, navigateTo } = await upcomingPage(backend, 'accept');
    button.dispatchEvent('tap');
    await waitFor(() => backend.payloads('live.remind').length === 1, 'live.remind');
    expect(navigateTo).not.toHaveBeenCalled();
  });
});
