/**
 * Checkout and orders: quote, create (idempotent per shopper + requestId), list, detail, cancel, confirm receipt,
 * and the closing of unpaid orders.
 *
 * create never oversells and never double-uses a coupon: stock is reserved with one guarded update per SKU
 * (`stock >= qty`, `inc -qty`), the coupon is locked with one guarded update (`status == unused`), and the order is
 * inserted under a unique (openid, requestId) index - all in one transaction, so nothing is ever taken without its
 * order, whatever fails or dies. Closing an unpaid order (cancel, timeout) is anchored on `closingAt`, closes WeChat
 * Pay's order, then cancels and gives back in one transaction; `reconcile` finishes a close left half way.
 */
import type {
  Address, CreateOrderPayload, LiveRef, MerchantOrderSummary, OrderDetail, OrderItemInput, OrderLine, OrderStatus, OrderSummary, Page, Quote, QuoteCoupon,
  QuoteLive, QuotePayload,
} from '../../typings/api';
import { ORDER_NO, canTransition, formatOrderNo, payDeadline, specText } from '../domain/order';
import { DAY_MS } from '../domain/time';
import { CouponChoice, PriceCouponInput, PriceResult, PricedLine, priceOrder } from '../domain/pricing';
import type { Deps } from '../ports/context';
import { DuplicateKeyError, Filter, Json, cond } from '../ports/store';
import { abort, atomically } from './atomic';
import { applyPayment } from './payments';
import { PROBE_OPENID, requestIdIndexPresent } from './self-check';
import { removeLines } from './cart';
import { couponStatus, toCoupon } from './coupon-view';
import type { AddressRecord, AfterSaleRecord, CouponRecord, OrderEventRecord, OrderLineRecord, OrderRecord, SkuRecord, UserRecord } from './records';
import { isMerchant, reconcileRefunds, refundWindow } from './after-sales';
import { attributionFor, prepareAttribution, scheduleSettlement } from './ledger';
import { LiveOffer, liveOffer, orderLive } from './live';
import { livePriceOf } from '../domain/live';
import { Result, fail, ok } from './result';
import { ShopSettings, getSettings } from './settings';

// ---------- loading a checkout ----------

interface CheckoutContext {
  coupons: CouponRecord[];
  address: AddressRecord | null;
  shipping: ShopSettings['shipping'];
  unpaidCloseMinutes: number;
}

interface Checkout {
  lines: OrderLineRecord[];
  price: Extract<PriceResult, { ok: true }>;
}

function toAddress(a: AddressRecord): Address {
  return { id: a._id, name: a.name, phone: a.phone, province: a.province, city: a.city, district: a.district, detail: a.detail, isDefault: a.isDefault };
}

async function loadAddress(deps: Deps, openid: string, addressId: string | undefined): Promise<Result<AddressRecord | null>> {
  if (addressId) {
    const a = await deps.store.get<AddressRecord>('addresses', addressId);
    if (!a || a.openid !== openid) return fail('NOT_FOUND', '收货地址不存在');
    return ok(a);
  }
  // Should two say default (two devices at once), the most recently updated one is it, as in the address list.
  const { items } = await deps.store.find<AddressRecord>('addresses', { openid, isDefault: true }, { orderBy: [['updatedAt', 'desc'], ['createdAt', 'desc'], ['_id', 'desc']], limit: 1 });
  return ok(items[0] ?? null);
}

/** Address, coupons (skipped when the order takes none and no list is wanted) and settings. */
async function loadContext(
  deps: Deps, openid: string, couponId: string | null | undefined, addressId: string | undefined, now: number, listCoupons: boolean,
): Promise<Result<CheckoutContext>> {
  const [settings, addressRes, couponPage] = await Promise.all([
    getSettings(deps),
    loadAddress(deps, openid, addressId),
    couponId === null && !listCoupons
      ? Promise.resolve({ items: [] as CouponRecord[], nextCursor: null })
      : deps.store.find<CouponRecord>('coupons', { openid, status: 'unused', validTo: cond.gte(now) }, { limit: 200 }),
  ]);
  if (!addressRes.ok) return addressRes;
  if (typeof couponId === 'string' && !couponPage.items.some((c) => c._id === couponId)) return fail('COUPON_UNAVAILABLE', '优惠券不可用');
  return ok({ coupons: couponPage.items, address: addressRes.data, shipping: settings.shipping, unpaidCloseMinutes: settings.unpaidCloseMinutes });
}

function checkItems(items: OrderItemInput[]): Result<true> {
  const ids = items.map((i) => i.skuId);
  return new Set(ids).size === ids.length ? ok(true) : fail('INVALID_INPUT', 'items: each SKU at most once');
}

