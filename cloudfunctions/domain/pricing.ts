/**
 * Pricing rules: line amounts, shipping, coupon eligibility and discount, best-coupon choice, and the proration of
 * the discount over the lines. Pure functions: money is integer fen, rates are basis points, `now` is an input.
 */
import type { CouponIneligibleReason, CouponScope } from '../../typings/api';

export interface PriceLineInput {
  skuId: string;
  productId: string;
  categoryPath: string[];
  unitPrice: number;
  qty: number;
}

export interface PriceCouponInput {
  id: string;
  kind: 'amount_off' | 'percent_off';
  threshold: number;
  amountOff: number | null;
  discountBps: number | null;
  maxOff: number | null;
  scope: CouponScope;
  validFrom: number;
  validTo: number;
  /** false when the coupon is locked by another order or used */
  usable: boolean;
}

export type CouponChoice = { mode: 'best' } | { mode: 'none' } | { mode: 'id'; id: string };

export interface ShippingRule {
  flatFee: number;
  /** Free shipping from this subtotal on; 0 = never free. */
  freeOver: number;
}

export interface PriceInput {
  lines: PriceLineInput[];
  coupons: PriceCouponInput[];
  choice: CouponChoice;
  shipping: ShippingRule;
  now: number;
}

export interface CouponEvaluation {
  id: string;
  eligible: boolean;
  reason: CouponIneligibleReason | null;
  /** BELOW_THRESHOLD: threshold - eligibleSubtotal; 0 otherwise. */
  shortBy: number;
  /** Sum of the amounts of the lines in the coupon's scope (computed whatever the reason). */
  eligibleSubtotal: number;
  /** What it takes off this order; 0 when ineligible. */
  discount: number;
}

export interface PricedLine extends PriceLineInput {
  amount: number;
  discount: number;
  payable: number;
}

export type PriceResult =
  | {
      ok: true;
      lines: PricedLine[];
      subtotal: number;
      discount: number;
      shipping: number;
      payable: number;
      couponId: string | null;
      coupons: CouponEvaluation[];
    }
  | { ok: false; code: 'COUPON_UNAVAILABLE'; couponId: string; reason: CouponIneligibleReason | 'UNKNOWN_COUPON' };

const BPS = 10_000n;

export function shippingFee(subtotal: number, rule: ShippingRule): number {
  return rule.freeOver > 0 && subtotal >= rule.freeOver ? 0 : rule.flatFee;
}

/**
 * The shipping rule against a subtotal, for the cart's "还差 ¥x 免运费" hint: the fee now, the threshold, and how
 * much more makes it free (0 when it is free already, when shipping costs nothing, or when it is never free).
 */
export function shippingOutlook(subtotal: number, rule: ShippingRule): { fee: number; freeOver: number; shortBy: number } {
  const fee = shippingFee(subtotal, rule);
  const shortBy = fee > 0 && rule.freeOver > 0 ? Math.max(0, rule.freeOver - subtotal) : 0;
  return { fee, freeOver: rule.freeOver, shortBy };
}

function lineAmount(line: PriceLineInput): number {
  return line.unitPrice * line.qty;
}

/** A coupon's scope covers this product (its id, or any category of its path). Order lines and product pages share it. */
export function inScope(scope: CouponScope, line: Pick<PriceLineInput, 'productId' | 'categoryPath'>): boolean {
  switch (scope.type) {
    case 'all':
      return true;
    case 'categories':
      return line.categoryPath.some((c) => scope.ids.includes(c));
    case 'products':
      return scope.ids.includes(line.productId);
  }
}

/** The coupon's discount before the order-level caps. */
export function rawDiscount(c: Pick<PriceCouponInput, 'kind' | 'amountOff' | 'discountBps' | 'maxOff'>, eligibleSubtotal: number): number {
  if (c.kind === 'amount_off') return c.amountOff ?? 0;
  // Rounding rule: FLOOR (towards zero; the shop never gives away a fraction of a fen). BigInt keeps the product exact.
  const pct = Number((BigInt(eligibleSubtotal) * BigInt(c.discountBps ?? 0)) / BPS);
  return c.maxOff === null ? pct : Math.min(pct, c.maxOff);
}

