/** Function `merchant`: the merchant workbench (merchants only; the role comes from the users collection). */
import * as z from 'zod/mini';
import { merchantAfterSales, retryRefund, reviewRefund } from '../app/after-sales';
import { merchantOrder, merchantOrders, shipOrder } from '../app/orders';
import { listUnapplied } from '../app/unapplied';
import {
  distributionSettings, freezeDistributor, merchantDistributors, merchantWithdrawals, reviewDistributor, reviewWithdrawal, saveDistributionSettings,
  setDistributorLevel,
} from '../app/dist';
import { action, defineFunction, schemas } from './kit';
import { orderStatus } from './order';

const afterSaleStatus = z.enum(['requested', 'approved', 'refunding', 'refunded', 'failed', 'rejected', 'cancelled']);

export const merchant = defineFunction('merchant', {
  shipOrder: action(
    z.strictObject({
      orderId: schemas.id,
      carrier: schemas.text(20, { min: 1 }),
      trackingNo: z.string().check(z.regex(/^[A-Za-z0-9-]{4,40}$/, '4..40 letters, digits or -')),
    }),
    (p, ctx, deps) => shipOrder(deps, ctx.openid, p),
  ),
  orders: action(
    z.strictObject({ status: z.optional(orderStatus), keyword: z.optional(schemas.text(40, { min: 1 })), cursor: z.optional(schemas.cursor) }),
    (p, ctx, deps) => merchantOrders(deps, ctx.openid, p),
  ),
  order: action(z.strictObject({ orderId: schemas.id }), (p, ctx, deps) => merchantOrder(deps, ctx.openid, p.orderId)),
  afterSales: action(
    z.strictObject({ status: z.optional(z.union([afterSaleStatus, z.array(afterSaleStatus).check(z.minLength(1), z.maxLength(7))])), cursor: z.optional(schemas.cursor) }),
    (p, ctx, deps) => merchantAfterSales(deps, ctx.openid, p),
  ),
  reviewRefund: action(
    z.strictObject({ id: schemas.id, approve: z.boolean(), note: z.optional(schemas.text(100, { multiline: true })), restock: z.optional(z.boolean()) }),
    (p, ctx, deps) => reviewRefund(deps, ctx.openid, p),
  ),
  retryRefund: action(z.strictObject({ id: schemas.id }), (p, ctx, deps) => retryRefund(deps, ctx.openid, p.id)),
  unappliedPayments: action(z.strictObject({ cursor: z.optional(schemas.cursor) }), (p, ctx, deps) => listUnapplied(deps, ctx.openid, p)),
  distributors: action(
    z.strictObject({ status: z.optional(z.enum(['pending', 'approved', 'rejected', 'frozen'])), cursor: z.optional(schemas.cursor) }),
    (p, ctx, deps) => merchantDistributors(deps, ctx.openid, p),
  ),
  reviewDistributor: action(
    z.strictObject({ openid: schemas.id, approve: z.boolean(), note: z.optional(schemas.text(100)) }),
    (p, ctx, deps) => reviewDistributor(deps, ctx.openid, p),
  ),
  freezeDistributor: action(z.strictObject({ openid: schemas.id, frozen: z.boolean() }), (p, ctx, deps) => freezeDistributor(deps, ctx.openid, p)),
  setDistributorLevel: action(
    z.strictObject({ openid: schemas.id, level: z.nullable(z.string().check(z.minLength(1), z.maxLength(32))) }),
    (p, ctx, deps) => setDistributorLevel(deps, ctx.openid, p),
  ),
  withdrawals: action(
    z.strictObject({ status: z.optional(z.enum(['pending', 'transferring', 'paid', 'rejected'])), cursor: z.optional(schemas.cursor) }),
    (p, ctx, deps) => merchantWithdrawals(deps, ctx.openid, p),
  ),
  reviewWithdrawal: action(
    z.strictObject({ id: schemas.id, approve: z.boolean(), note: z.optional(schemas.text(100)) }),
    (p, ctx, deps) => reviewWithdrawal(deps, ctx.openid, p),
  ),
  distributionSettings: action(schemas.empty, (_p, ctx, deps) => distributionSettings(deps, ctx.openid)),
  saveDistributionSettings: action(
    z.strictObject({
      enabled: z.optional(z.boolean()),
      autoApprove: z.optional(z.boolean()),
      bindMode: z.optional(z.enum(['first_touch', 'protected', 'last_touch'])),
      protectDays: z.optional(z.number().check(z.int())),
      newCustomersOnly: z.optional(z.boolean()),
      selfPurchase: z.optional(z.boolean()),
      tier1Bps: z.optional(z.number().check(z.int())),
      tier2Bps: z.optional(z.number().check(z.int())),
      settleDays: z.optional(z.number().check(z.int())),
      minWithdraw: z.optional(z.number().check(z.int())),
      maxWithdrawalsPerDay: z.optional(z.number().check(z.int())),
      payout: z.optional(z.enum(['manual', 'wechat_transfer'])),
    }),
    (p, ctx, deps) => saveDistributionSettings(deps, ctx.openid, p),
  ),
});
