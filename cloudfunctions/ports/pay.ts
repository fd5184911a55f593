/** WeChat Pay, as the use cases need it. Real: cloud.cloudPay (adapters/pay-cloud). Local: the sandbox (adapters/pay-sandbox). */
import type { PrepayResult } from '../../typings/api';

export interface UnifiedOrderInput {
  orderId: string;
  /** <= 32 chars: our order number. */
  outTradeNo: string;
  /** Integer fen: the stored payable, never a client value. */
  totalFee: number;
  /** <= 128 chars. */
  body: string;
  openid: string;
  /** Epoch ms: the order's pay deadline. WeChat Pay refuses to take money after it (time_expire). */
  timeExpire: number;
}

export type UnifiedOrderResult = { ok: true; prepay: PrepayResult } | { ok: false; message: string };

/** What WeChat Pay knows about one of our orders. */
export type PayOrderState =
  | { state: 'paid'; transactionId: string; totalFee: number; timeEnd: string | null }
  /** Not paid and can no longer be (closed, revoked, never created). */
  | { state: 'closed' }
  /** Not paid yet; may still be paid until it is closed or expires. */
  | { state: 'open' };

export type PayQueryResult = { ok: true; order: PayOrderState } | { ok: false; message: string };

export interface PayGateway extends RefundGateway {
  unifiedOrder(input: UnifiedOrderInput): Promise<UnifiedOrderResult>;
  /**
   * Closes the WeChat Pay order so no money can arrive for it any more. Answers `closed` (closed now, before, or it
   * never existed) or `paid` (too late: the shopper paid; the caller applies that payment instead of cancelling).
   */
  closeOrder(outTradeNo: string): Promise<PayQueryResult>;
  /** Asks WeChat Pay for the order's state (a lost callback is found this way). */
  queryOrder(outTradeNo: string): Promise<PayQueryResult>;
}

export interface RefundInput {
  /** Our order number (WeChat Pay's out_trade_no), or... */
  outTradeNo?: string;
  /** ...WeChat Pay's transaction id (exactly one of the two: WeChat Pay refuses both). */
  transactionId?: string;
  /** <= 64 chars of [A-Za-z0-9_-]: the after-sale id (or the unapplied payment's). A retry of a failed refund keeps it. */
  outRefundNo: string;
  /** The payment's total, integer fen. */
  totalFee: number;
  /** This refund, integer fen (<= totalFee minus earlier refunds). */
  refundFee: number;
  /** Shown to the shopper in WeChat's refund notice (<= 80 chars). */
  reason?: string;
}

/**
 * `accepted`: WeChat Pay took the refund request (it completes later; the result arrives at `refundNotify`).
 * `rejected`: WeChat Pay refused it for good (the message says why: not enough balance, amount...).
 * A transport failure is `ok: false` and may be retried with the same outRefundNo.
 */
export type RefundResult = { ok: true; state: 'accepted'; refundId: string | null } | { ok: true; state: 'rejected'; message: string } | { ok: false; message: string };

/** What WeChat Pay knows about one refund. */
export type RefundState =
  | { state: 'success'; refundFee: number; refundId: string | null; successTime: string | null }
  | { state: 'processing' }
  /** Failed or closed at WeChat Pay: the money did not go back; it may be asked again with the same outRefundNo. */
  | { state: 'failed'; message: string }
  /** WeChat Pay has no such refund (the request never reached it). */
  | { state: 'none' };

export type RefundQueryResult = { ok: true; refund: RefundState } | { ok: false; message: string };

export interface RefundGateway {
  refund(input: RefundInput): Promise<RefundResult>;
  queryRefund(outRefundNo: string): Promise<RefundQueryResult>;
}