/**
 * Lines and prices from SKU documents (which carry their product's title, image, on-sale flag and category path).
 * `reserved`: the stock was already taken by guarded updates, so it is not checked again.
 */
function priceCheckout(
  skus: Map<string, SkuRecord>, items: OrderItemInput[], ctx: CheckoutContext, couponId: string | null | undefined, now: number, reserved: boolean,
  livePrices: ReadonlyMap<string, number> = NO_LIVE_PRICES,
): Result<Checkout> {
  const missing = items.filter((i) => !skus.has(i.skuId)).map((i) => i.skuId);
  // The shopper cannot act on an id: say what happened and what to do (the ids go to the log of whoever needs them).
  if (missing.length) return fail('NOT_FOUND', `有 ${missing.length} 件商品已不存在，请返回重新选择`);
  const lines: OrderLineRecord[] = [];
  for (const item of items) {
    const sku = skus.get(item.skuId)!;
    if (!sku.onSale) return fail('NOT_FOUND', `商品已下架: ${sku.title}`);
    if (!reserved && sku.stock < item.qty) return fail('OUT_OF_STOCK', `${sku.title} 库存不足（剩 ${Math.max(0, sku.stock)} 件）`);
    const unitPrice = livePriceOf(sku.price, livePrices.get(sku.productId) ?? null);
    lines.push({
      skuId: sku._id, productId: sku.productId, categoryPath: sku.categoryPath, title: sku.title, image: sku.image, specs: sku.specs,
      specText: specText(sku.specs, sku.specNames), unitPrice, qty: item.qty, amount: 0, discount: 0, payable: 0, refundedQty: 0,
      ...(unitPrice < sku.price ? { listPrice: sku.price } : {}),
    });
  }
  const choice: CouponChoice = couponId === null ? { mode: 'none' } : typeof couponId === 'string' ? { mode: 'id', id: couponId } : { mode: 'best' };
  const couponInputs: PriceCouponInput[] = ctx.coupons.map((c) => ({
    id: c._id, kind: c.kind, threshold: c.threshold, amountOff: c.amountOff, discountBps: c.discountBps, maxOff: c.maxOff,
    scope: c.scope, validFrom: c.validFrom, validTo: c.validTo, usable: couponStatus(c, now) === 'usable',
  }));
  const price = priceOrder({
    lines: lines.map((l) => ({ skuId: l.skuId, productId: l.productId, categoryPath: l.categoryPath, unitPrice: l.unitPrice, qty: l.qty })),
    coupons: couponInputs,
    choice,
    shipping: ctx.shipping,
    now,
  });
  if (!price.ok) return fail('COUPON_UNAVAILABLE', '优惠券不适用于本单');
  price.lines.forEach((pl: PricedLine, i: number) => {
    lines[i] = { ...lines[i], amount: pl.amount, discount: pl.discount, payable: pl.payable };
  });
  return ok({ lines, price });
}

function toLine(l: OrderLineRecord): OrderLine {
  return {
    skuId: l.skuId, productId: l.productId, title: l.title, image: l.image, specs: l.specs, specText: l.specText,
    unitPrice: l.unitPrice, qty: l.qty, amount: l.amount, discount: l.discount, payable: l.payable, refundedQty: l.refundedQty ?? 0,
    ...(l.listPrice !== undefined ? { listPrice: l.listPrice } : {}),
  };
}

const NO_LIVE_PRICES: ReadonlyMap<string, number> = new Map();

/** The room a checkout comes from, looked at only when the payload names one. */
function offerFor(deps: Deps, live: LiveRef | undefined): Promise<LiveOffer | null> {
  return live ? liveOffer(deps, live.roomId) : Promise.resolve(null);
}

function quoteLive(offer: LiveOffer | null, lines: OrderLineRecord[]): QuoteLive | null {
  if (!offer) return null;
  const priced = lines.filter((l) => l.listPrice !== undefined);
  return {
    roomId: offer.room?._id ?? '',
    skuIds: priced.map((l) => l.skuId),
    reason: offer.reason ?? (priced.length ? null : 'NO_LIVE_GOODS'),
    saved: priced.reduce((n, l) => n + (l.listPrice! - l.unitPrice) * l.qty, 0),
  };
}

