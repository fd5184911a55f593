/**
 * The live room page (packages/live/pages/room) and its lottery sheet, rendered by miniprogram-simulate over a fake
 * backend: the room (status, times, store), the goods with 直播价 against the price and 讲解中 (a tap opens the
 * product with room_id), 进入直播间 into the live-player-plugin (custom_params carries a distributor's share token,
 * nothing for a shopper), the replay video, the room's coupons (coupon.claim with the roomId; a refusal shows the
 * server's words), 提醒我 (consent in the tap; live.remind only on accept), and the lottery: join (my ticket),
 * the commitment from the start, the draw (seed, winners, 中奖 / 未中奖) and 验证 on the phone - passing for an honest
 * draw, failing for a tampered seed; a lottery past its end is asked for until drawn.
 */
import type { DistMe, LiveRoomDetail, Lottery } from '../../typings/api';
import type { AnyComponent, Page } from './support/harness';
import { ensureMiniprogramNpm, settle, tap, textOf, waitFor } from './support/harness';
import type { FakeBackend, Handlers } from './support/fake-backend';
import { fakeBackend, refuse } from './support/fake-backend';
import { coupon } from './support/commerce-data';
import { drawnLottery, liveCoupon, liveGoods, loadFakePage, nodeSha256, roomDetail, runningLottery, T0, ticketOf } from './support/live-data';

const ROOM = 'packages/live/pages/room/index';
const ME = 'viewer-me';

// Several pages render per test; under a full parallel run that takes longer than jest's default 5 s.
jest.setTimeout(30_000);

beforeAll(() => ensureMiniprogramNpm(), 120_000);

/** format.wxs yuan. */
const yuan = (fen: number): string => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function detail(over: Partial<LiveRoomDetail> = {}): LiveRoomDetail {
  return roomDetail('r-live', {
    name: '秋冬上新专场',
    anchorName: '小美',
    explaining: { productId: 'tee', title: '纯棉短袖 T 恤', image: '/static/img/tee.svg', price: 4900, since: T0 },
    goods: [
      liveGoods('cable', { title: '快充数据线', price: 1990, livePrice: null }),
      liveGoods('tee', { title: '纯棉短袖 T 恤', price: 5900, livePrice: 4900, explaining: true }),
      liveGoods('pending', { title: '审核中的商品', auditStatus: 'pending' }),
    ],
    ...over,
  });
}

interface Setup {
  page: Page;
  backend: FakeBackend;
  wx: Record<string, jest.Mock>;
}

async function open(handlers: Handlers, query: Record<string, string> = { roomId: 'r-live' }, answer: string | null = 'accept'): Promise<Setup> {
  const backend = fakeBackend(handlers);
  const wxMocks: Record<string, jest.Mock> = {
    navigateTo: jest.fn(),
    showToast: jest.fn(),
    requestSubscribeMessage: jest.fn((o: { tmplIds: string[]; success?: (r: Record<string, string>) => void; fail?: (e: unknown) => void }) => {
      setTimeout(() => (answer === null ? o.fail?.({ errMsg: 'fail cancel' }) : o.success?.({ [o.tmplIds[0]]: answer, errMsg: 'ok' })), 10);
    }),
  };
  const { page } = loadFakePage(ROOM, backend, wxMocks);
  opened.push(page);
  page.instance.onLoad(query);
  page.instance.onShow();
  await waitFor(() => page.querySelector('.room__name'), 'the room');
  return { page, backend, wx: wxMocks };
}

/** Pages opened by a test: unloaded after it (their one-second tick stops). */
const opened: Page[] = [];
afterEach(() => {
  for (const page of opened.splice(0)) page.instance.onUnload();
});

const button = (c: AnyComponent | undefined): AnyComponent | undefined => c?.querySelector('.van-button');

