/**
 * Cart rules: what an add / set / remove / select does to a shopper's lines, the limits, and the view the
 * shopper sees (lines joined with current SKU and product data, flags, subtotal). Pure functions: the caller
 * reads the records and persists the lines.
 *
 * Decisions (a real shop's behaviour, not a silent clamp):
 * - A line's quantity is an integer 1..CART_MAX_QTY. An add that would take a line above it is refused
 *   (INVALID_INPUT, the message says how many are already in the cart); nothing changes.
 * - An add or set beyond the SKU's current stock is refused (OUT_OF_STOCK, the message says how many are left).
 *   The cart does not reserve stock: order creation takes it with a guarded decrement.
 * - A new SKU goes first. Adding a SKU already in the cart raises that line's quantity in place, selects it and
 *   refreshes its addedPrice (the shopper has just seen the current price on the detail page).
 * - At most CART_MAX_LINES distinct SKUs.
 * - remove / select ignore SKUs that are not in the cart (another tab may have removed them): both are idempotent.
 *
 * The view:
 * - `invalid`: lines that cannot be bought at all: the SKU or product is gone, the product is off sale, or the
 *   SKU has no stock.
 * - `lines`: everything else, newest first. A line whose quantity exceeds the remaining stock (stock > 0) stays
 *   here with `insufficientStock` and `valid: false`: the shopper lowers the quantity and it is buyable again.
 * - `selected` in the view is what checkout takes: the stored choice AND valid. The stored choice is kept, so a
 *   line selected before it ran short is selected again once its quantity fits.
 * - selectedCount / selectedSubtotal / allSelected cover selected valid lines only; count covers every line.
 */
import type { CartLine, CartView } from '../../typings/api';
import { CART_MAX_LINES, CART_MAX_QTY } from '../../typings/api';
import { specText } from './catalog';
import type { ShippingRule } from './pricing';
import { shippingOutlook } from './pricing';

/** A stored cart line (the shape of CartLineRecord). */
export interface CartLineState {
  skuId: string;
  qty: number;
  selected: boolean;
  /** Price when added, to flag price changes. */
  addedPrice: number;
  addedAt: number;
}

export interface SkuSnapshot {
  productId: string;
  specs: Record<string, string>;
  price: number;
  stock: number;
}

export interface ProductSnapshot {
  title: string;
  images: string[];
  onSale: boolean;
  /** Spec names in display order. */
  specNames: string[];
}

export type CartRuleCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'OUT_OF_STOCK';

export type CartDecision =
  | { ok: true; lines: CartLineState[]; changed: boolean }
  | { ok: false; code: CartRuleCode; message: string };

const refuse = (code: CartRuleCode, message: string): CartDecision => ({ ok: false, code, message });
const unchanged = (lines: readonly CartLineState[]): CartDecision => ({ ok: true, lines: [...lines], changed: false });
const changed = (lines: CartLineState[]): CartDecision => ({ ok: true, lines, changed: true });

export const MSG_GONE = '商品不存在或已下架';

function isQty(qty: number): boolean {
  return Number.isInteger(qty) && qty >= 1 && qty <= CART_MAX_QTY;
}

/** The SKU can be put in a cart: it exists, its product exists and is on sale. */
export function sellable(sku: SkuSnapshot | null | undefined, product: ProductSnapshot | null | undefined): sku is SkuSnapshot {
  return !!sku && !!product && product.onSale;
}

function stockProblem(wanted: number, stock: number, inCart = 0): CartDecision | null {
  const left = Math.max(0, stock);
  if (left === 0) return refuse('OUT_OF_STOCK', '该商品已售罄');
  if (wanted > left) {
    const already = inCart > 0 ? `，购物车中已有 ${inCart} 件` : '';
    return refuse('OUT_OF_STOCK', `库存不足，仅剩 ${left} 件${already}`);
  }
  return null;
}

/** Adds `qty` of a SKU: raises an existing line, or puts a new line first. */
export function addToCart(
  lines: readonly CartLineState[],
  input: { skuId: string; qty: number; now: number },
  sku: SkuSnapshot | null | undefined,
  product: ProductSnapshot | null | undefined,
): CartDecision {
  const { skuId, qty, now } = input;
  if (!isQty(qty)) return refuse('INVALID_INPUT', `数量须为 1-${CART_MAX_QTY} 的整数`);
  if (!sellable(sku, product)) return refuse('NOT_FOUND', MSG_GONE);
  const i = lines.findIndex((l) => l.skuId === skuId);
  if (i >= 0) {
    const line = lines[i];
    const next = line.qty + qty;
    if (next > CART_MAX_QTY) {
      return refuse('INVALID_INPUT', `每件商品最多购买 ${CART_MAX_QTY} 件，购物车中已有 ${line.qty} 件`);
    }
    const problem = stockProblem(next, sku.stock, line.qty);
    if (problem) return problem;
    const out = [...lines];
    out[i] = { ...line, qty: next, selected: true, addedPrice: sku.price };
    return changed(out);
  }
  if (lines.length >= CART_MAX_LINES) return refuse('INVALID_INPUT', `购物车已满（最多 ${CART_MAX_LINES} 种商品），请先删除一些商品`);
  const problem = stockProblem(qty, sku.stock);
  if (problem) return problem;
  return changed([{ skuId, qty, selected: true, addedPrice: sku.price, addedAt: now }, ...lines]);
}