export async function quote(deps: Deps, openid: string, p: QuotePayload): Promise<Result<Quote>> {
  const now = deps.clock.now();
  const itemsOk = checkItems(p.items);
  if (!itemsOk.ok) return itemsOk;
  const [skuPage, ctx, offer] = await Promise.all([
    deps.store.find<SkuRecord>('skus', { _id: cond.in(p.items.map((i) => i.skuId)) }, { limit: p.items.length }),
    loadContext(deps, openid, p.couponId, p.addressId, now, true),
    offerFor(deps, p.live),
  ]);
  if (!ctx.ok) return ctx;
  const c = priceCheckout(new Map(skuPage.items.map((s) => [s._id, s])), p.items, ctx.data, p.couponId, now, false, offer?.prices);
  if (!c.ok) return c;
  const byId = new Map(ctx.data.coupons.map((x) => [x._id, x]));
  const coupons: QuoteCoupon[] = c.data.price.coupons.map((e) => ({
    coupon: toCoupon(byId.get(e.id)!, now),
    eligible: e.eligible,
    reason: e.reason,
    shortBy: e.shortBy,
    discount: e.discount,
  }));
  const { price } = c.data;
  return ok({
    lines: c.data.lines.map(toLine),
    subtotal: price.subtotal,
    discount: price.discount,
    shipping: price.shipping,
    payable: price.payable,
    couponId: price.couponId,
    coupons,
    address: ctx.data.address ? toAddress(ctx.data.address) : null,
    live: quoteLive(offer, c.data.lines),
  });
}

// ---------- creating an order ----------

async function existingOrder(deps: Deps, openid: string, requestId: string): Promise<OrderRecord | null> {
  const { items } = await deps.store.find<OrderRecord>('orders', { openid, requestId }, { limit: 1 });
  return items[0] ?? null;
}

type Created = { orderId: string; orderNo: string; payable: number };
const created = (o: OrderRecord): Result<Created> => ok({ orderId: o._id, orderNo: o.orderNo, payable: o.payable });

/** Why a guarded stock reservation took nothing. */
function notReserved(current: SkuRecord | null): Result<never> {
  if (!current) return fail('NOT_FOUND', '有商品已不存在，请返回重新选择');
  if (!current.onSale) return fail('NOT_FOUND', `商品已下架: ${current.title}`);
  return fail('OUT_OF_STOCK', `${current.title} 库存不足（剩 ${Math.max(0, current.stock)} 件）`);
}

/**
 * One transaction: reserve every line's stock (a guarded `stock >= qty` + inc(-qty) per SKU, in SKU id order so
 * two orders never wait on each other), price the order from the SKUs it just locked, check the payable the shopper
 * saw, lock the coupon (guarded `status == unused`) and insert the order under the unique (openid, requestId) index.
 * Every refusal - and every thrown error, a timeout or a dying instance included - rolls all of it back: there is no
 * state in which stock or a coupon is taken without its order. A retry with the same requestId after a commit whose
 * answer was lost finds the order (the unique index) and answers it.
 */
