/**
 * Order service (cloud function `order`): quotes, creating orders, the shopper's orders and their transitions.
 * Every order detail that arrives teaches the server clock (services/server-clock.ts) a lower bound of the server's time.
 */
import type { CreateOrderPayload, OrderDetail, OrderLine, OrderStatus, OrderSummary, Page, Quote, QuotePayload } from '../../../../typings/api';
import { ApiCallError, assetUrl, call, isApiCallError } from '../../../services/api';
import { serverClock } from './server-clock';

function withLineAssets(line: OrderLine): OrderLine {
  return line.image ? { ...line, image: assetUrl(line.image) } : line;
}

function withAssets<T extends { lines: OrderLine[] }>(value: T): T {
  return { ...value, lines: value.lines.map(withLineAssets) };
}

/** Prices a checkout. couponId absent: the best coupon; null: none. */
export async function quoteOrder(payload: QuotePayload): Promise<Quote> {
  return withAssets(await call('order', 'quote', payload));
}

/**
 * Idempotent per requestId: a retry with the same requestId answers the same order. With `expectedPayable` a
 * different server payable is refused as PRICE_CHANGED, whose error carries the new quote (images ready to render).
 */
export async function createOrder(payload: CreateOrderPayload): Promise<{ orderId: string; orderNo: string; payable: number }> {
  try {
    return await call('order', 'create', payload);
  } catch (err) {
    if (isApiCallError(err, 'PRICE_CHANGED') && err.quote) throw new ApiCallError(err.code, err.message, withAssets(err.quote));
    throw err;
  }
}

export async function listOrders(query: { status?: OrderStatus; cursor?: string }): Promise<Page<OrderSummary>> {
  const page = await call('order', 'list', query);
  // The newest order was created before the server answered: a lower bound of its clock (the cards' countdowns).
  if (page.items.length) serverClock.observeLowerBound(Math.max(...page.items.map((o) => o.createdAt)), Date.now());
  return { items: page.items.map(withAssets), nextCursor: page.nextCursor };
}

/** The latest time the server wrote into the order: the server's clock had passed it when it answered. */
export function latestServerStamp(d: OrderDetail): number {
  const stamps = [d.createdAt, d.paidAt, d.cancelledAt, d.completedAt, d.shipment?.shippedAt ?? null, ...d.timeline.map((t) => t.at)];
  return Math.max(...stamps.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)));
}

function received(detail: OrderDetail): OrderDetail {
  serverClock.observeLowerBound(latestServerStamp(detail), Date.now());
  return withAssets(detail);
}

export async function getOrder(orderId: string): Promise<OrderDetail> {
  return received(await call('order', 'detail', { orderId }));
}

export async function cancelOrder(orderId: string): Promise<OrderDetail> {
  return received(await call('order', 'cancel', { orderId }));
}

export async function confirmReceipt(orderId: string): Promise<OrderDetail> {
  return received(await call('order', 'confirmReceipt', { orderId }));
}

export interface WaitOptions {
  /** How many times order.detail is asked (default 8). */
  attempts?: number;
  /** Pause between two asks in ms (default 500). */
  intervalMs?: number;
}

const PAID_OR_LATER: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['paid', 'shipped', 'completed', 'refunded']);

/**
 * After a payment: asks order.detail until the order is no longer pending (the payment callback reaches the
 * cloud asynchronously), at most `attempts` times. Answers the last detail read.
 */
export async function waitUntilPaid(orderId: string, opts: WaitOptions = {}): Promise<OrderDetail> {
  const attempts = Math.max(1, opts.attempts ?? 8);
  const intervalMs = opts.intervalMs ?? 500;
  let detail = await getOrder(orderId);
  for (let i = 1; i < attempts && detail.status === 'pending_payment'; i += 1) {
    await new Promise((r) => setTimeout(r, intervalMs));
    detail = await getOrder(orderId);
  }
  return detail;
}

export function isPaidOrLater(status: OrderStatus): boolean {
  return PAID_OR_LATER.has(status);
}
