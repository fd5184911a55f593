/** Replaces the world with a fixture (the local cloud's /dev/seed and the demo shop). Keeps the fixture's ids. */
import { priceSummary, searchTokens, specProblems } from '../domain/catalog';
import { couponRuleProblems, couponWindowProblems } from '../domain/coupon';
import type { Store } from '../ports/store';
import type { FixtureData } from './fixture';
import { forgetSettings } from '../app/settings';
import { forgetDistributors } from '../app/ledger';
import { forgetLiveOffers } from '../app/live';
import type {
  BindingRecord, CategoryRecord, CouponTemplateRecord, DistributorRecord, LiveCouponRecord, LiveExplainRecord, LiveGoodsRecord, LiveRoomRecord, ProductRecord,
  SettingRecord, SkuRecord, StoreRecord, UserRecord,
} from '../app/records';
import { goodsName, phaseOf } from '../domain/live';
import { Result, fail, ok } from '../app/result';

export interface SeedSummary {
  categories: number;
  products: number;
  skus: number;
  users: number;
}

/** Checks what a schema cannot: references, unique ids, consistent spec combinations. */
export function fixtureProblems(f: FixtureData): string[] {
  const problems: string[] = [];
  const catIds = new Set(f.categories.map((c) => c.id));
  if (catIds.size !== f.categories.length) problems.push('duplicate category id');
  for (const c of f.categories) if (c.parentId && !catIds.has(c.parentId)) problems.push(`category ${c.id}: unknown parentId ${c.parentId}`);
  const parentOf = new Map(f.categories.map((c) => [c.id, c.parentId ?? null]));
  for (const c of f.categories) {
    const seen = new Set<string>([c.id]);
    for (let cur = parentOf.get(c.id) ?? null; cur; cur = parentOf.get(cur) ?? null) {
      if (seen.has(cur)) {
        problems.push(`category ${c.id}: parent chain loops`);
        break;
      }
      seen.add(cur);
    }
  }
  const productIds = new Set<string>();
  const skuIds = new Set<string>();
  for (const p of f.products) {
    if (productIds.has(p.id)) problems.push(`duplicate product id ${p.id}`);
    productIds.add(p.id);
    if (!catIds.has(p.categoryId)) problems.push(`product ${p.id}: unknown categoryId ${p.categoryId}`);
    for (const s of p.skus) {
      if (skuIds.has(s.id)) problems.push(`duplicate sku id ${s.id}`);
      skuIds.add(s.id);
    }
    for (const msg of specProblems(p.skus)) problems.push(`product ${p.id}: ${msg}`);
  }
  const openids = new Set(f.users.map((u) => u.openid));
  if (openids.size !== f.users.length) problems.push('duplicate user openid');
  problems.push(...distributionProblems(f));
  problems.push(...liveProblems(f, productIds));
  problems.push(...couponTemplateProblems(f, catIds, productIds));
  return problems;
}

/** Distributors: inviters that exist and are distributors (for distributors), no loops, levels that exist, two tiers at most. */
function distributionProblems(f: FixtureData): string[] {
  const problems: string[] = [];
  const byId = new Map(f.users.map((u) => [u.openid, u]));
  const levels = new Set(f.distributionLevels.map((l) => l.id));
  if (levels.size !== f.distributionLevels.length) problems.push('duplicate distribution level id');
  for (const u of f.users) {
    const isDist = u.roles?.includes('distributor') ?? false;
    if (u.level && !levels.has(u.level)) problems.push(`user ${u.openid}: unknown level ${u.level}`);
    if (u.level && !isDist) problems.push(`user ${u.openid}: a level needs the distributor role`);
    if (!u.inviter) continue;
    const inv = byId.get(u.inviter);
    if (!inv) problems.push(`user ${u.openid}: unknown inviter ${u.inviter}`);
    else if (!inv.roles?.includes('distributor')) problems.push(`user ${u.openid}: inviter ${u.inviter} is not a distributor`);
    if (u.inviter === u.openid) problems.push(`user ${u.openid}: cannot invite themselves`);
    // A loop in the inviter chain (A -> B -> A).
    const seen = new Set([u.openid]);
    for (let cur = byId.get(u.inviter); cur?.inviter && cur.roles?.includes('distributor'); cur = byId.get(cur.inviter)) {
      if (seen.has(cur.openid)) { problems.push(`user ${u.openid}: inviter loop`); break; }
      seen.add(cur.openid);
      if (seen.size > 50) break;
    }
  }
  return problems;
}

