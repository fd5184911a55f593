/**
 * Merchandising rules: which links a banner or notice may carry, the shipping terms a product page shows, and which
 * claimable coupon is the best for one product. Pure: money is integer fen, rates are basis points.
 */
import type { CouponCenterState, CouponScope } from '../../typings/api';
import { inScope, rawDiscount } from './pricing';

/** The longest link a banner or notice may carry. */
export const MAX_LINK_CHARS = 256;

/**
 * An in-app page path: `/pages/<name>/index` or `/packages/<pkg>/pages/<name>/index`, with an optional query of
 * plain and %-encoded characters. Never a URL (no scheme, no `//host`, no `..`), so a banner can only open a page of
 * this mini program. Whether the page exists is for the app.json check of the mini program.
 */
const IN_APP_LINK = /^\/(?:pages|packages\/[a-z0-9-]+\/pages)\/[a-z0-9-]+\/index(?:\?[A-Za-z0-9_.~%=&-]*)?$/;

export function isInAppLink(link: unknown): link is string {
  return typeof link === 'string' && link.length <= MAX_LINK_CHARS && IN_APP_LINK.test(link) && !/%(?![0-9A-Fa-f]{2})/.test(link);
}

/** An image a banner may show: a local cloud path (`/static/...`), an https URL or a cloud file id. */
export function isBannerImage(image: unknown): image is string {
  return typeof image === 'string' && image.length <= 512 && /^(?:\/static\/[^\s]+|https:\/\/[^\s]+|cloud:\/\/[^\s]+)$/.test(image);
}

export interface ShippingTerms {
  flatFee: number;
  /** Free shipping from this subtotal on; 0 = never free. */
  freeOver: number;
}

/**
 * What a product page says about shipping, as figures: `fee` for an order of this product alone at its lowest price
 * (0 = 包邮) and `freeOver` (the subtotal from which shipping is free; 0 = no such offer). A product that alone
 * reaches the free-shipping subtotal ships free.
 */
export function productShipping(terms: ShippingTerms, priceMin: number): { fee: number; freeOver: number } {
  if (terms.flatFee <= 0) return { fee: 0, freeOver: 0 };
  if (terms.freeOver > 0 && priceMin >= terms.freeOver) return { fee: 0, freeOver: terms.freeOver };
  return { fee: terms.flatFee, freeOver: Math.max(0, terms.freeOver) };
}

export interface CouponOffer {
  kind: 'amount_off' | 'percent_off';
  threshold: number;
  amountOff: number | null;
  discountBps: number | null;
  maxOff: number | null;
  scope: CouponScope;
  state: CouponCenterState;
}

export interface ProductRef {
  id: string;
  /** The product's category and its ancestors. */
  categoryPath: string[];
  /** The lowest price of the product's SKUs, fen. */
  priceMin: number;
}

export function couponCoversProduct(scope: CouponScope, product: ProductRef): boolean {
  return inScope(scope, { productId: product.id, categoryPath: product.categoryPath });
}

/**
 * What the coupon takes off one piece at `price` (fen), 0 when the price is below its threshold. Percentages round
 * down (the rule of order pricing) and stop at `maxOff`; never more than the price.
 */
export function discountOnPrice(c: Pick<CouponOffer, 'kind' | 'threshold' | 'amountOff' | 'discountBps' | 'maxOff'>, price: number): number {
  if (price < c.threshold || price <= 0) return 0;
  return Math.max(0, Math.min(rawDiscount(c, price), price));
}

const STATE_ORDER: Record<CouponCenterState, number> = { claimable: 0, claimed: 1, sold_out: 2 };

/**
 * The coupons of the center that apply to this product, best first: claimable before claimed before sold out; then
 * what it takes off one piece at the lowest price (larger first); then the lower threshold; then the center's order.
 * Each comes with that `discount`. The first one, when claimable, is the one the product page offers.
 */
export function rankCouponsForProduct<T extends CouponOffer>(items: readonly T[], product: ProductRef): Array<T & { discount: number }> {
  return items
    .map((c, i) => ({ c, i, discount: discountOnPrice(c, product.priceMin) }))
    .filter(({ c }) => couponCoversProduct(c.scope, product))
    .sort((a, b) => STATE_ORDER[a.c.state] - STATE_ORDER[b.c.state] || b.discount - a.discount || a.c.threshold - b.c.threshold || a.i - b.i)
    .map(({ c, discount }) => ({ ...c, discount }));
}

/** The best claimable coupon for the product, or null. */
export function bestClaimableCoupon<T extends CouponOffer>(items: readonly T[], product: ProductRef): (T & { discount: number }) | null {
  const first = rankCouponsForProduct(items, product)[0];
  return first && first.state === 'claimable' ? first : null;
}
