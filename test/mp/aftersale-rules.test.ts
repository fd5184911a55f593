/**
 * Pure rules of the after-sale and merchant pages: status words, refund reasons, the order detail's refund entry,
 * the merchant's tabs, carriers, shipment checks, order-number search, unapplied-payment words, and the cards the
 * lists show.
 */
import { OPEN_AFTER_SALE, REFUND_REASONS } from '../../typings/api';
import type { AfterSaleStatus, OrderStatus } from '../../typings/api';
import {
  AFTER_SALE_STATUS_HINT,
  AFTER_SALE_STATUS_TEXT,
  AFTER_SALE_TIMELINE_TEXT,
  isOpenAfterSale,
  MERCHANT_AFTER_SALE_STATUS_TEXT,
  reasonText,
  REFUND_REASON_TEXT,
  refundEntryText,
} from '../../miniprogram/utils/aftersale';
import {
  CARRIERS,
  defaultRestock,
  DESK_STATUS_TEXT,
  DESK_TABS,
  keywordProblem,
  orderKeyword,
  QUEUE_TABS,
  queueTabIndex,
  UNAPPLIED_OUTCOME_TEXT,
  UNAPPLIED_REFUND_TEXT,
  validateShipment,
} from '../../miniprogram/packages/merchant/utils/merchant';
import { afterSale, deskOrder, merchantAfterSale, T0 } from './support/aftersale-data';
import { connectStores, fakeBackend } from './support/fake-backend';

const ALL_STATUSES: AfterSaleStatus[] = ['requested', 'approved', 'refunding', 'refunded', 'failed', 'rejected', 'cancelled'];
const ORDER_STATUSES: OrderStatus[] = ['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunded'];

describe('after-sale words', () => {
  test('every status has Chinese words for the shopper, the timeline and the merchant', () => {
    for (const map of [AFTER_SALE_STATUS_TEXT, AFTER_SALE_STATUS_HINT, AFTER_SALE_TIMELINE_TEXT, MERCHANT_AFTER_SALE_STATUS_TEXT]) {
      expect(Object.keys(map).sort()).toEqual([...ALL_STATUSES].sort());
      for (const text of Object.values(map)) expect(text).toMatch(/^[^A-Za-z]+$/);
    }
    expect(ALL_STATUSES.map((s) => AFTER_SALE_STATUS_TEXT[s])).toEqual(['待商家处理', '商家已同意', '退款中', '退款成功', '退款失败', '已拒绝', '已撤销']);
    expect(MERCHANT_AFTER_SALE_STATUS_TEXT.requested).toBe('待处理');
  });

  test('open after-sales are exactly the contract\'s OPEN_AFTER_SALE', () => {
    expect(ALL_STATUSES.filter(isOpenAfterSale)).toEqual([...OPEN_AFTER_SALE]);
  });

  test('the reasons are the contract\'s, in its order, with their Chinese labels', () => {
    expect(Object.keys(REFUND_REASON_TEXT)).toEqual([...REFUND_REASONS]);
    expect(REFUND_REASONS.map((r) => REFUND_REASON_TEXT[r])).toEqual(['不想要了', '商家发错货', '商品破损', '未收到货', '其他']);
    expect(reasonText('damaged')).toBe('商品破损');
    expect(reasonText('whatever')).toBe('其他');
  });

  test('the order detail offers 申请退款 before shipping and 申请售后 after; nothing for the other statuses', () => {
    expect(Object.fromEntries(ORDER_STATUSES.map((s) => [s, refundEntryText(s)]))).toEqual({
      pending_payment: '',
      paid: '申请退款',
      shipped: '申请售后',
      completed: '申请售后',
      cancelled: '',
      refunded: '',
    });
  });
});

