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
