/**
 * Real contention: three local-cloud processes (cloudfunctions/local/main.ts) on ONE PostgreSQL database, the way
 * several cloud function instances share the cloud database. In one process on PGlite every transaction runs on one
 * connection and row locks are never contended; here concurrent requests land on different processes, each with
 * its own connection pool, and PostgreSQL's row locks, unique indexes and READ COMMITTED re-checks decide.
 *
 * Each scenario asserts what a shopper would notice (answers, order details, coupon lists, the product page), then
 * the money invariants are read from the database in-process. Runs only when DATABASE_URL names a PostgreSQL
 * server (.ci/postgres.sh); it works in a database of its own, created and dropped here, so that other suites on
 * DATABASE_URL (the store contract) can run beside it.
 */
import { Client } from 'pg';
import { openPgStore, PgStore } from '../../cloudfunctions/adapters/store-pg';
import type { CouponClaimRecord, CouponRecord, CouponTemplateRecord, OrderRecord, PaymentRecord, SkuRecord } from '../../cloudfunctions/app/records';
import { createLocalCloud } from '../../cloudfunctions/local/cloud';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';
import type { Coupon, Envelope, OrderDetail, PrepayResult, ProductDetail } from '../../typings/api';
import { Baseline, baseline, violations } from '../support/invariants';
import { CloudProcess, startCloudProcess } from '../support/process-cloud';
import { SHOP } from './support/commerce';

const DATABASE_URL = process.env.DATABASE_URL;
const PROCESSES = 3;
/** As the mini program's services/api.ts: BUSY is asked again once, same payload, after this pause. */
const BUSY_RETRY_MS = 300;

const FIXTURE: FixtureInput = {
  ...SHOP,
  products: [
    ...(SHOP.products ?? []),
    { id: 'drop', categoryId: 'digital', title: '限量款', images: ['/static/img/d.svg'], skus: [{ id: 'drop-1', specs: {}, price: 9900, stock: 10 }] },
  ],
  couponTemplates: [
    { id: 'tpl-five', name: '限量 ¥10', kind: 'amount_off', threshold: 0, amountOff: 1000, scope: { type: 'all' }, validDays: 7, total: 5, perUserLimit: 1 },
    { id: 'tpl-once', name: '每人一张 ¥10', kind: 'amount_off', threshold: 0, amountOff: 1000, scope: { type: 'all' }, validDays: 7, total: 1000, perUserLimit: 1 },
  ],
};

