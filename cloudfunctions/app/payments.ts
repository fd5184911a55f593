/**
 * Payment: prepay (WeChat Pay unifiedOrder for an owner's pending order, for the stored payable, expiring at its pay
 * deadline), the payment callback (SOURCE wx_paycallback only: the router never routes client calls here), and
 * `applyPayment`, which the callback, a close that finds the order paid, and reconcile share.
 *
 * A payment is applied in ONE transaction: the order pending_payment -> paid, its coupon locked -> used, the
 * products' sales counted and the `payments` record written - all or nothing. A callback that fails half way leaves
 * nothing behind and WeChat Pay retries it; a retry after success finds the order paid by this transaction and
 * answers `duplicate` with nothing missing. Money that cannot be applied - a different amount, an unknown order, an
 * order already cancelled, a second payment - is recorded in `payments` with needsAttention for reconciliation and
 * refund, and still answered {errcode: 0} so WeChat Pay stops retrying.
 */
import type { PrepayResult } from '../../typings/api';
import { ORDER_NO } from '../domain/order';
import type { Deps } from '../ports/context';
import { abort, atomically } from './atomic';
import type { OrderEventRecord, OrderRecord, PaymentOutcome, PaymentRecord, PaymentSource } from './records';
import { Result, fail, ok } from './result';
import { int, str } from './fields';
import { writeCommissions } from './ledger';

