/**
 * The local cloud's stand-in for WeChat Pay. unifiedOrder answers with the exact callback WeChat Pay would send
 * on success; the mini program (local mode) completes the payment by POSTing it to /dev/paycallback/payNotify,
 * which invokes payNotify with SOURCE wx_paycallback like the real platform.
 *
 * It mirrors WeChat Pay's order states so close and query behave as they do in the cloud: an order is open from
 * unifiedOrder until it is paid (a success callback was delivered, or `payWithoutCallback` - a lost callback),
 * closed (closeOrder), or its timeExpire passes. A closed or expired order cannot be paid: its callback is refused.
 */
import { randomBytes } from 'crypto';
import { shanghaiStamp } from '../domain/time';
import type { Clock } from '../ports/clock';
import type { PayGateway, PayOrderState, PayQueryResult, UnifiedOrderInput, UnifiedOrderResult } from '../ports/pay';

interface SandboxOrder {
  state: 'open' | 'paid' | 'closed';
  totalFee: number;
  timeExpire: number;
  callback: Record<string, string | number>;
}

export interface SandboxPay extends PayGateway {
  /**
   * WeChat Pay takes the money for a callback's order: true when it could (the order is open, or already paid by
   * this same transaction), false when the order is closed or expired (no money moves; no callback is sent).
   * Callbacks for orders the sandbox never saw pass (tests forge them on purpose).
   */
  settle(fields: Record<string, unknown>): boolean;
  /** The shopper paid but the callback never arrived: only queryOrder / closeOrder can tell. Returns the callback WeChat would have sent. */
  payWithoutCallback(outTradeNo: string): Record<string, string | number> | null;
}

export function sandboxPay(clock: Clock): SandboxPay {
  const orders = new Map<string, SandboxOrder>();
  const current = (no: string): SandboxOrder | undefined => {
    const o = orders.get(no);
    if (o && o.state === 'open' && clock.now() >= o.timeExpire) o.state = 'closed';
    return o;
  };
  const view = (o: SandboxOrder | undefined): PayOrderState =>
    !o || o.state === 'closed'
      ? { state: 'closed' }
      : o.state === 'open'
        ? { state: 'open' }
        : { state: 'paid', transactionId: String(o.callback.transactionId), totalFee: Number(o.callback.totalFee), timeEnd: String(o.callback.timeEnd) };
  return {
    async unifiedOrder(input: UnifiedOrderInput): Promise<UnifiedOrderResult> {
      const now = clock.now();
      const known = current(input.outTradeNo);
      if (known?.state === 'paid') return { ok: false, message: '该订单已支付' };
      if (known?.state === 'closed') return { ok: false, message: '该订单已关闭' };
      if (now >= input.timeExpire) return { ok: false, message: '订单已过期' };
      const callback: Record<string, string | number> = known?.callback ?? {
        returnCode: 'SUCCESS',
        resultCode: 'SUCCESS',
        appid: 'wx-sandbox',
        mchId: 'sandbox-mch',
        subMchId: 'sandbox-sub-mch',
        openid: input.openid,
        subOpenid: input.openid,
        totalFee: input.totalFee,
        cashFee: input.totalFee,
        transactionId: `SANDBOX${now}${randomBytes(6).toString('hex')}`,
        outTradeNo: input.outTradeNo,
        timeEnd: shanghaiStamp(now),
        tradeType: 'JSAPI',
        bankType: 'OTHERS',
        feeType: 'CNY',
      };
      orders.set(input.outTradeNo, { state: 'open', totalFee: input.totalFee, timeExpire: input.timeExpire, callback });
      return { ok: true, prepay: { mode: 'sandbox', orderId: input.orderId, callback } };
    },
    async closeOrder(outTradeNo: string): Promise<PayQueryResult> {
      const o = current(outTradeNo);
      if (o && o.state === 'open') o.state = 'closed';
      return { ok: true, order: view(o) };
    },
    async queryOrder(outTradeNo: string): Promise<PayQueryResult> {
      return { ok: true, order: view(current(outTradeNo)) };
    },
    settle(fields: Record<string, unknown>): boolean {
      if (fields.returnCode !== 'SUCCESS' || fields.resultCode !== 'SUCCESS' || typeof fields.outTradeNo !== 'string') return true;
      const o = current(fields.outTradeNo);
      if (!o) return true;
      if (o.state === 'closed') return false;
      if (o.state === 'paid') return true; // a duplicate, or a second payment payNotify flags for refund
      if (o.callback.transactionId !== fields.transactionId) return true; // a forged or altered callback: let payNotify judge it
      o.state = 'paid';
      return true;
    },
    payWithoutCallback(outTradeNo: string) {
      const o = current(outTradeNo);
      if (!o || o.state === 'closed') return null;
      o.state = 'paid';
      return o.callback;
    },
  };
}
