/**
 * The recommendation strip under a short cart: a few on-sale best sellers (shop.products sorted by 销量), leaving out
 * products already in the cart. Loaded once per app run; the cart page asks again only after a failure.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { ProductSummary } from '../../typings/api';
import { listProducts } from '../services/catalog';
import type { CartStore } from './cart';
import { cartStore } from './cart';

/** Fewer valid lines than this: the cart shows the strip. */
export const SHORT_CART_LINES = 3;
/** How many products the strip shows. */
export const RECOMMEND_COUNT = 4;

export class CartRecommendStore {
  products: ProductSummary[] = [];
  loaded = false;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly cart: CartStore = cartStore) {
    makeAutoObservable<this, 'inFlight' | 'cart'>(this, { inFlight: false, cart: false });
  }

  /** Whether the cart is short enough for the strip (after the cart loaded). */
  get show(): boolean {
    return this.cart.loaded && this.cart.lines.length < SHORT_CART_LINES && this.items.length > 0;
  }

  /** The products to show: not already in the cart, at most RECOMMEND_COUNT. */
  get items(): ProductSummary[] {
    const inCart = new Set([...this.cart.lines, ...this.cart.invalid].map((l) => l.productId));
    return this.products.filter((p) => !inCart.has(p.id)).slice(0, RECOMMEND_COUNT);
  }

  /** Loads the best sellers once (more than shown, so a few in the cart still leave enough). */
  load(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    if (!this.inFlight) {
      this.inFlight = listProducts({ sort: 'sales', limit: RECOMMEND_COUNT + SHORT_CART_LINES }).then(
        (page) => this.receive(page.items),
        () => this.receive(null),
      );
    }
    return this.inFlight;
  }

  private receive(items: ProductSummary[] | null): void {
    this.inFlight = null;
    if (items) {
      this.products = items;
      this.loaded = true;
    }
  }
}

export const cartRecommend = new CartRecommendStore();
