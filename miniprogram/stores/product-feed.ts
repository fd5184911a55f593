/**
 * A cursor-paginated product list (`shop.products`). One instance per list on screen:
 * the home feed, the category page and search results.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { ProductSummary, ProductsPayload } from '../../typings/api';
import { listProducts } from '../services/catalog';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';

export type FeedQuery = Pick<ProductsPayload, 'categoryId' | 'keyword'>;

export class ProductFeedStore {
  query: FeedQuery = {};
  items: ProductSummary[] = [];
  nextCursor: string | null = null;
  /** A page request is in flight. */
  loading = false;
  /** The first page of the current query has arrived. */
  loaded = false;
  /** The last page has arrived. */
  finished = false;
  error: UiError | null = null;
  readonly pageSize: number;
  /** Bumped whenever the list starts over, so an answer for an older request is dropped. */
  private generation = 0;
  /** Whether the request that failed was for the first page. */
  private failedFromStart = false;

  constructor(pageSize = 10) {
    this.pageSize = pageSize;
    makeAutoObservable<this, 'generation' | 'failedFromStart'>(this, { generation: false, failedFromStart: false });
  }

  get empty(): boolean {
    return this.loaded && !this.error && this.items.length === 0;
  }

  /** Show the bottom "没有更多了" line: only after at least one item and the last page. */
  get showNoMore(): boolean {
    return this.finished && this.items.length > 0;
  }

  /** Forgets the list without loading anything (a search page opening afresh). */
  clear(): void {
    this.generation += 1;
    this.query = {};
    this.items = [];
    this.nextCursor = null;
    this.loaded = false;
    this.finished = false;
    this.error = null;
    this.loading = false;
  }

  /** Starts the list over for `query` (a new category, a new keyword). */
  reset(query: FeedQuery): Promise<void> {
    this.clear();
    this.query = { ...query };
    return this.fetchPage(true);
  }

  /** Pull-down refresh: the first page again; the current items stay on screen until it arrives. */
  refresh(): Promise<void> {
    this.generation += 1;
    this.error = null;
    return this.fetchPage(true);
  }

  /** The next page (reach-bottom); a no-op while loading, after the last page, or after a failure until retry. */
  loadMore(): Promise<void> {
    if (this.loading || this.finished || !this.loaded || this.error) return Promise.resolve();
    return this.fetchPage(false);
  }

  /** After a failure: the request that failed, again. */
  retry(): Promise<void> {
    if (this.loading || !this.error) return Promise.resolve();
    this.error = null;
    return this.fetchPage(this.failedFromStart || !this.loaded);
  }

  private fetchPage(fromStart: boolean): Promise<void> {
    const generation = this.generation;
    const payload: ProductsPayload = { ...this.query, limit: this.pageSize };
    if (!fromStart && this.nextCursor) payload.cursor = this.nextCursor;
    this.loading = true;
    return listProducts(payload).then(
      (page) => this.receive(generation, fromStart, page.items, page.nextCursor),
      (err: unknown) => this.fail(generation, fromStart, err),
    );
  }

  private receive(generation: number, fromStart: boolean, items: ProductSummary[], nextCursor: string | null): void {
    if (generation !== this.generation) return;
    const kept = fromStart ? [] : this.items;
    const seen = new Set(kept.map((p) => p.id));
    this.items = kept.concat(items.filter((p) => !seen.has(p.id)));
    this.nextCursor = nextCursor;
    this.finished = nextCursor === null;
    this.loaded = true;
    this.loading = false;
  }

  private fail(generation: number, fromStart: boolean, err: unknown): void {
    if (generation !== this.generation) return;
    this.failedFromStart = fromStart;
    this.error = toUiError(err);
    this.loading = false;
  }
}

export const homeFeed = new ProductFeedStore(10);
export const categoryFeed = new ProductFeedStore(10);
export const searchFeed = new ProductFeedStore(10);
