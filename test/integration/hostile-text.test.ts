/**
 * Hostile text at the edges: NUL, other control characters, lone surrogates and bidi overrides in anything a person
 * types (order remarks, addresses, carriers, search keywords) are INVALID_INPUT at the schema - before any stock,
 * coupon or row is touched - and nothing changes. Before this, `remark: "\ud800"` reached PostgreSQL's jsonb after
 * the stock and coupon were taken and answered INTERNAL, leaving them taken.
 */
import type { LocalCloud } from '../../cloudfunctions/local/cloud';
import { unsafeText } from '../../cloudfunctions/functions/kit';
import { addAddress, commerceCloud, expectCode, expectOk, giveCoupon, stockOf } from './support/commerce';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await commerceCloud();
}, 60_000);
afterAll(() => cloud.close());

const HOSTILE: Array<[string, string]> = [
  ['a lone high surrogate', 'gift\ud800'],
  ['a lone low surrogate', '\udc00gift'],
  ['NUL', 'gift\u0000'],
  ['a bell', 'gift\u0007'],
  ['a newline in one-line text', 'line1\nline2'],
  ['DEL', 'gift\u007f'],
  ['a C1 control', 'gift\u0085'],
  ['a right-to-left override', 'gift\u202Eexe.txt'],
  ['a bidi isolate', '\u2066gift\u2069'],
  ['a BOM', '\uFEFFgift'],
];

test('the text check keeps what people write: CJK, emoji (surrogate pairs), punctuation, spaces', () => {
  for (const ok of ['请尽快发货，谢谢！', '送给妈妈的生日礼物 🎂🎁', 'Room 1203, Tower B (东门)', '𠀀𪚥 rare CJK']) expect(unsafeText(ok)).toBeNull();
  for (const [, bad] of HOSTILE) expect(unsafeText(bad)).not.toBeNull();
  expect(unsafeText('line1\nline2', true)).toBeNull();
});

describe.each(HOSTILE)('%s', (_name, bad) => {
  test('in an order remark: INVALID_INPUT, no order, stock and coupon untouched', async () => {
    const addressId = await addAddress(cloud, 'mallory');
    const couponId = await giveCoupon(cloud, 'mallory', { threshold: 0, amountOff: 100 });
    const before = { stock: await stockOf(cloud, 'tea-1'), orders: await cloud.store.count('orders', {}) };
    expectCode(await cloud.call('order', { action: 'create', data: { items: [{ skuId: 'tea-1', qty: 1 }], addressId, couponId, requestId: `hostile-${Date.now()}-${Math.random().toString(36).slice(2)}`, remark: bad } }, 'mallory'), 'INVALID_INPUT');
    expect({ stock: await stockOf(cloud, 'tea-1'), orders: await cloud.store.count('orders', {}) }).toEqual(before);
    expect(await cloud.store.get('coupons', couponId)).toMatchObject({ status: 'unused', orderId: null });
  });

  test('in an address, a carrier and a search keyword: INVALID_INPUT, nothing stored', async () => {
    const address = { name: '张三', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };
    for (const field of Object.keys(address)) {
      expectCode(await cloud.call('user', { action: 'saveAddress', data: { ...address, [field]: `${address[field as keyof typeof address]}${bad}` } }, 'mallory-addr'), 'INVALID_INPUT');
    }
    expect(await cloud.store.count('addresses', { openid: 'mallory-addr' })).toBe(0);
    expectCode(await cloud.call('merchant', { action: 'shipOrder', data: { orderId: 'D000000000000nosuchorder0', carrier: `顺丰${bad}`, trackingNo: 'SF1234567890' } }, 'boss'), 'INVALID_INPUT');
    expectCode(await cloud.call('shop', { action: 'products', data: { keyword: `耳机${bad}` } }, 'mallory'), 'INVALID_INPUT');
  });
});

test('the error message names the field once', async () => {
  const r = await cloud.call('order', { action: 'create', data: { items: [{ skuId: 'tea-1', qty: 1 }], addressId: 'a1', requestId: 'x' } }, 'mallory');
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.message).toBe('requestId: 8..64 of [A-Za-z0-9_-]');
  const t = await cloud.call('merchant', { action: 'shipOrder', data: { orderId: 'D000000000000nosuchorder0', carrier: '顺丰', trackingNo: '#' } }, 'boss');
  if (t.ok) throw new Error('expected a refusal');
  expect(t.error.message).toBe('trackingNo: 4..40 letters, digits or -');
});

test('plain remarks still go through, trimmed', async () => {
  const addressId = await addAddress(cloud, 'trent');
  const o = expectOk(await cloud.call<{ orderId: string }>('order', { action: 'create', data: { items: [{ skuId: 'cable-1', qty: 1 }], addressId, couponId: null, requestId: `plain-${Date.now()}`, remark: '  送给妈妈的生日礼物 🎂  ' } }, 'trent'));
  expect(await cloud.store.get('orders', o.orderId)).toMatchObject({ remark: '送给妈妈的生日礼物 🎂' });
});
