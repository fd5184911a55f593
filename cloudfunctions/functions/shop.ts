/** Function `shop`: the catalogue. */
import { z } from 'zod';
import { getProduct, listCategories, listProducts } from '../app/catalog';
import { action, defineFunction, schemas } from './kit';

export const shop = defineFunction('shop', {
  categories: action(schemas.empty, (_p, _ctx, deps) => listCategories(deps)),
  products: action(
    z.strictObject({
      categoryId: schemas.id.optional(),
      keyword: schemas.keyword.optional(),
      cursor: schemas.cursor.optional(),
      limit: schemas.limit.optional(),
    }),
    (p, _ctx, deps) => listProducts(deps, p),
  ),
  product: action(z.strictObject({ id: schemas.id }), (p, _ctx, deps) => getProduct(deps, p.id)),
});
