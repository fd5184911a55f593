/**
 * Payments that could not be applied to an order (amount mismatch, unknown order, order already closed), newest
 * first (`merchant.unappliedPayments`); the jobs trigger refunds each of them, the list shows how far it got.
 */
import { action, makeObservable } from 'mobx-miniprogram';
import type { Page, UnappliedPayment, UnappliedRefundStatus } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import { formatDateTime } from '../../../utils/time';
import { listUnapplied } from '../services/merchant';
import { UNAPPLIED_OUTCOME_TEXT, UNAPPLIED_REFUND_TAG, UNAPPLIED_REFUND_TEXT } from '../utils/merchant';

export interface UnappliedCard {
  id: string;
  outTradeNo: string;
  transactionId: string;
  /** Fen, or null when the callback carried no amount. */
  totalFee: number | null;
  outcomeText: string;
  refundStatus: UnappliedRefundStatus;
  refundText: string;
  tagType: string;
  receivedText: string;
  refundedText: string;
  failure: string;
}

export function toUnappliedCard(p: UnappliedPayment): UnappliedCard {
  return {
    id: p.id,
    outTradeNo: p.outTradeNo,
    transactionId: p.transactionId ?? '',
    totalFee: p.totalFee,
    outcomeText: UNAPPLIED_OUTCOME_TEXT[p.outcome] ?? p.outcome,
    refundStatus: p.refundStatus,
    refundText: UNAPPLIED_REFUND_TEXT[p.refundStatus] ?? p.refundStatus,
    tagType: UNAPPLIED_REFUND_TAG[p.refundStatus] ?? 'default',
    receivedText: formatDateTime(p.receivedAt),
    refundedText: p.refundedAt ? formatDateTime(p.refundedAt) : '',
    failure: p.failure ?? '',
  };
}

export class UnappliedStore extends PagedList<UnappliedPayment> {
  constructor() {
    super((p) => p.id, 'merchant');
    makeObservable(this, { reset: action });
  }

  reset(): Promise<void> {
    this.startOver();
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<UnappliedPayment>> {
    return listUnapplied(cursor);
  }
}

export const unappliedList = new UnappliedStore();
