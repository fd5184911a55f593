/** Database document shapes (never sent to clients as they are). */
import type { AfterSaleStatus, AfterSaleTimelineEntry, CouponRule, OrderAddress, OrderStatus, RefundLine, RefundReason, UnappliedRefundStatus } from '../../typings/api';
import type { Doc } from '../ports/store';

export interface CategoryRecord extends Doc {
  name: string;
  parentId: string | null;
  icon: string | null;
  sort: number;
}

export interface ProductRecord extends Doc {
  categoryId: string;
  /** The category and its ancestors, root first: a category's feed is one indexed "array contains" query. */
  categoryPath: string[];
  title: string;
  subtitle: string;
  images: string[];
  description: string;
  /** Full-width pictures shown under the description (absent on documents written before them). */
  detailImages?: string[];
  onSale: boolean;
  sort: number;
  sales: number;
  /** Spec names in display order. */
  specNames: string[];
  priceMin: number;
  priceMax: number;
  originalPrice: number | null;
  /** Search tokens (domain/catalog searchTokens) over title, subtitle and category names. */
  keywords: string[];
  createdAt: number;
  updatedAt: number;
}

/**
 * A SKU is the sellable unit. Besides its own price and stock it carries a copy of what checkout needs from its
 * product (title, first image, on-sale flag, category path, spec order), so creating an order reads one collection
 * for its lines. Whoever changes those product fields updates the copies in the same use case
 * (`update('skus', {productId}, {set: ...})`).
 */
export interface SkuRecord extends Doc {
  productId: string;
  title: string;
  image: string;
  onSale: boolean;
  categoryPath: string[];
  specNames: string[];
  specs: Record<string, string>;
  price: number;
  originalPrice: number | null;
  stock: number;
  sort: number;
  /** The SKU's own picture (its colour...), shown by the spec picker; `image` is then this picture too. */
  specImage?: string | null;
}

export interface UserRecord extends Doc {
  /** _id is the openid */
  nickname: string;
  avatar: string | null;
  roles: string[];
  createdAt: number;
}

export interface SettingRecord extends Doc {
  value: unknown;
}

// ---------- commerce ----------

export interface CartLineRecord {
  skuId: string;
  qty: number;
  selected: boolean;
  /** Price when added, to flag price changes. */
  addedPrice: number;
  addedAt: number;
}

/** One cart per shopper (_id = openid). Every write is guarded on `version` (optimistic concurrency). */
export interface CartRecord extends Doc {
  lines: CartLineRecord[];
  version: number;
  updatedAt: number;
}

