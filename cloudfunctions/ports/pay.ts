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
}

export type UnifiedOrderResult = { ok: true; prepay: PrepayResult } | { ok: false; message: string };

export interface PayGateway {
  unifiedOrder(input: UnifiedOrderInput): Promise<UnifiedOrderResult>;
}
