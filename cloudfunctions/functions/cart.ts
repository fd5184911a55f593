/** Function `cart`: the shopper's cart, kept on the server. Every action answers the fresh CartView. */
import * as z from 'zod/mini';
import { CART_MAX_LINES, CART_MAX_QTY } from '../../typings/api';
import { addItem, getCart, removeItems, selectItems, setItemQty } from '../app/cart';
import { action, defineFunction, schemas } from './kit';

const qty = z.number().check(z.int(), z.minimum(1), z.maximum(CART_MAX_QTY));
const skuIds = z.array(schemas.id).check(z.minLength(1), z.maxLength(CART_MAX_LINES));
const line = z.strictObject({ skuId: schemas.id, qty });

export const cart = defineFunction('cart', {
  get: action(schemas.empty, (_p, ctx, deps) => getCart(deps, ctx.openid)),
  add: action(line, (p, ctx, deps) => addItem(deps, ctx.openid, p)),
  set: action(line, (p, ctx, deps) => setItemQty(deps, ctx.openid, p)),
  remove: action(z.strictObject({ skuIds }), (p, ctx, deps) => removeItems(deps, ctx.openid, p)),
  select: action(z.strictObject({ skuIds, selected: z.boolean() }), (p, ctx, deps) => selectItems(deps, ctx.openid, p)),
});
