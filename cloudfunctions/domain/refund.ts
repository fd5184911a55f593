/**
 * Refund rules: what a refund of some units returns, what may still be refunded, the after-sales window and the
 * after-sale status machine. Pure.
 *
 * Money rule: a line's paid amount (its payable, coupon discount already prorated) is split over its units by
 * largest remainder - every unit gets floor(payable / qty) and the first (payable mod qty) units one fen more. A
 * refund of `count` units after `from` units were refunded returns the shares of units from+1..from+count. The
 * shares sum to the payable exactly, so any sequence of partial refunds that ends with every unit refunded returns
 * exactly what was paid for the line, and no sequence returns more.
 */
import type { AfterSaleStatus } from '../../typings/api';
import { DAY_MS } from './time';

/** Fen for units [from, from + count) of a line that paid `payable` for `qty` units. */
export function unitsAmount(payable: number, qty: number, from: number, count: number): number {
  if (!Number.isSafeInteger(payable) || payable < 0 || !Number.isInteger(qty) || qty < 1) throw new RangeError('bad line');
  if (!Number.isInteger(from) || !Number.isInteger(count) || from < 0 || count < 0 || from + count > qty) throw new RangeError('bad units');
  const share = Math.floor(payable / qty);
  const extra = payable % qty;
  const cum = (n: number): number => n * share + Math.min(n, extra);
  return cum(from + count) - cum(from);
}

export interface RefundableLine {
  skuId: string;
  qty: number;
  payable: number;
  /** Units already refunded. */
  refundedQty: number;
}

export interface RefundPlanInput {
  lines: readonly RefundableLine[];
  /** Absent: every unit not yet refunded. */
  requested?: ReadonlyArray<{ skuId: string; qty: number }>;
  shipping: number;
  /** Whether the order has shipped (shipping is returned only for a refund of everything before it ships). */
  shipped: boolean;
}

export interface RefundPlan {
  lines: Array<{ skuId: string; qty: number; amount: number }>;
  shippingRefund: number;
  amount: number;
  /** After this refund every unit of the order is refunded. */
  complete: boolean;
}

export type RefundPlanError = { code: 'INVALID_INPUT' | 'REFUND_QTY_EXCEEDED' | 'REFUND_NOT_ALLOWED'; message: string };

export type RefundPlanResult = ({ ok: true } & RefundPlan) | ({ ok: false } & RefundPlanError);

/** What is left to refund per line: units and the fen they would return. */
export function refundable(lines: readonly RefundableLine[]): Array<{ skuId: string; qty: number; amount: number }> {
  return lines.map((l) => {
    const left = l.qty - l.refundedQty;
    return { skuId: l.skuId, qty: left, amount: unitsAmount(l.payable, l.qty, l.refundedQty, left) };
  });
}

/** The refund of the requested units (or of everything left): amounts per line and shipping, or why not. */
export function planRefund(input: RefundPlanInput): RefundPlanResult {
  const byId = new Map(input.lines.map((l) => [l.skuId, l]));
  const requested = input.requested ?? input.lines.filter((l) => l.qty > l.refundedQty).map((l) => ({ skuId: l.skuId, qty: l.qty - l.refundedQty }));
  if (requested.length === 0) return { ok: false, code: 'REFUND_NOT_ALLOWED', message: '订单已全部退款' };
  const seen = new Set<string>();
  const lines: RefundPlan['lines'] = [];
  for (const r of requested) {
    const line = byId.get(r.skuId);
    if (!line) return { ok: false, code: 'INVALID_INPUT', message: `lines: ${r.skuId} is not in this order` };
    if (seen.has(r.skuId)) return { ok: false, code: 'INVALID_INPUT', message: 'lines: each SKU at most once' };
    seen.add(r.skuId);
    if (!Number.isInteger(r.qty) || r.qty < 1) return { ok: false, code: 'INVALID_INPUT', message: 'lines: qty must be at least 1' };
    const left = line.qty - line.refundedQty;
    if (r.qty > left) return { ok: false, code: 'REFUND_QTY_EXCEEDED', message: left > 0 ? `该商品最多可退 ${left} 件` : '该商品已全部退款' };
    lines.push({ skuId: r.skuId, qty: r.qty, amount: unitsAmount(line.payable, line.qty, line.refundedQty, r.qty) });
  }
  const after = new Map(lines.map((l) => [l.skuId, l.qty]));
  const complete = input.lines.every((l) => l.refundedQty + (after.get(l.skuId) ?? 0) === l.qty);
  const shippingRefund = complete && !input.shipped ? input.shipping : 0;
  const amount = lines.reduce((s, l) => s + l.amount, 0) + shippingRefund;
  return { ok: true, lines, shippingRefund, amount, complete };
}

/** The end of a completed order's after-sales window. */
export function afterSalesDeadline(completedAt: number, afterSalesDays: number): number {
  return completedAt + afterSalesDays * DAY_MS;
}

/** Every allowed after-sale transition; each is persisted with a guarded update on the old status. */
export const AFTER_SALE_TRANSITIONS: Readonly<Record<AfterSaleStatus, readonly AfterSaleStatus[]>> = {
  requested: ['approved', 'rejected', 'cancelled'],
  approved: ['refunding', 'refunded', 'failed'],
  refunding: ['refunded', 'failed'],
  failed: ['refunding', 'refunded'],
  refunded: [],
  rejected: [],
  cancelled: [],
};

export function canMoveAfterSale(from: AfterSaleStatus, to: AfterSaleStatus): boolean {
  return AFTER_SALE_TRANSITIONS[from].includes(to);
}

/** The after-sale statuses a refund callback may complete (WeChat Pay may answer before we record `refunding`). */
export const REFUND_PENDING: readonly AfterSaleStatus[] = ['approved', 'refunding', 'failed'];
