/**
 * Coupon use cases: the coupon center, claiming, the shopper's own coupons.
 *
 * Claiming never counts and then inserts. Two guarded counters hold the limits under real concurrency:
 *   1. the per-shopper counter `coupon_claims/<templateId>:<openid>`: inserted with count 1, or `count < perUserLimit` + inc(1);
 *   2. the template's `claimed < total` + inc(1);
 * and the coupon is inserted with them in the same transaction: all three land or none does.
 */
import type { Coupon, CouponCenterItem } from '../../typings/api';
import { centerState, claimCounterId, claimWindow, templateEnded } from '../domain/coupon';
import type { Deps } from '../ports/context';
import { DuplicateKeyError, Filter, cond } from '../ports/store';
import { abort, atomically } from './atomic';
import { toCoupon } from './coupon-view';
import type { CouponClaimRecord, CouponRecord, CouponRuleRecord, CouponTemplateRecord, LiveCouponRecord, LiveRoomRecord } from './records';
import { Result, fail, ok } from './result';

/** The most templates the center shows and the most coupons `mine` returns. */
export const CENTER_MAX = 200;
export const MINE_MAX = 200;

export type MineStatus = 'usable' | 'used' | 'expired';

export async function couponCenter(deps: Deps, openid: string): Promise<Result<CouponCenterItem[]>> {
  const { items } = await deps.store.find<CouponTemplateRecord>('coupon_templates', { active: true }, { orderBy: [['sort', 'asc']], limit: CENTER_MAX });
  // Live-only coupons are claimed in their room, never in the center.
  return ok(await centerItems(deps, openid, items.filter((t) => !t.liveOnly)));
}

/** Templates as the shopper sees them (state and what is left for them); ended ones are left out. */
export async function centerItems(deps: Deps, openid: string, templates: CouponTemplateRecord[]): Promise<CouponCenterItem[]> {
  const now = deps.clock.now();
  const live = templates.filter((t) => !templateEnded(t, now));
  if (live.length === 0) return [];
  const { items: claims } = await deps.store.find<CouponClaimRecord>(
    'coupon_claims',
    { _id: cond.in(live.map((t) => claimCounterId(t._id, openid))) },
    { limit: CENTER_MAX },
  );
  const mine = new Map(claims.map((c) => [c.templateId, c.count]));
  return live.map((t) => {
    const { state, remainingForMe } = centerState(t, mine.get(t._id) ?? 0);
    return {
      templateId: t._id,
      ...rule(t),
      state,
      validFrom: t.validDays === null ? t.validFrom : null,
      validTo: t.validDays === null ? t.validTo : null,
      validDays: t.validDays,
      remainingForMe,
      newUserOnly: t.newUserOnly,
    };
  });
}

/**
 * `roomId`: claimed in a live room. A live-only template is claimable only there, while the room is live and offers
 * it (merchant.addLiveCoupon); LIVE_ONLY / NOT_LIVE otherwise.
 */
export async function claimCoupon(deps: Deps, openid: string, templateId: string, roomId?: string): Promise<Result<Coupon>> {
  const { store } = deps;
  const now = deps.clock.now();
  const t = await store.get<CouponTemplateRecord>('coupon_templates', templateId);
  if (!t) return fail('NOT_FOUND', '优惠券不存在');
  if (!t.active) return fail('COUPON_UNAVAILABLE', '该优惠券已停止发放');
  if (t.liveOnly) {
    const refused = await liveCouponRefusal(deps, templateId, roomId);
    if (refused) return refused;
  }
  if (templateEnded(t, now)) return fail('COUPON_UNAVAILABLE', '该优惠券活动已结束');
  if (t.newUserOnly && (await hasPaidOrder(deps, openid))) return fail('COUPON_UNAVAILABLE', '该优惠券仅限新用户领取');

  // One transaction: the per-shopper counter (inserted at 1, or `count < perUserLimit` + inc 1), the template's
  // `claimed < total` + inc 1 (and still active), and the coupon with a snapshot of the rule. All or nothing, so a
  // failure or a dying instance can never leave a counter taken without its coupon.
  const counterId = claimCounterId(templateId, openid);
  const doc = newCoupon(t, openid, deps.ids.newId(now), now);
  const claim = () => atomically<CouponRecord>(store, async (tx) => {
    const counter = await tx.get<CouponClaimRecord>('coupon_claims', counterId);
    if (!counter) {
      await tx.insert('coupon_claims', { _id: counterId, templateId, openid, count: 1 } satisfies CouponClaimRecord);
    } else if (!(await tx.updateOne('coupon_claims', { _id: counterId, count: cond.lt(t.perUserLimit) }, { inc: { count: 1 } }))) {
      return abort(fail('COUPON_UNAVAILABLE', t.perUserLimit > 1 ? `每人限领 ${t.perUserLimit} 张，您已领满` : '您已领取过该优惠券'));
    }
    if (!(await tx.updateOne('coupon_templates', { _id: templateId, active: true, claimed: cond.lt(t.total) }, { inc: { claimed: 1 } }))) {
      return abort(fail('COUPON_UNAVAILABLE', '优惠券已被领完'));
    }
    await tx.insert('coupons', doc);
    return ok(doc);
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await claim();
      return r.ok ? ok(toCoupon(r.data, now)) : r;
    } catch (err) {
      // Two first claims of one shopper at once: the loser's counter insert hit the winner's. Again, now counting.
      if (!(err instanceof DuplicateKeyError) || attempt >= 3) throw err;
    }
  }
}

