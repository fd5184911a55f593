/** Function `pay`: WeChat Pay prepay for the caller's pending order (cloudPay in the cloud, the sandbox locally). */
import * as z from 'zod/mini';
import { prepay } from '../app/payments';
import { action, defineFunction, schemas } from './kit';

export const pay = defineFunction('pay', {
  prepay: action(z.strictObject({ orderId: schemas.id }), (p, ctx, deps) => prepay(deps, ctx.openid, p.orderId)),
});