/** Coupon templates: unique ids, a consistent rule, exactly one window form, scope ids that exist. */
function couponTemplateProblems(f: FixtureData, catIds: Set<string>, productIds: Set<string>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const t of f.couponTemplates) {
    if (ids.has(t.id)) problems.push(`duplicate coupon template id ${t.id}`);
    ids.add(t.id);
    for (const msg of [...couponRuleProblems(t), ...couponWindowProblems(t)]) problems.push(`coupon template ${t.id}: ${msg}`);
    if (t.scope.type !== 'all') {
      const known = t.scope.type === 'categories' ? catIds : productIds;
      const what = t.scope.type === 'categories' ? 'category' : 'product';
      for (const sid of t.scope.ids) if (!known.has(sid)) problems.push(`coupon template ${t.id}: unknown scope ${what} ${sid}`);
      if (new Set(t.scope.ids).size !== t.scope.ids.length) problems.push(`coupon template ${t.id}: duplicate scope ids`);
    }
  }
  return problems;
}

export async function loadFixture(store: Store, f: FixtureData, now: number): Promise<Result<SeedSummary>> {
  const problems = fixtureProblems(f);
  if (problems.length) return fail('INVALID_INPUT', problems.slice(0, 10).join('; '));
  if (!store.clearAll) throw new Error('store cannot be cleared');
  await store.clearAll();
  forgetSettings(store);
  forgetLiveOffers(store);
  forgetDistributors(store);
  const catName = new Map(f.categories.map((c) => [c.id, c.name]));
  const catParent = new Map(f.categories.map((c) => [c.id, c.parentId ?? null]));
  let sort = 0;
  for (const c of f.categories) {
    const doc: CategoryRecord = { _id: c.id, name: c.name, parentId: c.parentId ?? null, icon: c.icon ?? null, sort: c.sort ?? sort++ };
    await mustInsert(store, 'categories', doc);
  }
  let skuCount = 0;
  for (let i = 0; i < f.products.length; i++) {
    const p = f.products[i];
    const price = priceSummary(p.skus);
    const parent = catParent.get(p.categoryId);
    const text = [p.title, p.subtitle ?? '', catName.get(p.categoryId) ?? '', parent ? catName.get(parent) ?? '' : ''].join(' ');
    const doc: ProductRecord = {
      _id: p.id,
      categoryId: p.categoryId,
      categoryPath: categoryPath(p.categoryId, catParent),
      title: p.title,
      subtitle: p.subtitle ?? '',
      images: p.images,
      description: p.description ?? '',
      detailImages: p.detailImages ?? [],
      onSale: p.onSale ?? true,
      sort: p.sort ?? f.products.length - i,
      sales: p.sales ?? 0,
      specNames: Object.keys(p.skus[0].specs),
      priceMin: price.min,
      priceMax: price.max,
      originalPrice: price.originalPrice,
      keywords: searchTokens(text),
      createdAt: now,
      updatedAt: now,
      commission: p.commission ?? null,
      skuCommission: minFixed(p.skus.map((s) => s.commission)),
    };
    await mustInsert(store, 'products', doc);
    for (let j = 0; j < p.skus.length; j++) {
      const s = p.skus[j];
      const sku: SkuRecord = {
        _id: s.id, productId: p.id, title: doc.title, image: s.image ?? doc.images[0] ?? '', onSale: doc.onSale, categoryPath: doc.categoryPath,
        specNames: doc.specNames, specs: s.specs, price: s.price, originalPrice: s.originalPrice ?? null, stock: s.stock, sort: j,
        specImage: s.image ?? null,
        commission: s.commission ?? null,
        productCommission: p.commission ?? null,
      };
      await mustInsert(store, 'skus', sku);
      skuCount++;
    }
  }
  for (const u of f.users) {
    // `seeded` marks the fixture's users: /dev/identities lists these, not every openid that has called since.
    const doc: UserRecord & { seeded: true } = { _id: u.openid, nickname: u.nickname ?? '', avatar: u.avatar ?? null, roles: u.roles ?? [], createdAt: now, seeded: true };
    await mustInsert(store, 'users', doc);
    if (u.roles?.includes('distributor')) {
      const d: DistributorRecord = {
        _id: u.openid, status: 'approved', realName: u.nickname || u.openid, phone: '13800000000', reason: '', note: null, inviter: u.inviter ?? null,
        level: u.level ?? null, pending: 0, available: 0, withdrawn: 0, visits: 0, customers: 0, orders: 0, gmv: 0, withdrawDay: '', withdrawCount: 0,
        appliedAt: now, reviewedAt: now, updatedAt: now,
      };
      await mustInsert(store, 'distributors', d);
    }
  }
  // A shopper's `inviter` is the distributor they are bound to.
  for (const u of f.users) {
    if (!u.inviter || u.roles?.includes('distributor')) continue;
    const b: BindingRecord = { _id: u.openid, distributor: u.inviter, since: now, via: null, updatedAt: now };
    await mustInsert(store, 'bindings', b);
    await store.update('distributors', { _id: u.inviter }, { inc: { customers: 1 } });
  }
  if (f.distributionLevels.length) {
    const levels: SettingRecord = { _id: 'distributionLevels', value: f.distributionLevels as never };
    await mustInsert(store, 'settings', levels);
  }
  for (const [key, value] of Object.entries(f.settings)) {
    const doc: SettingRecord = { _id: key, value: value as never };
    await mustInsert(store, 'settings', doc);
  }
  for (let i = 0; i < f.couponTemplates.length; i++) {
    const t = f.couponTemplates[i];
    const doc: CouponTemplateRecord = {
      _id: t.id,
      name: t.name,
      kind: t.kind,
      threshold: t.threshold,
      amountOff: t.kind === 'amount_off' ? t.amountOff ?? null : null,
      discountBps: t.kind === 'percent_off' ? t.discountBps ?? null : null,
      maxOff: t.kind === 'percent_off' ? t.maxOff ?? null : null,
      scope: t.scope.type === 'all' ? { type: 'all' } : { ...t.scope, ids: [...t.scope.ids] },
      validFrom: t.validDays === undefined ? t.validFrom ?? null : null,
      validTo: t.validDays === undefined ? t.validTo ?? null : null,
      validDays: t.validDays ?? null,
      total: t.total,
      claimed: 0,
      perUserLimit: t.perUserLimit,
      newUserOnly: t.newUserOnly ?? false,
      active: t.active ?? true,
      ...(t.liveOnly ? { liveOnly: true } : {}),
      sort: t.sort ?? i,
      createdAt: now,
    };
    await mustInsert(store, 'coupon_templates', doc);
  }
  await seedLive(store, f, now);
  return ok({ categories: f.categories.length, products: f.products.length, skus: skuCount, users: f.users.length });
}

