/** Shared components rendered on their own: price (fen in, yuan out) and product-card (tap opens the detail page). */
import path from 'path';
import type { ProductSummary } from '../../typings/api';
import { AnyComponent, ensureMiniprogramNpm, MP_ROOT, settle, textOf } from './support/harness';

type Simulate = typeof import('miniprogram-simulate');

beforeAll(() => ensureMiniprogramNpm(), 120_000);

function render(component: string, props: Record<string, unknown>): AnyComponent {
  jest.resetModules();
  const simulate = require('miniprogram-simulate') as Simulate;
  const id = simulate.load(path.join(MP_ROOT, component), { compiler: 'official', rootPath: MP_ROOT });
  const comp = simulate.render(id, props);
  const doc = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;
  comp.attach(doc.createElement('parent-wrapper') as Parameters<typeof comp.attach>[0]);
  return comp;
}

describe('price', () => {
  const now = (c: AnyComponent): string => textOf(c.querySelector('.price__now'));
  const original = (c: AnyComponent): string => textOf(c.querySelector('.price__original'));

  test('formats fen as yuan, and a range when max is above value', () => {
    expect(now(render('components/price/index', { value: 1230 }))).toBe('¥12.30');
    expect(now(render('components/price/index', { value: 1230, max: 4500 }))).toBe('¥12.30 - ¥45.00');
    expect(now(render('components/price/index', { value: 1230, max: 1230 }))).toBe('¥12.30');
  });

  test('strikes through the original price only when it is above the price', () => {
    const withOriginal = render('components/price/index', { value: 5900, original: 7900 });
    expect(original(withOriginal)).toBe('¥79.00');
    expect(render('components/price/index', { value: 5900, original: 5900 }).querySelector('.price__original')).toBeUndefined();
    expect(render('components/price/index', { value: 5900, max: 7900, original: 6900 }).querySelector('.price__original')).toBeUndefined();
  });
});

describe('product-card', () => {
  const product: ProductSummary = {
    id: 'tee',
    categoryId: 'fashion',
    title: '纯棉短袖 T 恤',
    subtitle: '240g 重磅纯棉',
    image: 'https://example.com/tee.png',
    price: { min: 5900, max: 7900 },
    originalPrice: null,
    sales: 12800,
  };

  test('shows title, subtitle, price range and sales', () => {
    const card = render('components/product-card/index', { product });
    expect(textOf(card.querySelector('.card__title'))).toBe('纯棉短袖 T 恤');
    expect(textOf(card.querySelector('.card__subtitle'))).toBe('240g 重磅纯棉');
    expect(textOf(card)).toContain('¥59.00 - ¥79.00');
    expect(textOf(card.querySelector('.card__sales'))).toBe('已售1.2万');
  });

  test('tapping it opens the product detail page', async () => {
    const card = render('components/product-card/index', { product });
    const navigateTo = jest.fn();
    (wx as unknown as { navigateTo: unknown }).navigateTo = navigateTo;
    card.querySelector('.card')?.dispatchEvent('tap');
    await settle(20);
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/goods/pages/detail/index?id=tee' });
  });
});
