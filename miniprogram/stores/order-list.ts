/**
 * The shopper's orders, one status tab at a time, cursor-paginated (`order.list`). The same pattern as
 * product-feed.ts: a generation counter drops answers for a tab the shopper has already left.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { OrderStatus, OrderSummary } from '../../typings/api';
import { listOrders } from '../services/order';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';
import { ORDER_STATUS_TEXT } from '../utils/order';

/** An order card: the summary plus its status text. */
export interface OrderCard extends OrderSummary {
  statusText: string;
  /** Up to four lines shown as thumbnails. */
  thumbs: OrderSummary['lines'];
}

export class OrderListStore {
  /** undefined = every status. */
  status: OrderStatus | undefined = undefined;
  items: OrderSummary[] = [];
  nextCursor: string | null = null;
  loading = false;
  loaded = false;
  finished = false;
  error: UiError | null = null;
  private generation = 0;
  private failedFromStart = false;

  constructor() {
    makeAutoObservable<this, 'generation' | 'failedFromStart'>(this, { generation: false, failedFromStart: false });
  }

  get cards(): OrderCard[] {
    return this.items.map((o) => ({ ...o, statusText: ORDER_STATUS_TEXT[o.status] ?? o.status, thumbs: o.lines.slice(0, 4) }));
  }

  get empty(): boolean {
    return this.loaded && !this.error && this.items.length === 0;
  }

  get showNoMore(): boolean {
    return this.finished && this.items.length > 0;
  }

  /** Shows the orders of `status` from the first page. */
  reset(status: OrderStatus | undefined): Promise<void> {
    this.generation += 1;
    this.status = status;
    this.items = [];
    this.nextCursor = null;
    this.loaded = false;
    this.finished = false;
    this.error = null;
    this.loading = false;
    return this.fetchPage(true);
  }

  /** The first page again; the list stays on screen until it arrives. */
  refresh(): Promise<void> {
    this.generation += 1;
    this.error = null;
    return this.fetchPage(true);
  }

  loadMore(): Promise<void> {
    if (this.loading || this.finished || !this.loaded || this.error) return Promise.resolve();
    return this.fetchPage(false);
  }

  retry(): Promise<void> {
    if (this.loading || !this.error) return Promise.resolve();
    this.error = null;
    return this.fetchPage(this.failedFromStart || !this.loaded);
  }

  private fetchPage(fromStart: boolean): Promise<void> {
    const generation = this.generation;
    const query: { status?: OrderStatus; cursor?: string } = {};
    if (this.status) query.status = this.status;
    if (!fromStart && this.nextCursor) query.cursor = this.nextCursor;
    this.loading = true;
    return listOrders(query).then(
      (page) => this.receive(generation, fromStart, page.items, page.nextCursor),
      (err: unknown) => this.fail(generation, fromStart, err),
    );
  }

  private receive(generation: number, fromStart: boolean, items: OrderSummary[], nextCursor: string | null): void {
    if (generation !== this.generation) return;
    const kept = fromStart ? [] : this.items;
    const seen = new Set(kept.map((o) => o.orderId));
    this.items = kept.concat(items.filter((o) => !seen.has(o.orderId)));
    this.nextCursor = nextCursor;
    this.finished = nextCursor === null;
    this.loaded = true;
    this.loading = false;
  }

  private fail(generation: number, fromStart: boolean, err: unknown): void {
    if (generation !== this.generation) return;
    this.failedFromStart = fromStart;
    this.error = toUiError(err);
    this.loading = false;
  }
}

export const orderList = new OrderListStore();
