/**
 * Payment service (cloud function `pay`). `payOrder` asks for a prepay and completes it:
 * - `wechat`: wx.requestPayment with the parameters the cloud signed; a shopper who closes the cashier gets
 *   'cancelled' (the order stays unpaid and can be paid later);
 * - `sandbox` (the local cloud): POSTs the callback it was given to `/dev/paycallback/payNotify`, exactly what
 *   WeChat Pay would send the payNotify function on success. Local mode only.
 * Either way the order turns paid when the callback has been handled: poll order.detail afterwards (waitUntilPaid).
 */
import type { OrderDetail, PrepayResult, WxPaymentParams } from '../../../../typings/api';
import { ApiCallError, call, devPost, isLocalMode } from '../../../services/api';
import type { WaitOptions } from './order';
import { isPaidOrLater, waitUntilPaid } from './order';

export type PayOutcome = 'submitted' | 'cancelled';

export function prepay(orderId: string): Promise<PrepayResult> {
  return call('pay', 'prepay', { orderId });
}

function requestPayment(payment: WxPaymentParams): Promise<PayOutcome> {
  return new Promise((resolve, reject) => {
    wx.requestPayment({
      ...payment,
      success: () => resolve('submitted'),
      fail: (err: { errMsg?: string }) => {
        const msg = err?.errMsg ?? '';
        if (/cancel/i.test(msg)) resolve('cancelled');
        else reject(new ApiCallError('INTERNAL', `支付失败：${msg}`));
      },
    });
  });
}

async function completeSandbox(callback: Record<string, string | number>): Promise<PayOutcome> {
  if (!isLocalMode()) throw new ApiCallError('INTERNAL', '沙箱支付只能在本地模式完成');
  const answer = (await devPost('/dev/paycallback/payNotify', callback)) as { errcode?: unknown } | null;
  if (!answer || answer.errcode !== 0) throw new ApiCallError('INTERNAL', '模拟支付回调失败');
  return 'submitted';
}

/** Prepay and pay one pending order. 'submitted': money sent (wait for the callback); 'cancelled': the shopper closed the cashier. */
export async function payOrder(orderId: string): Promise<PayOutcome> {
  const result = await prepay(orderId);
  if (result.mode === 'wechat') return requestPayment(result.payment);
  return completeSandbox(result.callback);
}

export interface PaymentReport {
  /** The order is paid (or already past paid). */
  paid: boolean;
  /** The shopper closed WeChat's cashier. */
  cancelled: boolean;
  /** The order as read after paying (null when cancelled). */
  detail: OrderDetail | null;
}

/** Pays and then reads the order until the payment shows (briefly: the callback is asynchronous in the cloud). */
export async function payAndConfirm(orderId: string, wait?: WaitOptions): Promise<PaymentReport> {
  const outcome = await payOrder(orderId);
  if (outcome === 'cancelled') return { paid: false, cancelled: true, detail: null };
  const detail = await waitUntilPaid(orderId, wait);
  return { paid: isPaidOrLater(detail.status), cancelled: false, detail };
}
