/** Function `live`: what shoppers see of live commerce (rooms, a room, the product's live room, reminders, lotteries). */
import * as z from 'zod/mini';
import { joinLottery, listRooms, listStores, lotteryDetail, productLive, remind, roomDetail } from '../app/live';
import { action, defineFunction, schemas } from './kit';

export const liveStatus = z.enum(['live', 'upcoming', 'ended']);

export const live = defineFunction('live', {
  rooms: action(
    z.strictObject({ status: z.optional(liveStatus), storeId: z.optional(schemas.id), cursor: z.optional(schemas.cursor) }),
    (p, ctx, deps) => listRooms(deps, ctx.openid, p),
  ),
  room: action(z.strictObject({ roomId: schemas.id }), (p, ctx, deps) => roomDetail(deps, ctx.openid, p.roomId)),
  stores: action(schemas.empty, (_p, _ctx, deps) => listStores(deps)),
  product: action(z.strictObject({ productId: schemas.id, roomId: z.optional(schemas.id) }), (p, _ctx, deps) => productLive(deps, p)),
  remind: action(z.strictObject({ roomId: schemas.id }), (p, ctx, deps) => remind(deps, ctx.openid, p.roomId)),
  lottery: action(z.strictObject({ lotteryId: schemas.id }), (p, ctx, deps) => lotteryDetail(deps, ctx.openid, p.lotteryId)),
  joinLottery: action(z.strictObject({ lotteryId: schemas.id }), (p, ctx, deps) => joinLottery(deps, ctx.openid, p.lotteryId)),
});
