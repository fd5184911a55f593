/**
 * The local cloud's stand-in for WeChat Pay. unifiedOrder answers with the exact callback WeChat Pay would send
 * on success; the mini program (local mode) completes the payment by POSTing it to /dev/paycallback/payNotify,
 * which invokes payNotify with SOURCE wx_paycallback like the real platform.
 */
import { randomBytes } from 'crypto';
import { shanghaiStamp } from '../domain/time';
import type { Clock } from '../ports/clock';
import type { PayGateway, UnifiedOrderInput, UnifiedOrderResult } from '../ports/pay';

export function sandboxPay(clock: Clock): PayGateway {
  return {
    async unifiedOrder(input: UnifiedOrderInput): Promise<UnifiedOrderResult> {
      const now = clock.now();
      return {
        ok: true,
        prepay: {
          mode: 'sandbox',
          orderId: input.orderId,
          callback: {
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
          },
        },
      };
    },
  };
}
