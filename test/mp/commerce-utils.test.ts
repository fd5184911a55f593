/** Pure helpers of the commerce pages: dates, countdowns, checkout item queries, request ids, coupon texts, and format.wxs money helpers. */
import fs from 'fs';
import * as contract from '../../typings/api';
import * as limits from '../../miniprogram/utils/limits';
import path from 'path';
import { validityText, scopeText } from '../../miniprogram/utils/coupon';
import { decodeItems, encodeItems, newRequestId, orderTabIndex, splitForOrder } from '../../miniprogram/utils/order';
import { formatCountdown, formatDate, formatDateTime } from '../../miniprogram/utils/time';
import { fullAddress, normalizePhone, regionText, validateAddressForm } from '../../miniprogram/utils/address';

interface Format {
  yuanShort(fen: number): string;
  minus(fen: number): string;
  zhe(bps: number): string;
  couponAmount(c: object): string;
  couponCondition(c: object): string;
  shortBy(fen: number): string;
  couponReason(reason: string | null, shortBy: number): string;
}

function loadWxs(file: string): Format {
  const mod = { exports: {} as Format };
  new Function('module', fs.readFileSync(file, 'utf8'))(mod);
  return mod.exports;
}

const fmt = loadWxs(path.resolve(__dirname, '../../miniprogram/utils/format.wxs'));

test('dates are read in Asia/Shanghai whatever the device zone', () => {
  expect(formatDateTime(Date.UTC(2026, 10, 3, 16, 5))).toBe('2026-11-04 00:05');
  expect(formatDate(Date.UTC(2026, 0, 31, 15, 59))).toBe('2026.01.31');
  expect(formatDate(Date.UTC(2026, 0, 31, 16, 0))).toBe('2026.02.01');
});

test('countdowns round up to whole seconds and never go negative', () => {
  expect(formatCountdown(30 * 60_000)).toBe('30:00');
  expect(formatCountdown(1_799_001)).toBe('30:00');
  expect(formatCountdown(1_799_000)).toBe('29:59');
  expect(formatCountdown(3_723_000)).toBe('01:02:03');
  expect(formatCountdown(-5)).toBe('00:00');
});

test('checkout items travel in the page query and come back; junk is dropped', () => {
  const items = [{ skuId: 'tee-black-m', qty: 2 }, { skuId: 'cable_1', qty: 1 }];
  expect(decodeItems(encodeURIComponent(encodeItems(items)))).toEqual(items);
  expect(decodeItems('a*1,a*2,b*0,c*100,d*x,e$*1,f*3')).toEqual([{ skuId: 'a', qty: 1 }, { skuId: 'f', qty: 3 }]);
  expect(decodeItems(undefined)).toEqual([]);
});

test('the limits the pages repeat match the API contract', () => {
  expect(limits.CART_MAX_QTY).toBe(contract.CART_MAX_QTY);
  expect(limits.CART_MAX_LINES).toBe(contract.CART_MAX_LINES);
  expect(limits.ORDER_MAX_QTY).toBe(contract.ORDER_MAX_QTY);
  expect(limits.ORDER_MAX_LINES).toBe(contract.ORDER_MAX_LINES);
});

test('a checkout query keeps every item; one order takes the first ORDER_MAX_LINES and says which are left out', () => {
  const many = Array.from({ length: limits.ORDER_MAX_LINES + 3 }, (_, i) => ({ skuId: `s${i}`, qty: 1 }));
  const decoded = decodeItems(encodeURIComponent(encodeItems(many)));
  expect(decoded).toHaveLength(limits.ORDER_MAX_LINES + 3);
  const { kept, leftOut } = splitForOrder(decoded);
  expect(kept).toEqual(many.slice(0, limits.ORDER_MAX_LINES));
  expect(leftOut.map((i) => i.skuId)).toEqual([`s${limits.ORDER_MAX_LINES}`, `s${limits.ORDER_MAX_LINES + 1}`, `s${limits.ORDER_MAX_LINES + 2}`]);
  expect(splitForOrder(many.slice(0, 2))).toEqual({ kept: many.slice(0, 2), leftOut: [] });
});

test('request ids fit order.create (8..64 of [A-Za-z0-9_-]) and differ per attempt', () => {
  const a = newRequestId();
  const b = newRequestId();
  expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(a).not.toBe(b);
});

