/** utils/sku.ts: which spec values can be chosen, the chosen SKU, price range and stock of a partial selection. */
import type { Sku, SpecDimension } from '../../typings/api';
import {
  chosenSku,
  initialSelection,
  isSelectable,
  priceRangeOf,
  specOptions,
  summarize,
  toggle,
} from '../../miniprogram/utils/sku';

const specs: SpecDimension[] = [
  { name: '颜色', values: ['黑色', '白色', '红色'] },
  { name: '尺码', values: ['M', 'L', 'XL'] },
];

const sku = (id: string, color: string, size: string, price: number, stock: number, originalPrice: number | null = null): Sku => ({
  id,
  specs: { 颜色: color, 尺码: size },
  price,
  originalPrice,
  stock,
  image: null,
});

const skus: Sku[] = [
  sku('bm', '黑色', 'M', 5900, 5, 7900),
  sku('bl', '黑色', 'L', 6900, 0),
  sku('wm', '白色', 'M', 6200, 3),
  sku('wl', '白色', 'L', 7900, 8),
  sku('rm', '红色', 'M', 5900, 0),
  sku('rl', '红色', 'L', 5900, 0),
  // No XL SKU at all.
];

const disabledOf = (selection: Record<string, string>): string[] =>
  specOptions(specs, skus, selection).flatMap((d) => d.values.filter((v) => v.disabled).map((v) => `${d.name}:${v.value}`));

describe('selectable values', () => {
  test('with nothing chosen, a value is disabled only when no in-stock SKU has it', () => {
    expect(disabledOf({})).toEqual(['颜色:红色', '尺码:XL']);
  });

  test('a value is judged with the other dimensions\' choices: 黑色 chosen disables L (黑色/L is sold out)', () => {
    expect(disabledOf({ 颜色: '黑色' })).toEqual(['颜色:红色', '尺码:L', '尺码:XL']);
  });

  test('a dimension\'s own choice does not restrict its other values (you can switch 黑色 -> 白色 at size M)', () => {
    expect(isSelectable(skus, { 颜色: '黑色', 尺码: 'M' }, '颜色', '白色')).toBe(true);
    // ...but not to a colour whose M is sold out.
    expect(isSelectable(skus, { 颜色: '黑色', 尺码: 'M' }, '颜色', '红色')).toBe(false);
    // L chosen: 黑色 (sold out at L) is disabled, 白色 is not.
    expect(disabledOf({ 尺码: 'L' })).toEqual(['颜色:黑色', '颜色:红色', '尺码:XL']);
  });

  test('options carry the selected flag in display order', () => {
    const opts = specOptions(specs, skus, { 颜色: '白色' });
    expect(opts.map((d) => d.name)).toEqual(['颜色', '尺码']);
    expect(opts[0].values).toEqual([
      { value: '黑色', selected: false, disabled: false },
      { value: '白色', selected: true, disabled: false },
      { value: '红色', selected: false, disabled: true },
    ]);
  });
});

describe('toggle', () => {
  test('chooses a selectable value, clears the chosen one on a second tap', () => {
    const a = toggle(specs, skus, {}, '颜色', '白色');
    expect(a).toEqual({ 颜色: '白色' });
    expect(toggle(specs, skus, a, '颜色', '白色')).toEqual({});
  });

  test('switches the value of a dimension', () => {
    expect(toggle(specs, skus, { 颜色: '白色', 尺码: 'M' }, '颜色', '黑色')).toEqual({ 颜色: '黑色', 尺码: 'M' });
  });

  test('a disabled value, an unknown value or an unknown dimension changes nothing (same object)', () => {
    const sel = { 颜色: '黑色' };
    expect(toggle(specs, skus, sel, '尺码', 'L')).toBe(sel);
    expect(toggle(specs, skus, sel, '颜色', '红色')).toBe(sel);
    expect(toggle(specs, skus, sel, '颜色', '紫色')).toBe(sel);
    expect(toggle(specs, skus, sel, '版本', 'Max')).toBe(sel);
  });
});

describe('chosen SKU', () => {
  test('only when every dimension is chosen', () => {
    expect(chosenSku(specs, skus, { 颜色: '白色' })).toBeNull();
    expect(chosenSku(specs, skus, { 颜色: '白色', 尺码: 'L' })?.id).toBe('wl');
  });

  test('a product with no spec dimensions and a single SKU has that SKU chosen from the start', () => {
    const single: Sku[] = [{ id: 'only', specs: {}, price: 1990, originalPrice: 2990, stock: 100, image: null }];
    expect(initialSelection([], single)).toEqual({});
    expect(chosenSku([], single, {})?.id).toBe('only');
    expect(summarize([], single, {})).toEqual({
      sku: single[0],
      price: { min: 1990, max: 1990 },
      originalPrice: 2990,
      stock: 100,
      missing: [],
    });
    expect(specOptions([], single, {})).toEqual([]);
  });
});

describe('summary of a selection', () => {
  test('nothing chosen: the range of the in-stock SKUs and the total stock', () => {
    expect(summarize(specs, skus, {})).toMatchObject({ sku: null, price: { min: 5900, max: 7900 }, stock: 16, missing: ['颜色', '尺码'] });
  });

  test('partial: the range and stock of the SKUs that still match', () => {
    expect(summarize(specs, skus, { 颜色: '白色' })).toMatchObject({ sku: null, price: { min: 6200, max: 7900 }, stock: 11, missing: ['尺码'] });
    expect(summarize(specs, skus, { 尺码: 'M' })).toMatchObject({ price: { min: 5900, max: 6200 }, stock: 8 });
  });

  test('complete: the SKU\'s price, its original price when higher, its stock', () => {
    expect(summarize(specs, skus, { 颜色: '黑色', 尺码: 'M' })).toMatchObject({
      sku: { id: 'bm' },
      price: { min: 5900, max: 5900 },
      originalPrice: 7900,
      stock: 5,
      missing: [],
    });
    expect(summarize(specs, skus, { 颜色: '白色', 尺码: 'L' }).originalPrice).toBeNull();
  });

  test('a product entirely sold out: range over all SKUs, stock 0, every value disabled', () => {
    const soldOut = skus.map((s) => ({ ...s, stock: 0 }));
    expect(summarize(specs, soldOut, {})).toMatchObject({ price: { min: 5900, max: 7900 }, stock: 0 });
    expect(specOptions(specs, soldOut, {}).every((d) => d.values.every((v) => v.disabled))).toBe(true);
  });
});

test('initial selection picks a dimension with a single value when it can be bought', () => {
  const oneColour: SpecDimension[] = [
    { name: '颜色', values: ['黑色'] },
    { name: '容量', values: ['128G', '256G'] },
  ];
  const phones: Sku[] = [
    { id: 'a', specs: { 颜色: '黑色', 容量: '128G' }, price: 100, originalPrice: null, stock: 1, image: null },
    { id: 'b', specs: { 颜色: '黑色', 容量: '256G' }, price: 200, originalPrice: null, stock: 0, image: null },
  ];
  expect(initialSelection(oneColour, phones)).toEqual({ 颜色: '黑色' });
  expect(initialSelection(oneColour, phones.map((p) => ({ ...p, stock: 0 })))).toEqual({});
});

test('priceRangeOf', () => {
  expect(priceRangeOf([])).toBeNull();
  expect(priceRangeOf(skus)).toEqual({ min: 5900, max: 7900 });
});
