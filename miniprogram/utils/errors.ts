/**
 * What a shopper reads when a call fails: one Chinese line per error code, worded for what the shopper was doing
 * (the context). Stores keep the code; pages show the text (toasts, empty states).
 *
 * - Expected business refusals (OUT_OF_STOCK, COUPON_UNAVAILABLE, CONFLICT, NOT_FOUND, REFUND_NOT_ALLOWED,
 *   REFUND_QTY_EXCEEDED; live: LIVE_ONLY, NOT_LIVE, LOTTERY_CLOSED) come with a Chinese message from the server
 *   ("T 恤 库存不足（剩 2 件）", "已超过售后期"): that message is shown when it is Chinese.
 * - WECHAT_REFUSED carries WeChat's errcode and errmsg (English): the shopper gets this module's line.
 * - INVALID_INPUT is shown only when every part of the server's message is Chinese (the address rules: "phone:
 *   请填写正确的手机号" -> "请填写正确的手机号"); English validation details (zod, "unexpected keys") never reach the
 *   shopper: they get the context's line and the details go to console.warn.
 * - Everything else (NETWORK, BUSY, PRICE_CHANGED, INTERNAL, ...) is this module's own text.
 */
import type { ClientErrorCode } from '../services/api';
import { isApiCallError } from '../services/api';

export interface UiError {
  code: ClientErrorCode;
  message: string;
}

/** What the shopper was doing when the call failed. */
export type ErrorContext =
  | 'catalog'
  | 'product'
  | 'cart'
  | 'address'
  | 'coupon'
  | 'checkout'
  | 'order'
  | 'payment'
  | 'account'
  /** Refund requests and after-sales (the shopper's). */
  | 'aftersale'
  /** The merchant's workbench (order desk, after-sales queue, unapplied payments, distributors, withdrawals). */
  | 'merchant'
  /** The distributor's own pages (apply, centre, promote, ledger, withdrawals). */
  | 'distribution'
  /** Live rooms: the list, a room, its coupons and lottery, reminders. */
  | 'live';

/** Every code the client can meet, with its default line (a missing code is a compile error). */
export const ERROR_TEXT: Readonly<Record<ClientErrorCode, string>> = {
  NETWORK: '网络不给力，请检查网络后重试',
  INVALID_INPUT: '提交的信息有误，请检查后重试',
  UNAUTHENTICATED: '登录状态已失效，请重新进入小程序',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或已被删除',
  OUT_OF_STOCK: '商品库存不足，请减少数量或选择其他规格',
  COUPON_UNAVAILABLE: '优惠券当前不可用',
  CONFLICT: '数据已更新，请刷新后重试',
  REFUND_NOT_ALLOWED: '该订单当前不支持退款',
  REFUND_QTY_EXCEEDED: '退款数量超过可退数量，请调整后重试',
  INSUFFICIENT_BALANCE: '可提现余额不足',
  LIVE_ONLY: '该优惠仅限直播间领取',
  NOT_LIVE: '直播未在进行中',
  LOTTERY_CLOSED: '抽奖已结束',
  WECHAT_REFUSED: '微信暂时无法处理此操作，请稍后重试',
  PRICE_CHANGED: '价格有变化，请确认后重新提交',
  BUSY: '当前人多，请稍后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  UNKNOWN_ACTION: '当前版本不支持此操作，请重新打开小程序后重试',
  UNKNOWN_FUNCTION: '服务暂不可用，请稍后重试',
  INTERNAL: '服务开小差了，请稍后重试',
};