describe('the merchant workbench', () => {
  test('the order desk has a tab per status, 全部 first, and words every status', () => {
    expect(DESK_TABS.map((t) => t.title)).toEqual(['全部', '待付款', '待发货', '待收货', '已完成', '已取消', '已退款']);
    expect(DESK_TABS.map((t) => t.status)).toEqual([undefined, 'pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'refunded']);
    expect(Object.keys(DESK_STATUS_TEXT).sort()).toEqual([...ORDER_STATUSES].sort());
  });

  test('the after-sales queue: each status but cancelled in exactly one tab; 退款中 holds approved and refunding', () => {
    expect(QUEUE_TABS.map((t) => t.title)).toEqual(['待处理', '退款中', '已完成', '已拒绝', '失败']);
    expect(QUEUE_TABS[1].statuses).toEqual(['approved', 'refunding']);
    const listed = QUEUE_TABS.flatMap((t) => t.statuses);
    expect([...listed].sort()).toEqual(ALL_STATUSES.filter((s) => s !== 'cancelled').sort());
    expect(['requested', 'approved', 'refunding', 'refunded', 'rejected', 'failed', 'cancelled', undefined, 'x'].map((s) => queueTabIndex(s))).toEqual([0, 1, 1, 2, 3, 4, 0, 0, 0]);
  });

  test('the carriers the ship popup offers', () => {
    expect(CARRIERS).toEqual(['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '京东物流', 'EMS', '邮政快递包裹']);
  });

  test('a shipment needs a listed carrier and a tracking number shipOrder takes (4..40 of letters, digits, -)', () => {
    expect(validateShipment('顺丰速运', 'SF1234567890')).toEqual({});
    expect(validateShipment('顺丰速运', '  JD-0001  ')).toEqual({});
    expect(validateShipment('', 'SF1234567890')).toEqual({ carrier: '请选择快递公司' });
    expect(validateShipment('某快递', 'SF1234567890').carrier).toBe('请选择快递公司');
    expect(validateShipment('EMS', '').trackingNo).toBe('请填写运单号');
    expect(validateShipment('EMS', 'abc').trackingNo).toBe('运单号为 4-40 位字母、数字或 -');
    expect(validateShipment('EMS', 'SF 123 456').trackingNo).toBe('运单号为 4-40 位字母、数字或 -');
    expect(validateShipment('EMS', 'x'.repeat(41)).trackingNo).toBe('运单号为 4-40 位字母、数字或 -');
  });

  test('order search: what was typed without spaces and dashes; shorter than six characters is refused', () => {
    expect(orderKeyword('D241027141320abcdefk3f9q2')).toBe('D241027141320abcdefk3f9q2');
    expect(orderKeyword(' 241027-141320-K3F9Q2 ')).toBe('241027141320K3F9Q2');
    expect(orderKeyword('  ')).toBe('');
    expect(keywordProblem('261120100005K3F9Q2')).toBe(''); // as the pages show it, dashes taken out
    expect(keywordProblem('D261120100005abcdefk3f9q2')).toBe(''); // the full number
    expect(keywordProblem('')).toBe('');
    expect(keywordProblem('k3f9q2')).toBe('请输入完整订单号，如 261120-100005-K3F9Q2'); // the last six alone are not enough
    expect(keywordProblem('k3f9')).toBe('请输入完整订单号，如 261120-100005-K3F9Q2');
  });

  test('unapplied payments in Chinese', () => {
    expect(UNAPPLIED_OUTCOME_TEXT).toEqual({ amount_mismatch: '金额不符', unknown_order: '未知订单', refund_required: '订单已关闭需退款' });
    expect(UNAPPLIED_REFUND_TEXT).toEqual({ pending: '待退款', refunding: '退款中', refunded: '已退款', failed: '退款失败' });
  });

  test('退回库存 starts on only for orders that had not shipped', () => {
    expect(ORDER_STATUSES.filter(defaultRestock)).toEqual(['paid']);
  });
});

describe('cards', () => {
  beforeEach(() => connectStores(fakeBackend({})));

  test('a shopper\'s after-sale card: status, amount, reason, one line or thumbs', () => {
    const { toAfterSaleCard } = require('../../miniprogram/packages/aftersale/stores/after-sale-list') as typeof import('../../miniprogram/packages/aftersale/stores/after-sale-list');
    const card = toAfterSaleCard(afterSale('as1', { status: 'refunding', amount: 1234 }));
    expect(card).toMatchObject({ id: 'as1', statusText: '退款中', open: true, amount: 1234, itemCount: 1, reasonText: '不想要了', displayNo: '241027-141320-K3F9Q2' });
    expect(card.single).toMatchObject({ title: '商品 sku-a', qty: 1 });
    expect(toAfterSaleCard(afterSale('as2', { status: 'cancelled' })).open).toBe(false);
  });

  test('the after-sale detail: timeline newest first with notes, a rejection shows its reason', () => {
    const m = require('../../miniprogram/packages/aftersale/stores/after-sale-detail') as typeof import('../../miniprogram/packages/aftersale/stores/after-sale-detail');
    const rejected = afterSale('as1', {
      status: 'rejected',
      note: '商品已使用',
      timeline: [
        { status: 'requested', at: T0, note: null },
        { status: 'rejected', at: T0 + 60_000, note: '商品已使用' },
      ],
    });
    expect(m.afterSaleSteps(rejected)).toEqual([
      { text: '商家拒绝退款（商品已使用）', desc: '2024-10-27 11:34' },
      { text: '提交退款申请', desc: '2024-10-27 11:33' },
    ]);
    expect(m.afterSaleHint(rejected)).toBe('拒绝原因：商品已使用');
    const approved = afterSale('as3', { status: 'refunding', timeline: [{ status: 'approved', at: T0, note: '退回库存' }] });
    expect(m.afterSaleSteps(approved).map((s) => s.text)).toEqual(['商家同意退款（退回库存）']);
    expect(m.afterSaleHint(afterSale('as2', { status: 'requested' }))).toBe('申请已提交，等待商家处理');
  });

  test('a queue card: buyer, amount, reason, whether the goods had shipped, and what the merchant can do', () => {
    const { toQueueCard } = require('../../miniprogram/packages/merchant/stores/after-sale-queue') as typeof import('../../miniprogram/packages/merchant/stores/after-sale-queue');
    const requested = toQueueCard(merchantAfterSale('as1', { description: '买错了', orderStatus: 'paid' }));
    expect(requested).toMatchObject({ buyerName: '小明', buyerPhone: '13800138000', statusText: '待处理', reasonText: '不想要了', description: '买错了', shippedBefore: false, canReview: true, canRetry: false });
    const failed = toQueueCard(
      merchantAfterSale('as2', {
        status: 'failed',
        orderStatus: 'shipped',
        timeline: [
          { status: 'requested', at: T0, note: null },
          { status: 'failed', at: T0 + 1, note: '商户余额不足' },
        ],
      }),
    );
    expect(failed).toMatchObject({ statusText: '退款失败', note: '商户余额不足', shippedBefore: true, canReview: false, canRetry: true });
  });

  test('a desk card: buyer, after-sale badge, refunded amount; 发货 only for paid orders with no after-sale open', () => {
    const { toDeskCard } = require('../../miniprogram/packages/merchant/stores/order-desk') as typeof import('../../miniprogram/packages/merchant/stores/order-desk');
    expect(toDeskCard(deskOrder('o1'))).toMatchObject({ buyerName: '张三', statusText: '待发货', canShip: true, afterSaleText: '', refundedAmount: 0 });
    const open = toDeskCard(deskOrder('o2', { afterSale: { id: 'as1', status: 'requested', amount: 1000 }, refundedAmount: 500 }));
    expect(open).toMatchObject({ canShip: false, afterSaleText: '售后 · 待商家处理', afterSaleAmount: 1000, refundedAmount: 500 });
    expect(toDeskCard(deskOrder('o3', { status: 'shipped' })).canShip).toBe(false);
  });

  test('an unapplied payment card', () => {
    const { toUnappliedCard } = require('../../miniprogram/packages/merchant/stores/unapplied') as typeof import('../../miniprogram/packages/merchant/stores/unapplied');
    expect(
      toUnappliedCard({ id: 'u1', outTradeNo: 'D1', transactionId: null, totalFee: 2790, outcome: 'refund_required', refundStatus: 'refunded', receivedAt: T0, refundedAt: T0 + 60_000, failure: null }),
    ).toEqual({
      id: 'u1',
      outTradeNo: 'D1',
      transactionId: '',
      totalFee: 2790,
      outcomeText: '订单已关闭需退款',
      refundStatus: 'refunded',
      refundText: '已退款',
      tagType: 'success',
      receivedText: '2024-10-27 11:33',
      refundedText: '2024-10-27 11:34',
      failure: '',
    });
  });
});