export interface AddressRecord extends Doc, OrderAddress {
  openid: string;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A coupon's rule as stored: the same fields the shopper sees (typings CouponRule). */
export type CouponRuleRecord = CouponRule;

export interface CouponTemplateRecord extends Doc, CouponRuleRecord {
  /** Fixed validity window, or validDays after the claim. */
  validFrom: number | null;
  validTo: number | null;
  validDays: number | null;
  /** How many may be claimed in all; `claimed` is its guarded counter. */
  total: number;
  claimed: number;
  perUserLimit: number;
  newUserOnly: boolean;
  /** Shown in the coupon center. */
  active: boolean;
  sort: number;
  createdAt: number;
}

/** Per shopper and template claim counter (_id = `${templateId}:${openid}`): the guard for perUserLimit. */
export interface CouponClaimRecord extends Doc {
  templateId: string;
  openid: string;
  count: number;
}

/** A coupon a shopper holds: a snapshot of the template's rule. unused -> locked (by an order) -> used; locked -> unused on cancel. */
export interface CouponRecord extends Doc, CouponRuleRecord {
  templateId: string;
  openid: string;
  status: 'unused' | 'locked' | 'used';
  validFrom: number;
  validTo: number;
  orderId: string | null;
  claimedAt: number;
  lockedAt: number | null;
  usedAt: number | null;
}

export interface OrderLineRecord {
  skuId: string;
  productId: string;
  categoryPath: string[];
  title: string;
  image: string;
  specs: Record<string, string>;
  specText: string;
  unitPrice: number;
  qty: number;
  amount: number;
  discount: number;
  payable: number;
  /** Units refunded so far (absent on orders written before refunds existed: 0). */
  refundedQty?: number;
}

export type OrderStatusValue = OrderStatus;

/** _id = orderNo (unguessable, <= 32 chars: it is WeChat Pay's outTradeNo). */
export interface OrderRecord extends Doc {
  orderNo: string;
  openid: string;
  requestId: string;
  status: OrderStatusValue;
  lines: OrderLineRecord[];
  itemCount: number;
  subtotal: number;
  discount: number;
  shipping: number;
  payable: number;
  couponId: string | null;
  couponName: string | null;
  address: OrderAddress;
  remark: string;
  timeline: Array<{ status: OrderStatusValue; at: number; note: string | null }>;
  createdAt: number;
  payDeadline: number;
  paidAt: number | null;
  transactionId: string | null;
  /** When a WeChat Pay order was first requested for it (prepay): from then on WeChat Pay may hold money for it. */
  prepaidAt: number | null;
  /**
   * When closing it started (cancel or timeout): the anchor of a close. Set before WeChat Pay is asked to close its
   * order; prepay refuses from then on; reconcile finishes a close left half way.
   */
  closingAt: number | null;
  shipment: { carrier: string; trackingNo: string; shippedAt: number } | null;
  /** shipment.shippedAt at the top level: what autoConfirmReceipt filters on. */
  shippedAt?: number | null;
  /** The after-sale in progress (at most one per order): the guard of requestRefund. */
  openAfterSaleId?: string | null;
  /** Fen refunded so far (refunded after-sales). */
  refundedAmount?: number;
  refundedAt?: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  completedAt: number | null;
  updatedAt: number;
}

export type PaymentOutcome = 'applied' | 'amount_mismatch' | 'unknown_order' | 'refund_required' | 'not_success';

/** Where the payment was learnt from: WeChat Pay's callback, or our own query (close / reconcile found it paid). */
export type PaymentSource = 'callback' | 'query';

/**
 * Every payment that carried money, for reconciliation. _id = transactionId for the applied one; transactionId:outcome
 * for the others (so a forged or garbled callback can never take the id of the real payment), outTradeNo:timeEnd
 * without a transaction id.
 */
export interface PaymentRecord extends Doc {
  outTradeNo: string;
  orderId: string | null;
  transactionId: string | null;
  totalFee: number | null;
  outcome: PaymentOutcome;
  /** refund_required and amount_mismatch need a person (or the refund flow of a later issue). */
  needsAttention: boolean;
  fields: Record<string, unknown>;
  source: PaymentSource;
  receivedAt: number;
  /**
   * Money that could not be applied goes back (refundUnappliedPayments): absent = pending. `refunding` is the
   * anchor (written before WeChat Pay is asked, outRefundNo = `refundNo`), `refunded` when WeChat Pay confirms.
   */
  refundStatus?: UnappliedRefundStatus;
  refundNo?: string;
  refundRequestedAt?: number | null;
  refundedAt?: number | null;
  refundFailure?: string | null;
}

/**
 * A refund request (_id = the after-sale id, also WeChat Pay's outRefundNo). The amounts are the server's, fixed at
 * the request; the payment it refunds is copied (transactionId, totalFee) so the refund needs no other read.
 */
export interface AfterSaleRecord extends Doc {
  orderId: string;
  orderNo: string;
  openid: string;
  status: AfterSaleStatus;
  lines: RefundLine[];
  amount: number;
  shippingRefund: number;
  /** Refunding it leaves nothing of the order unrefunded. */
  complete: boolean;
  reason: RefundReason;
  description: string;
  images: string[];
  orderStatus: OrderStatus;
  transactionId: string | null;
  totalFee: number;
  restock: boolean;
  note: string | null;
  reviewedBy: string | null;
  refundId: string | null;
  refundRequestedAt: number | null;
  refundedAt: number | null;
  failure: string | null;
  /** Where `refunded` was learnt: the callback, or our query (reconcile). */
  refundSource: 'callback' | 'query' | null;
  timeline: AfterSaleTimelineEntry[];
  createdAt: number;
  updatedAt: number;
}

/**
 * Facts other parts build on (distribution's commission, reporting), written in the same transaction as the fact:
 * `order.paid`, `order.completed`, `order.refunded`. _id = `${type}:${key}`, so a fact is recorded exactly once.
 */
export interface OrderEventRecord extends Doc {
  type: 'order.paid' | 'order.completed' | 'order.refunded';
  orderId: string;
  openid: string;
  at: number;
  data: Record<string, unknown>;
}

/** A refund callback or query answer that did not match anything we asked for (for a person). */
export interface RefundAnomalyRecord extends Doc {
  outRefundNo: string | null;
  kind: 'unknown_refund' | 'amount_mismatch' | 'unexpected_status';
  fields: Record<string, unknown>;
  receivedAt: number;
}
