/**
 * Live commerce: rooms (WeChat's live-player-plugin), their goods and audits, what the anchor explains now, live
 * prices, reminders, live-only coupons, verifiable lotteries and per-room sales.
 *
 * WeChat is the authority on a room's state: `jobs.syncLiveRooms` copies its live_status into `live_rooms` every
 * minute, and everything that depends on "live now" (live prices, live coupons, lotteries, reminders) reads the
 * room's `phase` from there. Multi-step work is anchored and idempotent:
 * - goods: the `live_goods` document is written (`submitting`) before goods/add; the sync resubmits an anchor whose
 *   answer was lost, moves audits on and adds approved goods to the room;
 * - reminders: `waiting` -> `sending` (a guarded claim: one sender per reminder, however many jobs run) -> `sent`;
 *   a claim left `sending` by a dying instance is tried again after SENDING_STALE_MS, and WeChat's one-time consent
 *   (43101 once spent) keeps that retry from reaching the shopper twice;
 * - lotteries: the winners are fixed with the status (`running` -> `drawing`) in one guarded update; each prize is a
 *   coupon whose id is fixed by the lottery and the ticket, inserted with the template's guarded counter in one
 *   transaction; `drawn` once every winner's prize is given or sold out.
 */
import { createHash, randomBytes } from 'crypto';
import type {
  CreateLiveRoomPayload, LiveCoupon, LiveGoods, LiveRoom, LiveRoomDetail, LiveRoomPage, LiveStats, LiveStatus, LiveStore, LiveStoreStats, Lottery,
  MerchantLiveRoom, Page, ProductLive, QuoteLive,
} from '../../typings/api';
import * as rules from '../domain/live';
import { Explain, MINUTE_MS, StatsOrder, checkRoom, goodsName, phaseOf, salesFigures } from '../domain/live';
import { shanghaiTime } from '../domain/time';
import type { Deps } from '../ports/context';
import { ERR_NO_SUBSCRIBE_QUOTA, LiveAnswer, WxRoom } from '../ports/live';
import { DuplicateKeyError, cond } from '../ports/store';
import { isMerchant } from './after-sales';
import { abort, atomically } from './atomic';
import { centerItems, grantCoupon } from './coupons';
import type {
  CouponTemplateRecord, LiveCouponRecord, LiveExplainRecord, LiveGoodsRecord, LiveReminderRecord, LiveRoomRecord, LotteryEntryRecord,
  LotteryRecord, OrderRecord, ProductRecord, StoreRecord, UserRecord,
} from './records';
import { Result, fail, ok } from './result';
import { getSettings } from './settings';

/** How long after its end a lottery is drawn: a join that read the clock just before the end has landed by then. */
export const DRAW_GRACE_MS = 15_000;
/** A reminder claimed for sending this long ago without an answer is tried again. */
export const SENDING_STALE_MS = 5 * MINUTE_MS;
/** A goods anchor whose goods/add answer was lost is submitted again after this long. */
export const SUBMIT_STALE_MS = 2 * MINUTE_MS;
/** Ended rooms are asked for their replay for this long. */
export const REPLAY_WINDOW_MS = 7 * 24 * 60 * MINUTE_MS;
export const PRODUCT_PAGE = 'packages/goods/pages/detail/index';
export const ROOM_PAGE = 'packages/live/pages/room/index';

/** The lottery's hash: hex SHA-256 of a text's UTF-8 bytes. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const commitmentOf = (seed: string): string => rules.commitmentOf(seed, sha256Hex);
export const ticketOf = (lotteryId: string, openid: string): string => rules.ticketOf(lotteryId, openid, sha256Hex);
export const drawWinners = (seed: string, tickets: readonly string[], count: number): string[] => rules.drawWinners(seed, tickets, count, sha256Hex);

const refused = (a: { errcode: number; errmsg: string }, what: string): Result<never> =>
  fail('WECHAT_REFUSED', `${what}：微信返回 ${a.errcode} ${a.errmsg}`);

// ---------- views ----------

async function productsById(deps: Deps, ids: string[]): Promise<Map<string, ProductRecord>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const { items } = await deps.store.find<ProductRecord>('products', { _id: cond.in(unique) }, { limit: unique.length, omit: ['keywords', 'description', 'detailImages'] });
  return new Map(items.map((p) => [p._id, p]));
}

/** The rooms as anyone sees them; `reminded` is false (the callers that know who asks set it). */
async function roomViews(deps: Deps, rooms: LiveRoomRecord[]): Promise<LiveRoom[]> {
  const explaining = rooms.filter((r) => r.phase === 'live' && r.explaining);
  const [products, goods] = await Promise.all([
    productsById(deps, explaining.map((r) => r.explaining!.productId)),
    explaining.length
      ? deps.store.find<LiveGoodsRecord>('live_goods', { _id: cond.in(explaining.map((r) => `${r._id}_${r.explaining!.productId}`)) }, { limit: explaining.length })
      : Promise.resolve({ items: [] as LiveGoodsRecord[] }),
  ]);
  const goodsById = new Map(goods.items.map((g) => [g._id, g]));
  return rooms.map((r) => {
    const p = r.phase === 'live' && r.explaining ? products.get(r.explaining.productId) : undefined;
    const g = p ? goodsById.get(`${r._id}_${p._id}`) : undefined;
    return {
      roomId: r._id, name: r.name, anchorName: r.anchorName, cover: r.cover, status: r.phase, liveStatus: r.liveStatus,
      startTime: r.startTime, endTime: r.endTime, storeId: r.storeId, goodsCount: r.goodsCount, replayUrl: r.replayUrl, reminded: false,
      explaining: p && r.explaining
        ? { productId: p._id, title: p.title, image: p.images[0] ?? '', price: g?.livePrice != null ? Math.min(g.livePrice, p.priceMin) : p.priceMin, since: r.explaining.at }
        : null,
    };
  });
}

