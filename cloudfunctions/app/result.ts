import type { ApiError, ErrorCode } from '../../typings/api';

/** Expected outcomes are values: a use case returns ok(data) or fail(code, message). Only bugs throw. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = <T = never>(code: ErrorCode, message: string): Result<T> => ({ ok: false, error: { code, message } });
