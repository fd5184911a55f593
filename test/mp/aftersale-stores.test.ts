/**
 * The after-sale stores over a fake backend: the refund request (selection -> the server's quote, whole order
 * without `lines`, reason required, double submit refused, an after-sale already open found on CONFLICT), the
 * after-sale detail's 撤销, the order detail's refund entry, the merchant queue (two-status tab merged, answered
 * cards leaving the tab) and the order desk's 发货.
 */
import type { MerchantAfterSale, OrderDetail, RefundLineInput } from '../../typings/api';
import { afterSale, deskOrder, merchantAfterSale, refundQuote, T0 } from './support/aftersale-data';
import { order, orderLine } from './support/commerce-data';
import { connectStores, deferred, fakeBackend, flush, refuse } from './support/fake-backend';

type ApplyModule = typeof import('../../miniprogram/packages/aftersale/stores/refund-apply');
type DetailModule = typeof import('../../miniprogram/packages/aftersale/stores/after-sale-detail');
type QueueModule = typeof import('../../miniprogram/packages/merchant/stores/after-sale-queue');
type DeskModule = typeof import('../../miniprogram/packages/merchant/stores/order-desk');
type OrderDetailModule = typeof import('../../miniprogram/packages/order/stores/order-detail');

/** A paid order of two lines: a x2 (¥10 each), b x1 (¥5). */
function paidOrder(over: Partial<OrderDetail> = {}): OrderDetail {
  return order({
    status: 'paid',
    lines: [orderLine('a', 1000, 2), orderLine('b', 500, 1)],
    itemCount: 3,
    subtotal: 2500,
    payable: 2500,
    paidAt: T0,
    refundable: true,
    ...over,
  });
}

const REFUNDABLE = { a: { qty: 2, unit: 1000 }, b: { qty: 1, unit: 500 } };

function quoteFor(p: { orderId: string; lines?: RefundLineInput[] }) {
  const chosen = p.lines ?? [
    { skuId: 'a', qty: 2 },
    { skuId: 'b', qty: 1 },
  ];
  return refundQuote(p.orderId, chosen, REFUNDABLE, p.lines ? 0 : 800);
}

describe('the refund request', () => {
  function setup(handlers: Parameters<typeof fakeBackend>[0]['order'] = {}) {
    const backend = fakeBackend({ order: { detail: () => paidOrder(), refundQuote: quoteFor, ...handlers } });
    connectStores(backend);
    const m = require('../../miniprogram/packages/aftersale/stores/refund-apply') as ApplyModule;
    return { backend, store: new m.RefundApplyStore(), m };
  }

  test('opens with everything refundable chosen: the whole order quoted without lines (shipping back)', async () => {
    const { backend, store } = setup();
    await store.load('o1');
    expect(store.ready).toBe(true);
    expect(store.lines.map((l) => [l.skuId, l.checked, l.chosen, l.max])).toEqual([
      ['a', true, 2, 2],
      ['b', true, 1, 1],
    ]);
    expect(store.allChecked).toBe(true);
    expect(store.wholeOrder).toBe(true);
    expect(store.amount).toBe(3300);
    expect(store.shippingRefund).toBe(800);
    expect(backend.payloads('order.refundQuote')).toEqual([{ orderId: 'o1' }]);
  });

  test('every change of the selection asks the server again; the amount is always its answer', async () => {
    const { backend, store } = setup();
    await store.load('o1');
    await store.toggleLine('b');
    expect(backend.payloads('order.refundQuote').at(-1)).toEqual({ orderId: 'o1', lines: [{ skuId: 'a', qty: 2 }] });
    expect(store.amount).toBe(2000);
    await store.setQty('a', 1);
    expect(backend.payloads('order.refundQuote').at(-1)).toEqual({ orderId: 'o1', lines: [{ skuId: 'a', qty: 1 }] });
    expect(store.amount).toBe(1000);
    await store.setQty('a', 9);
    expect(store.lines[0].chosen).toBe(2);
    await store.toggleAll();
    expect(store.wholeOrder).toBe(true);
    expect(backend.payloads('order.refundQuote').at(-1)).toEqual({ orderId: 'o1' });
    await store.toggleAll();
    expect(store.selectedLines).toEqual([]);
    expect(store.amount).toBe(0);
    expect(store.canSubmit).toBe(false);
  });

  test('a late quote for an older selection is dropped', async () => {
    const slow = deferred<ReturnType<typeof quoteFor>>();
    let n = 0;
    const { store } = setup({ refundQuote: (p) => (++n === 2 ? slow.promise : quoteFor(p)) });
    await store.load('o1');
    const first = store.toggleLine('b'); // slow
    await store.toggleLine('a'); // nothing chosen now: no quote
    await store.toggleLine('a'); // a x2 again, answered at once
    slow.resolve(refundQuote('o1', [{ skuId: 'a', qty: 1 }], REFUNDABLE));
    await first;
    expect(store.amount).toBe(2000);
  });

  test('submit needs a reason; then sends lines, reason and the trimmed description, and refuses a second submit', async () => {
    const answer = deferred<ReturnType<typeof afterSale>>();
    const { backend, store } = setup({ requestRefund: () => answer.promise });
    await store.load('o1');
    await store.toggleLine('b');
    expect(await store.submit()).toMatchObject({ ok: false, message: '请选择退款原因' });
    store.chooseReason('damaged');
    store.setDescription('  外包装破了  ');
    const first = store.submit();
    expect(await store.submit()).toMatchObject({ ok: false, message: '正在提交，请稍候' });
    answer.resolve(afterSale('as1'));
    expect(await first).toMatchObject({ ok: true, afterSale: { id: 'as1' } });
    expect(await store.submit()).toMatchObject({ ok: false, message: '申请已提交' });
    expect(backend.payloads('order.requestRefund')).toEqual([{ orderId: 'o1', reason: 'damaged', description: '外包装破了', lines: [{ skuId: 'a', qty: 2 }] }]);
  });

  test('CONFLICT: the after-sale already open on the order is handed to the page', async () => {
    let open = false;
    const { store } = setup({
      detail: () => (open ? paidOrder({ refundable: false, afterSale: { id: 'as9', status: 'requested', amount: 3300 } }) : paidOrder()),
      requestRefund: () => {
        open = true;
        throw refuse('CONFLICT', '该订单已有售后在处理中');
      },
    });
    await store.load('o1');
    store.chooseReason('not_wanted');
    const result = await store.submit();
    expect(result).toMatchObject({ ok: false, code: 'CONFLICT', afterSaleId: 'as9', message: '该订单已有售后申请在处理中' });
    expect(store.openAfterSale).toEqual({ id: 'as9', status: 'requested', amount: 3300 });
  });

  test('an order that takes no request says why; a refused quote shows the server\'s words', async () => {
    const { store } = setup({ detail: () => paidOrder({ status: 'refunded', refundable: false }) });
    await store.load('o1');
    expect(store.unavailable).toBe('该订单已全部退款');
    expect(store.ready).toBe(false);

    const again = setup({ refundQuote: () => { throw refuse('REFUND_NOT_ALLOWED', '已超过售后期'); } });
    await again.store.load('o1');
    expect(again.store.error).toEqual({ code: 'REFUND_NOT_ALLOWED', message: '已超过售后期' });
  });
});

