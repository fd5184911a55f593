/** What the distributor lists show per row (money stays fen: the templates format it). */
import type { DistCustomer, DistTeamMember, LedgerEntry, LedgerExplain, ShareLink, Withdrawal } from '../../../../typings/api';
import { displayOrderNo } from '../../../utils/order';
import { formatDate, formatDateTime } from '../../../utils/time';
import { LEDGER_KIND_TEXT, LEDGER_STATUS_TEXT, percentText, RATE_SOURCE_TEXT, WITHDRAWAL_STATUS_TAG, WITHDRAWAL_STATUS_TEXT } from '../utils/dist';

/** The first character of a name, for the round avatar placeholder. */
const initial = (name: string): string => [...(name || '客')][0];

export function toLinkRow(l: ShareLink) {
  return {
    id: l.token,
    title: l.title,
    kind: l.target.type === 'home' ? '店铺' : '商品',
    visits: l.visits,
    customers: l.customers,
    orders: l.orders,
    gmv: l.gmv,
    createdText: formatDate(l.createdAt),
  };
}

export function toCustomerRow(c: DistCustomer) {
  return { id: `${c.nickname}|${c.boundAt}`, nickname: c.nickname || '微信用户', initial: initial(c.nickname), avatar: c.avatar ?? '', boundText: formatDate(c.boundAt), orders: c.orders, gmv: c.gmv };
}

export function toTeamRow(m: DistTeamMember) {
  return { id: `${m.nickname}|${m.joinedAt}`, nickname: m.nickname || '微信用户', initial: initial(m.nickname), avatar: m.avatar ?? '', joinedText: formatDate(m.joinedAt), customers: m.customers, orders: m.orders };
}

export function toWithdrawalRow(w: Withdrawal) {
  return {
    id: w.id,
    amount: w.amount,
    status: w.status,
    statusText: WITHDRAWAL_STATUS_TEXT[w.status] ?? w.status,
    tagType: WITHDRAWAL_STATUS_TAG[w.status] ?? 'default',
    createdText: formatDateTime(w.createdAt),
    reviewedText: w.reviewedAt ? formatDateTime(w.reviewedAt) : '',
    note: w.note ?? '',
    methodText: w.method === 'wechat_transfer' ? '微信零钱' : w.method === 'manual' ? '线下打款' : '',
  };
}

/** One side of a reversal's explanation: the rule in words (the server's text) and its parts. */
function explainSide(e: LedgerExplain) {
  return {
    text: e.text,
    base: e.base,
    qty: e.qty,
    rateText: e.mode === 'bps' ? percentText(e.rate) : '',
    /** fen per unit (fixed mode) - formatted by the template. */
    perUnit: e.mode === 'fixed' ? e.rate : 0,
    sourceText: RATE_SOURCE_TEXT[e.source] ?? '',
    tierText: e.tier === 2 ? '二级' : '一级',
  };
}

export function toLedgerRow(e: LedgerEntry) {
  const explain = e.explain as { text: string; before?: LedgerExplain; after?: LedgerExplain };
  return {
    id: e.id,
    kind: e.kind,
    kindText: LEDGER_KIND_TEXT[e.kind] ?? e.kind,
    tierText: e.tier === 2 ? '二级' : e.tier === 1 ? '一级' : '',
    amount: e.amount,
    status: e.status,
    statusText: LEDGER_STATUS_TEXT[e.status] ?? e.status,
    orderText: e.orderNo ? `订单 ${displayOrderNo(e.orderNo)}` : '',
    createdText: formatDateTime(e.createdAt),
    text: explain.text,
    before: explain.before ? explainSide(explain.before) : null,
    after: explain.after ? explainSide(explain.after) : null,
  };
}

export type LedgerRow = ReturnType<typeof toLedgerRow>;
