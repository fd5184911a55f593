/**
 * Coupon rules that need no I/O: rule consistency, validity windows, the coupon center's per-shopper state.
 * Time is passed in (epoch ms); day boundaries are Asia/Shanghai (UTC+8 all year, no daylight saving).
 */

import { DAY_MS, endOfShanghaiDay } from './time';

export { DAY_MS, endOfShanghaiDay };


export const COUPON_LIMITS = {
  nameMax: 20,
  bpsMin: 1,
  bpsMax: 9999,
  validDaysMax: 365,
  totalMax: 10_000_000,
  perUserLimitMax: 100,
  scopeIdsMax: 100,
} as const;

export type CouponKindValue = 'amount_off' | 'percent_off';

/** The fields of a rule whose consistency depends on the kind (null or undefined = absent). */
export interface CouponRuleShape {
  kind: CouponKindValue;
  threshold: number;
  amountOff?: number | null;
  discountBps?: number | null;
  maxOff?: number | null;
}

/** The two window forms of a template: a fixed window, or validDays after the claim. */
export interface CouponWindowShape {
  validFrom?: number | null;
  validTo?: number | null;
  validDays?: number | null;
}

const present = (v: number | null | undefined): v is number => v !== null && v !== undefined;

/** What is inconsistent about a rule: amount_off takes amountOff only; percent_off takes discountBps (+ maxOff). */
export function couponRuleProblems(r: CouponRuleShape): string[] {
  const problems: string[] = [];
  if (r.kind === 'amount_off') {
    if (!present(r.amountOff) || !Number.isInteger(r.amountOff) || r.amountOff < 1) problems.push('amount_off needs amountOff (fen, >= 1)');
    if (present(r.discountBps)) problems.push('amount_off takes no discountBps');
    if (present(r.maxOff)) problems.push('amount_off takes no maxOff');
  } else {
    if (!present(r.discountBps) || !Number.isInteger(r.discountBps) || r.discountBps < COUPON_LIMITS.bpsMin || r.discountBps > COUPON_LIMITS.bpsMax) {
      problems.push(`percent_off needs discountBps ${COUPON_LIMITS.bpsMin}..${COUPON_LIMITS.bpsMax}`);
    }
    if (present(r.amountOff)) problems.push('percent_off takes no amountOff');
    if (present(r.maxOff) && (!Number.isInteger(r.maxOff) || r.maxOff < 1)) problems.push('maxOff must be >= 1 fen');
  }
  if (!Number.isInteger(r.threshold) || r.threshold < 0) problems.push('threshold must be >= 0 fen');
  return problems;
}

/** Exactly one window form: validFrom + validTo (validTo > validFrom), or validDays 1..365. */
export function couponWindowProblems(w: CouponWindowShape): string[] {
  const fixed = present(w.validFrom) || present(w.validTo);
  const relative = present(w.validDays);
  if (fixed && relative) return ['give either validFrom + validTo or validDays, not both'];
  if (!fixed && !relative) return ['give validFrom + validTo or validDays'];
  if (relative) {
    const d = w.validDays as number;
    return Number.isInteger(d) && d >= 1 && d <= COUPON_LIMITS.validDaysMax ? [] : [`validDays must be 1..${COUPON_LIMITS.validDaysMax}`];
  }
  if (!present(w.validFrom) || !present(w.validTo)) return ['a fixed window needs both validFrom and validTo'];
  return w.validTo > w.validFrom ? [] : ['validTo must be after validFrom'];
}

/**
 * The validity of a coupon claimed at `now`: the template's fixed window as it is, or, for validDays,
 * from the claim until the end of the Shanghai day `validDays` days later (at least validDays * 24 h,
 * and it never runs out in the middle of a day: claimed 10:00 on the 1st with validDays 7 -> through the 8th, 23:59:59.999).
 */
export function claimWindow(t: { validFrom: number | null; validTo: number | null; validDays: number | null }, now: number): { validFrom: number; validTo: number } {
  if (t.validDays !== null) return { validFrom: now, validTo: endOfShanghaiDay(now + t.validDays * DAY_MS) };
  if (t.validFrom === null || t.validTo === null) throw new Error('coupon template has no window');
  return { validFrom: t.validFrom, validTo: t.validTo };
}

/**
 * A template whose fixed window has ended can no longer be claimed or listed (a coupon is expired when now > validTo,
 * the same boundary). A template not yet started can be claimed: its coupons are held until the window opens.
 */
export function templateEnded(t: { validTo: number | null; validDays: number | null }, now: number): boolean {
  return t.validDays === null && t.validTo !== null && now > t.validTo;
}

export type CenterState = 'claimable' | 'claimed' | 'sold_out';

/** The center's state for one shopper: sold_out first (nobody can claim), then claimed (this shopper reached the limit). */
export function centerState(t: { total: number; claimed: number; perUserLimit: number }, mine: number): { state: CenterState; remainingForMe: number } {
  const remainingForMe = Math.max(0, Math.min(t.perUserLimit - mine, t.total - t.claimed));
  if (t.claimed >= t.total) return { state: 'sold_out', remainingForMe };
  if (mine >= t.perUserLimit) return { state: 'claimed', remainingForMe };
  return { state: 'claimable', remainingForMe };
}

/** The id of the per-shopper claim counter of a template. */
export function claimCounterId(templateId: string, openid: string): string {
  return `${templateId}:${openid}`;
}
