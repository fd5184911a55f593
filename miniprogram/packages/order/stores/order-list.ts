/**
 * The shopper's orders, one status tab at a time, cursor-paginated (`order.list`). A tab change starts the list
 * over, so a late answer for a tab the shopper has already left is dropped (see PagedList).
 * The page shows cards (`toCard`): what a card needs, not the orders' full lines.
 *
 * The 去支付 countdown: every card is made with its text at the store's `now` (moved to the server clock the moment
 * a page of orders arrives), so the button shows its time with the card; `countdowns` then ticks it.
 */
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import type { OrderStatus, OrderSummary, Page } from '../../../../typings/api';
import { cartStore } from '../../../stores/cart';
import { PagedList } from '../../../stores/paged-list';
import { afterSaleTagText } from '../../../utils/aftersale';
import type { OrderCardAction } from '../../../utils/order';
import { displayOrderNo, ORDER_STATUS_TEXT, orderCardActions } from '../../../utils/order';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { formatCountdown, formatDateTime } from '../../../utils/time';
import { confirmReceipt, listOrders } from '../services/order';
import { payAndConfirm } from '../services/pay';
import type { ServerClock } from '../services/server-clock';
import { serverClock } from '../services/server-clock';

/** How many line images a card of several lines shows. */
export const CARD_THUMBS = 4;

/** An order card: the summary figures, its status text, and the first line or the first few images. */
export interface OrderCard {
  orderId: string;
  orderNo: string;
  /** The number to read out to customer service (utils/order displayOrderNo). */
  displayNo: string;
  /** "2026-11-20 10:00". */
  createdText: string;
  /** The buttons the card shows, in order. */
  actions: OrderCardAction[];
  status: OrderStatus;
  statusText: string;
  itemCount: number;
  payable: number;
  /** A single-line order: that line's title, spec and image; null for several lines (thumbs instead). */
  single: { title: string; specText: string; image: string } | null;
  /** Several lines: the first CARD_THUMBS images. */
  thumbs: string[];
  /** The 去支付 countdown when the card was made ("29:59"); '' when the order is not pending or its pay window has passed. */
  payCountdown: string;
  /** The tag of the after-sale in progress ("售后 · 待商家处理"), '' when none is open. */
  afterSaleText: string;
  /** Fen returned to the shopper so far (the card says "已退款 ¥x" when > 0). */
  refundedAmount: number;
}

/** The pay-by countdown of a pending order at `now` (the server's time); '' outside the pay window or not pending. */
export function payCountdown(o: OrderSummary, now: number): string {
  if (o.status !== 'pending_payment' || o.payDeadline === null || o.payDeadline <= now) return '';
  return formatCountdown(o.payDeadline - now);
}

/** `now`: the server's time the card's countdown is read at (the list store's `now`). */
export function toCard(o: OrderSummary, now: number = serverClock.now()): OrderCard {
  const first = o.lines[0];
  return {
    orderId: o.orderId,
    orderNo: o.orderNo,
    displayNo: displayOrderNo(o.orderNo),
    createdText: formatDateTime(o.createdAt),
    actions: orderCardActions(o.status),
    status: o.status,
    statusText: ORDER_STATUS_TEXT[o.status] ?? o.status,
    itemCount: o.itemCount,
    payable: o.payable,
    single: o.lines.length === 1 && first ? { title: first.title, specText: first.specText, image: first.image } : null,
    thumbs: o.lines.length === 1 ? [] : o.lines.slice(0, CARD_THUMBS).map((l) => l.image),
    payCountdown: payCountdown(o, now),
    afterSaleText: o.afterSale ? afterSaleTagText(o.afterSale.status) : '',
    refundedAmount: o.refundedAmount ?? 0,
  };
}

/** What 再次购买 did: every line back in the cart, some (off sale, sold out), or none. */
export type RebuyResult = ActionResult & { added?: number; skipped?: number };