test('the room: tag, times, store; goods with 直播价 against the price, the explained one first with 讲解中; a tap opens it with room_id', async () => {
  const { page, wx } = await open({ live: { room: () => detail() } });
  expect(textOf(page.querySelector('.room__name'))).toBe('秋冬上新专场');
  expect(textOf(page.querySelector('.room__tag'))).toBe('直播中');
  expect(page.querySelector('.room__dot')).toBeTruthy();
  expect(textOf(page.querySelector('.room__time'))).toBe('2026-11-20 20:00 - 22:00');
  expect(textOf(page.querySelector('.room__store'))).toBe('上海旗舰店 · 上海 南京西路 1 号');
  expect(textOf(page.querySelector('.room__explaining'))).toBe('正在讲解：纯棉短袖 T 恤');
  // Only approved goods; the one being explained first.
  const goods = page.querySelectorAll('.live-goods');
  expect(goods).toHaveLength(2);
  expect(textOf(goods[0])).toBe(`讲解中纯棉短袖 T 恤直播价${yuan(4900)}${yuan(5900)}`);
  expect(textOf(goods[1])).toBe(`快充数据线${yuan(1990)}`);
  expect(page.querySelectorAll('.live-goods__price--struck').map(textOf)).toEqual([yuan(5900)]);
  expect(page.querySelectorAll('.live-goods__explaining')).toHaveLength(1);
  await tap(goods[0], 'the T-shirt');
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packages/goods/pages/detail/index?id=tee&room_id=r-live' });
  // A live room: no 提醒我, and no replay.
  expect(page.querySelector('.room__remind')).toBeUndefined();
  expect(page.querySelector('.room__replay')).toBeUndefined();
});

test('进入直播间: the plugin room; a shopper sends empty custom_params, a distributor their share token', async () => {
  const shopper = await open({ live: { room: () => detail() }, dist: { me: () => ({ status: 'none' }) as DistMe } });
  await tap(button(shopper.page.querySelector('.room__enter')), '进入直播间');
  await waitFor(() => shopper.wx.navigateTo.mock.calls.length === 1, 'navigateTo');
  expect(shopper.wx.navigateTo.mock.calls[0][0].url).toBe(
    `plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=r-live&custom_params=${encodeURIComponent('{}')}`,
  );
  expect(shopper.backend.payloads('dist.link')).toEqual([]);

  const dist = await open({ live: { room: () => detail() }, dist: { me: () => ({ status: 'approved' }) as DistMe, link: () => ({ token: 'Tok1234567890abcdefg', path: '/pages/home/index?st=Tok1234567890abcdefg' }) } });
  await tap(button(dist.page.querySelector('.room__enter')), '进入直播间');
  await waitFor(() => dist.wx.navigateTo.mock.calls.length === 1, 'navigateTo');
  const url = dist.wx.navigateTo.mock.calls[0][0].url as string;
  expect(url.startsWith('plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=r-live&custom_params=')).toBe(true);
  const custom = url.split('custom_params=')[1];
  expect(JSON.parse(decodeURIComponent(custom))).toEqual({ st: 'Tok1234567890abcdefg' });
  expect(custom.length).toBeLessThan(600);
  expect(dist.backend.payloads('dist.link')).toEqual([{ target: { type: 'home' } }]);
});

test('an ended room with its replay shows the video', async () => {
  const { page } = await open({ live: { room: () => detail({ status: 'ended', liveStatus: 103, explaining: null, replayUrl: 'https://example.com/replay.mp4' }) } });
  // simulate does not reflect a native video's src to the DOM: the element is there, bound to the replay.
  expect(page.querySelector('.room__replay')).toBeTruthy();
  expect(page.querySelector('.room__cover')).toBeUndefined();
  expect(page.data.room.replayUrl).toBe('https://example.com/replay.mp4');
  expect(textOf(page.querySelector('.room__tag'))).toBe('回放');
  expect(page.querySelector('.room__explaining')).toBeUndefined();
  expect(page.querySelectorAll('.live-goods__explaining')).toHaveLength(0);
});

