/**
 * One refund request: the order, which of its lines (and how many of each) the shopper wants refunded, the server's
 * figure for that (`order.refundQuote`, asked again on every change of the selection; the client never computes
 * money), the reason, an optional description and pictures, and submitting (`order.requestRefund`).
 *
 * The steppers are bounded by what the first quote says is still refundable per line. Everything refundable chosen
 * in full is "the whole order": quote and request then go without `lines`, as the API defines it.
 *
 * requestRefund carries no idempotency key; one open after-sale per order is the server's rule, so a retry after a
 * lost answer meets CONFLICT, and the store then finds the open after-sale on the order and hands its id to the page.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { AfterSale, OrderDetail, RefundLineInput, RefundQuote, RefundReason, RefundRequestPayload } from '../../../../typings/api';
import { isApiCallError } from '../../../services/api';
import { REFUND_REASON_TEXT } from '../../../utils/aftersale';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import type { ActionFailure } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { getOrderForRefund, quoteRefund, requestRefund, uploadRefundImage } from '../services/aftersale';

/** The longest description the server takes. */
export const DESCRIPTION_MAX = 200;
/** The most pictures a request takes (REFUND_MAX_IMAGES of typings/api.ts). */
export const IMAGES_MAX = 6;

export interface ApplyLineView {
  skuId: string;
  title: string;
  image: string;
  specText: string;
  unitPrice: number;
  /** Bought. */
  qty: number;
  refundedQty: number;
  /** Still refundable (the stepper's max); 0: nothing left on this line. */
  max: number;
  checked: boolean;
  /** Units chosen (1..max). */
  chosen: number;
}

interface Pick {
  checked: boolean;
  qty: number;
}

export type SubmitRefundResult = ActionFailure | { ok: true; afterSale: AfterSale };
/** A refusal that found the after-sale already open on the order (the page opens it). */
export type SubmitRefundFailure = ActionFailure & { afterSaleId?: string };

/** The reasons in the order the sheet lists them, with their words. */
export const REASON_OPTIONS: ReadonlyArray<{ reason: RefundReason; name: string }> = (Object.keys(REFUND_REASON_TEXT) as RefundReason[]).map((reason) => ({
  reason,
  name: REFUND_REASON_TEXT[reason],
}));

export class RefundApplyStore {
  orderId = '';
  order: OrderDetail | null = null;
  loading = false;
  error: UiError | null = null;
  /** skuId -> units still refundable (from the first quote). */
  refundable: Record<string, number> = {};
  picks: Record<string, Pick> = {};
  quote: RefundQuote | null = null;
  quoting = false;
  quoteError: UiError | null = null;
  reason: RefundReason | null = null;
  description = '';
  /** Cloud file ids of the pictures attached (real cloud only). */
  images: string[] = [];
  uploading = false;
  submitting = false;
  /** The after-sale this page created (a second submit is refused). */
  submitted: AfterSale | null = null;

  private generation = 0;

  constructor() {
    makeAutoObservable<this, 'generation'>(this, { generation: false });
  }

  get notFound(): boolean {
    return this.error?.code === 'NOT_FOUND';
  }

  /** The after-sale already open on the order: no new request, the page links to it. */
  get openAfterSale(): OrderDetail['afterSale'] {
    return this.order?.afterSale ?? null;
  }

  /** Why the order takes no request now ('' when it does). */
  get unavailable(): string {
    const o = this.order;
    if (!o || o.afterSale) return '';
    if (!o.refundable) return o.status === 'refunded' ? '该订单已全部退款' : '该订单当前不支持退款';
    return '';
  }

  get ready(): boolean {
    return !!this.order && !this.openAfterSale && !this.unavailable && !this.error;
  }

  get lines(): ApplyLineView[] {
    return (this.order?.lines ?? []).map((l) => {
      const max = this.refundable[l.skuId] ?? 0;
      const pick = this.picks[l.skuId];
      return {
        skuId: l.skuId,
        title: l.title,
        image: l.image,
        specText: l.specText,
        unitPrice: l.unitPrice,
        qty: l.qty,
        refundedQty: l.refundedQty ?? 0,
        max,
        checked: max > 0 && !!pick?.checked,
        chosen: pick ? pick.qty : max,
      };
    });
  }

