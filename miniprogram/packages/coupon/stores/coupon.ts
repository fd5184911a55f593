/** Coupons: the coupon center (claiming) and the shopper's own coupons by status. */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { Coupon, CouponCenterItem } from '../../../../typings/api';
import { isApiCallError } from '../../../services/api';
import type { MyCouponStatus } from '../services/coupon';
import { claimCoupon, listCouponCenter, listMyCoupons } from '../services/coupon';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';

export const CENTER_BUTTON_TEXT: Record<CouponCenterItem['state'], string> = {
  claimable: '立即领取',
  claimed: '已领取',
  sold_out: '已抢光',
};

export interface CenterItemView extends CouponCenterItem {
  buttonText: string;
  claimable: boolean;
}

export class CouponCenterStore {
  items: CouponCenterItem[] = [];
  loading = false;
  loaded = false;
  error: UiError | null = null;
  /** The template being claimed. */
  claiming: string | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  get views(): CenterItemView[] {
    return this.items.map((t) => ({ ...t, buttonText: CENTER_BUTTON_TEXT[t.state], claimable: t.state === 'claimable' }));
  }

  get empty(): boolean {
    return this.loaded && !this.error && this.items.length === 0;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.receive(await listCouponCenter());
    } catch (err) {
      this.fail(err);
    }
  }

  /** Claims one coupon of the template, then shows the center as the server now sees it. */
  async claim(templateId: string): Promise<ActionResult> {
    if (this.claiming) return refusal('正在领取，请稍候');
    const item = this.items.find((t) => t.templateId === templateId);
    if (!item || item.state !== 'claimable') return refusal(item ? CENTER_BUTTON_TEXT[item.state] : '优惠券不存在');
    this.setClaiming(templateId);
    try {
      await claimCoupon(templateId);
    } catch (err) {
      this.setClaiming(null);
      if (isApiCallError(err) && err.code !== 'NETWORK') void this.load();
      return failure(err, 'coupon', '领取失败，请稍后重试');
    }
    await this.load();
    this.setClaiming(null);
    return { ok: true };
  }

  private setClaiming(id: string | null): void {
    this.claiming = id;
  }

  private receive(items: CouponCenterItem[]): void {
    this.items = items;
    this.loading = false;
    this.loaded = true;
    this.error = null;
  }

  private fail(err: unknown): void {
    this.loading = false;
    this.error = toUiError(err, 'coupon');
  }
}

export const MY_COUPON_TABS: ReadonlyArray<{ title: string; status: MyCouponStatus }> = [
  { title: '可使用', status: 'usable' },
  { title: '已使用', status: 'used' },
  { title: '已过期', status: 'expired' },
];

export class MyCouponsStore {
  status: MyCouponStatus = 'usable';
  items: Coupon[] = [];
  loading = false;
  loaded = false;
  error: UiError | null = null;
  private generation = 0;

  constructor() {
    makeAutoObservable<this, 'generation'>(this, { generation: false });
  }

  get tabIndex(): number {
    return Math.max(0, MY_COUPON_TABS.findIndex((t) => t.status === this.status));
  }

  get empty(): boolean {
    return this.loaded && !this.error && this.items.length === 0;
  }

  /** Shows the coupons of `status`. */
  show(status: MyCouponStatus): Promise<void> {
    this.generation += 1;
    this.status = status;
    this.items = [];
    this.loaded = false;
    this.error = null;
    return this.fetch();
  }

  reload(): Promise<void> {
    this.generation += 1;
    return this.fetch();
  }

  private fetch(): Promise<void> {
    const generation = this.generation;
    this.loading = true;
    return listMyCoupons(this.status).then(
      (items) => this.receive(generation, items),
      (err: unknown) => this.fail(generation, err),
    );
  }

  private receive(generation: number, items: Coupon[]): void {
    if (generation !== this.generation) return;
    this.items = items;
    this.loading = false;
    this.loaded = true;
    this.error = null;
  }

  private fail(generation: number, err: unknown): void {
    if (generation !== this.generation) return;
    this.loading = false;
    this.error = toUiError(err, 'coupon');
  }
}

export const couponCenter = new CouponCenterStore();
export const myCoupons = new MyCouponsStore();