describe('the room coupons', () => {
  test('领取 claims with the room; done, the coupons are read again and it reads 已领取', async () => {
    let claimed = false;
    const { page, backend, wx } = await open({
      live: { room: () => detail({ coupons: [liveCoupon('t-live10', { name: '直播专享10元', state: claimed ? 'claimed' : 'claimable' })] }) },
      coupon: {
        claim: () => {
          claimed = true;
          return coupon('c-1');
        },
      },
    });
    expect(textOf(page.querySelector('.room-coupons'))).toContain('直播专享10元');
    expect(textOf(page.querySelector('.room-coupons'))).toContain('直播专享');
    await tap(button(page.querySelector('.room-coupons__claim')), '领取');
    await waitFor(() => textOf(page.querySelector('.room-coupons__claim')) === '已领取', '已领取');
    expect(backend.payloads('coupon.claim')).toEqual([{ templateId: 't-live10', roomId: 'r-live' }]);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '领取成功' }));
  });

  test("a refusal shows the server's words (NOT_LIVE, LIVE_ONLY) and leaves the coupon claimable", async () => {
    for (const [code, message] of [
      ['NOT_LIVE', '直播已结束，直播专享券不可领取'],
      ['LIVE_ONLY', '该券仅限本直播间直播时领取'],
    ] as const) {
      const { page, backend, wx } = await open({ live: { room: () => detail() }, coupon: { claim: () => Promise.reject(refuse(code, message)) } });
      await tap(button(page.querySelector('.room-coupons__claim')), '领取');
      await waitFor(() => wx.showToast.mock.calls.length > 0, 'the toast');
      expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: message }));
      expect(backend.payloads('coupon.claim')).toEqual([{ templateId: 't-live10', roomId: 'r-live' }]);
      await settle(30);
      expect(textOf(page.querySelector('.room-coupons__claim'))).toBe('领取');
    }
  });
});

describe('提醒我 on an upcoming room', () => {
  const upcoming = (over: Partial<LiveRoomDetail> = {}): LiveRoomDetail =>
    detail({ status: 'upcoming', liveStatus: 102, startTime: T0 + 86_400_000, endTime: T0 + 86_400_000 + 7_200_000, explaining: null, ...over });

  test('consent is asked in the tap; accepted, live.remind, then 已预约', async () => {
    const { page, backend, wx } = await open({ live: { room: () => upcoming(), remind: () => ({ reminded: true }) } });
    expect(textOf(page.querySelector('.room__tag'))).toBe('11-21 20:00 开播');
    expect(textOf(page.querySelector('.room__remind'))).toBe('提醒我');
    page.instance.onRemind();
    expect(wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tmpl-remind']);
    expect(backend.payloads('live.remind')).toEqual([]);
    await waitFor(() => textOf(page.querySelector('.room__remind')) === '已预约', '已预约');
    expect(backend.payloads('live.remind')).toEqual([{ roomId: 'r-live' }]);
    // Asked once: the button is done.
    page.instance.onRemind();
    await settle(30);
    expect(wx.requestSubscribeMessage).toHaveBeenCalledTimes(1);
  });

  test('declined: no live.remind; no template: no dialog, live.remind at once; already reminded: 已预约', async () => {
    const declined = await open({ live: { room: () => upcoming(), remind: () => ({ reminded: true }) } }, undefined, 'reject');
    await tap(button(declined.page.querySelector('.room__remind')), '提醒我');
    await waitFor(() => declined.wx.showToast.mock.calls.length > 0, 'the toast');
    expect(declined.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '未允许开播提醒，开播时将无法通知你' }));
    expect(declined.backend.payloads('live.remind')).toEqual([]);

    const bare = await open({ live: { room: () => upcoming({ reminderTemplateId: null }), remind: () => ({ reminded: true }) } });
    await tap(button(bare.page.querySelector('.room__remind')), '提醒我');
    await waitFor(() => bare.backend.payloads('live.remind').length === 1, 'live.remind');
    expect(bare.wx.requestSubscribeMessage).not.toHaveBeenCalled();

    const done = await open({ live: { room: () => upcoming({ reminded: true }) } });
    expect(textOf(done.page.querySelector('.room__remind'))).toBe('已预约');
  });
});