export async function createOrder(deps: Deps, openid: string, p: CreateOrderPayload): Promise<Result<Created>> {
  // Idempotency without a read on the happy path: the unique (openid, requestId) index decides at the insert, and
  // every refusal first checks whether this requestId already made an order (a retry after success must get that
  // order back, not OUT_OF_STOCK).
  const orRetry = async (failure: Result<unknown>): Promise<Result<Created>> => {
    const before = await existingOrder(deps, openid, p.requestId);
    return before ? created(before) : (failure as Result<never>);
  };

  const now = deps.clock.now();
  const itemsOk = checkItems(p.items);
  if (!itemsOk.ok) return itemsOk;
  if (!(await requestIdIndexPresent(deps))) return fail('INTERNAL', '系统维护中，暂时无法下单');
  const [ctx, prep, offer] = await Promise.all([
    loadContext(deps, openid, p.couponId, p.addressId, now, false), prepareAttribution(deps, openid), offerFor(deps, p.live),
  ]);
  if (!ctx.ok) return orRetry(ctx);
  const address = ctx.data.address;
  if (!address) return orRetry(fail('NOT_FOUND', '收货地址不存在'));
  const orderNo = formatOrderNo(now, deps.ids.newId(now).slice(-12));
  const lockOrder = [...p.items].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));

  let r: Result<OrderRecord>;
  try {
    r = await atomically<OrderRecord>(deps.store, async (tx) => {
      const skus = new Map<string, SkuRecord>();
      for (const item of lockOrder) {
        const sku = await tx.updateOne<SkuRecord>('skus', { _id: item.skuId, onSale: true, stock: cond.gte(item.qty) }, { inc: { stock: -item.qty } });
        if (!sku) return abort(notReserved(await tx.get<SkuRecord>('skus', item.skuId)));
        skus.set(sku._id, sku);
      }
      const c = priceCheckout(skus, p.items, ctx.data, p.couponId, now, true, offer?.prices);
      if (!c.ok) return abort(c);
      const { lines, price } = c.data;
      if (p.expectedPayable !== undefined && p.expectedPayable !== price.payable) {
        return abort(fail('PRICE_CHANGED', `应付金额已变为 ¥${(price.payable / 100).toFixed(2)}，请确认后重新提交`));
      }
      const couponId = price.couponId;
      const coupon = couponId ? ctx.data.coupons.find((x) => x._id === couponId)! : null;
      if (couponId && !(await tx.updateOne('coupons', { _id: couponId, openid, status: 'unused' }, { set: { status: 'locked', orderId: orderNo, lockedAt: now } }))) {
        return abort(fail('COUPON_UNAVAILABLE', '优惠券已被使用'));
      }
      const order: OrderRecord = {
        _id: orderNo,
        orderNo,
        openid,
        requestId: p.requestId,
        status: 'pending_payment',
        lines,
        itemCount: lines.reduce((n, l) => n + l.qty, 0),
        subtotal: price.subtotal,
        discount: price.discount,
        shipping: price.shipping,
        payable: price.payable,
        couponId,
        couponName: coupon?.name ?? null,
        address: { name: address.name, phone: address.phone, province: address.province, city: address.city, district: address.district, detail: address.detail },
        remark: p.remark?.trim() ?? '',
        timeline: [{ status: 'pending_payment', at: now, note: null }],
        createdAt: now,
        payDeadline: payDeadline(now, ctx.data.unpaidCloseMinutes),
        paidAt: null,
        transactionId: null,
        prepaidAt: null,
        closingAt: null,
        shipment: null,
        shippedAt: null,
        openAfterSaleId: null,
        refundedAmount: 0,
        cancelledAt: null,
        cancelReason: null,
        completedAt: null,
        updatedAt: now,
        attribution: attributionFor(prep, lines, skus),
        ...(offer?.room ? { live: orderLive(offer) } : {}),
      };
      await tx.insert('orders', order);
      return ok(order);
    });
  } catch (err) {
    // The same requestId won a concurrent insert (or an earlier attempt committed): answer that order.
    if (!(err instanceof DuplicateKeyError)) throw err;
    const winner = await existingOrder(deps, openid, p.requestId);
    return winner ? created(winner) : fail('CONFLICT', '下单冲突，请重试');
  }
  if (!r.ok) {
    if (r.error.code !== 'PRICE_CHANGED') return orRetry(r);
    const before = await existingOrder(deps, openid, p.requestId);
    if (before) return created(before);
    // Nothing was reserved: answer the order as the server now prices it, for the page to show and ask again.
    const q = await quote(deps, openid, { items: p.items, couponId: p.couponId, addressId: p.addressId, live: p.live });
    return q.ok ? { ok: false, error: { ...r.error, quote: q.data } } : q;
  }
  if (p.fromCart) await clearOrderedFromCart(deps, openid, r.data);
  return created(r.data);
}

/**
 * Bought from the cart: the ordered SKUs leave the cart here, on the server, so a shopper whose network drops
 * right after submitting does not find what they just bought still in the cart. The order stands whatever
 * happens here; a failure is logged and the lines simply stay.
 */
async function clearOrderedFromCart(deps: Deps, openid: string, order: OrderRecord): Promise<void> {
  try {
    const r = await removeLines(deps, openid, order.lines.map((l) => l.skuId));
    if (!r.ok) deps.log.info('ordered lines stay in the cart', { orderNo: order.orderNo, code: r.error.code });
  } catch (err) {
    deps.log.error('clearing ordered lines from the cart failed', { orderNo: order.orderNo, err: String(err) });
  }
}

// ---------- reading ----------

function toSummary(o: OrderRecord, open: AfterSaleRecord | null | undefined): OrderSummary {
  return {
    orderId: o._id, orderNo: o.orderNo, status: o.status, createdAt: o.createdAt, lines: o.lines.map(toLine), itemCount: o.itemCount,
    payable: o.payable, payDeadline: o.status === 'pending_payment' ? o.payDeadline : null,
    refundedAmount: o.refundedAmount ?? 0,
    afterSale: open && o.openAfterSaleId === open._id ? { id: open._id, status: open.status, amount: open.amount } : null,
  };
}

/** The after-sales in progress of a page of orders: one read. */
async function openAfterSales(deps: Deps, orders: OrderRecord[]): Promise<Map<string, AfterSaleRecord>> {
  const ids = orders.map((o) => o.openAfterSaleId).filter((id): id is string => !!id);
  if (!ids.length) return new Map();
  const { items } = await deps.store.find<AfterSaleRecord>('after_sales', { _id: cond.in(ids) }, { limit: ids.length });
  return new Map(items.map((a) => [a._id, a]));
}

