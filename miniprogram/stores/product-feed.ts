/**
 * A cursor-paginated product list (`shop.products`). One instance per list on screen:
 * the home feed, the category page and search results.
 */
import { action, makeObservable, observable } from 'mobx-miniprogram';
import type { Page, ProductPage, ProductSummary, ProductsPayload } from '../../typings/api';
import { listProducts } from '../services/catalog';
import { PagedList } from './paged-list';

export type FeedQuery = Pick<ProductsPayload, 'categoryId' | 'keyword' | 'sort'>;

export class ProductFeedStore extends PagedList<ProductSummary> {
  query: FeedQuery = {};
  /** How many products match the query (the first page says; null until it arrives). */
  total: number | null = null;
  readonly pageSize: number;

  constructor(pageSize = 10) {
    super((p) => p.id, 'catalog');
    this.pageSize = pageSize;
    makeObservable<ProductFeedStore, 'setTotal'>(this, { query: observable, total: observable, clear: action, reset: action, setTotal: action });
  }

  /** Forgets the list without loading anything (a search page opening afresh). */
  clear(): void {
    this.startOver();
    this.query = {};
    this.total = null;
  }

  /** Starts the list over for `query` (a new category, a new keyword). */
  reset(query: FeedQuery): Promise<void> {
    this.clear();
    this.query = { ...query };
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<ProductSummary>> {
    const query = this.query;
    const payload: ProductsPayload = { ...query, limit: this.pageSize };
    if (cursor) payload.cursor = cursor;
    return listProducts(payload).then((page: ProductPage) => {
      // Only the first page counts; an answer for a query the list has since left is not this list's total.
      if (page.total !== null && query === this.query) this.setTotal(page.total);
      return page;
    });
  }

  private setTotal(total: number): void {
    this.total = total;
  }
}

export const homeFeed = new ProductFeedStore(10);
export const categoryFeed = new ProductFeedStore(10);
export const searchFeed = new ProductFeedStore(10);