const ADDRESS = { name: '张三', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号', isDefault: true };

if (!DATABASE_URL) {
  test.skip('multi-process contention: set DATABASE_URL (a PostgreSQL server, e.g. `source .ci/postgres.sh`) to run three local clouds on one database', () => undefined);
} else {
  describe('three local-cloud processes on one PostgreSQL database', () => {
    const procs: CloudProcess[] = [];
    let dbName = '';
    let dbUrl = '';
    let db: PgStore;
    let base: Baseline;
    /** First answers that were BUSY (the client asked again): reported, not failed. */
    let busy = 0;

    /** Process i (round robin). */
    const at = (i: number): CloudProcess => procs[i % procs.length];

    /** A client call as services/api.ts makes it: BUSY is asked again once with the same payload. */
    async function call<T>(cp: CloudProcess, openid: string, fn: string, action: string, data: unknown = {}): Promise<Envelope<T>> {
      let r = await cp.post<Envelope<T>>(`/api/${fn}`, { action, data }, openid);
      if (!r.ok && r.error.code === 'BUSY') {
        busy++;
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
        r = await cp.post<Envelope<T>>(`/api/${fn}`, { action, data }, openid);
      }
      return r;
    }

    function data<T>(r: Envelope<T>): T {
      if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
      return r.data;
    }

    /** Final outcomes by code ('ok' for success). */
    function tally(rs: Envelope<unknown>[]): Record<string, number> {
      const out: Record<string, number> = {};
      for (const r of rs) {
        const k = r.ok ? 'ok' : r.error.code;
        out[k] = (out[k] ?? 0) + 1;
      }
      return out;
    }

    async function addressOf(cp: CloudProcess, openid: string): Promise<string> {
      return data(await call<{ id: string }>(cp, openid, 'user', 'saveAddress', ADDRESS)).id;
    }

    const stockOf = async (skuId: string) => (await db.get<SkuRecord>('skus', skuId))!.stock;

    async function admin<T>(sql: string): Promise<T[]> {
      const c = new Client({ connectionString: DATABASE_URL });
      await c.connect();
      try {
        return (await c.query(sql)).rows as T[];
      } finally {
        await c.end();
      }
    }

    beforeAll(async () => {
      // A database of this run's own on the server DATABASE_URL names.
      dbName = `multiprocess_${process.pid}_${Date.now()}`;
      await admin(`CREATE DATABASE "${dbName}"`);
      const u = new URL(DATABASE_URL);
      u.pathname = `/${dbName}`;
      dbUrl = u.toString();
      // One after another: each runs CREATE TABLE/INDEX IF NOT EXISTS (and the first seeds the demo shop) at start.
      for (let i = 0; i < PROCESSES; i++) procs.push(await startCloudProcess({ DATABASE_URL: dbUrl }));
      expect(await procs[0].post('/dev/seed', FIXTURE)).toMatchObject({ ok: true });
      db = await openPgStore({ databaseUrl: dbUrl });
      const fresh = await createLocalCloud({ seed: FIXTURE });
      base = await baseline(fresh.store);
      await fresh.close();
    }, 60_000);

    afterAll(async () => {
      for (const cp of procs) {
        // SIGTERM (the gateway and the pool close), SIGKILL if it has not exited within 5 s: nothing may survive.
        let timer: NodeJS.Timeout | undefined;
        const stopped = await Promise.race([cp.stop().then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => r(false), 5000); })]);
        clearTimeout(timer);
        if (!stopped) {
          cp.proc.kill('SIGKILL');
          await new Promise((r) => (cp.proc.exitCode !== null || cp.proc.signalCode !== null ? r(null) : cp.proc.once('exit', r)));
        }
      }
      await db?.close();
      if (dbName) {
        await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => admin(`DROP DATABASE IF EXISTS "${dbName}"`));
      }
      if (busy) console.log(`multiprocess: ${busy} first answer(s) were BUSY and were asked again`);
    }, 30_000);

    test('100 concurrent checkouts of a SKU with stock 10, spread over the processes: 10 orders, 90 OUT_OF_STOCK, stock 0', async () => {
      const shoppers = Array.from({ length: 100 }, (_, i) => `rush-${i}`);
      const addresses = await Promise.all(shoppers.map((s, i) => addressOf(at(i), s)));
      const answers = await Promise.all(shoppers.map((s, i) => call<{ orderId: string }>(at(i), s, 'order', 'create', {
        items: [{ skuId: 'drop-1', qty: 1 }], addressId: addresses[i], requestId: `rush-${i}-request`,
      })));
      expect(tally(answers)).toEqual({ ok: 10, OUT_OF_STOCK: 90 });
      const won = answers.map((r, i) => (r.ok ? { openid: shoppers[i], orderId: r.data.orderId, i } : null)).filter((w) => w !== null);
      expect(new Set(won.map((w) => w.orderId)).size).toBe(10);
      // Each winner sees their order (asked of another process than the one that took it); the product page shows none left.
      for (const w of won) {
        const d = data(await call<OrderDetail>(at(w.i + 1), w.openid, 'order', 'detail', { orderId: w.orderId }));
        expect(d).toMatchObject({ status: 'pending_payment', itemCount: 1 });
      }
      const product = data(await call<ProductDetail>(at(2), 'alice', 'shop', 'product', { id: 'drop' }));
      expect(product.skus.find((s) => s.id === 'drop-1')?.stock).toBe(0);
      expect(await stockOf('drop-1')).toBe(0);
      const orders = (await db.find<OrderRecord>('orders', {}, { limit: 1000 })).items.filter((o) => o.lines.some((l) => l.skuId === 'drop-1'));
      expect(orders).toHaveLength(10);
    }, 30_000);

    test('50 shoppers claim a coupon limited to 5 at once: 5 coupons; one shopper claiming 20 times at once (1 per person): 1', async () => {
      const shoppers = Array.from({ length: 50 }, (_, i) => `claim-${i}`);
      const answers = await Promise.all(shoppers.map((s, i) => call<Coupon>(at(i), s, 'coupon', 'claim', { templateId: 'tpl-five' })));
      expect(tally(answers)).toEqual({ ok: 5, COUPON_UNAVAILABLE: 45 });
      for (const [i, r] of answers.entries()) {
        if (!r.ok) continue;
        const mine = data(await call<Coupon[]>(at(i + 1), shoppers[i], 'coupon', 'mine', { status: 'usable' }));
        expect(mine.map((c) => c.id)).toEqual([r.data.id]);
      }
      expect((await db.get<CouponTemplateRecord>('coupon_templates', 'tpl-five'))!.claimed).toBe(5);
      expect(await db.count('coupons', { templateId: 'tpl-five' })).toBe(5);

      const again = await Promise.all(Array.from({ length: 20 }, (_, i) => call<Coupon>(at(i), 'alice', 'coupon', 'claim', { templateId: 'tpl-once' })));
      expect(tally(again)).toEqual({ ok: 1, COUPON_UNAVAILABLE: 19 });
      const mine = data(await call<Coupon[]>(at(1), 'alice', 'coupon', 'mine', { status: 'usable' }));
      expect(mine.filter((c) => c.templateId === 'tpl-once')).toHaveLength(1);
      expect((await db.get<CouponTemplateRecord>('coupon_templates', 'tpl-once'))!.claimed).toBe(1);
      expect((await db.get<CouponClaimRecord>('coupon_claims', 'tpl-once:alice'))!.count).toBe(1);
    }, 30_000);

    test('one coupon in 5 concurrent orders of its owner: one order has it, the coupon is locked by that order', async () => {
      const coupon = (await db.find<CouponRecord>('coupons', { openid: 'alice', templateId: 'tpl-once' }, { limit: 2 })).items;
      expect(coupon).toHaveLength(1);
      const couponId = coupon[0]._id;
      const addressId = await addressOf(at(0), 'alice');
      const cableBefore = await stockOf('cable-1');
      const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => call<{ orderId: string; payable: number }>(at(i), 'alice', 'order', 'create', {
        items: [{ skuId: 'cable-1', qty: 1 }], addressId, couponId, requestId: `coupon-race-${i}`,
      })));
      expect(tally(answers)).toEqual({ ok: 1, COUPON_UNAVAILABLE: 4 });
      const winner = answers.find((r) => r.ok)!;
      const { orderId, payable } = data(winner);
      expect(payable).toBe(1990 - 1000 + 800);
      const d = data(await call<OrderDetail>(at(2), 'alice', 'order', 'detail', { orderId }));
      expect(d.coupon?.id).toBe(couponId);
      const shown = data(await call<Coupon[]>(at(1), 'alice', 'coupon', 'mine', { status: 'usable' })).find((c) => c.id === couponId);
      expect(shown).toMatchObject({ status: 'locked', orderId });
      expect(await db.get<CouponRecord>('coupons', couponId)).toMatchObject({ status: 'locked', orderId });
      expect(await stockOf('cable-1')).toBe(cableBefore - 1); // the four refused orders took nothing
    }, 30_000);

    test('the same requestId sent 3 times at once to different processes: one order, stock taken once', async () => {
      const addressId = await addressOf(at(1), 'bob');
      const teaBefore = await stockOf('tea-1');
      const payload = { items: [{ skuId: 'tea-1', qty: 2 }], addressId, requestId: 'bob-double-tap-1' };
      const answers = await Promise.all(procs.map((cp) => call<{ orderId: string }>(cp, 'bob', 'order', 'create', payload)));
      expect(tally(answers)).toEqual({ ok: 3 });
      expect(new Set(answers.map((r) => data(r).orderId)).size).toBe(1);
      const list = data(await call<{ items: { orderId: string }[] }>(at(2), 'bob', 'order', 'list', {}));
      expect(list.items.map((o) => o.orderId)).toEqual([data(answers[0]).orderId]);
      expect(await db.count('orders', { openid: 'bob', requestId: 'bob-double-tap-1' })).toBe(1);
      expect(await stockOf('tea-1')).toBe(teaBefore - 2);
    }, 30_000);

    test('10 copies of one payment callback delivered at once to every process: paid once, one applied payment record', async () => {
      const addressId = await addressOf(at(0), 'carol');
      const { orderId } = data(await call<{ orderId: string }>(at(0), 'carol', 'order', 'create', {
        items: [{ skuId: 'earbuds-black', qty: 1 }], addressId, requestId: 'carol-pays-once',
      }));
      const prepay = data(await call<PrepayResult>(at(0), 'carol', 'pay', 'prepay', { orderId }));
      if (prepay.mode !== 'sandbox') throw new Error('the local cloud pays through its sandbox');
      // The same callback (one WeChat Pay transaction) to every process, as WeChat Pay's retries reach any instance.
      // The issuing process's sandbox settles it; the others never saw the order and pass it to payNotify.
      const acks = await Promise.all(Array.from({ length: 10 }, (_, i) => at(i).post('/dev/paycallback/payNotify', prepay.callback)));
      for (const a of acks) expect(a).toEqual({ errcode: 0, errmsg: 'OK' });
      const d = data(await call<OrderDetail>(at(1), 'carol', 'order', 'detail', { orderId }));
      expect(d.status).toBe('paid');
      expect(d.timeline.filter((e) => e.status === 'paid')).toHaveLength(1);
      const again = await call(at(2), 'carol', 'pay', 'prepay', { orderId });
      expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
      const records = (await db.find<PaymentRecord>('payments', { orderId }, { limit: 100 })).items;
      // Exactly one record: the applied one. A duplicate must not be filed for a refund (needsAttention).
      expect(records.map((p) => ({ outcome: p.outcome, needsAttention: p.needsAttention, transactionId: p.transactionId }))).toEqual([
        { outcome: 'applied', needsAttention: false, transactionId: prepay.callback.transactionId },
      ]);
    }, 30_000);

    test('a cancel on one process racing the timeout job on another: stock back exactly once, one cancelled entry', async () => {
      // The job runs on process 1, whose clock is moved past every deadline (clocks are per process); the shoppers
      // create and cancel on processes 0 and 2. A first run closes what the earlier scenarios left unpaid.
      const jobs = at(1);
      await jobs.post('/dev/clock', { advanceMs: 31 * 60_000 });
      expect(await jobs.post('/dev/trigger/jobs', { triggerName: 'closeUnpaidOrders' })).toMatchObject({ ok: true });
      expect(await db.count('orders', { status: 'pending_payment' })).toBe(0);
      expect(await stockOf('drop-1')).toBe(10);

      const ROUNDS = 10;
      const cancels: Envelope<OrderDetail>[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const shop = at(r % 2 === 0 ? 0 : 2);
        const openid = `late-${r}`;
        const addressId = await addressOf(shop, openid);
        const { orderId } = data(await call<{ orderId: string }>(shop, openid, 'order', 'create', {
          items: [{ skuId: 'drop-1', qty: 2 }], addressId, requestId: `late-${r}-request`,
        }));
        // Half the orders were sent to WeChat Pay: both closers must close its order first.
        if (r % 4 < 2) data(await call<PrepayResult>(shop, openid, 'pay', 'prepay', { orderId }));
        expect(await stockOf('drop-1')).toBe(8);
        await jobs.post('/dev/clock', { advanceMs: 31 * 60_000 });
        const [cancel, job] = await Promise.all([
          call<OrderDetail>(shop, openid, 'order', 'cancel', { orderId }),
          jobs.post<Envelope<{ closed: number; paid: number; failed: number }>>('/dev/trigger/jobs', { triggerName: 'closeUnpaidOrders' }),
        ]);
        cancels.push(cancel);
        expect(job).toMatchObject({ ok: true, data: { failed: 0 } });
        // What the shopper sees: the order cancelled, once.
        const d = data(await call<OrderDetail>(shop, openid, 'order', 'detail', { orderId }));
        expect(d.status).toBe('cancelled');
        expect(d.timeline.filter((e) => e.status === 'cancelled')).toHaveLength(1);
        expect(await stockOf('drop-1')).toBe(10);
      }
      // The shopper asked to cancel and the order is cancelled, whoever won: the answer says so.
      expect(cancels.map((c) => (c.ok ? c.data.status : `${c.error.code}: ${c.error.message}`))).toEqual(Array(ROUNDS).fill('cancelled'));
    }, 40_000);

    test('afterwards every money invariant holds in the shared database, and no process answered INTERNAL', async () => {
      expect(await violations(db, base, { closesFinished: true })).toEqual([]);
      expect(await db.count('orders', { status: 'pending_payment' })).toBe(0); // all closed (one paid)
      for (const cp of procs) expect(cp.output()).not.toMatch(/\bINTERNAL\b|gateway error/);
    }, 20_000);
  });
}
