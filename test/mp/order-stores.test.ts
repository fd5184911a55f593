/**
 * OrderDetailStore (countdown from a ticking `now` on the server's clock, pay / cancel / confirm receipt) and
 * OrderListStore (status tabs, cursor pages, late answers dropped, cards by path) over a fake backend.
 */
import fs from 'fs';
import path from 'path';
import type { OrderDetail, OrderSummary, Page } from '../../typings/api';
import { cartView, order, orderLine } from './support/commerce-data';
import { connectStores, deferred, fakeBackend, FakeBackend, flush, refuse } from './support/fake-backend';

type DetailModule = typeof import('../../miniprogram/packages/order/stores/order-detail');
type ListModule = typeof import('../../miniprogram/packages/order/stores/order-list');
type PagedModule = typeof import('../../miniprogram/stores/paged-list');

function setup(backend: FakeBackend, envVersion: 'develop' | 'release' = 'develop'): { detail: DetailModule; list: ListModule; paged: PagedModule } {
  connectStores(backend, {}, envVersion);
  return {
    detail: require('../../miniprogram/packages/order/stores/order-detail') as DetailModule,
    list: require('../../miniprogram/packages/order/stores/order-list') as ListModule,
    paged: require('../../miniprogram/stores/paged-list') as PagedModule,
  };
}

const T0 = 1_730_000_000_000;

describe('order detail', () => {
  test('a pending order counts down to its payDeadline as now ticks, and offers pay and cancel', async () => {
    const backend = fakeBackend({ order: { detail: () => order({ createdAt: T0 }) } });
    const { detail } = setup(backend);
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    store.tick(T0);
    expect(store.statusText).toBe('待付款');
    expect(store.showCountdown).toBe(true);
    expect(store.countdownText).toBe('30:00');
    store.tick(T0 + 61_000);
    expect(store.countdownText).toBe('28:59');
    store.tick(T0 + 29 * 60_000 + 59_500);
    expect(store.countdownText).toBe('00:01');
    expect(store.canPay).toBe(true);
    expect(store.canCancel).toBe(true);
    expect(store.canConfirm).toBe(false);
    expect(store.steps).toEqual([{ text: '已下单', desc: '2024-10-27 11:33' }]);
    expect(store.addressText).toBe('广东省深圳市南山区科技园 1 号');
  });

  test('at the deadline: no more paying, and the order is read again once', async () => {
    const backend = fakeBackend({ order: { detail: () => order({ createdAt: T0 }) } });
    const { detail } = setup(backend);
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    store.tick(T0 + 30 * 60_000);
    expect(store.expired).toBe(true);
    expect(store.canPay).toBe(false);
    expect(store.showCountdown).toBe(false);
    expect(store.statusHint).toBe('支付已超时，订单即将关闭');
    store.tick(T0 + 31 * 60_000);
    await flush();
    expect(backend.payloads('order.detail')).toHaveLength(2);
  });

  test('cancel replaces the order with the server answer; cancelling again is refused on the client', async () => {
    let current: OrderDetail = order({ createdAt: T0 });
    const backend = fakeBackend({
      order: {
        detail: () => current,
        cancel: () => {
          current = order({ createdAt: T0, status: 'cancelled', payDeadline: null, cancelReason: '买家取消', timeline: [...current.timeline, { status: 'cancelled', at: T0 + 60_000, note: '买家取消' }] });
          return current;
        },
      },
    });
    const { detail } = setup(backend);
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    store.tick(T0);
    await expect(store.cancel()).resolves.toEqual({ ok: true });
    expect(backend.payloads('order.cancel')).toEqual([{ orderId: 'o1' }]);
    expect(store.statusText).toBe('已取消');
    expect(store.statusHint).toBe('买家取消');
    expect(store.canPay || store.canCancel || store.showCountdown).toBe(false);
    expect(store.steps[0]).toEqual({ text: '已取消（买家取消）', desc: '2024-10-27 11:34' });
    await expect(store.cancel()).resolves.toMatchObject({ ok: false, message: '订单当前不能取消' });
  });

  test('a shipped order can be received; a refusal answers the server message and re-reads the order', async () => {
    const shipment = { carrier: '顺丰', trackingNo: 'SF1234', shippedAt: T0 + 3600_000 };
    const backend = fakeBackend({
      order: {
        detail: () => order({ status: 'shipped', payDeadline: null, shipment }),
        confirmReceipt: () => {
          throw refuse('CONFLICT', '订单状态已变化，请刷新');
        },
      },
    });
    const { detail } = setup(backend);
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    expect(store.canConfirm).toBe(true);
    expect(store.canPay).toBe(false);
    expect(store.shippedText).toBe('2024-10-27 12:33');
    await expect(store.confirmReceipt()).resolves.toEqual({ ok: false, code: 'CONFLICT', message: '订单状态已变化，请刷新' });
    await flush();
    expect(backend.payloads('order.detail')).toHaveLength(2);
    expect(store.acting).toBeNull();
  });

  test('pay: prepay, sandbox callback, then order.detail until it shows paid', async () => {
    let reads = 0;
    const backend = fakeBackend({
      order: { detail: () => (++reads >= 3 ? order({ status: 'paid', payDeadline: null, paidAt: T0 + 1000 }) : order({ createdAt: Date.now() })) },
      pay: { prepay: () => ({ mode: 'sandbox', orderId: 'o1', callback: { outTradeNo: 'o1' } }) },
    });
    const { detail } = setup(backend);
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    store.tick();
    const paying = store.pay();
    expect(store.acting).toBe('pay');
    const result = await paying;
    expect(result).toEqual({ ok: true, paid: true });
    expect(backend.devPosts).toHaveLength(1);
    expect(store.statusText).toBe('待发货');
    expect(store.paidText).toBe('2024-10-27 11:33');
    expect(store.acting).toBeNull();
  }, 10_000);

  test('an unknown order says 订单不存在', async () => {
    const backend = fakeBackend({ order: { detail: () => Promise.reject(refuse('NOT_FOUND', '订单不存在')) } });
    const { detail } = setup(backend);
    const store = new detail.OrderDetailStore();
    await store.load('nope');
    expect(store.notFound).toBe(true);
    expect(store.error?.message).toBe('订单不存在');
  });
});

