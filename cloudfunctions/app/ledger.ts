/**
 * The commission ledger: attribution at order creation, commission written with the payment, reversals written
 * with refunds, settlement, withdrawals and the audit.
 *
 * Durable progress: every ledger entry is written in the same transaction as the fact it records (the payment, the
 * refund, the settlement, the withdrawal and its review) together with the distributor's balance counters, under
 * an _id fixed by the fact - so a repeated callback, a retried request or a job fired twice can never write one
 * twice, and a fault anywhere rolls the fact and its entries back together. Balances therefore always equal the sums
 * of the entries (auditLedger proves it).
 */
import { explainCommission, LineRate, rateFor, DistributionRules } from '../domain/distribution';
import { DAY_MS, shanghaiStamp } from '../domain/time';
import type { Deps } from '../ports/context';
import type { Tx } from '../ports/store';
import { cond } from '../ports/store';
import { abort, atomically } from './atomic';
import type {
  AfterSaleRecord, BindingRecord, CommissionOrderRecord, DistributionLevel, DistributorRecord, LedgerEntryRecord, OrderAttribution,
  OrderLineRecord, OrderRecord, SkuRecord, WithdrawalRecord,
} from './records';
import { Result, fail, ok } from './result';
import { getSettings } from './settings';
import { checkWithdrawal } from '../domain/distribution';

// ---------- attribution (order.create) ----------

export interface AttributionPrep {
  tier1: string;
  tier2: string | null;
  via: string | null;
  level1: DistributionLevel | null;
  level2: DistributionLevel | null;
  rules: DistributionRules;
}

/** What attribution needs of a distributor: nothing of its balances (which change with every payment). */
interface DistributorInfo {
  _id: string;
  status: DistributorRecord['status'];
  inviter: string | null;
  level: string | null;
}

/**
 * Distributors and bindings as attribution sees them, kept per function instance for INFO_CACHE_MS (absent ones
 * too), so checkout with distribution on reads nothing more than without it in the steady state (a shopper buying
 * again and again, as in a flash sale). A shopper's first checkout on an instance reads their binding fresh. What the
 * cache costs: a distributor frozen, approved or given a level, or a shopper rebound, reaches an instance that already
 * holds them within INFO_CACHE_MS - an order created in those seconds is attributed as before (like the settings cache).
 */
export const INFO_CACHE_MS = 10_000;
const infoCache = new WeakMap<object, Map<string, { at: number; value: unknown }>>();

async function cached<T>(deps: Deps, key: string, read: () => Promise<T>): Promise<T> {
  const now = deps.clock.now();
  let cache = infoCache.get(deps.store);
  if (!cache) infoCache.set(deps.store, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && now - hit.at >= 0 && now - hit.at < INFO_CACHE_MS) return hit.value as T;
  const value = await read();
  if (cache.size > 20_000) cache.clear();
  cache.set(key, { at: now, value });
  return value;
}

function distributorInfo(deps: Deps, openid: string): Promise<DistributorInfo | null> {
  return cached(deps, `d:${openid}`, async () => {
    const d = await deps.store.get<DistributorRecord>('distributors', openid);
    return d ? { _id: d._id, status: d.status, inviter: d.inviter, level: d.level } : null;
  });
}

function bindingOf(deps: Deps, openid: string): Promise<Pick<BindingRecord, 'distributor' | 'via'> | null> {
  return cached(deps, `b:${openid}`, async () => {
    const b = await deps.store.get<BindingRecord>('bindings', openid);
    return b ? { distributor: b.distributor, via: b.via } : null;
  });
}

/** Forgets cached distributors and bindings (a reseed; a change this instance made). */
export function forgetDistributors(store: object): void {
  infoCache.delete(store);
}

const approved = (d: DistributorInfo | null): d is DistributorInfo => !!d && d.status === 'approved';

/**
 * Who would earn the caller's order (read before the order's transaction): the distributor the shopper is bound to
 * and that one's inviter - or, for a distributor buying themselves, nobody (or themselves and their inviter with
 * selfPurchase). Null when distribution is off or nobody earns.
 */
