/**
 * The shared API contract: every cloud function's actions, payloads, results and error codes.
 * Used by the mini program (type-only imports) and by the cloud functions.
 * Money is integer fen everywhere.
 */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'COUPON_UNAVAILABLE'
  | 'CONFLICT'
  /** order.create: the server's payable differs from `expectedPayable`; `error.quote` is the new quote. Nothing was reserved. */
  | 'PRICE_CHANGED'
  /** The backend is briefly contended (a transaction lost its retries): retry the same request. Nothing was taken. */
  | 'BUSY'
  /** A refund is not possible for this order now: not paid, cancelled, past the after-sales window, nothing left. */
  | 'REFUND_NOT_ALLOWED'
  /** A refund of more units of a line than were bought and not yet refunded. */
  | 'REFUND_QTY_EXCEEDED'
  /** A withdrawal of more than the available commission. */
  | 'INSUFFICIENT_BALANCE'
  /** A live-only coupon claimed without its room, or from a room that does not offer it. */
  | 'LIVE_ONLY'
  /** The room is not live now (not started, ended, or WeChat says paused/banned): live prices, live coupons and lotteries wait. */
  | 'NOT_LIVE'
  /** The lottery is not taking entries (not started, ended, drawn). */
  | 'LOTTERY_CLOSED'
  /** WeChat refused a live API call (its errcode and errmsg are in the message): nothing was recorded as done. */
  | 'WECHAT_REFUSED'
  | 'RATE_LIMITED'
  | 'UNKNOWN_ACTION'
  | 'UNKNOWN_FUNCTION'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** PRICE_CHANGED only: the quote as the server now prices the order. */
  quote?: Quote;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** Integer fen. */
export type Fen = number;

/** Where the call came from, as the platform says (cloud.getWXContext().SOURCE). */
export type CallSource = 'wx_client' | 'wx_paycallback' | 'wx_trigger' | 'wx_http' | 'scf' | 'wx_devtools' | 'wx_cloudbase';

// ---------- catalogue (function `shop`) ----------

export interface Category {
  id: string;
  name: string;
  parentId: string | null;
  icon: string | null;
  sort: number;
}

export interface PriceRange {
  min: Fen;
  max: Fen;
}

export interface ProductSummary {
  id: string;
  categoryId: string;
  title: string;
  subtitle: string;
  image: string;
  price: PriceRange;
  originalPrice: Fen | null;
  sales: number;
}

/** One spec dimension, e.g. {name: "颜色", values: ["黑", "白"]}, in display order. */
export interface SpecDimension {
  name: string;
  values: string[];
}

export interface Sku {
  id: string;
  specs: Record<string, string>;
  price: Fen;
  originalPrice: Fen | null;
  stock: number;
  /** This SKU's own picture (e.g. its colour), or null: the picker then shows the product's first image. */
  image: string | null;
}

/** Shipping on the product page, as figures the page formats: `fee` 0 = 包邮; `freeOver` > 0 = 满 ¥x 包邮. */
export interface ProductShipping {
  fee: Fen;
  freeOver: Fen;
}

export interface ProductDetail extends ProductSummary {
  images: string[];
  description: string;
  /** Full-width pictures under the description (商品详情), in order. */
  detailImages: string[];
  specs: SpecDimension[];
  skus: Sku[];
  shipping: ProductShipping;
}

/** How a product list is ordered: 综合 (the shop's own order), 销量 (best sellers first), 价格 (low to high, high to low). */
export type ProductSort = 'default' | 'sales' | 'price_asc' | 'price_desc';
export const PRODUCT_SORTS: readonly ProductSort[] = ['default', 'sales', 'price_asc', 'price_desc'];

export interface ProductsPayload {
  categoryId?: string;
  keyword?: string;
  /** Absent: 'default'. A cursor continues the list only under the sort it was made with. */
  sort?: ProductSort;
  cursor?: string;
  limit?: number;
}