describe('order list', () => {
  const summary = (id: string, status: OrderSummary['status'] = 'paid'): OrderSummary => {
    const { orderId: _o, orderNo: _n, status: _s, ...rest } = order();
    return { ...rest, orderId: id, orderNo: id, status } as OrderSummary;
  };

  test('a tab asks order.list with its status; pages follow the cursor; 全部 sends no status', async () => {
    const backend = fakeBackend({
      order: {
        list: (p): Page<OrderSummary> => (p.cursor ? { items: [summary('o3')], nextCursor: null } : { items: [summary('o1', p.status), summary('o2', p.status)], nextCursor: 'c1' }),
      },
    });
    const { list } = setup(backend);
    const store = new list.OrderListStore();
    await store.reset('pending_payment');
    await store.loadMore();
    expect(backend.payloads('order.list')).toEqual([{ status: 'pending_payment' }, { status: 'pending_payment', cursor: 'c1' }]);
    expect(store.cards.map((c) => [c.orderId, c.statusText])).toEqual([['o1', '待付款'], ['o2', '待付款'], ['o3', '待发货']]);
    expect(store.showNoMore).toBe(true);
    await store.loadMore();
    expect(backend.payloads('order.list')).toHaveLength(2);
    await store.reset(undefined);
    expect(backend.payloads('order.list')[2]).toEqual({});
  });

  test('switching tabs while one is loading shows only the new tab', async () => {
    const slow = deferred<Page<OrderSummary>>();
    const backend = fakeBackend({
      order: { list: (p) => (p.status === 'paid' ? slow.promise : { items: [summary('c1', 'cancelled')], nextCursor: null }) },
    });
    const { list } = setup(backend);
    const store = new list.OrderListStore();
    const first = store.reset('paid');
    await store.reset('cancelled');
    slow.resolve({ items: [summary('p1')], nextCursor: null });
    await first;
    expect(store.status).toBe('cancelled');
    expect(store.items.map((o) => o.orderId)).toEqual(['c1']);
  });
});

