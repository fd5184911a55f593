/**
 * After-sales: refund requests, the merchant's review, the refund through WeChat Pay and its callback.
 *
 * Durable progress (ARCHITECTURE "Multi-step money operations"):
 * - A request is one transaction: the order is locked, the amount computed from its lines (domain/refund), the
 *   order's `openAfterSaleId` set (the guard: one open after-sale per order) and the after-sale inserted.
 * - Approval moves the after-sale `requested -> approved` (the anchor: from here the money must go back), then asks
 *   WeChat Pay to refund with outRefundNo = the after-sale id (the same id on every retry, so WeChat Pay never refunds
 *   twice), then records `refunding`. A refusal is `failed` (the merchant retries); a timeout leaves `approved`, and
 *   reconcile asks again.
 * - The refund callback (or reconcile's query) completes it in one transaction: after-sale `refunded`, the order's
 *   refunded quantities and amount (and `refunded` when nothing is left), stock back when the merchant chose it, the
 *   coupon back when the shop says so, and an `order.refunded` event - exactly once, however often WeChat Pay repeats.
 */
import type {
  AfterSale, AfterSaleStatus, MerchantAfterSale, OrderStatus, Page, RefundLine, RefundLineInput, RefundQuote, RefundReason,
  RefundRequestPayload,
} from '../../typings/api';
import { OPEN_AFTER_SALE } from '../../typings/api';
import { REFUND_PENDING, afterSalesDeadline, planRefund, refundable } from '../domain/refund';
import type { Deps } from '../ports/context';
import type { RefundState } from '../ports/pay';
import { Filter, Json, cond } from '../ports/store';
import { abort, atomically } from './atomic';
import type { AfterSaleRecord, OrderEventRecord, OrderRecord, RefundAnomalyRecord, UserRecord } from './records';
import { Result, fail, ok } from './result';
import { int, str } from './fields';
import { reverseCommissions } from './ledger';
import { getSettings } from './settings';

const REASON_TEXT: Record<RefundReason, string> = {
  not_wanted: '不想要了', wrong_item: '商家发错货', damaged: '商品破损', not_received: '未收到货', other: '其他',
};

// ---------- views ----------

export function toAfterSale(a: AfterSaleRecord): AfterSale {
  return {
    id: a._id, orderId: a.orderId, orderNo: a.orderNo, status: a.status, amount: a.amount, shippingRefund: a.shippingRefund,
    lines: a.lines, reason: a.reason, description: a.description, images: a.images, orderStatus: a.orderStatus, note: a.note,
    restock: a.restock, createdAt: a.createdAt, refundedAt: a.refundedAt, timeline: a.timeline,
  };
}

const refundableLines = (o: OrderRecord) => o.lines.map((l) => ({ skuId: l.skuId, qty: l.qty, payable: l.payable, refundedQty: l.refundedQty ?? 0 }));

/**
 * Whether the order accepts a refund request now: paid, shipped, or completed within the after-sales window;
 * something left to refund; no after-sale open.
 */
export function refundWindow(o: OrderRecord, afterSalesDays: number, now: number): { open: boolean; until: number | null; why: string | null } {
  if (o.status === 'paid' || o.status === 'shipped') return { open: true, until: null, why: null };
  if (o.status === 'completed') {
    const until = afterSalesDeadline(o.completedAt ?? o.updatedAt, afterSalesDays);
    return now <= until ? { open: true, until, why: null } : { open: false, until: null, why: '已超过售后期限' };
  }
  if (o.status === 'refunded') return { open: false, until: null, why: '订单已全部退款' };
  return { open: false, until: null, why: o.status === 'pending_payment' ? '订单尚未支付' : '订单已取消' };
}

// ---------- the shopper ----------

function planFor(o: OrderRecord, lines: RefundLineInput[] | undefined) {
  return planRefund({ lines: refundableLines(o), requested: lines, shipping: o.shipping, shipped: o.status !== 'paid' });
}

function refundLinesOf(o: OrderRecord, plan: Array<{ skuId: string; qty: number; amount: number }>): RefundLine[] {
  const byId = new Map(o.lines.map((l) => [l.skuId, l]));
  return plan.map((p) => {
    const l = byId.get(p.skuId)!;
    return { skuId: l.skuId, productId: l.productId, title: l.title, image: l.image, specText: l.specText, qty: p.qty, amount: p.amount };
  });
}

