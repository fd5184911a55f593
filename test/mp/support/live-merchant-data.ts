/**
 * A stand-in for the backend's merchant live actions (not a test file: no `.test`), typed from the API contract: an
 * in-memory shop of rooms, goods, coupons and lotteries answering `merchant.*Live*`, `live.stores` and
 * `shop.products` the way typings/api.ts says the server does. Tests change its state and install refusals.
 */
import type {
  LiveCoupon,
  LiveGoods,
  LiveStats,
  LiveStore,
  LiveStoreStats,
  Lottery,
  MerchantLiveRoom,
  ProductSummary,
} from '../../../typings/api';
import { fakeBackend, FakeBackend, refuse } from './fake-backend';

/** 2025-03-12 20:00 in Shanghai. */
export const T0 = Date.UTC(2025, 2, 12, 12, 0);
export const MIN = 60_000;

export function goods(productId: string, over: Partial<LiveGoods> = {}): LiveGoods {
  return {
    productId,
    title: `商品 ${productId}`,
    image: '/static/img/x.svg',
    price: 5900,
    livePrice: null,
    auditStatus: 'approved',
    auditReason: null,
    explaining: false,
    ...over,
  };
}

export function liveCoupon(templateId: string, over: Partial<LiveCoupon> = {}): LiveCoupon {
  return {
    templateId,
    name: `券 ${templateId}`,
    kind: 'amount_off',
    threshold: 9900,
    amountOff: 1000,
    discountBps: null,
    maxOff: null,
    scope: { type: 'all' },
    state: 'claimable',
    validFrom: null,
    validTo: null,
    validDays: 7,
    remainingForMe: 1,
    newUserOnly: false,
    liveOnly: true,
    ...over,
  };
}

export function room(roomId: string, over: Partial<MerchantLiveRoom> = {}): MerchantLiveRoom {
  const base: MerchantLiveRoom = {
    roomId,
    name: `直播间 ${roomId}`,
    anchorName: '小满',
    cover: '',
    status: 'upcoming',
    liveStatus: 102,
    startTime: T0,
    endTime: T0 + 120 * MIN,
    storeId: null,
    explaining: null,
    goodsCount: 0,
    replayUrl: null,
    reminded: false,
    goods: [],
    coupons: [],
    lotteries: [],
    reminderSubscribers: 0,
  };
  const r = { ...base, ...over };
  return { ...r, goodsCount: over.goodsCount ?? r.goods.filter((g) => g.auditStatus === 'approved').length };
}

export function lottery(lotteryId: string, over: Partial<Lottery> = {}): Lottery {
  return {
    lotteryId,
    roomId: 'r1',
    status: 'running',
    prize: { templateId: 'lc-10', name: '券 lc-10' },
    winnerCount: 2,
    startedAt: T0 + 10 * MIN,
    endsAt: T0 + 15 * MIN,
    commitment: 'a'.repeat(64),
    seed: null,
    participants: 0,
    tickets: null,
    winners: [],
    myTicket: null,
    won: false,
    prizeCouponId: null,
    ...over,
  };
}

export function product(id: string, title: string, min: number): ProductSummary {
  return { id, categoryId: 'c1', title, subtitle: '', image: '/static/img/x.svg', price: { min, max: min }, originalPrice: null, sales: 0 };
}

export const STORES: LiveStore[] = [
  { id: 's-sh', name: '上海旗舰店', city: '上海', address: '南京西路 1 号' },
  { id: 's-hz', name: '杭州西湖店', city: '杭州', address: '湖滨路 2 号' },
];

export interface LiveWorld {
  rooms: MerchantLiveRoom[];
  stores: LiveStore[];
  storeStats: LiveStoreStats[];
  templates: LiveCoupon[];
  products: ProductSummary[];
  stats: Record<string, LiveStats>;
  /** Rooms per page of merchant.liveRooms. */
  pageSize: number;
  nextLotteryId: number;
}