describe('the lottery', () => {
  const sheet = (page: Page): AnyComponent | undefined => page.querySelector('.room__lottery');
  const inSheet = (page: Page, cls: string): AnyComponent | undefined => sheet(page)?.querySelector(cls);

  async function openSheet(page: Page): Promise<void> {
    await tap(page.querySelector('.lottery-card'), 'the lottery card');
    await waitFor(() => inSheet(page, '.lottery__prize-name'), 'the lottery sheet');
  }

  test('running: the countdown, the commitment from the start; 参与抽奖 answers my ticket', async () => {
    const lottery = runningLottery({ roomId: 'r-live' });
    const joined: Lottery = { ...lottery, participants: 8, myTicket: ticketOf(lottery.lotteryId, ME) };
    const { page, backend } = await open({ live: { room: () => detail({ lottery }), joinLottery: () => joined } });
    expect(textOf(page.querySelector('.lottery-card'))).toContain('抽奖 · 50元无门槛券');
    expect(textOf(page.querySelector('.lottery-card'))).toMatch(/进行中 · 0[45]:\d\d 后开奖 · 7 人参与/);
    await openSheet(page);
    expect(textOf(inSheet(page, '.lottery__status'))).toBe('进行中');
    expect(textOf(inSheet(page, '.lottery__countdown'))).toMatch(/^0[45]:\d\d 后开奖$/);
    expect(textOf(inSheet(page, '.lottery__commitment'))).toContain(lottery.commitment);
    expect(textOf(inSheet(page, '.lottery__participants'))).toBe('7 人参与');
    expect(inSheet(page, '.lottery__seed')).toBeUndefined();

    await tap(button(inSheet(page, '.lottery__join')), '参与抽奖');
    await waitFor(() => textOf(inSheet(page, '.lottery__my-ticket')).includes(joined.myTicket!), 'my ticket');
    expect(backend.payloads('live.joinLottery')).toEqual([{ lotteryId: 'lot-1' }]);
    expect(textOf(inSheet(page, '.lottery__participants'))).toBe('8 人参与');
    expect(inSheet(page, '.lottery__join')).toBeUndefined();
    expect(textOf(sheet(page))).toContain('已参与，等待开奖');
  });

  test('LOTTERY_CLOSED on join shows the words and asks for the lottery again', async () => {
    const lottery = runningLottery({ roomId: 'r-live' });
    const { page, backend, wx } = await open({
      live: { room: () => detail({ lottery }), joinLottery: () => Promise.reject(refuse('LOTTERY_CLOSED', '抽奖已截止')), lottery: () => ({ ...lottery, status: 'drawing' }) },
    });
    await openSheet(page);
    await tap(button(inSheet(page, '.lottery__join')), '参与抽奖');
    await waitFor(() => wx.showToast.mock.calls.length > 0, 'the toast');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '抽奖已截止' }));
    await waitFor(() => textOf(inSheet(page, '.lottery__status')) === '开奖中', '开奖中');
    expect(backend.payloads('live.lottery')).toEqual([{ lotteryId: 'lot-1' }]);
  });

  test('drawn: the seed, the winners, 中奖 for me; 验证 passes for an honest draw', async () => {
    const viewers = ['v-1', 'v-2', 'v-3', 'v-4', 'v-5', ME];
    // A seed under which this shopper is among the winners.
    let lottery = drawnLottery(viewers, ME);
    for (let i = 0; !lottery.won; i += 1) lottery = rebuildWithSeed(lottery, nodeSha256(`seed-${i}`));
    const { page } = await open({ live: { room: () => detail({ lottery }) } });
    await openSheet(page);
    expect(textOf(inSheet(page, '.lottery__status'))).toBe('已开奖');
    expect(textOf(inSheet(page, '.lottery__seed'))).toContain(lottery.seed!);
    expect(sheet(page)?.querySelectorAll('.lottery__winner').map(textOf)).toEqual(lottery.winners.map((w, i) => `${i + 1}. ${w.nickname}${w.ticket}`));
    expect(textOf(inSheet(page, '.lottery__outcome'))).toContain('中奖');
    expect(inSheet(page, '.lottery__winner--mine')).toBeTruthy();

    await tap(button(inSheet(page, '.lottery__verify')), '验证');
    await waitFor(() => inSheet(page, '.lottery__check'), 'the result');
    expect(inSheet(page, '.lottery__check')?.dom?.className).toContain('lottery__check--ok');
    expect(textOf(inSheet(page, '.lottery__check'))).toContain('验证通过');
  });

  test('验证 fails for a tampered seed (and says so); a participant who lost reads 未中奖', async () => {
    const viewers = ['v-1', 'v-2', 'v-3', 'v-4', 'v-5', 'v-6', ME];
    let honest = drawnLottery(viewers, ME);
    for (let i = 0; honest.won; i += 1) honest = rebuildWithSeed(honest, nodeSha256(`other-${i}`));
    // The server reveals a different seed than the one it committed to, with winners that follow from it.
    const forged = rebuildWithSeed(honest, nodeSha256('a seed picked after the tickets were known'));
    const tampered: Lottery = { ...forged, commitment: honest.commitment };
    const { page } = await open({ live: { room: () => detail({ lottery: tampered }) } });
    await openSheet(page);
    expect(textOf(inSheet(page, '.lottery__outcome'))).toContain('未中奖');
    await tap(button(inSheet(page, '.lottery__verify')), '验证');
    await waitFor(() => inSheet(page, '.lottery__check'), 'the result');
    expect(inSheet(page, '.lottery__check')?.dom?.className).toContain('lottery__check--bad');
    expect(textOf(inSheet(page, '.lottery__check'))).toContain('验证失败');
    expect(textOf(inSheet(page, '.lottery__check'))).toContain('承诺不一致');
  });

  test('past its end the card reads 开奖中 and the page asks live.lottery until it is drawn', async () => {
    const running = runningLottery({ roomId: 'r-live', endsAt: Date.now() - 1000 });
    const drawn = drawnLottery(['v-1', 'v-2', 'v-3'], null);
    let asked = 0;
    const { page, backend } = await open({
      live: {
        room: () => detail({ lottery: running }),
        lottery: () => {
          asked += 1;
          return asked < 2 ? { ...running, status: 'drawing' } : drawn;
        },
      },
    });
    expect(textOf(page.querySelector('.lottery-card'))).toContain('开奖中');
    await waitFor(() => textOf(page.querySelector('.lottery-card')).includes('已开奖'), 'the draw', 10_000);
    expect(backend.payloads('live.lottery').length).toBe(2);
  }, 15_000);
});

