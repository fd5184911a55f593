/** The search sort bar (综合 / 销量 / 价格 ↑↓). Pure, no wx. */
import type { ProductSort } from '../../typings/api';

export type SortTab = 'default' | 'sales' | 'price';

/** The bar's tabs in order. */
export const SORT_TABS: ReadonlyArray<{ tab: SortTab; text: string }> = [
  { tab: 'default', text: '综合' },
  { tab: 'sales', text: '销量' },
  { tab: 'price', text: '价格' },
];

/** The tab a sort lights up. */
export function tabOf(sort: ProductSort): SortTab {
  return sort === 'price_asc' || sort === 'price_desc' ? 'price' : sort;
}

/**
 * The sort after tapping `tab` while `current` is on: 价格 starts low to high and flips on every further tap;
 * the other tabs are one sort each (tapping the lit one again keeps it).
 */
export function nextSort(current: ProductSort, tab: SortTab): ProductSort {
  if (tab !== 'price') return tab;
  return current === 'price_asc' ? 'price_desc' : 'price_asc';
}

const SORTS: ReadonlySet<string> = new Set<ProductSort>(['default', 'sales', 'price_asc', 'price_desc']);

export function isProductSort(value: unknown): value is ProductSort {
  return typeof value === 'string' && SORTS.has(value);
}
