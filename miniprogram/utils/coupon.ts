/** Coupon display rules besides money (money is formatted in format.wxs). Pure, no wx. */
import type { CouponScope, CouponStatus } from '../../typings/api';
import { formatDate } from './time';

export interface CouponValidity {
  validFrom?: number | null;
  validTo?: number | null;
  validDays?: number | null;
}

/** "2026.11.01 - 2026.11.30", "领取后 7 天内有效", or ''. */
export function validityText(c: CouponValidity | null | undefined): string {
  if (!c) return '';
  if (typeof c.validFrom === 'number' && typeof c.validTo === 'number') return `${formatDate(c.validFrom)} - ${formatDate(c.validTo)}`;
  if (typeof c.validDays === 'number' && c.validDays > 0) return `领取后 ${c.validDays} 天内有效`;
  return '';
}

export function scopeText(scope: CouponScope | null | undefined): string {
  if (!scope || scope.type === 'all') return '全场通用';
  return scope.type === 'categories' ? '限指定分类商品' : '限指定商品';
}

export const COUPON_STATUS_TEXT: Record<CouponStatus, string> = {
  usable: '可使用',
  locked: '待支付订单占用中',
  used: '已使用',
  expired: '已过期',
};
