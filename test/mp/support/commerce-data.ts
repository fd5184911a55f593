/** Contract-typed sample data for the commerce store tests (not a test file: no `.test`). */
import type { Address, CartLine, CartView, Coupon, OrderDetail, OrderLine, Quote, QuoteCoupon } from '../../../typings/api';

export function cartLine(skuId: string, over: Partial<CartLine> = {}): CartLine {
  return {
    skuId,
    productId: `p-${skuId}`,
    title: `商品 ${skuId}`,
    image: '/static/img/x.svg',
    specs: {},
    specText: '',
    price: 1000,
    addedPrice: 1000,
    qty: 1,
    selected: true,
    stock: 10,
    flags: { offSale: false, outOfStock: false, insufficientStock: false, priceChanged: false },
    valid: true,
    ...over,
  };
}

/** A view computed the way the server does (domain/cart cartView). */
export function cartView(lines: CartLine[], invalid: CartLine[] = []): CartView {
  const valid = lines.filter((l) => l.valid);
  const selected = valid.filter((l) => l.selected);
  return {
    lines,
    invalid,
    count: [...lines, ...invalid].reduce((n, l) => n + l.qty, 0),
    selectedCount: selected.length,
    selectedSubtotal: selected.reduce((n, l) => n + l.price * l.qty, 0),
    allSelected: valid.length > 0 && selected.length === valid.length,
    shipping: { fee: 0, freeOver: 0, shortBy: 0 },
  };
}

export const ADDRESS: Address = {
  id: 'addr-1',
  name: '张三',
  phone: '13800138000',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园 1 号',
  isDefault: true,
};

export function coupon(id: string, over: Partial<Coupon> = {}): Coupon {
  return {
    id,
    templateId: `t-${id}`,
    name: `券 ${id}`,
    kind: 'amount_off',
    threshold: 0,
    amountOff: 500,
    discountBps: null,
    maxOff: null,
    scope: { type: 'all' },
    status: 'usable',
    validFrom: 0,
    validTo: 4_000_000_000_000,
    orderId: null,
    ...over,
  };
}

export function orderLine(skuId: string, unitPrice: number, qty: number): OrderLine {
  return { skuId, productId: `p-${skuId}`, title: `商品 ${skuId}`, image: '/static/img/x.svg', specs: {}, specText: '', unitPrice, qty, amount: unitPrice * qty, discount: 0, payable: unitPrice * qty, refundedQty: 0 };
}

/** A quote for one line of 1000 x qty with the given coupons; `applied` takes its discount off. */
export function quote(opts: { qty?: number; coupons?: QuoteCoupon[]; applied?: string | null; address?: Address | null; shipping?: number } = {}): Quote {
  const qty = opts.qty ?? 2;
  const subtotal = 1000 * qty;
  const coupons = opts.coupons ?? [];
  const applied = opts.applied === undefined ? null : opts.applied;
  const discount = applied ? coupons.find((c) => c.coupon.id === applied)?.discount ?? 0 : 0;
  const shipping = opts.shipping ?? 0;
  return {
    lines: [orderLine('sku-a', 1000, qty)],
    subtotal,
    discount,
    shipping,
    payable: subtotal - discount + shipping,
    couponId: applied,
    coupons,
    address: opts.address === undefined ? ADDRESS : opts.address,
    live: null,
  };
}

export function order(over: Partial<OrderDetail> = {}): OrderDetail {
  const createdAt = over.createdAt ?? 1_730_000_000_000;
  return {
    orderId: 'D2410271413201abcdefghijk',
    orderNo: 'D2410271413201abcdefghijk',
    status: 'pending_payment',
    createdAt,
    lines: [orderLine('sku-a', 1000, 2)],
    itemCount: 2,
    payable: 2000,
    payDeadline: createdAt + 30 * 60_000,
    subtotal: 2000,
    discount: 0,
    shipping: 0,
    coupon: null,
    address: { name: '张三', phone: '13800138000', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' },
    remark: '',
    timeline: [{ status: 'pending_payment', at: createdAt, note: null }],
    shipment: null,
    paidAt: null,
    cancelledAt: null,
    cancelReason: null,
    completedAt: null,
    refundedAmount: 0,
    afterSale: null,
    refundable: false,
    refundableUntil: null,
    live: null,
    ...over,
  };
}
