/**
 * Live commerce through the local cloud and the live sandbox on the local clock: rooms across start and end, goods
 * audits, live prices, reminders, live-only coupons, verifiable lotteries and per-room sales - with bad input and
 * merchant-only checks.
 */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import type { CouponRecord, LiveReminderRecord, LiveRoomRecord, LotteryRecord, OrderRecord } from '../../cloudfunctions/app/records';
import type {
  Coupon, Envelope, LiveRoom, LiveRoomDetail, LiveRoomPage, LiveStats, LiveStoreStats, Lottery, MerchantLiveRoom, OrderDetail, Page, PrepayResult, ProductLive, Quote,
} from '../../typings/api';
import { commitmentOf, drawWinners } from '../../cloudfunctions/app/live';
import { testCloud } from './support/test-cloud';
import { SHOP, T0, addAddress, expectCode, expectOk } from './support/commerce';

const MIN = 60_000;
const TEMPLATE = 'tmpl-live-remind';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await testCloud({
    seed: {
      ...SHOP,
      users: [...SHOP.users!, { openid: 'carol', nickname: 'Carol' }, { openid: 'dave', nickname: 'Dave' }, { openid: 'boss2', nickname: '店员' }],
      settings: { ...SHOP.settings, live: { reminderTemplateId: TEMPLATE, anchorWechat: 'anchor_wx', defaultCover: 'https://img.example.com/cover.jpg' } },
      stores: [{ id: 'hz', name: '杭州西湖店', city: '杭州', address: '西湖区文三路 1 号' }, { id: 'sh', name: '上海静安店', city: '上海', address: '静安区南京西路 2 号' }],
      couponTemplates: [
        { id: 'live10', name: '直播专享 10 元', kind: 'amount_off', threshold: 0, amountOff: 1000, scope: { type: 'all' }, validDays: 7, total: 100, perUserLimit: 1, liveOnly: true },
        { id: 'prize', name: '抽奖券 50 元', kind: 'amount_off', threshold: 0, amountOff: 5000, scope: { type: 'all' }, validDays: 7, total: 3, perUserLimit: 1 },
        { id: 'plain', name: '满 100 减 5', kind: 'amount_off', threshold: 10000, amountOff: 500, scope: { type: 'all' }, validDays: 7, total: 100, perUserLimit: 1 },
      ],
    },
  });
  cloud.clock.set(T0);
}, 60_000);
afterAll(async () => {
  await cloud.close();
});

const call = <T>(fn: string, action: string, data: unknown, openid: string): Promise<Envelope<T>> => cloud.call<T>(fn, { action, data }, openid);
const sync = async () => expectOk(await cloud.trigger('jobs', 'syncLiveRooms'));
const room = (roomId: string) => cloud.store.get<LiveRoomRecord>('live_rooms', roomId);

/** A room created through the workbench, starting `inMin` minutes from now, `lenMin` long. */
async function createRoom(inMin = 20, lenMin = 60, extra: Record<string, unknown> = {}): Promise<string> {
  const now = cloud.clock.now();
  const r = expectOk(await call<{ roomId: string }>('merchant', 'createLiveRoom', {
    name: '秋冬新品直播专场', anchorName: '小美', startTime: now + inMin * MIN, endTime: now + (inMin + lenMin) * MIN, ...extra,
  }, 'boss'));
  return r.roomId;
}

/** Adds goods and lets the 5-minute audit pass (the sync adds them to the room). */
async function addApproved(roomId: string, goods: Array<{ productId: string; livePrice?: number }>): Promise<void> {
  for (const g of goods) expectOk(await call('merchant', 'addLiveGoods', { roomId, ...g }, 'boss'));
  cloud.clock.advance(6 * MIN);
  await sync();
}

async function goLive(roomId: string): Promise<void> {
  const r = (await room(roomId))!;
  if (cloud.clock.now() < r.startTime) cloud.clock.set(r.startTime + 1);
  await sync();
  expect((await room(roomId))!.phase).toBe('live');
}

