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
  /** Distribution: the product's commission rate, and the smallest fixed commission of its SKUs (the promote page's "赚"). */
  commission?: { tier1Bps: number; tier2Bps: number } | null;
  skuCommission?: { tier1Fen: number; tier2Fen: number } | null;
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
  /** The SKU's fixed commission per unit (distribution), if it has one. */
  commission?: { tier1Fen: number; tier2Fen: number } | null;
  /** A copy of its product's commission rate (checkout reads SKUs only). */
  productCommission?: { tier1Bps: number; tier2Bps: number } | null;
}

export interface UserRecord extends Doc {
  /** _id is the openid */
  nickname: string;
  avatar: string | null;
  roles: string[];
  createdAt: number;
}

/** One distribution level (settings `distributionLevels`). */
export interface DistributionLevel {
  id: string;
  name: string;
  tier1Bps: number;
  tier2Bps: number;
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
  /** Claimable only in a live room that offers it, while it is live (coupon.claim with roomId). */
  liveOnly?: boolean;
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
  /** Priced at a live room's price: the SKU's normal price it replaced. */
  listPrice?: number;
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
  /** Who earns commission on it and at which rates, as of its creation (absent: nobody). */
  attribution?: OrderAttribution | null;
  /** Bought from a live room (the shopper came from it): the room and what was explained when the order was made. */
  live?: { roomId: string; explainingProductId: string | null } | null;
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

// ---------- distribution ----------

/**
 * A distributor (_id = openid): the application, the status, the inviter (tier-2 parent, frozen once approved), the
 * level, and the balance counters - each moved in the same transaction as the ledger entry that explains it, so they
 * always equal the sums of the entries (auditLedger proves it).
 */
export interface DistributorRecord extends Doc {
  status: 'pending' | 'approved' | 'rejected' | 'frozen';
  realName: string;
  phone: string;
  reason: string;
  note: string | null;
  inviter: string | null;
  level: string | null;
  pending: number;
  available: number;
  withdrawn: number;
  visits: number;
  customers: number;
  orders: number;
  gmv: number;
  /** Withdrawals asked today (Shanghai day `withdrawDay`, yyyyMMdd). */
  withdrawDay: string;
  withdrawCount: number;
  appliedAt: number;
  reviewedAt: number | null;
  updatedAt: number;
}

/** Who a shopper is bound to (_id = the shopper's openid). */
export interface BindingRecord extends Doc {
  distributor: string;
  since: number;
  /** The share token the binding came through. */
  via: string | null;
  updatedAt: number;
}

/** A share link (_id = its token): stable per distributor and target (unique index), with its funnel counters. */
export interface ShareLinkRecord extends Doc {
  distributor: string;
  targetKey: string;
  target: { type: 'product'; id: string } | { type: 'home' };
  path: string;
  title: string;
  visits: number;
  customers: number;
  orders: number;
  gmv: number;
  createdAt: number;
  /** The poster's mini program code once stored in cloud storage (sandbox codes are drawn again each time). */
  codeImage?: string | null;
}

/** One entry per visit (scene class, token) - the raw material of the funnels; counters hold the sums. */
export interface VisitRecord extends Doc {
  openid: string;
  scene: number;
  sceneClass: string;
  token: string | null;
  distributor: string | null;
  bound: boolean;
  at: number;
}

/** The snapshot of who earns an order and at which rates, taken when it is created. */
export interface OrderAttribution {
  tier1: string | null;
  tier2: string | null;
  via: string | null;
  /** Per order line (same order), the rate for each tier (null: that tier earns nothing on it). */
  rates: Array<{ skuId: string; tier1: import('../domain/distribution').LineRate | null; tier2: import('../domain/distribution').LineRate | null }>;
}

/**
 * The ledger (append-only: an entry's amount never changes; a pending entry becomes settled once). _id is
 * deterministic per fact, so a fact is written once: `c:<order>:<sku>:<tier>` (commission), `r:<afterSale>:<sku>:<tier>`
 * (reversal), `w:<withdrawal>` and `wr:<withdrawal>`.
 */
export interface LedgerEntryRecord extends Doc {
  distributor: string;
  kind: 'commission' | 'reversal' | 'withdrawal' | 'withdrawal_return';
  tier: 1 | 2 | null;
  orderId: string | null;
  orderNo: string | null;
  skuId: string | null;
  amount: number;
  status: 'pending' | 'settled';
  explain: Record<string, unknown>;
  createdAt: number;
  settledAt: number | null;
}

/**
 * An order that earned commission (_id = order id): the anchor of its settlement. `entries` lists every ledger entry
 * of the order (settlement moves them together); `dueAt` is set when the order completes.
 */
export interface CommissionOrderRecord extends Doc {
  status: 'pending' | 'settled';
  distributors: string[];
  entries: string[];
  dueAt: number | null;
  createdAt: number;
  settledAt: number | null;
}

export interface WithdrawalRecord extends Doc {
  distributor: string;
  amount: number;
  status: 'pending' | 'transferring' | 'paid' | 'rejected';
  method: 'manual' | 'wechat_transfer' | null;
  note: string | null;
  createdAt: number;
  reviewedAt: number | null;
  paidAt: number | null;
  /** wechat_transfer: WeChat Pay's transfer bill and what wx.requestMerchantTransfer needs. */
  transfer: { billNo: string | null; packageInfo: string | null; state: string } | null;
}

// ---------- live commerce ----------

/** An offline store (门店) rooms can belong to. */
export interface StoreRecord extends Doc {
  name: string;
  city: string;
  address: string;
  sort: number;
}

/** A live room (_id = WeChat's roomId as text). WeChat's word on its state comes in by jobs.syncLiveRooms. */
export interface LiveRoomRecord extends Doc {
  wxRoomId: number;
  name: string;
  anchorName: string;
  cover: string;
  storeId: string | null;
  startTime: number;
  endTime: number;
  /** WeChat's live_status as of the last sync. */
  liveStatus: number;
  /** phaseOf(liveStatus), indexed for the lists. */
  phase: 'live' | 'upcoming' | 'ended';
  replayUrl: string | null;
  /** The last goods/push while live. */
  explaining: { productId: string; at: number } | null;
  /** Approved goods in the room. */
  goodsCount: number;
  /** The lottery running or being drawn (one at a time per room); null once drawn. */
  activeLottery?: string | null;
  /** Every reminder of the room was sent (sendLiveReminders stops looking). */
  remindersDone: boolean;
  /** 'workbench' = created with merchant.createLiveRoom; 'wechat' = found by the sync (made in WeChat's console). */
  origin: 'workbench' | 'wechat';
  createdAt: number;
  syncedAt: number;
  updatedAt: number;
}

/**
 * A product in a room (_id = roomId_productId), registered with WeChat's goods library and audit.
 * submitting (anchor: written before goods/add) -> pending (goodsId known) -> approved (added to the room by the sync) | rejected.
 */
export interface LiveGoodsRecord extends Doc {
  roomId: string;
  productId: string;
  wxGoodsId: number | null;
  auditId: number | null;
  auditStatus: 'submitting' | 'pending' | 'approved' | 'rejected';
  auditReason: string | null;
  inRoom: boolean;
  livePrice: number | null;
  /** The name submitted (at most 14 Chinese characters). */
  name: string;
  submittedAt: number;
  /** goods/add calls made for this anchor (a lost answer makes the sync submit again). */
  submitAttempts?: number;
  updatedAt: number;
}

/** A goods/push: what the anchor explained from when (_id = roomId_at_productId). */
export interface LiveExplainRecord extends Doc {
  roomId: string;
  productId: string;
  at: number;
}

/** A coupon template offered in a room (_id = roomId_templateId). */
export interface LiveCouponRecord extends Doc {
  roomId: string;
  templateId: string;
  addedAt: number;
}

/** A shopper's reminder for a room (_id = roomId_openid): waiting -> sending -> sent | failed. */
export interface LiveReminderRecord extends Doc {
  roomId: string;
  openid: string;
  status: 'waiting' | 'sending' | 'sent' | 'failed';
  createdAt: number;
  sendingAt: number | null;
  sentAt: number | null;
  error: string | null;
}

/** A lottery: running -> drawing (winners fixed, prizes being handed over) -> drawn. `seed` is secret until drawn. */
export interface LotteryRecord extends Doc {
  roomId: string;
  templateId: string;
  prizeName: string;
  winnerCount: number;
  startedAt: number;
  endsAt: number;
  status: 'running' | 'drawing' | 'drawn';
  commitment: string;
  seed: string;
  participants: number | null;
  /** Fixed when drawing starts: every ticket, sorted, and the winners in draw order. */
  tickets: string[] | null;
  winners: Array<{ ticket: string; openid: string; nickname: string; couponId: string | null; prize: 'pending' | 'given' | 'sold_out' }> | null;
  drawnAt: number | null;
  createdBy: string;
}

/** One shopper in a lottery (_id = lotteryId_openid: one entry each). */
export interface LotteryEntryRecord extends Doc {
  lotteryId: string;
  openid: string;
  ticket: string;
  nickname: string;
  at: number;
}
