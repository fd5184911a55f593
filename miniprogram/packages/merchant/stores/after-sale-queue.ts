/**
 * The merchant's after-sales queue, one tab at a time (QUEUE_TABS), cursor-paginated (`merchant.afterSales`), and
 * the merchant's answers: 同意退款 (with or without 退回库存), 拒绝 (with the reason), 重新退款 for a failed refund.
 *
 * A tab of two statuses (退款中: approved and refunding) asks for both at once (merchant.afterSales takes several).
 * An answered after-sale leaves the tab at once when its new status is not the tab's.
 */
import { action, makeObservable, observable } from 'mobx-miniprogram';
import type { AfterSaleStatus, MerchantAfterSale, Page } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import { MERCHANT_AFTER_SALE_STATUS_TEXT, REFUND_REASON_TEXT } from '../../../utils/aftersale';
import { displayOrderNo } from '../../../utils/order';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { formatDateTime } from '../../../utils/time';
import { approveRefund, listQueue, rejectRefund, retryRefund } from '../services/merchant';
import { defaultRestock, QUEUE_TABS } from '../utils/merchant';

/** The longest rejection note the page takes. */
export const NOTE_MAX = 100;

export interface QueueCard {
  id: string;
  orderId: string;
  displayNo: string;
  status: AfterSaleStatus;
  statusText: string;
  buyerName: string;
  buyerPhone: string;
  lines: Array<{ skuId: string; title: string; specText: string; image: string; qty: number; amount: number }>;
  itemCount: number;
  amount: number;
  shippingRefund: number;
  reasonText: string;
  description: string;
  images: string[];
  createdText: string;
  /** "买家申请时：待发货" - whether the goods had left the shop. */
  shippedBefore: boolean;
  /** The merchant's note (rejected) or why the refund failed (the last timeline note). */
  note: string;
  restock: boolean;
  canReview: boolean;
  canRetry: boolean;
}

export function toQueueCard(a: MerchantAfterSale): QueueCard {
  const lastNote = [...a.timeline].reverse().find((e) => e.note)?.note ?? '';
  return {
    id: a.id,
    orderId: a.orderId,
    displayNo: displayOrderNo(a.orderNo),
    status: a.status,
    statusText: MERCHANT_AFTER_SALE_STATUS_TEXT[a.status] ?? a.status,
    buyerName: a.buyer.name || '微信用户',
    buyerPhone: a.buyer.phone,
    lines: a.lines.map((l) => ({ skuId: l.skuId, title: l.title, specText: l.specText, image: l.image, qty: l.qty, amount: l.amount })),
    itemCount: a.lines.reduce((n, l) => n + l.qty, 0),
    amount: a.amount,
    shippingRefund: a.shippingRefund,
    reasonText: REFUND_REASON_TEXT[a.reason] ?? '其他',
    description: a.description,
    images: a.images,
    createdText: formatDateTime(a.createdAt),
    shippedBefore: !defaultRestock(a.orderStatus),
    note: a.status === 'rejected' ? a.note ?? lastNote : a.status === 'failed' ? lastNote : '',
    restock: a.restock,
    canReview: a.status === 'requested',
    canRetry: a.status === 'failed',
  };
}

export class AfterSaleQueueStore extends PagedList<MerchantAfterSale> {
  tab = 0;
  /** The after-sale an answer is running on. */
  acting: string | null = null;

  constructor() {
    super((a) => a.id, 'merchant');
    makeObservable<AfterSaleQueueStore, 'setActing' | 'answered'>(this, {
      tab: observable,
      acting: observable,
      reset: action,
      setActing: action,
      answered: action,
    });
  }

  get statuses(): readonly AfterSaleStatus[] {
    return (QUEUE_TABS[this.tab] ?? QUEUE_TABS[0]).statuses;
  }

  /** The after-sales of tab `index` from the first page. */
  reset(index: number): Promise<void> {
    this.startOver();
    this.tab = QUEUE_TABS[index] ? index : 0;
    return this.loadFirst();
  }

  /** 同意退款: WeChat Pay is asked to refund; the answer is refunding (or failed, with the reason). */
  approve(id: string, restock: boolean): Promise<ActionResult & { status?: AfterSaleStatus }> {
    return this.answer(id, 'requested', () => approveRefund(id, restock));
  }

  /** 拒绝: the reason is required (the shopper reads it). */
  reject(id: string, note: string): Promise<ActionResult & { status?: AfterSaleStatus }> {
    const text = note.trim();
    if (!text) return Promise.resolve(refusal('请填写拒绝原因'));
    if (text.length > NOTE_MAX) return Promise.resolve(refusal(`拒绝原因最多 ${NOTE_MAX} 字`));
    return this.answer(id, 'requested', () => rejectRefund(id, text));
  }

  /** 重新退款: a failed refund asked again. */
  retryRefund(id: string): Promise<ActionResult & { status?: AfterSaleStatus }> {
    return this.answer(id, 'failed', () => retryRefund(id));
  }

  private async answer(id: string, from: AfterSaleStatus, run: () => Promise<MerchantAfterSale>): Promise<ActionResult & { status?: AfterSaleStatus }> {
    if (this.acting) return refusal('正在处理，请稍候');
    const current = this.items.find((a) => a.id === id);
    if (current && current.status !== from) return refusal('该售后单状态已变化，请刷新');
    this.setActing(id);
    try {
      const next = await run();
      this.answered(next);
      return { ok: true, status: next.status };
    } catch (err) {
      // Answered elsewhere (another device, the buyer withdrew): the list as it is now.
      void this.refresh();
      return failure(err, 'merchant', '操作失败，请稍后重试');
    } finally {
      this.setActing(null);
    }
  }

  private setActing(id: string | null): void {
    this.acting = id;
  }

  private answered(next: MerchantAfterSale): void {
    this.changedFrom = 0;
    this.items = this.statuses.includes(next.status) ? this.items.map((a) => (a.id === next.id ? next : a)) : this.items.filter((a) => a.id !== next.id);
  }

  protected fetchPage(cursor: string | null): Promise<Page<MerchantAfterSale>> {
    const status = this.statuses.length === 1 ? this.statuses[0] : [...this.statuses];
    return listQueue(cursor ? { status, cursor } : { status });
  }
}

export const afterSaleQueue = new AfterSaleQueueStore();
