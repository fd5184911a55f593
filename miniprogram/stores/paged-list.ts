/**
 * A cursor-paginated list: the first page, the next pages on reach-bottom, pull-down refresh and retry after a
 * failure. A generation counter drops answers for a request the list has since started over from.
 *
 * Stores extend it and say how to fetch one page (`fetchPage`). MobX cannot makeAutoObservable a class with a
 * superclass, so this class and its subclasses annotate their own members with makeObservable.
 *
 * `changedFrom` says where the last change of `items` starts (0: replaced; n: items from n on were appended), so a
 * page can send only the new items to the view by path (`bindItemsByPath`) instead of the whole list every page.
 */
import { action, computed, makeObservable, observable, reaction } from 'mobx-miniprogram';
import type { Page } from '../../typings/api';
import type { ErrorContext, UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';

export abstract class PagedList<T> {
  items: T[] = [];
  nextCursor: string | null = null;
  /** A page request is in flight. */
  loading = false;
  /** The first page of the current list has arrived. */
  loaded = false;
  /** The last page has arrived. */
  finished = false;
  error: UiError | null = null;
  /** Where the last change of `items` starts: 0 = the list was replaced, n = the items from index n on are new. */
  changedFrom = 0;
  /** Bumped whenever the list starts over, so an answer for an older request is dropped. */
  private generation = 0;
  /** Whether the request that failed was for the first page. */
  private failedFromStart = false;

  /**
   * `keyOf` identifies an item: one that a later page repeats (the list shifted meanwhile) is shown once.
   * `errorContext` words a failed page for the shopper (utils/errors.ts).
   */
  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly errorContext: ErrorContext,
  ) {
    makeObservable<PagedList<T>, 'startOver' | 'loadFirst' | 'load' | 'receive' | 'fail'>(this, {
      items: observable,
      nextCursor: observable,
      loading: observable,
      loaded: observable,
      finished: observable,
      error: observable,
      changedFrom: observable,
      empty: computed,
      showNoMore: computed,
      refresh: action,
      loadMore: action,
      retry: action,
      startOver: action,
      loadFirst: action,
      load: action,
      receive: action,
      fail: action,
    });
  }

  get empty(): boolean {
    return this.loaded && !this.error && this.items.length === 0;
  }

  /** Show the bottom "没有更多了" line: only after at least one item and the last page. */
  get showNoMore(): boolean {
    return this.finished && this.items.length > 0;
  }

  /** Pull-down refresh: the first page again; the current items stay on screen until it arrives. */
  refresh(): Promise<void> {
    this.generation += 1;
    this.error = null;
    return this.load(true);
  }

  /** The next page (reach-bottom); a no-op while loading, after the last page, or after a failure until retry. */
  loadMore(): Promise<void> {
    if (this.loading || this.finished || !this.loaded || this.error) return Promise.resolve();
    return this.load(false);
  }

  /** After a failure: the request that failed, again. */
  retry(): Promise<void> {
    if (this.loading || !this.error) return Promise.resolve();
    this.error = null;
    return this.load(this.failedFromStart || !this.loaded);
  }

  /** One page from `cursor` (null: the first page). */
  protected abstract fetchPage(cursor: string | null): Promise<Page<T>>;

  /** Forgets the list and drops the answers still on their way. */
  protected startOver(): void {
    this.generation += 1;
    this.items = [];
    this.changedFrom = 0;
    this.nextCursor = null;
    this.loaded = false;
    this.finished = false;
    this.error = null;
    this.loading = false;
  }

  /** Asks for the first page (after startOver). */
  protected loadFirst(): Promise<void> {
    return this.load(true);
  }

  private load(fromStart: boolean): Promise<void> {
    const generation = this.generation;
    const cursor = fromStart ? null : this.nextCursor;
    this.loading = true;
    return this.fetchPage(cursor).then(
      (page) => this.receive(generation, fromStart, page),
      (err: unknown) => this.fail(generation, fromStart, err),
    );
  }

  private receive(generation: number, fromStart: boolean, page: Page<T>): void {
    if (generation !== this.generation) return;
    const kept = fromStart ? [] : this.items;
    const seen = new Set(kept.map(this.keyOf));
    this.changedFrom = kept.length;
    this.items = kept.concat(page.items.filter((item) => !seen.has(this.keyOf(item))));
    this.nextCursor = page.nextCursor;
    this.finished = page.nextCursor === null;
    this.loaded = true;
    this.loading = false;
  }

  private fail(generation: number, fromStart: boolean, err: unknown): void {
    if (generation !== this.generation) return;
    this.failedFromStart = fromStart;
    this.error = toUiError(err, this.errorContext);
    this.loading = false;
  }
}

/** What setData is called on (a page or component). */
export interface SetDataTarget {
  setData(data: Record<string, unknown>): void;
}

/**
 * Shows `list.items` as `view(item)` under `key` of the target's data and keeps it there: the whole list when it
 * is replaced (first page, refresh, another tab), only the new items by path (`key[10]`, `key[11]`, ...) when a page
 * is appended - so a long list costs one page of data per page, not the whole list again. Answers the disposer.
 */
export function bindItemsByPath<T, V>(target: SetDataTarget, list: PagedList<T>, key: string, view: (item: T) => V): () => void {
  /** How many items the view holds (-1: nothing sent yet). */
  let shown = -1;
  return reaction(
    () => list.items,
    (items) => {
      const from = list.changedFrom;
      if (from > 0 && from === shown) {
        if (items.length > from) {
          const patch: Record<string, V> = {};
          for (let i = from; i < items.length; i += 1) patch[`${key}[${i}]`] = view(items[i]);
          target.setData(patch);
        }
      } else {
        target.setData({ [key]: items.map(view) });
      }
      shown = items.length;
    },
    { fireImmediately: true },
  );
}