async function goodsViews(deps: Deps, room: LiveRoomRecord, all: boolean): Promise<LiveGoods[]> {
  const { items } = await deps.store.find<LiveGoodsRecord>('live_goods', { roomId: room._id }, { orderBy: [['submittedAt', 'asc']], limit: 200 });
  const shown = all ? items : items.filter((g) => g.auditStatus === 'approved');
  const products = await productsById(deps, shown.map((g) => g.productId));
  return shown.flatMap((g) => {
    const p = products.get(g.productId);
    if (!p) return [];
    return [{
      productId: g.productId, title: p.title, image: p.images[0] ?? '', price: p.priceMin, livePrice: g.livePrice, auditStatus: g.auditStatus,
      auditReason: g.auditReason, explaining: room.phase === 'live' && room.explaining?.productId === g.productId,
    }];
  });
}

async function couponViews(deps: Deps, openid: string, roomId: string): Promise<LiveCoupon[]> {
  const { items } = await deps.store.find<LiveCouponRecord>('live_coupons', { roomId }, { orderBy: [['addedAt', 'asc']], limit: 50 });
  if (!items.length) return [];
  const { items: templates } = await deps.store.find<CouponTemplateRecord>('coupon_templates', { _id: cond.in(items.map((c) => c.templateId)) }, { limit: items.length });
  return liveCoupons(deps, openid, templates.filter((t) => t.active));
}

/** Templates as the caller sees them (centerItems), marked live-only or not. */
async function liveCoupons(deps: Deps, openid: string, templates: CouponTemplateRecord[]): Promise<LiveCoupon[]> {
  const liveOnly = new Set(templates.filter((t) => t.liveOnly).map((t) => t._id));
  return (await centerItems(deps, openid, templates)).map((v) => ({ ...v, liveOnly: liveOnly.has(v.templateId) }));
}

function storeView(s: StoreRecord): LiveStore {
  return { id: s._id, name: s.name, city: s.city, address: s.address };
}

// ---------- shoppers: function `live` ----------

/** A page of rooms; each says whether the caller asked for its reminder (one read of the page's reminders). */
export async function listRooms(
  deps: Deps, openid: string, p: { status?: LiveStatus; storeId?: string; cursor?: string },
): Promise<Result<LiveRoomPage>> {
  const filter: Record<string, string> = {};
  if (p.storeId) filter.storeId = p.storeId;
  if (p.status) filter.phase = p.status;
  // Coming rooms soonest first; live and past ones newest first.
  const dir = p.status === 'upcoming' ? 'asc' : 'desc';
  const page = await deps.store.find<LiveRoomRecord>('live_rooms', filter, { orderBy: [['startTime', dir]], limit: 20, cursor: p.cursor ?? null });
  const rooms = page.items;
  const [views, reminders, settings] = await Promise.all([
    roomViews(deps, rooms),
    rooms.length
      ? deps.store.find<LiveReminderRecord>('live_reminders', { _id: cond.in(rooms.map((r) => `${r._id}_${openid}`)) }, { limit: rooms.length })
      : Promise.resolve({ items: [] as LiveReminderRecord[] }),
    getSettings(deps),
  ]);
  const reminded = new Set(reminders.items.map((r) => r.roomId));
  return ok({
    items: views.map((v) => ({ ...v, reminded: reminded.has(v.roomId) })),
    nextCursor: page.nextCursor,
    reminderTemplateId: settings.live.reminderTemplateId,
  });
}

export async function listStores(deps: Deps): Promise<Result<LiveStore[]>> {
  const { items } = await deps.store.find<StoreRecord>('stores', {}, { orderBy: [['sort', 'asc']], limit: 100 });
  return ok(items.map(storeView));
}

export async function roomDetail(deps: Deps, openid: string, roomId: string): Promise<Result<LiveRoomDetail>> {
  const room = await deps.store.get<LiveRoomRecord>('live_rooms', roomId);
  if (!room) return fail('NOT_FOUND', '直播间不存在');
  const [[view], goods, coupons, reminder, lottery, settings, store] = await Promise.all([
    roomViews(deps, [room]),
    goodsViews(deps, room, false),
    couponViews(deps, openid, roomId),
    deps.store.get<LiveReminderRecord>('live_reminders', `${roomId}_${openid}`),
    currentLottery(deps, roomId),
    getSettings(deps),
    room.storeId ? deps.store.get<StoreRecord>('stores', room.storeId) : Promise.resolve(null),
  ]);
  return ok({
    ...view, goods, coupons, reminded: !!reminder, reminderTemplateId: settings.live.reminderTemplateId,
    lottery: lottery ? await lotteryView(deps, lottery, openid) : null, store: store ? storeView(store) : null,
  });
}

/** The room selling this product live now (the named room first, then one explaining it, then any live one). */
export async function productLive(deps: Deps, p: { productId: string; roomId?: string }): Promise<Result<ProductLive | null>> {
  const { items } = await deps.store.find<LiveGoodsRecord>('live_goods', { productId: p.productId, auditStatus: 'approved' }, { limit: 50 });
  if (!items.length) return ok(null);
  const { items: rooms } = await deps.store.find<LiveRoomRecord>('live_rooms', { _id: cond.in(items.map((g) => g.roomId)) }, { limit: items.length });
  const named = p.roomId ? rooms.find((r) => r._id === p.roomId) : undefined;
  const live = rooms.filter((r) => r.phase === 'live');
  const room = named ?? live.find((r) => r.explaining?.productId === p.productId) ?? live[0];
  if (!room) return ok(null);
  const g = items.find((x) => x.roomId === room._id)!;
  return ok({
    roomId: room._id, roomName: room.name, status: room.phase,
    explaining: room.phase === 'live' && room.explaining?.productId === p.productId, livePrice: g.livePrice,
  });
}

export async function remind(deps: Deps, openid: string, roomId: string): Promise<Result<{ reminded: true }>> {
  const room = await deps.store.get<LiveRoomRecord>('live_rooms', roomId);
  if (!room) return fail('NOT_FOUND', '直播间不存在');
  if (room.phase !== 'upcoming') return fail('CONFLICT', room.phase === 'live' ? '直播已开始，快去观看吧' : '直播已结束');
  const doc: LiveReminderRecord = { _id: `${roomId}_${openid}`, roomId, openid, status: 'waiting', createdAt: deps.clock.now(), sendingAt: null, sentAt: null, error: null };
  const r = await deps.store.insert('live_reminders', doc);
  // Asking twice is one reminder (the insert met the first one).
  if (!r.ok && !(await deps.store.get('live_reminders', doc._id))) return fail('CONFLICT', '预约失败，请重试');
  // A room that already sent its reminders must look again for this one.
  if (room.remindersDone) await deps.store.update('live_rooms', { _id: roomId }, { set: { remindersDone: false } });
  return ok({ reminded: true });
}