/** `base` drawn again under `seed` (commitment, winners and the caller's result follow the seed). */
function rebuildWithSeed(base: Lottery, seed: string): Lottery {
  const tickets = base.tickets!;
  const keyed = tickets.map((t) => ({ t, k: nodeSha256(`${seed}:${t}`) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.t < b.t ? -1 : 1));
  const winners = keyed.slice(0, base.winnerCount).map((x) => x.t);
  return {
    ...base,
    seed,
    commitment: nodeSha256(seed),
    winners: winners.map((t) => ({ nickname: `观众${tickets.indexOf(t) + 1}`, ticket: t })),
    won: base.myTicket !== null && winners.includes(base.myTicket),
  };
}

test('opened without a room id, or for a room that is gone: says so', async () => {
  const backend = fakeBackend({ live: { room: () => Promise.reject(refuse('NOT_FOUND', '该直播间已被删除')) } });
  const { page } = loadFakePage(ROOM, backend);
  page.instance.onLoad({});
  await waitFor(() => textOf(page).includes('直播间不存在或已删除'), 'the missing state');
  expect(backend.calls).toEqual([]);
  const gone = loadFakePage(ROOM, backend).page;
  gone.instance.onLoad({ roomId: 'r-gone' });
  await waitFor(() => textOf(gone).includes('该直播间已被删除'), 'the not-found state');
});
