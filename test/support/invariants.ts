/**
 * The money invariants every fault, race and crash test checks, read straight from the store:
 *  - every SKU: stock + units held by open (unpaid) orders + units sold (paid and later) = its initial stock;
 *  - every coupon is unused (no order), locked by exactly one open order, or used by exactly one paid order - and every
 *    order's coupon is in the state its order implies;
 *  - every paid order has exactly one applied payment record, and products' sales = initial + units paid;
 *  - coupon counters: each template's `claimed` = its coupons; each per-shopper counter = that shopper's coupons of it;
 *  - nothing is left half way: no unpaid order with a close started (closingAt) once reconcile has run;
 *  - refunds: stock counts units restocked by refunded after-sales; each order's refundedAmount and per-line
 *    refundedQty are the sums of its refunded after-sales, never above what was paid and bought; at most one open
 *    after-sale per order and the order names it; each refunded after-sale has one order.refunded event and each
 *    paid order one order.paid event; WeChat Pay (the sandbox) returned exactly what the books say once everything
 *    settled, and never more than the books plus refunds in progress.
 */
import type {
  AfterSaleRecord, CouponClaimRecord, CouponRecord, CouponTemplateRecord, DistributorRecord, LedgerEntryRecord, OrderEventRecord, OrderRecord,
  PaymentRecord, ProductRecord, SkuRecord, WithdrawalRecord,
} from '../../cloudfunctions/app/records';
import type { Doc, Store } from '../../cloudfunctions/ports/store';

const SOLD = new Set(['paid', 'shipped', 'completed', 'refunded']);
const OPEN = new Set(['requested', 'approved', 'refunding', 'failed']);

