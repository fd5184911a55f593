/** What a shopper reads when a call fails. Stores keep the code; pages show the text. */
import type { ClientErrorCode } from '../services/api';
import { isApiCallError } from '../services/api';

export interface UiError {
  code: ClientErrorCode;
  message: string;
}

const TEXT: Partial<Record<ClientErrorCode, string>> = {
  NETWORK: '网络不给力，请检查网络后重试',
  NOT_FOUND: '商品不存在或已下架',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限执行此操作',
  RATE_LIMITED: '操作太频繁，请稍后再试',
};

export function toUiError(err: unknown): UiError {
  if (isApiCallError(err)) return { code: err.code, message: TEXT[err.code] ?? '加载失败，请稍后重试' };
  return { code: 'INTERNAL', message: '加载失败，请稍后重试' };
}

/** Codes whose server message is written for the shopper (stock left, coupon taken, a field's rule, ...). */
const SHOW_SERVER_MESSAGE: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>([
  'INVALID_INPUT',
  'NOT_FOUND',
  'OUT_OF_STOCK',
  'COUPON_UNAVAILABLE',
  'CONFLICT',
  'FORBIDDEN',
]);

/** One line for a toast after an action failed: the server's message for business refusals, else a generic text. */
export function actionErrorText(err: unknown, fallback = '操作失败，请稍后重试'): string {
  if (!isApiCallError(err)) return fallback;
  if (SHOW_SERVER_MESSAGE.has(err.code) && err.message) return stripFieldPrefix(err.message);
  return TEXT[err.code] ?? fallback;
}

/** "phone: 请填写正确的手机号; name: 收货人须为 1-20 个字" -> "请填写正确的手机号；收货人须为 1-20 个字". */
function stripFieldPrefix(message: string): string {
  return message
    .split('; ')
    .map((part) => part.replace(/^[A-Za-z_.0-9]+: /, ''))
    .join('；');
}