let req = 0;
async function buy(openid: string, items: Array<{ skuId: string; qty: number }>, live?: { roomId: string }, pay = true): Promise<string> {
  const addressId = await addAddress(cloud, openid);
  const o = expectOk(await call<{ orderId: string }>('order', 'create', { items, addressId, couponId: null, requestId: `live-req-${++req}`, ...(live ? { live } : {}) }, openid));
  if (pay) {
    const p = expectOk(await call<PrepayResult>('pay', 'prepay', { orderId: o.orderId }, openid));
    if (p.mode !== 'sandbox') throw new Error('sandbox expected');
    expect(await cloud.payCallback('payNotify', p.callback)).toEqual({ errcode: 0, errmsg: 'OK' });
  }
  return o.orderId;
}

describe('rooms follow WeChat across start and end', () => {
  it('is upcoming, then live at its start, then ended with a replay 10 minutes after the end', async () => {
    const roomId = await createRoom(15, 40, { storeId: 'hz' });
    const list = async (status: string, storeId?: string) =>
      expectOk(await call<Page<LiveRoom>>('live', 'rooms', { status, ...(storeId ? { storeId } : {}) }, 'alice')).items.map((r) => r.roomId);
    expect(await list('upcoming')).toContain(roomId);
    expect(await list('upcoming', 'hz')).toContain(roomId);
    expect(await list('upcoming', 'sh')).not.toContain(roomId);

    cloud.clock.advance(15 * MIN);
    await sync();
    expect(await list('live')).toContain(roomId);
    expect(await list('upcoming')).not.toContain(roomId);
    const detail = expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, 'alice'));
    expect(detail).toMatchObject({ status: 'live', liveStatus: 101, store: { id: 'hz', name: '杭州西湖店' }, replayUrl: null });

    cloud.clock.advance(40 * MIN);
    await sync();
    expect(await list('ended')).toContain(roomId);
    expect((await room(roomId))!.replayUrl).toBeNull();
    cloud.clock.advance(10 * MIN);
    await sync();
    expect((await room(roomId))!.replayUrl).toMatch(/^https:\/\//);
  });

  it('refuses times WeChat refuses, and non-merchants', async () => {
    const now = cloud.clock.now();
    const base = { name: '秋冬新品直播专场', anchorName: '小美', startTime: now + 20 * MIN, endTime: now + 80 * MIN };
    const before = await cloud.store.count('live_rooms', {});
    expectCode(await call('merchant', 'createLiveRoom', { ...base, startTime: now + 5 * MIN }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'createLiveRoom', { ...base, endTime: base.startTime + 20 * MIN }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'createLiveRoom', { ...base, endTime: base.startTime + 25 * 60 * MIN }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'createLiveRoom', { ...base, startTime: now + 200 * 24 * 60 * MIN, endTime: now + 200 * 24 * 60 * MIN + 60 * MIN }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'createLiveRoom', { ...base, name: '直播' }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'createLiveRoom', { ...base, storeId: 'nowhere' }, 'boss'), 'NOT_FOUND');
    expectCode(await call('merchant', 'createLiveRoom', { ...base, startTime: String(base.startTime) }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'createLiveRoom', base, 'alice'), 'FORBIDDEN');
    cloud.live.refuseNext('createRoom', 300036, 'live room create fail');
    expectCode(await call('merchant', 'createLiveRoom', base, 'boss'), 'WECHAT_REFUSED');
    expect(await cloud.store.count('live_rooms', {})).toBe(before);
  });
});

