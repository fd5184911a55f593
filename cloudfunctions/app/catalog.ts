/** Catalogue use cases: categories, the on-sale product feed (category / keyword, cursor pages), product detail. */
import type { Category, Page, ProductDetail, ProductSummary, ProductsPayload } from '../../typings/api';
import { queryTokens, specDimensions } from '../domain/catalog';
import type { Deps } from '../ports/context';
import { Cond, Filter, cond } from '../ports/store';
import type { CategoryRecord, ProductRecord, SkuRecord } from './records';
import { Result, fail, ok } from './result';

export async function listCategories(deps: Deps): Promise<Result<Category[]>> {
  const { items } = await deps.store.find<CategoryRecord>('categories', {}, { orderBy: [['sort', 'asc']], limit: 1000 });
  return ok(items.map(toCategory));
}

export async function listProducts(deps: Deps, q: ProductsPayload): Promise<Result<Page<ProductSummary>>> {
  const filter: Filter = { onSale: true };
  if (q.categoryId) filter.categoryPath = cond.has(q.categoryId);
  if (q.keyword) {
    const tokens = queryTokens(q.keyword);
    if (tokens.length === 0) return ok({ items: [], nextCursor: null });
    filter.keywords = tokens.map((t): Cond => cond.has(t));
  }
  const page = await deps.store.find<ProductRecord>('products', filter, {
    orderBy: [['sort', 'desc']],
    limit: q.limit ?? 20,
    cursor: q.cursor ?? null,
    omit: ['keywords', 'description', 'categoryPath'],
  });
  return ok({ items: page.items.map(toSummary), nextCursor: page.nextCursor });
}

export async function getProduct(deps: Deps, id: string): Promise<Result<ProductDetail>> {
  const p = await deps.store.get<ProductRecord>('products', id);
  if (!p || !p.onSale) return fail('NOT_FOUND', '商品不存在或已下架');
  const { items: skus } = await deps.store.find<SkuRecord>('skus', { productId: id }, { orderBy: [['sort', 'asc']], limit: 1000 });
  if (skus.length === 0) return fail('NOT_FOUND', '商品不存在或已下架');
  return ok({
    ...toSummary(p),
    images: p.images,
    description: p.description,
    specs: specDimensions(skus, p.specNames),
    skus: skus.map((s) => ({ id: s._id, specs: s.specs, price: s.price, originalPrice: s.originalPrice, stock: Math.max(0, s.stock) })),
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