/** Sets a line's quantity. The line must be in the cart and the SKU still sellable with enough stock. */
export function setQty(
  lines: readonly CartLineState[],
  input: { skuId: string; qty: number },
  sku: SkuSnapshot | null | undefined,
  product: ProductSnapshot | null | undefined,
): CartDecision {
  const { skuId, qty } = input;
  if (!isQty(qty)) return refuse('INVALID_INPUT', `数量须为 1-${CART_MAX_QTY} 的整数`);
  const i = lines.findIndex((l) => l.skuId === skuId);
  if (i < 0) return refuse('NOT_FOUND', '购物车中没有该商品');
  if (!sellable(sku, product)) return refuse('NOT_FOUND', MSG_GONE);
  const problem = stockProblem(qty, sku.stock);
  if (problem) return problem;
  if (lines[i].qty === qty) return unchanged(lines);
  const out = [...lines];
  out[i] = { ...lines[i], qty };
  return changed(out);
}

/** Removes the lines of these SKUs; SKUs not in the cart are ignored. */
export function removeFromCart(lines: readonly CartLineState[], skuIds: readonly string[]): CartDecision {
  const drop = new Set(skuIds);
  const out = lines.filter((l) => !drop.has(l.skuId));
  return out.length === lines.length ? unchanged(lines) : changed(out);
}

/** Selects or unselects the lines of these SKUs; SKUs not in the cart are ignored. */
export function selectInCart(lines: readonly CartLineState[], skuIds: readonly string[], selected: boolean): CartDecision {
  const pick = new Set(skuIds);
  let n = 0;
  const out = lines.map((l) => {
    if (!pick.has(l.skuId) || l.selected === selected) return l;
    n++;
    return { ...l, selected };
  });
  return n === 0 ? unchanged(lines) : changed(out);
}

export { specText };

/** One line as the shopper sees it, and whether it belongs to `invalid`. */
export function cartLine(
  line: CartLineState,
  sku: SkuSnapshot | null | undefined,
  product: ProductSnapshot | null | undefined,
): { line: CartLine; invalid: boolean } {
  if (!sku) {
    // The SKU is gone: nothing current to show but what the line remembers.
    return {
      invalid: true,
      line: {
        skuId: line.skuId, productId: '', title: '商品已失效', image: '', specs: {}, specText: '',
        price: line.addedPrice, addedPrice: line.addedPrice, qty: line.qty, selected: false, stock: 0,
        flags: { offSale: true, outOfStock: false, insufficientStock: false, priceChanged: false },
        valid: false,
      },
    };
  }
  const stock = Math.max(0, sku.stock);
  const offSale = !product || !product.onSale;
  const outOfStock = stock === 0;
  const insufficientStock = stock > 0 && stock < line.qty;
  const valid = !offSale && !outOfStock && !insufficientStock;
  return {
    invalid: offSale || outOfStock,
    line: {
      skuId: line.skuId,
      productId: sku.productId,
      title: product?.title ?? '商品已失效',
      image: product?.images[0] ?? '',
      specs: { ...sku.specs },
      specText: specText(sku.specs, product?.specNames),
      price: sku.price,
      addedPrice: line.addedPrice,
      qty: line.qty,
      selected: line.selected && valid,
      stock,
      flags: { offSale, outOfStock, insufficientStock, priceChanged: sku.price !== line.addedPrice },
      valid,
    },
  };
}

/** The cart as the shopper sees it, from the stored lines and the current SKU and product records. */
export function cartView(
  lines: readonly CartLineState[],
  skus: ReadonlyMap<string, SkuSnapshot>,
  products: ReadonlyMap<string, ProductSnapshot>,
  shipping: ShippingRule = { flatFee: 0, freeOver: 0 },
): CartView {
  const shown: CartLine[] = [];
  const invalid: CartLine[] = [];
  let count = 0;
  let selectedCount = 0;
  let selectedSubtotal = 0;
  let validCount = 0;
  for (const l of lines) {
    const sku = skus.get(l.skuId);
    const { line, invalid: bad } = cartLine(l, sku, sku ? products.get(sku.productId) : undefined);
    (bad ? invalid : shown).push(line);
    count += line.qty;
    if (line.valid) {
      validCount++;
      if (line.selected) {
        selectedCount++;
        selectedSubtotal += line.price * line.qty;
      }
    }
  }
  return {
    lines: shown,
    invalid,
    count,
    selectedCount,
    selectedSubtotal,
    allSelected: validCount > 0 && selectedCount === validCount,
    shipping: shippingOutlook(selectedSubtotal, shipping),
  };
}