async function all<T extends Doc>(store: Store, collection: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await store.find<T>(collection, {}, { limit: 1000, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export interface Baseline {
  stock: Map<string, number>;
  sales: Map<string, number>;
}

/** Stock and sales before anything was ordered (take it right after seeding). */
export async function baseline(store: Store): Promise<Baseline> {
  const skus = await all<SkuRecord>(store, 'skus');
  const products = await all<ProductRecord>(store, 'products');
  return { stock: new Map(skus.map((s) => [s._id, s.stock])), sales: new Map(products.map((p) => [p._id, p.sales])) };
}

/** Every broken invariant, in words (empty = all hold). */
export async function violations(
  store: Store, base: Baseline, opts: { closesFinished?: boolean; refundedByTransaction?: Map<string, number>; returnCouponOnRefund?: boolean } = {},
): Promise<string[]> {
  const out: string[] = [];
  const [skus, products, allOrders, coupons, payments, templates, claims, afterSales, events] = await Promise.all([
    all<SkuRecord>(store, 'skus'), all<ProductRecord>(store, 'products'), all<OrderRecord>(store, 'orders'), all<CouponRecord>(store, 'coupons'),
    all<PaymentRecord>(store, 'payments'), all<CouponTemplateRecord>(store, 'coupon_templates'), all<CouponClaimRecord>(store, 'coupon_claims'),
    all<AfterSaleRecord>(store, 'after_sales'), all<OrderEventRecord>(store, 'order_events'),
  ]);
  const restocked = new Map<string, number>();
  for (const a of afterSales) {
    if (a.status !== 'refunded' || !a.restock) continue;
    for (const l of a.lines) restocked.set(l.skuId, (restocked.get(l.skuId) ?? 0) + l.qty);
  }
  const orders = allOrders.filter((o) => !(o as { probe?: boolean }).probe);
  const held = new Map<string, number>();
  const sold = new Map<string, number>();
  const soldByProduct = new Map<string, number>();
  for (const o of orders) {
    for (const l of o.lines) {
      if (o.status === 'pending_payment') held.set(l.skuId, (held.get(l.skuId) ?? 0) + l.qty);
      if (SOLD.has(o.status)) {
        sold.set(l.skuId, (sold.get(l.skuId) ?? 0) + l.qty);
        soldByProduct.set(l.productId, (soldByProduct.get(l.productId) ?? 0) + l.qty);
      }
    }
  }
  for (const s of skus) {
    const initial = base.stock.get(s._id) ?? 0;
    const h = held.get(s._id) ?? 0;
    const d = sold.get(s._id) ?? 0;
    const r = restocked.get(s._id) ?? 0;
    if (s.stock + h + d - r !== initial) out.push(`sku ${s._id}: stock ${s.stock} + held ${h} + sold ${d} - restocked ${r} != initial ${initial}`);
  }
  for (const p of products) {
    const want = (base.sales.get(p._id) ?? 0) + (soldByProduct.get(p._id) ?? 0);
    if (p.sales !== want) out.push(`product ${p._id}: sales ${p.sales} != ${want}`);
  }
  const byId = new Map(orders.map((o) => [o._id, o]));
  for (const c of coupons) {
    if (c.status === 'unused') {
      if (c.orderId) out.push(`coupon ${c._id}: unused but names order ${c.orderId}`);
      continue;
    }
    const o = c.orderId ? byId.get(c.orderId) : undefined;
    if (!o) out.push(`coupon ${c._id}: ${c.status} by a missing order ${c.orderId}`);
    else if (o.couponId !== c._id) out.push(`coupon ${c._id}: ${c.status} by order ${o._id} which uses ${o.couponId}`);
    else if (c.status === 'locked' && o.status !== 'pending_payment') out.push(`coupon ${c._id}: locked by order ${o._id} which is ${o.status}`);
    else if (c.status === 'used' && !SOLD.has(o.status)) out.push(`coupon ${c._id}: used by order ${o._id} which is ${o.status}`);
  }
  const couponById = new Map(coupons.map((c) => [c._id, c]));
  for (const o of orders) {
    if (o.status === 'reserving' as string) out.push(`order ${o._id}: left reserving`);
    if (o.couponId) {
      const c = couponById.get(o.couponId);
      const want = o.status === 'pending_payment' ? 'locked' : SOLD.has(o.status) ? 'used' : null;
      const returned = o.status === 'refunded' && c?.status === 'unused' && !c.orderId; // returnCouponOnRefund
      if (want && !returned && (!c || c.status !== want || c.orderId !== o._id)) out.push(`order ${o._id} (${o.status}): coupon ${o.couponId} is ${c?.status}/${c?.orderId}, not ${want} by it`);
      if (!want && c && c.status !== 'unused' && c.orderId === o._id) out.push(`order ${o._id} (${o.status}): still holds coupon ${c._id} (${c.status})`);
    }
    const applied = payments.filter((p) => p.orderId === o._id && p.outcome === 'applied').length;
    if (SOLD.has(o.status) && applied !== 1) out.push(`order ${o._id} (${o.status}): ${applied} applied payment records`);
    if (!SOLD.has(o.status) && applied !== 0) out.push(`order ${o._id} (${o.status}): has an applied payment`);
    if (opts.closesFinished && o.status === 'pending_payment' && o.closingAt) out.push(`order ${o._id}: close started at ${o.closingAt}, never finished`);
  }
  // ----- refunds -----
  const salesByOrder = new Map<string, AfterSaleRecord[]>();
  for (const a of afterSales) salesByOrder.set(a.orderId, [...(salesByOrder.get(a.orderId) ?? []), a]);
  const eventIds = new Set(events.map((e) => e._id));
  for (const o of orders) {
    const mine = salesByOrder.get(o._id) ?? [];
    const done = mine.filter((a) => a.status === 'refunded');
    const amount = done.reduce((n, a) => n + a.amount, 0);
    if ((o.refundedAmount ?? 0) !== amount) out.push(`order ${o._id}: refundedAmount ${o.refundedAmount ?? 0} != refunded after-sales ${amount}`);
    if (amount > o.payable) out.push(`order ${o._id}: refunded ${amount} > paid ${o.payable}`);
    for (const l of o.lines) {
      const q = done.reduce((n, a) => n + (a.lines.find((x) => x.skuId === l.skuId)?.qty ?? 0), 0);
      if ((l.refundedQty ?? 0) !== q) out.push(`order ${o._id} line ${l.skuId}: refundedQty ${l.refundedQty ?? 0} != ${q}`);
      if (q > l.qty) out.push(`order ${o._id} line ${l.skuId}: refunded ${q} of ${l.qty}`);
    }
    const open = mine.filter((a) => OPEN.has(a.status));
    if (open.length > 1) out.push(`order ${o._id}: ${open.length} open after-sales`);
    if ((o.openAfterSaleId ?? null) !== (open[0]?._id ?? null)) out.push(`order ${o._id}: openAfterSaleId ${o.openAfterSaleId} but open ${open.map((a) => a._id).join(',') || 'none'}`);
    if (SOLD.has(o.status) && !eventIds.has(`order.paid:${o._id}`)) out.push(`order ${o._id} (${o.status}): no order.paid event`);
    for (const a of done) if (!eventIds.has(`order.refunded:${a._id}`)) out.push(`after-sale ${a._id}: refunded without its order.refunded event`);
    const allUnits = o.lines.every((l) => (l.refundedQty ?? 0) >= l.qty);
    if (SOLD.has(o.status) && allUnits !== (o.status === 'refunded')) out.push(`order ${o._id}: status ${o.status} but every unit refunded = ${allUnits}`);
    if (opts.refundedByTransaction && o.transactionId) {
      const back = opts.refundedByTransaction.get(o.transactionId) ?? 0;
      const inProgress = open.filter((a) => a.status !== 'requested').reduce((n, a) => n + a.amount, 0);
      if (opts.closesFinished ? back !== amount : back > amount + inProgress) out.push(`order ${o._id}: WeChat Pay returned ${back}, books say ${amount} (+${inProgress} in progress)`);
    }
  }
  for (const p of payments) {
    if (p.outcome === 'applied' || !opts.refundedByTransaction || !p.transactionId) continue;
    const back = opts.refundedByTransaction.get(p.transactionId) ?? 0;
    if (back > (p.totalFee ?? 0)) out.push(`payment ${p._id}: refunded ${back} > ${p.totalFee}`);
    if (p.refundStatus === 'refunded' && back !== p.totalFee) out.push(`payment ${p._id}: refunded but WeChat Pay returned ${back}`);
    if (opts.closesFinished && p.refundStatus === 'refunding' && back === p.totalFee) out.push(`payment ${p._id}: WeChat Pay returned it, still refunding after the sweep`);
  }
  const probes = allOrders.length - orders.length;
  if (opts.closesFinished && probes) out.push(`${probes} index probe documents left after reconcile`);
  for (const t of templates) {
    const n = coupons.filter((c) => c.templateId === t._id).length;
    if (t.claimed !== n) out.push(`template ${t._id}: claimed ${t.claimed} != ${n} coupons`);
  }
  for (const k of claims) {
    const n = coupons.filter((c) => c.templateId === k.templateId && c.openid === k.openid).length;
    if (k.count !== n) out.push(`claim counter ${k._id}: ${k.count} != ${n} coupons`);
  }
  return out;
}

/**
 * The ledger's books, read straight from the store: each distributor's pending / available counters equal the sums of
 * its entries by status, withdrawn equals its paid withdrawals; entry ids are unique by construction (the store's
 * primary key), so "written twice" shows up here as a counter that moved twice.
 */
export async function ledgerViolations(store: Store): Promise<string[]> {
  const out: string[] = [];
  const [distributors, entries, withdrawals] = await Promise.all([
    all<DistributorRecord>(store, 'distributors'), all<LedgerEntryRecord>(store, 'ledger_entries'), all<WithdrawalRecord>(store, 'withdrawals'),
  ]);
  for (const d of distributors) {
    const mine = entries.filter((e) => e.distributor === d._id);
    const pending = mine.filter((e) => e.status === 'pending').reduce((s, e) => s + e.amount, 0);
    const available = mine.filter((e) => e.status === 'settled').reduce((s, e) => s + e.amount, 0);
    const withdrawn = withdrawals.filter((w) => w.distributor === d._id && w.status === 'paid').reduce((s, w) => s + w.amount, 0);
    if (d.pending !== pending) out.push(`distributor ${d._id}: pending ${d.pending} != entries ${pending}`);
    if (d.available !== available) out.push(`distributor ${d._id}: available ${d.available} != entries ${available}`);
    if (d.withdrawn !== withdrawn) out.push(`distributor ${d._id}: withdrawn ${d.withdrawn} != paid withdrawals ${withdrawn}`);
  }
  for (const w of withdrawals) {
    const own = entries.filter((e) => e._id === `w:${w._id}` || e._id === `wr:${w._id}`);
    const want = w.status === 'rejected' ? 2 : 1;
    if (own.length !== want) out.push(`withdrawal ${w._id} (${w.status}): ${own.length} ledger entries, want ${want}`);
  }
  return out;
}