describe('goods, audits and live prices', () => {
  it('prices approved goods of that room at the live price only while it is live', async () => {
    const roomId = await createRoom(20, 60);
    const other = await createRoom(20, 60);
    expectOk(await call('merchant', 'addLiveGoods', { roomId, productId: 'earbuds', livePrice: 25000 }, 'boss'));
    let m = expectOk(await call<MerchantLiveRoom>('merchant', 'liveRoom', { roomId }, 'boss'));
    expect(m.goods.find((g) => g.productId === 'earbuds')?.auditStatus).toBe('pending');
    const quote = async (data: Record<string, unknown>) => expectOk(await call<Quote>('order', 'quote', { couponId: null, ...data }, 'alice'));
    const items = [{ skuId: 'earbuds-black', qty: 1 }, { skuId: 'earbuds-white', qty: 1 }];

    // Before the audit passes and before the room is live: normal prices, and the quote says why.
    let q = await quote({ items, live: { roomId } });
    expect(q.lines.map((l) => l.unitPrice)).toEqual([29900, 31900]);
    expect(q.live).toMatchObject({ roomId, skuIds: [], reason: 'NOT_LIVE' });

    cloud.clock.advance(6 * MIN);
    await sync();
    m = expectOk(await call<MerchantLiveRoom>('merchant', 'liveRoom', { roomId }, 'boss'));
    expect(m.goods.find((g) => g.productId === 'earbuds')).toMatchObject({ auditStatus: 'approved', livePrice: 25000 });
    expect(cloud.live.room(Number(roomId))!.goodsIds.length).toBe(1);

    await goLive(roomId);
    // Every SKU at the live price (unless its own is lower); the other room and no room: normal prices.
    q = await quote({ items, live: { roomId } });
    expect(q.lines.map((l) => l.unitPrice)).toEqual([25000, 25000]);
    expect(q.lines.map((l) => l.listPrice)).toEqual([29900, 31900]);
    expect(q.live).toMatchObject({ skuIds: ['earbuds-black', 'earbuds-white'], reason: null, saved: 4900 + 6900 });
    q = await quote({ items: [{ skuId: 'cable-1', qty: 1 }], live: { roomId } });
    expect(q.lines[0].unitPrice).toBe(1990);
    expect(q.live).toMatchObject({ skuIds: [], reason: 'NO_LIVE_GOODS' });
    await goLive(other);
    q = await quote({ items, live: { roomId: other } });
    expect(q.lines.map((l) => l.unitPrice)).toEqual([29900, 31900]);
    q = await quote({ items });
    expect(q.live).toBeNull();
    expect(q.lines.map((l) => l.unitPrice)).toEqual([29900, 31900]);
    q = await quote({ items, live: { roomId: '999999' } });
    expect(q.live).toMatchObject({ reason: 'NOT_FOUND' });

    // The order keeps the live price, the room and what was being explained.
    expectOk(await call('merchant', 'pushLiveGoods', { roomId, productId: 'earbuds' }, 'boss'));
    const orderId = await buy('alice', [{ skuId: 'earbuds-black', qty: 2 }], { roomId });
    const o = (await cloud.store.get<OrderRecord>('orders', orderId))!;
    expect(o.lines[0]).toMatchObject({ unitPrice: 25000, listPrice: 29900, amount: 50000 });
    expect(o.live).toEqual({ roomId, explainingProductId: 'earbuds' });
    const d = expectOk(await call<OrderDetail>('order', 'detail', { orderId }, 'alice'));
    expect(d.live).toEqual({ roomId, explainingProductId: 'earbuds' });

    // The product page sees the room selling it, explaining it.
    expect(expectOk(await call<ProductLive | null>('live', 'product', { productId: 'earbuds' }, 'bob'))).toMatchObject({ roomId, explaining: true, livePrice: 25000, status: 'live' });
    expect(expectOk(await call<ProductLive | null>('live', 'product', { productId: 'tea' }, 'bob'))).toBeNull();
    const listed = expectOk(await call<Page<LiveRoom>>('live', 'rooms', { status: 'live' }, 'bob')).items.find((r) => r.roomId === roomId)!;
    expect(listed.explaining).toMatchObject({ productId: 'earbuds', title: '降噪耳机', price: 25000 });

    // After the end: normal prices again, and the explaining mark is gone.
    cloud.clock.set((await room(roomId))!.endTime + 1);
    await sync();
    q = await quote({ items, live: { roomId } });
    expect(q.lines.map((l) => l.unitPrice)).toEqual([29900, 31900]);
    expect(q.live?.reason).toBe('NOT_LIVE');
    expect((await room(roomId))!.explaining).toBeNull();
  });

  it('keeps a rejected audit out of live prices and lets the merchant resubmit', async () => {
    const roomId = await createRoom(20, 60);
    // A product WeChat rejects (the sandbox rejects names with 违禁).
    await cloud.store.update('products', { _id: 'tea' }, { set: { title: '违禁龙井茶' } });
    try {
      await addApproved(roomId, [{ productId: 'tea', livePrice: 9900 }]);
    } finally {
      await cloud.store.update('products', { _id: 'tea' }, { set: { title: '龙井' } });
    }
    let m = expectOk(await call<MerchantLiveRoom>('merchant', 'liveRoom', { roomId }, 'boss'));
    expect(m.goods[0]).toMatchObject({ productId: 'tea', auditStatus: 'rejected' });
    await goLive(roomId);
    const q = expectOk(await call<Quote>('order', 'quote', { items: [{ skuId: 'tea-1', qty: 1 }], couponId: null, live: { roomId } }, 'alice'));
    expect(q.lines[0].unitPrice).toBe(16800);
    // Pushing a rejected product is refused; resubmitting goes back to the audit.
    expectCode(await call('merchant', 'pushLiveGoods', { roomId, productId: 'tea' }, 'boss'), 'CONFLICT');
    m = expectOk(await call<MerchantLiveRoom>('merchant', 'addLiveGoods', { roomId, productId: 'tea', livePrice: 9900 }, 'boss'));
    expect(m.goods[0].auditStatus).toBe('pending');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'tea', livePrice: 9900 }, 'boss'), 'CONFLICT');
  });

  it('checks goods input and roles, and a refusal from WeChat records nothing', async () => {
    const roomId = await createRoom(20, 60);
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'cable', livePrice: 0 }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'cable', livePrice: 1.5 }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'cable', livePrice: 99999 }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'gone' }, 'boss'), 'NOT_FOUND');
    expectCode(await call('merchant', 'addLiveGoods', { roomId: 'nope', productId: 'cable' }, 'boss'), 'NOT_FOUND');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: { $ne: '' } }, 'boss'), 'INVALID_INPUT');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'cable' }, 'alice'), 'FORBIDDEN');
    cloud.live.refuseNext('addGoods', 300002, 'name length invalid');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'cable' }, 'boss'), 'WECHAT_REFUSED');
    expect(await cloud.store.count('live_goods', { roomId })).toBe(0);
    // A lost answer: the anchor stays `submitting` and the sync submits it again.
    cloud.live.loseNextAnswer('addGoods');
    expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'cable', livePrice: 1500 }, 'boss'), 'INTERNAL');
    cloud.clock.advance(3 * MIN);
    await sync();
    cloud.clock.advance(6 * MIN);
    await sync();
    const m = expectOk(await call<MerchantLiveRoom>('merchant', 'liveRoom', { roomId }, 'boss'));
    expect(m.goods.map((g) => [g.productId, g.auditStatus])).toEqual([['cable', 'approved']]);
    for (const a of ['removeLiveGoods', 'pushLiveGoods', 'addLiveCoupon', 'liveStats', 'liveRoom'] as const) {
      expectCode(await call('merchant', a, a === 'addLiveCoupon' ? { roomId, templateId: 'live10' } : a === 'liveStats' || a === 'liveRoom' ? { roomId } : { roomId, productId: 'cable' }, 'alice'), 'FORBIDDEN');
    }
    expectCode(await call('merchant', 'pushLiveGoods', { roomId, productId: 'cable' }, 'boss'), 'NOT_LIVE');
    expectOk(await call('merchant', 'removeLiveGoods', { roomId, productId: 'cable' }, 'boss'));
    expect(cloud.live.room(Number(roomId))!.goodsIds).toEqual([]);
  });
});

