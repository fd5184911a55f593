/** Cart service (cloud function `cart`). Every action answers the whole cart as the server now sees it. */
import type { CartLine, CartView } from '../../typings/api';
import { assetUrl, call } from './api';

function withLineAssets(line: CartLine): CartLine {
  return line.image ? { ...line, image: assetUrl(line.image) } : line;
}

function withAssets(view: CartView): CartView {
  return { ...view, lines: view.lines.map(withLineAssets), invalid: view.invalid.map(withLineAssets) };
}

export async function fetchCart(): Promise<CartView> {
  return withAssets(await call('cart', 'get', {}));
}

export async function addCartItem(skuId: string, qty: number): Promise<CartView> {
  return withAssets(await call('cart', 'add', { skuId, qty }));
}

export async function setCartItemQty(skuId: string, qty: number): Promise<CartView> {
  return withAssets(await call('cart', 'set', { skuId, qty }));
}

export async function removeCartItems(skuIds: string[]): Promise<CartView> {
  return withAssets(await call('cart', 'remove', { skuIds }));
}

export async function selectCartItems(skuIds: string[], selected: boolean): Promise<CartView> {
  return withAssets(await call('cart', 'select', { skuIds, selected }));
}
