/**
 * The shopper's orders, one status tab at a time, cursor-paginated (`order.list`). A tab change starts the list
 * over, so a late answer for a tab the shopper has already left is dropped (see PagedList).
 * The page shows cards (`toCard`): what a card needs, not the orders' full lines.
 */
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import type { OrderStatus, OrderSummary, Page } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import { ORDER_STATUS_TEXT } from '../../../utils/order';
import { listOrders } from '../services/order';

/** How many line images a card of several lines shows. */
export const CARD_THUMBS = 4;

/** An order card: the summary figures, its status text, and the first line or the first few images. */
export interface OrderCard {
  orderId: string;
  orderNo: string;
  status: OrderStatus;
  statusText: string;
  itemCount: number;
  payable: number;
  /** A single-line order: that line's title, spec and image; null for several lines (thumbs instead). */
  single: { title: string; specText: string; image: string } | null;
  /** Several lines: the first CARD_THUMBS images. */
  thumbs: string[];
}

export function toCard(o: OrderSummary): OrderCard {
  const first = o.lines[0];
  return {
    orderId: o.orderId,
    orderNo: o.orderNo,
    status: o.status,
    statusText: ORDER_STATUS_TEXT[o.status] ?? o.status,
    itemCount: o.itemCount,
    payable: o.payable,
    single: o.lines.length === 1 && first ? { title: first.title, specText: first.specText, image: first.image } : null,
    thumbs: o.lines.length === 1 ? [] : o.lines.slice(0, CARD_THUMBS).map((l) => l.image),
  };
}

export class OrderListStore extends PagedList<OrderSummary> {
  /** undefined = every status. */
  status: OrderStatus | undefined = undefined;

  constructor() {
    super((o) => o.orderId, 'order');
    makeObservable(this, { status: observable, cards: computed, reset: action });
  }

  get cards(): OrderCard[] {
    return this.items.map(toCard);
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
    return listOrders(query);
  }
}

export const orderList = new OrderListStore();