async function ownOrder(deps: Deps, openid: string, orderId: string): Promise<OrderRecord | null> {
  const o = await deps.store.get<OrderRecord>('orders', orderId);
  return o && o.openid === openid ? o : null;
}

export async function refundQuote(deps: Deps, openid: string, p: { orderId: string; lines?: RefundLineInput[] }): Promise<Result<RefundQuote>> {
  const o = await ownOrder(deps, openid, p.orderId);
  if (!o) return fail('NOT_FOUND', '订单不存在');
  const settings = await getSettings(deps);
  const w = refundWindow(o, settings.afterSalesDays, deps.clock.now());
  if (!w.open) return fail('REFUND_NOT_ALLOWED', w.why ?? '该订单不能退款');
  const plan = planFor(o, p.lines);
  if (!plan.ok) return fail(plan.code, plan.message);
  return ok({
    orderId: o._id, lines: refundLinesOf(o, plan.lines), shippingRefund: plan.shippingRefund, amount: plan.amount,
    refundable: refundable(refundableLines(o)),
  });
}

/**
 * One transaction: the order locked and checked (owner, status, window, nothing open), the amount computed by the
 * server, `openAfterSaleId` set and the after-sale inserted. Concurrent requests on one order: one wins, the others
 * find it open (CONFLICT).
 */
export async function requestRefund(deps: Deps, openid: string, p: RefundRequestPayload): Promise<Result<AfterSale>> {
  const settings = await getSettings(deps);
  const now = deps.clock.now();
  const id = `R${deps.ids.newId(now)}`;
  const r = await atomically<AfterSaleRecord>(deps.store, async (tx) => {
    const o = await tx.get<OrderRecord>('orders', p.orderId);
    if (!o || o.openid !== openid) return abort(fail('NOT_FOUND', '订单不存在'));
    const w = refundWindow(o, settings.afterSalesDays, now);
    if (!w.open) return abort(fail('REFUND_NOT_ALLOWED', w.why ?? '该订单不能退款'));
    if (o.openAfterSaleId) return abort(fail('CONFLICT', '该订单已有售后在处理中'));
    const plan = planFor(o, p.lines);
    if (!plan.ok) return abort(fail(plan.code, plan.message));
    if (plan.amount < 1) return abort(fail('REFUND_NOT_ALLOWED', '所选商品实付为 0，无需退款'));
    const held = await tx.updateOne<OrderRecord>('orders', { _id: o._id, status: o.status }, { set: { openAfterSaleId: id, updatedAt: now } });
    if (!held) return abort(fail('CONFLICT', '该订单已有售后在处理中'));
    const doc: AfterSaleRecord = {
      _id: id, orderId: o._id, orderNo: o.orderNo, openid, status: 'requested', lines: refundLinesOf(o, plan.lines),
      amount: plan.amount, shippingRefund: plan.shippingRefund, complete: plan.complete, reason: p.reason,
      description: p.description?.trim() ?? '', images: p.images ?? [], orderStatus: o.status, transactionId: o.transactionId,
      totalFee: o.payable, restock: false, note: null, reviewedBy: null, refundId: null, refundRequestedAt: null, refundedAt: null,
      failure: null, refundSource: null, timeline: [{ status: 'requested', at: now, note: REASON_TEXT[p.reason] }], createdAt: now, updatedAt: now,
    };
    await tx.insert('after_sales', doc);
    return ok(doc);
  });
  return r.ok ? ok(toAfterSale(r.data)) : r;
}

async function ownAfterSale(deps: Deps, openid: string, id: string): Promise<AfterSaleRecord | null> {
  const a = await deps.store.get<AfterSaleRecord>('after_sales', id);
  return a && a.openid === openid ? a : null;
}

