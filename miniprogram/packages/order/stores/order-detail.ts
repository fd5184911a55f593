/**
 * One order on screen (the detail page and the payment result page each make their own): the order, a ticking
 * `now` for the pay-by countdown, and the shopper's actions on it (pay, cancel, confirm receipt).
 * `now` is the server's time as the server clock estimates it (../services/server-clock.ts), not the phone's alone:
 * the order closes when the server's clock passes payDeadline.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { OrderDetail } from '../../../../typings/api';
import { isApiCallError } from '../../../services/api';
import { cancelOrder, confirmReceipt, getOrder } from '../services/order';
import type { PaymentReport } from '../services/pay';
import { payAndConfirm } from '../services/pay';
import type { ServerClock } from '../services/server-clock';
import { serverClock } from '../services/server-clock';
import { fullAddress } from '../../../utils/address';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import { AFTER_SALE_STATUS_TEXT, refundEntryText } from '../../../utils/aftersale';
import { displayOrderNo, ORDER_STATUS_HINT, ORDER_STATUS_TEXT, TIMELINE_TEXT } from '../../../utils/order';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { formatCountdown, formatDateTime } from '../../../utils/time';

export type OrderAction = 'pay' | 'cancel' | 'confirm';

export interface TimelineStep {
  text: string;
  desc: string;
}

export type PayResult = ActionResult & { paid?: boolean; cancelled?: boolean };

export class OrderDetailStore {
  orderId = '';
  detail: OrderDetail | null = null;
  loading = false;
  error: UiError | null = null;
  /** The server's time the countdown reads; `tick` moves it. */
  now: number;
  /** The action in flight. */
  acting: OrderAction | null = null;

  private timer: ReturnType<typeof setInterval> | null = null;
  private expiredReload = false;

  constructor(private readonly clock: ServerClock = serverClock) {
    this.now = clock.now();
    makeAutoObservable<this, 'timer' | 'expiredReload' | 'clock'>(this, { timer: false, expiredReload: false, clock: false });
  }

  get notFound(): boolean {
    return this.error?.code === 'NOT_FOUND';
  }

  get statusText(): string {
    return this.detail ? ORDER_STATUS_TEXT[this.detail.status] ?? this.detail.status : '';
  }

  get statusHint(): string {
    const d = this.detail;
    if (!d) return '';
    if (d.status === 'cancelled' && d.cancelReason) return d.cancelReason;
    if (d.status === 'pending_payment' && this.expired) return '支付已超时，订单即将关闭';
    return ORDER_STATUS_HINT[d.status] ?? '';
  }

  get pending(): boolean {
    return this.detail?.status === 'pending_payment';
  }

  /** Milliseconds left to pay (0 when not pending or past the deadline). */
  get remainingMs(): number {
    const d = this.detail;
    if (!d || d.status !== 'pending_payment' || d.payDeadline === null) return 0;
    return Math.max(0, d.payDeadline - this.now);
  }

  get expired(): boolean {
    const d = this.detail;
    return !!d && d.status === 'pending_payment' && d.payDeadline !== null && this.remainingMs === 0;
  }

  get showCountdown(): boolean {
    return this.pending && !this.expired && this.detail?.payDeadline !== null;
  }

  /** "29:59". */
  get countdownText(): string {
    return formatCountdown(this.remainingMs);
  }

  get canPay(): boolean {
    return this.pending && !this.expired;
  }

  get canCancel(): boolean {
    return this.pending;
  }

  get canConfirm(): boolean {
    return this.detail?.status === 'shipped';
  }

  /** 申请退款 (paid) / 申请售后 (shipped, completed) while the server says a refund may be asked for; '' otherwise. */
  get refundText(): string {
    const d = this.detail;
    if (!d || !d.refundable || d.afterSale) return '';
    return refundEntryText(d.status);
  }

  get canRefund(): boolean {
    return this.refundText !== '';
  }

  /** The after-sale in progress on this order ("待商家处理 ¥12.00 查看进度"), or null. */
  get afterSaleRow(): { id: string; statusText: string; amount: number } | null {
    const a = this.detail?.afterSale;
    return a ? { id: a.id, statusText: AFTER_SALE_STATUS_TEXT[a.status] ?? a.status, amount: a.amount } : null;
  }

  /** "2026-11-27 10:00": until when a received order takes a refund request ('' when no deadline applies). */
  get refundUntilText(): string {
    const d = this.detail;
    return d && d.refundable && d.refundableUntil !== null ? formatDateTime(d.refundableUntil) : '';
  }

  /** Any action in the bottom bar. */
  get hasActions(): boolean {
    return this.canPay || this.canCancel || this.canConfirm || this.canRefund;
  }

  get paid(): boolean {
    const s = this.detail?.status;
    return s === 'paid' || s === 'shipped' || s === 'completed';
  }

  get addressText(): string {
    return this.detail ? fullAddress(this.detail.address) : '';
  }

  /** The timeline, newest first, for van-steps. */
  get steps(): TimelineStep[] {
    const entries = this.detail?.timeline ?? [];
    return entries
      .slice()
      .reverse()
      .map((e) => ({ text: e.note ? `${TIMELINE_TEXT[e.status] ?? e.status}（${e.note}）` : TIMELINE_TEXT[e.status] ?? e.status, desc: formatDateTime(e.at) }));
  }

  /** The number to read out to customer service. */
  get displayNo(): string {
    return this.detail ? displayOrderNo(this.detail.orderNo) : '';
  }

  get createdText(): string {
    return this.detail ? formatDateTime(this.detail.createdAt) : '';
  }

  get paidText(): string {
    return this.detail?.paidAt ? formatDateTime(this.detail.paidAt) : '';
  }

  get shippedText(): string {
    return this.detail?.shipment ? formatDateTime(this.detail.shipment.shippedAt) : '';
  }

  async load(orderId: string): Promise<void> {
    this.begin(orderId);
    // The server's time where the backend tells it (the local cloud); the countdown follows on the next tick.
    void this.clock.sync().then((learnt) => learnt && this.tick());
    try {
      this.receive(orderId, await getOrder(orderId));
    } catch (err) {
      this.fail(orderId, err);
    }
  }

  /** The order again, keeping the current one on screen. */
  async reload(): Promise<void> {
    const id = this.orderId;
    if (!id) return;
    try {
      this.receive(id, await getOrder(id));
    } catch (err) {
      if (!this.detail) this.fail(id, err);
    }
  }

  /** Moves the countdown clock (the server's time); at the deadline the order is read again once (the server closes it). */
  tick(now: number = this.clock.now()): void {
    this.now = now;
    if (this.expired && !this.expiredReload) {
      this.expiredReload = true;
      void this.reload();
    }
  }

  startTicking(intervalMs = 1000): void {
    this.stopTicking();
    this.tick();
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  stopTicking(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** 去支付: prepay, pay, and read the order until the payment shows. */
  async pay(): Promise<PayResult> {
    if (this.acting) return refusal('正在处理，请稍候');
    if (!this.canPay) return refusal(this.expired ? '订单已超时' : '订单当前不能支付');
    this.setActing('pay');
    let report: PaymentReport;
    try {
      report = await payAndConfirm(this.orderId);
    } catch (err) {
      this.setActing(null);
      void this.reload();
      return failure(err, 'payment', '支付失败，请稍后重试');
    }
    this.setActing(null);
    if (report.detail) this.receive(this.orderId, report.detail);
    if (report.cancelled) return { ok: true, paid: false, cancelled: true };
    return { ok: true, paid: report.paid };
  }

  cancel(): Promise<ActionResult> {
    if (!this.canCancel) return Promise.resolve(refusal('订单当前不能取消'));
    return this.transition('cancel', () => cancelOrder(this.orderId));
  }

  confirmReceipt(): Promise<ActionResult> {
    if (!this.canConfirm) return Promise.resolve(refusal('订单当前不能确认收货'));
    return this.transition('confirm', () => confirmReceipt(this.orderId));
  }

  private async transition(action: OrderAction, run: () => Promise<OrderDetail>): Promise<ActionResult> {
    if (this.acting) return refusal('正在处理，请稍候');
    this.setActing(action);
    try {
      const detail = await run();
      this.setActing(null);
      this.receive(this.orderId, detail);
      return { ok: true };
    } catch (err) {
      this.setActing(null);
      // CONFLICT: the order moved on (paid, closed by the timeout job): show what it is now.
      if (isApiCallError(err, 'CONFLICT')) void this.reload();
      return failure(err, 'order');
    }
  }

  private setActing(action: OrderAction | null): void {
    this.acting = action;
  }

  private begin(orderId: string): void {
    this.orderId = orderId;
    this.detail = null;
    this.error = null;
    this.loading = true;
    this.expiredReload = false;
  }

  private receive(orderId: string, detail: OrderDetail): void {
    if (orderId !== this.orderId) return;
    this.detail = detail;
    this.loading = false;
    this.error = null;
  }

  private fail(orderId: string, err: unknown): void {
    if (orderId !== this.orderId) return;
    this.error = toUiError(err, 'order');
    this.loading = false;
  }
}
