/**
 * Money that could not be applied goes back. `payNotify` records payments it cannot apply (a different amount, an
 * unknown order, an order already cancelled, a second payment) with refundStatus `pending`; the jobs trigger
 * `refundUnappliedPayments` refunds each exactly once:
 * - `pending -> refunding` is the anchor (guarded: two runs never both take it), with the outRefundNo fixed on it;
 * - WeChat Pay is asked to refund the whole payment by its transaction id (the same outRefundNo on every attempt);
 * - the refund callback (or a later run's query) marks it `refunded`; a refusal marks it `failed` for a person.
 */
import type { Page, UnappliedPayment } from '../../typings/api';
import { createHash } from 'crypto';
import type { Deps } from '../ports/context';
import { cond } from '../ports/store';
import type { PaymentRecord } from './records';
import { int, str } from './fields';
import { Result, fail, ok } from './result';
import { isMerchant, recordRefundAnomaly, REFUND_GRACE_MS } from './after-sales';

export const UNAPPLIED_OUTCOMES = ['amount_mismatch', 'unknown_order', 'refund_required'] as const;

/** outRefundNo of a payment's refund: 'P' + 40 hex of its record id (stable, within WeChat Pay's 64 of [A-Za-z0-9_-]). */
export function paymentRefundNo(paymentId: string): string {
  return `P${createHash('sha256').update(paymentId).digest('hex').slice(0, 40)}`;
}

function toUnapplied(p: PaymentRecord): UnappliedPayment {
  return {
    id: p._id, outTradeNo: p.outTradeNo, transactionId: p.transactionId, totalFee: p.totalFee,
    outcome: p.outcome as UnappliedPayment['outcome'], refundStatus: p.refundStatus ?? 'pending',
    receivedAt: p.receivedAt, refundedAt: p.refundedAt ?? null, failure: p.refundFailure ?? null,
  };
}

export async function listUnapplied(deps: Deps, openid: string, p: { cursor?: string }): Promise<Result<Page<UnappliedPayment>>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可查看');
  const page = await deps.store.find<PaymentRecord>('payments', { outcome: cond.in([...UNAPPLIED_OUTCOMES]) }, { orderBy: [['receivedAt', 'desc']], limit: 20, cursor: p.cursor ?? null, omit: ['fields'] });
  return ok({ items: page.items.map(toUnapplied), nextCursor: page.nextCursor });
}

async function fail_(deps: Deps, p: PaymentRecord, from: 'pending' | 'refunding', message: string): Promise<void> {
  await deps.store.updateOne('payments', { _id: p._id, refundStatus: from }, { set: { refundStatus: 'failed', refundFailure: message } });
  deps.log.error('unapplied payment not refunded', { paymentId: p._id, message });
}

async function askRefund(deps: Deps, p: PaymentRecord, refundNo: string): Promise<'asked' | 'failed' | 'unknown'> {
  const r = await deps.pay.refund({
    transactionId: p.transactionId!, outRefundNo: refundNo, totalFee: p.totalFee!, refundFee: p.totalFee!, reason: '订单已关闭，款项原路退回',
  });
  if (!r.ok) {
    deps.log.error('unapplied payment refund request failed', { paymentId: p._id, message: r.message });
    return 'unknown'; // stays refunding: the next run queries and asks again
  }
  if (r.state === 'rejected') {
    await fail_(deps, p, 'refunding', r.message);
    return 'failed';
  }
  return 'asked';
}