export async function prepay(deps: Deps, openid: string, orderId: string): Promise<Result<PrepayResult>> {
  const now = deps.clock.now();
  const found = await deps.store.get<OrderRecord>('orders', orderId);
  if (!found || found.openid !== openid) return fail('NOT_FOUND', '订单不存在');
  if (found.status !== 'pending_payment') return fail('CONFLICT', found.status === 'cancelled' ? '订单已关闭' : '订单已支付');
  if (now >= found.payDeadline || found.closingAt) return fail('CONFLICT', '订单已超时关闭');
  // The anchor first: from here on WeChat Pay may hold an order for it, so a cancel must close that one too.
  // Guarded on "not closing": a cancel that started first wins and no WeChat Pay order is opened after it.
  const o = found.prepaidAt
    ? found
    : await deps.store.updateOne<OrderRecord>('orders', { _id: orderId, status: 'pending_payment', closingAt: null }, { set: { prepaidAt: now } });
  if (!o) return fail('CONFLICT', '订单状态已变化，请刷新');
  const title = o.lines[0]?.title ?? '商品';
  const body = o.lines.length > 1 ? `${title} 等 ${o.itemCount} 件` : title;
  const r = await deps.pay.unifiedOrder({ orderId: o._id, outTradeNo: o.orderNo, totalFee: o.payable, body, openid, timeExpire: o.payDeadline });
  if (!r.ok) {
    deps.log.error('unifiedOrder failed', { orderId: o._id, message: r.message });
    return fail('INTERNAL', '发起支付失败，请稍后重试');
  }
  // A close that started while WeChat Pay was opening this order may have closed it before it existed: then the
  // payment parameters must not reach the shopper, and the order WeChat Pay just opened is closed again.
  const after = await deps.store.get<OrderRecord>('orders', o._id);
  if (!after || after.status !== 'pending_payment' || after.closingAt) {
    const closed = await deps.pay.closeOrder(o.orderNo);
    if (!closed.ok) deps.log.error('closeOrder after a raced prepay failed', { orderId: o._id, message: closed.message });
    return fail('CONFLICT', after?.status === 'paid' ? '订单已支付' : '订单已关闭');
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


function paymentDoc(f: PayCallbackFields, outcome: PaymentOutcome, orderId: string | null, source: PaymentSource, now: number): PaymentRecord {
  const transactionId = str(f.transactionId);
  const outTradeNo = str(f.outTradeNo) ?? '(missing)';
  const base = transactionId ?? `${outTradeNo}:${str(f.timeEnd) ?? now}`;
  const id = outcome === 'applied' && transactionId ? transactionId : `${base}:${outcome}`;
  return {
    _id: id.replace(/[^A-Za-z0-9_:-]/g, '_').slice(0, 128),
    outTradeNo,
    orderId,
    transactionId,
    totalFee: int(f.totalFee),
    outcome,
    needsAttention: outcome !== 'applied',
    fields: JSON.parse(JSON.stringify(f)) as Record<string, unknown>,
    source,
    receivedAt: now,
    // Money that cannot be applied goes back (refundUnappliedPayments).
    ...(outcome === 'applied' ? {} : { refundStatus: 'pending' as const }),
  };
}

/** Records money that could not be applied (once per transaction and outcome: a repeat finds it recorded). */
async function recordUnapplied(deps: Deps, f: PayCallbackFields, outcome: PaymentOutcome, orderId: string | null, source: PaymentSource): Promise<void> {
  const doc = paymentDoc(f, outcome, orderId, source, deps.clock.now());
  const r = await deps.store.insert('payments', doc);
  if (r.ok) deps.log.error('payment needs attention', { outcome, outTradeNo: doc.outTradeNo, transactionId: doc.transactionId, totalFee: doc.totalFee });
}

export type PayCallbackOutcome = PaymentOutcome | 'duplicate';

/**
 * Applies a payment WeChat Pay reports for our order (callback or query) in one transaction. `refund_required` and
 * `amount_mismatch` are recorded for a person (and the refund flow); `duplicate` means this very transaction was
 * applied before - with every effect, since they commit together.
 */
export async function applyPayment(deps: Deps, f: PayCallbackFields, source: PaymentSource): Promise<PayCallbackOutcome> {
  const outTradeNo = str(f.outTradeNo, 32);
  const totalFee = int(f.totalFee);
  const transactionId = str(f.transactionId);
  const exists = outTradeNo && ORDER_NO.test(outTradeNo) ? await deps.store.get<OrderRecord>('orders', outTradeNo) : null;
  if (!exists) {
    await recordUnapplied(deps, f, 'unknown_order', null, source);
    return 'unknown_order';
  }
  if (totalFee === null || totalFee !== exists.payable || !transactionId) {
    await recordUnapplied(deps, f, 'amount_mismatch', exists._id, source);
    return 'amount_mismatch';
  }
  const r = await atomically<PayCallbackOutcome>(deps.store, async (tx) => {
    const now = deps.clock.now();
    const o = await tx.get<OrderRecord>('orders', exists._id);
    if (!o) return abort(ok('unknown_order'));
    if (o.status !== 'pending_payment') return abort(ok(o.transactionId === transactionId ? 'duplicate' : 'refund_required'));
    const entry = { status: 'paid' as const, at: now, note: null };
    const paid = await tx.updateOne<OrderRecord>('orders', { _id: o._id, status: 'pending_payment' }, {
      set: { status: 'paid', paidAt: now, transactionId, updatedAt: now }, push: { timeline: entry },
    });
    if (!paid) {
      // Another writer got there between the read and the update: decide on what it committed.
      const now2 = await tx.get<OrderRecord>('orders', o._id);
      return abort(ok(now2?.transactionId === transactionId ? 'duplicate' : 'refund_required'));
    }
    if (o.couponId) {
      await tx.updateOne('coupons', { _id: o.couponId, status: 'locked', orderId: o._id }, { set: { status: 'used', usedAt: now } });
    }
    const sales = new Map<string, number>();
    for (const l of o.lines) sales.set(l.productId, (sales.get(l.productId) ?? 0) + l.qty);
    for (const [productId, qty] of [...sales].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await tx.updateOne('products', { _id: productId }, { inc: { sales: qty } });
    }
    await tx.insert('payments', paymentDoc(f, 'applied', o._id, source, now));
    const event: OrderEventRecord = {
      _id: `order.paid:${o._id}`, type: 'order.paid', orderId: o._id, openid: o.openid, at: now,
      data: { payable: o.payable, transactionId, lines: o.lines.map((l) => ({ skuId: l.skuId, productId: l.productId, qty: l.qty, payable: l.payable })) },
    };
    await tx.insert('order_events', event);
    await writeCommissions(tx, o, now);
    return ok('applied');
  });
  if (!r.ok) throw new Error(`payment not applied: ${r.error.code}`); // BUSY: WeChat Pay retries the callback
  if (r.data === 'refund_required') await recordUnapplied(deps, f, 'refund_required', exists._id, source);
  return r.data;
}

export async function handlePayCallback(deps: Deps, f: PayCallbackFields): Promise<PayCallbackOutcome> {
  if (f.returnCode !== 'SUCCESS' || f.resultCode !== 'SUCCESS') return 'not_success';
  return applyPayment(deps, f, 'callback');
}