/** A fake backend over `world`; `backend.handlers` can be replaced per test (a refusal, a slow answer). */
export function liveBackend(world: LiveWorld): FakeBackend {
  const find = (roomId: string): MerchantLiveRoom => {
    const r = world.rooms.find((x) => x.roomId === roomId);
    if (!r) throw refuse('NOT_FOUND', '直播间不存在');
    return r;
  };
  const save = (next: MerchantLiveRoom): MerchantLiveRoom => {
    const fixed = { ...next, goodsCount: next.goods.filter((g) => g.auditStatus === 'approved').length };
    world.rooms = world.rooms.map((r) => (r.roomId === fixed.roomId ? fixed : r));
    return fixed;
  };
  return fakeBackend({
    live: { stores: () => world.stores },
    shop: {
      products: (q) => {
        const list = q.keyword ? world.products.filter((p) => p.title.includes(q.keyword as string)) : world.products;
        return { items: list, nextCursor: null, total: q.cursor ? null : list.length };
      },
    },
    merchant: {
      liveRooms: (q) => {
        const list = world.rooms.filter((r) => !q.storeId || r.storeId === q.storeId);
        const from = q.cursor ? Number(q.cursor) : 0;
        const to = from + world.pageSize;
        return { items: list.slice(from, to), nextCursor: to < list.length ? String(to) : null };
      },
      liveRoom: ({ roomId }) => find(roomId),
      liveStoreStats: () => world.storeStats,
      couponTemplates: () => world.templates,
      createLiveRoom: (p) => {
        const roomId = `r${world.rooms.length + 1}`;
        world.rooms = [room(roomId, { name: p.name, anchorName: p.anchorName, startTime: p.startTime, endTime: p.endTime, storeId: p.storeId ?? null }), ...world.rooms];
        return { roomId };
      },
      addLiveGoods: ({ roomId, productId, livePrice }) => {
        const r = find(roomId);
        const p = world.products.find((x) => x.id === productId);
        if (!p) throw refuse('NOT_FOUND', '商品不存在或已下架');
        return save({ ...r, goods: [...r.goods, goods(productId, { title: p.title, price: p.price.min, livePrice: livePrice ?? null, auditStatus: 'submitting' })] });
      },
      removeLiveGoods: ({ roomId, productId }) => {
        const r = find(roomId);
        return save({ ...r, goods: r.goods.filter((g) => g.productId !== productId) });
      },
      pushLiveGoods: ({ roomId, productId }) => {
        const r = find(roomId);
        if (r.status !== 'live') throw refuse('NOT_LIVE', '直播间未开播');
        const g = r.goods.find((x) => x.productId === productId);
        if (!g || g.auditStatus !== 'approved') throw refuse('CONFLICT', '商品未通过审核');
        return save({
          ...r,
          goods: r.goods.map((x) => ({ ...x, explaining: x.productId === productId })),
          explaining: { productId, title: g.title, image: g.image, price: g.livePrice ?? g.price, since: T0 + 30 * MIN },
        });
      },
      addLiveCoupon: ({ roomId, templateId }) => {
        const r = find(roomId);
        const t = world.templates.find((x) => x.templateId === templateId);
        if (!t) throw refuse('NOT_FOUND', '优惠券不存在');
        return save({ ...r, coupons: [...r.coupons, t] });
      },
      removeLiveCoupon: ({ roomId, templateId }) => {
        const r = find(roomId);
        return save({ ...r, coupons: r.coupons.filter((c) => c.templateId !== templateId) });
      },
      startLottery: ({ roomId, templateId, winners, minutes }) => {
        const r = find(roomId);
        if (r.status !== 'live') throw refuse('NOT_LIVE', '直播间未开播，不能抽奖');
        const t = world.templates.find((x) => x.templateId === templateId);
        world.nextLotteryId += 1;
        const l = lottery(`lot-${world.nextLotteryId}`, {
          roomId,
          prize: { templateId, name: t?.name ?? templateId },
          winnerCount: winners,
          startedAt: T0 + 40 * MIN,
          endsAt: T0 + (40 + minutes) * MIN,
          commitment: 'c'.repeat(64),
        });
        save({ ...r, lotteries: [l, ...r.lotteries] });
        return l;
      },
      liveStats: ({ roomId }) => {
        const s = world.stats[roomId];
        if (!s) throw refuse('NOT_FOUND', '直播间不存在');
        return s;
      },
    },
  });
}

export function emptyWorld(over: Partial<LiveWorld> = {}): LiveWorld {
  return { rooms: [], stores: [], storeStats: [], templates: [], products: [], stats: {}, pageSize: 20, nextLotteryId: 0, ...over };
}