describe('reminders', () => {
  it('sends one message per shopper who asked, exactly once under concurrent triggers', async () => {
    const roomId = await createRoom(20, 60);
    for (const who of ['alice', 'bob', 'carol']) expectOk(await call('live', 'remind', { roomId }, who));
    expectOk(await call('live', 'remind', { roomId }, 'alice')); // asking twice is one reminder
    expect(await cloud.store.count('live_reminders', { roomId })).toBe(3);
    expect(expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, 'alice'))).toMatchObject({ reminded: true, reminderTemplateId: TEMPLATE });
    expect(expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, 'dave')).reminded).toBe(false);
    // The list says so too, and carries the template the 提醒我 button asks consent for.
    const listed = async (who: string) => {
      const page = expectOk(await call<LiveRoomPage>('live', 'rooms', { status: 'upcoming' }, who));
      expect(page.reminderTemplateId).toBe(TEMPLATE);
      return page.items.find((r) => r.roomId === roomId)!;
    };
    expect((await listed('alice')).reminded).toBe(true);
    expect((await listed('dave')).reminded).toBe(false);

    // Not live yet: nothing goes out.
    await cloud.trigger('jobs', 'sendLiveReminders');
    const mine = () => cloud.live.sent().filter((m) => m.page.endsWith(`roomId=${roomId}`));
    expect(mine()).toHaveLength(0);

    await goLive(roomId);
    await Promise.all(Array.from({ length: 6 }, () => cloud.trigger('jobs', 'sendLiveReminders')));
    await cloud.trigger('jobs', 'sendLiveReminders');
    expect(mine().map((m) => m.touser).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(mine()[0]).toMatchObject({ templateId: TEMPLATE, data: { thing1: { value: '秋冬新品直播专场' }, thing3: { value: '小美' } } });
    const { items } = await cloud.store.find<LiveReminderRecord>('live_reminders', { roomId });
    expect(items.every((r) => r.status === 'sent')).toBe(true);
    expect((await room(roomId))!.remindersDone).toBe(true);
    // A live room takes no more reminders.
    expectCode(await call('live', 'remind', { roomId }, 'dave'), 'CONFLICT');
    expectCode(await call('live', 'remind', { roomId: 'nope' }, 'dave'), 'NOT_FOUND');
  });

  it('a lost answer from WeChat does not send twice', async () => {
    const roomId = await createRoom(20, 60);
    expectOk(await call('live', 'remind', { roomId }, 'dave'));
    await goLive(roomId);
    cloud.live.loseNextAnswer('sendSubscribeMessage');
    await cloud.trigger('jobs', 'sendLiveReminders');
    expect((await cloud.store.get<LiveReminderRecord>('live_reminders', `${roomId}_dave`))!.status).toBe('sending');
    cloud.clock.advance(6 * MIN);
    await cloud.trigger('jobs', 'sendLiveReminders');
    expect((await cloud.store.get<LiveReminderRecord>('live_reminders', `${roomId}_dave`))!.status).toBe('sent');
    expect(cloud.live.sent().filter((m) => m.page.endsWith(`roomId=${roomId}`))).toHaveLength(1);
  });
});

