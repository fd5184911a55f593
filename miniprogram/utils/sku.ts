/**
 * SKU selection rules for the product detail page. Pure: no wx, no store, no I/O.
 *
 * A selection maps a spec dimension name (e.g. "颜色") to the chosen value, or has no entry when the
 * dimension is still open. A value is selectable when at least one in-stock SKU matches it together with
 * what is chosen in the OTHER dimensions; so a shopper can always switch a chosen value to another
 * selectable one, and can never end up on a combination nobody can buy.
 */
import type { PriceRange, Sku, SpecDimension } from '../../typings/api';

export type Selection = Readonly<Record<string, string>>;

export interface SpecValueOption {
  value: string;
  selected: boolean;
  disabled: boolean;
}

export interface SpecOption {
  name: string;
  values: SpecValueOption[];
}

export interface SelectionSummary {
  /** The SKU when every dimension is chosen (or the product has no dimensions), else null. */
  sku: Sku | null;
  /** Price of the chosen SKU, or the range over the SKUs the selection still allows; null when none match. */
  price: PriceRange | null;
  /** The chosen SKU's original price, when it has one above its price. */
  originalPrice: number | null;
  /** Stock of the chosen SKU, or the total stock of the SKUs the selection still allows. */
  stock: number;
  /** Dimension names still open, in display order. */
  missing: string[];
}

/** True when the SKU agrees with every chosen dimension of the selection. */
export function skuMatches(sku: Sku, selection: Selection): boolean {
  for (const name of Object.keys(selection)) {
    if (sku.specs[name] !== selection[name]) return false;
  }
  return true;
}

export function matchingSkus(skus: readonly Sku[], selection: Selection): Sku[] {
  return skus.filter((sku) => skuMatches(sku, selection));
}

function without(selection: Selection, name: string): Record<string, string> {
  const rest: Record<string, string> = {};
  for (const key of Object.keys(selection)) {
    if (key !== name) rest[key] = selection[key];
  }
  return rest;
}

/** Whether `value` of dimension `name` can be chosen given what is chosen in the other dimensions. */
export function isSelectable(skus: readonly Sku[], selection: Selection, name: string, value: string): boolean {
  const probe = { ...without(selection, name), [name]: value };
  return skus.some((sku) => sku.stock > 0 && skuMatches(sku, probe));
}

/** Every dimension's values with their selected / disabled state, in display order. */
export function specOptions(specs: readonly SpecDimension[], skus: readonly Sku[], selection: Selection): SpecOption[] {
  return specs.map((dim) => ({
    name: dim.name,
    values: dim.values.map((value) => ({
      value,
      selected: selection[dim.name] === value,
      disabled: !isSelectable(skus, selection, dim.name, value),
    })),
  }));
}

/** The SKU for a complete selection; null while a dimension is open. A product without dimensions has its single SKU. */
export function chosenSku(specs: readonly SpecDimension[], skus: readonly Sku[], selection: Selection): Sku | null {
  if (specs.some((dim) => selection[dim.name] === undefined)) return null;
  const found = matchingSkus(skus, selection);
  return found.length > 0 ? found[0] : null;
}

/** Lowest and highest price over the given SKUs; null for none. */
export function priceRangeOf(skus: readonly Sku[]): PriceRange | null {
  if (skus.length === 0) return null;
  let min = skus[0].price;
  let max = skus[0].price;
  for (const sku of skus) {
    if (sku.price < min) min = sku.price;
    if (sku.price > max) max = sku.price;
  }
  return { min, max };
}

export function totalStock(skus: readonly Sku[]): number {
  return skus.reduce((sum, sku) => sum + Math.max(0, sku.stock), 0);
}

/**
 * What the detail page shows for a selection. For a partial selection the price range covers the
 * matching SKUs that are in stock (all matching SKUs when none is), and the stock is their total.
 */
export function summarize(specs: readonly SpecDimension[], skus: readonly Sku[], selection: Selection): SelectionSummary {
  const missing = specs.filter((dim) => selection[dim.name] === undefined).map((dim) => dim.name);
  const sku = chosenSku(specs, skus, selection);
  if (sku) {
    const originalPrice = sku.originalPrice !== null && sku.originalPrice > sku.price ? sku.originalPrice : null;
    return { sku, price: { min: sku.price, max: sku.price }, originalPrice, stock: Math.max(0, sku.stock), missing };
  }
  const matching = matchingSkus(skus, selection);
  const inStock = matching.filter((s) => s.stock > 0);
  return {
    sku: null,
    price: priceRangeOf(inStock.length > 0 ? inStock : matching),
    originalPrice: null,
    stock: totalStock(matching),
    missing,
  };
}

/**
 * The selection after a tap on `value` of dimension `name`: tapping the chosen value clears it, tapping a
 * selectable value chooses it, tapping a disabled value (or one the product does not have) changes nothing.
 */
export function toggle(
  specs: readonly SpecDimension[],
  skus: readonly Sku[],
  selection: Selection,
  name: string,
  value: string,
): Selection {
  const dim = specs.find((d) => d.name === name);
  if (!dim || !dim.values.includes(value)) return selection;
  if (selection[name] === value) return without(selection, name);
  if (!isSelectable(skus, selection, name, value)) return selection;
  return { ...selection, [name]: value };
}

/** The starting selection: a dimension with exactly one value is chosen for the shopper when it can be. */
export function initialSelection(specs: readonly SpecDimension[], skus: readonly Sku[]): Selection {
  let selection: Selection = {};
  for (const dim of specs) {
    if (dim.values.length === 1 && isSelectable(skus, selection, dim.name, dim.values[0])) {
      selection = { ...selection, [dim.name]: dim.values[0] };
    }
  }
  return selection;
}

/**
 * The picture the spec picker shows: the picture shared by every SKU the selection still allows (the chosen SKU's
 * own, or its colour's once the colour is chosen), else `fallback` (the product's first image). SKUs without a
 * picture of their own never change it.
 */
export function selectionImage(skus: readonly Sku[], selection: Selection, fallback: string): string {
  const matching = matchingSkus(skus, selection);
  const first = matching[0]?.image ?? null;
  if (first && matching.every((s) => s.image === first)) return first;
  return fallback;
}