describe('the pay-by countdown follows the server clock, not the phone alone', () => {
  const MIN = 60_000;
  const S = 1_800_000_000_000; // when the server created the order
  let phoneNow: number;
  let dateNow: jest.SpyInstance;
  beforeEach(() => {
    dateNow = jest.spyOn(Date, 'now').mockImplementation(() => phoneNow);
  });
  afterEach(() => dateNow.mockRestore());

  test('local cloud: the offset from GET /health (the phone runs 15 minutes slow)', async () => {
    phoneNow = S - 10 * MIN; // the server is at S + 5 min
    const backend = fakeBackend({ order: { detail: () => order({ createdAt: S }) } });
    backend.transport.devGet = async (path) => (path === '/health' ? { ok: true, data: { now: phoneNow + 15 * MIN } } : { ok: true, data: [] });
    const { detail } = setup(backend);
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    await flush();
    store.tick();
    expect(store.countdownText).toBe('25:00');
    expect(store.canPay).toBe(true);
    phoneNow += 25 * MIN;
    store.tick();
    expect(store.expired).toBe(true);
    expect(store.canPay).toBe(false);
  });

  test('cloud (no server time in any response): the order\'s own timestamps show a slow phone', async () => {
    phoneNow = S - 10 * MIN;
    const backend = fakeBackend({ order: { detail: () => order({ createdAt: S }) } });
    const { detail } = setup(backend, 'release');
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    await flush();
    store.tick();
    // The phone alone would say 40:00; the server had already written createdAt = S when it answered.
    expect(store.countdownText).toBe('30:00');
    expect(backend.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['order.detail']);
  });

  test('a fast phone cannot be corrected without a server time (the countdown then ends early, never late)', async () => {
    phoneNow = S + 10 * MIN;
    const backend = fakeBackend({ order: { detail: () => order({ createdAt: S }) } });
    const { detail } = setup(backend, 'release');
    const store = new detail.OrderDetailStore();
    await store.load('o1');
    store.tick();
    expect(store.countdownText).toBe('20:00');
  });
});

describe('order cards reach the page by path', () => {
  const summary = (id: string, lines = 1): OrderSummary => {
    const { orderId: _o, orderNo: _n, lines: _l, ...rest } = order();
    return { ...rest, orderId: id, orderNo: id, lines: Array.from({ length: lines }, (_, i) => orderLine(`${id}-${i}`, 100, 1)) } as OrderSummary;
  };

  test('a card holds a summary: the single line, or the first four images; no line arrays', () => {
    const { list } = setup(fakeBackend({}));
    const one = list.toCard(summary('o1'), T0 + 60_000);
    expect(one).toEqual({
      orderId: 'o1', orderNo: 'o1', status: 'pending_payment', statusText: '待付款', itemCount: 2, payable: 2000,
      single: { title: '商品 o1-0', specText: '', image: '/static/img/x.svg' }, thumbs: [],
      displayNo: 'o1', createdText: '2024-10-27 11:33', actions: ['pay'],
      payCountdown: '29:00', afterSaleText: '', refundedAmount: 0,
    });
    const many = list.toCard(summary('o2', 9));
    expect(many.single).toBeNull();
    expect(many.thumbs).toHaveLength(list.CARD_THUMBS);
    expect(Object.keys(many)).not.toContain('lines');
  });

  test('first page whole, next pages by path, a new tab whole again', async () => {
    const backend = fakeBackend({
      order: {
        list: (p): Page<OrderSummary> =>
          p.cursor === 'c1'
            ? { items: [summary('o3'), summary('o4', 6)], nextCursor: null }
            : { items: [summary(`${p.status ?? 'all'}-1`), summary(`${p.status ?? 'all'}-2`)], nextCursor: p.status ? null : 'c1' },
      },
    });
    const { list, paged } = setup(backend);
    const store = new list.OrderListStore();
    const sets: Array<Record<string, unknown>> = [];
    const target = { setData: (d: Record<string, unknown>) => void sets.push(d) };
    const dispose = paged.bindItemsByPath(target, store, 'orders', list.toCard);
    expect(sets).toEqual([{ orders: [] }]);

    await store.reset(undefined);
    expect(Object.keys(sets[sets.length - 1])).toEqual(['orders']);
    expect((sets[sets.length - 1].orders as unknown[]).length).toBe(2);

    const before = sets.length;
    await store.loadMore();
    // One setData with the two new cards only.
    expect(sets.slice(before)).toEqual([
      { 'orders[2]': expect.objectContaining({ orderId: 'o3', single: expect.objectContaining({ title: '商品 o3-0' }) }), 'orders[3]': expect.objectContaining({ orderId: 'o4', single: null }) },
    ]);

    await store.reset('paid');
    const last = sets[sets.length - 1];
    expect(Object.keys(last)).toEqual(['orders']);
    expect((last.orders as Array<{ orderId: string }>).map((c) => c.orderId)).toEqual(['paid-1', 'paid-2']);

    dispose();
    const after = sets.length;
    await store.refresh();
    expect(sets).toHaveLength(after);
  });
});