describe('live-only coupons', () => {
  it('are claimable only in their room while it is live', async () => {
    const roomId = await createRoom(20, 60);
    const other = await createRoom(20, 60);
    const claim = (data: Record<string, unknown>, who = 'carol') => call<Coupon>('coupon', 'claim', { templateId: 'live10', ...data }, who);
    expectOk(await call('merchant', 'addLiveCoupon', { roomId, templateId: 'live10' }, 'boss'));
    const center = expectOk(await call<Array<{ templateId: string }>>('coupon', 'center', {}, 'carol'));
    expect(center.map((c) => c.templateId)).not.toContain('live10');
    expectCode(await claim({}), 'LIVE_ONLY');
    expectCode(await claim({ roomId }), 'NOT_LIVE');
    await goLive(roomId);
    await goLive(other);
    expectCode(await claim({ roomId: other }), 'LIVE_ONLY');
    expectCode(await claim({ roomId: 'nope' }), 'NOT_FOUND');
    const detail = expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, 'carol'));
    expect(detail.coupons).toEqual([expect.objectContaining({ templateId: 'live10', liveOnly: true, state: 'claimable' })]);
    const c = expectOk(await claim({ roomId }));
    expect(c).toMatchObject({ templateId: 'live10', status: 'usable' });
    expectCode(await claim({ roomId }), 'COUPON_UNAVAILABLE');
    cloud.clock.set((await room(roomId))!.endTime + 1);
    await sync();
    expectCode(await claim({ roomId }, 'dave'), 'NOT_LIVE');
    expect(await cloud.store.count('coupons', { templateId: 'live10' })).toBe(1);
    expectCode(await call('merchant', 'addLiveCoupon', { roomId: await createRoom(), templateId: 'nope' }, 'boss'), 'NOT_FOUND');
    expectCode(await call('merchant', 'addLiveCoupon', { roomId, templateId: 'plain' }, 'boss'), 'NOT_LIVE');
  });
});