/** Closes a `requested` after-sale (withdrawn by the shopper, or rejected) and frees its order: one transaction. */
function closeRequested(deps: Deps, id: string, to: 'cancelled' | 'rejected', note: string | null, by: string | null): Promise<Result<AfterSaleRecord>> {
  return atomically<AfterSaleRecord>(deps.store, async (tx) => {
    const now = deps.clock.now();
    const a = await tx.get<AfterSaleRecord>('after_sales', id);
    if (!a) return abort(fail('NOT_FOUND', '售后单不存在'));
    if (a.status === to) return abort(ok(a)); // a retry after success
    if (a.status !== 'requested') return abort(fail('CONFLICT', a.status === 'cancelled' ? '买家已撤销申请' : '售后单状态已变化，请刷新'));
    const after = await tx.updateOne<AfterSaleRecord>('after_sales', { _id: id, status: 'requested' }, {
      set: { status: to, note: to === 'rejected' ? note : a.note, reviewedBy: by ?? a.reviewedBy, updatedAt: now },
      push: { timeline: { status: to, at: now, note } },
    });
    if (!after) return abort(fail('CONFLICT', '售后单状态已变化，请刷新'));
    await tx.updateOne('orders', { _id: a.orderId, openAfterSaleId: id }, { set: { openAfterSaleId: null, updatedAt: now } });
    return ok(after);
  });
}

export async function cancelRefund(deps: Deps, openid: string, id: string): Promise<Result<AfterSale>> {
  if (!(await ownAfterSale(deps, openid, id))) return fail('NOT_FOUND', '售后单不存在');
  const r = await closeRequested(deps, id, 'cancelled', '买家撤销申请', null);
  return r.ok ? ok(toAfterSale(r.data)) : r;
}

export async function listAfterSales(deps: Deps, openid: string, p: { cursor?: string }): Promise<Result<Page<AfterSale>>> {
  const page = await deps.store.find<AfterSaleRecord>('after_sales', { openid }, { orderBy: [['createdAt', 'desc']], limit: 10, cursor: p.cursor ?? null });
  return ok({ items: page.items.map(toAfterSale), nextCursor: page.nextCursor });
}

export async function afterSaleDetail(deps: Deps, openid: string, id: string): Promise<Result<AfterSale>> {
  const a = await ownAfterSale(deps, openid, id);
  return a ? ok(toAfterSale(a)) : fail('NOT_FOUND', '售后单不存在');
}

// ---------- the merchant ----------

export async function isMerchant(deps: Deps, openid: string): Promise<boolean> {
  const u = await deps.store.get<UserRecord>('users', openid);
  return !!u && u.roles.includes('merchant');
}

async function withBuyer(deps: Deps, items: AfterSaleRecord[]): Promise<MerchantAfterSale[]> {
  const orderIds = [...new Set(items.map((a) => a.orderId))];
  const { items: orders } = orderIds.length
    ? await deps.store.find<OrderRecord>('orders', { _id: cond.in(orderIds) }, { limit: orderIds.length, omit: ['timeline'] })
    : { items: [] as OrderRecord[] };
  const byId = new Map(orders.map((o) => [o._id, o]));
  return items.map((a) => {
    const o = byId.get(a.orderId);
    return { ...toAfterSale(a), buyer: { name: o?.address.name ?? '', phone: o?.address.phone ?? '' } };
  });
}

export async function merchantAfterSales(
  deps: Deps, openid: string, p: { status?: AfterSaleStatus | AfterSaleStatus[]; cursor?: string },
): Promise<Result<Page<MerchantAfterSale>>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可查看售后');
  const filter: Filter = p.status === undefined ? {} : { status: Array.isArray(p.status) ? cond.in([...new Set(p.status)]) : p.status };
  const page = await deps.store.find<AfterSaleRecord>('after_sales', filter, { orderBy: [['createdAt', 'desc']], limit: 20, cursor: p.cursor ?? null });
  return ok({ items: await withBuyer(deps, page.items), nextCursor: page.nextCursor });
}

async function merchantView(deps: Deps, a: AfterSaleRecord): Promise<MerchantAfterSale> {
  return (await withBuyer(deps, [a]))[0];
}

/**
 * Asks WeChat Pay to refund an approved (or failed) after-sale and records what it answered. Safe to repeat: the
 * outRefundNo is the after-sale id, so WeChat Pay refunds once; every write is guarded on the status it leaves.
 */