/**
 * The shopper's coupons in one state, newest claim first, at most MINE_MAX.
 * usable: unused and not past validTo, plus locked ones (held by an unpaid order, shown with status 'locked' so the
 * shopper sees where the coupon went; it comes back as usable if the order is cancelled). used: used.
 * expired: unused and past validTo.
 */
export async function myCoupons(deps: Deps, openid: string, status: MineStatus): Promise<Result<Coupon[]>> {
  const now = deps.clock.now();
  const filters: Filter[] =
    status === 'usable'
      ? [{ openid, status: 'unused', validTo: cond.gte(now) }, { openid, status: 'locked' }]
      : status === 'used'
        ? [{ openid, status: 'used' }]
        : [{ openid, status: 'unused', validTo: cond.lt(now) }];
  const found: CouponRecord[] = [];
  for (const filter of filters) {
    const { items } = await deps.store.find<CouponRecord>('coupons', filter, { orderBy: [['claimedAt', 'desc'], ['_id', 'desc']], limit: MINE_MAX });
    found.push(...items);
  }
  found.sort((a, b) => b.claimedAt - a.claimedAt || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0));
  return ok(found.slice(0, MINE_MAX).map((c) => toCoupon(c, now)));
}

/** Why a live-only coupon cannot be claimed from `roomId` now, or null. */
async function liveCouponRefusal(deps: Deps, templateId: string, roomId: string | undefined): Promise<Result<never> | null> {
  if (!roomId) return fail('LIVE_ONLY', '该券为直播专享，请在直播间领取');
  const [room, offered] = await Promise.all([
    deps.store.get<LiveRoomRecord>('live_rooms', roomId),
    deps.store.get<LiveCouponRecord>('live_coupons', `${roomId}_${templateId}`),
  ]);
  if (!room) return fail('NOT_FOUND', '直播间不存在');
  if (!offered) return fail('LIVE_ONLY', '本直播间不发放该券');
  if (room.phase !== 'live') return fail('NOT_LIVE', room.phase === 'upcoming' ? '直播还未开始，开播后再来领取' : '直播已结束，该券已停止领取');
  return null;
}

/**
 * A prize: the coupon `couponId` (fixed by the prize, so handing it over twice is impossible) for `openid`, taken from
 * the template's total (`claimed < total` + inc 1) in one transaction, outside the per-shopper limit. Answers
 * 'given' (now or before) or 'sold_out'.
 */
export async function grantCoupon(deps: Deps, openid: string, templateId: string, couponId: string): Promise<'given' | 'sold_out'> {
  const now = deps.clock.now();
  try {
    const r = await atomically<'given' | 'sold_out'>(deps.store, async (tx) => {
      if (await tx.get('coupons', couponId)) return ok('given');
      const t = await tx.get<CouponTemplateRecord>('coupon_templates', templateId);
      if (!t || templateEnded(t, now)) return ok('sold_out');
      if (!(await tx.updateOne('coupon_templates', { _id: templateId, claimed: cond.lt(t.total) }, { inc: { claimed: 1 } }))) return ok('sold_out');
      const doc = newCoupon(t, openid, couponId, now);
      await tx.insert('coupons', doc);
      return ok('given');
    });
    if (!r.ok) throw new Error(`grantCoupon: ${r.error.code}`);
    return r.data;
  } catch (err) {
    // A concurrent grant of the same prize inserted it first.
    if (err instanceof DuplicateKeyError) return 'given';
    throw err;
  }
}

/** New user = no order of theirs was ever paid (unpaid orders carry paidAt null, which no range matches). */
async function hasPaidOrder(deps: Deps, openid: string): Promise<boolean> {
  return (await deps.store.count('orders', { openid, paidAt: cond.gt(0) })) > 0;
}

/** A coupon of template `t` for `openid`, claimed now: the rule copied, the validity window from the template. */
function newCoupon(t: CouponTemplateRecord, openid: string, id: string, now: number): CouponRecord {
  const window = claimWindow(t, now);
  return {
    _id: id, ...rule(t), templateId: t._id, openid, status: 'unused', validFrom: window.validFrom, validTo: window.validTo,
    orderId: null, claimedAt: now, lockedAt: null, usedAt: null,
  };
}

function rule(t: CouponRuleRecord): CouponRuleRecord {
  return { name: t.name, kind: t.kind, threshold: t.threshold, amountOff: t.amountOff, discountBps: t.discountBps, maxOff: t.maxOff, scope: t.scope };
}
