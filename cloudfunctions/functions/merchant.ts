/** Function `merchant`: the merchant workbench (merchants only; the role comes from the users collection). */
import * as z from 'zod/mini';
import { shipOrder } from '../app/orders';
import { action, defineFunction, schemas } from './kit';

export const merchant = defineFunction('merchant', {
  shipOrder: action(
    z.strictObject({
      orderId: schemas.id,
      carrier: schemas.text(20, { min: 1 }),
      trackingNo: z.string().check(z.regex(/^[A-Za-z0-9-]{4,40}$/, '4..40 letters, digits or -')),
    }),
    (p, ctx, deps) => shipOrder(deps, ctx.openid, p),
  ),
});
