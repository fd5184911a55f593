/**
 * The coupons one product page offers: the center's coupons that cover the product, best first (the server ranks
 * them), and claiming one from the sheet. A detail page creates its own instance, like ProductDetailStore.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { CouponCenterState, ProductCoupon } from '../../../../typings/api';
import { isApiCallError } from '../../../services/api';
import { claimCoupon, listProductCoupons } from '../services/coupon';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';

export const COUPON_BUTTON_TEXT: Record<CouponCenterState, string> = {
  claimable: '领取',
  claimed: '已领取',
  sold_out: '已抢光',
};

export interface ProductCouponView extends ProductCoupon {
  buttonText: string;
  claimable: boolean;
}

export class ProductCouponsStore {
  productId = '';
  items: ProductCoupon[] = [];
  /** The template being claimed. */
  claiming: string | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  /** The best coupon that can still be claimed, or null (the row then shows the best claimed one, if any). */
  get best(): ProductCoupon | null {
    return this.items.find((c) => c.state === 'claimable') ?? null;
  }

  /** What the 领券 row shows: the best claimable coupon, else one already claimed; null hides the row. */
  get highlight(): ProductCouponView | null {
    const c = this.best ?? this.items.find((i) => i.state === 'claimed') ?? null;
    return c ? this.view(c) : null;
  }

  get views(): ProductCouponView[] {
    return this.items.map((c) => this.view(c));
  }

  /** Loads the coupons of the product; a failure leaves the row hidden (coupons are extra, not the page). */
  async load(productId: string): Promise<void> {
    this.setProduct(productId);
    try {
      const items = await listProductCoupons(productId);
      this.receive(productId, items);
    } catch {
      this.receive(productId, []);
    }
  }

  /** Claims one coupon of the template, then shows the product's coupons as the server now sees them. */
  async claim(templateId: string): Promise<ActionResult> {
    if (this.claiming) return refusal('正在领取，请稍候');
    const item = this.items.find((c) => c.templateId === templateId);
    if (!item || item.state !== 'claimable') return refusal(item ? COUPON_BUTTON_TEXT[item.state] : '优惠券不存在');
    this.setClaiming(templateId);
    try {
      await claimCoupon(templateId);
    } catch (err) {
      this.setClaiming(null);
      if (isApiCallError(err) && err.code !== 'NETWORK') void this.load(this.productId);
      return failure(err, 'coupon', '领取失败，请稍后重试');
    }
    await this.load(this.productId);
    this.setClaiming(null);
    return { ok: true };
  }

  private view(c: ProductCoupon): ProductCouponView {
    return { ...c, buttonText: COUPON_BUTTON_TEXT[c.state], claimable: c.state === 'claimable' };
  }

  private setProduct(productId: string): void {
    this.productId = productId;
  }

  private setClaiming(id: string | null): void {
    this.claiming = id;
  }

  private receive(productId: string, items: ProductCoupon[]): void {
    if (productId !== this.productId) return;
    this.items = items;
  }
}