describe('verifiable lotteries', () => {
  it('draws once, verifiably, and hands each prize over once within the template total', async () => {
    const roomId = await createRoom(20, 60);
    expectCode(await call('merchant', 'startLottery', { roomId, templateId: 'prize', winners: 2, minutes: 5 }, 'boss'), 'NOT_LIVE');
    await goLive(roomId);
    expectCode(await call('merchant', 'startLottery', { roomId, templateId: 'prize', winners: 2, minutes: 5 }, 'alice'), 'FORBIDDEN');
    expectCode(await call('merchant', 'startLottery', { roomId, templateId: 'prize', winners: 4, minutes: 5 }, 'boss'), 'COUPON_UNAVAILABLE');
    expectCode(await call('merchant', 'startLottery', { roomId, templateId: 'prize', winners: 0, minutes: 5 }, 'boss'), 'INVALID_INPUT');
    const started = expectOk(await call<Lottery>('merchant', 'startLottery', { roomId, templateId: 'prize', winners: 2, minutes: 5 }, 'boss'));
    expect(started).toMatchObject({ status: 'running', seed: null, participants: 0, winnerCount: 2 });
    expect(started.commitment).toMatch(/^[0-9a-f]{64}$/);
    expectCode(await call('merchant', 'startLottery', { roomId, templateId: 'prize', winners: 1, minutes: 5 }, 'boss'), 'CONFLICT');
    const lotteryId = started.lotteryId;

    const players = ['alice', 'bob', 'carol', 'dave', 'boss2'];
    const tickets = new Map<string, string>();
    for (const who of players) {
      const l = expectOk(await call<Lottery>('live', 'joinLottery', { lotteryId }, who));
      tickets.set(who, l.myTicket!);
    }
    // Joining twice is the same ticket, once.
    const again = expectOk(await call<Lottery>('live', 'joinLottery', { lotteryId }, 'alice'));
    expect(again.myTicket).toBe(tickets.get('alice'));
    expect(again.participants).toBe(5);
    expect(expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, 'bob')).lottery).toMatchObject({ lotteryId, status: 'running', myTicket: tickets.get('bob') });

    // Not yet over: no draw. Over: joins are refused.
    await cloud.trigger('jobs', 'drawLotteries');
    expect((await cloud.store.get<LotteryRecord>('lotteries', lotteryId))!.status).toBe('running');
    cloud.clock.advance(5 * MIN);
    expectCode(await call('live', 'joinLottery', { lotteryId }, 'carol-late'), 'LOTTERY_CLOSED');
    cloud.clock.advance(20_000);
    await Promise.all(Array.from({ length: 5 }, () => cloud.trigger('jobs', 'drawLotteries')));

    const view = expectOk(await call<Lottery>('live', 'lottery', { lotteryId }, 'alice'));
    expect(view.status).toBe('drawn');
    // Anyone can recompute: the seed matches the commitment, and the winners follow from the seed and the tickets.
    expect(commitmentOf(view.seed!)).toBe(started.commitment);
    expect(view.tickets).toEqual([...tickets.values()].sort());
    expect(view.winners.map((w) => w.ticket)).toEqual(drawWinners(view.seed!, view.tickets!, 2));
    const winners = players.filter((p) => view.winners.some((w) => w.ticket === tickets.get(p)));
    expect(winners).toHaveLength(2);
    expect(view.winners.map((w) => w.nickname).sort()).toEqual(winners.map((w) => ({ alice: 'Alice', bob: 'Bob', carol: 'Carol', dave: 'Dave', boss2: '店员' })[w]).sort());
    // Each winner holds exactly one prize coupon; the template's total holds.
    const prizes = (await cloud.store.find<CouponRecord>('coupons', { templateId: 'prize' })).items;
    expect(prizes.map((c) => c.openid).sort()).toEqual([...winners].sort());
    for (const w of winners) {
      const mine = expectOk(await call<Lottery>('live', 'lottery', { lotteryId }, w));
      expect(mine).toMatchObject({ won: true, prizeCouponId: expect.any(String) });
    }
    const loser = players.find((p) => !winners.includes(p))!;
    expect(expectOk(await call<Lottery>('live', 'lottery', { lotteryId }, loser))).toMatchObject({ won: false, prizeCouponId: null });
    await cloud.trigger('jobs', 'drawLotteries');
    expect(await cloud.store.count('coupons', { templateId: 'prize' })).toBe(2);

    // A second lottery of the same prize: only one coupon is left, so only one winner gets one.
    const second = expectOk(await call<Lottery>('merchant', 'startLottery', { roomId, templateId: 'prize', winners: 1, minutes: 1 }, 'boss'));
    await cloud.store.update('coupon_templates', { _id: 'prize' }, { inc: { claimed: 1 } }); // someone else took the last one meanwhile
    for (const who of players) expectOk(await call('live', 'joinLottery', { lotteryId: second.lotteryId }, who));
    cloud.clock.advance(2 * MIN);
    await cloud.trigger('jobs', 'drawLotteries');
    const l2 = (await cloud.store.get<LotteryRecord>('lotteries', second.lotteryId))!;
    expect(l2.status).toBe('drawn');
    expect(l2.winners!.map((w) => w.prize)).toEqual(['sold_out']);
    expect(await cloud.store.count('coupons', { templateId: 'prize' })).toBe(2);
    expectCode(await call('live', 'lottery', { lotteryId: 'nope' }, 'alice'), 'NOT_FOUND');
  });
});

