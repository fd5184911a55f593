/** Coupon documents as shoppers see them. */
import type { Coupon, CouponStatus } from '../../typings/api';
import type { CouponRecord } from './records';

/** unused and not yet expired -> usable; unused past validTo -> expired; locked and used as they are. */
export function couponStatus(c: CouponRecord, now: number): CouponStatus {
  if (c.status === 'used') return 'used';
  if (c.status === 'locked') return 'locked';
  return now > c.validTo ? 'expired' : 'usable';
}

export function toCoupon(c: CouponRecord, now: number): Coupon {
  return {
    id: c._id,
    templateId: c.templateId,
    name: c.name,
    kind: c.kind,
    threshold: c.threshold,
    amountOff: c.amountOff,
    discountBps: c.discountBps,
    maxOff: c.maxOff,
    scope: c.scope,
    status: couponStatus(c, now),
    validFrom: c.validFrom,
    validTo: c.validTo,
    orderId: c.orderId,
  };
}
