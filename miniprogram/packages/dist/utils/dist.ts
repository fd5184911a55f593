/** The distributor pages' rules and words: statuses, ledger tabs and kinds, withdrawal checks. Pure, no wx. */
import type { DistributorStatus, LedgerEntry, LedgerExplain, LedgerKind, WithdrawalStatus } from '../../../../typings/api';

export const STATUS_TEXT: Readonly<Record<DistributorStatus, string>> = {
  none: '未申请',
  pending: '审核中',
  approved: '已通过',
  rejected: '未通过',
  frozen: '已冻结',
};

export interface LedgerTab {
  title: string;
  status: 'pending' | 'settled' | undefined;
}

export const LEDGER_TABS: readonly LedgerTab[] = [
  { title: '全部', status: undefined },
  { title: '待结算', status: 'pending' },
  { title: '已结算', status: 'settled' },
];

export const LEDGER_KIND_TEXT: Readonly<Record<LedgerKind, string>> = {
  commission: '佣金收入',
  reversal: '佣金扣回',
  withdrawal: '提现',
  withdrawal_return: '提现退回',
};

export const LEDGER_STATUS_TEXT: Readonly<Record<LedgerEntry['status'], string>> = {
  pending: '待结算',
  settled: '已结算',
};

export const WITHDRAWAL_STATUS_TEXT: Readonly<Record<WithdrawalStatus, string>> = {
  pending: '审核中',
  transferring: '打款中',
  paid: '已到账',
  rejected: '已驳回',
};

export const WITHDRAWAL_STATUS_TAG: Readonly<Record<WithdrawalStatus, 'warning' | 'primary' | 'success' | 'danger'>> = {
  pending: 'warning',
  transferring: 'primary',
  paid: 'success',
  rejected: 'danger',
};

/** Where a rate came from, as a distributor reads it. */
export const RATE_SOURCE_TEXT: Readonly<Record<LedgerExplain['source'], string>> = {
  sku: '规格佣金',
  product: '商品佣金',
  level: '等级佣金',
  default: '店铺默认比例',
};

/**
 * Yuan as typed ("12", "12.5", "12.34", "¥12") -> fen; null for anything else (more than two decimals, letters,
 * empty). Integer arithmetic only.
 */
export function parseYuan(input: string): number | null {
  const text = String(input ?? '').trim().replace(/^¥/, '');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text);
  if (!m) return null;
  const cents = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}

/** Fen as the amount field shows it (the 全部提现 fill): 12340 -> "123.40". Input text, not display money. */
export function fenToInput(fen: number): string {
  const v = Math.max(0, Math.round(fen));
  const cents = v % 100;
  return `${Math.floor(v / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

/** A rate as a distributor reads it: basis points -> "10%", 1250 -> "12.5%". */
export function percentText(bps: number): string {
  const v = Math.round(bps);
  const whole = Math.floor(v / 100);
  const frac = v % 100;
  if (frac === 0) return `${whole}%`;
  return `${whole}.${frac % 10 === 0 ? frac / 10 : (frac < 10 ? '0' : '') + frac}%`;
}

/** "138****8000" for a customer list; anything else as it is. */
export function maskPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** The apply form's problems ({} when it can be sent). */
export function validateApply(form: { realName: string; phone: string; reason: string }): { realName?: string; phone?: string; reason?: string } {
  const errors: { realName?: string; phone?: string; reason?: string } = {};
  const name = form.realName.trim();
  if (!name) errors.realName = '请填写真实姓名';
  else if ([...name].length > 20) errors.realName = '姓名最多 20 个字';
  if (!/^1\d{10}$/.test(form.phone.trim())) errors.phone = '请填写正确的手机号';
  if ([...form.reason.trim()].length > 200) errors.reason = '申请理由最多 200 字';
  return errors;
}
