/** A small shop for the commerce tests, and direct-to-store helpers for what other functions would create. */
import type { AddressRecord, CouponRecord, SkuRecord } from '../../../cloudfunctions/app/records';
import type { LocalCloud } from '../../../cloudfunctions/local/cloud';
import { testCloud } from './test-cloud';
import type { FixtureInput } from '../../../cloudfunctions/local/fixture';
import type { Envelope } from '../../../typings/api';

export const T0 = Date.UTC(2026, 10, 20, 2, 0, 0); // 2026-11-20 10:00 in Shanghai

export const SHOP: FixtureInput = {
  categories: [{ id: 'digital', name: '数码' }, { id: 'audio', name: '耳机', parentId: 'digital' }, { id: 'food', name: '食品' }],
  products: [
    {
      id: 'earbuds', categoryId: 'audio', title: '降噪耳机', images: ['/static/img/e.svg'],
      skus: [
        { id: 'earbuds-black', specs: { 颜色: '黑色' }, price: 29900, stock: 50 },
        { id: 'earbuds-white', specs: { 颜色: '白色' }, price: 31900, stock: 5 },
      ],
    },
    { id: 'cable', categoryId: 'digital', title: '数据线', images: ['/static/img/c.svg'], skus: [{ id: 'cable-1', specs: {}, price: 1990, stock: 1000 }] },
    { id: 'tea', categoryId: 'food', title: '龙井', images: ['/static/img/t.svg'], skus: [{ id: 'tea-1', specs: {}, price: 16800, stock: 10 }] },
    { id: 'gone', categoryId: 'food', title: '已下架', images: ['/static/img/g.svg'], onSale: false, skus: [{ id: 'gone-1', specs: {}, price: 100, stock: 10 }] },
  ],
  users: [
    { openid: 'alice', nickname: 'Alice' },
    { openid: 'bob', nickname: 'Bob' },
    { openid: 'boss', nickname: '店长', roles: ['merchant'] },
  ],
  settings: { shipping: { flatFee: 800, freeOver: 9900 }, unpaidCloseMinutes: 30 },
};

export async function commerceCloud(): Promise<LocalCloud> {
  const cloud = await testCloud({ seed: SHOP });
  cloud.clock.set(T0);
  return cloud;
}

let seq = 0;

export async function addAddress(cloud: LocalCloud, openid: string, isDefault = true): Promise<string> {
  const id = `addr-${openid}-${++seq}`;
  const doc: AddressRecord = {
    _id: id, openid, name: '张三', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号',
    isDefault, createdAt: T0, updatedAt: T0,
  };
  expect((await cloud.store.insert('addresses', doc)).ok).toBe(true);
  return id;
}

export async function giveCoupon(cloud: LocalCloud, openid: string, rule: Partial<CouponRecord> = {}): Promise<string> {
  const id = `cpn-${openid}-${++seq}`;
  const doc: CouponRecord = {
    _id: id, templateId: 'tpl', openid, name: '满 100 减 20', kind: 'amount_off', threshold: 10000, amountOff: 2000, discountBps: null,
    maxOff: null, scope: { type: 'all' }, status: 'unused', validFrom: T0 - 86_400_000, validTo: T0 + 30 * 86_400_000, orderId: null,
    claimedAt: T0, lockedAt: null, usedAt: null, ...rule,
  };
  expect((await cloud.store.insert('coupons', doc)).ok).toBe(true);
  return id;
}

export async function stockOf(cloud: LocalCloud, skuId: string): Promise<number> {
  return (await cloud.store.get<SkuRecord>('skus', skuId))!.stock;
}

export function expectOk<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

export function expectCode(r: Envelope<unknown>, code: string): void {
  if (r.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(r.data).slice(0, 200)}`);
  expect(r.error.code).toBe(code);
}
