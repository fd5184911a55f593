/** Coupon service (cloud function `coupon`): the coupon center, claiming, the shopper's coupons. */
import type { Coupon, CouponCenterItem } from '../../../../typings/api';
import { call } from '../../../services/api';

export type MyCouponStatus = 'usable' | 'used' | 'expired';

export function listCouponCenter(): Promise<CouponCenterItem[]> {
  return call('coupon', 'center', {});
}

export function claimCoupon(templateId: string): Promise<Coupon> {
  return call('coupon', 'claim', { templateId });
}

export function listMyCoupons(status: MyCouponStatus): Promise<Coupon[]> {
  return call('coupon', 'mine', { status });
}
