/** What a store action tells the page: done, or the one line to show the shopper (and the error code behind it). */
import type { ClientErrorCode } from '../services/api';
import { isApiCallError } from '../services/api';
import type { ErrorContext } from './errors';
import { errorMessage } from './errors';

export interface ActionFailure {
  ok: false;
  message: string;
  code: ClientErrorCode;
}

export type ActionResult = { ok: true } | ActionFailure;

/** A failed call, worded for `context` (utils/errors.ts); `fallback` for what is not an API error. */
export function failure(err: unknown, context: ErrorContext, fallback = '操作失败，请稍后重试'): ActionFailure {
  return { ok: false, message: errorMessage(err, context, fallback), code: isApiCallError(err) ? err.code : 'INTERNAL' };
}

/** A refusal decided on the client (nothing was sent). */
export function refusal(message: string): ActionFailure {
  return { ok: false, message, code: 'INVALID_INPUT' };
}
