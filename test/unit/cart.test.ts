import fc from 'fast-check';
import {
  CartLineState,
  ProductSnapshot,
  SkuSnapshot,
  addToCart,
  cartView,
  removeFromCart,
  selectInCart,
  setQty,
  specText,
} from '../../cloudfunctions/domain/cart';
import { CART_MAX_LINES, CART_MAX_QTY } from '../../typings/api';

const product = (over: Partial<ProductSnapshot> = {}): ProductSnapshot => ({ title: '耳机', images: ['/a.svg', '/b.svg'], onSale: true, specNames: ['颜色', '版本'], ...over });
const sku = (over: Partial<SkuSnapshot> = {}): SkuSnapshot => ({ productId: 'p1', specs: { 版本: 'Max', 颜色: '黑色' }, price: 1000, stock: 10, ...over });
const line = (skuId: string, qty = 1, over: Partial<CartLineState> = {}): CartLineState => ({ skuId, qty, selected: true, addedPrice: 1000, addedAt: 1, ...over });

function expectLines(d: ReturnType<typeof addToCart>): CartLineState[] {
  if (!d.ok) throw new Error(`${d.code}: ${d.message}`);
  return d.lines;
}

describe('addToCart', () => {
  test('a new SKU goes first, selected, at the current price', () => {
    const out = expectLines(addToCart([line('a')], { skuId: 'b', qty: 2, now: 50 }, sku({ price: 1234 }), product()));
    expect(out).toEqual([{ skuId: 'b', qty: 2, selected: true, addedPrice: 1234, addedAt: 50 }, line('a')]);
  });

  test('an existing SKU raises its quantity in place, is selected again and takes the current price', () => {
    const lines = [line('a'), line('b', 3, { selected: false, addedPrice: 900, addedAt: 7 })];
    const out = expectLines(addToCart(lines, { skuId: 'b', qty: 2, now: 50 }, sku({ price: 1000 }), product()));
    expect(out).toEqual([line('a'), { skuId: 'b', qty: 5, selected: true, addedPrice: 1000, addedAt: 7 }]);
  });

  test('unknown SKU, missing or off-sale product -> NOT_FOUND', () => {
    expect(addToCart([], { skuId: 'x', qty: 1, now: 1 }, null, null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(addToCart([], { skuId: 'x', qty: 1, now: 1 }, sku(), null)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(addToCart([], { skuId: 'x', qty: 1, now: 1 }, sku(), product({ onSale: false }))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('a line above 99 is refused with how many are already in the cart', () => {
    const d = addToCart([line('a', 98)], { skuId: 'a', qty: 2, now: 1 }, sku({ stock: 1000 }), product());
    expect(d).toEqual({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('98') });
    expect(expectLines(addToCart([line('a', 98)], { skuId: 'a', qty: 1, now: 1 }, sku({ stock: 1000 }), product()))[0].qty).toBe(99);
  });

  test('bad quantities are refused even if a caller skipped the schema', () => {
    for (const qty of [0, -1, 1.5, 100, NaN, Infinity]) {
      expect(addToCart([], { skuId: 'a', qty, now: 1 }, sku(), product())).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    }
  });

  test('beyond stock -> OUT_OF_STOCK naming what is left; sold out says so', () => {
    expect(addToCart([], { skuId: 'a', qty: 4, now: 1 }, sku({ stock: 3 }), product())).toEqual({ ok: false, code: 'OUT_OF_STOCK', message: expect.stringContaining('仅剩 3 件') });
    expect(addToCart([line('a', 2)], { skuId: 'a', qty: 2, now: 1 }, sku({ stock: 3 }), product())).toEqual({ ok: false, code: 'OUT_OF_STOCK', message: expect.stringMatching(/仅剩 3 件.*已有 2 件/) });
    expect(addToCart([], { skuId: 'a', qty: 1, now: 1 }, sku({ stock: 0 }), product())).toEqual({ ok: false, code: 'OUT_OF_STOCK', message: expect.stringContaining('售罄') });
    expect(addToCart([], { skuId: 'a', qty: 1, now: 1 }, sku({ stock: -2 }), product())).toMatchObject({ ok: false, code: 'OUT_OF_STOCK' });
  });

  test('at most 100 distinct SKUs; an existing line can still grow in a full cart', () => {
    const full = Array.from({ length: CART_MAX_LINES }, (_, i) => line(`s${i}`));
    expect(addToCart(full, { skuId: 'new', qty: 1, now: 1 }, sku(), product())).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('购物车已满') });
    expect(expectLines(addToCart(full, { skuId: 's5', qty: 1, now: 1 }, sku(), product()))[5].qty).toBe(2);
  });

  test('the input lines are never mutated', () => {
    const lines = [line('a', 1)];
    const copy = JSON.parse(JSON.stringify(lines));
    addToCart(lines, { skuId: 'a', qty: 3, now: 9 }, sku(), product());
    addToCart(lines, { skuId: 'b', qty: 3, now: 9 }, sku(), product());
    expect(lines).toEqual(copy);
  });

  test('property: every accepted add keeps 1 <= qty <= min(99, stock), distinct SKUs, at most 100 lines', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ sku: fc.integer({ min: 0, max: 5 }), qty: fc.integer({ min: 1, max: 120 }), stock: fc.integer({ min: 0, max: 200 }) }), { maxLength: 60 }),
      (ops) => {
        let lines: CartLineState[] = [];
        for (const op of ops) {
          const d = addToCart(lines, { skuId: `s${op.sku}`, qty: op.qty, now: 1 }, sku({ stock: op.stock }), product());
          if (d.ok) {
            lines = d.lines;
            const l = lines.find((x) => x.skuId === `s${op.sku}`)!;
            if (l.qty > Math.min(CART_MAX_QTY, op.stock)) return false;
          }
        }
        return new Set(lines.map((l) => l.skuId)).size === lines.length && lines.length <= CART_MAX_LINES && lines.every((l) => l.qty >= 1 && l.qty <= CART_MAX_QTY);
      },
    ));
  });
});

