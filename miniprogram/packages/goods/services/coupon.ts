/**
 * Coupons a product page offers (cloud function `coupon`). The goods subpackage's own (a subpackage cannot require
 * another subpackage's code, so it cannot use packages/coupon/services).
 */
import type { Coupon, ProductCoupon } from '../../../../typings/api';
import { call } from '../../../services/api';

/** The center's coupons that apply to the product, best first. */
export function listProductCoupons(productId: string): Promise<ProductCoupon[]> {
  return call('coupon', 'forProduct', { productId });
}

export function claimCoupon(templateId: string): Promise<Coupon> {
  return call('coupon', 'claim', { templateId });
}
