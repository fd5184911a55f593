/**
 * Function `user`: who am I, and the caller's shipping addresses.
 * The schemas fix the shape (strict keys, plain strings, booleans); domain/address checks lengths and phone formats.
 */
import * as z from 'zod/mini';
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
});