export function evaluateCoupon(
  c: PriceCouponInput,
  lines: PriceLineInput[],
  subtotal: number,
  shipping: number,
  now: number,
): CouponEvaluation {
  const eligibleLines = lines.filter((l) => inScope(c.scope, l));
  const eligibleSubtotal = eligibleLines.reduce((s, l) => s + lineAmount(l), 0);
  const no = (reason: CouponIneligibleReason, shortBy = 0): CouponEvaluation => ({
    id: c.id,
    eligible: false,
    reason,
    shortBy,
    eligibleSubtotal,
    discount: 0,
  });
  if (!c.usable) return no('NOT_USABLE');
  if (now < c.validFrom) return no('NOT_STARTED');
  if (now > c.validTo) return no('EXPIRED');
  if (eligibleLines.length === 0) return no('OUT_OF_SCOPE');
  if (eligibleSubtotal < c.threshold) return no('BELOW_THRESHOLD', c.threshold - eligibleSubtotal);
  // Caps: never more than the goods it covers, and the order keeps a payable of at least 1 fen.
  const discount = Math.max(0, Math.min(rawDiscount(c, eligibleSubtotal), eligibleSubtotal, subtotal + shipping - 1));
  // A coupon that would take nothing off (a discount rounding to 0 fen, or a 1-fen order) is not worth spending.
  if (discount === 0) return no('NO_DISCOUNT');
  return { id: c.id, eligible: true, reason: null, shortBy: 0, eligibleSubtotal, discount };
}

/** Code-unit order: deterministic, independent of locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Eligible first by discount desc, validTo asc, id asc; then ineligible by id. */
function compareEvaluations(a: CouponEvaluation, ac: PriceCouponInput, b: CouponEvaluation, bc: PriceCouponInput): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.eligible) {
    if (a.discount !== b.discount) return b.discount - a.discount;
    if (ac.validTo !== bc.validTo) return ac.validTo - bc.validTo;
  }
  return compareIds(a.id, b.id);
}

export function priceOrder(input: PriceInput): PriceResult {
  const { lines, coupons, choice, now } = input;
  const amounts = lines.map(lineAmount);
  const subtotal = amounts.reduce((s, a) => s + a, 0);
  const shipping = shippingFee(subtotal, input.shipping);

  const evaluations = coupons.map((c) => evaluateCoupon(c, lines, subtotal, shipping, now));
  const ranked = coupons.map((_, i) => i).sort((a, b) => compareEvaluations(evaluations[a], coupons[a], evaluations[b], coupons[b]));

  let applied: PriceCouponInput | null = null;
  let discount = 0;
  if (choice.mode === 'id') {
    const idx = coupons.findIndex((c) => c.id === choice.id);
    if (idx < 0) return { ok: false, code: 'COUPON_UNAVAILABLE', couponId: choice.id, reason: 'UNKNOWN_COUPON' };
    const ev = evaluations[idx];
    if (!ev.eligible) return { ok: false, code: 'COUPON_UNAVAILABLE', couponId: choice.id, reason: ev.reason ?? 'NOT_USABLE' };
    applied = coupons[idx];
    discount = ev.discount;
  } else if (choice.mode === 'best') {
    // Only a coupon that takes something off is worth spending.
    const best = ranked[0];
    if (best !== undefined && evaluations[best].eligible && evaluations[best].discount > 0) {
      applied = coupons[best];
      discount = evaluations[best].discount;
    }
  }

  const lineDiscounts = amounts.map(() => 0);
  if (applied !== null && discount > 0) {
    const scope = applied.scope;
    const idxs = lines.flatMap((l, i) => (inScope(scope, l) ? [i] : []));
    const shares = prorate(discount, idxs.map((i) => amounts[i]));
    idxs.forEach((i, k) => {
      lineDiscounts[i] = shares[k];
    });
  }

  const priced: PricedLine[] = lines.map((l, i) => ({
    ...l,
    categoryPath: [...l.categoryPath],
    amount: amounts[i],
    discount: lineDiscounts[i],
    payable: amounts[i] - lineDiscounts[i],
  }));

  return {
    ok: true,
    lines: priced,
    subtotal,
    discount,
    shipping,
    payable: subtotal - discount + shipping,
    couponId: applied?.id ?? null,
    coupons: ranked.map((i) => evaluations[i]),
  };
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}

/**
 * Split `total` into non-negative integers proportional to `weights`, summing exactly to `total`.
 * Rounding rule: LARGEST REMAINDER - every share is the floor of its exact quota, and the units left over go one each
 * to the largest fractional remainders, ties to the earlier index. Exact BigInt arithmetic throughout.
 */
export function prorate(total: number, weights: number[]): number[] {
  assertCount(total, 'total');
  weights.forEach((w, i) => assertCount(w, `weight ${i}`));
  const sum = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (sum === 0n) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError(`cannot prorate ${total} over all-zero weights`);
  }
  const t = BigInt(total);
  const shares = weights.map((w) => (t * BigInt(w)) / sum);
  const remainders = weights.map((w) => (t * BigInt(w)) % sum);
  let left = Number(t - shares.reduce((s, x) => s + x, 0n));
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
  for (const i of order) {
    if (left === 0) break;
    shares[i] += 1n;
    left -= 1;
  }
  return shares.map(Number);
}