/** A product page. `total`: how many products match the query, on the first page only (null on later pages). */
export interface ProductPage extends Page<ProductSummary> {
  total: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ShopActions {
  categories: { payload: Record<string, never>; result: Category[] };
  products: { payload: ProductsPayload; result: ProductPage };
  product: { payload: { id: string }; result: ProductDetail };
  home: { payload: Record<string, never>; result: HomeView };
  /** What a share token points at (a poster's code carries only the token): NOT_FOUND for an unknown one. */
  shareTarget: { payload: { token: string }; result: { target: ShareTarget } };
}

/** A home banner: an image and the in-app page it opens (a path such as /packages/goods/pages/detail/index?id=...). */
export interface HomeBanner {
  image: string;
  link: string;
}

/** A line of the home promotion strip; `link` (an in-app path) or null for a notice that only informs. */
export interface HomeNotice {
  text: string;
  link: string | null;
}

/** The home page's merchandising: banners and notices from settings.home, the top-level categories as shortcuts. */
export interface HomeView {
  banners: HomeBanner[];
  notices: HomeNotice[];
  categories: Category[];
  /** settings.channels: the shop's Channels (视频号) account, whose live state the page asks wx.getChannelsLiveInfo for. */
  channels: { finderUserName: string } | null;
}

// ---------- cart (function `cart`) ----------

export interface CartLineFlags {
  /** The product is off sale or gone. */
  offSale: boolean;
  /** The SKU has no stock. */
  outOfStock: boolean;
  /** The SKU has stock, but less than the line's quantity. */
  insufficientStock: boolean;
  /** The current price differs from the price when the line was added. */
  priceChanged: boolean;
}

export interface CartLine {
  skuId: string;
  productId: string;
  title: string;
  image: string;
  specs: Record<string, string>;
  /** "黑色 / L" (empty for a product without specs). */
  specText: string;
  /** Current price. */
  price: Fen;
  /** Price when the line was added. */
  addedPrice: Fen;
  qty: number;
  selected: boolean;
  stock: number;
  flags: CartLineFlags;
  /** Can be checked out: on sale and in stock (quantity within stock). */
  valid: boolean;
}

export interface CartView {
  /** Valid lines, newest first. */
  lines: CartLine[];
  /** Lines that cannot be bought now (off sale, out of stock). */
  invalid: CartLine[];
  /** Sum of qty over all lines (tab badge). */
  count: number;
  /** Selected valid lines. */
  selectedCount: number;
  /** Sum of price * qty over selected valid lines. */
  selectedSubtotal: Fen;
  allSelected: boolean;
  /** The shop's shipping rule against the selected subtotal (the "还差 ¥x 免运费" hint). */
  shipping: CartShipping;
}

export interface CartShipping {
  /** What shipping would cost for the selected lines now (0 = free). */
  fee: Fen;
  /** Free from this subtotal on; 0 = the shop has no free-shipping threshold. */
  freeOver: Fen;
  /** How many fen more of selected goods make shipping free (0 when it is free already or never free). */
  shortBy: Fen;
}

export const CART_MAX_QTY = 99;
export const CART_MAX_LINES = 100;

export interface CartActions {
  get: { payload: Record<string, never>; result: CartView };
  add: { payload: { skuId: string; qty: number }; result: CartView };
  set: { payload: { skuId: string; qty: number }; result: CartView };
  remove: { payload: { skuIds: string[] }; result: CartView };
  select: { payload: { skuIds: string[]; selected: boolean }; result: CartView };
}

// ---------- users and addresses (function `user`) ----------

export interface Address {
  id: string;
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  isDefault: boolean;
}

export interface SaveAddressPayload {
  id?: string;
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  isDefault?: boolean;
}

/** Orders waiting on someone, per status (the badges on Me's order shortcuts). */
export interface OrderCounts {
  pending_payment: number;
  paid: number;
  shipped: number;
}

export interface Me {
  openid: string;
  roles: Role[];
  profile: { nickname: string; avatar: string | null };
  /** Counted on the (openid, status) index, one count per status. */
  orderCounts: OrderCounts;
  /** Unused coupons not past their end (locked ones are held by an order and not counted). */
  couponCount: number;
  /** The caller's after-sales in progress (requested, approved, refunding, failed): Me's 退款/售后 badge. */
  afterSaleCount: number;
  /** Merchants only (else null): what waits for the shop - paid orders to ship, refund requests to review, refunds WeChat Pay refused. */
  workbench: { toShip: number; toReview: number; refundsFailed: number } | null;
}

export const MAX_ADDRESSES = 20;

/** What the app sends on launch and on show (wx.getEnterOptionsSync()). */
export interface EnterPayload {
  scene: number;
  /** The page query; `st` is a share token (from a link's path, or a poster code's decoded `scene`). */
  query?: Record<string, string>;
  shareTicket?: string;
}

export interface EnterResult {
  /** This entry bound the shopper to the distributor whose link it was. */
  bound: boolean;
  /** Who the shopper is bound to now (never an openid). */
  distributor: { nickname: string; avatar: string | null } | null;
}

export interface UserActions {
  me: { payload: Record<string, never>; result: Me };
  enter: { payload: EnterPayload; result: EnterResult };
  addresses: { payload: Record<string, never>; result: Address[] };
  saveAddress: { payload: SaveAddressPayload; result: Address };
  removeAddress: { payload: { id: string }; result: { id: string } };
}

// ---------- coupons (function `coupon`) ----------

export type CouponKind = 'amount_off' | 'percent_off';
export type CouponScope = { type: 'all' } | { type: 'categories'; ids: string[] } | { type: 'products'; ids: string[] };

/** The rule of a coupon, as the shopper sees it. */
export interface CouponRule {
  name: string;
  kind: CouponKind;
  /** Minimum eligible subtotal in fen; 0 = no threshold. */
  threshold: Fen;
  /** amount_off: fen off. */
  amountOff: Fen | null;
  /** percent_off: basis points off (1500 = 15% off). */
  discountBps: number | null;
  /** percent_off: the most it takes off. */
  maxOff: Fen | null;
  scope: CouponScope;
}

export type CouponStatus = 'usable' | 'locked' | 'used' | 'expired';

/** A coupon a shopper holds. */
export interface Coupon extends CouponRule {
  id: string;
  templateId: string;
  status: CouponStatus;
  validFrom: number;
  validTo: number;
  /** The order a locked or used coupon serves. */
  orderId: string | null;
}

export type CouponCenterState = 'claimable' | 'claimed' | 'sold_out';

export interface CouponCenterItem extends CouponRule {
  templateId: string;
  state: CouponCenterState;
  /** Fixed window, or null when the coupon is valid for validDays after claiming. */
  validFrom: number | null;
  validTo: number | null;
  validDays: number | null;
  /** How many more this shopper may claim. */
  remainingForMe: number;
  newUserOnly: boolean;
}

/** A coupon of the center that applies to one product, with what it takes off one piece at the lowest price. */
export interface ProductCoupon extends CouponCenterItem {
  /** Fen off one piece at the product's lowest price; 0 when that price is below the threshold. */
  discount: Fen;
}

export interface CouponActions {
  center: { payload: Record<string, never>; result: CouponCenterItem[] };
  /** The center's coupons whose scope covers the product, best first (claimable, then the larger discount). */
  forProduct: { payload: { productId: string }; result: ProductCoupon[] };
  /** `roomId`: a live-only coupon is claimed in its room while it is live (LIVE_ONLY / NOT_LIVE otherwise). */
  claim: { payload: { templateId: string; roomId?: string }; result: Coupon };
  mine: { payload: { status: 'usable' | 'used' | 'expired' }; result: Coupon[] };
}

// ---------- orders (function `order`) ----------

/**
 * An order's status. An after-sale in progress does not change it (the order carries `afterSale`); a partial refund
 * leaves it where it was with `refundedAmount` and per-line `refundedQty`; every unit refunded ends it `refunded`.
 */
export type OrderStatus = 'pending_payment' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded';

export interface OrderItemInput {
  skuId: string;
  qty: number;
}

export interface OrderLine {
  skuId: string;
  productId: string;
  title: string;
  image: string;
  specs: Record<string, string>;
  specText: string;
  unitPrice: Fen;
  qty: number;
  /** unitPrice * qty */
  amount: Fen;
  /** This line's share of the coupon discount (largest remainder). */
  discount: Fen;
  /** amount - discount */
  payable: Fen;
  /** Units refunded so far (after-sales that ended refunded). */
  refundedQty: number;
  /** Priced at a live room's price: the normal unit price it replaced. Absent otherwise. */
  listPrice?: Fen;
}

/** Why a coupon does not apply to this checkout. */
/** NO_DISCOUNT: it applies but would take 0 fen off this order (it is not spent on nothing). */
export type CouponIneligibleReason = 'NOT_STARTED' | 'EXPIRED' | 'BELOW_THRESHOLD' | 'OUT_OF_SCOPE' | 'NOT_USABLE' | 'NO_DISCOUNT';

export interface QuoteCoupon {
  coupon: Coupon;
  eligible: boolean;
  reason: CouponIneligibleReason | null;
  /** BELOW_THRESHOLD: how many fen more of eligible goods would make it apply (the page says "还差 ¥x 可用"). */
  shortBy: Fen;
  /** What it would take off this checkout (0 when ineligible). */
  discount: Fen;
}

export interface Quote {
  lines: OrderLine[];
  subtotal: Fen;
  discount: Fen;
  shipping: Fen;
  payable: Fen;
  /** The applied coupon, or null. */
  couponId: string | null;
  /** Every coupon the shopper holds that is usable now, with eligibility for this checkout, best first. */
  coupons: QuoteCoupon[];
  address: Address | null;
  /** Present when the payload named a live room. */
  live: QuoteLive | null;
}

export interface QuotePayload {
  items: OrderItemInput[];
  /** Absent: the best coupon. null: no coupon. */
  couponId?: string | null;
  addressId?: string;
  /** The shopper came from this live room (the plugin opened the product page with room_id): live prices may apply. */
  live?: LiveRef;
}

/** The live room a checkout comes from. */
export interface LiveRef {
  roomId: string;
}

/**
 * Why live prices did or did not apply to a checkout from a room. NOT_FOUND: no such room; NOT_LIVE: the room is
 * not live now; NO_LIVE_GOODS: none of the lines is an approved live good of that room with a live price.
 */
export type LivePriceReason = 'NOT_FOUND' | 'NOT_LIVE' | 'NO_LIVE_GOODS';

export interface QuoteLive {
  roomId: string;
  /** Lines priced at the live price (by SKU id). */
  skuIds: string[];
  /** null when at least one line is at its live price. */
  reason: LivePriceReason | null;
  /** What the live prices took off, against the normal prices. */
  saved: Fen;
}

export interface CreateOrderPayload {
  items: OrderItemInput[];
  couponId?: string | null;
  addressId: string;
  remark?: string;
  /** Client-generated; a retry with the same requestId returns the same order. */
  requestId: string;
  /** Checked out from the cart: the ordered SKUs leave the shopper's cart once the order exists (server side). */
  fromCart?: boolean;
  /**
   * The payable the shopper saw on the quote. When the server's payable differs the answer is PRICE_CHANGED with the
   * new quote and nothing is reserved. Omitted: no check (API clients that do not show a price).
   */
  expectedPayable?: Fen;
  /** As in the quote: the room the shopper came from. The order keeps it (with what was being explained). */
  live?: LiveRef;
}

export interface OrderAddress {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
}

export interface TimelineEntry {
  status: OrderStatus;
  at: number;
  note: string | null;
}

export interface Shipment {
  carrier: string;
  trackingNo: string;
  shippedAt: number;
}

export interface OrderSummary {
  orderId: string;
  orderNo: string;
  status: OrderStatus;
  createdAt: number;
  lines: OrderLine[];
  itemCount: number;
  payable: Fen;
  /** pending_payment: when it closes unpaid. */
  payDeadline: number | null;
  /** Fen returned to the shopper so far (refunded after-sales). */
  refundedAmount: Fen;
  /** The after-sale in progress (requested, approved, refunding or failed), if any. */
  afterSale: { id: string; status: AfterSaleStatus; amount: Fen } | null;
}

export interface OrderDetail extends OrderSummary {
  /** Bought from a live room: the room and what its anchor was explaining when the order was made. */
  live: { roomId: string; explainingProductId: string | null } | null;
  subtotal: Fen;
  discount: Fen;
  shipping: Fen;
  coupon: { id: string; name: string } | null;
  address: OrderAddress;
  remark: string;
  timeline: TimelineEntry[];
  shipment: Shipment | null;
  paidAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  completedAt: number | null;
  /** Whether a refund may be requested now (status, window, something left, no after-sale open). */
  refundable: boolean;
  /** completed orders: the end of the after-sales window; null while paid or shipped (no deadline yet) or not refundable. */
  refundableUntil: number | null;
}

/** The same as CART_MAX_LINES: everything a cart can hold can be ordered at once. */
export const ORDER_MAX_LINES = 100;
export const ORDER_MAX_QTY = 99;

export interface OrderActions {
  quote: { payload: QuotePayload; result: Quote };
  create: { payload: CreateOrderPayload; result: { orderId: string; orderNo: string; payable: Fen } };
  list: { payload: { status?: OrderStatus; cursor?: string }; result: Page<OrderSummary> };
  detail: { payload: { orderId: string }; result: OrderDetail };
  cancel: { payload: { orderId: string }; result: OrderDetail };
  confirmReceipt: { payload: { orderId: string }; result: OrderDetail };
  /** What a refund of these lines (absent: everything left) would return, as the server computes it. Changes nothing. */
  refundQuote: { payload: { orderId: string; lines?: RefundLineInput[] }; result: RefundQuote };
  requestRefund: { payload: RefundRequestPayload; result: AfterSale };
  /** Withdraws the caller's own after-sale while it is `requested`; a retry answers it as it now is. */
  cancelRefund: { payload: { id: string }; result: AfterSale };
  afterSales: { payload: { cursor?: string }; result: Page<AfterSale> };
  afterSale: { payload: { id: string }; result: AfterSale };
}

// ---------- after-sales (functions `order`, `merchant`, `refundNotify`) ----------

export const REFUND_REASONS = ['not_wanted', 'wrong_item', 'damaged', 'not_received', 'other'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
/** At most this many image file ids / URLs per request. */
export const REFUND_MAX_IMAGES = 6;

/**
 * requested -> approved -> refunding -> refunded; requested -> rejected | cancelled; refunding -> failed -> (retry)
 * refunding. `approved` is the moment between the merchant's yes and WeChat Pay accepting the refund.
 */
export type AfterSaleStatus = 'requested' | 'approved' | 'refunding' | 'refunded' | 'failed' | 'rejected' | 'cancelled';
/** The statuses in which an after-sale is open (the order can have no other). */
export const OPEN_AFTER_SALE: readonly AfterSaleStatus[] = ['requested', 'approved', 'refunding', 'failed'];

export interface RefundLineInput {
  skuId: string;
  qty: number;
}

export interface RefundRequestPayload {
  orderId: string;
  /** Absent: everything not yet refunded. */
  lines?: RefundLineInput[];
  reason: RefundReason;
  description?: string;
  /** Cloud file ids (cloud://...) or https URLs. */
  images?: string[];
}

export interface RefundLine {
  skuId: string;
  productId: string;
  title: string;
  image: string;
  specText: string;
  qty: number;
  /** This line's refund: its share of the line's paid amount (coupon discount prorated). */
  amount: Fen;
}

export interface RefundQuote {
  orderId: string;
  lines: RefundLine[];
  /** Shipping returned: only when the refund leaves nothing unrefunded and the order has not shipped. */
  shippingRefund: Fen;
  /** Sum of the lines plus shippingRefund. */
  amount: Fen;
  /** Per order line: how many units may still be refunded (the page's steppers). */
  refundable: Array<{ skuId: string; qty: number; amount: Fen }>;
}

export interface AfterSaleTimelineEntry {
  status: AfterSaleStatus;
  at: number;
  note: string | null;
}

export interface AfterSale {
  id: string;
  orderId: string;
  orderNo: string;
  status: AfterSaleStatus;
  amount: Fen;
  shippingRefund: Fen;
  lines: RefundLine[];
  reason: RefundReason;
  description: string;
  images: string[];
  /** The order's status when it was requested. */
  orderStatus: OrderStatus;
  /** The merchant's note (a rejection's reason). */
  note: string | null;
  /** Stock returned when refunded (the merchant's choice on approval). */
  restock: boolean;
  createdAt: number;
  refundedAt: number | null;
  timeline: AfterSaleTimelineEntry[];
}

/** What the merchant's after-sales queue shows: the after-sale and who asked (the order's consignee). */
export interface MerchantAfterSale extends AfterSale {
  buyer: { name: string; phone: string };
}

export type UnappliedRefundStatus = 'pending' | 'refunding' | 'refunded' | 'failed';

export interface UnappliedPayment {
  id: string;
  outTradeNo: string;
  transactionId: string | null;
  totalFee: Fen | null;
  outcome: 'amount_mismatch' | 'unknown_order' | 'refund_required';
  refundStatus: UnappliedRefundStatus;
  receivedAt: number;
  refundedAt: number | null;
  failure: string | null;
}

export interface MerchantOrderSummary extends OrderSummary {
  buyer: { name: string; phone: string };
}

// ---------- payment (functions `pay`, `payNotify`) ----------

/** What wx.requestPayment takes. */
export interface WxPaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'MD5' | 'HMAC-SHA256' | 'RSA';
  paySign: string;
}

export type PrepayResult =
  | { mode: 'wechat'; orderId: string; payment: WxPaymentParams }
  /** Local cloud: the sandbox. The client completes it by POSTing `callback` to `/dev/paycallback/payNotify`. */
  | { mode: 'sandbox'; orderId: string; callback: Record<string, string | number> };

export interface PayActions {
  prepay: { payload: { orderId: string }; result: PrepayResult };
}

// ---------- merchant (function `merchant`) ----------

export interface MerchantActions {
  shipOrder: { payload: { orderId: string; carrier: string; trackingNo: string }; result: OrderDetail };
  /** The order desk: every shopper's orders, newest first; `keyword` finds by order number (full, or its last 6+ characters). */
  orders: { payload: { status?: OrderStatus; keyword?: string; cursor?: string }; result: Page<MerchantOrderSummary> };
  order: { payload: { orderId: string }; result: OrderDetail & { buyer: { nickname: string } } };
  /** Newest first; `status` one status or several (the 退款中 tab: approved and refunding). */
  afterSales: { payload: { status?: AfterSaleStatus | AfterSaleStatus[]; cursor?: string }; result: Page<MerchantAfterSale> };
  /** approve: WeChat Pay is asked to refund (the answer is `refunding`, or `failed` with the reason); reject: `note` is the reason. */
  reviewRefund: { payload: { id: string; approve: boolean; note?: string; restock?: boolean }; result: MerchantAfterSale };
  /** A `failed` refund asked again (same outRefundNo, as WeChat Pay requires). */
  retryRefund: { payload: { id: string }; result: MerchantAfterSale };
  unappliedPayments: { payload: { cursor?: string }; result: Page<UnappliedPayment> };
  distributors: { payload: { status?: Exclude<DistributorStatus, 'none'>; cursor?: string }; result: Page<MerchantDistributor> };
  reviewDistributor: { payload: { openid: string; approve: boolean; note?: string }; result: MerchantDistributor };
  freezeDistributor: { payload: { openid: string; frozen: boolean }; result: MerchantDistributor };
  /** A level of `distributionLevels`, or null for none (the shop's rates). */
  setDistributorLevel: { payload: { openid: string; level: string | null }; result: MerchantDistributor };
  withdrawals: { payload: { status?: WithdrawalStatus; cursor?: string }; result: Page<MerchantWithdrawal> };
  /** approve: paid out by the shop's payout method; reject: the money goes back to the distributor (withdrawal_return). */
  reviewWithdrawal: { payload: { id: string; approve: boolean; note?: string }; result: MerchantWithdrawal };
  distributionSettings: { payload: Record<string, never>; result: DistributionSettings };
  saveDistributionSettings: { payload: Partial<DistributionSettings>; result: DistributionSettings };
  /** Creates the room with WeChat (room/create) and records it. Times are epoch ms. */
  createLiveRoom: { payload: CreateLiveRoomPayload; result: { roomId: string } };
  liveRooms: { payload: { storeId?: string; cursor?: string }; result: Page<MerchantLiveRoom> };
  liveRoom: { payload: { roomId: string }; result: MerchantLiveRoom };
  /** Submits the product to WeChat's goods audit; once approved the sync adds it to the room. */
  addLiveGoods: { payload: { roomId: string; productId: string; livePrice?: Fen }; result: MerchantLiveRoom };
  removeLiveGoods: { payload: { roomId: string; productId: string }; result: MerchantLiveRoom };
  /** The anchor is explaining this product now (goods/push), recorded with its time. */
  pushLiveGoods: { payload: { roomId: string; productId: string }; result: MerchantLiveRoom };
  addLiveCoupon: { payload: { roomId: string; templateId: string }; result: MerchantLiveRoom };
  removeLiveCoupon: { payload: { roomId: string; templateId: string }; result: MerchantLiveRoom };
  startLottery: { payload: { roomId: string; templateId: string; winners: number; minutes: number }; result: Lottery };
  liveStats: { payload: { roomId: string }; result: LiveStats };
  /** Per store (and one row for rooms of no store): rooms, live now, orders and GMV. */
  liveStoreStats: { payload: Record<string, never>; result: LiveStoreStats[] };
  /** Coupon templates the merchant can attach to a room or use as a lottery prize. */
  couponTemplates: { payload: Record<string, never>; result: LiveCoupon[] };
}

// ---------- distribution (function `dist`) ----------

export type DistributorStatus = 'none' | 'pending' | 'approved' | 'rejected' | 'frozen';

export interface DistBalance {
  /** Commission not settled yet (its order is within the after-sales window). Fen, may include negative reversals. */
  pending: Fen;
  /** Settled and not withdrawn; may be negative after a clawback (netted against future earnings). */
  available: Fen;
  /** Paid out. */
  withdrawn: Fen;
}

export interface DistStats {
  visits: number;
  customers: number;
  orders: number;
  gmv: Fen;
  /** Today (Asia/Shanghai). */
  todayVisits: number;
}

export interface DistMe {
  status: DistributorStatus;
  profile: { nickname: string; avatar: string | null };
  level: { id: string; name: string } | null;
  balance: DistBalance;
  stats: DistStats;
  /** The shop's rules a distributor should know. */
  rules: { tier1Bps: number; tier2Bps: number; settleDays: number; minWithdraw: Fen; maxWithdrawalsPerDay: number; payout: 'manual' | 'wechat_transfer' } | null;
}

export type ShareTarget = { type: 'product'; id: string } | { type: 'home' };

export interface ShareLink {
  token: string;
  /** The mini program path with `st=<token>`. */
  path: string;
  target: ShareTarget;
  title: string;
  visits: number;
  customers: number;
  orders: number;
  gmv: Fen;
  createdAt: number;
}

export interface SharePoster {
  token: string;
  /** wxacode.getUnlimited's scene (<= 32 visible characters). */
  scene: string;
  /** The page the code opens. */
  page: string;
  /** The code image (https URL or cloud file id). */
  image: string;
  /** What the page draws on the poster. */
  product: { title: string; image: string; price: Fen } | null;
  distributor: { nickname: string; avatar: string | null };
}

export interface DistCustomer {
  nickname: string;
  avatar: string | null;
  boundAt: number;
  orders: number;
  gmv: Fen;
}

export interface DistTeamMember {
  nickname: string;
  avatar: string | null;
  joinedAt: number;
  customers: number;
  orders: number;
}

export type LedgerKind = 'commission' | 'reversal' | 'withdrawal' | 'withdrawal_return';

export interface LedgerExplain {
  /** Fen the figure was computed on (what was paid for the line, less refunds). */
  base: Fen;
  qty: number;
  mode: 'fixed' | 'bps';
  /** fen per unit or basis points. */
  rate: number;
  source: 'sku' | 'product' | 'level' | 'default';
  tier: 1 | 2;
  /** In words, e.g. "实付 ¥246.00 × 10% = ¥24.60（店铺默认比例，一级）". */
  text: string;
}

export interface LedgerEntry {
  id: string;
  kind: LedgerKind;
  tier: 1 | 2 | null;
  orderNo: string | null;
  /** Signed fen: commission and withdrawal_return positive, reversal and withdrawal negative. */
  amount: Fen;
  status: 'pending' | 'settled';
  createdAt: number;
  /** commission and reversal: how the figure came about (a reversal: the line's earnings before and after). */
  explain: { text: string; before?: LedgerExplain; after: LedgerExplain } | { text: string };
}

export type WithdrawalStatus = 'pending' | 'transferring' | 'paid' | 'rejected';

export interface Withdrawal {
  id: string;
  amount: Fen;
  status: WithdrawalStatus;
  createdAt: number;
  reviewedAt: number | null;
  note: string | null;
  /** How it is paid out (the shop's payout method when approved). */
  method: 'manual' | 'wechat_transfer' | null;
  /** wechat_transfer waiting for the distributor: what wx.requestMerchantTransfer takes (then call dist.confirmWithdrawal). */
  confirm: { mchId: string; appId: string; package: string } | null;
}

export interface DistActions {
  apply: { payload: { realName: string; phone: string; reason?: string }; result: { status: DistributorStatus } };
  me: { payload: Record<string, never>; result: DistMe };
  link: { payload: { target: ShareTarget }; result: { token: string; path: string } };
  poster: { payload: { target: ShareTarget }; result: SharePoster };
  links: { payload: { cursor?: string }; result: Page<ShareLink> };
  customers: { payload: { cursor?: string }; result: Page<DistCustomer> };
  team: { payload: { cursor?: string }; result: Page<DistTeamMember> };
  ledger: { payload: { status?: 'pending' | 'settled'; cursor?: string }; result: Page<LedgerEntry> };
  withdraw: { payload: { amount: Fen }; result: Withdrawal };
  withdrawals: { payload: { cursor?: string }; result: Page<Withdrawal> };
  /** After wx.requestMerchantTransfer: the transfer's state read from WeChat Pay; answers the withdrawal (paid, or still waiting). */
  confirmWithdrawal: { payload: { id: string }; result: Withdrawal };
  /** Products to promote, each with what one sale earns the caller at tier 1 ("赚 ¥x"). */
  promote: { payload: { cursor?: string }; result: Page<ProductSummary & { earn: Fen }> };
}

export interface MerchantDistributor {
  /** Merchants see the openid: they review and freeze by it. */
  openid: string;
  nickname: string;
  realName: string;
  phone: string;
  reason: string;
  status: Exclude<DistributorStatus, 'none'>;
  level: { id: string; name: string } | null;
  inviter: { nickname: string } | null;
  balance: DistBalance;
  stats: Omit<DistStats, 'todayVisits'>;
  appliedAt: number;
}

export interface MerchantWithdrawal extends Withdrawal {
  openid: string;
  nickname: string;
  realName: string;
}

export interface DistributionSettings {
  enabled: boolean;
  autoApprove: boolean;
  bindMode: 'first_touch' | 'protected' | 'last_touch';
  protectDays: number;
  newCustomersOnly: boolean;
  selfPurchase: boolean;
  tier1Bps: number;
  tier2Bps: number;
  settleDays: number;
  minWithdraw: Fen;
  maxWithdrawalsPerDay: number;
  payout: 'manual' | 'wechat_transfer';
}

// ---------- live commerce (function `live`; merchant actions in `merchant`) ----------

/** A room's phase for shoppers: live now, coming, or over (ended, expired, banned). */
export type LiveStatus = 'live' | 'upcoming' | 'ended';

export interface LiveExplaining {
  productId: string;
  title: string;
  image: string;
  /** The live price when it has one, else the product's lowest price. */
  price: Fen;
  /** When the anchor started explaining it. */
  since: number;
}

export interface LiveRoom {
  roomId: string;
  name: string;
  anchorName: string;
  cover: string;
  status: LiveStatus;
  /** WeChat's own live_status: 101 live, 102 not started, 103 ended, 104 banned, 105 paused, 106 abnormal, 107 expired. */
  liveStatus: number;
  startTime: number;
  endTime: number;
  storeId: string | null;
  /** What the anchor is explaining now (only while live). */
  explaining: LiveExplaining | null;
  /** Approved goods in the room. */
  goodsCount: number;
  /** The replay, about 10 minutes after the end; null before. */
  replayUrl: string | null;
  /**
   * The caller asked to be reminded when the room goes live (a reminder exists for this room and caller, whatever the
   * room's phase now: it may still be true once the room is live or ended). False in the merchant's views.
   */
  reminded: boolean;
}

/**
 * A page of `live.rooms`. `reminderTemplateId`: the subscribe message template a 提醒我 button asks consent for
 * (wx.requestSubscribeMessage) before `live.remind`, or null when none is set (then reminders cannot be asked for).
 */
export type LiveRoomPage = Page<LiveRoom> & { reminderTemplateId: string | null };

export type LiveAuditStatus = 'submitting' | 'pending' | 'approved' | 'rejected';

export interface LiveGoods {
  productId: string;
  title: string;
  image: string;
  /** The product's lowest normal price. */
  price: Fen;
  /** The live price (every SKU at it unless the SKU's own is lower); null = the normal price. */
  livePrice: Fen | null;
  auditStatus: LiveAuditStatus;
  /** WeChat's reason when rejected. */
  auditReason: string | null;
  explaining: boolean;
}

export interface LiveCoupon extends CouponCenterItem {
  /** Live-only coupons are claimed with coupon.claim {templateId, roomId} while the room is live. */
  liveOnly: boolean;
}

export type LotteryStatus = 'running' | 'drawing' | 'drawn';

/**
 * A verifiable lottery. `commitment` = hex SHA-256 of the UTF-8 text of `seed` (64 hex characters), published at the
 * start; `seed` is revealed at the draw. Each participant's public `ticket` is the first 16 hex characters of
 * SHA-256("<lotteryId>:<openid>"). Winners: the participants sorted by hex SHA-256("<seed>:<ticket>") ascending
 * (ties by ticket), the first `winners` of them. Anyone holding the seed and the ticket list can recompute them.
 */
export interface Lottery {
  lotteryId: string;
  roomId: string;
  status: LotteryStatus;
  prize: { templateId: string; name: string };
  /** How many winners the merchant asked for. */
  winnerCount: number;
  startedAt: number;
  endsAt: number;
  commitment: string;
  /** Revealed at the draw; null before. */
  seed: string | null;
  participants: number;
  /** After the draw: every participant's ticket, sorted (what the winners are computed from). */
  tickets: string[] | null;
  /** After the draw: the winners' nicknames and tickets, in draw order. */
  winners: { nickname: string; ticket: string }[];
  /** The caller's ticket when they joined; null otherwise. */
  myTicket: string | null;
  /** The caller won (after the draw). */
  won: boolean;
  /** The prize coupon the caller received, when they won and it was handed over. */
  prizeCouponId: string | null;
}

export interface LiveRoomDetail extends LiveRoom {
  goods: LiveGoods[];
  coupons: LiveCoupon[];
  /** The subscribe message template the page asks consent for (wx.requestSubscribeMessage), or null when none is set. */
  reminderTemplateId: string | null;
  /** The lottery running or drawing now, else the last one drawn; null when none. */
  lottery: Lottery | null;
  store: LiveStore | null;
}

export interface LiveStore {
  id: string;
  name: string;
  city: string;
  address: string;
}

/** What a product page shows about live: the live room selling it now (and whether it is being explained). */
export interface ProductLive {
  roomId: string;
  roomName: string;
  status: LiveStatus;
  explaining: boolean;
  livePrice: Fen | null;
}

export interface LiveActions {
  /** Each room says whether the caller asked for its reminder; the page carries the reminder's subscribe template. */
  rooms: { payload: { status?: LiveStatus; storeId?: string; cursor?: string }; result: LiveRoomPage };
  room: { payload: { roomId: string }; result: LiveRoomDetail };
  stores: { payload: Record<string, never>; result: LiveStore[] };
  /** The room where this product is live now (or the room named, when it sells the product), else null. */
  product: { payload: { productId: string; roomId?: string }; result: ProductLive | null };
  /** Upcoming rooms only; asking twice is one reminder. */
  remind: { payload: { roomId: string }; result: { reminded: true } };
  lottery: { payload: { lotteryId: string }; result: Lottery };
  /** While it runs; once per shopper (a second join answers the same ticket). */
  joinLottery: { payload: { lotteryId: string }; result: Lottery };
}

export interface CreateLiveRoomPayload {
  name: string;
  anchorName: string;
  startTime: number;
  endTime: number;
  /** An image URL or cloud file id; the shop's default cover when absent. */
  cover?: string;
  storeId?: string;
}

export interface MerchantLiveRoom extends LiveRoom {
  goods: LiveGoods[];
  coupons: LiveCoupon[];
  lotteries: Lottery[];
  reminderSubscribers: number;
}

export interface LiveStats {
  roomId: string;
  /** Orders placed from the room (any status). */
  orders: number;
  /** Of which paid (refunded ones included: they were paid). */
  paidOrders: number;
  /** Paid money less refunds, fen. */
  gmv: Fen;
  /** Distinct shoppers with a paid order. */
  buyers: number;
  byProduct: { productId: string; title: string; orders: number; qty: number; gmv: Fen }[];
  /** Per minute (epoch ms of the minute's start, Asia/Shanghai agnostic) of payment, from the room's start. */
  timeline: { minute: number; orders: number; gmv: Fen; explainingProductId: string | null }[];
  remindersSent: number;
  reminderSubscribers: number;
}

export interface LiveStoreStats {
  store: LiveStore | null;
  rooms: number;
  liveNow: number;
  orders: number;
  paidOrders: number;
  gmv: Fen;
}

// ---------- the API map ----------

export interface ApiSpec {
  shop: ShopActions;
  cart: CartActions;
  user: UserActions;
  coupon: CouponActions;
  order: OrderActions;
  pay: PayActions;
  merchant: MerchantActions;
  dist: DistActions;
  live: LiveActions;
}

export type FunctionName = keyof ApiSpec;
export type ActionName<F extends FunctionName> = keyof ApiSpec[F] & string;
export type PayloadOf<F extends FunctionName, A extends ActionName<F>> = ApiSpec[F][A] extends { payload: infer P } ? P : never;
export type ResultOf<F extends FunctionName, A extends ActionName<F>> = ApiSpec[F][A] extends { result: infer R } ? R : never;

/** What a client sends to a function: `{action, data}`. */
export interface CallEvent {
  action: string;
  data?: unknown;
}

/** Users and roles. */
export type Role = 'merchant' | 'distributor';
