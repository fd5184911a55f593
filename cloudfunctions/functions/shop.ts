/** Function `shop`: the catalogue. */
import * as z from 'zod/mini';
import { getProduct, listCategories, listProducts } from '../app/catalog';
import { getHome } from '../app/merchandising';
import { shareTarget } from '../app/dist';
import { action, defineFunction, schemas } from './kit';

export const shop = defineFunction('shop', {
  categories: action(schemas.empty, (_p, _ctx, deps) => listCategories(deps)),
  products: action(
    z.strictObject({
      categoryId: z.optional(schemas.id),
      keyword: z.optional(schemas.keyword),
      sort: z.optional(z.enum(['default', 'sales', 'price_asc', 'price_desc'])),
      cursor: z.optional(schemas.cursor),
      limit: z.optional(schemas.limit),
    }),
    (p, _ctx, deps) => listProducts(deps, p),
  ),
  product: action(z.strictObject({ id: schemas.id }), (p, _ctx, deps) => getProduct(deps, p.id)),
  home: action(schemas.empty, (_p, _ctx, deps) => getHome(deps)),
  shareTarget: action(z.strictObject({ token: z.string().check(z.regex(/^[A-Za-z0-9]{1,32}$/, '1..32 of [A-Za-z0-9]')) }), (p, _ctx, deps) => shareTarget(deps, p.token)),
});
