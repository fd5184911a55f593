/**
 * The shopper's cart, exactly as the server last answered it (no optimistic edits: every action answers the whole
 * CartView and that replaces what is shown). Requests go one at a time, in order, so an older answer can never
 * overwrite a newer one. The line count drives the cart tab's badge.
 */
import { makeAutoObservable, reaction } from 'mobx-miniprogram';
import type { CartLine, CartShipping, CartView, OrderItemInput } from '../../typings/api';
import { isApiCallError } from '../services/api';
import { addCartItem, fetchCart, removeCartItems, selectCartItems, setCartItemQty } from '../services/cart';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';
import { CART_MAX_QTY } from '../utils/limits';
import type { ActionResult } from '../utils/result';
import { failure } from '../utils/result';

/** The cart's position in app.json's tabBar list. */
export const CART_TAB_INDEX = 2;

const noop = (): void => undefined;

/** A cart line with what the page needs besides the server's fields. */
export interface CartLineView extends CartLine {
  /** The stepper's maximum: min(99, stock), at least 1. */
  maxQty: number;
}

function lineView(line: CartLine): CartLineView {
  return { ...line, maxQty: Math.max(1, Math.min(CART_MAX_QTY, line.stock)) };
}

export class CartStore {
  view: CartView | null = null;
  /** The first load is in flight. */
  loading = false;
  loaded = false;
  error: UiError | null = null;
  /** Writes sent and not yet answered. */
  pendingWrites = 0;
  /** 管理 mode: the checkboxes mark lines to remove instead of selecting them for checkout. */
  editing = false;
  /** The lines marked for removal in 管理 mode (valid and invalid alike). */
  marked: string[] = [];

  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    makeAutoObservable<this, 'queue'>(this, { queue: false });
    reaction(
      () => (this.loaded ? this.count : -1),
      () => this.syncBadge(),
    );
  }

  get lines(): CartLineView[] {
    return (this.view?.lines ?? []).map(lineView);
  }

  get invalid(): CartLineView[] {
    return (this.view?.invalid ?? []).map(lineView);
  }

  /** Pieces in the cart (every line), the tab badge. */
  get count(): number {
    return this.view?.count ?? 0;
  }

  get selectedCount(): number {
    return this.view?.selectedCount ?? 0;
  }

  get selectedSubtotal(): number {
    return this.view?.selectedSubtotal ?? 0;
  }

  get allSelected(): boolean {
    return this.view?.allSelected ?? false;
  }

  /** Nothing in the cart at all (after it loaded). */
  get empty(): boolean {
    return this.loaded && this.lines.length === 0 && this.invalid.length === 0;
  }

  /** What 结算 takes to checkout: the selected lines that can be bought. */
  get checkoutItems(): OrderItemInput[] {
    return this.lines.filter((l) => l.selected && l.valid).map((l) => ({ skuId: l.skuId, qty: l.qty }));
  }

  /** The shop's shipping rule against the selected lines (no rule: nothing to say). */
  get shipping(): CartShipping {
    return this.view?.shipping ?? { fee: 0, freeOver: 0, shortBy: 0 };
  }

  /** Show "还差 ¥x 免运费": something is selected, shipping costs, and a threshold would make it free. */
  get freeShippingShortBy(): number {
    return this.selectedCount > 0 ? this.shipping.shortBy : 0;
  }

  /** Every line in the cart (valid first), the ones 管理 mode can mark. */
  get allSkuIds(): string[] {
    return [...this.lines, ...this.invalid].map((l) => l.skuId);
  }

  /** skuId -> marked, for the checkboxes in 管理 mode. */
  get markedMap(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const id of this.marked) out[id] = true;
    return out;
  }

  get allMarked(): boolean {
    const all = this.allSkuIds;
    return all.length > 0 && all.every((id) => this.marked.includes(id));
  }

  /** 管理 / 完成: entering or leaving edit mode starts with nothing marked. */
  setEditing(editing: boolean): void {
    this.editing = editing;
    this.marked = [];
  }

  mark(skuId: string, on: boolean): void {
    const rest = this.marked.filter((id) => id !== skuId);
    this.marked = on && this.allSkuIds.includes(skuId) ? [...rest, skuId] : rest;
  }

  markAll(on: boolean): void {
    this.marked = on ? this.allSkuIds : [];
  }

  /** 删除 in 管理 mode: the marked lines leave the cart in one cart.remove; edit mode ends when the cart is empty. */
  async removeMarked(): Promise<ActionResult> {
    const ids = this.marked.filter((id) => this.allSkuIds.includes(id));
    if (ids.length === 0) return { ok: false, message: '请选择要删除的商品', code: 'INVALID_INPUT' };
    const result = await this.remove(ids);
    if (result.ok) this.afterRemove();
    return result;
  }

  get badgeText(): string {
    const n = this.count;
    if (n <= 0) return '';
    return n > 99 ? '99+' : String(n);
  }

  /** Loads the cart (again); the current view stays on screen meanwhile. */
  load(): Promise<void> {
    if (!this.loaded) this.loading = true;
    return this.enqueue(() => fetchCart()).then(
      (view) => this.receive(view),
      (err: unknown) => this.failLoad(err),
    );
  }

  add(skuId: string, qty: number): Promise<ActionResult> {
    return this.write(() => addCartItem(skuId, qty));
  }

  setQty(skuId: string, qty: number): Promise<ActionResult> {
    const line = this.lines.find((l) => l.skuId === skuId);
    if (line && line.qty === qty) return Promise.resolve({ ok: true });
    return this.write(() => setCartItemQty(skuId, qty));
  }

  remove(skuIds: string[]): Promise<ActionResult> {
    if (skuIds.length === 0) return Promise.resolve({ ok: true });
    return this.write(() => removeCartItems(skuIds));
  }

  select(skuId: string, selected: boolean): Promise<ActionResult> {
    return this.write(() => selectCartItems([skuId], selected));
  }

  /** 全选: every valid line on, or every line off. */
  selectAll(selected: boolean): Promise<ActionResult> {
    const ids = (selected ? this.lines.filter((l) => l.valid) : this.lines).map((l) => l.skuId);
    if (ids.length === 0) return Promise.resolve({ ok: true });
    return this.write(() => selectCartItems(ids, selected));
  }

  /** 清空失效商品. */
  clearInvalid(): Promise<ActionResult> {
    return this.remove(this.invalid.map((l) => l.skuId));
  }

  /** Shows the badge on the cart tab (tab pages call it on show: WeChat refuses it while another page is on top). */
  syncBadge(): void {
    if (!this.loaded || typeof wx === 'undefined' || typeof wx.setTabBarBadge !== 'function') return;
    const text = this.badgeText;
    if (text) wx.setTabBarBadge({ index: CART_TAB_INDEX, text, fail: noop });
    else wx.removeTabBarBadge({ index: CART_TAB_INDEX, fail: noop });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(noop);
    return run;
  }

  private write(task: () => Promise<CartView>): Promise<ActionResult> {
    this.pendingWrites += 1;
    return this.enqueue(task).then(
      (view) => {
        this.writeDone();
        this.receive(view);
        return { ok: true } as const;
      },
      (err: unknown) => {
        this.writeDone();
        // The cart may have changed under the refusal (stock ran out, a line went off sale): show the server's.
        if (isApiCallError(err) && err.code !== 'NETWORK') void this.load();
        return failure(err, 'cart');
      },
    );
  }

  private writeDone(): void {
    this.pendingWrites -= 1;
  }

  private afterRemove(): void {
    const left = this.allSkuIds;
    this.marked = this.marked.filter((id) => left.includes(id));
    if (left.length === 0) this.editing = false;
  }

  private receive(view: CartView): void {
    this.view = view;
    this.loading = false;
    this.loaded = true;
    this.error = null;
  }

  private failLoad(err: unknown): void {
    this.loading = false;
    this.error = toUiError(err, 'cart');
  }
}

export const cartStore = new CartStore();