describe('per-room sales', () => {
  it('counts paid money less refunds, per product and per minute with what was explained', async () => {
    const roomId = await createRoom(20, 60, { storeId: 'sh' });
    await addApproved(roomId, [{ productId: 'earbuds', livePrice: 20000 }, { productId: 'cable' }]);
    await goLive(roomId);
    expectOk(await call('live', 'remind', { roomId: await createRoom(30, 60) }, 'alice')); // another room's reminder does not count
    expectOk(await call('merchant', 'pushLiveGoods', { roomId, productId: 'earbuds' }, 'boss'));
    const t1 = cloud.clock.now();
    const o1 = await buy('alice', [{ skuId: 'earbuds-black', qty: 2 }], { roomId }); // 40000, free shipping
    await buy('bob', [{ skuId: 'earbuds-white', qty: 1 }], { roomId }, false); // unpaid: an order, not GMV
    cloud.clock.advance(2 * MIN);
    expectOk(await call('merchant', 'pushLiveGoods', { roomId, productId: 'cable' }, 'boss'));
    const o3 = await buy('bob', [{ skuId: 'cable-1', qty: 3 }], { roomId }); // 5970 + 800 shipping
    await buy('carol', [{ skuId: 'cable-1', qty: 1 }]); // not from the room

    // Refund one of Alice's two earbuds.
    const as = expectOk(await call<{ id: string }>('order', 'requestRefund', { orderId: o1, reason: 'not_wanted', lines: [{ skuId: 'earbuds-black', qty: 1 }] }, 'alice'));
    expectOk(await call('merchant', 'reviewRefund', { id: as.id, approve: true }, 'boss'));
    await cloud.settled();
    const refunded = (await cloud.store.get<OrderRecord>('orders', o1))!.refundedAmount;
    expect(refunded).toBe(20000);

    const s = expectOk(await call<LiveStats>('merchant', 'liveStats', { roomId }, 'boss'));
    expect(s).toMatchObject({ orders: 3, paidOrders: 2, gmv: 40000 - 20000 + 5970 + 800, buyers: 2, remindersSent: 0, reminderSubscribers: 0 });
    expect(s.byProduct).toEqual([
      { productId: 'earbuds', title: '降噪耳机', orders: 1, qty: 1, gmv: 20000 },
      { productId: 'cable', title: '数据线', orders: 1, qty: 3, gmv: 5970 },
    ]);
    const o3paid = (await cloud.store.get<OrderRecord>('orders', o3))!.paidAt!;
    expect(s.timeline).toEqual([
      { minute: Math.floor(t1 / MIN) * MIN, orders: 1, gmv: 20000, explainingProductId: 'earbuds' },
      { minute: Math.floor(o3paid / MIN) * MIN, orders: 1, gmv: 6770, explainingProductId: 'cable' },
    ]);
    const perStore = expectOk(await call<LiveStoreStats[]>('merchant', 'liveStoreStats', {}, 'boss'));
    expect(perStore.find((r) => r.store?.id === 'sh')).toMatchObject({ paidOrders: 2, gmv: s.gmv });
    expectCode(await call('merchant', 'liveStoreStats', {}, 'bob'), 'FORBIDDEN');
    expectCode(await call('merchant', 'liveStats', { roomId: 'nope' }, 'boss'), 'NOT_FOUND');
  });
});

