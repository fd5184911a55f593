/** Catalogue use cases: categories, the on-sale product feed (category / keyword, cursor pages), product detail. */
import type { Category, ProductDetail, ProductPage, ProductSort, ProductSummary, ProductsPayload } from '../../typings/api';
import { queryTokens, specDimensions } from '../domain/catalog';
import { productShipping } from '../domain/merchandising';
import type { Deps } from '../ports/context';
import { Cond, Filter, FindOptions, cond } from '../ports/store';
import type { CategoryRecord, ProductRecord, SkuRecord } from './records';
import { Result, fail, ok } from './result';
import { getSettings } from './settings';

export async function listCategories(deps: Deps): Promise<Result<Category[]>> {
  const { items } = await deps.store.find<CategoryRecord>('categories', {}, { orderBy: [['sort', 'asc']], limit: 1000 });
  return ok(items.map(toCategory));
}

/**
 * The sort keys of each product sort, `_id` last, so keyset cursors are exact under every sort. Each one is served by
 * an index declared in ports/schema.ts (onsale_sort, onsale_sales, onsale_price); price_desc breaks ties on `_id`
 * descending so the price index read backwards serves it.
 */
export const PRODUCT_ORDER: Record<ProductSort, NonNullable<FindOptions['orderBy']>> = {
  default: [['sort', 'desc'], ['_id', 'asc']],
  sales: [['sales', 'desc'], ['_id', 'asc']],
  price_asc: [['priceMin', 'asc'], ['_id', 'asc']],
  price_desc: [['priceMin', 'desc'], ['_id', 'desc']],
};

/**
 * One page of on-sale products (category, keyword, sort). The first page (no cursor) of a keyword search also counts
 * the query's matches with `count` on the same filter, in parallel with the page (the search page shows "共 N 件");
 * later pages and the home and category feeds do not pay for a count (null).
 */
export async function listProducts(deps: Deps, q: ProductsPayload): Promise<Result<ProductPage>> {
  const filter: Filter = { onSale: true };
  if (q.categoryId) filter.categoryPath = cond.has(q.categoryId);
  if (q.keyword) {
    const tokens = queryTokens(q.keyword);
    if (tokens.length === 0) return ok({ items: [], nextCursor: null, total: q.cursor ? null : 0 });
    filter.keywords = tokens.map((t): Cond => cond.has(t));
  }
  const [page, total] = await Promise.all([
    deps.store.find<ProductRecord>('products', filter, {
      orderBy: PRODUCT_ORDER[q.sort ?? 'default'],
      limit: q.limit ?? 20,
      cursor: q.cursor ?? null,
      omit: ['keywords', 'description', 'categoryPath', 'detailImages'],
    }),
    q.cursor || !q.keyword ? Promise.resolve(null) : deps.store.count('products', filter),
  ]);
  return ok({ items: page.items.map(toSummary), nextCursor: page.nextCursor, total });
}

export async function getProduct(deps: Deps, id: string): Promise<Result<ProductDetail>> {
  const p = await deps.store.get<ProductRecord>('products', id);
  if (!p || !p.onSale) return fail('NOT_FOUND', '商品不存在或已下架');
  const { items: skus } = await deps.store.find<SkuRecord>('skus', { productId: id }, { orderBy: [['sort', 'asc']], limit: 1000 });
  if (skus.length === 0) return fail('NOT_FOUND', '商品不存在或已下架');
  const settings = await getSettings(deps);
  return ok({
    ...toSummary(p),
    images: p.images,
    description: p.description,
    detailImages: p.detailImages ?? [],
    specs: specDimensions(skus, p.specNames),
    skus: skus.map((s) => ({
      id: s._id, specs: s.specs, price: s.price, originalPrice: s.originalPrice, stock: Math.max(0, s.stock), image: s.specImage ?? null,
    })),
    shipping: productShipping(settings.shipping, p.priceMin),
  });
}

function toCategory(c: CategoryRecord): Category {
  return { id: c._id, name: c.name, parentId: c.parentId, icon: c.icon, sort: c.sort };
}

function toSummary(p: ProductRecord): ProductSummary {
  return {
    id: p._id,
    categoryId: p.categoryId,
    title: p.title,
    subtitle: p.subtitle,
    image: p.images[0] ?? '',
    price: { min: p.priceMin, max: p.priceMax },
    originalPrice: p.originalPrice,
    sales: p.sales,
  };
}
