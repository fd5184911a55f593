/** A small shop for the page tests: two categories, 13 products (two home pages of 10), one with specs. */
import type { FixtureInput } from '../../../cloudfunctions/local/fixture';

const img = (name: string): string[] => [`/static/img/${name}.svg`];

const fillers = Array.from({ length: 11 }, (_, i) => ({
  id: `snack-${String(i + 1).padStart(2, '0')}`,
  categoryId: 'food',
  title: `休闲零食 ${i + 1} 号`,
  subtitle: '办公室常备',
  images: img(`snack-${i + 1}`),
  sort: 50 - i,
  sales: 10 + i,
  skus: [{ id: `snack-${i + 1}-sku`, specs: {}, price: 990 + i * 100, stock: 50 }],
}));

export const SHOP: FixtureInput = {
  categories: [
    { id: 'digital', name: '数码配件', sort: 10 },
    { id: 'food', name: '食品饮料', sort: 20 },
  ],
  products: [
    {
      id: 'tee',
      categoryId: 'digital',
      title: '纯棉短袖 T 恤',
      subtitle: '240g 重磅纯棉',
      images: [...img('tee-1'), ...img('tee-2')],
      description: '面料：100% 棉\n洗涤：30℃ 以下水洗',
      sort: 100,
      sales: 12800,
      skus: [
        { id: 'tee-black-m', specs: { 颜色: '黑色', 尺码: 'M' }, price: 5900, originalPrice: 7900, stock: 5 },
        { id: 'tee-black-l', specs: { 颜色: '黑色', 尺码: 'L' }, price: 6900, stock: 0 },
        { id: 'tee-white-m', specs: { 颜色: '白色', 尺码: 'M' }, price: 6200, stock: 3 },
        { id: 'tee-white-l', specs: { 颜色: '白色', 尺码: 'L' }, price: 7900, stock: 8 },
        { id: 'tee-red-m', specs: { 颜色: '红色', 尺码: 'M' }, price: 5900, stock: 0 },
        { id: 'tee-red-l', specs: { 颜色: '红色', 尺码: 'L' }, price: 5900, stock: 0 },
      ],
    },
    {
      id: 'cable',
      categoryId: 'digital',
      title: '快充数据线 1 米',
      images: img('cable'),
      sort: 90,
      sales: 320,
      skus: [{ id: 'cable-1', specs: {}, price: 1990, stock: 100 }],
    },
    ...fillers,
  ],
  users: [
    { openid: 'dev-merchant', nickname: '店长老王', roles: ['merchant'] },
    { openid: 'dev-shopper', nickname: '小明' },
    { openid: 'dev-distributor', nickname: '推广员阿花', roles: ['distributor'] },
  ],
  settings: {},
};

/** Titles in feed order (sort desc). */
export const FEED_TITLES = ['纯棉短袖 T 恤', '快充数据线 1 米', ...fillers.map((p) => p.title)];