/** A page of orders as summaries, each with its after-sale in progress. */
async function summaries(deps: Deps, orders: OrderRecord[]): Promise<OrderSummary[]> {
  const open = await openAfterSales(deps, orders);
  return orders.map((o) => toSummary(o, o.openAfterSaleId ? open.get(o.openAfterSaleId) : null));
}

/** The order as its owner (or the merchant) sees it: with the after-sale in progress and whether a refund may be asked. */
export async function toDetail(deps: Deps, o: OrderRecord): Promise<OrderDetail> {
  const [settings, open] = await Promise.all([
    getSettings(deps),
    o.openAfterSaleId ? deps.store.get<AfterSaleRecord>('after_sales', o.openAfterSaleId) : Promise.resolve(null),
  ]);
  const w = refundWindow(o, settings.afterSalesDays, deps.clock.now());
  const left = o.lines.some((l) => (l.refundedQty ?? 0) < l.qty);
  return {
    ...toSummary(o, open),
    live: o.live ?? null,
    subtotal: o.subtotal, discount: o.discount, shipping: o.shipping,
    coupon: o.couponId ? { id: o.couponId, name: o.couponName ?? '' } : null,
    address: o.address, remark: o.remark, timeline: o.timeline, shipment: o.shipment, paidAt: o.paidAt,
    cancelledAt: o.cancelledAt, cancelReason: o.cancelReason, completedAt: o.completedAt,
    refundable: w.open && left && !o.openAfterSaleId,
    refundableUntil: w.open && left && !o.openAfterSaleId ? w.until : null,
  };
}

async function ownOrder(deps: Deps, openid: string, orderId: string): Promise<OrderRecord | null> {
  const o = await deps.store.get<OrderRecord>('orders', orderId);
  return o && o.openid === openid ? o : null;
}

export async function listOrders(deps: Deps, openid: string, p: { status?: OrderStatus; cursor?: string }): Promise<Result<Page<OrderSummary>>> {
  const filter: Filter = { openid };
  if (p.status) filter.status = p.status;
  const page = await deps.store.find<OrderRecord>('orders', filter, { orderBy: [['createdAt', 'desc']], limit: 10, cursor: p.cursor ?? null });
  return ok({ items: await summaries(deps, page.items), nextCursor: page.nextCursor });
}

export async function orderDetail(deps: Deps, openid: string, orderId: string): Promise<Result<OrderDetail>> {
  const o = await ownOrder(deps, openid, orderId);
  return o ? ok(await toDetail(deps, o)) : fail('NOT_FOUND', '订单不存在');
}

// ---------- transitions ----------

/**
 * Every order transition: allowed by the domain's table, persisted with a guarded update on the order's current
 * status (the loser of a race changes nothing), with its timeline entry. `fields` adds what the new status records.
 * Returns the order after, or null when the transition is not allowed or another writer got there first.
 */
export async function transitionOrder(
  deps: Deps, o: OrderRecord, to: OrderStatus, note: string | null, fields: (now: number) => Partial<OrderRecord> = () => ({}), guard: Filter = {},
): Promise<OrderRecord | null> {
  if (!canTransition(o.status, to)) return null;
  const now = deps.clock.now();
  const entry = { status: to, at: now, note };
  const set = { ...fields(now), status: to, updatedAt: now };
  const n = await deps.store.update('orders', { ...guard, _id: o._id, status: o.status }, { set: set as unknown as Record<string, Json>, push: { timeline: entry } });
  return n === 1 ? { ...o, ...set, timeline: [...o.timeline, entry] } : null;
}

/**
 * Closes an unpaid order: `closingAt` first (the anchor: prepay refuses from then on), then WeChat Pay's order is
 * closed (only when a prepay opened one) so no money can arrive after, then one transaction cancels the order and
 * gives back its stock and coupon. If WeChat Pay says the shopper paid after all, the payment is applied instead.
 * Every step is safe to repeat: a retried cancel, the timeout job and reconcile all finish what a dead instance
 * left between two steps. Answers the order as it is afterwards (cancelled, or paid), or a failure.
 */
