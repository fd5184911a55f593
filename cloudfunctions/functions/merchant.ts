/** Function `merchant`: the merchant workbench (merchants only; the role comes from the users collection). */
import * as z from 'zod/mini';
import { merchantAfterSales, retryRefund, reviewRefund } from '../app/after-sales';
import { merchantOrder, merchantOrders, shipOrder } from '../app/orders';
import { listUnapplied } from '../app/unapplied';
import {
  distributionSettings, freezeDistributor, merchantDistributors, merchantWithdrawals, reviewDistributor, reviewWithdrawal, saveDistributionSettings,
  setDistributorLevel,
} from '../app/dist';
import {
  addLiveCoupon, addLiveGoods, couponTemplates, createLiveRoom, liveStats, liveStoreStats, merchantLiveRoom, merchantLiveRooms, pushLiveGoods,
  removeLiveCoupon, removeLiveGoods, startLottery,
} from '../app/live';
import { LIVE_OPENAPI } from '../adapters/live-cloud';
import { action, defineFunction, schemas } from './kit';
import { orderStatus } from './order';

/** Epoch milliseconds (2020..2100). */
const epochMs = z.number().check(z.int(), z.minimum(1_577_836_800_000), z.maximum(4_102_444_800_000));

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
  createLiveRoom: action(
    z.strictObject({
      name: schemas.text(17, { min: 1 }),
      anchorName: schemas.text(15, { min: 1 }),
      startTime: epochMs,
      endTime: epochMs,
      cover: z.optional(z.string().check(z.regex(/^(https:\/\/|cloud:\/\/)[^\s]{1,500}$/, 'an https:// or cloud:// image'))),
      storeId: z.optional(schemas.id),
    }),
    (p, ctx, deps) => createLiveRoom(deps, ctx.openid, p),
  ),
  liveRooms: action(z.strictObject({ storeId: z.optional(schemas.id), cursor: z.optional(schemas.cursor) }), (p, ctx, deps) => merchantLiveRooms(deps, ctx.openid, p)),
  liveRoom: action(z.strictObject({ roomId: schemas.id }), (p, ctx, deps) => merchantLiveRoom(deps, ctx.openid, p.roomId)),
  addLiveGoods: action(
    z.strictObject({ roomId: schemas.id, productId: schemas.id, livePrice: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100_000_000))) }),
    (p, ctx, deps) => addLiveGoods(deps, ctx.openid, p),
  ),
  removeLiveGoods: action(z.strictObject({ roomId: schemas.id, productId: schemas.id }), (p, ctx, deps) => removeLiveGoods(deps, ctx.openid, p)),
  pushLiveGoods: action(z.strictObject({ roomId: schemas.id, productId: schemas.id }), (p, ctx, deps) => pushLiveGoods(deps, ctx.openid, p)),
  addLiveCoupon: action(z.strictObject({ roomId: schemas.id, templateId: schemas.id }), (p, ctx, deps) => addLiveCoupon(deps, ctx.openid, p)),
  removeLiveCoupon: action(z.strictObject({ roomId: schemas.id, templateId: schemas.id }), (p, ctx, deps) => removeLiveCoupon(deps, ctx.openid, p)),
  startLottery: action(
    z.strictObject({
      roomId: schemas.id,
      templateId: schemas.id,
      winners: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
      minutes: z.number().check(z.int(), z.minimum(1), z.maximum(60)),
    }),
    (p, ctx, deps) => startLottery(deps, ctx.openid, p),
  ),
  liveStats: action(z.strictObject({ roomId: schemas.id }), (p, ctx, deps) => liveStats(deps, ctx.openid, p.roomId)),
  liveStoreStats: action(schemas.empty, (_p, ctx, deps) => liveStoreStats(deps, ctx.openid)),
  couponTemplates: action(schemas.empty, (_p, ctx, deps) => couponTemplates(deps, ctx.openid)),
}, { openapi: [...LIVE_OPENAPI] });
