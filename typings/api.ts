/**
 * The shared API contract: every cloud function's actions, payloads, results and error codes.
 * Used by the mini program (type-only imports) and by the cloud functions.
 * Money is integer fen everywhere.
 */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'COUPON_UNAVAILABLE'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNKNOWN_ACTION'
  | 'UNKNOWN_FUNCTION'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** Integer fen. */
export type Fen = number;

/** Where the call came from, as the platform says (cloud.getWXContext().SOURCE). */
export type CallSource = 'wx_client' | 'wx_paycallback' | 'wx_trigger' | 'wx_http' | 'scf' | 'wx_devtools' | 'wx_cloudbase';

// ---------- catalogue (function `shop`) ----------

export interface Category {
  id: string;
  name: string;
  parentId: string | null;
  icon: string | null;
  sort: number;
}

export interface PriceRange {
  min: Fen;
  max: Fen;
}

export interface ProductSummary {
  id: string;
  categoryId: string;
  title: string;
  subtitle: string;
  image: string;
  price: PriceRange;
  originalPrice: Fen | null;
  sales: number;
}

/** One spec dimension, e.g. {name: "颜色", values: ["黑", "白"]}, in display order. */
export interface SpecDimension {
  name: string;
  values: string[];
}

export interface Sku {
  id: string;
  specs: Record<string, string>;
  price: Fen;
  originalPrice: Fen | null;
  stock: number;
}

export interface ProductDetail extends ProductSummary {
  images: string[];
  description: string;
  specs: SpecDimension[];
  skus: Sku[];
}

export interface ProductsPayload {
  categoryId?: string;
  keyword?: string;
  cursor?: string;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ShopActions {
  categories: { payload: Record<string, never>; result: Category[] };
  products: { payload: ProductsPayload; result: Page<ProductSummary> };
  product: { payload: { id: string }; result: ProductDetail };
}

// ---------- the API map ----------

export interface ApiSpec {
  shop: ShopActions;
}

export type FunctionName = keyof ApiSpec;
export type ActionName<F extends FunctionName> = keyof ApiSpec[F] & string;
export type PayloadOf<F extends FunctionName, A extends ActionName<F>> = ApiSpec[F][A] extends { payload: infer P } ? P : never;
export type ResultOf<F extends FunctionName, A extends ActionName<F>> = ApiSpec[F][A] extends { result: infer R } ? R : never;

/** What a client sends to a function: `{action, data}`. */
export interface CallEvent {
  action: string;
  data?: unknown;
}

/** Users and roles. */
export type Role = 'merchant' | 'distributor';
