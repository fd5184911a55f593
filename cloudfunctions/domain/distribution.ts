/**
 * Distribution rules: who a shopper is bound to, what a line of an order earns each tier, and how a refund brings it
 * down. Pure. At most two tiers, and nothing is ever paid for recruiting people: three or more tiers, or headcount
 * rewards, are illegal pyramid selling in China (传销).
 *
 * Money rule: a line earns on what is still paid for it - its payable (coupon share already prorated, shipping
 * excluded) less what refunds have returned for it (domain/refund: units are refunded first to last, each its
 * largest-remainder share). A rate in basis points is rounded down to the fen per line and beneficiary; a fixed
 * amount per unit (the SKU's) is paid per unit still paid for, never more than what is still paid. So the commission
 * of a line is a function of its refunded quantity alone, and each reversal is the difference of two of its values.
 */
import { DAY_MS } from './time';
import { unitsAmount } from './refund';

export type BindMode = 'first_touch' | 'protected' | 'last_touch';

export interface DistributionRules {
  enabled: boolean;
  autoApprove: boolean;
  bindMode: BindMode;
  protectDays: number;
  newCustomersOnly: boolean;
  selfPurchase: boolean;
  tier1Bps: number;
  tier2Bps: number;
  settleDays: number;
  /** Fen. */
  minWithdraw: number;
  maxWithdrawalsPerDay: number;
}

export const DEFAULT_DISTRIBUTION: DistributionRules = {
  enabled: false,
  autoApprove: false,
  bindMode: 'protected',
  protectDays: 15,
  newCustomersOnly: false,
  selfPurchase: false,
  tier1Bps: 1000,
  tier2Bps: 300,
  settleDays: 7,
  minWithdraw: 100,
  maxWithdrawalsPerDay: 3,
};

/** The largest rate a tier may have (50%): the two tiers together can never give away a line. */
export const MAX_TIER_BPS = 5000;

// ---------- binding ----------

export interface BindingState {
  distributor: string;
  since: number;
}

export type BindDecision =
  | { bind: true; why: 'new' | 'rebind' }
  | { bind: false; why: 'self' | 'loop' | 'frozen' | 'not_new_customer' | 'same' | 'first_touch' | 'protected' };

/**
 * Whether an entry through `candidate`'s link (re)binds `shopper`.
 * - `candidateInviters`: the candidate's inviter and that one's inviter (a binding must not close a loop).
 * - `shopperIsDistributor`: an approved distributor's binding is their inviter, frozen.
 */
export function decideBinding(input: {
  shopper: string;
  candidate: string;
  candidateInviters: readonly string[];
  current: BindingState | null;
  shopperIsDistributor: boolean;
  shopperHasPaidOrder: boolean;
  rules: Pick<DistributionRules, 'bindMode' | 'protectDays' | 'newCustomersOnly'>;
  now: number;
}): BindDecision {
  const { shopper, candidate, current, rules } = input;
  if (candidate === shopper) return { bind: false, why: 'self' };
  if (input.candidateInviters.includes(shopper)) return { bind: false, why: 'loop' };
  if (input.shopperIsDistributor) return { bind: false, why: 'frozen' };
  if (current?.distributor === candidate) return { bind: false, why: 'same' };
  if (rules.newCustomersOnly && input.shopperHasPaidOrder) return { bind: false, why: 'not_new_customer' };
  if (!current) return { bind: true, why: 'new' };
  if (rules.bindMode === 'first_touch') return { bind: false, why: 'first_touch' };
  if (rules.bindMode === 'protected' && input.now - current.since < rules.protectDays * DAY_MS) return { bind: false, why: 'protected' };
  return { bind: true, why: 'rebind' };
}

// ---------- rates ----------

export type RateSource = 'sku' | 'product' | 'level' | 'default';

/** What a line earns one tier: a fixed amount per unit (the SKU's) or basis points of what is paid. */
export interface LineRate {
  mode: 'fixed' | 'bps';
  /** fen per unit (fixed) or basis points (bps). */
  value: number;
  source: RateSource;
}

export interface RateInputs {
  sku: { tier1Fen: number; tier2Fen: number } | null;
  product: { tier1Bps: number; tier2Bps: number } | null;
  /** The beneficiary's level (tier 1: the tier-1 distributor's, tier 2: the tier-2 distributor's). */
  level: { tier1Bps: number; tier2Bps: number } | null;
  rules: Pick<DistributionRules, 'tier1Bps' | 'tier2Bps'>;
}