// ---------- lotteries ----------

async function currentLottery(deps: Deps, roomId: string): Promise<LotteryRecord | null> {
  const { items } = await deps.store.find<LotteryRecord>('lotteries', { roomId }, { orderBy: [['startedAt', 'desc']], limit: 1 });
  return items[0] ?? null;
}

async function lotteryView(deps: Deps, l: LotteryRecord, openid: string | null): Promise<Lottery> {
  const [entry, participants] = await Promise.all([
    openid ? deps.store.get<LotteryEntryRecord>('lottery_entries', `${l._id}_${openid}`) : Promise.resolve(null),
    l.participants ?? deps.store.count('lottery_entries', { lotteryId: l._id }),
  ]);
  const mine = entry && l.winners ? l.winners.find((w) => w.ticket === entry.ticket) : undefined;
  const drawn = l.status === 'drawn';
  return {
    lotteryId: l._id, roomId: l.roomId, status: l.status, prize: { templateId: l.templateId, name: l.prizeName }, winnerCount: l.winnerCount,
    startedAt: l.startedAt, endsAt: l.endsAt, commitment: l.commitment, seed: drawn ? l.seed : null, participants,
    tickets: drawn ? l.tickets : null,
    winners: drawn && l.winners ? l.winners.map((w) => ({ nickname: w.nickname, ticket: w.ticket })) : [],
    myTicket: entry?.ticket ?? null,
    won: drawn && !!mine,
    prizeCouponId: drawn && mine && mine.prize === 'given' ? mine.couponId : null,
  };
}

export async function lotteryDetail(deps: Deps, openid: string, lotteryId: string): Promise<Result<Lottery>> {
  const l = await deps.store.get<LotteryRecord>('lotteries', lotteryId);
  return l ? ok(await lotteryView(deps, l, openid)) : fail('NOT_FOUND', '抽奖不存在');
}

/** Once per shopper: a second join answers the same ticket. */
export async function joinLottery(deps: Deps, openid: string, lotteryId: string): Promise<Result<Lottery>> {
  const now = deps.clock.now();
  const l = await deps.store.get<LotteryRecord>('lotteries', lotteryId);
  if (!l) return fail('NOT_FOUND', '抽奖不存在');
  const id = `${lotteryId}_${openid}`;
  if (l.status !== 'running' || now >= l.endsAt) {
    if (await deps.store.get('lottery_entries', id)) return ok(await lotteryView(deps, l, openid));
    return fail('LOTTERY_CLOSED', '抽奖已结束');
  }
  const user = await deps.store.get<UserRecord>('users', openid);
  const entry: LotteryEntryRecord = { _id: id, lotteryId, openid, ticket: ticketOf(lotteryId, openid), nickname: user?.nickname || '微信用户', at: now };
  await deps.store.insert('lottery_entries', entry); // a duplicate is this shopper's earlier join
  return ok(await lotteryView(deps, l, openid));
}

export async function startLottery(
  deps: Deps, openid: string, p: { roomId: string; templateId: string; winners: number; minutes: number },
): Promise<Result<Lottery>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可发起抽奖');
  const now = deps.clock.now();
  const [room, t] = await Promise.all([
    deps.store.get<LiveRoomRecord>('live_rooms', p.roomId),
    deps.store.get<CouponTemplateRecord>('coupon_templates', p.templateId),
  ]);
  if (!room) return fail('NOT_FOUND', '直播间不存在');
  if (room.phase !== 'live') return fail('NOT_LIVE', '直播中才能发起抽奖');
  if (!t || !t.active) return fail('NOT_FOUND', '奖品优惠券不存在或已停用');
  if (t.total - t.claimed < p.winners) return fail('COUPON_UNAVAILABLE', `奖品优惠券只剩 ${Math.max(0, t.total - t.claimed)} 张`);
  const seed = randomBytes(32).toString('hex');
  const lottery: LotteryRecord = {
    _id: deps.ids.newId(now), roomId: room._id, templateId: t._id, prizeName: t.name, winnerCount: p.winners, startedAt: now,
    endsAt: now + p.minutes * MINUTE_MS, status: 'running', commitment: commitmentOf(seed), seed, participants: null, tickets: null,
    winners: null, drawnAt: null, createdBy: openid,
  };
  // One lottery at a time per room: the room's `activeLottery` is the guard, set with the insert.
  const r = await atomically<LotteryRecord>(deps.store, async (tx) => {
    const cur = await tx.get<LiveRoomRecord>('live_rooms', room._id);
    if (cur?.activeLottery) {
      const running = await tx.get<LotteryRecord>('lotteries', cur.activeLottery);
      if (running && running.status !== 'drawn') return abort(fail('CONFLICT', '本场还有抽奖未开奖'));
    }
    await tx.updateOne('live_rooms', { _id: room._id }, { set: { activeLottery: lottery._id } });
    await tx.insert('lotteries', lottery);
    return ok(lottery);
  });
  return r.ok ? ok(await lotteryView(deps, r.data, null)) : r;
}

