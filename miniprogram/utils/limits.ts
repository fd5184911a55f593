/**
 * Limits of the API contract the pages apply before asking. typings/ is outside the mini program root (only types
 * may cross), so the values are repeated here; test/mp/commerce-utils.test.ts checks they match typings/api.ts.
 */

/** CART_MAX_QTY: the most of one SKU in the cart. */
export const CART_MAX_QTY = 99;
/** ORDER_MAX_QTY: the most of one SKU in an order. */
export const ORDER_MAX_QTY = 99;
/** CART_MAX_LINES: the most SKUs in the cart. */
export const CART_MAX_LINES = 100;
/** ORDER_MAX_LINES: the most SKUs in one order (= CART_MAX_LINES: a full cart can be ordered at once). */
export const ORDER_MAX_LINES = 100;