/** A seeded room's start: whole seconds, as WeChat keeps room times (so the first sync finds nothing changed). */
export const seededRoomStart = (now: number, offsetMinutes: number): number => Math.floor((now + offsetMinutes * 60_000) / 1000) * 1000;

/** The WeChat goods id a seeded room's goods get (the stand-in is told the same). */
export const seededGoodsId = (roomIndex: number, goodsIndex: number): number => 900_000 + roomIndex * 1000 + goodsIndex;

function liveProblems(f: FixtureData, productIds: Set<string>): string[] {
  const problems: string[] = [];
  const storeIds = new Set(f.stores.map((s) => s.id));
  if (storeIds.size !== f.stores.length) problems.push('duplicate store id');
  const templateIds = new Set(f.couponTemplates.map((t) => t.id));
  const roomIds = new Set<number>();
  for (const r of f.liveRooms) {
    if (roomIds.has(r.roomId)) problems.push(`duplicate live room ${r.roomId}`);
    roomIds.add(r.roomId);
    if (r.storeId && !storeIds.has(r.storeId)) problems.push(`live room ${r.roomId}: unknown storeId ${r.storeId}`);
    for (const g of r.goods) if (!productIds.has(g.productId)) problems.push(`live room ${r.roomId}: unknown product ${g.productId}`);
    for (const c of r.coupons) if (!templateIds.has(c)) problems.push(`live room ${r.roomId}: unknown coupon template ${c}`);
    if (r.explaining && !r.goods.some((g) => g.productId === r.explaining)) problems.push(`live room ${r.roomId}: explaining ${r.explaining} is not one of its goods`);
  }
  return problems;
}

