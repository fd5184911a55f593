/** Merchandising use cases: the home page (banners, notices, category shortcuts) and a product's coupons. */
import type { Category, HomeView, ProductCoupon } from '../../typings/api';
import { rankCouponsForProduct } from '../domain/merchandising';
import type { Deps } from '../ports/context';
import { couponCenter } from './coupons';
import type { CategoryRecord, ProductRecord } from './records';
import { Result, fail, ok } from './result';
import { getSettings } from './settings';

/** The most category shortcuts the home page shows (two rows of five). */
export const HOME_SHORTCUTS = 10;

/** settings.home (links checked when seeded and again when read) and the top-level categories in display order. */
export async function getHome(deps: Deps): Promise<Result<HomeView>> {
  const [settings, cats] = await Promise.all([
    getSettings(deps),
    deps.store.find<CategoryRecord>('categories', { parentId: null }, { orderBy: [['sort', 'asc']], limit: HOME_SHORTCUTS }),
  ]);
  const categories: Category[] = cats.items.map((c) => ({ id: c._id, name: c.name, parentId: c.parentId, icon: c.icon, sort: c.sort }));
  return ok({ banners: settings.home.banners, notices: settings.home.notices, categories, channels: settings.channels });
}

/** The coupon center's coupons that cover an on-sale product, best first (domain/merchandising). */
export async function productCoupons(deps: Deps, openid: string, productId: string): Promise<Result<ProductCoupon[]>> {
  const p = await deps.store.get<ProductRecord>('products', productId);
  if (!p || !p.onSale) return fail('NOT_FOUND', '商品不存在或已下架');
  const center = await couponCenter(deps, openid);
  if (!center.ok) return center;
  return ok(rankCouponsForProduct(center.data, { id: p._id, categoryPath: p.categoryPath, priceMin: p.priceMin }));
}
