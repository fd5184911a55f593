/**
 * Function `dist`: the distributor's side of distribution (apply, links and posters, the centre, the ledger,
 * withdrawals). Identity is the caller's openid; every action but `apply` and `me` needs an approved (or, for reading,
 * any) distributor record, else FORBIDDEN.
 */
import * as z from 'zod/mini';
import {
  apply, confirmWithdrawal, distMe, linkFor, listCustomers, listLedger, listLinks, listTeam, listWithdrawals, poster, promote, requestWithdrawal,
} from '../app/dist';
import { action, defineFunction, schemas } from './kit';

const target = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('product'), id: schemas.id }),
  z.strictObject({ type: z.literal('home') }),
]);
const page = z.strictObject({ cursor: z.optional(schemas.cursor) });

export const dist = defineFunction('dist', {
  apply: action(
    z.strictObject({ realName: schemas.text(20, { min: 2 }), phone: z.string().check(z.regex(/^1\d{10}$/, '11-digit mobile number')), reason: z.optional(schemas.text(200, { multiline: true })) }),
    (p, ctx, deps) => apply(deps, ctx.openid, p),
  ),
  me: action(schemas.empty, (_p, ctx, deps) => distMe(deps, ctx.openid)),
  link: action(z.strictObject({ target }), async (p, ctx, deps) => {
    const r = await linkFor(deps, ctx.openid, p.target);
    return r.ok ? { ok: true, data: { token: r.data._id, path: r.data.path } } : r;
  }),
  poster: action(z.strictObject({ target }), (p, ctx, deps) => poster(deps, ctx.openid, p.target)),
  links: action(page, (p, ctx, deps) => listLinks(deps, ctx.openid, p.cursor)),
  customers: action(page, (p, ctx, deps) => listCustomers(deps, ctx.openid, p.cursor)),
  team: action(page, (p, ctx, deps) => listTeam(deps, ctx.openid, p.cursor)),
  ledger: action(z.strictObject({ status: z.optional(z.enum(['pending', 'settled'])), cursor: z.optional(schemas.cursor) }), (p, ctx, deps) => listLedger(deps, ctx.openid, p)),
  withdraw: action(z.strictObject({ amount: z.number().check(z.int(), z.minimum(1), z.maximum(100_000_000)) }), (p, ctx, deps) => requestWithdrawal(deps, ctx.openid, p.amount)),
  withdrawals: action(page, (p, ctx, deps) => listWithdrawals(deps, ctx.openid, p.cursor)),
  confirmWithdrawal: action(z.strictObject({ id: schemas.id }), (p, ctx, deps) => confirmWithdrawal(deps, ctx.openid, p.id)),
  promote: action(page, (p, ctx, deps) => promote(deps, ctx.openid, p.cursor)),
}, { openapi: ['wxacode.getUnlimited'] });
