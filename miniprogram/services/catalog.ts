/** Catalogue service (cloud function `shop`). Image URLs come back ready to render. */
import type { Category, Page, ProductDetail, ProductSummary, ProductsPayload } from '../../typings/api';
import { assetUrl, call } from './api';

function withSummaryAssets<T extends ProductSummary>(p: T): T {
  return { ...p, image: assetUrl(p.image) };
}

export async function listCategories(): Promise<Category[]> {
  const list = await call('shop', 'categories', {});
  return list.map((c) => ({ ...c, icon: c.icon === null ? null : assetUrl(c.icon) }));
}

export async function listProducts(query: ProductsPayload): Promise<Page<ProductSummary>> {
  const page = await call('shop', 'products', query);
  return { items: page.items.map(withSummaryAssets), nextCursor: page.nextCursor };
}

export async function getProduct(id: string): Promise<ProductDetail> {
  const product = await call('shop', 'product', { id });
  return { ...withSummaryAssets(product), images: product.images.map(assetUrl) };
}
