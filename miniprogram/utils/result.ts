/** What a store action tells the page: done, or the one line to show the shopper (and the error code behind it). */
import type { ClientErrorCode } from '../services/api';
import { isApiCallError } from '../services/api';
import { actionErrorText } from './errors';

export interface ActionFailure {
  ok: false;
  message: string;
  code: ClientErrorCode;
}

export type ActionResult = { ok: true } | ActionFailure;

export function failure(err: unknown, fallback?: string): ActionFailure {
  return { ok: false, message: actionErrorText(err, fallback), code: isApiCallError(err) ? err.code : 'INTERNAL' };
}

/** A refusal decided on the client (nothing was sent). */
export function refusal(message: string): ActionFailure {
  return { ok: false, message, code: 'INVALID_INPUT' };
}