async function allEntries(deps: Deps, lotteryId: string): Promise<LotteryEntryRecord[]> {
  const out: LotteryEntryRecord[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: LotteryEntryRecord[]; nextCursor: string | null } =
      await deps.store.find<LotteryEntryRecord>('lottery_entries', { lotteryId }, { orderBy: [['ticket', 'asc']], limit: 1000, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < 100_000);
  return out;
}

/** The prize coupon's id: fixed by the lottery and the ticket, so it can be inserted once only. */
export const prizeCouponId = (lotteryId: string, ticket: string): string => `LT${lotteryId}_${ticket}`;

/** Draws every lottery past its end (plus DRAW_GRACE_MS) and finishes every draw left half way. Bounded, idempotent. */
export async function drawLotteries(deps: Deps, maxPerRun = 20): Promise<{ drawn: number; prizes: number; soldOut: number; scanned: number }> {
  const now = deps.clock.now();
  const out = { drawn: 0, prizes: 0, soldOut: 0, scanned: 0 };
  const [due, drawing] = await Promise.all([
    deps.store.find<LotteryRecord>('lotteries', { status: 'running', endsAt: cond.lte(now - DRAW_GRACE_MS) }, { orderBy: [['endsAt', 'asc']], limit: maxPerRun }),
    deps.store.find<LotteryRecord>('lotteries', { status: 'drawing' }, { orderBy: [['endsAt', 'asc']], limit: maxPerRun }),
  ]);
  for (const l of [...drawing.items, ...due.items]) {
    out.scanned++;
    try {
      let cur: LotteryRecord | null = l;
      if (l.status === 'running') {
        const entries = await allEntries(deps, l._id);
        const byTicket = new Map(entries.map((e) => [e.ticket, e]));
        const tickets = [...byTicket.keys()].sort();
        const winners = drawWinners(l.seed, tickets, l.winnerCount).map((t) => {
          const e = byTicket.get(t)!;
          return { ticket: t, openid: e.openid, nickname: e.nickname, couponId: prizeCouponId(l._id, t), prize: 'pending' as const };
        });
        // The winners are fixed with the status: a second drawer's guard fails and it goes on with what is stored.
        cur = await deps.store.updateOne<LotteryRecord>('lotteries', { _id: l._id, status: 'running' },
          { set: { status: 'drawing', tickets, winners, participants: tickets.length, drawnAt: now } });
        if (!cur) cur = await deps.store.get<LotteryRecord>('lotteries', l._id);
      }
      if (!cur || cur.status !== 'drawing' || !cur.winners) continue;
      const winners = [];
      for (const w of cur.winners) {
        const given = w.prize === 'pending' ? await grantCoupon(deps, w.openid, cur.templateId, w.couponId ?? prizeCouponId(cur._id, w.ticket)) : w.prize;
        if (given === 'given') out.prizes++;
        else out.soldOut++;
        winners.push({ ...w, prize: given, couponId: given === 'given' ? (w.couponId ?? prizeCouponId(cur._id, w.ticket)) : null });
      }
      if (await deps.store.updateOne('lotteries', { _id: cur._id, status: 'drawing' }, { set: { status: 'drawn', winners } })) {
        out.drawn++;
        await deps.store.update('live_rooms', { _id: cur.roomId, activeLottery: cur._id }, { set: { activeLottery: null } });
      }
    } catch (err) {
      deps.log.error('drawLotteries: draw failed, next run finishes it', { lotteryId: l._id, err: String(err) });
    }
  }
  return out;
}

// ---------- reminders ----------

/** One subscribe message per shopper who asked, when the room goes live: exactly once however often it runs. */
export async function sendLiveReminders(deps: Deps, maxPerRun = 500): Promise<{ sent: number; failed: number; rooms: number; skipped: number }> {
  const now = deps.clock.now();
  const out = { sent: 0, failed: 0, rooms: 0, skipped: 0 };
  const settings = await getSettings(deps);
  const templateId = settings.live.reminderTemplateId;
  const { items: rooms } = await deps.store.find<LiveRoomRecord>('live_rooms', { phase: 'live', remindersDone: false }, { limit: 20 });
  if (rooms.length && !templateId) {
    deps.log.error('sendLiveReminders: settings.live.reminderTemplateId is not set; reminders wait', { rooms: rooms.length });
    return out;
  }
  let budget = maxPerRun;
  for (const room of rooms) {
    out.rooms++;
    const [waiting, stale] = await Promise.all([
      deps.store.find<LiveReminderRecord>('live_reminders', { roomId: room._id, status: 'waiting' }, { orderBy: [['createdAt', 'asc']], limit: Math.max(1, budget) }),
      deps.store.find<LiveReminderRecord>('live_reminders', { roomId: room._id, status: 'sending', sendingAt: cond.lt(now - SENDING_STALE_MS) }, { limit: 100 }),
    ]);
    for (const r of [...stale.items, ...waiting.items]) {
      if (budget-- <= 0) break;
      // The claim: only one runner moves it to `sending` (a stale claim is taken over with its old time as the guard).
      const claimed = await deps.store.updateOne<LiveReminderRecord>('live_reminders', { _id: r._id, status: r.status, sendingAt: r.sendingAt }, { set: { status: 'sending', sendingAt: now } });
      if (!claimed) { out.skipped++; continue; }
      const a = await deps.live.sendSubscribeMessage({
        touser: r.openid, templateId: templateId!, page: `${ROOM_PAGE}?roomId=${room._id}`,
        data: { thing1: { value: [...room.name].slice(0, 20).join('') }, time2: { value: shanghaiTime(room.startTime).slice(0, 16) }, thing3: { value: [...room.anchorName].slice(0, 20).join('') } },
      });
      // 43101 on a retried claim: the one-time consent was spent - by the earlier attempt, which WeChat delivered.
      const delivered = a.ok || (r.status === 'sending' && a.errcode === ERR_NO_SUBSCRIBE_QUOTA);
      await deps.store.updateOne('live_reminders', { _id: r._id, status: 'sending', sendingAt: now },
        { set: delivered ? { status: 'sent', sentAt: now, error: null } : { status: 'failed', error: a.ok ? null : `${a.errcode} ${a.errmsg}` } });
      if (delivered) out.sent++;
      else out.failed++;
    }
    if (budget > 0 && (await deps.store.count('live_reminders', { roomId: room._id, status: cond.in(['waiting', 'sending']) })) === 0) {
      await deps.store.update('live_rooms', { _id: room._id, remindersDone: false }, { set: { remindersDone: true } });
    }
  }
  return out;
}

// ---------- the sync with WeChat ----------

function roomFromWx(w: WxRoom, now: number): LiveRoomRecord {
  return {
    _id: String(w.roomId), wxRoomId: w.roomId, name: w.name, anchorName: w.anchorName, cover: w.coverImg, storeId: null,
    startTime: w.startTime, endTime: w.endTime, liveStatus: w.liveStatus, phase: phaseOf(w.liveStatus), replayUrl: null, explaining: null,
    goodsCount: 0, remindersDone: false, origin: 'wechat', createdAt: now, syncedAt: now, updatedAt: now,
  };
}

async function answer<T>(p: Promise<LiveAnswer<T>>): Promise<LiveAnswer<T> | null> {
  try {
    return await p;
  } catch {
    return null; // a timeout: the next run asks again
  }
}

/**
 * Room states, replays and goods audits from WeChat into the store. Every write is guarded on what it replaces, so
 * two syncs at once write the same thing once; each part is bounded per run.
 */
export async function syncLiveRooms(deps: Deps, maxPages = 5): Promise<Record<string, number>> {
  const now = deps.clock.now();
  const out = { rooms: 0, changed: 0, imported: 0, replays: 0, audited: 0, addedToRoom: 0, resubmitted: 0, errors: 0 };
  const touched = new Set<string>();
  for (let page = 0; page < maxPages; page++) {
    const a = await answer(deps.live.rooms(page * 100, 100));
    if (!a || !a.ok) { out.errors++; break; }
    const ids = a.value.rooms.map((r) => String(r.roomId));
    const { items } = ids.length ? await deps.store.find<LiveRoomRecord>('live_rooms', { _id: cond.in(ids) }, { limit: ids.length }) : { items: [] };
    const ours = new Map(items.map((r) => [r._id, r]));
    for (const w of a.value.rooms) {
      out.rooms++;
      const mine = ours.get(String(w.roomId));
      if (!mine) {
        if ((await deps.store.insert('live_rooms', roomFromWx(w, now))).ok) out.imported++;
        continue;
      }
      const phase = phaseOf(w.liveStatus);
      if (mine.liveStatus === w.liveStatus && mine.name === w.name && mine.startTime === w.startTime && mine.endTime === w.endTime) continue;
      const set: Record<string, string | number | null> = {
        liveStatus: w.liveStatus, phase, name: w.name, anchorName: w.anchorName, startTime: w.startTime, endTime: w.endTime, syncedAt: now, updatedAt: now,
      };
      if (phase === 'ended') set.explaining = null;
      if (await deps.store.update('live_rooms', { _id: mine._id, liveStatus: mine.liveStatus, startTime: mine.startTime, endTime: mine.endTime, name: mine.name }, { set })) {
        out.changed++;
        touched.add(mine._id);
      }
    }
    if ((page + 1) * 100 >= a.value.total) break;
  }

  // Replays: ended rooms (of the last week) without one.
  const { items: ended } = await deps.store.find<LiveRoomRecord>('live_rooms', { phase: 'ended', replayUrl: null, startTime: cond.gte(now - REPLAY_WINDOW_MS) }, { limit: 20 });
  for (const r of ended) {
    const a = await answer(deps.live.replays(r.wxRoomId));
    if (a?.ok && a.value.urls.length && (await deps.store.update('live_rooms', { _id: r._id, replayUrl: null }, { set: { replayUrl: a.value.urls[0], updatedAt: now } }))) out.replays++;
  }

  // Goods: anchors whose goods/add answer was lost, audits in progress, approved goods not yet in their room.
  const { items: lost } = await deps.store.find<LiveGoodsRecord>('live_goods', { auditStatus: 'submitting', submittedAt: cond.lt(now - SUBMIT_STALE_MS) }, { limit: 20 });
  for (const g of lost) {
    try {
      if ((await submitGoods(deps, g))?.ok) out.resubmitted++;
    } catch {
      out.errors++; // still `submitting`: the next run tries again
    }
  }
  const { items: pending } = await deps.store.find<LiveGoodsRecord>('live_goods', { auditStatus: 'pending' }, { orderBy: [['submittedAt', 'asc']], limit: 100 });
  for (let i = 0; i < pending.length; i += 20) {
    const batch = pending.slice(i, i + 20);
    const a = await answer(deps.live.goodsAudit(batch.map((g) => g.wxGoodsId!)));
    if (!a || !a.ok) { out.errors++; continue; }
    const status = new Map(a.value.map((x) => [x.goodsId, x.auditStatus]));
    for (const g of batch) {
      const s = status.get(g.wxGoodsId!);
      if (s !== 2 && s !== 3) continue;
      const set: Record<string, string | number> = s === 2 ? { auditStatus: 'approved', updatedAt: now } : { auditStatus: 'rejected', auditReason: '微信审核未通过', updatedAt: now };
      if (await deps.store.update('live_goods', { _id: g._id, auditStatus: 'pending' }, { set })) out.audited++;
    }
  }
  const { items: approved } = await deps.store.find<LiveGoodsRecord>('live_goods', { auditStatus: 'approved', inRoom: false }, { limit: 100 });
  for (const g of approved) {
    const room = await deps.store.get<LiveRoomRecord>('live_rooms', g.roomId);
    if (!room || room.phase === 'ended') continue;
    const a = await answer(deps.live.addGoodsToRoom(room.wxRoomId, [g.wxGoodsId!]));
    if (a?.ok && (await deps.store.update('live_goods', { _id: g._id, inRoom: false }, { set: { inRoom: true, updatedAt: now } }))) {
      out.addedToRoom++;
      touched.add(room._id);
    } else if (a && !a.ok) {
      deps.log.error('syncLiveRooms: room/addgoods refused', { roomId: room._id, goodsId: g.wxGoodsId, errcode: a.errcode });
    }
  }
  // Every room not over is recounted (a guarded no-op when right), so a count a dying run left behind heals next run.
  const { items: open } = await deps.store.find<LiveRoomRecord>('live_rooms', { phase: cond.in(['live', 'upcoming']) }, { limit: 200 });
  for (const roomId of new Set([...touched, ...open.map((r) => r._id)])) await refreshGoodsCount(deps, roomId);
  if (out.changed || out.audited || out.imported) forgetLiveOffers(deps.store);
  return out;
}

async function refreshGoodsCount(deps: Deps, roomId: string): Promise<void> {
  const n = await deps.store.count('live_goods', { roomId, auditStatus: 'approved' });
  await deps.store.update('live_rooms', { _id: roomId, goodsCount: cond.ne(n) }, { set: { goodsCount: n } });
}

/**
 * goods/add for an anchor. The anchor's submittedAt is moved first (guarded): two runners never submit one anchor
 * at once. Answers whether it was submitted.
 */
async function submitGoods(deps: Deps, g: LiveGoodsRecord): Promise<Result<LiveGoodsRecord> | null> {
  const now = deps.clock.now();
  // (The counter makes the claim a change even within one millisecond: the cloud database counts only changed documents.)
  const claimed = await deps.store.updateOne<LiveGoodsRecord>('live_goods', { _id: g._id, auditStatus: 'submitting', submittedAt: g.submittedAt },
    { set: { submittedAt: now }, inc: { submitAttempts: 1 } });
  if (!claimed) return null;
  const p = await deps.store.get<ProductRecord>('products', g.productId);
  if (!p) {
    await deps.store.remove('live_goods', { _id: g._id, auditStatus: 'submitting' });
    return fail('NOT_FOUND', '商品不存在');
  }
  const a = await deps.live.addGoods({ name: g.name, coverImg: p.images[0] ?? '', price: g.livePrice ?? p.priceMin, url: `${PRODUCT_PAGE}?id=${p._id}` });
  if (!a.ok) {
    await deps.store.remove('live_goods', { _id: g._id, auditStatus: 'submitting' });
    return refused(a, '商品提交审核失败');
  }
  const done = await deps.store.updateOne<LiveGoodsRecord>('live_goods', { _id: g._id, auditStatus: 'submitting' },
    { set: { auditStatus: 'pending', wxGoodsId: a.value.goodsId, auditId: a.value.auditId, updatedAt: now } });
  return done ? ok(done) : fail('CONFLICT', '商品状态已变化，请刷新');
}

// ---------- the merchant: rooms, goods, coupons ----------

async function merchantRoomView(deps: Deps, openid: string, room: LiveRoomRecord): Promise<MerchantLiveRoom> {
  const [[view], goods, coupons, lotteries, reminderSubscribers] = await Promise.all([
    roomViews(deps, [room]),
    goodsViews(deps, room, true),
    couponViews(deps, openid, room._id),
    deps.store.find<LotteryRecord>('lotteries', { roomId: room._id }, { orderBy: [['startedAt', 'desc']], limit: 10 }),
    deps.store.count('live_reminders', { roomId: room._id }),
  ]);
  return { ...view, goods, coupons, lotteries: await Promise.all(lotteries.items.map((l) => lotteryView(deps, l, null))), reminderSubscribers };
}

async function merchantRoom(deps: Deps, openid: string, roomId: string): Promise<Result<LiveRoomRecord>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可管理直播');
  const room = await deps.store.get<LiveRoomRecord>('live_rooms', roomId);
  return room ? ok(room) : fail('NOT_FOUND', '直播间不存在');
}

