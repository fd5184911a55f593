/**
 * A cursor-paginated product list (`shop.products`). One instance per list on screen:
 * the home feed, the category page and search results.
 */
import { action, makeObservable, observable } from 'mobx-miniprogram';
import type { Page, ProductSummary, ProductsPayload } from '../../typings/api';
import { listProducts } from '../services/catalog';
import { PagedList } from './paged-list';

export type FeedQuery = Pick<ProductsPayload, 'categoryId' | 'keyword'>;

export class ProductFeedStore extends PagedList<ProductSummary> {
  query: FeedQuery = {};
  readonly pageSize: number;

  constructor(pageSize = 10) {
    super((p) => p.id, 'catalog');
    this.pageSize = pageSize;
    makeObservable(this, { query: observable, clear: action, reset: action });
  }

  /** Forgets the list without loading anything (a search page opening afresh). */
  clear(): void {
    this.startOver();
    this.query = {};
  }

  /** Starts the list over for `query` (a new category, a new keyword). */
  reset(query: FeedQuery): Promise<void> {
    this.clear();
    this.query = { ...query };
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<ProductSummary>> {
    const payload: ProductsPayload = { ...this.query, limit: this.pageSize };
    if (cursor) payload.cursor = cursor;
    return listProducts(payload);
  }
}

export const homeFeed = new ProductFeedStore(10);
export const categoryFeed = new ProductFeedStore(10);
export const searchFeed = new ProductFeedStore(10);
