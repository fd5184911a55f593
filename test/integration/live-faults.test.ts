/**
 * Live commerce under faults, the way production fails: for each live use case and job, the Nth store call throws -
 * before it reaches the database, or after it landed with the answer lost - for every N until the run is clean.
 * Then the caller retries or the job runs again (with time past the stale windows it waits for), and the test
 * asserts what a shopper or the merchant would notice: one reminder each, one prize per winner within the total,
 * one entry per shopper, one running lottery per room, one live coupon per shopper, goods approved and in the room once.
 */
import type {
  CouponClaimRecord, CouponRecord, CouponTemplateRecord, LiveGoodsRecord, LiveReminderRecord, LiveRoomRecord, LotteryEntryRecord, LotteryRecord,
} from '../../cloudfunctions/app/records';
import { DRAW_GRACE_MS, SENDING_STALE_MS, SUBMIT_STALE_MS, prizeCouponId } from '../../cloudfunctions/app/live';
import { AUDIT_MS } from '../../cloudfunctions/adapters/live-sandbox';
import { drawWinners, ticketOf } from '../../cloudfunctions/app/live';
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import { cond } from '../../cloudfunctions/ports/store';
import type { Coupon, Envelope, LiveRoomDetail, Lottery, MerchantLiveRoom } from '../../typings/api';
import { everyStep } from '../support/every-step';
import { FaultyStore } from '../support/faulty-store';
import { SHOP, T0, expectCode, expectOk } from './support/commerce';
import { testCloud } from './support/test-cloud';

const MIN = 60_000;
const REMIND_TEMPLATE = 'tmpl-live-remind';
/** Prize templates (plenty left / a few left) and the live-only coupon. */
const PRIZE = 'prize';
const FEW = 'prize-few';
const LIVE_ONLY = 'live-only';

const FIXTURE: FixtureInput = {
  ...SHOP,
  settings: { ...SHOP.settings, live: { reminderTemplateId: REMIND_TEMPLATE, anchorWechat: 'anchor_wx', defaultCover: 'https://img.example.com/cover.jpg' } },
  couponTemplates: [
    { id: PRIZE, name: '抽奖券 50 元', kind: 'amount_off', threshold: 0, amountOff: 5000, scope: { type: 'all' }, validDays: 7, total: 100000, perUserLimit: 1 },
    { id: FEW, name: '抽奖券 100 元', kind: 'amount_off', threshold: 0, amountOff: 10000, scope: { type: 'all' }, validDays: 7, total: 100000, perUserLimit: 1 },
    { id: LIVE_ONLY, name: '直播专享 10 元', kind: 'amount_off', threshold: 0, amountOff: 1000, scope: { type: 'all' }, validDays: 7, total: 100000, perUserLimit: 1, liveOnly: true },
  ],
};

let cloud: LocalCloud;
let faulty: FaultyStore;
beforeAll(async () => {
  cloud = await testCloud({ seed: FIXTURE, wrapStore: (s) => (faulty = new FaultyStore(s)) });
  cloud.clock.set(T0);
}, 60_000);
afterAll(() => cloud.close());

let seq = 0;
const uid = (p: string) => `${p}-${++seq}`;
const call = <T>(fn: string, action: string, data: unknown, openid: string): Promise<Envelope<T>> => cloud.call<T>(fn, { action, data }, openid);
const job = (name: string) => cloud.trigger('jobs', name);
const sync = async () => expectOk(await job('syncLiveRooms'));
const roomOf = async (roomId: string) => (await cloud.store.get<LiveRoomRecord>('live_rooms', roomId))!;
const lotteryOf = async (id: string) => (await cloud.store.get<LotteryRecord>('lotteries', id))!;
const templateOf = async (id: string) => (await cloud.store.get<CouponTemplateRecord>('coupon_templates', id))!;

/** A room made in the workbench, starting `inMin` minutes from now, `lenMin` long. */
async function createRoom(inMin = 20, lenMin = 60): Promise<string> {
  const now = cloud.clock.now();
  return expectOk(await call<{ roomId: string }>('merchant', 'createLiveRoom', {
    name: '秋冬新品直播专场', anchorName: '小美', startTime: now + inMin * MIN, endTime: now + (inMin + lenMin) * MIN,
  }, 'boss')).roomId;
}

/** The clock to the room's start, and the sync that sees it live. */
async function goLive(roomId: string): Promise<void> {
  const r = await roomOf(roomId);
  if (cloud.clock.now() < r.startTime) cloud.clock.set(r.startTime + 1);
  await sync();
  expect((await roomOf(roomId)).phase).toBe('live');
}

