/** Function `coupon`: the coupon center, claiming a coupon, the shopper's own coupons. */
import * as z from 'zod/mini';
import { claimCoupon, couponCenter, myCoupons } from '../app/coupons';
import { productCoupons } from '../app/merchandising';
import { action, defineFunction, schemas } from './kit';

export const coupon = defineFunction('coupon', {
  center: action(schemas.empty, (_p, ctx, deps) => couponCenter(deps, ctx.openid)),
  forProduct: action(z.strictObject({ productId: schemas.id }), (p, ctx, deps) => productCoupons(deps, ctx.openid, p.productId)),
  claim: action(z.strictObject({ templateId: schemas.id, roomId: z.optional(schemas.id) }), (p, ctx, deps) => claimCoupon(deps, ctx.openid, p.templateId, p.roomId)),
  mine: action(z.strictObject({ status: z.enum(['usable', 'used', 'expired']) }), (p, ctx, deps) => myCoupons(deps, ctx.openid, p.status)),
});
