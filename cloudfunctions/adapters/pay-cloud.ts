/**
 * WeChat Pay through cloud.cloudPay.unifiedOrder (WeChat Pay v2 via the cloud; the payment result arrives as a call
 * of the `payNotify` function with SOURCE wx_paycallback). Configuration: WXPAY_SUB_MCH_ID (the merchant id bound to
 * the cloud environment), optional WXPAY_CLIENT_IP.
 */
import { randomBytes } from 'crypto';
import type { WxPaymentParams } from '../../typings/api';
import type { PayGateway, UnifiedOrderInput, UnifiedOrderResult } from '../ports/pay';

export interface CloudPaySdk {
  cloudPay: { unifiedOrder(req: Record<string, unknown>): Promise<Record<string, unknown>> };
  getWXContext(): { ENV?: string };
}

export interface CloudPayConfig {
  subMchId: string;
  envId?: string;
  clientIp?: string;
  /** The function WeChat Pay calls with the result. */
  functionName?: string;
}

export function cloudPayGateway(sdk: CloudPaySdk, cfg: CloudPayConfig): PayGateway {
  return {
    async unifiedOrder(input: UnifiedOrderInput): Promise<UnifiedOrderResult> {
      if (!cfg.subMchId) return { ok: false, message: 'WXPAY_SUB_MCH_ID is not configured' };
      const req = {
        functionName: cfg.functionName ?? 'payNotify',
        envId: cfg.envId ?? sdk.getWXContext().ENV,
        subMchId: cfg.subMchId,
        nonceStr: randomBytes(16).toString('hex'),
        body: input.body.slice(0, 128),
        outTradeNo: input.outTradeNo,
        totalFee: input.totalFee,
        spbillCreateIp: cfg.clientIp ?? '127.0.0.1',
        tradeType: 'JSAPI',
        attach: input.orderId.slice(0, 127),
      };
      const res = await sdk.cloudPay.unifiedOrder(req);
      const payment = res.payment as WxPaymentParams | undefined;
      if (res.returnCode !== 'SUCCESS' || res.resultCode !== 'SUCCESS' || !payment) {
        return { ok: false, message: String(res.errCodeDes ?? res.returnMsg ?? res.errCode ?? 'unifiedOrder failed') };
      }
      return {
        ok: true,
        prepay: {
          mode: 'wechat',
          orderId: input.orderId,
          payment: { timeStamp: payment.timeStamp, nonceStr: payment.nonceStr, package: payment.package, signType: payment.signType, paySign: payment.paySign },
        },
      };
    },
  };
}
