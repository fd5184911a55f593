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
import type { CouponClaimRecord, CouponRecord, CouponRuleRecord, CouponTemplateRecord } from './records';
import { Result, fail, ok } from './result';

/** The most templates the center shows and the most coupons `mine` returns. */
export const CENTER_MAX = 200;
export const MINE_MAX = 200;

export type MineStatus = 'usable' | 'used' | 'expired';

export async function couponCenter(deps: Deps, openid: string): Promise<Result<CouponCenterItem[]>> {
  const now = deps.clock.now();
  const { items } = await deps.store.find<CouponTemplateRecord>('coupon_templates', { active: true }, { orderBy: [['sort', 'asc']], limit: CENTER_MAX });
  const live = items.filter((t) => !templateEnded(t, now));
  if (live.length === 0) return ok([]);
  const { items: claims } = await deps.store.find<CouponClaimRecord>(
    'coupon_claims',
    { _id: cond.in(live.map((t) => claimCounterId(t._id, openid))) },
    { limit: CENTER_MAX },
  );
  const mine = new Map(claims.map((c) => [c.templateId, c.count]));
  return ok(live.map((t) => {
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
  }));
}

export async function claimCoupon(deps: Deps, openid: string, templateId: string): Promise<Result<Coupon>> {
  const { store } = deps;
  const now = deps.clock.now();
  const t = await store.get<CouponTemplateRecord>('coupon_templates', templateId);
  if (!t) return fail('NOT_FOUND', '优惠券不存在');
  if (!t.active) return fail('COUPON_UNAVAILABLE', '该优惠券已停止发放');
  if (templateEnded(t, now)) return fail('COUPON_UNAVAILABLE', '该优惠券活动已结束');
  if (t.newUserOnly && (await hasPaidOrder(deps, openid))) return fail('COUPON_UNAVAILABLE', '该优惠券仅限新用户领取');

  // One transaction: the per-shopper counter (inserted at 1, or `count < perUserLimit` + inc 1), the template's
  // `claimed < total` + inc 1 (and still active), and the coupon with a snapshot of the rule. All or nothing, so a
  // failure or a dying instance can never leave a counter taken without its coupon.
  const counterId = claimCounterId(templateId, openid);
  const window = claimWindow(t, now);
  const doc: CouponRecord = {
    _id: deps.ids.newId(now),
    ...rule(t),
    templateId,
    openid,
    status: 'unused',
    validFrom: window.validFrom,
    validTo: window.validTo,
    orderId: null,
    claimedAt: now,
    lockedAt: null,
    usedAt: null,
  };
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

/** New user = no order of theirs was ever paid (unpaid orders carry paidAt null, which no range matches). */
async function hasPaidOrder(deps: Deps, openid: string): Promise<boolean> {
  return (await deps.store.count('orders', { openid, paidAt: cond.gt(0) })) > 0;
}

function rule(t: CouponRuleRecord): CouponRuleRecord {
  return { name: t.name, kind: t.kind, threshold: t.threshold, amountOff: t.amountOff, discountBps: t.discountBps, maxOff: t.maxOff, scope: t.scope };
}
