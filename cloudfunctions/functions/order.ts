/** Function `order`: checkout and the shopper's orders. */
import * as z from 'zod/mini';
import { ORDER_MAX_LINES, ORDER_MAX_QTY, REFUND_MAX_IMAGES, REFUND_REASONS } from '../../typings/api';
import { afterSaleDetail, cancelRefund, listAfterSales, refundQuote, requestRefund } from '../app/after-sales';
import { cancelOrder, confirmReceipt, createOrder, listOrders, orderDetail, quote } from '../app/orders';
import { action, defineFunction, schemas } from './kit';

const items = z.array(z.strictObject({
  skuId: schemas.id,
  qty: z.number().check(z.int(), z.minimum(1), z.maximum(ORDER_MAX_QTY)),
})).check(z.minLength(1), z.maxLength(ORDER_MAX_LINES));
const couponId = z.optional(z.nullable(schemas.id));
const orderId = z.strictObject({ orderId: schemas.id });
export const orderStatus = z.enum(['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunded']);
const status = orderStatus;
const refundLines = z.optional(z.array(z.strictObject({
  skuId: schemas.id,
  qty: z.number().check(z.int(), z.minimum(1), z.maximum(ORDER_MAX_QTY)),
})).check(z.minLength(1), z.maxLength(ORDER_MAX_LINES)));
/** A cloud file id (cloud://env.bucket/path) or an https URL: what wx.cloud.uploadFile and a CDN give. */
const image = z.string().check(z.maxLength(512), z.regex(/^(cloud:\/\/[\w.-]+\/[\w./-]+|https:\/\/[\w.-]+(:\d+)?\/[\w./%-]*)$/, 'a cloud:// file id or an https URL'));

/** The live room the shopper came from (the plugin's room_id). */
const live = z.strictObject({ roomId: schemas.id });

export const order = defineFunction('order', {
  quote: action(z.strictObject({ items, couponId, addressId: z.optional(schemas.id), live: z.optional(live) }), (p, ctx, deps) => quote(deps, ctx.openid, p)),
  create: action(
    z.strictObject({
      items,
      couponId,
      addressId: schemas.id,
      remark: z.optional(schemas.text(200)),
      requestId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, '8..64 of [A-Za-z0-9_-]')),
      fromCart: z.optional(z.boolean()),
      expectedPayable: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100_000_000_00))),
      live: z.optional(live),
    }),
    (p, ctx, deps) => createOrder(deps, ctx.openid, p),
  ),
  list: action(z.strictObject({ status: z.optional(status), cursor: z.optional(schemas.cursor) }), (p, ctx, deps) => listOrders(deps, ctx.openid, p)),
  detail: action(orderId, (p, ctx, deps) => orderDetail(deps, ctx.openid, p.orderId)),
  cancel: action(orderId, (p, ctx, deps) => cancelOrder(deps, ctx.openid, p.orderId)),
  confirmReceipt: action(orderId, (p, ctx, deps) => confirmReceipt(deps, ctx.openid, p.orderId)),
  refundQuote: action(z.strictObject({ orderId: schemas.id, lines: refundLines }), (p, ctx, deps) => refundQuote(deps, ctx.openid, p)),
  requestRefund: action(
    z.strictObject({
      orderId: schemas.id,
      lines: refundLines,
      reason: z.enum(REFUND_REASONS),
      description: z.optional(schemas.text(200, { multiline: true })),
      images: z.optional(z.array(image).check(z.maxLength(REFUND_MAX_IMAGES))),
    }),
    (p, ctx, deps) => requestRefund(deps, ctx.openid, p),
  ),
  cancelRefund: action(z.strictObject({ id: schemas.id }), (p, ctx, deps) => cancelRefund(deps, ctx.openid, p.id)),
  afterSales: action(z.strictObject({ cursor: z.optional(schemas.cursor) }), (p, ctx, deps) => listAfterSales(deps, ctx.openid, p)),
  afterSale: action(z.strictObject({ id: schemas.id }), (p, ctx, deps) => afterSaleDetail(deps, ctx.openid, p.id)),
});
