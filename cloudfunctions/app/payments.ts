/**
 * Payment: prepay (WeChat Pay unifiedOrder for an owner's pending order, for the stored payable) and the payment
 * callback (SOURCE wx_paycallback only: the router never routes client calls here).
 *
 * The callback marks an order paid exactly once: pending_payment -> paid is a guarded update, so ten duplicate
 * callbacks (WeChat retries for about two days, duplicates arrive about a second apart) change it once. Money that
 * cannot be applied - a different amount, an unknown order, an order already cancelled, a second payment - is
 * recorded in `payments` with needsAttention for reconciliation and refund, and still answered {errcode: 0} so
 * WeChat Pay stops retrying.
 */
import type { PrepayResult } from '../../typings/api';
import { ORDER_NO } from '../domain/order';
import type { Deps } from '../ports/context';
import type { OrderRecord, PaymentOutcome, PaymentRecord } from './records';
import { transitionOrder } from './orders';
import { Result, fail, ok } from './result';

export async function prepay(deps: Deps, openid: string, orderId: string): Promise<Result<PrepayResult>> {
  const o = await deps.store.get<OrderRecord>('orders', orderId);
  if (!o || o.openid !== openid) return fail('NOT_FOUND', '订单不存在');
  if (o.status !== 'pending_payment') return fail('CONFLICT', o.status === 'cancelled' ? '订单已关闭' : '订单已支付');
  if (deps.clock.now() >= o.payDeadline) return fail('CONFLICT', '订单已超时关闭');
  const title = o.lines[0]?.title ?? '商品';
  const body = o.lines.length > 1 ? `${title} 等 ${o.itemCount} 件` : title;
  const r = await deps.pay.unifiedOrder({ orderId: o._id, outTradeNo: o.orderNo, totalFee: o.payable, body, openid });
  if (!r.ok) {
    deps.log.error('unifiedOrder failed', { orderId: o._id, message: r.message });
    return fail('INTERNAL', '发起支付失败，请稍后重试');
  }
  return ok(r.prepay);
}

export interface PayCallbackFields {
  returnCode?: unknown;
  resultCode?: unknown;
  outTradeNo?: unknown;
  totalFee?: unknown;
  transactionId?: unknown;
  timeEnd?: unknown;
  [k: string]: unknown;
}

const str = (v: unknown, max = 64): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);
const int = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
};

async function record(deps: Deps, f: PayCallbackFields, outcome: PaymentOutcome, orderId: string | null, now: number): Promise<void> {
  const transactionId = str(f.transactionId);
  const outTradeNo = str(f.outTradeNo) ?? '(missing)';
  const doc: PaymentRecord = {
    _id: transactionId ?? `${outTradeNo}:${str(f.timeEnd) ?? now}`.replace(/[^A-Za-z0-9_:-]/g, '_').slice(0, 128),
    outTradeNo,
    orderId,
    transactionId,
    totalFee: int(f.totalFee),
    outcome,
    needsAttention: outcome !== 'applied',
    fields: JSON.parse(JSON.stringify(f)) as Record<string, unknown>,
    receivedAt: now,
  };
  const r = await deps.store.insert('payments', doc);
  if (!r.ok) return; // the same transaction recorded before: a duplicate callback
  if (outcome !== 'applied') deps.log.error('payment needs attention', { outcome, outTradeNo, transactionId, totalFee: doc.totalFee });
}

export type PayCallbackOutcome = PaymentOutcome | 'duplicate';

export async function handlePayCallback(deps: Deps, f: PayCallbackFields): Promise<PayCallbackOutcome> {
  const now = deps.clock.now();
  if (f.returnCode !== 'SUCCESS' || f.resultCode !== 'SUCCESS') return 'not_success';
  const outTradeNo = str(f.outTradeNo, 32);
  const totalFee = int(f.totalFee);
  const transactionId = str(f.transactionId);
  const order = outTradeNo && ORDER_NO.test(outTradeNo) ? await deps.store.get<OrderRecord>('orders', outTradeNo) : null;
  if (!order) {
    await record(deps, f, 'unknown_order', null, now);
    return 'unknown_order';
  }
  if (totalFee === null || totalFee !== order.payable || !transactionId) {
    await record(deps, f, 'amount_mismatch', order._id, now);
    return 'amount_mismatch';
  }
  if (order.status === 'pending_payment') {
    if (await transitionOrder(deps, order, 'paid', null, (at) => ({ paidAt: at, transactionId }))) {
      if (order.couponId) {
        await deps.store.update('coupons', { _id: order.couponId, status: 'locked', orderId: order._id }, { set: { status: 'used', usedAt: now } });
      }
      for (const l of order.lines) await deps.store.update('products', { _id: l.productId }, { inc: { sales: l.qty } });
      await record(deps, f, 'applied', order._id, now);
      return 'applied';
    }
  }
  // Lost the race or arrived late: read what happened.
  const after = (await deps.store.get<OrderRecord>('orders', order._id))!;
  if (after.transactionId === transactionId) return 'duplicate';
  // Money for an order that was cancelled (timeout or shopper) or already paid by another transaction.
  await record(deps, f, 'refund_required', order._id, now);
  return 'refund_required';
}