export async function closeUnpaid(deps: Deps, o: OrderRecord, reason: string): Promise<Result<OrderRecord>> {
  let cur: OrderRecord | null = o;
  if (cur.status === 'pending_payment' && !cur.closingAt) {
    cur = await deps.store.updateOne<OrderRecord>('orders', { _id: o._id, status: 'pending_payment' }, { set: { closingAt: deps.clock.now() } })
      ?? await deps.store.get<OrderRecord>('orders', o._id);
    if (!cur) return fail('NOT_FOUND', '订单不存在');
  }
  if (cur.status !== 'pending_payment') return cur.status === 'cancelled' ? ok(cur) : fail('CONFLICT', '订单已支付，不能取消');
  if (cur.prepaidAt) {
    const closed = await deps.pay.closeOrder(cur.orderNo);
    if (!closed.ok) {
      deps.log.error('closeOrder failed', { orderId: cur._id, message: closed.message });
      return fail('BUSY', '关闭订单失败，请稍后重试');
    }
    if (closed.order.state === 'paid') {
      const { transactionId, totalFee, timeEnd } = closed.order;
      await applyPayment(deps, { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: cur.orderNo, transactionId, totalFee, timeEnd }, 'query');
      const after = await deps.store.get<OrderRecord>('orders', cur._id);
      return after && after.status !== 'pending_payment' && after.status !== 'cancelled' ? fail('CONFLICT', '订单已支付，不能取消') : fail('BUSY', '请稍后重试');
    }
    if (closed.order.state === 'open') return fail('BUSY', '关闭订单失败，请稍后重试');
  }
  return cancelAtomically(deps, cur._id, reason);
}

/** pending_payment -> cancelled, its stock back and its coupon unlocked: one transaction. A cancelled order answers as it is. */
function cancelAtomically(deps: Deps, orderId: string, reason: string): Promise<Result<OrderRecord>> {
  return atomically<OrderRecord>(deps.store, async (tx) => {
    const now = deps.clock.now();
    const o = await tx.get<OrderRecord>('orders', orderId);
    if (!o) return abort(fail('NOT_FOUND', '订单不存在'));
    if (o.status === 'cancelled') return abort(ok(o));
    if (!canTransition(o.status, 'cancelled')) return abort(fail('CONFLICT', '订单已支付，不能取消'));
    const entry = { status: 'cancelled' as const, at: now, note: reason };
    const after = await tx.updateOne<OrderRecord>('orders', { _id: o._id, status: o.status }, {
      set: { status: 'cancelled', cancelledAt: now, cancelReason: reason, updatedAt: now }, push: { timeline: entry },
    });
    if (!after) {
      // Another writer got there between the read and the update: answer what it committed.
      const cur = await tx.get<OrderRecord>('orders', o._id);
      return abort(cur?.status === 'cancelled' ? ok(cur) : fail('CONFLICT', '订单已支付，不能取消'));
    }
    const back = [...o.lines].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
    for (const l of back) await tx.updateOne('skus', { _id: l.skuId }, { inc: { stock: l.qty } });
    if (o.couponId) {
      await tx.updateOne('coupons', { _id: o.couponId, status: 'locked', orderId: o._id }, { set: { status: 'unused', orderId: null, lockedAt: null } });
    }
    return ok(after);
  });
}

export async function cancelOrder(deps: Deps, openid: string, orderId: string): Promise<Result<OrderDetail>> {
  const o = await ownOrder(deps, openid, orderId);
  if (!o) return fail('NOT_FOUND', '订单不存在');
  if (o.status === 'cancelled') return ok(await toDetail(deps, o)); // a retry after success: the order as it now is
  if (o.status !== 'pending_payment') return fail('CONFLICT', '订单当前状态不能取消');
  const r = await closeUnpaid(deps, o, '买家取消');
  return r.ok ? ok(await toDetail(deps, r.data)) : r;
}

/**
 * shipped -> completed with its timeline note and the `order.completed` event (the after-sales window and the
 * commission's freeze count from it): one transaction, so the shopper's confirm and the automatic one complete an
 * order exactly once. Answers the order after, or null when it is not shipped any more (a retry finds it completed).
 */
async function completeOrder(deps: Deps, orderId: string, note: string, onlyWithoutAfterSale: boolean): Promise<Result<OrderRecord | null>> {
  const { distribution } = await getSettings(deps);
  return atomically<OrderRecord | null>(deps.store, async (tx) => {
    const now = deps.clock.now();
    const o = await tx.get<OrderRecord>('orders', orderId);
    if (!o || o.status !== 'shipped') return abort(ok(null));
    // The automatic confirm waits while an after-sale is open (the shopper may be sending the goods back).
    if (onlyWithoutAfterSale && o.openAfterSaleId) return abort(ok(null));
    const entry = { status: 'completed' as const, at: now, note };
    const after = await tx.updateOne<OrderRecord>('orders', { _id: o._id, status: 'shipped' }, {
      set: { status: 'completed', completedAt: now, updatedAt: now }, push: { timeline: entry },
    });
    if (!after) return abort(ok(null));
    const event: OrderEventRecord = { _id: `order.completed:${o._id}`, type: 'order.completed', orderId: o._id, openid: o.openid, at: now, data: { note } };
    await tx.insert('order_events', event);
    await scheduleSettlement(tx, o, now, distribution.settleDays);
    return ok(after);
  });
}

