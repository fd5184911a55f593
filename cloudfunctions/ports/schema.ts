/**
 * Every collection and index, declared once. The PG adapter creates tables and expression indexes from this;
 * `npm run db:plan` prints what to create in a real cloud environment.
 */

export type CloudPermission = 'ADMINONLY' | 'READONLY' | 'PRIVATE' | 'ADMINWRITE';

export interface IndexSpec {
  name: string;
  fields: Array<[string, 'asc' | 'desc']>;
  unique?: boolean;
  /** 'array': the field holds an array queried with cond.has (GIN index in PostgreSQL). */
  kind?: 'btree' | 'array';
  /**
   * unique only: also index the fields in the form equality filters use (default true). Off for a write-hot table
   * whose unique lookup is rare and served well enough by another index's prefix.
   */
  lookup?: boolean;
}

export interface CollectionSpec {
  name: string;
  description: string;
  /** Recommended client permission. Everything goes through cloud functions, so clients need none. */
  permission: CloudPermission;
  indexes: IndexSpec[];
}

export const COLLECTIONS: CollectionSpec[] = [
  {
    name: 'categories',
    description: 'Catalogue categories (two levels via parentId)',
    permission: 'ADMINONLY',
    indexes: [{ name: 'parent_sort', fields: [['parentId', 'asc'], ['sort', 'asc']] }],
  },
  {
    name: 'products',
    description: 'Products: title, images, price range, search tokens; SKUs and stock live in skus',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'onsale_sort', fields: [['onSale', 'asc'], ['sort', 'desc']] },
      // shop.products sorted by 销量 and by 价格 (price_desc reads onsale_price backwards; its tiebreak is _id desc).
      { name: 'onsale_sales', fields: [['onSale', 'asc'], ['sales', 'desc']] },
      { name: 'onsale_price', fields: [['onSale', 'asc'], ['priceMin', 'asc']] },
      { name: 'category_path', fields: [['categoryPath', 'asc']], kind: 'array' },
      { name: 'keywords', fields: [['keywords', 'asc']], kind: 'array' },
    ],
  },
  {
    name: 'skus',
    description: 'One document per SKU: price and stock (the hot row for guarded stock updates)',
    permission: 'ADMINONLY',
    indexes: [{ name: 'product', fields: [['productId', 'asc']] }],
  },
  {
    name: 'users',
    description: 'One document per openid (_id = openid): roles and profile',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'settings',
    description: 'Shop settings, one document per key',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'carts',
    description: 'One cart per shopper (_id = openid), version-guarded',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'addresses',
    description: 'Shipping addresses, owned by openid',
    permission: 'ADMINONLY',
    indexes: [{ name: 'owner_created', fields: [['openid', 'asc'], ['createdAt', 'desc']] }],
  },
  {
    name: 'coupon_templates',
    description: 'Coupon templates: rule, validity, total (guarded claimed counter), per-user limit',
    permission: 'ADMINONLY',
    indexes: [{ name: 'active_sort', fields: [['active', 'asc'], ['sort', 'asc']] }],
  },
  {
    name: 'coupon_claims',
    description: 'Per shopper and template claim counter (_id = templateId:openid), the perUserLimit guard',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'coupons',
    description: 'Coupons held by shoppers: unused -> locked (order) -> used',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'owner_status_validto', fields: [['openid', 'asc'], ['status', 'asc'], ['validTo', 'asc']] },
      { name: 'owner_template', fields: [['openid', 'asc'], ['templateId', 'asc']] },
    ],
  },
  {
    name: 'orders',
    description: 'Orders (_id = orderNo): lines, prices, address snapshot, status and timeline',
    permission: 'ADMINONLY',
    indexes: [
      // Looked up only when a create fails or races (a retry must get its order back); owner_created's openid prefix serves that.
      { name: 'owner_request', fields: [['openid', 'asc'], ['requestId', 'asc']], unique: true, lookup: false },
      { name: 'owner_created', fields: [['openid', 'asc'], ['createdAt', 'desc']] },
      { name: 'owner_status_created', fields: [['openid', 'asc'], ['status', 'asc'], ['createdAt', 'desc']] },
      { name: 'status_deadline', fields: [['status', 'asc'], ['payDeadline', 'asc']] },
      // merchant.liveStats: the orders of one room.
      { name: 'live_room', fields: [['live.roomId', 'asc'], ['createdAt', 'asc']] },
      // reconcile: unpaid orders whose close was started (closingAt set) and not finished.
      { name: 'status_closing', fields: [['status', 'asc'], ['closingAt', 'asc']] },
      // The merchant's order desk: every order, or one status, newest first. autoConfirmReceipt reads shipped orders
      // oldest first through status_created too (they ship in about the order they were bought), rather than
      // adding an index to every checkout's insert.
      { name: 'created', fields: [['createdAt', 'desc']] },
      { name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc']] },
    ],
  },
  {
    name: 'after_sales',
    description: 'Refund requests (_id = after-sale id = WeChat Pay outRefundNo): lines, server-computed amount, status, timeline',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'owner_created', fields: [['openid', 'asc'], ['createdAt', 'desc']] },
      { name: 'order', fields: [['orderId', 'asc']] },
      { name: 'created', fields: [['createdAt', 'desc']] },
      { name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc']] },
      // reconcile: approved / refunding ones left waiting.
      { name: 'status_updated', fields: [['status', 'asc'], ['updatedAt', 'asc']] },
    ],
  },
  {
    name: 'order_events',
    description: 'order.paid / order.completed / order.refunded facts, written with the fact (distribution builds on them)',
    permission: 'ADMINONLY',
    indexes: [{ name: 'order_at', fields: [['orderId', 'asc'], ['at', 'asc']] }, { name: 'type_at', fields: [['type', 'asc'], ['at', 'asc']] }],
  },
  {
    name: 'refund_anomalies',
    description: 'Refund callbacks that matched nothing we asked for (unknown refund, different amount), for a person',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'payments',
    description: 'Every payment callback that carried money, with its outcome, for reconciliation',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'order', fields: [['orderId', 'asc']] },
      { name: 'attention', fields: [['needsAttention', 'asc'], ['receivedAt', 'asc']] },
      // refundUnappliedPayments (pending, refunding), the merchant's list (by outcome), the refund callback (refundNo).
      { name: 'refund_status', fields: [['refundStatus', 'asc'], ['receivedAt', 'asc']] },
      { name: 'outcome_received', fields: [['outcome', 'asc'], ['receivedAt', 'desc']] },
      { name: 'refund_no', fields: [['refundNo', 'asc']] },
    ],
  },
  {
    name: 'distributors',
    description: 'Distributors (_id = openid): application, status, inviter, level, balance counters (= sums of the ledger)',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'status_applied', fields: [['status', 'asc'], ['appliedAt', 'desc']] },
      { name: 'applied', fields: [['appliedAt', 'desc']] },
      { name: 'inviter_applied', fields: [['inviter', 'asc'], ['appliedAt', 'desc']] },
    ],
  },
  {
    name: 'bindings',
    description: 'Who each shopper is bound to (_id = the shopper openid): distributor, since, the token it came through',
    permission: 'ADMINONLY',
    indexes: [{ name: 'distributor_since', fields: [['distributor', 'asc'], ['since', 'desc']] }],
  },
  {
    name: 'share_links',
    description: 'Share links (_id = token, <= 32 of [A-Za-z0-9]), one per distributor and target, with funnel counters',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'owner_target', fields: [['distributor', 'asc'], ['targetKey', 'asc']], unique: true },
      { name: 'owner_created', fields: [['distributor', 'asc'], ['createdAt', 'desc']] },
    ],
  },
  {
    name: 'visits',
    description: 'Every entry (user.enter): scene class, share token, whether it bound the shopper',
    permission: 'ADMINONLY',
    indexes: [{ name: 'distributor_at', fields: [['distributor', 'asc'], ['at', 'desc']] }],
  },
  {
    name: 'ledger_entries',
    description: 'The commission ledger, append-only (commission, reversal, withdrawal, withdrawal_return; pending -> settled)',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'owner_created', fields: [['distributor', 'asc'], ['createdAt', 'desc']] },
      { name: 'owner_status_created', fields: [['distributor', 'asc'], ['status', 'asc'], ['createdAt', 'desc']] },
    ],
  },
  {
    name: 'commission_orders',
    description: 'Orders that earned commission (_id = order id): the settlement anchor, its entries and when it is due',
    permission: 'ADMINONLY',
    indexes: [{ name: 'status_due', fields: [['status', 'asc'], ['dueAt', 'asc']] }],
  },
  {
    name: 'withdrawals',
    description: 'Distributor withdrawals: pending -> paid (manual or WeChat transfer) | rejected (money returned)',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'owner_created', fields: [['distributor', 'asc'], ['createdAt', 'desc']] },
      { name: 'status_created', fields: [['status', 'asc'], ['createdAt', 'desc']] },
      { name: 'created', fields: [['createdAt', 'desc']] },
    ],
  },
  {
    name: 'stores',
    description: 'Offline stores (门店) live rooms belong to',
    permission: 'ADMINONLY',
    indexes: [{ name: 'sort', fields: [['sort', 'asc']] }],
  },
  {
    name: 'live_rooms',
    description: 'Live rooms (_id = WeChat roomId): schedule, WeChat live_status and phase, replay, what is explained now',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'phase_start', fields: [['phase', 'asc'], ['startTime', 'desc']] },
      { name: 'store_phase_start', fields: [['storeId', 'asc'], ['phase', 'asc'], ['startTime', 'desc']] },
      { name: 'start', fields: [['startTime', 'desc']] },
    ],
  },
  {
    name: 'live_goods',
    description: 'Products in live rooms (_id = roomId_productId): WeChat goods id, audit state, live price',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'room', fields: [['roomId', 'asc'], ['submittedAt', 'asc']] },
      { name: 'product', fields: [['productId', 'asc']] },
      { name: 'audit', fields: [['auditStatus', 'asc'], ['submittedAt', 'asc']] },
    ],
  },
  {
    name: 'live_explains',
    description: 'goods/push history (what the anchor explained from when), for the room timeline',
    permission: 'ADMINONLY',
    indexes: [{ name: 'room_at', fields: [['roomId', 'asc'], ['at', 'asc']] }],
  },
  {
    name: 'live_coupons',
    description: 'Coupon templates offered in a room (_id = roomId_templateId)',
    permission: 'ADMINONLY',
    indexes: [{ name: 'room', fields: [['roomId', 'asc'], ['addedAt', 'asc']] }],
  },
  {
    name: 'live_reminders',
    description: 'Shoppers to remind when a room goes live (_id = roomId_openid): waiting -> sending -> sent | failed',
    permission: 'ADMINONLY',
    indexes: [{ name: 'room_status', fields: [['roomId', 'asc'], ['status', 'asc'], ['createdAt', 'asc']] }],
  },
  {
    name: 'lotteries',
    description: 'Live lotteries: commitment, secret seed (revealed at the draw), winners and their prizes',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'status_ends', fields: [['status', 'asc'], ['endsAt', 'asc']] },
      { name: 'room_started', fields: [['roomId', 'asc'], ['startedAt', 'desc']] },
    ],
  },
  {
    name: 'lottery_entries',
    description: 'Lottery participants (_id = lotteryId_openid), with their public ticket',
    permission: 'ADMINONLY',
    indexes: [{ name: 'lottery_ticket', fields: [['lotteryId', 'asc'], ['ticket', 'asc']] }],
  },
  {
    name: 'sandbox_wxpay',
    description: 'Local cloud only: the WeChat Pay sandbox\'s journal (orders, payments taken, refunds), so it remembers across restarts',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'sandbox_live',
    description: 'Local cloud only: the live sandbox\'s journal (rooms, goods and audits, subscribe consents, sent messages), so WeChat\'s live state survives restarts',
    permission: 'ADMINONLY',
    indexes: [],
  },
  {
    name: 'kv_test',
    description: 'Scratch collection used by the store contract tests only',
    permission: 'ADMINONLY',
    indexes: [
      { name: 'uniq_owner_key', fields: [['owner', 'asc'], ['key', 'asc']], unique: true },
      { name: 'n', fields: [['n', 'asc']] },
    ],
  },
];

export const COLLECTION_NAMES: ReadonlySet<string> = new Set(COLLECTIONS.map((c) => c.name));

export function collectionSpec(name: string): CollectionSpec | undefined {
  return COLLECTIONS.find((c) => c.name === name);
}
