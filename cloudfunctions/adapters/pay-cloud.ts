/**
 * WeChat Pay through cloud.cloudPay.unifiedOrder (WeChat Pay v2 via the cloud; the payment result arrives as a call
 * of the `payNotify` function with SOURCE wx_paycallback). Configuration: WXPAY_SUB_MCH_ID (the merchant id bound to
 * the cloud environment), optional WXPAY_CLIENT_IP.
 */
import { randomBytes } from 'crypto';
import type { WxPaymentParams } from '../../typings/api';
import { shanghaiStamp } from '../domain/time';
import type { PayGateway, PayQueryResult, RefundInput, RefundQueryResult, RefundResult, RefundState, UnifiedOrderInput, UnifiedOrderResult } from '../ports/pay';

type CloudPayCall = (req: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface CloudPaySdk {
  cloudPay: { unifiedOrder: CloudPayCall; closeOrder: CloudPayCall; queryOrder: CloudPayCall; refund: CloudPayCall; queryRefund: CloudPayCall };
  getWXContext(): { ENV?: string };
}

export interface CloudPayConfig {
  subMchId: string;
  envId?: string;
  clientIp?: string;
  /** The function WeChat Pay calls with the result. */
  functionName?: string;
  /** The function WeChat Pay calls with a refund's result. */
  refundFunctionName?: string;
}

/** WeChat Pay's refund errors worth asking again at once (the rest need a person: balance, amount, an old order). */
const TRANSIENT = /SYSTEMERROR|FREQUENCY|BIZERR_NEED_RETRY|系统|频率|稍后|触发重试/i;

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/**
 * One refund out of a refund query's answer. wx-server-sdk has been seen answering lists (outRefundNoList,
 * refundStatusList...) and WeChat Pay's own format is indexed fields, which the SDK camel-cases only before a letter
 * (out_refund_no_0 -> outRefundNo_0): both are read. A success without a readable fee is not taken as one.
 */
function pickRefund(res: Record<string, unknown>, outRefundNo: string): RefundState | null {
  const list = (k: string): unknown[] => (Array.isArray(res[k]) ? (res[k] as unknown[]) : []);
  const count = Math.max(list('outRefundNoList').length, Number(res.refundCount) || 0);
  for (let i = 0; i < Math.min(count, 50); i++) {
    const no = text(list('outRefundNoList')[i]) ?? text(res[`outRefundNo_${i}`]);
    if (no !== outRefundNo) continue;
    const status = text(list('refundStatusList')[i]) ?? text(res[`refundStatus_${i}`]);
    const feeText = text(list('refundFeeList')[i]) ?? text(res[`refundFee_${i}`]);
    const fee = feeText !== null && /^\d{1,12}$/.test(feeText) ? Number(feeText) : NaN;
    const refundId = text(list('refundIdList')[i]) ?? text(res[`refundId_${i}`]);
    const successTime = text(list('refundSuccessTimeList')[i]) ?? text(res[`refundSuccessTime_${i}`]);
    if (status === 'SUCCESS' && Number.isSafeInteger(fee)) return { state: 'success', refundFee: fee, refundId, successTime };
    if (status === 'PROCESSING') return { state: 'processing' };
    if (status === 'CHANGE' || status === 'REFUNDCLOSE') return { state: 'failed', message: status };
    return null;
  }
  return null;
}

export function cloudPayGateway(sdk: CloudPaySdk, cfg: CloudPayConfig): PayGateway {
  const gateway: PayGateway = {
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
        // yyyyMMddHHmmss, Beijing time: WeChat Pay takes no money after the order's pay deadline.
        timeExpire: shanghaiStamp(input.timeExpire),
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

    async closeOrder(outTradeNo: string): Promise<PayQueryResult> {
      if (!cfg.subMchId) return { ok: false, message: 'WXPAY_SUB_MCH_ID is not configured' };
      const res = await sdk.cloudPay.closeOrder({ subMchId: cfg.subMchId, outTradeNo, nonceStr: randomBytes(16).toString('hex') });
      if (res.returnCode !== 'SUCCESS') return { ok: false, message: String(res.returnMsg ?? 'closeOrder failed') };
      if (res.resultCode === 'SUCCESS') return { ok: true, order: { state: 'closed' } };
      // result FAIL: ORDERPAID, ORDERCLOSED, ORDERNOTEXIST or a system error. wx-server-sdk overwrites the reply's
      // errCode with 0, so WeChat Pay's err_code cannot be read: ask queryOrder what the order now is.
      const q = await gateway.queryOrder(outTradeNo);
      if (q.ok && q.order.state === 'open') return { ok: false, message: `closeOrder failed: ${String(res.errCodeDes ?? 'unknown')}` };
      return q;
    },

    async queryOrder(outTradeNo: string): Promise<PayQueryResult> {
      if (!cfg.subMchId) return { ok: false, message: 'WXPAY_SUB_MCH_ID is not configured' };
      const res = await sdk.cloudPay.queryOrder({ subMchId: cfg.subMchId, outTradeNo, nonceStr: randomBytes(16).toString('hex') });
      if (res.returnCode !== 'SUCCESS') return { ok: false, message: String(res.returnMsg ?? 'queryOrder failed') };
      if (res.resultCode !== 'SUCCESS') {
        // ORDERNOTEXIST: no WeChat Pay order was ever made (prepay recorded, unifiedOrder never reached WeChat Pay).
        // The err_code is lost in wx-server-sdk (see closeOrder); its description is what is left.
        const notExist = res.errCode === 'ORDERNOTEXIST' || /不存在|ORDERNOTEXIST/.test(String(res.errCodeDes ?? ''));
        return notExist ? { ok: true, order: { state: 'closed' } } : { ok: false, message: String(res.errCodeDes ?? 'queryOrder failed') };
      }
      switch (res.tradeState) {
        // REFUND: it was paid (and refunded since): the payment still happened.
        case 'SUCCESS': case 'REFUND': {
          const totalFee = Number(res.totalFee);
          if (typeof res.transactionId !== 'string' || !Number.isSafeInteger(totalFee)) return { ok: false, message: 'queryOrder: paid without a transaction' };
          return { ok: true, order: { state: 'paid', transactionId: res.transactionId, totalFee, timeEnd: typeof res.timeEnd === 'string' ? res.timeEnd : null } };
        }
        case 'CLOSED': case 'REVOKED': case 'PAYERROR':
          return { ok: true, order: { state: 'closed' } };
        default: // NOTPAY, USERPAYING
          return { ok: true, order: { state: 'open' } };
      }
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      if (!cfg.subMchId) return { ok: false, message: 'WXPAY_SUB_MCH_ID is not configured' };
      const req: Record<string, unknown> = {
        functionName: cfg.refundFunctionName ?? 'refundNotify',
        envId: cfg.envId ?? sdk.getWXContext().ENV,
        subMchId: cfg.subMchId,
        nonceStr: randomBytes(16).toString('hex'),
        // WeChat Pay takes exactly one of the two.
        ...(input.transactionId ? { transactionId: input.transactionId } : { outTradeNo: input.outTradeNo }),
        outRefundNo: input.outRefundNo,
        totalFee: input.totalFee,
        refundFee: input.refundFee,
        ...(input.reason ? { refundDesc: input.reason.slice(0, 80) } : {}),
      };
      const res = await sdk.cloudPay.refund(req);
      if (res.returnCode !== 'SUCCESS') return { ok: false, message: String(res.returnMsg ?? 'refund failed') };
      if (res.resultCode === 'SUCCESS') return { ok: true, state: 'accepted', refundId: text(res.refundId) };
      const message = String(res.errCodeDes ?? res.returnMsg ?? 'refund refused');
      return TRANSIENT.test(message) ? { ok: false, message } : { ok: true, state: 'rejected', message };
    },

    async queryRefund(outRefundNo: string): Promise<RefundQueryResult> {
      if (!cfg.subMchId) return { ok: false, message: 'WXPAY_SUB_MCH_ID is not configured' };
      const res = await sdk.cloudPay.queryRefund({ subMchId: cfg.subMchId, nonceStr: randomBytes(16).toString('hex'), outRefundNo });
      if (res.returnCode !== 'SUCCESS') return { ok: false, message: String(res.returnMsg ?? 'queryRefund failed') };
      if (res.resultCode !== 'SUCCESS') {
        // REFUNDNOTEXIST's description is 退款订单查询失败 in WeChat Pay's documentation.
        const notExist = res.errCode === 'REFUNDNOTEXIST' || /不存在|REFUNDNOTEXIST|退款订单查询失败/.test(String(res.errCodeDes ?? ''));
        return notExist ? { ok: true, refund: { state: 'none' } } : { ok: false, message: String(res.errCodeDes ?? 'queryRefund failed') };
      }
      const found = pickRefund(res, outRefundNo);
      return found ? { ok: true, refund: found } : { ok: false, message: 'queryRefund: the refund is not in the answer' };
    },
  };
  return gateway;
}
