/** The category list, shared by the home shortcuts and the category page. */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { Category } from '../../typings/api';
import { listCategories } from '../services/catalog';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';

export class CatalogStore {
  categories: Category[] = [];
  loading = false;
  loaded = false;
  error: UiError | null = null;
  /** The category the category page shows; set before switchTab from a home shortcut. */
  activeCategoryId: string | null = null;

  private pending: Promise<void> | null = null;

  constructor() {
    makeAutoObservable<this, 'pending'>(this, { pending: false });
  }

  /** Top-level categories in display order. */
  get topCategories(): Category[] {
    return this.categories.filter((c) => c.parentId === null).sort((a, b) => a.sort - b.sort);
  }

  get activeCategory(): Category | null {
    const list = this.topCategories;
    return list.find((c) => c.id === this.activeCategoryId) ?? list[0] ?? null;
  }

  get activeIndex(): number {
    const active = this.activeCategory;
    return active ? this.topCategories.indexOf(active) : 0;
  }

  /** Loads the categories once (again with `force`); concurrent callers share one request. */
  loadCategories(force = false): Promise<void> {
    if (this.pending) return this.pending;
    if (this.loaded && !force) return Promise.resolve();
    this.setLoading();
    this.pending = listCategories().then(
      (list) => this.receive(list),
      (err: unknown) => this.fail(err),
    );
    return this.pending;
  }

  setActiveCategory(id: string): void {
    this.activeCategoryId = id;
  }

  private setLoading(): void {
    this.loading = true;
    this.error = null;
  }

  private receive(list: Category[]): void {
    this.pending = null;
    this.categories = list;
    this.loading = false;
    this.loaded = true;
  }

  private fail(err: unknown): void {
    this.pending = null;
    this.loading = false;
    this.error = toUiError(err, 'catalog');
  }
}

export const catalogStore = new CatalogStore();