  private get enabledSkus(): string[] {
    return Object.keys(this.refundable).filter((sku) => this.refundable[sku] > 0);
  }

  get allChecked(): boolean {
    const skus = this.enabledSkus;
    return skus.length > 0 && skus.every((sku) => this.picks[sku]?.checked);
  }

  /** Every refundable unit chosen: the request is the whole order (no `lines`). */
  get wholeOrder(): boolean {
    return this.allChecked && this.enabledSkus.every((sku) => this.picks[sku].qty === this.refundable[sku]);
  }

  get selectedLines(): RefundLineInput[] {
    return this.enabledSkus.filter((sku) => this.picks[sku]?.checked).map((sku) => ({ skuId: sku, qty: this.picks[sku].qty }));
  }

  get selectedUnits(): number {
    return this.selectedLines.reduce((n, l) => n + l.qty, 0);
  }

  /** The server's refund for the selection (0 when nothing is chosen). */
  get amount(): number {
    return this.selectedLines.length ? this.quote?.amount ?? 0 : 0;
  }

  get shippingRefund(): number {
    return this.selectedLines.length ? this.quote?.shippingRefund ?? 0 : 0;
  }

  /** The pictures for van-uploader's file-list (a cloud file id is an image src in WeChat). */
  get imageFiles(): Array<{ url: string }> {
    return this.images.map((url) => ({ url }));
  }

  get reasonText(): string {
    return this.reason ? REFUND_REASON_TEXT[this.reason] : '';
  }

  /** A current quote for a non-empty selection and nothing in flight (the reason is checked on submit, with a word). */
  get canSubmit(): boolean {
    return this.ready && this.selectedLines.length > 0 && this.quote !== null && !this.quoting && !this.quoteError && !this.submitting && !this.uploading && !this.submitted;
  }

  async load(orderId: string): Promise<void> {
    this.begin(orderId);
    try {
      const order = await getOrderForRefund(orderId);
      if (orderId !== this.orderId) return;
      if (order.afterSale || !order.refundable) return this.receiveOrder(orderId, order, null);
      this.receiveOrder(orderId, order, await quoteRefund(orderId));
    } catch (err) {
      this.fail(orderId, err);
    }
  }

  toggleLine(skuId: string, checked?: boolean): Promise<void> {
    const max = this.refundable[skuId] ?? 0;
    if (max <= 0) return Promise.resolve();
    const pick = this.picks[skuId] ?? { checked: false, qty: max };
    this.picks = { ...this.picks, [skuId]: { checked: checked ?? !pick.checked, qty: pick.qty } };
    return this.requote();
  }

  toggleAll(): Promise<void> {
    const check = !this.allChecked;
    const picks: Record<string, Pick> = {};
    for (const sku of this.enabledSkus) picks[sku] = { checked: check, qty: check ? this.refundable[sku] : this.picks[sku]?.qty ?? this.refundable[sku] };
    this.picks = picks;
    return this.requote();
  }

  setQty(skuId: string, qty: number): Promise<void> {
    const max = this.refundable[skuId] ?? 0;
    const n = Math.min(max, Math.max(1, Math.floor(Number(qty) || 1)));
    const pick = this.picks[skuId];
    if (max <= 0 || (pick && pick.qty === n && pick.checked)) return Promise.resolve();
    this.picks = { ...this.picks, [skuId]: { checked: true, qty: n } };
    return this.requote();
  }

  chooseReason(reason: RefundReason): void {
    if (reason in REFUND_REASON_TEXT) this.reason = reason;
  }

  setDescription(text: string): void {
    this.description = String(text ?? '').slice(0, DESCRIPTION_MAX);
  }

  /** The server's figure for the current selection; an older answer arriving late is dropped. */
  requote(): Promise<void> {
    const generation = ++this.generation;
    if (!this.order || this.selectedLines.length === 0) {
      this.quoting = false;
      this.quoteError = null;
      return Promise.resolve();
    }
    this.quoting = true;
    this.quoteError = null;
    return quoteRefund(this.orderId, this.wholeOrder ? undefined : this.selectedLines).then(
      (quote) => this.receiveQuote(generation, quote),
      (err: unknown) => this.failQuote(generation, err),
    );
  }