export async function issueRefund(deps: Deps, a: AfterSaleRecord): Promise<AfterSaleRecord> {
  const r = await deps.pay.refund({
    outTradeNo: a.orderNo, outRefundNo: a._id, totalFee: a.totalFee, refundFee: a.amount, reason: `订单退款 ${REASON_TEXT[a.reason]}`,
  });
  const now = deps.clock.now();
  if (!r.ok) {
    // Nothing is known: reconcile asks again with the same outRefundNo.
    deps.log.error('refund request failed', { afterSaleId: a._id, message: r.message });
    return a;
  }
  const from = cond.in(a.status === 'failed' ? ['failed'] : ['approved', 'failed']);
  const after = r.state === 'accepted'
    ? await deps.store.updateOne<AfterSaleRecord>('after_sales', { _id: a._id, status: from }, {
      set: { status: 'refunding', refundId: r.refundId, refundRequestedAt: now, failure: null, updatedAt: now },
      push: { timeline: { status: 'refunding', at: now, note: null } },
    })
    : await deps.store.updateOne<AfterSaleRecord>('after_sales', { _id: a._id, status: cond.in(['approved', 'refunding']) }, {
      set: { status: 'failed', failure: r.message, updatedAt: now }, push: { timeline: { status: 'failed', at: now, note: r.message } },
    });
  if (r.state === 'rejected') deps.log.error('refund refused by WeChat Pay', { afterSaleId: a._id, message: r.message });
  // Not written: the callback (or another attempt) moved it first; answer what it is now.
  return after ?? (await deps.store.get<AfterSaleRecord>('after_sales', a._id)) ?? a;
}

export async function reviewRefund(
  deps: Deps, openid: string, p: { id: string; approve: boolean; note?: string; restock?: boolean },
): Promise<Result<MerchantAfterSale>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可处理售后');
  const a = await deps.store.get<AfterSaleRecord>('after_sales', p.id);
  if (!a) return fail('NOT_FOUND', '售后单不存在');
  if (!p.approve) {
    const note = p.note?.trim();
    if (!note) return fail('INVALID_INPUT', 'note: 拒绝时请填写原因');
    const r = await closeRequested(deps, a._id, 'rejected', note, openid);
    return r.ok ? ok(await merchantView(deps, r.data)) : r;
  }
  if (a.status !== 'requested') {
    // A retried approval answers what it became; anything else is a conflict.
    if (a.status === 'approved') return ok(await merchantView(deps, await issueRefund(deps, a)));
    if (a.status === 'refunding' || a.status === 'refunded' || a.status === 'failed') return ok(await merchantView(deps, a));
    return fail('CONFLICT', a.status === 'cancelled' ? '买家已撤销申请' : '售后单已处理');
  }
  const now = deps.clock.now();
  const note = p.note?.trim() || null;
  const approved = await deps.store.updateOne<AfterSaleRecord>('after_sales', { _id: a._id, status: 'requested' }, {
    set: { status: 'approved', restock: p.restock ?? false, note, reviewedBy: openid, updatedAt: now },
    push: { timeline: { status: 'approved', at: now, note: p.restock ? '退回库存' : null } },
  });
  if (!approved) {
    const cur = await deps.store.get<AfterSaleRecord>('after_sales', a._id);
    return fail('CONFLICT', cur?.status === 'cancelled' ? '买家已撤销申请' : '售后单已处理');
  }
  return ok(await merchantView(deps, await issueRefund(deps, approved)));
}

export async function retryRefund(deps: Deps, openid: string, id: string): Promise<Result<MerchantAfterSale>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可处理售后');
  const a = await deps.store.get<AfterSaleRecord>('after_sales', id);
  if (!a) return fail('NOT_FOUND', '售后单不存在');
  if (a.status !== 'failed' && a.status !== 'approved') return fail('CONFLICT', '只有退款失败的售后单可以重试');
  return ok(await merchantView(deps, await issueRefund(deps, a)));
}

// ---------- the refund's result ----------


