/** Contract-typed sample after-sales data for the store tests (not a test file: no `.test`). */
import type { AfterSale, MerchantAfterSale, MerchantOrderSummary, RefundLine, RefundQuote } from '../../../typings/api';
import { orderLine } from './commerce-data';

export const T0 = 1_730_000_000_000;

export function refundLine(skuId: string, qty: number, amount: number): RefundLine {
  return { skuId, productId: `p-${skuId}`, title: `商品 ${skuId}`, image: '/static/img/x.svg', specText: '', qty, amount };
}

export function afterSale(id: string, over: Partial<AfterSale> = {}): AfterSale {
  return {
    id,
    orderId: 'o1',
    orderNo: 'D241027141320abcdefk3f9q2',
    status: 'requested',
    amount: 1000,
    shippingRefund: 0,
    lines: [refundLine('sku-a', 1, 1000)],
    reason: 'not_wanted',
    description: '',
    images: [],
    orderStatus: 'paid',
    note: null,
    restock: false,
    createdAt: T0,
    refundedAt: null,
    timeline: [{ status: 'requested', at: T0, note: null }],
    ...over,
  };
}

export function merchantAfterSale(id: string, over: Partial<MerchantAfterSale> = {}): MerchantAfterSale {
  return { ...afterSale(id), buyer: { name: '小明', phone: '13800138000' }, ...over };
}

/** A quote the way the server answers it for an order of lines `bought` (skuId -> [qty, unit payable]). */
export function refundQuote(
  orderId: string,
  chosen: Array<{ skuId: string; qty: number }>,
  refundable: Record<string, { qty: number; unit: number }>,
  shippingRefund = 0,
): RefundQuote {
  const lines = chosen.map((c) => refundLine(c.skuId, c.qty, c.qty * refundable[c.skuId].unit));
  const sum = lines.reduce((n, l) => n + l.amount, 0);
  return {
    orderId,
    lines,
    shippingRefund,
    amount: sum + shippingRefund,
    refundable: Object.entries(refundable).map(([skuId, r]) => ({ skuId, qty: r.qty, amount: r.qty * r.unit })),
  };
}

export function deskOrder(orderId: string, over: Partial<MerchantOrderSummary> = {}): MerchantOrderSummary {
  return {
    orderId,
    orderNo: 'D241027141320abcdefk3f9q2',
    status: 'paid',
    createdAt: T0,
    lines: [orderLine('sku-a', 1000, 2)],
    itemCount: 2,
    payable: 2000,
    payDeadline: null,
    buyer: { name: '张三', phone: '13800138000' },
    afterSale: null,
    refundedAmount: 0,
    ...over,
  };
}