/** Precedence: the SKU's fixed amount, then the product's rate, then the beneficiary's level, then the shop's. */
export function rateFor(tier: 1 | 2, r: RateInputs): LineRate {
  if (r.sku) return { mode: 'fixed', value: tier === 1 ? r.sku.tier1Fen : r.sku.tier2Fen, source: 'sku' };
  if (r.product) return { mode: 'bps', value: tier === 1 ? r.product.tier1Bps : r.product.tier2Bps, source: 'product' };
  if (r.level) return { mode: 'bps', value: tier === 1 ? r.level.tier1Bps : r.level.tier2Bps, source: 'level' };
  return { mode: 'bps', value: tier === 1 ? r.rules.tier1Bps : r.rules.tier2Bps, source: 'default' };
}

export interface CommissionLine {
  payable: number;
  qty: number;
}

/** What is still paid for a line after `refundedQty` units went back (units are refunded first to last). */
export function stillPaid(line: CommissionLine, refundedQty: number): number {
  return line.payable - unitsAmount(line.payable, line.qty, 0, refundedQty);
}

/** What a line earns one tier when `refundedQty` of its units have been refunded. */
export function lineCommission(rate: LineRate, line: CommissionLine, refundedQty: number): number {
  const paid = stillPaid(line, refundedQty);
  if (rate.mode === 'bps') return Math.floor((paid * rate.value) / 10_000);
  return Math.min((line.qty - refundedQty) * rate.value, paid);
}

const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
const SOURCE_TEXT: Record<RateSource, string> = { sku: '商品规格固定佣金', product: '商品佣金比例', level: '分销等级比例', default: '店铺默认比例' };

export interface CommissionExplain {
  base: number;
  qty: number;
  rate: LineRate;
  tier: 1 | 2;
  amount: number;
  /** Fen the rounding down left out (bps only). */
  roundedOff: number;
  text: string;
}

/** How a line's commission came about, in data and words ("实付 ¥246.00 × 10% = ¥24.60（店铺默认比例，一级）"). */
export function explainCommission(tier: 1 | 2, rate: LineRate, line: CommissionLine, refundedQty: number): CommissionExplain {
  const base = stillPaid(line, refundedQty);
  const qty = line.qty - refundedQty;
  const amount = lineCommission(rate, line, refundedQty);
  const tierText = tier === 1 ? '一级' : '二级';
  if (rate.mode === 'bps') {
    const exact = (base * rate.value) / 10_000;
    const pct = `${(rate.value / 100).toFixed(rate.value % 100 === 0 ? 0 : 2)}%`;
    const roundedOff = Math.round((exact - amount) * 100) / 100;
    const text = `实付 ${yuan(base)} × ${pct} = ${yuan(amount)}${roundedOff > 0 ? '（不足 1 分舍去）' : ''}（${SOURCE_TEXT[rate.source]}，${tierText}）`;
    return { base, qty, rate, tier, amount, roundedOff, text };
  }
  const full = qty * rate.value;
  const text = `${yuan(rate.value)}/件 × ${qty} 件 = ${yuan(amount)}${full > amount ? `（不超过实付 ${yuan(base)}）` : ''}（${SOURCE_TEXT[rate.source]}，${tierText}）`;
  return { base, qty, rate, tier, amount, roundedOff: 0, text };
}

// ---------- withdrawals ----------

export type WithdrawRefusal = { code: 'INVALID_INPUT' | 'INSUFFICIENT_BALANCE' | 'RATE_LIMITED'; message: string };

export function checkWithdrawal(input: {
  amount: number; available: number; todayCount: number; rules: Pick<DistributionRules, 'minWithdraw' | 'maxWithdrawalsPerDay'>;
}): WithdrawRefusal | null {
  const { amount, available, rules } = input;
  if (!Number.isSafeInteger(amount) || amount < 1) return { code: 'INVALID_INPUT', message: 'amount: 提现金额须为正整数（分）' };
  if (amount < rules.minWithdraw) return { code: 'INVALID_INPUT', message: `最低提现 ${yuan(rules.minWithdraw)}` };
  if (amount > available) return { code: 'INSUFFICIENT_BALANCE', message: `可提现余额不足（${yuan(Math.max(0, available))}）` };
  if (input.todayCount >= rules.maxWithdrawalsPerDay) return { code: 'RATE_LIMITED', message: `每天最多提现 ${rules.maxWithdrawalsPerDay} 次` };
  return null;
}

// ---------- entry ----------

/** The scene classes a visit is counted in (WeChat's scene values). */
export type SceneClass = 'chat' | 'group' | 'code' | 'moments' | 'channels' | 'live' | 'other';

export function sceneClass(scene: number): SceneClass {
  if (scene === 1007) return 'chat';
  if (scene === 1008 || scene === 1044) return 'group';
  if (scene >= 1047 && scene <= 1049) return 'code';
  if (scene === 1154) return 'moments';
  if (scene === 1176 || scene === 1177) return 'live';
  if (scene >= 1175 && scene <= 1195) return 'channels';
  return 'other';
}

/** Share tokens: up to 32 of [A-Za-z0-9] (they travel as a wxacode scene). */
export const SHARE_TOKEN = /^[A-Za-z0-9]{1,32}$/;