export async function prepareAttribution(deps: Deps, openid: string): Promise<AttributionPrep | null> {
  const settings = await getSettings(deps);
  const rules = settings.distribution;
  if (!rules.enabled) return null;
  const [binding, self] = await Promise.all([bindingOf(deps, openid), distributorInfo(deps, openid)]);
  let t1: DistributorInfo | null = null;
  if (approved(self)) {
    if (!rules.selfPurchase) return null;
    t1 = self;
  } else if (binding) {
    const d = await distributorInfo(deps, binding.distributor);
    t1 = approved(d) ? d : null;
  }
  if (!t1) return null;
  const parent = t1.inviter && t1.inviter !== openid ? await distributorInfo(deps, t1.inviter) : null;
  const t2 = approved(parent) ? parent : null;
  const level = (d: DistributorInfo | null) => (d?.level ? settings.distributionLevels.find((l) => l.id === d.level) ?? null : null);
  return { tier1: t1._id, tier2: t2?._id ?? null, via: t1 === self ? null : binding?.via ?? null, level1: level(t1), level2: level(t2), rules };
}

/** The snapshot an order keeps: who earns and at which rate, per line (from the SKUs the order locked). */
export function attributionFor(prep: AttributionPrep | null, lines: OrderLineRecord[], skus: Map<string, SkuRecord>): OrderAttribution | null {
  if (!prep) return null;
  const rate = (tier: 1 | 2, sku: SkuRecord | undefined): LineRate =>
    rateFor(tier, { sku: sku?.commission ?? null, product: sku?.productCommission ?? null, level: tier === 1 ? prep.level1 : prep.level2, rules: prep.rules });
  return {
    tier1: prep.tier1,
    tier2: prep.tier2,
    via: prep.via,
    rates: lines.map((l) => ({ skuId: l.skuId, tier1: rate(1, skus.get(l.skuId)), tier2: prep.tier2 ? rate(2, skus.get(l.skuId)) : null })),
  };
}

// ---------- commission with the payment ----------

function beneficiaries(a: OrderAttribution): Array<[1 | 2, string]> {
  const out: Array<[1 | 2, string]> = [[1, a.tier1!]];
  if (a.tier2) out.push([2, a.tier2]);
  return a.tier1 ? out : [];
}

function explainData(tier: 1 | 2, rate: LineRate, line: OrderLineRecord, refundedQty: number) {
  const e = explainCommission(tier, rate, { payable: line.payable, qty: line.qty }, refundedQty);
  return { base: e.base, qty: e.qty, mode: rate.mode, rate: rate.value, source: rate.source, tier, text: e.text, amount: e.amount };
}

async function incBalances(tx: Tx, sums: Map<string, Record<string, number>>): Promise<void> {
  for (const id of [...sums.keys()].sort()) {
    const inc = Object.fromEntries(Object.entries(sums.get(id)!).filter(([, v]) => v !== 0));
    if (Object.keys(inc).length) await tx.updateOne('distributors', { _id: id }, { inc });
  }
}

const add = (sums: Map<string, Record<string, number>>, id: string, field: string, n: number): void => {
  const s = sums.get(id) ?? {};
  s[field] = (s[field] ?? 0) + n;
  sums.set(id, s);
};

/**
 * Inside the payment's transaction: one `commission` entry per line and beneficiary (pending), the beneficiaries'
 * `pending` and the tier-1 distributor's order count and GMV, the link's funnel, and the settlement anchor.
 */
export async function writeCommissions(tx: Tx, o: OrderRecord, now: number): Promise<void> {
  const a = o.attribution;
  if (!a || !a.tier1) return;
  const sums = new Map<string, Record<string, number>>();
  const ids: string[] = [];
  for (const line of o.lines) {
    const rates = a.rates.find((r) => r.skuId === line.skuId);
    for (const [tier, who] of beneficiaries(a)) {
      const rate = tier === 1 ? rates?.tier1 : rates?.tier2;
      if (!rate) continue;
      const ex = explainData(tier, rate, line, line.refundedQty ?? 0);
      if (ex.amount <= 0) continue;
      const entry: LedgerEntryRecord = {
        _id: `c:${o._id}:${line.skuId}:${tier}`, distributor: who, kind: 'commission', tier, orderId: o._id, orderNo: o.orderNo, skuId: line.skuId,
        amount: ex.amount, status: 'pending', explain: { text: ex.text, after: ex }, createdAt: now, settledAt: null,
      };
      await tx.insert('ledger_entries', entry);
      ids.push(entry._id);
      add(sums, who, 'pending', ex.amount);
    }
  }
  add(sums, a.tier1, 'orders', 1);
  add(sums, a.tier1, 'gmv', o.payable);
  await incBalances(tx, sums);
  if (a.via) await tx.updateOne('share_links', { _id: a.via }, { inc: { orders: 1, gmv: o.payable } });
  const anchor: CommissionOrderRecord = {
    _id: o._id, status: 'pending', distributors: [...new Set(beneficiaries(a).map(([, w]) => w))], entries: ids, dueAt: null, createdAt: now, settledAt: null,
  };
  await tx.insert('commission_orders', anchor);
}