/** A template's counter agrees with the coupons that exist of it, and never passes its total. */
async function expectTemplateAgrees(templateId: string): Promise<void> {
  const t = await templateOf(templateId);
  expect(await cloud.store.count('coupons', { templateId })).toBe(t.claimed);
  expect(t.claimed).toBeLessThanOrEqual(t.total);
}

// ---------- reminders ----------

test('jobs.sendLiveReminders: a fault anywhere; after the next runs every shopper who asked got exactly one message', async () => {
  const runs = await everyStep({
    name: 'sendLiveReminders',
    faulty,
    prepare: async () => {
      const roomId = await createRoom();
      const shoppers = [uid('fan'), uid('fan'), uid('fan')];
      for (const who of shoppers) expectOk(await call('live', 'remind', { roomId }, who));
      await goLive(roomId);
      return { roomId, shoppers };
    },
    attempt: () => job('sendLiveReminders'),
    retry: async () => {
      await job('sendLiveReminders'); // the next minute: a fresh claim is left to its sender
      cloud.clock.advance(SENDING_STALE_MS + MIN);
      expectOk(await job('sendLiveReminders')); // a claim left `sending` is stale now: tried again
      expectOk(await job('sendLiveReminders'));
    },
    check: async ({ roomId, shoppers }) => {
      const mine = cloud.live.sent().filter((m) => m.page.endsWith(`roomId=${roomId}`));
      expect(mine.map((m) => m.touser).sort()).toEqual([...shoppers].sort());
      const { items } = await cloud.store.find<LiveReminderRecord>('live_reminders', { roomId }, { limit: 10 });
      expect(items.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      expect((await roomOf(roomId)).remindersDone).toBe(true);
    },
  });
  expect(runs).toBeGreaterThan(10);
}, 60_000);

// ---------- lottery draws ----------

/**
 * A lottery of `templateId` in the (live) room, `players` fresh shoppers in it, and the clock past its end and the
 * draw grace. `beforeJoin` runs once it is started.
 */
async function endedLottery(roomId: string, templateId: string, winners: number, players: number, beforeJoin?: () => Promise<void>) {
  const started = expectOk(await call<Lottery>('merchant', 'startLottery', { roomId, templateId, winners, minutes: 1 }, 'boss'));
  await beforeJoin?.();
  const tickets = new Map<string, string>();
  for (let i = 0; i < players; i++) {
    const who = uid('player');
    tickets.set(who, expectOk(await call<Lottery>('live', 'joinLottery', { lotteryId: started.lotteryId }, who)).myTicket!);
  }
  cloud.clock.advance(MIN + DRAW_GRACE_MS + 1000);
  return { lotteryId: started.lotteryId, commitment: started.commitment, tickets };
}

/** The draw as a shopper can recompute it, and each winner's prize as the lottery and the coupons show it. */
async function expectDrawn(s: { lotteryId: string; tickets: Map<string, string> }, templateId: string, winnerCount: number) {
  const l = await lotteryOf(s.lotteryId);
  expect(l.status).toBe('drawn');
  const tickets = [...s.tickets.values()].sort();
  expect(l.tickets).toEqual(tickets);
  expect(l.winners!.map((w) => w.ticket)).toEqual(drawWinners(l.seed, tickets, winnerCount));
  const players = [...s.tickets.keys()];
  const byTicket = new Map(players.map((p) => [s.tickets.get(p)!, p]));
  expect(l.winners!.map((w) => w.openid)).toEqual(l.winners!.map((w) => byTicket.get(w.ticket)));
  // Coupons of this template held by the players: exactly one per winner given a prize, under the prize's own id.
  const given = l.winners!.filter((w) => w.prize === 'given');
  const { items } = await cloud.store.find<CouponRecord>('coupons', { templateId, openid: cond.in(players) }, { limit: 50 });
  expect(items.map((c) => [c.openid, c._id]).sort()).toEqual(given.map((w) => [w.openid, prizeCouponId(s.lotteryId, w.ticket)]).sort());
  for (const w of l.winners!) expect(w.couponId).toBe(w.prize === 'given' ? prizeCouponId(s.lotteryId, w.ticket) : null);
  // What each player sees.
  for (const who of players) {
    const w = l.winners!.find((x) => x.openid === who);
    expect(expectOk(await call<Lottery>('live', 'lottery', { lotteryId: s.lotteryId }, who))).toMatchObject({
      status: 'drawn', myTicket: s.tickets.get(who), won: !!w, prizeCouponId: w?.prize === 'given' ? w.couponId : null,
    });
  }
  await expectTemplateAgrees(templateId);
  return l;
}

test('jobs.drawLotteries: a fault anywhere (also after the winners are fixed); the next runs give each winner one prize', async () => {
  const roomId = await createRoom(20, 600);
  await goLive(roomId);
  const runs = await everyStep({
    name: 'drawLotteries',
    faulty,
    prepare: () => endedLottery(roomId, PRIZE, 2, 4),
    attempt: () => job('drawLotteries'),
    retry: async () => {
      cloud.clock.advance(MIN);
      expectOk(await job('drawLotteries'));
    },
    check: async (s) => {
      const l = await expectDrawn(s, PRIZE, 2);
      expect(l.winners!.map((w) => w.prize)).toEqual(['given', 'given']);
      // The room is free for the next lottery (the next prepare starts one).
    },
  });
  expect(runs).toBeGreaterThan(10);
}, 60_000);

test('jobs.drawLotteries with fewer prizes left than winners: a fault anywhere; prizes never pass the total, the rest are sold out', async () => {
  const roomId = await createRoom(20, 600);
  await goLive(roomId);
  await everyStep({
    name: 'drawLotteries, sold out',
    faulty,
    prepare: async () => {
      // Three winners may be drawn when the lottery starts; then someone takes one of the three left.
      const t = await templateOf(FEW);
      await cloud.store.update('coupon_templates', { _id: FEW }, { set: { total: t.claimed + 3 } });
      return endedLottery(roomId, FEW, 3, 5, async () => {
        expectOk(await call<Coupon>('coupon', 'claim', { templateId: FEW }, uid('bystander')));
      });
    },
    attempt: () => job('drawLotteries'),
    retry: async () => {
      cloud.clock.advance(MIN);
      expectOk(await job('drawLotteries'));
    },
    check: async (s) => {
      const l = await expectDrawn(s, FEW, 3);
      // Handed over in draw order: the first two got the last two coupons.
      expect(l.winners!.map((w) => w.prize)).toEqual(['given', 'given', 'sold_out']);
      const t = await templateOf(FEW);
      expect(t.claimed).toBe(t.total);
    },
  });
}, 60_000);

// ---------- joining ----------

test('live.joinLottery: a fault anywhere; the retry answers the same ticket, and the shopper holds one entry', async () => {
  const roomId = await createRoom(20, 120);
  await goLive(roomId);
  const lotteryId = expectOk(await call<Lottery>('merchant', 'startLottery', { roomId, templateId: PRIZE, winners: 1, minutes: 60 }, 'boss')).lotteryId;
  const joined: string[] = [];
  await everyStep({
    name: 'joinLottery',
    faulty,
    prepare: async () => ({ openid: uid('joiner'), first: null as Envelope<Lottery> | null }),
    attempt: async (s) => {
      s.first = await call<Lottery>('live', 'joinLottery', { lotteryId }, s.openid);
    },
    retry: async (s) => {
      const again = expectOk(await call<Lottery>('live', 'joinLottery', { lotteryId }, s.openid));
      expect(again.myTicket).toBe(ticketOf(lotteryId, s.openid));
      if (s.first?.ok) expect(s.first.data.myTicket).toBe(again.myTicket);
      joined.push(s.openid);
    },
    check: async (s) => {
      const { items } = await cloud.store.find<LotteryEntryRecord>('lottery_entries', { lotteryId, openid: s.openid }, { limit: 5 });
      expect(items.map((e) => e.ticket)).toEqual([ticketOf(lotteryId, s.openid)]);
      expect(expectOk(await call<Lottery>('live', 'lottery', { lotteryId }, s.openid)).participants).toBe(joined.length);
    },
  });
  // Every one of them is in the draw, once.
  cloud.clock.advance(60 * MIN + DRAW_GRACE_MS + 1000);
  expectOk(await job('drawLotteries'));
  const l = await lotteryOf(lotteryId);
  expect(l).toMatchObject({ status: 'drawn', participants: joined.length });
  expect(l.tickets).toEqual(joined.map((o) => ticketOf(lotteryId, o)).sort());
}, 60_000);

// ---------- starting ----------

test('merchant.startLottery: a fault anywhere; after the retry the room has exactly one running lottery, the one it points to', async () => {
  await everyStep({
    name: 'startLottery',
    faulty,
    prepare: async () => {
      const roomId = await createRoom();
      await goLive(roomId);
      return { roomId };
    },
    attempt: (s) => call('merchant', 'startLottery', { roomId: s.roomId, templateId: PRIZE, winners: 1, minutes: 5 }, 'boss'),
    retry: async (s) => {
      const r = await call<Lottery>('merchant', 'startLottery', { roomId: s.roomId, templateId: PRIZE, winners: 1, minutes: 5 }, 'boss');
      if (!r.ok) expectCode(r, 'CONFLICT'); // the first one landed, its answer was lost
    },
    check: async ({ roomId }) => {
      const { items } = await cloud.store.find<LotteryRecord>('lotteries', { roomId }, { limit: 10 });
      expect(items.map((l) => l.status)).toEqual(['running']);
      expect((await roomOf(roomId)).activeLottery).toBe(items[0]._id);
      const m = expectOk(await call<MerchantLiveRoom>('merchant', 'liveRoom', { roomId }, 'boss'));
      expect(m.lotteries.map((l) => [l.lotteryId, l.status])).toEqual([[items[0]._id, 'running']]);
      // Once it is drawn, the room is free for the next one.
      cloud.clock.advance(5 * MIN + DRAW_GRACE_MS + 1000);
      expectOk(await job('drawLotteries'));
      expect((await lotteryOf(items[0]._id)).status).toBe('drawn');
      expectOk(await call('merchant', 'startLottery', { roomId, templateId: PRIZE, winners: 1, minutes: 5 }, 'boss'));
    },
  });
}, 60_000);

// ---------- live-only coupons ----------

test('coupon.claim in a live room: a fault anywhere; one coupon per shopper at most, the counter equals the coupons held', async () => {
  const roomId = await createRoom(20, 120);
  expectOk(await call('merchant', 'addLiveCoupon', { roomId, templateId: LIVE_ONLY }, 'boss'));
  await goLive(roomId);
  await everyStep({
    name: 'live coupon claim',
    faulty,
    prepare: async () => ({ openid: uid('claimer') }),
    attempt: (s) => call('coupon', 'claim', { templateId: LIVE_ONLY, roomId }, s.openid),
    retry: async (s) => {
      const r = await call<Coupon>('coupon', 'claim', { templateId: LIVE_ONLY, roomId }, s.openid);
      if (!r.ok) expect(r.error.message).toBe('您已领取过该优惠券'); // the first one landed, its answer was lost
    },
    check: async (s) => {
      const { items } = await cloud.store.find<CouponRecord>('coupons', { openid: s.openid }, { limit: 5 });
      expect(items.map((c) => c.templateId)).toEqual([LIVE_ONLY]);
      const counter = await cloud.store.get<CouponClaimRecord>('coupon_claims', `${LIVE_ONLY}:${s.openid}`);
      expect(counter?.count).toBe(1);
      await expectTemplateAgrees(LIVE_ONLY);
      const detail = expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, s.openid));
      expect(detail.coupons.find((c) => c.templateId === LIVE_ONLY)?.remainingForMe).toBe(0);
    },
  });
}, 60_000);

