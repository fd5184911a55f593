import fc from 'fast-check';
import { ORDER_NO, TRANSITIONS, canTransition, formatOrderNo, payDeadline, sourcesOf, specText } from '../../cloudfunctions/domain/order';

test('the order state machine', () => {
  expect(canTransition('pending_payment', 'paid')).toBe(true);
  expect(canTransition('pending_payment', 'cancelled')).toBe(true);
  expect(canTransition('paid', 'shipped')).toBe(true);
  expect(canTransition('shipped', 'completed')).toBe(true);
  // a refund that leaves nothing unrefunded ends the order refunded from wherever it was
  for (const from of ['paid', 'shipped', 'completed'] as const) expect(canTransition(from, 'refunded')).toBe(true);
  expect(canTransition('pending_payment', 'refunded')).toBe(false);
  expect(canTransition('cancelled', 'refunded')).toBe(false);
  // no way back to unpaid, nothing out of the terminal states, no skipping payment
  expect(canTransition('paid', 'pending_payment')).toBe(false);
  expect(canTransition('pending_payment', 'shipped')).toBe(false);
  expect(canTransition('cancelled', 'paid')).toBe(false);
  expect(TRANSITIONS.refunded).toEqual([]);
  expect(sourcesOf('cancelled')).toEqual(['pending_payment']);
  expect(sourcesOf('refunded').sort()).toEqual(['completed', 'paid', 'shipped']);
});

test('order numbers: D + Shanghai time + 12 random base-36 characters, at most 32 (WeChat Pay outTradeNo)', () => {
  // 2026-11-20 23:59:58 UTC is 2026-11-21 07:59:58 in Shanghai
  expect(formatOrderNo(Date.UTC(2026, 10, 20, 23, 59, 58), 'abcdefghij12')).toBe('D261121075958abcdefghij12');
  expect(() => formatOrderNo(0, 'short')).toThrow(RangeError);
  expect(() => formatOrderNo(0, 'ABCDEFGHIJKL')).toThrow(RangeError);
  fc.assert(fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), fc.stringMatching(/^[0-9a-z]{12}$/), (now, r) => {
    const no = formatOrderNo(now, r);
    return no.length <= 32 && ORDER_NO.test(no);
  }));
});

test('pay deadline and spec text', () => {
  expect(payDeadline(1_000, 30)).toBe(1_000 + 30 * 60_000);
  expect(specText({ 尺码: 'L', 颜色: '黑色' }, ['颜色', '尺码'])).toBe('黑色 / L');
  expect(specText({ 尺码: 'L', 颜色: '黑色' })).toBe('L / 黑色');
  expect(specText({})).toBe('');
});