test('order tabs by status', () => {
  expect(orderTabIndex('pending_payment')).toBe(1);
  expect(orderTabIndex('cancelled')).toBe(5);
  expect(orderTabIndex('refunding')).toBe(0); // no such status (an after-sale does not change the order's)
  expect(orderTabIndex(undefined)).toBe(0);
});

test('address rules mirror the server: receiver 1..20, mobile or landline, region, detail 2..120', () => {
  const ok = { name: '张三', phone: '13800138000', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园', isDefault: false };
  expect(validateAddressForm(ok)).toEqual({});
  expect(validateAddressForm({ ...ok, phone: '010-12345678' })).toEqual({});
  expect(validateAddressForm({ ...ok, phone: '1380013800' }).phone).toBe('手机号格式不正确');
  expect(validateAddressForm({ ...ok, name: '😀'.repeat(20) })).toEqual({});
  expect(validateAddressForm({ ...ok, detail: '号' }).detail).toBe('详细地址至少 2 个字');
  expect(validateAddressForm({ ...ok, detail: '一\n二' }).detail).toBe('详细地址不能包含换行');
  expect(validateAddressForm({ ...ok, district: '' }).region).toBe('请选择所在地区');
  expect(normalizePhone(' 138-0013-8000 ')).toBe('13800138000');
  expect(fullAddress({ province: '北京市', city: '北京市', district: '朝阳区', detail: '建国路' })).toBe('北京市朝阳区建国路');
});

test('a municipality is printed once, in the region field and in the full address (issue 7: "上海市 上海市")', () => {
  const shanghai = { province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 1198 号' };
  expect(regionText(shanghai)).toBe('上海市 浦东新区');
  expect(fullAddress(shanghai)).toBe('上海市浦东新区世纪大道 1198 号');
  expect(regionText({ province: '广东省', city: '深圳市', district: '南山区' })).toBe('广东省 深圳市 南山区');
  expect(regionText({ province: '重庆市', city: '重庆市', district: '渝中区' }, ' / ')).toBe('重庆市 / 渝中区');
  expect(regionText({ province: '', city: '', district: '' })).toBe('');
});

test('coupon validity and scope texts', () => {
  expect(validityText({ validFrom: Date.UTC(2026, 10, 1, -8), validTo: Date.UTC(2026, 10, 30, 15, 59) })).toBe('2026.11.01 - 2026.11.30');
  expect(validityText({ validFrom: null, validTo: null, validDays: 7 })).toBe('领取后 7 天内有效');
  expect(scopeText({ type: 'all' })).toBe('全场通用');
  expect(scopeText({ type: 'products', ids: ['x'] })).toBe('限指定商品');
});

test('format.wxs: coupon faces, conditions, discounts and the reasons a coupon does not apply', () => {
  expect(fmt.yuanShort(2000)).toBe('20');
  expect(fmt.yuanShort(2050)).toBe('20.5');
  expect(fmt.yuanShort(2055)).toBe('20.55');
  expect(fmt.yuanShort(5)).toBe('0.05');
  expect(fmt.minus(500)).toBe('-¥5.00');
  expect(fmt.minus(0)).toBe('-¥0.00');
  expect(fmt.zhe(1500)).toBe('8.5');
  expect(fmt.zhe(1000)).toBe('9');
  expect(fmt.zhe(1250)).toBe('8.75');
  expect(fmt.couponAmount({ kind: 'amount_off', amountOff: 3000 })).toBe('30');
  expect(fmt.couponAmount({ kind: 'percent_off', discountBps: 2000 })).toBe('8');
  expect(fmt.couponCondition({ kind: 'amount_off', threshold: 10000 })).toBe('满100元可用');
  expect(fmt.couponCondition({ kind: 'percent_off', threshold: 0, maxOff: 3000 })).toBe('无门槛，最多减30元');
  expect(fmt.shortBy(8010)).toBe('还差 ¥80.10 可用');
  expect(fmt.couponReason('NOT_STARTED', 0)).toBe('未到使用时间');
  expect(fmt.couponReason('EXPIRED', 0)).toBe('已过期');
  expect(fmt.couponReason('BELOW_THRESHOLD', 1010)).toBe('还差 ¥10.10 可用');
  expect(fmt.couponReason('OUT_OF_SCOPE', 0)).toBe('不适用于所选商品');
  expect(fmt.couponReason('NOT_USABLE', 0)).toBe('已被其他订单占用');
  expect(fmt.couponReason(null, 0)).toBe('');
});