describe('the after-sale detail', () => {
  test('撤销申请 while requested; after that there is nothing to withdraw', async () => {
    const backend = fakeBackend({ order: { afterSale: () => afterSale('as1'), cancelRefund: () => afterSale('as1', { status: 'cancelled' }) } });
    connectStores(backend);
    const m = require('../../miniprogram/packages/aftersale/stores/after-sale-detail') as DetailModule;
    const store = new m.AfterSaleDetailStore();
    await store.load('as1');
    expect(store.statusText).toBe('待商家处理');
    expect(store.canCancel).toBe(true);
    expect(await store.cancel()).toEqual({ ok: true });
    expect(store.statusText).toBe('已撤销');
    expect(store.canCancel).toBe(false);
    expect(await store.cancel()).toMatchObject({ ok: false, message: '商家已处理，无法撤销' });
    expect(backend.payloads('order.cancelRefund')).toEqual([{ id: 'as1' }]);
  });
});

describe('the order detail\'s refund entry', () => {
  function load(detail: OrderDetail) {
    connectStores(fakeBackend({ order: { detail: () => detail } }));
    const m = require('../../miniprogram/packages/order/stores/order-detail') as OrderDetailModule;
    const store = new m.OrderDetailStore();
    return store.load('o1').then(() => store);
  }

  test('申请退款 on a paid order, 申请售后 on a received one with its deadline; none while an after-sale is open', async () => {
    const paid = await load(paidOrder());
    expect([paid.refundText, paid.canRefund, paid.hasActions, paid.refundUntilText]).toEqual(['申请退款', true, true, '']);
    const completed = await load(paidOrder({ status: 'completed', refundableUntil: T0 + 7 * 86_400_000 }));
    expect([completed.refundText, completed.refundUntilText]).toEqual(['申请售后', '2024-11-03 11:33']);
    const open = await load(paidOrder({ refundable: false, afterSale: { id: 'as1', status: 'refunding', amount: 1200 } }));
    expect(open.canRefund).toBe(false);
    expect(open.afterSaleRow).toEqual({ id: 'as1', statusText: '退款中', amount: 1200 });
    const closed = await load(paidOrder({ status: 'cancelled', refundable: false }));
    expect([closed.canRefund, closed.hasActions]).toEqual([false, false]);
  });
});

