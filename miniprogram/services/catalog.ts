/** Catalogue service (cloud function `shop`). Image URLs come back ready to render. */
import type { Category, HomeView, ProductDetail, ProductPage, ProductSummary, ProductsPayload, ShareTarget } from '../../typings/api';
import { assetUrl, call } from './api';

function withSummaryAssets<T extends ProductSummary>(p: T): T {
  return { ...p, image: assetUrl(p.image) };
}

const withIcon = (c: Category): Category => ({ ...c, icon: c.icon === null ? null : assetUrl(c.icon) });

export async function listCategories(): Promise<Category[]> {
  const list = await call('shop', 'categories', {});
  return list.map(withIcon);
}

/**
 * The home page's banners, notices (links are in-app paths, checked by the server), category shortcuts and the
 * shop's Channels account (null when none is set).
 */
export async function getHome(): Promise<HomeView> {
  const home = await call('shop', 'home', {});
  return {
    banners: home.banners.map((b) => ({ ...b, image: assetUrl(b.image) })),
    notices: home.notices,
    categories: home.categories.map(withIcon),
    channels: home.channels ?? null,
  };
}

export async function listProducts(query: ProductsPayload): Promise<ProductPage> {
  const page = await call('shop', 'products', query);
  return { items: page.items.map(withSummaryAssets), nextCursor: page.nextCursor, total: page.total };
}

export async function getProduct(id: string): Promise<ProductDetail> {
  const product = await call('shop', 'product', { id });
  return {
    ...withSummaryAssets(product),
    images: product.images.map(assetUrl),
    detailImages: product.detailImages.map(assetUrl),
    skus: product.skus.map((s) => ({ ...s, image: s.image === null ? null : assetUrl(s.image) })),
  };
}

/** What a share token points at (a poster's code opens a page with only the token as its scene); null when unknown. */
export async function resolveShareTarget(token: string): Promise<ShareTarget | null> {
  try {
    return (await call('shop', 'shareTarget', { token })).target;
  } catch {
    return null;
  }
}
