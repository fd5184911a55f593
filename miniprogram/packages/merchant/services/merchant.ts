/**
 * Merchant service (cloud function `merchant`, merchants only: anyone else is answered FORBIDDEN): the order desk,
 * shipping, the after-sales queue and its review, payments that could not be applied.
 */
import type { AfterSaleStatus, MerchantAfterSale, MerchantOrderSummary, OrderDetail, OrderStatus, Page, UnappliedPayment } from '../../../../typings/api';
import { assetUrl, call } from '../../../services/api';

function withAssets<T extends { lines: Array<{ image: string }> }>(value: T): T {
  return { ...value, lines: value.lines.map((l) => (l.image ? { ...l, image: assetUrl(l.image) } : l)) };
}

export async function listDeskOrders(query: { status?: OrderStatus; keyword?: string; cursor?: string }): Promise<Page<MerchantOrderSummary>> {
  const page = await call('merchant', 'orders', query);
  return { items: page.items.map(withAssets), nextCursor: page.nextCursor };
}

export function shipOrder(orderId: string, carrier: string, trackingNo: string): Promise<OrderDetail> {
  return call('merchant', 'shipOrder', { orderId, carrier, trackingNo });
}

export async function listQueue(query: { status?: AfterSaleStatus | AfterSaleStatus[]; cursor?: string }): Promise<Page<MerchantAfterSale>> {
  const page = await call('merchant', 'afterSales', query);
  return { items: page.items.map(withAssets), nextCursor: page.nextCursor };
}

export async function approveRefund(id: string, restock: boolean): Promise<MerchantAfterSale> {
  return withAssets(await call('merchant', 'reviewRefund', { id, approve: true, restock }));
}

export async function rejectRefund(id: string, note: string): Promise<MerchantAfterSale> {
  return withAssets(await call('merchant', 'reviewRefund', { id, approve: false, note }));
}

export async function retryRefund(id: string): Promise<MerchantAfterSale> {
  return withAssets(await call('merchant', 'retryRefund', { id }));
}

export function listUnapplied(cursor: string | null): Promise<Page<UnappliedPayment>> {
  return call('merchant', 'unappliedPayments', cursor ? { cursor } : {});
}