describe('order card actions in the list store', () => {
  const summary = (id: string, status: OrderSummary['status'], skus: string[]): OrderSummary => {
    const { orderId: _o, orderNo: _n, lines: _l, ...rest } = order();
    return { ...rest, orderId: id, orderNo: id, status, lines: skus.map((sku) => orderLine(sku, 100, 2)) } as OrderSummary;
  };

  test('再次购买 adds every line to the cart in order, skipping what the cart refuses; nothing added is a failure', async () => {
    const backend = fakeBackend({
      order: { list: () => ({ items: [summary('done', 'completed', ['a', 'gone', 'b']), summary('void', 'cancelled', ['gone'])], nextCursor: null }) },
      cart: {
        add: (p: { skuId: string; qty: number }) => {
          if (p.skuId === 'gone') throw refuse('NOT_FOUND', '商品不存在或已下架');
          return cartView([]);
        },
        get: () => cartView([]),
      },
    });
    const { list } = setup(backend);
    const store = new list.OrderListStore();
    await store.reset(undefined);
    expect(await store.rebuy('done')).toEqual({ ok: true, added: 2, skipped: 1 });
    expect(backend.payloads('cart.add')).toEqual([{ skuId: 'a', qty: 2 }, { skuId: 'gone', qty: 2 }, { skuId: 'b', qty: 2 }]);
    expect(await store.rebuy('void')).toMatchObject({ ok: false, message: '商品不存在或已下架', added: 0, skipped: 1 });
    expect(store.acting).toBeNull();
  });

  test('去支付 and 确认收货 only where the status allows; the countdown per pending order follows now', async () => {
    const backend = fakeBackend({
      order: { list: () => ({ items: [summary('p', 'pending_payment', ['a']), summary('s', 'shipped', ['a'])], nextCursor: null }) },
    });
    const { list } = setup(backend);
    const store = new list.OrderListStore();
    await store.reset(undefined);
    const deadline = store.items[0].payDeadline as number;
    store.tick(deadline - 61_000);
    expect(store.countdowns).toEqual({ p: '01:01' });
    expect(await store.pay('s')).toMatchObject({ ok: false, message: '订单当前不能支付' });
    expect(await store.confirmReceipt('p')).toMatchObject({ ok: false, message: '订单当前不能确认收货' });
    store.tick(deadline);
    // Past the window the order stays on the list (the server closes it) with an empty countdown: no 去支付.
    expect(store.countdowns).toEqual({ p: '' });
    expect(store.cards[0].payCountdown).toBe('');
    expect(await store.pay('p')).toMatchObject({ ok: false, message: '订单已超时' });
    expect(backend.payloads('pay.prepay')).toEqual([]);
  });
});