/**
 * Inside the refund's transaction: per refunded line and beneficiary, a `reversal` bringing the line's commission down
 * to what its remaining paid amount earns - pending while the order's commission is, settled at once after settlement
 * (then `available` drops, and may go below zero). When nothing of the order is left, its settlement is due now.
 */
export async function reverseCommissions(tx: Tx, before: OrderRecord, after: OrderLineRecord[], a: AfterSaleRecord, complete: boolean, now: number): Promise<void> {
  const at = before.attribution;
  if (!at || !at.tier1) return;
  const co = await tx.get<CommissionOrderRecord>('commission_orders', before._id);
  if (!co) return; // paid before distribution recorded anything for it
  const status = co.status;
  const field = status === 'settled' ? 'available' : 'pending';
  const sums = new Map<string, Record<string, number>>();
  const ids: string[] = [];
  for (const l of a.lines) {
    const old = before.lines.find((x) => x.skuId === l.skuId);
    const now2 = after.find((x) => x.skuId === l.skuId);
    const rates = at.rates.find((r) => r.skuId === l.skuId);
    if (!old || !now2 || !rates) continue;
    for (const [tier, who] of beneficiaries(at)) {
      const rate = tier === 1 ? rates.tier1 : rates.tier2;
      if (!rate) continue;
      const was = explainData(tier, rate, old, old.refundedQty ?? 0);
      const is = explainData(tier, rate, now2, now2.refundedQty ?? 0);
      const diff = is.amount - was.amount;
      if (diff === 0) continue;
      const entry: LedgerEntryRecord = {
        _id: `r:${a._id}:${l.skuId}:${tier}`, distributor: who, kind: 'reversal', tier, orderId: before._id, orderNo: before.orderNo, skuId: l.skuId,
        amount: diff, status, explain: { text: `退款 ${l.qty} 件：佣金由 ¥${(was.amount / 100).toFixed(2)} 调整为 ¥${(is.amount / 100).toFixed(2)}`, before: was, after: is },
        createdAt: now, settledAt: status === 'settled' ? now : null,
      };
      await tx.insert('ledger_entries', entry);
      ids.push(entry._id);
      add(sums, who, field, diff);
    }
  }
  await incBalances(tx, sums);
  if (ids.length || (complete && status === 'pending')) {
    await tx.updateOne('commission_orders', { _id: co._id, status }, {
      set: { entries: [...co.entries, ...ids], ...(complete && status === 'pending' ? { dueAt: now } : {}) },
    });
  }
}

/** Inside the completion's transaction: the order's commission is due settleDays from now. */
export async function scheduleSettlement(tx: Tx, o: OrderRecord, now: number, settleDays: number): Promise<void> {
  if (!o.attribution?.tier1) return;
  await tx.updateOne('commission_orders', { _id: o._id, status: 'pending' }, { set: { dueAt: now + settleDays * DAY_MS } });
}

// ---------- settlement ----------

const WAIT_RECHECK_MS = 60 * 60_000;

/**
 * Jobs trigger `settleCommissions`: every order whose commission is due (completed settleDays ago, or fully refunded)
 * with no after-sale open has its pending entries settled - the anchor, the entries and the balances in one
 * transaction, exactly once however often the trigger fires at once.
 */
export async function settleCommissions(deps: Deps, maxPerRun = 200): Promise<{ settled: number; waiting: number; failed: number }> {
  const now = deps.clock.now();
  const out = { settled: 0, waiting: 0, failed: 0 };
  const { items } = await deps.store.find<CommissionOrderRecord>('commission_orders', { status: 'pending', dueAt: cond.lte(now) }, { orderBy: [['dueAt', 'asc']], limit: maxPerRun });
  for (const c of items) {
    try {
      const r = await atomically<boolean>(deps.store, async (tx) => {
        const co = await tx.get<CommissionOrderRecord>('commission_orders', c._id);
        if (!co || co.status !== 'pending' || co.dueAt === null || co.dueAt > now) return abort(ok(false));
        const o = await tx.get<OrderRecord>('orders', co._id);
        if (o?.openAfterSaleId) return abort(ok(false)); // waits for the after-sale
        const sums = new Map<string, Record<string, number>>();
        for (const id of co.entries) {
          const e = await tx.updateOne<LedgerEntryRecord>('ledger_entries', { _id: id, status: 'pending' }, { set: { status: 'settled', settledAt: now } });
          if (!e) continue;
          add(sums, e.distributor, 'pending', -e.amount);
          add(sums, e.distributor, 'available', e.amount);
        }
        await incBalances(tx, sums);
        await tx.updateOne('commission_orders', { _id: co._id, status: 'pending' }, { set: { status: 'settled', settledAt: now } });
        return ok(true);
      });
      if (r.ok && r.data) out.settled++;
      else {
        out.waiting++;
        // Waiting for an after-sale: look again in an hour, so orders waiting never crowd out those that are due.
        await deps.store.updateOne('commission_orders', { _id: c._id, status: 'pending', dueAt: cond.lte(now) }, { set: { dueAt: now + WAIT_RECHECK_MS } });
      }
    } catch (err) {
      out.failed++;
      deps.log.error('settling commission failed', { orderId: c._id, err: String(err) });
    }
  }
  return out;
}