export async function recordRefundAnomaly(deps: Deps, kind: RefundAnomalyRecord['kind'], f: Record<string, unknown>): Promise<void> {
  const outRefundNo = str(f.outRefundNo);
  const now = deps.clock.now();
  const key = `${outRefundNo ?? 'none'}:${kind}:${str(f.refundId) ?? int(f.refundFee) ?? now}`.replace(/[^A-Za-z0-9_:-]/g, '_').slice(0, 128);
  const r = await deps.store.insert('refund_anomalies', { _id: key, outRefundNo, kind, fields: JSON.parse(JSON.stringify(f)), receivedAt: now } satisfies RefundAnomalyRecord);
  if (r.ok) deps.log.error('refund needs attention', { kind, outRefundNo });
}

export type RefundOutcome = 'refunded' | 'duplicate' | 'failed' | 'unknown_refund' | 'amount_mismatch' | 'unexpected_status';

/**
 * Completes a refund WeChat Pay reports as successful (callback or query), in one transaction: exactly once.
 */
export async function completeRefund(deps: Deps, a0: AfterSaleRecord, f: { refundFee: number | null; refundId: string | null }, source: 'callback' | 'query'): Promise<RefundOutcome> {
  if (f.refundFee !== a0.amount) return 'amount_mismatch';
  const settings = await getSettings(deps);
  const r = await atomically<RefundOutcome>(deps.store, async (tx) => {
    const now = deps.clock.now();
    const a = await tx.get<AfterSaleRecord>('after_sales', a0._id);
    if (!a) return abort(ok('unknown_refund'));
    if (a.status === 'refunded') return abort(ok('duplicate'));
    if (!REFUND_PENDING.includes(a.status)) return abort(ok('unexpected_status'));
    const done = await tx.updateOne<AfterSaleRecord>('after_sales', { _id: a._id, status: a.status }, {
      set: { status: 'refunded', refundedAt: now, refundId: f.refundId ?? a.refundId, refundSource: source, failure: null, updatedAt: now },
      push: { timeline: { status: 'refunded', at: now, note: null } },
    });
    if (!done) return abort(ok('duplicate'));
    const o = await tx.get<OrderRecord>('orders', a.orderId);
    if (!o) return abort(ok('unknown_refund'));
    const add = new Map(a.lines.map((l) => [l.skuId, l.qty]));
    const lines = o.lines.map((l) => ({ ...l, refundedQty: (l.refundedQty ?? 0) + (add.get(l.skuId) ?? 0) }));
    const complete = lines.every((l) => l.refundedQty >= l.qty);
    const refundedAmount = (o.refundedAmount ?? 0) + a.amount;
    const status: OrderStatus = complete ? 'refunded' : o.status;
    const updated = await tx.updateOne<OrderRecord>('orders', { _id: o._id, openAfterSaleId: a._id }, {
      set: { lines: lines as unknown as Json, refundedAmount, openAfterSaleId: null, status, updatedAt: now, ...(complete ? { refundedAt: now } : {}) },
      ...(complete ? { push: { timeline: { status: 'refunded', at: now, note: '全部退款完成' } } } : {}),
    });
    // The order no longer holds this after-sale: the books would not match; roll back and leave it for a person.
    if (!updated) return abort(ok('unexpected_status'));
    if (a.restock) {
      for (const l of [...a.lines].sort((x, y) => (x.skuId < y.skuId ? -1 : 1))) await tx.updateOne('skus', { _id: l.skuId }, { inc: { stock: l.qty } });
    }
    if (complete && settings.returnCouponOnRefund && o.couponId) {
      await tx.updateOne('coupons', { _id: o.couponId, status: 'used', orderId: o._id, validTo: cond.gt(now) }, { set: { status: 'unused', orderId: null, lockedAt: null, usedAt: null } });
    }
    await reverseCommissions(tx, o, lines, a, complete, now);
    const event: OrderEventRecord = {
      _id: `order.refunded:${a._id}`, type: 'order.refunded', orderId: o._id, openid: o.openid, at: now,
      data: { afterSaleId: a._id, amount: a.amount, shippingRefund: a.shippingRefund, lines: a.lines.map((l) => ({ skuId: l.skuId, productId: l.productId, qty: l.qty, amount: l.amount })), orderRefundedAmount: refundedAmount, complete },
    };
    await tx.insert('order_events', event);
    return ok('refunded');
  });
  if (!r.ok) throw new Error(`refund not applied: ${r.error.code}`); // BUSY: the callback is retried
  return r.data;
}

