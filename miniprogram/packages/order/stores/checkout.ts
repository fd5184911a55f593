/**
 * One checkout: the items, the server's quote for them, the shopper's coupon / address / remark choices, and
 * submitting (create -> prepay -> pay). The quote is always the server's: every choice asks for a new quote, and
 * the order is created with the payable on screen (`expectedPayable`): when the server prices it differently it
 * refuses with PRICE_CHANGED and the new quote, which replaces the figures on screen; nothing is ordered until the
 * shopper submits again.
 *
 * Idempotency: a submit attempt carries a requestId. It is kept after a failure that may not have reached the
 * server (network, internal error, BUSY after services/api.ts already asked again once) so the retry cannot
 * create a second order, and dropped whenever what would be ordered changes (coupon, address, remark, a new
 * price) or after the server refused the order.
 *
 * An order takes at most ORDER_MAX_LINES SKUs: more items than that start a checkout of the first ones, and
 * `leftOutNotice` says which did not go in.
 *
 * Live rooms: a checkout started within LIVE_ENTRY_TTL_MS of coming from a live room (stores/live.ts), or for a
 * room named by the page, carries `live: {roomId}` in its quotes and in order.create; the server prices the room's
 * live goods at their live price while the room is live (`quote.live`: which lines, what it saved, or why not).
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { Address, CreateOrderPayload, LiveRef, OrderItemInput, Quote, QuoteCoupon, QuotePayload } from '../../../../typings/api';
import { isApiCallError } from '../../../services/api';
import { cartStore } from '../../../stores/cart';
import { liveEntry } from '../../../stores/live';
import type { UiError } from '../../../utils/errors';
import { fullAddress } from '../../../utils/address';
import { toUiError } from '../../../utils/errors';
import { ORDER_MAX_LINES } from '../../../utils/limits';
import { newRequestId, splitForOrder } from '../../../utils/order';
import type { ActionFailure } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { createOrder, quoteOrder } from '../services/order';
import { payAndConfirm } from '../services/pay';

/** Which coupon the shopper wants: the server's best, none, or one of theirs. */
export type CouponChoice = { kind: 'best' } | { kind: 'none' } | { kind: 'id'; id: string };

export type SubmitResult =
  | ActionFailure
  | {
      ok: true;
      orderId: string;
      /** The order is paid. */
      paid: boolean;
      /** Set when the order exists but paying did not go through (shown on the result page). */
      message?: string;
    };

/** A coupon in the checkout's coupon list (QuoteCoupon with its id on top, for list keys and taps). */
export interface CouponOption extends QuoteCoupon {
  id: string;
}

/** A line as the checkout shows it (what the view needs of an OrderLine). */
export interface CheckoutLineView {
  skuId: string;
  title: string;
  image: string;
  specText: string;
  unitPrice: number;
  qty: number;
  /** At a live price: the normal unit price it replaced (struck through); null otherwise. */
  listPrice: number | null;
}

/** The figures of the quote on screen, in fen. */
export interface CheckoutTotals {
  subtotal: number;
  shipping: number;
  discount: number;
  payable: number;
}

const option = (c: QuoteCoupon): CouponOption => ({ ...c, id: c.coupon.id });

/** Errors after which the same attempt must not be retried with the same requestId (the server said no). */
const REFUSALS = new Set(['INVALID_INPUT', 'NOT_FOUND', 'OUT_OF_STOCK', 'COUPON_UNAVAILABLE', 'FORBIDDEN']);

export class CheckoutStore {
  items: OrderItemInput[] = [];
  /** Items beyond ORDER_MAX_LINES that this checkout does not order. */
  leftOut: OrderItemInput[] = [];
  /** The items came from the cart (their lines leave the cart once ordered). */
  fromCart = false;
  quote: Quote | null = null;
  couponChoice: CouponChoice = { kind: 'best' };
  /** The address chosen on this checkout; null = the shopper's default (the quote says which). */
  addressId: string | null = null;
  remark = '';
  /** A quote request is in flight. */
  quoting = false;
  error: UiError | null = null;
  submitting = false;
  requestId: string | null = null;
  /** The live room this checkout comes from (its quotes and the order carry it), or null. */
  live: LiveRef | null = null;

  private generation = 0;

  constructor() {
    makeAutoObservable<this, 'generation'>(this, { generation: false });
  }

  get hasQuote(): boolean {
    return this.quote !== null;
  }

  get totals(): CheckoutTotals | null {
    const q = this.quote;
    return q ? { subtotal: q.subtotal, shipping: q.shipping, discount: q.discount, payable: q.payable } : null;
  }