/** Lines that depend on what the shopper was doing. */
export const CONTEXT_ERROR_TEXT: Readonly<Record<ErrorContext, Partial<Record<ClientErrorCode, string>>>> = {
  catalog: {
    NOT_FOUND: '分类或商品不存在',
  },
  product: {
    NOT_FOUND: '商品不存在或已下架',
  },
  cart: {
    NOT_FOUND: '商品不存在或已下架',
    INVALID_INPUT: '购物车数量有误，请调整后重试',
    OUT_OF_STOCK: '库存不足，请减少购买数量',
    CONFLICT: '购物车已在别处更新，请刷新后重试',
  },
  address: {
    NOT_FOUND: '收货地址不存在',
    INVALID_INPUT: '收货地址填写有误，请检查后重试',
    CONFLICT: '地址已在别处修改，请刷新后重试',
  },
  coupon: {
    NOT_FOUND: '优惠券不存在',
    COUPON_UNAVAILABLE: '优惠券已领完或暂不可领取',
    CONFLICT: '领取的人太多了，请重试',
  },
  checkout: {
    NOT_FOUND: '商品已下架或收货地址不存在，请重新选择',
    INVALID_INPUT: '订单信息有误，请返回重新选择商品',
    OUT_OF_STOCK: '部分商品库存不足，请调整后重新提交',
    COUPON_UNAVAILABLE: '所选优惠券不可用，请重新选择',
    CONFLICT: '下单冲突，请重试',
  },
  order: {
    NOT_FOUND: '订单不存在',
    CONFLICT: '订单状态已变化，请刷新',
  },
  payment: {
    NOT_FOUND: '订单不存在',
    CONFLICT: '订单状态已变化，请刷新后查看',
    INTERNAL: '支付失败，请稍后重试',
  },
  account: {
    NOT_FOUND: '账号信息不存在',
  },
  aftersale: {
    NOT_FOUND: '售后单不存在',
    CONFLICT: '售后状态已变化，请刷新后查看',
    INVALID_INPUT: '申请信息有误，请检查后重试',
  },
  merchant: {
    FORBIDDEN: '仅店铺管理员可以操作',
    NOT_FOUND: '订单或售后单不存在',
    CONFLICT: '状态已变化，请刷新后重试',
    INVALID_INPUT: '填写的信息有误，请检查后重试',
  },
  distribution: {
    FORBIDDEN: '本店未开放分销，或你还不是分销员',
    NOT_FOUND: '商品不存在或已下架',
    INVALID_INPUT: '填写的信息有误，请检查后重试',
    RATE_LIMITED: '今日提现次数已达上限，请明天再来',
  },
  live: {
    NOT_FOUND: '直播间不存在或已删除',
    NOT_LIVE: '直播未开始或已结束',
    COUPON_UNAVAILABLE: '优惠券已领完或暂不可领取',
    CONFLICT: '参与的人太多了，请重试',
  },
};

/** Codes whose server message is written for the shopper (when it is Chinese). */
const SERVER_WORDED: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>([
  // Refusals of a role or of a shop setting ("仅分销员可提现", "本店暂未开放分销") say which.
  'FORBIDDEN',
  'OUT_OF_STOCK',
  'COUPON_UNAVAILABLE',
  'CONFLICT',
  'NOT_FOUND',
  'REFUND_NOT_ALLOWED',
  'REFUND_QTY_EXCEEDED',
  'INSUFFICIENT_BALANCE',
  // Live refusals say which room, coupon or lottery ("直播已结束，直播价不再适用").
  'LIVE_ONLY',
  'NOT_LIVE',
  'LOTTERY_CLOSED',
]);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** The line for `code` in `context`. */
export function errorText(code: ClientErrorCode, context: ErrorContext): string {
  return CONTEXT_ERROR_TEXT[context][code] ?? ERROR_TEXT[code];
}

/** "phone: 请填写正确的手机号; name: 收货人须为 1-20 个字" -> ["请填写正确的手机号", "收货人须为 1-20 个字"]. */
function messageParts(message: string): string[] {
  return message
    .split(/;\s*/)
    .map((part) => part.replace(/^[A-Za-z_.0-9()]+:\s*/, '').trim())
    .filter((part) => part !== '');
}

/**
 * The one line to show for a failed call. `fallback` is used for what is not an API error (a bug, a thrown value);
 * without it the context's INTERNAL line is used.
 */
export function errorMessage(err: unknown, context: ErrorContext, fallback?: string): string {
  if (!isApiCallError(err)) return fallback ?? errorText('INTERNAL', context);
  const { code, message } = err;
  if (SERVER_WORDED.has(code) && message && hasCjk(message)) return message;
  if (code === 'INVALID_INPUT') {
    const parts = messageParts(message ?? '');
    if (parts.length > 0 && parts.every(hasCjk)) return parts.join('；');
    console.warn(`[${context}] INVALID_INPUT: ${message}`);
  }
  return errorText(code, context);
}

/** A failed load, for the page's error state. */
export function toUiError(err: unknown, context: ErrorContext): UiError {
  return { code: isApiCallError(err) ? err.code : 'INTERNAL', message: errorMessage(err, context, '加载失败，请稍后重试') };
}