async function answerRoom(deps: Deps, openid: string, roomId: string): Promise<Result<MerchantLiveRoom>> {
  forgetLiveOffers(deps.store); // every merchant write answers through here
  const room = await deps.store.get<LiveRoomRecord>('live_rooms', roomId);
  return room ? ok(await merchantRoomView(deps, openid, room)) : fail('NOT_FOUND', '直播间不存在');
}

export async function createLiveRoom(deps: Deps, openid: string, p: CreateLiveRoomPayload): Promise<Result<{ roomId: string }>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可创建直播间');
  const now = deps.clock.now();
  const bad = checkRoom(p, now);
  if (bad) return fail('INVALID_INPUT', bad);
  if (p.storeId && !(await deps.store.get('stores', p.storeId))) return fail('NOT_FOUND', '门店不存在');
  const settings = await getSettings(deps);
  const cover = p.cover ?? settings.live.defaultCover;
  if (!cover) return fail('INVALID_INPUT', '请上传直播间封面');
  if (!settings.live.anchorWechat) return fail('INVALID_INPUT', '请先在直播设置中填写主播微信号（settings.live.anchorWechat，需实名认证）');
  const a = await deps.live.createRoom({
    name: p.name, anchorName: p.anchorName, anchorWechat: settings.live.anchorWechat, startTime: p.startTime, endTime: p.endTime,
    coverImg: cover, shareImg: cover,
  });
  if (!a.ok) return refused(a, '创建直播间失败');
  // Had this insert been lost, the next sync would find the room at WeChat (without its store).
  const room: LiveRoomRecord = {
    ...roomFromWx({ roomId: a.value.roomId, name: p.name, anchorName: p.anchorName, coverImg: cover, startTime: p.startTime, endTime: p.endTime, liveStatus: 102, goodsIds: [] }, now),
    storeId: p.storeId ?? null, origin: 'workbench',
  };
  const r = await deps.store.insert('live_rooms', room);
  // The sync may have imported it in between: give it its store.
  if (!r.ok) await deps.store.update('live_rooms', { _id: room._id }, { set: { storeId: room.storeId, origin: 'workbench' } });
  return ok({ roomId: room._id });
}

