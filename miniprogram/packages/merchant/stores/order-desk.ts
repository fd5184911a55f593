/**
 * The merchant's order desk: every shopper's orders, one status tab at a time, optionally found by order number,
 * cursor-paginated (`merchant.orders`); 发货 on a paid order with no after-sale open. The page shows cards
 * (`toDeskCard`).
 */
import { action, makeObservable, observable } from 'mobx-miniprogram';
import type { MerchantOrderSummary, OrderStatus, Page } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import { afterSaleTagText } from '../../../utils/aftersale';
import { displayOrderNo } from '../../../utils/order';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { formatDateTime } from '../../../utils/time';
import { listDeskOrders, shipOrder } from '../services/merchant';
import { DESK_STATUS_TEXT, keywordProblem, orderKeyword, validateShipment } from '../utils/merchant';

/** How many lines a card lists before "共 n 件". */
export const CARD_LINES = 3;

export interface DeskCard {
  orderId: string;
  orderNo: string;
  displayNo: string;
  createdText: string;
  status: OrderStatus;
  statusText: string;
  buyerName: string;
  buyerPhone: string;
  lines: Array<{ skuId: string; title: string; specText: string; image: string; unitPrice: number; qty: number; refundedQty: number }>;
  /** Lines not listed on the card. */
  moreLines: number;
  itemCount: number;
  payable: number;
  /** "售后 · 待商家处理" while an after-sale is open, else ''. */
  afterSaleText: string;
  afterSaleAmount: number;
  refundedAmount: number;
  /** 发货 is offered: paid, no after-sale open. */
  canShip: boolean;
}

export function toDeskCard(o: MerchantOrderSummary): DeskCard {
  return {
    orderId: o.orderId,
    orderNo: o.orderNo,
    displayNo: displayOrderNo(o.orderNo),
    createdText: formatDateTime(o.createdAt),
    status: o.status,
    statusText: DESK_STATUS_TEXT[o.status] ?? o.status,
    buyerName: o.buyer.name,
    buyerPhone: o.buyer.phone,
    lines: o.lines.slice(0, CARD_LINES).map((l) => ({
      skuId: l.skuId,
      title: l.title,
      specText: l.specText,
      image: l.image,
      unitPrice: l.unitPrice,
      qty: l.qty,
      refundedQty: l.refundedQty ?? 0,
    })),
    moreLines: Math.max(0, o.lines.length - CARD_LINES),
    itemCount: o.itemCount,
    payable: o.payable,
    afterSaleText: o.afterSale ? afterSaleTagText(o.afterSale.status) : '',
    afterSaleAmount: o.afterSale?.amount ?? 0,
    refundedAmount: o.refundedAmount ?? 0,
    canShip: o.status === 'paid' && !o.afterSale,
  };
}

export class OrderDeskStore extends PagedList<MerchantOrderSummary> {
  /** undefined = every status. */
  status: OrderStatus | undefined = undefined;
  /** What is searched ('' = no search). */
  keyword = '';
  /** The order being shipped. */
  shipping: string | null = null;

  constructor() {
    super((o) => o.orderId, 'merchant');
    makeObservable<OrderDeskStore, 'setShipping' | 'shipped'>(this, {
      status: observable,
      keyword: observable,
      shipping: observable,
      start: action,
      reset: action,
      search: action,
      setShipping: action,
      shipped: action,
    });
  }

  /** The desk as it opens: `status`, no search. */
  start(status: OrderStatus | undefined): Promise<void> {
    this.startOver();
    this.status = status;
    this.keyword = '';
    return this.loadFirst();
  }

  /** The orders of `status` (the search stays) from the first page. */
  reset(status: OrderStatus | undefined): Promise<void> {
    this.startOver();
    this.status = status;
    return this.loadFirst();
  }

  /** Finds by order number (full, its last 6+ characters, or the readable number); '' lists every order again. */
  async search(input: string): Promise<ActionResult> {
    const keyword = orderKeyword(input);
    const problem = keywordProblem(keyword);
    if (problem) return refusal(problem);
    this.startOver();
    this.keyword = keyword;
    await this.loadFirst();
    return { ok: true };
  }

  /** 发货: the carrier and tracking number go to merchant.shipOrder; the card then shows the order shipped. */
  async ship(orderId: string, carrier: string, trackingNo: string): Promise<ActionResult> {
    if (this.shipping) return refusal('正在发货，请稍候');
    const problems = validateShipment(carrier, trackingNo);
    const first = problems.carrier ?? problems.trackingNo;
    if (first) return refusal(first);
    const order = this.items.find((o) => o.orderId === orderId);
    if (order && (order.status !== 'paid' || order.afterSale)) return refusal(order.afterSale ? '该订单有售后处理中，请先处理售后' : '订单当前不能发货');
    this.setShipping(orderId);
    try {
      const detail = await shipOrder(orderId, carrier, trackingNo.trim());
      this.shipped(orderId, detail.status);
      return { ok: true };
    } catch (err) {
      void this.refresh();
      return failure(err, 'merchant', '发货失败，请稍后重试');
    } finally {
      this.setShipping(null);
    }
  }

  private setShipping(orderId: string | null): void {
    this.shipping = orderId;
  }

  /** The order moved on: out of a 待发货 list, or shown with its new status. */
  private shipped(orderId: string, status: OrderStatus): void {
    this.changedFrom = 0;
    this.items =
      this.status && this.status !== status
        ? this.items.filter((o) => o.orderId !== orderId)
        : this.items.map((o) => (o.orderId === orderId ? { ...o, status } : o));
  }

  protected fetchPage(cursor: string | null): Promise<Page<MerchantOrderSummary>> {
    const query: { status?: OrderStatus; keyword?: string; cursor?: string } = {};
    if (this.status) query.status = this.status;
    if (this.keyword) query.keyword = this.keyword;
    if (cursor) query.cursor = cursor;
    return listDeskOrders(query);
  }
}

export const orderDesk = new OrderDeskStore();