  get address(): Address | null {
    return this.quote?.address ?? null;
  }

  /** "上海市浦东新区世纪大道 1 号" (a municipality once). */
  get addressText(): string {
    return this.address ? fullAddress(this.address) : '';
  }

  get lines(): CheckoutLineView[] {
    return (this.quote?.lines ?? []).map((l) => ({
      skuId: l.skuId,
      title: l.title,
      image: l.image,
      specText: l.specText,
      unitPrice: l.unitPrice,
      qty: l.qty,
      listPrice: typeof l.listPrice === 'number' && l.listPrice > l.unitPrice ? l.listPrice : null,
    }));
  }

  /** Fen the live prices took off ("直播价已省 ¥x"); 0 when no line is at a live price. */
  get liveSaved(): number {
    const live = this.quote?.live;
    return live && live.skuIds.length > 0 ? live.saved : 0;
  }

  /** Why a checkout from a room gets no live price, when the shopper should know: the live has ended. */
  get liveNotice(): string {
    const live = this.quote?.live;
    return live && live.skuIds.length === 0 && live.reason === 'NOT_LIVE' ? '直播已结束，已按原价计算' : '';
  }

  get itemCount(): number {
    return (this.quote?.lines ?? []).reduce((n, l) => n + l.qty, 0);
  }

  /** What did not go into this order, or ''. Names come from the cart when the items did. */
  get leftOutNotice(): string {
    const n = this.leftOut.length;
    if (n === 0) return '';
    const names = this.leftOut
      .map((i) => cartStore.lines.find((l) => l.skuId === i.skuId)?.title)
      .filter((t): t is string => !!t);
    const where = this.fromCart ? '，仍保留在购物车中' : '';
    const list = names.length > 0 ? `：${names.slice(0, 3).join('、')}${n > 3 ? ' 等' : ''}` : '';
    return `一单最多 ${ORDER_MAX_LINES} 种商品，另有 ${n} 种未加入本单${where}${list}`;
  }

  get eligibleCoupons(): CouponOption[] {
    return (this.quote?.coupons ?? []).filter((c) => c.eligible).map(option);
  }

  get ineligibleCoupons(): CouponOption[] {
    return (this.quote?.coupons ?? []).filter((c) => !c.eligible).map(option);
  }

  /** Whether a coupon of the list can be chosen (eligible for these items). */
  isChoosable(id: string): boolean {
    return this.eligibleCoupons.some((c) => c.id === id);
  }

  /** The applied coupon's id (the server's decision), or null. */
  get appliedCouponId(): string | null {
    return this.quote?.couponId ?? null;
  }

  /** Right side of the 优惠券 cell when no coupon applies. */
  get couponHint(): string {
    if (this.appliedCouponId) return '';
    if (this.eligibleCoupons.length === 0) return '暂无可用';
    return this.couponChoice.kind === 'none' ? '不使用优惠券' : `${this.eligibleCoupons.length} 张可用`;
  }

  /** A quote on screen that is current (the last ask did not fail), with an address, and nothing in flight. */
  get canSubmit(): boolean {
    return this.quote !== null && this.error === null && this.address !== null && !this.quoting && !this.submitting;
  }

  /**
   * Starts a checkout of `items` (from the cart or 立即购买); beyond ORDER_MAX_LINES they are left out (leftOutNotice).
   * `roomId`: the live room it comes from; by default the room the shopper came from lately (stores/live.ts).
   */
  start(items: OrderItemInput[], fromCart: boolean, roomId: string | null = liveEntry.roomId()): Promise<void> {
    this.generation += 1;
    this.live = roomId ? { roomId } : null;
    const { kept, leftOut } = splitForOrder(items);
    this.items = kept;
    this.leftOut = leftOut;
    this.fromCart = fromCart;
    this.quote = null;
    this.couponChoice = { kind: 'best' };
    this.addressId = null;
    this.remark = '';
    this.error = null;
    this.submitting = false;
    this.requestId = null;
    if (this.items.length === 0) {
      this.error = { code: 'INVALID_INPUT', message: '没有要结算的商品' };
      return Promise.resolve();
    }
    return this.requote();
  }

