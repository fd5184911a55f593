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

export interface PayGateway {
  unifiedOrder(input: UnifiedOrderInput): Promise<UnifiedOrderResult>;
  /**
   * Closes the WeChat Pay order so no money can arrive for it any more. Answers `closed` (closed now, before, or it
   * never existed) or `paid` (too late: the shopper paid; the caller applies that payment instead of cancelling).
   */
  closeOrder(outTradeNo: string): Promise<PayQueryResult>;
  /** Asks WeChat Pay for the order's state (a lost callback is found this way). */
  queryOrder(outTradeNo: string): Promise<PayQueryResult>;
}
