/**
 * User use cases: who am I (roles, profile) and the shopper's shipping addresses.
 *
 * Ownership: an address belongs to the openid stored on it. An id that is not the caller's answers NOT_FOUND,
 * exactly like an id that does not exist, so nobody learns another shopper's address ids. Every write is also
 * filtered on the caller's openid, so a check and a write can never drift apart.
 *
 * The default address: the first address becomes the default; making one the default first clears the flag of the
 * caller's other addresses (one multi-document update) and then sets its own, always in that order; removing the
 * default promotes the newest remaining address. Because every "make default" ends with setting its own flag, two
 * devices of one shopper setting different defaults at the same instant can never leave none flagged: the worst
 * case is two flags, and then the most recently updated one is the default (domain/address#orderAddresses, and
 * the same order where checkout picks the default).
 */
import type { Address, Me, OrderCounts, Role, SaveAddressPayload } from '../../typings/api';
import { MAX_ADDRESSES, OPEN_AFTER_SALE } from '../../typings/api';
import { checkAddress, editedAddressIsDefault, newAddressIsDefault, nextDefault, orderAddresses } from '../domain/address';
import type { Deps } from '../ports/context';
import { cond } from '../ports/store';
import type { AddressRecord, UserRecord } from './records';
import { Result, fail, ok } from './result';

const ROLES: ReadonlySet<string> = new Set<Role>(['merchant', 'distributor']);
const NOT_FOUND_MSG = '地址不存在';

/** The order statuses Me shows a badge for, each counted on the orders' (openid, status) index. */
const COUNTED_STATUSES: ReadonlyArray<keyof OrderCounts> = ['pending_payment', 'paid', 'shipped'];

/**
 * The caller's identity, roles and profile, and the counts Me's badges show: orders per waiting status and the coupons
 * the caller can still use (one `count` each, on indexed filters, in parallel). A first visit creates the user document.
 */
export async function getMe(deps: Deps, openid: string): Promise<Result<Me>> {
  const now = deps.clock.now();
  const [orderCounts, couponCount, afterSaleCount, found] = await Promise.all([
    Promise.all(COUNTED_STATUSES.map((status) => deps.store.count('orders', { openid, status }))).then(
      (ns) => Object.fromEntries(COUNTED_STATUSES.map((s, i) => [s, ns[i]])) as unknown as OrderCounts,
    ),
    deps.store.count('coupons', { openid, status: 'unused', validTo: cond.gte(now) }),
    deps.store.count('after_sales', { openid, status: cond.in([...OPEN_AFTER_SALE]) }),
    deps.store.get<UserRecord>('users', openid),
  ]);
  let user = found;
  if (!user) {
    const doc: UserRecord = { _id: openid, nickname: '', avatar: null, roles: [], createdAt: deps.clock.now() };
    const r = await deps.store.insert('users', doc);
    // CONFLICT: a concurrent first call created it; read what is there.
    user = r.ok ? doc : ((await deps.store.get<UserRecord>('users', openid)) ?? doc);
  }
  return ok({
    openid,
    roles: (user.roles ?? []).filter((r): r is Role => ROLES.has(r)),
    profile: { nickname: user.nickname ?? '', avatar: user.avatar ?? null },
    orderCounts,
    couponCount,
    afterSaleCount,
    workbench: user.roles?.includes('merchant') ? await workbenchCounts(deps) : null,
  });
}

/** What waits for the shop (the merchant's Me badges): one count each, on the status indexes. */
async function workbenchCounts(deps: Deps): Promise<NonNullable<Me['workbench']>> {
  const [toShip, toReview, refundsFailed] = await Promise.all([
    deps.store.count('orders', { status: 'paid', openAfterSaleId: null }),
    deps.store.count('after_sales', { status: 'requested' }),
    deps.store.count('after_sales', { status: 'failed' }),
  ]);
  return { toShip, toReview, refundsFailed };
}

export async function listAddresses(deps: Deps, openid: string): Promise<Result<Address[]>> {
  return ok(orderAddresses(await ownAddresses(deps, openid)).map(toAddress));
}

