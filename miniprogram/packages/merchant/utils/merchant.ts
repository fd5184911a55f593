/** The merchant workbench's display rules: tabs, carriers, words for unapplied payments, shipment checks. Pure, no wx. */
import type { AfterSaleStatus, OrderStatus, UnappliedPayment, UnappliedRefundStatus, WithdrawalStatus } from '../../../../typings/api';
import { ORDER_TABS, type OrderTab } from '../../../utils/order';

/** The order desk's tabs, in order: the shopper's order tabs and 已退款. */
export const DESK_TABS: readonly OrderTab[] = [...ORDER_TABS, { title: '已退款', status: 'refunded' }];

/** The order status as the desk words it (待付款 is the buyer's to do: 待买家付款). */
export const DESK_STATUS_TEXT: Readonly<Record<OrderStatus, string>> = {
  pending_payment: '待买家付款',
  paid: '待发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
  refunded: '已退款',
};

export interface QueueTab {
  title: string;
  /** The after-sale statuses the tab lists (退款中 is both approved and refunding). */
  statuses: readonly AfterSaleStatus[];
}

/** The after-sales queue's tabs, in order. */
export const QUEUE_TABS: readonly QueueTab[] = [
  { title: '待处理', statuses: ['requested'] },
  { title: '退款中', statuses: ['approved', 'refunding'] },
  { title: '已完成', statuses: ['refunded'] },
  { title: '已拒绝', statuses: ['rejected'] },
  { title: '失败', statuses: ['failed'] },
];

/** The tab showing `status` (0 for anything no tab lists, e.g. cancelled). */
export function queueTabIndex(status: string | undefined): number {
  const i = QUEUE_TABS.findIndex((t) => (t.statuses as readonly string[]).includes(status ?? ''));
  return i < 0 ? 0 : i;
}

/** The carriers the ship popup offers, most used first. */
export const CARRIERS: readonly string[] = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '京东物流', 'EMS', '邮政快递包裹'];

/** What shipOrder accepts as a tracking number (functions/merchant.ts). */
const TRACKING_NO = /^[A-Za-z0-9-]{4,40}$/;

/** The problems of a shipment form, per field ({} when it can be sent). */
export function validateShipment(carrier: string, trackingNo: string): { carrier?: string; trackingNo?: string } {
  const errors: { carrier?: string; trackingNo?: string } = {};
  if (!CARRIERS.includes(carrier)) errors.carrier = '请选择快递公司';
  const no = trackingNo.trim();
  if (!no) errors.trackingNo = '请填写运单号';
  else if (!TRACKING_NO.test(no)) errors.trackingNo = '运单号为 4-40 位字母、数字或 -';
  return errors;
}

/**
 * What the order desk's search sends as `keyword`: the input without spaces and dashes. The server takes the full
 * order number or the readable number shoppers read out ("261120-100005-K3F9Q2", see utils/order displayOrderNo:
 * the time part, then the last six). '' for nothing to search.
 */
export function orderKeyword(input: string): string {
  return String(input ?? '').replace(/[\s-]/g, '');
}

/** The search is not an order number the server can find: the full one (D + 24) or the readable one (12 digits + 6). */
export function keywordProblem(keyword: string): string {
  const k = keyword.replace(/^[Dd]/, '');
  return keyword === '' || /^\d{12}[0-9A-Za-z]{6}$/.test(k) || /^\d{12}[0-9A-Za-z]{12}$/.test(k) ? '' : '请输入完整订单号，如 261120-100005-K3F9Q2';
}

/** Why a payment could not be applied to an order. */
export const UNAPPLIED_OUTCOME_TEXT: Readonly<Record<UnappliedPayment['outcome'], string>> = {
  amount_mismatch: '金额不符',
  unknown_order: '未知订单',
  refund_required: '订单已关闭需退款',
};

/** The refund of such a payment, and the tag type of its chip. */
export const UNAPPLIED_REFUND_TEXT: Readonly<Record<UnappliedRefundStatus, string>> = {
  pending: '待退款',
  refunding: '退款中',
  refunded: '已退款',
  failed: '退款失败',
};

export const UNAPPLIED_REFUND_TAG: Readonly<Record<UnappliedRefundStatus, 'warning' | 'primary' | 'success' | 'danger'>> = {
  pending: 'warning',
  refunding: 'primary',
  refunded: 'success',
  failed: 'danger',
};

/** 退回库存 starts on for an order that had not shipped when the refund was asked (the goods are still in the shop). */
export function defaultRestock(orderStatus: OrderStatus): boolean {
  return orderStatus === 'paid';
}

// ---------- distribution ----------

export interface DistributorTab {
  title: string;
  status: 'pending' | 'approved' | 'frozen' | 'rejected';
}

export const DISTRIBUTOR_TABS: readonly DistributorTab[] = [
  { title: '待审核', status: 'pending' },
  { title: '已通过', status: 'approved' },
  { title: '已冻结', status: 'frozen' },
  { title: '已拒绝', status: 'rejected' },
];

export interface WithdrawalTab {
  title: string;
  status: WithdrawalStatus;
}

export const WITHDRAWAL_TABS: readonly WithdrawalTab[] = [
  { title: '待审核', status: 'pending' },
  { title: '打款中', status: 'transferring' },
  { title: '已打款', status: 'paid' },
  { title: '已驳回', status: 'rejected' },
];

export const WITHDRAWAL_TEXT: Readonly<Record<WithdrawalStatus, string>> = {
  pending: '待审核',
  transferring: '打款中',
  paid: '已打款',
  rejected: '已驳回',
};

/** Basis points as the settings page shows a rate: 1000 -> "10", 1250 -> "12.5", 5 -> "0.05". */
export function bpsToPercent(bps: number): string {
  const v = Math.max(0, Math.round(bps));
  const whole = Math.floor(v / 100);
  const frac = v % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${frac % 10 === 0 ? frac / 10 : (frac < 10 ? '0' : '') + frac}`;
}

/** A percentage as typed ("10", "12.5", "0.05") -> basis points; null for anything else. */
export function percentToBps(input: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(String(input ?? '').trim().replace(/%$/, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
