/**
 * Store behaviour that depends on timing, driven through a test transport (setTransport) whose answers the test
 * releases one by one: a slow answer for an old query must not replace the new one, and so on.
 */
import type { CallEvent, Envelope, Page, ProductSummary } from '../../typings/api';
import type { Transport } from '../../miniprogram/services/api';
import { accountInfo } from './support/fake-backend';

type Api = typeof import('../../miniprogram/services/api');
type Feed = typeof import('../../miniprogram/stores/product-feed');

interface Pending {
  event: CallEvent;
  resolve(envelope: Envelope<unknown>): void;
}

let pending: Pending[];
let api: Api;
let feeds: Feed;

beforeEach(() => {
  jest.resetModules();
  (globalThis as unknown as { wx: unknown }).wx = { getStorageSync: () => 'dev-shopper', setStorageSync: () => undefined, getAccountInfoSync: () => accountInfo('develop') };
  pending = [];
  api = require('../../miniprogram/services/api') as Api;
  const transport: Transport = {
    callFunction: (_name, event) => new Promise((resolve) => pending.push({ event, resolve })),
    devGet: async () => ({ ok: true, data: [] }),
  };
  api.setTransport(transport);
  feeds = require('../../miniprogram/stores/product-feed') as Feed;
});

const product = (id: string): ProductSummary => ({
  id,
  categoryId: 'c',
  title: id,
  subtitle: '',
  image: 'https://example.com/x.png',
  price: { min: 100, max: 100 },
  originalPrice: null,
  sales: 0,
});
const page = (ids: string[], nextCursor: string | null): Envelope<Page<ProductSummary>> => ({ ok: true, data: { items: ids.map(product), nextCursor } });
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

async function answer(index: number, envelope: Envelope<unknown>): Promise<void> {
  await flush();
  pending[index].resolve(envelope);
  await flush();
}

test('switching category while the previous one is still loading shows only the new category', async () => {
  const feed = new feeds.ProductFeedStore(2);
  void feed.reset({ categoryId: 'digital' });
  void feed.reset({ categoryId: 'food' });
  await flush();
  expect(pending.map((p) => p.event.data)).toEqual([
    { categoryId: 'digital', limit: 2 },
    { categoryId: 'food', limit: 2 },
  ]);
  await answer(1, page(['rice'], null));
  await answer(0, page(['phone', 'cable'], 'c2'));
  expect(feed.items.map((p) => p.id)).toEqual(['rice']);
  expect(feed.finished).toBe(true);
  expect(feed.showNoMore).toBe(true);
});

test('reach-bottom while a page is loading asks once; pages append in order with the cursor', async () => {
  const feed = new feeds.ProductFeedStore(2);
  void feed.reset({});
  await answer(0, page(['a', 'b'], 'cur-1'));
  void feed.loadMore();
  void feed.loadMore();
  await flush();
  expect(pending).toHaveLength(2);
  expect(pending[1].event.data).toEqual({ limit: 2, cursor: 'cur-1' });
  await answer(1, page(['c'], null));
  expect(feed.items.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  void feed.loadMore();
  await flush();
  expect(pending).toHaveLength(2);
});

test('pull-down refresh keeps the list on screen until the first page arrives, then replaces it', async () => {
  const feed = new feeds.ProductFeedStore(2);
  void feed.reset({});
  await answer(0, page(['a', 'b'], 'cur-1'));
  void feed.refresh();
  await flush();
  expect(feed.items.map((p) => p.id)).toEqual(['a', 'b']);
  expect(pending[1].event.data).toEqual({ limit: 2 });
  await answer(1, page(['new', 'a'], 'cur-1b'));
  expect(feed.items.map((p) => p.id)).toEqual(['new', 'a']);
});

test('a failed next page keeps the items, shows the error, and retry asks for the same page', async () => {
  const feed = new feeds.ProductFeedStore(2);
  void feed.reset({});
  await answer(0, page(['a', 'b'], 'cur-1'));
  void feed.loadMore();
  await answer(1, { ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  expect(feed.items).toHaveLength(2);
  expect(feed.error).toEqual({ code: 'INTERNAL', message: '服务开小差了，请稍后重试' });
  void feed.loadMore();
  await flush();
  expect(pending).toHaveLength(2);
  void feed.retry();
  await flush();
  expect(pending[2].event.data).toEqual({ limit: 2, cursor: 'cur-1' });
  await answer(2, page(['c'], null));
  expect(feed.items.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  expect(feed.error).toBeNull();
});

test('the detail store keeps the quantity within the chosen SKU\'s stock', async () => {
  const { ProductDetailStore } = require('../../miniprogram/packages/goods/stores/product-detail') as typeof import('../../miniprogram/packages/goods/stores/product-detail');
  const store = new ProductDetailStore();
  void store.load('tee');
  await answer(0, {
    ok: true,
    data: {
      ...product('tee'),
      images: ['https://example.com/1.png'],
      description: '',
      detailImages: [],
      shipping: { fee: 0, freeOver: 0 },
      specs: [{ name: '尺码', values: ['M', 'L'] }],
      skus: [
        { id: 'm', specs: { 尺码: 'M' }, price: 100, originalPrice: null, stock: 9, image: null },
        { id: 'l', specs: { 尺码: 'L' }, price: 120, originalPrice: null, stock: 2, image: null },
      ],
    },
  });
  store.select('尺码', 'M');
  store.setQuantity(7);
  expect(store.quantity).toBe(7);
  store.select('尺码', 'L');
  expect(store.quantity).toBe(2);
  store.setQuantity(0);
  expect(store.quantity).toBe(1);
  store.setQuantity(99);
  expect(store.quantity).toBe(2);
});