describe('the merchant queue', () => {
  function setup(handlers: Parameters<typeof fakeBackend>[0]['merchant'] = {}) {
    const backend = fakeBackend({ merchant: handlers });
    connectStores(backend);
    const m = require('../../miniprogram/packages/merchant/stores/after-sale-queue') as QueueModule;
    return { backend, store: new m.AfterSaleQueueStore() };
  }

  test('退款中 asks for approved and refunding at once, and pages on with the server\'s cursor', async () => {
    const pages: Record<string, { items: MerchantAfterSale[]; nextCursor: string | null }> = {
      '': { items: [merchantAfterSale('rf1', { status: 'refunding', createdAt: T0 + 9 }), merchantAfterSale('ap1', { status: 'approved', createdAt: T0 + 5 })], nextCursor: 'c2' },
      c2: { items: [merchantAfterSale('rf3', { status: 'refunding', createdAt: T0 })], nextCursor: null },
    };
    const { backend, store } = setup({ afterSales: (p) => pages[p.cursor ?? ''] });
    await store.reset(1);
    expect(store.items.map((a) => a.id)).toEqual(['rf1', 'ap1']);
    expect(store.finished).toBe(false);
    await store.loadMore();
    expect(store.items.map((a) => a.id)).toEqual(['rf1', 'ap1', 'rf3']);
    expect(store.finished).toBe(true);
    expect(backend.payloads('merchant.afterSales')).toEqual([{ status: ['approved', 'refunding'] }, { status: ['approved', 'refunding'], cursor: 'c2' }]);
  });

  test('approving sends restock and takes the card out of 待处理; rejecting needs a note', async () => {
    const { backend, store } = setup({
      afterSales: () => ({ items: [merchantAfterSale('as1'), merchantAfterSale('as2')], nextCursor: null }),
      reviewRefund: (p) => merchantAfterSale(p.id, { status: p.approve ? 'refunding' : 'rejected', note: p.note ?? null, restock: !!p.restock }),
    });
    await store.reset(0);
    expect(await store.approve('as1', true)).toEqual({ ok: true, status: 'refunding' });
    expect(store.items.map((a) => a.id)).toEqual(['as2']);
    expect(await store.reject('as2', '   ')).toMatchObject({ ok: false, message: '请填写拒绝原因' });
    expect(await store.reject('as2', ' 已使用 ')).toEqual({ ok: true, status: 'rejected' });
    expect(store.items).toEqual([]);
    expect(backend.payloads('merchant.reviewRefund')).toEqual([
      { id: 'as1', approve: true, restock: true },
      { id: 'as2', approve: false, note: '已使用' },
    ]);
  });

  test('a refusal (answered elsewhere) reads the tab again and says so', async () => {
    let listed = [merchantAfterSale('as1')];
    const { store } = setup({
      afterSales: () => ({ items: listed, nextCursor: null }),
      reviewRefund: () => {
        listed = [];
        throw refuse('CONFLICT', '买家已撤销申请');
      },
    });
    await store.reset(0);
    expect(await store.approve('as1', false)).toMatchObject({ ok: false, message: '买家已撤销申请' });
    await flush();
    expect(store.items).toEqual([]);
  });
});

describe('the order desk', () => {
  test('发货 checks the form, ships, and the order leaves 待发货', async () => {
    const backend = fakeBackend({
      merchant: {
        orders: () => ({ items: [deskOrder('o1'), deskOrder('o2', { afterSale: { id: 'as1', status: 'requested', amount: 100 } })], nextCursor: null }),
        shipOrder: (p) => paidOrder({ orderId: p.orderId, status: 'shipped' }),
      },
    });
    connectStores(backend);
    const m = require('../../miniprogram/packages/merchant/stores/order-desk') as DeskModule;
    const store = new m.OrderDeskStore();
    await store.start('paid');
    expect(await store.ship('o1', '', 'SF1234567890')).toMatchObject({ ok: false, message: '请选择快递公司' });
    expect(await store.ship('o2', '顺丰速运', 'SF1234567890')).toMatchObject({ ok: false, message: '该订单有售后处理中，请先处理售后' });
    expect(await store.ship('o1', '顺丰速运', ' SF1234567890 ')).toEqual({ ok: true });
    expect(store.items.map((o) => o.orderId)).toEqual(['o2']);
    expect(backend.payloads('merchant.shipOrder')).toEqual([{ orderId: 'o1', carrier: '顺丰速运', trackingNo: 'SF1234567890' }]);
    expect(await store.search('k3f')).toMatchObject({ ok: false, message: '请输入完整订单号，如 261120-100005-K3F9Q2' });
    expect(await store.search('241027-141320-K3F9Q2')).toEqual({ ok: true });
    expect(backend.payloads('merchant.orders').at(-1)).toEqual({ status: 'paid', keyword: '241027141320K3F9Q2' });
  });
});