// ---------- withdrawals ----------

const shanghaiDay = (now: number): string => shanghaiStamp(now).slice(0, 8);

export async function withdraw(deps: Deps, openid: string, amount: number): Promise<Result<WithdrawalRecord>> {
  const { distribution: rules } = await getSettings(deps);
  const now = deps.clock.now();
  const id = `W${deps.ids.newId(now)}`;
  return atomically<WithdrawalRecord>(deps.store, async (tx) => {
    const d = await tx.get<DistributorRecord>('distributors', openid);
    if (!d || d.status !== 'approved') return abort(fail('FORBIDDEN', '仅分销员可提现'));
    const day = shanghaiDay(now);
    const todayCount = d.withdrawDay === day ? d.withdrawCount : 0;
    const refusal = checkWithdrawal({ amount, available: d.available, todayCount, rules });
    if (refusal) return abort(fail(refusal.code, refusal.message));
    const taken = await tx.updateOne<DistributorRecord>('distributors', { _id: openid, available: cond.gte(amount) }, {
      inc: { available: -amount }, set: { withdrawDay: day, withdrawCount: todayCount + 1, updatedAt: now },
    });
    if (!taken) return abort(fail('INSUFFICIENT_BALANCE', '可提现余额不足'));
    const w: WithdrawalRecord = {
      _id: id, distributor: openid, amount, status: 'pending', method: null, note: null, createdAt: now, reviewedAt: null, paidAt: null, transfer: null,
    };
    await tx.insert('withdrawals', w);
    const entry: LedgerEntryRecord = {
      _id: `w:${id}`, distributor: openid, kind: 'withdrawal', tier: null, orderId: null, orderNo: null, skuId: null, amount: -amount,
      status: 'settled', explain: { text: `提现申请 ¥${(amount / 100).toFixed(2)}` }, createdAt: now, settledAt: now,
    };
    await tx.insert('ledger_entries', entry);
    return ok(w);
  });
}

/**
 * The merchant's answer to a withdrawal. Reject: the money goes back (`withdrawal_return`). Approve with the manual
 * payout (the merchant transferred it outside and marks it paid): `withdrawn` grows. Both in one transaction, guarded
 * on `pending`, so two answers at once have one winner. Approve with `wechat_transfer`: see startTransfer.
 */
export async function decideWithdrawal(deps: Deps, id: string, approve: boolean, note: string | null): Promise<Result<WithdrawalRecord>> {
  const { distribution } = await getSettings(deps);
  if (approve && distribution.payout === 'wechat_transfer') return startTransfer(deps, id, note);
  return atomically<WithdrawalRecord>(deps.store, async (tx) => {
    const now = deps.clock.now();
    const w = await tx.get<WithdrawalRecord>('withdrawals', id);
    if (!w) return abort(fail('NOT_FOUND', '提现申请不存在'));
    if (w.status === (approve ? 'paid' : 'rejected')) return abort(ok(w)); // a retry after success
    if (w.status !== 'pending') return abort(fail('CONFLICT', '该提现申请已处理'));
    const after = await tx.updateOne<WithdrawalRecord>('withdrawals', { _id: id, status: 'pending' }, {
      set: approve ? { status: 'paid', method: 'manual', note, reviewedAt: now, paidAt: now } : { status: 'rejected', note, reviewedAt: now },
    });
    if (!after) return abort(fail('CONFLICT', '该提现申请已处理'));
    if (approve) {
      await tx.updateOne('distributors', { _id: w.distributor }, { inc: { withdrawn: w.amount } });
    } else {
      const entry: LedgerEntryRecord = {
        _id: `wr:${id}`, distributor: w.distributor, kind: 'withdrawal_return', tier: null, orderId: null, orderNo: null, skuId: null, amount: w.amount,
        status: 'settled', explain: { text: `提现被拒，¥${(w.amount / 100).toFixed(2)} 退回可提现余额${note ? `（${note}）` : ''}` }, createdAt: now, settledAt: now,
      };
      await tx.insert('ledger_entries', entry);
      await tx.updateOne('distributors', { _id: w.distributor }, { inc: { available: w.amount } });
    }
    return ok(after);
  });
}

