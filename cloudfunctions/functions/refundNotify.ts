/**
 * Function `refundNotify`: WeChat Pay's refund result (cloudPay.refund's functionName). Like payNotify, the router
 * only hands it events whose SOURCE is wx_paycallback. outRefundNo says what was refunded: an after-sale (its id,
 * 'R...') or a payment that could not be applied ('P...'). Always answers {errcode: 0} once handled, so WeChat Pay
 * stops repeating; a repeat changes nothing.
 */
import { applyRefundResult, recordRefundAnomaly } from '../app/after-sales';
import { applyPaymentRefundResult } from '../app/unapplied';
import { defineServiceFunction } from './kit';

export const refundNotify = defineServiceFunction('refundNotify', {
  payCallback: async (event, deps) => {
    const outRefundNo = typeof event.outRefundNo === 'string' ? event.outRefundNo : null;
    let outcome: string;
    if (event.returnCode !== 'SUCCESS' || !outRefundNo) {
      await recordRefundAnomaly(deps, 'unknown_refund', event);
      outcome = 'unknown_refund';
    } else {
      outcome = outRefundNo.startsWith('P') ? await applyPaymentRefundResult(deps, event) : await applyRefundResult(deps, event, 'callback');
    }
    deps.log.info('refund callback', { outcome, outRefundNo });
    return { errcode: 0, errmsg: 'OK' };
  },
});
