/**
 * Live commerce rules: a room's phase from WeChat's live_status, WeChat's limits on rooms and goods, live prices,
 * the verifiable lottery draw and the per-room sales figures. Pure: the hash is passed in (app/live.ts gives SHA-256).
 */
import type { LiveStatus } from '../../typings/api';
import { unitsAmount } from './refund';

export const MINUTE_MS = 60_000;

/** WeChat's live_status -> what a shopper sees. 105 (paused) is still the broadcast; 104/106/107 are over. */
export function phaseOf(liveStatus: number): LiveStatus {
  if (liveStatus === 101 || liveStatus === 105) return 'live';
  if (liveStatus === 102) return 'upcoming';
  return 'ended';
}

/** WeChat counts a Chinese (or other wide) character as 2 and anything else as 1. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
  return w;
}

/** A goods name WeChat accepts: at most 14 Chinese characters (width 28); longer titles are cut. */
export const GOODS_NAME_WIDTH = 28;
export function goodsName(title: string): string {
  let out = '';
  let w = 0;
  for (const ch of title.trim()) {
    const cw = textWidth(ch);
    if (w + cw > GOODS_NAME_WIDTH) break;
    out += ch;
    w += cw;
  }
  return out;
}

export const ROOM_RULES = {
  minLeadMs: 10 * MINUTE_MS,
  maxLeadMs: 183 * 24 * 60 * MINUTE_MS,
  minDurationMs: 30 * MINUTE_MS,
  maxDurationMs: 24 * 60 * MINUTE_MS,
  nameWidth: [6, 34] as const,
  anchorWidth: [4, 30] as const,
};

/** Why WeChat would refuse these room times and names, in the shopper-facing language of the workbench; null when fine. */
export function checkRoom(p: { name: string; anchorName: string; startTime: number; endTime: number }, now: number): string | null {
  const nw = textWidth(p.name);
  if (nw < ROOM_RULES.nameWidth[0] || nw > ROOM_RULES.nameWidth[1]) return '直播间名称需 3 到 17 个汉字（2 个字母或数字算 1 个汉字）';
  const aw = textWidth(p.anchorName);
  if (aw < ROOM_RULES.anchorWidth[0] || aw > ROOM_RULES.anchorWidth[1]) return '主播昵称需 2 到 15 个汉字';
  if (p.startTime < now + ROOM_RULES.minLeadMs) return '开播时间需在 10 分钟之后';
  if (p.startTime > now + ROOM_RULES.maxLeadMs) return '开播时间不能在 6 个月之后';
  const d = p.endTime - p.startTime;
  if (d < ROOM_RULES.minDurationMs) return '直播时长不能短于 30 分钟';
  if (d > ROOM_RULES.maxDurationMs) return '直播时长不能超过 24 小时';
  return null;
}

/** A SKU's price in a live room: the live price, unless the SKU's own is lower. */
export function livePriceOf(skuPrice: number, livePrice: number | null): number {
  return livePrice === null ? skuPrice : Math.min(skuPrice, livePrice);
}

// ---------- the verifiable lottery ----------

/** Hex SHA-256 of a text's UTF-8 bytes (node's crypto in the functions; the mini program has its own). */
export type Sha256 = (text: string) => string;

export const SEED = /^[0-9a-f]{64}$/;

/** Published at the start: hex SHA-256 of the seed's text. */
export function commitmentOf(seed: string, sha256: Sha256): string {
  return sha256(seed);
}

/** A participant's public ticket: the first 16 hex characters of SHA-256("<lotteryId>:<openid>") (the openid stays private). */
export function ticketOf(lotteryId: string, openid: string, sha256: Sha256): string {
  return sha256(`${lotteryId}:${openid}`).slice(0, 16);
}

/**
 * The winners: tickets ordered by hex SHA-256("<seed>:<ticket>") ascending (ties by ticket), the first `count`.
 * Deterministic in the seed and the set of tickets (the order they are given in does not matter).
 */
export function drawWinners(seed: string, tickets: readonly string[], count: number, sha256: Sha256): string[] {
  const unique = [...new Set(tickets)].sort();
  return unique
    .map((t) => ({ t, k: sha256(`${seed}:${t}`) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
    .slice(0, Math.max(0, count))
    .map((x) => x.t);
}

// ---------- per-room sales ----------

export interface StatsOrder {
  orderId: string;
  openid: string;
  /** Null while unpaid (or closed unpaid). */
  paidAt: number | null;
  lines: Array<{ productId: string; title: string; qty: number; payable: number; refundedQty: number }>;
  shipping: number;
  /** Fen refunded in all (lines and shipping). */
  refundedAmount: number;
}

export interface Explain {
  productId: string;
  at: number;
}

export interface SalesFigures {
  orders: number;
  paidOrders: number;
  gmv: number;
  buyers: number;
  byProduct: Array<{ productId: string; title: string; orders: number; qty: number; gmv: number }>;
  timeline: Array<{ minute: number; orders: number; gmv: number; explainingProductId: string | null }>;
}

/** What was being explained at `t`: the last push at or before it (explains sorted by time), or null. */
export function explainingAt(explains: readonly Explain[], t: number): string | null {
  let cur: string | null = null;
  for (const e of explains) {
    if (e.at > t) break;
    cur = e.productId;
  }
  return cur;
}

/**
 * Sales of a room: paid money less refunds. A line's refunded units are valued as the refund valued them (largest
 * remainder of its payable over its units, first units first), so per-product GMV sums to the order GMV less
 * refunded shipping. The timeline has one point per minute of payment, carrying what was explained then.
 */
export function salesFigures(orders: readonly StatsOrder[], explains: readonly Explain[]): SalesFigures {
  const sortedExplains = [...explains].sort((a, b) => a.at - b.at);
  const byProduct = new Map<string, { productId: string; title: string; orders: number; qty: number; gmv: number }>();
  const byMinute = new Map<number, { minute: number; orders: number; gmv: number }>();
  const buyers = new Set<string>();
  let paidOrders = 0;
  let gmv = 0;
  for (const o of orders) {
    if (o.paidAt === null) continue;
    paidOrders++;
    buyers.add(o.openid);
    const orderGmv = o.lines.reduce((n, l) => n + l.payable, 0) + o.shipping - o.refundedAmount;
    gmv += orderGmv;
    // A product counts an order once even if it is on two lines (two SKUs).
    const seen = new Set<string>();
    for (const l of o.lines) {
      const p = byProduct.get(l.productId) ?? { productId: l.productId, title: l.title, orders: 0, qty: 0, gmv: 0 };
      if (!seen.has(l.productId)) p.orders++;
      seen.add(l.productId);
      p.qty += l.qty - l.refundedQty;
      p.gmv += l.payable - unitsAmount(l.payable, l.qty, 0, l.refundedQty);
      byProduct.set(l.productId, p);
    }
    const minute = Math.floor(o.paidAt / MINUTE_MS) * MINUTE_MS;
    const m = byMinute.get(minute) ?? { minute, orders: 0, gmv: 0 };
    m.orders++;
    m.gmv += orderGmv;
    byMinute.set(minute, m);
  }
  return {
    orders: orders.length,
    paidOrders,
    gmv,
    buyers: buyers.size,
    byProduct: [...byProduct.values()].sort((a, b) => b.gmv - a.gmv || (a.productId < b.productId ? -1 : 1)),
    timeline: [...byMinute.values()]
      .sort((a, b) => a.minute - b.minute)
      .map((m) => ({ ...m, explainingProductId: explainingAt(sortedExplains, m.minute + MINUTE_MS - 1) })),
  };
}
