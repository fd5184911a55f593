/**
 * A small shop for the page tests: two categories, 13 products (two home pages of 10), one with specs; shipping
 * ¥8 under ¥99; coupon templates for the checkout and coupon pages (each shopper claims what a test needs).
 */
import type { FixtureInput } from '../../../cloudfunctions/local/fixture';

const img = (name: string): string[] => [`/static/img/${name}.svg`];
const DAY = 24 * 3600_000;
/** Fixed when the test file loads; the local cloud follows real time. */
const NOW = Date.now();

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
  settings: { shipping: { flatFee: 800, freeOver: 9900 } },
  couponTemplates: [
    { id: 't-5off', name: '立减5元', kind: 'amount_off', threshold: 0, amountOff: 500, scope: { type: 'all' }, validDays: 30, total: 10000, perUserLimit: 5 },
    { id: 't-200-30', name: '满200减30', kind: 'amount_off', threshold: 20000, amountOff: 3000, scope: { type: 'all' }, validDays: 30, total: 10000, perUserLimit: 5 },
    { id: 't-tee-90', name: 'T恤9折', kind: 'percent_off', threshold: 0, discountBps: 1000, maxOff: 2000, scope: { type: 'products', ids: ['tee'] }, validDays: 30, total: 10000, perUserLimit: 5 },
    { id: 't-future', name: '下周可用券', kind: 'amount_off', threshold: 0, amountOff: 1000, scope: { type: 'all' }, validFrom: NOW + 7 * DAY, validTo: NOW + 30 * DAY, total: 10000, perUserLimit: 5 },
    { id: 't-one', name: '限量1张', kind: 'amount_off', threshold: 0, amountOff: 200, scope: { type: 'all' }, validDays: 7, total: 1, perUserLimit: 1 },
    { id: 't-newbie', name: '新人满30减3', kind: 'amount_off', threshold: 3000, amountOff: 300, scope: { type: 'all' }, validDays: 7, total: 10000, perUserLimit: 1, newUserOnly: true },
  ],
};

/** Coupon template ids of the fixture, by what they are for. */
export const COUPONS = {
  /** ¥5 off anything: the best coupon for small orders. */
  fiveOff: 't-5off',
  /** ¥30 off from ¥200: below threshold for small orders. */
  belowThreshold: 't-200-30',
  /** 10% off the T-shirt only: out of scope for anything else. */
  teeOnly: 't-tee-90',
  /** Valid from next week: not started. */
  notStarted: 't-future',
  /** One in all: the second shopper finds it sold out. */
  limited: 't-one',
  /** New shoppers only, one each: 已领取 after claiming. */
  newcomer: 't-newbie',
} as const;

/** Titles in feed order (sort desc). */
export const FEED_TITLES = ['纯棉短袖 T 恤', '快充数据线 1 米', ...fillers.map((p) => p.title)];
