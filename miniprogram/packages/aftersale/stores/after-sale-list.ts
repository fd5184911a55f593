/**
 * The shopper's after-sales, newest first, cursor-paginated (`order.afterSales`); the page shows cards (`toAfterSaleCard`).
 */
import { action, makeObservable } from 'mobx-miniprogram';
import type { AfterSale, AfterSaleStatus, Page } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import { AFTER_SALE_STATUS_TEXT, isOpenAfterSale, REFUND_REASON_TEXT } from '../../../utils/aftersale';
import { displayOrderNo } from '../../../utils/order';
import { formatDateTime } from '../../../utils/time';
import { listAfterSales } from '../services/aftersale';

/** How many line images a card of several lines shows. */
export const CARD_THUMBS = 4;

export interface AfterSaleCard {
  id: string;
  orderId: string;
  displayNo: string;
  status: AfterSaleStatus;
  statusText: string;
  /** Still in progress (red), or over (grey). */
  open: boolean;
  amount: number;
  itemCount: number;
  reasonText: string;
  createdText: string;
  single: { title: string; specText: string; image: string; qty: number } | null;
  thumbs: string[];
}

export function toAfterSaleCard(a: AfterSale): AfterSaleCard {
  const first = a.lines[0];
  return {
    id: a.id,
    orderId: a.orderId,
    displayNo: displayOrderNo(a.orderNo),
    status: a.status,
    statusText: AFTER_SALE_STATUS_TEXT[a.status] ?? a.status,
    open: isOpenAfterSale(a.status),
    amount: a.amount,
    itemCount: a.lines.reduce((n, l) => n + l.qty, 0),
    reasonText: REFUND_REASON_TEXT[a.reason] ?? '其他',
    createdText: formatDateTime(a.createdAt),
    single: a.lines.length === 1 && first ? { title: first.title, specText: first.specText, image: first.image, qty: first.qty } : null,
    thumbs: a.lines.length === 1 ? [] : a.lines.slice(0, CARD_THUMBS).map((l) => l.image),
  };
}

export class AfterSaleListStore extends PagedList<AfterSale> {
  constructor() {
    super((a) => a.id, 'aftersale');
    makeObservable(this, { reset: action });
  }

  reset(): Promise<void> {
    this.startOver();
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<AfterSale>> {
    return listAfterSales(cursor);
  }
}

export const afterSaleList = new AfterSaleListStore();
