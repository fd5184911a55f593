/**
 * One after-sale on screen (the detail page makes its own): status header words, the refund, the lines, the reason,
 * the timeline, and the shopper's one action on it, 撤销申请 while the merchant has not answered.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { AfterSale } from '../../../../typings/api';
import { isApiCallError } from '../../../services/api';
import { AFTER_SALE_STATUS_HINT, AFTER_SALE_STATUS_TEXT, AFTER_SALE_TIMELINE_TEXT, REFUND_REASON_TEXT } from '../../../utils/aftersale';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import { displayOrderNo } from '../../../utils/order';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { formatDateTime } from '../../../utils/time';
import { cancelRefund, getAfterSale } from '../services/aftersale';

export interface AfterSaleStep {
  text: string;
  desc: string;
}

/** The timeline, newest first, for van-steps: the step's title with the server's note ("商家拒绝退款（商品已使用）"). */
export function afterSaleSteps(a: AfterSale): AfterSaleStep[] {
  return a.timeline
    .slice()
    .reverse()
    .map((e) => {
      const title = AFTER_SALE_TIMELINE_TEXT[e.status] ?? e.status;
      const text = e.note ? `${title}（${e.note}）` : title;
      return { text, desc: formatDateTime(e.at) };
    });
}

/** The header's second line: the merchant's reason for a rejection, else the status's own line. */
export function afterSaleHint(a: AfterSale): string {
  if (a.status === 'rejected' && a.note) return `拒绝原因：${a.note}`;
  if (a.status === 'refunded' && a.refundedAt) return `${AFTER_SALE_STATUS_HINT.refunded}（${formatDateTime(a.refundedAt)}）`;
  return AFTER_SALE_STATUS_HINT[a.status] ?? '';
}

export class AfterSaleDetailStore {
  id = '';
  afterSale: AfterSale | null = null;
  loading = false;
  error: UiError | null = null;
  cancelling = false;

  constructor() {
    makeAutoObservable(this);
  }

  get notFound(): boolean {
    return this.error?.code === 'NOT_FOUND';
  }

  get statusText(): string {
    return this.afterSale ? AFTER_SALE_STATUS_TEXT[this.afterSale.status] ?? this.afterSale.status : '';
  }

  get statusHint(): string {
    return this.afterSale ? afterSaleHint(this.afterSale) : '';
  }

  get reasonText(): string {
    return this.afterSale ? REFUND_REASON_TEXT[this.afterSale.reason] ?? '其他' : '';
  }

  get steps(): AfterSaleStep[] {
    return this.afterSale ? afterSaleSteps(this.afterSale) : [];
  }

  get createdText(): string {
    return this.afterSale ? formatDateTime(this.afterSale.createdAt) : '';
  }

  get refundedText(): string {
    return this.afterSale?.refundedAt ? formatDateTime(this.afterSale.refundedAt) : '';
  }

  get displayOrderNo(): string {
    return this.afterSale ? displayOrderNo(this.afterSale.orderNo) : '';
  }

  get itemCount(): number {
    return (this.afterSale?.lines ?? []).reduce((n, l) => n + l.qty, 0);
  }

  get canCancel(): boolean {
    return this.afterSale?.status === 'requested';
  }

  async load(id: string): Promise<void> {
    this.begin(id);
    try {
      this.receive(id, await getAfterSale(id));
    } catch (err) {
      this.fail(id, err);
    }
  }

  /** The after-sale again, keeping the current one on screen (pull-down, back on the page). */
  async reload(): Promise<void> {
    const id = this.id;
    if (!id) return;
    try {
      this.receive(id, await getAfterSale(id));
    } catch (err) {
      if (!this.afterSale) this.fail(id, err);
    }
  }

  /** 撤销申请 (the page asks first). */
  async cancel(): Promise<ActionResult> {
    if (this.cancelling) return refusal('正在处理，请稍候');
    if (!this.canCancel) return refusal('商家已处理，无法撤销');
    this.setCancelling(true);
    try {
      const next = await cancelRefund(this.id);
      this.setCancelling(false);
      this.receive(this.id, next);
      return next.status === 'cancelled' ? { ok: true } : refusal('商家已处理，无法撤销');
    } catch (err) {
      this.setCancelling(false);
      // The merchant answered meanwhile: show what it is now.
      if (isApiCallError(err, 'CONFLICT')) void this.reload();
      return failure(err, 'aftersale');
    }
  }

  private setCancelling(value: boolean): void {
    this.cancelling = value;
  }

  private begin(id: string): void {
    this.id = id;
    this.afterSale = null;
    this.error = null;
    this.loading = true;
  }

  private receive(id: string, afterSale: AfterSale): void {
    if (id !== this.id) return;
    this.afterSale = afterSale;
    this.loading = false;
    this.error = null;
  }

  private fail(id: string, err: unknown): void {
    if (id !== this.id) return;
    this.error = toUiError(err, 'aftersale');
    this.loading = false;
  }
}