// ---------- WeChat Pay's merchant transfer ----------

/** How long a transfer may wait (for an answer we lost) before syncTransfers asks WeChat Pay about it. */
export const TRANSFER_GRACE_MS = 2 * 60_000;
const TRANSFER_REMARK = '分销佣金提现';

/**
 * Approval paid out by WeChat Pay: `pending -> transferring` first (the anchor: from here WeChat Pay may hold a
 * transfer for it), then the transfer with out_bill_no = the withdrawal id - the same on every attempt, so WeChat Pay
 * transfers once - then what WeChat Pay answered is recorded (the package the distributor confirms with).
 */
async function startTransfer(deps: Deps, id: string, note: string | null): Promise<Result<WithdrawalRecord>> {
  const w = await deps.store.get<WithdrawalRecord>('withdrawals', id);
  if (!w) return fail('NOT_FOUND', '提现申请不存在');
  if (w.status === 'paid' || w.status === 'transferring') return ok(w.status === 'transferring' ? await driveTransfer(deps, w) : w);
  if (w.status !== 'pending') return fail('CONFLICT', '该提现申请已处理');
  const now = deps.clock.now();
  const anchored = await deps.store.updateOne<WithdrawalRecord>('withdrawals', { _id: id, status: 'pending' }, {
    set: { status: 'transferring', method: 'wechat_transfer', note, reviewedAt: now, transfer: { billNo: null, packageInfo: null, state: 'requested' } },
  });
  if (!anchored) return fail('CONFLICT', '该提现申请已处理');
  return ok(await driveTransfer(deps, anchored));
}

/** Asks WeChat Pay for the transfer (idempotent by out_bill_no) and records its answer. */
export async function driveTransfer(deps: Deps, w: WithdrawalRecord): Promise<WithdrawalRecord> {
  const r = await deps.payout.transfer({ billNo: w._id, openid: w.distributor, amount: w.amount, remark: TRANSFER_REMARK });
  if (!r.ok) {
    deps.log.error('transfer request failed', { withdrawalId: w._id, message: r.message });
    return w; // stays transferring: syncTransfers queries and asks again
  }
  return applyTransferState(deps, w, r.transfer);
}

/** Moves a `transferring` withdrawal by what WeChat Pay says about its transfer. */
export async function applyTransferState(deps: Deps, w: WithdrawalRecord, t: import('../ports/payout').TransferState): Promise<WithdrawalRecord> {
  const now = deps.clock.now();
  if (t.state === 'wait_user_confirm') {
    return (await deps.store.updateOne<WithdrawalRecord>('withdrawals', { _id: w._id, status: 'transferring' }, {
      set: { transfer: { billNo: t.transferBillNo, packageInfo: t.packageInfo, state: 'wait_user_confirm' } },
    })) ?? w;
  }
  if (t.state === 'none') return driveTransfer(deps, w);
  if (t.state === 'processing') return w;
  const r = await atomically<WithdrawalRecord>(deps.store, async (tx) => {
    const cur = await tx.get<WithdrawalRecord>('withdrawals', w._id);
    if (!cur || cur.status !== 'transferring') return abort(ok(cur ?? w));
    if (t.state === 'success') {
      const done = await tx.updateOne<WithdrawalRecord>('withdrawals', { _id: w._id, status: 'transferring' }, {
        set: { status: 'paid', paidAt: now, transfer: { billNo: t.transferBillNo, packageInfo: null, state: 'success' } },
      });
      await tx.updateOne('distributors', { _id: w.distributor }, { inc: { withdrawn: w.amount } });
      return ok(done!);
    }
    const back = await tx.updateOne<WithdrawalRecord>('withdrawals', { _id: w._id, status: 'transferring' }, {
      set: { status: 'rejected', note: `转账未完成：${t.message}`, transfer: { billNo: cur.transfer?.billNo ?? null, packageInfo: null, state: 'failed' } },
    });
    const entry: LedgerEntryRecord = {
      _id: `wr:${w._id}`, distributor: w.distributor, kind: 'withdrawal_return', tier: null, orderId: null, orderNo: null, skuId: null, amount: w.amount,
      status: 'settled', explain: { text: `微信转账未完成（${t.message}），¥${(w.amount / 100).toFixed(2)} 退回可提现余额` }, createdAt: now, settledAt: now,
    };
    await tx.insert('ledger_entries', entry);
    await tx.updateOne('distributors', { _id: w.distributor }, { inc: { available: w.amount } });
    return ok(back!);
  });
  if (!r.ok) throw new Error(`transfer state not recorded: ${r.error.code}`);
  return r.data;
}

