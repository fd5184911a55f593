/**
 * order.create is idempotent because the database refuses a second order with the same (openid, requestId): the
 * unique index `orders.owner_request`. PostgreSQL gets it from the schema registry at start; on the WeChat cloud
 * database someone has to create it in the console (README, `npm run db:plan`). Without it a retried checkout
 * would make a second order and take the stock twice - so before its first order, each instance proves the index
 * is there, through the store itself: two probe documents with the same key; the second must be refused.
 */
import type { Deps } from '../ports/context';
import type { Store } from '../ports/store';

export const PROBE_OPENID = '__index_probe__';

const proven = new WeakMap<Store, Promise<boolean>>();

/** True once the unique (openid, requestId) index on orders is proven; probes once per store instance. */
export function requestIdIndexPresent(deps: Deps): Promise<boolean> {
  let p = proven.get(deps.store);
  if (!p) {
    p = probe(deps).then((present) => {
      if (!present) {
        proven.delete(deps.store); // prove again later: the index may be created without a redeploy
        deps.log.error('orders has no unique (openid, requestId) index: order.create refuses until it exists (README: deployment)');
      }
      return present;
    }, (err: unknown) => {
      proven.delete(deps.store);
      throw err;
    });
    proven.set(deps.store, p);
  }
  return p;
}

async function probe(deps: Deps): Promise<boolean> {
  const now = deps.clock.now();
  const key = `probe-${deps.ids.newId(now)}`;
  const doc = { openid: PROBE_OPENID, requestId: key, probe: true, createdAt: now };
  try {
    const first = await deps.store.insert('orders', { _id: `${key}-1`, ...doc });
    if (!first.ok) return false;
    const second = await deps.store.insert('orders', { _id: `${key}-2`, ...doc });
    return !second.ok;
  } finally {
    await deps.store.remove('orders', { openid: PROBE_OPENID, requestId: key });
  }
}