export async function merchantLiveRooms(deps: Deps, openid: string, p: { storeId?: string; cursor?: string }): Promise<Result<Page<MerchantLiveRoom>>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可管理直播');
  const page = await deps.store.find<LiveRoomRecord>('live_rooms', p.storeId ? { storeId: p.storeId } : {}, { orderBy: [['startTime', 'desc']], limit: 20, cursor: p.cursor ?? null });
  return ok({ items: await Promise.all(page.items.map((r) => merchantRoomView(deps, openid, r))), nextCursor: page.nextCursor });
}

export async function merchantLiveRoom(deps: Deps, openid: string, roomId: string): Promise<Result<MerchantLiveRoom>> {
  const room = await merchantRoom(deps, openid, roomId);
  return room.ok ? ok(await merchantRoomView(deps, openid, room.data)) : room;
}

export async function addLiveGoods(deps: Deps, openid: string, p: { roomId: string; productId: string; livePrice?: number }): Promise<Result<MerchantLiveRoom>> {
  const room = await merchantRoom(deps, openid, p.roomId);
  if (!room.ok) return room;
  if (room.data.phase === 'ended') return fail('NOT_LIVE', '直播已结束，不能再添加商品');
  const product = await deps.store.get<ProductRecord>('products', p.productId);
  if (!product || !product.onSale) return fail('NOT_FOUND', '商品不存在或已下架');
  if (p.livePrice !== undefined && p.livePrice > product.priceMax) return fail('INVALID_INPUT', '直播价不能高于商品原价');
  const now = deps.clock.now();
  const id = `${p.roomId}_${p.productId}`;
  const anchor: LiveGoodsRecord = {
    _id: id, roomId: p.roomId, productId: p.productId, wxGoodsId: null, auditId: null, auditStatus: 'submitting', auditReason: null, inRoom: false,
    livePrice: p.livePrice ?? null, name: goodsName(product.title), submittedAt: now, updatedAt: now,
  };
  if (!(await deps.store.insert('live_goods', anchor)).ok) {
    // A rejected one may be submitted again (a new name or price); anything else is already there.
    const again = await deps.store.updateOne<LiveGoodsRecord>('live_goods', { _id: id, auditStatus: 'rejected' }, {
      set: { auditStatus: 'submitting', auditReason: null, wxGoodsId: null, auditId: null, inRoom: false, livePrice: anchor.livePrice, name: anchor.name, submittedAt: now, updatedAt: now },
    });
    if (!again) return fail('CONFLICT', '该商品已在直播间或审核中');
  }
  const fresh = await deps.store.get<LiveGoodsRecord>('live_goods', id);
  const s = fresh ? await submitGoods(deps, fresh) : null;
  if (s && !s.ok) return s;
  return answerRoom(deps, openid, p.roomId);
}