// ---------- goods ----------

/** The room's goods as WeChat and the store keep them, and as shoppers see them. */
async function expectGoodsInRoom(roomId: string, productIds: string[]): Promise<void> {
  const { items } = await cloud.store.find<LiveGoodsRecord>('live_goods', { roomId }, { limit: 20 });
  expect(items.map((g) => [g.productId, g.auditStatus, g.inRoom]).sort()).toEqual(productIds.map((p) => [p, 'approved', true]).sort());
  // In WeChat's room exactly once each, and nothing else.
  const wx = cloud.live.room(Number(roomId))!;
  expect([...wx.goodsIds].sort((a, b) => a - b)).toEqual(items.map((g) => g.wxGoodsId!).sort((a, b) => a - b));
  for (const g of items) expect(cloud.live.goods(g.wxGoodsId!)?.auditStatus).toBe(2);
  const detail = expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, 'alice'));
  expect(detail.goods.map((g) => g.productId).sort()).toEqual([...productIds].sort());
}

describe('goods and the sync', () => {
  // A faulted sync should meet this test's work alone: every earlier room has ended and has its replay first, each test
  // reuses one room starting days ahead (its goods removed between runs), and WeChat's room list stays one page.
  const AHEAD = 3 * 24 * 60;
  beforeAll(async () => {
    cloud.clock.advance(2 * 24 * 60 * MIN);
    for (let i = 0; i < 10; i++) {
      await sync();
      if ((await cloud.store.count('live_rooms', { phase: 'ended', replayUrl: null })) === 0) break;
    }
  });

  /** The merchant takes every goods out of the room (from an earlier run). */
  async function clearGoods(roomId: string): Promise<void> {
    const { items } = await cloud.store.find<LiveGoodsRecord>('live_goods', { roomId }, { limit: 20 });
    for (const g of items) expectOk(await call('merchant', 'removeLiveGoods', { roomId, productId: g.productId }, 'boss'));
    expect(cloud.live.room(Number(roomId))!.goodsIds).toEqual([]);
  }

  test('merchant.addLiveGoods: a fault anywhere; after the retry and the syncs the goods are approved and in the room once', async () => {
    const roomId = await createRoom(AHEAD);
    await everyStep({
      name: 'addLiveGoods',
      faulty,
      prepare: async () => {
        await clearGoods(roomId);
        return { roomId };
      },
      attempt: (s) => call('merchant', 'addLiveGoods', { roomId: s.roomId, productId: 'cable', livePrice: 1500 }, 'boss'),
      retry: async (s) => {
        const r = await call('merchant', 'addLiveGoods', { roomId: s.roomId, productId: 'cable', livePrice: 1500 }, 'boss');
        if (!r.ok) expectCode(r, 'CONFLICT'); // the anchor is there: submitted, or left for the sync
        cloud.clock.advance(SUBMIT_STALE_MS + 1000);
        await sync(); // an anchor whose goods/add never answered is submitted again
        cloud.clock.advance(AUDIT_MS + MIN);
        await sync(); // the audit passed: approved and into the room
      },
      check: async () => {
        expect(await cloud.store.count('live_goods', { roomId, auditStatus: 'submitting' })).toBe(0);
        await expectGoodsInRoom(roomId, ['cable']);
        expect((await roomOf(roomId)).goodsCount).toBe(1);
      },
    });
  }, 60_000);

  test('jobs.syncLiveRooms (a lost goods/add to submit again, an audit to take, goods to put in the room): a fault anywhere; the next syncs finish it', async () => {
    const roomId = await createRoom(AHEAD);
    await sync();
    await everyStep({
      name: 'syncLiveRooms',
      faulty,
      prepare: async () => {
        await clearGoods(roomId);
        expectOk(await call('merchant', 'addLiveGoods', { roomId, productId: 'earbuds', livePrice: 25000 }, 'boss'));
        cloud.live.loseNextAnswer('addGoods');
        expectCode(await call('merchant', 'addLiveGoods', { roomId, productId: 'cable', livePrice: 1500 }, 'boss'), 'INTERNAL');
        cloud.clock.advance(AUDIT_MS + MIN); // earbuds: audited; cable: its anchor is stale
        return null;
      },
      attempt: () => job('syncLiveRooms'),
      retry: async () => {
        await sync();
        cloud.clock.advance(SUBMIT_STALE_MS + 1000);
        await sync();
        cloud.clock.advance(AUDIT_MS + MIN);
        await sync();
      },
      check: async () => {
        expect(await cloud.store.count('live_goods', { roomId, auditStatus: 'submitting' })).toBe(0);
        await expectGoodsInRoom(roomId, ['cable', 'earbuds']);
        expect((await roomOf(roomId)).goodsCount).toBe(2);
      },
    });
  }, 60_000);

  // Found by this test: the recount once covered only rooms the same run touched, so a fault between putting the goods
  // in and recounting left goodsCount at 0 for good. Every open room is recounted on each sync now.
  test('jobs.syncLiveRooms putting a room\'s only approved goods in: a fault anywhere; after the next syncs the room lists one goods', async () => {
    const roomId = await createRoom(AHEAD);
    await sync();
    await everyStep({
      name: 'syncLiveRooms, goods count',
      faulty,
      prepare: async () => {
        await clearGoods(roomId);
        expectOk(await call('merchant', 'addLiveGoods', { roomId, productId: 'tea', livePrice: 9900 }, 'boss'));
        cloud.clock.advance(AUDIT_MS + MIN);
        return null;
      },
      attempt: () => job('syncLiveRooms'),
      retry: async () => {
        await sync();
        cloud.clock.advance(MIN);
        await sync();
      },
      check: async () => {
        await expectGoodsInRoom(roomId, ['tea']);
        // What the room page (and the room lists) show shoppers before the room starts.
        expect(expectOk(await call<LiveRoomDetail>('live', 'room', { roomId }, 'alice')).goodsCount).toBe(1);
      },
    });
  }, 60_000);
});
