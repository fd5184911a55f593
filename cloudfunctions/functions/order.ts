/** Function `order`: checkout and the shopper's orders. */
import * as z from 'zod/mini';
import { ORDER_MAX_LINES, ORDER_MAX_QTY } from '../../typings/api';
import { cancelOrder, confirmReceipt, createOrder, listOrders, orderDetail, quote } from '../app/orders';
import { action, defineFunction, schemas } from './kit';

const items = z.array(z.strictObject({
  skuId: schemas.id,
  qty: z.number().check(z.int(), z.minimum(1), z.maximum(ORDER_MAX_QTY)),
})).check(z.minLength(1), z.maxLength(ORDER_MAX_LINES));
const couponId = z.optional(z.nullable(schemas.id));
const orderId = z.strictObject({ orderId: schemas.id });
const status = z.enum(['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunding', 'refunded']);

export const order = defineFunction('order', {
  quote: action(z.strictObject({ items, couponId, addressId: z.optional(schemas.id) }), (p, ctx, deps) => quote(deps, ctx.openid, p)),
  create: action(
    z.strictObject({
      items,
      couponId,
      addressId: schemas.id,
      remark: z.optional(schemas.text(200)),
      requestId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, '8..64 of [A-Za-z0-9_-]')),
      fromCart: z.optional(z.boolean()),
      expectedPayable: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100_000_000_00))),
    }),
    (p, ctx, deps) => createOrder(deps, ctx.openid, p),
  ),
  list: action(z.strictObject({ status: z.optional(status), cursor: z.optional(schemas.cursor) }), (p, ctx, deps) => listOrders(deps, ctx.openid, p)),
  detail: action(orderId, (p, ctx, deps) => orderDetail(deps, ctx.openid, p.orderId)),
  cancel: action(orderId, (p, ctx, deps) => cancelOrder(deps, ctx.openid, p.orderId)),
  confirmReceipt: action(orderId, (p, ctx, deps) => confirmReceipt(deps, ctx.openid, p.orderId)),
});