export async function removeLiveGoods(deps: Deps, openid: string, p: { roomId: string; productId: string }): Promise<Result<MerchantLiveRoom>> {
  const room = await merchantRoom(deps, openid, p.roomId);
  if (!room.ok) return room;
  const g = await deps.store.get<LiveGoodsRecord>('live_goods', `${p.roomId}_${p.productId}`);
  if (!g) return fail('NOT_FOUND', '直播间没有该商品');
  if (g.inRoom && g.wxGoodsId !== null && room.data.phase !== 'ended') {
    const a = await deps.live.removeGoodsFromRoom(room.data.wxRoomId, g.wxGoodsId);
    if (!a.ok) return refused(a, '移除商品失败');
  }
  await deps.store.remove('live_goods', { _id: g._id });
  if (room.data.explaining?.productId === p.productId) {
    await deps.store.update('live_rooms', { _id: p.roomId, 'explaining.productId': p.productId }, { set: { explaining: null } });
  }
  await refreshGoodsCount(deps, p.roomId);
  return answerRoom(deps, openid, p.roomId);
}

/** goods/push: the anchor explains this product now; recorded on the room and in the explain log (one transaction). */
export async function pushLiveGoods(deps: Deps, openid: string, p: { roomId: string; productId: string }): Promise<Result<MerchantLiveRoom>> {
  const room = await merchantRoom(deps, openid, p.roomId);
  if (!room.ok) return room;
  if (room.data.phase !== 'live') return fail('NOT_LIVE', '直播中才能讲解商品');
  const g = await deps.store.get<LiveGoodsRecord>('live_goods', `${p.roomId}_${p.productId}`);
  if (!g || g.auditStatus !== 'approved' || !g.inRoom || g.wxGoodsId === null) return fail('CONFLICT', '商品审核通过并上架到直播间后才能讲解');
  const a = await deps.live.pushGoods(room.data.wxRoomId, g.wxGoodsId);
  if (!a.ok) return refused(a, '讲解失败');
  const now = deps.clock.now();
  await atomically(deps.store, async (tx) => {
    await tx.updateOne('live_rooms', { _id: p.roomId }, { set: { explaining: { productId: p.productId, at: now }, updatedAt: now } });
    await tx.insert('live_explains', { _id: `${p.roomId}_${now}_${p.productId}`, roomId: p.roomId, productId: p.productId, at: now } satisfies LiveExplainRecord);
    return ok(null);
  }).catch((err) => {
    if (!(err instanceof DuplicateKeyError)) throw err; // the same push twice in one millisecond
  });
  return answerRoom(deps, openid, p.roomId);
}

export async function addLiveCoupon(deps: Deps, openid: string, p: { roomId: string; templateId: string }): Promise<Result<MerchantLiveRoom>> {
  const room = await merchantRoom(deps, openid, p.roomId);
  if (!room.ok) return room;
  if (room.data.phase === 'ended') return fail('NOT_LIVE', '直播已结束');
  const t = await deps.store.get<CouponTemplateRecord>('coupon_templates', p.templateId);
  if (!t || !t.active) return fail('NOT_FOUND', '优惠券不存在或已停用');
  await deps.store.insert('live_coupons', { _id: `${p.roomId}_${p.templateId}`, roomId: p.roomId, templateId: p.templateId, addedAt: deps.clock.now() } satisfies LiveCouponRecord);
  return answerRoom(deps, openid, p.roomId);
}

export async function removeLiveCoupon(deps: Deps, openid: string, p: { roomId: string; templateId: string }): Promise<Result<MerchantLiveRoom>> {
  const room = await merchantRoom(deps, openid, p.roomId);
  if (!room.ok) return room;
  if (!(await deps.store.remove('live_coupons', { _id: `${p.roomId}_${p.templateId}` }))) return fail('NOT_FOUND', '直播间没有该优惠券');
  return answerRoom(deps, openid, p.roomId);
}

export async function couponTemplates(deps: Deps, openid: string): Promise<Result<LiveCoupon[]>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可管理直播');
  const { items } = await deps.store.find<CouponTemplateRecord>('coupon_templates', { active: true }, { orderBy: [['sort', 'asc']], limit: 200 });
  return ok(await liveCoupons(deps, openid, items));
}