export async function refundUnappliedPayments(deps: Deps, maxPerRun = 100): Promise<{ asked: number; refunded: number; failed: number; scanned: number }> {
  const now = deps.clock.now();
  const out = { asked: 0, refunded: 0, failed: 0, scanned: 0 };
  const pending = await deps.store.find<PaymentRecord>('payments', { refundStatus: 'pending' }, { orderBy: [['receivedAt', 'asc']], limit: maxPerRun });
  for (const p of pending.items) {
    out.scanned++;
    try {
      if (!p.transactionId || !p.totalFee) {
        await fail_(deps, p, 'pending', '没有微信支付单号或金额，无法原路退回');
        out.failed++;
        continue;
      }
      const refundNo = paymentRefundNo(p._id);
      const anchored = await deps.store.updateOne<PaymentRecord>('payments', { _id: p._id, refundStatus: 'pending' }, {
        set: { refundStatus: 'refunding', refundNo, refundRequestedAt: now },
      });
      if (!anchored) continue; // another run took it
      const r = await askRefund(deps, anchored, refundNo);
      if (r === 'asked') out.asked++;
      if (r === 'failed') out.failed++;
    } catch (err) {
      deps.log.error('refunding an unapplied payment failed', { paymentId: p._id, err: String(err) });
    }
  }
  // Refunds asked for a while with no callback (lost, or the request never reached WeChat Pay): ask WeChat Pay.
  const stale = await deps.store.find<PaymentRecord>('payments', { refundStatus: 'refunding', refundRequestedAt: cond.lte(now - REFUND_GRACE_MS) }, { orderBy: [['receivedAt', 'asc']], limit: maxPerRun });
  for (const p of stale.items) {
    out.scanned++;
    try {
      const q = await deps.pay.queryRefund(p.refundNo!);
      if (!q.ok) continue;
      if (q.refund.state === 'success') {
        if ((await markPaymentRefunded(deps, p.refundNo!, q.refund.refundFee, q.refund.refundId)) === 'refunded') out.refunded++;
      } else if (q.refund.state === 'none') {
        await deps.store.updateOne('payments', { _id: p._id, refundStatus: 'refunding' }, { set: { refundRequestedAt: now } });
        if ((await askRefund(deps, p, p.refundNo!)) === 'failed') out.failed++;
      } else if (q.refund.state === 'failed') {
        await fail_(deps, p, 'refunding', q.refund.message);
        out.failed++;
      }
    } catch (err) {
      deps.log.error('querying an unapplied payment refund failed', { paymentId: p._id, err: String(err) });
    }
  }
  return out;
}

/** The refund of an unapplied payment succeeded: `refunded`, once. */
export async function markPaymentRefunded(deps: Deps, refundNo: string, refundFee: number | null, refundId: string | null): Promise<'refunded' | 'duplicate' | 'unknown_refund' | 'amount_mismatch'> {
  const { items } = await deps.store.find<PaymentRecord>('payments', { refundNo }, { limit: 1 });
  const p = items[0];
  if (!p) return 'unknown_refund';
  if (p.refundStatus === 'refunded') return 'duplicate';
  if (refundFee !== p.totalFee) return 'amount_mismatch';
  const done = await deps.store.updateOne('payments', { _id: p._id, refundStatus: cond.in(['refunding', 'failed']) }, {
    set: { refundStatus: 'refunded', refundedAt: deps.clock.now(), refundFailure: null, needsAttention: false, refundId },
  });
  return done ? 'refunded' : 'duplicate';
}

export async function applyPaymentRefundResult(deps: Deps, f: Record<string, unknown>): Promise<string> {
  const refundNo = String(f.outRefundNo);
  const refundFee = int(f.refundFee);
  if (f.refundStatus !== 'SUCCESS') {
    const { items } = await deps.store.find<PaymentRecord>('payments', { refundNo }, { limit: 1 });
    if (!items[0]) {
      await recordRefundAnomaly(deps, 'unknown_refund', f);
      return 'unknown_refund';
    }
    await fail_(deps, items[0], 'refunding', `退款失败（${String(f.refundStatus ?? 'UNKNOWN')}）`);
    return 'failed';
  }
  const outcome = await markPaymentRefunded(deps, refundNo, refundFee, str(f.refundId));
  if (outcome === 'unknown_refund' || outcome === 'amount_mismatch') await recordRefundAnomaly(deps, outcome, f);
  return outcome;
}