/** Creates (no id) or updates (the caller's own id) an address; answers it as saved. */
export async function saveAddress(deps: Deps, openid: string, p: SaveAddressPayload): Promise<Result<Address>> {
  const checked = checkAddress(p);
  if (!checked.ok) return fail('INVALID_INPUT', checked.problems.join('; '));
  const fields = checked.value;
  const now = deps.clock.now();

  if (p.id !== undefined) {
    const existing = await deps.store.get<AddressRecord>('addresses', p.id);
    if (!existing || existing.openid !== openid) return fail('NOT_FOUND', NOT_FOUND_MSG);
    const isDefault = editedAddressIsDefault(p.isDefault, existing.isDefault);
    if (isDefault) await clearOtherDefaults(deps, openid, p.id, now);
    const n = await deps.store.update('addresses', { _id: p.id, openid }, { set: { ...fields, isDefault, updatedAt: now } });
    // 0: removed meanwhile - or, in the cloud database (which counts modified documents), saved unchanged.
    if (n === 0 && (await deps.store.get<AddressRecord>('addresses', p.id))?.openid !== openid) return fail('NOT_FOUND', NOT_FOUND_MSG);
    return ok(toAddress({ ...existing, ...fields, isDefault, updatedAt: now }));
  }

  const mine = await ownAddresses(deps, openid);
  if (mine.length >= MAX_ADDRESSES) return fail('INVALID_INPUT', `最多保存 ${MAX_ADDRESSES} 个收货地址，请先删除不用的地址`);
  const doc: AddressRecord = {
    _id: deps.ids.newId(now),
    openid,
    ...fields,
    isDefault: newAddressIsDefault(p.isDefault, mine.some((a) => a.isDefault)),
    createdAt: now,
    updatedAt: now,
  };
  const r = await deps.store.insert('addresses', doc);
  if (!r.ok) return fail('CONFLICT', '保存失败，请重试');
  // Two creates racing past the check above: the one that finds too many takes its own insert back.
  if ((await deps.store.count('addresses', { openid })) > MAX_ADDRESSES) {
    await deps.store.remove('addresses', { _id: doc._id, openid });
    return fail('INVALID_INPUT', `最多保存 ${MAX_ADDRESSES} 个收货地址，请先删除不用的地址`);
  }
  if (doc.isDefault) {
    // Inserted flagged, then the others cleared, then its own flag set again: a "make default" elsewhere that
    // cleared this one in between cannot leave the shopper without a default.
    await clearOtherDefaults(deps, openid, doc._id, now);
    await deps.store.update('addresses', { _id: doc._id, openid }, { set: { isDefault: true, updatedAt: deps.clock.now() } });
  }
  return ok(toAddress(doc));
}

export async function removeAddress(deps: Deps, openid: string, id: string): Promise<Result<{ id: string }>> {
  const existing = await deps.store.get<AddressRecord>('addresses', id);
  if (!existing || existing.openid !== openid) return fail('NOT_FOUND', NOT_FOUND_MSG);
  const n = await deps.store.remove('addresses', { _id: id, openid });
  if (n === 0) return fail('NOT_FOUND', NOT_FOUND_MSG);
  if (existing.isDefault) {
    const next = nextDefault(await ownAddresses(deps, openid));
    if (next) {
      await deps.store.update('addresses', { _id: next._id, openid, isDefault: false }, { set: { isDefault: true, updatedAt: deps.clock.now() } });
    }
  }
  return ok({ id });
}

async function ownAddresses(deps: Deps, openid: string): Promise<AddressRecord[]> {
  // MAX_ADDRESSES caps the list; the limit leaves room for a transient race overshoot.
  const { items } = await deps.store.find<AddressRecord>('addresses', { openid }, { orderBy: [['createdAt', 'desc']], limit: 100 });
  return items;
}

function clearOtherDefaults(deps: Deps, openid: string, keepId: string, now: number): Promise<number> {
  return deps.store.update(
    'addresses',
    { openid, isDefault: true, _id: cond.ne(keepId) },
    { set: { isDefault: false, updatedAt: now } },
  );
}

function toAddress(a: AddressRecord): Address {
  return {
    id: a._id,
    name: a.name,
    phone: a.phone,
    province: a.province,
    city: a.city,
    district: a.district,
    detail: a.detail,
    isDefault: a.isDefault,
  };
}