describe('setQty', () => {
  test('sets the quantity of an existing line, keeping its place and selection', () => {
    const out = expectLines(setQty([line('a'), line('b', 1, { selected: false })], { skuId: 'b', qty: 7 }, sku(), product()));
    expect(out).toEqual([line('a'), line('b', 7, { selected: false })]);
  });

  test('a SKU not in the cart -> NOT_FOUND; an off-sale one -> NOT_FOUND', () => {
    expect(setQty([line('a')], { skuId: 'b', qty: 1 }, sku(), product())).toEqual({ ok: false, code: 'NOT_FOUND', message: '购物车中没有该商品' });
    expect(setQty([line('a')], { skuId: 'a', qty: 1 }, sku(), product({ onSale: false }))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('beyond stock -> OUT_OF_STOCK; lowering an over-stock line to what is left works', () => {
    expect(setQty([line('a', 5)], { skuId: 'a', qty: 6 }, sku({ stock: 4 }), product())).toMatchObject({ ok: false, code: 'OUT_OF_STOCK', message: expect.stringContaining('4') });
    expect(expectLines(setQty([line('a', 5)], { skuId: 'a', qty: 4 }, sku({ stock: 4 }), product()))[0].qty).toBe(4);
  });

  test('the same quantity is no change', () => {
    expect(setQty([line('a', 3)], { skuId: 'a', qty: 3 }, sku(), product())).toMatchObject({ ok: true, changed: false });
  });
});

describe('removeFromCart and selectInCart', () => {
  const lines = [line('a'), line('b', 2), line('c', 3, { selected: false })];

  test('remove drops the listed lines and ignores unknown SKUs', () => {
    expect(removeFromCart(lines, ['b', 'zzz'])).toEqual({ ok: true, changed: true, lines: [line('a'), line('c', 3, { selected: false })] });
    expect(removeFromCart(lines, ['zzz'])).toMatchObject({ ok: true, changed: false, lines });
  });

  test('select sets the flag on listed lines only; no change is reported as such', () => {
    expect(selectInCart(lines, ['a', 'c'], false)).toEqual({ ok: true, changed: true, lines: [line('a', 1, { selected: false }), line('b', 2), line('c', 3, { selected: false })] });
    expect(selectInCart(lines, ['c', 'nope'], true)).toMatchObject({ ok: true, changed: true });
    expect(selectInCart(lines, ['a', 'b'], true)).toMatchObject({ ok: true, changed: false });
  });
});

describe('specText', () => {
  test('values in the product\'s spec order, joined by " / "; no specs -> empty', () => {
    expect(specText({ 版本: 'Max', 颜色: '黑色' }, ['颜色', '版本'])).toBe('黑色 / Max');
    expect(specText({ 版本: 'Max', 颜色: '黑色' }, [])).toBe('Max / 黑色');
    expect(specText({ 尺码: 'L', 颜色: '白' }, ['颜色'])).toBe('白 / L');
    expect(specText({}, ['颜色'])).toBe('');
  });
});

describe('cartView', () => {
  const products = new Map<string, ProductSnapshot>([
    ['p1', product()],
    ['off', product({ title: '下架了', onSale: false })],
  ]);
  const skus = new Map<string, SkuSnapshot>([
    ['ok', sku({ price: 1000, stock: 10 })],
    ['cheaper', sku({ price: 800, stock: 10, specs: { 颜色: '白色', 版本: '标准' } })],
    ['short', sku({ price: 1000, stock: 2 })],
    ['soldout', sku({ price: 1000, stock: 0 })],
    ['offsale', sku({ productId: 'off', price: 1000, stock: 10 })],
    ['orphan', sku({ productId: 'deleted-product', stock: 10 })],
  ]);

  test('lines are joined with current data and flagged; invalid ones are set apart', () => {
    const v = cartView(
      [line('ok', 2), line('cheaper', 1, { addedPrice: 1000 }), line('short', 3), line('soldout'), line('offsale'), line('vanished', 4, { addedPrice: 555 }), line('orphan')],
      skus,
      products,
    );
    expect(v.lines.map((l) => l.skuId)).toEqual(['ok', 'cheaper', 'short']);
    expect(v.invalid.map((l) => l.skuId)).toEqual(['soldout', 'offsale', 'vanished', 'orphan']);
    expect(v.lines[0]).toEqual({
      skuId: 'ok', productId: 'p1', title: '耳机', image: '/a.svg', specs: { 版本: 'Max', 颜色: '黑色' }, specText: '黑色 / Max',
      price: 1000, addedPrice: 1000, qty: 2, selected: true, stock: 10,
      flags: { offSale: false, outOfStock: false, insufficientStock: false, priceChanged: false }, valid: true,
    });
    expect(v.lines[1]).toMatchObject({ price: 800, addedPrice: 1000, specText: '白色 / 标准', flags: { priceChanged: true }, valid: true });
    expect(v.lines[2]).toMatchObject({ stock: 2, qty: 3, selected: false, valid: false, flags: { insufficientStock: true, outOfStock: false } });
    expect(v.invalid[0]).toMatchObject({ flags: { outOfStock: true, offSale: false }, valid: false, selected: false });
    expect(v.invalid[1]).toMatchObject({ title: '下架了', flags: { offSale: true }, valid: false });
    expect(v.invalid[2]).toMatchObject({ title: '商品已失效', productId: '', price: 555, qty: 4, flags: { offSale: true }, valid: false });
    expect(v.invalid[3]).toMatchObject({ flags: { offSale: true }, valid: false });
    // subtotal: only selected valid lines; count: every line
    expect(v.selectedSubtotal).toBe(2 * 1000 + 800);
    expect(v.selectedCount).toBe(2);
    expect(v.count).toBe(2 + 1 + 3 + 1 + 1 + 4 + 1);
    expect(v.allSelected).toBe(true);
  });

  test('allSelected needs every valid line selected and at least one valid line', () => {
    expect(cartView([], skus, products)).toEqual({ lines: [], invalid: [], count: 0, selectedCount: 0, selectedSubtotal: 0, allSelected: false, shipping: { fee: 0, freeOver: 0, shortBy: 0 } });
    expect(cartView([line('ok'), line('cheaper', 1, { selected: false })], skus, products)).toMatchObject({ allSelected: false, selectedCount: 1, selectedSubtotal: 1000 });
    expect(cartView([line('soldout')], skus, products).allSelected).toBe(false);
  });

  test('property: the subtotal is the sum over selected valid lines and every line lands in exactly one list', () => {
    const ids = [...skus.keys(), 'vanished'];
    fc.assert(fc.property(
      fc.uniqueArray(fc.record({ id: fc.constantFrom(...ids), qty: fc.integer({ min: 1, max: 99 }), selected: fc.boolean() }), { selector: (r) => r.id }),
      (rows) => {
        const v = cartView(rows.map((r) => line(r.id, r.qty, { selected: r.selected })), skus, products);
        const all = [...v.lines, ...v.invalid];
        const sum = all.filter((l) => l.valid && l.selected).reduce((s, l) => s + l.price * l.qty, 0);
        return all.length === rows.length && v.selectedSubtotal === sum && v.invalid.every((l) => !l.valid && !l.selected);
      },
    ));
  });
});
