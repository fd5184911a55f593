/**
 * After-sale display rules shared by the shopper's pages (order detail, packages/aftersale) and the merchant's
 * (packages/merchant): status words, refund reasons, which orders offer a refund. Pure, no wx.
 */
import type { AfterSaleStatus, OrderStatus, RefundReason } from '../../typings/api';

/** The status as the shopper reads it (after-sale list, detail header, the order's 售后 row). */
export const AFTER_SALE_STATUS_TEXT: Readonly<Record<AfterSaleStatus, string>> = {
  requested: '待商家处理',
  approved: '商家已同意',
  refunding: '退款中',
  refunded: '退款成功',
  failed: '退款失败',
  rejected: '已拒绝',
  cancelled: '已撤销',
};

/** The line under the status on the shopper's after-sale detail (rejected: the merchant's note when there is one). */
export const AFTER_SALE_STATUS_HINT: Readonly<Record<AfterSaleStatus, string>> = {
  requested: '申请已提交，等待商家处理',
  approved: '商家已同意退款，正在发起退款',
  refunding: '商家已同意，退款将原路退回到你的支付账户',
  refunded: '退款已原路退回，请留意微信支付通知',
  failed: '退款遇到问题，商家正在处理，请耐心等待',
  rejected: '商家拒绝了你的申请，如有疑问请联系客服',
  cancelled: '你已撤销本次申请',
};

/** Timeline entry titles of an after-sale. */
export const AFTER_SALE_TIMELINE_TEXT: Readonly<Record<AfterSaleStatus, string>> = {
  requested: '提交退款申请',
  approved: '商家同意退款',
  refunding: '退款处理中',
  refunded: '退款成功',
  failed: '退款失败',
  rejected: '商家拒绝退款',
  cancelled: '撤销申请',
};

/** The same statuses as the merchant's queue words them. */
export const MERCHANT_AFTER_SALE_STATUS_TEXT: Readonly<Record<AfterSaleStatus, string>> = {
  requested: '待处理',
  approved: '已同意',
  refunding: '退款中',
  refunded: '已退款',
  failed: '退款失败',
  rejected: '已拒绝',
  cancelled: '买家已撤销',
};

export const REFUND_REASON_TEXT: Readonly<Record<RefundReason, string>> = {
  not_wanted: '不想要了',
  wrong_item: '商家发错货',
  damaged: '商品破损',
  not_received: '未收到货',
  other: '其他',
};

/** Statuses in which the after-sale is still open (the order can have no other). Mirrors OPEN_AFTER_SALE of typings. */
const OPEN: ReadonlySet<AfterSaleStatus> = new Set<AfterSaleStatus>(['requested', 'approved', 'refunding', 'failed']);

export function isOpenAfterSale(status: AfterSaleStatus): boolean {
  return OPEN.has(status);
}

/** The tag of an order with an after-sale open (the shopper's order card, the merchant's order desk): "售后 · 退款中". */
export function afterSaleTagText(status: AfterSaleStatus): string {
  return `售后 · ${AFTER_SALE_STATUS_TEXT[status] ?? status}`;
}

/** Ended well (refunded) or not at all (rejected, cancelled): grey in the lists. */
export function isClosedAfterSale(status: AfterSaleStatus): boolean {
  return !OPEN.has(status);
}

/** The order detail's refund entry: 申请退款 before shipping, 申请售后 once shipped or received; '' where none applies. */
export function refundEntryText(status: OrderStatus): string {
  if (status === 'paid') return '申请退款';
  if (status === 'shipped' || status === 'completed') return '申请售后';
  return '';
}

export function reasonText(reason: string): string {
  return (REFUND_REASON_TEXT as Record<string, string>)[reason] ?? '其他';
}