export async function confirmReceipt(deps: Deps, openid: string, orderId: string): Promise<Result<OrderDetail>> {
  const o = await ownOrder(deps, openid, orderId);
  if (!o) return fail('NOT_FOUND', '订单不存在');
  if (o.status === 'completed') return ok(await toDetail(deps, o)); // a retry after success
  if (o.status !== 'shipped') return fail('CONFLICT', '订单尚未发货或已完成');
  const r = await completeOrder(deps, orderId, '买家确认收货', false);
  if (!r.ok) return r;
  if (r.data) return ok(await toDetail(deps, r.data));
  const now = await ownOrder(deps, openid, orderId);
  return now?.status === 'completed' ? ok(await toDetail(deps, now)) : fail('CONFLICT', '订单状态已变化，请刷新');
}

/**
 * Timer job `autoConfirmReceipt`: shipped orders older than settings.autoConfirmDays become completed ("自动确认收货"),
 * exactly once each (the same transaction as the shopper's own confirm). Orders with an after-sale open wait.
 * Bounded per run; the next run continues.
 */
export async function autoConfirmReceipts(deps: Deps, maxPerRun = 500): Promise<{ completed: number; skipped: number; failed: number; scanned: number }> {
  const settings = await getSettings(deps);
  const now = deps.clock.now();
  const out = { completed: 0, skipped: 0, failed: 0, scanned: 0 };
  let cursor: string | null = null;
  do {
    const page: { items: OrderRecord[]; nextCursor: string | null } = await deps.store.find<OrderRecord>(
      'orders', { status: 'shipped', shippedAt: cond.lte(now - settings.autoConfirmDays * DAY_MS) },
      { orderBy: [['createdAt', 'asc']], limit: 100, cursor, omit: ['timeline'] },
    );
    for (const o of page.items) {
      out.scanned++;
      try {
        const r = await completeOrder(deps, o._id, '自动确认收货', true);
        if (r.ok && r.data) out.completed++;
        else out.skipped++;
      } catch (err) {
        out.failed++;
        deps.log.error('auto-confirming an order failed', { orderId: o._id, err: String(err) });
      }
    }
    cursor = page.nextCursor;
  } while (cursor && out.scanned < maxPerRun);
  return out;
}

/** Timer job: closes every pending order past its deadline (WeChat Pay's order first), exactly once each. */
export async function closeExpiredOrders(deps: Deps, maxPerRun = 1000): Promise<{ closed: number; paid: number; failed: number; scanned: number }> {
  const now = deps.clock.now();
  const out = { closed: 0, paid: 0, failed: 0, scanned: 0 };
  let cursor: string | null = null;
  do {
    const page: { items: OrderRecord[]; nextCursor: string | null } = await deps.store.find<OrderRecord>(
      'orders', { status: 'pending_payment', payDeadline: cond.lte(now) }, { orderBy: [['payDeadline', 'asc']], limit: 100, cursor },
    );
    for (const o of page.items) {
      out.scanned++;
      await closeOne(deps, o, '超时未支付，系统自动关闭', out);
    }
    cursor = page.nextCursor;
  } while (cursor && out.scanned < maxPerRun);
  return out;
}

async function closeOne(deps: Deps, o: OrderRecord, reason: string, out: { closed: number; paid: number; failed: number }): Promise<void> {
  try {
    const r = await closeUnpaid(deps, o, reason);
    if (r.ok) out.closed++;
    else if (r.error.code === 'CONFLICT') out.paid++;
    else out.failed++;
  } catch (err) {
    // One order's failure must not stop the sweep; the next run (or reconcile) finishes it.
    out.failed++;
    deps.log.error('closing an unpaid order failed', { orderId: o._id, err: String(err) });
  }
}

/** How long a started close may take before reconcile finishes it (a function times out in at most 60 s). */
export const CLOSE_GRACE_MS = 2 * 60_000;

/**
 * Timer job `reconcile`: finishes what a timeout or a dying instance left between two steps. Order, stock, coupon
 * and payment effects commit together (transactions), so what can be left half way is a close: `closingAt` written,
 * WeChat Pay's order maybe closed, the cancel not committed. Each is finished (or, if WeChat Pay says paid, the
 * payment applied). Bounded per run; safe to run concurrently with itself and with shoppers (every step is guarded).
 */
