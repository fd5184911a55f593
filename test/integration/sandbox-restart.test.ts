/**
 * WeChat Pay does not forget: the local cloud's sandbox journals what it knows to the data folder, so after a restart
 * an order paid before it can still be refunded (and a closed one stays closed).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createLocalCloud } from '../../cloudfunctions/local/cloud';
import type { AfterSale, MerchantAfterSale, PrepayResult } from '../../typings/api';
import { SHOP, T0, addAddress, expectOk } from './support/commerce';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-restart-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('an order paid before a restart is refunded after it; an order closed before it cannot be paid after it', async () => {
  const first = await createLocalCloud({ dataDir: dir, seed: SHOP });
  first.clock.set(T0);
  const call = <T>(c: typeof first, fn: string, action: string, data: unknown, openid: string) => c.call<T>(fn, { action, data }, openid);
  const addr = await addAddress(first, 'alice');
  const make = async (rq: string) => expectOk(await call<{ orderId: string }>(first, 'order', 'create', { items: [{ skuId: 'tea-1', qty: 1 }], addressId: addr, requestId: rq }, 'alice')).orderId;
  const paidId = await make('restart-paid-1');
  const closedId = await make('restart-closed-1');
  const pre = async (id: string) => {
    const p = expectOk(await call<PrepayResult>(first, 'pay', 'prepay', { orderId: id }, 'alice'));
    if (p.mode !== 'sandbox') throw new Error('sandbox expected');
    return p.callback;
  };
  const paidCb = await pre(paidId);
  const closedCb = await pre(closedId);
  await first.payCallback('payNotify', paidCb);
  expectOk(await call(first, 'order', 'cancel', { orderId: closedId }, 'alice'));
  await first.close();

  const second = await createLocalCloud({ dataDir: dir });
  second.clock.set(T0 + 60_000);
  try {
    expect(await second.pay.queryOrder(closedId)).toEqual({ ok: true, order: { state: 'closed' } });
    expect(await second.payCallback('payNotify', closedCb)).toMatchObject({ errmsg: expect.stringContaining('ORDERCLOSED') });
    const a = expectOk(await call<AfterSale>(second, 'order', 'requestRefund', { orderId: paidId, reason: 'not_wanted' }, 'alice'));
    expect(expectOk(await call<MerchantAfterSale>(second, 'merchant', 'reviewRefund', { id: a.id, approve: true }, 'boss')).status).toBe('refunding');
    await second.settled();
    expect(expectOk(await call<AfterSale>(second, 'order', 'afterSale', { id: a.id }, 'alice')).status).toBe('refunded');
  } finally {
    await second.close();
  }
}, 60_000);