/** A refund WeChat Pay reports as failed or closed: the after-sale is `failed` and waits for the merchant's retry. */
async function markFailed(deps: Deps, a: AfterSaleRecord, message: string): Promise<RefundOutcome> {
  const now = deps.clock.now();
  const after = await deps.store.updateOne('after_sales', { _id: a._id, status: cond.in(['approved', 'refunding']) }, {
    set: { status: 'failed', failure: message, updatedAt: now }, push: { timeline: { status: 'failed', at: now, note: message } },
  });
  return after ? 'failed' : 'duplicate';
}

/** What a WeChat Pay refund result (callback fields) means for an after-sale. */
export async function applyRefundResult(deps: Deps, f: Record<string, unknown>, source: 'callback' | 'query'): Promise<RefundOutcome> {
  const outRefundNo = str(f.outRefundNo);
  const a = outRefundNo ? await deps.store.get<AfterSaleRecord>('after_sales', outRefundNo) : null;
  if (!a) {
    await recordRefundAnomaly(deps, 'unknown_refund', f);
    return 'unknown_refund';
  }
  if (f.refundStatus !== 'SUCCESS') {
    const outcome = await markFailed(deps, a, `退款失败（${String(f.refundStatus ?? 'UNKNOWN')}）`);
    return outcome;
  }
  const outTradeNo = str(f.outTradeNo, 32);
  const outcome = outTradeNo !== null && outTradeNo !== a.orderNo
    ? 'amount_mismatch'
    : await completeRefund(deps, a, { refundFee: int(f.refundFee), refundId: str(f.refundId) }, source);
  if (outcome === 'amount_mismatch' || outcome === 'unexpected_status') await recordRefundAnomaly(deps, outcome, f);
  return outcome;
}

/** How long a refund may stay `approved` or `refunding` before reconcile asks WeChat Pay about it. */
export const REFUND_GRACE_MS = 2 * 60_000;

/** Reconcile's part: approvals whose refund was never accepted are asked again; refunds whose callback never came are queried. */
export async function reconcileRefunds(deps: Deps, maxPerRun = 100): Promise<{ asked: number; completed: number; failed: number; errors: number }> {
  const now = deps.clock.now();
  const out = { asked: 0, completed: 0, failed: 0, errors: 0 };
  const stale = (status: AfterSaleStatus) => deps.store.find<AfterSaleRecord>('after_sales', { status, updatedAt: cond.lte(now - REFUND_GRACE_MS) }, { orderBy: [['updatedAt', 'asc']], limit: maxPerRun });
  for (const a of (await stale('approved')).items) {
    try {
      const after = await issueRefund(deps, a);
      if (after.status !== 'approved') out.asked++;
    } catch (err) {
      out.errors++;
      deps.log.error('reconcile: refund request failed', { afterSaleId: a._id, err: String(err) });
    }
  }
  for (const a of (await stale('refunding')).items) {
    try {
      const q = await deps.pay.queryRefund(a._id);
      if (!q.ok) { out.errors++; continue; }
      const outcome = await settleFromQuery(deps, a, q.refund);
      if (outcome === 'refunded') out.completed++;
      if (outcome === 'failed') out.failed++;
    } catch (err) {
      out.errors++;
      deps.log.error('reconcile: refund query failed', { afterSaleId: a._id, err: String(err) });
    }
  }
  return out;
}

async function settleFromQuery(deps: Deps, a: AfterSaleRecord, q: RefundState): Promise<RefundOutcome | 'processing'> {
  switch (q.state) {
    case 'success':
      return applyRefundResult(deps, { outRefundNo: a._id, outTradeNo: a.orderNo, refundStatus: 'SUCCESS', refundFee: q.refundFee, refundId: q.refundId, successTime: q.successTime }, 'query');
    case 'failed':
      return markFailed(deps, a, `退款失败（${q.message}）`);
    case 'none':
      // WeChat Pay never got it: ask again (same outRefundNo).
      await issueRefund(deps, { ...a, status: 'approved' });
      return 'processing';
    default:
      return 'processing';
  }
}

export { OPEN_AFTER_SALE };
