/**
 * Function `payNotify`: the WeChat Pay result callback (cloudPay's functionName). The router only hands it events
 * whose SOURCE is wx_paycallback; a client call finds no action and changes nothing. Always answers {errcode: 0}
 * once the callback is recorded, so WeChat Pay stops retrying.
 */
import { handlePayCallback } from '../app/payments';
import { defineServiceFunction } from './kit';

export const payNotify = defineServiceFunction('payNotify', {
  payCallback: async (event, deps) => {
    const outcome = await handlePayCallback(deps, event);
    deps.log.info('payment callback', { outcome, outTradeNo: typeof event.outTradeNo === 'string' ? event.outTradeNo : null });
    return { errcode: 0, errmsg: 'OK' };
  },
});