/** The distributor confirmed (or not) in WeChat: read the transfer's state now. */
export async function syncTransfer(deps: Deps, w: WithdrawalRecord): Promise<WithdrawalRecord> {
  if (w.status !== 'transferring') return w;
  const q = await deps.payout.queryTransfer(w._id);
  if (!q.ok) {
    deps.log.error('transfer query failed', { withdrawalId: w._id, message: q.message });
    return w;
  }
  return applyTransferState(deps, w, q.transfer);
}

/** Jobs trigger `syncTransfers`: transfers waiting past the grace are queried (a lost answer, a confirm nobody reported). */
export async function syncTransfers(deps: Deps, maxPerRun = 200): Promise<{ checked: number; paid: number; returned: number }> {
  const now = deps.clock.now();
  const out = { checked: 0, paid: 0, returned: 0 };
  const { items } = await deps.store.find<WithdrawalRecord>('withdrawals', { status: 'transferring', reviewedAt: cond.lte(now - TRANSFER_GRACE_MS) }, { orderBy: [['createdAt', 'asc']], limit: maxPerRun });
  for (const w of items) {
    out.checked++;
    try {
      const after = await syncTransfer(deps, w);
      if (after.status === 'paid') out.paid++;
      if (after.status === 'rejected') out.returned++;
    } catch (err) {
      deps.log.error('syncing a transfer failed', { withdrawalId: w._id, err: String(err) });
    }
  }
  return out;
}

// ---------- the audit ----------

export interface LedgerDrift {
  distributor: string;
  field: 'pending' | 'available' | 'withdrawn';
  counter: number;
  entries: number;
}

/** One distributor's counters against the sums of its entries (and paid withdrawals). */
export async function auditDistributor(deps: Deps, d: DistributorRecord): Promise<LedgerDrift[]> {
  const sums = { pending: 0, available: 0, withdrawn: 0 };
  for (let cursor: string | null = null; ;) {
    const page: { items: LedgerEntryRecord[]; nextCursor: string | null } = await deps.store.find<LedgerEntryRecord>(
      'ledger_entries', { distributor: d._id }, { orderBy: [['createdAt', 'desc']], limit: 1000, cursor, omit: ['explain'] },
    );
    for (const e of page.items) sums[e.status === 'pending' ? 'pending' : 'available'] += e.amount;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  for (let cursor: string | null = null; ;) {
    const page: { items: WithdrawalRecord[]; nextCursor: string | null } = await deps.store.find<WithdrawalRecord>(
      'withdrawals', { distributor: d._id }, { orderBy: [['createdAt', 'desc']], limit: 1000, cursor },
    );
    for (const w of page.items) if (w.status === 'paid') sums.withdrawn += w.amount;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return (['pending', 'available', 'withdrawn'] as const)
    .filter((f) => (d[f] ?? 0) !== sums[f])
    .map((field) => ({ distributor: d._id, field, counter: d[field] ?? 0, entries: sums[field] }));
}

/** Jobs trigger `auditLedger`: every distributor's balances against its entries; any drift is logged as an error. */
export async function auditLedger(deps: Deps, maxPerRun = 2000): Promise<{ checked: number; drift: LedgerDrift[] }> {
  const drift: LedgerDrift[] = [];
  let checked = 0;
  for (let cursor: string | null = null; checked < maxPerRun;) {
    const page: { items: DistributorRecord[]; nextCursor: string | null } = await deps.store.find<DistributorRecord>(
      'distributors', {}, { orderBy: [['appliedAt', 'desc']], limit: 100, cursor },
    );
    for (const d of page.items) {
      checked++;
      drift.push(...(await auditDistributor(deps, d)));
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  if (drift.length) deps.log.error('ledger drift', { drift: drift.slice(0, 20) });
  return { checked, drift };
}