export async function reconcile(deps: Deps, maxPerRun = 200): Promise<{ closed: number; paid: number; failed: number; scanned: number; refunds: Record<string, number>; paymentsNeedingAttention: number }> {
  const now = deps.clock.now();
  const out = { closed: 0, paid: 0, failed: 0, scanned: 0 };
  const { items } = await deps.store.find<OrderRecord>(
    'orders', { status: 'pending_payment', closingAt: cond.lte(now - CLOSE_GRACE_MS) }, { orderBy: [['closingAt', 'asc']], limit: maxPerRun },
  );
  for (const o of items) {
    out.scanned++;
    await closeOne(deps, o, o.payDeadline <= now ? '超时未支付，系统自动关闭' : '买家取消', out);
  }
  // Probe documents of the index self-check that an instance died before removing.
  await deps.store.remove('orders', { openid: PROBE_OPENID, createdAt: cond.lte(now - CLOSE_GRACE_MS) });
  const refunds = await reconcileRefunds(deps);
  const paymentsNeedingAttention = await deps.store.count('payments', { needsAttention: true });
  return { ...out, refunds, paymentsNeedingAttention };
}

export async function shipOrder(deps: Deps, openid: string, p: { orderId: string; carrier: string; trackingNo: string }): Promise<Result<OrderDetail>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可发货');
  const o = await deps.store.get<OrderRecord>('orders', p.orderId);
  if (!o) return fail('NOT_FOUND', '订单不存在');
  if (o.status === 'shipped' && o.shipment?.trackingNo === p.trackingNo) return ok(await toDetail(deps, o)); // a retry after success
  if (o.status !== 'paid') return fail('CONFLICT', '只有已付款的订单可以发货');
  if (o.openAfterSaleId) return fail('CONFLICT', '买家申请退款中，请先处理售后');
  const after = await transitionOrder(deps, o, 'shipped', `${p.carrier} ${p.trackingNo}`, (now) => ({
    shipment: { carrier: p.carrier, trackingNo: p.trackingNo, shippedAt: now }, shippedAt: now,
  }), { openAfterSaleId: null });
  return after ? ok(await toDetail(deps, after)) : fail('CONFLICT', '订单状态已变化，请刷新');
}

// ---------- the merchant's order desk ----------

/**
 * Every shopper's orders, newest first, one status or all. `keyword` finds an order by its number: the full one, or
 * as the pages show it (displayOrderNo: its time, then its last six characters) - the time narrows the search to the
 * orders of that second, and the six characters pick the order.
 */
export async function merchantOrders(
  deps: Deps, openid: string, p: { status?: OrderStatus; keyword?: string; cursor?: string },
): Promise<Result<Page<MerchantOrderSummary>>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可查看订单');
  const filter: Filter = p.status ? { status: p.status } : {};
  let suffix: string | null = null;
  if (p.keyword) {
    const k = p.keyword.replace(/[^0-9A-Za-z]/g, '').replace(/^[Dd]/, '');
    const full = `D${k.toLowerCase()}`;
    if (ORDER_NO.test(full)) {
      filter._id = full;
    } else if (/^\d{12}[0-9A-Za-z]{6}$/.test(k)) {
      // The number as shown: yyMMddHHmmss + the last six. Order numbers of that second sort together.
      filter._id = [cond.gte(`D${k.slice(0, 12)}`), cond.lt(`D${k.slice(0, 12)}~`)];
      suffix = k.slice(-6).toLowerCase();
    } else {
      return fail('INVALID_INPUT', 'keyword: 请输入完整订单号（如 261120-100005-K3F9Q2）');
    }
  }
  const page = await deps.store.find<OrderRecord>('orders', filter, { orderBy: [['createdAt', 'desc']], limit: 10, cursor: p.cursor ?? null, omit: ['timeline'] });
  const items = suffix ? page.items.filter((o) => o.orderNo.endsWith(suffix!)) : page.items;
  const sums = await summaries(deps, items);
  return ok({ items: sums.map((s, i) => ({ ...s, buyer: { name: items[i].address.name, phone: items[i].address.phone } })), nextCursor: page.nextCursor });
}

export async function merchantOrder(deps: Deps, openid: string, orderId: string): Promise<Result<OrderDetail & { buyer: { nickname: string } }>> {
  if (!(await isMerchant(deps, openid))) return fail('FORBIDDEN', '仅商家可查看订单');
  const o = await deps.store.get<OrderRecord>('orders', orderId);
  if (!o) return fail('NOT_FOUND', '订单不存在');
  const [detail, buyer] = await Promise.all([toDetail(deps, o), deps.store.get<UserRecord>('users', o.openid)]);
  return ok({ ...detail, buyer: { nickname: buyer?.nickname ?? '' } });
}
