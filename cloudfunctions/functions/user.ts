/**
 * Function `user`: who am I, and the caller's shipping addresses.
 * The schemas fix the shape (strict keys, plain strings, booleans); domain/address checks lengths and phone formats.
 */
import * as z from 'zod/mini';
import { enter } from '../app/dist';
import { getMe, listAddresses, removeAddress, saveAddress } from '../app/users';
import { action, defineFunction, schemas } from './kit';

const text = (max: number) => schemas.text(max);

export const user = defineFunction('user', {
  me: action(schemas.empty, (_p, ctx, deps) => getMe(deps, ctx.openid)),
  addresses: action(schemas.empty, (_p, ctx, deps) => listAddresses(deps, ctx.openid)),
  saveAddress: action(
    z.strictObject({
      id: z.optional(schemas.id),
      name: text(100),
      phone: text(30),
      province: text(100),
      city: text(100),
      district: text(100),
      detail: text(500),
      isDefault: z.optional(z.boolean()),
    }),
    (p, ctx, deps) => saveAddress(deps, ctx.openid, p),
  ),
  removeAddress: action(z.strictObject({ id: schemas.id }), (p, ctx, deps) => removeAddress(deps, ctx.openid, p.id)),
  // The app calls it on launch and on show with wx.getEnterOptionsSync(): scene, the page query (st = a share token).
  enter: action(
    z.strictObject({
      scene: z.number().check(z.int(), z.minimum(1000), z.maximum(9999)),
      query: z.optional(z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(512)))),
      shareTicket: z.optional(z.string().check(z.maxLength(256))),
    }),
    (p, ctx, deps) => enter(deps, ctx.openid, p),
  ),
});
