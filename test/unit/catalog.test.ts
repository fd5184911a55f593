import fc from 'fast-check';
import { priceSummary, queryTokens, searchTokens, specDimensions, specProblems } from '../../cloudfunctions/domain/catalog';

const sku = (price: number, specs: Record<string, string>, stock = 5, originalPrice: number | null = null) => ({ price, specs, stock, originalPrice });

describe('priceSummary', () => {
  test('min and max over SKUs; the cheapest SKU\'s original price is shown struck through only when higher', () => {
    expect(priceSummary([sku(1990, {}, 1, 2990)])).toEqual({ min: 1990, max: 1990, originalPrice: 2990 });
    expect(priceSummary([sku(3990, { c: 'a' }, 1, 4990), sku(1990, { c: 'b' }, 1, 1990)])).toEqual({ min: 1990, max: 3990, originalPrice: null });
    expect(() => priceSummary([])).toThrow(RangeError);
  });

  test('property: min <= every price <= max', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 1e8 }), { minLength: 1, maxLength: 30 }), (prices) => {
      const s = priceSummary(prices.map((p) => sku(p, {})));
      return prices.every((p) => s.min <= p && p <= s.max) && prices.includes(s.min) && prices.includes(s.max);
    }));
  });
});

describe('specDimensions', () => {
  test('dimensions in declared order, values in order of first appearance', () => {
    const skus = [sku(1, { 颜色: '黑', 尺码: 'M' }), sku(1, { 颜色: '白', 尺码: 'M' }), sku(1, { 颜色: '黑', 尺码: 'L' })];
    expect(specDimensions(skus, ['尺码', '颜色'])).toEqual([
      { name: '尺码', values: ['M', 'L'] },
      { name: '颜色', values: ['黑', '白'] },
    ]);
    expect(specDimensions(skus)).toEqual([
      { name: '颜色', values: ['黑', '白'] },
      { name: '尺码', values: ['M', 'L'] },
    ]);
  });
  test('a single SKU without specs has no dimensions', () => {
    expect(specDimensions([sku(100, {})])).toEqual([]);
  });
  test('specProblems finds mismatched names and duplicate combinations', () => {
    expect(specProblems([sku(1, { a: 'x' }), sku(1, { a: 'y' })])).toEqual([]);
    expect(specProblems([sku(1, { a: 'x' }), sku(1, { b: 'y' })])).toContain('SKUs do not share the same spec names');
    expect(specProblems([sku(1, { a: 'x' }), sku(2, { a: 'x' })])[0]).toMatch(/duplicate spec combination/);
    expect(specProblems([sku(1, {}), sku(2, {})])[0]).toMatch(/duplicate/);
  });
});

describe('search tokens', () => {
  test('a Chinese keyword matches titles containing it; unrelated titles do not', () => {
    const title = searchTokens('降噪蓝牙耳机 Pro 2 主动降噪');
    const matches = (kw: string, tokens: string[]) => queryTokens(kw).every((t) => tokens.includes(t));
    expect(matches('蓝牙耳机', title)).toBe(true);
    expect(matches('耳机', title)).toBe(true);
    expect(matches('耳', title)).toBe(true);
    expect(matches('pro', title)).toBe(true);
    expect(matches('PR', title)).toBe(true);
    expect(matches('蓝牙音箱', title)).toBe(false);
    expect(matches('max', title)).toBe(false);
  });
  test('punctuation and full-width characters are normalised; empty keywords give no tokens', () => {
    expect(queryTokens('ＰＲＯ！')).toEqual(['pro']);
    expect(queryTokens('  ，。 ')).toEqual([]);
  });
  test('property: any substring of a title (2+ CJK chars or a word prefix) is found', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...'茶杯咖啡豆奶粉耳机手机壳'.split('')), { minLength: 2, maxLength: 12 }), fc.nat(), fc.nat(), (chars, a, b) => {
      const text = chars.join('');
      const i = a % (chars.length - 1);
      const j = i + 2 + (b % (chars.length - i - 1));
      const kw = chars.slice(i, j).join('');
      const tokens = searchTokens(text);
      return queryTokens(kw).every((t) => tokens.includes(t));
    }));
  });
});