  /** Uploads pictures chosen with wx.chooseMedia (real cloud only), up to IMAGES_MAX in all. */
  async addImages(paths: string[]): Promise<{ ok: true } | ActionFailure> {
    if (this.uploading) return refusal('图片上传中，请稍候');
    const room = IMAGES_MAX - this.images.length;
    if (room <= 0) return refusal(`最多上传 ${IMAGES_MAX} 张图片`);
    this.setUploading(true);
    try {
      for (const path of paths.slice(0, room)) this.addImage(await uploadRefundImage(this.orderId, path));
      return { ok: true };
    } catch (err) {
      return failure(err, 'aftersale', '图片上传失败，请重试');
    } finally {
      this.setUploading(false);
    }
  }

  removeImage(index: number): void {
    this.images = this.images.filter((_, i) => i !== index);
  }

  async submit(): Promise<SubmitRefundResult | SubmitRefundFailure> {
    if (this.submitting) return refusal('正在提交，请稍候');
    if (this.submitted) return refusal('申请已提交');
    if (!this.ready) return refusal(this.unavailable || '订单信息加载中，请稍候');
    if (this.selectedLines.length === 0) return refusal('请选择要退款的商品');
    if (!this.reason) return refusal('请选择退款原因');
    if (this.uploading) return refusal('图片上传中，请稍候');
    if (this.quoting || !this.quote || this.quoteError) return refusal('正在计算退款金额，请稍候');
    const payload: RefundRequestPayload = { orderId: this.orderId, reason: this.reason };
    if (!this.wholeOrder) payload.lines = this.selectedLines;
    const description = this.description.trim();
    if (description) payload.description = description;
    if (this.images.length) payload.images = this.images.slice();
    this.setSubmitting(true);
    try {
      const afterSale = await requestRefund(payload);
      this.done(afterSale);
      return { ok: true, afterSale };
    } catch (err) {
      this.setSubmitting(false);
      return this.refused(err);
    }
  }

  private async refused(err: unknown): Promise<SubmitRefundFailure> {
    const result: SubmitRefundFailure = failure(err, 'aftersale', '提交失败，请稍后重试');
    if (isApiCallError(err, 'CONFLICT') || isApiCallError(err, 'REFUND_NOT_ALLOWED') || isApiCallError(err, 'REFUND_QTY_EXCEEDED')) {
      // The order moved on (an after-sale opened elsewhere or by a lost answer, a refund completed, the window closed).
      try {
        const order = await getOrderForRefund(this.orderId);
        if (order.afterSale) {
          result.afterSaleId = order.afterSale.id;
          result.message = '该订单已有售后申请在处理中';
        }
        await this.load(this.orderId);
      } catch {
        // keep the first refusal's words
      }
    }
    return result;
  }

  private begin(orderId: string): void {
    this.generation += 1;
    this.orderId = orderId;
    this.order = null;
    this.refundable = {};
    this.picks = {};
    this.quote = null;
    this.quoting = false;
    this.quoteError = null;
    this.error = null;
    this.loading = true;
    this.submitted = null;
  }

  private receiveOrder(orderId: string, order: OrderDetail, quote: RefundQuote | null): void {
    if (orderId !== this.orderId) return;
    this.order = order;
    const refundable: Record<string, number> = {};
    const picks: Record<string, Pick> = {};
    for (const r of quote?.refundable ?? []) {
      refundable[r.skuId] = r.qty;
      if (r.qty > 0) picks[r.skuId] = { checked: true, qty: r.qty };
    }
    this.refundable = refundable;
    this.picks = picks;
    this.quote = quote;
    this.loading = false;
  }

  private fail(orderId: string, err: unknown): void {
    if (orderId !== this.orderId) return;
    this.error = toUiError(err, 'aftersale');
    this.loading = false;
  }

  private receiveQuote(generation: number, quote: RefundQuote): void {
    if (generation !== this.generation) return;
    this.quote = quote;
    this.quoting = false;
  }

  private failQuote(generation: number, err: unknown): void {
    if (generation !== this.generation) return;
    this.quoting = false;
    this.quoteError = toUiError(err, 'aftersale');
  }

  private addImage(fileId: string): void {
    this.images = [...this.images, fileId];
  }

  private setUploading(value: boolean): void {
    this.uploading = value;
  }

  private setSubmitting(value: boolean): void {
    this.submitting = value;
  }

  private done(afterSale: AfterSale): void {
    this.submitted = afterSale;
    this.submitting = false;
  }
}
