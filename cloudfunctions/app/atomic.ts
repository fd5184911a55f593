/**
 * One transaction per money operation: every write lands or none does (PostgreSQL BEGIN/COMMIT, the cloud
 * database's runTransaction). A body refuses with `abort(result)`: everything it wrote is rolled back and the
 * result is answered. A conflict the engine gave up on is BUSY (nothing was taken; the same request may be retried).
 */
import type { Store, Tx } from '../ports/store';
import { TxAbort, TxConflictError } from '../ports/store';
import { Result, fail } from './result';

export async function atomically<T>(store: Store, body: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await store.transaction(body);
  } catch (err) {
    if (err instanceof TxAbort) return err.value as Result<T>;
    if (err instanceof TxConflictError) return fail('BUSY', '当前人多，请稍后重试');
    throw err;
  }
}

/** Rolls the transaction back and answers `result` from `atomically`. */
export function abort(result: Result<unknown>): never {
  throw new TxAbort(result);
}
