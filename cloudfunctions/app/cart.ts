/**
 * Cart use cases: one cart document per shopper (_id = openid), every write guarded on its `version`.
 *
 * A write reads the cart, asks domain/cart for the new lines and stores them with
 * `update(carts, {_id, version: v}, {set: {lines, version: v + 1, updatedAt}})`. If another write got there
 * first (0 changed), it re-reads and tries again after a short randomised pause, up to MAX_RETRIES times, then
 * answers CONFLICT. The first write inserts the document; a duplicate insert (a concurrent first write) takes
 * the same retry path. Nothing is lost under concurrency: every successful write was computed from the version
 * it replaced.
 *
 * Every action answers the fresh CartView: the stored lines joined with the current SKUs and products
 * (one `find` over each).
 */
import type { CartView } from '../../typings/api';
import {
  CartDecision,
  CartLineState,
  ProductSnapshot,
  SkuSnapshot,
  addToCart,
  cartView,
  removeFromCart,
  selectInCart,
  setQty,
} from '../domain/cart';
import type { Deps } from '../ports/context';
import { Json, cond } from '../ports/store';
import type { CartLineRecord, CartRecord, ProductRecord, SkuRecord } from './records';
import { Result, fail, ok } from './result';
import { getSettings } from './settings';

/** Re-reads after a lost race before answering CONFLICT. */
export const MAX_RETRIES = 5;
/** Upper bound of the first randomised pause after a lost race; it doubles with every retry. */
const BACKOFF_BASE_MS = 8;

const PRODUCT_OMIT = ['keywords', 'description', 'categoryPath'];

export async function getCart(deps: Deps, openid: string): Promise<Result<CartView>> {
  const doc = await deps.store.get<CartRecord>('carts', openid);
  return ok(await viewOf(deps, doc?.lines ?? []));
}

export async function addItem(deps: Deps, openid: string, p: { skuId: string; qty: number }): Promise<Result<CartView>> {
  const { sku, product } = await loadSku(deps, p.skuId);
  return withView(deps, await write(deps, openid, (lines, now) => addToCart(lines, { skuId: p.skuId, qty: p.qty, now }, sku, product)));
}

export async function setItemQty(deps: Deps, openid: string, p: { skuId: string; qty: number }): Promise<Result<CartView>> {
  const { sku, product } = await loadSku(deps, p.skuId);
  return withView(deps, await write(deps, openid, (lines) => setQty(lines, p, sku, product)));
}

export async function removeItems(deps: Deps, openid: string, p: { skuIds: string[] }): Promise<Result<CartView>> {
  return withView(deps, await removeLines(deps, openid, p.skuIds));
}

export async function selectItems(deps: Deps, openid: string, p: { skuIds: string[]; selected: boolean }): Promise<Result<CartView>> {
  return withView(deps, await write(deps, openid, (lines) => selectInCart(lines, p.skuIds, p.selected)));
}

/** Takes lines out of the cart without building a view (checkout uses it after ordering from the cart). */
export function removeLines(deps: Deps, openid: string, skuIds: readonly string[]): Promise<Result<readonly CartLineState[]>> {
  return write(deps, openid, (lines) => removeFromCart(lines, skuIds));
}

async function withView(deps: Deps, written: Result<readonly CartLineState[]>): Promise<Result<CartView>> {
  return written.ok ? ok(await viewOf(deps, written.data)) : written;
}

/** The optimistic-concurrency loop every cart write goes through; answers the lines as stored. */
async function write(
  deps: Deps,
  openid: string,
  decide: (lines: readonly CartLineState[], now: number) => CartDecision,
): Promise<Result<readonly CartLineState[]>> {
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    if (attempt > 0) await pause(attempt);
    const doc = await deps.store.get<CartRecord>('carts', openid);
    const now = deps.clock.now();
    const d = decide(doc?.lines ?? [], now);
    if (!d.ok) return fail(d.code, d.message);
    if (!d.changed) return ok(d.lines);
    const lines: CartLineRecord[] = d.lines.map((l) => ({ skuId: l.skuId, qty: l.qty, selected: l.selected, addedPrice: l.addedPrice, addedAt: l.addedAt }));
    if (!doc) {
      const cart: CartRecord = { _id: openid, lines, version: 1, updatedAt: now };
      const r = await deps.store.insert('carts', cart);
      if (r.ok) return ok(lines);
    } else {
      const n = await deps.store.update(
        'carts',
        { _id: openid, version: doc.version },
        { set: { lines: lines as unknown as Json, version: doc.version + 1, updatedAt: now } },
      );
      if (n === 1) return ok(lines);
    }
  }
  deps.log.info('cart write gave up after retries', { retries: MAX_RETRIES });
  return fail('CONFLICT', '购物车正在被其他操作修改，请稍后重试');
}

/** A random pause in [0, base * 2^(attempt-1)) ms, so racing writers spread out instead of colliding again. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * BACKOFF_BASE_MS * 2 ** (attempt - 1);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function loadSku(deps: Deps, skuId: string): Promise<{ sku: SkuSnapshot | null; product: ProductSnapshot | null }> {
  const sku = await deps.store.get<SkuRecord>('skus', skuId);
  if (!sku) return { sku: null, product: null };
  const product = await deps.store.get<ProductRecord>('products', sku.productId);
  return { sku, product };
}

/** Joins the lines with the current SKUs and products: one find over each. */
async function viewOf(deps: Deps, lines: readonly CartLineState[]): Promise<CartView> {
  const skus = new Map<string, SkuSnapshot>();
  const products = new Map<string, ProductSnapshot>();
  const skuIds = [...new Set(lines.map((l) => l.skuId))];
  if (skuIds.length) {
    const found = await deps.store.find<SkuRecord>('skus', { _id: cond.in(skuIds) }, { limit: 1000 });
    for (const s of found.items) skus.set(s._id, s);
    const productIds = [...new Set(found.items.map((s) => s.productId))];
    if (productIds.length) {
      const ps = await deps.store.find<ProductRecord>('products', { _id: cond.in(productIds) }, { limit: 1000, omit: PRODUCT_OMIT });
      for (const p of ps.items) products.set(p._id, p);
    }
  }
  const settings = await getSettings(deps);
  return cartView(lines, skus, products, settings.shipping);
}
