/**
 * A crash in the middle of a burst: concurrent checkouts, payments, cancels and refunds (requested, approved with
 * restock) against the local cloud process, `kill -9` while they run, a restart on the same data folder, `reconcile` -
 * then the data folder opens and every money invariant holds (nothing taken without its order, no coupon lost, no
 * payment half applied, every refund WeChat Pay made - the sandbox's journal - recorded exactly once).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { SANDBOX_JOURNAL } from '../../cloudfunctions/adapters/pay-sandbox';
import { openPgStore } from '../../cloudfunctions/adapters/store-pg';
import type { Doc } from '../../cloudfunctions/ports/store';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type { Envelope, PrepayResult } from '../../typings/api';
import { baseline, violations } from '../support/invariants';
import { CloudProcess, startCloudProcess } from '../support/process-cloud';
import { SHOP } from './support/commerce';

const BUYERS = 24;
const FIXTURE: FixtureInput = {
  ...SHOP,
  couponTemplates: [{ id: 'tpl-crash', name: '无门槛 ¥5', kind: 'amount_off', threshold: 0, amountOff: 500, scope: { type: 'all' }, validDays: 7, total: 100000, perUserLimit: 100 }],
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One shopper's session: claim a coupon, order with it, then pay or cancel - repeatedly until the process dies. */
async function shopper(cp: CloudProcess, i: number, stop: { dead: boolean }): Promise<number> {
  const openid = `crash-${i}`;
  let steps = 0;
  const api = <T>(fn: string, action: string, data: unknown) => cp.post<Envelope<T>>(`/api/${fn}`, { action, data }, openid);
  try {
    const addr = await api<{ id: string }>('user', 'saveAddress', { name: '张三', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号', isDefault: true });
    if (!addr.ok) throw new Error(addr.error.message);
    for (let k = 0; !stop.dead; k++) {
      const c = await api<{ id: string }>('coupon', 'claim', { templateId: 'tpl-crash' });
      const couponId = c.ok ? c.data.id : null;
      const o = await api<{ orderId: string }>('order', 'create', {
        items: [{ skuId: 'cable-1', qty: 1 + (k % 2) }, { skuId: 'tea-1', qty: 1 }], addressId: addr.data.id, couponId, requestId: `crash-${i}-${k}-req`,
      });
      steps++;
      if (!o.ok) continue;
      if ((i + k) % 3 === 0) {
        await api('order', 'cancel', { orderId: o.data.orderId });
      } else {
        const p = await api<PrepayResult>('pay', 'prepay', { orderId: o.data.orderId });
        if (p.ok && p.data.mode === 'sandbox') await cp.post('/dev/paycallback/payNotify', p.data.callback);
        if ((i + k) % 3 === 2) await api('order', 'cancel', { orderId: o.data.orderId }); // paid: CONFLICT; else closes
        if ((i + k) % 3 === 1) {
          const a = await api<{ id: string }>('order', 'requestRefund', { orderId: o.data.orderId, lines: [{ skuId: 'tea-1', qty: 1 }], reason: 'damaged' });
          if (a.ok) await cp.post<Envelope<unknown>>('/api/merchant', { action: 'reviewRefund', data: { id: a.data.id, approve: true, restock: true } }, 'boss');
        }
      }
      steps++;
    }
  } catch {
    // The process died under us: expected.
  }
  return steps;
}

test('kill -9 during a burst of checkouts, payments, cancels and refunds; restart on the same data; reconcile: every invariant holds', async () => {
  const first = await startCloudProcess({ DATA_DIR: dir, DATABASE_URL: '' });
  const seeded = await first.post<{ ok: boolean }>('/dev/seed', FIXTURE);
  expect(seeded.ok).toBe(true);
  await first.post('/dev/trigger/jobs', { triggerName: 'reconcile' });

  const stop = { dead: false };
  const sessions = Array.from({ length: BUYERS }, (_, i) => shopper(first, i, stop));
  await new Promise((r) => setTimeout(r, 2500));
  await first.kill9();
  stop.dead = true;
  const steps = (await Promise.all(sessions)).reduce((a, b) => a + b, 0);
  expect(steps).toBeGreaterThan(BUYERS); // the burst was under way when the process died

  // The data folder opens again; reconcile (with time past its grace) and the timeout job finish what was left.
  const second = await startCloudProcess({ DATA_DIR: dir, DATABASE_URL: '' });
  await second.post('/dev/clock', { advanceMs: 31 * 60_000 });
  expect(await second.post('/dev/trigger/jobs', { triggerName: 'reconcile' })).toMatchObject({ ok: true });
  expect(await second.post('/dev/trigger/jobs', { triggerName: 'closeUnpaidOrders' })).toMatchObject({ ok: true });
  // A refund asked again by that reconcile is `refunding` now: the next run, past the grace, asks WeChat Pay about it.
  await second.post('/dev/clock', { advanceMs: 3 * 60_000 });
  expect(await second.post('/dev/trigger/jobs', { triggerName: 'reconcile' })).toMatchObject({ ok: true });
  await second.stop();

  const store = await openPgStore({ dataDir: dir });
  try {
    const orders = await store.count('orders', {});
    expect(orders).toBeGreaterThan(0);
    // The fixture's stock and sales are the baseline: read them from a fresh seed of the same fixture.
    const fresh = await (await import('../../cloudfunctions/local/cloud')).createLocalCloud({ seed: FIXTURE });
    const base = await baseline(fresh.store);
    await fresh.close();
    // What WeChat Pay (the sandbox) returned, from its journal in the same data folder.
    const journal = await store.find<{ _id: string; kind: string; key: string; value: { refunded: number } } & Doc>(SANDBOX_JOURNAL, { kind: 'taken' }, { limit: 1000 });
    const refundedByTransaction = new Map(journal.items.map((d) => [d.key, d.value.refunded]));
    expect([...refundedByTransaction.values()].some((v) => v > 0)).toBe(true); // refunds were under way
    expect(await violations(store, base, { closesFinished: true, refundedByTransaction })).toEqual([]);
    expect(await store.count('after_sales', { status: 'approved' })).toBe(0);
    expect(await store.count('orders', { status: 'pending_payment' })).toBe(0); // all closed or paid after the timeout job
  } finally {
    await store.close();
  }
}, 180_000);