describe('the demo shop', () => {
  it('has a room live now whose goods WeChat knows (the sync keeps it live, the anchor can push)', async () => {
    const demo = await testCloud({ seed: 'demo' });
    try {
      const live = expectOk(await demo.call<Page<LiveRoom>>('live', { action: 'rooms', data: { status: 'live' } }, 'dev-shopper')).items;
      expect(live.map((r) => r.roomId)).toEqual(['1001']);
      expect(live[0].explaining).toMatchObject({ productId: 'p-earbuds-pro', price: 24900 });
      // WeChat knows the seeded rooms exactly as the store does: the first sync finds nothing to change.
      expect(expectOk(await demo.trigger('jobs', 'syncLiveRooms'))).toMatchObject({ rooms: 3, changed: 0, imported: 0 });
      const r = expectOk(await demo.call<MerchantLiveRoom>('merchant', { action: 'pushLiveGoods', data: { roomId: '1001', productId: 'p-gan-charger' } }, 'dev-merchant'));
      expect(r.status).toBe('live');
      expect(r.goods.find((g) => g.explaining)?.productId).toBe('p-gan-charger');
      const upcoming = expectOk(await demo.call<Page<LiveRoom>>('live', { action: 'rooms', data: { status: 'upcoming' } }, 'dev-shopper')).items;
      expect(upcoming.map((x) => x.roomId)).toEqual(['1002']);
      const ended = expectOk(await demo.call<Page<LiveRoom>>('live', { action: 'rooms', data: { status: 'ended' } }, 'dev-shopper')).items;
      expect(ended[0]).toMatchObject({ roomId: '1003', replayUrl: expect.stringMatching(/^https:/) });
    } finally {
      await demo.close();
    }
  }, 60_000);
});