// ---------- per-room sales ----------

/** The orders made from these rooms (ids in chunks of 100, each read in pages of 1000), at most 50,000. */
async function roomOrders(deps: Deps, roomIds: string[]): Promise<OrderRecord[]> {
  const out: OrderRecord[] = [];
  for (let i = 0; i < roomIds.length && out.length < 50_000; i += 100) {
    const ids = roomIds.slice(i, i + 100);
    let cursor: string | null = null;
    do {
      const page: { items: OrderRecord[]; nextCursor: string | null } = await deps.store.find<OrderRecord>('orders', { 'live.roomId': cond.in(ids) },
        { orderBy: [['createdAt', 'asc']], limit: 1000, cursor, omit: ['timeline', 'address', 'attribution'] });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && out.length < 50_000);
  }
  return out;
}

function statsOrder(o: OrderRecord): StatsOrder {
  return {
    orderId: o._id, openid: o.openid, paidAt: o.paidAt, shipping: o.shipping, refundedAmount: o.refundedAmount ?? 0,
    lines: o.lines.map((l) => ({ productId: l.productId, title: l.title, qty: l.qty, payable: l.payable, refundedQty: l.refundedQty ?? 0 })),
  };
}

export async function liveStats(deps: Deps, openid: string, roomId: string): Promise<Result<LiveStats>> {
  const room = await merchantRoom(deps, openid, roomId);
  if (!room.ok) return room;
  const [orders, explains, remindersSent, reminderSubscribers] = await Promise.all([
    roomOrders(deps, [roomId]),
    deps.store.find<LiveExplainRecord>('live_explains', { roomId }, { orderBy: [['at', 'asc']], limit: 1000 }),
    deps.store.count('live_reminders', { roomId, status: 'sent' }),
    deps.store.count('live_reminders', { roomId }),
  ]);
  const f = salesFigures(orders.map(statsOrder), explains.items.map((e): Explain => ({ productId: e.productId, at: e.at })));
  return ok({ roomId, ...f, remindersSent, reminderSubscribers });
}

export async function liveStoreStats(deps: Deps, openid: string): Promise<Result<LiveStoreStats[]>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可查看直播数据');
  const [{ items: stores }, { items: rooms }] = await Promise.all([
    deps.store.find<StoreRecord>('stores', {}, { orderBy: [['sort', 'asc']], limit: 100 }),
    deps.store.find<LiveRoomRecord>('live_rooms', {}, { orderBy: [['startTime', 'desc']], limit: 500 }),
  ]);
  const orders = await roomOrders(deps, rooms.map((r) => r._id));
  const byRoom = new Map<string, OrderRecord[]>();
  for (const o of orders) byRoom.set(o.live!.roomId, [...(byRoom.get(o.live!.roomId) ?? []), o]);
  const rows = new Map<string | null, LiveStoreStats>();
  for (const s of stores) rows.set(s._id, { store: storeView(s), rooms: 0, liveNow: 0, orders: 0, paidOrders: 0, gmv: 0 });
  for (const r of rooms) {
    // Rooms of no store (or of a store no longer listed) share one row.
    const key = r.storeId !== null && rows.has(r.storeId) ? r.storeId : null;
    const row = rows.get(key) ?? { store: null, rooms: 0, liveNow: 0, orders: 0, paidOrders: 0, gmv: 0 };
    const f = salesFigures((byRoom.get(r._id) ?? []).map(statsOrder), []);
    row.rooms++;
    if (r.phase === 'live') row.liveNow++;
    row.orders += f.orders;
    row.paidOrders += f.paidOrders;
    row.gmv += f.gmv;
    rows.set(key, row);
  }
  return ok([...rows.values()]);
}

// ---------- live prices (order.quote / order.create) ----------

export interface LiveOffer {
  room: LiveRoomRecord | null;
  /** productId -> live price, for approved goods of the room with one, while the room is live. */
  prices: Map<string, number>;
  reason: QuoteLive['reason'];
}

/**
 * A busy room sends every order through here: each instance keeps a room's offer for LIVE_OFFER_CACHE_MS of the clock
 * (the room's phase is WeChat's word as of the last minute's sync anyway). This instance's own writes forget it at once.
 */
export const LIVE_OFFER_CACHE_MS = 3_000;
const offers = new WeakMap<object, Map<string, { at: number; offer: LiveOffer }>>();

export function forgetLiveOffers(store: object): void {
  offers.delete(store);
}

/** What a checkout from `roomId` gets: live prices for the room's approved goods while it is live, and why not otherwise. */
export async function liveOffer(deps: Deps, roomId: string): Promise<LiveOffer> {
  const now = deps.clock.now();
  const cache = offers.get(deps.store) ?? new Map<string, { at: number; offer: LiveOffer }>();
  const hit = cache.get(roomId);
  if (hit && now - hit.at >= 0 && now - hit.at < LIVE_OFFER_CACHE_MS) return hit.offer;
  const offer = await readOffer(deps, roomId);
  if (cache.size > 500) cache.clear();
  cache.set(roomId, { at: now, offer });
  offers.set(deps.store, cache);
  return offer;
}

async function readOffer(deps: Deps, roomId: string): Promise<LiveOffer> {
  const room = await deps.store.get<LiveRoomRecord>('live_rooms', roomId);
  if (!room) return { room: null, prices: new Map(), reason: 'NOT_FOUND' };
  if (room.phase !== 'live') return { room, prices: new Map(), reason: 'NOT_LIVE' };
  const { items } = await deps.store.find<LiveGoodsRecord>('live_goods', { roomId, auditStatus: 'approved' }, { limit: 500 });
  const prices = new Map(items.filter((g) => g.livePrice !== null).map((g) => [g.productId, g.livePrice!]));
  return { room, prices, reason: null };
}

/** What an order made from the room keeps: the room and what was explained then. */
export function orderLive(offer: LiveOffer | null): OrderRecord['live'] {
  if (!offer?.room) return null;
  return { roomId: offer.room._id, explainingProductId: offer.room.phase === 'live' ? (offer.room.explaining?.productId ?? null) : null };
}
