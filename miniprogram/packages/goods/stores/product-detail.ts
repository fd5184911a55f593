/**
 * One product detail page: the product, the spec selection and everything derived from it.
 * A detail page creates its own instance (a detail page may open on top of another one).
 * In Moments' single-page mode the page shows `preview` instead: the product as the share carried it, with no
 * call to the backend (there is no login there).
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { PriceRange, ProductDetail } from '../../../../typings/api';
import { getProduct } from '../../../services/catalog';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import type { Selection, SelectionSummary, SpecOption } from '../../../utils/sku';
import { initialSelection, selectionImage, specOptions, summarize, toggle } from '../../../utils/sku';
import type { SharedProduct } from '../utils/share';
import { timelineQuery } from '../utils/share';

/** The service promises of the 服务 row (the shop's policy; the same for every product). */
export const SERVICE_PROMISES: readonly string[] = ['正品保障', '7天无理由退货', '48小时发货'];

export class ProductDetailStore {
  productId = '';
  product: ProductDetail | null = null;
  selection: Selection = {};
  quantity = 1;
  loading = false;
  error: UiError | null = null;
  /** Single-page mode: the shared product (nothing is loaded). */
  preview: SharedProduct | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  get notFound(): boolean {
    return this.error !== null && this.error.code === 'NOT_FOUND';
  }

  get summary(): SelectionSummary | null {
    const p = this.product;
    return p ? summarize(p.specs, p.skus, this.selection) : null;
  }

  /** Each spec dimension's values with selected / disabled flags for the picker. */
  get specOptions(): SpecOption[] {
    const p = this.product;
    return p ? specOptions(p.specs, p.skus, this.selection) : [];
  }

  /** The price shown: the chosen SKU's, else the range the selection still allows (the product's range before loading SKUs). */
  get displayPrice(): PriceRange | null {
    return this.summary?.price ?? this.product?.price ?? null;
  }

  /** Strike-through price: the chosen SKU's, else the product's. */
  get displayOriginalPrice(): number | null {
    const s = this.summary;
    if (s?.sku) return s.originalPrice;
    const p = this.product;
    return p && p.originalPrice !== null && p.originalPrice > p.price.max ? p.originalPrice : null;
  }

  /** The spec picker's picture: the chosen SKU's own (or its colour's), else the product's first image. */
  get pickerImage(): string {
    const p = this.product;
    if (!p) return '';
    return selectionImage(p.skus, this.selection, p.images[0] ?? p.image);
  }

  get stock(): number {
    return this.summary?.stock ?? 0;
  }

  get soldOut(): boolean {
    return this.product !== null && this.stock === 0;
  }

  get chosenSkuId(): string | null {
    return this.summary?.sku?.id ?? null;
  }

  /** "已选：黑色 / M" or "请选择 颜色 尺码". */
  get selectionText(): string {
    const p = this.product;
    const s = this.summary;
    if (!p || !s) return '';
    if (s.missing.length > 0) return `请选择 ${s.missing.join(' ')}`;
    const chosen = p.specs.map((d) => this.selection[d.name]);
    return chosen.length > 0 ? `已选：${chosen.join(' / ')}` : '默认规格';
  }

  async load(id: string): Promise<void> {
    this.begin(id);
    try {
      const product = await getProduct(id);
      this.receive(id, product);
    } catch (err) {
      this.fail(id, err);
    }
  }

  /** Single-page mode (朋友圈): shows what the share carried; asks the backend nothing. */
  showShared(shared: SharedProduct): void {
    this.begin(shared.id);
    this.loading = false;
    this.preview = shared;
  }

  /** The onShareTimeline query: the id plus what the single-page view shows (title, price, image). */
  get shareQuery(): string {
    const p = this.product;
    if (!p) return `id=${encodeURIComponent(this.productId)}`;
    return timelineQuery({ id: p.id, title: p.title, price: p.price, image: p.images[0] ?? p.image });
  }

  /** The page was opened without a product id. */
  showMissing(): void {
    this.begin('');
    this.fail('', null, 'NOT_FOUND');
  }

  /** A tap on a spec value; tapping a disabled value changes nothing. */
  select(name: string, value: string): void {
    const p = this.product;
    if (!p) return;
    const next = toggle(p.specs, p.skus, this.selection, name, value);
    if (next === this.selection) return;
    this.selection = next;
    this.quantity = this.clampQuantity(this.quantity);
  }

  setQuantity(n: number): void {
    this.quantity = this.clampQuantity(n);
  }

  private clampQuantity(n: number): number {
    const max = Math.max(1, this.stock);
    const whole = Math.floor(Number.isFinite(n) ? n : 1);
    return Math.min(max, Math.max(1, whole));
  }

  private begin(id: string): void {
    this.productId = id;
    this.product = null;
    this.selection = {};
    this.quantity = 1;
    this.error = null;
    this.preview = null;
    this.loading = true;
  }

  private receive(id: string, product: ProductDetail): void {
    if (id !== this.productId) return;
    this.product = product;
    this.selection = initialSelection(product.specs, product.skus);
    this.loading = false;
  }

  private fail(id: string, err: unknown, code?: 'NOT_FOUND'): void {
    if (id !== this.productId) return;
    this.error = code ? { code, message: '商品不存在或已下架' } : toUiError(err, 'product');
    this.loading = false;
  }
}
