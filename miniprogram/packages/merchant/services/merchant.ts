/**
 * Merchant service (cloud function `merchant`, merchants only: anyone else is answered FORBIDDEN): the order desk,
 * shipping, the after-sales queue and its review, payments that could not be applied.
 */
import type {
  AfterSaleStatus,
  DistributionSettings,
  DistributorStatus,
  MerchantAfterSale,
  MerchantDistributor,
  MerchantOrderSummary,
  MerchantWithdrawal,
  OrderDetail,
  OrderStatus,
  Page,
  UnappliedPayment,
  WithdrawalStatus,
} from '../../../../typings/api';
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

// ---------- distribution ----------

export function listDistributors(query: { status?: Exclude<DistributorStatus, 'none'>; cursor?: string }): Promise<Page<MerchantDistributor>> {
  return call('merchant', 'distributors', query);
}

export function reviewDistributor(openid: string, approve: boolean, note?: string): Promise<MerchantDistributor> {
  return call('merchant', 'reviewDistributor', note ? { openid, approve, note } : { openid, approve });
}

export function freezeDistributor(openid: string, frozen: boolean): Promise<MerchantDistributor> {
  return call('merchant', 'freezeDistributor', { openid, frozen });
}

export function listWithdrawalQueue(query: { status?: WithdrawalStatus; cursor?: string }): Promise<Page<MerchantWithdrawal>> {
  return call('merchant', 'withdrawals', query);
}

export function reviewWithdrawal(id: string, approve: boolean, note?: string): Promise<MerchantWithdrawal> {
  return call('merchant', 'reviewWithdrawal', note ? { id, approve, note } : { id, approve });
}

export function fetchDistributionSettings(): Promise<DistributionSettings> {
  return call('merchant', 'distributionSettings', {});
}

export function saveDistributionSettings(patch: Partial<DistributionSettings>): Promise<DistributionSettings> {
  return call('merchant', 'saveDistributionSettings', patch);
}