  /** Asks the server for the quote of the current choices. An older answer arriving late is dropped. */
  requote(): Promise<void> {
    if (this.items.length === 0) return Promise.resolve();
    const generation = ++this.generation;
    const payload: QuotePayload = { items: this.items };
    if (this.couponChoice.kind === 'none') payload.couponId = null;
    else if (this.couponChoice.kind === 'id') payload.couponId = this.couponChoice.id;
    if (this.addressId) payload.addressId = this.addressId;
    if (this.live) payload.live = { ...this.live };
    this.quoting = true;
    return quoteOrder(payload).then(
      (quote) => this.receive(generation, quote),
      (err: unknown) => this.failQuote(generation, err),
    );
  }

  chooseCoupon(choice: CouponChoice): Promise<void> {
    this.couponChoice = choice;
    this.requestId = null;
    return this.requote();
  }

  chooseAddress(id: string): Promise<void> {
    this.addressId = id;
    this.requestId = null;
    return this.requote();
  }

  setRemark(text: string): void {
    if (text === this.remark) return;
    this.remark = text;
    this.requestId = null;
  }

  /** Creates the order for the quote on screen (at its payable), then pays it. */
  async submit(): Promise<SubmitResult> {
    const quote = this.quote;
    if (this.submitting) return refusal('正在提交，请稍候');
    if (!quote || this.error) return refusal(this.error?.message ?? '正在计算价格，请稍候');
    const address = quote.address;
    if (!address) return refusal('请先添加收货地址');
    this.beginSubmit();
    const requestId = this.requestId as string;
    let orderId: string;
    try {
      const payload: CreateOrderPayload = {
        items: this.items,
        couponId: quote.couponId,
        addressId: address.id,
        requestId,
        expectedPayable: quote.payable,
      };
      if (this.fromCart) payload.fromCart = true;
      if (this.live) payload.live = { ...this.live };
      const remark = this.remark.trim();
      if (remark) payload.remark = remark;
      const created = await createOrder(payload);
      orderId = created.orderId;
    } catch (err) {
      this.failSubmit(err);
      return failure(err, 'checkout', '下单失败，请稍后重试');
    }
    this.created();
    // The server took the ordered lines out of the cart; the badge and the cart tab follow.
    if (this.fromCart) void cartStore.load();
    try {
      const report = await payAndConfirm(orderId);
      this.endSubmit();
      if (report.paid) return { ok: true, orderId, paid: true };
      return { ok: true, orderId, paid: false, message: report.cancelled ? '支付已取消' : '支付结果确认中，请稍后查看订单' };
    } catch (err) {
      this.endSubmit();
      return { ok: true, orderId, paid: false, message: failure(err, 'payment', '支付未完成').message };
    }
  }

  private beginSubmit(): void {
    this.submitting = true;
    if (!this.requestId) this.requestId = newRequestId();
  }

  private created(): void {
    // This attempt is done: a later submit (after changing something) is a new order.
    this.requestId = null;
  }

  private endSubmit(): void {
    this.submitting = false;
  }

  private failSubmit(err: unknown): void {
    this.submitting = false;
    if (isApiCallError(err, 'PRICE_CHANGED')) {
      // A new price is a new intention: the next submit is a new attempt, at the price now on screen.
      this.requestId = null;
      if (err.quote) {
        // Newer than any quote still on its way.
        this.generation += 1;
        this.applyQuote(err.quote);
      } else {
        void this.requote();
      }
    } else if (isApiCallError(err) && REFUSALS.has(err.code)) {
      this.requestId = null;
      // Stock, coupon or address changed under the shopper: show the current quote.
      void this.requote();
    }
  }

  private receive(generation: number, quote: Quote): void {
    if (generation !== this.generation) return;
    this.applyQuote(quote);
  }

  private applyQuote(quote: Quote): void {
    this.quote = quote;
    this.quoting = false;
    this.error = null;
    // A chosen coupon the server no longer applies (taken by another order): fall back to what it applied.
    if (this.couponChoice.kind === 'id' && quote.couponId !== this.couponChoice.id) {
      this.couponChoice = quote.couponId ? { kind: 'id', id: quote.couponId } : { kind: 'none' };
    }
  }

  private failQuote(generation: number, err: unknown): void {
    if (generation !== this.generation) return;
    this.quoting = false;
    this.error = toUiError(err, 'checkout');
    // The chosen coupon or address went away: go back to the server's defaults once.
    if (isApiCallError(err, 'COUPON_UNAVAILABLE') && this.couponChoice.kind === 'id') {
      this.couponChoice = { kind: 'best' };
      void this.requote();
    } else if (isApiCallError(err, 'NOT_FOUND') && this.addressId && /地址/.test(err.message)) {
      this.addressId = null;
      void this.requote();
    }
  }
}

export const checkoutStore = new CheckoutStore();