describe('order cards: the countdown from the first moment, the after-sale tag, the refunded amount', () => {
  const summary = (id: string, over: Partial<OrderSummary> = {}): OrderSummary => {
    const { orderId: _o, orderNo: _n, ...rest } = order({ createdAt: Date.now() - 60_000 });
    return { ...rest, orderId: id, orderNo: id, ...over } as OrderSummary;
  };

  test('a page of orders moves `now` to the server clock as it arrives: the cards and countdowns have their text at once', async () => {
    const backend = fakeBackend({ order: { list: () => ({ items: [summary('p'), summary('s', { status: 'shipped', payDeadline: null })], nextCursor: null }) } });
    const { list, paged } = setup(backend);
    const store = new list.OrderListStore();
    // A `now` left from long ago (the list was last shown an hour before): no timer has ticked since.
    store.tick(Date.now() - 3600_000);
    const sets: Array<Record<string, unknown>> = [];
    const dispose = paged.bindItemsByPath({ setData: (d) => void sets.push(d) }, store, 'orders', (o) => store.cardOf(o));
    await store.reset(undefined);
    const cards = sets[sets.length - 1].orders as Array<{ orderId: string; payCountdown: string; actions: string[] }>;
    // The same setData that brings the card brings its countdown (29:00 left, give or take the test's own second).
    expect(cards.map((c) => [c.orderId, c.actions, c.payCountdown])).toEqual([
      ['p', ['pay'], expect.stringMatching(/^(29:00|28:5\d)$/)],
      ['s', ['confirm'], ''],
    ]);
    expect(store.countdowns).toEqual({ p: cards[0].payCountdown });
    dispose();
  });

  test('an open after-sale tags the card with its status; refunded fen ride along for the view to format', async () => {
    const backend = fakeBackend({
      order: {
        list: () => ({
          items: [
            summary('req', { status: 'paid', payDeadline: null, afterSale: { id: 'as1', status: 'requested', amount: 1000 } }),
            summary('ing', { status: 'shipped', payDeadline: null, afterSale: { id: 'as2', status: 'refunding', amount: 500 }, refundedAmount: 300 }),
            summary('bad', { status: 'completed', payDeadline: null, afterSale: { id: 'as3', status: 'failed', amount: 500 } }),
            summary('part', { status: 'completed', payDeadline: null, refundedAmount: 1000 }),
            summary('all', { status: 'refunded', payDeadline: null, refundedAmount: 2000 }),
          ],
          nextCursor: null,
        }),
      },
    });
    const { list } = setup(backend);
    const store = new list.OrderListStore();
    await store.reset(undefined);
    expect(store.cards.map((c) => [c.orderId, c.statusText, c.afterSaleText, c.refundedAmount, c.actions])).toEqual([
      ['req', '待发货', '售后 · 待商家处理', 0, []],
      // 确认收货 stays on offer while an after-sale is open: the server allows it.
      ['ing', '待收货', '售后 · 退款中', 300, ['confirm']],
      ['bad', '已完成', '售后 · 退款失败', 0, ['rebuy']],
      ['part', '已完成', '', 1000, ['rebuy']],
      ['all', '已退款', '', 2000, []],
    ]);
  });
});

test('the card view (packages/order/utils/card.wxs): the ticking countdown once it knows the order, else the card\'s own', () => {
  const mod = { exports: {} as { payCountdown(live: Record<string, string> | undefined, card: { orderId: string; payCountdown: string }): string } };
  new Function('module', fs.readFileSync(path.resolve(__dirname, '../../miniprogram/packages/order/utils/card.wxs'), 'utf8'))(mod);
  const { payCountdown } = mod.exports;
  const card = { orderId: 'p', payCountdown: '29:59' };
  // The bindings' first countdowns (or another tab's) have not reached the view yet: the card's text, never ''.
  expect(payCountdown({}, card)).toBe('29:59');
  expect(payCountdown(undefined, card)).toBe('29:59');
  expect(payCountdown({ p: '29:57' }, card)).toBe('29:57');
  // Past the window the ticking map says '' and the button goes, whatever the card was made with.
  expect(payCountdown({ p: '' }, card)).toBe('');
});