export class OrderListStore extends PagedList<OrderSummary> {
  /** undefined = every status. */
  status: OrderStatus | undefined = undefined;
  /** The server's time the pay-by countdowns read (`tick` moves it). */
  now: number;
  /** The order an action is running on. */
  acting: string | null = null;

  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly clock: ServerClock = serverClock) {
    super((o) => o.orderId, 'order');
    this.now = clock.now();
    makeObservable<OrderListStore, 'setActing'>(this, {
      status: observable,
      now: observable,
      acting: observable,
      cards: computed,
      countdowns: computed,
      reset: action,
      tick: action,
      setActing: action,
    });
  }

  get cards(): OrderCard[] {
    return this.items.map((o) => this.cardOf(o));
  }

  /** The card of `o` with its countdown at the store's `now` (what the page shows). */
  cardOf(o: OrderSummary): OrderCard {
    return toCard(o, this.now);
  }

  /**
   * orderId -> "29:59" for every pending order on the list, '' once its pay window has passed (the 去支付 button
   * goes). Reaches the page a moment after the cards; until then a card shows the countdown it was made with.
   */
  get countdowns(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const o of this.items) {
      if (o.status === 'pending_payment' && o.payDeadline !== null) out[o.orderId] = payCountdown(o, this.now);
    }
    return out;
  }

  tick(now: number = this.clock.now()): void {
    this.now = now;
  }

  startTicking(intervalMs = 1000): void {
    this.stopTicking();
    this.tick();
    void this.clock.sync().then((learnt) => learnt && this.tick());
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  stopTicking(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** 去支付 on a card: prepay, pay, and the list again (the order moved to 待发货). */
  async pay(orderId: string): Promise<ActionResult & { paid?: boolean; cancelled?: boolean }> {
    const order = this.find(orderId);
    if (this.acting) return refusal('正在处理，请稍候');
    if (!order || order.status !== 'pending_payment') return refusal('订单当前不能支付');
    if (order.payDeadline !== null && order.payDeadline <= this.now) return refusal('订单已超时');
    this.setActing(orderId);
    try {
      const report = await payAndConfirm(orderId);
      if (report.cancelled) return { ok: true, paid: false, cancelled: true };
      return { ok: true, paid: report.paid };
    } catch (err) {
      return failure(err, 'payment', '支付失败，请稍后重试');
    } finally {
      this.setActing(null);
      void this.refresh();
    }
  }

  /** 确认收货 on a card (the page asks first). */
  async confirmReceipt(orderId: string): Promise<ActionResult> {
    const order = this.find(orderId);
    if (this.acting) return refusal('正在处理，请稍候');
    if (!order || order.status !== 'shipped') return refusal('订单当前不能确认收货');
    this.setActing(orderId);
    try {
      await confirmReceipt(orderId);
      return { ok: true };
    } catch (err) {
      return failure(err, 'order');
    } finally {
      this.setActing(null);
      void this.refresh();
    }
  }

  /**
   * 再次购买: the order's lines back into the cart through the cart store (one add per line, in order). Lines that
   * cannot be added (off sale, sold out) are skipped and counted; nothing added at all is a failure.
   */
  async rebuy(orderId: string): Promise<RebuyResult> {
    const order = this.find(orderId);
    if (this.acting) return refusal('正在处理，请稍候');
    if (!order || order.lines.length === 0) return refusal('订单不存在');
    this.setActing(orderId);
    let added = 0;
    let lastFailure: ActionResult | null = null;
    try {
      for (const line of order.lines) {
        const r = await cartStore.add(line.skuId, line.qty);
        if (r.ok) added += 1;
        else lastFailure = r;
      }
    } finally {
      this.setActing(null);
    }
    const skipped = order.lines.length - added;
    if (added === 0 && lastFailure && !lastFailure.ok) return { ...lastFailure, added, skipped };
    return { ok: true, added, skipped };
  }

  private find(orderId: string): OrderSummary | undefined {
    return this.items.find((o) => o.orderId === orderId);
  }

  private setActing(orderId: string | null): void {
    this.acting = orderId;
  }

  /** Shows the orders of `status` from the first page. */
  reset(status: OrderStatus | undefined): Promise<void> {
    this.startOver();
    this.status = status;
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<OrderSummary>> {
    const query: { status?: OrderStatus; cursor?: string } = {};
    if (this.status) query.status = this.status;
    if (cursor) query.cursor = cursor;
    // The clock has just learnt from these orders (services/order listOrders): the countdowns read it from the
    // first moment, not from the timer's next tick (or a `now` left from the last time the list was shown).
    return listOrders(query).then((page) => {
      this.tick();
      return page;
    });
  }
}

export const orderList = new OrderListStore();
