/**
 * Live commerce test support (not a test file): contract-typed rooms, goods, coupons and lotteries - a drawn lottery
 * is computed here with node's crypto exactly as typings/api.ts documents `Lottery`, independently of the mini
 * program's own SHA-256 - and `loadFakePage`, which renders a real page with miniprogram-simulate against a fake
 * backend (the live function is being written: these tests supply the service transport).
 */
import { createHash } from 'crypto';
import type { LiveCoupon, LiveGoods, LiveRoom, LiveRoomDetail, LiveRoomPage, LiveStore, Lottery, ProductDetail } from '../../../typings/api';
import type { FakeBackend } from './fake-backend';
import type { LoadedPage, LoadOptions, TestCloud } from './harness';
import { loadPage, MP_ROOT } from './harness';

export const nodeSha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const HOUR = 3600_000;
/** Fixed so the rooms' times read the same in every run. */
export const T0 = Date.UTC(2026, 10, 20, 12, 0); // 2026-11-20 20:00 Asia/Shanghai

export function room(roomId: string, over: Partial<LiveRoom> = {}): LiveRoom {
  return {
    roomId,
    name: `直播间 ${roomId}`,
    anchorName: `主播 ${roomId}`,
    cover: `/static/img/cover-${roomId}.svg`,
    status: 'live',
    liveStatus: 101,
    startTime: T0,
    endTime: T0 + 2 * HOUR,
    storeId: null,
    explaining: null,
    goodsCount: 2,
    replayUrl: null,
    reminded: false,
    ...over,
  };
}

/** A page of live.rooms: the last page, carrying the shop's reminder template ('tmpl-remind' unless told). */
export function roomPage(items: LiveRoom[], over: Partial<LiveRoomPage> = {}): LiveRoomPage {
  return { items, nextCursor: null, reminderTemplateId: 'tmpl-remind', ...over };
}

export function liveGoods(productId: string, over: Partial<LiveGoods> = {}): LiveGoods {
  return {
    productId,
    title: `商品 ${productId}`,
    image: `/static/img/${productId}.svg`,
    price: 5900,
    livePrice: 4900,
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
    threshold: 0,
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

export const STORES: LiveStore[] = [
  { id: 's-sh', name: '上海旗舰店', city: '上海', address: '南京西路 1 号' },
  { id: 's-hz', name: '杭州湖滨店', city: '杭州', address: '湖滨路 2 号' },
];

/** The ticket of a participant, as the server computes it. */
export const ticketOf = (lotteryId: string, openid: string): string => nodeSha256(`${lotteryId}:${openid}`).slice(0, 16);

/** The winners as the contract documents them, with node's crypto. */
export function referenceWinners(seed: string, tickets: readonly string[], count: number): string[] {
  return [...new Set(tickets)]
    .map((t) => ({ t, k: nodeSha256(`${seed}:${t}`) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
    .slice(0, count)
    .map((x) => x.t);
}

export const LOTTERY_SEED = nodeSha256('a seed the server chose at the start');

export function runningLottery(over: Partial<Lottery> = {}): Lottery {
  return {
    lotteryId: 'lot-1',
    roomId: 'r-live',
    status: 'running',
    prize: { templateId: 't-prize', name: '50元无门槛券' },
    winnerCount: 2,
    startedAt: Date.now() - 60_000,
    endsAt: Date.now() + 5 * 60_000,
    commitment: nodeSha256(LOTTERY_SEED),
    seed: null,
    participants: 7,
    tickets: null,
    winners: [],
    myTicket: null,
    won: false,
    prizeCouponId: null,
    ...over,
  };
}

/** A lottery drawn honestly among `openids` (the caller is `me`, when given). */
export function drawnLottery(openids: string[], me: string | null, over: Partial<Lottery> = {}): Lottery {
  const base = runningLottery();
  const tickets = openids.map((o) => ticketOf(base.lotteryId, o)).sort();
  const winners = referenceWinners(LOTTERY_SEED, tickets, base.winnerCount);
  const myTicket = me ? ticketOf(base.lotteryId, me) : null;
  return {
    ...base,
    status: 'drawn',
    endsAt: Date.now() - 60_000,
    seed: LOTTERY_SEED,
    participants: tickets.length,
    tickets,
    winners: winners.map((t) => ({ nickname: `观众${tickets.indexOf(t) + 1}`, ticket: t })),
    myTicket,
    won: myTicket !== null && winners.includes(myTicket),
    ...over,
  };
}

export function roomDetail(roomId: string, over: Partial<LiveRoomDetail> = {}): LiveRoomDetail {
  return {
    ...room(roomId),
    goods: [liveGoods('tee'), liveGoods('cable', { price: 1990, livePrice: null })],
    coupons: [liveCoupon('t-live10', { name: '直播专享10元' })],
    reminderTemplateId: 'tmpl-remind',
    lottery: null,
    store: STORES[0],
    ...over,
  };
}

/** A one-SKU product as shop.product answers it. */
export function product(id: string, price: number, over: Partial<ProductDetail> = {}): ProductDetail {
  return {
    id,
    title: `商品 ${id}`,
    subtitle: '',
    image: `/static/img/${id}.svg`,
    price: { min: price, max: price },
    originalPrice: null,
    sales: 100,
    categoryId: 'c',
    images: [`/static/img/${id}.svg`],
    description: '',
    detailImages: [],
    specs: [],
    skus: [{ id: `${id}-sku`, specs: {}, price, originalPrice: null, stock: 10, image: null }],
    shipping: { fee: 0, freeOver: 0 },
    ...over,
  };
}

/** A TestCloud that is not there: pages loaded with it talk to the fake backend only. */
const NO_CLOUD: TestCloud = {
  url: 'http://127.0.0.1:9',
  calls: [],
  api: () => Promise.reject(new Error('no local cloud in this test')),
  update: () => Promise.reject(new Error('no local cloud in this test')),
  dev: () => Promise.reject(new Error('no local cloud in this test')),
  close: () => Promise.resolve(),
};

/**
 * Loads a page (root-relative) with miniprogram-simulate, its calls going to `backend` (cloud mode: no dev identity,
 * asset URLs as given). Call page lifetimes yourself. `wx` then holds what simulate provides plus `wxExtra`.
 */
export function loadFakePage(pagePath: string, backend: FakeBackend, wxExtra: Record<string, unknown> = {}, opts: LoadOptions = {}): LoadedPage {
  return loadPage(pagePath, NO_CLOUD, {
    mode: 'cloud',
    ...opts,
    beforeLoad: () => {
      const api = require(`${MP_ROOT}/services/api`) as typeof import('../../../miniprogram/services/api');
      api.setTransport(backend.transport);
      Object.assign(wx as unknown as Record<string, unknown>, { showShareMenu: jest.fn(), showToast: jest.fn(), ...wxExtra });
      opts.beforeLoad?.();
    },
  });
}
