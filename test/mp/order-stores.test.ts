/**
 * OrderDetailStore (countdown from a ticking `now`, pay / cancel / confirm receipt) and OrderListStore (status
 * tabs, cursor pages, late answers dropped) over a fake backend.
 */
import type { OrderDetail, OrderSummary, Page } from '../../typings/api';
import { order } from './support/commerce-data';
import { connectStores, deferred, fakeBackend, FakeBackend, flush, refuse } from './support/fake-backend';

type DetailModule = typeof import('../../miniprogram/stores/order-detail');
type ListModule = typeof import('../../miniprogram/stores/order-list');

function setup(backend: FakeBackend): { detail: DetailModule; list: ListModule } {
  connectStores(backend);
  return {
    detail: require('../../miniprogram/stores/order-detail') as DetailModule,
    list: require('../../miniprogram/stores/order-list') as ListModule,
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
