/**
 * After-sale service (cloud function `order`): the server's refund quote, refund requests, the shopper's after-sales,
 * and the order a request is made on. Amounts are always the server's (refundQuote / the request's answer).
 */
import type { AfterSale, OrderDetail, OrderLine, Page, RefundLine, RefundLineInput, RefundQuote, RefundRequestPayload } from '../../../../typings/api';
import { assetUrl, call, canUploadFiles, uploadFile } from '../../../services/api';

function withImage<T extends { image: string }>(line: T): T {
  return line.image ? { ...line, image: assetUrl(line.image) } : line;
}

function withAssets<T extends { lines: RefundLine[] }>(value: T): T {
  return { ...value, lines: value.lines.map(withImage) };
}

export async function getOrderForRefund(orderId: string): Promise<OrderDetail> {
  const detail = await call('order', 'detail', { orderId });
  return { ...detail, lines: detail.lines.map((l: OrderLine) => withImage(l)) };
}

/** What refunding `lines` (absent: everything left) would return. Changes nothing. */
export async function quoteRefund(orderId: string, lines?: RefundLineInput[]): Promise<RefundQuote> {
  return withAssets(await call('order', 'refundQuote', lines ? { orderId, lines } : { orderId }));
}

export async function requestRefund(payload: RefundRequestPayload): Promise<AfterSale> {
  return withAssets(await call('order', 'requestRefund', payload));
}

export async function cancelRefund(id: string): Promise<AfterSale> {
  return withAssets(await call('order', 'cancelRefund', { id }));
}

export async function listAfterSales(cursor: string | null): Promise<Page<AfterSale>> {
  const page = await call('order', 'afterSales', cursor ? { cursor } : {});
  return { items: page.items.map(withAssets), nextCursor: page.nextCursor };
}

export async function getAfterSale(id: string): Promise<AfterSale> {
  return withAssets(await call('order', 'afterSale', { id }));
}

/** Evidence pictures can be attached only where there is cloud storage (the real cloud). */
export function canAttachImages(): boolean {
  return canUploadFiles();
}

/** Uploads one picture for a refund request of `orderId`; answers its cloud file id. */
export function uploadRefundImage(orderId: string, filePath: string, now = Date.now()): Promise<string> {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg';
  const name = `${now.toString(36)}-${Math.floor(Math.random() * 0x100000000).toString(36)}`;
  return uploadFile(`refunds/${orderId}/${name}.${ext}`, filePath);
}
