/**
 * One transaction per money operation: every write lands or none does (PostgreSQL BEGIN/COMMIT, the cloud
 * database's runTransaction). A body refuses with `abort(result)`: everything it wrote is rolled back and the
 * result is answered. A conflict the engine gave up on is BUSY (nothing was taken; the same request may be retried).
 */
import type { Store, Tx } from '../ports/store';
import { TxAbort, TxConflictError } from '../ports/store';
import { Result, fail } from './result';

/** Conflicts are retried this many times in all (with a short random pause) before the answer is BUSY. */
export const TX_ATTEMPTS = 5;

export async function atomically<T>(store: Store, body: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(body);
    } catch (err) {
      if (err instanceof TxAbort) return err.value as Result<T>;
      if (!(err instanceof TxConflictError)) throw err;
      // Another transaction wrote the same document first (a hot SKU, a popular coupon): nothing of ours landed,
      // so running the body again is safe. Spread the retries so the losers do not collide again in step.
      if (attempt >= TX_ATTEMPTS) return fail('BUSY', '当前人多，请稍后重试');
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

/** Rolls the transaction back and answers `result` from `atomically`. */
export function abort(result: Result<unknown>): never {
  throw new TxAbort(result);
}