async function seedLive(store: Store, f: FixtureData, now: number): Promise<void> {
  for (let i = 0; i < f.stores.length; i++) {
    const s = f.stores[i];
    const doc: StoreRecord = { _id: s.id, name: s.name, city: s.city, address: s.address, sort: i };
    await mustInsert(store, 'stores', doc);
  }
  for (let i = 0; i < f.liveRooms.length; i++) {
    const r = f.liveRooms[i];
    const startTime = seededRoomStart(now, r.startOffsetMinutes);
    const endTime = startTime + r.durationMinutes * 60_000;
    const liveStatus = now < startTime ? 102 : now < endTime ? 101 : 103;
    const phase = phaseOf(liveStatus);
    const room: LiveRoomRecord = {
      _id: String(r.roomId), wxRoomId: r.roomId, name: r.name, anchorName: r.anchorName, cover: r.cover, storeId: r.storeId ?? null,
      startTime, endTime, liveStatus, phase, replayUrl: r.replayUrl ?? null,
      explaining: phase === 'live' && r.explaining ? { productId: r.explaining, at: now } : null,
      goodsCount: r.goods.length, remindersDone: phase !== 'upcoming', origin: 'wechat', createdAt: now, syncedAt: now, updatedAt: now,
    };
    await mustInsert(store, 'live_rooms', room);
    for (let j = 0; j < r.goods.length; j++) {
      const g = r.goods[j];
      const doc: LiveGoodsRecord = {
        _id: `${room._id}_${g.productId}`, roomId: room._id, productId: g.productId, wxGoodsId: seededGoodsId(i, j), auditId: seededGoodsId(i, j),
        auditStatus: 'approved', auditReason: null, inRoom: true, livePrice: g.livePrice ?? null,
        name: goodsName(f.products.find((p) => p.id === g.productId)?.title ?? g.productId), submittedAt: now - 3_600_000 + j, updatedAt: now,
      };
      await mustInsert(store, 'live_goods', doc);
    }
    if (room.explaining) {
      const e: LiveExplainRecord = { _id: `${room._id}_${now}_${room.explaining.productId}`, roomId: room._id, productId: room.explaining.productId, at: now };
      await mustInsert(store, 'live_explains', e);
    }
    for (const t of r.coupons) {
      const c: LiveCouponRecord = { _id: `${room._id}_${t}`, roomId: room._id, templateId: t, addedAt: now };
      await mustInsert(store, 'live_coupons', c);
    }
  }
}

/** The smallest fixed commission of a product's SKUs (what the promote page shows as "赚"), or null. */
function minFixed(list: Array<{ tier1Fen: number; tier2Fen: number } | undefined>): { tier1Fen: number; tier2Fen: number } | null {
  const given = list.filter((c): c is { tier1Fen: number; tier2Fen: number } => !!c);
  return given.length ? given.reduce((a, b) => (b.tier1Fen < a.tier1Fen ? b : a)) : null;
}

/** The category and its ancestors, root first (fixtureProblems has checked that parents exist; cycles stop). */
export function categoryPath(id: string, parentOf: Map<string, string | null>): string[] {
  const path = [id];
  for (let cur = parentOf.get(id) ?? null; cur && !path.includes(cur) && path.length < 10; cur = parentOf.get(cur) ?? null) path.unshift(cur);
  return path;
}

async function mustInsert(store: Store, collection: string, doc: { _id: string }): Promise<void> {
  const r = await store.insert(collection, doc);
  if (!r.ok) throw new Error(`seed: ${collection} ${doc._id}: ${r.message}`);
}
