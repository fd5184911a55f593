/**
 * order.create refuses to take anything while the database lacks the unique (openid, requestId) index (a cloud
 * environment whose indexes were not created from `npm run db:plan`): without it a retried checkout would make
 * a second order. Once the index exists, orders go through again without a redeploy.
 */
import type { PgStore } from '../../cloudfunctions/adapters/store-pg';
import { createLocalCloud, LocalCloud } from '../../cloudfunctions/local/cloud';
import { SHOP, T0, addAddress, expectCode, expectOk, stockOf } from './support/commerce';
import { ddlFor } from '../../cloudfunctions/adapters/store-pg';
import { collectionSpec } from '../../cloudfunctions/ports/schema';

let cloud: LocalCloud;
const errors: string[] = [];
beforeAll(async () => {
  cloud = await createLocalCloud({ seed: SHOP, log: { info: () => undefined, error: (m) => void errors.push(m) } });
  cloud.clock.set(T0);
}, 60_000);
afterAll(() => cloud.close());

test('without the unique requestId index no order is made and nothing is taken; with it back, the same request succeeds', async () => {
  const exec = (cloud.store as PgStore).executor;
  await exec.exec('DROP INDEX "ix_orders_owner_request"');
  const addressId = await addAddress(cloud, 'alice');
  const payload = { items: [{ skuId: 'tea-1', qty: 1 }], addressId, couponId: null, requestId: 'self-check-1' };
  const before = await stockOf(cloud, 'tea-1');
  expectCode(await cloud.call('order', { action: 'create', data: payload }, 'alice'), 'INTERNAL');
  expect(await stockOf(cloud, 'tea-1')).toBe(before);
  expect(await cloud.store.count('orders', {})).toBe(0); // the probe documents are gone too
  expect(errors.some((e) => e.includes('unique (openid, requestId) index'))).toBe(true);

  for (const stmt of ddlFor(collectionSpec('orders')!)) await exec.exec(stmt);
  const o = expectOk(await cloud.call<{ orderId: string }>('order', { action: 'create', data: payload }, 'alice'));
  expect(expectOk(await cloud.call<{ orderId: string }>('order', { action: 'create', data: payload }, 'alice')).orderId).toBe(o.orderId);
  expect(await stockOf(cloud, 'tea-1')).toBe(before - 1);
  expect(await cloud.store.count('orders', {})).toBe(1);
});
