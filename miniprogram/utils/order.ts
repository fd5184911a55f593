/** Order display rules and checkout helpers. Pure, no wx. */
import type { OrderItemInput, OrderStatus } from '../../typings/api';
import { ORDER_MAX_LINES, ORDER_MAX_QTY } from './limits';

export const ORDER_STATUS_TEXT: Record<OrderStatus, string> = {
  pending_payment: '待付款',
  paid: '待发货',
  shipped: '待收货',
  completed: '已完成',
  cancelled: '已取消',
  refunded: '已退款',
};

/** What the status header of an order says under the status. */
export const ORDER_STATUS_HINT: Record<OrderStatus, string> = {
  pending_payment: '请尽快完成支付，超时订单将自动取消',
  paid: '商家正在备货，请耐心等待',
  shipped: '商品已发出，请注意查收',
  completed: '交易已完成，感谢您的购买',
  cancelled: '订单已取消',
  refunded: '退款已完成',
};

/** Timeline entry titles ("已下单" for the first, pending_payment entry). */
export const TIMELINE_TEXT: Record<OrderStatus, string> = {
  pending_payment: '已下单',
  paid: '已支付',
  shipped: '已发货',
  completed: '已确认收货',
  cancelled: '已取消',
  refunded: '已退款',
};

export interface OrderTab {
  title: string;
  /** undefined = every status. */
  status: OrderStatus | undefined;
}

/** The order list tabs, in order. */
export const ORDER_TABS: readonly OrderTab[] = [
  { title: '全部', status: undefined },
  { title: '待付款', status: 'pending_payment' },
  { title: '待发货', status: 'paid' },
  { title: '待收货', status: 'shipped' },
  { title: '已完成', status: 'completed' },
  { title: '已取消', status: 'cancelled' },
];

const STATUSES = new Set<string>(Object.keys(ORDER_STATUS_TEXT));

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && STATUSES.has(value);
}

/** The tab index showing `status` (0 = 全部 for anything else). */
export function orderTabIndex(status: string | undefined): number {
  const i = ORDER_TABS.findIndex((t) => t.status !== undefined && t.status === status);
  return i < 0 ? 0 : i;
}

/** What an order card offers: 去支付 (pending, with the countdown), 确认收货 (shipped), 再次购买 (completed, cancelled). */
export type OrderCardAction = 'pay' | 'confirm' | 'rebuy';

export function orderCardActions(status: OrderStatus): OrderCardAction[] {
  if (status === 'pending_payment') return ['pay'];
  if (status === 'shipped') return ['confirm'];
  if (status === 'completed' || status === 'cancelled') return ['rebuy'];
  return [];
}

/** The server's order number: "D", the Shanghai time yyMMddHHmmss, 12 random base-36 characters (domain/order formatOrderNo). */
const ORDER_NO = /^D(\d{6})(\d{6})([0-9a-z]{12})$/;

/**
 * A number a shopper can read out to customer service: the order number's time part and its last six random
 * characters, grouped, e.g. "261120-100005-K3F9Q2" (the shop finds the order by its second and suffix; the full,
 * unguessable number stays on the order page). Anything else is shown as it is.
 */
export function displayOrderNo(orderNo: string): string {
  const m = ORDER_NO.exec(orderNo);
  if (!m) return orderNo;
  return `${m[1]}-${m[2]}-${m[3].slice(-6).toUpperCase()}`;
}

/** A count on a badge: '' for none, "99+" past 99. */
export function countBadge(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '';
  return n > 99 ? '99+' : String(Math.floor(n));
}

const SKU_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checkout items in a page query: "skuA*2,skuB*1" (SKU ids are [A-Za-z0-9_-]). */
export function encodeItems(items: readonly OrderItemInput[]): string {
  return items.map((i) => `${i.skuId}*${i.qty}`).join(',');
}

/** The items of a checkout query; malformed parts are dropped, a repeated SKU counts once (its first quantity). All of them: the checkout says what one order cannot take (splitForOrder). */
export function decodeItems(text: string | undefined): OrderItemInput[] {
  if (!text) return [];
  let raw = text;
  try {
    raw = decodeURIComponent(text);
  } catch {
    // keep it as it is
  }
  const seen = new Set<string>();
  const items: OrderItemInput[] = [];
  for (const part of raw.split(',')) {
    const [skuId, qtyText] = part.split('*');
    const qty = Number(qtyText);
    if (!skuId || !SKU_ID.test(skuId) || !Number.isInteger(qty) || qty < 1 || qty > ORDER_MAX_QTY || seen.has(skuId)) continue;
    seen.add(skuId);
    items.push({ skuId, qty });
  }
  return items;
}

/** The items one order takes (the first ORDER_MAX_LINES) and the ones left out. */
export function splitForOrder(items: readonly OrderItemInput[]): { kept: OrderItemInput[]; leftOut: OrderItemInput[] } {
  const copy = items.map((i) => ({ skuId: i.skuId, qty: i.qty }));
  return { kept: copy.slice(0, ORDER_MAX_LINES), leftOut: copy.slice(ORDER_MAX_LINES) };
}

/** A fresh idempotency key for one checkout attempt: 8..64 of [A-Za-z0-9_-] (order.create's rule). */
export function newRequestId(now = Date.now(), random: () => number = Math.random): string {
  let tail = '';
  for (let i = 0; i < 4; i += 1) tail += Math.floor(random() * 0x100000000).toString(36).padStart(7, '0');
  return `r${now.toString(36)}-${tail}`.slice(0, 64);
}
