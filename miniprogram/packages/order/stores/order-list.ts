/**
 * The shopper's orders, one status tab at a time, cursor-paginated (`order.list`). A tab change starts the list
 * over, so a late answer for a tab the shopper has already left is dropped (see PagedList).
 */
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import type { OrderStatus, OrderSummary, Page } from '../../typings/api';
import { listOrders } from '../services/order';
import { ORDER_STATUS_TEXT } from '../utils/order';
import { PagedList } from './paged-list';

/** An order card: the summary plus its status text. */
export interface OrderCard extends OrderSummary {
  statusText: string;
  /** Up to four lines shown as thumbnails. */
  thumbs: OrderSummary['lines'];
}

export class OrderListStore extends PagedList<OrderSummary> {
  /** undefined = every status. */
  status: OrderStatus | undefined = undefined;

  constructor() {
    super((o) => o.orderId);
    makeObservable(this, { status: observable, cards: computed, reset: action });
  }

  get cards(): OrderCard[] {
    return this.items.map((o) => ({ ...o, statusText: ORDER_STATUS_TEXT[o.status] ?? o.status, thumbs: o.lines.slice(0, 4) }));
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
